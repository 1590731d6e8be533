// timeline_bench: `procsnap timeline --format timesketch` work (report::build_timeline + render_timesketch) on a
// synthetic snapshot of N processes inserted directly into a database file with the real schema, against a
// baseline measured in the same run: one SELECT joining the same rows (stat, status, cmdline, exe link, cgroup,
// timens_offsets), each row formatted as a JSON line with fmt. The ratio says what the timeline adds to reading
// the rows.
//
//   timeline_bench [--procs 10000] [--repeat 3]
//
// Each process gets a stat, status, cmdline (4 arguments), exe link, cgroup and two timens_offsets rows. The bench
// checks the timeline has exactly N process events. Target: timeline < 1 s at 10,000 processes, judged
// on CPU time; wall time and the baseline ratio printed next to it. Best of --repeat runs.
#include <fmt/format.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "db/db.hpp"
#include "importer/schema_sql.hpp"
#include "report/timeline.hpp"

namespace {

namespace db = procsnap::db;

double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

void build(db::Connection& c, int n) {
  for (const auto& f : procsnap::importer::schema_files()) c.exec(f.sql);
  c.exec("INSERT INTO snapshots(id, archive_sha256, state, hostname, boot_id, btime, clk_tck, captured_at_epoch_ns, "
         "header_json, imported_at) VALUES (1, '" + std::string(64, 'b') + "', 'verified', 'bench', 'boot', 1700000000, "
         "100, 1700090000000000000, '{}', '2026-01-01T00:00:00Z')");
  db::Transaction tx(c);
  auto stat = c.prepare("INSERT INTO proc_stat(snapshot_id, pid, start_time, comm, ppid) VALUES (1, ?, ?, ?, 1)");
  auto status = c.prepare("INSERT INTO proc_status(snapshot_id, pid, start_time, name, uid_real) VALUES (1, ?, ?, ?, ?)");
  auto cmd = c.prepare("INSERT INTO proc_cmdline(snapshot_id, pid, start_time, argc, cmdline) VALUES (1, ?, ?, 4, ?)");
  auto link = c.prepare("INSERT INTO proc_links(snapshot_id, pid, start_time, name, target, type, deleted) "
                        "VALUES (1, ?, ?, 'exe', ?, 'file', 0)");
  auto cg = c.prepare("INSERT INTO proc_cgroup(snapshot_id, pid, start_time, line, hierarchy_id, controllers, path) "
                      "VALUES (1, ?, ?, 1, 0, '', ?)");
  auto ns = c.prepare("INSERT INTO proc_timens_offsets(snapshot_id, pid, start_time, line, clock, seconds, nanoseconds) "
                      "VALUES (1, ?, ?, ?, ?, 0, 0)");
  for (std::int64_t pid = 1; pid <= n; ++pid) {
    const std::int64_t st = 100 + pid * 3;
    const std::string comm = fmt::format("worker{}", pid % 97);
    stat.run({pid, st, db::v(comm)});
    status.run({pid, st, db::v(comm), pid % 5 ? std::int64_t{1000} : std::int64_t{0}});
    cmd.run({pid, st, db::v(fmt::format("/usr/bin/{} --id={} --config /etc/w/{}.conf", comm, pid, pid % 13))});
    link.run({pid, st, db::v(fmt::format("/usr/bin/{}", comm))});
    cg.run({pid, st, db::v(pid % 10 ? fmt::format("/system.slice/{}.service", comm)
                                     : fmt::format("/system.slice/docker-{:064x}.scope", pid))});
    ns.run({pid, st, std::int64_t{1}, db::v("monotonic")});
    ns.run({pid, st, std::int64_t{2}, db::v("boottime")});
  }
  tx.commit();
}

// The baseline: the same rows through one SELECT, one fmt-formatted JSON line each. Returns (rows, bytes).
std::pair<std::size_t, std::size_t> baseline(const db::Connection& c) {
  auto st = c.prepare(
      "SELECT s.pid, s.ppid, s.start_time, s.comm, cl.cmdline, exe.target, ss.uid_real, cg.path, o.seconds "
      "FROM proc_stat s JOIN snapshots sn ON sn.id = s.snapshot_id "
      "LEFT JOIN proc_status ss ON ss.snapshot_id = s.snapshot_id AND ss.pid = s.pid "
      "LEFT JOIN proc_cmdline cl ON cl.snapshot_id = s.snapshot_id AND cl.pid = s.pid "
      "LEFT JOIN proc_links exe ON exe.snapshot_id = s.snapshot_id AND exe.pid = s.pid AND exe.name = 'exe' "
      "LEFT JOIN proc_cgroup cg ON cg.snapshot_id = s.snapshot_id AND cg.pid = s.pid AND cg.line = 1 "
      "LEFT JOIN proc_timens_offsets o ON o.snapshot_id = s.snapshot_id AND o.pid = s.pid AND o.clock = 'boottime' "
      "WHERE s.snapshot_id = 1 ORDER BY s.pid");
  std::string out;
  std::size_t n = 0;
  while (st.step()) {
    out += fmt::format("{{\"pid\":{},\"ppid\":{},\"start\":{},\"comm\":\"{}\",\"cmdline\":\"{}\",\"exe\":\"{}\","
                       "\"uid\":{},\"cgroup\":\"{}\",\"offset\":{}}}\n",
                       st.column_int64(0), st.column_int64(1), st.column_int64(2), st.column_text(3),
                       st.column_text(4), st.column_text(5), st.column_int64(6), st.column_text(7),
                       st.column_int64(8));
    ++n;
  }
  return {n, out.size()};
}

}  // namespace

