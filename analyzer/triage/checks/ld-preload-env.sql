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
-- clickhouse:
SELECT x.snapshot_key AS snapshot_key, x.pid AS pid, x.comm AS comm, x.key AS key, x.value AS value, e.exe AS exe
FROM (
  SELECT v.snapshot_key AS snapshot_key, v.pid AS pid, s.comm AS comm, v.key AS key, v.value AS value, v.idx AS idx
  FROM proc_environ_vars AS v
  LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
    ON s.snapshot_key = v.snapshot_key AND s.pid = v.pid
  WHERE v.snapshot_key IN :snapshot_keys AND v.key IN ('LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT')
    AND coalesce(v.value, '') != ''
) AS x
LEFT JOIN (SELECT snapshot_key, pid, any(target) AS exe FROM proc_links
           WHERE snapshot_key IN :snapshot_keys AND name = 'exe' GROUP BY snapshot_key, pid) AS e
  ON e.snapshot_key = x.snapshot_key AND e.pid = x.pid
ORDER BY snapshot_key, pid, x.idx NULLS FIRST
