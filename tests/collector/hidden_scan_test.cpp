// --hidden-scan: after the walk, every pid number up to pid_max that the proc root's listing lacks is probed; a
// process found that way is recorded (manifest kind "hidden-scan") and captured after the listed ones, a
// non-leader thread (Tgid != tid) only counted. A relocated tree lists everything, so the test hides a pid from
// the listing with the test-only --test-hide-pid.
#include <gtest/gtest.h>

#include "collector/test_support.hpp"

namespace {

constexpr const char* k_bin = PROCSNAP_COLLECT_BIN;

void make_pid(const std::string& root, int pid, int tgid, unsigned start) {
  const std::string d = root + "/" + std::to_string(pid);
  std::filesystem::create_directories(d);
  std::ofstream(d + "/stat") << pid << " (x) S 1 " << pid << " " << pid << " 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 " << start
                             << " 0 0\n";
  std::ofstream(d + "/status") << "Name:\tx\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t" << tgid << "\nPid:\t" << pid
                               << "\n";
}

TEST(HiddenScan, HiddenPidIsFoundRecordedAndCapturedLastThreadsOnlyCounted) {
  procsnap::test::TempDir tmp;
  const std::string root = tmp / "proc";
  std::filesystem::create_directories(root + "/sys/kernel");
  std::ofstream(root + "/sys/kernel/pid_max") << "64\n";
  make_pid(root, 1, 1, 5);
  make_pid(root, 9, 9, 50);    // listed
  make_pid(root, 7, 7, 40);    // hidden from the listing: a process
  make_pid(root, 12, 9, 51);   // hidden from the listing: a thread of 9 (Tgid 9)
  make_pid(root, 30, 30, 60);  // hidden too: a second process, captured after 7
  const auto r =
      procsnap::test::run_program(k_bin, {"-o", tmp / "h.tar", "--proc-root", root, "--hidden-scan", "--test-hide-pid",
                                         "7", "--test-hide-pid", "12", "--test-hide-pid", "30"});
  const auto ar = procsnap::test::read_archive(tmp / "h.tar");
  ASSERT_TRUE(ar.has("procsnap/trailer.json")) << r.err;
  const auto lines = procsnap::test::manifest_by_path(ar);
  for (const int pid : {7, 30}) {
    const std::string p = "proc/" + std::to_string(pid) + "/hidden-scan";
    ASSERT_TRUE(lines.count(p)) << p;
    EXPECT_EQ(lines.at(p).string_at("kind"), "hidden-scan");
    EXPECT_EQ(lines.at(p).string_at("status"), "ok");
    EXPECT_EQ(lines.at(p).string_at("reason"), "not-in-listing");
    EXPECT_TRUE(ar.has("proc/" + std::to_string(pid) + "/stat")) << pid;
  }
  EXPECT_FALSE(lines.count("proc/12/hidden-scan"));
  EXPECT_FALSE(ar.has("proc/12/stat"));
  // Member order: listed pids (1, 9) first, then the hidden ones ascending (7, 30).
  std::vector<std::string> stats;
  for (const auto& m : ar.members) {
    if (m.path.ends_with("/stat") && m.path.starts_with("proc/") && m.path.find("/task/") == std::string::npos &&
        m.path.find("/net/") == std::string::npos) {
      stats.push_back(m.path);
    }
  }
  EXPECT_EQ(stats, (std::vector<std::string>{"proc/1/stat", "proc/9/stat", "proc/7/stat", "proc/30/stat"}));
  const auto t = procsnap::test::json_member(ar, "procsnap/trailer.json");
  const auto* hs = t.find("hidden_scan");
  ASSERT_NE(hs, nullptr);
  EXPECT_EQ(hs->find("pid_max")->as_i64(), 64);
  EXPECT_EQ(hs->find("hidden")->as_i64(), 2);
  EXPECT_EQ(hs->find("threads")->as_i64(), 1);
  EXPECT_EQ(hs->find("probed")->as_i64(), 62);  // 1..64 minus the listed 1 and 9
  const auto h = procsnap::test::json_member(ar, "procsnap/header.json");
  EXPECT_EQ(h.find("options")->find("hidden_scan")->as_bool(), true);
}

TEST(HiddenScan, OffByDefaultAndTrailerSaysNull) {
  procsnap::test::TempDir tmp;
  const std::string root = tmp / "proc";
  std::filesystem::create_directories(root + "/sys/kernel");
  std::ofstream(root + "/sys/kernel/pid_max") << "64\n";
  make_pid(root, 7, 7, 40);
  const auto r = procsnap::test::run_program(k_bin, {"-o", tmp / "h.tar", "--proc-root", root, "--test-hide-pid", "7"});
  const auto ar = procsnap::test::read_archive(tmp / "h.tar");
  ASSERT_TRUE(ar.has("procsnap/trailer.json")) << r.err;
  EXPECT_FALSE(ar.has("proc/7/stat"));
  const auto t = procsnap::test::json_member(ar, "procsnap/trailer.json");
  EXPECT_TRUE(t.find("hidden_scan")->is_null());
  const auto h = procsnap::test::json_member(ar, "procsnap/header.json");
  EXPECT_EQ(h.find("options")->find("hidden_scan")->as_bool(), false);
}

TEST(HiddenScan, LiveScanFindsNoHiddenProcessAndCountsThreads) {
  procsnap::test::TempDir tmp;
  const auto r = procsnap::test::run_program(k_bin, {"-o", tmp / "h.tar", "--hidden-scan", "--no-threads"});
  const auto ar = procsnap::test::read_archive(tmp / "h.tar");
  ASSERT_TRUE(ar.has("procsnap/trailer.json")) << r.err;
  const auto t = procsnap::test::json_member(ar, "procsnap/trailer.json");
  const auto* hs = t.find("hidden_scan");
  ASSERT_NE(hs, nullptr);
  EXPECT_GT(hs->find("pid_max")->as_i64().value_or(0), 0);
  EXPECT_EQ(hs->find("hidden")->as_i64(), 0) << "a hidden process on the test host?";
  EXPECT_GE(hs->find("threads")->as_i64().value_or(0), 1);  // the collector's own worker threads at least
}

}  // namespace
