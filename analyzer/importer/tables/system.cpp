// Handlers for the system table group: one line per system-wide /proc file (pattern -> binder). Each binder
// parses the member with its procfs::parse_system_* parser, writes the rows of schema/40_system.sql and reports
// every diagnostic to import_issues. Bad content never throws: what could be parsed is written, NULL elsewhere.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

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
using Cols = std::string_view;

template <class T>
void report(const Member& m, TableSink& sink, const procfs::Parsed<T>& r) {
  for (const auto& d : r.diagnostics) {
    sink.issue(m.path, d.line, d.excerpt, d.message);
  }
}

std::int64_t ln(std::size_t line) { return static_cast<std::int64_t>(line); }

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

void meminfo(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_meminfo(m.text());
  static constexpr std::array<Cols, 6> cols = {"snapshot_id", "line", "key", "value", "unit", "bytes"};
  for (const auto& e : r.value.entries) {
    sink.insert("sys_meminfo", cols,
                {m.snapshot_id, ln(e.line), v(e.key), v(e.value), v(e.unit), v(procfs::meminfo_bytes(e))});
  }
  report(m, sink, r);
}

void stat(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_stat(m.text());
  const auto& s = r.value;
  static constexpr std::array<Cols, 8> scols = {"snapshot_id",   "btime",         "ctxt",       "processes",
                                                "procs_running", "procs_blocked", "intr_total", "softirq_total"};
  sink.insert("sys_stat", scols,
              {m.snapshot_id, v(s.btime), v(s.ctxt), v(s.processes), v(s.procs_running), v(s.procs_blocked),
               v(s.intr_total), v(s.softirq_total)});
  static constexpr std::array<Cols, 14> ccols = {"snapshot_id", "line",   "cpu",   "cpu_index", "user",
                                                 "nice",        "system", "idle",  "iowait",    "irq",
                                                 "softirq",     "steal",  "guest", "guest_nice"};
  for (const auto& c : s.cpus) {
    sink.insert("sys_stat_cpu", ccols,
                {m.snapshot_id, ln(c.line), v(c.cpu), v(c.index), v(c.user), v(c.nice), v(c.system), v(c.idle),
                 v(c.iowait), v(c.irq), v(c.softirq), v(c.steal), v(c.guest), v(c.guest_nice)});
  }
  static constexpr std::array<Cols, 3> icols = {"snapshot_id", "irq", "count"};
  for (std::size_t i = 0; i < s.intr.size(); ++i) {
    sink.insert("sys_stat_intr", icols, {m.snapshot_id, ln(i), v(s.intr[i])});
  }
  static constexpr std::array<Cols, 4> sqcols = {"snapshot_id", "position", "name", "count"};
  for (std::size_t i = 0; i < s.softirq.size(); ++i) {
    sink.insert("sys_stat_softirq", sqcols, {m.snapshot_id, ln(i), v(procfs::softirq_name(i)), v(s.softirq[i])});
  }
  static constexpr std::array<Cols, 4> ocols = {"snapshot_id", "line", "key", "value"};
  for (const auto& o : s.other) {
    sink.insert("sys_stat_other", ocols, {m.snapshot_id, ln(o.line), v(o.key), v(o.value)});
  }
  report(m, sink, r);
}

void loadavg(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_loadavg(m.text());
  const auto& l = r.value;
  static constexpr std::array<Cols, 7> cols = {"snapshot_id", "load1", "load5",   "load15",
                                               "running",     "total", "last_pid"};
  sink.insert("sys_loadavg", cols,
              {m.snapshot_id, v(l.load1), v(l.load5), v(l.load15), v(l.running), v(l.total), v(l.last_pid)});
  report(m, sink, r);
}

void uptime(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_uptime(m.text());
  static constexpr std::array<Cols, 3> cols = {"snapshot_id", "uptime_seconds", "idle_seconds"};
  sink.insert("sys_uptime", cols, {m.snapshot_id, v(r.value.uptime_seconds), v(r.value.idle_seconds)});
  report(m, sink, r);
}

