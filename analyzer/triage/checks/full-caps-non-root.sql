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
-- clickhouse:
SELECT x.snapshot_key AS snapshot_key, x.pid AS pid, x.comm AS comm, x.uid_real AS uid_real,
       x.uid_effective AS uid_effective, x.cap_eff AS cap_eff, x.cap_amb AS cap_amb, e.exe AS exe
FROM (
  SELECT y.snapshot_key AS snapshot_key, y.pid AS pid, s.comm AS comm, y.uid_real AS uid_real,
         y.uid_effective AS uid_effective, y.cap_eff AS cap_eff, y.cap_amb AS cap_amb
  FROM (
    SELECT st.snapshot_key AS snapshot_key, st.pid AS pid, st.uid_real AS uid_real,
           st.uid_effective AS uid_effective, st.cap_eff AS cap_eff, st.cap_amb AS cap_amb
    FROM proc_status AS st
    LEFT JOIN (SELECT snapshot_key, any(cap_eff) AS init_cap_eff FROM proc_status
               WHERE snapshot_key IN :snapshot_keys AND pid = 1 GROUP BY snapshot_key) AS i
      ON i.snapshot_key = st.snapshot_key
    -- "IS NOT 0" / "= x" NULL-safe: ifNull (ClickHouse before 21 has no three-valued AND/OR)
    WHERE st.snapshot_key IN :snapshot_keys
      AND ifNull(st.uid_real != 0, 0) = 1 AND ifNull(st.uid_effective != 0, 1) = 1
      AND (ifNull(st.cap_eff = i.init_cap_eff, 0) = 1 OR ifNull(st.cap_eff = st.cap_bnd, 0) = 1
           OR lower(st.cap_eff) IN ('000001ffffffffff', '0000003fffffffff', 'ffffffffffffffff'))
      -- CAP_SYS_ADMIN (bit 21: the 6th hex digit from the right has value 2) is part of it
      AND length(st.cap_eff) >= 6
      AND bitAnd(toInt64(position('0123456789abcdef', lower(substring(st.cap_eff, length(st.cap_eff) - 5, 1))))
                 - 1, 2) = 2
      -- same user namespace as pid 1 (or pid 1's is unknown)
      AND (st.snapshot_key, st.pid) NOT IN (
            SELECT n.snapshot_key, n.pid
            FROM proc_namespaces AS n
            INNER JOIN (SELECT snapshot_key, any(inode) AS init_user_ns FROM proc_namespaces
                        WHERE snapshot_key IN :snapshot_keys AND pid = 1 AND name = 'user' AND isNotNull(inode)
                        GROUP BY snapshot_key) AS u
              ON u.snapshot_key = n.snapshot_key
            WHERE n.snapshot_key IN :snapshot_keys AND n.name = 'user' AND ifNull(n.inode != u.init_user_ns, 1) = 1)
  ) AS y
  LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
    ON s.snapshot_key = y.snapshot_key AND s.pid = y.pid
) AS x
LEFT JOIN (SELECT snapshot_key, pid, any(target) AS exe FROM proc_links
           WHERE snapshot_key IN :snapshot_keys AND name = 'exe' GROUP BY snapshot_key, pid) AS e
  ON e.snapshot_key = x.snapshot_key AND e.pid = x.pid
ORDER BY snapshot_key, pid
