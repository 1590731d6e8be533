#include "procfs/proc_statm.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

TEST(ProcStatm, ParsesPrometheus26231WithMaxShared) {
  const auto r = parse_proc_statm(test::proc_fixture("26231/statm"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.size, 149919u);
  EXPECT_EQ(r.value.resident, 12547u);
  EXPECT_EQ(r.value.shared, 18446744073709551615u);
  EXPECT_EQ(r.value.text, 19864u);
  EXPECT_EQ(r.value.lib, 0u);
  EXPECT_EQ(r.value.data, 14531u);
  EXPECT_EQ(r.value.dt, 0u);
}

TEST(ProcStatm, ParsesLive) {
  const auto r = parse_proc_statm(test::proc_fixture("live-12216/statm"));
  EXPECT_TRUE(r.clean());
  EXPECT_GT(*r.value.size, 0u);
}

TEST(ProcStatm, BrokenVariants) {
  const auto trunc = parse_proc_statm("1 2 3");
  EXPECT_EQ(trunc.value.shared, 3u);
  EXPECT_FALSE(trunc.value.text.has_value());
  EXPECT_FALSE(trunc.clean());
  const auto extra = parse_proc_statm("1 2 3 4 5 6 7 8\n");
  EXPECT_EQ(extra.value.dt, 7u);
  EXPECT_FALSE(extra.clean());
  const auto huge = parse_proc_statm("18446744073709551616 -1 x 0 0 0 0\n");
  EXPECT_FALSE(huge.value.size.has_value());
  EXPECT_FALSE(huge.value.resident.has_value());
  EXPECT_EQ(huge.diagnostics.size(), 3u);
  EXPECT_FALSE(parse_proc_statm("").clean());
  EXPECT_FALSE(parse_proc_statm(test::huge_line('7')).clean());
}

}  // namespace
}  // namespace procsnap::procfs
