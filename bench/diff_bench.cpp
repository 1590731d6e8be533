// diff_bench: `procsnap diff` engine time (diff::run_diff: load both snapshots with SQL, compare) for two
// synthetic snapshots of N processes each, inserted directly into a database file with the real schema.
//
//   diff_bench [--procs 1000,10000] [--repeat 3] [--keep]
//
// Each process gets what an import of a real capture writes for it and the diff reads: the stat, status,
// cmdline, environ, cgroup and io members, 3 links (exe, cwd, root), 8 namespaces, 8 fds (one a TCP socket for
// every 10th process), 24 maps lines (6 libraries, 1 anonymous executable region every 50th process). Snapshot B
// differs from A in a known way (1% exited, 1% started, 1% reused pids, 1% cwd changed, 1% one more fd, 0.5% a new
// library, 0.5% an environment variable changed); the bench checks the diff finds exactly that many changes.
// Targets: < 1 s at 10000 processes; growth from the smallest to the largest N at most 1.5x linear (per-process
// time at the largest N <= 1.5x that at the smallest). Judged on CPU time, wall time printed next to it.
// Each size runs --repeat times; the fastest run counts (least disturbed by other load on the machine). The
// "cpu ms" column is the process's CPU time for that run: on a loaded machine, wall time minus CPU time is the
// time spent waiting for a CPU.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "diff/diff.hpp"
#include "importer/schema_sql.hpp"

