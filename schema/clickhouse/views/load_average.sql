-- osquery `load_average` on ClickHouse: schema/views/load_average.sql in ClickHouse 18.16's dialect (the average
-- as text with six decimals, as printf('%f')).
CREATE VIEW IF NOT EXISTS {database}.load_average AS
SELECT period, average, snapshot_key, host FROM (
  SELECT '1m' AS period, toString(toDecimal64(load1, 6)) AS average, snapshot_key, host FROM {database}.sys_loadavg
  UNION ALL
  SELECT '5m' AS period, toString(toDecimal64(load5, 6)) AS average, snapshot_key, host FROM {database}.sys_loadavg
  UNION ALL
  SELECT '15m' AS period, toString(toDecimal64(load15, 6)) AS average, snapshot_key, host FROM {database}.sys_loadavg
)
