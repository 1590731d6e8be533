-- osquery `load_average` on ClickHouse: schema/views/load_average.sql in ClickHouse 18.16's dialect (the average
-- as text with six decimals, as printf('%f')). toDecimal64 truncates where printf rounds: 2.03 is stored as
-- 2.02999999999999980..., which toDecimal64 alone makes 2.029999; half a unit of the sixth decimal added first
-- gives printf's 2.030000 (a load average is never negative, and /proc/loadavg has two decimals: no ties).
CREATE VIEW IF NOT EXISTS {database}.load_average AS
SELECT period, average, snapshot_key, host FROM (
  SELECT '1m' AS period, toString(toDecimal64(load1 + 0.0000005, 6)) AS average, snapshot_key, host FROM {database}.sys_loadavg
  UNION ALL
  SELECT '5m' AS period, toString(toDecimal64(load5 + 0.0000005, 6)) AS average, snapshot_key, host FROM {database}.sys_loadavg
  UNION ALL
  SELECT '15m' AS period, toString(toDecimal64(load15 + 0.0000005, 6)) AS average, snapshot_key, host FROM {database}.sys_loadavg
)
