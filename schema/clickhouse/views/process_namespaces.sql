-- osquery `process_namespaces` on ClickHouse: schema/views/process_namespaces.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS {database}.process_namespaces AS
SELECT
  pid AS pid,
  toString(maxIf(inode, name = 'cgroup')) AS cgroup_namespace, toString(maxIf(inode, name = 'ipc')) AS ipc_namespace,
  toString(maxIf(inode, name = 'mnt')) AS mnt_namespace, toString(maxIf(inode, name = 'net')) AS net_namespace,
  toString(maxIf(inode, name = 'pid')) AS pid_namespace, toString(maxIf(inode, name = 'user')) AS user_namespace,
  toString(maxIf(inode, name = 'uts')) AS uts_namespace,
  snapshot_key AS snapshot_key, any(host) AS host
FROM {database}.proc_namespaces
GROUP BY snapshot_key, pid, start_time
