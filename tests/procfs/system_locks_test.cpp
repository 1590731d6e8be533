#include "procfs/system_locks.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemLocks, HostCaptureOfHeldLocks) {
  // Made by make_locks_sysvipc.py (pid 7791): an OFD read lock, a lockf() range and a flock().
  const auto r = parse_system_locks(system_fixture("host/locks"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.locks.size(), 3u);
  const auto& ofd = r.value.locks[0];  // "1: OFDLCK ADVISORY  READ -1 fe:00:10953313 0 EOF"
  EXPECT_EQ(ofd.id, 1);
  EXPECT_EQ(ofd.lock_class, "OFDLCK");
  EXPECT_EQ(ofd.type, "READ");
  EXPECT_FALSE(ofd.pid.has_value());  // -1 = no owner: absent, not -1
  EXPECT_EQ(ofd.dev_major, 0xfeu);
  EXPECT_EQ(ofd.dev_minor, 0u);
  EXPECT_EQ(ofd.inode, 10953313u);
  EXPECT_TRUE(ofd.to_eof);
  const auto& posix = r.value.locks[1];  // "2: POSIX  ADVISORY  WRITE 7791 fe:00:10953297 10 109"
  EXPECT_EQ(posix.pid, 7791);
  EXPECT_EQ(posix.mode, "ADVISORY");
  EXPECT_EQ(posix.start, 10u);
  EXPECT_EQ(posix.end, 109u);
  EXPECT_FALSE(posix.to_eof);
  EXPECT_EQ(r.value.locks[2].lock_class, "FLOCK");
  EXPECT_FALSE(r.value.locks[2].blocked);
}

TEST(SystemLocks, WaitersLeasesAndNoInode) {
  const auto r = parse_system_locks(
      "1: POSIX  ADVISORY  WRITE 100 08:01:42 0 EOF\n"
      "1: -> POSIX  ADVISORY  WRITE 101 08:01:42 0 EOF\n"
      "2: LEASE  BREAKING  READ 102 fd:02:7 0 EOF\n"
      "3: FLOCK  ADVISORY  WRITE 103 <none>:0 0 EOF\n");
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.locks.size(), 4u);
  EXPECT_TRUE(r.value.locks[1].blocked);
  EXPECT_EQ(r.value.locks[1].pid, 101);
  EXPECT_EQ(r.value.locks[2].mode, "BREAKING");
  EXPECT_EQ(r.value.locks[2].dev_major, 0xfdu);
  EXPECT_FALSE(r.value.locks[3].inode.has_value());
}

TEST(SystemLocks, BrokenLines) {
  const auto r = parse_system_locks("x POSIX ADVISORY WRITE 1 zz 0 EOF\n1: POSIX\n\n2: FLOCK A W p 1:2 -1 q\n");
  EXPECT_TRUE(has_diag(r, "lock id"));
  EXPECT_TRUE(has_diag(r, "device:inode"));
  EXPECT_TRUE(has_diag(r, "expected 7 fields"));
  EXPECT_TRUE(has_diag(r, "empty line"));
  EXPECT_TRUE(has_diag(r, "pid is not"));
  EXPECT_TRUE(has_diag(r, "start is not"));
  EXPECT_TRUE(has_diag(r, "end is neither"));
  ASSERT_EQ(r.value.locks.size(), 3u);
  EXPECT_EQ(r.value.locks[0].pid, 1);
  EXPECT_EQ(r.value.locks[1].lock_class, "POSIX");
  EXPECT_FALSE(r.value.locks[1].mode.has_value());
}

}  // namespace
}  // namespace procsnap::procfs
