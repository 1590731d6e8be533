// Handlers for the proc_basic table group (schema/10_proc_basic.sql): stat, status, statm, io, limits, cmdline,
// environ, cgroup, auxv, sched, schedstat, uid/gid/projid_map, attr/*, autogroup, timens_offsets, stack, syscall,
// timers, task children and the single-value files (proc_values). One handler function serves a file's
// proc/<pid>/X and proc/<pid>/task/<tid>/X patterns: the member's tid picks the task_ table. Each table is declared
// once below (name, scope, columns with their getters and comments); schema/10_proc_basic.sql is generated from
// these declarations (`procsnap schema --write schema/`). Every row starts (snapshot_id, pid, start_time) or
// (snapshot_id, pid, tid, start_time); every parser diagnostic becomes an import_issues row. A handler never throws for
// bad content (only the sink may, for database failures).
#include "importer/registry.hpp"
#include "procfs/proc_auxv.hpp"
#include "procfs/proc_cgroup.hpp"
#include "procfs/proc_cmdline.hpp"
#include "procfs/proc_environ.hpp"
#include "procfs/proc_id_map.hpp"
#include "procfs/proc_io.hpp"
#include "procfs/proc_limits.hpp"
#include "procfs/proc_sched.hpp"
#include "procfs/proc_schedstat.hpp"
#include "procfs/proc_stack.hpp"
#include "procfs/proc_stat.hpp"
#include "procfs/proc_statm.hpp"
#include "procfs/proc_status.hpp"
#include "procfs/proc_syscall.hpp"
#include "procfs/proc_timers.hpp"
#include "procfs/proc_values.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace procsnap::importer {

