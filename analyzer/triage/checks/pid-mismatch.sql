-- id: pid-mismatch
-- title: Process identity inconsistent (stat/status Pid differs from the directory, or one process under two pids)
-- severity: high
-- mitre: T1014
-- why: The kernel writes a process's own pid into proc/<pid>/stat (field 1) and status (Pid, Tgid, and the
--   first NStgid entry), so they always equal the directory name on a live system; and (pid, start time)
--   names one process, so two directories with the same stat pid and start time are one process shown
--   twice. A disagreement means the tree was tampered with (a fake /proc, a bind-mounted or overlay-faked
--   directory, a hooked read) or the capture is not what it claims.
-- benign: None on a live capture; a relocated tree (--proc-root) assembled by hand can disagree.
SELECT s.pid, s.comm, s.stat_pid, st.status_pid, st.tgid, st.nstgid_outermost, 'pid fields differ' AS problem
FROM proc_stat s
LEFT JOIN proc_status st ON st.snapshot_id = s.snapshot_id AND st.pid = s.pid
WHERE s.snapshot_id = :snapshot_id
  AND (s.stat_pid IS NOT NULL AND s.stat_pid <> s.pid
       OR st.status_pid IS NOT NULL AND st.status_pid <> s.pid
       OR st.tgid IS NOT NULL AND st.tgid <> s.pid
       OR st.nstgid_outermost IS NOT NULL AND st.nstgid_outermost <> s.pid)
UNION ALL
SELECT b.pid, b.comm, b.stat_pid, NULL, NULL, NULL,
       'same stat pid and start time as pid ' || a.pid AS problem
FROM proc_stat a
JOIN proc_stat b ON b.snapshot_id = a.snapshot_id AND b.stat_pid = a.stat_pid AND b.start_time = a.start_time
                 AND b.pid > a.pid
WHERE a.snapshot_id = :snapshot_id
ORDER BY 1, 7
-- clickhouse:
SELECT snapshot_key, pid, comm, stat_pid, status_pid, tgid, nstgid_outermost, problem
FROM (
  SELECT s.snapshot_key AS snapshot_key, s.pid AS pid, s.comm AS comm, s.stat_pid AS stat_pid,
         st.status_pid AS status_pid, st.tgid AS tgid, st.nstgid_outermost AS nstgid_outermost,
         'pid fields differ' AS problem
  FROM proc_stat AS s
  LEFT JOIN (SELECT snapshot_key, pid, status_pid, tgid, nstgid_outermost FROM proc_status
             WHERE snapshot_key IN :snapshot_keys) AS st
    ON st.snapshot_key = s.snapshot_key AND st.pid = s.pid
  -- ifNull(..., 0): a comparison with NULL is not true (ClickHouse before 21 has no three-valued AND/OR)
  WHERE s.snapshot_key IN :snapshot_keys
    AND (ifNull(s.stat_pid != s.pid, 0) = 1 OR ifNull(st.status_pid != s.pid, 0) = 1
         OR ifNull(st.tgid != s.pid, 0) = 1 OR ifNull(st.nstgid_outermost != s.pid, 0) = 1)
  UNION ALL
  -- 18.16: no aliases in this branch (the first one names the columns; an alias hides a column of the same name
  -- even where it is qualified, a.pid), the right side's columns renamed, and the stat pid taken from the left
  -- (a right-side join key in the result fails with "Size of filter doesn't match size of column")
  SELECT a.snapshot_key, b.b_pid, b.b_comm, a.stat_pid, CAST(NULL AS Nullable(Int64)), CAST(NULL AS Nullable(Int64)),
         CAST(NULL AS Nullable(Int64)), concat('same stat pid and start time as pid ', toString(a.pid))
  FROM proc_stat AS a
  INNER JOIN (SELECT snapshot_key AS b_key, pid AS b_pid, comm AS b_comm, stat_pid AS b_stat_pid,
                     start_time AS b_start_time
              FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS b
    ON b.b_key = a.snapshot_key AND b.b_stat_pid = a.stat_pid AND b.b_start_time = a.start_time
  WHERE a.snapshot_key IN :snapshot_keys AND b.b_pid > a.pid
)
ORDER BY snapshot_key, pid, problem
