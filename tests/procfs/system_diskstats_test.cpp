#include "procfs/system_diskstats.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemDiskstats, HostCapture17Fields) {
  // " 254       0 vda 11968 5065 2505666 7609 2534 4868 430736 1534 0 2160 9341 4098 44 138864 188 303 9"
  const auto r = parse_system_diskstats(system_fixture("host/diskstats"));
  EXPECT_TRUE(r.clean());
  const Diskstat* vda = nullptr;
  for (const auto& d : r.value.disks) {
    if (d.name == "vda") vda = &d;
  }
  ASSERT_NE(vda, nullptr);
  EXPECT_EQ(vda->major, 254u);
  EXPECT_EQ(vda->fields[0], 11968u);
  EXPECT_EQ(vda->fields[2], 2505666u);
  EXPECT_EQ(vda->fields[10], 9341u);
  EXPECT_EQ(vda->fields[16], 9u);
}

TEST(SystemDiskstats, PrometheusFixtureOldFormatLeavesNewCountersAbsent) {
  // "   1       0 ram0 0 0 0 0 0 0 0 0 0 0 0": 11 counters (kernel < 4.18)
  const auto r = parse_system_diskstats(system_fixture("prometheus/diskstats"));
  ASSERT_FALSE(r.value.disks.empty());
  const auto& d = r.value.disks[0];
  EXPECT_EQ(d.name, "ram0");
  EXPECT_EQ(d.fields[10], 0u);
  EXPECT_FALSE(d.fields[11].has_value());
  EXPECT_FALSE(d.fields[16].has_value());
}

TEST(SystemDiskstats, BrokenLines) {
  const auto r = parse_system_diskstats("8 0 sda 1 2 x\n8\n");
  EXPECT_TRUE(has_diag(r, "expected 11, 15 or 17"));
  EXPECT_TRUE(has_diag(r, "sectors_read"));
  ASSERT_EQ(r.value.disks.size(), 2u);
  EXPECT_EQ(r.value.disks[0].fields[1], 2u);
  EXPECT_FALSE(r.value.disks[1].minor.has_value());
}

}  // namespace
}  // namespace procsnap::procfs