namespace {

using db::v;
using db::Value;

// The header of schema/10_proc_basic.sql.
constexpr std::string_view k_header =
    "Per-process \"basic\" tables: "
    "proc/<pid>/{stat,status,statm,io,limits,cmdline,environ,cgroup,auxv,sched,schedstat,\n"
    "uid_map,gid_map,projid_map,attr/*,autogroup,timens_offsets,stack,syscall,timers} and the single-value files\n"
    "(proc_values), with per-thread task_* twins where the kernel has per-thread content. Parsers:\n"
    "procfs/proc_*.hpp; binders: analyzer/importer/tables/proc_basic.cpp.\n"
    "\n"
    "Keys: proc_* rows start (snapshot_id, pid, start_time); task_* rows (snapshot_id, pid, tid, start_time), where\n"
    "start_time is the PROCESS's stat field 22 (clock ticks after boot; NULL when its stat was missing/unparsable).\n"
    "Representation choices:\n"
    "- Kernel unsigned 64-bit values are ANY columns: INTEGER when <= 2^63-1, else the exact decimal TEXT\n"
    "  (rsslim = 18446744073709551615 is the text '18446744073709551615'). Signed kernel values are INTEGER.\n"
    "- Absent values are NULL, never 0/-1/'': a field an older kernel does not print, a truncated field, an\n"
    "  unparsable value (with an import_issues row) are NULL. Empty text is stored only where the kernel wrote an\n"
    "  empty value (Groups with no groups, an environment variable set to '').\n"
    "- Text columns hold the bytes as captured (comm, argv, environment may be invalid UTF-8 or hold control\n"
    "  characters); escape on display. The raw member bytes are always in members.data.\n"
    "- Per-thread tables exist for files whose content can differ per thread, which the collector captures under\n"
    "  task/<tid>/ (common/src/capture_list.cpp): stat, status(+kv), io, cgroup, sched, schedstat, stack, syscall,\n"
    "  children, values (comm, wchan, cpuset, arch_status). Process-wide files (statm: the mm is shared by all\n"
    "  threads; limits, oom_*, ksm_*, setgroups, loginuid, ...) exist only as proc_ rows. A zombie leader's\n"
    "  process-wide files, captured under its first live thread, are imported as the process's own rows.\n"
    "- Single-value files share proc_values / task_values (file, key, value, number) instead of 15 one-column\n"
    "  tables; arch_status and ksm_stat (key/value files) go there too with key set.";

// ---- row plumbing -------------------------------------------------------------------------------------------
// Rows are written by row(sink, member, table, record) (table_sink.hpp): the member's tid picks the task_ twin of a
// process_and_task table. Values a handler computes (joined cmdline, hex text, loop indexes, the member's own bytes
// or name) go into a small row struct the handler fills, so that text getters point into storage that outlives the
// insert.

template <class T>
void report(const Member& m, TableSink& sink, const procfs::Parsed<T>& parsed) {
  for (const auto& d : parsed.diagnostics) {
    sink.issue(m.path, d.line, d.excerpt, d.message);
  }
}

// Every file of this group is a regular member; a symlink one is not parsed (its target is no file content).
bool regular(const Member& m, TableSink& sink) {
  if (m.is_symlink) {
    sink.issue(m.path, 0, {}, "symlink member where a regular file was expected (not parsed)");
    return false;
  }
  return true;
}

Value n(std::size_t x) { return static_cast<std::int64_t>(x); }
Value opt_text(const std::optional<std::string>& s) { return s ? Value{db::Text{*s}} : Value{std::monostate{}}; }
/// A one-letter TEXT referring to the parsed value's storage (which outlives the insert).
Value letter(const std::optional<char>& c) {
  return c ? Value{db::Text{std::string_view(&*c, 1)}} : Value{std::monostate{}};
}
Value state_name(const std::optional<char>& c) {
  const std::string_view name = c ? procfs::proc_state_name(*c) : std::string_view{};
  return name.empty() ? Value{std::monostate{}} : Value{db::Text{name}};
}
std::string_view last_component(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}
std::span<const std::byte> raw(const Member& m) { return m.bytes; }

/// Getter of a std::size_t member (line number, index, count) as a signed INTEGER.
template <auto Member>
// NOLINTNEXTLINE(readability-identifier-naming): a getter, named like the function it stands for
inline constexpr auto size_field = [](const auto& r) -> Value { return n(r.*Member); };

// ---- stat ---------------------------------------------------------------------------------------------------

// PF_KTHREAD (include/linux/sched.h), stable since 2.6.27.
constexpr std::uint64_t k_pf_kthread = 0x00200000;
Value kthread(const procfs::ProcStat& s) {
  return s.flags ? v((*s.flags & k_pf_kthread) != 0) : Value{std::monostate{}};
}

using StatC = ColsOf<procfs::ProcStat>;
constexpr Table k_stat(
    TableDecl{
        .name = "proc_stat",
        .task_name = "task_stat",
        .scope = Scope::process_and_task,
        .comment = "proc/<pid>/stat: every field of the one-line stat file (proc(5) numbering in the comments); "
                   "NULL when a field is\nabsent (older kernel, truncated) or unparsable.",
        .task_comment = "Per thread, proc/<pid>/task/<tid>/stat: the twin of proc_stat (same columns, plus tid)."},
    std::to_array<Col<procfs::ProcStat>>({
        StatC::col("stat_pid", Type::integer, field<&procfs::ProcStat::pid>,
                   "(1) pid as written in the file (may differ from the path pid in damaged or synthetic data)"),
        StatC::col("comm", Type::text, field<&procfs::ProcStat::comm>,
                   "(2) task name: the bytes between the first ( and the last ) (may hold spaces, parentheses, "
                   "newlines, invalid UTF-8)"),
        StatC::col(
            "state", Type::text, [](const procfs::ProcStat& s) -> db::Value { return letter(s.state); },
            "(3) state letter: R running, S sleeping, D disk sleep, Z zombie, T stopped, t tracing stop, X dead, I "
            "idle, P parked, ..."),
        StatC::col(
            "state_name", Type::text, [](const procfs::ProcStat& s) -> db::Value { return state_name(s.state); },
            "state letter spelled out (running, sleeping, ...); NULL for a letter procsnap does not know"),
        StatC::col("ppid", Type::integer, field<&procfs::ProcStat::ppid>, "(4) parent pid"),
        StatC::col("pgrp", Type::integer, field<&procfs::ProcStat::pgrp>, "(5) process group id"),
        StatC::col("session", Type::integer, field<&procfs::ProcStat::session>, "(6) session id"),
        StatC::col("tty_nr", Type::integer, field<&procfs::ProcStat::tty_nr>,
                   "(7) controlling terminal device number (0 = none)"),
        StatC::col("tpgid", Type::integer, field<&procfs::ProcStat::tpgid>,
                   "(8) foreground process group of the terminal (-1 = none)"),
        StatC::col("flags", Type::u64, field<&procfs::ProcStat::flags>,
                   "(9) PF_* kernel flags bitmap (include/linux/sched.h)"),
        StatC::col(
            "kthread", Type::integer, [](const procfs::ProcStat& s) -> db::Value { return kthread(s); },
            "1 when flags has PF_KTHREAD (0x00200000): a kernel thread; NULL without flags"),
        StatC::col("minflt", Type::u64, field<&procfs::ProcStat::minflt>, "(10) minor page faults"),
        StatC::col("cminflt", Type::u64, field<&procfs::ProcStat::cminflt>, "(11) minor faults of waited-for children"),
        StatC::col("majflt", Type::u64, field<&procfs::ProcStat::majflt>, "(12) major page faults"),
        StatC::col("cmajflt", Type::u64, field<&procfs::ProcStat::cmajflt>, "(13) major faults of waited-for children"),
        StatC::col("utime", Type::u64, field<&procfs::ProcStat::utime>,
                   "(14) user-mode CPU time, clock ticks (snapshots.clk_tck per second)"),
        StatC::col("stime", Type::u64, field<&procfs::ProcStat::stime>, "(15) kernel-mode CPU time, clock ticks"),
        StatC::col("cutime", Type::integer, field<&procfs::ProcStat::cutime>,
                   "(16) waited-for children user time, clock ticks"),
        StatC::col("cstime", Type::integer, field<&procfs::ProcStat::cstime>,
                   "(17) waited-for children kernel time, clock ticks"),
        StatC::col("priority", Type::integer, field<&procfs::ProcStat::priority>,
                   "(18) priority as the kernel shows it (negated RT priority - 1 for RT tasks, nice + 20 otherwise)"),
        StatC::col("nice", Type::integer, field<&procfs::ProcStat::nice>, "(19) nice value, -20 (high) .. 19 (low)"),
        StatC::col("num_threads", Type::integer, field<&procfs::ProcStat::num_threads>, "(20) threads in the process"),
        StatC::col("itrealvalue", Type::integer, field<&procfs::ProcStat::itrealvalue>,
                   "(21) jiffies before the next SIGALRM; always 0 since 2.6.17"),
        StatC::col("starttime", Type::u64, field<&procfs::ProcStat::start_time>,
                   "(22) start time, clock ticks after boot, as written (proc_stat: equals start_time; task_stat: the "
                   "thread's own)"),
        StatC::col("vsize", Type::u64, field<&procfs::ProcStat::vsize>, "(23) virtual memory size, bytes"),
        StatC::col("rss", Type::integer, field<&procfs::ProcStat::rss>, "(24) resident set size, pages"),
        StatC::col("rsslim", Type::u64, field<&procfs::ProcStat::rsslim>,
                   "(25) soft RSS limit, bytes (18446744073709551615 = unlimited, stored as decimal TEXT)"),
        StatC::col("startcode", Type::u64, field<&procfs::ProcStat::startcode>,
                   "(26) address above which program text can run"),
        StatC::col("endcode", Type::u64, field<&procfs::ProcStat::endcode>,
                   "(27) address below which program text can run"),
        StatC::col("startstack", Type::u64, field<&procfs::ProcStat::startstack>,
                   "(28) start (bottom) address of the stack"),
        StatC::col("kstkesp", Type::u64, field<&procfs::ProcStat::kstkesp>,
                   "(29) current stack pointer (0 unless the task is being core-dumped)"),
        StatC::col("kstkeip", Type::u64, field<&procfs::ProcStat::kstkeip>,
                   "(30) current instruction pointer (0 unless the task is being core-dumped)"),
        StatC::col("signal", Type::u64, field<&procfs::ProcStat::signal>,
                   "(31) pending signals bitmap (obsolete: use proc_status.sig_pnd)"),
        StatC::col("blocked", Type::u64, field<&procfs::ProcStat::blocked>, "(32) blocked signals bitmap (obsolete)"),
        StatC::col("sigignore", Type::u64, field<&procfs::ProcStat::sigignore>,
                   "(33) ignored signals bitmap (obsolete)"),
        StatC::col("sigcatch", Type::u64, field<&procfs::ProcStat::sigcatch>, "(34) caught signals bitmap (obsolete)"),
        StatC::col(
            "wchan", Type::u64, field<&procfs::ProcStat::wchan>,
            "(35) 0, or 1 when blocked in the kernel (the address is hidden since 4.4; see proc_values file wchan)"),
        StatC::col("nswap", Type::u64, field<&procfs::ProcStat::nswap>, "(36) pages swapped (not maintained)"),
        StatC::col("cnswap", Type::u64, field<&procfs::ProcStat::cnswap>,
                   "(37) cumulative nswap of children (not maintained)"),
        StatC::col("exit_signal", Type::integer, field<&procfs::ProcStat::exit_signal>,
                   "(38) signal sent to the parent when the task dies (2.1.22+)"),
        StatC::col("processor", Type::integer, field<&procfs::ProcStat::processor>,
                   "(39) CPU last executed on (2.2.8+)"),
        StatC::col("rt_priority", Type::u64, field<&procfs::ProcStat::rt_priority>,
                   "(40) real-time priority 1..99, 0 for normal policies (2.5.19+)"),
        StatC::col("policy", Type::u64, field<&procfs::ProcStat::policy>,
                   "(41) scheduling policy: 0 OTHER, 1 FIFO, 2 RR, 3 BATCH, 5 IDLE, 6 DEADLINE (2.5.19+)"),
        StatC::col("delayacct_blkio_ticks", Type::u64, field<&procfs::ProcStat::delayacct_blkio_ticks>,
                   "(42) aggregated block I/O delay, clock ticks (2.6.18+)"),
        StatC::col("guest_time", Type::u64, field<&procfs::ProcStat::guest_time>,
                   "(43) time spent running a virtual CPU for a guest, clock ticks (2.6.24+)"),
        StatC::col("cguest_time", Type::integer, field<&procfs::ProcStat::cguest_time>,
                   "(44) guest time of waited-for children, clock ticks (2.6.24+)"),
        StatC::col("start_data", Type::u64, field<&procfs::ProcStat::start_data>,
                   "(45) address above which initialized and BSS data are placed (3.3+)"),
        StatC::col("end_data", Type::u64, field<&procfs::ProcStat::end_data>,
                   "(46) address below which initialized and BSS data are placed (3.3+)"),
        StatC::col("start_brk", Type::u64, field<&procfs::ProcStat::start_brk>,
                   "(47) address above which the heap can be expanded with brk (3.3+)"),
        StatC::col("arg_start", Type::u64, field<&procfs::ProcStat::arg_start>,
                   "(48) address of the command-line arguments (3.5+)"),
        StatC::col("arg_end", Type::u64, field<&procfs::ProcStat::arg_end>,
                   "(49) end of the command-line arguments (3.5+)"),
        StatC::col("env_start", Type::u64, field<&procfs::ProcStat::env_start>,
                   "(50) address of the environment (3.5+)"),
        StatC::col("env_end", Type::u64, field<&procfs::ProcStat::env_end>, "(51) end of the environment (3.5+)"),
        StatC::col("exit_code", Type::integer, field<&procfs::ProcStat::exit_code>,
                   "(52) exit status in waitpid(2) form (3.5+)"),
        StatC::col(
            "extra_fields", Type::integer, [](const procfs::ProcStat& s) -> db::Value { return n(s.extra_fields); },
            "fields after the 52nd (a newer kernel), counted and not stored; 0 normally"),
    }));

void stat_(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_stat(m.text());
  report(m, sink, p);
  row(sink, m, k_stat, p.value);
}

// ---- status -------------------------------------------------------------------------------------------------

using StatusC = ColsOf<procfs::ProcStatus>;
constexpr Table k_status(
    TableDecl{
        .name = "proc_status",
        .task_name = "task_status",
        .scope = Scope::process_and_task,
        .comment =
            "proc/<pid>/status: the keys procsnap knows as typed columns; every line is also in proc_status_kv /\n"
            "task_status_kv.",
        .task_comment = "Per thread, proc/<pid>/task/<tid>/status: the twin of proc_status (same columns, plus tid)."},
    std::to_array<Col<procfs::ProcStatus>>({
        StatusC::col("name", Type::text, field<&procfs::ProcStatus::name>,
                     "Name: task name with the kernel's escapes (\\n, \\\\) as printed"),
        StatusC::col("umask", Type::text, field<&procfs::ProcStatus::umask>, "Umask: octal text, e.g. 0022 (4.7+)"),
        StatusC::col(
            "state", Type::text, [](const procfs::ProcStatus& s) -> db::Value { return letter(s.state); },
            "State: letter"),
        StatusC::col("state_name", Type::text, field<&procfs::ProcStatus::state_text>,
                     "State: the word in parentheses, e.g. sleeping"),
        StatusC::col("tgid", Type::integer, field<&procfs::ProcStatus::tgid>, "Tgid: thread group id (the process id)"),
        StatusC::col("ngid", Type::integer, field<&procfs::ProcStatus::ngid>, "Ngid: NUMA group id (0 = none)"),
        StatusC::col("status_pid", Type::integer, field<&procfs::ProcStatus::pid>, "Pid: thread id as written"),
        StatusC::col("ppid", Type::integer, field<&procfs::ProcStatus::ppid>, "PPid: parent pid"),
        StatusC::col("tracer_pid", Type::integer, field<&procfs::ProcStatus::tracer_pid>,
                     "TracerPid: pid of the ptrace tracer, 0 when not traced"),
        StatusC::col(
            "uid_real", Type::u64, [](const procfs::ProcStatus& s) -> db::Value { return v(s.uid[0]); },
            "Uid: real uid"),
        StatusC::col(
            "uid_effective", Type::u64, [](const procfs::ProcStatus& s) -> db::Value { return v(s.uid[1]); },
            "Uid: effective uid"),
        StatusC::col(
            "uid_saved", Type::u64, [](const procfs::ProcStatus& s) -> db::Value { return v(s.uid[2]); },
            "Uid: saved set-user-id"),
        StatusC::col(
            "uid_fs", Type::u64, [](const procfs::ProcStatus& s) -> db::Value { return v(s.uid[3]); },
            "Uid: filesystem uid"),
        StatusC::col(
            "gid_real", Type::u64, [](const procfs::ProcStatus& s) -> db::Value { return v(s.gid[0]); },
            "Gid: real gid"),
        StatusC::col(
            "gid_effective", Type::u64, [](const procfs::ProcStatus& s) -> db::Value { return v(s.gid[1]); },
            "Gid: effective gid"),
        StatusC::col(
            "gid_saved", Type::u64, [](const procfs::ProcStatus& s) -> db::Value { return v(s.gid[2]); },
            "Gid: saved set-group-id"),
        StatusC::col(
            "gid_fs", Type::u64, [](const procfs::ProcStatus& s) -> db::Value { return v(s.gid[3]); },
            "Gid: filesystem gid"),
        StatusC::col("fd_size", Type::u64, field<&procfs::ProcStatus::fd_size>,
                     "FDSize: allocated file descriptor slots"),
        StatusC::col("groups", Type::text, field<&procfs::ProcStatus::groups>,
                     "Groups: supplementary gids separated by spaces (empty text = no supplementary groups)"),
        StatusC::col("nstgid", Type::text, field<&procfs::ProcStatus::nstgid>,
                     "NStgid: tgid in each nested pid namespace, outermost first, as printed (4.1+)"),
        StatusC::col("nstgid_outermost", Type::integer, field<&procfs::ProcStatus::nstgid_outermost>,
                     "NStgid: first entry (as seen from the initial pid namespace)"),
        StatusC::col("nstgid_innermost", Type::integer, field<&procfs::ProcStatus::nstgid_innermost>,
                     "NStgid: last entry (as the process sees itself)"),
        StatusC::col("nspid", Type::text, field<&procfs::ProcStatus::nspid>,
                     "NSpid: thread id in each nested pid namespace, as printed"),
        StatusC::col("nspid_outermost", Type::integer, field<&procfs::ProcStatus::nspid_outermost>,
                     "NSpid: first entry"),
        StatusC::col("nspid_innermost", Type::integer, field<&procfs::ProcStatus::nspid_innermost>,
                     "NSpid: last entry"),
        StatusC::col("nspgid", Type::text, field<&procfs::ProcStatus::nspgid>,
                     "NSpgid: process group id in each nested pid namespace, as printed"),
        StatusC::col("nspgid_outermost", Type::integer, field<&procfs::ProcStatus::nspgid_outermost>,
                     "NSpgid: first entry"),
        StatusC::col("nspgid_innermost", Type::integer, field<&procfs::ProcStatus::nspgid_innermost>,
                     "NSpgid: last entry"),
        StatusC::col("nssid", Type::text, field<&procfs::ProcStatus::nssid>,
                     "NSsid: session id in each nested pid namespace, as printed"),
        StatusC::col("nssid_outermost", Type::integer, field<&procfs::ProcStatus::nssid_outermost>,
                     "NSsid: first entry"),
        StatusC::col("nssid_innermost", Type::integer, field<&procfs::ProcStatus::nssid_innermost>,
                     "NSsid: last entry"),
        StatusC::col("kthread", Type::integer, field<&procfs::ProcStatus::kthread>,
                     "Kthread: 1 for kernel threads (6.x)"),
        StatusC::col("vm_peak_kb", Type::u64, field<&procfs::ProcStatus::vm_peak_kb>,
                     "VmPeak (peak virtual size): kB as printed (absent for kernel threads)"),
        StatusC::col("vm_size_kb", Type::u64, field<&procfs::ProcStatus::vm_size_kb>,
                     "VmSize (virtual size): kB as printed (absent for kernel threads)"),
        StatusC::col("vm_lck_kb", Type::u64, field<&procfs::ProcStatus::vm_lck_kb>,
                     "VmLck (locked memory): kB as printed (absent for kernel threads)"),
        StatusC::col("vm_pin_kb", Type::u64, field<&procfs::ProcStatus::vm_pin_kb>,
                     "VmPin (pinned memory): kB as printed (absent for kernel threads)"),
        StatusC::col("vm_hwm_kb", Type::u64, field<&procfs::ProcStatus::vm_hwm_kb>,
                     "VmHWM (peak resident set): kB as printed (absent for kernel threads)"),
        StatusC::col("vm_rss_kb", Type::u64, field<&procfs::ProcStatus::vm_rss_kb>,
                     "VmRSS (resident set): kB as printed (absent for kernel threads)"),
        StatusC::col("rss_anon_kb", Type::u64, field<&procfs::ProcStatus::rss_anon_kb>,
                     "RssAnon (resident anonymous memory): kB as printed (absent for kernel threads)"),
        StatusC::col("rss_file_kb", Type::u64, field<&procfs::ProcStatus::rss_file_kb>,
                     "RssFile (resident file mappings): kB as printed (absent for kernel threads)"),
        StatusC::col("rss_shmem_kb", Type::u64, field<&procfs::ProcStatus::rss_shmem_kb>,
                     "RssShmem (resident shared memory): kB as printed (absent for kernel threads)"),
        StatusC::col("vm_data_kb", Type::u64, field<&procfs::ProcStatus::vm_data_kb>,
                     "VmData (data segment): kB as printed (absent for kernel threads)"),
        StatusC::col("vm_stk_kb", Type::u64, field<&procfs::ProcStatus::vm_stk_kb>,
                     "VmStk (stack): kB as printed (absent for kernel threads)"),
        StatusC::col("vm_exe_kb", Type::u64, field<&procfs::ProcStatus::vm_exe_kb>,
                     "VmExe (text segment): kB as printed (absent for kernel threads)"),
        StatusC::col("vm_lib_kb", Type::u64, field<&procfs::ProcStatus::vm_lib_kb>,
                     "VmLib (shared library code): kB as printed (absent for kernel threads)"),
        StatusC::col("vm_pte_kb", Type::u64, field<&procfs::ProcStatus::vm_pte_kb>,
                     "VmPTE (page tables): kB as printed (absent for kernel threads)"),
        StatusC::col("vm_pmd_kb", Type::u64, field<&procfs::ProcStatus::vm_pmd_kb>,
                     "VmPMD (second-level page tables; 4.0..4.14): kB as printed (absent for kernel threads)"),
        StatusC::col("vm_swap_kb", Type::u64, field<&procfs::ProcStatus::vm_swap_kb>,
                     "VmSwap (swapped-out anonymous memory): kB as printed (absent for kernel threads)"),
        StatusC::col("hugetlb_pages_kb", Type::u64, field<&procfs::ProcStatus::hugetlb_pages_kb>,
                     "HugetlbPages (hugetlbfs memory): kB as printed (absent for kernel threads)"),
        StatusC::col("core_dumping", Type::integer, field<&procfs::ProcStatus::core_dumping>,
                     "CoreDumping: 1 while the process is dumping core (4.15+)"),
        StatusC::col("thp_enabled", Type::integer, field<&procfs::ProcStatus::thp_enabled>,
                     "THP_enabled: 1 when transparent huge pages are allowed (5.0+)"),
        StatusC::col("untag_mask", Type::text, field<&procfs::ProcStatus::untag_mask>,
                     "untag_mask: address tag mask, hex text (6.4+)"),
        StatusC::col("threads", Type::u64, field<&procfs::ProcStatus::threads>, "Threads: threads in the process"),
        StatusC::col("sigq", Type::text, field<&procfs::ProcStatus::sigq>, "SigQ: queued/limit as printed"),
        StatusC::col("sigq_queued", Type::u64, field<&procfs::ProcStatus::sigq_queued>,
                     "SigQ: signals queued for the real uid"),
        StatusC::col("sigq_limit", Type::u64, field<&procfs::ProcStatus::sigq_limit>, "SigQ: RLIMIT_SIGPENDING"),
        StatusC::col("sig_pnd", Type::text, field<&procfs::ProcStatus::sig_pnd>, "SigPnd: thread pending signals, hex"),
        StatusC::col("shd_pnd", Type::text, field<&procfs::ProcStatus::shd_pnd>,
                     "ShdPnd: process-shared pending signals, hex"),
        StatusC::col("sig_blk", Type::text, field<&procfs::ProcStatus::sig_blk>, "SigBlk: blocked signals, hex"),
        StatusC::col("sig_ign", Type::text, field<&procfs::ProcStatus::sig_ign>, "SigIgn: ignored signals, hex"),
        StatusC::col("sig_cgt", Type::text, field<&procfs::ProcStatus::sig_cgt>, "SigCgt: caught signals, hex"),
        StatusC::col("cap_inh", Type::text, field<&procfs::ProcStatus::cap_inh>,
                     "CapInh: inheritable capabilities, hex"),
        StatusC::col("cap_prm", Type::text, field<&procfs::ProcStatus::cap_prm>, "CapPrm: permitted capabilities, hex"),
        StatusC::col("cap_eff", Type::text, field<&procfs::ProcStatus::cap_eff>, "CapEff: effective capabilities, hex"),
        StatusC::col("cap_bnd", Type::text, field<&procfs::ProcStatus::cap_bnd>, "CapBnd: bounding set, hex"),
        StatusC::col("cap_amb", Type::text, field<&procfs::ProcStatus::cap_amb>,
                     "CapAmb: ambient capabilities, hex (4.3+)"),
        StatusC::col("no_new_privs", Type::integer, field<&procfs::ProcStatus::no_new_privs>,
                     "NoNewPrivs: 1 when PR_SET_NO_NEW_PRIVS is set (4.10+)"),
        StatusC::col("seccomp", Type::integer, field<&procfs::ProcStatus::seccomp>,
                     "Seccomp: 0 disabled, 1 strict, 2 filter"),
        StatusC::col("seccomp_filters", Type::integer, field<&procfs::ProcStatus::seccomp_filters>,
                     "Seccomp_filters: attached seccomp filters (5.9+)"),
        StatusC::col("speculation_store_bypass", Type::text, field<&procfs::ProcStatus::speculation_store_bypass>,
                     "Speculation_Store_Bypass: mitigation state text (4.17+)"),
        StatusC::col("speculation_indirect_branch", Type::text, field<&procfs::ProcStatus::speculation_indirect_branch>,
                     "SpeculationIndirectBranch: mitigation state text (5.8+)"),
        StatusC::col("cpus_allowed", Type::text, field<&procfs::ProcStatus::cpus_allowed>,
                     "Cpus_allowed: CPU affinity mask, hex"),
        StatusC::col("cpus_allowed_list", Type::text, field<&procfs::ProcStatus::cpus_allowed_list>,
                     "Cpus_allowed_list: CPU affinity as a range list"),
        StatusC::col("mems_allowed", Type::text, field<&procfs::ProcStatus::mems_allowed>,
                     "Mems_allowed: memory nodes mask, hex"),
        StatusC::col("mems_allowed_list", Type::text, field<&procfs::ProcStatus::mems_allowed_list>,
                     "Mems_allowed_list: memory nodes as a range list"),
        StatusC::col("voluntary_ctxt_switches", Type::u64, field<&procfs::ProcStatus::voluntary_ctxt_switches>,
                     "voluntary_ctxt_switches: voluntary context switches"),
        StatusC::col("nonvoluntary_ctxt_switches", Type::u64, field<&procfs::ProcStatus::nonvoluntary_ctxt_switches>,
                     "nonvoluntary_ctxt_switches: involuntary context switches"),
        StatusC::col("x86_thread_features", Type::text, field<&procfs::ProcStatus::x86_thread_features>,
                     "x86_Thread_features: enabled user shadow stack / WRSS features (6.6+)"),
        StatusC::col("x86_thread_features_locked", Type::text, field<&procfs::ProcStatus::x86_thread_features_locked>,
                     "x86_Thread_features_locked: features locked against change (6.6+)"),
    }));

using StatusKvC = ColsOf<procfs::ProcStatusEntry>;
constexpr Table k_status_kv(
    TableDecl{.name = "proc_status_kv",
              .task_name = "task_status_kv",
              .scope = Scope::process_and_task,
              .comment = "every key: value line of proc/<pid>/status, including keys newer kernels add.",
              .task_comment =
                  "Per thread, proc/<pid>/task/<tid>/status: the twin of proc_status_kv (same columns, plus tid)."},
    std::to_array<Col<procfs::ProcStatusEntry>>({
        StatusKvC::col("line", Type::integer, size_field<&procfs::ProcStatusEntry::line>,
                       "1-based line in the status member"),
        StatusKvC::col("key", Type::text, field<&procfs::ProcStatusEntry::key>,
                       "text before the first colon, as written"),
        StatusKvC::col("value", Type::text, field<&procfs::ProcStatusEntry::value>,
                       "text after the colon with surrounding blanks removed (empty text when the key has no value)"),
    }));

void status(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_status(m.text());
  report(m, sink, p);
  // A status state_name is the kernel's own word ("sleeping"); NULL when the line had none.
  row(sink, m, k_status, p.value);
  for (const auto& e : p.value.entries) {
    row(sink, m, k_status_kv, e);
  }
}

// ---- statm, io, schedstat -------------------------------------------------------------------------------------

// statm is process-wide (the mm is shared by every thread): no task_ twin, and a per-thread member is not parsed.
using StatmC = ColsOf<procfs::ProcStatm>;
constexpr Table k_statm(
    TableDecl{.name = "proc_statm",
              .scope = Scope::process,
              .comment = "proc/<pid>/statm: memory sizes in pages (snapshots.page_size bytes)."},
    std::to_array<Col<procfs::ProcStatm>>({
        StatmC::col("size", Type::u64, field<&procfs::ProcStatm::size>, "total program size (= VmSize), pages"),
        StatmC::col("resident", Type::u64, field<&procfs::ProcStatm::resident>, "resident set (= VmRSS), pages"),
        StatmC::col("shared", Type::u64, field<&procfs::ProcStatm::shared>,
                    "resident shared (file-backed + shmem) pages"),
        StatmC::col("text", Type::u64, field<&procfs::ProcStatm::text>, "text (code), pages"),
        StatmC::col("lib", Type::u64, field<&procfs::ProcStatm::lib>, "library pages (always 0 since 2.6)"),
        StatmC::col("data", Type::u64, field<&procfs::ProcStatm::data>, "data + stack, pages"),
        StatmC::col("dt", Type::u64, field<&procfs::ProcStatm::dt>, "dirty pages (always 0 since 2.6)"),
    }));

void statm(const Member& m, TableSink& sink) {
  if (m.tid || !regular(m, sink)) return;
  const auto p = procfs::parse_proc_statm(m.text());
  report(m, sink, p);
  row(sink, m, k_statm, p.value);
}

using IoC = ColsOf<procfs::ProcIo>;
constexpr Table k_io(
    TableDecl{.name = "proc_io",
              .task_name = "task_io",
              .scope = Scope::process_and_task,
              .comment = "proc/<pid>/io: I/O accounting counters (readable by the owner or root only).",
              .task_comment = "Per thread, proc/<pid>/task/<tid>/io: the twin of proc_io (same columns, plus tid)."},
    std::to_array<Col<procfs::ProcIo>>({
        IoC::col("rchar", Type::u64, field<&procfs::ProcIo::rchar>,
                 "bytes read by read(2)-like calls, cache hits included"),
        IoC::col("wchar", Type::u64, field<&procfs::ProcIo::wchar>, "bytes written by write(2)-like calls"),
        IoC::col("syscr", Type::u64, field<&procfs::ProcIo::syscr>, "read system calls"),
        IoC::col("syscw", Type::u64, field<&procfs::ProcIo::syscw>, "write system calls"),
        IoC::col("read_bytes", Type::u64, field<&procfs::ProcIo::read_bytes>, "bytes fetched from storage"),
        IoC::col("write_bytes", Type::u64, field<&procfs::ProcIo::write_bytes>, "bytes sent to storage"),
        IoC::col("cancelled_write_bytes", Type::integer, field<&procfs::ProcIo::cancelled_write_bytes>,
                 "bytes dirtied then truncated before writeback; signed: a negative value as seen in the wild is kept "
                 "(a u64 above 2^63-1 is stored as its two's-complement, with an import_issues row)"),
    }));

void io(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_io(m.text());
  report(m, sink, p);
  row(sink, m, k_io, p.value);
}

using SchedstatC = ColsOf<procfs::ProcSchedstat>;
constexpr Table k_schedstat(
    TableDecl{.name = "proc_schedstat",
              .task_name = "task_schedstat",
              .scope = Scope::process_and_task,
              .comment = "proc/<pid>/schedstat: CPU run and wait time.",
              .task_comment =
                  "Per thread, proc/<pid>/task/<tid>/schedstat: the twin of proc_schedstat (same columns, plus tid)."},
    std::to_array<Col<procfs::ProcSchedstat>>({
        SchedstatC::col("run_time_ns", Type::u64, field<&procfs::ProcSchedstat::run_time_ns>,
                        "time spent on the CPU, ns"),
        SchedstatC::col("wait_time_ns", Type::u64, field<&procfs::ProcSchedstat::wait_time_ns>,
                        "time spent waiting on a runqueue, ns"),
        SchedstatC::col("timeslices", Type::u64, field<&procfs::ProcSchedstat::timeslices>, "timeslices run on a CPU"),
    }));

void schedstat(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_schedstat(m.text());
  report(m, sink, p);
  row(sink, m, k_schedstat, p.value);
}

// ---- limits ---------------------------------------------------------------------------------------------------

using LimitsC = ColsOf<procfs::ProcLimit>;
constexpr Table k_limits(
    TableDecl{.name = "proc_limits",
              .scope = Scope::process,
              .comment = "proc/<pid>/limits: one row per resource limit (process-wide, so no task_ table)."},
    std::to_array<Col<procfs::ProcLimit>>({
        LimitsC::col("line", Type::integer, size_field<&procfs::ProcLimit::line>, "1-based line in the limits member"),
        LimitsC::col("name", Type::text, field<&procfs::ProcLimit::name>, "limit name as printed, e.g. Max open files"),
        LimitsC::col("resource", Type::text, field<&procfs::ProcLimit::resource>,
                     "RLIMIT_* name of the limit (NULL for a name procsnap does not know)"),
        LimitsC::col("soft", Type::u64, field<&procfs::ProcLimit::soft>,
                     "soft limit; NULL when unlimited (see soft_unlimited) or unreadable"),
        LimitsC::col("hard", Type::u64, field<&procfs::ProcLimit::hard>,
                     "hard limit; NULL when unlimited or unreadable"),
        LimitsC::col("soft_unlimited", Type::integer, field<&procfs::ProcLimit::soft_unlimited>,
                     "1 when the soft limit is unlimited (RLIM_INFINITY), else 0"),
        LimitsC::col("hard_unlimited", Type::integer, field<&procfs::ProcLimit::hard_unlimited>,
                     "1 when the hard limit is unlimited, else 0"),
        LimitsC::col("units", Type::text, field<&procfs::ProcLimit::units>,
                     "units column: seconds, bytes, processes, files, locks, signals, us; NULL when the kernel prints "
                     "none (nice and realtime priority)"),
    }));

void limits(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_limits(m.text());
  report(m, sink, p);
  for (const auto& l : p.value.limits) {
    row(sink, m, k_limits, l);
  }
}

// ---- cmdline, environ -----------------------------------------------------------------------------------------

struct CmdlineRow {
  std::span<const std::byte> raw;  ///< the member bytes
  const procfs::ProcCmdline& c;
  std::optional<std::string_view> joined;  ///< arguments joined with spaces; nullopt without arguments
};
using CmdlineC = ColsOf<CmdlineRow>;
constexpr Table k_cmdline(
    TableDecl{
        .name = "proc_cmdline",
        .scope = Scope::process,
        .comment = "proc/<pid>/cmdline: the raw argv area and a summary; the arguments are rows of proc_cmdline_args."},
    std::to_array<Col<CmdlineRow>>({
        CmdlineC::col("raw", Type::blob, field<&CmdlineRow::raw>, "the member bytes exactly as captured"),
        CmdlineC::col(
            "argc", Type::integer, [](const CmdlineRow& r) -> db::Value { return n(r.c.args.size()); },
            "number of arguments after the NUL-splitting rules"),
        CmdlineC::col(
            "cmdline", Type::text, field<&CmdlineRow::joined>,
            "arguments joined with single spaces (like ps and osquery processes.cmdline); NULL when argc is 0"),
        CmdlineC::col(
            "trailing_nul", Type::integer, [](const CmdlineRow& r) -> db::Value { return v(r.c.trailing_nul); },
            "1 when the content ends with a NUL (the normal kernel-made case), else 0"),
        CmdlineC::col(
            "padding_nuls", Type::integer, [](const CmdlineRow& r) -> db::Value { return n(r.c.padding_nuls); },
            "NULs after the first terminating one (setproctitle padding), not counted as arguments"),
        CmdlineC::col(
            "setproctitle", Type::integer, [](const CmdlineRow& r) -> db::Value { return v(r.c.setproctitle); },
            "1 when the content looks rewritten by setproctitle (one argument holding spaces); a hint, not a verdict"),
    }));

struct CmdlineArg {
  std::size_t idx = 0;
  std::string_view arg;
};
using CmdlineArgC = ColsOf<CmdlineArg>;
constexpr Table k_cmdline_args(
    TableDecl{
        .name = "proc_cmdline_args",
        .scope = Scope::process,
        .comment = "proc/<pid>/cmdline split into arguments (NUL separated; trailing NUL padding is not an argument)."},
    std::to_array<Col<CmdlineArg>>({
        CmdlineArgC::col("idx", Type::integer, size_field<&CmdlineArg::idx>, "argument index (0 = argv[0])"),
        CmdlineArgC::col("arg", Type::text, field<&CmdlineArg::arg>,
                         "the argument bytes as captured (may be empty, invalid UTF-8 or hold control characters)"),
    }));

void cmdline(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_cmdline(m.text());
  report(m, sink, p);
  const auto& c = p.value;
  std::string joined;
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    joined.append(i ? " " : "").append(c.args[i]);
  }
  row(sink, m, k_cmdline,
      CmdlineRow{raw(m), c, c.args.empty() ? std::nullopt : std::optional<std::string_view>(joined)});
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    row(sink, m, k_cmdline_args, CmdlineArg{i, c.args[i]});
  }
}

