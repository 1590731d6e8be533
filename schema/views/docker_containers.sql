-- osquery `docker_containers` (specs/posix/docker_containers.table, with its LINUX namespace columns): the Docker
-- containers (containers.runtime 'docker') a snapshot's processes are in. osquery asks the Docker daemon; a snapshot
-- only has /proc, so columns the daemon's state holds are NULL: name, image, image_id, created, status, path,
-- config_entrypoint, security_options, env_variables (Docker's config, /var/lib/docker/containers/<id>/, not in
-- /proc). From the snapshot:
-- - pid is the container's init (containers.init_pid, host pid); command is that init's command line;
-- - state is 'running' (its processes were there at capture; a paused container's are too);
-- - started_at is the init's start time, ISO 8601 UTC to the second (Docker's State.StartedAt, to the tick);
--   finished_at is NULL (running);
-- - privileged is 1 when the init's effective capabilities hold every capability 0-37 (up to CAP_AUDIT_READ) of
--   the bounding set of the process that started it (its parent on the host, the runtime's shim; else pid 1's,
--   else kthreadd's): nothing was dropped, as with docker run --privileged (a container started with every
--   --cap-add looks the same; the newer CAP_PERFMON, CAP_BPF, CAP_CHECKPOINT_RESTORE are not compared: Docker 20.10
--   does not know them and never grants them); 0 when fewer, NULL when the statuses were not captured (the triage
--   check container-privileged uses the same rule);
-- - readonly_rootfs is 1 when the init's root mount (mountinfo, the last mount on '/') is read-only, NULL when its
--   mountinfo was not captured;
-- - the namespace columns are the init's namespace inodes as decimal text (as process_namespaces).
-- snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS docker_containers AS
SELECT
  c.container_id AS id,                                             -- container id (64 hex digits)
  NULL AS name,                                                     -- Docker's name: not in /proc
  NULL AS image,                                                    -- image name: not in /proc
  NULL AS image_id,                                                 -- image id: not in /proc
  cl.cmdline AS command,                                            -- the init's command line
  NULL AS created,                                                  -- creation time: not in /proc
  'running' AS state,                                               -- it had processes at capture
  NULL AS status,                                                   -- Docker's status text: not in /proc
  c.init_pid AS pid,                                                -- host pid of the container's init
  NULL AS path,                                                     -- Docker's Path (entrypoint as configured): not in /proc
  NULL AS config_entrypoint,                                        -- not in /proc
  strftime('%Y-%m-%dT%H:%M:%SZ', s.btime + c.init_start_time / s.clk_tck, 'unixepoch') AS started_at, -- init start
  NULL AS finished_at,                                              -- running
  CASE WHEN ist.cap_eff IS NULL OR COALESCE(pst.cap_bnd, hst.cap_bnd) IS NULL THEN NULL
       WHEN length(ist.cap_eff) = 16 AND length(COALESCE(pst.cap_bnd, hst.cap_bnd)) = 16
        AND substr(ist.cap_eff, 8) = substr(COALESCE(pst.cap_bnd, hst.cap_bnd), 8)
        AND ((instr('0123456789abcdef', lower(substr(ist.cap_eff, 7, 1))) - 1) & 3)
          = ((instr('0123456789abcdef', lower(substr(COALESCE(pst.cap_bnd, hst.cap_bnd), 7, 1))) - 1) & 3)
       THEN 1 ELSE 0 END AS privileged,                             -- nothing dropped (capabilities 0-37)
  NULL AS security_options,                                         -- not in /proc
  NULL AS env_variables,                                            -- Docker's Config.Env: not in /proc (proc_environ has the init's)
  (SELECT CASE WHEN mi.mount_options = 'ro' OR mi.mount_options LIKE 'ro,%' THEN 1 ELSE 0 END
   FROM proc_mountinfo AS mi
   WHERE mi.snapshot_id = c.snapshot_id AND mi.pid = c.init_pid AND mi.mount_point = '/'
   ORDER BY mi.line DESC LIMIT 1) AS readonly_rootfs,               -- root mount read-only
  CAST(c.cgroup_ns AS TEXT) AS cgroup_namespace,                    -- cgroup namespace inode
  CAST(c.ipc_ns AS TEXT) AS ipc_namespace,                          -- IPC namespace inode
  CAST(c.mnt_ns AS TEXT) AS mnt_namespace,                          -- mount namespace inode
  CAST(c.net_ns AS TEXT) AS net_namespace,                          -- network namespace inode
  CAST(c.pid_ns AS TEXT) AS pid_namespace,                          -- pid namespace inode
  CAST(c.user_ns AS TEXT) AS user_namespace,                        -- user namespace inode
  CAST(c.uts_ns AS TEXT) AS uts_namespace,                          -- UTS namespace inode
  c.snapshot_id AS snapshot_id                                      -- snapshot (procsnap addition)
FROM containers AS c
JOIN snapshots AS s ON s.id = c.snapshot_id
LEFT JOIN proc_cmdline AS cl ON cl.snapshot_id = c.snapshot_id AND cl.pid = c.init_pid
LEFT JOIN proc_status AS ist ON ist.snapshot_id = c.snapshot_id AND ist.pid = c.init_pid
LEFT JOIN proc_status AS pst ON pst.snapshot_id = c.snapshot_id AND pst.pid = ist.ppid
LEFT JOIN proc_status AS hst
  ON hst.snapshot_id = c.snapshot_id
 AND hst.pid = (SELECT h.pid FROM proc_status AS h
                WHERE h.snapshot_id = c.snapshot_id AND h.pid IN (1, 2) AND h.cap_bnd IS NOT NULL
                ORDER BY h.pid LIMIT 1)
WHERE c.runtime = 'docker';
