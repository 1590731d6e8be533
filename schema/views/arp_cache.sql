-- osquery `arp_cache` (specs/arp_cache.table): the IPv4 neighbour cache from /proc/net/arp of the network
-- namespace the collector ran in (the table osquery itself would read; other namespaces' caches are in net_arp).
-- permanent is '1' when the entry has ATF_PERM (a static entry; osquery tests flags == 0x6, complete+permanent),
-- else '0'. mac is NULL when the device has no hardware address. snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS arp_cache AS
SELECT
  ip_address AS address,                  -- IPv4 address of the neighbour
  hw_address COLLATE NOCASE AS mac,       -- its MAC address (compared case-insensitively, as in osquery)
  device AS interface,                    -- interface the neighbour is reached through
  CAST(permanent AS TEXT) AS permanent,   -- '1' for a permanent (static) entry, else '0'
  snapshot_id AS snapshot_id              -- snapshot (procsnap addition)
FROM net_arp
WHERE source_pid IS NULL;
