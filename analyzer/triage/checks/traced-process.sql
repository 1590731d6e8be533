-- id: traced-process
-- title: Process being traced (TracerPid non-zero)
-- severity: medium
-- mitre: T1055.008
-- why: Another process is attached with ptrace: it can read and write this process's memory and registers.
--   Injectors (ptrace-based shellcode and library injection) and credential stealers that read sshd or
--   sudo memory do exactly this; malware also self-traces to block debuggers.
-- benign: A developer's gdb, strace or ltrace session, crash reporters and profilers attaching briefly,
--   sandboxes that trace their children (some CI and container tools).
SELECT st.pid, NULL AS tid, s.comm, st.tracer_pid,
       (SELECT t.comm FROM proc_stat t WHERE t.snapshot_id = st.snapshot_id AND t.pid = st.tracer_pid) AS tracer_comm,
       (SELECT l.target FROM proc_links l
         WHERE l.snapshot_id = st.snapshot_id AND l.pid = st.tracer_pid AND l.name = 'exe') AS tracer_exe
FROM proc_status st
LEFT JOIN proc_stat s ON s.snapshot_id = st.snapshot_id AND s.pid = st.pid
WHERE st.snapshot_id = :snapshot_id AND st.tracer_pid IS NOT NULL AND st.tracer_pid <> 0
UNION ALL
-- ptrace attaches to one thread at a time: a traced non-leader thread shows only in its task/<tid>/status
SELECT ts.pid, ts.tid, s.comm, ts.tracer_pid,
       (SELECT t.comm FROM proc_stat t WHERE t.snapshot_id = ts.snapshot_id AND t.pid = ts.tracer_pid),
       (SELECT l.target FROM proc_links l
         WHERE l.snapshot_id = ts.snapshot_id AND l.pid = ts.tracer_pid AND l.name = 'exe')
FROM task_status ts
LEFT JOIN proc_stat s ON s.snapshot_id = ts.snapshot_id AND s.pid = ts.pid
WHERE ts.snapshot_id = :snapshot_id AND ts.tid <> ts.pid AND ts.tracer_pid IS NOT NULL AND ts.tracer_pid <> 0
ORDER BY 1, 2
-- clickhouse:
SELECT u.snapshot_key AS snapshot_key, u.pid AS pid, u.tid AS tid, u.comm AS comm, u.tracer_pid AS tracer_pid,
       u.tracer_comm AS tracer_comm, e.exe AS tracer_exe
FROM (
  SELECT b.snapshot_key AS snapshot_key, b.pid AS pid, b.tid AS tid, b.comm AS comm, b.tracer_pid AS tracer_pid,
         t.tracer_comm AS tracer_comm
  FROM (
    SELECT st.snapshot_key AS snapshot_key, st.pid AS pid, CAST(NULL AS Nullable(Int64)) AS tid, s.comm AS comm,
           st.tracer_pid AS tracer_pid
    FROM proc_status AS st
    LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
      ON s.snapshot_key = st.snapshot_key AND s.pid = st.pid
    WHERE st.snapshot_key IN :snapshot_keys AND isNotNull(st.tracer_pid) AND st.tracer_pid != 0
    UNION ALL
    -- ptrace attaches to one thread at a time: a traced non-leader thread shows only in its task/<tid>/status
    SELECT ts.snapshot_key, ts.pid, toNullable(ts.tid), s.comm, ts.tracer_pid
    FROM task_status AS ts
    LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
      ON s.snapshot_key = ts.snapshot_key AND s.pid = ts.pid
    WHERE ts.snapshot_key IN :snapshot_keys AND ts.tid != ts.pid AND isNotNull(ts.tracer_pid) AND ts.tracer_pid != 0
  ) AS b
  LEFT JOIN (SELECT snapshot_key, pid AS tracer_pid, any(comm) AS tracer_comm FROM proc_stat
             WHERE snapshot_key IN :snapshot_keys GROUP BY snapshot_key, pid) AS t
    ON t.snapshot_key = b.snapshot_key AND t.tracer_pid = b.tracer_pid
) AS u
LEFT JOIN (SELECT snapshot_key, pid, any(target) AS exe FROM proc_links
           WHERE snapshot_key IN :snapshot_keys AND name = 'exe' GROUP BY snapshot_key, pid) AS e
  ON e.snapshot_key = u.snapshot_key AND e.pid = u.tracer_pid
ORDER BY snapshot_key, pid, tid NULLS FIRST
