-- osquery `routes` (specs/routes.table, Linux): the routing table of the network namespace the collector ran in,
-- IPv4 from /proc/net/route (the main table) and IPv6 from /proc/net/ipv6_route (every table), as osquery's
-- netlink dump reports them. snapshot_id is added (last). Departures, because /proc says less than netlink:
-- netmask is the prefix length of every route (osquery writes 0 for /32 and /128 host routes); flags are the
-- kernel's RTF_* route flags from /proc (osquery: the netlink rtm_flags); type is derived from them: 'local'
-- (RTF_LOCAL), 'anycast' (RTF_ANYCAST), 'other' for reject and IPv6 multicast routes, else 'gateway' (osquery's
-- name for every unicast route); gateway is NULL for directly connected routes (no gateway, as osquery leaves it
-- empty); source (the preferred source address) and hopcount are not in /proc: NULL; IPv6 mtu is not in /proc:
-- NULL (osquery: 0 when unset; IPv4 mtu is /proc/net/route's MTU column, 0 = unset).
CREATE VIEW IF NOT EXISTS routes AS
SELECT
  destination AS destination,   -- destination network address
  netmask AS netmask,           -- prefix length of the destination (0 for the default route)
  gateway AS gateway,           -- next hop; NULL when directly connected
  source AS source,             -- preferred source address: not in /proc, NULL
  flags AS flags,               -- RTF_* flags (0x1 UP, 0x2 GATEWAY, 0x4 HOST, 0x200 REJECT, 0x80000000 LOCAL)
  interface AS interface,       -- output interface
  mtu AS mtu,                   -- route MTU (IPv4; 0 = unset), NULL for IPv6
  metric AS metric,             -- route metric (priority); lowest is preferred
  type AS type,                 -- 'gateway' (unicast), 'local', 'anycast' or 'other' (reject, multicast)
  hopcount AS hopcount,         -- hop limit: not in /proc, NULL
  snapshot_id AS snapshot_id    -- snapshot (procsnap addition)
FROM (
  SELECT snapshot_id, line, 4 AS family, destination,
         (SELECT sum(CASE CAST(o AS INTEGER) WHEN 255 THEN 8 WHEN 254 THEN 7 WHEN 252 THEN 6 WHEN 248 THEN 5
                                               WHEN 240 THEN 4 WHEN 224 THEN 3 WHEN 192 THEN 2 WHEN 128 THEN 1
                                               ELSE 0 END)
            FROM (SELECT substr(mask, 1, instr(mask, '.') - 1) AS o
                  UNION ALL SELECT substr(mask, instr(mask, '.') + 1,
                                          instr(substr(mask, instr(mask, '.') + 1), '.') - 1)
                  UNION ALL SELECT substr(substr(mask, instr(mask, '.') + 1),
                                          instr(substr(mask, instr(mask, '.') + 1), '.') + 1,
                                          instr(substr(substr(mask, instr(mask, '.') + 1),
                                                       instr(substr(mask, instr(mask, '.') + 1), '.') + 1), '.') - 1)
                  UNION ALL SELECT replace(mask, rtrim(mask, '0123456789'), ''))) AS netmask,
         nullif(gateway, '0.0.0.0') AS gateway, NULL AS source, flags, iface AS interface, mtu, metric,
         CASE WHEN flags & 512 THEN 'other' ELSE 'gateway' END AS type, NULL AS hopcount
  FROM net_route WHERE source_pid IS NULL
  UNION ALL
  SELECT snapshot_id, line, 6 AS family, destination, destination_prefix AS netmask,
         nullif(next_hop, '::') AS gateway, NULL AS source, flags, iface AS interface, NULL AS mtu, metric,
         CASE WHEN flags & 2147483648 THEN 'local' WHEN flags & 1048576 THEN 'anycast'
              WHEN flags & 512 OR destination LIKE 'ff%' THEN 'other' ELSE 'gateway' END AS type,
         NULL AS hopcount
  FROM net_ipv6_route WHERE source_pid IS NULL
)
ORDER BY snapshot_id, family, line;
