#include "procfs/system_uptime.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemUptime, HostCapture) {
  // "349.21 665.42": idle is summed over the 2 CPUs, so it exceeds uptime.
  const auto r = parse_system_uptime(system_fixture("host/uptime"));
  EXPECT_TRUE(r.clean());
  EXPECT_DOUBLE_EQ(*r.value.uptime_seconds, 349.21);
  EXPECT_DOUBLE_EQ(*r.value.idle_seconds, 665.42);
}

TEST(SystemUptime, BrokenVariants) {
  const auto t = parse_system_uptime("349.2");
  EXPECT_DOUBLE_EQ(*t.value.uptime_seconds, 349.2);
  EXPECT_FALSE(t.value.idle_seconds.has_value());
  EXPECT_TRUE(has_diag(t, "missing idle"));
  const auto g = parse_system_uptime("1.2.3 -4 5\n6\n");
  EXPECT_FALSE(g.value.uptime_seconds.has_value());
  EXPECT_FALSE(g.value.idle_seconds.has_value());
  EXPECT_TRUE(has_diag(g, "extra fields"));
  EXPECT_TRUE(has_diag(g, "extra lines"));
  EXPECT_TRUE(has_diag(parse_system_uptime(""), "empty file"));
  EXPECT_TRUE(has_diag(parse_system_uptime("\n"), "missing uptime"));
  const auto big = parse_system_uptime(testing::ten_mb_line('7') + " 1.00");
  EXPECT_FALSE(big.value.uptime_seconds.has_value());
  EXPECT_DOUBLE_EQ(*big.value.idle_seconds, 1.0);
}

}  // namespace
}  // namespace procsnap::procfs
