-- osquery `process_envs` (specs/posix/process_envs.table): the environment of each process, one row per entry of
-- proc/<pid>/environ (the block as it was at exec time, plus in-place edits; duplicates kept). key is the text
-- before the first '=' and value the text after it; an entry without '=' has NULL value (osquery repeats the
-- whole entry there). Order is the block's: ORDER BY the base table's idx (proc_environ_vars) when it matters.
-- snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS process_envs AS
SELECT
  pid AS pid,                  -- process id
  key AS key,                  -- environment variable name
  value AS value,              -- environment variable value
  snapshot_id AS snapshot_id   -- snapshot (procsnap addition)
FROM proc_environ_vars;
