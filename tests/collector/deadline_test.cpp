// The read deadline, end to end: a relocated tree whose `meminfo` is a bind mount of tracefs's trace_pipe (a regular
// file whose read waits for trace events that never come), set up in a private mount namespace of the collector's
// process only. The collector opens every file O_NONBLOCK, so this read fails at once with EAGAIN instead of
// blocking: recorded, partial (exit 3), and the run finishes. (The deadline path itself, for files that block even
// with O_NONBLOCK - FUSE, mmap-lock waits - is exercised in Reader.ABlockedReadIsAbandonedAtTheDeadline...)
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>

#include <chrono>

#include "collector/test_support.hpp"

namespace {

TEST(Deadline, ABlockingFileUnderProcRootNeverStallsTheRun) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "needs root (a private mount namespace with tracefs)";
  }
  procsnap::test::TempDir tmp;
  const std::string root = tmp / "proc";
  std::filesystem::create_directories(root + "/42");
  std::ofstream(root + "/42/stat") << "42 (x) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 777 0 0\n";
  std::ofstream(root + "/loadavg") << "0.00 0.01 0.05 1/100 42\n";
  std::ofstream(root + "/meminfo");  // the bind-mount target
  std::filesystem::create_directories(tmp / "tracefs");
  const std::string tracefs = tmp / "tracefs";
  const std::string meminfo = root + "/meminfo";
  const auto setup = [&] {
    return ::unshare(CLONE_NEWNS) == 0 && ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
           ::mount("nodev", tracefs.c_str(), "tracefs", 0, nullptr) == 0 &&
           ::mount((tracefs + "/trace_pipe").c_str(), meminfo.c_str(), nullptr, MS_BIND, nullptr) == 0;
  };
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = procsnap::test::run_program(
      PROCSNAP_COLLECT_BIN, {"-o", tmp / "d.tar", "--proc-root", root, "--timeout-ms", "300"}, {.pre_exec = setup});
  const auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (r.exit_code == 125) {
    GTEST_SKIP() << "cannot mount tracefs in a private mount namespace here";
  }
  EXPECT_LT(secs, 20.0);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const auto ar = procsnap::test::read_archive(tmp / "d.tar");
  ASSERT_TRUE(ar.clean_eof) << ar.error;
  ASSERT_TRUE(ar.has("procsnap/trailer.json"));
  const auto lines = procsnap::test::manifest_by_path(ar);
  const auto status = lines.at("proc/meminfo").string_at("status").value_or("");
  EXPECT_TRUE(status == "EAGAIN" || status == "timeout") << status;
  EXPECT_FALSE(ar.has("proc/meminfo"));
  // Reads after it succeed.
  EXPECT_EQ(lines.at("proc/loadavg").string_at("status"), "ok");
  EXPECT_EQ(lines.at("proc/42/stat").string_at("status"), "ok");
  EXPECT_EQ(lines.at("proc/42").u64_at("start_time"), 777u);
}

}  // namespace
