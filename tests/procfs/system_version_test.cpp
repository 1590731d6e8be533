#include "procfs/system_version.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemVersion, HostCapture) {
  const auto r = parse_system_version(system_fixture("host/version"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.text,
            "Linux version 6.18.44-fc-v669 (builder@sandboxing) (gcc (GCC) 15.3.0, GNU ld (GNU Binutils) 2.46) #1 "
            "SMP PREEMPT_DYNAMIC @0");
  EXPECT_EQ(r.value.sysname, "Linux");
  EXPECT_EQ(r.value.release, "6.18.44-fc-v669");
  EXPECT_EQ(r.value.builder, "builder@sandboxing");
}

TEST(SystemVersion, OddShapesKeepTheText) {
  const auto r = parse_system_version("hello\n");
  EXPECT_EQ(r.value.text, "hello");
  EXPECT_FALSE(r.value.release.has_value());
  EXPECT_TRUE(has_diag(r, "not of the form"));
  EXPECT_TRUE(has_diag(parse_system_version(""), "empty file"));
  const std::string bad = "Linux version 6.1\xff (x\x1b[31m) #1\nsecond\n";
  const auto b = parse_system_version(bad);
  EXPECT_EQ(b.value.release, "6.1\xff");
  EXPECT_EQ(b.value.builder, "x\x1b[31m");  // stored exactly; escaping is the display's job
  EXPECT_TRUE(has_diag(b, "invalid UTF-8"));
  EXPECT_TRUE(has_diag(b, "extra lines"));
  const auto big = parse_system_version("Linux version " + testing::ten_mb_line());
  EXPECT_EQ(big.value.release->size(), 10u << 20);
}

}  // namespace
}  // namespace procsnap::procfs