int main(int argc, char** argv) {
  int procs = 10000, repeat = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string s = argv[i];
    if (s == "--procs" && i + 1 < argc) {
      procs = std::max(1, std::atoi(argv[++i]));
    } else if (s == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      fmt::print(stderr, "usage: timeline_bench [--procs 10000] [--repeat 3]\n");
      return 2;
    }
  }
  const auto path = std::filesystem::temp_directory_path() / fmt::format("procsnap-timeline-bench-{}.db", getpid());
  bool ok = true;
  {
    db::Connection c(path.string(), db::Connection::Mode::read_write_create);
    build(c, procs);
    double best_cpu = 1e18, best_wall = 1e18, base_cpu = 1e18, base_wall = 1e18;
    std::size_t events = 0, bytes = 0;
    for (int r = 0; r < repeat; ++r) {
      // Interleaved, so both see the same machine load.
      auto w0 = std::chrono::steady_clock::now();
      double c0 = cpu_ms();
      const auto [rows, base_bytes] = baseline(c);
      base_cpu = std::min(base_cpu, cpu_ms() - c0);
      base_wall = std::min(base_wall, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - w0).count());
      if (rows != static_cast<std::size_t>(procs) || base_bytes == 0) ok = false;
      w0 = std::chrono::steady_clock::now();
      c0 = cpu_ms();
      const std::array<std::int64_t, 1> ids{1};
      const auto t = procsnap::report::build_timeline(c, ids);
      const std::string out = procsnap::report::render_timesketch(t);
      best_cpu = std::min(best_cpu, cpu_ms() - c0);
      best_wall = std::min(best_wall, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - w0).count());
      events = t.events.size();
      bytes = out.size();
    }
    const std::size_t process_events = events - 2;  // boot and capture start
    if (process_events != static_cast<std::size_t>(procs)) {
      fmt::print("wrong event count: {} process events for {} processes\n", process_events, procs);
      ok = false;
    }
    fmt::print("{:>8} {:>12} {:>12} {:>14} {:>14} {:>8} {:>10}\n", "procs", "timeline ms", "(wall ms)", "baseline ms",
               "(wall ms)", "ratio", "JSONL MB");
    fmt::print("{:>8} {:>12.1f} {:>12.1f} {:>14.1f} {:>14.1f} {:>7.2f}x {:>10.2f}\n", procs, best_cpu, best_wall,
               base_cpu, base_wall, best_cpu / std::max(base_cpu, 0.001), static_cast<double>(bytes) / 1e6);
    const bool fast = best_cpu < 1000.0;
    fmt::print("target: timeline < 1000 ms CPU at {} processes: {}\n", procs, fast ? "met" : "MISSED");
    ok = ok && fast;
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return ok ? 0 : 1;
}
