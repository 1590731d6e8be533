#include "procfs/system_filesystems.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemFilesystems, HostCapture) {
  const auto r = parse_system_filesystems(system_fixture("host/filesystems"));
  EXPECT_TRUE(r.clean());
  const auto& f = r.value.filesystems;
  ASSERT_EQ(f.size(), 31u);
  EXPECT_EQ(f[0].name, "sysfs");
  EXPECT_TRUE(f[0].nodev);
  EXPECT_EQ(f[17].name, "ext3");  // "\text3": needs a block device
  EXPECT_FALSE(f[17].nodev);
  EXPECT_EQ(f.back().name, "pstore");
}

TEST(SystemFilesystems, BrokenLines) {
  const auto r = parse_system_filesystems("nodev\nnodev a b\n\n\text4\n");
  EXPECT_TRUE(has_diag(r, "expected '[nodev]"));
  EXPECT_TRUE(has_diag(r, "empty line"));
  // "nodev" (no name) and "nodev a b" (no tab: not the kernel's "%s\t%s") have no name to key a record: skipped
  // with their diagnostic (they used to be records named "nodev" and "b").
  ASSERT_EQ(r.value.filesystems.size(), 1u);
  EXPECT_EQ(r.value.filesystems[0].name, "ext4");
  EXPECT_TRUE(has_diag(r, "line skipped"));
}

}  // namespace
}  // namespace procsnap::procfs