struct EnvironRow {
  std::span<const std::byte> raw;  ///< the member bytes
  const procfs::ProcEnviron& e;
};
using EnvironC = ColsOf<EnvironRow>;
constexpr Table k_environ(
    TableDecl{.name = "proc_environ",
              .scope = Scope::process,
              .comment = "proc/<pid>/environ: the raw initial environment block and a summary; entries are rows of "
                         "proc_environ_vars."},
    std::to_array<Col<EnvironRow>>({
        EnvironC::col("raw", Type::blob, field<&EnvironRow::raw>, "the member bytes exactly as captured"),
        EnvironC::col(
            "count", Type::integer, [](const EnvironRow& r) -> db::Value { return n(r.e.vars.size()); },
            "number of entries"),
        EnvironC::col(
            "trailing_nul", Type::integer, [](const EnvironRow& r) -> db::Value { return v(r.e.trailing_nul); },
            "1 when the content ends with a NUL, else 0"),
        EnvironC::col(
            "padding_nuls", Type::integer, [](const EnvironRow& r) -> db::Value { return n(r.e.padding_nuls); },
            "NULs after the first terminating one"),
    }));

struct EnvironVar {
  std::size_t idx = 0;
  const procfs::ProcEnvironVar& var;
};
using EnvironVarC = ColsOf<EnvironVar>;
constexpr Table k_environ_vars(
    TableDecl{.name = "proc_environ_vars",
              .scope = Scope::process,
              .comment = "proc/<pid>/environ entries split at the first =."},
    std::to_array<Col<EnvironVar>>({
        EnvironVarC::col("idx", Type::integer, size_field<&EnvironVar::idx>, "entry index in the environment block"),
        EnvironVarC::col(
            "key", Type::text, [](const EnvironVar& r) -> db::Value { return v(r.var.key); },
            "text before the first = (the whole entry when it has none)"),
        EnvironVarC::col(
            "value", Type::text, [](const EnvironVar& r) -> db::Value { return opt_text(r.var.value); },
            "text after the first = (may be empty text); NULL when the entry has no ="),
    }));

