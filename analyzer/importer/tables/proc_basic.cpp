// Handlers for the proc_basic table group (schema/10_proc_basic.sql): stat, status, statm, io, limits, cmdline,
// environ, cgroup, auxv, sched, schedstat, uid/gid/projid_map, attr/*, autogroup, timens_offsets, stack, syscall,
// timers, task children and the single-value files (proc_values). One handler function serves a file's
// proc/<pid>/X and proc/<pid>/task/<tid>/X patterns: the member's tid picks the task_ table.
// Every row starts (snapshot_id, pid, start_time) or (snapshot_id, pid, tid, start_time); every parser diagnostic
// becomes an import_issues row. A handler never throws for bad content (only the sink may, for database failures).
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
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace procsnap::importer {

namespace {

using db::v;
using db::Value;

// The header of schema/10_proc_basic.sql.
constexpr std::string_view k_header =
    "Per-process \"basic\" tables: proc/<pid>/{stat,status,statm,io,limits,cmdline,environ,cgroup,auxv,sched,schedstat,\n"
    "uid_map,gid_map,projid_map,attr/*,autogroup,timens_offsets,stack,syscall,timers} and the single-value files\n"
    "(proc_values), with per-thread task_* twins where the kernel has per-thread content. Parsers:\n"
    "analyzer/procfs/proc_*.hpp; binders: analyzer/importer/tables/proc_basic.cpp.\n"
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
    "- Per-thread tables exist for files whose content differs per thread: stat, status(+kv), statm, io, cgroup,\n"
    "  sched, schedstat, stack, syscall, children, values (comm, wchan, ...). Process-wide files read under\n"
    "  task/<tid>/ (limits, cmdline, environ, auxv, id maps, ...) are not re-parsed per thread (members keeps them).\n"
    "- Single-value files share proc_values / task_values (file, key, value, number) instead of 15 one-column\n"
    "  tables; arch_status and ksm_stat (key/value files) go there too with key set.";

// ---- row plumbing -------------------------------------------------------------------------------------------

/// Column lists of a proc_X / task_X table pair: the key columns, then the file's own columns.
template <std::size_t N>
struct Cols {
  std::array<std::string_view, N + 3> proc{};
  std::array<std::string_view, N + 4> task{};
};

template <std::size_t N>
constexpr Cols<N> make_cols(const std::array<std::string_view, N>& body) {
  Cols<N> c;
  c.proc[0] = "snapshot_id";
  c.proc[1] = "pid";
  c.proc[2] = "start_time";
  c.task[0] = "snapshot_id";
  c.task[1] = "pid";
  c.task[2] = "tid";
  c.task[3] = "start_time";
  for (std::size_t i = 0; i < N; ++i) {
    c.proc[i + 3] = body[i];
    c.task[i + 4] = body[i];
  }
  return c;
}

/// Table names of one file: proc_X and (when the kernel has per-thread content) task_X.
struct Tables {
  std::string_view proc;
  std::string_view task;
};

/// Writes one row keyed by the member: task_ table when the member is per-thread. The body values are checked
/// against the column list at compile time (a missing value would silently bind NULL otherwise).
template <std::size_t N, class... V>
void row(const Member& m, TableSink& sink, const Tables& t, const Cols<N>& c, V&&... body) {
  static_assert(sizeof...(V) == N, "one value per column");
  if (m.tid) {
    const std::array<Value, N + 4> vals{v(m.snapshot_id), v(m.pid), v(m.tid), v(m.start_time), Value(body)...};
    sink.insert(t.task, std::span<const std::string_view>(c.task), std::span<const Value>(vals));
  } else {
    const std::array<Value, N + 3> vals{v(m.snapshot_id), v(m.pid), v(m.start_time), Value(body)...};
    sink.insert(t.proc, std::span<const std::string_view>(c.proc), std::span<const Value>(vals));
  }
}

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

// ---- stat ---------------------------------------------------------------------------------------------------

// PF_KTHREAD (include/linux/sched.h), stable since 2.6.27.
constexpr std::uint64_t k_pf_kthread = 0x00200000;
Value kthread(const procfs::ProcStat& s) { return s.flags ? v((*s.flags & k_pf_kthread) != 0) : Value{std::monostate{}}; }

using StatC = ColsOf<procfs::ProcStat>;
constexpr Table k_stat(
    TableDecl{.name = "proc_stat",
              .task_name = "task_stat",
              .scope = Scope::process_and_task,
              .comment = "proc/<pid>/stat: every field of the one-line stat file (proc(5) numbering in the comments); "
                         "NULL when a field is\nabsent (older kernel, truncated) or unparsable.",
              .task_comment = "Per thread, proc/<pid>/task/<tid>/stat: the twin of proc_stat (same columns, plus tid)."},
    std::to_array<Col<procfs::ProcStat>>({
    StatC::col("stat_pid", Type::integer, field<&procfs::ProcStat::pid>, "(1) pid as written in the file (may differ from the path pid in damaged or synthetic data)"),
    StatC::col("comm", Type::text, field<&procfs::ProcStat::comm>, "(2) task name: the bytes between the first ( and the last ) (may hold spaces, parentheses, newlines, invalid UTF-8)"),
    StatC::col("state", Type::text, [](const procfs::ProcStat& s) -> db::Value { return letter(s.state); }, "(3) state letter: R running, S sleeping, D disk sleep, Z zombie, T stopped, t tracing stop, X dead, I idle, P parked, ..."),
    StatC::col("state_name", Type::text, [](const procfs::ProcStat& s) -> db::Value { return state_name(s.state); }, "state letter spelled out (running, sleeping, ...); NULL for a letter procsnap does not know"),
    StatC::col("ppid", Type::integer, field<&procfs::ProcStat::ppid>, "(4) parent pid"),
    StatC::col("pgrp", Type::integer, field<&procfs::ProcStat::pgrp>, "(5) process group id"),
    StatC::col("session", Type::integer, field<&procfs::ProcStat::session>, "(6) session id"),
    StatC::col("tty_nr", Type::integer, field<&procfs::ProcStat::tty_nr>, "(7) controlling terminal device number (0 = none)"),
    StatC::col("tpgid", Type::integer, field<&procfs::ProcStat::tpgid>, "(8) foreground process group of the terminal (-1 = none)"),
    StatC::col("flags", Type::u64, field<&procfs::ProcStat::flags>, "(9) PF_* kernel flags bitmap (include/linux/sched.h)"),
    StatC::col("kthread", Type::integer, [](const procfs::ProcStat& s) -> db::Value { return kthread(s); }, "1 when flags has PF_KTHREAD (0x00200000): a kernel thread; NULL without flags"),
    StatC::col("minflt", Type::u64, field<&procfs::ProcStat::minflt>, "(10) minor page faults"),
    StatC::col("cminflt", Type::u64, field<&procfs::ProcStat::cminflt>, "(11) minor faults of waited-for children"),
    StatC::col("majflt", Type::u64, field<&procfs::ProcStat::majflt>, "(12) major page faults"),
    StatC::col("cmajflt", Type::u64, field<&procfs::ProcStat::cmajflt>, "(13) major faults of waited-for children"),
    StatC::col("utime", Type::u64, field<&procfs::ProcStat::utime>, "(14) user-mode CPU time, clock ticks (snapshots.clk_tck per second)"),
    StatC::col("stime", Type::u64, field<&procfs::ProcStat::stime>, "(15) kernel-mode CPU time, clock ticks"),
    StatC::col("cutime", Type::integer, field<&procfs::ProcStat::cutime>, "(16) waited-for children user time, clock ticks"),
    StatC::col("cstime", Type::integer, field<&procfs::ProcStat::cstime>, "(17) waited-for children kernel time, clock ticks"),
    StatC::col("priority", Type::integer, field<&procfs::ProcStat::priority>, "(18) priority as the kernel shows it (negated RT priority - 1 for RT tasks, nice + 20 otherwise)"),
    StatC::col("nice", Type::integer, field<&procfs::ProcStat::nice>, "(19) nice value, -20 (high) .. 19 (low)"),
    StatC::col("num_threads", Type::integer, field<&procfs::ProcStat::num_threads>, "(20) threads in the process"),
    StatC::col("itrealvalue", Type::integer, field<&procfs::ProcStat::itrealvalue>, "(21) jiffies before the next SIGALRM; always 0 since 2.6.17"),
    StatC::col("starttime", Type::u64, field<&procfs::ProcStat::start_time>, "(22) start time, clock ticks after boot, as written (proc_stat: equals start_time; task_stat: the thread's own)"),
    StatC::col("vsize", Type::u64, field<&procfs::ProcStat::vsize>, "(23) virtual memory size, bytes"),
    StatC::col("rss", Type::integer, field<&procfs::ProcStat::rss>, "(24) resident set size, pages"),
    StatC::col("rsslim", Type::u64, field<&procfs::ProcStat::rsslim>, "(25) soft RSS limit, bytes (18446744073709551615 = unlimited, stored as decimal TEXT)"),
    StatC::col("startcode", Type::u64, field<&procfs::ProcStat::startcode>, "(26) address above which program text can run"),
    StatC::col("endcode", Type::u64, field<&procfs::ProcStat::endcode>, "(27) address below which program text can run"),
    StatC::col("startstack", Type::u64, field<&procfs::ProcStat::startstack>, "(28) start (bottom) address of the stack"),
    StatC::col("kstkesp", Type::u64, field<&procfs::ProcStat::kstkesp>, "(29) current stack pointer (0 unless the task is being core-dumped)"),
    StatC::col("kstkeip", Type::u64, field<&procfs::ProcStat::kstkeip>, "(30) current instruction pointer (0 unless the task is being core-dumped)"),
    StatC::col("signal", Type::u64, field<&procfs::ProcStat::signal>, "(31) pending signals bitmap (obsolete: use proc_status.sig_pnd)"),
    StatC::col("blocked", Type::u64, field<&procfs::ProcStat::blocked>, "(32) blocked signals bitmap (obsolete)"),
    StatC::col("sigignore", Type::u64, field<&procfs::ProcStat::sigignore>, "(33) ignored signals bitmap (obsolete)"),
    StatC::col("sigcatch", Type::u64, field<&procfs::ProcStat::sigcatch>, "(34) caught signals bitmap (obsolete)"),
    StatC::col("wchan", Type::u64, field<&procfs::ProcStat::wchan>, "(35) 0, or 1 when blocked in the kernel (the address is hidden since 4.4; see proc_values file wchan)"),
    StatC::col("nswap", Type::u64, field<&procfs::ProcStat::nswap>, "(36) pages swapped (not maintained)"),
    StatC::col("cnswap", Type::u64, field<&procfs::ProcStat::cnswap>, "(37) cumulative nswap of children (not maintained)"),
    StatC::col("exit_signal", Type::integer, field<&procfs::ProcStat::exit_signal>, "(38) signal sent to the parent when the task dies (2.1.22+)"),
    StatC::col("processor", Type::integer, field<&procfs::ProcStat::processor>, "(39) CPU last executed on (2.2.8+)"),
    StatC::col("rt_priority", Type::u64, field<&procfs::ProcStat::rt_priority>, "(40) real-time priority 1..99, 0 for normal policies (2.5.19+)"),
    StatC::col("policy", Type::u64, field<&procfs::ProcStat::policy>, "(41) scheduling policy: 0 OTHER, 1 FIFO, 2 RR, 3 BATCH, 5 IDLE, 6 DEADLINE (2.5.19+)"),
    StatC::col("delayacct_blkio_ticks", Type::u64, field<&procfs::ProcStat::delayacct_blkio_ticks>, "(42) aggregated block I/O delay, clock ticks (2.6.18+)"),
    StatC::col("guest_time", Type::u64, field<&procfs::ProcStat::guest_time>, "(43) time spent running a virtual CPU for a guest, clock ticks (2.6.24+)"),
    StatC::col("cguest_time", Type::integer, field<&procfs::ProcStat::cguest_time>, "(44) guest time of waited-for children, clock ticks (2.6.24+)"),
    StatC::col("start_data", Type::u64, field<&procfs::ProcStat::start_data>, "(45) address above which initialized and BSS data are placed (3.3+)"),
    StatC::col("end_data", Type::u64, field<&procfs::ProcStat::end_data>, "(46) address below which initialized and BSS data are placed (3.3+)"),
    StatC::col("start_brk", Type::u64, field<&procfs::ProcStat::start_brk>, "(47) address above which the heap can be expanded with brk (3.3+)"),
    StatC::col("arg_start", Type::u64, field<&procfs::ProcStat::arg_start>, "(48) address of the command-line arguments (3.5+)"),
    StatC::col("arg_end", Type::u64, field<&procfs::ProcStat::arg_end>, "(49) end of the command-line arguments (3.5+)"),
    StatC::col("env_start", Type::u64, field<&procfs::ProcStat::env_start>, "(50) address of the environment (3.5+)"),
    StatC::col("env_end", Type::u64, field<&procfs::ProcStat::env_end>, "(51) end of the environment (3.5+)"),
    StatC::col("exit_code", Type::integer, field<&procfs::ProcStat::exit_code>, "(52) exit status in waitpid(2) form (3.5+)"),
    StatC::col("extra_fields", Type::integer, [](const procfs::ProcStat& s) -> db::Value { return n(s.extra_fields); }, "fields after the 52nd (a newer kernel), counted and not stored; 0 normally"),
    }));

void stat_(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_stat(m.text());
  report(m, sink, p);
  row(sink, m, k_stat, p.value);
}

// ---- status -------------------------------------------------------------------------------------------------

constexpr Tables k_status_t{"proc_status", "task_status"};
constexpr auto k_status_c = make_cols(std::to_array<std::string_view>(
    {"name", "umask", "state", "state_name", "tgid", "ngid", "status_pid", "ppid", "tracer_pid", "uid_real",
     "uid_effective", "uid_saved", "uid_fs", "gid_real", "gid_effective", "gid_saved", "gid_fs", "fd_size", "groups",
     "nstgid", "nstgid_outermost", "nstgid_innermost", "nspid", "nspid_outermost", "nspid_innermost", "nspgid",
     "nspgid_outermost", "nspgid_innermost", "nssid", "nssid_outermost", "nssid_innermost", "kthread", "vm_peak_kb",
     "vm_size_kb", "vm_lck_kb", "vm_pin_kb", "vm_hwm_kb", "vm_rss_kb", "rss_anon_kb", "rss_file_kb", "rss_shmem_kb",
     "vm_data_kb", "vm_stk_kb", "vm_exe_kb", "vm_lib_kb", "vm_pte_kb", "vm_pmd_kb", "vm_swap_kb", "hugetlb_pages_kb",
     "core_dumping", "thp_enabled", "untag_mask", "threads", "sigq", "sigq_queued", "sigq_limit", "sig_pnd",
     "shd_pnd", "sig_blk", "sig_ign", "sig_cgt", "cap_inh", "cap_prm", "cap_eff", "cap_bnd", "cap_amb",
     "no_new_privs", "seccomp", "seccomp_filters", "speculation_store_bypass", "speculation_indirect_branch",
     "cpus_allowed", "cpus_allowed_list", "mems_allowed", "mems_allowed_list", "voluntary_ctxt_switches",
     "nonvoluntary_ctxt_switches", "x86_thread_features", "x86_thread_features_locked"}));
constexpr Tables k_status_kv_t{"proc_status_kv", "task_status_kv"};
constexpr auto k_status_kv_c = make_cols(std::to_array<std::string_view>({"line", "key", "value"}));

void status(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_status(m.text());
  report(m, sink, p);
  const auto& s = p.value;
  // A status state_name is the kernel's own word ("sleeping"); NULL when the line had none.
  row(m, sink, k_status_t, k_status_c, opt_text(s.name), opt_text(s.umask), letter(s.state), opt_text(s.state_text),
      v(s.tgid), v(s.ngid), v(s.pid), v(s.ppid), v(s.tracer_pid), v(s.uid[0]), v(s.uid[1]), v(s.uid[2]),
      v(s.uid[3]), v(s.gid[0]), v(s.gid[1]), v(s.gid[2]), v(s.gid[3]), v(s.fd_size), opt_text(s.groups),
      opt_text(s.nstgid), v(s.nstgid_outermost), v(s.nstgid_innermost), opt_text(s.nspid), v(s.nspid_outermost),
      v(s.nspid_innermost), opt_text(s.nspgid), v(s.nspgid_outermost), v(s.nspgid_innermost), opt_text(s.nssid),
      v(s.nssid_outermost), v(s.nssid_innermost), v(s.kthread), v(s.vm_peak_kb), v(s.vm_size_kb), v(s.vm_lck_kb),
      v(s.vm_pin_kb), v(s.vm_hwm_kb), v(s.vm_rss_kb), v(s.rss_anon_kb), v(s.rss_file_kb), v(s.rss_shmem_kb),
      v(s.vm_data_kb), v(s.vm_stk_kb), v(s.vm_exe_kb), v(s.vm_lib_kb), v(s.vm_pte_kb), v(s.vm_pmd_kb),
      v(s.vm_swap_kb), v(s.hugetlb_pages_kb), v(s.core_dumping), v(s.thp_enabled), opt_text(s.untag_mask),
      v(s.threads), opt_text(s.sigq), v(s.sigq_queued), v(s.sigq_limit), opt_text(s.sig_pnd), opt_text(s.shd_pnd),
      opt_text(s.sig_blk), opt_text(s.sig_ign), opt_text(s.sig_cgt), opt_text(s.cap_inh), opt_text(s.cap_prm),
      opt_text(s.cap_eff), opt_text(s.cap_bnd), opt_text(s.cap_amb), v(s.no_new_privs), v(s.seccomp),
      v(s.seccomp_filters), opt_text(s.speculation_store_bypass), opt_text(s.speculation_indirect_branch),
      opt_text(s.cpus_allowed), opt_text(s.cpus_allowed_list), opt_text(s.mems_allowed),
      opt_text(s.mems_allowed_list), v(s.voluntary_ctxt_switches), v(s.nonvoluntary_ctxt_switches),
      opt_text(s.x86_thread_features), opt_text(s.x86_thread_features_locked));
  for (const auto& e : s.entries) {
    row(m, sink, k_status_kv_t, k_status_kv_c, n(e.line), v(e.key), v(e.value));
  }
}

// ---- statm, io, schedstat -------------------------------------------------------------------------------------

constexpr Tables k_statm_t{"proc_statm", "task_statm"};
constexpr auto k_statm_c =
    make_cols(std::to_array<std::string_view>({"size", "resident", "shared", "text", "lib", "data", "dt"}));

void statm(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_statm(m.text());
  report(m, sink, p);
  const auto& s = p.value;
  row(m, sink, k_statm_t, k_statm_c, v(s.size), v(s.resident), v(s.shared), v(s.text), v(s.lib), v(s.data),
      v(s.dt));
}

constexpr Tables k_io_t{"proc_io", "task_io"};
constexpr auto k_io_c = make_cols(std::to_array<std::string_view>(
    {"rchar", "wchar", "syscr", "syscw", "read_bytes", "write_bytes", "cancelled_write_bytes"}));

void io(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_io(m.text());
  report(m, sink, p);
  const auto& s = p.value;
  row(m, sink, k_io_t, k_io_c, v(s.rchar), v(s.wchar), v(s.syscr), v(s.syscw), v(s.read_bytes), v(s.write_bytes),
      v(s.cancelled_write_bytes));
}

constexpr Tables k_schedstat_t{"proc_schedstat", "task_schedstat"};
constexpr auto k_schedstat_c =
    make_cols(std::to_array<std::string_view>({"run_time_ns", "wait_time_ns", "timeslices"}));

void schedstat(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_schedstat(m.text());
  report(m, sink, p);
  row(m, sink, k_schedstat_t, k_schedstat_c, v(p.value.run_time_ns), v(p.value.wait_time_ns), v(p.value.timeslices));
}

// ---- limits ---------------------------------------------------------------------------------------------------

constexpr Tables k_limits_t{"proc_limits", {}};
constexpr auto k_limits_c = make_cols(std::to_array<std::string_view>(
    {"line", "name", "resource", "soft", "hard", "soft_unlimited", "hard_unlimited", "units"}));

void limits(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_limits(m.text());
  report(m, sink, p);
  for (const auto& l : p.value.limits) {
    row(m, sink, k_limits_t, k_limits_c, n(l.line), v(l.name), opt_text(l.resource), v(l.soft), v(l.hard),
        v(l.soft_unlimited), v(l.hard_unlimited), opt_text(l.units));
  }
}

// ---- cmdline, environ -----------------------------------------------------------------------------------------

constexpr Tables k_cmdline_t{"proc_cmdline", {}};
constexpr auto k_cmdline_c = make_cols(
    std::to_array<std::string_view>({"raw", "argc", "cmdline", "trailing_nul", "padding_nuls", "setproctitle"}));
constexpr Tables k_cmdline_args_t{"proc_cmdline_args", {}};
constexpr auto k_cmdline_args_c = make_cols(std::to_array<std::string_view>({"idx", "arg"}));

void cmdline(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_cmdline(m.text());
  report(m, sink, p);
  const auto& c = p.value;
  std::string joined;
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    joined.append(i ? " " : "").append(c.args[i]);
  }
  const Value joined_v = c.args.empty() ? Value{std::monostate{}} : Value{db::Text{joined}};
  row(m, sink, k_cmdline_t, k_cmdline_c, v(raw(m)), n(c.args.size()), joined_v, v(c.trailing_nul),
      n(c.padding_nuls), v(c.setproctitle));
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    row(m, sink, k_cmdline_args_t, k_cmdline_args_c, n(i), v(c.args[i]));
  }
}

