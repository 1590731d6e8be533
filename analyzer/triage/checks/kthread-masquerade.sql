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
