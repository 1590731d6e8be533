#include "procfs/proc_sched.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

const ProcSchedEntry* find(const ProcSched& s, std::string_view key) {
  for (const auto& e : s.entries) {
    if (e.key == key) {
      return &e;
    }
  }
  return nullptr;
}

TEST(ProcSched, ParsesLive) {
  const auto r = parse_proc_sched(test::proc_fixture("live-12216/sched"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.comm, "a) (b c) x");  // comm with ") (" in the header line
  EXPECT_EQ(r.value.pid, 12216);
  EXPECT_EQ(r.value.threads, 2);
  const auto* policy = find(r.value, "policy");
  ASSERT_NE(policy, nullptr);
  EXPECT_EQ(policy->integer, 0);
  const auto* prio = find(r.value, "prio");
  EXPECT_EQ(prio->integer, 120);
  const auto* exec = find(r.value, "se.exec_start");
  EXPECT_EQ(exec->value, "595856.040112");
  EXPECT_FALSE(exec->integer.has_value());
  EXPECT_EQ(find(r.value, "numa_preferred_nid")->integer, -1);
  EXPECT_EQ(find(r.value, "current_node")->value, "0");
  EXPECT_EQ(find(r.value, "numa_group_id")->value, "0");
  EXPECT_EQ(find(r.value, "numa_faults.node=0.task_private")->value, "0");
  EXPECT_EQ(find(r.value, "numa_faults.node=0.group_shared")->value, "0");
}

TEST(ProcSched, LongKeyWithoutSpaceBeforeColon) {
  const auto r = parse_proc_sched(
      "x (1, #threads: 1)\n---\nse.statistics.a_very_long_key_name_of_forty_six_chars:                   7\n");
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.entries.size(), 1u);
  EXPECT_EQ(r.value.entries[0].key, "se.statistics.a_very_long_key_name_of_forty_six_chars");
  EXPECT_EQ(r.value.entries[0].integer, 7);
}

TEST(ProcSched, BrokenVariants) {
  const auto r = parse_proc_sched("garbage header\n---\nkey : 1\nnot a pair line\n");
  EXPECT_FALSE(r.value.pid.has_value());
  EXPECT_EQ(r.value.entries.size(), 1u);
  EXPECT_EQ(r.diagnostics.size(), 3u);
  EXPECT_FALSE(parse_proc_sched("").clean());
  EXPECT_FALSE(parse_proc_sched(test::huge_line('a')).clean());
  EXPECT_FALSE(parse_proc_sched(test::huge_line('=')).clean());
}

}  // namespace
}  // namespace procsnap::procfs