void environ_(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_environ(m.text());
  report(m, sink, p);
  const auto& e = p.value;
  row(sink, m, k_environ, EnvironRow{raw(m), e});
  for (std::size_t i = 0; i < e.vars.size(); ++i) {
    row(sink, m, k_environ_vars, EnvironVar{i, e.vars[i]});
  }
}

// ---- cgroup, auxv, sched --------------------------------------------------------------------------------------

using CgroupC = ColsOf<procfs::ProcCgroup>;
constexpr Table k_cgroup(
    TableDecl{
        .name = "proc_cgroup",
        .task_name = "task_cgroup",
        .scope = Scope::process_and_task,
        .comment = "proc/<pid>/cgroup: one row per hierarchy membership.",
        .task_comment = "Per thread, proc/<pid>/task/<tid>/cgroup: the twin of proc_cgroup (same columns, plus tid)."},
    std::to_array<Col<procfs::ProcCgroup>>({
        CgroupC::col("line", Type::integer, size_field<&procfs::ProcCgroup::line>, "1-based line in the cgroup member"),
        CgroupC::col("hierarchy_id", Type::u64, field<&procfs::ProcCgroup::hierarchy_id>,
                     "hierarchy id (0 = the cgroup v2 unified hierarchy)"),
        CgroupC::col("controllers", Type::text, field<&procfs::ProcCgroup::controllers>,
                     "comma-separated controllers, or name=NAME; empty text for cgroup v2"),
        CgroupC::col("path", Type::text, field<&procfs::ProcCgroup::path>,
                     "cgroup path relative to the hierarchy root, as written"),
    }));

