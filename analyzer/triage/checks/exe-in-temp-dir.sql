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
