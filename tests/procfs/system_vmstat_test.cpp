#include "procfs/system_vmstat.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemVmstat, HostCapture) {
  const auto r = parse_system_vmstat(system_fixture("host/vmstat"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.entries.size(), 192u);
  EXPECT_EQ(r.value.entries[0].key, "nr_free_pages");
  EXPECT_EQ(r.value.entries[0].value, 1032140u);
  EXPECT_EQ(r.value.get("pgfault"), 1909126u);
  EXPECT_EQ(r.value.get("oom_kill"), 0u);
  EXPECT_FALSE(r.value.get("no_such_counter").has_value());
}

TEST(SystemVmstat, BrokenLines) {
  const auto r = parse_system_vmstat("a -1\nb\nc 1 2\n\nd 18446744073709551616\ne 18446744073709551615\n");
  ASSERT_EQ(r.value.entries.size(), 5u);
  EXPECT_FALSE(r.value.entries[0].value.has_value());
  EXPECT_TRUE(has_diag(r, "missing value"));
  EXPECT_EQ(r.value.entries[2].value, 1u);
  EXPECT_TRUE(has_diag(r, "extra fields"));
  EXPECT_TRUE(has_diag(r, "empty line"));
  EXPECT_FALSE(r.value.entries[3].value.has_value());
  EXPECT_EQ(r.value.entries[4].value, 18446744073709551615ull);
}

}  // namespace
}  // namespace procsnap::procfs
