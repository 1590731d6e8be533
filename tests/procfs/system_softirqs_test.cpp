#include "procfs/system_softirqs.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemSoftirqs, PrometheusFixture) {
  // "         RCU:     605871     532783"
  const auto r = parse_system_softirqs(system_fixture("prometheus/softirqs"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.cpus.size(), 2u);
  ASSERT_EQ(r.value.lines.size(), 10u);
  EXPECT_EQ(r.value.lines[1].name, "TIMER");
  EXPECT_EQ(r.value.lines[1].counts[0].count, 2776180u);
  EXPECT_EQ(r.value.lines[9].name, "RCU");
  EXPECT_EQ(r.value.lines[9].counts[1].count, 532783u);
  EXPECT_EQ(r.value.lines[9].counts[1].cpu, 1);
}

TEST(SystemSoftirqs, HostCapture) {
  const auto r = parse_system_softirqs(system_fixture("host/softirqs"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.lines.size(), 10u);
  EXPECT_EQ(r.value.lines[1].counts[0].count, 4290u);
}

TEST(SystemSoftirqs, BrokenLines) {
  const auto r = parse_system_softirqs("CPU0 CPU1\nHI: 1\nTIMER: 1 x 3\n\nBAD\n");
  ASSERT_EQ(r.value.lines.size(), 2u);
  EXPECT_EQ(r.value.lines[0].counts.size(), 1u);
  EXPECT_TRUE(has_diag(r, "expected 2 per-CPU counts"));
  EXPECT_FALSE(r.value.lines[1].counts[1].count.has_value());
  EXPECT_FALSE(r.value.lines[1].counts[2].cpu.has_value());
  EXPECT_TRUE(has_diag(r, "empty line"));
  EXPECT_TRUE(has_diag(r, "no ':'"));
}

}  // namespace
}  // namespace procsnap::procfs
