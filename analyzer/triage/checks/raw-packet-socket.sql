-- id: raw-packet-socket
-- title: Raw IP or packet (AF_PACKET) socket open: traffic capture or crafting
-- severity: medium
-- mitre: T1040
-- why: AF_PACKET sockets see every frame on an interface (tcpdump, sniffers harvesting credentials, BPF
--   backdoors such as BPFDoor that wait for a magic packet); raw IP sockets receive and craft whole IP
--   packets (ICMP tunnels, scanners). Needs CAP_NET_RAW, so a process holding one is privileged.
-- benign: DHCP clients (dhclient, NetworkManager, systemd-networkd: packet sockets), tcpdump/wireshark
--   sessions, lldpd, keepalived/VRRP, ping (raw ICMP on older systems), routing daemons (OSPF raw sockets).
SELECT f.pid, s.comm, 'packet' AS kind, p.type_name AS type, p.proto_name AS proto, p.ifindex, p.inode,
       (SELECT l.target FROM proc_links l
         WHERE l.snapshot_id = f.snapshot_id AND l.pid = f.pid AND l.name = 'exe') AS exe
FROM net_packet p
LEFT JOIN proc_fds f ON f.snapshot_id = p.snapshot_id AND f.inode = p.inode AND f.type = 'socket'
LEFT JOIN proc_stat s ON s.snapshot_id = f.snapshot_id AND s.pid = f.pid
WHERE p.snapshot_id = :snapshot_id
UNION ALL
SELECT f.pid, s.comm, 'raw' || r.family AS kind, r.state_name AS type, CAST(r.protocol AS TEXT) AS proto,
       NULL AS ifindex, r.inode,
       (SELECT l.target FROM proc_links l
         WHERE l.snapshot_id = f.snapshot_id AND l.pid = f.pid AND l.name = 'exe') AS exe
FROM net_raw r
LEFT JOIN proc_fds f ON f.snapshot_id = r.snapshot_id AND f.inode = r.inode AND f.type = 'socket'
LEFT JOIN proc_stat s ON s.snapshot_id = f.snapshot_id AND s.pid = f.pid
WHERE r.snapshot_id = :snapshot_id
ORDER BY 1, 3, 7, 4, 5, 6, 2, 8
-- clickhouse:
SELECT y.snapshot_key AS snapshot_key, y.pid AS pid, y.comm AS comm, y.kind AS kind, y.type AS type, y.proto AS proto,
       y.ifindex AS ifindex, y.inode AS inode, e.exe AS exe
FROM (
  SELECT x.snapshot_key AS snapshot_key, x.pid AS pid, s.comm AS comm, x.kind AS kind, x.type AS type,
         x.proto AS proto, x.ifindex AS ifindex, x.inode AS inode
  FROM (
    SELECT p.snapshot_key AS snapshot_key, f.pid AS pid, 'packet' AS kind, p.type_name AS type,
           p.proto_name AS proto, p.ifindex AS ifindex, p.inode AS inode
    FROM net_packet AS p
    LEFT JOIN (SELECT snapshot_key, inode, pid FROM proc_fds
               WHERE snapshot_key IN :snapshot_keys AND type = 'socket') AS f
      ON f.snapshot_key = p.snapshot_key AND f.inode = p.inode
    WHERE p.snapshot_key IN :snapshot_keys
    UNION ALL
    SELECT r.snapshot_key, f.pid, concat('raw', toString(r.family)), r.state_name, toString(r.protocol),
           CAST(NULL AS Nullable(Int64)), r.inode
    FROM net_raw AS r
    LEFT JOIN (SELECT snapshot_key, inode, pid FROM proc_fds
               WHERE snapshot_key IN :snapshot_keys AND type = 'socket') AS f
      ON f.snapshot_key = r.snapshot_key AND f.inode = r.inode
    WHERE r.snapshot_key IN :snapshot_keys
  ) AS x
  LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
    ON s.snapshot_key = x.snapshot_key AND s.pid = x.pid
) AS y
LEFT JOIN (SELECT snapshot_key, pid, any(target) AS exe FROM proc_links
           WHERE snapshot_key IN :snapshot_keys AND name = 'exe' GROUP BY snapshot_key, pid) AS e
  ON e.snapshot_key = y.snapshot_key AND e.pid = y.pid
ORDER BY snapshot_key, pid NULLS FIRST, kind, inode NULLS FIRST, type NULLS FIRST, proto NULLS FIRST,
         ifindex NULLS FIRST, comm NULLS FIRST, exe NULLS FIRST
