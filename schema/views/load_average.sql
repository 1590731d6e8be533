-- osquery `load_average` (specs/posix/load_average.table): the 1, 5 and 15 minute load averages from
-- /proc/loadavg, three rows per snapshot. osquery formats getloadavg() with std::to_string (six decimals, e.g.
-- '0.540000'); printf('%f') gives the same text. NULL when the file held no parsable value. snapshot_id is added
-- (last).
CREATE VIEW IF NOT EXISTS load_average AS
SELECT
  '1m' AS period,                 -- period the average is taken over: '1m', '5m' or '15m'
  printf('%f', load1) AS average,  -- load average over the period, as text with six decimals
  snapshot_id AS snapshot_id      -- snapshot (procsnap addition)
FROM sys_loadavg
UNION ALL
SELECT '5m', printf('%f', load5), snapshot_id FROM sys_loadavg
UNION ALL
SELECT '15m', printf('%f', load15), snapshot_id FROM sys_loadavg;
