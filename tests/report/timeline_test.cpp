// procsnap timeline: exact start times on the committed samples (computed by hand below), Timesketch's required
// fields and their types (checked by Python's own ISO 8601 parser too), merging across snapshots, hostile times, a
// 10,000-process snapshot (speed: bench/timeline_bench.cpp), and a process in a time namespace (root only).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "db/db.hpp"
#include "importer/database.hpp"
#include "importer/schema_sql.hpp"
#include "procsnap/common/json.hpp"
#include "report/report_fixture.hpp"
#include "report/timeline.hpp"

namespace procsnap::report {
namespace {

using testing::quote;
using testing::read_file;
using testing::run_shell;
using testing::TempDir;

const TimelineEvent* process_event(const Timeline& t, std::int64_t pid) {
  for (const auto& e : t.events) {
    if (e.pid == pid) return &e;
  }
  return nullptr;
}

Timeline samples_timeline(std::vector<std::int64_t> ids) {
  db::Connection conn = importer::open_read_only(testing::samples_db());
  return build_timeline(conn, ids);
}

TEST(Timeline, SampleStartTimesComputedByHand) {
  const Timeline t = samples_timeline({2});
  // Both samples: btime 1796550556 (2026-12-06T09:49:16Z), CLK_TCK 100.
  // pid 4611 (the memfd "[kworker/0:2]"): starttime 4650346 ticks = 46503.46 s after boot
  //   -> 1796550556 + 46503.46 = 1796597059.46 = 2026-12-06T22:44:19.46Z (0.89 s before the baseline capture at
  //   22:44:20.35 although started after it: btime is whole seconds, the boot itself was up to 1 s later).
  const TimelineEvent* memfd = process_event(t, 4611);
  ASSERT_NE(memfd, nullptr);
  EXPECT_EQ(memfd->timestamp_us, 1796597059460000);
  EXPECT_EQ(iso8601_us(memfd->timestamp_us), "2026-12-06T22:44:19.460000+00:00");
  EXPECT_EQ(memfd->timestamp_desc, "Process Start Time");
  EXPECT_EQ(memfd->start_ticks, 4650346);
  EXPECT_EQ(memfd->comm, "kworker/0:2");
  // pid 2 (kthreadd): starttime 18 ticks = 0.18 s after boot -> 1796550556.18 = 2026-12-06T09:49:16.18Z.
  const TimelineEvent* kthreadd = process_event(t, 2);
  ASSERT_NE(kthreadd, nullptr);
  EXPECT_EQ(kthreadd->timestamp_us, 1796550556180000);
  EXPECT_EQ(iso8601_us(kthreadd->timestamp_us), "2026-12-06T09:49:16.180000+00:00");
  EXPECT_EQ(kthreadd->ppid, 0);
  EXPECT_EQ(kthreadd->uid, "0");
  // Boot and capture events of the snapshot: captured_at 22:44:22.118824496Z, trailer end 22:44:22.234384040Z.
  std::map<std::string, std::int64_t> by_type;
  for (const auto& e : t.events) {
    if (!e.pid) by_type[e.data_type] = e.timestamp_us;
  }
  EXPECT_EQ(by_type["procsnap:boot"], 1796550556000000);
  EXPECT_EQ(by_type["procsnap:capture:start"], 1796597062118824);
  EXPECT_EQ(by_type["procsnap:capture:end"], 1796597062234384);
  EXPECT_EQ(t.events.size(), 30u + 3u);  // 30 processes, boot, capture start and end
  EXPECT_TRUE(std::is_sorted(t.events.begin(), t.events.end(), [](const auto& a, const auto& b) {
    return a.timestamp_us < b.timestamp_us;
  }));
}

TEST(Timeline, ProcessLivingThroughSnapshotsAppearsOnce) {
  const Timeline t = samples_timeline({1, 2});
  // 7 processes of the baseline still run in the compromised capture (same boot, pid, starttime); 23 are new.
  std::size_t processes = 0, boots = 0, captures = 0;
  for (const auto& e : t.events) {
    processes += e.data_type == "procsnap:process:start";
    boots += e.data_type == "procsnap:boot";
    captures += e.data_type.starts_with("procsnap:capture:");
  }
  EXPECT_EQ(processes, 30u);
  EXPECT_EQ(boots, 1u);
  EXPECT_EQ(captures, 4u);
  const TimelineEvent* bash = process_event(t, 4602);
  ASSERT_NE(bash, nullptr);
  EXPECT_EQ(bash->seen_in_snapshots, 2u);
  EXPECT_EQ(bash->first_seen_us, 1796597060349850);  // baseline capture start
  EXPECT_EQ(bash->last_seen_us, 1796597062118824);   // compromised capture start
  EXPECT_EQ(bash->snapshot_sha256, "fc961647fbb23b2434ab2ef91f89bea7ba1a1fc1ce6285829511a2e72c660a6e");
  const TimelineEvent* planted = process_event(t, 4611);
  ASSERT_NE(planted, nullptr);
  EXPECT_EQ(planted->seen_in_snapshots, 1u);
  EXPECT_EQ(planted->first_seen_us, planted->last_seen_us);
  // The order the snapshots are given in does not matter.
  const Timeline r = samples_timeline({2, 1});
  ASSERT_EQ(r.events.size(), t.events.size());
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    EXPECT_EQ(r.events[i].timestamp_us, t.events[i].timestamp_us);
    EXPECT_EQ(r.events[i].pid, t.events[i].pid);
    EXPECT_EQ(r.events[i].snapshot_sha256, t.events[i].snapshot_sha256);
  }
}

TEST(Timeline, TimesketchJsonlHasRequiredFieldsTyped) {
  TempDir dir("timeline-cli");
  const std::string out = dir.file("samples.jsonl");
  ASSERT_EQ(run_shell(quote(PROCSNAP_BIN) + " timeline --db " + quote(testing::samples_db()) +
                      " --format timesketch -o " + quote(out)),
            0);
  const std::string text = read_file(out);
  // YYYY-MM-DDTHH:MM:SS.ffffff+00:00 (no std::regex here: see report_fixture.hpp)
  const auto iso = [](const std::string& v) {
    const std::string shape = "dddd-dd-ddTdd:dd:dd.dddddd+00:00";
    if (v.size() != shape.size()) return false;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (shape[i] == 'd' ? (v[i] < '0' || v[i] > '9') : v[i] != shape[i]) return false;
    }
    return true;
  };
  const std::set<std::string> descs{"Process Start Time", "Capture Time", "Boot Time"};
  std::size_t lines = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    ++lines;
    auto parsed = common::json::parse(line);
    ASSERT_TRUE(std::holds_alternative<common::json::Value>(parsed)) << line;
    const auto& v = std::get<common::json::Value>(parsed);
    ASSERT_TRUE(v.is_object());
    ASSERT_NE(v.find("message"), nullptr);
    EXPECT_TRUE(v.find("message")->is_string());
    const auto dt = v.string_at("datetime");
    ASSERT_TRUE(dt) << line;
    EXPECT_TRUE(iso(*dt)) << *dt;
    const auto ts = v.i64_at("timestamp");
    ASSERT_TRUE(ts) << line;
    EXPECT_EQ(iso8601_us(*ts), *dt);
    const auto desc = v.string_at("timestamp_desc");
    ASSERT_TRUE(desc);
    EXPECT_TRUE(descs.contains(*desc)) << *desc;
    EXPECT_TRUE(v.string_at("data_type").value_or("").starts_with("procsnap:"));
    EXPECT_EQ(v.string_at("hostname"), "vm");
    EXPECT_EQ(v.string_at("snapshot_sha256").value_or("").size(), 64u);
    if (*desc == "Process Start Time") {
      EXPECT_TRUE(v.i64_at("pid")) << line;
      EXPECT_TRUE(v.i64_at("ppid")) << line;
      EXPECT_TRUE(v.i64_at("uid")) << line;
      EXPECT_TRUE(v.string_at("comm")) << line;
      EXPECT_TRUE(v.string_at("first_seen")) << line;
    }
  }
  EXPECT_EQ(lines, 35u);  // 30 processes, 1 boot, 2 x 2 capture events
  // An independent reading of the same file: Python's datetime.fromisoformat must give back every timestamp.
  const std::string py = dir.file("check.py");
  std::ofstream(py) << "import json, sys, datetime\n"
                       "epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)\n"
                       "n = 0\n"
                       "for line in open(sys.argv[1]):\n"
                       "    e = json.loads(line)\n"
                       "    us = (datetime.datetime.fromisoformat(e['datetime']) - epoch) // datetime.timedelta(microseconds=1)\n"
                       "    assert us == e['timestamp'], (e['datetime'], e['timestamp'])\n"
                       "    assert isinstance(e['message'], str) and isinstance(e['timestamp_desc'], str)\n"
                       "    n += 1\n"
                       "assert n == 35, n\n";
  EXPECT_EQ(run_shell("python3 " + quote(py) + " " + quote(out)), 0);
}

