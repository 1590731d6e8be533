-- schema/40_system.sql: GENERATED from the table declarations (analyzer/importer/tables/*.cpp, table_decl.hpp) by
-- `procsnap schema --write schema/`. Edit the declarations, not this file.
--
-- System-wide /proc files (proc/<file>, proc/pressure/<name>, proc/sys/<path>): one snapshot has one copy of each.
-- Conventions as in 00_snapshots.sql: STRICT; absent is NULL; columns that may hold a kernel u64 are ANY
-- (INTEGER up to 2^63-1, else exact decimal TEXT). Rows come from hostile text, so these tables carry no
-- UNIQUE constraints a crafted file could trip; `line` columns give the 1-based source line for ordering and
-- for matching import_issues. Importer: analyzer/importer/tables/system.cpp; parsers: procfs/system_*.

-- /proc/meminfo as key/value rows, in file order. A key the kernel did not print has no row (e.g. MemAvailable
-- before 3.14): it is never reported as 0.
CREATE TABLE IF NOT EXISTS sys_meminfo (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  line INTEGER NOT NULL,                                 -- 1-based line in proc/meminfo
  key TEXT NOT NULL,                                     -- field name as printed, e.g. 'MemTotal', 'Active(anon)', 'HugePages_Total'
  value ANY,                                             -- the number as printed (in `unit`); NULL when unparsable
  unit TEXT,                                             -- 'kB' (KiB) for sizes; NULL for plain counts (HugePages_*)
  bytes ANY                                              -- value in bytes when unit is kB, the plain value when there is no unit
) STRICT;
CREATE INDEX IF NOT EXISTS sys_meminfo_key ON sys_meminfo(snapshot_id, key);

-- /proc/stat scalar lines: one row per snapshot.
CREATE TABLE IF NOT EXISTS sys_stat (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  btime ANY,                                             -- boot time, seconds since the epoch (UTC)
  ctxt ANY,                                              -- context switches since boot
  processes ANY,                                         -- forks (processes and threads created) since boot
  procs_running ANY,                                     -- runnable threads at capture
  procs_blocked ANY,                                     -- threads blocked waiting for I/O at capture
  intr_total ANY,                                        -- all interrupts serviced since boot (first number of the 'intr' line)
  softirq_total ANY                                      -- all softirqs serviced since boot (first number of the 'softirq' line)
) STRICT;
CREATE INDEX IF NOT EXISTS sys_stat_snapshot ON sys_stat(snapshot_id);

-- /proc/stat cpu lines: time spent per CPU (and in total) in USER_HZ ticks (snapshots.clk_tck per second).
-- Columns a kernel does not print (steal < 2.6.11, guest < 2.6.24, guest_nice < 2.6.33) are NULL.
CREATE TABLE IF NOT EXISTS sys_stat_cpu (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  line INTEGER NOT NULL,                                 -- 1-based line in proc/stat
  cpu TEXT,                                              -- 'cpu0', 'cpu1', ...; NULL for the aggregate 'cpu' line
  cpu_index INTEGER,                                     -- 0, 1, ... from the name; NULL for the aggregate line
  user ANY,                                              -- ticks in user mode (includes guest time)
  nice ANY,                                              -- ticks in user mode with low priority (nice > 0)
  system ANY,                                            -- ticks in kernel mode
  idle ANY,                                              -- ticks idle
  iowait ANY,                                            -- ticks idle with I/O outstanding (not reliable, see proc(5))
  irq ANY,                                               -- ticks servicing hard interrupts
  softirq ANY,                                           -- ticks servicing softirqs
  steal ANY,                                             -- ticks stolen by the hypervisor for other guests
  guest ANY,                                             -- ticks running a guest's virtual CPU
  guest_nice ANY                                         -- ticks running a niced guest
) STRICT;
CREATE INDEX IF NOT EXISTS sys_stat_cpu_snapshot ON sys_stat_cpu(snapshot_id);

-- /proc/stat 'intr' line: interrupts serviced per numbered IRQ since boot (all of them, zeros included).
CREATE TABLE IF NOT EXISTS sys_stat_intr (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  irq INTEGER NOT NULL,                                  -- IRQ number (position after the total)
  count ANY                                              -- interrupts serviced; NULL when unparsable
) STRICT;
CREATE INDEX IF NOT EXISTS sys_stat_intr_snapshot ON sys_stat_intr(snapshot_id);

-- /proc/stat 'softirq' line: softirqs serviced per type since boot.
CREATE TABLE IF NOT EXISTS sys_stat_softirq (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  position INTEGER NOT NULL,                             -- 0-based position after the total (the kernel's softirq number)
  name TEXT,                                             -- kernel name for the position (HI, TIMER, NET_TX, NET_RX, BLOCK, IRQ_POLL, TASKLET, SCHED, HRTIMER, RCU); NULL past the known ones
  count ANY                                              -- softirqs serviced; NULL when unparsable
) STRICT;
CREATE INDEX IF NOT EXISTS sys_stat_softirq_snapshot ON sys_stat_softirq(snapshot_id);

-- /proc/stat lines without a column above (e.g. 'page', 'swap' on 2.4 kernels, or anything new), verbatim.
CREATE TABLE IF NOT EXISTS sys_stat_other (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  line INTEGER NOT NULL,                                 -- 1-based line in proc/stat
  key TEXT NOT NULL,                                     -- first word of the line
  value TEXT                                             -- rest of the line, outer blanks trimmed
) STRICT;

-- /proc/loadavg: one row per snapshot.
CREATE TABLE IF NOT EXISTS sys_loadavg (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  load1 REAL,                                            -- run-queue load average over 1 minute
  load5 REAL,                                            -- over 5 minutes
  load15 REAL,                                           -- over 15 minutes
  running ANY,                                           -- runnable scheduling entities (threads) at capture
  total ANY,                                             -- scheduling entities existing at capture
  last_pid INTEGER                                       -- most recently assigned pid (in the collector's pid namespace)
) STRICT;

-- /proc/uptime: one row per snapshot.
CREATE TABLE IF NOT EXISTS sys_uptime (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  uptime_seconds REAL,                                   -- seconds since boot (includes suspend), 2 decimals
  idle_seconds REAL                                      -- idle time summed over all CPUs (may exceed uptime_seconds)
) STRICT;

-- /proc/version: one row per snapshot.
CREATE TABLE IF NOT EXISTS sys_version (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  version TEXT NOT NULL,                                 -- the whole line without its newline (raw bytes)
  sysname TEXT,                                          -- 'Linux' (first word)
  release TEXT,                                          -- kernel release (uname -r), third word
  builder TEXT                                           -- user@host that built the kernel (first parenthesised group)
) STRICT;

-- /proc/cmdline: the kernel command line, one row per snapshot.
CREATE TABLE IF NOT EXISTS sys_cmdline (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  cmdline TEXT NOT NULL                                  -- the whole line without its newline (raw bytes)
) STRICT;

-- /proc/cmdline split into parameters the way the kernel does (kernel/params.c next_arg).
CREATE TABLE IF NOT EXISTS sys_cmdline_params (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  position INTEGER NOT NULL,                             -- 0-based position on the command line ('--' itself not counted)
  raw TEXT NOT NULL,                                     -- the parameter as written, quotes included
  key TEXT NOT NULL,                                     -- name before the first '=' (quotes removed), e.g. 'root', 'console'
  value TEXT,                                            -- text after the first '=' with quotes removed; NULL for a bare flag
  init_arg INTEGER NOT NULL                              -- 1 when after '--' (passed to init, not a kernel parameter), else 0
) STRICT;
CREATE INDEX IF NOT EXISTS sys_cmdline_params_key ON sys_cmdline_params(snapshot_id, key);

-- /proc/modules: loaded kernel modules (kernel/module/procfs.c).
CREATE TABLE IF NOT EXISTS sys_modules (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  line INTEGER NOT NULL,                                 -- 1-based line in proc/modules
  name TEXT NOT NULL,                                    -- module name
  size ANY,                                              -- module memory in bytes
  refcount INTEGER,                                      -- reference count; NULL when printed '-' (kernel without module unload)
  used_by TEXT,                                          -- users as printed: 'a,b,' or '-' for none (see sys_module_users)
  state TEXT,                                            -- 'Live', 'Loading' or 'Unloading'
  address ANY,                                           -- load address of the module text (0 when hidden by kptr_restrict)
  taints TEXT                                            -- taint flags without parentheses (e.g. 'OE': out-of-tree, unsigned); NULL when untainted
) STRICT;
CREATE INDEX IF NOT EXISTS sys_modules_name ON sys_modules(snapshot_id, name);

-- /proc/modules used-by lists, one row per (module, user).
CREATE TABLE IF NOT EXISTS sys_module_users (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  module TEXT NOT NULL,                                  -- the module being used (sys_modules.name)
  used_by TEXT NOT NULL                                  -- a module depending on it, or '[permanent]' (cannot be unloaded)
) STRICT;
CREATE INDEX IF NOT EXISTS sys_module_users_module ON sys_module_users(snapshot_id, module);

-- /proc/swaps: active swap areas.
CREATE TABLE IF NOT EXISTS sys_swaps (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  filename TEXT NOT NULL,                                -- device or file path, kernel octal escapes (\040 ...) decoded
  type TEXT,                                             -- 'partition' or 'file'
  size_kib ANY,                                          -- size in KiB
  used_kib ANY,                                          -- used in KiB
  priority INTEGER                                       -- priority (negative when not set explicitly)
) STRICT;

-- /proc/filesystems: filesystem types registered in the kernel.
CREATE TABLE IF NOT EXISTS sys_filesystems (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  name TEXT NOT NULL,                                    -- type name, e.g. 'ext4', 'overlay'
  nodev INTEGER NOT NULL                                 -- 1 when the type needs no block device ('nodev'), else 0
) STRICT;

-- /proc/devices: registered character and block device majors.
CREATE TABLE IF NOT EXISTS sys_devices (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  kind TEXT NOT NULL,                                    -- 'character' or 'block'
  major ANY,                                             -- major number
  name TEXT                                              -- driver name, e.g. 'tty', 'virtblk'
) STRICT;

-- /proc/partitions: block devices and partitions.
CREATE TABLE IF NOT EXISTS sys_partitions (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  major ANY,                                             -- major number
  minor ANY,                                             -- minor number
  blocks ANY,                                            -- size in 1 KiB blocks
  name TEXT                                              -- device name, e.g. 'vda', 'nvme0n1p2'
) STRICT;

-- /proc/diskstats: I/O counters per block device (Documentation/admin-guide/iostats.rst). Counters a kernel does
-- not print (discard < 4.18, flush < 5.5) are NULL.
CREATE TABLE IF NOT EXISTS sys_diskstats (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  major ANY,                                             -- major number
  minor ANY,                                             -- minor number
  name TEXT,                                             -- device name
  reads_completed ANY,                                   -- reads completed successfully
  reads_merged ANY,                                      -- adjacent reads merged
  sectors_read ANY,                                      -- 512-byte sectors read
  time_reading_ms ANY,                                   -- ms spent reading
  writes_completed ANY,                                  -- writes completed
  writes_merged ANY,                                     -- adjacent writes merged
  sectors_written ANY,                                   -- 512-byte sectors written
  time_writing_ms ANY,                                   -- ms spent writing
  ios_in_progress ANY,                                   -- I/Os in flight at capture
  time_io_ms ANY,                                        -- ms spent doing I/Os
  weighted_time_io_ms ANY,                               -- weighted ms doing I/Os (queue length x time)
  discards_completed ANY,                                -- discards completed
  discards_merged ANY,                                   -- discards merged
  sectors_discarded ANY,                                 -- sectors discarded
  time_discarding_ms ANY,                                -- ms spent discarding
  flushes_completed ANY,                                 -- flush requests completed
  time_flushing_ms ANY                                   -- ms spent flushing
) STRICT;

-- /proc/vmstat as key/value rows, in file order.
CREATE TABLE IF NOT EXISTS sys_vmstat (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  line INTEGER NOT NULL,                                 -- 1-based line in proc/vmstat
  key TEXT NOT NULL,                                     -- counter name, e.g. 'nr_free_pages', 'pgfault', 'oom_kill'
  value ANY                                              -- counter value; NULL when unparsable
) STRICT;
CREATE INDEX IF NOT EXISTS sys_vmstat_key ON sys_vmstat(snapshot_id, key);

-- /proc/pressure/<resource>: pressure stall information (Documentation/accounting/psi.rst).
CREATE TABLE IF NOT EXISTS sys_pressure (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  resource TEXT NOT NULL,                                -- 'cpu', 'io', 'memory', 'irq' (the file name)
  kind TEXT NOT NULL,                                    -- 'some' (at least one task stalled) or 'full' (all non-idle tasks stalled)
  avg10 REAL,                                            -- % of wall time stalled, 10 s average
  avg60 REAL,                                            -- % of wall time stalled, 60 s average
  avg300 REAL,                                           -- % of wall time stalled, 300 s average
  total_us ANY                                           -- cumulative stall time since boot, microseconds
) STRICT;

-- /proc/cpuinfo as key/value rows: one block per logical CPU on x86 (other architectures differ).
CREATE TABLE IF NOT EXISTS sys_cpuinfo (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  line INTEGER NOT NULL,                                 -- 1-based line in proc/cpuinfo
  block INTEGER NOT NULL,                                -- 0-based index of the blank-line-separated block
  processor INTEGER,                                     -- the block's 'processor' number; NULL when the block has none
  key TEXT NOT NULL,                                     -- e.g. 'model name', 'flags', 'microcode'
  value TEXT                                             -- text after ':' (may be ''; a line without ':' is no row, an import issue)
) STRICT;
CREATE INDEX IF NOT EXISTS sys_cpuinfo_key ON sys_cpuinfo(snapshot_id, key);

-- /proc/sys/<path>: captured sysctl values, one row per file, kept as text.
CREATE TABLE IF NOT EXISTS sys_sysctl (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  name TEXT NOT NULL,                                    -- dotted name as sysctl(8) prints it, e.g. 'kernel.hostname'
  path TEXT NOT NULL,                                    -- path below /proc/sys, e.g. 'kernel/hostname' (unambiguous when a component has a '.')
  value TEXT NOT NULL                                    -- file content minus one trailing newline (raw bytes; tabs separate multi-value entries)
) STRICT;
CREATE INDEX IF NOT EXISTS sys_sysctl_name ON sys_sysctl(snapshot_id, name);

-- /proc/buddyinfo: free blocks per zone and order (external fragmentation).
CREATE TABLE IF NOT EXISTS sys_buddyinfo (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  node INTEGER,                                          -- NUMA node
  zone TEXT NOT NULL,                                    -- 'DMA', 'DMA32', 'Normal', ...
  block_order INTEGER NOT NULL,                          -- order k: blocks of 2^k contiguous pages
  free_blocks ANY                                        -- free blocks of that order; NULL when unparsable
) STRICT;

-- /proc/interrupts counts: one row per (IRQ, CPU).
CREATE TABLE IF NOT EXISTS sys_interrupts (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  irq TEXT NOT NULL,                                     -- IRQ number or arch name ('0', '24', 'NMI', 'LOC', 'ERR')
  cpu INTEGER,                                           -- CPU number from the header; NULL for a system-wide count (ERR, MIS)
  count ANY                                              -- interrupts serviced since boot; NULL when unparsable
) STRICT;
CREATE INDEX IF NOT EXISTS sys_interrupts_irq ON sys_interrupts(snapshot_id, irq);

-- /proc/interrupts descriptions: one row per IRQ line.
CREATE TABLE IF NOT EXISTS sys_interrupt_info (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  line INTEGER NOT NULL,                                 -- 1-based line in proc/interrupts
  irq TEXT NOT NULL,                                     -- IRQ number or arch name
  description TEXT                                       -- text after the counts: chip, hwirq/trigger and actions (handlers), or the arch label
) STRICT;

-- /proc/softirqs: softirqs serviced per type and CPU.
CREATE TABLE IF NOT EXISTS sys_softirqs (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  name TEXT NOT NULL,                                    -- 'HI', 'TIMER', 'NET_TX', 'NET_RX', 'BLOCK', 'IRQ_POLL', 'TASKLET', 'SCHED', 'HRTIMER', 'RCU'
  cpu INTEGER,                                           -- CPU number from the header; NULL when the column had no header
  count ANY                                              -- softirqs serviced since boot; NULL when unparsable
) STRICT;

-- /proc/zoneinfo as rows: per NUMA node and memory zone, watermarks, counters and per-CPU pagesets. Kept
-- generically because the key set changes between kernels.
CREATE TABLE IF NOT EXISTS sys_zoneinfo (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  line INTEGER NOT NULL,                                 -- 1-based line in proc/zoneinfo
  node INTEGER,                                          -- NUMA node of the enclosing 'Node N, zone NAME' header
  zone TEXT,                                             -- zone name ('DMA', 'DMA32', 'Normal', 'Movable', ...)
  section TEXT NOT NULL,                                 -- 'node' (per-node stats), 'zone' (pages free, watermarks, zone counters) or 'pagesets'
  cpu INTEGER,                                           -- CPU of a pagesets line ('cpu: N'); NULL elsewhere
  key TEXT NOT NULL,                                     -- e.g. 'nr_free_pages', 'pages free', 'min', 'protection', 'batch', 'vm stats threshold'
  value_text TEXT,                                       -- value as printed, e.g. '3952' or '(0, 2877, 7826)'
  value ANY                                              -- the value when it is one unsigned number, else NULL
) STRICT;
CREATE INDEX IF NOT EXISTS sys_zoneinfo_key ON sys_zoneinfo(snapshot_id, key);

-- /proc/locks: file locks held or awaited (POSIX, FLOCK, OFDLCK, LEASE, DELEG), joinable to processes by pid and to
-- open files by (device, inode).
CREATE TABLE IF NOT EXISTS sys_locks (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  line INTEGER NOT NULL,                                 -- 1-based line in proc/locks
  id INTEGER,                                            -- ordinal the kernel printed before ':' (a waiter repeats its blocker's)
  blocked INTEGER NOT NULL,                              -- 1 for a waiter ('->'): it waits for the lock on the line before, else 0
  class TEXT,                                            -- 'POSIX' (fcntl/lockf), 'FLOCK', 'OFDLCK' (open file description), 'LEASE', 'DELEG'
  mode TEXT,                                             -- 'ADVISORY' or 'MANDATORY'; for leases 'ACTIVE', 'BREAKING' or 'BREAKER'
  type TEXT,                                             -- 'READ', 'WRITE' or 'UNLCK'
  pid INTEGER,                                           -- owning pid (collector's pid namespace); NULL when the kernel printed -1 (OFD locks have no owner)
  dev_major ANY,                                         -- major of the file's device (the kernel prints it in hex)
  dev_minor ANY,                                         -- minor of the file's device (printed in hex)
  inode ANY,                                             -- inode of the locked file; NULL for '<none>'
  start ANY,                                             -- first byte of the locked range
  end_offset ANY,                                        -- last byte of the range; NULL when to_eof
  to_eof INTEGER NOT NULL                                -- 1 when the range extends to the end of the file ('EOF'), else 0
) STRICT;

-- /proc/sysvipc/shm: System V shared memory segments (ipcs -m). Shared memory is a classic hiding place for
-- payloads; cpid/lpid join to processes.
CREATE TABLE IF NOT EXISTS sys_sysvipc_shm (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  line INTEGER NOT NULL,                                 -- 1-based line in proc/sysvipc/shm
  key INTEGER,                                           -- IPC key (signed; 0 = IPC_PRIVATE)
  shmid ANY,                                             -- segment id
  perms TEXT,                                            -- permission bits as printed (octal digits, e.g. '600')
  size ANY,                                              -- segment size, bytes
  cpid ANY,                                              -- pid of the creator
  lpid ANY,                                              -- pid of the last shmat/shmdt
  nattch ANY,                                            -- current attaches
  uid ANY,                                               -- owner uid
  gid ANY,                                               -- owner gid
  cuid ANY,                                              -- creator uid
  cgid ANY,                                              -- creator gid
  atime ANY,                                             -- last attach, epoch seconds (0 = never)
  dtime ANY,                                             -- last detach, epoch seconds (0 = never)
  ctime ANY,                                             -- last change, epoch seconds
  rss ANY,                                               -- resident bytes
  swap ANY                                               -- swapped-out bytes
) STRICT;

-- /proc/sysvipc/msg: System V message queues (ipcs -q).
CREATE TABLE IF NOT EXISTS sys_sysvipc_msg (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  line INTEGER NOT NULL,                                 -- 1-based line in proc/sysvipc/msg
  key INTEGER,                                           -- IPC key (signed; 0 = IPC_PRIVATE)
  msqid ANY,                                             -- queue id
  perms TEXT,                                            -- permission bits as printed (octal digits)
  cbytes ANY,                                            -- bytes currently queued
  qnum ANY,                                              -- messages currently queued
  lspid ANY,                                             -- pid of the last msgsnd
  lrpid ANY,                                             -- pid of the last msgrcv
  uid ANY,                                               -- owner uid
  gid ANY,                                               -- owner gid
  cuid ANY,                                              -- creator uid
  cgid ANY,                                              -- creator gid
  stime ANY,                                             -- last msgsnd, epoch seconds (0 = never)
  rtime ANY,                                             -- last msgrcv, epoch seconds (0 = never)
  ctime ANY                                              -- last change, epoch seconds
) STRICT;

-- /proc/sysvipc/sem: System V semaphore sets (ipcs -s).
CREATE TABLE IF NOT EXISTS sys_sysvipc_sem (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  line INTEGER NOT NULL,                                 -- 1-based line in proc/sysvipc/sem
  key INTEGER,                                           -- IPC key (signed; 0 = IPC_PRIVATE)
  semid ANY,                                             -- semaphore set id
  perms TEXT,                                            -- permission bits as printed (octal digits)
  nsems ANY,                                             -- semaphores in the set
  uid ANY,                                               -- owner uid
  gid ANY,                                               -- owner gid
  cuid ANY,                                              -- creator uid
  cgid ANY,                                              -- creator gid
  otime ANY,                                             -- last semop, epoch seconds (0 = never)
  ctime ANY                                              -- last change, epoch seconds
) STRICT;

-- /proc/cgroups: cgroup controllers compiled into the kernel and their v1 hierarchy.
CREATE TABLE IF NOT EXISTS sys_cgroups (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  subsys_name TEXT NOT NULL,                             -- controller name, e.g. 'cpuset', 'memory', 'pids'
  hierarchy ANY,                                         -- v1 hierarchy id; 0 when not mounted on a v1 hierarchy (cgroup v2 or unused)
  num_cgroups ANY,                                       -- cgroups using this controller
  enabled ANY                                            -- 1 enabled, 0 disabled (cgroup_disable= on the command line)
) STRICT;

-- /proc/misc: registered misc character devices (major 10).
CREATE TABLE IF NOT EXISTS sys_misc (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  minor ANY,                                             -- minor number
  name TEXT                                              -- device name, e.g. 'fuse', 'kvm', 'vsock'
) STRICT;

-- /proc/keys: kernel keys visible to the collector (keyrings, user/logon keys, asymmetric keys).
CREATE TABLE IF NOT EXISTS sys_keys (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  line INTEGER NOT NULL,                                 -- 1-based line in proc/keys
  serial ANY,                                            -- key serial number (printed as 8 hex digits)
  flags TEXT,                                            -- 7 flags: I instantiated, R revoked, D dead, Q quota, U under construction, N negative, i invalidated ('-' unset)
  usage INTEGER,                                         -- reference count
  timeout TEXT,                                          -- 'perm', 'expd', or time left (e.g. '59m', '2d')
  perm TEXT,                                             -- permission mask as printed (8 hex digits: possessor, user, group, other)
  uid INTEGER,                                           -- owner uid
  gid INTEGER,                                           -- owner gid
  type TEXT,                                             -- key type, e.g. 'keyring', 'user', 'logon', 'asymmetric'
  description TEXT                                       -- the type's description of the key (raw bytes)
) STRICT;
