#include "procfs/system_zoneinfo.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

const ZoneinfoEntry* find(const Zoneinfo& z, std::string_view zone, std::string_view key,
                          std::optional<std::int64_t> cpu = std::nullopt) {
  for (const auto& e : z.entries) {
    if (e.zone == zone && e.key == key && e.cpu == cpu) return &e;
  }
  return nullptr;
}

TEST(SystemZoneinfo, PrometheusFixture) {
  const auto r = parse_system_zoneinfo(system_fixture("prometheus/zoneinfo"));
  EXPECT_TRUE(r.clean());
  // "Node 0, zone      DMA" / "      nr_inactive_anon 230981" (per-node stats)
  const auto* ina = find(r.value, "DMA", "nr_inactive_anon");
  ASSERT_NE(ina, nullptr);
  EXPECT_EQ(ina->section, "node");
  EXPECT_EQ(ina->node, 0);
  EXPECT_EQ(ina->value, 230981u);
  const auto* free = find(r.value, "DMA", "pages free");
  ASSERT_NE(free, nullptr);
  EXPECT_EQ(free->value, 3952u);
  EXPECT_EQ(free->line, 33u);
  EXPECT_EQ(find(r.value, "DMA", "managed")->value, 3956u);
  const auto* prot = find(r.value, "DMA", "protection");
  ASSERT_NE(prot, nullptr);
  EXPECT_EQ(prot->value_text, "(0, 2877, 7826, 7826, 7826)");
  EXPECT_FALSE(prot->value.has_value());
  // "    cpu: 7" / "              batch: 1" / "  vm stats threshold: 8"
  const auto* batch = find(r.value, "DMA", "batch", 7);
  ASSERT_NE(batch, nullptr);
  EXPECT_EQ(batch->section, "pagesets");
  EXPECT_EQ(batch->value, 1u);
  EXPECT_EQ(find(r.value, "DMA", "vm stats threshold", 7)->value, 8u);
  const auto* pfn = find(r.value, "DMA", "start_pfn");
  ASSERT_NE(pfn, nullptr);
  EXPECT_EQ(pfn->section, "zone");
  EXPECT_EQ(pfn->value, 1u);
  EXPECT_EQ(find(r.value, "DMA32", "pages free")->value, 204252u);
}

TEST(SystemZoneinfo, HostCapture) {
  const auto r = parse_system_zoneinfo(system_fixture("host/zoneinfo"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(find(r.value, "Normal", "pages free")->value, 255385u);
  EXPECT_EQ(find(r.value, "Normal", "count", 0)->value, 1341u);
  EXPECT_EQ(find(r.value, "DMA32", "start_pfn")->value, 4096u);
}

TEST(SystemZoneinfo, BrokenLines) {
  const auto r = parse_system_zoneinfo(
      "  orphan 1\nNode x, zone DMA\n  pages free 99999999999999999999\n  pagesets\n    cpu: y\n   lonely\n\nNode 0 "
      "zone\n");
  EXPECT_TRUE(has_diag(r, "outside"));
  EXPECT_TRUE(has_diag(r, "node is not"));
  EXPECT_TRUE(has_diag(r, "not an unsigned"));
  EXPECT_TRUE(has_diag(r, "pageset cpu"));
  EXPECT_TRUE(has_diag(r, "key without value"));
  EXPECT_TRUE(has_diag(r, "empty line"));
  EXPECT_TRUE(has_diag(r, "not of the form"));
  ASSERT_EQ(r.value.entries.size(), 2u);
  EXPECT_FALSE(r.value.entries[0].node.has_value());
  EXPECT_EQ(r.value.entries[0].value_text, "99999999999999999999");
  EXPECT_FALSE(r.value.entries[0].value.has_value());
}

}  // namespace
}  // namespace procsnap::procfs
