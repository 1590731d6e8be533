-- osquery `process_namespaces` (specs/linux/process_namespaces.table): the namespaces of each process, one row per
-- process, from its proc/<pid>/ns/<name> links; each value is the namespace inode as decimal text (NULL when that
-- link was not captured, e.g. no cgroup namespace before 4.6). snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS process_namespaces AS
SELECT
  pid AS pid,                                                                      -- process id
  CAST(max(CASE WHEN name = 'cgroup' THEN inode END) AS TEXT) AS cgroup_namespace,  -- cgroup namespace inode
  CAST(max(CASE WHEN name = 'ipc' THEN inode END) AS TEXT) AS ipc_namespace,        -- ipc namespace inode
  CAST(max(CASE WHEN name = 'mnt' THEN inode END) AS TEXT) AS mnt_namespace,        -- mnt namespace inode
  CAST(max(CASE WHEN name = 'net' THEN inode END) AS TEXT) AS net_namespace,        -- net namespace inode
  CAST(max(CASE WHEN name = 'pid' THEN inode END) AS TEXT) AS pid_namespace,        -- pid namespace inode
  CAST(max(CASE WHEN name = 'user' THEN inode END) AS TEXT) AS user_namespace,      -- user namespace inode
  CAST(max(CASE WHEN name = 'uts' THEN inode END) AS TEXT) AS uts_namespace,        -- uts namespace inode
  snapshot_id AS snapshot_id                                                       -- snapshot (procsnap addition)
FROM proc_namespaces
GROUP BY snapshot_id, pid, start_time;