constexpr Tables k_environ_t{"proc_environ", {}};
constexpr auto k_environ_c =
    make_cols(std::to_array<std::string_view>({"raw", "count", "trailing_nul", "padding_nuls"}));
constexpr Tables k_environ_vars_t{"proc_environ_vars", {}};
constexpr auto k_environ_vars_c = make_cols(std::to_array<std::string_view>({"idx", "key", "value"}));

void environ_(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_environ(m.text());
  report(m, sink, p);
  const auto& e = p.value;
  row(m, sink, k_environ_t, k_environ_c, v(raw(m)), n(e.vars.size()), v(e.trailing_nul), n(e.padding_nuls));
  for (std::size_t i = 0; i < e.vars.size(); ++i) {
    row(m, sink, k_environ_vars_t, k_environ_vars_c, n(i), v(e.vars[i].key), opt_text(e.vars[i].value));
  }
}

// ---- cgroup, auxv, sched --------------------------------------------------------------------------------------

constexpr Tables k_cgroup_t{"proc_cgroup", "task_cgroup"};
constexpr auto k_cgroup_c = make_cols(std::to_array<std::string_view>({"line", "hierarchy_id", "controllers", "path"}));

void cgroup(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_cgroup(m.text());
  report(m, sink, p);
  for (const auto& c : p.value.cgroups) {
    row(m, sink, k_cgroup_t, k_cgroup_c, n(c.line), v(c.hierarchy_id), v(c.controllers), v(c.path));
  }
}

