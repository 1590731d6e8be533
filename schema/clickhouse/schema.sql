-- procsnap's tables on ClickHouse (GENERATED from the table declarations; `procsnap schema --clickhouse`).
-- Valid from ClickHouse 18.16 to current releases. `procsnap push` creates them itself.
-- Every table: snapshot_key (archive SHA-256), host, capture_time, then the SQLite table's columns (see
-- schema/*.sql for their meaning) without snapshot_id. A snapshot is complete when its snapshots row exists.
-- schema_version: 2:f9c3f2ee3939b87d

CREATE TABLE IF NOT EXISTS procsnap_meta (
  key String COMMENT 'schema_version (of the tables on this server), created_at',
  value String COMMENT 'the value'
) ENGINE = MergeTree ORDER BY key;

-- members: Every archive member and every manifest line, with the raw bytes: nothing is lost when a parser improves.
CREATE TABLE IF NOT EXISTS `procsnap`.`members` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `path` String COMMENT 'archive path, e.g. \'proc/1/stat\'',
  `pid` Nullable(Int64) COMMENT 'pid from the path (NULL for system-wide members)',
  `tid` Nullable(Int64) COMMENT 'tid from the path (task/<tid>/...), else NULL',
  `start_time` Nullable(Int64) COMMENT 'the pid\'s starttime (ticks) if known',
  `kind` String COMMENT '\'file\' or \'link\' (as stored), or the manifest kind if not stored (\'process\', \'dir\', \'netns-ref\', ...)',
  `status` Nullable(String) COMMENT 'manifest status (ok, ENOENT, EACCES, truncated, reused, ...); NULL if no manifest line',
  `reason` Nullable(String) COMMENT 'manifest reason for skipped/truncated/timeout',
  `size` Nullable(Int64) COMMENT 'stored bytes (NULL when not stored)',
  `sha256` Nullable(String) COMMENT 'SHA-256 computed at import (NULL when not stored)',
  `verify` Nullable(String) COMMENT '\'ok\' (matches the manifest), \'hash-mismatch\', \'missing\' (listed with a hash, never stored), \'unlisted\' (stored, no line), \'not-stored\' (line without bytes), \'unverified\' (its chunk never came), \'meta\' (header/trailer)',
  `t0_ns` Nullable(Int64) COMMENT 'manifest t0: CLOCK_BOOTTIME ns when reading began (NULL without a line)',
  `t1_ns` Nullable(Int64) COMMENT 'manifest t1: CLOCK_BOOTTIME ns when reading ended',
  `manifest` Nullable(String) COMMENT 'the manifest line as written (JSON; NULL when unlisted)',
  `data` Nullable(String) COMMENT 'raw bytes (regular) or raw link target (symlink); NULL when not stored'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `path`);

-- import_issues: Parser warnings and verification findings: what could not be read as expected, with an excerpt.
CREATE TABLE IF NOT EXISTS `procsnap`.`import_issues` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `path` String COMMENT 'member path (\'\' for archive-level issues)',
  `line` Nullable(Int64) COMMENT '1-based line in the member, NULL if not line-specific',
  `excerpt` Nullable(String) COMMENT 'offending bytes (raw, at most 200; escaped on display)',
  `message` String COMMENT 'what was wrong'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- proc_stat: proc/<pid>/stat: every field of the one-line stat file (proc(5) numbering in the comments); NULL when a field is
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_stat` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `stat_pid` Nullable(Int64) COMMENT '(1) pid as written in the file (may differ from the path pid in damaged or synthetic data)',
  `comm` Nullable(String) COMMENT '(2) task name: the bytes between the first ( and the last ) (may hold spaces, parentheses, newlines, invalid UTF-8)',
  `state` Nullable(String) COMMENT '(3) state letter: R running, S sleeping, D disk sleep, Z zombie, T stopped, t tracing stop, X dead, I idle, P parked, ...',
  `state_name` Nullable(String) COMMENT 'state letter spelled out (running, sleeping, ...); NULL for a letter procsnap does not know',
  `ppid` Nullable(Int64) COMMENT '(4) parent pid',
  `pgrp` Nullable(Int64) COMMENT '(5) process group id',
  `session` Nullable(Int64) COMMENT '(6) session id',
  `tty_nr` Nullable(Int64) COMMENT '(7) controlling terminal device number (0 = none)',
  `tpgid` Nullable(Int64) COMMENT '(8) foreground process group of the terminal (-1 = none)',
  `flags` Nullable(UInt64) COMMENT '(9) PF_* kernel flags bitmap (include/linux/sched.h)',
  `kthread` Nullable(Int64) COMMENT '1 when flags has PF_KTHREAD (0x00200000): a kernel thread; NULL without flags',
  `minflt` Nullable(UInt64) COMMENT '(10) minor page faults',
  `cminflt` Nullable(UInt64) COMMENT '(11) minor faults of waited-for children',
  `majflt` Nullable(UInt64) COMMENT '(12) major page faults',
  `cmajflt` Nullable(UInt64) COMMENT '(13) major faults of waited-for children',
  `utime` Nullable(UInt64) COMMENT '(14) user-mode CPU time, clock ticks (snapshots.clk_tck per second)',
  `stime` Nullable(UInt64) COMMENT '(15) kernel-mode CPU time, clock ticks',
  `cutime` Nullable(Int64) COMMENT '(16) waited-for children user time, clock ticks',
  `cstime` Nullable(Int64) COMMENT '(17) waited-for children kernel time, clock ticks',
  `priority` Nullable(Int64) COMMENT '(18) priority as the kernel shows it (negated RT priority - 1 for RT tasks, nice + 20 otherwise)',
  `nice` Nullable(Int64) COMMENT '(19) nice value, -20 (high) .. 19 (low)',
  `num_threads` Nullable(Int64) COMMENT '(20) threads in the process',
  `itrealvalue` Nullable(Int64) COMMENT '(21) jiffies before the next SIGALRM; always 0 since 2.6.17',
  `starttime` Nullable(UInt64) COMMENT '(22) start time, clock ticks after boot, as written (proc_stat: equals start_time; task_stat: the thread\'s own)',
  `vsize` Nullable(UInt64) COMMENT '(23) virtual memory size, bytes',
  `rss` Nullable(Int64) COMMENT '(24) resident set size, pages',
  `rsslim` Nullable(UInt64) COMMENT '(25) soft RSS limit, bytes (18446744073709551615 = unlimited, stored as decimal TEXT)',
  `startcode` Nullable(UInt64) COMMENT '(26) address above which program text can run',
  `endcode` Nullable(UInt64) COMMENT '(27) address below which program text can run',
  `startstack` Nullable(UInt64) COMMENT '(28) start (bottom) address of the stack',
  `kstkesp` Nullable(UInt64) COMMENT '(29) current stack pointer (0 unless the task is being core-dumped)',
  `kstkeip` Nullable(UInt64) COMMENT '(30) current instruction pointer (0 unless the task is being core-dumped)',
  `signal` Nullable(UInt64) COMMENT '(31) pending signals bitmap (obsolete: use proc_status.sig_pnd)',
  `blocked` Nullable(UInt64) COMMENT '(32) blocked signals bitmap (obsolete)',
  `sigignore` Nullable(UInt64) COMMENT '(33) ignored signals bitmap (obsolete)',
  `sigcatch` Nullable(UInt64) COMMENT '(34) caught signals bitmap (obsolete)',
  `wchan` Nullable(UInt64) COMMENT '(35) 0, or 1 when blocked in the kernel (the address is hidden since 4.4; see proc_values file wchan)',
  `nswap` Nullable(UInt64) COMMENT '(36) pages swapped (not maintained)',
  `cnswap` Nullable(UInt64) COMMENT '(37) cumulative nswap of children (not maintained)',
  `exit_signal` Nullable(Int64) COMMENT '(38) signal sent to the parent when the task dies (2.1.22+)',
  `processor` Nullable(Int64) COMMENT '(39) CPU last executed on (2.2.8+)',
  `rt_priority` Nullable(UInt64) COMMENT '(40) real-time priority 1..99, 0 for normal policies (2.5.19+)',
  `policy` Nullable(UInt64) COMMENT '(41) scheduling policy: 0 OTHER, 1 FIFO, 2 RR, 3 BATCH, 5 IDLE, 6 DEADLINE (2.5.19+)',
  `delayacct_blkio_ticks` Nullable(UInt64) COMMENT '(42) aggregated block I/O delay, clock ticks (2.6.18+)',
  `guest_time` Nullable(UInt64) COMMENT '(43) time spent running a virtual CPU for a guest, clock ticks (2.6.24+)',
  `cguest_time` Nullable(Int64) COMMENT '(44) guest time of waited-for children, clock ticks (2.6.24+)',
  `start_data` Nullable(UInt64) COMMENT '(45) address above which initialized and BSS data are placed (3.3+)',
  `end_data` Nullable(UInt64) COMMENT '(46) address below which initialized and BSS data are placed (3.3+)',
  `start_brk` Nullable(UInt64) COMMENT '(47) address above which the heap can be expanded with brk (3.3+)',
  `arg_start` Nullable(UInt64) COMMENT '(48) address of the command-line arguments (3.5+)',
  `arg_end` Nullable(UInt64) COMMENT '(49) end of the command-line arguments (3.5+)',
  `env_start` Nullable(UInt64) COMMENT '(50) address of the environment (3.5+)',
  `env_end` Nullable(UInt64) COMMENT '(51) end of the environment (3.5+)',
  `exit_code` Nullable(Int64) COMMENT '(52) exit status in waitpid(2) form (3.5+)',
  `extra_fields` Nullable(Int64) COMMENT 'fields after the 52nd (a newer kernel), counted and not stored; 0 normally'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- task_stat: Per thread, proc/<pid>/task/<tid>/stat: the twin of proc_stat (same columns, plus tid).
CREATE TABLE IF NOT EXISTS `procsnap`.`task_stat` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `tid` Int64 COMMENT 'thread id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `stat_pid` Nullable(Int64) COMMENT '(1) pid as written in the file (may differ from the path pid in damaged or synthetic data)',
  `comm` Nullable(String) COMMENT '(2) task name: the bytes between the first ( and the last ) (may hold spaces, parentheses, newlines, invalid UTF-8)',
  `state` Nullable(String) COMMENT '(3) state letter: R running, S sleeping, D disk sleep, Z zombie, T stopped, t tracing stop, X dead, I idle, P parked, ...',
  `state_name` Nullable(String) COMMENT 'state letter spelled out (running, sleeping, ...); NULL for a letter procsnap does not know',
  `ppid` Nullable(Int64) COMMENT '(4) parent pid',
  `pgrp` Nullable(Int64) COMMENT '(5) process group id',
  `session` Nullable(Int64) COMMENT '(6) session id',
  `tty_nr` Nullable(Int64) COMMENT '(7) controlling terminal device number (0 = none)',
  `tpgid` Nullable(Int64) COMMENT '(8) foreground process group of the terminal (-1 = none)',
  `flags` Nullable(UInt64) COMMENT '(9) PF_* kernel flags bitmap (include/linux/sched.h)',
  `kthread` Nullable(Int64) COMMENT '1 when flags has PF_KTHREAD (0x00200000): a kernel thread; NULL without flags',
  `minflt` Nullable(UInt64) COMMENT '(10) minor page faults',
  `cminflt` Nullable(UInt64) COMMENT '(11) minor faults of waited-for children',
  `majflt` Nullable(UInt64) COMMENT '(12) major page faults',
  `cmajflt` Nullable(UInt64) COMMENT '(13) major faults of waited-for children',
  `utime` Nullable(UInt64) COMMENT '(14) user-mode CPU time, clock ticks (snapshots.clk_tck per second)',
  `stime` Nullable(UInt64) COMMENT '(15) kernel-mode CPU time, clock ticks',
  `cutime` Nullable(Int64) COMMENT '(16) waited-for children user time, clock ticks',
  `cstime` Nullable(Int64) COMMENT '(17) waited-for children kernel time, clock ticks',
  `priority` Nullable(Int64) COMMENT '(18) priority as the kernel shows it (negated RT priority - 1 for RT tasks, nice + 20 otherwise)',
  `nice` Nullable(Int64) COMMENT '(19) nice value, -20 (high) .. 19 (low)',
  `num_threads` Nullable(Int64) COMMENT '(20) threads in the process',
  `itrealvalue` Nullable(Int64) COMMENT '(21) jiffies before the next SIGALRM; always 0 since 2.6.17',
  `starttime` Nullable(UInt64) COMMENT '(22) start time, clock ticks after boot, as written (proc_stat: equals start_time; task_stat: the thread\'s own)',
  `vsize` Nullable(UInt64) COMMENT '(23) virtual memory size, bytes',
  `rss` Nullable(Int64) COMMENT '(24) resident set size, pages',
  `rsslim` Nullable(UInt64) COMMENT '(25) soft RSS limit, bytes (18446744073709551615 = unlimited, stored as decimal TEXT)',
  `startcode` Nullable(UInt64) COMMENT '(26) address above which program text can run',
  `endcode` Nullable(UInt64) COMMENT '(27) address below which program text can run',
  `startstack` Nullable(UInt64) COMMENT '(28) start (bottom) address of the stack',
  `kstkesp` Nullable(UInt64) COMMENT '(29) current stack pointer (0 unless the task is being core-dumped)',
  `kstkeip` Nullable(UInt64) COMMENT '(30) current instruction pointer (0 unless the task is being core-dumped)',
  `signal` Nullable(UInt64) COMMENT '(31) pending signals bitmap (obsolete: use proc_status.sig_pnd)',
  `blocked` Nullable(UInt64) COMMENT '(32) blocked signals bitmap (obsolete)',
  `sigignore` Nullable(UInt64) COMMENT '(33) ignored signals bitmap (obsolete)',
  `sigcatch` Nullable(UInt64) COMMENT '(34) caught signals bitmap (obsolete)',
  `wchan` Nullable(UInt64) COMMENT '(35) 0, or 1 when blocked in the kernel (the address is hidden since 4.4; see proc_values file wchan)',
  `nswap` Nullable(UInt64) COMMENT '(36) pages swapped (not maintained)',
  `cnswap` Nullable(UInt64) COMMENT '(37) cumulative nswap of children (not maintained)',
  `exit_signal` Nullable(Int64) COMMENT '(38) signal sent to the parent when the task dies (2.1.22+)',
  `processor` Nullable(Int64) COMMENT '(39) CPU last executed on (2.2.8+)',
  `rt_priority` Nullable(UInt64) COMMENT '(40) real-time priority 1..99, 0 for normal policies (2.5.19+)',
  `policy` Nullable(UInt64) COMMENT '(41) scheduling policy: 0 OTHER, 1 FIFO, 2 RR, 3 BATCH, 5 IDLE, 6 DEADLINE (2.5.19+)',
  `delayacct_blkio_ticks` Nullable(UInt64) COMMENT '(42) aggregated block I/O delay, clock ticks (2.6.18+)',
  `guest_time` Nullable(UInt64) COMMENT '(43) time spent running a virtual CPU for a guest, clock ticks (2.6.24+)',
  `cguest_time` Nullable(Int64) COMMENT '(44) guest time of waited-for children, clock ticks (2.6.24+)',
  `start_data` Nullable(UInt64) COMMENT '(45) address above which initialized and BSS data are placed (3.3+)',
  `end_data` Nullable(UInt64) COMMENT '(46) address below which initialized and BSS data are placed (3.3+)',
  `start_brk` Nullable(UInt64) COMMENT '(47) address above which the heap can be expanded with brk (3.3+)',
  `arg_start` Nullable(UInt64) COMMENT '(48) address of the command-line arguments (3.5+)',
  `arg_end` Nullable(UInt64) COMMENT '(49) end of the command-line arguments (3.5+)',
  `env_start` Nullable(UInt64) COMMENT '(50) address of the environment (3.5+)',
  `env_end` Nullable(UInt64) COMMENT '(51) end of the environment (3.5+)',
  `exit_code` Nullable(Int64) COMMENT '(52) exit status in waitpid(2) form (3.5+)',
  `extra_fields` Nullable(Int64) COMMENT 'fields after the 52nd (a newer kernel), counted and not stored; 0 normally'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `tid`);

-- proc_status: proc/<pid>/status: the keys procsnap knows as typed columns; every line is also in proc_status_kv /
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_status` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `name` Nullable(String) COMMENT 'Name: task name with the kernel\'s escapes (\\n, \\\\) as printed',
  `umask` Nullable(String) COMMENT 'Umask: octal text, e.g. 0022 (4.7+)',
  `state` Nullable(String) COMMENT 'State: letter',
  `state_name` Nullable(String) COMMENT 'State: the word in parentheses, e.g. sleeping',
  `tgid` Nullable(Int64) COMMENT 'Tgid: thread group id (the process id)',
  `ngid` Nullable(Int64) COMMENT 'Ngid: NUMA group id (0 = none)',
  `status_pid` Nullable(Int64) COMMENT 'Pid: thread id as written',
  `ppid` Nullable(Int64) COMMENT 'PPid: parent pid',
  `tracer_pid` Nullable(Int64) COMMENT 'TracerPid: pid of the ptrace tracer, 0 when not traced',
  `uid_real` Nullable(UInt64) COMMENT 'Uid: real uid',
  `uid_effective` Nullable(UInt64) COMMENT 'Uid: effective uid',
  `uid_saved` Nullable(UInt64) COMMENT 'Uid: saved set-user-id',
  `uid_fs` Nullable(UInt64) COMMENT 'Uid: filesystem uid',
  `gid_real` Nullable(UInt64) COMMENT 'Gid: real gid',
  `gid_effective` Nullable(UInt64) COMMENT 'Gid: effective gid',
  `gid_saved` Nullable(UInt64) COMMENT 'Gid: saved set-group-id',
  `gid_fs` Nullable(UInt64) COMMENT 'Gid: filesystem gid',
  `fd_size` Nullable(UInt64) COMMENT 'FDSize: allocated file descriptor slots',
  `groups` Nullable(String) COMMENT 'Groups: supplementary gids separated by spaces (empty text = no supplementary groups)',
  `nstgid` Nullable(String) COMMENT 'NStgid: tgid in each nested pid namespace, outermost first, as printed (4.1+)',
  `nstgid_outermost` Nullable(Int64) COMMENT 'NStgid: first entry (as seen from the initial pid namespace)',
  `nstgid_innermost` Nullable(Int64) COMMENT 'NStgid: last entry (as the process sees itself)',
  `nspid` Nullable(String) COMMENT 'NSpid: thread id in each nested pid namespace, as printed',
  `nspid_outermost` Nullable(Int64) COMMENT 'NSpid: first entry',
  `nspid_innermost` Nullable(Int64) COMMENT 'NSpid: last entry',
  `nspgid` Nullable(String) COMMENT 'NSpgid: process group id in each nested pid namespace, as printed',
  `nspgid_outermost` Nullable(Int64) COMMENT 'NSpgid: first entry',
  `nspgid_innermost` Nullable(Int64) COMMENT 'NSpgid: last entry',
  `nssid` Nullable(String) COMMENT 'NSsid: session id in each nested pid namespace, as printed',
  `nssid_outermost` Nullable(Int64) COMMENT 'NSsid: first entry',
  `nssid_innermost` Nullable(Int64) COMMENT 'NSsid: last entry',
  `kthread` Nullable(Int64) COMMENT 'Kthread: 1 for kernel threads (6.x)',
  `vm_peak_kb` Nullable(UInt64) COMMENT 'VmPeak (peak virtual size): kB as printed (absent for kernel threads)',
  `vm_size_kb` Nullable(UInt64) COMMENT 'VmSize (virtual size): kB as printed (absent for kernel threads)',
  `vm_lck_kb` Nullable(UInt64) COMMENT 'VmLck (locked memory): kB as printed (absent for kernel threads)',
  `vm_pin_kb` Nullable(UInt64) COMMENT 'VmPin (pinned memory): kB as printed (absent for kernel threads)',
  `vm_hwm_kb` Nullable(UInt64) COMMENT 'VmHWM (peak resident set): kB as printed (absent for kernel threads)',
  `vm_rss_kb` Nullable(UInt64) COMMENT 'VmRSS (resident set): kB as printed (absent for kernel threads)',
  `rss_anon_kb` Nullable(UInt64) COMMENT 'RssAnon (resident anonymous memory): kB as printed (absent for kernel threads)',
  `rss_file_kb` Nullable(UInt64) COMMENT 'RssFile (resident file mappings): kB as printed (absent for kernel threads)',
  `rss_shmem_kb` Nullable(UInt64) COMMENT 'RssShmem (resident shared memory): kB as printed (absent for kernel threads)',
  `vm_data_kb` Nullable(UInt64) COMMENT 'VmData (data segment): kB as printed (absent for kernel threads)',
  `vm_stk_kb` Nullable(UInt64) COMMENT 'VmStk (stack): kB as printed (absent for kernel threads)',
  `vm_exe_kb` Nullable(UInt64) COMMENT 'VmExe (text segment): kB as printed (absent for kernel threads)',
  `vm_lib_kb` Nullable(UInt64) COMMENT 'VmLib (shared library code): kB as printed (absent for kernel threads)',
  `vm_pte_kb` Nullable(UInt64) COMMENT 'VmPTE (page tables): kB as printed (absent for kernel threads)',
  `vm_pmd_kb` Nullable(UInt64) COMMENT 'VmPMD (second-level page tables; 4.0..4.14): kB as printed (absent for kernel threads)',
  `vm_swap_kb` Nullable(UInt64) COMMENT 'VmSwap (swapped-out anonymous memory): kB as printed (absent for kernel threads)',
  `hugetlb_pages_kb` Nullable(UInt64) COMMENT 'HugetlbPages (hugetlbfs memory): kB as printed (absent for kernel threads)',
  `core_dumping` Nullable(Int64) COMMENT 'CoreDumping: 1 while the process is dumping core (4.15+)',
  `thp_enabled` Nullable(Int64) COMMENT 'THP_enabled: 1 when transparent huge pages are allowed (5.0+)',
  `untag_mask` Nullable(String) COMMENT 'untag_mask: address tag mask, hex text (6.4+)',
  `threads` Nullable(UInt64) COMMENT 'Threads: threads in the process',
  `sigq` Nullable(String) COMMENT 'SigQ: queued/limit as printed',
  `sigq_queued` Nullable(UInt64) COMMENT 'SigQ: signals queued for the real uid',
  `sigq_limit` Nullable(UInt64) COMMENT 'SigQ: RLIMIT_SIGPENDING',
  `sig_pnd` Nullable(String) COMMENT 'SigPnd: thread pending signals, hex',
  `shd_pnd` Nullable(String) COMMENT 'ShdPnd: process-shared pending signals, hex',
  `sig_blk` Nullable(String) COMMENT 'SigBlk: blocked signals, hex',
  `sig_ign` Nullable(String) COMMENT 'SigIgn: ignored signals, hex',
  `sig_cgt` Nullable(String) COMMENT 'SigCgt: caught signals, hex',
  `cap_inh` Nullable(String) COMMENT 'CapInh: inheritable capabilities, hex',
  `cap_prm` Nullable(String) COMMENT 'CapPrm: permitted capabilities, hex',
  `cap_eff` Nullable(String) COMMENT 'CapEff: effective capabilities, hex',
  `cap_bnd` Nullable(String) COMMENT 'CapBnd: bounding set, hex',
  `cap_amb` Nullable(String) COMMENT 'CapAmb: ambient capabilities, hex (4.3+)',
  `no_new_privs` Nullable(Int64) COMMENT 'NoNewPrivs: 1 when PR_SET_NO_NEW_PRIVS is set (4.10+)',
  `seccomp` Nullable(Int64) COMMENT 'Seccomp: 0 disabled, 1 strict, 2 filter',
  `seccomp_filters` Nullable(Int64) COMMENT 'Seccomp_filters: attached seccomp filters (5.9+)',
  `speculation_store_bypass` Nullable(String) COMMENT 'Speculation_Store_Bypass: mitigation state text (4.17+)',
  `speculation_indirect_branch` Nullable(String) COMMENT 'SpeculationIndirectBranch: mitigation state text (5.8+)',
  `cpus_allowed` Nullable(String) COMMENT 'Cpus_allowed: CPU affinity mask, hex',
  `cpus_allowed_list` Nullable(String) COMMENT 'Cpus_allowed_list: CPU affinity as a range list',
  `mems_allowed` Nullable(String) COMMENT 'Mems_allowed: memory nodes mask, hex',
  `mems_allowed_list` Nullable(String) COMMENT 'Mems_allowed_list: memory nodes as a range list',
  `voluntary_ctxt_switches` Nullable(UInt64) COMMENT 'voluntary_ctxt_switches: voluntary context switches',
  `nonvoluntary_ctxt_switches` Nullable(UInt64) COMMENT 'nonvoluntary_ctxt_switches: involuntary context switches',
  `x86_thread_features` Nullable(String) COMMENT 'x86_Thread_features: enabled user shadow stack / WRSS features (6.6+)',
  `x86_thread_features_locked` Nullable(String) COMMENT 'x86_Thread_features_locked: features locked against change (6.6+)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- task_status: Per thread, proc/<pid>/task/<tid>/status: the twin of proc_status (same columns, plus tid).
CREATE TABLE IF NOT EXISTS `procsnap`.`task_status` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `tid` Int64 COMMENT 'thread id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `name` Nullable(String) COMMENT 'Name: task name with the kernel\'s escapes (\\n, \\\\) as printed',
  `umask` Nullable(String) COMMENT 'Umask: octal text, e.g. 0022 (4.7+)',
  `state` Nullable(String) COMMENT 'State: letter',
  `state_name` Nullable(String) COMMENT 'State: the word in parentheses, e.g. sleeping',
  `tgid` Nullable(Int64) COMMENT 'Tgid: thread group id (the process id)',
  `ngid` Nullable(Int64) COMMENT 'Ngid: NUMA group id (0 = none)',
  `status_pid` Nullable(Int64) COMMENT 'Pid: thread id as written',
  `ppid` Nullable(Int64) COMMENT 'PPid: parent pid',
  `tracer_pid` Nullable(Int64) COMMENT 'TracerPid: pid of the ptrace tracer, 0 when not traced',
  `uid_real` Nullable(UInt64) COMMENT 'Uid: real uid',
  `uid_effective` Nullable(UInt64) COMMENT 'Uid: effective uid',
  `uid_saved` Nullable(UInt64) COMMENT 'Uid: saved set-user-id',
  `uid_fs` Nullable(UInt64) COMMENT 'Uid: filesystem uid',
  `gid_real` Nullable(UInt64) COMMENT 'Gid: real gid',
  `gid_effective` Nullable(UInt64) COMMENT 'Gid: effective gid',
  `gid_saved` Nullable(UInt64) COMMENT 'Gid: saved set-group-id',
  `gid_fs` Nullable(UInt64) COMMENT 'Gid: filesystem gid',
  `fd_size` Nullable(UInt64) COMMENT 'FDSize: allocated file descriptor slots',
  `groups` Nullable(String) COMMENT 'Groups: supplementary gids separated by spaces (empty text = no supplementary groups)',
  `nstgid` Nullable(String) COMMENT 'NStgid: tgid in each nested pid namespace, outermost first, as printed (4.1+)',
  `nstgid_outermost` Nullable(Int64) COMMENT 'NStgid: first entry (as seen from the initial pid namespace)',
  `nstgid_innermost` Nullable(Int64) COMMENT 'NStgid: last entry (as the process sees itself)',
  `nspid` Nullable(String) COMMENT 'NSpid: thread id in each nested pid namespace, as printed',
  `nspid_outermost` Nullable(Int64) COMMENT 'NSpid: first entry',
  `nspid_innermost` Nullable(Int64) COMMENT 'NSpid: last entry',
  `nspgid` Nullable(String) COMMENT 'NSpgid: process group id in each nested pid namespace, as printed',
  `nspgid_outermost` Nullable(Int64) COMMENT 'NSpgid: first entry',
  `nspgid_innermost` Nullable(Int64) COMMENT 'NSpgid: last entry',
  `nssid` Nullable(String) COMMENT 'NSsid: session id in each nested pid namespace, as printed',
  `nssid_outermost` Nullable(Int64) COMMENT 'NSsid: first entry',
  `nssid_innermost` Nullable(Int64) COMMENT 'NSsid: last entry',
  `kthread` Nullable(Int64) COMMENT 'Kthread: 1 for kernel threads (6.x)',
  `vm_peak_kb` Nullable(UInt64) COMMENT 'VmPeak (peak virtual size): kB as printed (absent for kernel threads)',
  `vm_size_kb` Nullable(UInt64) COMMENT 'VmSize (virtual size): kB as printed (absent for kernel threads)',
  `vm_lck_kb` Nullable(UInt64) COMMENT 'VmLck (locked memory): kB as printed (absent for kernel threads)',
  `vm_pin_kb` Nullable(UInt64) COMMENT 'VmPin (pinned memory): kB as printed (absent for kernel threads)',
  `vm_hwm_kb` Nullable(UInt64) COMMENT 'VmHWM (peak resident set): kB as printed (absent for kernel threads)',
  `vm_rss_kb` Nullable(UInt64) COMMENT 'VmRSS (resident set): kB as printed (absent for kernel threads)',
  `rss_anon_kb` Nullable(UInt64) COMMENT 'RssAnon (resident anonymous memory): kB as printed (absent for kernel threads)',
  `rss_file_kb` Nullable(UInt64) COMMENT 'RssFile (resident file mappings): kB as printed (absent for kernel threads)',
  `rss_shmem_kb` Nullable(UInt64) COMMENT 'RssShmem (resident shared memory): kB as printed (absent for kernel threads)',
  `vm_data_kb` Nullable(UInt64) COMMENT 'VmData (data segment): kB as printed (absent for kernel threads)',
  `vm_stk_kb` Nullable(UInt64) COMMENT 'VmStk (stack): kB as printed (absent for kernel threads)',
  `vm_exe_kb` Nullable(UInt64) COMMENT 'VmExe (text segment): kB as printed (absent for kernel threads)',
  `vm_lib_kb` Nullable(UInt64) COMMENT 'VmLib (shared library code): kB as printed (absent for kernel threads)',
  `vm_pte_kb` Nullable(UInt64) COMMENT 'VmPTE (page tables): kB as printed (absent for kernel threads)',
  `vm_pmd_kb` Nullable(UInt64) COMMENT 'VmPMD (second-level page tables; 4.0..4.14): kB as printed (absent for kernel threads)',
  `vm_swap_kb` Nullable(UInt64) COMMENT 'VmSwap (swapped-out anonymous memory): kB as printed (absent for kernel threads)',
  `hugetlb_pages_kb` Nullable(UInt64) COMMENT 'HugetlbPages (hugetlbfs memory): kB as printed (absent for kernel threads)',
  `core_dumping` Nullable(Int64) COMMENT 'CoreDumping: 1 while the process is dumping core (4.15+)',
  `thp_enabled` Nullable(Int64) COMMENT 'THP_enabled: 1 when transparent huge pages are allowed (5.0+)',
  `untag_mask` Nullable(String) COMMENT 'untag_mask: address tag mask, hex text (6.4+)',
  `threads` Nullable(UInt64) COMMENT 'Threads: threads in the process',
  `sigq` Nullable(String) COMMENT 'SigQ: queued/limit as printed',
  `sigq_queued` Nullable(UInt64) COMMENT 'SigQ: signals queued for the real uid',
  `sigq_limit` Nullable(UInt64) COMMENT 'SigQ: RLIMIT_SIGPENDING',
  `sig_pnd` Nullable(String) COMMENT 'SigPnd: thread pending signals, hex',
  `shd_pnd` Nullable(String) COMMENT 'ShdPnd: process-shared pending signals, hex',
  `sig_blk` Nullable(String) COMMENT 'SigBlk: blocked signals, hex',
  `sig_ign` Nullable(String) COMMENT 'SigIgn: ignored signals, hex',
  `sig_cgt` Nullable(String) COMMENT 'SigCgt: caught signals, hex',
  `cap_inh` Nullable(String) COMMENT 'CapInh: inheritable capabilities, hex',
  `cap_prm` Nullable(String) COMMENT 'CapPrm: permitted capabilities, hex',
  `cap_eff` Nullable(String) COMMENT 'CapEff: effective capabilities, hex',
  `cap_bnd` Nullable(String) COMMENT 'CapBnd: bounding set, hex',
  `cap_amb` Nullable(String) COMMENT 'CapAmb: ambient capabilities, hex (4.3+)',
  `no_new_privs` Nullable(Int64) COMMENT 'NoNewPrivs: 1 when PR_SET_NO_NEW_PRIVS is set (4.10+)',
  `seccomp` Nullable(Int64) COMMENT 'Seccomp: 0 disabled, 1 strict, 2 filter',
  `seccomp_filters` Nullable(Int64) COMMENT 'Seccomp_filters: attached seccomp filters (5.9+)',
  `speculation_store_bypass` Nullable(String) COMMENT 'Speculation_Store_Bypass: mitigation state text (4.17+)',
  `speculation_indirect_branch` Nullable(String) COMMENT 'SpeculationIndirectBranch: mitigation state text (5.8+)',
  `cpus_allowed` Nullable(String) COMMENT 'Cpus_allowed: CPU affinity mask, hex',
  `cpus_allowed_list` Nullable(String) COMMENT 'Cpus_allowed_list: CPU affinity as a range list',
  `mems_allowed` Nullable(String) COMMENT 'Mems_allowed: memory nodes mask, hex',
  `mems_allowed_list` Nullable(String) COMMENT 'Mems_allowed_list: memory nodes as a range list',
  `voluntary_ctxt_switches` Nullable(UInt64) COMMENT 'voluntary_ctxt_switches: voluntary context switches',
  `nonvoluntary_ctxt_switches` Nullable(UInt64) COMMENT 'nonvoluntary_ctxt_switches: involuntary context switches',
  `x86_thread_features` Nullable(String) COMMENT 'x86_Thread_features: enabled user shadow stack / WRSS features (6.6+)',
  `x86_thread_features_locked` Nullable(String) COMMENT 'x86_Thread_features_locked: features locked against change (6.6+)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `tid`);

-- proc_status_kv: every key: value line of proc/<pid>/status, including keys newer kernels add.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_status_kv` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Nullable(Int64) COMMENT '1-based line in the status member',
  `key` Nullable(String) COMMENT 'text before the first colon, as written',
  `value` Nullable(String) COMMENT 'text after the colon with surrounding blanks removed (empty text when the key has no value)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- task_status_kv: Per thread, proc/<pid>/task/<tid>/status: the twin of proc_status_kv (same columns, plus tid).
CREATE TABLE IF NOT EXISTS `procsnap`.`task_status_kv` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `tid` Int64 COMMENT 'thread id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Nullable(Int64) COMMENT '1-based line in the status member',
  `key` Nullable(String) COMMENT 'text before the first colon, as written',
  `value` Nullable(String) COMMENT 'text after the colon with surrounding blanks removed (empty text when the key has no value)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `tid`);

-- proc_statm: proc/<pid>/statm: memory sizes in pages (snapshots.page_size bytes).
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_statm` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `size` Nullable(UInt64) COMMENT 'total program size (= VmSize), pages',
  `resident` Nullable(UInt64) COMMENT 'resident set (= VmRSS), pages',
  `shared` Nullable(UInt64) COMMENT 'resident shared (file-backed + shmem) pages',
  `text` Nullable(UInt64) COMMENT 'text (code), pages',
  `lib` Nullable(UInt64) COMMENT 'library pages (always 0 since 2.6)',
  `data` Nullable(UInt64) COMMENT 'data + stack, pages',
  `dt` Nullable(UInt64) COMMENT 'dirty pages (always 0 since 2.6)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_io: proc/<pid>/io: I/O accounting counters (readable by the owner or root only).
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_io` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `rchar` Nullable(UInt64) COMMENT 'bytes read by read(2)-like calls, cache hits included',
  `wchar` Nullable(UInt64) COMMENT 'bytes written by write(2)-like calls',
  `syscr` Nullable(UInt64) COMMENT 'read system calls',
  `syscw` Nullable(UInt64) COMMENT 'write system calls',
  `read_bytes` Nullable(UInt64) COMMENT 'bytes fetched from storage',
  `write_bytes` Nullable(UInt64) COMMENT 'bytes sent to storage',
  `cancelled_write_bytes` Nullable(Int64) COMMENT 'bytes dirtied then truncated before writeback; signed: a negative value as seen in the wild is kept (a u64 above 2^63-1 is stored as its two\'s-complement, with an import_issues row)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- task_io: Per thread, proc/<pid>/task/<tid>/io: the twin of proc_io (same columns, plus tid).
CREATE TABLE IF NOT EXISTS `procsnap`.`task_io` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `tid` Int64 COMMENT 'thread id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `rchar` Nullable(UInt64) COMMENT 'bytes read by read(2)-like calls, cache hits included',
  `wchar` Nullable(UInt64) COMMENT 'bytes written by write(2)-like calls',
  `syscr` Nullable(UInt64) COMMENT 'read system calls',
  `syscw` Nullable(UInt64) COMMENT 'write system calls',
  `read_bytes` Nullable(UInt64) COMMENT 'bytes fetched from storage',
  `write_bytes` Nullable(UInt64) COMMENT 'bytes sent to storage',
  `cancelled_write_bytes` Nullable(Int64) COMMENT 'bytes dirtied then truncated before writeback; signed: a negative value as seen in the wild is kept (a u64 above 2^63-1 is stored as its two\'s-complement, with an import_issues row)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `tid`);

-- proc_limits: proc/<pid>/limits: one row per resource limit (process-wide, so no task_ table).
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_limits` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Nullable(Int64) COMMENT '1-based line in the limits member',
  `name` Nullable(String) COMMENT 'limit name as printed, e.g. Max open files',
  `resource` Nullable(String) COMMENT 'RLIMIT_* name of the limit (NULL for a name procsnap does not know)',
  `soft` Nullable(UInt64) COMMENT 'soft limit; NULL when unlimited (see soft_unlimited) or unreadable',
  `hard` Nullable(UInt64) COMMENT 'hard limit; NULL when unlimited or unreadable',
  `soft_unlimited` Nullable(Int64) COMMENT '1 when the soft limit is unlimited (RLIM_INFINITY), else 0',
  `hard_unlimited` Nullable(Int64) COMMENT '1 when the hard limit is unlimited, else 0',
  `units` Nullable(String) COMMENT 'units column: seconds, bytes, processes, files, locks, signals, us; NULL when the kernel prints none (nice and realtime priority)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_cmdline: proc/<pid>/cmdline: the raw argv area and a summary; the arguments are rows of proc_cmdline_args.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_cmdline` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `raw` Nullable(String) COMMENT 'the member bytes exactly as captured',
  `argc` Nullable(Int64) COMMENT 'number of arguments after the NUL-splitting rules',
  `cmdline` Nullable(String) COMMENT 'arguments joined with single spaces (like ps and osquery processes.cmdline); NULL when argc is 0',
  `trailing_nul` Nullable(Int64) COMMENT '1 when the content ends with a NUL (the normal kernel-made case), else 0',
  `padding_nuls` Nullable(Int64) COMMENT 'NULs after the first terminating one (setproctitle padding), not counted as arguments',
  `setproctitle` Nullable(Int64) COMMENT '1 when the content looks rewritten by setproctitle (one argument holding spaces); a hint, not a verdict'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_cmdline_args: proc/<pid>/cmdline split into arguments (NUL separated; trailing NUL padding is not an argument).
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_cmdline_args` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `idx` Nullable(Int64) COMMENT 'argument index (0 = argv[0])',
  `arg` Nullable(String) COMMENT 'the argument bytes as captured (may be empty, invalid UTF-8 or hold control characters)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_environ: proc/<pid>/environ: the raw initial environment block and a summary; entries are rows of proc_environ_vars.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_environ` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `raw` Nullable(String) COMMENT 'the member bytes exactly as captured',
  `count` Nullable(Int64) COMMENT 'number of entries',
  `trailing_nul` Nullable(Int64) COMMENT '1 when the content ends with a NUL, else 0',
  `padding_nuls` Nullable(Int64) COMMENT 'NULs after the first terminating one'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_environ_vars: proc/<pid>/environ entries split at the first =.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_environ_vars` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `idx` Nullable(Int64) COMMENT 'entry index in the environment block',
  `key` Nullable(String) COMMENT 'text before the first = (the whole entry when it has none)',
  `value` Nullable(String) COMMENT 'text after the first = (may be empty text); NULL when the entry has no ='
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_cgroup: proc/<pid>/cgroup: one row per hierarchy membership.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_cgroup` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Nullable(Int64) COMMENT '1-based line in the cgroup member',
  `hierarchy_id` Nullable(UInt64) COMMENT 'hierarchy id (0 = the cgroup v2 unified hierarchy)',
  `controllers` Nullable(String) COMMENT 'comma-separated controllers, or name=NAME; empty text for cgroup v2',
  `path` Nullable(String) COMMENT 'cgroup path relative to the hierarchy root, as written'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- task_cgroup: Per thread, proc/<pid>/task/<tid>/cgroup: the twin of proc_cgroup (same columns, plus tid).
CREATE TABLE IF NOT EXISTS `procsnap`.`task_cgroup` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `tid` Int64 COMMENT 'thread id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Nullable(Int64) COMMENT '1-based line in the cgroup member',
  `hierarchy_id` Nullable(UInt64) COMMENT 'hierarchy id (0 = the cgroup v2 unified hierarchy)',
  `controllers` Nullable(String) COMMENT 'comma-separated controllers, or name=NAME; empty text for cgroup v2',
  `path` Nullable(String) COMMENT 'cgroup path relative to the hierarchy root, as written'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `tid`);

-- proc_auxv: proc/<pid>/auxv: the ELF auxiliary vector given at exec, decoded as 64-bit little-endian pairs, up to AT_NULL.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_auxv` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `idx` Nullable(Int64) COMMENT 'position in the auxiliary vector (0-based)',
  `type` Nullable(UInt64) COMMENT 'a_type',
  `name` Nullable(String) COMMENT 'AT_* name of the type; NULL when procsnap does not know it',
  `value` Nullable(UInt64) COMMENT 'a_un.a_val (u64)',
  `value_hex` Nullable(String) COMMENT 'value as 0x-prefixed lower-case hex (addresses read better so)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_sched: proc/<pid>/sched (CONFIG_SCHED_DEBUG): scheduler statistics as key/value rows (the layout changes between
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_sched` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Nullable(Int64) COMMENT '1-based line in the sched member',
  `key` Nullable(String) COMMENT 'key, e.g. se.sum_exec_runtime; k=v pair lines give <prefix>.<k> keys; the header line gives comm, pid and threads (line 1)',
  `value` Nullable(String) COMMENT 'value text as printed',
  `value_int` Nullable(Int64) COMMENT 'value when it is a signed 64-bit integer, else NULL'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- task_sched: Per thread, proc/<pid>/task/<tid>/sched: the twin of proc_sched (same columns, plus tid).
CREATE TABLE IF NOT EXISTS `procsnap`.`task_sched` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `tid` Int64 COMMENT 'thread id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Nullable(Int64) COMMENT '1-based line in the sched member',
  `key` Nullable(String) COMMENT 'key, e.g. se.sum_exec_runtime; k=v pair lines give <prefix>.<k> keys; the header line gives comm, pid and threads (line 1)',
  `value` Nullable(String) COMMENT 'value text as printed',
  `value_int` Nullable(Int64) COMMENT 'value when it is a signed 64-bit integer, else NULL'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `tid`);

-- proc_schedstat: proc/<pid>/schedstat: CPU run and wait time.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_schedstat` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `run_time_ns` Nullable(UInt64) COMMENT 'time spent on the CPU, ns',
  `wait_time_ns` Nullable(UInt64) COMMENT 'time spent waiting on a runqueue, ns',
  `timeslices` Nullable(UInt64) COMMENT 'timeslices run on a CPU'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- task_schedstat: Per thread, proc/<pid>/task/<tid>/schedstat: the twin of proc_schedstat (same columns, plus tid).
CREATE TABLE IF NOT EXISTS `procsnap`.`task_schedstat` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `tid` Int64 COMMENT 'thread id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `run_time_ns` Nullable(UInt64) COMMENT 'time spent on the CPU, ns',
  `wait_time_ns` Nullable(UInt64) COMMENT 'time spent waiting on a runqueue, ns',
  `timeslices` Nullable(UInt64) COMMENT 'timeslices run on a CPU'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `tid`);

-- proc_uid_map: proc/<pid>/uid_map: user namespace uid mapping extents (0 0 4294967295 = the initial namespace).
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_uid_map` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Nullable(Int64) COMMENT '1-based line (one extent per line)',
  `inside` Nullable(UInt64) COMMENT 'first id inside the namespace',
  `outside` Nullable(UInt64) COMMENT 'first id in the namespace of the process that read the file (the collector)',
  `count` Nullable(UInt64) COMMENT 'length of the id range'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_gid_map: proc/<pid>/gid_map: user namespace gid mapping extents.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_gid_map` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Nullable(Int64) COMMENT '1-based line (one extent per line)',
  `inside` Nullable(UInt64) COMMENT 'first id inside the namespace',
  `outside` Nullable(UInt64) COMMENT 'first id in the namespace of the process that read the file (the collector)',
  `count` Nullable(UInt64) COMMENT 'length of the id range'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_projid_map: proc/<pid>/projid_map: user namespace project id mapping extents.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_projid_map` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Nullable(Int64) COMMENT '1-based line (one extent per line)',
  `inside` Nullable(UInt64) COMMENT 'first id inside the namespace',
  `outside` Nullable(UInt64) COMMENT 'first id in the namespace of the process that read the file (the collector)',
  `count` Nullable(UInt64) COMMENT 'length of the id range'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_attr: proc/<pid>/attr/*: Linux security module labels (SELinux, AppArmor, Smack), one row per file.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_attr` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `name` Nullable(String) COMMENT 'attribute file under attr/: current, exec, fscreate, keycreate, prev, sockcreate, or <lsm>/<file>',
  `value` Nullable(String) COMMENT 'label text without its trailing newline or NUL; NULL when the file was empty'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_autogroup: proc/<pid>/autogroup (CONFIG_SCHED_AUTOGROUP): the scheduler autogroup of the process.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_autogroup` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `name` Nullable(String) COMMENT 'autogroup name, e.g. /autogroup-5',
  `autogroup_id` Nullable(Int64) COMMENT 'the number in the name',
  `nice` Nullable(Int64) COMMENT 'the autogroup\'s nice value'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_timens_offsets: proc/<pid>/timens_offsets (5.6+): clock offsets of the process's time namespace.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_timens_offsets` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Nullable(Int64) COMMENT '1-based line',
  `clock` Nullable(String) COMMENT 'clock name (monotonic, boottime) or id as printed',
  `seconds` Nullable(Int64) COMMENT 'offset seconds from the parent time namespace',
  `nanoseconds` Nullable(Int64) COMMENT 'offset nanoseconds'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_stack: proc/<pid>/stack (root only): the kernel stack, one row per frame.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_stack` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `idx` Nullable(Int64) COMMENT 'frame index (0 = innermost)',
  `frame` Nullable(String) COMMENT 'the frame line as written',
  `address` Nullable(UInt64) COMMENT 'frame address (0 when hidden, as since 4.19)',
  `symbol` Nullable(String) COMMENT 'function name',
  `offset` Nullable(UInt64) COMMENT 'offset into the function, bytes',
  `size` Nullable(UInt64) COMMENT 'function size, bytes',
  `module` Nullable(String) COMMENT 'module name for frames in a loadable module, else NULL'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- task_stack: Per thread, proc/<pid>/task/<tid>/stack: the twin of proc_stack (same columns, plus tid).
CREATE TABLE IF NOT EXISTS `procsnap`.`task_stack` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `tid` Int64 COMMENT 'thread id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `idx` Nullable(Int64) COMMENT 'frame index (0 = innermost)',
  `frame` Nullable(String) COMMENT 'the frame line as written',
  `address` Nullable(UInt64) COMMENT 'frame address (0 when hidden, as since 4.19)',
  `symbol` Nullable(String) COMMENT 'function name',
  `offset` Nullable(UInt64) COMMENT 'offset into the function, bytes',
  `size` Nullable(UInt64) COMMENT 'function size, bytes',
  `module` Nullable(String) COMMENT 'module name for frames in a loadable module, else NULL'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `tid`);

-- proc_syscall: proc/<pid>/syscall: the system call the task is blocked in, with its argument registers.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_syscall` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `state` Nullable(String) COMMENT 'running (on a CPU: no stable answer), blocked (-1: not in a system call) or syscall',
  `number` Nullable(Int64) COMMENT 'system call number (architecture specific; -1 when blocked outside a system call)',
  `arg1` Nullable(UInt64) COMMENT 'system call argument register 1',
  `arg2` Nullable(UInt64) COMMENT 'system call argument register 2',
  `arg3` Nullable(UInt64) COMMENT 'system call argument register 3',
  `arg4` Nullable(UInt64) COMMENT 'system call argument register 4',
  `arg5` Nullable(UInt64) COMMENT 'system call argument register 5',
  `arg6` Nullable(UInt64) COMMENT 'system call argument register 6',
  `sp` Nullable(UInt64) COMMENT 'user stack pointer',
  `pc` Nullable(UInt64) COMMENT 'user program counter'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- task_syscall: Per thread, proc/<pid>/task/<tid>/syscall: the twin of proc_syscall (same columns, plus tid).
CREATE TABLE IF NOT EXISTS `procsnap`.`task_syscall` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `tid` Int64 COMMENT 'thread id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `state` Nullable(String) COMMENT 'running (on a CPU: no stable answer), blocked (-1: not in a system call) or syscall',
  `number` Nullable(Int64) COMMENT 'system call number (architecture specific; -1 when blocked outside a system call)',
  `arg1` Nullable(UInt64) COMMENT 'system call argument register 1',
  `arg2` Nullable(UInt64) COMMENT 'system call argument register 2',
  `arg3` Nullable(UInt64) COMMENT 'system call argument register 3',
  `arg4` Nullable(UInt64) COMMENT 'system call argument register 4',
  `arg5` Nullable(UInt64) COMMENT 'system call argument register 5',
  `arg6` Nullable(UInt64) COMMENT 'system call argument register 6',
  `sp` Nullable(UInt64) COMMENT 'user stack pointer',
  `pc` Nullable(UInt64) COMMENT 'user program counter'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `tid`);

-- proc_timers: proc/<pid>/timers: the process's POSIX timers, one row per timer.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_timers` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Nullable(Int64) COMMENT '1-based line of the timer\'s ID entry',
  `timer_id` Nullable(Int64) COMMENT 'POSIX timer id (timer_create)',
  `signal` Nullable(Int64) COMMENT 'signal number sent on expiry',
  `sigev_value` Nullable(String) COMMENT 'sigev_value as printed (hex)',
  `notify` Nullable(String) COMMENT 'notification: signal, thread or none',
  `notify_target_kind` Nullable(String) COMMENT 'pid or tid',
  `notify_target` Nullable(Int64) COMMENT 'the pid or tid notified',
  `clock_id` Nullable(Int64) COMMENT 'CLOCK_* id: 0 REALTIME, 1 MONOTONIC, 2 PROCESS_CPUTIME_ID, 3 THREAD_CPUTIME_ID, 7 BOOTTIME, ...'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- task_children: proc/<pid>/task/<tid>/children (CONFIG_PROC_CHILDREN): children of each thread, one row per child.
CREATE TABLE IF NOT EXISTS `procsnap`.`task_children` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `tid` Int64 COMMENT 'thread id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `idx` Nullable(Int64) COMMENT 'position in the children list',
  `child_pid` Nullable(Int64) COMMENT 'pid of a child of this thread'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `tid`);

-- proc_values: single-value and small key/value files of proc/<pid>/, one row per value (see the file column).
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_values` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `file` Nullable(String) COMMENT 'the /proc file name: comm, setgroups, coredump_filter, cpuset, loginuid, sessionid, oom_adj, oom_score, oom_score_adj, personality, wchan, timerslack_ns, ksm_merging_pages, arch_status, ksm_stat',
  `key` Nullable(String) COMMENT 'for key/value files (arch_status, ksm_stat) the key; NULL for single-value files',
  `value` Nullable(String) COMMENT 'the value text as written, trailing newline removed',
  `number` Nullable(String) COMMENT 'the value as a number: decimal, or hex for coredump_filter and personality (INTEGER, may be negative; decimal TEXT above 2^63-1); NULL when not numeric or unset',
  `unset` Nullable(Int64) COMMENT '1 for loginuid/sessionid 4294967295 (AUDIT_UID_UNSET / AUDIT_SID_UNSET: never set), else 0'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- task_values: Per thread, proc/<pid>/task/<tid>/comm, wchan, ...: the twin of proc_values (same columns, plus tid).
CREATE TABLE IF NOT EXISTS `procsnap`.`task_values` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `tid` Int64 COMMENT 'thread id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `file` Nullable(String) COMMENT 'the /proc file name: comm, setgroups, coredump_filter, cpuset, loginuid, sessionid, oom_adj, oom_score, oom_score_adj, personality, wchan, timerslack_ns, ksm_merging_pages, arch_status, ksm_stat',
  `key` Nullable(String) COMMENT 'for key/value files (arch_status, ksm_stat) the key; NULL for single-value files',
  `value` Nullable(String) COMMENT 'the value text as written, trailing newline removed',
  `number` Nullable(String) COMMENT 'the value as a number: decimal, or hex for coredump_filter and personality (INTEGER, may be negative; decimal TEXT above 2^63-1); NULL when not numeric or unset',
  `unset` Nullable(Int64) COMMENT '1 for loginuid/sessionid 4294967295 (AUDIT_UID_UNSET / AUDIT_SID_UNSET: never set), else 0'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `tid`);

-- proc_maps: One row per line of proc/<pid>/maps: the process's virtual memory areas.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_maps` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Int64 COMMENT '1-based line in the maps member',
  `start_addr` Nullable(UInt64) COMMENT 'first address of the region (u64: INTEGER, or decimal TEXT above 2^63-1)',
  `end_addr` Nullable(UInt64) COMMENT 'address one past the region (u64, same representation)',
  `start_hex` Nullable(String) COMMENT 'start address exactly as written (lower-case hex, no 0x)',
  `end_hex` Nullable(String) COMMENT 'end address exactly as written',
  `size` Nullable(UInt64) COMMENT 'end_addr - start_addr in bytes; NULL when either is unknown or end < start',
  `perms` Nullable(String) COMMENT 'permissions as written: [r-][w-][x-][ps]',
  `perm_read` Nullable(Int64) COMMENT '1 when readable (perms[0] = \'r\'), else 0; NULL without perms',
  `perm_write` Nullable(Int64) COMMENT '1 when writable (perms[1] = \'w\')',
  `perm_exec` Nullable(Int64) COMMENT '1 when executable (perms[2] = \'x\')',
  `shared` Nullable(Int64) COMMENT '1 for MAP_SHARED (\'s\'), 0 for private copy-on-write (\'p\')',
  `file_offset` Nullable(UInt64) COMMENT 'offset into the mapped file, bytes (hex in the file)',
  `dev_major` Nullable(UInt64) COMMENT 'device major of the mapped file (hex in the file); 0 for anonymous',
  `dev_minor` Nullable(UInt64) COMMENT 'device minor of the mapped file',
  `inode` Nullable(UInt64) COMMENT 'inode of the mapped file on that device; 0 for anonymous memory',
  `path` Nullable(String) COMMENT 'path column as written (raw; " (deleted)" kept, \'\\n\' shows as \\012); NULL when none',
  `path_kind` String COMMENT 'anon, file, deleted, memfd, sysv_shm, dev_zero, heap, stack, stack_tid, vdso, vvar, vvar_vclock, vsyscall, anon_named, anon_shmem, anon_inode, pseudo, other',
  `deleted` Int64 COMMENT '1 when the path ends in " (deleted)" (unlinked file, memfd, SysV shm, /dev/zero)',
  `name` Nullable(String) COMMENT 'memfd name, [anon:NAME] / [anon_shmem:NAME] name, anon_inode name, [stack:TID] tid, SysV key'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_smaps: One row per region of proc/<pid>/smaps: the maps header plus every memory counter (kB unless noted).
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_smaps` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Int64 COMMENT '1-based line of the region\'s header line in the smaps member',
  `start_addr` Nullable(UInt64) COMMENT 'first address of the region (u64 representation as in proc_maps)',
  `end_addr` Nullable(UInt64) COMMENT 'address one past the region',
  `start_hex` Nullable(String) COMMENT 'start address as written',
  `end_hex` Nullable(String) COMMENT 'end address as written',
  `perms` Nullable(String) COMMENT 'permissions as written ([r-][w-][x-][ps])',
  `file_offset` Nullable(UInt64) COMMENT 'offset into the mapped file, bytes',
  `dev_major` Nullable(UInt64) COMMENT 'device major of the mapped file',
  `dev_minor` Nullable(UInt64) COMMENT 'device minor of the mapped file',
  `inode` Nullable(UInt64) COMMENT 'inode of the mapped file (0 for anonymous)',
  `path` Nullable(String) COMMENT 'path column as written (raw), NULL when none',
  `path_kind` String COMMENT 'classification of path, as proc_maps.path_kind',
  `deleted` Int64 COMMENT '1 when the path ends in " (deleted)"',
  `size_kb` Nullable(UInt64) COMMENT 'Size: virtual size of the region',
  `kernel_page_size_kb` Nullable(UInt64) COMMENT 'KernelPageSize: page size the kernel uses for the region',
  `mmu_page_size_kb` Nullable(UInt64) COMMENT 'MMUPageSize: page size the MMU uses',
  `rss_kb` Nullable(UInt64) COMMENT 'Rss: resident in RAM',
  `pss_kb` Nullable(UInt64) COMMENT 'Pss: proportional set size (resident divided among sharers)',
  `pss_dirty_kb` Nullable(UInt64) COMMENT 'Pss_Dirty: dirty part of Pss (6.0+)',
  `pss_anon_kb` Nullable(UInt64) COMMENT 'Pss_Anon: anonymous part of Pss (smaps_rollup only on most kernels)',
  `pss_file_kb` Nullable(UInt64) COMMENT 'Pss_File: file-backed part of Pss',
  `pss_shmem_kb` Nullable(UInt64) COMMENT 'Pss_Shmem: shmem part of Pss',
  `shared_clean_kb` Nullable(UInt64) COMMENT 'Shared_Clean: clean pages also mapped by other processes',
  `shared_dirty_kb` Nullable(UInt64) COMMENT 'Shared_Dirty: dirty pages also mapped by other processes',
  `private_clean_kb` Nullable(UInt64) COMMENT 'Private_Clean: clean pages only this process maps',
  `private_dirty_kb` Nullable(UInt64) COMMENT 'Private_Dirty: dirty pages only this process maps (written-to memory)',
  `referenced_kb` Nullable(UInt64) COMMENT 'Referenced: marked accessed',
  `anonymous_kb` Nullable(UInt64) COMMENT 'Anonymous: not backed by a file (includes COW copies of file pages)',
  `ksm_kb` Nullable(UInt64) COMMENT 'KSM: pages merged by kernel samepage merging (6.1+)',
  `lazy_free_kb` Nullable(UInt64) COMMENT 'LazyFree: MADV_FREE pages the kernel may drop',
  `anon_huge_pages_kb` Nullable(UInt64) COMMENT 'AnonHugePages: anonymous transparent huge pages',
  `shmem_pmd_mapped_kb` Nullable(UInt64) COMMENT 'ShmemPmdMapped: shmem mapped with huge pages',
  `file_pmd_mapped_kb` Nullable(UInt64) COMMENT 'FilePmdMapped: file pages mapped with huge pages (5.4+)',
  `shared_hugetlb_kb` Nullable(UInt64) COMMENT 'Shared_Hugetlb: shared hugetlbfs pages',
  `private_hugetlb_kb` Nullable(UInt64) COMMENT 'Private_Hugetlb: private hugetlbfs pages',
  `swap_kb` Nullable(UInt64) COMMENT 'Swap: swapped out',
  `swap_pss_kb` Nullable(UInt64) COMMENT 'SwapPss: proportional share of Swap',
  `locked_kb` Nullable(UInt64) COMMENT 'Locked: mlock()ed',
  `thp_eligible` Nullable(UInt64) COMMENT 'THPeligible: 1 when the region may use transparent huge pages (no unit)',
  `protection_key` Nullable(UInt64) COMMENT 'ProtectionKey: memory protection key (x86 PKU; no unit)',
  `vm_flags` Nullable(String) COMMENT 'VmFlags as written, trimmed (two-letter flags: rd wr ex sh mr mw me ms gd pf dw lo io sr rr dc de ac nr ht sf nl ar wf dd sd mm hg nh mg um uw ss ...)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_smaps_rollup: proc/<pid>/smaps_rollup: the counters of all regions summed by the kernel (one row per process).
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_smaps_rollup` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `start_addr` Nullable(UInt64) COMMENT 'lowest address of any region (from the [rollup] header)',
  `end_addr` Nullable(UInt64) COMMENT 'end of the highest region',
  `start_hex` Nullable(String) COMMENT 'start as written',
  `end_hex` Nullable(String) COMMENT 'end as written',
  `size_kb` Nullable(UInt64) COMMENT 'Size (the kernel does not print it in the rollup: normally NULL)',
  `kernel_page_size_kb` Nullable(UInt64) COMMENT 'KernelPageSize (normally NULL in the rollup)',
  `mmu_page_size_kb` Nullable(UInt64) COMMENT 'MMUPageSize (normally NULL in the rollup)',
  `rss_kb` Nullable(UInt64) COMMENT 'Rss: resident in RAM, all regions',
  `pss_kb` Nullable(UInt64) COMMENT 'Pss: proportional set size',
  `pss_dirty_kb` Nullable(UInt64) COMMENT 'Pss_Dirty (6.0+)',
  `pss_anon_kb` Nullable(UInt64) COMMENT 'Pss_Anon: anonymous part of Pss (5.1+)',
  `pss_file_kb` Nullable(UInt64) COMMENT 'Pss_File: file-backed part of Pss (5.1+)',
  `pss_shmem_kb` Nullable(UInt64) COMMENT 'Pss_Shmem: shmem part of Pss (5.1+)',
  `shared_clean_kb` Nullable(UInt64) COMMENT 'Shared_Clean',
  `shared_dirty_kb` Nullable(UInt64) COMMENT 'Shared_Dirty',
  `private_clean_kb` Nullable(UInt64) COMMENT 'Private_Clean',
  `private_dirty_kb` Nullable(UInt64) COMMENT 'Private_Dirty',
  `referenced_kb` Nullable(UInt64) COMMENT 'Referenced',
  `anonymous_kb` Nullable(UInt64) COMMENT 'Anonymous',
  `ksm_kb` Nullable(UInt64) COMMENT 'KSM (6.1+)',
  `lazy_free_kb` Nullable(UInt64) COMMENT 'LazyFree',
  `anon_huge_pages_kb` Nullable(UInt64) COMMENT 'AnonHugePages',
  `shmem_pmd_mapped_kb` Nullable(UInt64) COMMENT 'ShmemPmdMapped',
  `file_pmd_mapped_kb` Nullable(UInt64) COMMENT 'FilePmdMapped (5.4+)',
  `shared_hugetlb_kb` Nullable(UInt64) COMMENT 'Shared_Hugetlb',
  `private_hugetlb_kb` Nullable(UInt64) COMMENT 'Private_Hugetlb',
  `swap_kb` Nullable(UInt64) COMMENT 'Swap',
  `swap_pss_kb` Nullable(UInt64) COMMENT 'SwapPss',
  `locked_kb` Nullable(UInt64) COMMENT 'Locked',
  `thp_eligible` Nullable(UInt64) COMMENT 'THPeligible (normally NULL in the rollup)',
  `protection_key` Nullable(UInt64) COMMENT 'ProtectionKey (normally NULL in the rollup)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_smaps_extra: smaps / smaps_rollup lines with a key this version of procsnap does not know: kept, never dropped.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_smaps_extra` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `file` String COMMENT '\'smaps\' or \'smaps_rollup\'',
  `region_line` Int64 COMMENT 'line of the region\'s header (joins proc_smaps.line for file \'smaps\')',
  `start_addr` Nullable(UInt64) COMMENT 'start address of the region (u64 representation)',
  `key` String COMMENT 'key before the \':\'',
  `value` String COMMENT 'value as written, trimmed (e.g. \'12 kB\')'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_mountinfo: One row per line of proc/<pid>/mountinfo (the mounts of the process's mount namespace, seen from its root).
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_mountinfo` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Int64 COMMENT '1-based line in the member',
  `mount_id` Nullable(Int64) COMMENT '(1) unique mount id (joins proc_fdinfo.mnt_id)',
  `parent_id` Nullable(Int64) COMMENT '(2) mount id of the parent mount',
  `dev_major` Nullable(UInt64) COMMENT '(3) st_dev major of files on this mount',
  `dev_minor` Nullable(UInt64) COMMENT '(3) st_dev minor',
  `root` Nullable(String) COMMENT '(4) directory of the file system mounted here (bind mounts: a subdirectory); octal escapes decoded',
  `mount_point` Nullable(String) COMMENT '(5) mount point relative to the process\'s root; escapes decoded',
  `mount_options` Nullable(String) COMMENT '(6) per-mount options (rw, nosuid, relatime, ...); escapes decoded',
  `optional_fields` Nullable(String) COMMENT '(7) optional fields as written, space-separated (shared:N master:N propagate_from:N unbindable); NULL when none',
  `shared_peer` Nullable(Int64) COMMENT 'N of shared:N (peer group this mount propagates to)',
  `master_peer` Nullable(Int64) COMMENT 'N of master:N (peer group this mount receives from)',
  `propagate_from` Nullable(Int64) COMMENT 'N of propagate_from:N',
  `unbindable` Int64 COMMENT '1 when the optional field \'unbindable\' is present',
  `fs_type` Nullable(String) COMMENT '(9) file system type (type or type.subtype); escapes decoded',
  `source` Nullable(String) COMMENT '(10) mount source (device, server:/path, or \'none\'); escapes decoded',
  `super_options` Nullable(String) COMMENT '(11) super-block options; escapes decoded'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_mounts: proc/<pid>/mounts (fstab format), and the system-wide proc/mounts with pid NULL (the mount namespace of the
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_mounts` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Nullable(Int64) COMMENT 'process id; NULL for the system-wide proc/mounts',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the pid (ticks after boot); NULL if unknown or system-wide',
  `line` Int64 COMMENT '1-based line in the member',
  `source` Nullable(String) COMMENT 'mounted device or \'none\'; octal escapes decoded',
  `mount_point` Nullable(String) COMMENT 'mount point; escapes decoded',
  `fs_type` Nullable(String) COMMENT 'file system type; escapes decoded',
  `options` Nullable(String) COMMENT 'mount and super-block options together; escapes decoded',
  `dump` Nullable(Int64) COMMENT 'fstab dump field (the kernel always writes 0)',
  `pass` Nullable(Int64) COMMENT 'fstab pass field (the kernel always writes 0)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- proc_mountstats: proc/<pid>/mountstats: one row per mount, with the file system's statistics text (NFS) when it has one.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_mountstats` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Int64 COMMENT '1-based line of the \'device ... mounted on ...\' header',
  `device` Nullable(String) COMMENT 'mount source (\'device X\'); escapes decoded',
  `mount_point` Nullable(String) COMMENT 'mount point (\'mounted on Y\'); escapes decoded',
  `fs_type` Nullable(String) COMMENT 'file system type (\'with fstype Z\')',
  `statvers` Nullable(String) COMMENT 'statistics format version (\'statvers=1.1\'); NULL when the fs prints none',
  `stats` Nullable(String) COMMENT 'the statistics lines following the header, as written, newline-joined; NULL when none'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_fds: proc/<pid>/fd/<n>: the open file descriptors (symlink members holding the readlink target).
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_fds` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `fd` Nullable(Int64) COMMENT 'descriptor number (from the member name)',
  `target` String COMMENT 'readlink target, raw bytes as captured',
  `type` String COMMENT 'file, deleted, memfd, socket, pipe, anon_inode, ns, other',
  `deleted` Int64 COMMENT '1 when the target ends in " (deleted)" (unlinked file or memfd)',
  `inode` Nullable(UInt64) COMMENT 'N of socket:[N], pipe:[N], <ns>:[N] and other <prefix>:[N] targets (joins net_*.inode)',
  `subtype` Nullable(String) COMMENT 'anon_inode name (\'[eventfd]\', \'[eventpoll]\', \'inotify\', ...), memfd name, or the prefix of <prefix>:[N]'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_fdinfo: proc/<pid>/fdinfo/<n>: position, flags and mount of each open descriptor.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_fdinfo` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `fd` Nullable(Int64) COMMENT 'descriptor number (from the member name)',
  `pos` Nullable(Int64) COMMENT 'pos: file position (signed loff_t)',
  `flags_raw` Nullable(String) COMMENT 'flags exactly as written (octal text)',
  `flags` Nullable(UInt64) COMMENT 'flags value (f_flags, plus O_CLOEXEC when close-on-exec is set)',
  `access_mode` Nullable(String) COMMENT 'O_RDONLY, O_WRONLY, O_RDWR or O_ACCMODE (flags & 3)',
  `flag_names` Nullable(String) COMMENT 'other O_* bits, \'|\'-joined (asm-generic values: x86, x86_64, arm64); \'\' when none',
  `mnt_id` Nullable(Int64) COMMENT 'mount id of the file\'s mount (joins proc_mountinfo.mount_id)',
  `ino` Nullable(UInt64) COMMENT 'inode number (5.11+)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_fdinfo_kv: Type-specific fdinfo lines (eventfd-count, epoll tfd, inotify, fanotify, signalfd sigmask, timerfd, locks, ...).
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_fdinfo_kv` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `fd` Nullable(Int64) COMMENT 'descriptor number (from the member name)',
  `line` Int64 COMMENT '1-based line in the fdinfo member',
  `key` String COMMENT 'text before the first \':\' (for \'inotify ...\' / \'fanotify ...\' lines: that word)',
  `value` String COMMENT 'the rest of the line, trimmed, as written'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_namespaces: proc/<pid>/ns/<name>: the namespaces the process is in (inode identifies a namespace within one boot).
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_namespaces` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `name` String COMMENT 'link name: cgroup, ipc, mnt, net, pid, pid_for_children, time, time_for_children, user, uts',
  `type` Nullable(String) COMMENT 'namespace type from the target (\'pid\' for pid_for_children)',
  `inode` Nullable(UInt64) COMMENT 'namespace inode from \'type:[inode]\'',
  `target` String COMMENT 'readlink target, raw bytes as captured'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_links: proc/<pid>/exe, cwd and root links.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_links` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `name` String COMMENT '\'exe\', \'cwd\' or \'root\'',
  `target` String COMMENT 'readlink target, raw bytes as captured',
  `type` String COMMENT 'file, deleted, memfd, other (as proc_fds.type)',
  `deleted` Int64 COMMENT '1 when the target ends in " (deleted)": e.g. a running binary that was replaced or removed'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_map_files: proc/<pid>/map_files/<start>-<end>: the file behind each file-backed mapping, by address range.
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_map_files` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `name` String COMMENT 'member name, \'<start>-<end>\' in lower-case hex',
  `start_addr` Nullable(UInt64) COMMENT 'start address (u64 representation as in proc_maps)',
  `end_addr` Nullable(UInt64) COMMENT 'end address',
  `target` String COMMENT 'readlink target, raw bytes as captured',
  `type` String COMMENT 'file, deleted, memfd, anon_inode, other (as proc_fds.type)',
  `deleted` Int64 COMMENT '1 when the target ends in " (deleted)"'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- proc_numa_maps: proc/<pid>/numa_maps: NUMA memory policy and per-node page counts of each region (counters are pages and the
CREATE TABLE IF NOT EXISTS `procsnap`.`proc_numa_maps` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (from the member path)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the process (ticks after boot); NULL if unknown',
  `line` Int64 COMMENT '1-based line in the member',
  `start_addr` Nullable(UInt64) COMMENT 'start address of the region (u64 representation as in proc_maps; joins it)',
  `start_hex` Nullable(String) COMMENT 'start address as written',
  `policy` Nullable(String) COMMENT 'memory policy (default, local, prefer:N, bind:LIST, interleave:LIST, ...)',
  `file` Nullable(String) COMMENT 'file= path of a file-backed region, octal escapes decoded; NULL otherwise',
  `heap` Int64 COMMENT '1 for the initial heap (\'heap\')',
  `stack` Int64 COMMENT '1 for the main stack (\'stack\')',
  `huge` Int64 COMMENT '1 for a hugetlb region (\'huge\')',
  `anon_pages` Nullable(UInt64) COMMENT 'anon=: anonymous pages',
  `dirty_pages` Nullable(UInt64) COMMENT 'dirty=: dirty pages',
  `mapped_pages` Nullable(UInt64) COMMENT 'mapped=: mapped pages (printed only when different from anon and dirty)',
  `mapmax` Nullable(UInt64) COMMENT 'mapmax=: highest number of processes mapping one page',
  `swapcache_pages` Nullable(UInt64) COMMENT 'swapcache=: pages in the swap cache',
  `active_pages` Nullable(UInt64) COMMENT 'active=: pages on the active LRU list',
  `writeback_pages` Nullable(UInt64) COMMENT 'writeback=: pages under writeback',
  `kernel_page_size_kb` Nullable(UInt64) COMMENT 'kernelpagesize_kB=',
  `nodes` Nullable(String) COMMENT 'pages per NUMA node as written (\'N0=12 N1=3\'); NULL when none',
  `extra` Nullable(String) COMMENT 'tokens this version does not know, as written; NULL when none'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- net_tcp: TCP sockets from tcp (IPv4) and tcp6 (IPv6), including LISTEN, TIME_WAIT and NEW_SYN_RECV entries.
CREATE TABLE IF NOT EXISTS `procsnap`.`net_tcp` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` Nullable(UInt64) COMMENT 'network namespace inode the table belongs to (NULL when unknown)',
  `source_pid` Nullable(Int64) COMMENT 'pid whose proc/<pid>/net was read; NULL for proc/net (the collector\'s ns)',
  `line` Int64 COMMENT '1-based line in the member',
  `family` Int64 COMMENT '4 (file tcp) or 6 (file tcp6)',
  `protocol` Int64 COMMENT 'IP protocol number: always 6 (IPPROTO_TCP)',
  `sl` Nullable(UInt64) COMMENT '"sl": entry number in the listing',
  `local_address` Nullable(String) COMMENT 'local address, inet_ntop text',
  `local_port` Nullable(Int64) COMMENT 'local port',
  `remote_address` Nullable(String) COMMENT 'remote address, inet_ntop text (0.0.0.0 / :: when not connected)',
  `remote_port` Nullable(Int64) COMMENT 'remote port (0 when not connected)',
  `state` Nullable(UInt64) COMMENT '"st": TCP state number (1 ESTABLISHED ... 10 LISTEN ... 12 NEW_SYN_RECV)',
  `state_name` Nullable(String) COMMENT 'state as a name (ESTABLISHED, LISTEN, TIME_WAIT, ...); NULL if unknown',
  `tx_queue` Nullable(UInt64) COMMENT 'bytes sent but not acknowledged (write_seq - snd_una)',
  `rx_queue` Nullable(UInt64) COMMENT 'bytes received not yet read; for LISTEN: connections waiting in accept()',
  `timer_active` Nullable(UInt64) COMMENT '"tr": 0 none, 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero-window probe',
  `timer_name` Nullable(String) COMMENT 'timer_active as off / on / keepalive / timewait / probe',
  `timer_expires` Nullable(UInt64) COMMENT '"tm->when": clock ticks until the timer fires',
  `retransmits` Nullable(UInt64) COMMENT '"retrnsmt": unrecovered retransmission timeouts',
  `uid` Nullable(UInt64) COMMENT 'owner uid (as seen from the reader\'s user namespace)',
  `timeout` Nullable(Int64) COMMENT '"timeout": unanswered zero-window / keepalive probes (icsk_probes_out)',
  `inode` Nullable(UInt64) COMMENT 'socket inode (0 for TIME_WAIT / NEW_SYN_RECV): joins proc_fds',
  `refcount` Nullable(Int64) COMMENT 'sk_refcnt',
  `pointer` Nullable(String) COMMENT 'kernel address of the socket as printed (%pK: hashed or zeros), hex',
  `rto` Nullable(UInt64) COMMENT 'retransmission timeout, clock ticks (full sockets only)',
  `ato` Nullable(UInt64) COMMENT 'delayed-ACK timeout, clock ticks (full sockets only)',
  `quick_ack` Nullable(UInt64) COMMENT '(quick-ack count << 1) | pingpong mode (full sockets only)',
  `snd_cwnd` Nullable(UInt64) COMMENT 'congestion window, segments (full sockets only)',
  `ssthresh` Nullable(Int64) COMMENT 'slow-start threshold; -1 (kernel value) while in initial slow start',
  `extra` Nullable(String) COMMENT 'columns beyond this layout, verbatim (NULL when none)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- net_udp: UDP and UDP-Lite sockets from udp, udp6, udplite and udplite6.
CREATE TABLE IF NOT EXISTS `procsnap`.`net_udp` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` Nullable(UInt64) COMMENT 'network namespace inode the table belongs to (NULL when unknown)',
  `source_pid` Nullable(Int64) COMMENT 'pid whose proc/<pid>/net was read; NULL for proc/net (the collector\'s ns)',
  `line` Int64 COMMENT '1-based line in the member',
  `family` Int64 COMMENT '4 (udp, udplite) or 6 (udp6, udplite6)',
  `protocol` Int64 COMMENT 'IP protocol number: 17 (UDP, files udp/udp6) or 136 (UDP-Lite)',
  `sl` Nullable(UInt64) COMMENT '"sl": hash bucket of the socket (several sockets may share one)',
  `local_address` Nullable(String) COMMENT 'local address, inet_ntop text',
  `local_port` Nullable(Int64) COMMENT 'local port',
  `remote_address` Nullable(String) COMMENT 'connected peer address (0.0.0.0 / :: when not connected)',
  `remote_port` Nullable(Int64) COMMENT 'connected peer port (0 when not connected)',
  `state` Nullable(UInt64) COMMENT '"st": 7 (CLOSE) unconnected, 1 (ESTABLISHED) after connect()',
  `state_name` Nullable(String) COMMENT 'state as a name (CLOSE, ESTABLISHED)',
  `tx_queue` Nullable(UInt64) COMMENT 'send buffer bytes allocated (sk_wmem_alloc)',
  `rx_queue` Nullable(UInt64) COMMENT 'receive buffer bytes allocated (sk_rmem_alloc)',
  `timer_active` Nullable(UInt64) COMMENT '"tr": always 0 for UDP',
  `timer_name` Nullable(String) COMMENT 'timer_active as a name',
  `timer_expires` Nullable(UInt64) COMMENT '"tm->when": always 0 for UDP',
  `retransmits` Nullable(UInt64) COMMENT '"retrnsmt": always 0 for UDP',
  `uid` Nullable(UInt64) COMMENT 'owner uid (as seen from the reader\'s user namespace)',
  `timeout` Nullable(Int64) COMMENT '"timeout": always 0 for UDP',
  `inode` Nullable(UInt64) COMMENT 'socket inode: joins proc_fds',
  `refcount` Nullable(Int64) COMMENT 'sk_refcnt',
  `pointer` Nullable(String) COMMENT 'kernel address of the socket as printed (%pK: hashed or zeros), hex',
  `drops` Nullable(UInt64) COMMENT 'datagrams dropped (sk_drops)',
  `extra` Nullable(String) COMMENT 'columns beyond this layout, verbatim (NULL when none)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- net_raw: Raw IP sockets from raw and raw6 (ping, packet crafting, routing daemons).
CREATE TABLE IF NOT EXISTS `procsnap`.`net_raw` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` Nullable(UInt64) COMMENT 'network namespace inode the table belongs to (NULL when unknown)',
  `source_pid` Nullable(Int64) COMMENT 'pid whose proc/<pid>/net was read; NULL for proc/net (the collector\'s ns)',
  `line` Int64 COMMENT '1-based line in the member',
  `family` Int64 COMMENT '4 (raw) or 6 (raw6)',
  `protocol` Nullable(Int64) COMMENT 'IP protocol the socket receives (= local_port: 1 ICMP, 58 ICMPv6, 255 RAW)',
  `sl` Nullable(UInt64) COMMENT '"sl": hash bucket of the socket',
  `local_address` Nullable(String) COMMENT 'bound local address, inet_ntop text',
  `local_port` Nullable(Int64) COMMENT 'the kernel prints the IP protocol number here',
  `remote_address` Nullable(String) COMMENT 'connected peer address (0.0.0.0 / :: when not connected)',
  `remote_port` Nullable(Int64) COMMENT 'always 0',
  `state` Nullable(UInt64) COMMENT '"st": 7 (CLOSE) or 1 (ESTABLISHED after connect())',
  `state_name` Nullable(String) COMMENT 'state as a name',
  `tx_queue` Nullable(UInt64) COMMENT 'send buffer bytes allocated (sk_wmem_alloc)',
  `rx_queue` Nullable(UInt64) COMMENT 'receive buffer bytes allocated (sk_rmem_alloc)',
  `timer_active` Nullable(UInt64) COMMENT '"tr": always 0',
  `timer_name` Nullable(String) COMMENT 'timer_active as a name',
  `timer_expires` Nullable(UInt64) COMMENT '"tm->when": always 0',
  `retransmits` Nullable(UInt64) COMMENT '"retrnsmt": always 0',
  `uid` Nullable(UInt64) COMMENT 'owner uid (as seen from the reader\'s user namespace)',
  `timeout` Nullable(Int64) COMMENT '"timeout": always 0',
  `inode` Nullable(UInt64) COMMENT 'socket inode: joins proc_fds',
  `refcount` Nullable(Int64) COMMENT 'sk_refcnt',
  `pointer` Nullable(String) COMMENT 'kernel address of the socket as printed (%pK: hashed or zeros), hex',
  `drops` Nullable(UInt64) COMMENT 'packets dropped (sk_drops)',
  `extra` Nullable(String) COMMENT 'columns beyond this layout, verbatim (NULL when none)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- net_unix: Unix domain sockets from unix.
CREATE TABLE IF NOT EXISTS `procsnap`.`net_unix` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` Nullable(UInt64) COMMENT 'network namespace inode the table belongs to (NULL when unknown)',
  `source_pid` Nullable(Int64) COMMENT 'pid whose proc/<pid>/net was read; NULL for proc/net (the collector\'s ns)',
  `line` Int64 COMMENT '1-based line in the member',
  `pointer` Nullable(String) COMMENT '"Num": kernel address of the socket as printed (%pK), hex',
  `refcount` Nullable(UInt64) COMMENT '"RefCount": sk_refcnt',
  `protocol` Nullable(UInt64) COMMENT '"Protocol": always 0',
  `flags` Nullable(UInt64) COMMENT '"Flags": 65536 (0x10000, __SO_ACCEPTCON) when listening',
  `listening` Nullable(Int64) COMMENT '1 when flags has __SO_ACCEPTCON, else 0; NULL when flags unknown',
  `type` Nullable(UInt64) COMMENT '"Type": 1 STREAM, 2 DGRAM, 5 SEQPACKET',
  `type_name` Nullable(String) COMMENT 'type as a name (STREAM, DGRAM, SEQPACKET, ...)',
  `state` Nullable(UInt64) COMMENT '"St": 1 UNCONNECTED, 2 CONNECTING, 3 CONNECTED, 4 DISCONNECTING',
  `state_name` Nullable(String) COMMENT 'state as a name',
  `inode` Nullable(UInt64) COMMENT '"Inode": socket inode, joins proc_fds (NULL in the pre-2.6 layout)',
  `path` Nullable(String) COMMENT 'bound address as printed (raw bytes; abstract: \'@\' + name, NULs as \'@\')',
  `abstract` Nullable(Int64) COMMENT '1 when path starts with \'@\' (abstract namespace), 0 otherwise, NULL if no path'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- net_packet: AF_PACKET sockets (sniffers, DHCP clients, raw frame injection) from packet.
CREATE TABLE IF NOT EXISTS `procsnap`.`net_packet` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` Nullable(UInt64) COMMENT 'network namespace inode the table belongs to (NULL when unknown)',
  `source_pid` Nullable(Int64) COMMENT 'pid whose proc/<pid>/net was read; NULL for proc/net (the collector\'s ns)',
  `line` Int64 COMMENT '1-based line in the member',
  `pointer` Nullable(String) COMMENT '"sk": kernel address of the socket as printed (%pK), hex',
  `refcount` Nullable(Int64) COMMENT '"RefCnt": sk_refcnt',
  `type` Nullable(Int64) COMMENT '"Type": 3 SOCK_RAW (whole frames) or 2 SOCK_DGRAM (cooked)',
  `type_name` Nullable(String) COMMENT 'type as a name (RAW, DGRAM)',
  `proto` Nullable(UInt64) COMMENT '"Proto": ethertype captured (3 = ETH_P_ALL: every frame; 2048 = IP)',
  `proto_name` Nullable(String) COMMENT 'ethertype as a name (ALL, IP, ARP, IPV6, ...) when known',
  `ifindex` Nullable(Int64) COMMENT '"Iface": bound interface index; 0 = all interfaces',
  `running` Nullable(Int64) COMMENT '"R": 1 when the socket\'s packet hook is active',
  `rmem` Nullable(UInt64) COMMENT '"Rmem": receive memory allocated',
  `uid` Nullable(UInt64) COMMENT '"User": owner uid',
  `inode` Nullable(UInt64) COMMENT '"Inode": socket inode, joins proc_fds'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- net_netlink: Netlink sockets (kernel <-> user messaging: routing, audit, uevents, ...) from netlink.
CREATE TABLE IF NOT EXISTS `procsnap`.`net_netlink` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` Nullable(UInt64) COMMENT 'network namespace inode the table belongs to (NULL when unknown)',
  `source_pid` Nullable(Int64) COMMENT 'pid whose proc/<pid>/net was read; NULL for proc/net (the collector\'s ns)',
  `line` Int64 COMMENT '1-based line in the member',
  `pointer` Nullable(String) COMMENT '"sk": kernel address of the socket as printed (%pK), hex',
  `protocol` Nullable(Int64) COMMENT '"Eth": NETLINK_* protocol (0 ROUTE, 4 SOCK_DIAG, 9 AUDIT, 15 KOBJECT_UEVENT)',
  `protocol_name` Nullable(String) COMMENT 'protocol as a name when known',
  `portid` Nullable(UInt64) COMMENT '"Pid": netlink port id (often the owner\'s pid; 0 = the kernel\'s socket)',
  `groups` Nullable(UInt64) COMMENT '"Groups": multicast groups joined (first 32, bitmask)',
  `rmem` Nullable(Int64) COMMENT '"Rmem": receive memory allocated',
  `wmem` Nullable(Int64) COMMENT '"Wmem": send memory allocated',
  `dump` Nullable(Int64) COMMENT '"Dump": 1 while a dump is in progress',
  `locks` Nullable(Int64) COMMENT '"Locks": sk_refcnt',
  `drops` Nullable(UInt64) COMMENT '"Drops": messages dropped',
  `inode` Nullable(UInt64) COMMENT '"Inode": socket inode, joins proc_fds'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- net_arp: IPv4 neighbour (ARP) cache from arp.
CREATE TABLE IF NOT EXISTS `procsnap`.`net_arp` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` Nullable(UInt64) COMMENT 'network namespace inode the table belongs to (NULL when unknown)',
  `source_pid` Nullable(Int64) COMMENT 'pid whose proc/<pid>/net was read; NULL for proc/net (the collector\'s ns)',
  `line` Int64 COMMENT '1-based line in the member',
  `ip_address` Nullable(String) COMMENT '"IP address" of the neighbour',
  `hw_type` Nullable(UInt64) COMMENT '"HW type": ARPHRD_* (1 = ethernet)',
  `flags` Nullable(UInt64) COMMENT '"Flags": 0x2 complete, 0x4 permanent (static), 0x8 published (proxy)',
  `permanent` Nullable(Int64) COMMENT '1 when flags has ATF_PERM (0x4), else 0',
  `hw_address` Nullable(String) COMMENT '"HW address" (MAC, lower-case aa:bb:...); NULL when the device has none',
  `mask` Nullable(String) COMMENT '"Mask": always \'*\'',
  `device` Nullable(String) COMMENT '"Device": interface name'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- net_route: IPv4 routing table (main table) from route.
CREATE TABLE IF NOT EXISTS `procsnap`.`net_route` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` Nullable(UInt64) COMMENT 'network namespace inode the table belongs to (NULL when unknown)',
  `source_pid` Nullable(Int64) COMMENT 'pid whose proc/<pid>/net was read; NULL for proc/net (the collector\'s ns)',
  `line` Int64 COMMENT '1-based line in the member',
  `iface` Nullable(String) COMMENT '"Iface": output interface',
  `destination` Nullable(String) COMMENT '"Destination" network, dotted quad',
  `gateway` Nullable(String) COMMENT '"Gateway", dotted quad (0.0.0.0 = directly connected)',
  `flags` Nullable(UInt64) COMMENT '"Flags": RTF_UP 0x1, RTF_GATEWAY 0x2, RTF_HOST 0x4, RTF_REJECT 0x200',
  `refcnt` Nullable(Int64) COMMENT '"RefCnt": always 0 on current kernels',
  `use` Nullable(UInt64) COMMENT '"Use": always 0 on current kernels',
  `metric` Nullable(Int64) COMMENT '"Metric": route priority',
  `mask` Nullable(String) COMMENT '"Mask", dotted quad',
  `mtu` Nullable(Int64) COMMENT '"MTU": advertised MSS + 40, 0 = default',
  `window` Nullable(UInt64) COMMENT '"Window": TCP window clamp',
  `irtt` Nullable(UInt64) COMMENT '"IRTT": initial round-trip time'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- net_ipv6_route: IPv6 routing table from ipv6_route (no header in the file; addresses printed in network order).
CREATE TABLE IF NOT EXISTS `procsnap`.`net_ipv6_route` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` Nullable(UInt64) COMMENT 'network namespace inode the table belongs to (NULL when unknown)',
  `source_pid` Nullable(Int64) COMMENT 'pid whose proc/<pid>/net was read; NULL for proc/net (the collector\'s ns)',
  `line` Int64 COMMENT '1-based line in the member',
  `destination` Nullable(String) COMMENT 'destination network, inet_ntop text',
  `destination_prefix` Nullable(UInt64) COMMENT 'destination prefix length',
  `source` Nullable(String) COMMENT 'source network (source-specific routing), inet_ntop text',
  `source_prefix` Nullable(UInt64) COMMENT 'source prefix length',
  `next_hop` Nullable(String) COMMENT 'gateway, inet_ntop text (:: = directly connected)',
  `metric` Nullable(UInt64) COMMENT 'route metric',
  `refcnt` Nullable(UInt64) COMMENT 'reference count',
  `use` Nullable(UInt64) COMMENT 'use count',
  `flags` Nullable(UInt64) COMMENT 'RTF_* flags (0x1 UP, 0x2 GATEWAY, 0x200 REJECT, 0x80000000 LOCAL...)',
  `iface` Nullable(String) COMMENT 'output interface'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- net_dev: Per-interface counters from dev.
CREATE TABLE IF NOT EXISTS `procsnap`.`net_dev` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` Nullable(UInt64) COMMENT 'network namespace inode the table belongs to (NULL when unknown)',
  `source_pid` Nullable(Int64) COMMENT 'pid whose proc/<pid>/net was read; NULL for proc/net (the collector\'s ns)',
  `line` Int64 COMMENT '1-based line in the member',
  `iface` Nullable(String) COMMENT 'interface name',
  `rx_bytes` Nullable(UInt64) COMMENT 'bytes received',
  `rx_packets` Nullable(UInt64) COMMENT 'packets received',
  `rx_errs` Nullable(UInt64) COMMENT 'receive errors',
  `rx_drop` Nullable(UInt64) COMMENT 'received packets dropped',
  `rx_fifo` Nullable(UInt64) COMMENT 'receive FIFO overruns',
  `rx_frame` Nullable(UInt64) COMMENT 'receive framing errors',
  `rx_compressed` Nullable(UInt64) COMMENT 'compressed packets received',
  `rx_multicast` Nullable(UInt64) COMMENT 'multicast packets received',
  `tx_bytes` Nullable(UInt64) COMMENT 'bytes sent',
  `tx_packets` Nullable(UInt64) COMMENT 'packets sent',
  `tx_errs` Nullable(UInt64) COMMENT 'transmit errors',
  `tx_drop` Nullable(UInt64) COMMENT 'sent packets dropped',
  `tx_fifo` Nullable(UInt64) COMMENT 'transmit FIFO overruns',
  `tx_colls` Nullable(UInt64) COMMENT 'collisions',
  `tx_carrier` Nullable(UInt64) COMMENT 'carrier losses',
  `tx_compressed` Nullable(UInt64) COMMENT 'compressed packets sent'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- net_if_inet6: IPv6 addresses of the network namespace from if_inet6 (no header; all numbers hex).
CREATE TABLE IF NOT EXISTS `procsnap`.`net_if_inet6` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` Nullable(UInt64) COMMENT 'network namespace inode the table belongs to (NULL when unknown)',
  `source_pid` Nullable(Int64) COMMENT 'pid whose proc/<pid>/net was read; NULL for proc/net (the collector\'s ns)',
  `line` Int64 COMMENT '1-based line in the member',
  `address` Nullable(String) COMMENT 'the address, inet_ntop text',
  `ifindex` Nullable(UInt64) COMMENT 'interface index',
  `prefix` Nullable(UInt64) COMMENT 'prefix length (0..128)',
  `scope` Nullable(UInt64) COMMENT 'address scope: 0x00 global, 0x10 host (loopback), 0x20 link, 0x40 site, 0x80 v4-compatible',
  `flags` Nullable(UInt64) COMMENT 'IFA_F_* flags: 0x01 temporary, 0x02 nodad, 0x04 optimistic, 0x08 dadfailed, 0x20 deprecated, 0x40 tentative, 0x80 permanent',
  `iface` Nullable(String) COMMENT 'interface name',
  `mask` Nullable(String) COMMENT 'the prefix as a netmask, inet_ntop text (derived from prefix, as getifaddrs reports it)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- net_fib_trie: IPv4 FIB route aliases from fib_trie, one row per "/<len> <scope> <type>" line under a leaf (the trie's internal nodes are not stored). '/32 host LOCAL' rows are the namespace's own addresses, '/<n> link UNICAST' its connected subnets, '/32 link BROADCAST' its broadcast addresses. Main and Local share one trie since Linux 4.0 unless policy rules exist, so a route usually appears under both.
CREATE TABLE IF NOT EXISTS `procsnap`.`net_fib_trie` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` Nullable(UInt64) COMMENT 'network namespace inode the table belongs to (NULL when unknown)',
  `source_pid` Nullable(Int64) COMMENT 'pid whose proc/<pid>/net was read; NULL for proc/net (the collector\'s ns)',
  `line` Int64 COMMENT '1-based line of the alias in the member',
  `fib_table` Nullable(String) COMMENT 'table header without \':\': Main, Local or \'Id <n>\'; NULL before any header',
  `address` Nullable(String) COMMENT 'the leaf\'s key (route destination), dotted quad',
  `address_number` Nullable(Int64) COMMENT 'the same address as a number: a.b.c.d = a*16777216 + b*65536 + c*256 + d',
  `prefix` Nullable(UInt64) COMMENT 'route prefix length (0..32)',
  `scope` Nullable(String) COMMENT 'route scope: universe, site, link, host, nowhere or \'scope=<n>\'',
  `type` Nullable(String) COMMENT 'route type: UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE or \'type <n>\'',
  `tos` Nullable(UInt64) COMMENT 'type of service the route matches; NULL when none'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- net_counters: Protocol counters as rows: sockstat, sockstat6, snmp, netstat and snmp6.
CREATE TABLE IF NOT EXISTS `procsnap`.`net_counters` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` Nullable(UInt64) COMMENT 'network namespace inode the table belongs to (NULL when unknown)',
  `source_pid` Nullable(Int64) COMMENT 'pid whose proc/<pid>/net was read; NULL for proc/net (the collector\'s ns)',
  `line` Int64 COMMENT '1-based line of the value in the member',
  `file` String COMMENT 'source file: sockstat, sockstat6, snmp, netstat or snmp6',
  `protocol` Nullable(String) COMMENT 'line prefix: TCP, UDP, Tcp, TcpExt, Ip6, Icmp6, ...; NULL when none',
  `key` String COMMENT 'counter name (inuse, InSegs, Ip6InReceives, ...)',
  `value` Nullable(String) COMMENT 'counter value: INTEGER, or exact decimal TEXT above 2^63-1; NULL if unparsable'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_meminfo: /proc/meminfo as key/value rows, in file order. A key the kernel did not print has no row (e.g. MemAvailable
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_meminfo` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `line` Int64 COMMENT '1-based line in proc/meminfo',
  `key` String COMMENT 'field name as printed, e.g. \'MemTotal\', \'Active(anon)\', \'HugePages_Total\'',
  `value` Nullable(UInt64) COMMENT 'the number as printed (in `unit`); NULL when unparsable',
  `unit` Nullable(String) COMMENT '\'kB\' (KiB) for sizes; NULL for plain counts (HugePages_*)',
  `bytes` Nullable(UInt64) COMMENT 'value in bytes when unit is kB, the plain value when there is no unit'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_stat: /proc/stat scalar lines: one row per snapshot.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_stat` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `btime` Nullable(UInt64) COMMENT 'boot time, seconds since the epoch (UTC)',
  `ctxt` Nullable(UInt64) COMMENT 'context switches since boot',
  `processes` Nullable(UInt64) COMMENT 'forks (processes and threads created) since boot',
  `procs_running` Nullable(UInt64) COMMENT 'runnable threads at capture',
  `procs_blocked` Nullable(UInt64) COMMENT 'threads blocked waiting for I/O at capture',
  `intr_total` Nullable(UInt64) COMMENT 'all interrupts serviced since boot (first number of the \'intr\' line)',
  `softirq_total` Nullable(UInt64) COMMENT 'all softirqs serviced since boot (first number of the \'softirq\' line)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_stat_cpu: /proc/stat cpu lines: time spent per CPU (and in total) in USER_HZ ticks (snapshots.clk_tck per second).
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_stat_cpu` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `line` Int64 COMMENT '1-based line in proc/stat',
  `cpu` Nullable(String) COMMENT '\'cpu0\', \'cpu1\', ...; NULL for the aggregate \'cpu\' line',
  `cpu_index` Nullable(Int64) COMMENT '0, 1, ... from the name; NULL for the aggregate line',
  `user` Nullable(UInt64) COMMENT 'ticks in user mode (includes guest time)',
  `nice` Nullable(UInt64) COMMENT 'ticks in user mode with low priority (nice > 0)',
  `system` Nullable(UInt64) COMMENT 'ticks in kernel mode',
  `idle` Nullable(UInt64) COMMENT 'ticks idle',
  `iowait` Nullable(UInt64) COMMENT 'ticks idle with I/O outstanding (not reliable, see proc(5))',
  `irq` Nullable(UInt64) COMMENT 'ticks servicing hard interrupts',
  `softirq` Nullable(UInt64) COMMENT 'ticks servicing softirqs',
  `steal` Nullable(UInt64) COMMENT 'ticks stolen by the hypervisor for other guests',
  `guest` Nullable(UInt64) COMMENT 'ticks running a guest\'s virtual CPU',
  `guest_nice` Nullable(UInt64) COMMENT 'ticks running a niced guest'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_stat_intr: /proc/stat 'intr' line: interrupts serviced per numbered IRQ since boot (all of them, zeros included).
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_stat_intr` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `irq` Int64 COMMENT 'IRQ number (position after the total)',
  `count` Nullable(UInt64) COMMENT 'interrupts serviced; NULL when unparsable'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_stat_softirq: /proc/stat 'softirq' line: softirqs serviced per type since boot.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_stat_softirq` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `position` Int64 COMMENT '0-based position after the total (the kernel\'s softirq number)',
  `name` Nullable(String) COMMENT 'kernel name for the position (HI, TIMER, NET_TX, NET_RX, BLOCK, IRQ_POLL, TASKLET, SCHED, HRTIMER, RCU); NULL past the known ones',
  `count` Nullable(UInt64) COMMENT 'softirqs serviced; NULL when unparsable'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_stat_other: /proc/stat lines without a column above (e.g. 'page', 'swap' on 2.4 kernels, or anything new), verbatim.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_stat_other` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `line` Int64 COMMENT '1-based line in proc/stat',
  `key` String COMMENT 'first word of the line',
  `value` Nullable(String) COMMENT 'rest of the line, outer blanks trimmed'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_loadavg: /proc/loadavg: one row per snapshot.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_loadavg` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `load1` Nullable(Float64) COMMENT 'run-queue load average over 1 minute',
  `load5` Nullable(Float64) COMMENT 'over 5 minutes',
  `load15` Nullable(Float64) COMMENT 'over 15 minutes',
  `running` Nullable(UInt64) COMMENT 'runnable scheduling entities (threads) at capture',
  `total` Nullable(UInt64) COMMENT 'scheduling entities existing at capture',
  `last_pid` Nullable(Int64) COMMENT 'most recently assigned pid (in the collector\'s pid namespace)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_uptime: /proc/uptime: one row per snapshot.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_uptime` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `uptime_seconds` Nullable(Float64) COMMENT 'seconds since boot (includes suspend), 2 decimals',
  `idle_seconds` Nullable(Float64) COMMENT 'idle time summed over all CPUs (may exceed uptime_seconds)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_version: /proc/version: one row per snapshot.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_version` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `version` String COMMENT 'the whole line without its newline (raw bytes)',
  `sysname` Nullable(String) COMMENT '\'Linux\' (first word)',
  `release` Nullable(String) COMMENT 'kernel release (uname -r), third word',
  `builder` Nullable(String) COMMENT 'user@host that built the kernel (first parenthesised group)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_cmdline: /proc/cmdline: the kernel command line, one row per snapshot.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_cmdline` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `cmdline` String COMMENT 'the whole line without its newline (raw bytes)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_cmdline_params: /proc/cmdline split into parameters the way the kernel does (kernel/params.c next_arg).
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_cmdline_params` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `position` Int64 COMMENT '0-based position on the command line (\'--\' itself not counted)',
  `raw` String COMMENT 'the parameter as written, quotes included',
  `key` String COMMENT 'name before the first \'=\' (quotes removed), e.g. \'root\', \'console\'',
  `value` Nullable(String) COMMENT 'text after the first \'=\' with quotes removed; NULL for a bare flag',
  `init_arg` Int64 COMMENT '1 when after \'--\' (passed to init, not a kernel parameter), else 0'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_modules: /proc/modules: loaded kernel modules (kernel/module/procfs.c).
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_modules` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `line` Int64 COMMENT '1-based line in proc/modules',
  `name` String COMMENT 'module name',
  `size` Nullable(UInt64) COMMENT 'module memory in bytes',
  `refcount` Nullable(Int64) COMMENT 'reference count; NULL when printed \'-\' (kernel without module unload)',
  `used_by` Nullable(String) COMMENT 'users as printed: \'a,b,\' or \'-\' for none (see sys_module_users)',
  `state` Nullable(String) COMMENT '\'Live\', \'Loading\' or \'Unloading\'',
  `address` Nullable(UInt64) COMMENT 'load address of the module text (0 when hidden by kptr_restrict)',
  `taints` Nullable(String) COMMENT 'taint flags without parentheses (e.g. \'OE\': out-of-tree, unsigned); NULL when untainted'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_module_users: /proc/modules used-by lists, one row per (module, user).
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_module_users` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `module` String COMMENT 'the module being used (sys_modules.name)',
  `used_by` String COMMENT 'a module depending on it, or \'[permanent]\' (cannot be unloaded)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_swaps: /proc/swaps: active swap areas.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_swaps` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `filename` String COMMENT 'device or file path, kernel octal escapes (\\040 ...) decoded',
  `type` Nullable(String) COMMENT '\'partition\' or \'file\'',
  `size_kib` Nullable(UInt64) COMMENT 'size in KiB',
  `used_kib` Nullable(UInt64) COMMENT 'used in KiB',
  `priority` Nullable(Int64) COMMENT 'priority (negative when not set explicitly)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_filesystems: /proc/filesystems: filesystem types registered in the kernel.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_filesystems` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `name` String COMMENT 'type name, e.g. \'ext4\', \'overlay\'',
  `nodev` Int64 COMMENT '1 when the type needs no block device (\'nodev\'), else 0'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_devices: /proc/devices: registered character and block device majors.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_devices` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `kind` String COMMENT '\'character\' or \'block\'',
  `major` Nullable(UInt64) COMMENT 'major number',
  `name` Nullable(String) COMMENT 'driver name, e.g. \'tty\', \'virtblk\''
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_partitions: /proc/partitions: block devices and partitions.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_partitions` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `major` Nullable(UInt64) COMMENT 'major number',
  `minor` Nullable(UInt64) COMMENT 'minor number',
  `blocks` Nullable(UInt64) COMMENT 'size in 1 KiB blocks',
  `name` Nullable(String) COMMENT 'device name, e.g. \'vda\', \'nvme0n1p2\''
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_diskstats: /proc/diskstats: I/O counters per block device (Documentation/admin-guide/iostats.rst). Counters a kernel does
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_diskstats` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `major` Nullable(UInt64) COMMENT 'major number',
  `minor` Nullable(UInt64) COMMENT 'minor number',
  `name` Nullable(String) COMMENT 'device name',
  `reads_completed` Nullable(UInt64) COMMENT 'reads completed successfully',
  `reads_merged` Nullable(UInt64) COMMENT 'adjacent reads merged',
  `sectors_read` Nullable(UInt64) COMMENT '512-byte sectors read',
  `time_reading_ms` Nullable(UInt64) COMMENT 'ms spent reading',
  `writes_completed` Nullable(UInt64) COMMENT 'writes completed',
  `writes_merged` Nullable(UInt64) COMMENT 'adjacent writes merged',
  `sectors_written` Nullable(UInt64) COMMENT '512-byte sectors written',
  `time_writing_ms` Nullable(UInt64) COMMENT 'ms spent writing',
  `ios_in_progress` Nullable(UInt64) COMMENT 'I/Os in flight at capture',
  `time_io_ms` Nullable(UInt64) COMMENT 'ms spent doing I/Os',
  `weighted_time_io_ms` Nullable(UInt64) COMMENT 'weighted ms doing I/Os (queue length x time)',
  `discards_completed` Nullable(UInt64) COMMENT 'discards completed',
  `discards_merged` Nullable(UInt64) COMMENT 'discards merged',
  `sectors_discarded` Nullable(UInt64) COMMENT 'sectors discarded',
  `time_discarding_ms` Nullable(UInt64) COMMENT 'ms spent discarding',
  `flushes_completed` Nullable(UInt64) COMMENT 'flush requests completed',
  `time_flushing_ms` Nullable(UInt64) COMMENT 'ms spent flushing'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_vmstat: /proc/vmstat as key/value rows, in file order.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_vmstat` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `line` Int64 COMMENT '1-based line in proc/vmstat',
  `key` String COMMENT 'counter name, e.g. \'nr_free_pages\', \'pgfault\', \'oom_kill\'',
  `value` Nullable(UInt64) COMMENT 'counter value; NULL when unparsable'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_pressure: /proc/pressure/<resource>: pressure stall information (Documentation/accounting/psi.rst).
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_pressure` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `resource` String COMMENT '\'cpu\', \'io\', \'memory\', \'irq\' (the file name)',
  `kind` String COMMENT '\'some\' (at least one task stalled) or \'full\' (all non-idle tasks stalled)',
  `avg10` Nullable(Float64) COMMENT '% of wall time stalled, 10 s average',
  `avg60` Nullable(Float64) COMMENT '% of wall time stalled, 60 s average',
  `avg300` Nullable(Float64) COMMENT '% of wall time stalled, 300 s average',
  `total_us` Nullable(UInt64) COMMENT 'cumulative stall time since boot, microseconds'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_cpuinfo: /proc/cpuinfo as key/value rows: one block per logical CPU on x86 (other architectures differ).
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_cpuinfo` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `line` Int64 COMMENT '1-based line in proc/cpuinfo',
  `block` Int64 COMMENT '0-based index of the blank-line-separated block',
  `processor` Nullable(Int64) COMMENT 'the block\'s \'processor\' number; NULL when the block has none',
  `key` String COMMENT 'e.g. \'model name\', \'flags\', \'microcode\'',
  `value` Nullable(String) COMMENT 'text after \':\' (may be \'\'; a line without \':\' is no row, an import issue)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_sysctl: /proc/sys/<path>: captured sysctl values, one row per file, kept as text.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_sysctl` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `name` String COMMENT 'dotted name as sysctl(8) prints it, e.g. \'kernel.hostname\'',
  `path` String COMMENT 'path below /proc/sys, e.g. \'kernel/hostname\' (unambiguous when a component has a \'.\')',
  `value` String COMMENT 'file content minus one trailing newline (raw bytes; tabs separate multi-value entries)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_buddyinfo: /proc/buddyinfo: free blocks per zone and order (external fragmentation).
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_buddyinfo` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `node` Nullable(Int64) COMMENT 'NUMA node',
  `zone` String COMMENT '\'DMA\', \'DMA32\', \'Normal\', ...',
  `block_order` Int64 COMMENT 'order k: blocks of 2^k contiguous pages',
  `free_blocks` Nullable(UInt64) COMMENT 'free blocks of that order; NULL when unparsable'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_interrupts: /proc/interrupts counts: one row per (IRQ, CPU).
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_interrupts` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `irq` String COMMENT 'IRQ number or arch name (\'0\', \'24\', \'NMI\', \'LOC\', \'ERR\')',
  `cpu` Nullable(Int64) COMMENT 'CPU number from the header; NULL for a system-wide count (ERR, MIS)',
  `count` Nullable(UInt64) COMMENT 'interrupts serviced since boot; NULL when unparsable'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_interrupt_info: /proc/interrupts descriptions: one row per IRQ line.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_interrupt_info` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `line` Int64 COMMENT '1-based line in proc/interrupts',
  `irq` String COMMENT 'IRQ number or arch name',
  `description` Nullable(String) COMMENT 'text after the counts: chip, hwirq/trigger and actions (handlers), or the arch label'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_softirqs: /proc/softirqs: softirqs serviced per type and CPU.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_softirqs` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `name` String COMMENT '\'HI\', \'TIMER\', \'NET_TX\', \'NET_RX\', \'BLOCK\', \'IRQ_POLL\', \'TASKLET\', \'SCHED\', \'HRTIMER\', \'RCU\'',
  `cpu` Nullable(Int64) COMMENT 'CPU number from the header; NULL when the column had no header',
  `count` Nullable(UInt64) COMMENT 'softirqs serviced since boot; NULL when unparsable'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_zoneinfo: /proc/zoneinfo as rows: per NUMA node and memory zone, watermarks, counters and per-CPU pagesets. Kept
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_zoneinfo` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `line` Int64 COMMENT '1-based line in proc/zoneinfo',
  `node` Nullable(Int64) COMMENT 'NUMA node of the enclosing \'Node N, zone NAME\' header',
  `zone` Nullable(String) COMMENT 'zone name (\'DMA\', \'DMA32\', \'Normal\', \'Movable\', ...)',
  `section` String COMMENT '\'node\' (per-node stats), \'zone\' (pages free, watermarks, zone counters) or \'pagesets\'',
  `cpu` Nullable(Int64) COMMENT 'CPU of a pagesets line (\'cpu: N\'); NULL elsewhere',
  `key` String COMMENT 'e.g. \'nr_free_pages\', \'pages free\', \'min\', \'protection\', \'batch\', \'vm stats threshold\'',
  `value_text` Nullable(String) COMMENT 'value as printed, e.g. \'3952\' or \'(0, 2877, 7826)\'',
  `value` Nullable(UInt64) COMMENT 'the value when it is one unsigned number, else NULL'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_locks: /proc/locks: file locks held or awaited (POSIX, FLOCK, OFDLCK, LEASE, DELEG), joinable to processes by pid and to
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_locks` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `line` Int64 COMMENT '1-based line in proc/locks',
  `id` Nullable(Int64) COMMENT 'ordinal the kernel printed before \':\' (a waiter repeats its blocker\'s)',
  `blocked` Int64 COMMENT '1 for a waiter (\'->\'): it waits for the lock on the line before, else 0',
  `class` Nullable(String) COMMENT '\'POSIX\' (fcntl/lockf), \'FLOCK\', \'OFDLCK\' (open file description), \'LEASE\', \'DELEG\'',
  `mode` Nullable(String) COMMENT '\'ADVISORY\' or \'MANDATORY\'; for leases \'ACTIVE\', \'BREAKING\' or \'BREAKER\'',
  `type` Nullable(String) COMMENT '\'READ\', \'WRITE\' or \'UNLCK\'',
  `pid` Nullable(Int64) COMMENT 'owning pid (collector\'s pid namespace); NULL when the kernel printed -1 (OFD locks have no owner)',
  `dev_major` Nullable(UInt64) COMMENT 'major of the file\'s device (the kernel prints it in hex)',
  `dev_minor` Nullable(UInt64) COMMENT 'minor of the file\'s device (printed in hex)',
  `inode` Nullable(UInt64) COMMENT 'inode of the locked file; NULL for \'<none>\'',
  `start` Nullable(UInt64) COMMENT 'first byte of the locked range',
  `end_offset` Nullable(UInt64) COMMENT 'last byte of the range; NULL when to_eof',
  `to_eof` Int64 COMMENT '1 when the range extends to the end of the file (\'EOF\'), else 0'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_sysvipc_shm: /proc/sysvipc/shm: System V shared memory segments (ipcs -m). Shared memory is a classic hiding place for
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_sysvipc_shm` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `line` Int64 COMMENT '1-based line in proc/sysvipc/shm',
  `key` Nullable(Int64) COMMENT 'IPC key (signed; 0 = IPC_PRIVATE)',
  `shmid` Nullable(UInt64) COMMENT 'segment id',
  `perms` Nullable(String) COMMENT 'permission bits as printed (octal digits, e.g. \'600\')',
  `size` Nullable(UInt64) COMMENT 'segment size, bytes',
  `cpid` Nullable(UInt64) COMMENT 'pid of the creator',
  `lpid` Nullable(UInt64) COMMENT 'pid of the last shmat/shmdt',
  `nattch` Nullable(UInt64) COMMENT 'current attaches',
  `uid` Nullable(UInt64) COMMENT 'owner uid',
  `gid` Nullable(UInt64) COMMENT 'owner gid',
  `cuid` Nullable(UInt64) COMMENT 'creator uid',
  `cgid` Nullable(UInt64) COMMENT 'creator gid',
  `atime` Nullable(UInt64) COMMENT 'last attach, epoch seconds (0 = never)',
  `dtime` Nullable(UInt64) COMMENT 'last detach, epoch seconds (0 = never)',
  `ctime` Nullable(UInt64) COMMENT 'last change, epoch seconds',
  `rss` Nullable(UInt64) COMMENT 'resident bytes',
  `swap` Nullable(UInt64) COMMENT 'swapped-out bytes'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_sysvipc_msg: /proc/sysvipc/msg: System V message queues (ipcs -q).
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_sysvipc_msg` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `line` Int64 COMMENT '1-based line in proc/sysvipc/msg',
  `key` Nullable(Int64) COMMENT 'IPC key (signed; 0 = IPC_PRIVATE)',
  `msqid` Nullable(UInt64) COMMENT 'queue id',
  `perms` Nullable(String) COMMENT 'permission bits as printed (octal digits)',
  `cbytes` Nullable(UInt64) COMMENT 'bytes currently queued',
  `qnum` Nullable(UInt64) COMMENT 'messages currently queued',
  `lspid` Nullable(UInt64) COMMENT 'pid of the last msgsnd',
  `lrpid` Nullable(UInt64) COMMENT 'pid of the last msgrcv',
  `uid` Nullable(UInt64) COMMENT 'owner uid',
  `gid` Nullable(UInt64) COMMENT 'owner gid',
  `cuid` Nullable(UInt64) COMMENT 'creator uid',
  `cgid` Nullable(UInt64) COMMENT 'creator gid',
  `stime` Nullable(UInt64) COMMENT 'last msgsnd, epoch seconds (0 = never)',
  `rtime` Nullable(UInt64) COMMENT 'last msgrcv, epoch seconds (0 = never)',
  `ctime` Nullable(UInt64) COMMENT 'last change, epoch seconds'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_sysvipc_sem: /proc/sysvipc/sem: System V semaphore sets (ipcs -s).
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_sysvipc_sem` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `line` Int64 COMMENT '1-based line in proc/sysvipc/sem',
  `key` Nullable(Int64) COMMENT 'IPC key (signed; 0 = IPC_PRIVATE)',
  `semid` Nullable(UInt64) COMMENT 'semaphore set id',
  `perms` Nullable(String) COMMENT 'permission bits as printed (octal digits)',
  `nsems` Nullable(UInt64) COMMENT 'semaphores in the set',
  `uid` Nullable(UInt64) COMMENT 'owner uid',
  `gid` Nullable(UInt64) COMMENT 'owner gid',
  `cuid` Nullable(UInt64) COMMENT 'creator uid',
  `cgid` Nullable(UInt64) COMMENT 'creator gid',
  `otime` Nullable(UInt64) COMMENT 'last semop, epoch seconds (0 = never)',
  `ctime` Nullable(UInt64) COMMENT 'last change, epoch seconds'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_cgroups: /proc/cgroups: cgroup controllers compiled into the kernel and their v1 hierarchy.
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_cgroups` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `subsys_name` String COMMENT 'controller name, e.g. \'cpuset\', \'memory\', \'pids\'',
  `hierarchy` Nullable(UInt64) COMMENT 'v1 hierarchy id; 0 when not mounted on a v1 hierarchy (cgroup v2 or unused)',
  `num_cgroups` Nullable(UInt64) COMMENT 'cgroups using this controller',
  `enabled` Nullable(UInt64) COMMENT '1 enabled, 0 disabled (cgroup_disable= on the command line)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_misc: /proc/misc: registered misc character devices (major 10).
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_misc` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `minor` Nullable(UInt64) COMMENT 'minor number',
  `name` Nullable(String) COMMENT 'device name, e.g. \'fuse\', \'kvm\', \'vsock\''
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- sys_keys: /proc/keys: kernel keys visible to the collector (keyrings, user/logon keys, asymmetric keys).
CREATE TABLE IF NOT EXISTS `procsnap`.`sys_keys` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `line` Int64 COMMENT '1-based line in proc/keys',
  `serial` Nullable(UInt64) COMMENT 'key serial number (printed as 8 hex digits)',
  `flags` Nullable(String) COMMENT '7 flags: I instantiated, R revoked, D dead, Q quota, U under construction, N negative, i invalidated (\'-\' unset)',
  `usage` Nullable(Int64) COMMENT 'reference count',
  `timeout` Nullable(String) COMMENT '\'perm\', \'expd\', or time left (e.g. \'59m\', \'2d\')',
  `perm` Nullable(String) COMMENT 'permission mask as printed (8 hex digits: possessor, user, group, other)',
  `uid` Nullable(Int64) COMMENT 'owner uid',
  `gid` Nullable(Int64) COMMENT 'owner gid',
  `type` Nullable(String) COMMENT 'key type, e.g. \'keyring\', \'user\', \'logon\', \'asymmetric\'',
  `description` Nullable(String) COMMENT 'the type\'s description of the key (raw bytes)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- memory_regions: One row per region the collector's --mem selection chose (its 'mem-region' manifest line), captured or not.
CREATE TABLE IF NOT EXISTS `procsnap`.`memory_regions` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the pid (ticks after boot); NULL if unknown',
  `start_addr` UInt64 COMMENT 'first address of the region (u64: INTEGER, or decimal TEXT above 2^63-1)',
  `end_addr` UInt64 COMMENT 'address one past the region (u64, same representation)',
  `start_hex` String COMMENT 'start address as in maps (lower-case hex, no 0x)',
  `end_hex` String COMMENT 'end address as in maps',
  `size` Nullable(UInt64) COMMENT 'end_addr - start_addr in bytes',
  `perms` Nullable(String) COMMENT 'permissions as in maps: [r-][w-][x-][ps]',
  `file_offset` Nullable(UInt64) COMMENT 'offset into the mapped file (from maps), bytes',
  `dev` Nullable(String) COMMENT 'device of the mapped file as in maps, \'major:minor\' in hex',
  `inode` Nullable(UInt64) COMMENT 'inode of the mapped file; 0 for anonymous memory',
  `path` Nullable(String) COMMENT 'maps path column as written (raw); NULL when anonymous without a name',
  `path_kind` Nullable(String) COMMENT 'classification of path, as proc_maps.path_kind (anon, file, deleted, memfd, heap, stack, ...)',
  `vmflags` Nullable(String) COMMENT 'VmFlags of the region from the captured smaps ("rd wr mr mw me ac"); NULL when unknown',
  `selection` Nullable(String) COMMENT 'why it was selected: the matching top-level alternative of the --mem expression, e.g. \'x and anon\'',
  `status` String COMMENT 'ok (every byte captured), truncated (a budget stopped it), skipped (never read on purpose), EIO (holes), ESRCH, EACCES, EPERM, timeout; \'unknown\' when the line has none',
  `reason` Nullable(String) COMMENT 'for status other than ok: special-mapping, no-access, vmflags-io/pf/dd, fuse-backed, max-region, max-total, process-gone, mem-open, read-deadline, after-timeout, too-many-stuck-reads, holes (schema/FORMAT.md)',
  `captured_bytes` Int64 COMMENT 'bytes the archive really stores for this region (sum of its pieces\' sizes; 0 when none); an import issue says when the line\'s captured_bytes differs',
  `ranges` Nullable(String) COMMENT 'captured ranges as JSON [["start","end"], ...] (hex strings), as in the manifest (NULL when the line has none)',
  `hole_count` Int64 COMMENT 'number of unreadable ranges within the part attempted (valid entries of holes, checked up to the first bad one)',
  `hole_bytes` Nullable(UInt64) COMMENT 'bytes in those unreadable ranges (NULL when the line has no holes)',
  `holes` Nullable(String) COMMENT 'unreadable ranges as JSON [["start","end","EIO"], ...]',
  `sha256` Nullable(String) COMMENT 'SHA-256 of the captured bytes in address order, computed at import; NULL when nothing captured',
  `verified` Int64 COMMENT '1 when every piece inside the region matched its manifest hash (members.verify \'ok\') AND the stored pieces agree with the line (ranges, captured_bytes, piece sizes); else 0. 1 for a region with nothing to check (skipped)',
  `elf_offset` Nullable(UInt64) COMMENT 'offset (from start_addr) of the first ELF header (\\x7fELF + valid class/data/version) in the captured bytes; NULL when none',
  `elf_in_anon_exec` Int64 COMMENT '1 when perms has x, path_kind is not a regular existing file (anon, anon_named, anon_shmem, anon_inode, heap, stack, stack_tid, memfd, deleted, sysv_shm, dev_zero; never file, vdso/vvar/pseudo: the vDSO is an ELF by design) and elf_offset is not NULL: injected or reflectively loaded code',
  `t0_ns` Nullable(Int64) COMMENT 'CLOCK_BOOTTIME ns when reading began',
  `t1_ns` Nullable(Int64) COMMENT 'CLOCK_BOOTTIME ns when reading ended',
  `pagemap_status` Nullable(String) COMMENT 'how /proc/<pid>/pagemap read for the part attempted: \'ok\', an errno name (open or read failed), \'short\' (fewer entries than pages: the process exited); NULL when nothing of the region was attempted (skipped) or the archive predates pagemap counts',
  `pages` Nullable(UInt64) COMMENT 'pagemap entries read: pages of the attempted part (the whole region unless a budget, timeout or exit stopped it) minus pages_unknown',
  `pages_present` Nullable(UInt64) COMMENT 'pages present in RAM (pagemap bit 63: mapped in the process\'s page tables)',
  `pages_swapped` Nullable(UInt64) COMMENT 'pages swapped out (bit 62): their bytes are only in swap, and are not read under --mem-resident-only',
  `pages_soft_dirty` Nullable(UInt64) COMMENT 'pages written since the process\'s soft-dirty bits were last cleared (bit 55; all 0 on kernels without CONFIG_MEM_SOFT_DIRTY)',
  `pages_exclusive` Nullable(UInt64) COMMENT 'present pages mapped by this process only (bit 56, mapcount 1)',
  `pages_file_shared` Nullable(UInt64) COMMENT 'pages that are file pages or shared anonymous memory (bit 61: shmem, memfd, page cache)',
  `pages_unknown` Nullable(UInt64) COMMENT 'pages of the attempted part whose pagemap entry could not be read (see pagemap_status); under --mem-resident-only they are not read either (holes \'residency-unknown\')'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `start_addr`);

-- memory_chunks: One row per stored piece of a region (at most 4 MiB each); the bytes are members.data of member_path.
CREATE TABLE IF NOT EXISTS `procsnap`.`memory_chunks` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id',
  `region_start` Nullable(UInt64) COMMENT 'start_addr of the region whose [start, end) holds the piece whole (memory_regions); NULL when no region line does (an import issue says so)',
  `start_addr` UInt64 COMMENT 'first address of the piece',
  `end_addr` UInt64 COMMENT 'address one past the piece',
  `member_path` String COMMENT 'members.path holding the bytes (\'mem/<pid>/<start>-<end>\')',
  `verify` Nullable(String) COMMENT 'members.verify of that member (\'ok\', \'hash-mismatch\', ...)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `start_addr`);

-- memory_frames: One row per present page of a --mem region whose page frame pagemap showed (a capture with CAP_SYS_ADMIN; none
CREATE TABLE IF NOT EXISTS `procsnap`.`memory_frames` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id',
  `region_start` UInt64 COMMENT 'start_addr of the region (memory_regions) the page belongs to',
  `addr` UInt64 COMMENT 'address of the page',
  `frame_id` Int64 COMMENT 'the page\'s physical frame, keyed: AES-128 of the PFN under a key drawn at random for the capture and never stored (first 8 bytes, top bit clear). Equal ids within one snapshot = the same physical page (shared memory, shared file pages, KSM, the zero page); meaningless across snapshots, and no physical address can be derived from it'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `addr`);

-- captured_executables: One row per executable copy attempted by --copy-exe (its 'exe-copy' manifest line).
CREATE TABLE IF NOT EXISTS `procsnap`.`captured_executables` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the pid (ticks after boot); NULL if unknown',
  `member_path` String COMMENT '\'bin/<pid>/exe\' (members.data holds the bytes when stored)',
  `exe_link` Nullable(String) COMMENT 'the exe link target when copied (raw), e.g. \'/memfd:x (deleted)\'',
  `why` Nullable(String) COMMENT 'why it was copied: deleted, memfd, all',
  `status` String COMMENT 'ok, truncated (capped at --max-file-bytes, or the file changed while read), skipped (not a regular file), timeout, or an errno name; \'unlisted\' when the member has no manifest line',
  `reason` Nullable(String) COMMENT 'for status other than ok: not-a-regular-file, max-file-bytes, grew, shrank, interrupted, read-deadline, too-many-stuck-reads, fuse-backed (schema/FORMAT.md)',
  `file_size` Nullable(UInt64) COMMENT 'st_size of the opened executable',
  `bytes` Nullable(Int64) COMMENT 'bytes stored (the member\'s size); NULL when nothing was stored',
  `padded` Nullable(Int64) COMMENT 'of those, zeros the collector appended at the end because the file shrank, a read failed or timed out part way through a copy read in pieces (the member\'s size was declared before its bytes were read): the member\'s last `padded` bytes are not the file\'s. 0 when none (older collectors never padded), NULL when nothing was stored',
  `sha256` Nullable(String) COMMENT 'SHA-256 of the member as stored (zeros of `padded` included), computed at import (compare verify); NULL when not stored',
  `is_elf` Nullable(Int64) COMMENT '1 when the stored bytes start with an ELF header (\\x7fELF + valid class/data/version), 0 when not; NULL when not stored',
  `verify` Nullable(String) COMMENT 'members.verify of the member: \'ok\' (matches the manifest), \'hash-mismatch\', \'missing\', \'unlisted\', \'not-stored\'...'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- captured_fds: One row per copy attempted by --copy-fd (its 'fd-copy' manifest line): the file behind an open file descriptor
CREATE TABLE IF NOT EXISTS `procsnap`.`captured_fds` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the pid (ticks after boot); NULL if unknown',
  `fd` Int64 COMMENT 'the file descriptor number (proc/<pid>/fd/<fd>)',
  `member_path` String COMMENT '\'bin/<pid>/fd/<fd>\' (members.data holds the bytes when stored)',
  `fd_link` Nullable(String) COMMENT 'the fd link target (raw), e.g. \'/tmp/x.log (deleted)\', \'/memfd:payload (deleted)\'',
  `why` Nullable(String) COMMENT 'why it was copied: deleted (an unlinked file), memfd',
  `status` String COMMENT 'ok, truncated (capped), skipped (reason says why), an errno name, timeout; \'unlisted\' when the member has no manifest line',
  `reason` Nullable(String) COMMENT 'for status other than ok: not-a-regular-file, same-file (another fd\'s copy holds it: same_as), max-file-bytes, max-total (--copy-fd-max-total), grew, shrank, interrupted, fuse-backed, read-deadline, too-many-stuck-reads (schema/FORMAT.md)',
  `same_as` Nullable(String) COMMENT 'for reason same-file: member_path of the copy of the same file (same st_dev and st_ino) made earlier in the capture',
  `file_size` Nullable(UInt64) COMMENT 'st_size of the file (from the statx before the open)',
  `bytes` Nullable(Int64) COMMENT 'bytes stored (the member\'s size); NULL when nothing was stored',
  `padded` Nullable(Int64) COMMENT 'of those, zeros the collector appended at the end because the file shrank, a read failed or timed out part way through a copy read in pieces (the member\'s size was declared before its bytes were read): the member\'s last `padded` bytes are not the file\'s. 0 when none (older collectors never padded), NULL when nothing was stored',
  `sha256` Nullable(String) COMMENT 'SHA-256 of the member as stored (zeros of `padded` included), computed at import (compare verify); NULL when not stored',
  `is_elf` Nullable(Int64) COMMENT '1 when the stored bytes start with an ELF header (\\x7fELF + valid class/data/version), 0 when not; NULL when not stored',
  `verify` Nullable(String) COMMENT 'members.verify of the member: \'ok\' (matches the manifest), \'hash-mismatch\', \'missing\', \'unlisted\', \'not-stored\'...'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`, `fd`);

-- yara_matches: One row per string match of a YARA rule in a process's captured memory (procsnap mem yara --save), or one
CREATE TABLE IF NOT EXISTS `procsnap`.`yara_matches` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'process id (one scan per process: its selected regions are the scan\'s blocks)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the pid (ticks after boot), as in memory_regions; NULL if unknown',
  `region_start` Nullable(UInt64) COMMENT 'start_addr of the memory_regions row holding the match (u64: INTEGER, or decimal TEXT above 2^63-1); NULL for a rule that matched without a string match',
  `address` Nullable(UInt64) COMMENT 'address of the first matched byte in the process (block base + offset: each captured range is scanned at its real address); NULL as region_start',
  `rule` String COMMENT 'rule identifier',
  `namespace` String COMMENT 'rule namespace: the rule file\'s path relative to the RULES directory, its name for a single file',
  `tags` Nullable(String) COMMENT 'the rule\'s tags, space-separated in declaration order; NULL when none',
  `meta` Nullable(String) COMMENT 'the rule\'s metadata as a JSON object (strings, integers, booleans; a repeated key keeps the last value); NULL when none',
  `string_id` Nullable(String) COMMENT 'identifier of the matching string (\'$a\'); NULL for a rule that matched by its condition alone (no string match to show)',
  `match_length` Nullable(Int64) COMMENT 'length of the match in bytes (may exceed the stored data)',
  `data` Nullable(String) COMMENT 'the first bytes of the match (at most 64, libyara\'s copy; raw, may be any bytes)',
  `hexdump` Nullable(String) COMMENT 'data as hexdump -C lines (address, hex, printable ASCII only): safe to print',
  `rules_sha256` String COMMENT 'SHA-256 over the rule files in compile order (for each: its namespace, a NUL, its bytes, a NUL): which rule set found it',
  `scanned_at` String COMMENT 'when the scan ran, UTC ISO-8601 (analyst\'s clock)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- containers: One row per container the snapshot's processes are in, recognised at import (analyzer/importer/containers.hpp)
CREATE TABLE IF NOT EXISTS `procsnap`.`containers` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `container_id` String COMMENT 'the runtime\'s id as its cgroup path writes it: 64 lower-case hex digits (docker, containerd, cri-o, podman; Kubernetes\' cgroupfs driver); the container\'s name (lxc, nspawn); \'pidns:<inode>\' for a group recognised by its namespaces only (nspawn not registered with machined, systemd-scope, unknown)',
  `runtime` String COMMENT 'docker, containerd, cri-o, podman, lxc, nspawn (also own pid and mount namespaces in <cgroup>/payload with the parent in <cgroup>/supervisor: systemd-nspawn not registered with machined), systemd-scope (own pid and mount namespaces, in a *.scope cgroup no runtime pattern names), unknown (own namespaces and no runtime cgroup; or Kubernetes\' cgroupfs driver, whose bare <id> does not say which runtime)',
  `name` Nullable(String) COMMENT 'lxc / nspawn machine name, or the systemd scope\'s name for systemd-scope (\\xNN unit escapes decoded); NULL for runtimes whose names live only in their own state (docker\'s, podman\'s names are not in /proc)',
  `pod_uid` Nullable(String) COMMENT 'Kubernetes pod UID from the pod\'s cgroup (kubepods-<qos>-pod<uid>.slice or kubepods/<qos>/pod<uid>), with dashes; NULL outside Kubernetes. The pod\'s namespace and name and the container\'s name are never in the cgroup path: not available offline',
  `pod_qos` Nullable(String) COMMENT 'Kubernetes QoS class from the same path: guaranteed, burstable, besteffort',
  `recognised_by` String COMMENT 'the pattern that matched, e.g. \'docker-<id>.scope\', \'docker/<id>\', \'cri-containerd-<id>.scope\', \'crio-<id>.scope\', \'libpod-<id>.scope\', \'lxc.payload.<name>\', \'machine.slice/machine-<name>.scope\' (tests/fixtures/containers/README.md lists every one and where it comes from), or \'namespaces\' (no runtime cgroup: own pid and mount namespaces)',
  `cgroup_driver` Nullable(String) COMMENT 'cgroup driver the pattern belongs to: systemd (a .scope/.slice unit per container) or cgroupfs (directories the runtime makes); NULL for \'namespaces\'',
  `cgroup_version` Nullable(Int64) COMMENT '1 when the matching line was a v1 hierarchy\'s, 2 for the unified hierarchy (hierarchy id 0); NULL for \'namespaces\'',
  `cgroup_path` Nullable(String) COMMENT 'the init\'s cgroup path that matched, as written (the innermost runtime component decides: a pod in a kind node gives the pod\'s container)',
  `init_pid` Int64 COMMENT 'host pid of the container\'s init: the member that is pid 1 of a pid namespace other than the host\'s; else (it shares the host\'s pid namespace, or its init exited) the oldest member whose parent is not a member',
  `init_start_time` Nullable(Int64) COMMENT 'stat starttime of init_pid (ticks after boot)',
  `init_is_pid_1` Nullable(Int64) COMMENT '1 when the init is pid 1 in its own pid namespace (NSpid innermost = 1), 0 when chosen as the oldest member',
  `pid_ns` Nullable(UInt64) COMMENT 'the init\'s pid namespace inode (proc_namespaces); NULL when its ns/pid link was not captured',
  `mnt_ns` Nullable(UInt64) COMMENT 'the init\'s mount namespace inode',
  `net_ns` Nullable(UInt64) COMMENT 'the init\'s network namespace inode (joins net_namespaces.netns and the netns of the net_* tables)',
  `uts_ns` Nullable(UInt64) COMMENT 'the init\'s UTS namespace inode',
  `ipc_ns` Nullable(UInt64) COMMENT 'the init\'s IPC namespace inode',
  `user_ns` Nullable(UInt64) COMMENT 'the init\'s user namespace inode',
  `cgroup_ns` Nullable(UInt64) COMMENT 'the init\'s cgroup namespace inode',
  `host_pid_ns` Nullable(Int64) COMMENT '1 when the init\'s pid namespace is the host\'s (docker run --pid=host, or an escape), 0 when not, NULL when unknown',
  `host_net_ns` Nullable(Int64) COMMENT '1 when the init\'s network namespace is the host\'s (--net=host), 0 when not, NULL when unknown',
  `host_mnt_ns` Nullable(Int64) COMMENT '1 when the init\'s mount namespace is the host\'s (no filesystem isolation at all), 0 when not, NULL when unknown',
  `process_count` Int64 COMMENT 'processes of the snapshot in this container (process_containers rows)',
  `root` Nullable(String) COMMENT 'the init\'s root link text (/proc/<init>/root, raw): \'/\' for a pivot_root\'ed container as its own processes see it; NULL when not captured'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `container_id`);

-- process_containers: One row per process in a container (containers): processes in none have no row. The processes view's
CREATE TABLE IF NOT EXISTS `procsnap`.`process_containers` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `pid` Int64 COMMENT 'host process id (joins proc_stat.pid)',
  `start_time` Nullable(Int64) COMMENT 'stat starttime of the pid (ticks after boot); NULL if unknown',
  `container_id` String COMMENT 'containers.container_id',
  `pid_in_container` Nullable(Int64) COMMENT 'the process\'s pid in its innermost pid namespace (status NSpid, last entry): what ps shows inside the container; NULL when status was not captured',
  `matched_by` String COMMENT 'cgroup (its own cgroup path names the container) or namespaces (no runtime cgroup, but its pid and mount namespaces are not the host\'s: in the container whose init has its pid namespace, entered with setns/nsenter from a host cgroup as docker exec and some escapes do; else a group by pid namespace, containers.recognised_by \'namespaces\')',
  `same_pid_ns` Nullable(Int64) COMMENT '1 when its pid namespace is the container init\'s, 0 when not (entered by setns/nsenter with another pid namespace, moved into the cgroup, or a process claiming another\'s container); NULL when unknown',
  `same_mnt_ns` Nullable(Int64) COMMENT '1 when its mount namespace is the init\'s, 0 when not, NULL when unknown',
  `same_net_ns` Nullable(Int64) COMMENT '1 when its network namespace is the init\'s, 0 when not, NULL when unknown',
  `cgroup_path` Nullable(String) COMMENT 'the process\'s cgroup path that named the container (NULL for matched_by namespaces)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `pid`);

-- net_namespaces: One row per network namespace some captured process holds, with its holders and their containers: what a
CREATE TABLE IF NOT EXISTS `procsnap`.`net_namespaces` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `netns` UInt64 COMMENT 'network namespace inode (proc_namespaces name \'net\'; joins the netns column of the net_* tables)',
  `is_host` Nullable(Int64) COMMENT '1 for the host\'s network namespace (as containers: pid 1\'s, kthreadd\'s or the collector\'s), 0 for another, NULL when the host\'s is unknown',
  `process_count` Int64 COMMENT 'processes whose ns/net link is this namespace',
  `holder_pids` String COMMENT 'their pids, ascending, space-separated (the first 64, then \'...\')',
  `container_count` Int64 COMMENT 'distinct containers among the holders (a Kubernetes pod\'s containers share one)',
  `container_ids` Nullable(String) COMMENT 'those containers\' ids, sorted, space-separated (the first 16, then \'...\'); NULL when no holder is in a container',
  `has_net_tables` Int64 COMMENT '1 when the archive holds this namespace\'s /proc/net tables (net_tcp, net_udp, net_unix, ... rows with this netns), else 0'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key, `netns`);

-- snapshots: One imported archive (a capture of one host at one time).
CREATE TABLE IF NOT EXISTS `procsnap`.`snapshots` (
  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',
  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',
  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)',
  `archive_sha256` String COMMENT 'SHA-256 of the archive file as imported (re-import is a no-op)',
  `archive_name` Nullable(String) COMMENT 'file name the archive was imported from (informational)',
  `state` String COMMENT 'verification: \'verified\' (all checks pass, trailer present), \'incomplete\' (no trailer, or the stream ended early) or \'hash-mismatch\' (any mismatch, missing or unlisted member or chunk; wins over incomplete)',
  `members_total` Nullable(Int64) COMMENT 'members read from the archive (including procsnap/ members)',
  `members_mismatched` Nullable(Int64) COMMENT 'members and manifest chunks whose SHA-256 or size differs from the manifest / trailer',
  `members_missing` Nullable(Int64) COMMENT 'manifest lines (and trailer chunk entries) with a hash whose member never came',
  `members_unlisted` Nullable(Int64) COMMENT 'members without a manifest line (or chunks the trailer does not list)',
  `members_unverified` Nullable(Int64) COMMENT 'members whose manifest chunk never came (incomplete archive)',
  `manifest_lines` Nullable(Int64) COMMENT 'manifest lines read',
  `process_count` Nullable(Int64) COMMENT 'processes captured (manifest process lines, else distinct pids)',
  `container` Nullable(String) COMMENT '\'tar.zst\', \'tar.gz\' or \'tar\'',
  `archive_bytes` Nullable(Int64) COMMENT 'size of the archive file as imported',
  `damage` Nullable(String) COMMENT 'why the stream ended early (truncated/corrupt archive), NULL when it ended cleanly',
  `format_version` Nullable(Int64) COMMENT 'header format_version',
  `collector_name` Nullable(String) COMMENT 'header collector.name',
  `collector_version` Nullable(String) COMMENT 'header collector.version',
  `collector_sha256` Nullable(String) COMMENT 'SHA-256 of the collector binary that made the archive',
  `collector_argv` Nullable(String) COMMENT 'the collector\'s argv as a JSON array',
  `collector_uid` Nullable(Int64) COMMENT 'uid the collector ran as',
  `collector_cap_eff` Nullable(String) COMMENT 'CapEff (hex) the collector ran with',
  `proc_root` Nullable(String) COMMENT '/proc root that was read (\'/proc\' unless --proc-root)',
  `hostname` Nullable(String) COMMENT '/proc/sys/kernel/hostname at capture',
  `machine_id` Nullable(String) COMMENT '/etc/machine-id of the host',
  `boot_id` Nullable(String) COMMENT '/proc/sys/kernel/random/boot_id (one per boot)',
  `kernel_release` Nullable(String) COMMENT 'uname release',
  `kernel_version` Nullable(String) COMMENT 'uname version',
  `arch` Nullable(String) COMMENT 'uname machine',
  `proc_version` Nullable(String) COMMENT '/proc/version',
  `btime` Nullable(Int64) COMMENT 'boot time, epoch seconds (from /proc/stat btime)',
  `clk_tck` Nullable(Int64) COMMENT 'clock ticks per second (USER_HZ, sysconf _SC_CLK_TCK) of the tick counts in /proc (stat starttime, utime, ...); where it came from is clk_tck_source',
  `clk_tck_source` Nullable(String) COMMENT '\'header\' (the header\'s host.clk_tck: the collector\'s sysconf on a live /proc), \'assumed\' (the header has none, e.g. a --proc-root capture of a relocated tree, or an unusable one: 100, USER_HZ on every Linux architecture but alpha\'s 1024), \'option\' (procsnap import --clk-tck, for every archive of that import)',
  `page_size` Nullable(Int64) COMMENT 'page size in bytes',
  `pid_max` Nullable(Int64) COMMENT '/proc/sys/kernel/pid_max',
  `captured_at` Nullable(String) COMMENT 'capture start, UTC ISO-8601',
  `captured_at_epoch_ns` Nullable(Int64) COMMENT 'capture start, CLOCK_REALTIME ns',
  `captured_boottime_ns` Nullable(Int64) COMMENT 'capture start, CLOCK_BOOTTIME ns',
  `finished_at` Nullable(String) COMMENT 'capture end from the trailer (NULL when incomplete)',
  `case_id` Nullable(String) COMMENT '--case',
  `examiner` Nullable(String) COMMENT '--examiner',
  `note` Nullable(String) COMMENT '--note',
  `header_json` String COMMENT 'the whole header.json as captured',
  `trailer_json` Nullable(String) COMMENT 'the whole trailer.json (NULL when incomplete)',
  `imported_at` String COMMENT 'when this database imported it, UTC ISO-8601 (analyst\'s clock)',
  content_sha256 String COMMENT 'SHA-256 over the members (path, kind, status, size, sha256, in path order): the same archive pushed from any database gives the same digest',
  pushed_at DateTime COMMENT 'when the push completed (the pushing machine clock, UTC)'
) ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key);

-- osquery's views (schema/clickhouse/views/; the ones needing JOINs are SQLite-only)

-- osquery `arp_cache` on ClickHouse: schema/views/arp_cache.sql in ClickHouse 18.16's dialect (same columns, then
-- snapshot_key and host in place of snapshot_id). `procsnap` is the database push created the tables in.
CREATE VIEW IF NOT EXISTS `procsnap`.arp_cache AS
SELECT
  ip_address AS address,                 -- IPv4 address of the neighbour
  hw_address AS mac,                     -- its MAC address
  device AS interface,                   -- interface the neighbour is reached through
  toString(permanent) AS permanent,      -- '1' for a permanent (static) entry, else '0'
  snapshot_key AS snapshot_key,          -- snapshot: its archive's SHA-256 (procsnap addition)
  host AS host                           -- the captured host (procsnap addition)
FROM `procsnap`.net_arp
WHERE isNull(source_pid);

-- osquery `cpu_time` on ClickHouse: schema/views/cpu_time.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS `procsnap`.cpu_time AS
SELECT
  cpu_index AS core, user AS user, nice AS nice, system AS system, idle AS idle, iowait AS iowait, irq AS irq,
  softirq AS softirq, steal AS steal, guest AS guest, guest_nice AS guest_nice,
  snapshot_key AS snapshot_key, host AS host
FROM `procsnap`.sys_stat_cpu
WHERE NOT isNull(cpu_index);

-- osquery `interface_details` on ClickHouse: schema/views/interface_details.sql in ClickHouse 18.16's dialect
-- (the columns /proc does not hold are NULL there too).
CREATE VIEW IF NOT EXISTS `procsnap`.interface_details AS
SELECT
  iface AS interface, NULL AS mac, NULL AS type, NULL AS mtu, NULL AS metric, NULL AS flags,
  rx_packets AS ipackets, tx_packets AS opackets, rx_bytes AS ibytes, tx_bytes AS obytes, rx_errs AS ierrors,
  tx_errs AS oerrors, rx_drop AS idrops, tx_drop AS odrops, tx_colls AS collisions, NULL AS last_change,
  NULL AS link_speed, NULL AS pci_slot,
  snapshot_key AS snapshot_key, host AS host
FROM `procsnap`.net_dev
WHERE isNull(source_pid);

-- osquery `kernel_modules` on ClickHouse: schema/views/kernel_modules.sql in ClickHouse 18.16's dialect; address
-- is '0x' + 16 hex digits of the UInt64.
CREATE VIEW IF NOT EXISTS `procsnap`.kernel_modules AS
SELECT
  name AS name,
  size AS size,
  if(used_by = '-', used_by, replaceRegexpOne(used_by, ',+$', '')) AS used_by,
  state AS status,
  if(isNull(address), NULL,
     concat('0x', substring(concat('0000000000000000', lower(hex(assumeNotNull(address)))), -16))) AS address,
  snapshot_key AS snapshot_key, host AS host
FROM `procsnap`.sys_modules;

-- osquery `load_average` on ClickHouse: schema/views/load_average.sql in ClickHouse 18.16's dialect (the average
-- as text with six decimals, as printf('%f')). toDecimal64 truncates where printf rounds: 2.03 is stored as
-- 2.02999999999999980..., which toDecimal64 alone makes 2.029999; half a unit of the sixth decimal added first
-- gives printf's 2.030000 (a load average is never negative, and /proc/loadavg has two decimals: no ties).
CREATE VIEW IF NOT EXISTS `procsnap`.load_average AS
SELECT period, average, snapshot_key, host FROM (
  SELECT '1m' AS period, toString(toDecimal64(load1 + 0.0000005, 6)) AS average, snapshot_key, host FROM `procsnap`.sys_loadavg
  UNION ALL
  SELECT '5m' AS period, toString(toDecimal64(load5 + 0.0000005, 6)) AS average, snapshot_key, host FROM `procsnap`.sys_loadavg
  UNION ALL
  SELECT '15m' AS period, toString(toDecimal64(load15 + 0.0000005, 6)) AS average, snapshot_key, host FROM `procsnap`.sys_loadavg
);

-- osquery `memory_info` on ClickHouse: schema/views/memory_info.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS `procsnap`.memory_info AS
SELECT
  maxIf(bytes, key = 'MemTotal') AS memory_total, maxIf(bytes, key = 'MemFree') AS memory_free,
  maxIf(bytes, key = 'MemAvailable') AS memory_available, maxIf(bytes, key = 'Buffers') AS buffers,
  maxIf(bytes, key = 'Cached') AS cached, maxIf(bytes, key = 'SwapCached') AS swap_cached,
  maxIf(bytes, key = 'Active') AS active, maxIf(bytes, key = 'Inactive') AS inactive,
  maxIf(bytes, key = 'SwapTotal') AS swap_total, maxIf(bytes, key = 'SwapFree') AS swap_free,
  snapshot_key AS snapshot_key, any(host) AS host
FROM `procsnap`.sys_meminfo
GROUP BY snapshot_key;

-- osquery `process_envs` on ClickHouse: schema/views/process_envs.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS `procsnap`.process_envs AS
SELECT pid AS pid, key AS key, value AS value, snapshot_key AS snapshot_key, host AS host
FROM `procsnap`.proc_environ_vars;

-- osquery `process_memory_map` on ClickHouse: schema/views/process_memory_map.sql in ClickHouse 18.16's dialect
-- (smaps rows only for processes without maps rows: GLOBAL NOT IN, which also works through Distributed tables);
-- device as printf('%02x:%02x'): hex() of a UInt64 prints whole bytes, so a leading 0 before 3+ digits goes.
CREATE VIEW IF NOT EXISTS `procsnap`.process_memory_map AS
SELECT
  pid AS pid, concat('0x', start_hex) AS start, concat('0x', end_hex) AS end, perms AS permissions,
  file_offset AS offset,
  concat(replaceRegexpOne(lower(hex(assumeNotNull(dev_major))), '^0([0-9a-f]{2,})$', '\\1'), ':',
         replaceRegexpOne(lower(hex(assumeNotNull(dev_minor))), '^0([0-9a-f]{2,})$', '\\1')) AS device,
  inode AS inode, path AS path, if(ifNull(inode, 1) = 0 AND ifNull(path, '') != '', 1, 0) AS pseudo,
  snapshot_key AS snapshot_key, host AS host
FROM (
  SELECT pid, start_hex, end_hex, perms, file_offset, dev_major, dev_minor, inode, path, snapshot_key, host
  FROM `procsnap`.proc_maps
  UNION ALL
  SELECT pid, start_hex, end_hex, perms, file_offset, dev_major, dev_minor, inode, path, snapshot_key, host
  FROM `procsnap`.proc_smaps
  WHERE (snapshot_key, pid) GLOBAL NOT IN (SELECT snapshot_key, pid FROM `procsnap`.proc_maps)
);

-- osquery `process_namespaces` on ClickHouse: schema/views/process_namespaces.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS `procsnap`.process_namespaces AS
SELECT
  pid AS pid,
  toString(maxIf(inode, name = 'cgroup')) AS cgroup_namespace, toString(maxIf(inode, name = 'ipc')) AS ipc_namespace,
  toString(maxIf(inode, name = 'mnt')) AS mnt_namespace, toString(maxIf(inode, name = 'net')) AS net_namespace,
  toString(maxIf(inode, name = 'pid')) AS pid_namespace, toString(maxIf(inode, name = 'user')) AS user_namespace,
  toString(maxIf(inode, name = 'uts')) AS uts_namespace,
  snapshot_key AS snapshot_key, any(host) AS host
FROM `procsnap`.proc_namespaces
GROUP BY snapshot_key, pid, start_time;

-- osquery `process_open_files` on ClickHouse: schema/views/process_open_files.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS `procsnap`.process_open_files AS
SELECT pid AS pid, fd AS fd, target AS path, snapshot_key AS snapshot_key, host AS host
FROM `procsnap`.proc_fds
WHERE type NOT IN ('socket', 'pipe', 'anon_inode');

-- osquery `routes` on ClickHouse: schema/views/routes.sql in ClickHouse 18.16's dialect (netmask: the prefix
-- length, 32 - log2(~mask + 1), as 18.16 has no bitCount).
CREATE VIEW IF NOT EXISTS `procsnap`.routes AS
SELECT destination, netmask, gateway, source, flags, interface, mtu, metric, type, hopcount, snapshot_key, host
FROM (
  SELECT destination AS destination, toUInt64(32 - round(log2(toUInt64(bitNot(IPv4StringToNum(assumeNotNull(mask)))) + 1))) AS netmask,
         nullIf(gateway, '0.0.0.0') AS gateway, NULL AS source, flags AS flags, iface AS interface,
         toNullable(mtu) AS mtu, toNullable(toInt64(metric)) AS metric,
         if(bitAnd(assumeNotNull(flags), 512) != 0, 'other', 'gateway') AS type, NULL AS hopcount,
         snapshot_key AS snapshot_key, host AS host
  FROM `procsnap`.net_route WHERE isNull(source_pid)
  UNION ALL
  SELECT destination AS destination, toUInt64(destination_prefix) AS netmask, nullIf(next_hop, '::') AS gateway,
         NULL AS source, flags AS flags, iface AS interface, NULL AS mtu, toNullable(toInt64(metric)) AS metric,
         multiIf(bitAnd(assumeNotNull(flags), 2147483648) != 0, 'local',
                 bitAnd(assumeNotNull(flags), 1048576) != 0, 'anycast',
                 bitAnd(assumeNotNull(flags), 512) != 0 OR destination LIKE 'ff%', 'other', 'gateway') AS type,
         NULL AS hopcount, snapshot_key AS snapshot_key, host AS host
  FROM `procsnap`.net_ipv6_route WHERE isNull(source_pid)
);

-- osquery `shared_memory` on ClickHouse: schema/views/shared_memory.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS `procsnap`.shared_memory AS
SELECT
  shmid AS shmid, uid AS owner_uid, cuid AS creator_uid, lpid AS pid, cpid AS creator_pid, atime AS atime,
  dtime AS dtime, ctime AS ctime,
  substring(concat('0000', replaceAll(perms, ' ', '')), -4) AS permissions,
  size AS size, nattch AS attached,
  if(length(perms) >= 4 AND bitAnd(toUInt8OrZero(substring(perms, -4, 1)), 1) != 0, 'dest', '') AS status,
  if(length(perms) >= 4 AND bitAnd(toUInt8OrZero(substring(perms, -4, 1)), 2) != 0, 1, 0) AS locked,
  snapshot_key AS snapshot_key, host AS host
FROM `procsnap`.sys_sysvipc_shm;

-- osquery `system_controls` on ClickHouse: schema/views/system_controls.sql in ClickHouse 18.16's dialect.
CREATE VIEW IF NOT EXISTS `procsnap`.system_controls AS
SELECT
  name AS name, NULL AS oid,
  if(position(name, '.') > 0, substring(name, 1, position(name, '.') - 1), name) AS subsystem,
  value AS current_value, NULL AS config_value, 'string' AS type, NULL AS field_name,
  snapshot_key AS snapshot_key, host AS host
FROM `procsnap`.sys_sysctl;

-- osquery `time` on ClickHouse: schema/views/time.sql in ClickHouse 18.16's dialect (the capture's start, UTC).
CREATE VIEW IF NOT EXISTS `procsnap`.time AS
SELECT
  ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][toDayOfWeek(d)] AS weekday,
  toUInt16(toYear(d)) AS year, toUInt8(toMonth(d)) AS month, toUInt8(toDayOfMonth(d)) AS day,
  toUInt8(toHour(d)) AS hour, toUInt8(toMinute(d)) AS minutes, toUInt8(toSecond(d)) AS seconds,
  'UTC' AS timezone, NULL AS local_timezone, t AS unix_time,
  concat(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][toDayOfWeek(d)], ' ',
         ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][toMonth(d)], ' ',
         substring(concat(' ', toString(toDayOfMonth(d))), -2), ' ', formatDateTime(d, '%H:%M:%S %Y'),
         ' UTC') AS timestamp,
  formatDateTime(d, '%Y-%m-%dT%H:%M:%SZ') AS datetime, formatDateTime(d, '%Y-%m-%dT%H:%M:%SZ') AS iso_8601,
  NULL AS win_timestamp,
  snapshot_key AS snapshot_key, host AS host
FROM (
  SELECT snapshot_key, host, intDiv(assumeNotNull(captured_at_epoch_ns), 1000000000) AS t,
         toDateTime(intDiv(assumeNotNull(captured_at_epoch_ns), 1000000000), 'UTC') AS d
  FROM `procsnap`.snapshots
  WHERE NOT isNull(captured_at_epoch_ns)
);
