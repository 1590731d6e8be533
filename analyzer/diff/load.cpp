// Loading one snapshot for the diff: one SQL pass per source table, rows into hash maps keyed by pid / inode.
#include <arpa/inet.h>
#include <fmt/format.h>

#include <array>
#include <cstring>
#include <stdexcept>

#include "diff/snapshot_data.hpp"
#include "procfs/proc_cgroup.hpp"
#include "procfs/proc_cmdline.hpp"
#include "procfs/proc_environ.hpp"
#include "procfs/proc_io.hpp"
#include "procfs/proc_stat.hpp"
#include "procfs/proc_status.hpp"

namespace procsnap::diff::detail {

namespace {

bool has_table(const db::Connection& c, std::string_view name) {
  auto st = c.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
  st.bind(1, db::Text{name});
  return st.step();
}

/// Runs `fn` (which loads from `table`) unless the table is missing or unreadable; either becomes a note.
template <class Fn>
bool guarded(const db::Connection& c, std::string_view table, std::string_view what, std::int64_t sid,
             std::vector<std::string>& notes, Fn&& fn) {
  if (!has_table(c, table)) {
    notes.push_back(fmt::format("snapshot {}: this database has no {} table: {} not compared", sid, table, what));
    return false;
  }
  try {
    fn();
    return true;
  } catch (const db::Error& e) {
    notes.push_back(fmt::format("snapshot {}: could not read {} ({}): {} not compared", sid, table, e.what(), what));
    return false;
  }
}

template <class T>
std::string join_ids(const std::array<std::optional<T>, 4>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ' ';
    out += ids[i] ? std::to_string(*ids[i]) : std::string("?");
  }
  return out;
}

void load_stat(Proc& p, std::string_view data) {
  const auto s = procfs::parse_proc_stat(data).value;
  p.comm = s.comm;
  if (s.state) p.state = std::string(1, *s.state);
  p.ppid = s.ppid;
  p.priority = s.priority;
  p.nice = s.nice;
  p.threads = s.num_threads;
  const std::pair<std::string_view, std::optional<std::uint64_t>> counters[] = {
      {"utime", s.utime},
      {"stime", s.stime},
      {"minflt", s.minflt},
      {"majflt", s.majflt},
      {"cminflt", s.cminflt},
      {"cmajflt", s.cmajflt},
      {"cutime", s.cutime ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(*s.cutime)) : std::nullopt},
      {"cstime", s.cstime ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(*s.cstime)) : std::nullopt},
      {"processor",
       s.processor ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(*s.processor)) : std::nullopt},
      {"delayacct_blkio_ticks", s.delayacct_blkio_ticks}};
  for (const auto& [name, v] : counters) {
    if (v) p.counters.emplace_back(name, *v);
  }
}

void load_status(Proc& p, std::string_view data) {
  const auto s = procfs::parse_proc_status(data).value;
  if (s.uid[0] || s.uid[1]) p.uids = join_ids(s.uid);
  if (s.gid[0] || s.gid[1]) p.gids = join_ids(s.gid);
  if (s.uid[0] && *s.uid[0] <= static_cast<std::uint64_t>(INT64_MAX)) {
    p.uid_real = static_cast<std::int64_t>(*s.uid[0]);
  }
  p.groups = s.groups;
  p.cap_inh = s.cap_inh;
  p.cap_prm = s.cap_prm;
  p.cap_eff = s.cap_eff;
  p.cap_bnd = s.cap_bnd;
  p.cap_amb = s.cap_amb;
  p.rss_kb = s.vm_rss_kb;
  if (s.voluntary_ctxt_switches) p.counters.emplace_back("voluntary_ctxt_switches", *s.voluntary_ctxt_switches);
  if (s.nonvoluntary_ctxt_switches) {
    p.counters.emplace_back("nonvoluntary_ctxt_switches", *s.nonvoluntary_ctxt_switches);
  }
}

