-- id: ld-preload-env
-- title: Dynamic-linker injection variables in the environment (LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT)
-- severity: medium
-- mitre: T1574.006
-- why: LD_PRELOAD and LD_AUDIT load a library into the process before its own code runs; LD_LIBRARY_PATH
--   makes the linker search a directory first. Userland rootkits and credential stealers are injected this
--   way. The environment shown is the one the process started with (proc/<pid>/environ).
-- benign: libfaketime, jemalloc/tcmalloc preloads, Steam and game launchers, sanitizer and profiling runs,
--   snap and flatpak wrappers, vendor software setting LD_LIBRARY_PATH to its own lib directory.
SELECT v.pid, s.comm, v.key, v.value,
       (SELECT l.target FROM proc_links l
         WHERE l.snapshot_id = v.snapshot_id AND l.pid = v.pid AND l.name = 'exe') AS exe
FROM proc_environ_vars v
LEFT JOIN proc_stat s ON s.snapshot_id = v.snapshot_id AND s.pid = v.pid
WHERE v.snapshot_id = :snapshot_id AND v.key IN ('LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT')
  AND coalesce(v.value, '') <> ''
ORDER BY v.pid, v.idx
