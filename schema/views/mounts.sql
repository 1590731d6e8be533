-- osquery `mounts` (specs/posix/mounts.table): the mount table osquery reads from /proc/mounts, i.e. the mounts of
-- the reading process's mount namespace. Here: the system-wide proc/mounts the collector captured (proc_mounts
-- rows with pid NULL: the collector's mount namespace); for a snapshot without it, the proc/<pid>/mounts of the
-- lowest captured pid (normally pid 1, the initial mount namespace). Columns osquery fills from statfs() and
-- realpath() on the live host cannot be known from a snapshot and are NULL: device_alias, blocks_size, blocks,
-- blocks_free, blocks_available, inodes, inodes_free. snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS mounts AS
WITH chosen AS (
  -- per snapshot: which proc_mounts rows stand for "/proc/mounts" (pid NULL = the system-wide member)
  SELECT s.id AS snapshot_id,
         CASE WHEN EXISTS (SELECT 1 FROM proc_mounts m WHERE m.snapshot_id = s.id AND m.pid IS NULL) THEN NULL
              ELSE (SELECT min(m.pid) FROM proc_mounts m WHERE m.snapshot_id = s.id) END AS pid
  FROM snapshots s
)
SELECT
  m.source AS device,               -- mounted device (or 'none', 'tmpfs', server:/path, ...)
  NULL AS device_alias,             -- canonical path of the device: needs the live filesystem (NULL)
  m.mount_point AS path,            -- mount point
  m.fs_type AS type,                -- file system type
  NULL AS blocks_size,              -- statfs() block size: not in a snapshot (NULL)
  NULL AS blocks,                   -- statfs() blocks: not in a snapshot (NULL)
  NULL AS blocks_free,              -- statfs() free blocks: not in a snapshot (NULL)
  NULL AS blocks_available,         -- statfs() blocks available to non-root: not in a snapshot (NULL)
  NULL AS inodes,                   -- statfs() inodes: not in a snapshot (NULL)
  NULL AS inodes_free,              -- statfs() free inodes: not in a snapshot (NULL)
  m.options AS flags,               -- mount options as /proc/mounts prints them (rw,nosuid,relatime,...)
  m.snapshot_id AS snapshot_id      -- snapshot (procsnap addition)
FROM chosen AS c
JOIN proc_mounts AS m ON m.snapshot_id = c.snapshot_id AND m.pid IS c.pid;
