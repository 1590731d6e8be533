-- id: lib-from-writable-dir
-- title: Executable mapping from a world-writable or hidden directory
-- severity: high
-- mitre: T1574.006
-- why: A shared library (or any executable mapping) loaded from /tmp, /var/tmp, /dev/shm, /run/shm or a
--   dot-directory: any user can place files there, so code loaded from there is what LD_PRELOAD injection
--   and dropped implants look like. (World-writable is judged by location: a snapshot has no directory
--   modes.)
-- benign: Software unpacked to /tmp by its installer or by a self-extracting runtime (PyInstaller onefile
--   unpacks to /tmp/_MEI*, AppImage mounts at /tmp/.mount_*), JIT caches, per-user tool installs in
--   ~/.local or ~/.cache.
SELECT m.pid, s.comm, m.start_hex, m.end_hex, m.perms, m.path
FROM proc_maps m
LEFT JOIN proc_stat s ON s.snapshot_id = m.snapshot_id AND s.pid = m.pid
WHERE m.snapshot_id = :snapshot_id AND m.perm_exec = 1 AND m.path_kind IN ('file', 'deleted')
  AND (m.path LIKE '/tmp/%' OR m.path LIKE '/var/tmp/%' OR m.path LIKE '/dev/shm/%'
       OR m.path LIKE '/run/shm/%' OR (m.path LIKE '%/.%' AND m.path NOT LIKE '%/./%'
                                        AND m.path NOT LIKE '%/../%'))
ORDER BY m.pid, m.line