namespace {

using procsnap::db::Connection;
using procsnap::db::Value;
namespace db = procsnap::db;

struct Args {
  std::vector<int> procs{1000, 10000};
  int repeat = 3;
  bool keep = false;  ///< keep the generated databases (to look at them with procsnap diff / sqlite3)
};

db::Value blob(const std::string& s) {
  return db::Blob{std::span<const std::byte>(reinterpret_cast<const std::byte*>(s.data()), s.size())};
}

struct Inserter {
  explicit Inserter(Connection& c)
      : member(c.prepare("INSERT INTO members(snapshot_id, path, pid, start_time, kind, verify, data) "
                         "VALUES (?, ?, ?, ?, 'file', 'ok', ?)")),
        link(c.prepare("INSERT INTO proc_links(snapshot_id, pid, start_time, name, target, type, deleted) "
                       "VALUES (?, ?, ?, ?, ?, 'file', 0)")),
        ns(c.prepare("INSERT INTO proc_namespaces(snapshot_id, pid, start_time, name, type, inode, target) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)")),
        fd(c.prepare("INSERT INTO proc_fds(snapshot_id, pid, start_time, fd, target, type, deleted, inode) "
                     "VALUES (?, ?, ?, ?, ?, ?, 0, ?)")),
        map(c.prepare(
            "INSERT INTO proc_maps(snapshot_id, pid, start_time, line, start_hex, end_hex, perms, perm_read, "
            "perm_write, perm_exec, path, path_kind, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 0)")),
        tcp(c.prepare("INSERT INTO net_tcp(snapshot_id, line, family, protocol, local_address, local_port, "
                      "remote_address, remote_port, state_name, inode) VALUES (?, 1, 4, 6, '0.0.0.0', ?, '0.0.0.0', 0, "
                      "'LISTEN', ?)")) {}
  db::Statement member, link, ns, fd, map, tcp;
};

struct Variant {
  std::int64_t start;
  std::string cwd = "/srv";
  bool extra_fd = false;
  bool extra_lib = false;
  bool env_changed = false;
};

void insert_process(Inserter& ins, std::int64_t sid, std::int64_t pid, const Variant& v) {
  const std::int64_t st = v.start;
  const std::string comm = fmt::format("worker{}", pid % 97);
  const std::string stat = fmt::format(
      "{} ({}) S 1 {} {} 0 -1 4194560 {} 0 0 0 {} {} 0 0 20 0 1 0 {} 10000000 250 18446744073709551615 1 1 0 0 0 0 0 "
      "0 0 0 0 0 17 {} 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
      pid, comm, pid, pid, 100 + sid, 10 * sid, 3 * sid, st, pid % 4);
  const std::string status = fmt::format(
      "Name:\t{}\nState:\tS (sleeping)\nTgid:\t{}\nPid:\t{}\nPPid:\t1\nUid:\t1000\t1000\t1000\t1000\n"
      "Gid:\t1000\t1000\t1000\t1000\nGroups:\t1000\nVmRSS:\t4000 kB\nThreads:\t1\nCapInh:\t0000000000000000\n"
      "CapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n"
      "voluntary_ctxt_switches:\t{}\nnonvoluntary_ctxt_switches:\t{}\n",
      comm, pid, pid, 50 * sid, sid);
  std::string cmdline = fmt::format("/usr/bin/worker{}", pid % 97);
  cmdline += '\0';
  cmdline += fmt::format("--id={}", pid);
  cmdline += '\0';
  std::string environ = "PATH=/usr/local/bin:/usr/bin:/bin";
  environ += '\0';
  environ += fmt::format("HOME=/home/u{}", pid % 7);
  environ += '\0';
  environ += v.env_changed ? "LANG=C" : "LANG=C.UTF-8";
  environ += '\0';
  environ += "SHELL=/bin/bash";
  environ += '\0';
  const std::string cgroup = fmt::format("0::/system.slice/worker{}.service\n", pid % 97);
  const std::string io = fmt::format(
      "rchar: {}\nwchar: 1\nsyscr: 1\nsyscw: 1\nread_bytes: 0\nwrite_bytes: 0\n"
      "cancelled_write_bytes: 0\n",
      1000 * sid);
  for (const auto& [file, data] : {std::pair<const char*, const std::string*>{"stat", &stat},
                                   {"status", &status},
                                   {"cmdline", &cmdline},
                                   {"environ", &environ},
                                   {"cgroup", &cgroup},
                                   {"io", &io}}) {
    const std::string path = fmt::format("proc/{}/{}", pid, file);
    ins.member.run({sid, db::v(path), pid, st, blob(*data)});
  }
  const std::string exe = fmt::format("/usr/bin/worker{}", pid % 97);
  ins.link.run({sid, pid, st, db::v("exe"), db::v(exe)});
  ins.link.run({sid, pid, st, db::v("cwd"), db::v(v.cwd)});
  ins.link.run({sid, pid, st, db::v("root"), db::v("/")});
  std::int64_t k = 0;
  for (const char* n : {"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"}) {
    const std::string target = fmt::format("{}:[{}]", n, 4026531835 + k);
    ins.ns.run({sid, pid, st, db::v(n), db::v(n), 4026531835 + k++, db::v(target)});
  }
  const int nfds = 8 + (v.extra_fd ? 1 : 0);
  for (int f = 0; f < nfds; ++f) {
    const bool sock = f == 3 && pid % 10 == 0;
    const std::int64_t inode = 1'000'000 + pid;
    const std::string target = sock    ? fmt::format("socket:[{}]", inode)
                               : f < 3 ? std::string("/dev/null")
                                       : fmt::format("/var/lib/w/{}/{}.db", pid, f);
    ins.fd.run({sid, pid, st, static_cast<std::int64_t>(f), db::v(target), db::v(sock ? "socket" : "file"),
                sock ? db::Value{inode} : db::Value{}});
    if (sock) ins.tcp.run({sid, 1024 + pid % 60000, inode});
  }
  static const char* libs[] = {"/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6",
                               "/usr/lib/x86_64-linux-gnu/libssl.so.3", "/usr/lib/x86_64-linux-gnu/libz.so.1",
                               "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"};
  std::int64_t line = 0;
  auto region = [&](const char* perms, std::optional<std::string> path, const char* kind) {
    ++line;
    const std::string s = fmt::format("{:x}", 0x7f0000000000 + line * 0x10000),
                      e = fmt::format("{:x}", 0x7f0000010000 + line * 0x10000);
    ins.map.run({sid, pid, st, line, db::v(s), db::v(e), db::v(perms), db::v(perms[1] == 'w'), db::v(perms[2] == 'x'),
                 db::v(path), db::v(kind)});
  };
  for (const char* perms : {"r--p", "r-xp", "rw-p"}) region(perms, exe, "file");
  for (const char* lib : libs) {
    for (const char* perms : {"r--p", "r-xp", "r--p"}) region(perms, std::string(lib), "file");
  }
  if (v.extra_lib) region("r-xp", std::string("/opt/plugin/libextra.so"), "file");
  region("rw-p", "[heap]", "heap");
  region("rw-p", std::nullopt, "anon");
  region("rw-p", std::nullopt, "anon");
  region("rw-p", "[stack]", "stack");
  region("r-xp", "[vdso]", "vdso");
  if (pid % 50 == 0) region("r-xp", std::nullopt, "anon");
}

/// Builds snapshots 1 and 2 of n processes; returns the number of changes the diff must report.
std::size_t build(Connection& c, int n) {
  for (const auto& f : procsnap::importer::schema_files()) c.exec(f.sql);
  for (std::int64_t sid : {1, 2}) {
    c.prepare(
         "INSERT INTO snapshots(id, archive_sha256, state, hostname, machine_id, boot_id, kernel_release, "
         "captured_at, header_json, imported_at) VALUES (?, ?, 'verified', 'bench', 'm', 'boot', '6.1', "
         "'2026-11-29T00:00:00Z', '{}', '2026-11-29T00:00:00Z')")
        .run({sid, db::v(fmt::format("{:064x}", sid))});
  }
  db::Transaction tx(c);
  Inserter ins(c);
  std::size_t expected = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t pid = 1000 + i;
    const Variant base{.start = 5000 + i};
    insert_process(ins, 1, pid, base);
    Variant after = base;
    switch (i % 200) {
      case 0:
      case 1:  // exited
        expected += 1;
        continue;
      case 2:
      case 3:  // pid reused: exit + start
        after.start += 100000;
        expected += 2;
        break;
      case 4:
      case 5:
        after.cwd = "/tmp";
        expected += 1;
        break;
      case 6:
      case 7:  // one more fd: fds opened
        after.extra_fd = true;
        expected += 1;
        break;
      case 8:
        after.extra_lib = true;
        expected += 1;
        break;
      case 9:
        after.env_changed = true;
        expected += 1;
        break;
      default:
        break;
    }
    insert_process(ins, 2, pid, after);
  }
  for (std::int64_t i = 0; i < n / 100; ++i) {  // started
    insert_process(ins, 2, 1000 + n + i, Variant{.start = 900000 + i});
    expected += 1;
  }
  tx.commit();
  return expected;
}