void load_io(Proc& p, std::string_view data) {
  const auto io = procfs::parse_proc_io(data).value;
  const std::pair<std::string_view, std::optional<std::uint64_t>> counters[] = {
      {"rchar", io.rchar}, {"wchar", io.wchar},           {"syscr", io.syscr},
      {"syscw", io.syscw}, {"read_bytes", io.read_bytes}, {"write_bytes", io.write_bytes}};
  for (const auto& [name, v] : counters) {
    if (v) p.counters.emplace_back(name, *v);
  }
}

/// One of the per-process files the diff compares (stat, status, cmdline, environ, cgroup, io) into `p`.
void load_basic_file(Proc& p, std::string_view file, std::string_view data) {
  if (file == "stat") {
    load_stat(p, data);
  } else if (file == "status") {
    load_status(p, data);
  } else if (file == "cmdline") {
    std::string_view raw = data;
    while (!raw.empty() && raw.back() == '\0') raw.remove_suffix(1);  // terminator and setproctitle padding
    p.cmdline_raw = std::string(raw);
    p.argv = procfs::parse_proc_cmdline(data).value.args;
  } else if (file == "environ") {
    const auto e = procfs::parse_proc_environ(data).value;
    auto& m = p.env.emplace();
    m.reserve(e.vars.size());
    for (const auto& var : e.vars) m.try_emplace(var.key, var.value);  // first wins, as getenv(3)
  } else if (file == "cgroup") {
    std::string_view raw = data;
    while (!raw.empty() && raw.back() == '\n') raw.remove_suffix(1);
    p.cgroup = std::string(raw);
  } else if (file == "io") {
    load_io(p, data);
  }
}

std::string inet_endpoint(std::string_view addr, std::optional<std::int64_t> port, bool v6) {
  const std::string p = port ? std::to_string(*port) : std::string("?");
  return v6 ? fmt::format("[{}]:{}", addr, p) : fmt::format("{}:{}", addr, p);
}

void load_inet(const db::Connection& c, std::int64_t sid, std::string_view table, std::string_view base,
               SnapshotData& d) {
  auto st = c.prepare(
      fmt::format("SELECT inode, family, protocol, state_name, local_address, local_port, remote_address, remote_port "
                  "FROM {} WHERE snapshot_id = ? AND inode IS NOT NULL",
                  table));
  st.bind(1, sid);
  while (st.step()) {
    std::string inode(st.column_text(0));
    if (inode == "0") continue;  // TIME_WAIT / NEW_SYN_RECV entries own no file
    const bool v6 = st.column_int64(1) == 6;
    const auto proto_no = st.column_opt_int64(2);
    std::string proto(base);
    if (base == "udp" && proto_no && *proto_no == 136) proto = "udplite";
    proto += v6 ? "6" : "4";
    const auto state = st.column_opt_text(3).value_or("?");
    const auto local = st.column_opt_text(4).value_or("?");
    const auto lport = st.column_opt_int64(5);
    const auto remote = st.column_opt_text(6).value_or("?");
    const auto rport = st.column_opt_int64(7);
    Socket s;
    s.proto = proto;
    s.local = local;
    s.port = lport;
    s.address_class = address_class(local);
    const bool unconnected = rport.value_or(0) == 0 && (remote == "0.0.0.0" || remote == "::");
    if (base == "tcp") {
      s.listener = state == "LISTEN";
    } else {
      s.listener = unconnected;  // a bound, unconnected datagram/raw socket receives from anyone
    }
    s.description = fmt::format("{} {} {}", proto, state, inet_endpoint(local, lport, v6));
    if (!unconnected) s.description += " -> " + inet_endpoint(remote, rport, v6);
    d.sockets.insert_or_assign(std::move(inode), std::move(s));
  }
}