TEST(Timeline, CsvAndJsonCarryTheSameEvents) {
  TempDir dir("timeline-formats");
  const std::string csv = dir.file("t.csv"), json = dir.file("t.json");
  const std::string base = quote(PROCSNAP_BIN) + " timeline --db " + quote(testing::samples_db()) + " 1 2";
  ASSERT_EQ(run_shell(base + " --format csv -o " + quote(csv)), 0);
  ASSERT_EQ(run_shell(base + " --format json -o " + quote(json)), 0);
  // Refuses to replace a file without --force.
  EXPECT_EQ(run_shell(base + " --format csv -o " + quote(csv) + " 2>/dev/null"), 1);
  const std::string c = read_file(csv);
  EXPECT_TRUE(c.starts_with("message,datetime,timestamp,timestamp_desc,data_type,hostname,"));
  EXPECT_EQ(std::count(c.begin(), c.end(), '\n'), 36);  // header + 35 events
  auto parsed = common::json::parse(read_file(json));
  ASSERT_TRUE(std::holds_alternative<common::json::Value>(parsed));
  const auto* arr = std::get<common::json::Value>(parsed).as_array();
  ASSERT_NE(arr, nullptr);
  EXPECT_EQ(arr->size(), 35u);
}

// A database with the real schema and hand-made rows.
class SyntheticDb {
 public:
  SyntheticDb() : conn_(":memory:", db::Connection::Mode::read_write_create) {
    for (const auto& f : importer::schema_files()) conn_.exec(f.sql);
  }
  db::Connection& conn() { return conn_; }
  void snapshot(std::int64_t id, std::string_view host, std::optional<std::int64_t> btime, std::int64_t clk_tck,
                std::int64_t captured_ns) {
    auto st = conn_.prepare(
        "INSERT INTO snapshots(id, archive_sha256, state, hostname, boot_id, btime, clk_tck, captured_at_epoch_ns, "
        "header_json, imported_at) VALUES (?, ?, 'verified', ?, 'boot-1', ?, ?, ?, '{}', '2026-01-01T00:00:00Z')");
    const std::string sha = std::string(64, static_cast<char>('a' + id));
    st.run({id, db::v(sha), db::v(host), db::v(btime), clk_tck, captured_ns});
  }
  void process(std::int64_t sid, std::int64_t pid, std::optional<std::int64_t> start, std::string_view comm) {
    auto st = conn_.prepare("INSERT INTO proc_stat(snapshot_id, pid, start_time, comm, ppid) VALUES (?, ?, ?, ?, 1)");
    st.run({sid, pid, db::v(start), db::v(comm)});
  }

