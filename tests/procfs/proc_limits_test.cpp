#include "procfs/proc_limits.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

const ProcLimit* find(const ProcLimits& l, std::string_view name) {
  for (const auto& x : l.limits) {
    if (x.name == name) {
      return &x;
    }
  }
  return nullptr;
}

TEST(ProcLimits, ParsesPrometheus26231) {
  const auto r = parse_proc_limits(test::proc_fixture("26231/limits"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.limits.size(), 16u);
  const auto* cpu = find(r.value, "Max cpu time");
  ASSERT_NE(cpu, nullptr);
  EXPECT_TRUE(cpu->soft_unlimited);
  EXPECT_FALSE(cpu->soft.has_value());
  EXPECT_TRUE(cpu->hard_unlimited);
  EXPECT_EQ(cpu->units, "seconds");
  EXPECT_EQ(cpu->resource, "RLIMIT_CPU");
  EXPECT_EQ(cpu->line, 2u);
  const auto* stack = find(r.value, "Max stack size");
  EXPECT_EQ(stack->soft, 8388608u);
  EXPECT_TRUE(stack->hard_unlimited);
  const auto* core = find(r.value, "Max core file size");
  EXPECT_EQ(core->soft, 0u);
  EXPECT_FALSE(core->soft_unlimited);
  const auto* nproc = find(r.value, "Max processes");
  EXPECT_EQ(nproc->soft, 62898u);
  EXPECT_EQ(nproc->units, "processes");
  const auto* nofile = find(r.value, "Max open files");
  EXPECT_EQ(nofile->soft, 2048u);
  EXPECT_EQ(nofile->hard, 4096u);
  EXPECT_EQ(nofile->resource, "RLIMIT_NOFILE");
  const auto* memlock = find(r.value, "Max locked memory");
  EXPECT_EQ(memlock->soft, 18446744073708503040u);
  const auto* as = find(r.value, "Max address space");
  EXPECT_EQ(as->soft, 8589934592u);
  EXPECT_TRUE(as->hard_unlimited);
  const auto* msgq = find(r.value, "Max msgqueue size");
  EXPECT_EQ(msgq->soft, 819200u);
  const auto* nice = find(r.value, "Max nice priority");
  EXPECT_EQ(nice->soft, 0u);
  EXPECT_FALSE(nice->units.has_value());  // no units column for priorities
  const auto* rttime = find(r.value, "Max realtime timeout");
  EXPECT_EQ(rttime->units, "us");
  EXPECT_EQ(rttime->resource, "RLIMIT_RTTIME");
}

TEST(ProcLimits, ParsesPrometheus26232AndLive) {
  const auto r = parse_proc_limits(test::proc_fixture("26232/limits"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(find(r.value, "Max open files")->soft, 1024u);
  const auto live = parse_proc_limits(test::proc_fixture("live-12216/limits"));
  EXPECT_TRUE(live.clean());
  EXPECT_EQ(live.value.limits.size(), 16u);
}

TEST(ProcLimits, BrokenVariants) {
  const auto r = parse_proc_limits(
      "Max cpu time              unlimited\n"
      "Max open files            18446744073709551616 4096 files\n"
      "Max frobs                 1 2 frobs extra\n"
      "garbage line\n");
  EXPECT_FALSE(r.clean());
  EXPECT_TRUE(test::has_diag(r, "header"));
  EXPECT_TRUE(test::has_diag(r, "no hard limit"));
  EXPECT_TRUE(test::has_diag(r, "extra fields"));
  ASSERT_EQ(r.value.limits.size(), 3u);
  EXPECT_TRUE(r.value.limits[0].soft_unlimited);
  EXPECT_FALSE(r.value.limits[0].hard.has_value());
  EXPECT_FALSE(r.value.limits[0].hard_unlimited);
  EXPECT_EQ(r.value.limits[1].hard, 4096u);
  EXPECT_EQ(r.value.limits[2].name, "Max frobs");
  EXPECT_FALSE(r.value.limits[2].resource.has_value());
  EXPECT_FALSE(parse_proc_limits("").clean());
  EXPECT_FALSE(parse_proc_limits(test::huge_line()).clean());
}

}  // namespace
}  // namespace procsnap::procfs