void load_unix(const db::Connection& c, std::int64_t sid, SnapshotData& d) {
  auto st = c.prepare(
      "SELECT inode, type_name, state_name, listening, path, abstract FROM net_unix "
      "WHERE snapshot_id = ? AND inode IS NOT NULL");
  st.bind(1, sid);
  while (st.step()) {
    std::string inode(st.column_text(0));
    if (inode == "0") continue;
    Socket s;
    s.proto = "unix";
    s.listener = st.column_opt_int64(3).value_or(0) == 1;
    const auto path = st.column_opt_text(4);
    s.local = path.value_or("");
    s.address_class = !path ? "unnamed" : (st.column_opt_int64(5).value_or(0) == 1 ? "unix-abstract" : "unix-path");
    s.description = fmt::format("unix {} {}{}", st.column_opt_text(1).value_or("?"),
                                s.listener ? std::string("LISTEN") : st.column_opt_text(2).value_or("?"),
                                path ? " " + *path : std::string());
    d.sockets.insert_or_assign(std::move(inode), std::move(s));
  }
}

/// pid -> Proc lookups for a query whose rows come grouped by pid (the (snapshot_id, pid) indexes): the last
/// hit is remembered, so a process's 20 maps lines cost one hash lookup, not 20.
class ProcFinder {
 public:
  explicit ProcFinder(std::unordered_map<std::int64_t, Proc>& procs) : procs_(procs) {}
  Proc* operator()(std::int64_t pid) {
    if (last_ == nullptr || last_->pid != pid) {
      const auto it = procs_.find(pid);
      last_ = it == procs_.end() ? nullptr : &it->second;
      if (last_ == nullptr) return nullptr;
    }
    return last_;
  }

 private:
  std::unordered_map<std::int64_t, Proc>& procs_;
  Proc* last_ = nullptr;
};

void load_info(const db::Connection& c, std::int64_t sid, SnapshotData& d) {
  auto st = c.prepare(
      "SELECT id, hostname, captured_at, boot_id, machine_id, kernel_release, archive_sha256, kernel_version, "
      "proc_version FROM snapshots WHERE id = ?");
  st.bind(1, sid);
  if (!st.step()) throw std::invalid_argument(fmt::format("snapshot {} does not exist", sid));
  d.info.id = st.column_int64(0);
  d.info.hostname = st.column_opt_text(1);
  d.info.captured_at = st.column_opt_text(2);
  d.info.boot_id = st.column_opt_text(3);
  d.info.machine_id = st.column_opt_text(4);
  d.info.kernel_release = st.column_opt_text(5);
  d.info.archive_sha256 = st.column_opt_text(6);
  d.kernel_version = st.column_opt_text(7);
  d.proc_version = st.column_opt_text(8);
}

/// Processes: every pid with a stored basic file (normally its stat), parsed from the raw member bytes.
void load_processes(const db::Connection& c, std::int64_t sid, const Options& o, SnapshotData& d) {
  const bool want_env = o.wants(Category::env);
  db::each_row(c,
               "SELECT pid, start_time, substr(path, length(pid) + 7) AS file, data FROM members "
               "WHERE snapshot_id = ? AND pid IS NOT NULL AND tid IS NULL AND data IS NOT NULL AND kind = 'file' "
               "AND substr(path, length(pid) + 7) IN ('stat', 'status', 'cmdline', 'environ', 'cgroup', 'io') "
               "AND substr(path, 1, length(pid) + 6) = 'proc/' || pid || '/'",
               sid, [&](const db::Statement& st) {
                 const std::int64_t pid = st.column_int64(0);
                 const std::string_view file = st.column_text(2);
                 if (file == "environ" && !want_env) return;
                 auto it = d.procs.find(pid);
                 if (it == d.procs.end()) {
                   // members.start_time is the pid's starttime (from its stat) on every member of the pid; NULL when
                   // the stat was unreadable.
                   it = d.procs.emplace(pid, Proc{}).first;
                   it->second.pid = pid;
                   it->second.start_time = st.column_opt_int64(1);
                 }
                 load_basic_file(it->second, file, st.column_text(3));
               });
}

