#include "procfs/system_pressure.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemPressure, PrometheusFixtures) {
  // cpu: "some avg10=0.10 avg60=2.00 avg300=3.85 total=15" only.
  const auto cpu = parse_system_pressure(system_fixture("prometheus/pressure/cpu"));
  EXPECT_TRUE(cpu.clean());
  ASSERT_EQ(cpu.value.lines.size(), 1u);
  EXPECT_EQ(cpu.value.lines[0].kind, "some");
  EXPECT_DOUBLE_EQ(*cpu.value.lines[0].avg10, 0.10);
  EXPECT_DOUBLE_EQ(*cpu.value.lines[0].avg60, 2.00);
  EXPECT_DOUBLE_EQ(*cpu.value.lines[0].avg300, 3.85);
  EXPECT_EQ(cpu.value.lines[0].total_us, 15u);
  // memory: some + "full avg10=0.20 avg60=3.00 avg300=4.95 total=25".
  const auto mem = parse_system_pressure(system_fixture("prometheus/pressure/memory"));
  EXPECT_TRUE(mem.clean());
  ASSERT_EQ(mem.value.lines.size(), 2u);
  EXPECT_EQ(mem.value.lines[1].kind, "full");
  EXPECT_DOUBLE_EQ(*mem.value.lines[1].avg300, 4.95);
  EXPECT_EQ(mem.value.lines[1].total_us, 25u);
}

TEST(SystemPressure, HostCapture) {
  // cpu: "some avg10=0.67 avg60=1.00 avg300=0.58 total=3735531" / "full ... total=0" (5.13+ prints full for cpu)
  const auto r = parse_system_pressure(system_fixture("host/pressure/cpu"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.lines.size(), 2u);
  EXPECT_EQ(r.value.lines[0].total_us, 3735531u);
  EXPECT_DOUBLE_EQ(*r.value.lines[0].avg10, 0.67);
  EXPECT_EQ(r.value.lines[1].total_us, 0u);
}

TEST(SystemPressure, BrokenLines) {
  const auto r = parse_system_pressure("some avg10=x avg60=1.00 avg300 total=99999999999999999999 foo=1\nbad\n\n");
  // "bad" is neither kind: a line without its key is skipped (it used to be a record of NULLs).
  ASSERT_EQ(r.value.lines.size(), 1u);
  EXPECT_TRUE(has_diag(r, "line skipped"));
  EXPECT_FALSE(r.value.lines[0].avg10.has_value());
  EXPECT_DOUBLE_EQ(*r.value.lines[0].avg60, 1.0);
  EXPECT_FALSE(r.value.lines[0].avg300.has_value());
  EXPECT_FALSE(r.value.lines[0].total_us.has_value());
  EXPECT_TRUE(has_diag(r, "avg10 is not"));
  EXPECT_TRUE(has_diag(r, "without '='"));
  EXPECT_TRUE(has_diag(r, "unknown field"));
  EXPECT_TRUE(has_diag(r, "neither 'some' nor 'full'"));
  EXPECT_TRUE(has_diag(r, "empty line"));
  const auto trunc = parse_system_pressure("some avg10=0.10 avg6");
  EXPECT_DOUBLE_EQ(*trunc.value.lines[0].avg10, 0.10);
  EXPECT_TRUE(has_diag(trunc, "missing or invalid"));
}

}  // namespace
}  // namespace procsnap::procfs
