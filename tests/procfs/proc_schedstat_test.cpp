#include "procfs/proc_schedstat.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

TEST(ProcSchedstat, ParsesPrometheus26231) {
  const auto r = parse_proc_schedstat(test::proc_fixture("26231/schedstat"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.run_time_ns, 411605849u);
  EXPECT_EQ(r.value.wait_time_ns, 93680043u);
  EXPECT_EQ(r.value.timeslices, 79u);
}

// 26233/schedstat is a cowsay drawing: a diagnostic and no values.
TEST(ProcSchedstat, MalformedCorpusFile) {
  const auto r = parse_proc_schedstat(test::proc_fixture("26233/schedstat"));
  EXPECT_FALSE(r.clean());
  EXPECT_FALSE(r.value.run_time_ns.has_value());
  EXPECT_FALSE(r.value.timeslices.has_value());
}

TEST(ProcSchedstat, BrokenVariants) {
  const auto r = parse_proc_schedstat("1 2");
  EXPECT_EQ(r.value.wait_time_ns, 2u);
  EXPECT_FALSE(r.value.timeslices.has_value());
  EXPECT_FALSE(r.clean());
  EXPECT_FALSE(parse_proc_schedstat("").clean());
  EXPECT_FALSE(parse_proc_schedstat("18446744073709551616 0 0\n").value.run_time_ns.has_value());
  EXPECT_TRUE(parse_proc_schedstat(test::proc_fixture("live-12216/schedstat")).clean());
}

}  // namespace
}  // namespace procsnap::procfs
