#include "procfs/proc_id_map.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

TEST(ProcIdMap, ParsesLiveInitialNamespace) {
  for (const char* f : {"live-12216/uid_map", "live-12216/gid_map", "live-12216/projid_map"}) {
    const auto r = parse_proc_id_map(test::proc_fixture(f));
    EXPECT_TRUE(r.clean()) << f;
    ASSERT_EQ(r.value.extents.size(), 1u) << f;
    EXPECT_EQ(r.value.extents[0].inside, 0u);
    EXPECT_EQ(r.value.extents[0].outside, 0u);
    EXPECT_EQ(r.value.extents[0].count, 4294967295u);
  }
}

TEST(ProcIdMap, SeveralExtentsAndBrokenLines) {
  const auto r = parse_proc_id_map("         0     100000      65536\n     65536 1000 1\n1 2\nx y z\n");
  ASSERT_EQ(r.value.extents.size(), 4u);
  EXPECT_EQ(r.value.extents[0].outside, 100000u);
  EXPECT_EQ(r.value.extents[1].count, 1u);
  EXPECT_FALSE(r.value.extents[2].count.has_value());
  EXPECT_FALSE(r.value.extents[3].inside.has_value());
  EXPECT_EQ(r.diagnostics.size(), 4u);
  EXPECT_TRUE(parse_proc_id_map("").value.extents.empty());
}

}  // namespace
}  // namespace procsnap::procfs
