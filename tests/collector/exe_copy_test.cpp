// --copy-exe (collector/exe_copy.*): bin/<pid>/exe copies of deleted and memfd executables, read through the
// <pid>/exe magic link (schema/FORMAT.md "Memory regions and executable copies").
#include "exe_copy.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "collector/test_support.hpp"

namespace {

using procsnap::collector::CopyExe;
using procsnap::collector::exe_copy_why;
constexpr const char* k_bin = PROCSNAP_COLLECT_BIN;

/// A process running `sleep` from some executable; SIGKILLed and reaped on destruction.
class Sleeper {
 public:
  ~Sleeper() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int st = 0;
      ::waitpid(pid_, &st, 0);
    }
  }
  /// Waits until /proc/<pid>/exe starts with `prefix` (the exec happened); false after 5 s.
  bool wait_exe(const std::string& prefix) const {
    for (int i = 0; i < 500; ++i) {
      const auto l = procsnap::test::read_link("/proc/" + std::to_string(pid_) + "/exe");
      if (l && l->starts_with(prefix)) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  pid_t pid_ = -1;
};

std::string sleep_bytes() { return procsnap::test::slurp("/bin/sleep").value_or(""); }

const procsnap::common::json::Value* line_for(const std::vector<procsnap::common::json::Value>& lines,
                                              const std::string& path) {
  for (const auto& l : lines) {
    if (l.string_at("path") == path) {
      return &l;
    }
  }
  return nullptr;
}

TEST(ExeCopy, WhyFollowsTheLinkAndMode) {
  EXPECT_EQ(exe_copy_why("/memfd:x (deleted)", CopyExe::deleted), "memfd");
  EXPECT_EQ(exe_copy_why("/tmp/evil (deleted)", CopyExe::deleted), "deleted");
  EXPECT_EQ(exe_copy_why("/usr/bin/sleep", CopyExe::deleted), std::nullopt);
  EXPECT_EQ(exe_copy_why("/usr/bin/sleep", CopyExe::all), "all");
  EXPECT_EQ(exe_copy_why("/memfd:x (deleted)", CopyExe::all), "memfd");
  EXPECT_EQ(exe_copy_why("/tmp/evil (deleted)", CopyExe::none), std::nullopt);
  EXPECT_EQ(exe_copy_why("", CopyExe::all), std::nullopt);
}

TEST(ExeCopy, MemfdExecutedChildIsCopiedByDefault) {
  const std::string elf = sleep_bytes();
  ASSERT_GT(elf.size(), 1000u);
  Sleeper s;
  s.pid_ = ::fork();
  if (s.pid_ == 0) {
    const int fd = ::memfd_create("procsnap-test-exe", 0);
    std::size_t off = 0;
    while (fd >= 0 && off < elf.size()) {
      const ssize_t n = ::write(fd, elf.data() + off, elf.size() - off);
      if (n <= 0) {
        ::_exit(126);
      }
      off += static_cast<std::size_t>(n);
    }
    char a0[] = "sleep";
    char a1[] = "30";
    char* argv[] = {a0, a1, nullptr};
    ::fexecve(fd, argv, environ);
    ::_exit(127);
  }
  ASSERT_TRUE(s.wait_exe("/memfd:procsnap-test-exe"));
  procsnap::test::TempDir tmp;
  const auto r = procsnap::test::run_program(k_bin, {"-o", tmp / "e.tar", "--quiet", "--pids", std::to_string(s.pid_)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto ar = procsnap::test::read_archive(tmp / "e.tar");
  ASSERT_TRUE(ar.clean_eof) << ar.error;
  const std::string path = "bin/" + std::to_string(s.pid_) + "/exe";
  const auto* m = ar.find(path);
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->data == elf) << "the copy holds exactly the bytes the test wrote (" << m->data.size() << " bytes)";
  const auto lines = procsnap::test::manifest_lines(ar);
  const auto* l = line_for(lines, path);
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->string_at("kind"), "exe-copy");
  EXPECT_EQ(l->string_at("status"), "ok");
  EXPECT_EQ(l->string_at("why"), "memfd");
  EXPECT_TRUE(l->string_at("link").value_or("").starts_with("/memfd:procsnap-test-exe"));
  EXPECT_EQ(l->u64_at("size"), elf.size());
  EXPECT_EQ(l->u64_at("bytes"), elf.size());
  EXPECT_EQ(l->string_at("sha256"), procsnap::common::to_hex(procsnap::common::sha256(elf)));
  // Order: after the pid's task/ members, before its process line.
  std::size_t bin_at = 0;
  std::size_t task_at = 0;
  for (std::size_t i = 0; i < ar.members.size(); ++i) {
    if (ar.members[i].path == path) {
      bin_at = i;
    }
    if (ar.members[i].path.starts_with("proc/" + std::to_string(s.pid_) + "/task/")) {
      task_at = i;
    }
  }
  EXPECT_GT(bin_at, task_at);
}

TEST(ExeCopy, DeletedExecutableIsCopiedAndNoneDisables) {
  const std::string elf = sleep_bytes();
  ASSERT_GT(elf.size(), 1000u);
  procsnap::test::TempDir dir;
  const std::string exe = dir / "gone-sleep";
  {
    std::ofstream out(exe, std::ios::binary);
    out << elf;
  }
  ASSERT_EQ(::chmod(exe.c_str(), 0755), 0);
  Sleeper s;
  s.pid_ = ::fork();
  if (s.pid_ == 0) {
    ::execl(exe.c_str(), "sleep", "30", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ASSERT_TRUE(s.wait_exe(exe));
  ASSERT_EQ(::unlink(exe.c_str()), 0);
  ASSERT_TRUE(s.wait_exe(exe + " (deleted)"));
  procsnap::test::TempDir tmp;
  const std::string path = "bin/" + std::to_string(s.pid_) + "/exe";
  {
    const auto r =
        procsnap::test::run_program(k_bin, {"-o", tmp / "d.tar", "--quiet", "--pids", std::to_string(s.pid_)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto ar = procsnap::test::read_archive(tmp / "d.tar");
    const auto* m = ar.find(path);
    ASSERT_NE(m, nullptr);
    EXPECT_TRUE(m->data == elf) << m->data.size() << " bytes";
    const auto lines = procsnap::test::manifest_lines(ar);
    const auto* l = line_for(lines, path);
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(l->string_at("why"), "deleted");
    EXPECT_EQ(l->string_at("link"), exe + " (deleted)");
  }
  {
    const auto r = procsnap::test::run_program(
        k_bin, {"-o", tmp / "n.tar", "--quiet", "--pids", std::to_string(s.pid_), "--copy-exe", "none"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto ar = procsnap::test::read_archive(tmp / "n.tar");
    EXPECT_FALSE(ar.has(path));
    EXPECT_EQ(line_for(procsnap::test::manifest_lines(ar), path), nullptr);
    const auto header = procsnap::test::json_member(ar, "procsnap/header.json");
    EXPECT_EQ(header.find("options")->string_at("copy_exe"), "none");
  }
}

TEST(ExeCopy, AllCopiesEveryExecutableCappedByMaxFileBytes) {
  Sleeper s;
  s.pid_ = ::fork();
  if (s.pid_ == 0) {
    ::execl("/bin/sleep", "sleep", "30", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // The forked child's exe is this test binary until execl: wait for sleep's own path (/bin is a symlink to
  // /usr/bin on merged-/usr systems; /proc/<pid>/exe shows the resolved one).
  ASSERT_TRUE(s.wait_exe(std::filesystem::canonical("/bin/sleep").string()));
  const std::string elf = sleep_bytes();
  procsnap::test::TempDir tmp;
  const std::string path = "bin/" + std::to_string(s.pid_) + "/exe";
  // sleep's own exe, not deleted: only with --copy-exe all; capped at 4K -> truncated (partial: exit 3).
  const auto r = procsnap::test::run_program(k_bin, {"-o", tmp / "a.tar", "--quiet", "--pids", std::to_string(s.pid_),
                                                    "--copy-exe", "all", "--max-file-bytes", "4K"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const auto ar = procsnap::test::read_archive(tmp / "a.tar");
  const auto* m = ar.find(path);
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->data == elf.substr(0, 4096)) << m->data.size() << " bytes";
  const auto lines = procsnap::test::manifest_lines(ar);
  const auto* l = line_for(lines, path);
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->string_at("why"), "all");
  EXPECT_EQ(l->string_at("status"), "truncated");
  EXPECT_EQ(l->string_at("reason"), "max-file-bytes");
  EXPECT_EQ(l->u64_at("size"), elf.size());
}

}  // namespace
