-- osquery `process_envs` on ClickHouse: schema/views/process_envs.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS {database}.process_envs AS
SELECT pid AS pid, key AS key, value AS value, snapshot_key AS snapshot_key, host AS host
FROM {database}.proc_environ_vars
