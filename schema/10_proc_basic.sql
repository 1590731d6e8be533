-- schema/10_proc_basic.sql: GENERATED from the table declarations (analyzer/importer/tables/*.cpp, table_decl.hpp) by
-- `procsnap schema --write schema/`. Edit the declarations, not this file.
--
-- Per-process "basic" tables: proc/<pid>/{stat,status,statm,io,limits,cmdline,environ,cgroup,auxv,sched,schedstat,
-- uid_map,gid_map,projid_map,attr/*,autogroup,timens_offsets,stack,syscall,timers} and the single-value files
-- (proc_values), with per-thread task_* twins where the kernel has per-thread content. Parsers:
-- procfs/proc_*.hpp; binders: analyzer/importer/tables/proc_basic.cpp.
--
-- Keys: proc_* rows start (snapshot_id, pid, start_time); task_* rows (snapshot_id, pid, tid, start_time), where
-- start_time is the PROCESS's stat field 22 (clock ticks after boot; NULL when its stat was missing/unparsable).
-- Representation choices:
-- - Kernel unsigned 64-bit values are ANY columns: INTEGER when <= 2^63-1, else the exact decimal TEXT
--   (rsslim = 18446744073709551615 is the text '18446744073709551615'). Signed kernel values are INTEGER.
-- - Absent values are NULL, never 0/-1/'': a field an older kernel does not print, a truncated field, an
--   unparsable value (with an import_issues row) are NULL. Empty text is stored only where the kernel wrote an
--   empty value (Groups with no groups, an environment variable set to '').
-- - Text columns hold the bytes as captured (comm, argv, environment may be invalid UTF-8 or hold control
--   characters); escape on display. The raw member bytes are always in members.data.
-- - Per-thread tables exist for files whose content can differ per thread, which the collector captures under
--   task/<tid>/ (common/src/capture_list.cpp): stat, status(+kv), io, cgroup, sched, schedstat, stack, syscall,
--   children, values (comm, wchan, cpuset, arch_status). Process-wide files (statm: the mm is shared by all
--   threads; limits, oom_*, ksm_*, setgroups, loginuid, ...) exist only as proc_ rows. A zombie leader's
--   process-wide files, captured under its first live thread, are imported as the process's own rows.
-- - Single-value files share proc_values / task_values (file, key, value, number) instead of 15 one-column
--   tables; arch_status and ksm_stat (key/value files) go there too with key set.

-- proc/<pid>/stat: every field of the one-line stat file (proc(5) numbering in the comments); NULL when a field is
-- absent (older kernel, truncated) or unparsable.
CREATE TABLE IF NOT EXISTS proc_stat (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  stat_pid INTEGER,                                      -- (1) pid as written in the file (may differ from the path pid in damaged or synthetic data)
  comm TEXT,                                             -- (2) task name: the bytes between the first ( and the last ) (may hold spaces, parentheses, newlines, invalid UTF-8)
  state TEXT,                                            -- (3) state letter: R running, S sleeping, D disk sleep, Z zombie, T stopped, t tracing stop, X dead, I idle, P parked, ...
  state_name TEXT,                                       -- state letter spelled out (running, sleeping, ...); NULL for a letter procsnap does not know
  ppid INTEGER,                                          -- (4) parent pid
  pgrp INTEGER,                                          -- (5) process group id
  session INTEGER,                                       -- (6) session id
  tty_nr INTEGER,                                        -- (7) controlling terminal device number (0 = none)
  tpgid INTEGER,                                         -- (8) foreground process group of the terminal (-1 = none)
  flags ANY,                                             -- (9) PF_* kernel flags bitmap (include/linux/sched.h)
  kthread INTEGER,                                       -- 1 when flags has PF_KTHREAD (0x00200000): a kernel thread; NULL without flags
  minflt ANY,                                            -- (10) minor page faults
  cminflt ANY,                                           -- (11) minor faults of waited-for children
  majflt ANY,                                            -- (12) major page faults
  cmajflt ANY,                                           -- (13) major faults of waited-for children
  utime ANY,                                             -- (14) user-mode CPU time, clock ticks (snapshots.clk_tck per second)
  stime ANY,                                             -- (15) kernel-mode CPU time, clock ticks
  cutime INTEGER,                                        -- (16) waited-for children user time, clock ticks
  cstime INTEGER,                                        -- (17) waited-for children kernel time, clock ticks
  priority INTEGER,                                      -- (18) priority as the kernel shows it (negated RT priority - 1 for RT tasks, nice + 20 otherwise)
  nice INTEGER,                                          -- (19) nice value, -20 (high) .. 19 (low)
  num_threads INTEGER,                                   -- (20) threads in the process
  itrealvalue INTEGER,                                   -- (21) jiffies before the next SIGALRM; always 0 since 2.6.17
  starttime ANY,                                         -- (22) start time, clock ticks after boot, as written (proc_stat: equals start_time; task_stat: the thread's own)
  vsize ANY,                                             -- (23) virtual memory size, bytes
  rss INTEGER,                                           -- (24) resident set size, pages
  rsslim ANY,                                            -- (25) soft RSS limit, bytes (18446744073709551615 = unlimited, stored as decimal TEXT)
  startcode ANY,                                         -- (26) address above which program text can run
  endcode ANY,                                           -- (27) address below which program text can run
  startstack ANY,                                        -- (28) start (bottom) address of the stack
  kstkesp ANY,                                           -- (29) current stack pointer (0 unless the task is being core-dumped)
  kstkeip ANY,                                           -- (30) current instruction pointer (0 unless the task is being core-dumped)
  signal ANY,                                            -- (31) pending signals bitmap (obsolete: use proc_status.sig_pnd)
  blocked ANY,                                           -- (32) blocked signals bitmap (obsolete)
  sigignore ANY,                                         -- (33) ignored signals bitmap (obsolete)
  sigcatch ANY,                                          -- (34) caught signals bitmap (obsolete)
  wchan ANY,                                             -- (35) 0, or 1 when blocked in the kernel (the address is hidden since 4.4; see proc_values file wchan)
  nswap ANY,                                             -- (36) pages swapped (not maintained)
  cnswap ANY,                                            -- (37) cumulative nswap of children (not maintained)
  exit_signal INTEGER,                                   -- (38) signal sent to the parent when the task dies (2.1.22+)
  processor INTEGER,                                     -- (39) CPU last executed on (2.2.8+)
  rt_priority ANY,                                       -- (40) real-time priority 1..99, 0 for normal policies (2.5.19+)
  policy ANY,                                            -- (41) scheduling policy: 0 OTHER, 1 FIFO, 2 RR, 3 BATCH, 5 IDLE, 6 DEADLINE (2.5.19+)
  delayacct_blkio_ticks ANY,                             -- (42) aggregated block I/O delay, clock ticks (2.6.18+)
  guest_time ANY,                                        -- (43) time spent running a virtual CPU for a guest, clock ticks (2.6.24+)
  cguest_time INTEGER,                                   -- (44) guest time of waited-for children, clock ticks (2.6.24+)
  start_data ANY,                                        -- (45) address above which initialized and BSS data are placed (3.3+)
  end_data ANY,                                          -- (46) address below which initialized and BSS data are placed (3.3+)
  start_brk ANY,                                         -- (47) address above which the heap can be expanded with brk (3.3+)
  arg_start ANY,                                         -- (48) address of the command-line arguments (3.5+)
  arg_end ANY,                                           -- (49) end of the command-line arguments (3.5+)
  env_start ANY,                                         -- (50) address of the environment (3.5+)
  env_end ANY,                                           -- (51) end of the environment (3.5+)
  exit_code INTEGER,                                     -- (52) exit status in waitpid(2) form (3.5+)
  extra_fields INTEGER                                   -- fields after the 52nd (a newer kernel), counted and not stored; 0 normally
) STRICT;
CREATE INDEX IF NOT EXISTS proc_stat_pid ON proc_stat(snapshot_id, pid);

-- Per thread, proc/<pid>/task/<tid>/stat: the twin of proc_stat (same columns, plus tid).
CREATE TABLE IF NOT EXISTS task_stat (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  tid INTEGER NOT NULL,                                  -- thread id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  stat_pid INTEGER,                                      -- (1) pid as written in the file (may differ from the path pid in damaged or synthetic data)
  comm TEXT,                                             -- (2) task name: the bytes between the first ( and the last ) (may hold spaces, parentheses, newlines, invalid UTF-8)
  state TEXT,                                            -- (3) state letter: R running, S sleeping, D disk sleep, Z zombie, T stopped, t tracing stop, X dead, I idle, P parked, ...
  state_name TEXT,                                       -- state letter spelled out (running, sleeping, ...); NULL for a letter procsnap does not know
  ppid INTEGER,                                          -- (4) parent pid
  pgrp INTEGER,                                          -- (5) process group id
  session INTEGER,                                       -- (6) session id
  tty_nr INTEGER,                                        -- (7) controlling terminal device number (0 = none)
  tpgid INTEGER,                                         -- (8) foreground process group of the terminal (-1 = none)
  flags ANY,                                             -- (9) PF_* kernel flags bitmap (include/linux/sched.h)
  kthread INTEGER,                                       -- 1 when flags has PF_KTHREAD (0x00200000): a kernel thread; NULL without flags
  minflt ANY,                                            -- (10) minor page faults
  cminflt ANY,                                           -- (11) minor faults of waited-for children
  majflt ANY,                                            -- (12) major page faults
  cmajflt ANY,                                           -- (13) major faults of waited-for children
  utime ANY,                                             -- (14) user-mode CPU time, clock ticks (snapshots.clk_tck per second)
  stime ANY,                                             -- (15) kernel-mode CPU time, clock ticks
  cutime INTEGER,                                        -- (16) waited-for children user time, clock ticks
  cstime INTEGER,                                        -- (17) waited-for children kernel time, clock ticks
  priority INTEGER,                                      -- (18) priority as the kernel shows it (negated RT priority - 1 for RT tasks, nice + 20 otherwise)
  nice INTEGER,                                          -- (19) nice value, -20 (high) .. 19 (low)
  num_threads INTEGER,                                   -- (20) threads in the process
  itrealvalue INTEGER,                                   -- (21) jiffies before the next SIGALRM; always 0 since 2.6.17
  starttime ANY,                                         -- (22) start time, clock ticks after boot, as written (proc_stat: equals start_time; task_stat: the thread's own)
  vsize ANY,                                             -- (23) virtual memory size, bytes
  rss INTEGER,                                           -- (24) resident set size, pages
  rsslim ANY,                                            -- (25) soft RSS limit, bytes (18446744073709551615 = unlimited, stored as decimal TEXT)
  startcode ANY,                                         -- (26) address above which program text can run
  endcode ANY,                                           -- (27) address below which program text can run
  startstack ANY,                                        -- (28) start (bottom) address of the stack
  kstkesp ANY,                                           -- (29) current stack pointer (0 unless the task is being core-dumped)
  kstkeip ANY,                                           -- (30) current instruction pointer (0 unless the task is being core-dumped)
  signal ANY,                                            -- (31) pending signals bitmap (obsolete: use proc_status.sig_pnd)
  blocked ANY,                                           -- (32) blocked signals bitmap (obsolete)
  sigignore ANY,                                         -- (33) ignored signals bitmap (obsolete)
  sigcatch ANY,                                          -- (34) caught signals bitmap (obsolete)
  wchan ANY,                                             -- (35) 0, or 1 when blocked in the kernel (the address is hidden since 4.4; see proc_values file wchan)
  nswap ANY,                                             -- (36) pages swapped (not maintained)
  cnswap ANY,                                            -- (37) cumulative nswap of children (not maintained)
  exit_signal INTEGER,                                   -- (38) signal sent to the parent when the task dies (2.1.22+)
  processor INTEGER,                                     -- (39) CPU last executed on (2.2.8+)
  rt_priority ANY,                                       -- (40) real-time priority 1..99, 0 for normal policies (2.5.19+)
  policy ANY,                                            -- (41) scheduling policy: 0 OTHER, 1 FIFO, 2 RR, 3 BATCH, 5 IDLE, 6 DEADLINE (2.5.19+)
  delayacct_blkio_ticks ANY,                             -- (42) aggregated block I/O delay, clock ticks (2.6.18+)
  guest_time ANY,                                        -- (43) time spent running a virtual CPU for a guest, clock ticks (2.6.24+)
  cguest_time INTEGER,                                   -- (44) guest time of waited-for children, clock ticks (2.6.24+)
  start_data ANY,                                        -- (45) address above which initialized and BSS data are placed (3.3+)
  end_data ANY,                                          -- (46) address below which initialized and BSS data are placed (3.3+)
  start_brk ANY,                                         -- (47) address above which the heap can be expanded with brk (3.3+)
  arg_start ANY,                                         -- (48) address of the command-line arguments (3.5+)
  arg_end ANY,                                           -- (49) end of the command-line arguments (3.5+)
  env_start ANY,                                         -- (50) address of the environment (3.5+)
  env_end ANY,                                           -- (51) end of the environment (3.5+)
  exit_code INTEGER,                                     -- (52) exit status in waitpid(2) form (3.5+)
  extra_fields INTEGER                                   -- fields after the 52nd (a newer kernel), counted and not stored; 0 normally
) STRICT;
CREATE INDEX IF NOT EXISTS task_stat_pid ON task_stat(snapshot_id, pid, tid);

-- proc/<pid>/status: the keys procsnap knows as typed columns; every line is also in proc_status_kv /
-- task_status_kv.
CREATE TABLE IF NOT EXISTS proc_status (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  name TEXT,                                             -- Name: task name with the kernel's escapes (\n, \\) as printed
  umask TEXT,                                            -- Umask: octal text, e.g. 0022 (4.7+)
  state TEXT,                                            -- State: letter
  state_name TEXT,                                       -- State: the word in parentheses, e.g. sleeping
  tgid INTEGER,                                          -- Tgid: thread group id (the process id)
  ngid INTEGER,                                          -- Ngid: NUMA group id (0 = none)
  status_pid INTEGER,                                    -- Pid: thread id as written
  ppid INTEGER,                                          -- PPid: parent pid
  tracer_pid INTEGER,                                    -- TracerPid: pid of the ptrace tracer, 0 when not traced
  uid_real ANY,                                          -- Uid: real uid
  uid_effective ANY,                                     -- Uid: effective uid
  uid_saved ANY,                                         -- Uid: saved set-user-id
  uid_fs ANY,                                            -- Uid: filesystem uid
  gid_real ANY,                                          -- Gid: real gid
  gid_effective ANY,                                     -- Gid: effective gid
  gid_saved ANY,                                         -- Gid: saved set-group-id
  gid_fs ANY,                                            -- Gid: filesystem gid
  fd_size ANY,                                           -- FDSize: allocated file descriptor slots
  groups TEXT,                                           -- Groups: supplementary gids separated by spaces (empty text = no supplementary groups)
  nstgid TEXT,                                           -- NStgid: tgid in each nested pid namespace, outermost first, as printed (4.1+)
  nstgid_outermost INTEGER,                              -- NStgid: first entry (as seen from the initial pid namespace)
  nstgid_innermost INTEGER,                              -- NStgid: last entry (as the process sees itself)
  nspid TEXT,                                            -- NSpid: thread id in each nested pid namespace, as printed
  nspid_outermost INTEGER,                               -- NSpid: first entry
  nspid_innermost INTEGER,                               -- NSpid: last entry
  nspgid TEXT,                                           -- NSpgid: process group id in each nested pid namespace, as printed
  nspgid_outermost INTEGER,                              -- NSpgid: first entry
  nspgid_innermost INTEGER,                              -- NSpgid: last entry
  nssid TEXT,                                            -- NSsid: session id in each nested pid namespace, as printed
  nssid_outermost INTEGER,                               -- NSsid: first entry
  nssid_innermost INTEGER,                               -- NSsid: last entry
  kthread INTEGER,                                       -- Kthread: 1 for kernel threads (6.x)
  vm_peak_kb ANY,                                        -- VmPeak (peak virtual size): kB as printed (absent for kernel threads)
  vm_size_kb ANY,                                        -- VmSize (virtual size): kB as printed (absent for kernel threads)
  vm_lck_kb ANY,                                         -- VmLck (locked memory): kB as printed (absent for kernel threads)
  vm_pin_kb ANY,                                         -- VmPin (pinned memory): kB as printed (absent for kernel threads)
  vm_hwm_kb ANY,                                         -- VmHWM (peak resident set): kB as printed (absent for kernel threads)
  vm_rss_kb ANY,                                         -- VmRSS (resident set): kB as printed (absent for kernel threads)
  rss_anon_kb ANY,                                       -- RssAnon (resident anonymous memory): kB as printed (absent for kernel threads)
  rss_file_kb ANY,                                       -- RssFile (resident file mappings): kB as printed (absent for kernel threads)
  rss_shmem_kb ANY,                                      -- RssShmem (resident shared memory): kB as printed (absent for kernel threads)
  vm_data_kb ANY,                                        -- VmData (data segment): kB as printed (absent for kernel threads)
  vm_stk_kb ANY,                                         -- VmStk (stack): kB as printed (absent for kernel threads)
  vm_exe_kb ANY,                                         -- VmExe (text segment): kB as printed (absent for kernel threads)
  vm_lib_kb ANY,                                         -- VmLib (shared library code): kB as printed (absent for kernel threads)
  vm_pte_kb ANY,                                         -- VmPTE (page tables): kB as printed (absent for kernel threads)
  vm_pmd_kb ANY,                                         -- VmPMD (second-level page tables; 4.0..4.14): kB as printed (absent for kernel threads)
  vm_swap_kb ANY,                                        -- VmSwap (swapped-out anonymous memory): kB as printed (absent for kernel threads)
  hugetlb_pages_kb ANY,                                  -- HugetlbPages (hugetlbfs memory): kB as printed (absent for kernel threads)
  core_dumping INTEGER,                                  -- CoreDumping: 1 while the process is dumping core (4.15+)
  thp_enabled INTEGER,                                   -- THP_enabled: 1 when transparent huge pages are allowed (5.0+)
  untag_mask TEXT,                                       -- untag_mask: address tag mask, hex text (6.4+)
  threads ANY,                                           -- Threads: threads in the process
  sigq TEXT,                                             -- SigQ: queued/limit as printed
  sigq_queued ANY,                                       -- SigQ: signals queued for the real uid
  sigq_limit ANY,                                        -- SigQ: RLIMIT_SIGPENDING
  sig_pnd TEXT,                                          -- SigPnd: thread pending signals, hex
  shd_pnd TEXT,                                          -- ShdPnd: process-shared pending signals, hex
  sig_blk TEXT,                                          -- SigBlk: blocked signals, hex
  sig_ign TEXT,                                          -- SigIgn: ignored signals, hex
  sig_cgt TEXT,                                          -- SigCgt: caught signals, hex
  cap_inh TEXT,                                          -- CapInh: inheritable capabilities, hex
  cap_prm TEXT,                                          -- CapPrm: permitted capabilities, hex
  cap_eff TEXT,                                          -- CapEff: effective capabilities, hex
  cap_bnd TEXT,                                          -- CapBnd: bounding set, hex
  cap_amb TEXT,                                          -- CapAmb: ambient capabilities, hex (4.3+)
  no_new_privs INTEGER,                                  -- NoNewPrivs: 1 when PR_SET_NO_NEW_PRIVS is set (4.10+)
  seccomp INTEGER,                                       -- Seccomp: 0 disabled, 1 strict, 2 filter
  seccomp_filters INTEGER,                               -- Seccomp_filters: attached seccomp filters (5.9+)
  speculation_store_bypass TEXT,                         -- Speculation_Store_Bypass: mitigation state text (4.17+)
  speculation_indirect_branch TEXT,                      -- SpeculationIndirectBranch: mitigation state text (5.8+)
  cpus_allowed TEXT,                                     -- Cpus_allowed: CPU affinity mask, hex
  cpus_allowed_list TEXT,                                -- Cpus_allowed_list: CPU affinity as a range list
  mems_allowed TEXT,                                     -- Mems_allowed: memory nodes mask, hex
  mems_allowed_list TEXT,                                -- Mems_allowed_list: memory nodes as a range list
  voluntary_ctxt_switches ANY,                           -- voluntary_ctxt_switches: voluntary context switches
  nonvoluntary_ctxt_switches ANY,                        -- nonvoluntary_ctxt_switches: involuntary context switches
  x86_thread_features TEXT,                              -- x86_Thread_features: enabled user shadow stack / WRSS features (6.6+)
  x86_thread_features_locked TEXT                        -- x86_Thread_features_locked: features locked against change (6.6+)
) STRICT;
CREATE INDEX IF NOT EXISTS proc_status_pid ON proc_status(snapshot_id, pid);

-- Per thread, proc/<pid>/task/<tid>/status: the twin of proc_status (same columns, plus tid).
CREATE TABLE IF NOT EXISTS task_status (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  tid INTEGER NOT NULL,                                  -- thread id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  name TEXT,                                             -- Name: task name with the kernel's escapes (\n, \\) as printed
  umask TEXT,                                            -- Umask: octal text, e.g. 0022 (4.7+)
  state TEXT,                                            -- State: letter
  state_name TEXT,                                       -- State: the word in parentheses, e.g. sleeping
  tgid INTEGER,                                          -- Tgid: thread group id (the process id)
  ngid INTEGER,                                          -- Ngid: NUMA group id (0 = none)
  status_pid INTEGER,                                    -- Pid: thread id as written
  ppid INTEGER,                                          -- PPid: parent pid
  tracer_pid INTEGER,                                    -- TracerPid: pid of the ptrace tracer, 0 when not traced
  uid_real ANY,                                          -- Uid: real uid
  uid_effective ANY,                                     -- Uid: effective uid
  uid_saved ANY,                                         -- Uid: saved set-user-id
  uid_fs ANY,                                            -- Uid: filesystem uid
  gid_real ANY,                                          -- Gid: real gid
  gid_effective ANY,                                     -- Gid: effective gid
  gid_saved ANY,                                         -- Gid: saved set-group-id
  gid_fs ANY,                                            -- Gid: filesystem gid
  fd_size ANY,                                           -- FDSize: allocated file descriptor slots
  groups TEXT,                                           -- Groups: supplementary gids separated by spaces (empty text = no supplementary groups)
  nstgid TEXT,                                           -- NStgid: tgid in each nested pid namespace, outermost first, as printed (4.1+)
  nstgid_outermost INTEGER,                              -- NStgid: first entry (as seen from the initial pid namespace)
  nstgid_innermost INTEGER,                              -- NStgid: last entry (as the process sees itself)
  nspid TEXT,                                            -- NSpid: thread id in each nested pid namespace, as printed
  nspid_outermost INTEGER,                               -- NSpid: first entry
  nspid_innermost INTEGER,                               -- NSpid: last entry
  nspgid TEXT,                                           -- NSpgid: process group id in each nested pid namespace, as printed
  nspgid_outermost INTEGER,                              -- NSpgid: first entry
  nspgid_innermost INTEGER,                              -- NSpgid: last entry
  nssid TEXT,                                            -- NSsid: session id in each nested pid namespace, as printed
  nssid_outermost INTEGER,                               -- NSsid: first entry
  nssid_innermost INTEGER,                               -- NSsid: last entry
  kthread INTEGER,                                       -- Kthread: 1 for kernel threads (6.x)
  vm_peak_kb ANY,                                        -- VmPeak (peak virtual size): kB as printed (absent for kernel threads)
  vm_size_kb ANY,                                        -- VmSize (virtual size): kB as printed (absent for kernel threads)
  vm_lck_kb ANY,                                         -- VmLck (locked memory): kB as printed (absent for kernel threads)
  vm_pin_kb ANY,                                         -- VmPin (pinned memory): kB as printed (absent for kernel threads)
  vm_hwm_kb ANY,                                         -- VmHWM (peak resident set): kB as printed (absent for kernel threads)
  vm_rss_kb ANY,                                         -- VmRSS (resident set): kB as printed (absent for kernel threads)
  rss_anon_kb ANY,                                       -- RssAnon (resident anonymous memory): kB as printed (absent for kernel threads)
  rss_file_kb ANY,                                       -- RssFile (resident file mappings): kB as printed (absent for kernel threads)
  rss_shmem_kb ANY,                                      -- RssShmem (resident shared memory): kB as printed (absent for kernel threads)
  vm_data_kb ANY,                                        -- VmData (data segment): kB as printed (absent for kernel threads)
  vm_stk_kb ANY,                                         -- VmStk (stack): kB as printed (absent for kernel threads)
  vm_exe_kb ANY,                                         -- VmExe (text segment): kB as printed (absent for kernel threads)
  vm_lib_kb ANY,                                         -- VmLib (shared library code): kB as printed (absent for kernel threads)
  vm_pte_kb ANY,                                         -- VmPTE (page tables): kB as printed (absent for kernel threads)
  vm_pmd_kb ANY,                                         -- VmPMD (second-level page tables; 4.0..4.14): kB as printed (absent for kernel threads)
  vm_swap_kb ANY,                                        -- VmSwap (swapped-out anonymous memory): kB as printed (absent for kernel threads)
  hugetlb_pages_kb ANY,                                  -- HugetlbPages (hugetlbfs memory): kB as printed (absent for kernel threads)
  core_dumping INTEGER,                                  -- CoreDumping: 1 while the process is dumping core (4.15+)
  thp_enabled INTEGER,                                   -- THP_enabled: 1 when transparent huge pages are allowed (5.0+)
  untag_mask TEXT,                                       -- untag_mask: address tag mask, hex text (6.4+)
  threads ANY,                                           -- Threads: threads in the process
  sigq TEXT,                                             -- SigQ: queued/limit as printed
  sigq_queued ANY,                                       -- SigQ: signals queued for the real uid
  sigq_limit ANY,                                        -- SigQ: RLIMIT_SIGPENDING
  sig_pnd TEXT,                                          -- SigPnd: thread pending signals, hex
  shd_pnd TEXT,                                          -- ShdPnd: process-shared pending signals, hex
  sig_blk TEXT,                                          -- SigBlk: blocked signals, hex
  sig_ign TEXT,                                          -- SigIgn: ignored signals, hex
  sig_cgt TEXT,                                          -- SigCgt: caught signals, hex
  cap_inh TEXT,                                          -- CapInh: inheritable capabilities, hex
  cap_prm TEXT,                                          -- CapPrm: permitted capabilities, hex
  cap_eff TEXT,                                          -- CapEff: effective capabilities, hex
  cap_bnd TEXT,                                          -- CapBnd: bounding set, hex
  cap_amb TEXT,                                          -- CapAmb: ambient capabilities, hex (4.3+)
  no_new_privs INTEGER,                                  -- NoNewPrivs: 1 when PR_SET_NO_NEW_PRIVS is set (4.10+)
  seccomp INTEGER,                                       -- Seccomp: 0 disabled, 1 strict, 2 filter
  seccomp_filters INTEGER,                               -- Seccomp_filters: attached seccomp filters (5.9+)
  speculation_store_bypass TEXT,                         -- Speculation_Store_Bypass: mitigation state text (4.17+)
  speculation_indirect_branch TEXT,                      -- SpeculationIndirectBranch: mitigation state text (5.8+)
  cpus_allowed TEXT,                                     -- Cpus_allowed: CPU affinity mask, hex
  cpus_allowed_list TEXT,                                -- Cpus_allowed_list: CPU affinity as a range list
  mems_allowed TEXT,                                     -- Mems_allowed: memory nodes mask, hex
  mems_allowed_list TEXT,                                -- Mems_allowed_list: memory nodes as a range list
  voluntary_ctxt_switches ANY,                           -- voluntary_ctxt_switches: voluntary context switches
  nonvoluntary_ctxt_switches ANY,                        -- nonvoluntary_ctxt_switches: involuntary context switches
  x86_thread_features TEXT,                              -- x86_Thread_features: enabled user shadow stack / WRSS features (6.6+)
  x86_thread_features_locked TEXT                        -- x86_Thread_features_locked: features locked against change (6.6+)
) STRICT;
CREATE INDEX IF NOT EXISTS task_status_pid ON task_status(snapshot_id, pid, tid);

-- every key: value line of proc/<pid>/status, including keys newer kernels add.
CREATE TABLE IF NOT EXISTS proc_status_kv (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER,                                          -- 1-based line in the status member
  key TEXT,                                              -- text before the first colon, as written
  value TEXT                                             -- text after the colon with surrounding blanks removed (empty text when the key has no value)
) STRICT;
CREATE INDEX IF NOT EXISTS proc_status_kv_pid ON proc_status_kv(snapshot_id, pid);

-- Per thread, proc/<pid>/task/<tid>/status: the twin of proc_status_kv (same columns, plus tid).
CREATE TABLE IF NOT EXISTS task_status_kv (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  tid INTEGER NOT NULL,                                  -- thread id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER,                                          -- 1-based line in the status member
  key TEXT,                                              -- text before the first colon, as written
  value TEXT                                             -- text after the colon with surrounding blanks removed (empty text when the key has no value)
) STRICT;
CREATE INDEX IF NOT EXISTS task_status_kv_pid ON task_status_kv(snapshot_id, pid, tid);

-- proc/<pid>/statm: memory sizes in pages (snapshots.page_size bytes).
CREATE TABLE IF NOT EXISTS proc_statm (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  size ANY,                                              -- total program size (= VmSize), pages
  resident ANY,                                          -- resident set (= VmRSS), pages
  shared ANY,                                            -- resident shared (file-backed + shmem) pages
  text ANY,                                              -- text (code), pages
  lib ANY,                                               -- library pages (always 0 since 2.6)
  data ANY,                                              -- data + stack, pages
  dt ANY                                                 -- dirty pages (always 0 since 2.6)
) STRICT;
CREATE INDEX IF NOT EXISTS proc_statm_pid ON proc_statm(snapshot_id, pid);

-- proc/<pid>/io: I/O accounting counters (readable by the owner or root only).
CREATE TABLE IF NOT EXISTS proc_io (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  rchar ANY,                                             -- bytes read by read(2)-like calls, cache hits included
  wchar ANY,                                             -- bytes written by write(2)-like calls
  syscr ANY,                                             -- read system calls
  syscw ANY,                                             -- write system calls
  read_bytes ANY,                                        -- bytes fetched from storage
  write_bytes ANY,                                       -- bytes sent to storage
  cancelled_write_bytes INTEGER                          -- bytes dirtied then truncated before writeback; signed: a negative value as seen in the wild is kept (a u64 above 2^63-1 is stored as its two's-complement, with an import_issues row)
) STRICT;
CREATE INDEX IF NOT EXISTS proc_io_pid ON proc_io(snapshot_id, pid);

-- Per thread, proc/<pid>/task/<tid>/io: the twin of proc_io (same columns, plus tid).
CREATE TABLE IF NOT EXISTS task_io (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  tid INTEGER NOT NULL,                                  -- thread id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  rchar ANY,                                             -- bytes read by read(2)-like calls, cache hits included
  wchar ANY,                                             -- bytes written by write(2)-like calls
  syscr ANY,                                             -- read system calls
  syscw ANY,                                             -- write system calls
  read_bytes ANY,                                        -- bytes fetched from storage
  write_bytes ANY,                                       -- bytes sent to storage
  cancelled_write_bytes INTEGER                          -- bytes dirtied then truncated before writeback; signed: a negative value as seen in the wild is kept (a u64 above 2^63-1 is stored as its two's-complement, with an import_issues row)
) STRICT;
CREATE INDEX IF NOT EXISTS task_io_pid ON task_io(snapshot_id, pid, tid);

-- proc/<pid>/limits: one row per resource limit (process-wide, so no task_ table).
CREATE TABLE IF NOT EXISTS proc_limits (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER,                                          -- 1-based line in the limits member
  name TEXT,                                             -- limit name as printed, e.g. Max open files
  resource TEXT,                                         -- RLIMIT_* name of the limit (NULL for a name procsnap does not know)
  soft ANY,                                              -- soft limit; NULL when unlimited (see soft_unlimited) or unreadable
  hard ANY,                                              -- hard limit; NULL when unlimited or unreadable
  soft_unlimited INTEGER,                                -- 1 when the soft limit is unlimited (RLIM_INFINITY), else 0
  hard_unlimited INTEGER,                                -- 1 when the hard limit is unlimited, else 0
  units TEXT                                             -- units column: seconds, bytes, processes, files, locks, signals, us; NULL when the kernel prints none (nice and realtime priority)
) STRICT;
CREATE INDEX IF NOT EXISTS proc_limits_pid ON proc_limits(snapshot_id, pid);

-- proc/<pid>/cmdline: the raw argv area and a summary; the arguments are rows of proc_cmdline_args.
CREATE TABLE IF NOT EXISTS proc_cmdline (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  raw BLOB,                                              -- the member bytes exactly as captured
  argc INTEGER,                                          -- number of arguments after the NUL-splitting rules
  cmdline TEXT,                                          -- arguments joined with single spaces (like ps and osquery processes.cmdline); NULL when argc is 0
  trailing_nul INTEGER,                                  -- 1 when the content ends with a NUL (the normal kernel-made case), else 0
  padding_nuls INTEGER,                                  -- NULs after the first terminating one (setproctitle padding), not counted as arguments
  setproctitle INTEGER                                   -- 1 when the content looks rewritten by setproctitle (one argument holding spaces); a hint, not a verdict
) STRICT;
CREATE INDEX IF NOT EXISTS proc_cmdline_pid ON proc_cmdline(snapshot_id, pid);

-- proc/<pid>/cmdline split into arguments (NUL separated; trailing NUL padding is not an argument).
CREATE TABLE IF NOT EXISTS proc_cmdline_args (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  idx INTEGER,                                           -- argument index (0 = argv[0])
  arg TEXT                                               -- the argument bytes as captured (may be empty, invalid UTF-8 or hold control characters)
) STRICT;
CREATE INDEX IF NOT EXISTS proc_cmdline_args_pid ON proc_cmdline_args(snapshot_id, pid);

-- proc/<pid>/environ: the raw initial environment block and a summary; entries are rows of proc_environ_vars.
CREATE TABLE IF NOT EXISTS proc_environ (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  raw BLOB,                                              -- the member bytes exactly as captured
  count INTEGER,                                         -- number of entries
  trailing_nul INTEGER,                                  -- 1 when the content ends with a NUL, else 0
  padding_nuls INTEGER                                   -- NULs after the first terminating one
) STRICT;
CREATE INDEX IF NOT EXISTS proc_environ_pid ON proc_environ(snapshot_id, pid);

-- proc/<pid>/environ entries split at the first =.
CREATE TABLE IF NOT EXISTS proc_environ_vars (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  idx INTEGER,                                           -- entry index in the environment block
  key TEXT,                                              -- text before the first = (the whole entry when it has none)
  value TEXT                                             -- text after the first = (may be empty text); NULL when the entry has no =
) STRICT;
CREATE INDEX IF NOT EXISTS proc_environ_vars_pid ON proc_environ_vars(snapshot_id, pid);

-- proc/<pid>/cgroup: one row per hierarchy membership.
CREATE TABLE IF NOT EXISTS proc_cgroup (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER,                                          -- 1-based line in the cgroup member
  hierarchy_id ANY,                                      -- hierarchy id (0 = the cgroup v2 unified hierarchy)
  controllers TEXT,                                      -- comma-separated controllers, or name=NAME; empty text for cgroup v2
  path TEXT                                              -- cgroup path relative to the hierarchy root, as written
) STRICT;
CREATE INDEX IF NOT EXISTS proc_cgroup_pid ON proc_cgroup(snapshot_id, pid);

-- Per thread, proc/<pid>/task/<tid>/cgroup: the twin of proc_cgroup (same columns, plus tid).
CREATE TABLE IF NOT EXISTS task_cgroup (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  tid INTEGER NOT NULL,                                  -- thread id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER,                                          -- 1-based line in the cgroup member
  hierarchy_id ANY,                                      -- hierarchy id (0 = the cgroup v2 unified hierarchy)
  controllers TEXT,                                      -- comma-separated controllers, or name=NAME; empty text for cgroup v2
  path TEXT                                              -- cgroup path relative to the hierarchy root, as written
) STRICT;
CREATE INDEX IF NOT EXISTS task_cgroup_pid ON task_cgroup(snapshot_id, pid, tid);

-- proc/<pid>/auxv: the ELF auxiliary vector given at exec, decoded as 64-bit little-endian pairs, up to AT_NULL.
CREATE TABLE IF NOT EXISTS proc_auxv (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  idx INTEGER,                                           -- position in the auxiliary vector (0-based)
  type ANY,                                              -- a_type
  name TEXT,                                             -- AT_* name of the type; NULL when procsnap does not know it
  value ANY,                                             -- a_un.a_val (u64)
  value_hex TEXT                                         -- value as 0x-prefixed lower-case hex (addresses read better so)
) STRICT;
CREATE INDEX IF NOT EXISTS proc_auxv_pid ON proc_auxv(snapshot_id, pid);

-- proc/<pid>/sched (CONFIG_SCHED_DEBUG): scheduler statistics as key/value rows (the layout changes between
-- kernels).
CREATE TABLE IF NOT EXISTS proc_sched (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER,                                          -- 1-based line in the sched member
  key TEXT,                                              -- key, e.g. se.sum_exec_runtime; k=v pair lines give <prefix>.<k> keys; the header line gives comm, pid and threads (line 1)
  value TEXT,                                            -- value text as printed
  value_int INTEGER                                      -- value when it is a signed 64-bit integer, else NULL
) STRICT;
CREATE INDEX IF NOT EXISTS proc_sched_pid ON proc_sched(snapshot_id, pid);

-- Per thread, proc/<pid>/task/<tid>/sched: the twin of proc_sched (same columns, plus tid).
CREATE TABLE IF NOT EXISTS task_sched (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  tid INTEGER NOT NULL,                                  -- thread id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER,                                          -- 1-based line in the sched member
  key TEXT,                                              -- key, e.g. se.sum_exec_runtime; k=v pair lines give <prefix>.<k> keys; the header line gives comm, pid and threads (line 1)
  value TEXT,                                            -- value text as printed
  value_int INTEGER                                      -- value when it is a signed 64-bit integer, else NULL
) STRICT;
CREATE INDEX IF NOT EXISTS task_sched_pid ON task_sched(snapshot_id, pid, tid);

-- proc/<pid>/schedstat: CPU run and wait time.
CREATE TABLE IF NOT EXISTS proc_schedstat (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  run_time_ns ANY,                                       -- time spent on the CPU, ns
  wait_time_ns ANY,                                      -- time spent waiting on a runqueue, ns
  timeslices ANY                                         -- timeslices run on a CPU
) STRICT;
CREATE INDEX IF NOT EXISTS proc_schedstat_pid ON proc_schedstat(snapshot_id, pid);

-- Per thread, proc/<pid>/task/<tid>/schedstat: the twin of proc_schedstat (same columns, plus tid).
CREATE TABLE IF NOT EXISTS task_schedstat (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  tid INTEGER NOT NULL,                                  -- thread id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  run_time_ns ANY,                                       -- time spent on the CPU, ns
  wait_time_ns ANY,                                      -- time spent waiting on a runqueue, ns
  timeslices ANY                                         -- timeslices run on a CPU
) STRICT;
CREATE INDEX IF NOT EXISTS task_schedstat_pid ON task_schedstat(snapshot_id, pid, tid);

-- proc/<pid>/uid_map: user namespace uid mapping extents (0 0 4294967295 = the initial namespace).
CREATE TABLE IF NOT EXISTS proc_uid_map (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER,                                          -- 1-based line (one extent per line)
  inside ANY,                                            -- first id inside the namespace
  outside ANY,                                           -- first id in the namespace of the process that read the file (the collector)
  count ANY                                              -- length of the id range
) STRICT;
CREATE INDEX IF NOT EXISTS proc_uid_map_pid ON proc_uid_map(snapshot_id, pid);

-- proc/<pid>/gid_map: user namespace gid mapping extents.
CREATE TABLE IF NOT EXISTS proc_gid_map (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER,                                          -- 1-based line (one extent per line)
  inside ANY,                                            -- first id inside the namespace
  outside ANY,                                           -- first id in the namespace of the process that read the file (the collector)
  count ANY                                              -- length of the id range
) STRICT;
CREATE INDEX IF NOT EXISTS proc_gid_map_pid ON proc_gid_map(snapshot_id, pid);

-- proc/<pid>/projid_map: user namespace project id mapping extents.
CREATE TABLE IF NOT EXISTS proc_projid_map (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER,                                          -- 1-based line (one extent per line)
  inside ANY,                                            -- first id inside the namespace
  outside ANY,                                           -- first id in the namespace of the process that read the file (the collector)
  count ANY                                              -- length of the id range
) STRICT;
CREATE INDEX IF NOT EXISTS proc_projid_map_pid ON proc_projid_map(snapshot_id, pid);

-- proc/<pid>/attr/*: Linux security module labels (SELinux, AppArmor, Smack), one row per file.
CREATE TABLE IF NOT EXISTS proc_attr (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  name TEXT,                                             -- attribute file under attr/: current, exec, fscreate, keycreate, prev, sockcreate, or <lsm>/<file>
  value TEXT                                             -- label text without its trailing newline or NUL; NULL when the file was empty
) STRICT;
CREATE INDEX IF NOT EXISTS proc_attr_pid ON proc_attr(snapshot_id, pid);

-- proc/<pid>/autogroup (CONFIG_SCHED_AUTOGROUP): the scheduler autogroup of the process.
CREATE TABLE IF NOT EXISTS proc_autogroup (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  name TEXT,                                             -- autogroup name, e.g. /autogroup-5
  autogroup_id INTEGER,                                  -- the number in the name
  nice INTEGER                                           -- the autogroup's nice value
) STRICT;
CREATE INDEX IF NOT EXISTS proc_autogroup_pid ON proc_autogroup(snapshot_id, pid);

-- proc/<pid>/timens_offsets (5.6+): clock offsets of the process's time namespace.
CREATE TABLE IF NOT EXISTS proc_timens_offsets (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER,                                          -- 1-based line
  clock TEXT,                                            -- clock name (monotonic, boottime) or id as printed
  seconds INTEGER,                                       -- offset seconds from the parent time namespace
  nanoseconds INTEGER                                    -- offset nanoseconds
) STRICT;
CREATE INDEX IF NOT EXISTS proc_timens_offsets_pid ON proc_timens_offsets(snapshot_id, pid);

-- proc/<pid>/stack (root only): the kernel stack, one row per frame.
CREATE TABLE IF NOT EXISTS proc_stack (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  idx INTEGER,                                           -- frame index (0 = innermost)
  frame TEXT,                                            -- the frame line as written
  address ANY,                                           -- frame address (0 when hidden, as since 4.19)
  symbol TEXT,                                           -- function name
  offset ANY,                                            -- offset into the function, bytes
  size ANY,                                              -- function size, bytes
  module TEXT                                            -- module name for frames in a loadable module, else NULL
) STRICT;
CREATE INDEX IF NOT EXISTS proc_stack_pid ON proc_stack(snapshot_id, pid);

-- Per thread, proc/<pid>/task/<tid>/stack: the twin of proc_stack (same columns, plus tid).
CREATE TABLE IF NOT EXISTS task_stack (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  tid INTEGER NOT NULL,                                  -- thread id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  idx INTEGER,                                           -- frame index (0 = innermost)
  frame TEXT,                                            -- the frame line as written
  address ANY,                                           -- frame address (0 when hidden, as since 4.19)
  symbol TEXT,                                           -- function name
  offset ANY,                                            -- offset into the function, bytes
  size ANY,                                              -- function size, bytes
  module TEXT                                            -- module name for frames in a loadable module, else NULL
) STRICT;
CREATE INDEX IF NOT EXISTS task_stack_pid ON task_stack(snapshot_id, pid, tid);

-- proc/<pid>/syscall: the system call the task is blocked in, with its argument registers.
CREATE TABLE IF NOT EXISTS proc_syscall (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  state TEXT,                                            -- running (on a CPU: no stable answer), blocked (-1: not in a system call) or syscall
  number INTEGER,                                        -- system call number (architecture specific; -1 when blocked outside a system call)
  arg1 ANY,                                              -- system call argument register 1
  arg2 ANY,                                              -- system call argument register 2
  arg3 ANY,                                              -- system call argument register 3
  arg4 ANY,                                              -- system call argument register 4
  arg5 ANY,                                              -- system call argument register 5
  arg6 ANY,                                              -- system call argument register 6
  sp ANY,                                                -- user stack pointer
  pc ANY                                                 -- user program counter
) STRICT;
CREATE INDEX IF NOT EXISTS proc_syscall_pid ON proc_syscall(snapshot_id, pid);

-- Per thread, proc/<pid>/task/<tid>/syscall: the twin of proc_syscall (same columns, plus tid).
CREATE TABLE IF NOT EXISTS task_syscall (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  tid INTEGER NOT NULL,                                  -- thread id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  state TEXT,                                            -- running (on a CPU: no stable answer), blocked (-1: not in a system call) or syscall
  number INTEGER,                                        -- system call number (architecture specific; -1 when blocked outside a system call)
  arg1 ANY,                                              -- system call argument register 1
  arg2 ANY,                                              -- system call argument register 2
  arg3 ANY,                                              -- system call argument register 3
  arg4 ANY,                                              -- system call argument register 4
  arg5 ANY,                                              -- system call argument register 5
  arg6 ANY,                                              -- system call argument register 6
  sp ANY,                                                -- user stack pointer
  pc ANY                                                 -- user program counter
) STRICT;
CREATE INDEX IF NOT EXISTS task_syscall_pid ON task_syscall(snapshot_id, pid, tid);

-- proc/<pid>/timers: the process's POSIX timers, one row per timer.
CREATE TABLE IF NOT EXISTS proc_timers (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  line INTEGER,                                          -- 1-based line of the timer's ID entry
  timer_id INTEGER,                                      -- POSIX timer id (timer_create)
  signal INTEGER,                                        -- signal number sent on expiry
  sigev_value TEXT,                                      -- sigev_value as printed (hex)
  notify TEXT,                                           -- notification: signal, thread or none
  notify_target_kind TEXT,                               -- pid or tid
  notify_target INTEGER,                                 -- the pid or tid notified
  clock_id INTEGER                                       -- CLOCK_* id: 0 REALTIME, 1 MONOTONIC, 2 PROCESS_CPUTIME_ID, 3 THREAD_CPUTIME_ID, 7 BOOTTIME, ...
) STRICT;
CREATE INDEX IF NOT EXISTS proc_timers_pid ON proc_timers(snapshot_id, pid);

-- proc/<pid>/task/<tid>/children (CONFIG_PROC_CHILDREN): children of each thread, one row per child.
CREATE TABLE IF NOT EXISTS task_children (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  tid INTEGER NOT NULL,                                  -- thread id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  idx INTEGER,                                           -- position in the children list
  child_pid INTEGER                                      -- pid of a child of this thread
) STRICT;
CREATE INDEX IF NOT EXISTS task_children_pid ON task_children(snapshot_id, pid, tid);

-- single-value and small key/value files of proc/<pid>/, one row per value (see the file column).
CREATE TABLE IF NOT EXISTS proc_values (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  file TEXT,                                             -- the /proc file name: comm, setgroups, coredump_filter, cpuset, loginuid, sessionid, oom_adj, oom_score, oom_score_adj, personality, wchan, timerslack_ns, ksm_merging_pages, arch_status, ksm_stat
  key TEXT,                                              -- for key/value files (arch_status, ksm_stat) the key; NULL for single-value files
  value TEXT,                                            -- the value text as written, trailing newline removed
  number ANY,                                            -- the value as a number: decimal, or hex for coredump_filter and personality (INTEGER, may be negative; decimal TEXT above 2^63-1); NULL when not numeric or unset
  unset INTEGER                                          -- 1 for loginuid/sessionid 4294967295 (AUDIT_UID_UNSET / AUDIT_SID_UNSET: never set), else 0
) STRICT;
CREATE INDEX IF NOT EXISTS proc_values_pid ON proc_values(snapshot_id, pid);

-- Per thread, proc/<pid>/task/<tid>/comm, wchan, ...: the twin of proc_values (same columns, plus tid).
CREATE TABLE IF NOT EXISTS task_values (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  pid INTEGER NOT NULL,                                  -- process id (from the member path)
  tid INTEGER NOT NULL,                                  -- thread id (from the member path)
  start_time INTEGER,                                    -- stat starttime of the process (ticks after boot); NULL if unknown
  file TEXT,                                             -- the /proc file name: comm, setgroups, coredump_filter, cpuset, loginuid, sessionid, oom_adj, oom_score, oom_score_adj, personality, wchan, timerslack_ns, ksm_merging_pages, arch_status, ksm_stat
  key TEXT,                                              -- for key/value files (arch_status, ksm_stat) the key; NULL for single-value files
  value TEXT,                                            -- the value text as written, trailing newline removed
  number ANY,                                            -- the value as a number: decimal, or hex for coredump_filter and personality (INTEGER, may be negative; decimal TEXT above 2^63-1); NULL when not numeric or unset
  unset INTEGER                                          -- 1 for loginuid/sessionid 4294967295 (AUDIT_UID_UNSET / AUDIT_SID_UNSET: never set), else 0
) STRICT;
CREATE INDEX IF NOT EXISTS task_values_pid ON task_values(snapshot_id, pid, tid);
