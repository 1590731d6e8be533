-- osquery `process_memory_map` (specs/process_memory_map.table): the memory regions of each process, one row per
-- line of proc/<pid>/maps (or, for a process whose maps was not captured, per region header of its smaps). Like
-- osquery: start/end are '0x' + the hex the kernel wrote, offset is the file offset as a number, device is
-- 'MA:MI' in the kernel's hex, pseudo is 1 when the region has a name but no inode ([heap], [stack], [vdso],
-- ...). Unlike osquery (which cuts the path at its first space), path is the whole path column as the kernel wrote
-- it, ' (deleted)' included. snapshot_id is added (last).
CREATE VIEW IF NOT EXISTS process_memory_map AS
SELECT
  pid AS pid,                                                    -- process id
  '0x' || start_hex AS start,                                    -- virtual start address (hex)
  '0x' || end_hex AS "end",                                      -- virtual end address, exclusive (hex)
  perms AS permissions,                                          -- r=read, w=write, x=execute, p=private (copy-on-write) / s=shared
  file_offset AS offset,                                         -- offset into the mapped file, bytes
  printf('%02x:%02x', dev_major, dev_minor) AS device,           -- major:minor device of the mapped file (hex)
  inode AS inode,                                                -- inode of the mapped file; 0 for anonymous memory
  path AS path,                                                  -- mapped file path or pseudo name ([heap], [stack], ...); NULL for anonymous
  CASE WHEN inode = 0 AND path IS NOT NULL AND path <> '' THEN 1 ELSE 0 END AS pseudo,  -- 1 when path is a pseudo path (named, no inode), else 0
  snapshot_id AS snapshot_id                                     -- snapshot (procsnap addition)
FROM proc_maps
UNION ALL
SELECT pid, '0x' || start_hex, '0x' || end_hex, perms, file_offset, printf('%02x:%02x', dev_major, dev_minor), inode,
       path, CASE WHEN inode = 0 AND path IS NOT NULL AND path <> '' THEN 1 ELSE 0 END, snapshot_id
FROM proc_smaps AS s
WHERE NOT EXISTS (SELECT 1 FROM proc_maps AS m WHERE m.snapshot_id = s.snapshot_id AND m.pid = s.pid);