constexpr Tables k_auxv_t{"proc_auxv", {}};
constexpr auto k_auxv_c = make_cols(std::to_array<std::string_view>({"idx", "type", "name", "value", "value_hex"}));

void auxv(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_auxv(m.text());
  report(m, sink, p);
  for (const auto& e : p.value.entries) {
    char hex[2 + 16 + 1];
    std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(e.value));
    row(m, sink, k_auxv_t, k_auxv_c, n(e.index), v(e.type), opt_text(e.name), v(e.value),
        v(std::string_view(hex)));
  }
}

constexpr Tables k_sched_t{"proc_sched", "task_sched"};
constexpr auto k_sched_c = make_cols(std::to_array<std::string_view>({"line", "key", "value", "value_int"}));

void sched(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_sched(m.text());
  report(m, sink, p);
  const auto& s = p.value;
  // The header line's three values become rows of line 1 (keys comm, pid, threads).
  if (s.comm) {
    row(m, sink, k_sched_t, k_sched_c, n(1), v("comm"), v(*s.comm), Value{std::monostate{}});
  }
  if (s.pid) {
    const std::string text = std::to_string(*s.pid);
    row(m, sink, k_sched_t, k_sched_c, n(1), v("pid"), v(text), v(s.pid));
  }
  if (s.threads) {
    const std::string text = std::to_string(*s.threads);
    row(m, sink, k_sched_t, k_sched_c, n(1), v("threads"), v(text), v(s.threads));
  }
  for (const auto& e : s.entries) {
    row(m, sink, k_sched_t, k_sched_c, n(e.line), v(e.key), v(e.value), v(e.integer));
  }
}

