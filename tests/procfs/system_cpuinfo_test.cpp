#include "procfs/system_cpuinfo.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

const CpuinfoEntry* find(const Cpuinfo& c, std::size_t block, std::string_view key) {
  for (const auto& e : c.entries) {
    if (e.block == block && e.key == key) return &e;
  }
  return nullptr;
}

TEST(SystemCpuinfo, PrometheusFixtureEightProcessors) {
  const auto r = parse_system_cpuinfo(system_fixture("prometheus/cpuinfo"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.blocks, 8u);
  const auto* model = find(r.value, 0, "model name");
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->value, "Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz");
  EXPECT_EQ(model->processor, 0);
  const auto* pm = find(r.value, 0, "power management");  // "power management:" with nothing after ':'
  ASSERT_NE(pm, nullptr);
  EXPECT_EQ(pm->value, "");
  EXPECT_EQ(pm->line, 26u);
  const auto* p1 = find(r.value, 1, "processor");
  ASSERT_NE(p1, nullptr);
  EXPECT_EQ(p1->line, 28u);
  EXPECT_EQ(p1->processor, 1);
}

TEST(SystemCpuinfo, HostCapture) {
  const auto r = parse_system_cpuinfo(system_fixture("host/cpuinfo"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.blocks, 2u);
  EXPECT_EQ(find(r.value, 1, "vendor_id")->value, "AuthenticAMD");
  EXPECT_EQ(find(r.value, 1, "processor")->processor, 1);
  EXPECT_EQ(find(r.value, 0, "flags")->line, 20u);
}

TEST(SystemCpuinfo, BrokenLines) {
  const auto r = parse_system_cpuinfo("no colon\nprocessor : x\n\n\n\nprocessor : 3\nk:v:w");
  EXPECT_TRUE(has_diag(r, "no ':'"));
  EXPECT_EQ(r.value.blocks, 2u);
  // "no colon" has no key: skipped with its diagnostic (it used to be a record with a NULL value).
  ASSERT_EQ(r.value.entries.size(), 3u);
  EXPECT_EQ(r.value.entries[0].key, "processor");
  EXPECT_EQ(r.value.entries[0].line, 2u);
  EXPECT_FALSE(r.value.entries[0].processor.has_value());  // "x" is not a number
  EXPECT_EQ(r.value.entries[2].processor, 3);
  EXPECT_EQ(r.value.entries[2].value, "v:w");
}

}  // namespace
}  // namespace procsnap::procfs
