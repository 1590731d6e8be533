#include "procfs/system_sysvipc.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemSysvipc, HostShmSegment) {
  // Made by make_locks_sysvipc.py: shmget(0x1234abcd, 65536, 0600) attached once by pid 7791.
  const auto r = parse_system_sysvipc(system_fixture("host/sysvipc/shm"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.columns.size(), 16u);
  ASSERT_EQ(r.value.rows.size(), 1u);
  const auto& row = r.value.rows[0];
  EXPECT_EQ(r.value.get(row, "key")->i, 0x1234abcd);
  EXPECT_EQ(r.value.get(row, "perms")->text, "600");
  EXPECT_EQ(r.value.get(row, "perms")->u, 0600u);
  EXPECT_EQ(r.value.get(row, "size")->u, 65536u);
  EXPECT_EQ(r.value.get(row, "cpid")->u, 7791u);
  EXPECT_EQ(r.value.get(row, "nattch")->u, 1u);
  EXPECT_EQ(r.value.get(row, "ctime")->u, 1795928894u);
  EXPECT_EQ(r.value.get(row, "no_such_column"), nullptr);
}

TEST(SystemSysvipc, HostMsgAndSem) {
  const auto msg = parse_system_sysvipc(system_fixture("host/sysvipc/msg"));
  EXPECT_TRUE(msg.clean());
  ASSERT_EQ(msg.value.rows.size(), 1u);
  EXPECT_EQ(msg.value.get(msg.value.rows[0], "key")->i, 0);  // IPC_PRIVATE
  EXPECT_EQ(msg.value.get(msg.value.rows[0], "perms")->text, "640");
  const auto sem = parse_system_sysvipc(system_fixture("host/sysvipc/sem"));
  EXPECT_TRUE(sem.clean());
  ASSERT_EQ(sem.value.rows.size(), 1u);
  EXPECT_EQ(sem.value.get(sem.value.rows[0], "key")->i, 0x42);
  EXPECT_EQ(sem.value.get(sem.value.rows[0], "nsems")->u, 3u);
}

TEST(SystemSysvipc, BrokenVariants) {
  const auto r = parse_system_sysvipc("key shmid perms size\n-5 1 9 x\n1 2\n\n");
  ASSERT_EQ(r.value.rows.size(), 2u);
  EXPECT_EQ(r.value.get(r.value.rows[0], "key")->i, -5);
  EXPECT_FALSE(r.value.get(r.value.rows[0], "perms")->u.has_value());  // 9 is not an octal digit
  EXPECT_TRUE(has_diag(r, "column 'perms'"));
  EXPECT_EQ(r.value.get(r.value.rows[1], "size"), nullptr);  // short row
  EXPECT_TRUE(has_diag(r, "expected 4 columns"));
  EXPECT_TRUE(has_diag(r, "empty line"));
  EXPECT_TRUE(has_diag(parse_system_sysvipc(""), "empty file"));
  EXPECT_TRUE(has_diag(parse_system_sysvipc("id x\n"), "header"));
}

}  // namespace
}  // namespace procsnap::procfs
