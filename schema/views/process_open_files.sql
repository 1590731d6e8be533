-- osquery `process_open_files` (specs/posix/process_open_files.table): each process's open file descriptors that
-- are files, from the proc/<pid>/fd/<n> links. Like osquery, sockets, pipes and anon_inode descriptors are left
-- out (they are in process_open_sockets, process_open_pipes and proc_fds); path is the link target as captured,
-- ' (deleted)' included. snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS process_open_files AS
SELECT
  pid AS pid,                  -- process id
  fd AS fd,                    -- file descriptor number
  target AS path,              -- path of the open file (readlink of the fd)
  snapshot_id AS snapshot_id   -- snapshot (procsnap addition)
FROM proc_fds
WHERE type NOT IN ('socket', 'pipe', 'anon_inode');
