#include "procfs/system_swaps.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemSwaps, PrometheusFixture) {
  // "/dev/dm-2                               partition\t131068\t176\t-2"
  const auto r = parse_system_swaps(system_fixture("prometheus/swaps"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.swaps.size(), 1u);
  const auto& s = r.value.swaps[0];
  EXPECT_EQ(s.filename, "/dev/dm-2");
  EXPECT_EQ(s.type, "partition");
  EXPECT_EQ(s.size_kib, 131068u);
  EXPECT_EQ(s.used_kib, 176u);
  EXPECT_EQ(s.priority, -2);
  EXPECT_EQ(s.line, 2u);
}

TEST(SystemSwaps, HostCaptureHasOnlyTheHeader) {
  const auto r = parse_system_swaps(system_fixture("host/swaps"));
  EXPECT_TRUE(r.clean());
  EXPECT_TRUE(r.value.swaps.empty());
}

TEST(SystemSwaps, EscapedFilenameAndBrokenLines) {
  const auto r = parse_system_swaps(
      "Filename\tType\tSize\tUsed\tPriority\n"
      "/swap\\040file\\134x file 1024 0 -3\n"
      "/trunc partition 99999999999999999999\n"
      "/bad\\09 file x y z\n");
  ASSERT_EQ(r.value.swaps.size(), 3u);
  EXPECT_EQ(r.value.swaps[0].filename, "/swap file\\x");
  EXPECT_EQ(r.value.swaps[0].priority, -3);
  EXPECT_FALSE(r.value.swaps[1].size_kib.has_value());
  EXPECT_FALSE(r.value.swaps[1].priority.has_value());
  EXPECT_TRUE(has_diag(r, "expected 5 fields"));
  EXPECT_EQ(r.value.swaps[2].filename, "/bad\\09");  // not a valid escape: kept verbatim
  EXPECT_FALSE(r.value.swaps[2].used_kib.has_value());
  const auto nohdr = parse_system_swaps("/dev/sda2 partition 1 0 -2\n");
  EXPECT_TRUE(has_diag(nohdr, "missing 'Filename"));
  EXPECT_EQ(nohdr.value.swaps.size(), 1u);
  EXPECT_EQ(decode_octal_escapes("\\"), "\\");
  EXPECT_EQ(decode_octal_escapes("a\\04"), "a\\04");
}

}  // namespace
}  // namespace procsnap::procfs