 private:
  db::Connection conn_;
};

TEST(Timeline, TenThousandProcessSnapshot) {
  SyntheticDb d;
  constexpr std::int64_t btime = 1700000000;  // 2023-11-14T22:13:20Z
  d.snapshot(1, "big", btime, 100, (btime + 90000) * 1000000000LL);
  {
    db::Transaction tx(d.conn());
    auto st = d.conn().prepare("INSERT INTO proc_stat(snapshot_id, pid, start_time, comm, ppid) VALUES (1, ?, ?, ?, 1)");
    for (std::int64_t pid = 1; pid <= 10000; ++pid) st.run({pid, pid * 7, db::v("w" + std::to_string(pid % 97))});
    tx.commit();
  }
  const std::array<std::int64_t, 1> ids{1};
  const Timeline t = build_timeline(d.conn(), ids);
  EXPECT_TRUE(t.warnings.empty());
  ASSERT_EQ(t.events.size(), 10002u);  // 10,000 processes, boot, capture start (no trailer: no capture end)
  std::size_t checked = 0;
  for (const auto& e : t.events) {
    if (!e.pid) continue;
    // start = btime + pid * 7 ticks / 100 Hz = btime s + pid * 70,000 us
    EXPECT_EQ(e.timestamp_us, btime * 1000000 + *e.pid * 70000) << *e.pid;
    ++checked;
  }
  EXPECT_EQ(checked, 10000u);
  // pid 10000: 70,000 ticks = 700 s after 22:13:20
  EXPECT_EQ(iso8601_us(process_event(t, 10000)->timestamp_us), "2023-11-14T22:25:00.000000+00:00");
  const std::string jsonl = render_timesketch(t);
  EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), 10002);
}

