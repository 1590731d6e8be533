#include "procfs/system_cgroups.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemCgroups, HostCapture) {
  // "#subsys_name\thierarchy\tnum_cgroups\tenabled" / "cpuset\t3\t1\t1"
  const auto r = parse_system_cgroups(system_fixture("host/cgroups"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.controllers.size(), 12u);
  EXPECT_EQ(r.value.controllers[0].name, "cpuset");
  EXPECT_EQ(r.value.controllers[0].hierarchy, 3u);
  EXPECT_EQ(r.value.controllers[0].num_cgroups, 1u);
  EXPECT_EQ(r.value.controllers[0].enabled, 1u);
  EXPECT_EQ(r.value.controllers[0].line, 2u);
}

TEST(SystemCgroups, BrokenLines) {
  const auto r = parse_system_cgroups("memory 0 x\n\npids 99999999999999999999 1 1 extra\n");
  ASSERT_EQ(r.value.controllers.size(), 2u);
  EXPECT_EQ(r.value.controllers[0].hierarchy, 0u);
  EXPECT_FALSE(r.value.controllers[0].num_cgroups.has_value());
  EXPECT_FALSE(r.value.controllers[0].enabled.has_value());
  EXPECT_FALSE(r.value.controllers[1].hierarchy.has_value());
  EXPECT_TRUE(has_diag(r, "expected 4 fields"));
  EXPECT_TRUE(has_diag(r, "empty line"));
}

}  // namespace
}  // namespace procsnap::procfs