void version(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_version(m.text());
  const auto& x = r.value;
  static constexpr std::array<Cols, 5> cols = {"snapshot_id", "version", "sysname", "release", "builder"};
  sink.insert("sys_version", cols, {m.snapshot_id, v(x.text), v(x.sysname), v(x.release), v(x.builder)});
  report(m, sink, r);
}

void cmdline(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_cmdline(m.text());
  static constexpr std::array<Cols, 2> cols = {"snapshot_id", "cmdline"};
  sink.insert("sys_cmdline", cols, {m.snapshot_id, v(r.value.text)});
  static constexpr std::array<Cols, 6> pcols = {"snapshot_id", "position", "raw", "key", "value", "init_arg"};
  for (const auto& p : r.value.params) {
    sink.insert("sys_cmdline_params", pcols,
                {m.snapshot_id, ln(p.position), v(p.raw), v(p.key), v(p.value), v(p.init_arg)});
  }
  report(m, sink, r);
}

void modules(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_modules(m.text());
  static constexpr std::array<Cols, 9> cols = {"snapshot_id", "line",  "name",    "size",  "refcount",
                                               "used_by",     "state", "address", "taints"};
  static constexpr std::array<Cols, 3> ucols = {"snapshot_id", "module", "used_by"};
  for (const auto& x : r.value.modules) {
    sink.insert("sys_modules", cols,
                {m.snapshot_id, ln(x.line), v(x.name), v(x.size), v(x.refcount), v(x.used_by_raw), v(x.state),
                 v(x.address), v(x.taints)});
    for (const auto& u : x.used_by) {
      sink.insert("sys_module_users", ucols, {m.snapshot_id, v(x.name), v(u)});
    }
  }
  report(m, sink, r);
}

void swaps(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_swaps(m.text());
  static constexpr std::array<Cols, 6> cols = {"snapshot_id", "filename", "type", "size_kib", "used_kib", "priority"};
  for (const auto& s : r.value.swaps) {
    sink.insert("sys_swaps", cols,
                {m.snapshot_id, v(s.filename), v(s.type), v(s.size_kib), v(s.used_kib), v(s.priority)});
  }
  report(m, sink, r);
}

void filesystems(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_filesystems(m.text());
  static constexpr std::array<Cols, 3> cols = {"snapshot_id", "name", "nodev"};
  for (const auto& f : r.value.filesystems) {
    sink.insert("sys_filesystems", cols, {m.snapshot_id, v(f.name), v(f.nodev)});
  }
  report(m, sink, r);
}

void devices(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_devices(m.text());
  static constexpr std::array<Cols, 4> cols = {"snapshot_id", "kind", "major", "name"};
  for (const auto& d : r.value.devices) {
    sink.insert("sys_devices", cols, {m.snapshot_id, v(d.kind), v(d.major), text_or_null(d.name)});
  }
  report(m, sink, r);
}

void partitions(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_partitions(m.text());
  static constexpr std::array<Cols, 5> cols = {"snapshot_id", "major", "minor", "blocks", "name"};
  for (const auto& p : r.value.partitions) {
    sink.insert("sys_partitions", cols, {m.snapshot_id, v(p.major), v(p.minor), v(p.blocks), text_or_null(p.name)});
  }
  report(m, sink, r);
}

void diskstats(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_diskstats(m.text());
  static constexpr auto cols = [] {
    std::array<Cols, 4 + procfs::k_diskstats_fields> c{};
    c[0] = "snapshot_id";
    c[1] = "major";
    c[2] = "minor";
    c[3] = "name";
    for (std::size_t k = 0; k < procfs::k_diskstats_fields; ++k) {
      c[4 + k] = procfs::k_diskstats_names[k];
    }
    return c;
  }();
  std::vector<db::Value> vals;
  for (const auto& d : r.value.disks) {
    vals.clear();
    vals.push_back(m.snapshot_id);
    vals.push_back(v(d.major));
    vals.push_back(v(d.minor));
    vals.push_back(text_or_null(d.name));
    for (const auto& f : d.fields) {
      vals.push_back(v(f));
    }
    sink.insert("sys_diskstats", std::span<const std::string_view>(cols), std::span<const db::Value>(vals));
  }
  report(m, sink, r);
}

