-- osquery `arp_cache` on ClickHouse: schema/views/arp_cache.sql in ClickHouse 18.16's dialect (same columns, then
-- snapshot_key and host in place of snapshot_id). {database} is the database push created the tables in.
CREATE VIEW IF NOT EXISTS {database}.arp_cache AS
SELECT
  ip_address AS address,                 -- IPv4 address of the neighbour
  hw_address AS mac,                     -- its MAC address
  device AS interface,                   -- interface the neighbour is reached through
  toString(permanent) AS permanent,      -- '1' for a permanent (static) entry, else '0'
  snapshot_key AS snapshot_key,          -- snapshot: its archive's SHA-256 (procsnap addition)
  host AS host                           -- the captured host (procsnap addition)
FROM {database}.net_arp
WHERE isNull(source_pid)
