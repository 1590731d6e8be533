-- osquery `process_open_files` on ClickHouse: schema/views/process_open_files.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS {database}.process_open_files AS
SELECT pid AS pid, fd AS fd, target AS path, snapshot_key AS snapshot_key, host AS host
FROM {database}.proc_fds
WHERE type NOT IN ('socket', 'pipe', 'anon_inode')
