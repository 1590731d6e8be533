-- osquery `uptime` (specs/uptime.table): time since boot at the moment of capture, one row per snapshot. From
-- /proc/uptime (sys_uptime) when captured, else from the header's CLOCK_BOOTTIME at capture start
-- (snapshots.captured_boottime_ns); whole seconds, truncated as osquery does. snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS uptime AS
SELECT
  t.total / 86400 AS days,             -- whole days of uptime
  (t.total % 86400) / 3600 AS hours,   -- hours beyond the days
  (t.total % 3600) / 60 AS minutes,    -- minutes beyond the hours
  t.total % 60 AS seconds,             -- seconds beyond the minutes
  t.total AS total_seconds,            -- total uptime, seconds
  t.snapshot_id AS snapshot_id         -- snapshot (procsnap addition)
FROM (
  SELECT s.id AS snapshot_id,
         COALESCE((SELECT CAST(u.uptime_seconds AS INTEGER) FROM sys_uptime u
                   WHERE u.snapshot_id = s.id AND u.uptime_seconds IS NOT NULL LIMIT 1),
                  s.captured_boottime_ns / 1000000000) AS total
  FROM snapshots s
) AS t
WHERE t.total IS NOT NULL;
