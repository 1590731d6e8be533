-- id: container-runtime-socket
-- title: Container runtime's API socket (docker.sock, containerd.sock, ...) mounted inside a container
-- severity: high
-- mitre: T1611
-- why: Whoever can talk to the Docker, containerd, CRI-O or Podman API socket can start a privileged container
--   with the host's root filesystem mounted: it is root on the host. A container process whose mount table
--   (mountinfo) has the runtime's socket bind-mounted (-v /var/run/docker.sock:/var/run/docker.sock) hands
--   that to anything running in the container, including an attacker who got code execution in it.
-- benign: CI runners building images, Portainer, Traefik and similar dashboards, log collectors and
--   docker-in-docker setups mount the socket by design; confirm it is expected for that image.
SELECT pc.container_id, pc.pid, st.comm, mi.mount_point, mi.root
FROM process_containers pc
JOIN proc_mountinfo mi ON mi.snapshot_id = pc.snapshot_id AND mi.pid = pc.pid
LEFT JOIN proc_stat st ON st.snapshot_id = pc.snapshot_id AND st.pid = pc.pid
WHERE pc.snapshot_id = :snapshot_id
  AND (mi.mount_point GLOB '*/docker.sock' OR mi.mount_point GLOB '*/containerd.sock'
       OR mi.mount_point GLOB '*/crio.sock' OR mi.mount_point GLOB '*/podman.sock')
ORDER BY pc.container_id, pc.pid, mi.mount_point, mi.root
-- clickhouse:
SELECT x.snapshot_key AS snapshot_key, x.container_id AS container_id, x.pid AS pid, s.comm AS comm,
       x.mount_point AS mount_point, x.root AS root
FROM (
  SELECT pc.snapshot_key AS snapshot_key, pc.container_id AS container_id, pc.pid AS pid,
         mi.mount_point AS mount_point, mi.root AS root
  FROM process_containers AS pc
  INNER JOIN (SELECT snapshot_key, pid AS m_pid, mount_point, root FROM proc_mountinfo
              WHERE snapshot_key IN :snapshot_keys
                AND (mount_point LIKE '%/docker.sock' OR mount_point LIKE '%/containerd.sock'
                     OR mount_point LIKE '%/crio.sock' OR mount_point LIKE '%/podman.sock')) AS mi
    ON mi.snapshot_key = pc.snapshot_key AND mi.m_pid = pc.pid
  WHERE pc.snapshot_key IN :snapshot_keys
) AS x
LEFT JOIN (SELECT snapshot_key, pid AS s_pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
  ON s.snapshot_key = x.snapshot_key AND s.s_pid = x.pid
ORDER BY snapshot_key, container_id, pid, mount_point, root NULLS FIRST
