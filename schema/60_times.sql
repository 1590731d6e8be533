-- Absolute times, computed from the snapshot itself (its btime and CLK_TCK from the header and /proc/stat),
-- never from the analyzing machine's clock or timezone. Base tables keep the kernel's raw tick counts.

-- Every process's (tid NULL) and thread's start as absolute UTC time: ISO-8601 and epoch seconds.
-- start = btime + starttime / CLK_TCK (proc(5), /proc/<pid>/stat field 22). NULL when the snapshot lacks btime
-- or the stat could not be parsed. CLK_TCK is always set at import, assumed (100) for a header without it, e.g. a
-- --proc-root capture (snapshots.clk_tck_source says which).
CREATE VIEW IF NOT EXISTS proc_start_times AS
SELECT
  st.snapshot_id AS snapshot_id,                                   -- snapshot
  st.pid AS pid,                                                   -- process id
  NULL AS tid,                                                     -- thread id; NULL: the row is the whole process
  st.start_time AS start_time,                                     -- raw starttime (process or thread), ticks after boot
  s.btime + CAST(st.start_time AS REAL) / s.clk_tck AS started_epoch,  -- start, seconds since 1970 UTC
  strftime('%Y-%m-%dT%H:%M:%fZ', s.btime + CAST(st.start_time AS REAL) / s.clk_tck, 'unixepoch')
    AS started_at,                                                 -- start, UTC ISO-8601 (millisecond precision)
  s.captured_at_epoch_ns / 1e9 - (s.btime + CAST(st.start_time AS REAL) / s.clk_tck)
    AS age_seconds                                                 -- seconds the process had run at capture
FROM proc_stat st JOIN snapshots s ON s.id = st.snapshot_id
UNION ALL
SELECT
  t.snapshot_id, t.pid, t.tid, t.starttime,
  s.btime + CAST(t.starttime AS REAL) / s.clk_tck,
  strftime('%Y-%m-%dT%H:%M:%fZ', s.btime + CAST(t.starttime AS REAL) / s.clk_tck, 'unixepoch'),
  s.captured_at_epoch_ns / 1e9 - (s.btime + CAST(t.starttime AS REAL) / s.clk_tck)
FROM task_stat t JOIN snapshots s ON s.id = t.snapshot_id;