// ---- uid_map, gid_map, projid_map -----------------------------------------------------------------------------

constexpr auto k_id_map_c = make_cols(std::to_array<std::string_view>({"line", "inside", "outside", "count"}));

void id_map(const Member& m, TableSink& sink, const Tables& t) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_id_map(m.text());
  report(m, sink, p);
  for (const auto& e : p.value.extents) {
    row(m, sink, t, k_id_map_c, n(e.line), v(e.inside), v(e.outside), v(e.count));
  }
}
void uid_map(const Member& m, TableSink& sink) { id_map(m, sink, Tables{"proc_uid_map", {}}); }
void gid_map(const Member& m, TableSink& sink) { id_map(m, sink, Tables{"proc_gid_map", {}}); }
void projid_map(const Member& m, TableSink& sink) { id_map(m, sink, Tables{"proc_projid_map", {}}); }

// ---- attr, autogroup, timens_offsets --------------------------------------------------------------------------

constexpr Tables k_attr_t{"proc_attr", {}};
constexpr auto k_attr_c = make_cols(std::to_array<std::string_view>({"name", "value"}));

void attr(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_attr(m.text());
  report(m, sink, p);
  row(m, sink, k_attr_t, k_attr_c, v(m.name), opt_text(p.value));
}

constexpr Tables k_autogroup_t{"proc_autogroup", {}};
constexpr auto k_autogroup_c = make_cols(std::to_array<std::string_view>({"name", "autogroup_id", "nice"}));

