-- id: lib-from-writable-dir
-- title: Library (executable mapping) loaded from a world-writable directory
-- severity: high
-- mitre: T1574.006
-- why: A shared library (or any executable mapping other than the program itself) loaded from /tmp,
--   /var/tmp, /dev/shm, /run/shm or /dev/mqueue: any user can place files there, so code loaded from there
--   is what LD_PRELOAD injection and dropped implants look like. (World-writable is judged by location: a
--   snapshot has no directory modes. Hidden per-user directories such as ~/.local are left out: Python
--   user installs and pyenv load libraries from there all day.)
-- benign: Software unpacked to /tmp by its installer or by a self-extracting runtime (PyInstaller onefile
--   unpacks to /tmp/_MEI*, AppImage mounts at /tmp/.mount_*), JIT caches, test suites loading freshly
--   built libraries.
SELECT m.pid, s.comm, m.start_hex, m.end_hex, m.perms, m.path
FROM proc_maps m
LEFT JOIN proc_stat s ON s.snapshot_id = m.snapshot_id AND s.pid = m.pid
WHERE m.snapshot_id = :snapshot_id AND m.perm_exec = 1 AND m.path_kind IN ('file', 'deleted')
  AND (m.path LIKE '/tmp/%' OR m.path LIKE '/var/tmp/%' OR m.path LIKE '/dev/shm/%'
       OR m.path LIKE '/run/shm/%' OR m.path LIKE '/dev/mqueue/%')
  -- the program's own image is reported by exe-in-temp-dir / exe-in-hidden-dir
  AND m.path IS NOT (SELECT l.target FROM proc_links l
                      WHERE l.snapshot_id = m.snapshot_id AND l.pid = m.pid AND l.name = 'exe')
ORDER BY m.pid, m.line
-- clickhouse:
SELECT x.snapshot_key AS snapshot_key, x.pid AS pid, x.comm AS comm, x.start_hex AS start_hex, x.end_hex AS end_hex,
       x.perms AS perms, x.path AS path
FROM (
  SELECT m.snapshot_key AS snapshot_key, m.pid AS pid, s.comm AS comm, m.start_hex AS start_hex,
         m.end_hex AS end_hex, m.perms AS perms, m.path AS path, m.line AS line
  FROM proc_maps AS m
  LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
    ON s.snapshot_key = m.snapshot_key AND s.pid = m.pid
  WHERE m.snapshot_key IN :snapshot_keys AND m.perm_exec = 1 AND m.path_kind IN ('file', 'deleted')
    -- SQLite's LIKE ignores ASCII case, ClickHouse's does not: lower() the subject
    AND (lower(m.path) LIKE '/tmp/%' OR lower(m.path) LIKE '/var/tmp/%' OR lower(m.path) LIKE '/dev/shm/%'
         OR lower(m.path) LIKE '/run/shm/%' OR lower(m.path) LIKE '/dev/mqueue/%')
) AS x
LEFT JOIN (SELECT snapshot_key, pid, any(target) AS exe FROM proc_links
           WHERE snapshot_key IN :snapshot_keys AND name = 'exe' GROUP BY snapshot_key, pid) AS e
  ON e.snapshot_key = x.snapshot_key AND e.pid = x.pid
-- the program's own image is reported by exe-in-temp-dir / exe-in-hidden-dir ("path IS NOT exe", NULL-safe)
WHERE isNull(x.path) != isNull(e.exe) OR ifNull(x.path != e.exe, 0) = 1
ORDER BY snapshot_key, pid, x.line