void vmstat(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_vmstat(m.text());
  static constexpr std::array<Cols, 4> cols = {"snapshot_id", "line", "key", "value"};
  for (const auto& e : r.value.entries) {
    sink.insert("sys_vmstat", cols, {m.snapshot_id, ln(e.line), v(e.key), v(e.value)});
  }
  report(m, sink, r);
}

void pressure(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_pressure(m.text());
  static constexpr std::array<Cols, 7> cols = {"snapshot_id", "resource", "kind",    "avg10",
                                               "avg60",       "avg300",   "total_us"};
  for (const auto& p : r.value.lines) {
    sink.insert("sys_pressure", cols,
                {m.snapshot_id, v(m.name), v(p.kind), v(p.avg10), v(p.avg60), v(p.avg300), v(p.total_us)});
  }
  report(m, sink, r);
}

void cpuinfo(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_cpuinfo(m.text());
  static constexpr std::array<Cols, 6> cols = {"snapshot_id", "line", "block", "processor", "key", "value"};
  for (const auto& e : r.value.entries) {
    sink.insert("sys_cpuinfo", cols, {m.snapshot_id, ln(e.line), ln(e.block), v(e.processor), v(e.key), v(e.value)});
  }
  report(m, sink, r);
}

void sysctl(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_sysctl(m.name, m.text());
  static constexpr std::array<Cols, 4> cols = {"snapshot_id", "name", "path", "value"};
  sink.insert("sys_sysctl", cols, {m.snapshot_id, v(r.value.name), v(r.value.path), v(r.value.value)});
  report(m, sink, r);
}

void buddyinfo(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_buddyinfo(m.text());
  static constexpr std::array<Cols, 5> cols = {"snapshot_id", "node", "zone", "block_order", "free_blocks"};
  for (const auto& z : r.value.zones) {
    for (std::size_t k = 0; k < z.free_blocks.size(); ++k) {
      sink.insert("sys_buddyinfo", cols, {m.snapshot_id, v(z.node), v(z.zone), ln(k), v(z.free_blocks[k])});
    }
  }
  report(m, sink, r);
}

void interrupts(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_interrupts(m.text());
  static constexpr std::array<Cols, 4> cols = {"snapshot_id", "irq", "cpu", "count"};
  static constexpr std::array<Cols, 4> icols = {"snapshot_id", "line", "irq", "description"};
  for (const auto& l : r.value.lines) {
    sink.insert("sys_interrupt_info", icols, {m.snapshot_id, ln(l.line), v(l.irq), v(l.description)});
    for (const auto& c : l.counts) {
      sink.insert("sys_interrupts", cols, {m.snapshot_id, v(l.irq), v(c.cpu), v(c.count)});
    }
  }
  report(m, sink, r);
}

void softirqs(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_softirqs(m.text());
  static constexpr std::array<Cols, 4> cols = {"snapshot_id", "name", "cpu", "count"};
  for (const auto& l : r.value.lines) {
    for (const auto& c : l.counts) {
      sink.insert("sys_softirqs", cols, {m.snapshot_id, v(l.name), v(c.cpu), v(c.count)});
    }
  }
  report(m, sink, r);
}

void zoneinfo(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_zoneinfo(m.text());
  static constexpr std::array<Cols, 9> cols = {"snapshot_id", "line", "node",       "zone", "section",
                                               "cpu",         "key",  "value_text", "value"};
  for (const auto& e : r.value.entries) {
    sink.insert("sys_zoneinfo", cols,
                {m.snapshot_id, ln(e.line), v(e.node), text_or_null(e.zone), v(e.section), v(e.cpu), v(e.key),
                 v(e.value_text), v(e.value)});
  }
  report(m, sink, r);
}

void locks(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_locks(m.text());
  static constexpr std::array<Cols, 14> cols = {"snapshot_id", "line",  "id",         "blocked",   "class",
                                                "mode",        "type",  "pid",        "dev_major", "dev_minor",
                                                "inode",       "start", "end_offset", "to_eof"};
  for (const auto& l : r.value.locks) {
    sink.insert("sys_locks", cols,
                {m.snapshot_id, ln(l.line), v(l.id), v(l.blocked), v(l.lock_class), v(l.mode), v(l.type), v(l.pid),
                 v(l.dev_major), v(l.dev_minor), v(l.inode), v(l.start), v(l.end), v(l.to_eof)});
  }
  report(m, sink, r);
}