TEST(Timeline, HostileTimesAreLeftOutWithAWarning) {
  SyntheticDb d;
  d.snapshot(1, "h", 9'000'000'000'000'000'000LL, 100, 1000);  // btime near INT64_MAX: microseconds overflow
  d.process(1, 10, 5, "a");
  d.snapshot(2, "h2", 1700000000, 100, 1000);
  d.process(2, 11, std::nullopt, "unreadable-stat");
  d.process(2, 12, 9'000'000'000'000'000'000LL, "far-future");  // ticks: beyond year 9999
  d.process(2, 13, 100, "ok");
  const std::array<std::int64_t, 2> ids{1, 2};
  const Timeline t = build_timeline(d.conn(), ids);
  EXPECT_EQ(process_event(t, 10), nullptr);
  EXPECT_EQ(process_event(t, 11), nullptr);
  EXPECT_EQ(process_event(t, 12), nullptr);
  ASSERT_NE(process_event(t, 13), nullptr);
  EXPECT_EQ(process_event(t, 13)->timestamp_us, 1700000001000000);
  ASSERT_EQ(t.warnings.size(), 2u);
  EXPECT_NE(t.warnings[0].find("1 processes have no start time"), std::string::npos) << t.warnings[0];
  EXPECT_NE(t.warnings[1].find("2 processes have a start time outside"), std::string::npos) << t.warnings[1];
  // A hostile comm / cmdline stays exact in JSON and never reaches a terminal raw.
  d.process(2, 14, 200, "\x1b]0;owned\x07\xff<b>");
  const std::array<std::int64_t, 1> two{2};
  const std::string jsonl = render_timesketch(build_timeline(d.conn(), two));
  EXPECT_EQ(jsonl.find('\x1b'), std::string::npos);
  EXPECT_NE(jsonl.find(R"("comm":"\u001b]0;owned\u0007\udcff<b>")"), std::string::npos) << jsonl;
  EXPECT_EQ(render_timeline_csv(build_timeline(d.conn(), two), true).find('\x1b'), std::string::npos);
}

TEST(Timeline, SamePidOnTwoHostsIsTwoProcesses) {
  SyntheticDb d;
  d.snapshot(1, "a", 1700000000, 100, 1000);
  d.snapshot(2, "b", 1700000000, 100, 2000);
  d.process(1, 42, 500, "x");
  d.process(2, 42, 500, "x");
  const std::array<std::int64_t, 2> ids{1, 2};
  const Timeline t = build_timeline(d.conn(), ids);
  std::size_t n = 0;
  for (const auto& e : t.events) n += e.pid == 42;
  EXPECT_EQ(n, 2u);
}

TEST(Timeline, TimeNamespaceOffsetIsReportedNotAdded) {
  SyntheticDb d;
  d.snapshot(1, "h", 1700000000, 100, 1000);
  d.process(1, 50, 1000, "in-timens");
  d.conn().exec("INSERT INTO proc_timens_offsets(snapshot_id, pid, start_time, line, clock, seconds, nanoseconds) "
                "VALUES (1, 50, 1000, 1, 'monotonic', 0, 0), (1, 50, 1000, 2, 'boottime', 100000, 5)");
  const std::array<std::int64_t, 1> ids{1};
  const Timeline t = build_timeline(d.conn(), ids);
  const TimelineEvent* e = process_event(t, 50);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->timestamp_us, 1700000010000000);  // btime + 1000 ticks: the host's wall clock
  EXPECT_EQ(e->timens_boottime_offset_ns, 100000000000005);
}

