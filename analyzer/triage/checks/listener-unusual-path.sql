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
ORDER BY f.pid
