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

constexpr Tables k_stat_t{"proc_stat", "task_stat"};
constexpr auto k_stat_c = make_cols(std::to_array<std::string_view>(
    {"stat_pid", "comm", "state", "state_name", "ppid", "pgrp", "session", "tty_nr", "tpgid", "flags", "kthread",
     "minflt", "cminflt", "majflt", "cmajflt", "utime", "stime", "cutime", "cstime", "priority", "nice",
     "num_threads", "itrealvalue", "starttime", "vsize", "rss", "rsslim", "startcode", "endcode", "startstack",
     "kstkesp", "kstkeip", "signal", "blocked", "sigignore", "sigcatch", "wchan", "nswap", "cnswap", "exit_signal",
     "processor", "rt_priority", "policy", "delayacct_blkio_ticks", "guest_time", "cguest_time", "start_data",
     "end_data", "start_brk", "arg_start", "arg_end", "env_start", "env_end", "exit_code", "extra_fields"}));

// PF_KTHREAD (include/linux/sched.h), stable since 2.6.27.
constexpr std::uint64_t k_pf_kthread = 0x00200000;

void stat_(const Member& m, TableSink& sink) {
  if (!regular(m, sink)) return;
  const auto p = procfs::parse_proc_stat(m.text());
  report(m, sink, p);
  const auto& s = p.value;
  const Value kthread = s.flags ? v((*s.flags & k_pf_kthread) != 0) : Value{std::monostate{}};
  row(m, sink, k_stat_t, k_stat_c, v(s.pid), opt_text(s.comm), letter(s.state), state_name(s.state), v(s.ppid),
      v(s.pgrp), v(s.session), v(s.tty_nr), v(s.tpgid), v(s.flags), kthread, v(s.minflt), v(s.cminflt),
      v(s.majflt), v(s.cmajflt), v(s.utime), v(s.stime), v(s.cutime), v(s.cstime), v(s.priority), v(s.nice),
      v(s.num_threads), v(s.itrealvalue), v(s.start_time), v(s.vsize), v(s.rss), v(s.rsslim), v(s.startcode),
      v(s.endcode), v(s.startstack), v(s.kstkesp), v(s.kstkeip), v(s.signal), v(s.blocked), v(s.sigignore),
      v(s.sigcatch), v(s.wchan), v(s.nswap), v(s.cnswap), v(s.exit_signal), v(s.processor), v(s.rt_priority),
      v(s.policy), v(s.delayacct_blkio_ticks), v(s.guest_time), v(s.cguest_time), v(s.start_data), v(s.end_data),
      v(s.start_brk), v(s.arg_start), v(s.arg_end), v(s.env_start), v(s.env_end), v(s.exit_code),
      n(s.extra_fields));
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

}  // namespace procsnap::importer
