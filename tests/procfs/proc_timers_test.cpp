#include "procfs/proc_timers.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

// timer_create(CLOCK_MONOTONIC, NULL, ...): SIGALRM to the process.
TEST(ProcTimers, ParsesLive) {
  const auto r = parse_proc_timers(test::proc_fixture("live-12216/timers"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.timers.size(), 1u);
  const auto& t = r.value.timers[0];
  EXPECT_EQ(t.id, 0);
  EXPECT_EQ(t.signal, 14);
  EXPECT_EQ(t.sigev_value, "0000000000000000");
  EXPECT_EQ(t.notify, "signal");
  EXPECT_EQ(t.notify_target_kind, "pid");
  EXPECT_EQ(t.notify_target, 12216);
  EXPECT_EQ(t.clock_id, 1);
  EXPECT_TRUE(parse_proc_timers(test::proc_fixture("live-12217/timers")).value.timers.empty());
}

TEST(ProcTimers, BrokenVariants) {
  const auto r = parse_proc_timers("signal: 1/0\nID: x\nnotify: none\nClockID: 0\nOther: 1\nID: 2\n");
  ASSERT_EQ(r.value.timers.size(), 2u);
  EXPECT_FALSE(r.value.timers[0].id.has_value());
  EXPECT_EQ(r.value.timers[0].notify, "none");
  EXPECT_EQ(r.value.timers[0].clock_id, 0);
  EXPECT_EQ(r.value.timers[1].id, 2);
  EXPECT_TRUE(test::has_diag(r, "before the first"));
  EXPECT_TRUE(test::has_diag(r, "unknown key"));
  EXPECT_FALSE(parse_proc_timers(test::huge_line()).clean());
}

}  // namespace
}  // namespace procsnap::procfs