void cgroup(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_cgroup(m.text());
  report(m, sink, p);
  for (const auto& c : p.value.cgroups) {
    row(sink, m, k_cgroup, c);
  }
}

struct AuxvRow {
  const procfs::ProcAuxvEntry& e;
  std::string_view hex;  ///< e.value as 0x-prefixed hex
};
using AuxvC = ColsOf<AuxvRow>;
constexpr Table k_auxv(TableDecl{.name = "proc_auxv",
                                 .scope = Scope::process,
                                 .comment = "proc/<pid>/auxv: the ELF auxiliary vector given at exec, decoded as "
                                            "64-bit little-endian pairs, up to AT_NULL."},
                       std::to_array<Col<AuxvRow>>({
                           AuxvC::col(
                               "idx", Type::integer, [](const AuxvRow& r) -> db::Value { return n(r.e.index); },
                               "position in the auxiliary vector (0-based)"),
                           AuxvC::col(
                               "type", Type::u64, [](const AuxvRow& r) -> db::Value { return v(r.e.type); }, "a_type"),
                           AuxvC::col(
                               "name", Type::text, [](const AuxvRow& r) -> db::Value { return opt_text(r.e.name); },
                               "AT_* name of the type; NULL when procsnap does not know it"),
                           AuxvC::col(
                               "value", Type::u64, [](const AuxvRow& r) -> db::Value { return v(r.e.value); },
                               "a_un.a_val (u64)"),
                           AuxvC::col("value_hex", Type::text, field<&AuxvRow::hex>,
                                      "value as 0x-prefixed lower-case hex (addresses read better so)"),
                       }));

