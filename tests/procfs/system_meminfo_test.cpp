#include "procfs/system_meminfo.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemMeminfo, PrometheusFixtureValues) {
  const auto r = parse_system_meminfo(system_fixture("prometheus/meminfo"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.entries.size(), 45u);
  const auto* total = r.value.find("MemTotal");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->value, 15666184u);
  EXPECT_EQ(total->unit, "kB");
  EXPECT_EQ(total->line, 1u);
  EXPECT_EQ(r.value.bytes("MemTotal"), 15666184ull * 1024);
  ASSERT_NE(r.value.find("Inactive(file)"), nullptr);
  EXPECT_EQ(r.value.find("Inactive(file)")->value, 6532440u);
  EXPECT_EQ(r.value.find("VmallocTotal")->value, 34359738367u);
  EXPECT_EQ(r.value.find("DirectMap2M")->value, 16039936u);
  // Counts have no unit.
  ASSERT_NE(r.value.find("HugePages_Total"), nullptr);
  EXPECT_EQ(r.value.find("HugePages_Total")->value, 0u);
  EXPECT_FALSE(r.value.find("HugePages_Total")->unit.has_value());
}

TEST(SystemMeminfo, AbsentKeyStaysAbsent) {
  // The prometheus meminfo predates MemAvailable: it must not turn into 0.
  const auto r = parse_system_meminfo(system_fixture("prometheus/meminfo"));
  EXPECT_EQ(r.value.find("MemAvailable"), nullptr);
  EXPECT_FALSE(r.value.bytes("MemAvailable").has_value());
}

TEST(SystemMeminfo, HostCapture) {
  const auto r = parse_system_meminfo(system_fixture("host/meminfo"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.entries.size(), 54u);
  EXPECT_EQ(r.value.find("MemTotal")->value, 24684084u);
  EXPECT_EQ(r.value.find("MemAvailable")->value, 24370080u);
  EXPECT_EQ(r.value.find("MemAvailable")->line, 3u);
}

TEST(SystemMeminfo, TruncatedLastLineKeepsWhatParsed) {
  const auto r = parse_system_meminfo("MemTotal:       15666184 kB\nMemFree:   ");
  ASSERT_EQ(r.value.entries.size(), 2u);
  EXPECT_EQ(r.value.entries[0].value, 15666184u);
  EXPECT_FALSE(r.value.entries[1].value.has_value());
  EXPECT_TRUE(has_diag(r, "missing value"));
  EXPECT_EQ(r.diagnostics[0].line, 2u);
}

TEST(SystemMeminfo, HugeAndNegativeNumbersAreNullWithDiagnostic) {
  const auto r =
      parse_system_meminfo("A: 18446744073709551615 kB\nB: 18446744073709551616 kB\nC: -5 kB\nD: 12abc kB\n");
  ASSERT_EQ(r.value.entries.size(), 4u);
  EXPECT_EQ(r.value.entries[0].value, 18446744073709551615ull);  // u64 max is a legal value
  EXPECT_FALSE(r.value.bytes("A").has_value());                  // but *1024 overflows: no bytes
  EXPECT_FALSE(r.value.entries[1].value.has_value());
  EXPECT_FALSE(r.value.entries[2].value.has_value());
  EXPECT_FALSE(r.value.entries[3].value.has_value());
  EXPECT_EQ(r.diagnostics.size(), 3u);
}

TEST(SystemMeminfo, MalformedLinesAndExtraFields) {
  const auto r = parse_system_meminfo("no colon here\n\n: 5 kB\nX: 1 MB\nY: 1 kB extra\n");
  EXPECT_TRUE(has_diag(r, "no ':'"));
  EXPECT_TRUE(has_diag(r, "empty line"));
  EXPECT_TRUE(has_diag(r, "empty key"));
  EXPECT_TRUE(has_diag(r, "unknown unit"));
  EXPECT_TRUE(has_diag(r, "extra fields"));
  ASSERT_EQ(r.value.entries.size(), 2u);
  EXPECT_EQ(r.value.entries[0].unit, "MB");
  EXPECT_FALSE(r.value.bytes("X").has_value());
}

TEST(SystemMeminfo, InvalidUtf8KeyKeptRaw) {
  const std::string text = "Mem\xff\xfeTotal: 7 kB\n";
  const auto r = parse_system_meminfo(text);
  ASSERT_EQ(r.value.entries.size(), 1u);
  EXPECT_EQ(r.value.entries[0].key, "Mem\xff\xfeTotal");
  EXPECT_EQ(r.value.entries[0].value, 7u);
}

TEST(SystemMeminfo, TenMegabyteLineAndManyBadLinesAreBounded) {
  std::string text = "MemTotal: 1 kB\n" + testing::ten_mb_line() + "\n";
  for (int i = 0; i < 10000; ++i) {
    text += "bad\n";
  }
  const auto r = parse_system_meminfo(text);
  ASSERT_EQ(r.value.entries.size(), 1u);
  EXPECT_EQ(r.diagnostics.size(), 101u);  // capped, plus the "suppressed" note
  EXPECT_LE(r.diagnostics[0].excerpt.size(), k_excerpt_max);
}

}  // namespace
}  // namespace procsnap::procfs
