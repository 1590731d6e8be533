#include "procfs/system_buddyinfo.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemBuddyinfo, PrometheusFixture) {
  // "Node 0, zone   Normal   4381   1093    185   1530    567    102      4      0      0      0      0"
  const auto r = parse_system_buddyinfo(system_fixture("prometheus/buddyinfo"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.zones.size(), 3u);
  EXPECT_EQ(r.value.zones[0].zone, "DMA");
  EXPECT_EQ(r.value.zones[2].zone, "Normal");
  EXPECT_EQ(r.value.zones[2].node, 0);
  ASSERT_EQ(r.value.zones[2].free_blocks.size(), 11u);
  EXPECT_EQ(r.value.zones[2].free_blocks[0], 4381u);
  EXPECT_EQ(r.value.zones[2].free_blocks[3], 1530u);
}

TEST(SystemBuddyinfo, HostCapture) {
  const auto r = parse_system_buddyinfo(system_fixture("host/buddyinfo"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.zones.size(), 3u);
  EXPECT_EQ(r.value.zones[1].zone, "DMA32");
  EXPECT_EQ(r.value.zones[1].free_blocks[10], 752u);
}

TEST(SystemBuddyinfo, BrokenLines) {
  const auto r = parse_system_buddyinfo("Node x, zone DMA 1 y\nNode 0 zone DMA 1\n\nNode 1, zone\n");
  ASSERT_EQ(r.value.zones.size(), 1u);
  EXPECT_FALSE(r.value.zones[0].node.has_value());
  EXPECT_FALSE(r.value.zones[0].free_blocks[1].has_value());
  EXPECT_TRUE(has_diag(r, "node is not"));
  EXPECT_TRUE(has_diag(r, "not of the form"));
  EXPECT_TRUE(has_diag(r, "empty line"));
}

}  // namespace
}  // namespace procsnap::procfs
