-- osquery `process_open_sockets` (specs/process_open_sockets.table, Linux): every socket listed in the captured
-- network tables (tcp, tcp6, udp, udp6, udplite, udplite6, raw, raw6, unix, packet of each captured network
-- namespace), with the process and descriptor that hold it.
-- Join: a socket's owner is found through proc_fds ("socket:[inode]" links) on (snapshot_id, socket inode); the
-- sockfs inode number identifies one socket on the host whatever namespace lists it, and net_namespace is the
-- namespace whose table listed the socket (normally the owner's proc_namespaces 'net' inode; a socket created in
-- another namespace, e.g. after setns(), keeps that namespace, as in the kernel). A socket held by several
-- processes or descriptors (inherited, passed) gives one row per holder (osquery keeps one); a socket no captured
-- process holds has NULL pid and fd (osquery: -1).
-- Values as osquery: family 2 AF_INET, 10 AF_INET6, 1 AF_UNIX, 17 AF_PACKET; protocol 6 TCP, 17 UDP, 136 UDP-Lite,
-- 255 for every raw socket (osquery reads raw/raw6 as IPPROTO_RAW; the protocol a raw socket receives is in
-- local_port, as the kernel prints it), the Protocol column (0) for unix, the ethertype for packet; state is the
-- TCP state name (NULL for other sockets, where osquery writes ''). Addresses and ports a socket kind does not
-- have (unix, packet) are NULL where osquery writes '' / 0. Netlink sockets are not in osquery's table: see
-- net_netlink. snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS process_open_sockets AS
WITH sockets AS (
  SELECT snapshot_id, netns, inode, CASE family WHEN 4 THEN 2 WHEN 6 THEN 10 END AS family, protocol,
         local_address, remote_address, local_port, remote_port, NULL AS path, state_name AS state
  FROM net_tcp
  UNION ALL
  SELECT snapshot_id, netns, inode, CASE family WHEN 4 THEN 2 WHEN 6 THEN 10 END, protocol,
         local_address, remote_address, local_port, remote_port, NULL, NULL
  FROM net_udp
  UNION ALL
  SELECT snapshot_id, netns, inode, CASE family WHEN 4 THEN 2 WHEN 6 THEN 10 END, 255,
         local_address, remote_address, local_port, remote_port, NULL, NULL
  FROM net_raw
  UNION ALL
  SELECT snapshot_id, netns, inode, 1, protocol, NULL, NULL, NULL, NULL, path, NULL
  FROM net_unix
  UNION ALL
  SELECT snapshot_id, netns, inode, 17, proto, NULL, NULL, NULL, NULL, NULL, NULL
  FROM net_packet
)
SELECT
  f.pid AS pid,                                  -- process holding the socket; NULL when no captured process does
  f.fd AS fd,                                    -- socket file descriptor number in that process
  s.inode AS socket,                             -- socket inode number
  s.family AS family,                            -- network protocol family: 2 IPv4, 10 IPv6, 1 unix, 17 packet
  s.protocol AS protocol,                        -- transport protocol: 6 TCP, 17 UDP, 136 UDP-Lite, 255 raw; unix 0; packet ethertype
  s.local_address AS local_address,              -- local address (inet_ntop text)
  s.remote_address AS remote_address,            -- remote address (0.0.0.0 / :: when not connected)
  s.local_port AS local_port,                    -- local port (raw sockets: the IP protocol received)
  s.remote_port AS remote_port,                  -- remote port (0 when not connected)
  s.path AS path,                                -- unix sockets: the bound path (abstract names start with '@')
  s.state AS state,                              -- TCP state (LISTEN, ESTABLISHED, ...); NULL for other sockets
  CAST(s.netns AS TEXT) AS net_namespace,        -- inode of the network namespace whose table listed the socket
  s.snapshot_id AS snapshot_id                   -- snapshot (procsnap addition)
FROM sockets AS s
LEFT JOIN proc_fds AS f
  ON f.snapshot_id = s.snapshot_id AND f.inode = s.inode AND f.type = 'socket';
