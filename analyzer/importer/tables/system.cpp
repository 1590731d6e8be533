// Handlers and table declarations of the system group (schema/40_system.sql is generated from them): one line per
// system-wide /proc file (pattern -> binder). Each binder parses the member with its procfs::parse_system_* parser,
// writes the rows of its declared tables (Scope::system: every row starts with snapshot_id) and reports every
// diagnostic to import_issues. Bad content never throws: what could be parsed is written, NULL elsewhere.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "importer/registry.hpp"
#include "procfs/system_buddyinfo.hpp"
#include "procfs/system_cgroups.hpp"
#include "procfs/system_cmdline.hpp"
#include "procfs/system_cpuinfo.hpp"
#include "procfs/system_devices.hpp"
#include "procfs/system_diskstats.hpp"
#include "procfs/system_filesystems.hpp"
#include "procfs/system_interrupts.hpp"
#include "procfs/system_keys.hpp"
#include "procfs/system_loadavg.hpp"
#include "procfs/system_locks.hpp"
#include "procfs/system_meminfo.hpp"
#include "procfs/system_misc.hpp"
#include "procfs/system_modules.hpp"
#include "procfs/system_partitions.hpp"
#include "procfs/system_pressure.hpp"
#include "procfs/system_softirqs.hpp"
#include "procfs/system_stat.hpp"
#include "procfs/system_swaps.hpp"
#include "procfs/system_sysctl.hpp"
#include "procfs/system_sysvipc.hpp"
#include "procfs/system_uptime.hpp"
#include "procfs/system_version.hpp"
#include "procfs/system_vmstat.hpp"
#include "procfs/system_zoneinfo.hpp"