/// CPU time of this process (user + system), ms: next to wall time, it shows how much of a slow run was
/// waiting for a CPU on a loaded machine.
double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

bool parse_args(int argc, char** argv, Args& a) {
  for (int i = 1; i < argc; ++i) {
    const std::string s = argv[i];
    if (s == "--procs" && i + 1 < argc) {
      a.procs.clear();
      std::string list = argv[++i];
      std::size_t pos = 0;
      while (pos <= list.size()) {
        const auto comma = list.find(',', pos);
        a.procs.push_back(std::atoi(list.substr(pos, comma - pos).c_str()));
        if (comma == std::string::npos) break;
        pos = comma + 1;
      }
    } else if (s == "--keep") {
      a.keep = true;
    } else if (s == "--repeat" && i + 1 < argc) {
      a.repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      fmt::print(stderr, "usage: diff_bench [--procs 1000,10000] [--repeat 3] [--keep]\n");
      return false;
    }
  }
  return !a.procs.empty();
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse_args(argc, argv, args)) return 2;
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("procsnap-diff-bench-{}", getpid());
  std::filesystem::create_directories(dir);
  bool ok = true;
  double first_per_proc = 0;
  double last_ms = 0, last_wall_ms = 0;
  fmt::print("{:>8} {:>10} {:>10} {:>10} {:>12} {:>9} {:>8}\n", "procs", "rows", "diff ms", "cpu ms", "cpu us/proc",
             "changes", "build s");
  for (const int n : args.procs) {
    const auto file = (dir / fmt::format("bench-{}.db", n)).string();
    std::filesystem::remove(file);
    Connection c(file, Connection::Mode::read_write_create);
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t expected = build(c, n);
    const double build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    auto rows = c.prepare(
        "SELECT (SELECT count(*) FROM members) + (SELECT count(*) FROM proc_links) + (SELECT count(*) FROM "
        "proc_namespaces) + (SELECT count(*) FROM proc_fds) + (SELECT count(*) FROM proc_maps) + (SELECT count(*) FROM "
        "net_tcp)");
    rows.step();
    const std::int64_t nrows = rows.column_int64(0);
    double best_ms = 1e18, best_cpu_ms = 1e18;
    std::size_t found = 0;
    for (int r = 0; r < args.repeat; ++r) {
      const auto s = std::chrono::steady_clock::now();
      const double cpu0 = cpu_ms();
      const auto result = procsnap::diff::run_diff(c, 1, 2, {});
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count();
      best_ms = std::min(best_ms, ms);
      best_cpu_ms = std::min(best_cpu_ms, cpu_ms() - cpu0);
      found = result.changes.size();
    }
    // Judged on CPU time: on a shared machine wall time also counts waiting for a CPU (both are printed).
    const double per_proc_us = best_cpu_ms * 1000.0 / n;
    fmt::print("{:>8} {:>10} {:>10.1f} {:>10.1f} {:>12.1f} {:>9} {:>8.1f}\n", n, nrows, best_ms, best_cpu_ms,
               per_proc_us, found, build_s);
    if (found != expected) {
      fmt::print("  FAIL: expected {} changes, the diff found {}\n", expected, found);
      ok = false;
    }
    if (first_per_proc == 0) first_per_proc = per_proc_us;
    last_ms = best_cpu_ms;
    last_wall_ms = best_ms;
    if (n == args.procs.back() && args.procs.size() > 1) {
      const double growth = per_proc_us / first_per_proc;
      fmt::print("per-process time, largest vs smallest N: {:.2f}x (target <= 1.5x: linear growth) — {}\n", growth,
                 growth <= 1.5 ? "ok" : "MISSED");
      ok = ok && growth <= 1.5;
    }
    if (!args.keep) std::filesystem::remove(file);
  }
  if (args.procs.back() >= 10000) {
    fmt::print("diff time at {} processes: {:.0f} ms CPU, {:.0f} ms wall (target < 1000 ms) — {}\n", args.procs.back(),
               last_ms, last_wall_ms, last_ms < 1000 ? "ok" : "MISSED");
    ok = ok && last_ms < 1000;
  }
  if (args.keep) {
    fmt::print("databases kept in {}\n", dir.string());
  } else {
    std::filesystem::remove_all(dir);
  }
  return ok ? 0 : 1;
}
