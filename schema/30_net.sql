-- schema/30_net.sql: GENERATED from the table declarations (analyzer/importer/tables/*.cpp, table_decl.hpp) by
-- `procsnap schema --write schema/`. Edit the declarations, not this file.
--
-- Network tables, once per network namespace: proc/net/<file> (the collector's own namespace) and
-- proc/<pid>/net/<file> (the first pid seen in each other namespace). Every row carries (snapshot_id, netns): the
-- namespace inode, so a process reaches its sockets through proc_namespaces (its net ns) and proc_fds (its
-- "socket:[inode]" links) as (snapshot_id, netns, inode). source_pid says whose view of the namespace was read
-- (NULL for proc/net). line is the 1-based line in the member: together with the member it identifies the row.
--
-- Addresses are text as inet_ntop prints them (IPv4-mapped IPv6 as ::ffff:a.b.c.d). The kernel prints IPv4 and
-- IPv6 addresses as 32-bit words in the CAPTURED host's byte order; the importer decodes them as little-endian
-- (x86_64, aarch64, riscv64, ppc64le, loongarch64). A big-endian capture (s390x, ppc64) would show byte-reversed
-- addresses: procfs::byte_order_for_arch() exists for when the header's uname machine reaches the binders.
-- Ports are host-order integers on every architecture. Values the kernel did not print, or that did not parse
-- (see import_issues), are NULL.

-- TCP sockets from tcp (IPv4) and tcp6 (IPv6), including LISTEN, TIME_WAIT and NEW_SYN_RECV entries.
CREATE TABLE IF NOT EXISTS net_tcp (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  netns ANY,                                             -- network namespace inode the table belongs to (NULL when unknown)
  source_pid INTEGER,                                    -- pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  family INTEGER NOT NULL,                               -- 4 (file tcp) or 6 (file tcp6)
  protocol INTEGER NOT NULL,                             -- IP protocol number: always 6 (IPPROTO_TCP)
  sl ANY,                                                -- "sl": entry number in the listing
  local_address TEXT,                                    -- local address, inet_ntop text
  local_port INTEGER,                                    -- local port
  remote_address TEXT,                                   -- remote address, inet_ntop text (0.0.0.0 / :: when not connected)
  remote_port INTEGER,                                   -- remote port (0 when not connected)
  state ANY,                                             -- "st": TCP state number (1 ESTABLISHED ... 10 LISTEN ... 12 NEW_SYN_RECV)
  state_name TEXT,                                       -- state as a name (ESTABLISHED, LISTEN, TIME_WAIT, ...); NULL if unknown
  tx_queue ANY,                                          -- bytes sent but not acknowledged (write_seq - snd_una)
  rx_queue ANY,                                          -- bytes received not yet read; for LISTEN: connections waiting in accept()
  timer_active ANY,                                      -- "tr": 0 none, 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero-window probe
  timer_name TEXT,                                       -- timer_active as off / on / keepalive / timewait / probe
  timer_expires ANY,                                     -- "tm->when": clock ticks until the timer fires
  retransmits ANY,                                       -- "retrnsmt": unrecovered retransmission timeouts
  uid ANY,                                               -- owner uid (as seen from the reader's user namespace)
  timeout INTEGER,                                       -- "timeout": unanswered zero-window / keepalive probes (icsk_probes_out)
  inode ANY,                                             -- socket inode (0 for TIME_WAIT / NEW_SYN_RECV): joins proc_fds
  refcount INTEGER,                                      -- sk_refcnt
  pointer TEXT,                                          -- kernel address of the socket as printed (%pK: hashed or zeros), hex
  rto ANY,                                               -- retransmission timeout, clock ticks (full sockets only)
  ato ANY,                                               -- delayed-ACK timeout, clock ticks (full sockets only)
  quick_ack ANY,                                         -- (quick-ack count << 1) | pingpong mode (full sockets only)
  snd_cwnd ANY,                                          -- congestion window, segments (full sockets only)
  ssthresh INTEGER,                                      -- slow-start threshold; -1 (kernel value) while in initial slow start
  extra TEXT                                             -- columns beyond this layout, verbatim (NULL when none)
) STRICT;
CREATE INDEX IF NOT EXISTS net_tcp_inode ON net_tcp(snapshot_id, netns, inode);

-- UDP and UDP-Lite sockets from udp, udp6, udplite and udplite6.
CREATE TABLE IF NOT EXISTS net_udp (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  netns ANY,                                             -- network namespace inode the table belongs to (NULL when unknown)
  source_pid INTEGER,                                    -- pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  family INTEGER NOT NULL,                               -- 4 (udp, udplite) or 6 (udp6, udplite6)
  protocol INTEGER NOT NULL,                             -- IP protocol number: 17 (UDP, files udp/udp6) or 136 (UDP-Lite)
  sl ANY,                                                -- "sl": hash bucket of the socket (several sockets may share one)
  local_address TEXT,                                    -- local address, inet_ntop text
  local_port INTEGER,                                    -- local port
  remote_address TEXT,                                   -- connected peer address (0.0.0.0 / :: when not connected)
  remote_port INTEGER,                                   -- connected peer port (0 when not connected)
  state ANY,                                             -- "st": 7 (CLOSE) unconnected, 1 (ESTABLISHED) after connect()
  state_name TEXT,                                       -- state as a name (CLOSE, ESTABLISHED)
  tx_queue ANY,                                          -- send buffer bytes allocated (sk_wmem_alloc)
  rx_queue ANY,                                          -- receive buffer bytes allocated (sk_rmem_alloc)
  timer_active ANY,                                      -- "tr": always 0 for UDP
  timer_name TEXT,                                       -- timer_active as a name
  timer_expires ANY,                                     -- "tm->when": always 0 for UDP
  retransmits ANY,                                       -- "retrnsmt": always 0 for UDP
  uid ANY,                                               -- owner uid (as seen from the reader's user namespace)
  timeout INTEGER,                                       -- "timeout": always 0 for UDP
  inode ANY,                                             -- socket inode: joins proc_fds
  refcount INTEGER,                                      -- sk_refcnt
  pointer TEXT,                                          -- kernel address of the socket as printed (%pK: hashed or zeros), hex
  drops ANY,                                             -- datagrams dropped (sk_drops)
  extra TEXT                                             -- columns beyond this layout, verbatim (NULL when none)
) STRICT;
CREATE INDEX IF NOT EXISTS net_udp_inode ON net_udp(snapshot_id, netns, inode);

-- Raw IP sockets from raw and raw6 (ping, packet crafting, routing daemons).
CREATE TABLE IF NOT EXISTS net_raw (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  netns ANY,                                             -- network namespace inode the table belongs to (NULL when unknown)
  source_pid INTEGER,                                    -- pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  family INTEGER NOT NULL,                               -- 4 (raw) or 6 (raw6)
  protocol INTEGER,                                      -- IP protocol the socket receives (= local_port: 1 ICMP, 58 ICMPv6, 255 RAW)
  sl ANY,                                                -- "sl": hash bucket of the socket
  local_address TEXT,                                    -- bound local address, inet_ntop text
  local_port INTEGER,                                    -- the kernel prints the IP protocol number here
  remote_address TEXT,                                   -- connected peer address (0.0.0.0 / :: when not connected)
  remote_port INTEGER,                                   -- always 0
  state ANY,                                             -- "st": 7 (CLOSE) or 1 (ESTABLISHED after connect())
  state_name TEXT,                                       -- state as a name
  tx_queue ANY,                                          -- send buffer bytes allocated (sk_wmem_alloc)
  rx_queue ANY,                                          -- receive buffer bytes allocated (sk_rmem_alloc)
  timer_active ANY,                                      -- "tr": always 0
  timer_name TEXT,                                       -- timer_active as a name
  timer_expires ANY,                                     -- "tm->when": always 0
  retransmits ANY,                                       -- "retrnsmt": always 0
  uid ANY,                                               -- owner uid (as seen from the reader's user namespace)
  timeout INTEGER,                                       -- "timeout": always 0
  inode ANY,                                             -- socket inode: joins proc_fds
  refcount INTEGER,                                      -- sk_refcnt
  pointer TEXT,                                          -- kernel address of the socket as printed (%pK: hashed or zeros), hex
  drops ANY,                                             -- packets dropped (sk_drops)
  extra TEXT                                             -- columns beyond this layout, verbatim (NULL when none)
) STRICT;
CREATE INDEX IF NOT EXISTS net_raw_inode ON net_raw(snapshot_id, netns, inode);

-- Unix domain sockets from unix.
CREATE TABLE IF NOT EXISTS net_unix (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  netns ANY,                                             -- network namespace inode the table belongs to (NULL when unknown)
  source_pid INTEGER,                                    -- pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  pointer TEXT,                                          -- "Num": kernel address of the socket as printed (%pK), hex
  refcount ANY,                                          -- "RefCount": sk_refcnt
  protocol ANY,                                          -- "Protocol": always 0
  flags ANY,                                             -- "Flags": 65536 (0x10000, __SO_ACCEPTCON) when listening
  listening INTEGER,                                     -- 1 when flags has __SO_ACCEPTCON, else 0; NULL when flags unknown
  type ANY,                                              -- "Type": 1 STREAM, 2 DGRAM, 5 SEQPACKET
  type_name TEXT,                                        -- type as a name (STREAM, DGRAM, SEQPACKET, ...)
  state ANY,                                             -- "St": 1 UNCONNECTED, 2 CONNECTING, 3 CONNECTED, 4 DISCONNECTING
  state_name TEXT,                                       -- state as a name
  inode ANY,                                             -- "Inode": socket inode, joins proc_fds (NULL in the pre-2.6 layout)
  path TEXT,                                             -- bound address as printed (raw bytes; abstract: '@' + name, NULs as '@')
  abstract INTEGER                                       -- 1 when path starts with '@' (abstract namespace), 0 otherwise, NULL if no path
) STRICT;
CREATE INDEX IF NOT EXISTS net_unix_inode ON net_unix(snapshot_id, netns, inode);

-- AF_PACKET sockets (sniffers, DHCP clients, raw frame injection) from packet.
CREATE TABLE IF NOT EXISTS net_packet (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  netns ANY,                                             -- network namespace inode the table belongs to (NULL when unknown)
  source_pid INTEGER,                                    -- pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  pointer TEXT,                                          -- "sk": kernel address of the socket as printed (%pK), hex
  refcount INTEGER,                                      -- "RefCnt": sk_refcnt
  type INTEGER,                                          -- "Type": 3 SOCK_RAW (whole frames) or 2 SOCK_DGRAM (cooked)
  type_name TEXT,                                        -- type as a name (RAW, DGRAM)
  proto ANY,                                             -- "Proto": ethertype captured (3 = ETH_P_ALL: every frame; 2048 = IP)
  proto_name TEXT,                                       -- ethertype as a name (ALL, IP, ARP, IPV6, ...) when known
  ifindex INTEGER,                                       -- "Iface": bound interface index; 0 = all interfaces
  running INTEGER,                                       -- "R": 1 when the socket's packet hook is active
  rmem ANY,                                              -- "Rmem": receive memory allocated
  uid ANY,                                               -- "User": owner uid
  inode ANY                                              -- "Inode": socket inode, joins proc_fds
) STRICT;
CREATE INDEX IF NOT EXISTS net_packet_inode ON net_packet(snapshot_id, netns, inode);

-- Netlink sockets (kernel <-> user messaging: routing, audit, uevents, ...) from netlink.
CREATE TABLE IF NOT EXISTS net_netlink (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  netns ANY,                                             -- network namespace inode the table belongs to (NULL when unknown)
  source_pid INTEGER,                                    -- pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  pointer TEXT,                                          -- "sk": kernel address of the socket as printed (%pK), hex
  protocol INTEGER,                                      -- "Eth": NETLINK_* protocol (0 ROUTE, 4 SOCK_DIAG, 9 AUDIT, 15 KOBJECT_UEVENT)
  protocol_name TEXT,                                    -- protocol as a name when known
  portid ANY,                                            -- "Pid": netlink port id (often the owner's pid; 0 = the kernel's socket)
  groups ANY,                                            -- "Groups": multicast groups joined (first 32, bitmask)
  rmem INTEGER,                                          -- "Rmem": receive memory allocated
  wmem INTEGER,                                          -- "Wmem": send memory allocated
  dump INTEGER,                                          -- "Dump": 1 while a dump is in progress
  locks INTEGER,                                         -- "Locks": sk_refcnt
  drops ANY,                                             -- "Drops": messages dropped
  inode ANY                                              -- "Inode": socket inode, joins proc_fds
) STRICT;
CREATE INDEX IF NOT EXISTS net_netlink_inode ON net_netlink(snapshot_id, netns, inode);

-- IPv4 neighbour (ARP) cache from arp.
CREATE TABLE IF NOT EXISTS net_arp (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  netns ANY,                                             -- network namespace inode the table belongs to (NULL when unknown)
  source_pid INTEGER,                                    -- pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  ip_address TEXT,                                       -- "IP address" of the neighbour
  hw_type ANY,                                           -- "HW type": ARPHRD_* (1 = ethernet)
  flags ANY,                                             -- "Flags": 0x2 complete, 0x4 permanent (static), 0x8 published (proxy)
  permanent INTEGER,                                     -- 1 when flags has ATF_PERM (0x4), else 0
  hw_address TEXT,                                       -- "HW address" (MAC, lower-case aa:bb:...); NULL when the device has none
  mask TEXT,                                             -- "Mask": always '*'
  device TEXT                                            -- "Device": interface name
) STRICT;

-- IPv4 routing table (main table) from route.
CREATE TABLE IF NOT EXISTS net_route (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  netns ANY,                                             -- network namespace inode the table belongs to (NULL when unknown)
  source_pid INTEGER,                                    -- pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  iface TEXT,                                            -- "Iface": output interface
  destination TEXT,                                      -- "Destination" network, dotted quad
  gateway TEXT,                                          -- "Gateway", dotted quad (0.0.0.0 = directly connected)
  flags ANY,                                             -- "Flags": RTF_UP 0x1, RTF_GATEWAY 0x2, RTF_HOST 0x4, RTF_REJECT 0x200
  refcnt INTEGER,                                        -- "RefCnt": always 0 on current kernels
  use ANY,                                               -- "Use": always 0 on current kernels
  metric INTEGER,                                        -- "Metric": route priority
  mask TEXT,                                             -- "Mask", dotted quad
  mtu INTEGER,                                           -- "MTU": advertised MSS + 40, 0 = default
  window ANY,                                            -- "Window": TCP window clamp
  irtt ANY                                               -- "IRTT": initial round-trip time
) STRICT;

-- IPv6 routing table from ipv6_route (no header in the file; addresses printed in network order).
CREATE TABLE IF NOT EXISTS net_ipv6_route (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  netns ANY,                                             -- network namespace inode the table belongs to (NULL when unknown)
  source_pid INTEGER,                                    -- pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  destination TEXT,                                      -- destination network, inet_ntop text
  destination_prefix ANY,                                -- destination prefix length
  source TEXT,                                           -- source network (source-specific routing), inet_ntop text
  source_prefix ANY,                                     -- source prefix length
  next_hop TEXT,                                         -- gateway, inet_ntop text (:: = directly connected)
  metric ANY,                                            -- route metric
  refcnt ANY,                                            -- reference count
  use ANY,                                               -- use count
  flags ANY,                                             -- RTF_* flags (0x1 UP, 0x2 GATEWAY, 0x200 REJECT, 0x80000000 LOCAL...)
  iface TEXT                                             -- output interface
) STRICT;

-- Per-interface counters from dev.
CREATE TABLE IF NOT EXISTS net_dev (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  netns ANY,                                             -- network namespace inode the table belongs to (NULL when unknown)
  source_pid INTEGER,                                    -- pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  iface TEXT,                                            -- interface name
  rx_bytes ANY,                                          -- bytes received
  rx_packets ANY,                                        -- packets received
  rx_errs ANY,                                           -- receive errors
  rx_drop ANY,                                           -- received packets dropped
  rx_fifo ANY,                                           -- receive FIFO overruns
  rx_frame ANY,                                          -- receive framing errors
  rx_compressed ANY,                                     -- compressed packets received
  rx_multicast ANY,                                      -- multicast packets received
  tx_bytes ANY,                                          -- bytes sent
  tx_packets ANY,                                        -- packets sent
  tx_errs ANY,                                           -- transmit errors
  tx_drop ANY,                                           -- sent packets dropped
  tx_fifo ANY,                                           -- transmit FIFO overruns
  tx_colls ANY,                                          -- collisions
  tx_carrier ANY,                                        -- carrier losses
  tx_compressed ANY                                      -- compressed packets sent
) STRICT;

-- IPv6 addresses of the network namespace from if_inet6 (no header; all numbers hex).
CREATE TABLE IF NOT EXISTS net_if_inet6 (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  netns ANY,                                             -- network namespace inode the table belongs to (NULL when unknown)
  source_pid INTEGER,                                    -- pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  address TEXT,                                          -- the address, inet_ntop text
  ifindex ANY,                                           -- interface index
  prefix ANY,                                            -- prefix length (0..128)
  scope ANY,                                             -- address scope: 0x00 global, 0x10 host (loopback), 0x20 link, 0x40 site, 0x80 v4-compatible
  flags ANY,                                             -- IFA_F_* flags: 0x01 temporary, 0x02 nodad, 0x04 optimistic, 0x08 dadfailed, 0x20 deprecated, 0x40 tentative, 0x80 permanent
  iface TEXT,                                            -- interface name
  mask TEXT                                              -- the prefix as a netmask, inet_ntop text (derived from prefix, as getifaddrs reports it)
) STRICT;

-- IPv4 FIB route aliases from fib_trie, one row per "/<len> <scope> <type>" line under a leaf (the trie's internal nodes are not stored). '/32 host LOCAL' rows are the namespace's own addresses, '/<n> link UNICAST' its connected subnets, '/32 link BROADCAST' its broadcast addresses. Main and Local share one trie since Linux 4.0 unless policy rules exist, so a route usually appears under both.
CREATE TABLE IF NOT EXISTS net_fib_trie (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  netns ANY,                                             -- network namespace inode the table belongs to (NULL when unknown)
  source_pid INTEGER,                                    -- pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)
  line INTEGER NOT NULL,                                 -- 1-based line of the alias in the member
  fib_table TEXT,                                        -- table header without ':': Main, Local or 'Id <n>'; NULL before any header
  address TEXT,                                          -- the leaf's key (route destination), dotted quad
  address_number INTEGER,                                -- the same address as a number: a.b.c.d = a*16777216 + b*65536 + c*256 + d
  prefix ANY,                                            -- route prefix length (0..32)
  scope TEXT,                                            -- route scope: universe, site, link, host, nowhere or 'scope=<n>'
  type TEXT,                                             -- route type: UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE or 'type <n>'
  tos ANY                                                -- type of service the route matches; NULL when none
) STRICT;

-- Protocol counters as rows: sockstat, sockstat6, snmp, netstat and snmp6.
CREATE TABLE IF NOT EXISTS net_counters (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  netns ANY,                                             -- network namespace inode the table belongs to (NULL when unknown)
  source_pid INTEGER,                                    -- pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)
  line INTEGER NOT NULL,                                 -- 1-based line of the value in the member
  file TEXT NOT NULL,                                    -- source file: sockstat, sockstat6, snmp, netstat or snmp6
  protocol TEXT,                                         -- line prefix: TCP, UDP, Tcp, TcpExt, Ip6, Icmp6, ...; NULL when none
  key TEXT NOT NULL,                                     -- counter name (inuse, InSegs, Ip6InReceives, ...)
  value ANY                                              -- counter value: INTEGER, or exact decimal TEXT above 2^63-1; NULL if unparsable
) STRICT;
