#include "procfs/system_stat.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemStat, PrometheusFixtureValues) {
  const auto r = parse_system_stat(system_fixture("prometheus/stat"));
  EXPECT_TRUE(r.clean());
  const auto& s = r.value;
  ASSERT_EQ(s.cpus.size(), 9u);
  // Aggregate line: "cpu  301854 612 111922 8979004 3552 2 3944 0 0 0"
  EXPECT_FALSE(s.cpus[0].cpu.has_value());
  EXPECT_FALSE(s.cpus[0].index.has_value());
  EXPECT_EQ(s.cpus[0].user, 301854u);
  EXPECT_EQ(s.cpus[0].nice, 612u);
  EXPECT_EQ(s.cpus[0].system, 111922u);
  EXPECT_EQ(s.cpus[0].idle, 8979004u);
  EXPECT_EQ(s.cpus[0].iowait, 3552u);
  EXPECT_EQ(s.cpus[0].softirq, 3944u);
  EXPECT_EQ(s.cpus[0].guest_nice, 0u);
  // "cpu7 29098 268 10164 1139282 555 0 31 0 0 0": softirq 31 (prometheus asserts cpu7 softirq = 31 ticks).
  EXPECT_EQ(s.cpus[8].cpu, "cpu7");
  EXPECT_EQ(s.cpus[8].index, 7);
  EXPECT_EQ(s.cpus[8].softirq, 31u);
  EXPECT_EQ(s.btime, 1418183276u);
  EXPECT_EQ(s.ctxt, 38014093u);
  EXPECT_EQ(s.processes, 26442u);
  EXPECT_EQ(s.procs_running, 2u);
  EXPECT_EQ(s.procs_blocked, 1u);
  EXPECT_EQ(s.intr_total, 73777505u);  // the bytes of our copy (see fixtures/system/README.md)
  ASSERT_GT(s.intr.size(), 8u);
  EXPECT_EQ(s.intr[0], 41u);
  EXPECT_EQ(s.intr[8], 1u);
  EXPECT_EQ(s.softirq_total, 5057579u);
  ASSERT_EQ(s.softirq.size(), 10u);
  EXPECT_EQ(s.softirq[9], 508444u);  // RCU
  EXPECT_EQ(softirq_name(9), "RCU");
  EXPECT_FALSE(softirq_name(10).has_value());
  EXPECT_TRUE(s.other.empty());
}

TEST(SystemStat, HostCapture) {
  const auto r = parse_system_stat(system_fixture("host/stat"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.cpus.size(), 3u);
  EXPECT_EQ(r.value.cpus[0].user, 1639u);
  EXPECT_EQ(r.value.cpus[0].steal, 8u);
  EXPECT_EQ(r.value.cpus[2].cpu, "cpu1");
  EXPECT_EQ(r.value.btime, 1795926232u);
  EXPECT_EQ(r.value.processes, 7067u);
  EXPECT_EQ(r.value.intr_total, 92567u);
  EXPECT_EQ(r.value.softirq_total, 55645u);
}

TEST(SystemStat, OldKernelShortCpuLinesLeaveNewColumnsAbsent) {
  // 2.6.0-era: 7 columns, no steal/guest/guest_nice; 2.4 has page/swap lines.
  const auto r = parse_system_stat("cpu  1 2 3 4 5 6 7\npage 5741 1808\nswap 1 0\nbtime 100\n");
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.cpus.size(), 1u);
  EXPECT_EQ(r.value.cpus[0].softirq, 7u);
  EXPECT_FALSE(r.value.cpus[0].steal.has_value());
  EXPECT_FALSE(r.value.cpus[0].guest_nice.has_value());
  ASSERT_EQ(r.value.other.size(), 2u);
  EXPECT_EQ(r.value.other[0].key, "page");
  EXPECT_EQ(r.value.other[0].value, "5741 1808");
  EXPECT_FALSE(r.value.ctxt.has_value());  // absent line, absent value
}

TEST(SystemStat, TruncatedMidLineKeepsPartialValues) {
  const auto full = system_fixture("prometheus/stat");
  const auto cut = full.substr(0, full.find("btime") + 8);  // "btime 14"
  const auto r = parse_system_stat(cut);
  EXPECT_EQ(r.value.btime, 14u);  // what the bytes say; the file is a prefix
  EXPECT_EQ(r.value.ctxt, 38014093u);
  EXPECT_FALSE(r.value.processes.has_value());
  const auto r2 = parse_system_stat("cpu  301854 612\nbtime\n");
  EXPECT_TRUE(has_diag(r2, "fewer than 4"));
  EXPECT_TRUE(has_diag(r2, "missing value"));
  EXPECT_EQ(r2.value.cpus[0].nice, 612u);
  EXPECT_FALSE(r2.value.btime.has_value());
}

TEST(SystemStat, HugeNumbersAndGarbage) {
  const auto r = parse_system_stat(
      "cpu  18446744073709551615 18446744073709551616 -1 x 0 0 0 0 0 0 0 0\n"
      "cpuX 1 2 3 4\nbtime 99999999999999999999999\nctxt 5 6\nintr 10 1 zz 3\nbtime 7\n");
  const auto& c = r.value.cpus[0];
  EXPECT_EQ(c.user, 18446744073709551615ull);
  EXPECT_FALSE(c.nice.has_value());
  EXPECT_FALSE(c.system.has_value());
  EXPECT_FALSE(c.idle.has_value());
  EXPECT_TRUE(has_diag(r, "extra time columns"));
  EXPECT_TRUE(has_diag(r, "cpu number"));
  EXPECT_EQ(r.value.cpus[1].cpu, "cpuX");
  EXPECT_FALSE(r.value.cpus[1].index.has_value());
  EXPECT_FALSE(r.value.btime.has_value());  // overflow -> NULL, and the later duplicate does not replace it
  EXPECT_TRUE(has_diag(r, "duplicate key"));
  EXPECT_EQ(r.value.ctxt, 5u);
  EXPECT_TRUE(has_diag(r, "extra fields"));
  ASSERT_EQ(r.value.intr.size(), 3u);
  EXPECT_EQ(r.value.intr[0], 1u);
  EXPECT_FALSE(r.value.intr[1].has_value());
  EXPECT_EQ(r.value.intr[2], 3u);
}

TEST(SystemStat, NulsInvalidUtf8AndTenMegabyteLine) {
  std::string text = "cpu\xff 1 2 3 4\n";
  text += std::string("btime 1\0 2\n", 11);
  text += "ctxt " + testing::ten_mb_line('9') + "\n";
  text += "processes 42\n";
  const auto r = parse_system_stat(text);
  EXPECT_EQ(r.value.processes, 42u);
  EXPECT_FALSE(r.value.ctxt.has_value());  // 10 MB of digits overflow
  EXPECT_FALSE(r.value.btime.has_value());
  EXPECT_FALSE(r.clean());
  for (const auto& d : r.diagnostics) {
    EXPECT_LE(d.excerpt.size(), k_excerpt_max);
  }
}

}  // namespace
}  // namespace procsnap::procfs
