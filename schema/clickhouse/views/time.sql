-- osquery `time` on ClickHouse: schema/views/time.sql in ClickHouse 18.16's dialect (the capture's start, UTC).
CREATE VIEW IF NOT EXISTS {database}.time AS
SELECT
  ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][toDayOfWeek(d)] AS weekday,
  toUInt16(toYear(d)) AS year, toUInt8(toMonth(d)) AS month, toUInt8(toDayOfMonth(d)) AS day,
  toUInt8(toHour(d)) AS hour, toUInt8(toMinute(d)) AS minutes, toUInt8(toSecond(d)) AS seconds,
  'UTC' AS timezone, NULL AS local_timezone, t AS unix_time,
  concat(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][toDayOfWeek(d)], ' ',
         ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][toMonth(d)], ' ',
         substring(concat(' ', toString(toDayOfMonth(d))), -2), ' ', formatDateTime(d, '%H:%M:%S %Y'),
         ' UTC') AS timestamp,
  formatDateTime(d, '%Y-%m-%dT%H:%M:%SZ') AS datetime, formatDateTime(d, '%Y-%m-%dT%H:%M:%SZ') AS iso_8601,
  NULL AS win_timestamp,
  snapshot_key AS snapshot_key, host AS host
FROM (
  SELECT snapshot_key, host, intDiv(assumeNotNull(captured_at_epoch_ns), 1000000000) AS t,
         toDateTime(intDiv(assumeNotNull(captured_at_epoch_ns), 1000000000), 'UTC') AS d
  FROM {database}.snapshots
  WHERE NOT isNull(captured_at_epoch_ns)
)