void auxv(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_auxv(m.text());
  report(m, sink, p);
  for (const auto& e : p.value.entries) {
    char hex[2 + 16 + 1];
    std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(e.value));
    row(sink, m, k_auxv, AuxvRow{e, std::string_view(hex)});
  }
}

/// One proc_sched row: an entry of the file, or one of the header line's three values.
struct SchedRow {
  std::int64_t line = 0;
  std::string_view key;
  std::string_view value;
  std::optional<std::int64_t> value_int;
};
using SchedC = ColsOf<SchedRow>;
constexpr Table k_sched(
    TableDecl{
        .name = "proc_sched",
        .task_name = "task_sched",
        .scope = Scope::process_and_task,
        .comment = "proc/<pid>/sched (CONFIG_SCHED_DEBUG): scheduler statistics as key/value rows (the layout changes "
                   "between\n"
                   "kernels).",
        .task_comment = "Per thread, proc/<pid>/task/<tid>/sched: the twin of proc_sched (same columns, plus tid)."},
    std::to_array<Col<SchedRow>>({
        SchedC::col("line", Type::integer, field<&SchedRow::line>, "1-based line in the sched member"),
        SchedC::col("key", Type::text, field<&SchedRow::key>,
                    "key, e.g. se.sum_exec_runtime; k=v pair lines give <prefix>.<k> keys; the header line gives comm, "
                    "pid and threads (line 1)"),
        SchedC::col("value", Type::text, field<&SchedRow::value>, "value text as printed"),
        SchedC::col("value_int", Type::integer, field<&SchedRow::value_int>,
                    "value when it is a signed 64-bit integer, else NULL"),
    }));

void sched(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_sched(m.text());
  report(m, sink, p);
  const auto& s = p.value;
  // The header line's three values become rows of line 1 (keys comm, pid, threads).
  if (s.comm) {
    row(sink, m, k_sched, SchedRow{1, "comm", *s.comm, std::nullopt});
  }
  if (s.pid) {
    const std::string text = std::to_string(*s.pid);
    row(sink, m, k_sched, SchedRow{1, "pid", text, s.pid});
  }
  if (s.threads) {
    const std::string text = std::to_string(*s.threads);
    row(sink, m, k_sched, SchedRow{1, "threads", text, s.threads});
  }
  for (const auto& e : s.entries) {
    row(sink, m, k_sched, SchedRow{static_cast<std::int64_t>(e.line), e.key, e.value, e.integer});
  }
}

// ---- uid_map, gid_map, projid_map -----------------------------------------------------------------------------

using IdMapC = ColsOf<procfs::ProcIdMapExtent>;
/// The columns of the three id map tables.
constexpr auto k_id_map_cols = std::to_array<Col<procfs::ProcIdMapExtent>>({
    IdMapC::col("line", Type::integer, size_field<&procfs::ProcIdMapExtent::line>,
                "1-based line (one extent per line)"),
    IdMapC::col("inside", Type::u64, field<&procfs::ProcIdMapExtent::inside>, "first id inside the namespace"),
    IdMapC::col("outside", Type::u64, field<&procfs::ProcIdMapExtent::outside>,
                "first id in the namespace of the process that read the file (the collector)"),
    IdMapC::col("count", Type::u64, field<&procfs::ProcIdMapExtent::count>, "length of the id range"),
});

constexpr Table k_uid_map(
    TableDecl{.name = "proc_uid_map",
              .scope = Scope::process,
              .comment = "proc/<pid>/uid_map: user namespace uid mapping extents (0 0 4294967295 = "
                         "the initial namespace)."},
    k_id_map_cols);
constexpr Table k_gid_map(TableDecl{.name = "proc_gid_map",
                                    .scope = Scope::process,
                                    .comment = "proc/<pid>/gid_map: user namespace gid mapping extents."},
                          k_id_map_cols);
constexpr Table k_projid_map(TableDecl{.name = "proc_projid_map",
                                       .scope = Scope::process,
                                       .comment = "proc/<pid>/projid_map: user namespace project id mapping extents."},
                             k_id_map_cols);

