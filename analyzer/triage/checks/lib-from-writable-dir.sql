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
