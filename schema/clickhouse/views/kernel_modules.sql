-- osquery `kernel_modules` on ClickHouse: schema/views/kernel_modules.sql in ClickHouse 18.16's dialect; address
-- is '0x' + 16 hex digits of the UInt64.
CREATE VIEW IF NOT EXISTS {database}.kernel_modules AS
SELECT
  name AS name,
  size AS size,
  if(used_by = '-', used_by, replaceRegexpOne(used_by, ',+$', '')) AS used_by,
  state AS status,
  if(isNull(address), NULL,
     concat('0x', substring(concat('0000000000000000', lower(hex(assumeNotNull(address)))), -16))) AS address,
  snapshot_key AS snapshot_key, host AS host
FROM {database}.sys_modules