void autogroup(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_autogroup(m.text());
  report(m, sink, p);
  row(m, sink, k_autogroup_t, k_autogroup_c, opt_text(p.value.name), v(p.value.id), v(p.value.nice));
}

constexpr Tables k_timens_t{"proc_timens_offsets", {}};
constexpr auto k_timens_c = make_cols(std::to_array<std::string_view>({"line", "clock", "seconds", "nanoseconds"}));

void timens_offsets(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_timens_offsets(m.text());
  report(m, sink, p);
  for (const auto& o : p.value) {
    row(m, sink, k_timens_t, k_timens_c, n(o.line), v(o.clock), v(o.seconds), v(o.nanoseconds));
  }
}

// ---- stack, syscall, timers, children -------------------------------------------------------------------------

constexpr Tables k_stack_t{"proc_stack", "task_stack"};
constexpr auto k_stack_c =
    make_cols(std::to_array<std::string_view>({"idx", "frame", "address", "symbol", "offset", "size", "module"}));

void stack(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_stack(m.text());
  report(m, sink, p);
  for (const auto& f : p.value.frames) {
    row(m, sink, k_stack_t, k_stack_c, n(f.index), v(f.frame), v(f.address), opt_text(f.symbol), v(f.offset),
        v(f.size), opt_text(f.module));
  }
}

