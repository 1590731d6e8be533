-- id: full-caps-non-root
-- title: Non-root user holding every capability (full CapEff)
-- severity: high
-- mitre: T1548
-- why: A process whose real and effective uid are not 0 but whose effective capability set is complete
--   (equal to init's CapEff, to its own bounding set, or to the kernel's full mask, and holding
--   CAP_SYS_ADMIN) is root in all but name: a typical leftover of a
--   privilege-escalation exploit (commit_creds on a user task) or of a backdoor that drops its uid to hide
--   while keeping capabilities (ambient set). Processes in another user namespace than init are not
--   reported: there a full set is normal and confined to that namespace.
-- benign: Rarely: a service manager configured with AmbientCapabilities=~ (all) for a non-root user,
--   capsh/setpriv experiments.
WITH init AS (
  SELECT (SELECT cap_eff FROM proc_status WHERE snapshot_id = :snapshot_id AND pid = 1) AS cap_eff,
         (SELECT inode FROM proc_namespaces WHERE snapshot_id = :snapshot_id AND pid = 1 AND name = 'user')
           AS user_ns
)
SELECT st.pid, s.comm, st.uid_real, st.uid_effective, st.cap_eff, st.cap_amb,
       (SELECT l.target FROM proc_links l
         WHERE l.snapshot_id = st.snapshot_id AND l.pid = st.pid AND l.name = 'exe') AS exe
FROM proc_status st, init
LEFT JOIN proc_stat s ON s.snapshot_id = st.snapshot_id AND s.pid = st.pid
WHERE st.snapshot_id = :snapshot_id
  AND st.uid_real IS NOT 0 AND st.uid_effective IS NOT 0 AND st.uid_real IS NOT NULL
  AND (st.cap_eff = init.cap_eff OR st.cap_eff = st.cap_bnd
       OR lower(st.cap_eff) IN ('000001ffffffffff', '0000003fffffffff', 'ffffffffffffffff'))
  -- CAP_SYS_ADMIN (bit 21: the 6th hex digit from the right has value 2) is part of it
  AND length(st.cap_eff) >= 6
  AND ((instr('0123456789abcdef', lower(substr(st.cap_eff, -6, 1))) - 1) & 2) = 2
  AND (init.user_ns IS NULL OR NOT EXISTS (
         SELECT 1 FROM proc_namespaces n
         WHERE n.snapshot_id = st.snapshot_id AND n.pid = st.pid AND n.name = 'user' AND n.inode IS NOT init.user_ns))
ORDER BY st.pid
