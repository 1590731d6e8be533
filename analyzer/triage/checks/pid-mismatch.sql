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
ORDER BY 1
