// --gentle and --max-read-rate: the token bucket's bound in bytes (an injected clock, no waiting), the reader counting
// every byte it reads, the collector really running SCHED_IDLE + idle I/O class in all its threads while it captures,
// and the archive holding the same members as without --gentle.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/syscall.h>

#include <cstdint>
#include <thread>

#include "collector/test_support.hpp"
#include "gentle.hpp"
#include "options.hpp"
#include "read_rate.hpp"
#include "reader.hpp"
#include "recorder_queue.hpp"

namespace {

using procsnap::collector::ReadRate;

constexpr std::uint64_t k_ns = 1'000'000'000ull;

// A clock that only moves when the limiter sleeps (or the test advances it).
struct FakeTime {
  std::uint64_t now = 5 * k_ns;  // not 0: the bound must count from the first read, not from the clock's origin
  std::uint64_t sleeps = 0;
  [[nodiscard]] ReadRate::Clock clock() {
    return [this] { return now; };
  }
  [[nodiscard]] ReadRate::Sleep sleep() {
    return [this](std::uint64_t ns) {
      now += ns;
      ++sleeps;
    };
  }
};

// The bound in bytes: after each charge returns, what was counted fits burst + rate * elapsed (elapsed from the
// first charge), and the limiter never sleeps more than needed (the elapsed time is the least that fits, to the
// nanosecond per charge that rounding up costs).
TEST(ReadRate, CountedBytesStayWithinBurstPlusRateTimesElapsed) {
  FakeTime t;
  const std::uint64_t rate = 3 * 1000 * 1000;  // 3 MB/s: not a power of two, so the ns arithmetic rounds
  const std::uint64_t burst = 100'000;
  ReadRate rr(rate, burst, t.clock(), t.sleep());
  const std::uint64_t start = t.now;
  std::uint64_t x = 12345;
  std::uint64_t total = 0;
  int charges = 0;
  for (int i = 0; i < 2000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    const std::uint64_t n = (x >> 33) % 70'000;  // 0..70 KB, like /proc files
    rr.charge(n);
    ++charges;
    total += n;
    const std::uint64_t elapsed = t.now - start;
    // counted <= burst + rate * elapsed / 1e9, in integers: (counted - burst) * 1e9 <= rate * elapsed (both below
    // 2^63 here: at most 1.4e8 bytes, elapsed under 100 s)
    if (total > burst) {
      ASSERT_LE((total - burst) * k_ns, rate * elapsed) << "after charge " << i;
    }
    if (i % 100 == 0) {
      t.now += k_ns / 1000;  // a little time spent elsewhere (1 ms): not banked beyond the burst
    }
  }
  EXPECT_EQ(rr.counted(), total);
  EXPECT_GT(t.sleeps, 0u);
  // Not slower than needed: the time taken is what the bytes beyond the burst need at the rate, plus the 1 ms
  // pauses, plus at most 1 ns of rounding per charge.
  const std::uint64_t needed = (total - burst) * k_ns / rate;
  EXPECT_LE(t.now - start, needed + 20 * (k_ns / 1000) + static_cast<std::uint64_t>(charges) + 1);
  EXPECT_GE(t.now - start + 1, needed);
}

TEST(ReadRate, ReadsWithinTheBurstNeverSleep) {
  FakeTime t;
  ReadRate rr(1'000'000, 200'000, t.clock(), t.sleep());
  rr.charge(100'000);
  rr.charge(100'000);
  EXPECT_EQ(t.sleeps, 0u);
  rr.charge(1);  // the first byte past the burst waits for it: 1 us at 1 MB/s
  EXPECT_EQ(t.sleeps, 1u);
  EXPECT_EQ(rr.slept_ns(), 1000u);
}

TEST(ReadRate, IdleTimeIsBankedOnlyUpToTheBurst) {
  FakeTime t;
  ReadRate rr(1'000'000, 50'000, t.clock(), t.sleep());
  rr.charge(50'000);  // the burst
  t.now += 60 * k_ns;  // a minute idle: worth 60 MB at the rate, but only the burst may be read at once
  rr.charge(50'000);
  EXPECT_EQ(t.sleeps, 0u);
  const std::uint64_t before = t.now;
  rr.charge(1'000'000);  // a second's worth past the burst: a second's sleep
  EXPECT_EQ(t.now - before, k_ns);
}

TEST(ReadRate, ZeroRateIsClampedNotADivisionByZero) {
  FakeTime t;
  ReadRate rr(0, 0, t.clock(), t.sleep());
  EXPECT_EQ(rr.rate(), 1u);
  EXPECT_EQ(rr.burst(), 1u);
  rr.charge(3);  // 1 byte of burst, then 2 bytes at 1 B/s
  EXPECT_EQ(rr.slept_ns(), 2 * k_ns);
}

// The reader counts exactly the bytes it read: a file's, the cap's probe byte, a link target's.
TEST(ReadRate, ReaderCountsEveryByteItReads) {
  procsnap::test::TempDir dir;
  const std::string body(300'001, 'x');
  {
    std::ofstream f(dir / "f", std::ios::binary);
    f << body;
  }
  ASSERT_EQ(::symlink("some/target/of/21/b", (dir / "l").c_str()), 0);
  const int dfd = ::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dfd, 0);
  FakeTime t;
  auto rr = std::make_shared<ReadRate>(1'000'000, 64 * 1024, t.clock(), t.sleep());
  procsnap::collector::Reader reader(1 << 20);
  reader.set_read_rate(rr);
  const auto r = reader.read_file(dfd, "f");
  EXPECT_EQ(r.data.size(), body.size());
  EXPECT_EQ(rr->counted(), body.size());
  const auto l = reader.read_link(dfd, "l");
  EXPECT_EQ(l.data, "some/target/of/21/b");
  EXPECT_EQ(rr->counted(), body.size() + 19);
  procsnap::collector::Reader capped(1000);
  capped.set_read_rate(rr);
  const auto c = capped.read_file(dfd, "f");
  EXPECT_EQ(c.status, procsnap::collector::ReadStatus::truncated);
  EXPECT_EQ(rr->counted(), body.size() + 19 + 1001);  // the cap and the probe byte that found more
  EXPECT_GT(rr->slept_ns(), 0u);
  ::close(dfd);
}

TEST(GentleOptions, DefaultRateOnlyUnderGentleAndZeroMeansUnbounded) {
  auto parse = [](std::vector<std::string> args) {
    args.insert(args.begin(), "procsnap-collect");
    std::vector<char*> argv;
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    procsnap::collector::Options o;
    const auto out = procsnap::collector::parse_options(static_cast<int>(argv.size()), argv.data(), o);
    return std::make_pair(out.kind, o);
  };
  using Kind = procsnap::collector::ParseOutcome::Kind;
  EXPECT_EQ(parse({"-o", "x"}).second.effective_read_rate(), 0u);
  EXPECT_EQ(parse({"-o", "x", "--gentle"}).second.effective_read_rate(), procsnap::collector::k_gentle_read_rate);
  EXPECT_EQ(parse({"-o", "x", "--gentle", "--max-read-rate", "0"}).second.effective_read_rate(), 0u);
  EXPECT_EQ(parse({"-o", "x", "--max-read-rate=512K"}).second.effective_read_rate(), 512u * 1024);
  EXPECT_EQ(parse({"-o", "x", "--max-read-rate", "fast"}).first, Kind::error);
  EXPECT_EQ(parse({"-o", "x", "--max-read-rate", "17G"}).first, Kind::error);
  EXPECT_EQ(parse({"-o", "x", "--max-read-rate"}).first, Kind::error);
}

// /proc/<pid>/task/<tid>/stat field 41 (policy): the fields after the last ')' start at field 3.
int sched_policy_of(pid_t pid, const std::string& tid) {
  const auto stat = procsnap::test::slurp("/proc/" + std::to_string(pid) + "/task/" + tid + "/stat");
  if (!stat) {
    return -1;
  }
  std::istringstream in(stat->substr(stat->rfind(')') + 1));
  std::string field;
  for (int i = 3; i <= 41 && in >> field; ++i) {
    if (i == 41) {
      return std::atoi(field.c_str());
    }
  }
  return -1;
}

// Observed from outside, while the capture runs: every thread the collector has (the walker, the recorder, the
// archive writer's output thread, the deadline worker) is SCHED_IDLE and in the idle I/O class.
TEST(Gentle, EveryThreadOfTheCollectorIsSchedIdleAndIoprioIdleWhileItRuns) {
  procsnap::test::TempDir tmp;
  procsnap::test::Child child(procsnap::test::ChildOptions{});
  ASSERT_TRUE(child.ready()) << child.info();
  // A low rate keeps the capture running for a second or two (the system files alone are several hundred KB).
  const std::string out = tmp / "g.tar";
  const pid_t pid = procsnap::test::start_program(PROCSNAP_COLLECT_BIN,
                                                  {"-o", out, "--gentle", "--max-read-rate", "256K", "--pids",
                                                   std::to_string(child.pid()), "--no-threads"});
  ASSERT_GT(pid, 0);
  std::map<std::string, std::pair<int, int>> seen;  // tid -> (policy, ioprio class), the last observation
  int st = 0;
  for (;;) {
    if (::waitpid(pid, &st, WNOHANG) == pid) {
      break;
    }
    std::vector<std::string> tids;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
      tids.push_back(e.path().filename().string());
    }
    for (const auto& tid : tids) {
      const int policy = sched_policy_of(pid, tid);
      const int io = procsnap::collector::ioprio_class_of(std::atoi(tid.c_str()));
      if (policy >= 0 && io >= 0) {
        seen[tid] = {policy, io};
      }
    }
    ::usleep(20'000);
  }
  ASSERT_TRUE(WIFEXITED(st));
  EXPECT_TRUE(WEXITSTATUS(st) == 0 || WEXITSTATUS(st) == 3) << WEXITSTATUS(st);
  // The walker, the recorder and the output thread at least.
  EXPECT_GE(seen.size(), 3u) << "the capture ended before its threads could be observed";
  for (const auto& [tid, v] : seen) {
    EXPECT_EQ(v.first, procsnap::collector::k_sched_idle) << "thread " << tid << " policy";
    EXPECT_EQ(v.second, procsnap::collector::k_ioprio_class_idle) << "thread " << tid << " ioprio class";
  }
  const auto ar = procsnap::test::read_archive(out);
  ASSERT_TRUE(ar.has("procsnap/trailer.json")) << ar.error;
  const auto header = procsnap::test::json_member(ar, "procsnap/header.json");
  const auto* opts = header.find("options");
  ASSERT_NE(opts, nullptr);
  EXPECT_EQ(opts->find("gentle")->as_bool(), std::optional<bool>(true));
  EXPECT_EQ(opts->u64_at("max_read_rate"), std::optional<std::uint64_t>(256u * 1024));
}

// The recorder's thread (user-space work: hashing, tar, manifest) runs SCHED_BATCH, so its wake-ups do not preempt
// the threads reading /proc; a thread already SCHED_IDLE (--gentle: every thread inherits it) stays SCHED_IDLE.
TEST(BatchScheduling, RecorderThreadIsBatchAndGentleThreadsStayIdle) {
  int recorder_policy = -1;
  {
    procsnap::collector::RecorderQueue q([] { return false; });
    q.push(0, [&recorder_policy] { recorder_policy = ::sched_getscheduler(0); });
    q.close();
  }
  EXPECT_EQ(recorder_policy, SCHED_BATCH);
  EXPECT_EQ(SCHED_BATCH, procsnap::collector::k_sched_batch);
  int idle_policy = -1;
  std::thread t([&idle_policy] {
    const sched_param param{.sched_priority = 0};
    if (::sched_setscheduler(0, SCHED_IDLE, &param) != 0) {
      return;
    }
    procsnap::collector::prefer_batch_scheduling();
    idle_policy = ::sched_getscheduler(0);
  });
  t.join();
  EXPECT_EQ(idle_policy, SCHED_IDLE);
  EXPECT_EQ(::sched_getscheduler(0), SCHED_OTHER) << "the calling (test) thread is not changed";
}

// The manifest lines of an archive without their times (t0, t1 and the process lines' times differ run to run).
std::vector<std::string> lines_without_times(const procsnap::test::Archive& ar) {
  std::vector<std::string> out = procsnap::test::manifest_text_lines(ar);
  for (auto& line : out) {
    for (const char* key : {"\"t0\":", "\"t1\":"}) {
      if (const auto at = line.find(key); at != std::string::npos) {
        line.erase(at, line.find_first_of(",}", at) - at);
      }
    }
  }
  return out;
}

// Same members, bytes and manifest lines with and without --gentle (a relocated tree, so nothing changes between the
// two runs), and the same member paths for a live child.
TEST(Gentle, ArchiveHoldsTheSameMembersAsWithoutGentle) {
  procsnap::test::TempDir tmp;
  const std::string tree = std::string(PROCSNAP_FIXTURES_DIR) + "/procfs/proc";
  const auto plain = procsnap::test::run_program(PROCSNAP_COLLECT_BIN, {"-o", tmp / "p.tar", "--proc-root", tree});
  const auto gentle =
      procsnap::test::run_program(PROCSNAP_COLLECT_BIN, {"-o", tmp / "g.tar", "--proc-root", tree, "--gentle"});
  EXPECT_EQ(plain.exit_code, gentle.exit_code) << gentle.err;
  const auto a = procsnap::test::read_archive(tmp / "p.tar");
  const auto b = procsnap::test::read_archive(tmp / "g.tar");
  ASSERT_TRUE(a.clean_eof && b.clean_eof);
  std::vector<std::pair<std::string, std::string>> ma;
  std::vector<std::pair<std::string, std::string>> mb;
  for (const auto& m : a.members) {
    if (!m.path.starts_with("procsnap/")) {
      ma.emplace_back(m.path, m.data);
    }
  }
  for (const auto& m : b.members) {
    if (!m.path.starts_with("procsnap/")) {
      mb.emplace_back(m.path, m.data);
    }
  }
  EXPECT_GT(ma.size(), 20u);
  EXPECT_EQ(ma, mb);
  EXPECT_EQ(lines_without_times(a), lines_without_times(b));

  // Live: two children, so that without --gentle the second one's blocking files are read ahead while the first is
  // captured (one reader under --gentle never reads ahead); the members are the same, in the same order.
  procsnap::test::Child first(procsnap::test::ChildOptions{});
  procsnap::test::Child second(procsnap::test::ChildOptions{});
  ASSERT_TRUE(first.ready() && second.ready());
  const std::string pids = std::to_string(first.pid()) + "," + std::to_string(second.pid());
  (void)procsnap::test::run_program(PROCSNAP_COLLECT_BIN, {"-o", tmp / "lp.tar", "--pids", pids});
  (void)procsnap::test::run_program(PROCSNAP_COLLECT_BIN, {"-o", tmp / "lg.tar", "--pids", pids, "--gentle"});
  auto child_members = [&](const std::string& archive) {
    std::vector<std::string> out;
    for (const auto& m : procsnap::test::read_archive(archive).members) {
      if (m.path.starts_with("proc/" + std::to_string(first.pid()) + "/") ||
          m.path.starts_with("proc/" + std::to_string(second.pid()) + "/")) {
        out.push_back(m.path);
      }
    }
    return out;
  };
  const auto pa = child_members(tmp / "lp.tar");
  EXPECT_GT(pa.size(), 60u);
  EXPECT_EQ(pa, child_members(tmp / "lg.tar"));
}

}  // namespace