void load_links(const db::Connection& c, std::int64_t sid, SnapshotData& d) {
  ProcFinder find(d.procs);
  db::each_row(c, "SELECT pid, name, target FROM proc_links WHERE snapshot_id = ?", sid, [&](const db::Statement& st) {
    Proc* p = find(st.column_int64(0));
    if (p == nullptr) return;
    const std::string_view name = st.column_text(1);
    if (name == "exe") p->exe = std::string(st.column_text(2));
    if (name == "cwd") p->cwd = std::string(st.column_text(2));
    if (name == "root") p->root = std::string(st.column_text(2));
  });
}

void load_namespaces(const db::Connection& c, std::int64_t sid, SnapshotData& d) {
  ProcFinder find(d.procs);
  db::each_row(c, "SELECT pid, name, target FROM proc_namespaces WHERE snapshot_id = ?", sid,
               [&](const db::Statement& st) {
                 if (Proc* p = find(st.column_int64(0))) {
                   p->ns.insert_or_assign(std::string(st.column_text(1)), std::string(st.column_text(2)));
                 }
               });
}

/// Each process's fds, and the lowest fd holding each of its sockets.
void load_fds(const db::Connection& c, std::int64_t sid, SnapshotData& d) {
  ProcFinder find(d.procs);
  db::each_row(c, "SELECT pid, fd, target, type, inode FROM proc_fds WHERE snapshot_id = ? AND fd IS NOT NULL", sid,
               [&](const db::Statement& st) {
                 Proc* p = find(st.column_int64(0));
                 if (p == nullptr) return;
                 const std::int64_t fd = st.column_int64(1);
                 p->fds.insert_or_assign(fd, std::string(st.column_text(2)));
                 if (st.column_text(3) == "socket" && st.column_type(4) != SQLITE_NULL) {
                   auto [s, fresh] = p->socket_inodes.try_emplace(std::string(st.column_text(4)), fd);
                   if (!fresh && fd < s->second) s->second = fd;
                 }
               });
}

/// One proc_maps row: its file into the process's mapped files, an anonymous executable or writable+executable
/// region into its regions.
void add_map_row(Proc& p, const db::Statement& st) {
  // Every user process maps its executable, so a process with no row here (kernel threads, unreadable maps) has
  // unknown maps, not empty ones.
  p.has_maps = true;
  const std::string_view kind = st.column_text(7);
  const bool file_backed = kind == "file" || kind == "deleted" || kind == "memfd";
  if (file_backed && st.column_type(6) != SQLITE_NULL) {
    const std::string_view path = st.column_text(6);
    // Most lines repeat a path already seen (one file, several segments): look up before allocating.
    if (!p.mapped_files.contains(path)) p.mapped_files.emplace(std::string(path), 0);
  }
  const bool exec = st.column_int64(5) == 1;
  const bool rwx = exec && st.column_int64(4) == 1;
  // vdso/vsyscall are the kernel's own executable mappings; every process has them.
  const bool anon_exec = exec && !file_backed && kind != "vdso" && kind != "vsyscall";
  if (!rwx && !anon_exec) return;
  Region r;
  r.range = fmt::format("{}-{}", st.column_text(1), st.column_text(2));
  r.perms = std::string(st.column_text(3));
  r.what = st.column_type(6) != SQLITE_NULL ? std::string(st.column_text(6)) : std::string(kind);
  r.anon_exec = anon_exec;
  r.rwx = rwx;
  std::string key = r.range + " " + r.perms;
  p.regions.insert_or_assign(std::move(key), std::move(r));
}

void load_maps(const db::Connection& c, std::int64_t sid, SnapshotData& d) {
  ProcFinder find(d.procs);
  // Only what the diff reports: mapped files, anonymous executable regions, writable+executable regions.
  db::each_row(c,
               "SELECT pid, start_hex, end_hex, perms, perm_write, perm_exec, path, path_kind FROM proc_maps "
               "WHERE snapshot_id = ? AND (path_kind IN ('file', 'deleted', 'memfd') OR perm_exec = 1)",
               sid, [&](const db::Statement& st) {
                 if (Proc* p = find(st.column_int64(0))) add_map_row(*p, st);
               });
}

