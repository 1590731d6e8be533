-- osquery `process_open_pipes` (specs/posix/process_open_pipes.table): anonymous pipes held by processes, with the
-- descriptors at the other end. As in osquery, a descriptor gets one row per partner descriptor of the same pipe
-- inode (another fd, in any captured process of the same snapshot, whose mode differs or is 'rw'), and one row
-- with NULL partner columns when no other descriptor holds the pipe. mode comes from the fdinfo access mode
-- (O_RDONLY 'r', O_WRONLY 'w', O_RDWR 'rw'; NULL when fdinfo was not captured) where osquery reads the fd link's
-- permission bits, which encode the same. Named pipes (FIFOs) are not listed: telling a FIFO from a regular file
-- needs a stat() of the path on the live host, which a snapshot does not hold (their fds are in
-- process_open_files). Only processes captured in the snapshot can appear as partners. snapshot_id is added
-- (last).
CREATE VIEW IF NOT EXISTS process_open_pipes AS
WITH pipe_fds AS (
  SELECT f.snapshot_id, f.pid, f.fd, f.inode,
         CASE i.access_mode WHEN 'O_RDONLY' THEN 'r' WHEN 'O_WRONLY' THEN 'w' WHEN 'O_RDWR' THEN 'rw' END AS mode
  FROM proc_fds AS f
  LEFT JOIN proc_fdinfo AS i
    ON i.snapshot_id = f.snapshot_id AND i.pid = f.pid AND i.start_time IS f.start_time AND i.fd = f.fd
  WHERE f.type = 'pipe'
)
SELECT
  p.pid AS pid,                   -- process id
  p.fd AS fd,                     -- file descriptor of the pipe end
  p.mode AS mode,                 -- open mode of this end: 'r', 'w' or 'rw'
  p.inode AS inode,               -- pipe inode (pipe:[inode])
  'anonymous' AS type,            -- pipe type: always 'anonymous' here (see above for named pipes)
  q.pid AS partner_pid,           -- process holding the other end; NULL when no captured process does
  q.fd AS partner_fd,             -- descriptor of the other end in partner_pid
  q.mode AS partner_mode,         -- open mode of the other end
  p.snapshot_id AS snapshot_id    -- snapshot (procsnap addition)
FROM pipe_fds AS p
LEFT JOIN pipe_fds AS q
  ON q.snapshot_id = p.snapshot_id AND q.inode = p.inode AND NOT (q.pid = p.pid AND q.fd = p.fd)
WHERE q.pid IS NULL
   OR q.mode IS NOT p.mode OR p.mode = 'rw';
