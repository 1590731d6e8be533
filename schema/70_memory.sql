-- schema/70_memory.sql: GENERATED from the table declarations (analyzer/importer/tables/*.cpp, table_decl.hpp) by
-- `procsnap schema --write schema/`. Edit the declarations, not this file.
--
-- Memory captured with procsnap-collect --mem (regions of /proc/<pid>/mem) and --copy-exe (executables of
-- processes whose exe is deleted or a memfd). See schema/FORMAT.md "Memory regions and executable copies".
-- The bytes themselves stay in members.data (one copy): each region's captured ranges are stored as pieces of at
-- most 4 MiB (members 'mem/<pid>/<start>-<end>'), listed in memory_chunks; executables as 'bin/<pid>/exe'.

-- One row per region the collector's --mem selection chose (its 'mem-region' manifest line), captured or not.
-- Filled at import (analyzer/importer/memory_import.cpp) from the line and the stored pieces; the line is checked,
-- not trusted: a line whose path is not <start>-<end> in hex with end > start, whose start/end fields disagree
-- with its path, or that duplicates/overlaps an earlier region of the pid gets an import_issues row and no row.
CREATE TABLE IF NOT EXISTS memory_regions (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id
  start_time INTEGER,                                    -- stat starttime of the pid (ticks after boot); NULL if unknown
  start_addr ANY NOT NULL,                               -- first address of the region (u64: INTEGER, or decimal TEXT above 2^63-1)
  end_addr ANY NOT NULL,                                 -- address one past the region (u64, same representation)
  start_hex TEXT NOT NULL,                               -- start address as in maps (lower-case hex, no 0x)
  end_hex TEXT NOT NULL,                                 -- end address as in maps
  size ANY,                                              -- end_addr - start_addr in bytes
  perms TEXT,                                            -- permissions as in maps: [r-][w-][x-][ps]
  file_offset ANY,                                       -- offset into the mapped file (from maps), bytes
  dev TEXT,                                              -- device of the mapped file as in maps, 'major:minor' in hex
  inode ANY,                                             -- inode of the mapped file; 0 for anonymous memory
  path TEXT,                                             -- maps path column as written (raw); NULL when anonymous without a name
  path_kind TEXT,                                        -- classification of path, as proc_maps.path_kind (anon, file, deleted, memfd, heap, stack, ...)
  vmflags TEXT,                                          -- VmFlags of the region from the captured smaps ("rd wr mr mw me ac"); NULL when unknown
  selection TEXT,                                        -- why it was selected: the matching top-level alternative of the --mem expression, e.g. 'x and anon'
  status TEXT NOT NULL,                                  -- ok (every byte captured), truncated (a budget stopped it), skipped (never read on purpose), EIO (holes), ESRCH, EACCES, EPERM, timeout; 'unknown' when the line has none
  reason TEXT,                                           -- for status other than ok: special-mapping, no-access, vmflags-io/pf/dd, fuse-backed, max-region, max-total, process-gone, mem-open, read-deadline, after-timeout, too-many-stuck-reads, holes (schema/FORMAT.md)
  captured_bytes INTEGER NOT NULL,                       -- bytes the archive really stores for this region (sum of its pieces' sizes; 0 when none); an import issue says when the line's captured_bytes differs
  ranges TEXT,                                           -- captured ranges as JSON [["start","end"], ...] (hex strings), as in the manifest (NULL when the line has none)
  hole_count INTEGER NOT NULL,                           -- number of unreadable ranges within the part attempted (valid entries of holes, checked up to the first bad one)
  hole_bytes ANY,                                        -- bytes in those unreadable ranges (NULL when the line has no holes)
  holes TEXT,                                            -- unreadable ranges as JSON [["start","end","EIO"], ...]
  sha256 TEXT,                                           -- SHA-256 of the captured bytes in address order, computed at import; NULL when nothing captured
  verified INTEGER NOT NULL,                             -- 1 when every piece inside the region matched its manifest hash (members.verify 'ok') AND the stored pieces agree with the line (ranges, captured_bytes, piece sizes); else 0. 1 for a region with nothing to check (skipped)
  elf_offset ANY,                                        -- offset (from start_addr) of the first ELF header (\x7fELF + valid class/data/version) in the captured bytes; NULL when none
  elf_in_anon_exec INTEGER NOT NULL,                     -- 1 when perms has x, path_kind is not a regular existing file (anon, anon_named, anon_shmem, anon_inode, heap, stack, stack_tid, memfd, deleted, sysv_shm, dev_zero; never file, vdso/vvar/pseudo: the vDSO is an ELF by design) and elf_offset is not NULL: injected or reflectively loaded code
  t0_ns INTEGER,                                         -- CLOCK_BOOTTIME ns when reading began
  t1_ns INTEGER,                                         -- CLOCK_BOOTTIME ns when reading ended
  PRIMARY KEY (snapshot_id, pid, start_addr)
) STRICT;

-- One row per stored piece of a region (at most 4 MiB each); the bytes are members.data of member_path.
-- A piece that overlaps an earlier piece of the pid, is a symlink, or whose name has end <= start is left out
-- (an import issue says so; its members row keeps the bytes).
CREATE TABLE IF NOT EXISTS memory_chunks (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id
  region_start ANY,                                      -- start_addr of the region whose [start, end) holds the piece whole (memory_regions); NULL when no region line does (an import issue says so)
  start_addr ANY NOT NULL,                               -- first address of the piece
  end_addr ANY NOT NULL,                                 -- address one past the piece
  member_path TEXT NOT NULL,                             -- members.path holding the bytes ('mem/<pid>/<start>-<end>')
  verify TEXT,                                           -- members.verify of that member ('ok', 'hash-mismatch', ...)
  PRIMARY KEY (snapshot_id, pid, start_addr)
) STRICT;

-- One row per executable copy attempted by --copy-exe (its 'exe-copy' manifest line).
CREATE TABLE IF NOT EXISTS captured_executables (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id
  start_time INTEGER,                                    -- stat starttime of the pid (ticks after boot); NULL if unknown
  member_path TEXT NOT NULL,                             -- 'bin/<pid>/exe' (members.data holds the bytes when stored)
  exe_link TEXT,                                         -- the exe link target when copied (raw), e.g. '/memfd:x (deleted)'
  why TEXT,                                              -- why it was copied: deleted, memfd, all
  status TEXT NOT NULL,                                  -- ok, truncated (capped at --max-file-bytes), skipped (not a regular file), or an errno name; 'unlisted' when the member has no manifest line
  reason TEXT,                                           -- for status other than ok: not-a-regular-file, max-file-bytes, read-deadline, too-many-stuck-reads, fuse-backed (schema/FORMAT.md)
  file_size ANY,                                         -- st_size of the opened executable
  bytes INTEGER,                                         -- bytes stored; NULL when nothing was stored
  sha256 TEXT,                                           -- SHA-256 of the stored bytes, computed at import (compare verify); NULL when not stored
  is_elf INTEGER,                                        -- 1 when the stored bytes start with an ELF header (\x7fELF + valid class/data/version), 0 when not; NULL when not stored
  verify TEXT,                                           -- members.verify of the member: 'ok' (matches the manifest), 'hash-mismatch', 'missing', 'unlisted', 'not-stored'...
  PRIMARY KEY (snapshot_id, pid)
) STRICT;
