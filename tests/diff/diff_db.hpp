#pragma once
// Hand-built snapshots for the diff tests: an in-memory database with the real schema (importer::schema_files())
// and helpers inserting the rows an import would write: the raw members the diff parses (stat, status, cmdline,
// environ, cgroup, io) and rows of the typed tables (proc_links, proc_fds, proc_maps, net_tcp, ...).
#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "importer/schema_sql.hpp"

namespace procsnap::difftest {

/// A process as the helpers write it (only what the diff reads).
struct P {
  std::int64_t pid = 1;
  std::int64_t start = 100;
  std::string comm = "proc";
  std::vector<std::string> argv{"/bin/proc"};
  char state = 'S';
  std::int64_t ppid = 1, nice = 0, threads = 1;
  std::uint64_t utime = 10, rss_kb = 1000, uid = 1000;
  std::string cap_eff = "0000000000000000";
  std::optional<std::string> environ = std::string("PATH=/usr/bin\0HOME=/root\0", 25);
  std::string cgroup = "0::/user.slice\n";
  std::optional<std::string> exe = "/bin/proc", cwd = "/", root = "/";
  std::vector<std::pair<std::int64_t, std::string>> fds{{0, "/dev/null"}, {1, "/dev/null"}};
  std::vector<std::string> maps{"/bin/proc", "/usr/lib/libc.so.6"};  ///< mapped files
  std::string net_ns = "net:[4026531840]";
};

inline std::string stat_line(const P& p) {
  // 52 fields; (14) utime, (18) priority, (19) nice, (20) num_threads, (22) starttime.
  return fmt::format(
      "{} ({}) {} {} {} {} 0 -1 4194560 100 0 0 0 {} 5 0 0 20 {} {} 0 {} 10000000 {} 18446744073709551615 1 1 0 0 0 "
      "0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
      p.pid, p.comm, p.state, p.ppid, p.pid, p.pid, p.utime, p.nice, p.threads, p.start, p.rss_kb / 4);
}

inline std::string status_text(const P& p) {
  return fmt::format(
      "Name:\t{}\nState:\t{} "
      "(sleeping)\nTgid:\t{}\nPid:\t{}\nPPid:\t{}\nUid:\t{u}\t{u}\t{u}\t{u}\nGid:\t{u}\t{u}\t{u}\t{u}\n"
      "Groups:\t\nVmRSS:\t{} kB\nThreads:\t{}\nCapInh:\t0000000000000000\nCapPrm:\t{c}\nCapEff:\t{c}\n"
      "CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\nvoluntary_ctxt_switches:\t{}\n"
      "nonvoluntary_ctxt_switches:\t1\n",
      p.comm, p.state, p.pid, p.pid, p.ppid, p.rss_kb, p.threads, p.utime * 3, fmt::arg("u", p.uid),
      fmt::arg("c", p.cap_eff));
}

class Db {
 public:
  Db() : conn_(":memory:", db::Connection::Mode::read_write_create) {
    for (const auto& f : importer::schema_files()) conn_.exec(f.sql);
  }
  db::Connection& conn() { return conn_; }

  void snapshot(std::int64_t id, std::optional<std::string> boot_id, std::optional<std::string> machine_id = "m1",
                std::string hostname = "host1", std::string release = "6.1.0") {
    auto st = conn_.prepare(
        "INSERT INTO snapshots(id, archive_sha256, state, hostname, machine_id, boot_id, kernel_release, "
        "kernel_version, captured_at, header_json, imported_at) VALUES (?, ?, 'verified', ?, ?, ?, ?, '#1 SMP', ?, "
        "'{}', '2026-11-29T00:00:00Z')");
    const std::string sha = fmt::format("{:064x}", id);
    const std::string at = fmt::format("2026-11-29T0{}:00:00Z", id % 10);
    st.run({id, db::v(sha), db::v(hostname), db::v(machine_id), db::v(boot_id), db::v(release), db::v(at)});
  }

  void member(std::int64_t sid, const P& p, const std::string& file, const std::string& data) {
    auto st = conn_.prepare(
        "INSERT INTO members(snapshot_id, path, pid, start_time, kind, verify, data) VALUES (?, ?, ?, ?, 'file', 'ok', "
        "?)");
    const std::string path = fmt::format("proc/{}/{}", p.pid, file);
    st.run({sid, db::v(path), p.pid, p.start,
            db::Blob{std::span<const std::byte>(reinterpret_cast<const std::byte*>(data.data()), data.size())}});
  }

