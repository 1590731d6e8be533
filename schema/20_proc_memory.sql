-- schema/20_proc_memory.sql: GENERATED from the table declarations (analyzer/importer/tables/*.cpp, table_decl.hpp) by
-- `procsnap schema --write schema/`. Edit the declarations, not this file.
--
-- Per-process memory map, mount and file-descriptor tables: proc/<pid>/{maps,smaps,smaps_rollup,mountinfo,mounts,
-- mountstats}, the symlink members fd/<n>, ns/<name>, exe, cwd, root, map_files/<range>, and fdinfo/<n>.
-- Every row starts with (snapshot_id, pid, start_time): start_time is stat field 22 of the pid (clock ticks after
-- boot), NULL when its stat was missing or unparsable. line is the 1-based line of the member the row came from.
--
-- Representation choices (see procfs/proc_maps.hpp and proc_fd.hpp):
-- - Addresses (start_addr, end_addr, size) are kernel unsigned 64-bit values: INTEGER when <= 2^63-1, else the
--   exact decimal TEXT (e.g. [vsyscall] at 0xffffffffff600000 = '18446744073699065856'). start_hex / end_hex keep
--   the hex exactly as the kernel wrote it, so the text form is always available and a hostile 17-digit address
--   stays visible; a value that does not fit 64 bits is NULL there (with an import_issues row).
-- - Paths, link targets and mount fields are TEXT holding the bytes exactly as captured (after the documented
--   escape decoding): they may be invalid UTF-8 or contain control bytes; nothing is normalised. Escape on display.
-- - Absent values are NULL: a counter an older kernel did not print is NULL, never 0.
-- - Unparsable values are NULL and the raw bytes stay in members.data.

-- One row per line of proc/<pid>/maps: the process's virtual memory areas.
CREATE TABLE IF NOT EXISTS proc_maps (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER NOT NULL,                                 -- 1-based line in the maps member
  start_addr ANY,                                        -- first address of the region (u64: INTEGER, or decimal TEXT above 2^63-1)
  end_addr ANY,                                          -- address one past the region (u64, same representation)
  start_hex TEXT,                                        -- start address exactly as written (lower-case hex, no 0x)
  end_hex TEXT,                                          -- end address exactly as written
  size ANY,                                              -- end_addr - start_addr in bytes; NULL when either is unknown or end < start
  perms TEXT,                                            -- permissions as written: [r-][w-][x-][ps]
  perm_read INTEGER,                                     -- 1 when readable (perms[0] = 'r'), else 0; NULL without perms
  perm_write INTEGER,                                    -- 1 when writable (perms[1] = 'w')
  perm_exec INTEGER,                                     -- 1 when executable (perms[2] = 'x')
  shared INTEGER,                                        -- 1 for MAP_SHARED ('s'), 0 for private copy-on-write ('p')
  file_offset ANY,                                       -- offset into the mapped file, bytes (hex in the file)
  dev_major ANY,                                         -- device major of the mapped file (hex in the file); 0 for anonymous
  dev_minor ANY,                                         -- device minor of the mapped file
  inode ANY,                                             -- inode of the mapped file on that device; 0 for anonymous memory
  path TEXT,                                             -- path column as written (raw; " (deleted)" kept, '\n' shows as \012); NULL when none
  path_kind TEXT NOT NULL,                               -- anon, file, deleted, memfd, sysv_shm, dev_zero, heap, stack, stack_tid, vdso, vvar, vvar_vclock, vsyscall, anon_named, anon_shmem, anon_inode, pseudo, other
  deleted INTEGER NOT NULL,                              -- 1 when the path ends in " (deleted)" (unlinked file, memfd, SysV shm, /dev/zero)
  name TEXT                                              -- memfd name, [anon:NAME] / [anon_shmem:NAME] name, anon_inode name, [stack:TID] tid, SysV key
) STRICT;
CREATE INDEX IF NOT EXISTS proc_maps_pid ON proc_maps(snapshot_id, pid);

-- One row per region of proc/<pid>/smaps: the maps header plus every memory counter (kB unless noted).
CREATE TABLE IF NOT EXISTS proc_smaps (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER NOT NULL,                                 -- 1-based line of the region's header line in the smaps member
  start_addr ANY,                                        -- first address of the region (u64 representation as in proc_maps)
  end_addr ANY,                                          -- address one past the region
  start_hex TEXT,                                        -- start address as written
  end_hex TEXT,                                          -- end address as written
  perms TEXT,                                            -- permissions as written ([r-][w-][x-][ps])
  file_offset ANY,                                       -- offset into the mapped file, bytes
  dev_major ANY,                                         -- device major of the mapped file
  dev_minor ANY,                                         -- device minor of the mapped file
  inode ANY,                                             -- inode of the mapped file (0 for anonymous)
  path TEXT,                                             -- path column as written (raw), NULL when none
  path_kind TEXT NOT NULL,                               -- classification of path, as proc_maps.path_kind
  deleted INTEGER NOT NULL,                              -- 1 when the path ends in " (deleted)"
  size_kb ANY,                                           -- Size: virtual size of the region
  kernel_page_size_kb ANY,                               -- KernelPageSize: page size the kernel uses for the region
  mmu_page_size_kb ANY,                                  -- MMUPageSize: page size the MMU uses
  rss_kb ANY,                                            -- Rss: resident in RAM
  pss_kb ANY,                                            -- Pss: proportional set size (resident divided among sharers)
  pss_dirty_kb ANY,                                      -- Pss_Dirty: dirty part of Pss (6.0+)
  pss_anon_kb ANY,                                       -- Pss_Anon: anonymous part of Pss (smaps_rollup only on most kernels)
  pss_file_kb ANY,                                       -- Pss_File: file-backed part of Pss
  pss_shmem_kb ANY,                                      -- Pss_Shmem: shmem part of Pss
  shared_clean_kb ANY,                                   -- Shared_Clean: clean pages also mapped by other processes
  shared_dirty_kb ANY,                                   -- Shared_Dirty: dirty pages also mapped by other processes
  private_clean_kb ANY,                                  -- Private_Clean: clean pages only this process maps
  private_dirty_kb ANY,                                  -- Private_Dirty: dirty pages only this process maps (written-to memory)
  referenced_kb ANY,                                     -- Referenced: marked accessed
  anonymous_kb ANY,                                      -- Anonymous: not backed by a file (includes COW copies of file pages)
  ksm_kb ANY,                                            -- KSM: pages merged by kernel samepage merging (6.1+)
  lazy_free_kb ANY,                                      -- LazyFree: MADV_FREE pages the kernel may drop
  anon_huge_pages_kb ANY,                                -- AnonHugePages: anonymous transparent huge pages
  shmem_pmd_mapped_kb ANY,                               -- ShmemPmdMapped: shmem mapped with huge pages
  file_pmd_mapped_kb ANY,                                -- FilePmdMapped: file pages mapped with huge pages (5.4+)
  shared_hugetlb_kb ANY,                                 -- Shared_Hugetlb: shared hugetlbfs pages
  private_hugetlb_kb ANY,                                -- Private_Hugetlb: private hugetlbfs pages
  swap_kb ANY,                                           -- Swap: swapped out
  swap_pss_kb ANY,                                       -- SwapPss: proportional share of Swap
  locked_kb ANY,                                         -- Locked: mlock()ed
  thp_eligible ANY,                                      -- THPeligible: 1 when the region may use transparent huge pages (no unit)
  protection_key ANY,                                    -- ProtectionKey: memory protection key (x86 PKU; no unit)
  vm_flags TEXT                                          -- VmFlags as written, trimmed (two-letter flags: rd wr ex sh mr mw me ms gd pf dw lo io sr rr dc de ac nr ht sf nl ar wf dd sd mm hg nh mg um uw ss ...)
) STRICT;
CREATE INDEX IF NOT EXISTS proc_smaps_pid ON proc_smaps(snapshot_id, pid);

-- proc/<pid>/smaps_rollup: the counters of all regions summed by the kernel (one row per process).
CREATE TABLE IF NOT EXISTS proc_smaps_rollup (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  start_addr ANY,                                        -- lowest address of any region (from the [rollup] header)
  end_addr ANY,                                          -- end of the highest region
  start_hex TEXT,                                        -- start as written
  end_hex TEXT,                                          -- end as written
  size_kb ANY,                                           -- Size (the kernel does not print it in the rollup: normally NULL)
  kernel_page_size_kb ANY,                               -- KernelPageSize (normally NULL in the rollup)
  mmu_page_size_kb ANY,                                  -- MMUPageSize (normally NULL in the rollup)
  rss_kb ANY,                                            -- Rss: resident in RAM, all regions
  pss_kb ANY,                                            -- Pss: proportional set size
  pss_dirty_kb ANY,                                      -- Pss_Dirty (6.0+)
  pss_anon_kb ANY,                                       -- Pss_Anon: anonymous part of Pss (5.1+)
  pss_file_kb ANY,                                       -- Pss_File: file-backed part of Pss (5.1+)
  pss_shmem_kb ANY,                                      -- Pss_Shmem: shmem part of Pss (5.1+)
  shared_clean_kb ANY,                                   -- Shared_Clean
  shared_dirty_kb ANY,                                   -- Shared_Dirty
  private_clean_kb ANY,                                  -- Private_Clean
  private_dirty_kb ANY,                                  -- Private_Dirty
  referenced_kb ANY,                                     -- Referenced
  anonymous_kb ANY,                                      -- Anonymous
  ksm_kb ANY,                                            -- KSM (6.1+)
  lazy_free_kb ANY,                                      -- LazyFree
  anon_huge_pages_kb ANY,                                -- AnonHugePages
  shmem_pmd_mapped_kb ANY,                               -- ShmemPmdMapped
  file_pmd_mapped_kb ANY,                                -- FilePmdMapped (5.4+)
  shared_hugetlb_kb ANY,                                 -- Shared_Hugetlb
  private_hugetlb_kb ANY,                                -- Private_Hugetlb
  swap_kb ANY,                                           -- Swap
  swap_pss_kb ANY,                                       -- SwapPss
  locked_kb ANY,                                         -- Locked
  thp_eligible ANY,                                      -- THPeligible (normally NULL in the rollup)
  protection_key ANY                                     -- ProtectionKey (normally NULL in the rollup)
) STRICT;
CREATE INDEX IF NOT EXISTS proc_smaps_rollup_pid ON proc_smaps_rollup(snapshot_id, pid);

-- smaps / smaps_rollup lines with a key this version of procsnap does not know: kept, never dropped.
CREATE TABLE IF NOT EXISTS proc_smaps_extra (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  file TEXT NOT NULL,                                    -- 'smaps' or 'smaps_rollup'
  region_line INTEGER NOT NULL,                          -- line of the region's header (joins proc_smaps.line for file 'smaps')
  start_addr ANY,                                        -- start address of the region (u64 representation)
  key TEXT NOT NULL,                                     -- key before the ':'
  value TEXT NOT NULL                                    -- value as written, trimmed (e.g. '12 kB')
) STRICT;

-- One row per line of proc/<pid>/mountinfo (the mounts of the process's mount namespace, seen from its root).
CREATE TABLE IF NOT EXISTS proc_mountinfo (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  mount_id INTEGER,                                      -- (1) unique mount id (joins proc_fdinfo.mnt_id)
  parent_id INTEGER,                                     -- (2) mount id of the parent mount
  dev_major ANY,                                         -- (3) st_dev major of files on this mount
  dev_minor ANY,                                         -- (3) st_dev minor
  root TEXT,                                             -- (4) directory of the file system mounted here (bind mounts: a subdirectory); octal escapes decoded
  mount_point TEXT,                                      -- (5) mount point relative to the process's root; escapes decoded
  mount_options TEXT,                                    -- (6) per-mount options (rw, nosuid, relatime, ...); escapes decoded
  optional_fields TEXT,                                  -- (7) optional fields as written, space-separated (shared:N master:N propagate_from:N unbindable); NULL when none
  shared_peer INTEGER,                                   -- N of shared:N (peer group this mount propagates to)
  master_peer INTEGER,                                   -- N of master:N (peer group this mount receives from)
  propagate_from INTEGER,                                -- N of propagate_from:N
  unbindable INTEGER NOT NULL,                           -- 1 when the optional field 'unbindable' is present
  fs_type TEXT,                                          -- (9) file system type (type or type.subtype); escapes decoded
  source TEXT,                                           -- (10) mount source (device, server:/path, or 'none'); escapes decoded
  super_options TEXT                                     -- (11) super-block options; escapes decoded
) STRICT;
CREATE INDEX IF NOT EXISTS proc_mountinfo_pid ON proc_mountinfo(snapshot_id, pid);

-- proc/<pid>/mounts (fstab format), and the system-wide proc/mounts with pid NULL (the mount namespace of the
-- process that captured, i.e. the collector's).
CREATE TABLE IF NOT EXISTS proc_mounts (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER,                                           -- process id; NULL for the system-wide proc/mounts
  start_time INTEGER,                                    -- stat starttime of the pid (ticks after boot); NULL if unknown or system-wide
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  source TEXT,                                           -- mounted device or 'none'; octal escapes decoded
  mount_point TEXT,                                      -- mount point; escapes decoded
  fs_type TEXT,                                          -- file system type; escapes decoded
  options TEXT,                                          -- mount and super-block options together; escapes decoded
  dump INTEGER,                                          -- fstab dump field (the kernel always writes 0)
  pass INTEGER                                           -- fstab pass field (the kernel always writes 0)
) STRICT;
CREATE INDEX IF NOT EXISTS proc_mounts_pid ON proc_mounts(snapshot_id, pid);

-- proc/<pid>/mountstats: one row per mount, with the file system's statistics text (NFS) when it has one.
CREATE TABLE IF NOT EXISTS proc_mountstats (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER NOT NULL,                                 -- 1-based line of the 'device ... mounted on ...' header
  device TEXT,                                           -- mount source ('device X'); escapes decoded
  mount_point TEXT,                                      -- mount point ('mounted on Y'); escapes decoded
  fs_type TEXT,                                          -- file system type ('with fstype Z')
  statvers TEXT,                                         -- statistics format version ('statvers=1.1'); NULL when the fs prints none
  stats TEXT                                             -- the statistics lines following the header, as written, newline-joined; NULL when none
) STRICT;
CREATE INDEX IF NOT EXISTS proc_mountstats_pid ON proc_mountstats(snapshot_id, pid);

-- proc/<pid>/fd/<n>: the open file descriptors (symlink members holding the readlink target).
CREATE TABLE IF NOT EXISTS proc_fds (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  fd INTEGER,                                            -- descriptor number (from the member name)
  target TEXT NOT NULL,                                  -- readlink target, raw bytes as captured
  type TEXT NOT NULL,                                    -- file, deleted, memfd, socket, pipe, anon_inode, ns, other
  deleted INTEGER NOT NULL,                              -- 1 when the target ends in " (deleted)" (unlinked file or memfd)
  inode ANY,                                             -- N of socket:[N], pipe:[N], <ns>:[N] and other <prefix>:[N] targets (joins net_*.inode)
  subtype TEXT                                           -- anon_inode name ('[eventfd]', '[eventpoll]', 'inotify', ...), memfd name, or the prefix of <prefix>:[N]
) STRICT;
CREATE INDEX IF NOT EXISTS proc_fds_pid ON proc_fds(snapshot_id, pid);
CREATE INDEX IF NOT EXISTS proc_fds_inode ON proc_fds(snapshot_id, inode);

-- proc/<pid>/fdinfo/<n>: position, flags and mount of each open descriptor.
CREATE TABLE IF NOT EXISTS proc_fdinfo (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  fd INTEGER,                                            -- descriptor number (from the member name)
  pos INTEGER,                                           -- pos: file position (signed loff_t)
  flags_raw TEXT,                                        -- flags exactly as written (octal text)
  flags ANY,                                             -- flags value (f_flags, plus O_CLOEXEC when close-on-exec is set)
  access_mode TEXT,                                      -- O_RDONLY, O_WRONLY, O_RDWR or O_ACCMODE (flags & 3)
  flag_names TEXT,                                       -- other O_* bits, '|'-joined (asm-generic values: x86, x86_64, arm64); '' when none
  mnt_id INTEGER,                                        -- mount id of the file's mount (joins proc_mountinfo.mount_id)
  ino ANY                                                -- inode number (5.11+)
) STRICT;
CREATE INDEX IF NOT EXISTS proc_fdinfo_pid ON proc_fdinfo(snapshot_id, pid);

-- Type-specific fdinfo lines (eventfd-count, epoll tfd, inotify, fanotify, signalfd sigmask, timerfd, locks, ...).
CREATE TABLE IF NOT EXISTS proc_fdinfo_kv (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  fd INTEGER,                                            -- descriptor number (from the member name)
  line INTEGER NOT NULL,                                 -- 1-based line in the fdinfo member
  key TEXT NOT NULL,                                     -- text before the first ':' (for 'inotify ...' / 'fanotify ...' lines: that word)
  value TEXT NOT NULL                                    -- the rest of the line, trimmed, as written
) STRICT;
CREATE INDEX IF NOT EXISTS proc_fdinfo_kv_pid ON proc_fdinfo_kv(snapshot_id, pid);

-- proc/<pid>/ns/<name>: the namespaces the process is in (inode identifies a namespace within one boot).
CREATE TABLE IF NOT EXISTS proc_namespaces (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  name TEXT NOT NULL,                                    -- link name: cgroup, ipc, mnt, net, pid, pid_for_children, time, time_for_children, user, uts
  type TEXT,                                             -- namespace type from the target ('pid' for pid_for_children)
  inode ANY,                                             -- namespace inode from 'type:[inode]'
  target TEXT NOT NULL                                   -- readlink target, raw bytes as captured
) STRICT;
CREATE INDEX IF NOT EXISTS proc_namespaces_pid ON proc_namespaces(snapshot_id, pid);
CREATE INDEX IF NOT EXISTS proc_namespaces_inode ON proc_namespaces(snapshot_id, type, inode);

-- proc/<pid>/exe, cwd and root links.
CREATE TABLE IF NOT EXISTS proc_links (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  name TEXT NOT NULL,                                    -- 'exe', 'cwd' or 'root'
  target TEXT NOT NULL,                                  -- readlink target, raw bytes as captured
  type TEXT NOT NULL,                                    -- file, deleted, memfd, other (as proc_fds.type)
  deleted INTEGER NOT NULL                               -- 1 when the target ends in " (deleted)": e.g. a running binary that was replaced or removed
) STRICT;
CREATE INDEX IF NOT EXISTS proc_links_pid ON proc_links(snapshot_id, pid);

-- proc/<pid>/map_files/<start>-<end>: the file behind each file-backed mapping, by address range.
CREATE TABLE IF NOT EXISTS proc_map_files (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  name TEXT NOT NULL,                                    -- member name, '<start>-<end>' in lower-case hex
  start_addr ANY,                                        -- start address (u64 representation as in proc_maps)
  end_addr ANY,                                          -- end address
  target TEXT NOT NULL,                                  -- readlink target, raw bytes as captured
  type TEXT NOT NULL,                                    -- file, deleted, memfd, anon_inode, other (as proc_fds.type)
  deleted INTEGER NOT NULL                               -- 1 when the target ends in " (deleted)"
) STRICT;
CREATE INDEX IF NOT EXISTS proc_map_files_pid ON proc_map_files(snapshot_id, pid);

-- proc/<pid>/numa_maps: NUMA memory policy and per-node page counts of each region (counters are pages and the
-- kernel prints them only when non-zero: NULL means none).
CREATE TABLE IF NOT EXISTS proc_numa_maps (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER NOT NULL,                                 -- 1-based line in the member
  start_addr ANY,                                        -- start address of the region (u64 representation as in proc_maps; joins it)
  start_hex TEXT,                                        -- start address as written
  policy TEXT,                                           -- memory policy (default, local, prefer:N, bind:LIST, interleave:LIST, ...)
  file TEXT,                                             -- file= path of a file-backed region, octal escapes decoded; NULL otherwise
  heap INTEGER NOT NULL,                                 -- 1 for the initial heap ('heap')
  stack INTEGER NOT NULL,                                -- 1 for the main stack ('stack')
  huge INTEGER NOT NULL,                                 -- 1 for a hugetlb region ('huge')
  anon_pages ANY,                                        -- anon=: anonymous pages
  dirty_pages ANY,                                       -- dirty=: dirty pages
  mapped_pages ANY,                                      -- mapped=: mapped pages (printed only when different from anon and dirty)
  mapmax ANY,                                            -- mapmax=: highest number of processes mapping one page
  swapcache_pages ANY,                                   -- swapcache=: pages in the swap cache
  active_pages ANY,                                      -- active=: pages on the active LRU list
  writeback_pages ANY,                                   -- writeback=: pages under writeback
  kernel_page_size_kb ANY,                               -- kernelpagesize_kB=
  nodes TEXT,                                            -- pages per NUMA node as written ('N0=12 N1=3'); NULL when none
  extra TEXT                                             -- tokens this version does not know, as written; NULL when none
) STRICT;
CREATE INDEX IF NOT EXISTS proc_numa_maps_pid ON proc_numa_maps(snapshot_id, pid);
