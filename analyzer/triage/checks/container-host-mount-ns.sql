-- id: container-host-mount-ns
-- title: Container process in the host's mount namespace
-- severity: high
-- mitre: T1611
-- why: A container's processes normally see only their image's filesystem (their own mount namespace). A
--   container (recognised by its runtime's cgroup) whose init is in the host's mount namespace reads and
--   writes the host's files directly: no runtime starts a container that way, so it is a process that
--   escaped (setns into pid 1's mount namespace, nsenter --mount=/proc/1/ns/mnt from a privileged
--   container) or a host process moved into a container's cgroup to blend in.
-- benign: A debugging session that joined the host's mount namespace on purpose from a privileged container
--   (nsenter -t 1 -m); rare, and worth confirming.
SELECT c.container_id, c.runtime, c.init_pid AS pid, st.comm, c.mnt_ns, c.cgroup_path
FROM containers c
LEFT JOIN proc_stat st ON st.snapshot_id = c.snapshot_id AND st.pid = c.init_pid
WHERE c.snapshot_id = :snapshot_id AND c.recognised_by <> 'namespaces' AND c.host_mnt_ns = 1
ORDER BY c.container_id
-- clickhouse:
SELECT c.snapshot_key AS snapshot_key, c.container_id AS container_id, c.runtime AS runtime, c.init_pid AS pid,
       s.comm AS comm, c.mnt_ns AS mnt_ns, c.cgroup_path AS cgroup_path
FROM containers AS c
LEFT JOIN (SELECT snapshot_key, pid AS init_pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
  ON s.snapshot_key = c.snapshot_key AND s.init_pid = c.init_pid
WHERE c.snapshot_key IN :snapshot_keys AND c.recognised_by != 'namespaces' AND ifNull(c.host_mnt_ns = 1, 0) = 1
ORDER BY snapshot_key, container_id
