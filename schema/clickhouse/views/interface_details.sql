-- osquery `interface_details` on ClickHouse: schema/views/interface_details.sql in ClickHouse 18.16's dialect
-- (the columns /proc does not hold are NULL there too).
CREATE VIEW IF NOT EXISTS {database}.interface_details AS
SELECT
  iface AS interface, NULL AS mac, NULL AS type, NULL AS mtu, NULL AS metric, NULL AS flags,
  rx_packets AS ipackets, tx_packets AS opackets, rx_bytes AS ibytes, tx_bytes AS obytes, rx_errs AS ierrors,
  tx_errs AS oerrors, rx_drop AS idrops, tx_drop AS odrops, tx_colls AS collisions, NULL AS last_change,
  NULL AS link_speed, NULL AS pci_slot,
  snapshot_key AS snapshot_key, host AS host
FROM {database}.net_dev
WHERE isNull(source_pid)
