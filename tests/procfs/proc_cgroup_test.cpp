#include "procfs/proc_cgroup.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

TEST(ProcCgroup, ParsesLiveHybridHierarchy) {
  const auto r = parse_proc_cgroup(test::proc_fixture("live-12216/cgroup"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.cgroups.size(), 10u);
  EXPECT_EQ(r.value.cgroups[0].hierarchy_id, 9u);
  EXPECT_EQ(r.value.cgroups[0].controllers, "name=systemd");
  EXPECT_EQ(r.value.cgroups[0].path, "/");
  EXPECT_EQ(r.value.cgroups[5].controllers, "memory");
  EXPECT_EQ(r.value.cgroups[5].path, "/process_api/47733938b3a042c4ff1d0c19da93ec80");
  EXPECT_EQ(r.value.cgroups[9].hierarchy_id, 0u);
  EXPECT_EQ(r.value.cgroups[9].controllers, "");
  EXPECT_EQ(r.value.cgroups[9].line, 10u);
}

TEST(ProcCgroup, PathMayHoldColons) {
  const auto r = parse_proc_cgroup("0::/system.slice/a:b:c.service\n1:cpu,cpuacct:/x (deleted)\n");
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.cgroups[0].path, "/system.slice/a:b:c.service");
  EXPECT_EQ(r.value.cgroups[1].controllers, "cpu,cpuacct");
  EXPECT_EQ(r.value.cgroups[1].path, "/x (deleted)");
}

TEST(ProcCgroup, BrokenVariants) {
  const auto r = parse_proc_cgroup("nocolons\nx:cpu:/\n18446744073709551616::/\n");
  EXPECT_EQ(r.diagnostics.size(), 3u);
  ASSERT_EQ(r.value.cgroups.size(), 2u);
  EXPECT_FALSE(r.value.cgroups[0].hierarchy_id.has_value());
  EXPECT_EQ(r.value.cgroups[0].path, "/");
  EXPECT_FALSE(parse_proc_cgroup(test::huge_line()).clean());
}

}  // namespace
}  // namespace procsnap::procfs
