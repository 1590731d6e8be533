-- osquery `interface_addresses` (specs/interface_addresses.table, Linux columns): the addresses of the network
-- namespace the collector ran in. osquery asks getifaddrs(3) (netlink); /proc says less, so:
-- * IPv6 rows are /proc/net/if_inet6 (net_if_inet6), one per address, as getifaddrs lists them: a link-local
--   address carries '%<interface>' as getnameinfo prints it; mask is the prefix as a netmask.
-- * IPv4 rows are the namespace's local addresses: the '/32 host LOCAL' aliases of /proc/net/fib_trie
--   (net_fib_trie). /proc names no device per IPv4 address, so the interface is the device of the route
--   (/proc/net/route, no gateway) to the longest connected subnet ('/<n> link UNICAST' alias, n from 1 to 31) that
--   holds the address, and mask is that subnet's; an address inside a '/<n> host LOCAL' range (127.0.0.1 in
--   127.0.0.0/8) is a loopback address: interface 'lo', point_to_point the address itself (what getifaddrs
--   reports for a device without IFF_BROADCAST). An address in no connected subnet (a /32 on lo, the local end of
--   a point-to-point link) has interface NULL and mask 255.255.255.255: /proc cannot tell its device.
-- * broadcast is the subnet's broadcast address when fib_trie holds it ('/32 link BROADCAST'); getifaddrs reports
--   the address given with `brd` (or, for a secondary address without one, the address itself): NULL here when
--   the kernel has no broadcast route for the subnet.
-- * point_to_point of a real point-to-point peer is NULL (the peer is a '/32 link UNICAST' route, not tied to the
--   local address in /proc). type is 'unknown', as osquery writes on Linux. snapshot_id is added (last).
-- Order: per snapshot, IPv4 by address, then IPv6 in if_inet6's order.
CREATE VIEW IF NOT EXISTS interface_addresses AS
WITH fib AS (
  SELECT DISTINCT snapshot_id, address_number AS n, prefix, scope, type
  FROM net_fib_trie
  WHERE source_pid IS NULL AND address_number IS NOT NULL AND prefix IS NOT NULL
),
v4 AS (
  SELECT a.snapshot_id, a.n,
         (SELECT s.prefix FROM fib s
           WHERE s.snapshot_id = a.snapshot_id AND s.scope = 'link' AND s.type = 'UNICAST'
             AND s.prefix BETWEEN 1 AND 31 AND (s.n >> (32 - s.prefix)) = (a.n >> (32 - s.prefix))
           ORDER BY s.prefix DESC LIMIT 1) AS subnet,
         (SELECT s.prefix FROM fib s
           WHERE s.snapshot_id = a.snapshot_id AND s.scope = 'host' AND s.type = 'LOCAL'
             AND s.prefix BETWEEN 1 AND 31 AND (s.n >> (32 - s.prefix)) = (a.n >> (32 - s.prefix))
           ORDER BY s.prefix DESC LIMIT 1) AS loopback
  FROM fib a
  WHERE a.prefix = 32 AND a.scope = 'host' AND a.type = 'LOCAL'
),
v4n AS (  -- numbers: mask, network, broadcast
  SELECT snapshot_id, n, subnet, subnet IS NULL AND loopback IS NOT NULL AS is_loopback,
         (4294967295 << (32 - coalesce(subnet, loopback, 32))) & 4294967295 AS m
  FROM v4
),
v4t AS (  -- the same as dotted quads
  SELECT snapshot_id, n, subnet, is_loopback, n & m AS net, (n & m) | (~m & 4294967295) AS bcast,
         printf('%d.%d.%d.%d', n >> 24 & 255, n >> 16 & 255, n >> 8 & 255, n & 255) AS address,
         printf('%d.%d.%d.%d', m >> 24 & 255, m >> 16 & 255, m >> 8 & 255, m & 255) AS mask
  FROM v4n
)
SELECT
  interface AS interface,            -- interface name (IPv4: the connected route's device; NULL when unknown)
  address AS address,                -- the address (IPv6 link-local: with '%<interface>')
  mask AS mask,                      -- netmask, dotted quad or IPv6 text
  broadcast AS broadcast,            -- IPv4 broadcast address of the subnet; NULL when none or IPv6
  point_to_point AS point_to_point,  -- loopback IPv4 addresses: the address itself; else NULL
  type AS type,                      -- always 'unknown' (osquery on Linux)
  snapshot_id AS snapshot_id         -- snapshot (procsnap addition)
FROM (
  SELECT t.snapshot_id, 4 AS family, t.n AS sort,
         CASE
           WHEN t.subnet IS NOT NULL THEN
             (SELECT r.iface FROM net_route r
               WHERE r.snapshot_id = t.snapshot_id AND r.source_pid IS NULL AND r.flags & 2 = 0
                 AND r.destination = printf('%d.%d.%d.%d', t.net >> 24 & 255, t.net >> 16 & 255, t.net >> 8 & 255,
                                            t.net & 255)
                 AND r.mask = t.mask
               ORDER BY r.metric, r.line LIMIT 1)
           WHEN t.is_loopback THEN 'lo'
         END AS interface,
         t.address, t.mask,
         CASE WHEN t.subnet IS NOT NULL AND EXISTS (
                SELECT 1 FROM fib b WHERE b.snapshot_id = t.snapshot_id AND b.n = t.bcast AND b.prefix = 32
                  AND b.type = 'BROADCAST')
              THEN printf('%d.%d.%d.%d', t.bcast >> 24 & 255, t.bcast >> 16 & 255, t.bcast >> 8 & 255, t.bcast & 255)
         END AS broadcast,
         CASE WHEN t.is_loopback THEN t.address END AS point_to_point,
         'unknown' AS type
  FROM v4t t
  UNION ALL
  SELECT snapshot_id, 6 AS family, line AS sort, iface AS interface,
         CASE WHEN scope = 32 AND iface IS NOT NULL THEN address || '%' || iface ELSE address END AS address,
         mask, NULL AS broadcast, NULL AS point_to_point, 'unknown' AS type
  FROM net_if_inet6
  WHERE source_pid IS NULL
)
ORDER BY snapshot_id, family, sort;