namespace procsnap::importer {

namespace {

using db::v;

// The header of schema/40_system.sql.
constexpr std::string_view k_header =
    "System-wide /proc files (proc/<file>, proc/pressure/<name>, proc/sys/<path>): one snapshot has one copy of each.\n"
    "Conventions as in 00_snapshots.sql: STRICT; absent is NULL; columns that may hold a kernel u64 are ANY\n"
    "(INTEGER up to 2^63-1, else exact decimal TEXT). Rows come from hostile text, so these tables carry no\n"
    "UNIQUE constraints a crafted file could trip; `line` columns give the 1-based source line for ordering and\n"
    "for matching import_issues. Importer: analyzer/importer/tables/system.cpp; parsers: procfs/system_*.";

template <class T>
void report(const Member& m, TableSink& sink, const procfs::Parsed<T>& r) {
  for (const auto& d : r.diagnostics) {
    sink.issue(m.path, d.line, d.excerpt, d.message);
  }
}

std::int64_t ln(std::size_t line) { return static_cast<std::int64_t>(line); }

/// Getter of a `line` column: the record's 1-based line (std::size_t), as INTEGER.
template <class R>
// NOLINTNEXTLINE(readability-identifier-naming): a getter, named like the function it stands for
constexpr auto line_col = [](const R& r) -> db::Value { return ln(r.line); };

// An empty name means the field was missing: NULL, never ''.
db::Value text_or_null(std::string_view s) { return s.empty() ? db::Value{} : db::v(s); }

// Symlinks never occur for these paths in a well-formed archive; say so instead of parsing a link target.
bool reject_symlink(const Member& m, TableSink& sink) {
  if (m.is_symlink) {
    sink.issue(m.path, 0, {}, "expected a regular file, found a symlink member; not parsed");
    return true;
  }
  return false;
}

// ---- meminfo ----

using procfs::MeminfoEntry;
using MeminfoEntryC = ColsOf<MeminfoEntry>;
constexpr IndexDecl k_meminfo_indexes[] = {{"sys_meminfo_key", "snapshot_id, key"}};
constexpr Table k_meminfo(
    TableDecl{.name = "sys_meminfo",
              .scope = Scope::system,
              .comment = "/proc/meminfo as key/value rows, in file order. A key the kernel did not print has no row "
                         "(e.g. MemAvailable\n"
                         "before 3.14): it is never reported as 0.",
              .indexes = k_meminfo_indexes},
    std::to_array<Col<MeminfoEntry>>({
        MeminfoEntryC::col_nn("line", Type::integer, line_col<MeminfoEntry>, "1-based line in proc/meminfo"),
        MeminfoEntryC::col_nn("key", Type::text, field<&MeminfoEntry::key>,
                              "field name as printed, e.g. 'MemTotal', 'Active(anon)', 'HugePages_Total'"),
        MeminfoEntryC::col("value", Type::u64, field<&MeminfoEntry::value>,
                           "the number as printed (in `unit`); NULL when unparsable"),
        MeminfoEntryC::col("unit", Type::text, field<&MeminfoEntry::unit>,
                           "'kB' (KiB) for sizes; NULL for plain counts (HugePages_*)"),
        MeminfoEntryC::col(
            "bytes", Type::u64, [](const MeminfoEntry& e) -> db::Value { return v(procfs::meminfo_bytes(e)); },
            "value in bytes when unit is kB, the plain value when there is no unit"),
    }));

void meminfo(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_meminfo(m.text());
  for (const auto& e : r.value.entries) {
    row(sink, m, k_meminfo, e);
  }
  report(m, sink, r);
}

// ---- stat ----

using procfs::SystemStat;
using SystemStatC = ColsOf<SystemStat>;
constexpr IndexDecl k_stat_indexes[] = {{"sys_stat_snapshot", "snapshot_id"}};
constexpr Table k_stat(
    TableDecl{.name = "sys_stat",
              .scope = Scope::system,
              .comment = "/proc/stat scalar lines: one row per snapshot.",
              .indexes = k_stat_indexes},
    std::to_array<Col<SystemStat>>({
        SystemStatC::col("btime", Type::u64, field<&SystemStat::btime>, "boot time, seconds since the epoch (UTC)"),
        SystemStatC::col("ctxt", Type::u64, field<&SystemStat::ctxt>, "context switches since boot"),
        SystemStatC::col("processes", Type::u64, field<&SystemStat::processes>,
                         "forks (processes and threads created) since boot"),
        SystemStatC::col("procs_running", Type::u64, field<&SystemStat::procs_running>, "runnable threads at capture"),
        SystemStatC::col("procs_blocked", Type::u64, field<&SystemStat::procs_blocked>,
                         "threads blocked waiting for I/O at capture"),
        SystemStatC::col("intr_total", Type::u64, field<&SystemStat::intr_total>,
                         "all interrupts serviced since boot (first number of the 'intr' line)"),
        SystemStatC::col("softirq_total", Type::u64, field<&SystemStat::softirq_total>,
                         "all softirqs serviced since boot (first number of the 'softirq' line)"),
    }));

using procfs::StatCpu;
using StatCpuC = ColsOf<StatCpu>;
constexpr IndexDecl k_stat_cpu_indexes[] = {{"sys_stat_cpu_snapshot", "snapshot_id"}};
constexpr Table k_stat_cpu(
    TableDecl{
        .name = "sys_stat_cpu",
        .scope = Scope::system,
        .comment =
            "/proc/stat cpu lines: time spent per CPU (and in total) in USER_HZ ticks (snapshots.clk_tck per second).\n"
            "Columns a kernel does not print (steal < 2.6.11, guest < 2.6.24, guest_nice < 2.6.33) are NULL.",
        .indexes = k_stat_cpu_indexes},
    std::to_array<Col<StatCpu>>({
        StatCpuC::col_nn("line", Type::integer, line_col<StatCpu>, "1-based line in proc/stat"),
        StatCpuC::col("cpu", Type::text, field<&StatCpu::cpu>,
                      "'cpu0', 'cpu1', ...; NULL for the aggregate 'cpu' line"),
        StatCpuC::col("cpu_index", Type::integer, field<&StatCpu::index>,
                      "0, 1, ... from the name; NULL for the aggregate line"),
        StatCpuC::col("user", Type::u64, field<&StatCpu::user>, "ticks in user mode (includes guest time)"),
        StatCpuC::col("nice", Type::u64, field<&StatCpu::nice>, "ticks in user mode with low priority (nice > 0)"),
        StatCpuC::col("system", Type::u64, field<&StatCpu::system>, "ticks in kernel mode"),
        StatCpuC::col("idle", Type::u64, field<&StatCpu::idle>, "ticks idle"),
        StatCpuC::col("iowait", Type::u64, field<&StatCpu::iowait>,
                      "ticks idle with I/O outstanding (not reliable, see proc(5))"),
        StatCpuC::col("irq", Type::u64, field<&StatCpu::irq>, "ticks servicing hard interrupts"),
        StatCpuC::col("softirq", Type::u64, field<&StatCpu::softirq>, "ticks servicing softirqs"),
        StatCpuC::col("steal", Type::u64, field<&StatCpu::steal>, "ticks stolen by the hypervisor for other guests"),
        StatCpuC::col("guest", Type::u64, field<&StatCpu::guest>, "ticks running a guest's virtual CPU"),
        StatCpuC::col("guest_nice", Type::u64, field<&StatCpu::guest_nice>, "ticks running a niced guest"),
    }));

/// One number of the intr or softirq line and its 0-based position after the total.
struct Numbered {
  std::size_t index;
  std::optional<std::uint64_t> count;
};
using NumberedC = ColsOf<Numbered>;
constexpr IndexDecl k_stat_intr_indexes[] = {{"sys_stat_intr_snapshot", "snapshot_id"}};
constexpr Table k_stat_intr(
    TableDecl{
        .name = "sys_stat_intr",
        .scope = Scope::system,
        .comment =
            "/proc/stat 'intr' line: interrupts serviced per numbered IRQ since boot (all of them, zeros included).",
        .indexes = k_stat_intr_indexes},
    std::to_array<Col<Numbered>>({
        NumberedC::col_nn(
            "irq", Type::integer, [](const Numbered& r) -> db::Value { return ln(r.index); },
            "IRQ number (position after the total)"),
        NumberedC::col("count", Type::u64, field<&Numbered::count>, "interrupts serviced; NULL when unparsable"),
    }));

constexpr IndexDecl k_stat_softirq_indexes[] = {{"sys_stat_softirq_snapshot", "snapshot_id"}};
constexpr Table k_stat_softirq(
    TableDecl{.name = "sys_stat_softirq",
              .scope = Scope::system,
              .comment = "/proc/stat 'softirq' line: softirqs serviced per type since boot.",
              .indexes = k_stat_softirq_indexes},
    std::to_array<Col<Numbered>>({
        NumberedC::col_nn(
            "position", Type::integer, [](const Numbered& r) -> db::Value { return ln(r.index); },
            "0-based position after the total (the kernel's softirq number)"),
        NumberedC::col(
            "name", Type::text, [](const Numbered& r) -> db::Value { return v(procfs::softirq_name(r.index)); },
            "kernel name for the position (HI, TIMER, NET_TX, NET_RX, BLOCK, IRQ_POLL, TASKLET, SCHED, HRTIMER, RCU); "
            "NULL past the known ones"),
        NumberedC::col("count", Type::u64, field<&Numbered::count>, "softirqs serviced; NULL when unparsable"),
    }));

using procfs::StatOther;
using StatOtherC = ColsOf<StatOther>;
constexpr Table k_stat_other(
    TableDecl{
        .name = "sys_stat_other",
        .scope = Scope::system,
        .comment =
            "/proc/stat lines without a column above (e.g. 'page', 'swap' on 2.4 kernels, or anything new), verbatim."},
    std::to_array<Col<StatOther>>({
        StatOtherC::col_nn("line", Type::integer, line_col<StatOther>, "1-based line in proc/stat"),
        StatOtherC::col_nn("key", Type::text, field<&StatOther::key>, "first word of the line"),
        StatOtherC::col("value", Type::text, field<&StatOther::value>, "rest of the line, outer blanks trimmed"),
    }));

void stat(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_stat(m.text());
  const auto& s = r.value;
  row(sink, m, k_stat, s);
  for (const auto& c : s.cpus) {
    row(sink, m, k_stat_cpu, c);
  }
  for (std::size_t i = 0; i < s.intr.size(); ++i) {
    row(sink, m, k_stat_intr, Numbered{i, s.intr[i]});
  }
  for (std::size_t i = 0; i < s.softirq.size(); ++i) {
    row(sink, m, k_stat_softirq, Numbered{i, s.softirq[i]});
  }
  for (const auto& o : s.other) {
    row(sink, m, k_stat_other, o);
  }
  report(m, sink, r);
}

// ---- loadavg, uptime, version, cmdline ----

using procfs::Loadavg;
using LoadavgC = ColsOf<Loadavg>;
constexpr Table k_loadavg(
    TableDecl{.name = "sys_loadavg", .scope = Scope::system, .comment = "/proc/loadavg: one row per snapshot."},
    std::to_array<Col<Loadavg>>({
        LoadavgC::col("load1", Type::real, field<&Loadavg::load1>, "run-queue load average over 1 minute"),
        LoadavgC::col("load5", Type::real, field<&Loadavg::load5>, "over 5 minutes"),
        LoadavgC::col("load15", Type::real, field<&Loadavg::load15>, "over 15 minutes"),
        LoadavgC::col("running", Type::u64, field<&Loadavg::running>,
                      "runnable scheduling entities (threads) at capture"),
        LoadavgC::col("total", Type::u64, field<&Loadavg::total>, "scheduling entities existing at capture"),
        LoadavgC::col("last_pid", Type::integer, field<&Loadavg::last_pid>,
                      "most recently assigned pid (in the collector's pid namespace)"),
    }));

void loadavg(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_loadavg(m.text());
  row(sink, m, k_loadavg, r.value);
  report(m, sink, r);
}

using procfs::Uptime;
using UptimeC = ColsOf<Uptime>;
constexpr Table k_uptime(TableDecl{.name = "sys_uptime",
                                   .scope = Scope::system,
                                   .comment = "/proc/uptime: one row per snapshot."},
                         std::to_array<Col<Uptime>>({
                             UptimeC::col("uptime_seconds", Type::real, field<&Uptime::uptime_seconds>,
                                          "seconds since boot (includes suspend), 2 decimals"),
                             UptimeC::col("idle_seconds", Type::real, field<&Uptime::idle_seconds>,
                                          "idle time summed over all CPUs (may exceed uptime_seconds)"),
                         }));

void uptime(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_uptime(m.text());
  row(sink, m, k_uptime, r.value);
  report(m, sink, r);
}

using procfs::Version;
using VersionC = ColsOf<Version>;
constexpr Table k_version(
    TableDecl{.name = "sys_version", .scope = Scope::system, .comment = "/proc/version: one row per snapshot."},
    std::to_array<Col<Version>>({
        VersionC::col_nn("version", Type::text, field<&Version::text>,
                         "the whole line without its newline (raw bytes)"),
        VersionC::col("sysname", Type::text, field<&Version::sysname>, "'Linux' (first word)"),
        VersionC::col("release", Type::text, field<&Version::release>, "kernel release (uname -r), third word"),
        VersionC::col("builder", Type::text, field<&Version::builder>,
                      "user@host that built the kernel (first parenthesised group)"),
    }));

void version(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_version(m.text());
  row(sink, m, k_version, r.value);
  report(m, sink, r);
}

using procfs::KernelCmdline;
using KernelCmdlineC = ColsOf<KernelCmdline>;
constexpr Table k_cmdline(TableDecl{.name = "sys_cmdline",
                                    .scope = Scope::system,
                                    .comment = "/proc/cmdline: the kernel command line, one row per snapshot."},
                          std::to_array<Col<KernelCmdline>>({
                              KernelCmdlineC::col_nn("cmdline", Type::text, field<&KernelCmdline::text>,
                                                     "the whole line without its newline (raw bytes)"),
                          }));

using procfs::CmdlineParam;
using CmdlineParamC = ColsOf<CmdlineParam>;
constexpr IndexDecl k_cmdline_params_indexes[] = {{"sys_cmdline_params_key", "snapshot_id, key"}};
constexpr Table k_cmdline_params(
    TableDecl{.name = "sys_cmdline_params",
              .scope = Scope::system,
              .comment = "/proc/cmdline split into parameters the way the kernel does (kernel/params.c next_arg).",
              .indexes = k_cmdline_params_indexes},
    std::to_array<Col<CmdlineParam>>({
        CmdlineParamC::col_nn(
            "position", Type::integer, [](const CmdlineParam& p) -> db::Value { return ln(p.position); },
            "0-based position on the command line ('--' itself not counted)"),
        CmdlineParamC::col_nn("raw", Type::text, field<&CmdlineParam::raw>,
                              "the parameter as written, quotes included"),
        CmdlineParamC::col_nn("key", Type::text, field<&CmdlineParam::key>,
                              "name before the first '=' (quotes removed), e.g. 'root', 'console'"),
        CmdlineParamC::col("value", Type::text, field<&CmdlineParam::value>,
                           "text after the first '=' with quotes removed; NULL for a bare flag"),
        CmdlineParamC::col_nn("init_arg", Type::integer, field<&CmdlineParam::init_arg>,
                              "1 when after '--' (passed to init, not a kernel parameter), else 0"),
    }));

void cmdline(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_cmdline(m.text());
  row(sink, m, k_cmdline, r.value);
  for (const auto& p : r.value.params) {
    row(sink, m, k_cmdline_params, p);
  }
  report(m, sink, r);
}

// ---- modules ----

using procfs::Module;
using ModuleC = ColsOf<Module>;
constexpr IndexDecl k_modules_indexes[] = {{"sys_modules_name", "snapshot_id, name"}};
constexpr Table k_modules(
    TableDecl{.name = "sys_modules",
              .scope = Scope::system,
              .comment = "/proc/modules: loaded kernel modules (kernel/module/procfs.c).",
              .indexes = k_modules_indexes},
    std::to_array<Col<Module>>({
        ModuleC::col_nn("line", Type::integer, line_col<Module>, "1-based line in proc/modules"),
        ModuleC::col_nn("name", Type::text, field<&Module::name>, "module name"),
        ModuleC::col("size", Type::u64, field<&Module::size>, "module memory in bytes"),
        ModuleC::col("refcount", Type::integer, field<&Module::refcount>,
                     "reference count; NULL when printed '-' (kernel without module unload)"),
        ModuleC::col("used_by", Type::text, field<&Module::used_by_raw>,
                     "users as printed: 'a,b,' or '-' for none (see sys_module_users)"),
        ModuleC::col("state", Type::text, field<&Module::state>, "'Live', 'Loading' or 'Unloading'"),
        ModuleC::col("address", Type::u64, field<&Module::address>,
                     "load address of the module text (0 when hidden by kptr_restrict)"),
        ModuleC::col("taints", Type::text, field<&Module::taints>,
                     "taint flags without parentheses (e.g. 'OE': out-of-tree, unsigned); NULL when untainted"),
    }));

/// A module and one module using it.
struct ModuleUser {
  std::string_view module;
  std::string_view used_by;
};
using ModuleUserC = ColsOf<ModuleUser>;
constexpr IndexDecl k_module_users_indexes[] = {{"sys_module_users_module", "snapshot_id, module"}};
constexpr Table k_module_users(
    TableDecl{.name = "sys_module_users",
              .scope = Scope::system,
              .comment = "/proc/modules used-by lists, one row per (module, user).",
              .indexes = k_module_users_indexes},
    std::to_array<Col<ModuleUser>>({
        ModuleUserC::col_nn("module", Type::text, field<&ModuleUser::module>,
                            "the module being used (sys_modules.name)"),
        ModuleUserC::col_nn("used_by", Type::text, field<&ModuleUser::used_by>,
                            "a module depending on it, or '[permanent]' (cannot be unloaded)"),
    }));

void modules(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_modules(m.text());
  for (const auto& x : r.value.modules) {
    row(sink, m, k_modules, x);
    for (const auto& u : x.used_by) {
      row(sink, m, k_module_users, ModuleUser{x.name, u});
    }
  }
  report(m, sink, r);
}

// ---- swaps, filesystems, devices, partitions, diskstats, vmstat ----

using procfs::Swap;
using SwapC = ColsOf<Swap>;
constexpr Table k_swaps(
    TableDecl{.name = "sys_swaps", .scope = Scope::system, .comment = "/proc/swaps: active swap areas."},
    std::to_array<Col<Swap>>({
        SwapC::col_nn("filename", Type::text, field<&Swap::filename>,
                      "device or file path, kernel octal escapes (\\040 ...) decoded"),
        SwapC::col("type", Type::text, field<&Swap::type>, "'partition' or 'file'"),
        SwapC::col("size_kib", Type::u64, field<&Swap::size_kib>, "size in KiB"),
        SwapC::col("used_kib", Type::u64, field<&Swap::used_kib>, "used in KiB"),
        SwapC::col("priority", Type::integer, field<&Swap::priority>, "priority (negative when not set explicitly)"),
    }));

void swaps(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_swaps(m.text());
  for (const auto& s : r.value.swaps) {
    row(sink, m, k_swaps, s);
  }
  report(m, sink, r);
}

using procfs::Filesystem;
using FilesystemC = ColsOf<Filesystem>;
constexpr Table k_filesystems(TableDecl{.name = "sys_filesystems",
                                        .scope = Scope::system,
                                        .comment = "/proc/filesystems: filesystem types registered in the kernel."},
                              std::to_array<Col<Filesystem>>({
                                  FilesystemC::col_nn("name", Type::text, field<&Filesystem::name>,
                                                      "type name, e.g. 'ext4', 'overlay'"),
                                  FilesystemC::col_nn("nodev", Type::integer, field<&Filesystem::nodev>,
                                                      "1 when the type needs no block device ('nodev'), else 0"),
                              }));

void filesystems(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_filesystems(m.text());
  for (const auto& f : r.value.filesystems) {
    row(sink, m, k_filesystems, f);
  }
  report(m, sink, r);
}

using procfs::Device;
using DeviceC = ColsOf<Device>;
constexpr Table k_devices(TableDecl{.name = "sys_devices",
                                    .scope = Scope::system,
                                    .comment = "/proc/devices: registered character and block device majors."},
                          std::to_array<Col<Device>>({
                              DeviceC::col_nn("kind", Type::text, field<&Device::kind>, "'character' or 'block'"),
                              DeviceC::col("major", Type::u64, field<&Device::major>, "major number"),
                              DeviceC::col(
                                  "name", Type::text, [](const Device& d) -> db::Value { return text_or_null(d.name); },
                                  "driver name, e.g. 'tty', 'virtblk'"),
                          }));

void devices(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_devices(m.text());
  for (const auto& d : r.value.devices) {
    row(sink, m, k_devices, d);
  }
  report(m, sink, r);
}

using procfs::Partition;
using PartitionC = ColsOf<Partition>;
constexpr Table k_partitions(
    TableDecl{
        .name = "sys_partitions", .scope = Scope::system, .comment = "/proc/partitions: block devices and partitions."},
    std::to_array<Col<Partition>>({
        PartitionC::col("major", Type::u64, field<&Partition::major>, "major number"),
        PartitionC::col("minor", Type::u64, field<&Partition::minor>, "minor number"),
        PartitionC::col("blocks", Type::u64, field<&Partition::blocks>, "size in 1 KiB blocks"),
        PartitionC::col(
            "name", Type::text, [](const Partition& p) -> db::Value { return text_or_null(p.name); },
            "device name, e.g. 'vda', 'nvme0n1p2'"),
    }));

void partitions(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_partitions(m.text());
  for (const auto& p : r.value.partitions) {
    row(sink, m, k_partitions, p);
  }
  report(m, sink, r);
}

using procfs::Diskstat;
using DiskstatC = ColsOf<Diskstat>;

/// Getter of the I-th counter of a diskstats line (procfs::k_diskstats_names order).
template <std::size_t I>
// NOLINTNEXTLINE(readability-identifier-naming): a getter, named like the function it stands for
constexpr auto disk = [](const Diskstat& d) -> db::Value { return v(d.fields[I]); };

constexpr auto k_diskstats_cols = std::to_array<Col<Diskstat>>({
    DiskstatC::col("major", Type::u64, field<&Diskstat::major>, "major number"),
    DiskstatC::col("minor", Type::u64, field<&Diskstat::minor>, "minor number"),
    DiskstatC::col(
        "name", Type::text, [](const Diskstat& d) -> db::Value { return text_or_null(d.name); }, "device name"),
    DiskstatC::col("reads_completed", Type::u64, disk<0>, "reads completed successfully"),
    DiskstatC::col("reads_merged", Type::u64, disk<1>, "adjacent reads merged"),
    DiskstatC::col("sectors_read", Type::u64, disk<2>, "512-byte sectors read"),
    DiskstatC::col("time_reading_ms", Type::u64, disk<3>, "ms spent reading"),
    DiskstatC::col("writes_completed", Type::u64, disk<4>, "writes completed"),
    DiskstatC::col("writes_merged", Type::u64, disk<5>, "adjacent writes merged"),
    DiskstatC::col("sectors_written", Type::u64, disk<6>, "512-byte sectors written"),
    DiskstatC::col("time_writing_ms", Type::u64, disk<7>, "ms spent writing"),
    DiskstatC::col("ios_in_progress", Type::u64, disk<8>, "I/Os in flight at capture"),
    DiskstatC::col("time_io_ms", Type::u64, disk<9>, "ms spent doing I/Os"),
    DiskstatC::col("weighted_time_io_ms", Type::u64, disk<10>, "weighted ms doing I/Os (queue length x time)"),
    DiskstatC::col("discards_completed", Type::u64, disk<11>, "discards completed"),
    DiskstatC::col("discards_merged", Type::u64, disk<12>, "discards merged"),
    DiskstatC::col("sectors_discarded", Type::u64, disk<13>, "sectors discarded"),
    DiskstatC::col("time_discarding_ms", Type::u64, disk<14>, "ms spent discarding"),
    DiskstatC::col("flushes_completed", Type::u64, disk<15>, "flush requests completed"),
    DiskstatC::col("time_flushing_ms", Type::u64, disk<16>, "ms spent flushing"),
});

constexpr Table k_diskstats(TableDecl{.name = "sys_diskstats",
                                      .scope = Scope::system,
                                      .comment = "/proc/diskstats: I/O counters per block device "
                                                 "(Documentation/admin-guide/iostats.rst). Counters a kernel does\n"
                                                 "not print (discard < 4.18, flush < 5.5) are NULL."},
                            k_diskstats_cols);

// The counter columns are the parser's fields, in its order.
constexpr bool diskstats_columns_match() {
  if (k_diskstats_cols.size() != 3 + procfs::k_diskstats_fields) return false;
  for (std::size_t k = 0; k < procfs::k_diskstats_fields; ++k) {
    if (k_diskstats_cols[3 + k].decl.name != procfs::k_diskstats_names[k]) return false;
  }
  return true;
}
static_assert(diskstats_columns_match());

void diskstats(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_diskstats(m.text());
  for (const auto& d : r.value.disks) {
    row(sink, m, k_diskstats, d);
  }
  report(m, sink, r);
}

using procfs::VmstatEntry;
using VmstatEntryC = ColsOf<VmstatEntry>;
constexpr IndexDecl k_vmstat_indexes[] = {{"sys_vmstat_key", "snapshot_id, key"}};
constexpr Table k_vmstat(
    TableDecl{.name = "sys_vmstat",
              .scope = Scope::system,
              .comment = "/proc/vmstat as key/value rows, in file order.",
              .indexes = k_vmstat_indexes},
    std::to_array<Col<VmstatEntry>>({
        VmstatEntryC::col_nn("line", Type::integer, line_col<VmstatEntry>, "1-based line in proc/vmstat"),
        VmstatEntryC::col_nn("key", Type::text, field<&VmstatEntry::key>,
                             "counter name, e.g. 'nr_free_pages', 'pgfault', 'oom_kill'"),
        VmstatEntryC::col("value", Type::u64, field<&VmstatEntry::value>, "counter value; NULL when unparsable"),
    }));

void vmstat(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_vmstat(m.text());
  for (const auto& e : r.value.entries) {
    row(sink, m, k_vmstat, e);
  }
  report(m, sink, r);
}

// ---- pressure, cpuinfo, sysctl, buddyinfo ----

/// A pressure line and its resource (the file name, from the member path).
struct PressureRow {
  std::string_view resource;
  const procfs::PressureLine& p;
};
using PressureRowC = ColsOf<PressureRow>;
constexpr Table k_pressure(
    TableDecl{.name = "sys_pressure",
              .scope = Scope::system,
              .comment = "/proc/pressure/<resource>: pressure stall information (Documentation/accounting/psi.rst)."},
    std::to_array<Col<PressureRow>>({
        PressureRowC::col_nn("resource", Type::text, field<&PressureRow::resource>,
                             "'cpu', 'io', 'memory', 'irq' (the file name)"),
        PressureRowC::col_nn(
            "kind", Type::text, [](const PressureRow& r) -> db::Value { return v(r.p.kind); },
            "'some' (at least one task stalled) or 'full' (all non-idle tasks stalled)"),
        PressureRowC::col(
            "avg10", Type::real, [](const PressureRow& r) -> db::Value { return v(r.p.avg10); },
            "% of wall time stalled, 10 s average"),
        PressureRowC::col(
            "avg60", Type::real, [](const PressureRow& r) -> db::Value { return v(r.p.avg60); },
            "% of wall time stalled, 60 s average"),
        PressureRowC::col(
            "avg300", Type::real, [](const PressureRow& r) -> db::Value { return v(r.p.avg300); },
            "% of wall time stalled, 300 s average"),
        PressureRowC::col(
            "total_us", Type::u64, [](const PressureRow& r) -> db::Value { return v(r.p.total_us); },
            "cumulative stall time since boot, microseconds"),
    }));

void pressure(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_pressure(m.text());
  for (const auto& p : r.value.lines) {
    row(sink, m, k_pressure, PressureRow{m.name, p});
  }
  report(m, sink, r);
}

using procfs::CpuinfoEntry;
using CpuinfoEntryC = ColsOf<CpuinfoEntry>;
constexpr IndexDecl k_cpuinfo_indexes[] = {{"sys_cpuinfo_key", "snapshot_id, key"}};
constexpr Table k_cpuinfo(
    TableDecl{
        .name = "sys_cpuinfo",
        .scope = Scope::system,
        .comment = "/proc/cpuinfo as key/value rows: one block per logical CPU on x86 (other architectures differ).",
        .indexes = k_cpuinfo_indexes},
    std::to_array<Col<CpuinfoEntry>>({
        CpuinfoEntryC::col_nn("line", Type::integer, line_col<CpuinfoEntry>, "1-based line in proc/cpuinfo"),
        CpuinfoEntryC::col_nn(
            "block", Type::integer, [](const CpuinfoEntry& e) -> db::Value { return ln(e.block); },
            "0-based index of the blank-line-separated block"),
        CpuinfoEntryC::col("processor", Type::integer, field<&CpuinfoEntry::processor>,
                           "the block's 'processor' number; NULL when the block has none"),
        CpuinfoEntryC::col_nn("key", Type::text, field<&CpuinfoEntry::key>, "e.g. 'model name', 'flags', 'microcode'"),
        CpuinfoEntryC::col("value", Type::text, field<&CpuinfoEntry::value>,
                           "text after ':' (may be ''; a line without ':' is no row, an import issue)"),
    }));

void cpuinfo(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_cpuinfo(m.text());
  for (const auto& e : r.value.entries) {
    row(sink, m, k_cpuinfo, e);
  }
  report(m, sink, r);
}

using procfs::Sysctl;
using SysctlC = ColsOf<Sysctl>;
constexpr IndexDecl k_sysctl_indexes[] = {{"sys_sysctl_name", "snapshot_id, name"}};
constexpr Table k_sysctl(
    TableDecl{.name = "sys_sysctl",
              .scope = Scope::system,
              .comment = "/proc/sys/<path>: captured sysctl values, one row per file, kept as text.",
              .indexes = k_sysctl_indexes},
    std::to_array<Col<Sysctl>>({
        SysctlC::col_nn("name", Type::text, field<&Sysctl::name>,
                        "dotted name as sysctl(8) prints it, e.g. 'kernel.hostname'"),
        SysctlC::col_nn("path", Type::text, field<&Sysctl::path>,
                        "path below /proc/sys, e.g. 'kernel/hostname' (unambiguous when a component has a '.')"),
        SysctlC::col_nn("value", Type::text, field<&Sysctl::value>,
                        "file content minus one trailing newline (raw bytes; tabs separate multi-value entries)"),
    }));

void sysctl(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_sysctl(m.name, m.text());
  row(sink, m, k_sysctl, r.value);
  report(m, sink, r);
}

/// One order of a buddyinfo zone line.
struct BuddyRow {
  const procfs::BuddyZone& z;
  std::size_t order;
  std::optional<std::uint64_t> free_blocks;
};
using BuddyRowC = ColsOf<BuddyRow>;
constexpr Table k_buddyinfo(
    TableDecl{.name = "sys_buddyinfo",
              .scope = Scope::system,
              .comment = "/proc/buddyinfo: free blocks per zone and order (external fragmentation)."},
    std::to_array<Col<BuddyRow>>({
        BuddyRowC::col(
            "node", Type::integer, [](const BuddyRow& r) -> db::Value { return v(r.z.node); }, "NUMA node"),
        BuddyRowC::col_nn(
            "zone", Type::text, [](const BuddyRow& r) -> db::Value { return v(r.z.zone); },
            "'DMA', 'DMA32', 'Normal', ..."),
        BuddyRowC::col_nn(
            "block_order", Type::integer, [](const BuddyRow& r) -> db::Value { return ln(r.order); },
            "order k: blocks of 2^k contiguous pages"),
        BuddyRowC::col("free_blocks", Type::u64, field<&BuddyRow::free_blocks>,
                       "free blocks of that order; NULL when unparsable"),
    }));

void buddyinfo(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_buddyinfo(m.text());
  for (const auto& z : r.value.zones) {
    for (std::size_t k = 0; k < z.free_blocks.size(); ++k) {
      row(sink, m, k_buddyinfo, BuddyRow{z, k, z.free_blocks[k]});
    }
  }
  report(m, sink, r);
}

// ---- interrupts, softirqs ----

/// One count of an interrupts or softirqs line: the line's IRQ (or softirq name) and the CPU's count.
struct CountRow {
  std::string_view name;
  std::optional<std::int64_t> cpu;
  std::optional<std::uint64_t> count;
};
using CountRowC = ColsOf<CountRow>;
constexpr IndexDecl k_interrupts_indexes[] = {{"sys_interrupts_irq", "snapshot_id, irq"}};
constexpr Table k_interrupts(TableDecl{.name = "sys_interrupts",
                                       .scope = Scope::system,
                                       .comment = "/proc/interrupts counts: one row per (IRQ, CPU).",
                                       .indexes = k_interrupts_indexes},
                             std::to_array<Col<CountRow>>({
                                 CountRowC::col_nn("irq", Type::text, field<&CountRow::name>,
                                                   "IRQ number or arch name ('0', '24', 'NMI', 'LOC', 'ERR')"),
                                 CountRowC::col("cpu", Type::integer, field<&CountRow::cpu>,
                                                "CPU number from the header; NULL for a system-wide count (ERR, MIS)"),
                                 CountRowC::col("count", Type::u64, field<&CountRow::count>,
                                                "interrupts serviced since boot; NULL when unparsable"),
                             }));

using procfs::InterruptLine;
using InterruptLineC = ColsOf<InterruptLine>;
constexpr Table k_interrupt_info(
    TableDecl{.name = "sys_interrupt_info",
              .scope = Scope::system,
              .comment = "/proc/interrupts descriptions: one row per IRQ line."},
    std::to_array<Col<InterruptLine>>({
        InterruptLineC::col_nn("line", Type::integer, line_col<InterruptLine>, "1-based line in proc/interrupts"),
        InterruptLineC::col_nn("irq", Type::text, field<&InterruptLine::irq>, "IRQ number or arch name"),
        InterruptLineC::col("description", Type::text, field<&InterruptLine::description>,
                            "text after the counts: chip, hwirq/trigger and actions (handlers), or the arch label"),
    }));

void interrupts(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_interrupts(m.text());
  for (const auto& l : r.value.lines) {
    row(sink, m, k_interrupt_info, l);
    for (const auto& c : l.counts) {
      row(sink, m, k_interrupts, CountRow{l.irq, c.cpu, c.count});
    }
  }
  report(m, sink, r);
}

constexpr Table k_softirqs(
    TableDecl{.name = "sys_softirqs",
              .scope = Scope::system,
              .comment = "/proc/softirqs: softirqs serviced per type and CPU."},
    std::to_array<Col<CountRow>>({
        CountRowC::col_nn(
            "name", Type::text, field<&CountRow::name>,
            "'HI', 'TIMER', 'NET_TX', 'NET_RX', 'BLOCK', 'IRQ_POLL', 'TASKLET', 'SCHED', 'HRTIMER', 'RCU'"),
        CountRowC::col("cpu", Type::integer, field<&CountRow::cpu>,
                       "CPU number from the header; NULL when the column had no header"),
        CountRowC::col("count", Type::u64, field<&CountRow::count>,
                       "softirqs serviced since boot; NULL when unparsable"),
    }));

void softirqs(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_softirqs(m.text());
  for (const auto& l : r.value.lines) {
    for (const auto& c : l.counts) {
      row(sink, m, k_softirqs, CountRow{l.name, c.cpu, c.count});
    }
  }
  report(m, sink, r);
}

// ---- zoneinfo, locks ----

using procfs::ZoneinfoEntry;
using ZoneinfoEntryC = ColsOf<ZoneinfoEntry>;
constexpr IndexDecl k_zoneinfo_indexes[] = {{"sys_zoneinfo_key", "snapshot_id, key"}};
constexpr Table k_zoneinfo(
    TableDecl{
        .name = "sys_zoneinfo",
        .scope = Scope::system,
        .comment =
            "/proc/zoneinfo as rows: per NUMA node and memory zone, watermarks, counters and per-CPU pagesets. Kept\n"
            "generically because the key set changes between kernels.",
        .indexes = k_zoneinfo_indexes},
    std::to_array<Col<ZoneinfoEntry>>({
        ZoneinfoEntryC::col_nn("line", Type::integer, line_col<ZoneinfoEntry>, "1-based line in proc/zoneinfo"),
        ZoneinfoEntryC::col("node", Type::integer, field<&ZoneinfoEntry::node>,
                            "NUMA node of the enclosing 'Node N, zone NAME' header"),
        ZoneinfoEntryC::col(
            "zone", Type::text, [](const ZoneinfoEntry& e) -> db::Value { return text_or_null(e.zone); },
            "zone name ('DMA', 'DMA32', 'Normal', 'Movable', ...)"),
        ZoneinfoEntryC::col_nn("section", Type::text, field<&ZoneinfoEntry::section>,
                               "'node' (per-node stats), 'zone' (pages free, watermarks, zone counters) or 'pagesets'"),
        ZoneinfoEntryC::col("cpu", Type::integer, field<&ZoneinfoEntry::cpu>,
                            "CPU of a pagesets line ('cpu: N'); NULL elsewhere"),
        ZoneinfoEntryC::col_nn(
            "key", Type::text, field<&ZoneinfoEntry::key>,
            "e.g. 'nr_free_pages', 'pages free', 'min', 'protection', 'batch', 'vm stats threshold'"),
        ZoneinfoEntryC::col("value_text", Type::text, field<&ZoneinfoEntry::value_text>,
                            "value as printed, e.g. '3952' or '(0, 2877, 7826)'"),
        ZoneinfoEntryC::col("value", Type::u64, field<&ZoneinfoEntry::value>,
                            "the value when it is one unsigned number, else NULL"),
    }));

void zoneinfo(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_zoneinfo(m.text());
  for (const auto& e : r.value.entries) {
    row(sink, m, k_zoneinfo, e);
  }
  report(m, sink, r);
}

using procfs::FileLock;
using FileLockC = ColsOf<FileLock>;
constexpr Table k_locks(
    TableDecl{.name = "sys_locks",
              .scope = Scope::system,
              .comment = "/proc/locks: file locks held or awaited (POSIX, FLOCK, OFDLCK, LEASE, DELEG), joinable to "
                         "processes by pid and to\n"
                         "open files by (device, inode)."},
    std::to_array<Col<FileLock>>({
        FileLockC::col_nn("line", Type::integer, line_col<FileLock>, "1-based line in proc/locks"),
        FileLockC::col("id", Type::integer, field<&FileLock::id>,
                       "ordinal the kernel printed before ':' (a waiter repeats its blocker's)"),
        FileLockC::col_nn("blocked", Type::integer, field<&FileLock::blocked>,
                          "1 for a waiter ('->'): it waits for the lock on the line before, else 0"),
        FileLockC::col("class", Type::text, field<&FileLock::lock_class>,
                       "'POSIX' (fcntl/lockf), 'FLOCK', 'OFDLCK' (open file description), 'LEASE', 'DELEG'"),
        FileLockC::col("mode", Type::text, field<&FileLock::mode>,
                       "'ADVISORY' or 'MANDATORY'; for leases 'ACTIVE', 'BREAKING' or 'BREAKER'"),
        FileLockC::col("type", Type::text, field<&FileLock::type>, "'READ', 'WRITE' or 'UNLCK'"),
        FileLockC::col(
            "pid", Type::integer, field<&FileLock::pid>,
            "owning pid (collector's pid namespace); NULL when the kernel printed -1 (OFD locks have no owner)"),
        FileLockC::col("dev_major", Type::u64, field<&FileLock::dev_major>,
                       "major of the file's device (the kernel prints it in hex)"),
        FileLockC::col("dev_minor", Type::u64, field<&FileLock::dev_minor>,
                       "minor of the file's device (printed in hex)"),
        FileLockC::col("inode", Type::u64, field<&FileLock::inode>, "inode of the locked file; NULL for '<none>'"),
        FileLockC::col("start", Type::u64, field<&FileLock::start>, "first byte of the locked range"),
        FileLockC::col("end_offset", Type::u64, field<&FileLock::end>, "last byte of the range; NULL when to_eof"),
        FileLockC::col_nn("to_eof", Type::integer, field<&FileLock::to_eof>,
                          "1 when the range extends to the end of the file ('EOF'), else 0"),
    }));

void locks(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_locks(m.text());
  for (const auto& l : r.value.locks) {
    row(sink, m, k_locks, l);
  }
  report(m, sink, r);
}

// ---- sysvipc ----

/// A line of a sysvipc file. Values are picked by the header's column name, so a column the kernel did not print
/// is NULL: "key" is signed, "perms" is kept as printed, every other column is unsigned.
struct IpcRow {
  const procfs::SysvipcTable& t;
  const procfs::SysvipcRow& entry;