/// Mount point -> "fs_type source options" per mount there, in file order.
void add_mount_rows(db::Statement& st, std::map<std::string, std::vector<std::string>>& m) {
  while (st.step()) {
    m[std::string(st.column_text(0))].push_back(
        fmt::format("{} {} {}", st.column_text(1), st.column_text(2), st.column_text(3)));
  }
}

void load_mounts(const db::Connection& c, std::int64_t sid, SnapshotData& d) {
  auto& m = d.mounts.emplace();
  auto st = c.prepare(
      "SELECT mount_point, fs_type, source, options FROM proc_mounts WHERE snapshot_id = ? AND pid IS NULL "
      "ORDER BY line");
  st.bind(1, sid);
  add_mount_rows(st, m);
  if (!m.empty()) return;
  // No system-wide proc/mounts: the mount namespace of the lowest captured pid (normally init's).
  auto mi = c.prepare(
      "SELECT mount_point, fs_type, source, mount_options || ',' || coalesce(super_options, '') FROM "
      "proc_mountinfo "
      "WHERE snapshot_id = ? AND pid = (SELECT min(pid) FROM proc_mountinfo WHERE snapshot_id = ?) ORDER BY line");
  mi.bind(1, sid);
  mi.bind(2, sid);
  add_mount_rows(mi, m);
  if (m.empty()) d.mounts.reset();
}

void load_containers(const db::Connection& c, std::int64_t sid, SnapshotData& d) {
  auto& m = d.containers.emplace();
  // Another host's container has another id: it is matched by its name (lxc, nspawn), its pod, or else the
  // command line of its init (docker's names and images are not in /proc).
  db::each_row(c,
               "SELECT c.container_id, c.runtime, COALESCE(c.name, substr(c.container_id, 1, 12)), c.process_count, "
               "c.runtime || ' ' || CASE WHEN c.name IS NOT NULL THEN 'name ' || c.name "
               "WHEN c.pod_uid IS NOT NULL THEN 'pod ' || c.pod_uid "
               "ELSE 'init ' || COALESCE(cl.cmdline, '?') END "
               "FROM containers c LEFT JOIN proc_cmdline cl ON cl.snapshot_id = c.snapshot_id AND cl.pid = c.init_pid "
               "WHERE c.snapshot_id = ?",
               sid, [&](const db::Statement& st) {
                 m.insert_or_assign(std::string(st.column_text(0)),
                                    Container{std::string(st.column_text(1)), std::string(st.column_text(2)),
                                              std::string(st.column_text(4)), st.column_int64(3)});
               });
}

void load_modules(const db::Connection& c, std::int64_t sid, SnapshotData& d) {
  auto& m = d.modules.emplace();
  db::each_row(c, "SELECT name, state, taints FROM sys_modules WHERE snapshot_id = ?", sid,
               [&](const db::Statement& st) {
                 std::string v = st.column_opt_text(1).value_or("?");
                 if (const auto t = st.column_opt_text(2)) v += " taints=" + *t;
                 m.insert_or_assign(std::string(st.column_text(0)), std::move(v));
               });
  if (m.empty()) d.modules.reset();  // proc/modules not captured
}

void load_sysctls(const db::Connection& c, std::int64_t sid, SnapshotData& d) {
  auto& m = d.sysctls.emplace();
  db::each_row(c, "SELECT name, value FROM sys_sysctl WHERE snapshot_id = ?", sid, [&](const db::Statement& st) {
    m.insert_or_assign(std::string(st.column_text(0)), std::string(st.column_text(1)));
  });
  if (m.empty()) d.sysctls.reset();
}

