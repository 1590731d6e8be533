-- id: exe-in-temp-dir
-- title: Executable running from a world-writable temporary directory
-- severity: high
-- mitre: T1105
-- why: The process runs a binary from /tmp, /var/tmp, /dev/shm (or /run/shm, /dev/mqueue): directories any
--   user can write to, where downloaded tools and droppers land because they need no privileges to write.
--   Software installed by a package manager does not run from there.
-- benign: Installers and self-extracting archives that unpack and run from /tmp, test suites and build
--   systems running freshly built binaries, AppImage-style launchers (usually under /tmp/.mount_*).
SELECT l.pid, s.comm, l.target AS exe, s.ppid, st.uid_real AS uid
FROM proc_links l
LEFT JOIN proc_stat s ON s.snapshot_id = l.snapshot_id AND s.pid = l.pid
LEFT JOIN proc_status st ON st.snapshot_id = l.snapshot_id AND st.pid = l.pid
WHERE l.snapshot_id = :snapshot_id AND l.name = 'exe'
  AND (l.target LIKE '/tmp/%' OR l.target LIKE '/var/tmp/%' OR l.target LIKE '/dev/shm/%'
       OR l.target LIKE '/run/shm/%' OR l.target LIKE '/dev/mqueue/%')
ORDER BY l.pid
-- clickhouse:
SELECT x.snapshot_key AS snapshot_key, x.pid AS pid, x.comm AS comm, x.exe AS exe, x.ppid AS ppid,
       st.uid_real AS uid
FROM (
  SELECT l.snapshot_key AS snapshot_key, l.pid AS pid, s.comm AS comm, l.target AS exe, s.ppid AS ppid
  FROM proc_links AS l
  LEFT JOIN (SELECT snapshot_key, pid, comm, ppid FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
    ON s.snapshot_key = l.snapshot_key AND s.pid = l.pid
  WHERE l.snapshot_key IN :snapshot_keys AND l.name = 'exe'
    -- SQLite's LIKE ignores ASCII case, ClickHouse's does not: lower() the subject
    AND (lower(l.target) LIKE '/tmp/%' OR lower(l.target) LIKE '/var/tmp/%' OR lower(l.target) LIKE '/dev/shm/%'
         OR lower(l.target) LIKE '/run/shm/%' OR lower(l.target) LIKE '/dev/mqueue/%')
) AS x
LEFT JOIN (SELECT snapshot_key, pid, uid_real FROM proc_status WHERE snapshot_key IN :snapshot_keys) AS st
  ON st.snapshot_key = x.snapshot_key AND st.pid = x.pid
ORDER BY snapshot_key, pid
