-- osquery `cpu_time` on ClickHouse: schema/views/cpu_time.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS {database}.cpu_time AS
SELECT
  cpu_index AS core, user AS user, nice AS nice, system AS system, idle AS idle, iowait AS iowait, irq AS irq,
  softirq AS softirq, steal AS steal, guest AS guest, guest_nice AS guest_nice,
  snapshot_key AS snapshot_key, host AS host
FROM {database}.sys_stat_cpu
WHERE NOT isNull(cpu_index)
