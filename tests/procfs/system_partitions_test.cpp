#include "procfs/system_partitions.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemPartitions, HostCapture) {
  // " 254        0  268435456 vda"
  const auto r = parse_system_partitions(system_fixture("host/partitions"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.partitions.size(), 1u);
  const auto& p = r.value.partitions[0];
  EXPECT_EQ(p.major, 254u);
  EXPECT_EQ(p.minor, 0u);
  EXPECT_EQ(p.blocks, 268435456u);
  EXPECT_EQ(p.name, "vda");
  EXPECT_EQ(p.line, 3u);
}

TEST(SystemPartitions, BrokenLines) {
  const auto r = parse_system_partitions("8 0 x sda\n8 1\n");
  EXPECT_TRUE(has_diag(r, "missing 'major"));
  EXPECT_TRUE(has_diag(r, "expected 4 fields"));
  ASSERT_EQ(r.value.partitions.size(), 2u);
  EXPECT_FALSE(r.value.partitions[0].blocks.has_value());
  EXPECT_EQ(r.value.partitions[0].name, "sda");
  EXPECT_EQ(r.value.partitions[1].minor, 1u);
  EXPECT_TRUE(r.value.partitions[1].name.empty());
}

}  // namespace
}  // namespace procsnap::procfs
