-- id: container-namespace-entry
-- title: Process in a container's namespaces but not its cgroup, or in its cgroup but not its namespaces
-- severity: low
-- mitre: T1611
-- why: A container's processes share its cgroup and its init's namespaces. A process from a host cgroup in the
--   container's pid and mount namespaces entered it with setns (nsenter, docker exec through a host-side
--   helper, or an attacker moving between containers from the host); a process in the container's cgroup but
--   in other pid or mount namespaces was moved into the cgroup (to hide among the container's processes or
--   dodge host monitoring) or came in from the host side of a shared cgroup. how says which:
--   entered-namespaces, or cgroup-without-namespaces.
-- benign: docker exec / kubectl exec / crictl exec sessions (most runtimes also move them into the container's
--   cgroup, so they are usually not reported); debugging with nsenter; runtimes' own helpers.
SELECT pc.container_id, c.runtime, pc.pid, st.comm,
       CASE WHEN pc.matched_by = 'namespaces' THEN 'entered-namespaces' ELSE 'cgroup-without-namespaces' END AS how,
       pc.same_pid_ns, pc.same_mnt_ns
FROM process_containers pc
JOIN containers c ON c.snapshot_id = pc.snapshot_id AND c.container_id = pc.container_id
LEFT JOIN proc_stat st ON st.snapshot_id = pc.snapshot_id AND st.pid = pc.pid
WHERE pc.snapshot_id = :snapshot_id AND c.recognised_by <> 'namespaces'
  AND (pc.matched_by = 'namespaces' OR pc.same_pid_ns = 0 OR pc.same_mnt_ns = 0)
ORDER BY pc.container_id, pc.pid
-- clickhouse:
SELECT x.snapshot_key AS snapshot_key, x.container_id AS container_id, x.runtime AS runtime, x.pid AS pid,
       s.comm AS comm, x.how AS how, x.same_pid_ns AS same_pid_ns, x.same_mnt_ns AS same_mnt_ns
FROM (
  SELECT pc.snapshot_key AS snapshot_key, pc.container_id AS container_id, c.runtime AS runtime, pc.pid AS pid,
         if(pc.matched_by = 'namespaces', 'entered-namespaces', 'cgroup-without-namespaces') AS how,
         pc.same_pid_ns AS same_pid_ns, pc.same_mnt_ns AS same_mnt_ns
  FROM process_containers AS pc
  INNER JOIN (SELECT snapshot_key, container_id, runtime FROM containers
              WHERE snapshot_key IN :snapshot_keys AND recognised_by != 'namespaces') AS c
    ON c.snapshot_key = pc.snapshot_key AND c.container_id = pc.container_id
  WHERE pc.snapshot_key IN :snapshot_keys
    AND (pc.matched_by = 'namespaces' OR ifNull(pc.same_pid_ns = 0, 0) = 1 OR ifNull(pc.same_mnt_ns = 0, 0) = 1)
) AS x
LEFT JOIN (SELECT snapshot_key, pid AS s_pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
  ON s.snapshot_key = x.snapshot_key AND s.s_pid = x.pid
ORDER BY snapshot_key, container_id, pid
