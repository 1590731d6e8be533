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
ORDER BY 1