TEST(Timeline, ContainerComesFromTheImportsTables) {
  SyntheticDb d;
  d.snapshot(1, "h", 1700000000, 100, 1000);
  d.process(1, 60, 100, "nginx");
  d.process(1, 61, 100, "bash");
  d.conn().exec("INSERT INTO containers(snapshot_id, container_id, runtime, recognised_by, init_pid, process_count) "
                "VALUES (1, 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12', 'containerd', "
                "'cri-containerd-<id>.scope', 60, 1); "
                "INSERT INTO process_containers(snapshot_id, pid, start_time, container_id, matched_by) VALUES "
                "(1, 60, 100, 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12', 'cgroup')");
  const std::array<std::int64_t, 1> ids{1};
  const Timeline t = build_timeline(d.conn(), ids);
  EXPECT_EQ(process_event(t, 60)->container, "containerd:ab12cd34ef56");
  EXPECT_EQ(process_event(t, 61)->container, std::nullopt);
  EXPECT_NE(render_timesketch(t).find(R"("container":"containerd:ab12cd34ef56")"), std::string::npos);
}

// The kernel fact the timeline relies on, on a live process: a process in a time namespace whose boottime is
// 100000 s ahead starts, as the timeline says, between the two wall-clock readings around its spawn.
TEST(Timeline, LiveProcessInTimeNamespaceStartsAtItsWallClockTime) {
  if (::geteuid() != 0) GTEST_SKIP() << "unshare --time needs root (CAP_SYS_ADMIN)";
  if (run_shell("unshare --time --boottime 100000 --fork true 2>/dev/null") != 0) {
    GTEST_SKIP() << "this kernel or unshare(1) has no time namespaces (Linux 5.6+, util-linux 2.36+)";
  }
  TempDir dir("timeline-timens");
  const auto before = std::chrono::system_clock::now();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::setpgid(0, 0);
    ::execlp("unshare", "unshare", "--time", "--boottime", "100000", "--fork", "sleep", "60", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(child, child);
  // The sleep is unshare's child; wait until it exists (its parent is `child`).
  std::string sleeper;
  for (int i = 0; i < 500 && sleeper.empty(); ++i) {
    const std::string kids = read_file("/proc/" + std::to_string(child) + "/task/" + std::to_string(child) + "/children");
    sleeper = kids.substr(0, kids.find(' '));
    if (sleeper.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const auto after = std::chrono::system_clock::now();
  ASSERT_FALSE(sleeper.empty());
  const std::string archive = dir.file("t.tar"), dbf = dir.file("t.db");
  const int collect = run_shell(quote(PROCSNAP_COLLECT_BIN) + " -o " + quote(archive) + " --quiet --pids " + sleeper +
                                " 2>/dev/null");
  ::kill(-child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ASSERT_TRUE(collect == 0 || collect == 3) << collect;
  ASSERT_EQ(run_shell(quote(PROCSNAP_BIN) + " import --db " + quote(dbf) + " " + quote(archive) + " >/dev/null 2>&1"), 0);
  db::Connection conn = importer::open_read_only(dbf);
  const std::array<std::int64_t, 1> ids{1};
  const Timeline t = build_timeline(conn, ids);
  const TimelineEvent* e = process_event(t, std::stoll(sleeper));
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->timens_boottime_offset_ns, 100000LL * 1000000000);
  const auto us = [](auto tp) {
    return std::chrono::duration_cast<std::chrono::microseconds>(tp.time_since_epoch()).count();
  };
  // btime is whole seconds and starttime whole ticks: allow 1 s + 1 tick below the first reading.
  EXPECT_GE(e->timestamp_us, us(before) - 1010000);
  EXPECT_LE(e->timestamp_us, us(after) + 10000);
}

}  // namespace
}  // namespace procsnap::report