constexpr Tables k_syscall_t{"proc_syscall", "task_syscall"};
constexpr auto k_syscall_c = make_cols(std::to_array<std::string_view>(
    {"state", "number", "arg1", "arg2", "arg3", "arg4", "arg5", "arg6", "sp", "pc"}));

void syscall_(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_syscall(m.text());
  report(m, sink, p);
  const auto& s = p.value;
  row(m, sink, k_syscall_t, k_syscall_c, opt_text(s.state), v(s.number), v(s.args[0]), v(s.args[1]), v(s.args[2]),
      v(s.args[3]), v(s.args[4]), v(s.args[5]), v(s.sp), v(s.pc));
}

constexpr Tables k_timers_t{"proc_timers", {}};
constexpr auto k_timers_c = make_cols(std::to_array<std::string_view>(
    {"line", "timer_id", "signal", "sigev_value", "notify", "notify_target_kind", "notify_target", "clock_id"}));

void timers(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_timers(m.text());
  report(m, sink, p);
  for (const auto& t : p.value.timers) {
    row(m, sink, k_timers_t, k_timers_c, n(t.line), v(t.id), v(t.signal), opt_text(t.sigev_value),
        opt_text(t.notify), opt_text(t.notify_target_kind), v(t.notify_target), v(t.clock_id));
  }
}

