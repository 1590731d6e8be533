#include "procfs/system_misc.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemMisc, HostCapture) {
  // "234 btrfs-control" / "259 cpu_dma_latency" / "258 vsock" ...
  const auto r = parse_system_misc(system_fixture("host/misc"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.devices.size(), 11u);
  EXPECT_EQ(r.value.devices[0].minor, 234u);
  EXPECT_EQ(r.value.devices[0].name, "btrfs-control");
  EXPECT_EQ(r.value.devices[2].name, "vsock");
}

TEST(SystemMisc, BrokenLines) {
  const auto r = parse_system_misc("x fuse\n 42\n\n");
  ASSERT_EQ(r.value.devices.size(), 2u);
  EXPECT_FALSE(r.value.devices[0].minor.has_value());
  EXPECT_EQ(r.value.devices[0].name, "fuse");
  EXPECT_EQ(r.value.devices[1].minor, 42u);
  EXPECT_TRUE(has_diag(r, "missing device name"));
  EXPECT_TRUE(has_diag(r, "empty line"));
}

}  // namespace
}  // namespace procsnap::procfs
