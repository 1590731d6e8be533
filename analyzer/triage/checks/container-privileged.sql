-- id: container-privileged
-- title: Container whose init holds every capability of the host (privileged container)
-- severity: medium
-- mitre: T1611
-- why: A container (recognised by its runtime's cgroup) whose init's effective capabilities hold every
--   capability up to CAP_AUDIT_READ (0-37) of the bounding set of the process that started it (its parent on the
--   host: the runtime's shim; else pid 1's, else kthreadd's) dropped nothing: CAP_SYS_ADMIN, CAP_SYS_MODULE,
--   CAP_SYS_PTRACE and the rest. The newer ones (CAP_PERFMON, CAP_BPF, CAP_CHECKPOINT_RESTORE, Linux 5.8/5.9) are
--   not compared: a runtime grants only the capabilities it knows, and Docker 20.10 with --cap-add ALL gives
--   0000003ffeffffff under a host bounding set of 000001fffeffffff (tests/fixtures/containers/runtimes). With
--   them, mounting the host's disk, loading a kernel module or writing a cgroup release_agent escapes the
--   container in one step. That is docker run --privileged (privileged: true in Kubernetes) or
--   every --cap-add.
-- benign: Docker-in-Docker build runners, CNI/CSI/device plugins and some monitoring agents run privileged
--   by design; confirm against the deployment.
SELECT container_id, runtime, pid, comm, cap_eff
FROM (
  SELECT c.container_id, c.runtime, c.init_pid AS pid, st.name AS comm, st.cap_eff,
         COALESCE(
           (SELECT p.cap_bnd FROM proc_status p WHERE p.snapshot_id = st.snapshot_id AND p.pid = st.ppid),
           (SELECT h.cap_bnd FROM proc_status h
            WHERE h.snapshot_id = :snapshot_id AND h.pid IN (1, 2) AND h.cap_bnd IS NOT NULL
            ORDER BY h.pid LIMIT 1)) AS bnd
  FROM containers c
  JOIN proc_status st ON st.snapshot_id = c.snapshot_id AND st.pid = c.init_pid
  WHERE c.snapshot_id = :snapshot_id AND c.recognised_by <> 'namespaces'
)
-- Capabilities 0-37 are the last 9 of the 16 hex digits and the low 2 bits of the 10th from the end
WHERE length(cap_eff) = 16 AND length(bnd) = 16 AND substr(cap_eff, 8) = substr(bnd, 8)
  AND ((instr('0123456789abcdef', lower(substr(cap_eff, 7, 1))) - 1) & 3)
    = ((instr('0123456789abcdef', lower(substr(bnd, 7, 1))) - 1) & 3)
ORDER BY container_id
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
WHERE length(y.cap_eff) = 16 AND length(ifNull(y.parent_bnd, h.host_bnd)) = 16
  AND substring(y.cap_eff, 8) = substring(ifNull(y.parent_bnd, h.host_bnd), 8)
  AND bitAnd(position('0123456789abcdef', lower(substring(y.cap_eff, 7, 1))) - 1, 3)
    = bitAnd(position('0123456789abcdef', lower(substring(ifNull(y.parent_bnd, h.host_bnd), 7, 1))) - 1, 3)
ORDER BY snapshot_key, container_id