constexpr Tables k_children_t{{}, "task_children"};
constexpr auto k_children_c = make_cols(std::to_array<std::string_view>({"idx", "child_pid"}));

void children(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_children(m.text());
  report(m, sink, p);
  for (std::size_t i = 0; i < p.value.size(); ++i) {
    row(m, sink, k_children_t, k_children_c, n(i), v(p.value[i]));
  }
}

// ---- single-value and key/value files -------------------------------------------------------------------------

constexpr Tables k_values_t{"proc_values", "task_values"};
constexpr auto k_values_c = make_cols(std::to_array<std::string_view>({"file", "key", "value", "number", "unset"}));

void single_value(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const std::string_view file = last_component(m.path);
  const auto p = procfs::parse_proc_value(m.text(), procfs::proc_value_kind(file));
  report(m, sink, p);
  const auto& x = p.value;
  const Value number = x.big ? v(x.big) : v(x.number);
  row(m, sink, k_values_t, k_values_c, v(file), Value{std::monostate{}}, v(x.text), number, v(x.unset));
}

void key_values(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const std::string_view file = last_component(m.path);
  const auto p = procfs::parse_proc_key_values(m.text());
  report(m, sink, p);
  for (const auto& kv : p.value) {
    row(m, sink, k_values_t, k_values_c, v(file), v(kv.key), v(kv.value), v(kv.number), v(false));
  }
}