void id_map(const Member& m, TableSink& sink, const Table<procfs::ProcIdMapExtent, k_id_map_cols.size()>& t) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_id_map(m.text());
  report(m, sink, p);
  for (const auto& e : p.value.extents) {
    row(sink, m, t, e);
  }
}
void uid_map(const Member& m, TableSink& sink) { id_map(m, sink, k_uid_map); }
void gid_map(const Member& m, TableSink& sink) { id_map(m, sink, k_gid_map); }
void projid_map(const Member& m, TableSink& sink) { id_map(m, sink, k_projid_map); }

// ---- attr, autogroup, timens_offsets --------------------------------------------------------------------------

struct AttrRow {
  std::string_view name;  ///< the member's name under attr/
  const std::optional<std::string>& value;
};
using AttrC = ColsOf<AttrRow>;
constexpr Table k_attr(
    TableDecl{
        .name = "proc_attr",
        .scope = Scope::process,
        .comment = "proc/<pid>/attr/*: Linux security module labels (SELinux, AppArmor, Smack), one row per file."},
    std::to_array<Col<AttrRow>>({
        AttrC::col("name", Type::text, field<&AttrRow::name>,
                   "attribute file under attr/: current, exec, fscreate, keycreate, prev, sockcreate, or <lsm>/<file>"),
        AttrC::col(
            "value", Type::text, [](const AttrRow& r) -> db::Value { return v(r.value); },
            "label text without its trailing newline or NUL; NULL when the file was empty"),
    }));

void attr(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_attr(m.text());
  report(m, sink, p);
  row(sink, m, k_attr, AttrRow{m.name, p.value});
}

using AutogroupC = ColsOf<procfs::ProcAutogroup>;
constexpr Table k_autogroup(
    TableDecl{.name = "proc_autogroup",
              .scope = Scope::process,
              .comment = "proc/<pid>/autogroup (CONFIG_SCHED_AUTOGROUP): the scheduler autogroup of the process."},
    std::to_array<Col<procfs::ProcAutogroup>>({
        AutogroupC::col("name", Type::text, field<&procfs::ProcAutogroup::name>, "autogroup name, e.g. /autogroup-5"),
        AutogroupC::col("autogroup_id", Type::integer, field<&procfs::ProcAutogroup::id>, "the number in the name"),
        AutogroupC::col("nice", Type::integer, field<&procfs::ProcAutogroup::nice>, "the autogroup's nice value"),
    }));

void autogroup(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_autogroup(m.text());
  report(m, sink, p);
  row(sink, m, k_autogroup, p.value);
}

using TimensC = ColsOf<procfs::ProcTimensOffset>;
constexpr Table k_timens_offsets(
    TableDecl{.name = "proc_timens_offsets",
              .scope = Scope::process,
              .comment = "proc/<pid>/timens_offsets (5.6+): clock offsets of the process's time namespace."},
    std::to_array<Col<procfs::ProcTimensOffset>>({
        TimensC::col("line", Type::integer, size_field<&procfs::ProcTimensOffset::line>, "1-based line"),
        TimensC::col("clock", Type::text, field<&procfs::ProcTimensOffset::clock>,
                     "clock name (monotonic, boottime) or id as printed"),
        TimensC::col("seconds", Type::integer, field<&procfs::ProcTimensOffset::seconds>,
                     "offset seconds from the parent time namespace"),
        TimensC::col("nanoseconds", Type::integer, field<&procfs::ProcTimensOffset::nanoseconds>, "offset nanoseconds"),
    }));

void timens_offsets(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_timens_offsets(m.text());
  report(m, sink, p);
  for (const auto& o : p.value) {
    row(sink, m, k_timens_offsets, o);
  }
}

// ---- stack, syscall, timers, children -------------------------------------------------------------------------

using StackC = ColsOf<procfs::ProcStackFrame>;
constexpr Table k_stack(
    TableDecl{
        .name = "proc_stack",
        .task_name = "task_stack",
        .scope = Scope::process_and_task,
        .comment = "proc/<pid>/stack (root only): the kernel stack, one row per frame.",
        .task_comment = "Per thread, proc/<pid>/task/<tid>/stack: the twin of proc_stack (same columns, plus tid)."},
    std::to_array<Col<procfs::ProcStackFrame>>({
        StackC::col("idx", Type::integer, size_field<&procfs::ProcStackFrame::index>, "frame index (0 = innermost)"),
        StackC::col("frame", Type::text, field<&procfs::ProcStackFrame::frame>, "the frame line as written"),
        StackC::col("address", Type::u64, field<&procfs::ProcStackFrame::address>,
                    "frame address (0 when hidden, as since 4.19)"),
        StackC::col("symbol", Type::text, field<&procfs::ProcStackFrame::symbol>, "function name"),
        StackC::col("offset", Type::u64, field<&procfs::ProcStackFrame::offset>, "offset into the function, bytes"),
        StackC::col("size", Type::u64, field<&procfs::ProcStackFrame::size>, "function size, bytes"),
        StackC::col("module", Type::text, field<&procfs::ProcStackFrame::module>,
                    "module name for frames in a loadable module, else NULL"),
    }));

void stack(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_stack(m.text());
  report(m, sink, p);
  for (const auto& f : p.value.frames) {
    row(sink, m, k_stack, f);
  }
}

using SyscallC = ColsOf<procfs::ProcSyscall>;
constexpr Table k_syscall(
    TableDecl{.name = "proc_syscall",
              .task_name = "task_syscall",
              .scope = Scope::process_and_task,
              .comment = "proc/<pid>/syscall: the system call the task is blocked in, with its argument registers.",
              .task_comment =
                  "Per thread, proc/<pid>/task/<tid>/syscall: the twin of proc_syscall (same columns, plus tid)."},
    std::to_array<Col<procfs::ProcSyscall>>({
        SyscallC::col("state", Type::text, field<&procfs::ProcSyscall::state>,
                      "running (on a CPU: no stable answer), blocked (-1: not in a system call) or syscall"),
        SyscallC::col("number", Type::integer, field<&procfs::ProcSyscall::number>,
                      "system call number (architecture specific; -1 when blocked outside a system call)"),
        SyscallC::col(
            "arg1", Type::u64, [](const procfs::ProcSyscall& s) -> db::Value { return v(s.args[0]); },
            "system call argument register 1"),
        SyscallC::col(
            "arg2", Type::u64, [](const procfs::ProcSyscall& s) -> db::Value { return v(s.args[1]); },
            "system call argument register 2"),
        SyscallC::col(
            "arg3", Type::u64, [](const procfs::ProcSyscall& s) -> db::Value { return v(s.args[2]); },
            "system call argument register 3"),
        SyscallC::col(
            "arg4", Type::u64, [](const procfs::ProcSyscall& s) -> db::Value { return v(s.args[3]); },
            "system call argument register 4"),
        SyscallC::col(
            "arg5", Type::u64, [](const procfs::ProcSyscall& s) -> db::Value { return v(s.args[4]); },
            "system call argument register 5"),
        SyscallC::col(
            "arg6", Type::u64, [](const procfs::ProcSyscall& s) -> db::Value { return v(s.args[5]); },
            "system call argument register 6"),
        SyscallC::col("sp", Type::u64, field<&procfs::ProcSyscall::sp>, "user stack pointer"),
        SyscallC::col("pc", Type::u64, field<&procfs::ProcSyscall::pc>, "user program counter"),
    }));

void syscall_(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_syscall(m.text());
  report(m, sink, p);
  row(sink, m, k_syscall, p.value);
}

using TimersC = ColsOf<procfs::ProcTimer>;
constexpr Table k_timers(
    TableDecl{.name = "proc_timers",
              .scope = Scope::process,
              .comment = "proc/<pid>/timers: the process's POSIX timers, one row per timer."},
    std::to_array<Col<procfs::ProcTimer>>({
        TimersC::col("line", Type::integer, size_field<&procfs::ProcTimer::line>,
                     "1-based line of the timer's ID entry"),
        TimersC::col("timer_id", Type::integer, field<&procfs::ProcTimer::id>, "POSIX timer id (timer_create)"),
        TimersC::col("signal", Type::integer, field<&procfs::ProcTimer::signal>, "signal number sent on expiry"),
        TimersC::col("sigev_value", Type::text, field<&procfs::ProcTimer::sigev_value>, "sigev_value as printed (hex)"),
        TimersC::col("notify", Type::text, field<&procfs::ProcTimer::notify>, "notification: signal, thread or none"),
        TimersC::col("notify_target_kind", Type::text, field<&procfs::ProcTimer::notify_target_kind>, "pid or tid"),
        TimersC::col("notify_target", Type::integer, field<&procfs::ProcTimer::notify_target>,
                     "the pid or tid notified"),
        TimersC::col("clock_id", Type::integer, field<&procfs::ProcTimer::clock_id>,
                     "CLOCK_* id: 0 REALTIME, 1 MONOTONIC, 2 PROCESS_CPUTIME_ID, 3 THREAD_CPUTIME_ID, 7 BOOTTIME, ..."),
    }));

