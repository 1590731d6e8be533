-- osquery `docker_container_processes` (specs/posix/docker_container_processes.table): the processes of each
-- Docker container (containers.runtime 'docker'), one row per process. osquery runs `docker top`; here the columns
-- come from the processes view (same meaning, NULL where unknown), except:
-- - start_time is seconds since boot, as the osquery spec says (stat starttime / CLK_TCK);
-- - time is the cumulative CPU time (user + system) as ps prints it, [DD-]HH:MM:SS;
-- - user (a name from the container's /etc/passwd), cpu and mem (ps's percentages at the moment docker top ran)
--   are NULL: not in the snapshot.
-- snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS docker_container_processes AS
SELECT
  pc.container_id AS id,                         -- container id
  p.pid AS pid,                                  -- host process id
  p.name AS name,                                -- process name
  p.cmdline AS cmdline,                          -- complete argv
  p.state AS state,                              -- process state letter
  p.uid AS uid,                                  -- real user id
  p.gid AS gid,                                  -- real group id
  p.euid AS euid,                                -- effective user id
  p.egid AS egid,                                -- effective group id
  p.suid AS suid,                                -- saved user id
  p.sgid AS sgid,                                -- saved group id
  p.wired_size AS wired_size,                    -- locked memory, bytes
  p.resident_size AS resident_size,              -- resident memory, bytes
  p.total_size AS total_size,                    -- virtual memory size, bytes
  p.start_time - s.btime AS start_time,          -- start, seconds since boot
  p.parent AS parent,                            -- parent pid (host)
  p.pgroup AS pgroup,                            -- process group
  p.threads AS threads,                          -- number of threads
  p.nice AS nice,                                -- nice value
  NULL AS user,                                  -- user name: the container's /etc/passwd is not in /proc
  CASE WHEN p.user_time IS NULL OR p.system_time IS NULL THEN NULL ELSE
    (CASE WHEN (p.user_time + p.system_time) / 1000 >= 86400
          THEN printf('%d-', (p.user_time + p.system_time) / 1000 / 86400) ELSE '' END) ||
    printf('%02d:%02d:%02d', (p.user_time + p.system_time) / 1000 / 3600 % 24,
           (p.user_time + p.system_time) / 1000 / 60 % 60, (p.user_time + p.system_time) / 1000 % 60)
  END AS time,                                   -- cumulative CPU time, [DD-]HH:MM:SS
  NULL AS cpu,                                   -- ps %CPU at docker top time: not in the snapshot
  NULL AS mem,                                   -- ps %MEM at docker top time: not in the snapshot
  pc.snapshot_id AS snapshot_id                  -- snapshot (procsnap addition)
FROM process_containers AS pc
JOIN containers AS c ON c.snapshot_id = pc.snapshot_id AND c.container_id = pc.container_id
JOIN snapshots AS s ON s.id = pc.snapshot_id
JOIN processes AS p ON p.snapshot_id = pc.snapshot_id AND p.pid = pc.pid
WHERE c.runtime = 'docker';
