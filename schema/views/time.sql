-- osquery `time` (specs/utility/time.table): the capture's start time (snapshots.captured_at_epoch_ns), in UTC,
-- where osquery gives the current time: queries that join `time` (e.g. "started in the last hour":
-- time.unix_time - processes.start_time < 3600) then ask about the moment of the capture. local_timezone is
-- the host's zone, which the snapshot does not record: NULL (osquery: the zone name). win_timestamp is Windows
-- only: NULL. One row per snapshot; snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS time AS
SELECT
  CASE CAST(strftime('%w', t, 'unixepoch') AS INTEGER) WHEN 0 THEN 'Sunday' WHEN 1 THEN 'Monday'
    WHEN 2 THEN 'Tuesday' WHEN 3 THEN 'Wednesday' WHEN 4 THEN 'Thursday' WHEN 5 THEN 'Friday'
    ELSE 'Saturday' END AS weekday,                             -- weekday, UTC
  CAST(strftime('%Y', t, 'unixepoch') AS INTEGER) AS year,      -- year, UTC
  CAST(strftime('%m', t, 'unixepoch') AS INTEGER) AS month,     -- month, UTC
  CAST(strftime('%d', t, 'unixepoch') AS INTEGER) AS day,       -- day of the month, UTC
  CAST(strftime('%H', t, 'unixepoch') AS INTEGER) AS hour,      -- hour, UTC
  CAST(strftime('%M', t, 'unixepoch') AS INTEGER) AS minutes,   -- minutes, UTC
  CAST(strftime('%S', t, 'unixepoch') AS INTEGER) AS seconds,   -- seconds, UTC
  'UTC' AS timezone,                                            -- always UTC
  NULL AS local_timezone,                                       -- the host's zone: not recorded, NULL
  t AS unix_time,                                               -- epoch seconds of the capture start
  substr('SunMonTueWedThuFriSat', 1 + 3 * CAST(strftime('%w', t, 'unixepoch') AS INTEGER), 3) || ' ' ||
    substr('JanFebMarAprMayJunJulAugSepOctNovDec', 1 + 3 * (CAST(strftime('%m', t, 'unixepoch') AS INTEGER) - 1), 3)
    || ' ' || substr(' ' || CAST(strftime('%d', t, 'unixepoch') AS INTEGER), -2) || ' ' ||
    strftime('%H:%M:%S %Y', t, 'unixepoch') || ' UTC' AS timestamp,  -- asctime() form, as osquery: 'Sun Dec  6 14:20:00 2026 UTC'
  strftime('%Y-%m-%dT%H:%M:%SZ', t, 'unixepoch') AS datetime,   -- ISO 8601, UTC
  strftime('%Y-%m-%dT%H:%M:%SZ', t, 'unixepoch') AS iso_8601,   -- ISO 8601, UTC (same as datetime, as osquery)
  NULL AS win_timestamp,                                        -- Windows only, NULL
  id AS snapshot_id                                             -- snapshot (procsnap addition)
FROM (SELECT id, captured_at_epoch_ns / 1000000000 AS t FROM snapshots WHERE captured_at_epoch_ns IS NOT NULL);
