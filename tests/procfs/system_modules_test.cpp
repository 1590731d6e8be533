#include "procfs/system_modules.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemModules, SyntheticFixtureInKernelFormat) {
  const auto r = parse_system_modules(system_fixture("synthetic/modules"));
  EXPECT_TRUE(r.clean());
  const auto& m = r.value.modules;
  ASSERT_EQ(m.size(), 7u);
  EXPECT_EQ(m[0].name, "xt_nat");
  EXPECT_EQ(m[0].size, 16384u);
  EXPECT_EQ(m[0].refcount, 4);
  EXPECT_EQ(m[0].used_by_raw, "-");
  EXPECT_TRUE(m[0].used_by.empty());
  EXPECT_EQ(m[0].state, "Live");
  EXPECT_EQ(m[0].address, 0u);  // hidden by kptr_restrict: 0 is what the kernel printed
  EXPECT_FALSE(m[0].taints.has_value());
  ASSERT_EQ(m[1].used_by.size(), 2u);
  EXPECT_EQ(m[1].used_by[0], "xt_nat");
  EXPECT_EQ(m[1].used_by[1], "xt_MASQUERADE");
  EXPECT_EQ(m[1].address, 0xffffffffc0a1b000u);  // above INT64_MAX: stays exact as u64
  EXPECT_EQ(m[3].taints, "OE");
  EXPECT_EQ(m[4].state, "Loading");
  EXPECT_EQ(m[4].taints, "POE");
  ASSERT_EQ(m[5].used_by.size(), 1u);
  EXPECT_EQ(m[5].used_by[0], "[permanent]");
  EXPECT_FALSE(m[6].refcount.has_value());  // "-": no CONFIG_MODULE_UNLOAD, not 0
  EXPECT_EQ(m[6].state, "Unloading");
  EXPECT_EQ(m[6].line, 7u);
}

TEST(SystemModules, BrokenVariants) {
  const auto r = parse_system_modules(
      "trunc 16384\n"
      "bad x y - Zombie 0x12 OE\n"
      "big 99999999999999999999 1 - Live 0x1ffffffffffffffff (O) extra\n"
      "\n"
      "evil\xff\x1b[0m 1 0 - Live 0x0\n");
  const auto& m = r.value.modules;
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].size, 16384u);
  EXPECT_FALSE(m[0].state.has_value());
  EXPECT_TRUE(has_diag(r, "fewer than 6 fields"));
  EXPECT_FALSE(m[1].size.has_value());
  EXPECT_FALSE(m[1].refcount.has_value());
  EXPECT_EQ(m[1].state, "Zombie");
  EXPECT_TRUE(has_diag(r, "unknown module state"));
  EXPECT_EQ(m[1].taints, "OE");
  EXPECT_TRUE(has_diag(r, "taint field"));
  EXPECT_FALSE(m[2].size.has_value());
  EXPECT_FALSE(m[2].address.has_value());  // 17 hex digits overflow 64 bits
  EXPECT_TRUE(has_diag(r, "extra fields"));
  EXPECT_TRUE(has_diag(r, "empty line"));
  EXPECT_EQ(m[3].name, "evil\xff\x1b[0m");
  EXPECT_TRUE(has_diag(r, "not valid UTF-8"));
  const auto big = parse_system_modules(testing::ten_mb_line() + " 1 0 - Live 0x0\n");
  ASSERT_EQ(big.value.modules.size(), 1u);
  EXPECT_EQ(big.value.modules[0].size, 1u);
}

}  // namespace
}  // namespace procsnap::procfs
