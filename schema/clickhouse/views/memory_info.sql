-- osquery `memory_info` on ClickHouse: schema/views/memory_info.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS {database}.memory_info AS
SELECT
  maxIf(bytes, key = 'MemTotal') AS memory_total, maxIf(bytes, key = 'MemFree') AS memory_free,
  maxIf(bytes, key = 'MemAvailable') AS memory_available, maxIf(bytes, key = 'Buffers') AS buffers,
  maxIf(bytes, key = 'Cached') AS cached, maxIf(bytes, key = 'SwapCached') AS swap_cached,
  maxIf(bytes, key = 'Active') AS active, maxIf(bytes, key = 'Inactive') AS inactive,
  maxIf(bytes, key = 'SwapTotal') AS swap_total, maxIf(bytes, key = 'SwapFree') AS swap_free,
  snapshot_key AS snapshot_key, any(host) AS host
FROM {database}.sys_meminfo
GROUP BY snapshot_key
