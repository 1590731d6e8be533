-- id: listener-unusual-path
-- title: Listening on all interfaces from an executable outside the system directories
-- severity: high
-- mitre: T1571
-- why: A TCP listener (or unconnected UDP socket) bound to 0.0.0.0 or :: accepts connections from anywhere;
--   when its process runs from outside the package-managed directories (/usr, /bin, /sbin, /lib*, /opt,
--   /snap, /nix/store, /gnu/store), or from a deleted file or a memfd, it is a bind shell or backdoor
--   until shown otherwise.
-- benign: Development servers run from a home directory or build tree, software installed by hand under
--   /srv or /home, container workloads whose exe path lives in another mount namespace (check the
--   process's ns/mnt and cgroup).
WITH l AS (
  SELECT snapshot_id, 'tcp' AS proto, family, local_address, local_port, inode FROM net_tcp
  WHERE snapshot_id = :snapshot_id AND state_name = 'LISTEN'
  UNION ALL
  SELECT snapshot_id, 'udp', family, local_address, local_port, inode FROM net_udp
  WHERE snapshot_id = :snapshot_id AND state_name = 'CLOSE' AND remote_port = 0
)
SELECT DISTINCT f.pid, s.comm, e.target AS exe, l.proto, l.local_address, l.local_port, l.inode
FROM l
JOIN proc_fds f ON f.snapshot_id = l.snapshot_id AND f.inode = l.inode AND f.type = 'socket'
LEFT JOIN proc_stat s ON s.snapshot_id = f.snapshot_id AND s.pid = f.pid
JOIN proc_links e ON e.snapshot_id = f.snapshot_id AND e.pid = f.pid AND e.name = 'exe'
WHERE l.local_address IN ('0.0.0.0', '::')
  AND (e.deleted = 1 OR e.type = 'memfd'
       OR NOT (e.target GLOB '/usr/*' OR e.target GLOB '/bin/*' OR e.target GLOB '/sbin/*'
               OR e.target GLOB '/lib/*' OR e.target GLOB '/lib64/*' OR e.target GLOB '/lib32/*'
               OR e.target GLOB '/opt/*' OR e.target GLOB '/snap/*' OR e.target GLOB '/nix/store/*'
               OR e.target GLOB '/gnu/store/*'))
ORDER BY 1, 4, 5, 6, 7, 2, 3
-- clickhouse:
SELECT DISTINCT y.snapshot_key AS snapshot_key, y.pid AS pid, y.comm AS comm, e.target AS exe, y.proto AS proto,
       y.local_address AS local_address, y.local_port AS local_port, y.inode AS inode
FROM (
  SELECT x.snapshot_key AS snapshot_key, x.pid AS pid, s.comm AS comm, x.proto AS proto,
         x.local_address AS local_address, x.local_port AS local_port, x.inode AS inode
  FROM (
    SELECT l.snapshot_key AS snapshot_key, f.pid AS pid, l.proto AS proto, l.local_address AS local_address,
           l.local_port AS local_port, l.inode AS inode
    FROM (
      SELECT snapshot_key, 'tcp' AS proto, local_address, local_port, inode FROM net_tcp
      WHERE snapshot_key IN :snapshot_keys AND state_name = 'LISTEN' AND local_address IN ('0.0.0.0', '::')
      UNION ALL
      SELECT snapshot_key, 'udp', local_address, local_port, inode FROM net_udp
      WHERE snapshot_key IN :snapshot_keys AND state_name = 'CLOSE' AND remote_port = 0
        AND local_address IN ('0.0.0.0', '::')
    ) AS l
    INNER JOIN (SELECT snapshot_key, inode, pid FROM proc_fds
                WHERE snapshot_key IN :snapshot_keys AND type = 'socket') AS f
      ON f.snapshot_key = l.snapshot_key AND f.inode = l.inode
  ) AS x
  LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
    ON s.snapshot_key = x.snapshot_key AND s.pid = x.pid
) AS y
INNER JOIN (SELECT snapshot_key, pid, target, deleted, type FROM proc_links
            WHERE snapshot_key IN :snapshot_keys AND name = 'exe') AS e
  ON e.snapshot_key = y.snapshot_key AND e.pid = y.pid
-- GLOB 'p*' is a case-sensitive prefix match, as ClickHouse's LIKE 'p%' (no _ in these prefixes)
WHERE e.deleted = 1 OR e.type = 'memfd'
   OR NOT (e.target LIKE '/usr/%' OR e.target LIKE '/bin/%' OR e.target LIKE '/sbin/%' OR e.target LIKE '/lib/%'
           OR e.target LIKE '/lib64/%' OR e.target LIKE '/lib32/%' OR e.target LIKE '/opt/%'
           OR e.target LIKE '/snap/%' OR e.target LIKE '/nix/store/%' OR e.target LIKE '/gnu/store/%')
ORDER BY snapshot_key, pid, proto, local_address NULLS FIRST, local_port NULLS FIRST, inode NULLS FIRST,
         comm NULLS FIRST, exe
