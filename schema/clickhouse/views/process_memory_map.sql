-- osquery `process_memory_map` on ClickHouse: schema/views/process_memory_map.sql in ClickHouse 18.16's dialect
-- (smaps rows only for processes without maps rows: GLOBAL NOT IN, which also works through Distributed tables);
-- device as printf('%02x:%02x'): hex() of a UInt64 prints whole bytes, so a leading 0 before 3+ digits goes.
CREATE VIEW IF NOT EXISTS {database}.process_memory_map AS
SELECT
  pid AS pid, concat('0x', start_hex) AS start, concat('0x', end_hex) AS end, perms AS permissions,
  file_offset AS offset,
  concat(replaceRegexpOne(lower(hex(assumeNotNull(dev_major))), '^0([0-9a-f]{2,})$', '\\1'), ':',
         replaceRegexpOne(lower(hex(assumeNotNull(dev_minor))), '^0([0-9a-f]{2,})$', '\\1')) AS device,
  inode AS inode, path AS path, if(ifNull(inode, 1) = 0 AND ifNull(path, '') != '', 1, 0) AS pseudo,
  snapshot_key AS snapshot_key, host AS host
FROM (
  SELECT pid, start_hex, end_hex, perms, file_offset, dev_major, dev_minor, inode, path, snapshot_key, host
  FROM {database}.proc_maps
  UNION ALL
  SELECT pid, start_hex, end_hex, perms, file_offset, dev_major, dev_minor, inode, path, snapshot_key, host
  FROM {database}.proc_smaps
  WHERE (snapshot_key, pid) GLOBAL NOT IN (SELECT snapshot_key, pid FROM {database}.proc_maps)
)
