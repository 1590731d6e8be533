-- schema/70_memory.sql: GENERATED from the table declarations (analyzer/importer/tables/*.cpp, table_decl.hpp) by
-- `procsnap schema --write schema/`. Edit the declarations, not this file.
--
-- Memory captured with procsnap-collect --mem (regions of /proc/<pid>/mem), --copy-exe (executables of
-- processes whose exe is deleted or a memfd) and --copy-fd (deleted or memfd files held open). See
-- schema/FORMAT.md "Memory regions and executable copies".
-- The bytes themselves stay in members.data (one copy): each region's captured ranges are stored as pieces of at
-- most 4 MiB (members 'mem/<pid>/<start>-<end>'), listed in memory_chunks; executables as 'bin/<pid>/exe'; files
-- behind deleted/memfd file descriptors (--copy-fd) as 'bin/<pid>/fd/<n>'.

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
  pagemap_status TEXT,                                   -- how /proc/<pid>/pagemap read for the part attempted: 'ok', an errno name (open or read failed), 'short' (fewer entries than pages: the process exited); NULL when nothing of the region was attempted (skipped) or the archive predates pagemap counts
  pages ANY,                                             -- pagemap entries read: pages of the attempted part (the whole region unless a budget, timeout or exit stopped it) minus pages_unknown
  pages_present ANY,                                     -- pages present in RAM (pagemap bit 63: mapped in the process's page tables)
  pages_swapped ANY,                                     -- pages swapped out (bit 62): their bytes are only in swap, and are not read under --mem-resident-only
  pages_soft_dirty ANY,                                  -- pages written since the process's soft-dirty bits were last cleared (bit 55; all 0 on kernels without CONFIG_MEM_SOFT_DIRTY)
  pages_exclusive ANY,                                   -- present pages mapped by this process only (bit 56, mapcount 1)
  pages_file_shared ANY,                                 -- pages that are file pages or shared anonymous memory (bit 61: shmem, memfd, page cache)
  pages_unknown ANY,                                     -- pages of the attempted part whose pagemap entry could not be read (see pagemap_status); under --mem-resident-only they are not read either (holes 'residency-unknown')
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

-- One row per present page of a --mem region whose page frame pagemap showed (a capture with CAP_SYS_ADMIN; none
-- without: the kernel hides PFNs), from the member mem/<pid>/frames/<start>-<end>. Which pages two processes
-- share: SELECT a.pid, b.pid, count(*) FROM memory_frames a JOIN memory_frames b USING (snapshot_id, frame_id)
-- WHERE a.pid < b.pid GROUP BY 1, 2. A member that is not whole 16-byte records, or whose records leave its
-- region or go backwards, gets an import issue; its records up to there are kept.
CREATE TABLE IF NOT EXISTS memory_frames (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id
  region_start ANY NOT NULL,                             -- start_addr of the region (memory_regions) the page belongs to
  addr ANY NOT NULL,                                     -- address of the page
  frame_id INTEGER NOT NULL,                             -- the page's physical frame, keyed: AES-128 of the PFN under a key drawn at random for the capture and never stored (first 8 bytes, top bit clear). Equal ids within one snapshot = the same physical page (shared memory, shared file pages, KSM, the zero page); meaningless across snapshots, and no physical address can be derived from it
  PRIMARY KEY (snapshot_id, pid, addr)
) STRICT;

-- One row per executable copy attempted by --copy-exe (its 'exe-copy' manifest line).
CREATE TABLE IF NOT EXISTS captured_executables (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id
  start_time INTEGER,                                    -- stat starttime of the pid (ticks after boot); NULL if unknown
  member_path TEXT NOT NULL,                             -- 'bin/<pid>/exe' (members.data holds the bytes when stored)
  exe_link TEXT,                                         -- the exe link target when copied (raw), e.g. '/memfd:x (deleted)'
  why TEXT,                                              -- why it was copied: deleted, memfd, all
  status TEXT NOT NULL,                                  -- ok, truncated (capped at --max-file-bytes, or the file changed while read), skipped (not a regular file), timeout, or an errno name; 'unlisted' when the member has no manifest line
  reason TEXT,                                           -- for status other than ok: not-a-regular-file, max-file-bytes, grew, shrank, interrupted, read-deadline, too-many-stuck-reads, fuse-backed (schema/FORMAT.md)
  file_size ANY,                                         -- st_size of the opened executable
  bytes INTEGER,                                         -- bytes stored (the member's size); NULL when nothing was stored
  padded INTEGER,                                        -- of those, zeros the collector appended at the end because the file shrank, a read failed or timed out part way through a copy read in pieces (the member's size was declared before its bytes were read): the member's last `padded` bytes are not the file's. 0 when none (older collectors never padded), NULL when nothing was stored
  sha256 TEXT,                                           -- SHA-256 of the member as stored (zeros of `padded` included), computed at import (compare verify); NULL when not stored
  is_elf INTEGER,                                        -- 1 when the stored bytes start with an ELF header (\x7fELF + valid class/data/version), 0 when not; NULL when not stored
  verify TEXT,                                           -- members.verify of the member: 'ok' (matches the manifest), 'hash-mismatch', 'missing', 'unlisted', 'not-stored'...
  PRIMARY KEY (snapshot_id, pid)
) STRICT;

-- One row per copy attempted by --copy-fd (its 'fd-copy' manifest line): the file behind an open file descriptor
-- that is a deleted regular file or a memfd.
CREATE TABLE IF NOT EXISTS captured_fds (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id
  start_time INTEGER,                                    -- stat starttime of the pid (ticks after boot); NULL if unknown
  fd INTEGER NOT NULL,                                   -- the file descriptor number (proc/<pid>/fd/<fd>)
  member_path TEXT NOT NULL,                             -- 'bin/<pid>/fd/<fd>' (members.data holds the bytes when stored)
  fd_link TEXT,                                          -- the fd link target (raw), e.g. '/tmp/x.log (deleted)', '/memfd:payload (deleted)'
  why TEXT,                                              -- why it was copied: deleted (an unlinked file), memfd
  status TEXT NOT NULL,                                  -- ok, truncated (capped), skipped (reason says why), an errno name, timeout; 'unlisted' when the member has no manifest line
  reason TEXT,                                           -- for status other than ok: not-a-regular-file, same-file (another fd's copy holds it: same_as), max-file-bytes, max-total (--copy-fd-max-total), grew, shrank, interrupted, fuse-backed, read-deadline, too-many-stuck-reads (schema/FORMAT.md)
  same_as TEXT,                                          -- for reason same-file: member_path of the copy of the same file (same st_dev and st_ino) made earlier in the capture
  file_size ANY,                                         -- st_size of the file (from the statx before the open)
  bytes INTEGER,                                         -- bytes stored (the member's size); NULL when nothing was stored
  padded INTEGER,                                        -- of those, zeros the collector appended at the end because the file shrank, a read failed or timed out part way through a copy read in pieces (the member's size was declared before its bytes were read): the member's last `padded` bytes are not the file's. 0 when none (older collectors never padded), NULL when nothing was stored
  sha256 TEXT,                                           -- SHA-256 of the member as stored (zeros of `padded` included), computed at import (compare verify); NULL when not stored
  is_elf INTEGER,                                        -- 1 when the stored bytes start with an ELF header (\x7fELF + valid class/data/version), 0 when not; NULL when not stored
  verify TEXT,                                           -- members.verify of the member: 'ok' (matches the manifest), 'hash-mismatch', 'missing', 'unlisted', 'not-stored'...
  PRIMARY KEY (snapshot_id, pid, fd)
) STRICT;