void timers(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_timers(m.text());
  report(m, sink, p);
  for (const auto& t : p.value.timers) {
    row(sink, m, k_timers, t);
  }
}

struct ChildRow {
  std::size_t idx = 0;
  std::int64_t child_pid = 0;
};
using ChildrenC = ColsOf<ChildRow>;
constexpr Table k_children(
    TableDecl{.name = "task_children",
              .scope = Scope::task,
              .comment =
                  "proc/<pid>/task/<tid>/children (CONFIG_PROC_CHILDREN): children of each thread, one row per child."},
    std::to_array<Col<ChildRow>>({
        ChildrenC::col("idx", Type::integer, size_field<&ChildRow::idx>, "position in the children list"),
        ChildrenC::col("child_pid", Type::integer, field<&ChildRow::child_pid>, "pid of a child of this thread"),
    }));

void children(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_children(m.text());
  report(m, sink, p);
  for (std::size_t i = 0; i < p.value.size(); ++i) {
    row(sink, m, k_children, ChildRow{i, p.value[i]});
  }
}

// ---- single-value and key/value files -------------------------------------------------------------------------

/// One proc_values row: a single-value file (key unset) or one key of a key/value file.
struct ValueRow {
  std::string_view file;  ///< the member's last path component
  std::optional<std::string_view> key;
  std::string_view value;
  std::optional<std::int64_t> number;
  std::optional<std::uint64_t> big;  ///< the number when above INT64_MAX (stored as decimal TEXT)
  bool unset = false;
};
using ValuesC = ColsOf<ValueRow>;
constexpr Table k_values(
    TableDecl{
        .name = "proc_values",
        .task_name = "task_values",
        .scope = Scope::process_and_task,
        .comment = "single-value and small key/value files of proc/<pid>/, one row per value (see the file column).",
        .task_comment =
            "Per thread, proc/<pid>/task/<tid>/comm, wchan, ...: the twin of proc_values (same columns, plus tid)."},
    std::to_array<Col<ValueRow>>({
        ValuesC::col(
            "file", Type::text, field<&ValueRow::file>,
            "the /proc file name: comm, setgroups, coredump_filter, cpuset, loginuid, sessionid, oom_adj, oom_score, "
            "oom_score_adj, personality, wchan, timerslack_ns, ksm_merging_pages, arch_status, ksm_stat"),
        ValuesC::col("key", Type::text, field<&ValueRow::key>,
                     "for key/value files (arch_status, ksm_stat) the key; NULL for single-value files"),
        ValuesC::col("value", Type::text, field<&ValueRow::value>,
                     "the value text as written, trailing newline removed"),
        ValuesC::col(
            "number", Type::any, [](const ValueRow& r) -> db::Value { return r.big ? v(r.big) : v(r.number); },
            "the value as a number: decimal, or hex for coredump_filter and personality (INTEGER, may be negative; "
            "decimal TEXT above 2^63-1); NULL when not numeric or unset"),
        ValuesC::col("unset", Type::integer, field<&ValueRow::unset>,
                     "1 for loginuid/sessionid 4294967295 (AUDIT_UID_UNSET / AUDIT_SID_UNSET: never set), else 0"),
    }));

void single_value(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const std::string_view file = last_component(m.path);
  const auto p = procfs::parse_proc_value(m.text(), procfs::proc_value_kind(file));
  report(m, sink, p);
  const auto& x = p.value;
  row(sink, m, k_values, ValueRow{file, std::nullopt, x.text, x.number, x.big, x.unset});
}

void key_values(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const std::string_view file = last_component(m.path);
  const auto p = procfs::parse_proc_key_values(m.text());
  report(m, sink, p);
  for (const auto& kv : p.value) {
    row(sink, m, k_values, ValueRow{file, kv.key, kv.value, kv.number, std::nullopt, false});
  }
}

// ---- the handler list -----------------------------------------------------------------------------------------

constexpr Handler k_handlers[] = {
    {"proc/<pid>/stat", stat_},
    {"proc/<pid>/task/<tid>/stat", stat_},
    {"proc/<pid>/status", status},
    {"proc/<pid>/task/<tid>/status", status},
    {"proc/<pid>/statm", statm},
    {"proc/<pid>/io", io},
    {"proc/<pid>/task/<tid>/io", io},
    {"proc/<pid>/limits", limits},
    {"proc/<pid>/cmdline", cmdline},
    {"proc/<pid>/environ", environ_},
    {"proc/<pid>/cgroup", cgroup},
    {"proc/<pid>/task/<tid>/cgroup", cgroup},
    {"proc/<pid>/auxv", auxv},
    {"proc/<pid>/sched", sched},
    {"proc/<pid>/task/<tid>/sched", sched},
    {"proc/<pid>/schedstat", schedstat},
    {"proc/<pid>/task/<tid>/schedstat", schedstat},
    {"proc/<pid>/uid_map", uid_map},
    {"proc/<pid>/gid_map", gid_map},
    {"proc/<pid>/projid_map", projid_map},
    {"proc/<pid>/attr/<path>", attr},
    {"proc/<pid>/autogroup", autogroup},
    {"proc/<pid>/timens_offsets", timens_offsets},
    {"proc/<pid>/stack", stack},
    {"proc/<pid>/task/<tid>/stack", stack},
    {"proc/<pid>/syscall", syscall_},
    {"proc/<pid>/task/<tid>/syscall", syscall_},
    {"proc/<pid>/timers", timers},
    {"proc/<pid>/task/<tid>/children", children},
    // Single-value files (proc_values / task_values).
    {"proc/<pid>/comm", single_value},
    {"proc/<pid>/task/<tid>/comm", single_value},
    {"proc/<pid>/setgroups", single_value},
    {"proc/<pid>/coredump_filter", single_value},
    {"proc/<pid>/cpuset", single_value},
    {"proc/<pid>/task/<tid>/cpuset", single_value},
    {"proc/<pid>/loginuid", single_value},
    {"proc/<pid>/sessionid", single_value},
    {"proc/<pid>/oom_adj", single_value},
    {"proc/<pid>/oom_score", single_value},
    {"proc/<pid>/oom_score_adj", single_value},
    {"proc/<pid>/personality", single_value},
    {"proc/<pid>/wchan", single_value},
    {"proc/<pid>/task/<tid>/wchan", single_value},
    {"proc/<pid>/timerslack_ns", single_value},
    {"proc/<pid>/ksm_merging_pages", single_value},
    // Key/value files (proc_values / task_values with key set).
    {"proc/<pid>/arch_status", key_values},
    {"proc/<pid>/task/<tid>/arch_status", key_values},
    {"proc/<pid>/ksm_stat", key_values},
};

}  // namespace

std::span<const Handler> proc_basic_handlers() { return k_handlers; }

TableGroup proc_basic_group() {
  return TableGroup{
      .file = "10_proc_basic.sql",
      .header = k_header,
      .tables = {k_stat.declaration(),       k_status.declaration(),
                 k_status_kv.declaration(),  k_statm.declaration(),
                 k_io.declaration(),         k_limits.declaration(),
                 k_cmdline.declaration(),    k_cmdline_args.declaration(),
                 k_environ.declaration(),    k_environ_vars.declaration(),
                 k_cgroup.declaration(),     k_auxv.declaration(),
                 k_sched.declaration(),      k_schedstat.declaration(),
                 k_uid_map.declaration(),    k_gid_map.declaration(),
                 k_projid_map.declaration(), k_attr.declaration(),
                 k_autogroup.declaration(),  k_timens_offsets.declaration(),
                 k_stack.declaration(),      k_syscall.declaration(),
                 k_timers.declaration(),     k_children.declaration(),
                 k_values.declaration()},
  };
}

}  // namespace procsnap::importer