// The schema columns of each sysvipc table after (snapshot_id, line); values are picked by header name, so a
// column the kernel did not print is NULL.
constexpr std::array<Cols, 16> k_shm_cols = {"key", "shmid", "perms", "size",  "cpid",  "lpid",  "nattch", "uid",
                                             "gid", "cuid",  "cgid",  "atime", "dtime", "ctime", "rss",    "swap"};
constexpr std::array<Cols, 14> k_msg_cols = {"key", "msqid", "perms", "cbytes", "qnum",  "lspid", "lrpid",
                                             "uid", "gid",   "cuid",  "cgid",   "stime", "rtime", "ctime"};
constexpr std::array<Cols, 10> k_sem_cols = {"key", "semid", "perms", "nsems", "uid",
                                             "gid", "cuid",  "cgid",  "otime", "ctime"};

template <std::size_t N>
void sysvipc_rows(const Member& m, TableSink& sink, const procfs::SysvipcTable& t, std::string_view table,
                  const std::array<Cols, N>& schema_cols) {
  static_assert(N <= 16);
  std::array<Cols, N + 2> cols{};
  cols[0] = "snapshot_id";
  cols[1] = "line";
  for (std::size_t k = 0; k < N; ++k) {
    cols[k + 2] = schema_cols[k];
  }
  std::vector<db::Value> vals;
  for (const auto& row : t.rows) {
    vals.clear();
    vals.push_back(m.snapshot_id);
    vals.push_back(ln(row.line));
    for (const auto c : schema_cols) {
      const procfs::SysvipcValue* x = t.get(row, c);
      if (x == nullptr) {
        vals.emplace_back();
      } else if (c == "key") {
        vals.push_back(v(x->i));
      } else if (c == "perms") {
        vals.push_back(v(x->text));
      } else {
        vals.push_back(v(x->u));
      }
    }
    sink.insert(table, std::span<const std::string_view>(cols), std::span<const db::Value>(vals));
  }
}

void sysvipc(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_sysvipc(m.text());
  if (m.name == "shm") {
    sysvipc_rows(m, sink, r.value, "sys_sysvipc_shm", k_shm_cols);
  } else if (m.name == "msg") {
    sysvipc_rows(m, sink, r.value, "sys_sysvipc_msg", k_msg_cols);
  } else if (m.name == "sem") {
    sysvipc_rows(m, sink, r.value, "sys_sysvipc_sem", k_sem_cols);
  } else {
    sink.issue(m.path, 0, m.name, "unknown sysvipc file; kept only as raw bytes");
    return;
  }
  report(m, sink, r);
}

void cgroups(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_cgroups(m.text());
  static constexpr std::array<Cols, 5> cols = {"snapshot_id", "subsys_name", "hierarchy", "num_cgroups", "enabled"};
  for (const auto& c : r.value.controllers) {
    sink.insert("sys_cgroups", cols, {m.snapshot_id, v(c.name), v(c.hierarchy), v(c.num_cgroups), v(c.enabled)});
  }
  report(m, sink, r);
}

void misc(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_misc(m.text());
  static constexpr std::array<Cols, 3> cols = {"snapshot_id", "minor", "name"};
  for (const auto& d : r.value.devices) {
    sink.insert("sys_misc", cols, {m.snapshot_id, v(d.minor), text_or_null(d.name)});
  }
  report(m, sink, r);
}

void keys(const Member& m, TableSink& sink) {
  if (reject_symlink(m, sink)) return;
  const auto r = procfs::parse_system_keys(m.text());
  static constexpr std::array<Cols, 11> cols = {"snapshot_id", "line", "serial", "flags", "usage",      "timeout",
                                                "perm",        "uid",  "gid",    "type",  "description"};
  for (const auto& k : r.value.keys) {
    sink.insert("sys_keys", cols,
                {m.snapshot_id, ln(k.line), v(k.serial), v(k.flags), v(k.usage), v(k.timeout), v(k.perm), v(k.uid),
                 v(k.gid), v(k.type), v(k.description)});
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

}  // namespace procsnap::importer