void load_kernel_cmdline(const db::Connection& c, std::int64_t sid, SnapshotData& d) {
  auto st = c.prepare("SELECT cmdline FROM sys_cmdline WHERE snapshot_id = ?");
  st.bind(1, sid);
  if (st.step()) d.kernel_cmdline = std::string(st.column_text(0));
}

}  // namespace

std::string address_class(std::string_view addr) {
  const std::string a(addr);
  std::array<unsigned char, 16> b{};
  if (inet_pton(AF_INET, a.c_str(), b.data()) == 1) {
    const auto o0 = b[0], o1 = b[1];
    if (o0 == 0 && o1 == 0 && b[2] == 0 && b[3] == 0) return "any";
    if (o0 == 127) return "loopback";
    if (o0 == 169 && o1 == 254) return "link-local";
    if (o0 == 10 || (o0 == 172 && (o1 & 0xf0) == 16) || (o0 == 192 && o1 == 168) || (o0 == 100 && (o1 & 0xc0) == 64)) {
      return "private";
    }
    return "public";
  }
  if (inet_pton(AF_INET6, a.c_str(), b.data()) == 1) {
    static constexpr std::array<unsigned char, 12> k_v4mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(b.data(), k_v4mapped.data(), k_v4mapped.size()) == 0) {
      return address_class(fmt::format("{}.{}.{}.{}", b[12], b[13], b[14], b[15]));
    }
    bool zero = true;
    for (std::size_t i = 0; i < 15; ++i) zero = zero && b[i] == 0;
    if (zero && b[15] == 0) return "any";
    if (zero && b[15] == 1) return "loopback";
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "link-local";
    if ((b[0] & 0xfe) == 0xfc) return "private";
    return "public";
  }
  return "unknown";
}

SnapshotData load_snapshot(const db::Connection& c, std::int64_t sid, const Options& o,
                           std::vector<std::string>& notes) {
  SnapshotData d;
  load_info(c, sid, d);
  load_processes(c, sid, o, d);
  guarded(c, "proc_links", "exe/cwd/root", sid, notes, [&] { load_links(c, sid, d); });
  guarded(c, "proc_namespaces", "namespaces", sid, notes, [&] { load_namespaces(c, sid, d); });
  if (o.wants(Category::fds) || o.wants(Category::sockets)) {
    guarded(c, "proc_fds", "fds and sockets", sid, notes, [&] { load_fds(c, sid, d); });
  }
  if (o.wants(Category::sockets)) {
    // Not a structured binding: clang before 16 can't capture those in a lambda (the fuzz build uses clang).
    for (const auto& table_base : {std::pair{"net_tcp", "tcp"}, {"net_udp", "udp"}, {"net_raw", "raw"}}) {
      const char* table = table_base.first;
      const char* base = table_base.second;
      guarded(c, table, "those sockets", sid, notes, [&] { load_inet(c, sid, table, base, d); });
    }
    guarded(c, "net_unix", "unix sockets", sid, notes, [&] { load_unix(c, sid, d); });
  }
  if (o.wants(Category::maps)) guarded(c, "proc_maps", "maps", sid, notes, [&] { load_maps(c, sid, d); });
  if (o.wants(Category::mounts)) guarded(c, "proc_mounts", "mounts", sid, notes, [&] { load_mounts(c, sid, d); });
  if (o.wants(Category::processes)) {
    guarded(c, "containers", "containers", sid, notes, [&] { load_containers(c, sid, d); });
  }
  if (o.wants(Category::modules)) {
    guarded(c, "sys_modules", "kernel modules", sid, notes, [&] { load_modules(c, sid, d); });
  }
  if (o.wants(Category::kernel)) {
    guarded(c, "sys_sysctl", "sysctls", sid, notes, [&] { load_sysctls(c, sid, d); });
    guarded(c, "sys_cmdline", "kernel cmdline", sid, notes, [&] { load_kernel_cmdline(c, sid, d); });
  }
  return d;
}

}  // namespace procsnap::diff::detail
