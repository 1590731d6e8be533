-- osquery `processes` (specs/processes.table, Linux columns): one row per captured process (proc/<pid>/stat), with
-- the values osquery derives from stat, status, cmdline, io, cgroup and the exe/cwd/root links, computed the same
-- way but from the snapshot only:
-- - start_time is absolute: snapshots.btime + starttime / snapshots.clk_tck (whole seconds, integer division as in
--   osquery), both taken from the snapshot, never from the analysing machine; NULL when either is unknown.
-- - user_time / system_time are milliseconds: ticks * 1000 / clk_tck.
-- - name is status Name (as osquery reads it; stat comm when status is missing); path is the exe link with a
--   trailing ' (deleted)' removed, as osquery does.
-- - on_disk (does the binary still exist): 0 when the exe link says ' (deleted)', else NULL: a snapshot cannot
--   stat() the host's files (osquery: 1/0, -1 unknown). The exe link (path) is the path in the process's own
--   mount namespace: a container's binary that exists only in its image is not "deleted" here (osquery#5582
--   stat()s it on the host); container_id says which container's filesystem the path belongs to.
-- - wired_size is VmLck (mlock()ed, so unpageable) in bytes, where osquery writes a constant 0 on Linux.
-- - resident_size / total_size are VmRSS / VmSize in bytes (kB * 1024; osquery appends "000" to the kB figure).
-- - disk_bytes_written is write_bytes - cancelled_write_bytes, as osquery computes it.
-- - cgroup_path is the path of the first line of proc/<pid>/cgroup, as osquery takes it.
-- Values a snapshot did not capture (io needs privileges, kernel threads have no exe or memory sizes) are NULL
-- where osquery writes '' or -1. procsnap adds, after osquery's columns: container_id (containers.container_id of
-- the process's container, NULL when in none: schema/80_containers.sql says how it is recognised) and
-- pid_in_container (its pid in the container's pid namespace, status NSpid innermost; NULL when in none), then
-- snapshot_id (last).
CREATE VIEW IF NOT EXISTS processes AS
SELECT
  st.pid AS pid,                                                     -- process id
  COALESCE(ss.name, st.comm) AS name,                                -- process name (status Name / stat comm)
  CASE WHEN exe.deleted = 1 AND exe.target LIKE '% (deleted)'
       THEN substr(exe.target, 1, length(exe.target) - 10)
       ELSE exe.target END AS path,                                  -- path of the executed binary (exe link)
  cl.cmdline AS cmdline,                                             -- complete argv, joined with single spaces
  st.state AS state,                                                 -- process state letter (R, S, D, Z, T, ...)
  cwd.target AS cwd,                                                 -- current working directory (cwd link)
  rt.target AS root,                                                 -- virtual root directory (root link)
  ss.uid_real AS uid,                                                -- real user id
  ss.gid_real AS gid,                                                -- real group id
  ss.uid_effective AS euid,                                          -- effective user id
  ss.gid_effective AS egid,                                          -- effective group id
  ss.uid_saved AS suid,                                              -- saved set-user-id
  ss.gid_saved AS sgid,                                              -- saved set-group-id
  CASE WHEN exe.deleted = 1 THEN 0 END AS on_disk,                   -- 0 when the binary was deleted, else NULL (unknown offline)
  ss.vm_lck_kb * 1024 AS wired_size,                                 -- unpageable (locked) memory, bytes
  ss.vm_rss_kb * 1024 AS resident_size,                              -- resident memory, bytes
  ss.vm_size_kb * 1024 AS total_size,                                -- total virtual memory size, bytes
  st.utime * 1000 / s.clk_tck AS user_time,                          -- CPU time in user space, milliseconds
  st.stime * 1000 / s.clk_tck AS system_time,                        -- CPU time in kernel space, milliseconds
  io.read_bytes AS disk_bytes_read,                                  -- bytes read from storage
  io.write_bytes - io.cancelled_write_bytes AS disk_bytes_written,   -- bytes written to storage, less cancelled writes
  s.btime + st.start_time / s.clk_tck AS start_time,                 -- process start, seconds since the epoch (UTC)
  st.ppid AS parent,                                                 -- parent process id
  st.pgrp AS pgroup,                                                 -- process group id
  st.num_threads AS threads,                                         -- number of threads
  st.nice AS nice,                                                   -- nice value (-20 .. 19)
  (SELECT cg.path FROM proc_cgroup AS cg
   WHERE cg.snapshot_id = st.snapshot_id AND cg.pid = st.pid AND cg.start_time IS st.start_time
   ORDER BY cg.line LIMIT 1) AS cgroup_path,                         -- control group path (first line of proc/<pid>/cgroup)
  pc.container_id AS container_id,                                   -- container the process is in (procsnap addition)
  pc.pid_in_container AS pid_in_container,                           -- its pid inside that container (procsnap addition)
  st.snapshot_id AS snapshot_id                                      -- snapshot (procsnap addition)
FROM proc_stat AS st
JOIN snapshots AS s ON s.id = st.snapshot_id
LEFT JOIN proc_status AS ss
  ON ss.snapshot_id = st.snapshot_id AND ss.pid = st.pid AND ss.start_time IS st.start_time
LEFT JOIN proc_cmdline AS cl
  ON cl.snapshot_id = st.snapshot_id AND cl.pid = st.pid AND cl.start_time IS st.start_time
LEFT JOIN proc_io AS io
  ON io.snapshot_id = st.snapshot_id AND io.pid = st.pid AND io.start_time IS st.start_time
LEFT JOIN proc_links AS exe
  ON exe.snapshot_id = st.snapshot_id AND exe.pid = st.pid AND exe.start_time IS st.start_time AND exe.name = 'exe'
LEFT JOIN proc_links AS cwd
  ON cwd.snapshot_id = st.snapshot_id AND cwd.pid = st.pid AND cwd.start_time IS st.start_time AND cwd.name = 'cwd'
LEFT JOIN proc_links AS rt
  ON rt.snapshot_id = st.snapshot_id AND rt.pid = st.pid AND rt.start_time IS st.start_time AND rt.name = 'root'
LEFT JOIN process_containers AS pc
  ON pc.snapshot_id = st.snapshot_id AND pc.pid = st.pid;
