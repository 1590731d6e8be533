-- id: kthread-masquerade
-- title: User process dressed up as a kernel thread
-- severity: high
-- mitre: T1036.004
-- why: ps shows kernel threads as [name]; malware names itself [kworker/0:1], kworker/u8:2, ksoftirqd/0 ...
--   to blend in. A real kernel thread has PF_KTHREAD (0x00200000) in its stat flags, no exe link, no command
--   line and kthreadd (pid 2) as parent. This row looks like a kernel thread by name (comm or argv[0]) but
--   fails at least one of those (see kthread, exe, ppid).
-- benign: None known for a process with an exe link; a capture whose stat flags could not be read shows
--   kthread NULL (then rely on exe and ppid).
WITH p AS (
  SELECT s.snapshot_id, s.pid, s.comm, s.ppid, coalesce(s.kthread, st.kthread) AS kthread,
         (SELECT a.arg FROM proc_cmdline_args a
           WHERE a.snapshot_id = s.snapshot_id AND a.pid = s.pid AND a.idx = 0) AS argv0,
         (SELECT l.target FROM proc_links l
           WHERE l.snapshot_id = s.snapshot_id AND l.pid = s.pid AND l.name = 'exe') AS exe
  FROM proc_stat s
  LEFT JOIN proc_status st ON st.snapshot_id = s.snapshot_id AND st.pid = s.pid
  WHERE s.snapshot_id = :snapshot_id
)
SELECT pid, comm, argv0, kthread, ppid, exe
FROM p
WHERE (argv0 GLOB '[[]*]' OR comm GLOB '[[]*]'
       OR comm GLOB 'kworker/*' OR comm GLOB 'ksoftirqd/*' OR comm = 'kthreadd' OR comm GLOB 'migration/*'
       OR comm GLOB 'rcu_*' OR comm GLOB 'kswapd*' OR comm GLOB 'cpuhp/*' OR comm GLOB 'irq/*'
       OR comm GLOB 'jbd2/*' OR comm GLOB 'kcompactd*' OR comm = 'khugepaged' OR comm = 'kdevtmpfs'
       OR comm = 'kauditd' OR comm = 'khungtaskd' OR comm = 'oom_reaper' OR comm GLOB 'idle_inject/*'
       OR comm = 'kblockd' OR comm = 'writeback' OR comm GLOB 'watchdog/*' OR comm GLOB 'kthread*')
  AND (kthread IS NOT 1 OR exe IS NOT NULL OR argv0 IS NOT NULL
       OR (pid <> 2 AND ppid IS NOT 2))
ORDER BY pid
-- clickhouse:
SELECT z.snapshot_key AS snapshot_key, z.pid AS pid, z.comm AS comm, z.argv0 AS argv0, z.any_kthread AS kthread,
       z.ppid AS ppid, e.exe AS exe
FROM (
  SELECT y.snapshot_key AS snapshot_key, y.pid AS pid, y.comm AS comm, a.argv0 AS argv0, y.any_kthread AS any_kthread,
         y.ppid AS ppid
  FROM (
    SELECT s.snapshot_key AS snapshot_key, s.pid AS pid, s.comm AS comm, s.ppid AS ppid,
           coalesce(s.kthread, st.kthread) AS any_kthread
    FROM proc_stat AS s
    LEFT JOIN (SELECT snapshot_key, pid, kthread FROM proc_status WHERE snapshot_key IN :snapshot_keys) AS st
      ON st.snapshot_key = s.snapshot_key AND st.pid = s.pid
    WHERE s.snapshot_key IN :snapshot_keys
  ) AS y
  LEFT JOIN (SELECT snapshot_key, pid, any(arg) AS argv0 FROM proc_cmdline_args
             WHERE snapshot_key IN :snapshot_keys AND idx = 0 GROUP BY snapshot_key, pid) AS a
    ON a.snapshot_key = y.snapshot_key AND a.pid = y.pid
) AS z
LEFT JOIN (SELECT snapshot_key, pid, any(target) AS exe FROM proc_links
           WHERE snapshot_key IN :snapshot_keys AND name = 'exe' GROUP BY snapshot_key, pid) AS e
  ON e.snapshot_key = z.snapshot_key AND e.pid = z.pid
-- GLOB '[[]*]': starts with [ and ends with ] ((?s): . also matches a newline); GLOB 'p*': the prefix p
WHERE (ifNull(match(z.argv0, '(?s)^\\[.*\\]$'), 0) = 1 OR ifNull(match(z.comm, '(?s)^\\[.*\\]$'), 0) = 1
       OR ifNull(match(z.comm, '^(kworker/|ksoftirqd/|migration/|rcu_|kswapd|cpuhp/|irq/|jbd2/|kcompactd|idle_inject/|watchdog/|kthread)'), 0) = 1
       OR ifNull(z.comm IN ('kthreadd', 'khugepaged', 'kdevtmpfs', 'kauditd', 'khungtaskd', 'oom_reaper', 'kblockd',
                            'writeback'), 0) = 1)
  AND (ifNull(z.any_kthread != 1, 1) = 1 OR isNotNull(e.exe) OR isNotNull(z.argv0)
       OR (z.pid != 2 AND ifNull(z.ppid != 2, 1) = 1))
ORDER BY snapshot_key, pid