  void proc(std::int64_t sid, const P& p) {
    member(sid, p, "stat", stat_line(p));
    member(sid, p, "status", status_text(p));
    std::string cmd;
    for (const auto& a : p.argv) cmd += a + std::string(1, '\0');
    member(sid, p, "cmdline", cmd);
    if (p.environ) member(sid, p, "environ", *p.environ);
    member(sid, p, "cgroup", p.cgroup);
    member(sid, p, "io",
           fmt::format("rchar: {}\nwchar: 1\nsyscr: 1\nsyscw: 1\nread_bytes: 0\nwrite_bytes: 0\n"
                       "cancelled_write_bytes: 0\n",
                       p.utime * 7));
    auto link = conn_.prepare(
        "INSERT INTO proc_links(snapshot_id, pid, start_time, name, target, type, deleted) VALUES (?, ?, ?, ?, ?, "
        "'file', ?)");
    for (const auto& [name, target] : {std::pair{"exe", p.exe}, {"cwd", p.cwd}, {"root", p.root}}) {
      if (!target) continue;
      link.run({sid, p.pid, p.start, db::v(name), db::v(*target), db::v(target->ends_with(" (deleted)"))});
    }
    conn_
        .prepare(
            "INSERT INTO proc_namespaces(snapshot_id, pid, start_time, name, type, inode, target) "
            "VALUES (?, ?, ?, 'net', 'net', 1, ?)")
        .run({sid, p.pid, p.start, db::v(p.net_ns)});
    auto fd = conn_.prepare(
        "INSERT INTO proc_fds(snapshot_id, pid, start_time, fd, target, type, deleted, inode) VALUES (?, ?, ?, ?, ?, "
        "?, 0, ?)");
    for (const auto& [n, target] : p.fds) {
      const bool sock = target.starts_with("socket:[");
      std::optional<std::string> inode;
      if (sock) inode = target.substr(8, target.size() - 9);
      fd.run({sid, p.pid, p.start, n, db::v(target), db::v(sock ? "socket" : "file"),
              inode ? db::Value{std::stoll(*inode)} : db::Value{}});
    }
    std::int64_t line = 0;
    for (const auto& path : p.maps) map(sid, p, ++line, "r-xp", path, "file");
  }

  void map(std::int64_t sid, const P& p, std::int64_t line, const std::string& perms,
           const std::optional<std::string>& path, const std::string& kind) {
    const std::string start = fmt::format("{:x}", 0x400000 + line * 0x1000),
                      end = fmt::format("{:x}", 0x401000 + line * 0x1000);
    conn_
        .prepare(
            "INSERT INTO proc_maps(snapshot_id, pid, start_time, line, start_hex, end_hex, perms, perm_read, "
            "perm_write, "
            "perm_exec, path, path_kind, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 0)")
        .run({sid, p.pid, p.start, line, db::v(start), db::v(end), db::v(perms), db::v(perms[1] == 'w'),
              db::v(perms[2] == 'x'), db::v(path), db::v(kind)});
  }

  void tcp(std::int64_t sid, std::int64_t inode, const std::string& addr, std::int64_t port, const std::string& state,
           int family = 4) {
    conn_
        .prepare(
            "INSERT INTO net_tcp(snapshot_id, line, family, protocol, local_address, local_port, remote_address, "
            "remote_port, state_name, inode) VALUES (?, 1, ?, 6, ?, ?, ?, 0, ?, ?)")
        .run({sid, static_cast<std::int64_t>(family), db::v(addr), port, db::v(family == 4 ? "0.0.0.0" : "::"),
              db::v(state), inode});
  }

  void module(std::int64_t sid, const std::string& name, std::optional<std::string> taints = std::nullopt) {
    conn_.prepare("INSERT INTO sys_modules(snapshot_id, line, name, state, taints) VALUES (?, 1, ?, 'Live', ?)")
        .run({sid, db::v(name), db::v(taints)});
  }
  void sysctl(std::int64_t sid, const std::string& name, const std::string& value) {
    std::string path = name;
    for (auto& ch : path) ch = ch == '.' ? '/' : ch;
    conn_.prepare("INSERT INTO sys_sysctl(snapshot_id, name, path, value) VALUES (?, ?, ?, ?)")
        .run({sid, db::v(name), db::v(path), db::v(value)});
  }
  void mount(std::int64_t sid, const std::string& mp, const std::string& fs, const std::string& opts = "rw") {
    conn_
        .prepare(
            "INSERT INTO proc_mounts(snapshot_id, pid, line, source, mount_point, fs_type, options) "
            "VALUES (?, NULL, 1, 'none', ?, ?, ?)")
        .run({sid, db::v(mp), db::v(fs), db::v(opts)});
  }

 private:
  db::Connection conn_;
};

}  // namespace procsnap::difftest
