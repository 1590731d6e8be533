// --copy-fd (collector/exe_copy.*): the files behind open file descriptors that are deleted regular files
// or memfds, copied as bin/<pid>/fd/<n> with an fd-copy manifest line (schema/FORMAT.md "Memory regions and
// executable copies").
//
// The child is this test binary re-executed with PROCSNAP_FDCOPY_TEST_CHILD=<dir>: it creates <dir>/log, keeps it
// open and unlinks it (plus a dup of that fd), writes a memfd, keeps <dir>/kept open (not deleted: never copied) and
// holds a deleted FIFO (never opened by the collector). It reports its fd numbers and lives until stdin's EOF.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "collector/test_support.hpp"
#include "exe_copy.hpp"
#include "mem_capture.hpp"

namespace {

constexpr const char* k_fd_copy_child_env = "PROCSNAP_FDCOPY_TEST_CHILD";

std::string fdc_log_text() { return "deleted log line: exfiltrated 42 records\n"; }
std::string fdc_memfd_text() { return std::string("\x7f" "ELF\x02\x01\x01 in-memory payload", 25); }

[[noreturn]] void fd_copy_child(const std::string& dir) {
  const std::string log = dir + "/log";
  const int lfd = ::open(log.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
  const std::string lt = fdc_log_text();
  (void)!::write(lfd, lt.data(), lt.size());
  ::unlink(log.c_str());
  const int dup = ::dup(lfd);
  const int mfd = ::memfd_create("procsnap-payload", 0);
  const std::string mt = fdc_memfd_text();
  (void)!::write(mfd, mt.data(), mt.size());
  const int kfd = ::open((dir + "/kept").c_str(), O_RDWR | O_CREAT, 0644);
  (void)!::write(kfd, "kept", 4);
  const std::string fifo = dir + "/fifo";
  ::mkfifo(fifo.c_str(), 0600);
  const int ffd = ::open(fifo.c_str(), O_RDWR | O_NONBLOCK);
  ::unlink(fifo.c_str());
  const std::string info = "ready log=" + std::to_string(lfd) + " dup=" + std::to_string(dup) +
                           " memfd=" + std::to_string(mfd) + " kept=" + std::to_string(kfd) +
                           " fifo=" + std::to_string(ffd) + "\n";
  (void)!::write(3, info.data(), info.size());
  ::close(3);
  char c;
  while (::read(0, &c, 1) > 0 || errno == EINTR) {
  }
  ::_exit(0);
}

const int fd_copy_child_hook = [] {
  if (const char* d = std::getenv(k_fd_copy_child_env)) {
    fd_copy_child(d);
  }
  return 0;
}();

class FdChild : public procsnap::test::ForkedChild {
 public:
  explicit FdChild(const std::string& dir) {
    start([&](int ready_fd, int ctl_fd) {
      ::dup2(ctl_fd, 0);
      ::dup2(ready_fd, 3);
      ::setenv(k_fd_copy_child_env, dir.c_str(), 1);
      char arg0[] = "procsnap-fdcopy-child";
      char* argv[] = {arg0, nullptr};
      ::execv("/proc/self/exe", argv);
    });
  }
  [[nodiscard]] bool ready() const { return line().starts_with("ready"); }
  [[nodiscard]] int fd(const std::string& key) const {
    const auto p = line().find(" " + key + "=");
    return p == std::string::npos ? -1 : std::atoi(line().c_str() + p + key.size() + 2);
  }
  [[nodiscard]] std::string member(const std::string& key) const {
    return "bin/" + std::to_string(pid()) + "/fd/" + std::to_string(fd(key));
  }
};

struct FdCapture {
  procsnap::test::TempDir tmp;
  procsnap::test::RunResult run;
  procsnap::test::Archive ar;
  std::map<std::string, procsnap::common::json::Value> lines;
  FdCapture(const FdChild& child, const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"-o", tmp / "f.tar", "--quiet", "--no-threads", "--pids",
                                     std::to_string(child.pid())};
    args.insert(args.end(), extra.begin(), extra.end());
    run = procsnap::test::run_program(PROCSNAP_COLLECT_BIN, args);
    ar = procsnap::test::read_archive(tmp / "f.tar");
    lines = procsnap::test::manifest_by_path(ar);
  }
  [[nodiscard]] const procsnap::common::json::Value* line(const std::string& path) const {
    const auto it = lines.find(path);
    return it == lines.end() ? nullptr : &it->second;
  }
  [[nodiscard]] std::size_t fd_copy_lines() const {
    std::size_t n = 0;
    for (const auto& [p, l] : lines) {
      n += l.string_at("kind") == "fd-copy" ? 1 : 0;
    }
    return n;
  }
};

std::optional<struct stat> stat_through(const FdChild& child, const std::string& key) {
  struct stat st {};
  if (::stat(("/proc/" + std::to_string(child.pid()) + "/fd/" + std::to_string(child.fd(key))).c_str(), &st) != 0) {
    return std::nullopt;
  }
  return st;
}

TEST(FdCopy, DeletedFileAndMemfdAreCopiedOnceFifoAndNamedFilesAreNot) {
  procsnap::test::TempDir dir;
  FdChild child(dir.path());
  ASSERT_TRUE(child.ready()) << child.line();
  ::usleep(20'000);  // the log's atime and mtime are now in the past: a read would move atime (relatime)
  const auto before = stat_through(child, "log");
  ASSERT_TRUE(before.has_value());
  FdCapture c(child, {});
  ASSERT_EQ(c.run.exit_code, 0) << c.run.err;
  ASSERT_TRUE(c.ar.has("procsnap/trailer.json"));

  const auto* log = c.line(child.member("log"));
  const auto* dup = c.line(child.member("dup"));
  const auto* mem = c.line(child.member("memfd"));
  const auto* fifo = c.line(child.member("fifo"));
  ASSERT_NE(log, nullptr);
  ASSERT_NE(dup, nullptr);
  ASSERT_NE(mem, nullptr);
  ASSERT_NE(fifo, nullptr);
  EXPECT_EQ(c.line(child.member("kept")), nullptr) << "a file that still has its name is not copied";
  EXPECT_EQ(c.fd_copy_lines(), 4u) << "stdin/stdout/stderr and the ready pipe are not deleted files";

  // The log is copied through the lower fd number (fds are taken in ascending order); the dup refers to it.
  const bool log_first = child.fd("log") < child.fd("dup");
  const auto* copied = log_first ? log : dup;
  const auto* other = log_first ? dup : log;
  const std::string copied_path = log_first ? child.member("log") : child.member("dup");
  EXPECT_EQ(copied->string_at("kind"), "fd-copy");
  EXPECT_EQ(copied->string_at("status"), "ok");
  EXPECT_EQ(copied->string_at("why"), "deleted");
  EXPECT_EQ(copied->string_at("link"), dir.path() + "/log (deleted)");
  EXPECT_EQ(copied->u64_at("size"), fdc_log_text().size());
  EXPECT_EQ(copied->u64_at("bytes"), fdc_log_text().size());
  EXPECT_EQ(copied->string_at("sha256"), procsnap::common::to_hex(procsnap::common::sha256(fdc_log_text())));
  ASSERT_NE(c.ar.find(copied_path), nullptr);
  EXPECT_EQ(c.ar.find(copied_path)->data, fdc_log_text());
  EXPECT_EQ(other->string_at("status"), "skipped");
  EXPECT_EQ(other->string_at("reason"), "same-file");
  EXPECT_EQ(other->string_at("same_as"), copied_path);
  EXPECT_EQ(c.ar.find(log_first ? child.member("dup") : child.member("log")), nullptr);

  EXPECT_EQ(mem->string_at("status"), "ok");
  EXPECT_EQ(mem->string_at("why"), "memfd");
  EXPECT_EQ(mem->string_at("link"), "/memfd:procsnap-payload (deleted)");
  ASSERT_NE(c.ar.find(child.member("memfd")), nullptr);
  EXPECT_EQ(c.ar.find(child.member("memfd"))->data, fdc_memfd_text());

  EXPECT_EQ(fifo->string_at("status"), "skipped");
  EXPECT_EQ(fifo->string_at("reason"), "not-a-regular-file");
  EXPECT_EQ(c.ar.find(child.member("fifo")), nullptr);

  // Member order: bin/<pid>/fd/* after the pid's proc/ members, before nothing else of the pid.
  std::size_t last_proc = 0;
  std::size_t first_bin = c.ar.members.size();
  for (std::size_t i = 0; i < c.ar.members.size(); ++i) {
    const std::string& p = c.ar.members[i].path;
    if (p.starts_with("proc/" + std::to_string(child.pid()) + "/")) {
      last_proc = i;
    }
    if (p.starts_with("bin/" + std::to_string(child.pid()) + "/fd/")) {
      first_bin = std::min(first_bin, i);
    }
  }
  EXPECT_LT(last_proc, first_bin);

  const auto after = stat_through(child, "log");
  ASSERT_TRUE(after.has_value());
  if (::geteuid() == 0 || before->st_uid == ::geteuid()) {
    EXPECT_EQ(after->st_atim.tv_sec, before->st_atim.tv_sec);
    EXPECT_EQ(after->st_atim.tv_nsec, before->st_atim.tv_nsec) << "O_NOATIME: the copy leaves atime alone";
  }
  const auto header = procsnap::test::json_member(c.ar, "procsnap/header.json");
  EXPECT_EQ(header.find("options")->string_at("copy_fd"), "deleted");
  EXPECT_EQ(header.find("options")->u64_at("copy_fd_max_total"), 256ull << 20);
}

TEST(FdCopy, NoneCopiesNothing) {
  procsnap::test::TempDir dir;
  FdChild child(dir.path());
  ASSERT_TRUE(child.ready()) << child.line();
  FdCapture c(child, {"--copy-fd", "none"});
  ASSERT_EQ(c.run.exit_code, 0) << c.run.err;
  EXPECT_EQ(c.fd_copy_lines(), 0u);
  for (const auto& m : c.ar.members) {
    EXPECT_FALSE(m.path.starts_with("bin/" + std::to_string(child.pid()) + "/fd/")) << m.path;
  }
}

TEST(FdCopy, TotalBudgetTruncatesThenSkipsAndIsNeverPartial) {
  procsnap::test::TempDir dir;
  FdChild child(dir.path());
  ASSERT_TRUE(child.ready()) << child.line();
  FdCapture c(child, {"--copy-fd-max-total", "10"});
  ASSERT_EQ(c.run.exit_code, 0) << "fd copies never make the capture partial: " << c.run.err;
  std::size_t truncated = 0;
  std::size_t skipped_total = 0;
  std::uint64_t stored = 0;
  for (const auto& [p, l] : c.lines) {
    if (l.string_at("kind") != "fd-copy") {
      continue;
    }
    if (l.string_at("status") == "truncated") {
      ++truncated;
      EXPECT_EQ(l.string_at("reason"), "max-total");
    }
    if (l.string_at("reason") == "max-total" && l.string_at("status") == "skipped") {
      ++skipped_total;
    }
    stored += l.u64_at("bytes").value_or(0);
  }
  EXPECT_EQ(truncated, 1u);
  EXPECT_EQ(stored, 10u);
  // The first copy (the lowest fd: the log) takes the budget; every later fd is skipped without being looked at.
  EXPECT_EQ(skipped_total, c.fd_copy_lines() - 1);
  EXPECT_EQ(c.fd_copy_lines(), 4u);
  EXPECT_EQ(procsnap::test::json_member(c.ar, "procsnap/trailer.json").find("counts")->u64_at("partial"), 0u);
}

TEST(FdCopy, WhyFromTheLinkText) {
  using procsnap::collector::CopyFd;
  using procsnap::collector::fd_copy_why;
  EXPECT_EQ(fd_copy_why("/memfd:x (deleted)", CopyFd::deleted), "memfd");
  EXPECT_EQ(fd_copy_why("/var/log/app.log (deleted)", CopyFd::deleted), "deleted");
  EXPECT_EQ(fd_copy_why("/var/log/app.log", CopyFd::deleted), std::nullopt);
  EXPECT_EQ(fd_copy_why("socket:[1234]", CopyFd::deleted), std::nullopt);
  EXPECT_EQ(fd_copy_why("pipe:[1234]", CopyFd::deleted), std::nullopt);
  EXPECT_EQ(fd_copy_why("anon_inode:[eventfd]", CopyFd::deleted), std::nullopt);
  EXPECT_EQ(fd_copy_why("/memfd:x (deleted)", CopyFd::none), std::nullopt);
  EXPECT_EQ(fd_copy_why("", CopyFd::deleted), std::nullopt);
}

TEST(FdCopy, FileOnAFuseDeviceIsNeitherOpenedNorRead) {
  // The device of a file this process holds, declared a FUSE mount by a mountinfo line: read_linked_file must stop
  // at the statx (no open, no read), as for an fd into a real FUSE mount.
  procsnap::test::TempDir dir;
  const std::string f = dir / "onfuse";
  const int fd = ::open(f.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "bytes", 5), 5);
  struct stat st {};
  ASSERT_EQ(::fstat(fd, &st), 0);
  procsnap::collector::FuseDevs fuse;
  fuse.add_mountinfo("99 1 " + std::to_string(major(st.st_dev)) + ":" + std::to_string(minor(st.st_dev)) +
                     " / /mnt/x rw - fuse.test test rw\n");
  ASSERT_TRUE(fuse.contains(major(st.st_dev), minor(st.st_dev)));
  const int self = ::open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const std::string name = "fd/" + std::to_string(fd);
  auto seen = std::make_shared<procsnap::collector::CopiedFiles>();
  const auto r = procsnap::collector::read_linked_file(
      self, name.c_str(), {.cap = 1 << 20, .fuse = &fuse, .seen = seen, .path = "bin/1/fd/3"});
  EXPECT_TRUE(r.fuse);
  EXPECT_TRUE(r.data.empty());
  // The same read without the FUSE device list copies the bytes (the control).
  const auto ok = procsnap::collector::read_linked_file(self, name.c_str(),
                                                        {.cap = 1 << 20, .seen = seen, .path = "bin/1/fd/3"});
  EXPECT_FALSE(ok.fuse);
  EXPECT_EQ(ok.data, "bytes");
  // A second copy of the same file is refused as the same file, naming the first.
  const auto again = procsnap::collector::read_linked_file(self, name.c_str(),
                                                           {.cap = 1 << 20, .seen = seen, .path = "bin/1/fd/9"});
  EXPECT_EQ(again.same_as, std::optional<std::string>("bin/1/fd/3"));
  EXPECT_TRUE(again.data.empty());
  ::close(self);
  ::close(fd);
}

}  // namespace