  [[nodiscard]] db::Value i(std::string_view column) const {
    const procfs::SysvipcValue* x = t.get(entry, column);
    return x ? v(x->i) : db::Value{};
  }
  [[nodiscard]] db::Value u(std::string_view column) const {
    const procfs::SysvipcValue* x = t.get(entry, column);
    return x ? v(x->u) : db::Value{};
  }
  [[nodiscard]] db::Value text(std::string_view column) const {
    const procfs::SysvipcValue* x = t.get(entry, column);
    return x ? v(x->text) : db::Value{};
  }
};
using IpcRowC = ColsOf<IpcRow>;
constexpr Table k_sysvipc_shm(
    TableDecl{.name = "sys_sysvipc_shm",
              .scope = Scope::system,
              .comment = "/proc/sysvipc/shm: System V shared memory segments (ipcs -m). Shared memory is a classic "
                         "hiding place for\n"
                         "payloads; cpid/lpid join to processes."},
    std::to_array<Col<IpcRow>>({
        IpcRowC::col_nn(
            "line", Type::integer, [](const IpcRow& r) -> db::Value { return ln(r.entry.line); },
            "1-based line in proc/sysvipc/shm"),
        IpcRowC::col(
            "key", Type::integer, [](const IpcRow& r) -> db::Value { return r.i("key"); },
            "IPC key (signed; 0 = IPC_PRIVATE)"),
        IpcRowC::col(
            "shmid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("shmid"); }, "segment id"),
        IpcRowC::col(
            "perms", Type::text, [](const IpcRow& r) -> db::Value { return r.text("perms"); },
            "permission bits as printed (octal digits, e.g. '600')"),
        IpcRowC::col(
            "size", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("size"); }, "segment size, bytes"),
        IpcRowC::col(
            "cpid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("cpid"); }, "pid of the creator"),
        IpcRowC::col(
            "lpid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("lpid"); }, "pid of the last shmat/shmdt"),
        IpcRowC::col(
            "nattch", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("nattch"); }, "current attaches"),
        IpcRowC::col(
            "uid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("uid"); }, "owner uid"),
        IpcRowC::col(
            "gid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("gid"); }, "owner gid"),
        IpcRowC::col(
            "cuid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("cuid"); }, "creator uid"),
        IpcRowC::col(
            "cgid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("cgid"); }, "creator gid"),
        IpcRowC::col(
            "atime", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("atime"); },
            "last attach, epoch seconds (0 = never)"),
        IpcRowC::col(
            "dtime", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("dtime"); },
            "last detach, epoch seconds (0 = never)"),
        IpcRowC::col(
            "ctime", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("ctime"); },
            "last change, epoch seconds"),
        IpcRowC::col(
            "rss", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("rss"); }, "resident bytes"),
        IpcRowC::col(
            "swap", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("swap"); }, "swapped-out bytes"),
    }));

constexpr Table k_sysvipc_msg(
    TableDecl{.name = "sys_sysvipc_msg",
              .scope = Scope::system,
              .comment = "/proc/sysvipc/msg: System V message queues (ipcs -q)."},
    std::to_array<Col<IpcRow>>({
        IpcRowC::col_nn(
            "line", Type::integer, [](const IpcRow& r) -> db::Value { return ln(r.entry.line); },
            "1-based line in proc/sysvipc/msg"),
        IpcRowC::col(
            "key", Type::integer, [](const IpcRow& r) -> db::Value { return r.i("key"); },
            "IPC key (signed; 0 = IPC_PRIVATE)"),
        IpcRowC::col(
            "msqid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("msqid"); }, "queue id"),
        IpcRowC::col(
            "perms", Type::text, [](const IpcRow& r) -> db::Value { return r.text("perms"); },
            "permission bits as printed (octal digits)"),
        IpcRowC::col(
            "cbytes", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("cbytes"); }, "bytes currently queued"),
        IpcRowC::col(
            "qnum", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("qnum"); }, "messages currently queued"),
        IpcRowC::col(
            "lspid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("lspid"); }, "pid of the last msgsnd"),
        IpcRowC::col(
            "lrpid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("lrpid"); }, "pid of the last msgrcv"),
        IpcRowC::col(
            "uid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("uid"); }, "owner uid"),
        IpcRowC::col(
            "gid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("gid"); }, "owner gid"),
        IpcRowC::col(
            "cuid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("cuid"); }, "creator uid"),
        IpcRowC::col(
            "cgid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("cgid"); }, "creator gid"),
        IpcRowC::col(
            "stime", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("stime"); },
            "last msgsnd, epoch seconds (0 = never)"),
        IpcRowC::col(
            "rtime", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("rtime"); },
            "last msgrcv, epoch seconds (0 = never)"),
        IpcRowC::col(
            "ctime", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("ctime"); },
            "last change, epoch seconds"),
    }));

constexpr Table k_sysvipc_sem(
    TableDecl{.name = "sys_sysvipc_sem",
              .scope = Scope::system,
              .comment = "/proc/sysvipc/sem: System V semaphore sets (ipcs -s)."},
    std::to_array<Col<IpcRow>>({
        IpcRowC::col_nn(
            "line", Type::integer, [](const IpcRow& r) -> db::Value { return ln(r.entry.line); },
            "1-based line in proc/sysvipc/sem"),
        IpcRowC::col(
            "key", Type::integer, [](const IpcRow& r) -> db::Value { return r.i("key"); },
            "IPC key (signed; 0 = IPC_PRIVATE)"),
        IpcRowC::col(
            "semid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("semid"); }, "semaphore set id"),
        IpcRowC::col(
            "perms", Type::text, [](const IpcRow& r) -> db::Value { return r.text("perms"); },
            "permission bits as printed (octal digits)"),
        IpcRowC::col(
            "nsems", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("nsems"); }, "semaphores in the set"),
        IpcRowC::col(
            "uid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("uid"); }, "owner uid"),
        IpcRowC::col(
            "gid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("gid"); }, "owner gid"),
        IpcRowC::col(
            "cuid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("cuid"); }, "creator uid"),
        IpcRowC::col(
            "cgid", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("cgid"); }, "creator gid"),
        IpcRowC::col(
            "otime", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("otime"); },
            "last semop, epoch seconds (0 = never)"),
        IpcRowC::col(
            "ctime", Type::u64, [](const IpcRow& r) -> db::Value { return r.u("ctime"); },
            "last change, epoch seconds"),
    }));

void sysvipc(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_sysvipc(m.text());
  const auto rows = [&](const auto& table) {
    for (const auto& x : r.value.rows) {
      row(sink, m, table, IpcRow{r.value, x});
    }
  };
  if (m.name == "shm") {
    rows(k_sysvipc_shm);
  } else if (m.name == "msg") {
    rows(k_sysvipc_msg);
  } else if (m.name == "sem") {
    rows(k_sysvipc_sem);
  } else {
    sink.issue(m.path, 0, m.name, "unknown sysvipc file; kept only as raw bytes");
    return;
  }
  report(m, sink, r);
}

// ---- cgroups, misc, keys ----

using procfs::CgroupController;
using CgroupControllerC = ColsOf<CgroupController>;
constexpr Table k_cgroups(
    TableDecl{.name = "sys_cgroups",
              .scope = Scope::system,
              .comment = "/proc/cgroups: cgroup controllers compiled into the kernel and their v1 hierarchy."},
    std::to_array<Col<CgroupController>>({
        CgroupControllerC::col_nn("subsys_name", Type::text, field<&CgroupController::name>,
                                  "controller name, e.g. 'cpuset', 'memory', 'pids'"),
        CgroupControllerC::col("hierarchy", Type::u64, field<&CgroupController::hierarchy>,
                               "v1 hierarchy id; 0 when not mounted on a v1 hierarchy (cgroup v2 or unused)"),
        CgroupControllerC::col("num_cgroups", Type::u64, field<&CgroupController::num_cgroups>,
                               "cgroups using this controller"),
        CgroupControllerC::col("enabled", Type::u64, field<&CgroupController::enabled>,
                               "1 enabled, 0 disabled (cgroup_disable= on the command line)"),
    }));

void cgroups(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_cgroups(m.text());
  for (const auto& c : r.value.controllers) {
    row(sink, m, k_cgroups, c);
  }
  report(m, sink, r);
}

using procfs::MiscDevice;
using MiscDeviceC = ColsOf<MiscDevice>;
constexpr Table k_misc(TableDecl{.name = "sys_misc",
                                 .scope = Scope::system,
                                 .comment = "/proc/misc: registered misc character devices (major 10)."},
                       std::to_array<Col<MiscDevice>>({
                           MiscDeviceC::col("minor", Type::u64, field<&MiscDevice::minor>, "minor number"),
                           MiscDeviceC::col(
                               "name", Type::text,
                               [](const MiscDevice& d) -> db::Value { return text_or_null(d.name); },
                               "device name, e.g. 'fuse', 'kvm', 'vsock'"),
                       }));

void misc(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_misc(m.text());
  for (const auto& d : r.value.devices) {
    row(sink, m, k_misc, d);
  }
  report(m, sink, r);
}

using procfs::Key;
using KeyC = ColsOf<Key>;
constexpr Table k_keys(
    TableDecl{
        .name = "sys_keys",
        .scope = Scope::system,
        .comment = "/proc/keys: kernel keys visible to the collector (keyrings, user/logon keys, asymmetric keys)."},
    std::to_array<Col<Key>>({
        KeyC::col_nn("line", Type::integer, line_col<Key>, "1-based line in proc/keys"),
        KeyC::col("serial", Type::u64, field<&Key::serial>, "key serial number (printed as 8 hex digits)"),
        KeyC::col("flags", Type::text, field<&Key::flags>,
                  "7 flags: I instantiated, R revoked, D dead, Q quota, U under construction, N negative, i "
                  "invalidated ('-' unset)"),
        KeyC::col("usage", Type::integer, field<&Key::usage>, "reference count"),
        KeyC::col("timeout", Type::text, field<&Key::timeout>, "'perm', 'expd', or time left (e.g. '59m', '2d')"),
        KeyC::col("perm", Type::text, field<&Key::perm>,
                  "permission mask as printed (8 hex digits: possessor, user, group, other)"),
        KeyC::col("uid", Type::integer, field<&Key::uid>, "owner uid"),
        KeyC::col("gid", Type::integer, field<&Key::gid>, "owner gid"),
        KeyC::col("type", Type::text, field<&Key::type>, "key type, e.g. 'keyring', 'user', 'logon', 'asymmetric'"),
        KeyC::col("description", Type::text, field<&Key::description>, "the type's description of the key (raw bytes)"),
    }));

void keys(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_keys(m.text());
  for (const auto& k : r.value.keys) {
    row(sink, m, k_keys, k);
  }
  report(m, sink, r);
}

constexpr std::array<Handler, 25> k_handlers = {{
    {"proc/meminfo", meminfo},
    {"proc/stat", stat},
    {"proc/loadavg", loadavg},
    {"proc/uptime", uptime},
    {"proc/version", version},
    {"proc/cmdline", cmdline},
    {"proc/modules", modules},
    {"proc/swaps", swaps},
    {"proc/filesystems", filesystems},
    {"proc/devices", devices},
    {"proc/partitions", partitions},
    {"proc/diskstats", diskstats},
    {"proc/vmstat", vmstat},
    {"proc/pressure/<name>", pressure},
    {"proc/cpuinfo", cpuinfo},
    {"proc/buddyinfo", buddyinfo},
    {"proc/interrupts", interrupts},
    {"proc/softirqs", softirqs},
    {"proc/zoneinfo", zoneinfo},
    {"proc/locks", locks},
    {"proc/sysvipc/<name>", sysvipc},
    {"proc/cgroups", cgroups},
    {"proc/misc", misc},
    {"proc/keys", keys},
    {"proc/sys/<path>", sysctl},
}};

}  // namespace

std::span<const Handler> system_handlers() { return k_handlers; }

TableGroup system_group() {
  return TableGroup{
      .file = "40_system.sql",
      .header = k_header,
      .tables = {k_meminfo.declaration(),        k_stat.declaration(),
                 k_stat_cpu.declaration(),       k_stat_intr.declaration(),
                 k_stat_softirq.declaration(),   k_stat_other.declaration(),
                 k_loadavg.declaration(),        k_uptime.declaration(),
                 k_version.declaration(),        k_cmdline.declaration(),
                 k_cmdline_params.declaration(), k_modules.declaration(),
                 k_module_users.declaration(),   k_swaps.declaration(),
                 k_filesystems.declaration(),    k_devices.declaration(),
                 k_partitions.declaration(),     k_diskstats.declaration(),
                 k_vmstat.declaration(),         k_pressure.declaration(),
                 k_cpuinfo.declaration(),        k_sysctl.declaration(),
                 k_buddyinfo.declaration(),      k_interrupts.declaration(),
                 k_interrupt_info.declaration(), k_softirqs.declaration(),
                 k_zoneinfo.declaration(),       k_locks.declaration(),
                 k_sysvipc_shm.declaration(),    k_sysvipc_msg.declaration(),
                 k_sysvipc_sem.declaration(),    k_cgroups.declaration(),
                 k_misc.declaration(),           k_keys.declaration()},
  };
}

}  // namespace procsnap::importer
