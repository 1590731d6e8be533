#include "procfs/system_loadavg.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemLoadavg, PrometheusFixture) {
  // "0.02 0.04 0.05 1/497 11947"
  const auto r = parse_system_loadavg(system_fixture("prometheus/loadavg"));
  EXPECT_TRUE(r.clean());
  EXPECT_DOUBLE_EQ(*r.value.load1, 0.02);
  EXPECT_DOUBLE_EQ(*r.value.load5, 0.04);
  EXPECT_DOUBLE_EQ(*r.value.load15, 0.05);
  EXPECT_EQ(r.value.running, 1u);
  EXPECT_EQ(r.value.total, 497u);
  EXPECT_EQ(r.value.last_pid, 11947);
}

TEST(SystemLoadavg, HostCapture) {
  // "0.03 0.05 0.01 1/93 7067"
  const auto r = parse_system_loadavg(system_fixture("host/loadavg"));
  EXPECT_TRUE(r.clean());
  EXPECT_DOUBLE_EQ(*r.value.load1, 0.03);
  EXPECT_EQ(r.value.total, 93u);
  EXPECT_EQ(r.value.last_pid, 7067);
}

TEST(SystemLoadavg, TruncatedKeepsLeadingValues) {
  const auto r = parse_system_loadavg("0.02 0.0");
  EXPECT_DOUBLE_EQ(*r.value.load1, 0.02);
  EXPECT_DOUBLE_EQ(*r.value.load5, 0.0);
  EXPECT_FALSE(r.value.load15.has_value());
  EXPECT_FALSE(r.value.running.has_value());
  EXPECT_TRUE(has_diag(r, "missing load average 3"));
  const auto e = parse_system_loadavg("");
  EXPECT_TRUE(has_diag(e, "empty file"));
}

TEST(SystemLoadavg, GarbageAndHugeValues) {
  const auto r = parse_system_loadavg("nan -1 1e5 99999999999999999999/2 x y\nsecond line\n");
  EXPECT_FALSE(r.value.load1.has_value());
  EXPECT_FALSE(r.value.load5.has_value());
  EXPECT_FALSE(r.value.load15.has_value());
  EXPECT_FALSE(r.value.running.has_value());
  EXPECT_EQ(r.value.total, 2u);
  EXPECT_FALSE(r.value.last_pid.has_value());
  EXPECT_TRUE(has_diag(r, "extra fields"));
  EXPECT_TRUE(has_diag(r, "extra lines"));
  const auto big = parse_system_loadavg(testing::ten_mb_line('1'));
  EXPECT_FALSE(big.value.load1.has_value());
}

}  // namespace
}  // namespace procsnap::procfs
