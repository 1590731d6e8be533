#include "procfs/system_devices.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemDevices, HostCapture) {
  const auto r = parse_system_devices(system_fixture("host/devices"));
  EXPECT_TRUE(r.clean());
  const auto& d = r.value.devices;
  ASSERT_EQ(d.size(), 27u);
  EXPECT_EQ(d[0].kind, "character");
  EXPECT_EQ(d[0].major, 1u);
  EXPECT_EQ(d[0].name, "mem");
  EXPECT_EQ(d[1].name, "/dev/vc/0");
  EXPECT_EQ(d[23].kind, "block");
  EXPECT_EQ(d[23].major, 7u);
  EXPECT_EQ(d[23].name, "loop");
  EXPECT_EQ(d.back().major, 259u);
  EXPECT_EQ(d.back().name, "blkext");
}

TEST(SystemDevices, BrokenLines) {
  const auto r =
      parse_system_devices("  1 mem\nCharacter devices:\nxx tty\n  5\nBlock devices:\n 99999999999999999999 big\n");
  EXPECT_TRUE(has_diag(r, "before any"));
  EXPECT_TRUE(has_diag(r, "major is not"));
  EXPECT_TRUE(has_diag(r, "missing driver name"));
  ASSERT_EQ(r.value.devices.size(), 3u);
  EXPECT_FALSE(r.value.devices[0].major.has_value());
  EXPECT_EQ(r.value.devices[0].name, "tty");
  EXPECT_EQ(r.value.devices[1].major, 5u);
  EXPECT_EQ(r.value.devices[2].kind, "block");
}

}  // namespace
}  // namespace procsnap::procfs
