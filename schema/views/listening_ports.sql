-- osquery `listening_ports` (specs/listening_ports.table): sockets bound and waiting, derived from
-- process_open_sockets exactly as osquery derives it: unix sockets with a path (port 0), and every other socket
-- whose remote port is 0 (TCP LISTEN, unconnected UDP, raw and packet sockets). address is the local address
-- (NULL for unix), port the local port. socket is the socket inode for unix sockets too (osquery writes 0 there).
-- A socket no captured process holds has NULL pid and fd (osquery: -1). snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS listening_ports AS
SELECT
  pid AS pid,                                            -- process holding the socket; NULL when none captured
  CASE WHEN family = 1 THEN 0 ELSE local_port END AS port,  -- local (transport layer) port; 0 for unix sockets
  protocol AS protocol,                                  -- transport protocol (6 TCP, 17 UDP, ...), as process_open_sockets
  family AS family,                                      -- network protocol family (2 IPv4, 10 IPv6, 1 unix, 17 packet)
  local_address AS address,                              -- address the socket is bound to (0.0.0.0 / :: = any)
  fd AS fd,                                              -- socket file descriptor number
  socket AS socket,                                      -- socket inode number
  path AS path,                                          -- unix sockets: the bound path
  net_namespace AS net_namespace,                        -- inode of the socket's network namespace
  snapshot_id AS snapshot_id                             -- snapshot (procsnap addition)
FROM process_open_sockets
WHERE (family = 1 AND path IS NOT NULL AND path <> '')
   OR (family <> 1 AND (remote_port = 0 OR remote_port IS NULL));
