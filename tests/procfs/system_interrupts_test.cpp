#include "procfs/system_interrupts.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

const InterruptLine* find(const Interrupts& in, std::string_view irq) {
  for (const auto& l : in.lines) {
    if (l.irq == irq) return &l;
  }
  return nullptr;
}

TEST(SystemInterrupts, PrometheusFixtureWithEmptyLine) {
  const auto r = parse_system_interrupts(system_fixture("prometheus/interrupts"));
  EXPECT_TRUE(r.clean());  // the empty line carries nothing and is skipped
  ASSERT_EQ(r.value.cpus.size(), 4u);
  EXPECT_EQ(r.value.cpus[3], 3);
  // "  0:         49          0          0          0   IO-APIC   2-edge      timer"
  const auto* timer = find(r.value, "0");
  ASSERT_NE(timer, nullptr);
  ASSERT_EQ(timer->counts.size(), 4u);
  EXPECT_EQ(timer->counts[0].count, 49u);
  EXPECT_EQ(timer->counts[0].cpu, 0);
  EXPECT_EQ(timer->description, "IO-APIC   2-edge      timer");
  // "LOC:      10196       7429       8542       8229   Local timer interrupts"
  const auto* loc = find(r.value, "LOC");
  ASSERT_NE(loc, nullptr);
  EXPECT_EQ(loc->counts[3].count, 8229u);
  EXPECT_EQ(loc->description, "Local timer interrupts");
  // "ERR:          0": one system-wide count
  const auto* err = find(r.value, "ERR");
  ASSERT_NE(err, nullptr);
  ASSERT_EQ(err->counts.size(), 1u);
  EXPECT_FALSE(err->counts[0].cpu.has_value());
  EXPECT_EQ(err->counts[0].count, 0u);
  EXPECT_FALSE(err->description.has_value());
  ASSERT_NE(find(r.value, "PIN"), nullptr);  // after the empty line
}

TEST(SystemInterrupts, HostCapture) {
  const auto r = parse_system_interrupts(system_fixture("host/interrupts"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.cpus.size(), 2u);
  const auto* ged = find(r.value, "24");
  ASSERT_NE(ged, nullptr);
  EXPECT_EQ(ged->counts[0].count, 1u);
  EXPECT_EQ(ged->description, "IO-APIC   5-edge      ACPI:Ged");
}

TEST(SystemInterrupts, OfflineCpuGapsAndBrokenLines) {
  const auto r = parse_system_interrupts(
      "   CPU0   CPU2\n  1:  5  6  chip\n  2:  7\n  3:  x y\nnocolon\n  4: 99999999999999999999 1 desc\n");
  ASSERT_EQ(r.value.cpus.size(), 2u);
  EXPECT_EQ(r.value.cpus[1], 2);
  const auto* one = find(r.value, "1");
  EXPECT_EQ(one->counts[1].cpu, 2);  // column 2 is CPU2: an offline CPU1 is skipped by the kernel
  EXPECT_EQ(one->counts[1].count, 6u);
  const auto* two = find(r.value, "2");
  ASSERT_EQ(two->counts.size(), 1u);
  EXPECT_FALSE(two->counts[0].cpu.has_value());
  const auto* three = find(r.value, "3");
  EXPECT_TRUE(three->counts.empty());
  EXPECT_EQ(three->description, "x y");
  EXPECT_TRUE(has_diag(r, "expected 2 per-CPU counts"));
  EXPECT_TRUE(has_diag(r, "no ':'"));
  const auto* four = find(r.value, "4");
  EXPECT_TRUE(four->counts.empty());  // overflow ends the counts; the rest becomes description
  const auto nohdr = parse_system_interrupts("  0: 1 2\n");
  EXPECT_TRUE(has_diag(nohdr, "missing 'CPU0"));
  EXPECT_TRUE(has_diag(parse_system_interrupts(""), "empty file"));
  const auto big = parse_system_interrupts("CPU0\n 0: 1 " + testing::ten_mb_line() + "\n");
  EXPECT_EQ(big.value.lines[0].description->size(), 10u << 20);
}

}  // namespace
}  // namespace procsnap::procfs
