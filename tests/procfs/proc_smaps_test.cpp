// Tests for procfs::parse_proc_smaps / parse_proc_smaps_rollup (procfs/proc_smaps.cpp).
#include "procfs/proc_smaps.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace procfs = procsnap::procfs;

namespace {

std::string read_fixture(const std::string& rel) {
  std::ifstream in(std::string(PROCSNAP_FIXTURES_DIR) + "/proc/memory/" + rel, std::ios::binary);
  EXPECT_TRUE(in.good()) << rel;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool has_message(const std::vector<procfs::Diagnostic>& d, std::size_t line, std::string_view needle) {
  for (const auto& x : d) {
    if (x.line == line && x.message.find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST(ProcSmaps, ParsesPrometheusFixture) {
  const auto r = procfs::parse_proc_smaps(read_fixture("prometheus/26231/smaps"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.size(), 12u);  // grep -c '^[0-9a-f]*-' smaps
  const auto& first = r.value[0];
  EXPECT_EQ(first.header.line, 1u);
  EXPECT_EQ(first.header.start, 0x400000u);
  EXPECT_EQ(first.header.path, "/bin/alertmanager");
  EXPECT_EQ(first.counters.size, 8900u);
  EXPECT_EQ(first.counters.kernel_page_size, 4u);
  EXPECT_EQ(first.counters.rss, 2952u);
  EXPECT_EQ(first.counters.pss, 2952u);
  EXPECT_EQ(first.counters.private_clean, 2952u);
  EXPECT_EQ(first.counters.referenced, 2864u);
  EXPECT_EQ(first.counters.locked, 0u);
  // Counters this 4.x-era kernel did not have stay absent, not 0.
  EXPECT_FALSE(first.counters.pss_dirty.has_value());
  EXPECT_FALSE(first.counters.thp_eligible.has_value());
  EXPECT_FALSE(first.counters.ksm.has_value());
  EXPECT_EQ(first.vm_flags, "rd ex mr mw me dw sd");
  EXPECT_TRUE(first.has_vm_flag("ex"));
  EXPECT_FALSE(first.has_vm_flag("io"));
  EXPECT_FALSE(first.has_vm_flag(""));
  EXPECT_FALSE(first.has_vm_flag("e"));
  EXPECT_TRUE(first.extra.empty());
  EXPECT_EQ(r.value[2].counters.swap, 12u);
  EXPECT_EQ(r.value[11].header.kind, procfs::MapPathKind::vsyscall);
  EXPECT_EQ(r.value[11].vm_flags, "rd ex");

  // The rollup of the same process is the sum over its regions (awk over the file: Rss 29948, Pss 29944,
  // Swap 1940).
  std::uint64_t rss = 0, pss = 0, swap = 0;
  for (const auto& reg : r.value) {
    rss += reg.counters.rss.value_or(0);
    pss += reg.counters.pss.value_or(0);
    swap += reg.counters.swap.value_or(0);
  }
  EXPECT_EQ(rss, 29948u);
  EXPECT_EQ(pss, 29944u);
  EXPECT_EQ(swap, 1940u);
}

TEST(ProcSmaps, ParsesPrometheusRollup) {
  const auto r = procfs::parse_proc_smaps_rollup(read_fixture("prometheus/26231/smaps_rollup"));
  EXPECT_TRUE(r.clean());
  ASSERT_TRUE(r.value.has_value());
  const auto& c = r.value->counters;
  // Same values as prometheus/procfs' own TestProcSmapsRollup expects for this fixture.
  EXPECT_EQ(r.value->header.start, 0x400000u);
  EXPECT_EQ(r.value->header.end, 0xffffffffff601000ULL);
  EXPECT_EQ(r.value->header.path, "[rollup]");
  EXPECT_EQ(c.rss, 29948u);
  EXPECT_EQ(c.pss, 29944u);
  EXPECT_EQ(c.shared_clean, 4u);
  EXPECT_EQ(c.shared_dirty, 0u);
  EXPECT_EQ(c.private_clean, 15548u);
  EXPECT_EQ(c.private_dirty, 14396u);
  EXPECT_EQ(c.referenced, 24752u);
  EXPECT_EQ(c.anonymous, 20756u);
  EXPECT_EQ(c.lazy_free, 5848u);
  EXPECT_EQ(c.swap, 1940u);
  EXPECT_EQ(c.swap_pss, 1940u);
  EXPECT_FALSE(c.size.has_value());  // the rollup has no Size line
}

TEST(ProcSmaps, ParsesLiveCaptureWithNewCounters) {
  const auto r = procfs::parse_proc_smaps(read_fixture("capture/self/smaps"));
  EXPECT_TRUE(r.clean()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].message);
  EXPECT_EQ(r.value.size(), 152u);  // same process, same moment as capture/self/maps' 152 lines
  const procfs::SmapsRegion* spaced = nullptr;
  for (const auto& reg : r.value) {
    EXPECT_TRUE(reg.counters.pss_dirty.has_value());  // 6.x kernel: Pss_Dirty, KSM, THPeligible everywhere
    EXPECT_TRUE(reg.counters.ksm.has_value());
    EXPECT_TRUE(reg.counters.thp_eligible.has_value());
    EXPECT_TRUE(reg.vm_flags.has_value());
    if (reg.header.path == "/tmp/procsnap-memory-capture/file with space") {
      spaced = &reg;
    }
  }
  ASSERT_NE(spaced, nullptr);
  EXPECT_EQ(spaced->counters.size, 4u);
  EXPECT_EQ(spaced->counters.thp_eligible, 0u);
  EXPECT_EQ(spaced->vm_flags, "rd mr me ms");

  const auto roll = procfs::parse_proc_smaps_rollup(read_fixture("capture/self/smaps_rollup"));
  EXPECT_TRUE(roll.clean());
  ASSERT_TRUE(roll.value.has_value());
  EXPECT_EQ(roll.value->counters.rss, 15388u);
  EXPECT_EQ(roll.value->counters.pss_anon, 8296u);
  EXPECT_EQ(roll.value->counters.pss_file, 5034u);
  EXPECT_EQ(roll.value->counters.pss_shmem, 0u);
}

TEST(ProcSmaps, FieldTableCoversEveryCounterOnce) {
  const auto fields = procfs::smaps_fields();
  EXPECT_EQ(fields.size(), 27u);
  procfs::SmapsCounters c;
  for (const auto& f : fields) {
    EXPECT_FALSE((c.*(f.member)).has_value()) << f.key << " assigned twice";
    c.*(f.member) = 1;
  }
}

TEST(ProcSmaps, BrokenInputKeepsWhatParses) {
  const auto r = procfs::parse_proc_smaps(read_fixture("malformed/smaps-mixed"));
  ASSERT_EQ(r.value.size(), 1u);
  const auto& reg = r.value[0];
  EXPECT_EQ(reg.counters.size, 4u);  // first Size kept, duplicate reported
  EXPECT_TRUE(has_message(r.diagnostics, 5, "duplicate Size"));
  EXPECT_FALSE(reg.counters.rss.has_value());
  EXPECT_TRUE(has_message(r.diagnostics, 3, "Rss: not a number"));
  EXPECT_EQ(reg.counters.pss, 4u);  // value kept, missing unit reported
  EXPECT_TRUE(has_message(r.diagnostics, 4, "expected '<number> kB'"));
  ASSERT_EQ(reg.extra.size(), 1u);  // unknown keys are kept, not dropped
  EXPECT_EQ(reg.extra[0].first, "Bogus_New_Key");
  EXPECT_EQ(reg.extra[0].second, "7 kB");
  EXPECT_EQ(reg.vm_flags, "rd ex");
  EXPECT_TRUE(has_message(r.diagnostics, 8, "starts with a space"));
  EXPECT_TRUE(has_message(r.diagnostics, 9, "duplicate Rss"));

  const auto orphan = procfs::parse_proc_smaps("Rss: 4 kB\n");
  EXPECT_TRUE(orphan.value.empty());
  EXPECT_TRUE(has_message(orphan.diagnostics, 1, "before any region header"));

  const auto huge = procfs::parse_proc_smaps(
      "00400000-00401000 r-xp 00000000 fd:01 1 /a\nRss: 99999999999999999999999 kB\nVmFlags: " +
      std::string(10 << 20, 'x') + "\n" + std::string("\0\0\xff\n", 4));
  ASSERT_EQ(huge.value.size(), 1u);
  EXPECT_FALSE(huge.value[0].counters.rss.has_value());
  EXPECT_EQ(huge.value[0].vm_flags->size(), 10u << 20);
  EXPECT_TRUE(has_message(huge.diagnostics, 4, "neither a region header"));
}

TEST(ProcSmaps, RollupWithoutHeaderOrWithTwo) {
  const auto none = procfs::parse_proc_smaps_rollup("");
  EXPECT_FALSE(none.value.has_value());
  EXPECT_FALSE(none.clean());
  const auto two = procfs::parse_proc_smaps_rollup(
      "00400000-ffffffffff601000 ---p 00000000 00:00 0    [rollup]\nRss: 1 kB\n"
      "00400000-ffffffffff601000 ---p 00000000 00:00 0    [rollup]\nRss: 2 kB\n");
  ASSERT_TRUE(two.value.has_value());
  EXPECT_EQ(two.value->counters.rss, 1u);
  EXPECT_TRUE(has_message(two.diagnostics, 3, "more than one header"));
}
