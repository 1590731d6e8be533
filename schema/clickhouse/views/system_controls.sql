-- osquery `system_controls` on ClickHouse: schema/views/system_controls.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS {database}.system_controls AS
SELECT
  name AS name, NULL AS oid,
  if(position(name, '.') > 0, substring(name, 1, position(name, '.') - 1), name) AS subsystem,
  value AS current_value, NULL AS config_value, 'string' AS type, NULL AS field_name,
  snapshot_key AS snapshot_key, host AS host
FROM {database}.sys_sysctl