// ---- the handler list -----------------------------------------------------------------------------------------

constexpr Handler k_handlers[] = {
    {"proc/<pid>/stat", stat_},
    {"proc/<pid>/task/<tid>/stat", stat_},
    {"proc/<pid>/status", status},
    {"proc/<pid>/task/<tid>/status", status},
    {"proc/<pid>/statm", statm},
    {"proc/<pid>/task/<tid>/statm", statm},
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
    {"proc/<pid>/task/<tid>/setgroups", single_value},
    {"proc/<pid>/coredump_filter", single_value},
    {"proc/<pid>/cpuset", single_value},
    {"proc/<pid>/task/<tid>/cpuset", single_value},
    {"proc/<pid>/loginuid", single_value},
    {"proc/<pid>/task/<tid>/loginuid", single_value},
    {"proc/<pid>/sessionid", single_value},
    {"proc/<pid>/task/<tid>/sessionid", single_value},
    {"proc/<pid>/oom_adj", single_value},
    {"proc/<pid>/task/<tid>/oom_adj", single_value},
    {"proc/<pid>/oom_score", single_value},
    {"proc/<pid>/task/<tid>/oom_score", single_value},
    {"proc/<pid>/oom_score_adj", single_value},
    {"proc/<pid>/task/<tid>/oom_score_adj", single_value},
    {"proc/<pid>/personality", single_value},
    {"proc/<pid>/task/<tid>/personality", single_value},
    {"proc/<pid>/wchan", single_value},
    {"proc/<pid>/task/<tid>/wchan", single_value},
    {"proc/<pid>/timerslack_ns", single_value},
    {"proc/<pid>/ksm_merging_pages", single_value},
    {"proc/<pid>/task/<tid>/ksm_merging_pages", single_value},
    // Key/value files (proc_values / task_values with key set).
    {"proc/<pid>/arch_status", key_values},
    {"proc/<pid>/task/<tid>/arch_status", key_values},
    {"proc/<pid>/ksm_stat", key_values},
    {"proc/<pid>/task/<tid>/ksm_stat", key_values},
};

}  // namespace

std::span<const Handler> proc_basic_handlers() { return k_handlers; }

TableGroup proc_basic_group() {
  return TableGroup{
      .file = "10_proc_basic.sql",
      .header = k_header,
      .tables = {k_stat.declaration()},
  };
}

}  // namespace procsnap::importer
