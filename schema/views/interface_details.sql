-- osquery `interface_details` (specs/interface_details.table, Linux columns): per-interface traffic counters from
-- /proc/net/dev of the network namespace the collector ran in. osquery reads the rest from /sys/class/net and
-- ioctls, which a /proc capture does not hold: mac, type, mtu, metric, flags, last_change, link_speed and
-- pci_slot are NULL. snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS interface_details AS
SELECT
  iface AS interface,         -- interface name
  NULL AS mac,                -- MAC address: not in /proc, NULL
  NULL AS type,               -- interface type (ARPHRD_*): not in /proc, NULL
  NULL AS mtu,                -- MTU: not in /proc, NULL
  NULL AS metric,             -- metric: not in /proc, NULL
  NULL AS flags,              -- IFF_* flags: not in /proc, NULL
  rx_packets AS ipackets,     -- packets received
  tx_packets AS opackets,     -- packets sent
  rx_bytes AS ibytes,         -- bytes received
  tx_bytes AS obytes,         -- bytes sent
  rx_errs AS ierrors,         -- receive errors
  tx_errs AS oerrors,         -- transmit errors
  rx_drop AS idrops,          -- received packets dropped
  tx_drop AS odrops,          -- sent packets dropped
  tx_colls AS collisions,     -- collisions
  NULL AS last_change,        -- time of the last change: not in /proc, NULL
  NULL AS link_speed,         -- link speed, Mb/s: not in /proc, NULL
  NULL AS pci_slot,           -- PCI slot: not in /proc, NULL
  snapshot_id AS snapshot_id  -- snapshot (procsnap addition)
FROM net_dev
WHERE source_pid IS NULL;
