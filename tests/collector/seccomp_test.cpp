// The collector's seccomp filter (collector/seccomp.cpp, from procsnap_collector_core, so it can be installed in a
// forked child): opens for writing, ptrace, kill, mount, process_vm_writev fail; reads still work.
#include "seccomp.hpp"

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "collector/test_support.hpp"

namespace {

// Runs `body` in a forked child after installing the filter; returns the child's exit code (0 = all checks
// passed; otherwise the number of the first failed check).
template <class Body>
int in_filtered_child(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::string err;
    if (!procsnap::collector::install_seccomp(err)) {
      ::_exit(100);
    }
    ::_exit(body());
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 200 + WTERMSIG(st);
}

TEST(Seccomp, ClearRefsCannotBeOpenedForWriting) {
  // Outside the filter, root can open it (proving the filter is what stops it below).
  if (::geteuid() == 0) {
    const int fd = ::open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
    EXPECT_GE(fd, 0);
    if (fd >= 0) {
      ::close(fd);
    }
  }
  const int rc = in_filtered_child([] {
    errno = 0;
    if (::open("/proc/self/clear_refs", O_WRONLY) != -1 || errno != EPERM) return 1;
    if (::openat(AT_FDCWD, "/proc/self/clear_refs", O_RDWR) != -1 || errno != EPERM) return 2;
    if (::open("/tmp/procsnap-seccomp-test", O_RDONLY | O_CREAT, 0600) != -1 || errno != EPERM) return 3;
    if (::open("/proc/self/status", O_RDONLY | O_TRUNC) != -1 || errno != EPERM) return 4;
    if (::syscall(SYS_openat2, AT_FDCWD, "/proc/self/status", nullptr, 0) != -1 || errno != EPERM) return 5;
    // Reading still works.
    const int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 6;
    char buf[64];
    if (::read(fd, buf, sizeof buf) <= 0) return 7;
    ::close(fd);
    return 0;
  });
  EXPECT_EQ(rc, 0) << "failed check " << rc;
}

TEST(Seccomp, PtraceKillMountAndProcessVmWritevFail) {
  const pid_t parent = ::getpid();
  const int rc = in_filtered_child([parent] {
    if (::ptrace(PTRACE_ATTACH, parent, nullptr, nullptr) != -1 || errno != EPERM) return 1;
    if (::kill(parent, 0) != -1 || errno != EPERM) return 2;
    if (::mount("none", "/mnt", "tmpfs", 0, nullptr) != -1 || errno != EPERM) return 3;
    char b = 0;
    iovec local{&b, 1};
    iovec remote{&b, 1};
    if (::process_vm_writev(parent, &local, 1, &remote, 1, 0) != -1 || errno != EPERM) return 4;
    if (::unlink("/tmp/procsnap-nonexistent") != -1 || errno != EPERM) return 5;
    return 0;
  });
  EXPECT_EQ(rc, 0) << "failed check " << rc;
}

TEST(Seccomp, TheCollectorRunsUnderItsFilterAndStillCaptures) {
  procsnap::test::TempDir tmp;
  const auto r =
      procsnap::test::run_program(PROCSNAP_COLLECT_BIN, {"-o", tmp / "s.tar", "--pids", std::to_string(::getpid())});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("seccomp filter not installed"), std::string::npos) << r.err;
  const auto ar = procsnap::test::read_archive(tmp / "s.tar");
  ASSERT_TRUE(ar.has("procsnap/trailer.json"));
  const auto h = procsnap::test::json_member(ar, "procsnap/header.json");
  EXPECT_EQ(h.find("options")->find("seccomp")->as_bool(), true);
}

}  // namespace
