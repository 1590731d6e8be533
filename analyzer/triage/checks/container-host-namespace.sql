-- id: container-host-namespace
-- title: Container sharing the host's pid or network namespace
-- severity: medium
-- mitre: T1611
-- why: A container (recognised by its runtime's cgroup) whose init is in the host's pid namespace sees and can
--   signal or ptrace every process of the host; one in the host's network namespace can bind the host's
--   ports, sniff its interfaces and reach services listening on 127.0.0.1. That is docker run --pid=host /
--   --net=host (hostPID / hostNetwork in Kubernetes), or a process that escaped and re-entered the host's
--   namespaces while staying in the container's cgroup.
-- benign: Monitoring and node agents (node-exporter, CNI and CSI plugins, kube-proxy, log shippers) run with
--   hostPID or hostNetwork by design; compare with the deployment.
SELECT c.container_id, c.runtime, c.init_pid AS pid, st.comm, c.host_pid_ns, c.host_net_ns, c.cgroup_path
FROM containers c
LEFT JOIN proc_stat st ON st.snapshot_id = c.snapshot_id AND st.pid = c.init_pid
WHERE c.snapshot_id = :snapshot_id AND c.recognised_by <> 'namespaces' AND (c.host_pid_ns = 1 OR c.host_net_ns = 1)
ORDER BY c.container_id
-- clickhouse:
SELECT c.snapshot_key AS snapshot_key, c.container_id AS container_id, c.runtime AS runtime, c.init_pid AS pid,
       s.comm AS comm, c.host_pid_ns AS host_pid_ns, c.host_net_ns AS host_net_ns, c.cgroup_path AS cgroup_path
FROM containers AS c
LEFT JOIN (SELECT snapshot_key, pid AS init_pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
  ON s.snapshot_key = c.snapshot_key AND s.init_pid = c.init_pid
WHERE c.snapshot_key IN :snapshot_keys AND c.recognised_by != 'namespaces'
  AND (ifNull(c.host_pid_ns = 1, 0) = 1 OR ifNull(c.host_net_ns = 1, 0) = 1)
ORDER BY snapshot_key, container_id
