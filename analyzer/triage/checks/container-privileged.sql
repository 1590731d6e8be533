-- id: container-privileged
-- title: Container whose init holds every capability of the host (privileged container)
-- severity: medium
-- mitre: T1611
-- why: A container (recognised by its runtime's cgroup) whose init's effective capabilities equal the bounding
--   set of the process that started it (its parent on the host: the runtime's shim; else pid 1's, else
--   kthreadd's) dropped nothing: CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_SYS_PTRACE and
--   the rest. With them, mounting the host's disk, loading a kernel module or writing a cgroup release_agent
--   escapes the container in one step. That is docker run --privileged (privileged: true in Kubernetes) or
--   every --cap-add.
-- benign: Docker-in-Docker build runners, CNI/CSI/device plugins and some monitoring agents run privileged
--   by design; confirm against the deployment.
SELECT c.container_id, c.runtime, c.init_pid AS pid, st.name AS comm, st.cap_eff
FROM containers c
JOIN proc_status st ON st.snapshot_id = c.snapshot_id AND st.pid = c.init_pid
WHERE c.snapshot_id = :snapshot_id AND c.recognised_by <> 'namespaces'
  AND st.cap_eff = COALESCE(
        (SELECT p.cap_bnd FROM proc_status p WHERE p.snapshot_id = st.snapshot_id AND p.pid = st.ppid),
        (SELECT h.cap_bnd FROM proc_status h
         WHERE h.snapshot_id = :snapshot_id AND h.pid IN (1, 2) AND h.cap_bnd IS NOT NULL
         ORDER BY h.pid LIMIT 1))
ORDER BY c.container_id
-- clickhouse:
SELECT y.snapshot_key AS snapshot_key, y.container_id AS container_id, y.runtime AS runtime, y.pid AS pid,
       y.comm AS comm, y.cap_eff AS cap_eff
FROM (
  SELECT x.snapshot_key AS snapshot_key, x.container_id AS container_id, x.runtime AS runtime, x.pid AS pid,
         x.comm AS comm, x.cap_eff AS cap_eff, p.parent_bnd AS parent_bnd
  FROM (
    SELECT c.snapshot_key AS snapshot_key, c.container_id AS container_id, c.runtime AS runtime,
           c.init_pid AS pid, s.comm AS comm, s.cap_eff AS cap_eff, s.init_ppid AS init_ppid
    FROM containers AS c
    INNER JOIN (SELECT snapshot_key, pid AS init_pid, name AS comm, cap_eff, ifNull(ppid, -1) AS init_ppid
                FROM proc_status
                WHERE snapshot_key IN :snapshot_keys) AS s
      ON s.snapshot_key = c.snapshot_key AND s.init_pid = c.init_pid
    WHERE c.snapshot_key IN :snapshot_keys AND c.recognised_by != 'namespaces'
  ) AS x
  LEFT JOIN (SELECT snapshot_key, pid AS init_ppid, any(cap_bnd) AS parent_bnd FROM proc_status
             WHERE snapshot_key IN :snapshot_keys GROUP BY snapshot_key, pid) AS p
    ON p.snapshot_key = x.snapshot_key AND p.init_ppid = x.init_ppid
) AS y
LEFT JOIN (SELECT snapshot_key, argMin(cap_bnd, pid) AS host_bnd FROM proc_status
           WHERE snapshot_key IN :snapshot_keys AND pid IN (1, 2) AND isNotNull(cap_bnd)
           GROUP BY snapshot_key) AS h
  ON h.snapshot_key = y.snapshot_key
WHERE ifNull(y.cap_eff = ifNull(y.parent_bnd, h.host_bnd), 0) = 1
ORDER BY snapshot_key, container_id
