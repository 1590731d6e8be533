// The rule of procfs/system_common.hpp for which lines become records: a line without its key gives a diagnostic
// and no record; a line with its key and a bad field keeps its record with that field absent. One test per parser,
// a million-line flood, and the helpers (split_ws_first, bounded names, identifiers, the line cursor).
#include <gtest/gtest.h>

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "procfs/numbers.hpp"
#include "procfs/system_buddyinfo.hpp"
#include "procfs/system_cgroups.hpp"
#include "procfs/system_common.hpp"
#include "procfs/system_cpuinfo.hpp"
#include "procfs/system_devices.hpp"
#include "procfs/system_diskstats.hpp"
#include "procfs/system_filesystems.hpp"
#include "procfs/system_interrupts.hpp"
#include "procfs/system_keys.hpp"
#include "procfs/system_locks.hpp"
#include "procfs/system_meminfo.hpp"
#include "procfs/system_misc.hpp"
#include "procfs/system_modules.hpp"
#include "procfs/system_partitions.hpp"
#include "procfs/system_pressure.hpp"
#include "procfs/system_softirqs.hpp"
#include "procfs/system_stat.hpp"
#include "procfs/system_swaps.hpp"
#include "procfs/system_sysvipc.hpp"
#include "procfs/system_vmstat.hpp"
#include "procfs/system_zoneinfo.hpp"
#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {

using testing::has_diag;

/// The garbage line was skipped: no record, and a diagnostic saying so.
template <class T>
void expect_skipped(const Parsed<T>& r, std::size_t records) {
  EXPECT_EQ(records, 0u);
  EXPECT_TRUE(has_diag(r, "line skipped"));
}

TEST(SystemKeyRule, Diskstats) {
  const auto g = parse_system_diskstats("? x\n");
  expect_skipped(g, g.value.disks.size());
  const auto k = parse_system_diskstats("8 0 sda 1 2 x 4 5 6 7 8 9 10 11\n");
  ASSERT_EQ(k.value.disks.size(), 1u);
  EXPECT_EQ(k.value.disks[0].name, "sda");
  EXPECT_FALSE(k.value.disks[0].fields[2].has_value());
  EXPECT_EQ(k.value.disks[0].fields[3], 4u);
  EXPECT_FALSE(has_diag(k, "line skipped"));
  // A device name alone keys the record even when major and minor are damaged.
  const auto n = parse_system_diskstats("x y vdb 1 2 3 4 5 6 7 8 9 10 11\n");
  ASSERT_EQ(n.value.disks.size(), 1u);
  EXPECT_FALSE(n.value.disks[0].major.has_value());
  EXPECT_EQ(n.value.disks[0].name, "vdb");
}

TEST(SystemKeyRule, Keys) {
  const auto g = parse_system_keys("zz I------ 1\n");
  expect_skipped(g, g.value.keys.size());
  const auto k = parse_system_keys("0000002a I------     x perm 3f010000  1000  1000 user      d\n");
  ASSERT_EQ(k.value.keys.size(), 1u);
  EXPECT_EQ(k.value.keys[0].serial, 0x2au);
  EXPECT_FALSE(k.value.keys[0].usage.has_value());
  EXPECT_EQ(k.value.keys[0].uid, 1000);
  EXPECT_EQ(k.value.keys[0].description, "d");
}

TEST(SystemKeyRule, Locks) {
  const auto g = parse_system_locks("x: POSIX ADVISORY\n");
  expect_skipped(g, g.value.locks.size());
  const auto k = parse_system_locks("3: POSIX ADVISORY WRITE p 08:01:42 0 EOF\n");
  ASSERT_EQ(k.value.locks.size(), 1u);
  EXPECT_EQ(k.value.locks[0].id, 3);
  EXPECT_FALSE(k.value.locks[0].pid.has_value());
  EXPECT_EQ(k.value.locks[0].inode, 42u);
}

TEST(SystemKeyRule, Modules) {
  // A lone name cannot be told from noise; a name with a bad size and nothing else neither.
  const auto g = parse_system_modules("nf_nat\nxt_nat x\n");
  expect_skipped(g, g.value.modules.size());
  const auto k = parse_system_modules("nf_nat 61440 x nf_conntrack, Live 0x0\n");
  ASSERT_EQ(k.value.modules.size(), 1u);
  EXPECT_EQ(k.value.modules[0].name, "nf_nat");
  EXPECT_FALSE(k.value.modules[0].refcount.has_value());
  EXPECT_EQ(k.value.modules[0].state, "Live");
}

TEST(SystemKeyRule, Cgroups) {
  const auto g = parse_system_cgroups("#subsys_name hierarchy num_cgroups enabled\n? 1 1 1\n");
  expect_skipped(g, g.value.controllers.size());
  const auto k = parse_system_cgroups("memory 0 x 1\n");
  ASSERT_EQ(k.value.controllers.size(), 1u);
  EXPECT_FALSE(k.value.controllers[0].num_cgroups.has_value());
  EXPECT_EQ(k.value.controllers[0].enabled, 1u);
}

TEST(SystemKeyRule, Cpuinfo) {
  const auto g = parse_system_cpuinfo("?\n");
  expect_skipped(g, g.value.entries.size());
  EXPECT_EQ(g.value.blocks, 0u);  // noise does not open a block
  const auto k = parse_system_cpuinfo("processor\t: x\n");
  ASSERT_EQ(k.value.entries.size(), 1u);
  EXPECT_FALSE(k.value.entries[0].processor.has_value());
}

TEST(SystemKeyRule, DevicesAndMisc) {
  const auto g = parse_system_devices("Character devices:\n?\n");
  expect_skipped(g, g.value.devices.size());
  const auto k = parse_system_devices("Block devices:\n  x virtblk\n");
  ASSERT_EQ(k.value.devices.size(), 1u);
  EXPECT_FALSE(k.value.devices[0].major.has_value());
  EXPECT_EQ(k.value.devices[0].name, "virtblk");
  const auto gm = parse_system_misc("?\n");
  expect_skipped(gm, gm.value.devices.size());
  const auto km = parse_system_misc("x kvm\n");
  ASSERT_EQ(km.value.devices.size(), 1u);
  EXPECT_FALSE(km.value.devices[0].minor.has_value());
  EXPECT_EQ(km.value.devices[0].name, "kvm");
}

TEST(SystemKeyRule, Partitions) {
  const auto g = parse_system_partitions("major minor  #blocks  name\n\n? ?\n");
  expect_skipped(g, g.value.partitions.size());
  const auto k = parse_system_partitions("major minor  #blocks  name\n\n 254 0 x vda\n");
  ASSERT_EQ(k.value.partitions.size(), 1u);
  EXPECT_FALSE(k.value.partitions[0].blocks.has_value());
  EXPECT_EQ(k.value.partitions[0].name, "vda");
}

TEST(SystemKeyRule, Filesystems) {
  const auto g = parse_system_filesystems("ext4\n");  // no tab: not "%s\t%s"
  expect_skipped(g, g.value.filesystems.size());
  const auto k = parse_system_filesystems("nodev\tproc\n\text4\n");
  ASSERT_EQ(k.value.filesystems.size(), 2u);
  EXPECT_TRUE(k.value.filesystems[0].nodev);
  EXPECT_EQ(k.value.filesystems[1].name, "ext4");
}

TEST(SystemKeyRule, Pressure) {
  const auto g = parse_system_pressure("? avg10=0.00\n");
  expect_skipped(g, g.value.lines.size());
  const auto k = parse_system_pressure("full avg10=x avg60=0.00 avg300=0.00 total=7\n");
  ASSERT_EQ(k.value.lines.size(), 1u);
  EXPECT_FALSE(k.value.lines[0].avg10.has_value());
  EXPECT_EQ(k.value.lines[0].total_us, 7u);
}

TEST(SystemKeyRule, Swaps) {
  const auto g = parse_system_swaps("Filename Type Size Used Priority\n/swapfile\n");
  expect_skipped(g, g.value.swaps.size());
  const auto k = parse_system_swaps("Filename Type Size Used Priority\n/swapfile file x 0 -2\n");
  ASSERT_EQ(k.value.swaps.size(), 1u);
  EXPECT_FALSE(k.value.swaps[0].size_kib.has_value());
  EXPECT_EQ(k.value.swaps[0].priority, -2);
}

TEST(SystemKeyRule, Sysvipc) {
  const auto g = parse_system_sysvipc("key shmid perms\n? 1 600\n");
  expect_skipped(g, g.value.rows.size());
  const auto k = parse_system_sysvipc("key shmid perms\n7 x 600\n");
  ASSERT_EQ(k.value.rows.size(), 1u);
  EXPECT_FALSE(k.value.get(k.value.rows[0], "shmid")->u.has_value());
  EXPECT_EQ(k.value.get(k.value.rows[0], "perms")->u, 0600u);
}

TEST(SystemKeyRule, VmstatAndStatNamesAreIdentifiers) {
  const auto g = parse_system_vmstat("? 1\nnr-free 2\n");
  expect_skipped(g, g.value.entries.size());
  const auto k = parse_system_vmstat("nr_free_pages x\n");
  ASSERT_EQ(k.value.entries.size(), 1u);
  EXPECT_FALSE(k.value.entries[0].value.has_value());
  const auto gs = parse_system_stat("? 1 2\n");
  expect_skipped(gs, gs.value.other.size());
  const auto ks = parse_system_stat("disk_io: (3,0):(1,2,3,4,5)\n");  // a 2.4-era line is kept verbatim
  ASSERT_EQ(ks.value.other.size(), 1u);
  EXPECT_EQ(ks.value.other[0].value, "(3,0):(1,2,3,4,5)");
}

TEST(SystemKeyRule, SeparatedAndShapedLines) {
  // These parsers skipped such lines before the rule was written down; the diagnostic now says so the same way.
  const auto m = parse_system_meminfo("?\n");
  expect_skipped(m, m.value.entries.size());
  const auto b = parse_system_buddyinfo("?\n");
  expect_skipped(b, b.value.zones.size());
  const auto z = parse_system_zoneinfo("?\n");
  expect_skipped(z, z.value.entries.size());
  const auto zi = parse_system_zoneinfo("Node 0, zone DMA\n  ?\n  nr_free_pages x\n");
  EXPECT_TRUE(has_diag(zi, "line skipped"));
  ASSERT_EQ(zi.value.entries.size(), 1u);
  EXPECT_FALSE(zi.value.entries[0].value.has_value());
  const auto s = parse_system_softirqs("CPU0\n?\n");
  expect_skipped(s, s.value.lines.size());
  const auto i = parse_system_interrupts("CPU0\n?\n");
  expect_skipped(i, i.value.lines.size());
}

// 1,000,000 lines of "?" (2 MB) used to be 1,000,000 records in most of these parsers (a Diskstat is 344 bytes:
// 430 MB). Now: no record and at most the capped diagnostics.
TEST(SystemKeyRule, MillionGarbageLinesGiveNoRecords) {
  std::string flood;
  flood.reserve(2'000'000);
  for (int i = 0; i < 1'000'000; ++i) {
    flood += "?\n";
  }
  using Run = std::function<std::pair<std::size_t, std::size_t>(std::string_view)>;
  const auto both = [](const auto& r, std::size_t n) { return std::make_pair(n, r.diagnostics.size()); };
  const std::vector<std::pair<std::string, Run>> parsers = {
      {"buddyinfo", [&](std::string_view s) { auto r = parse_system_buddyinfo(s); return both(r, r.value.zones.size()); }},
      {"cgroups", [&](std::string_view s) { auto r = parse_system_cgroups(s); return both(r, r.value.controllers.size()); }},
      {"cpuinfo", [&](std::string_view s) { auto r = parse_system_cpuinfo(s); return both(r, r.value.entries.size()); }},
      {"devices", [&](std::string_view s) {
         auto r = parse_system_devices("Character devices:\n" + std::string(s));
         return both(r, r.value.devices.size());
       }},
      {"diskstats", [&](std::string_view s) { auto r = parse_system_diskstats(s); return both(r, r.value.disks.size()); }},
      {"filesystems",
       [&](std::string_view s) { auto r = parse_system_filesystems(s); return both(r, r.value.filesystems.size()); }},
      {"interrupts", [&](std::string_view s) { auto r = parse_system_interrupts(s); return both(r, r.value.lines.size()); }},
      {"keys", [&](std::string_view s) { auto r = parse_system_keys(s); return both(r, r.value.keys.size()); }},
      {"locks", [&](std::string_view s) { auto r = parse_system_locks(s); return both(r, r.value.locks.size()); }},
      {"meminfo", [&](std::string_view s) { auto r = parse_system_meminfo(s); return both(r, r.value.entries.size()); }},
      {"misc", [&](std::string_view s) { auto r = parse_system_misc(s); return both(r, r.value.devices.size()); }},
      {"modules", [&](std::string_view s) { auto r = parse_system_modules(s); return both(r, r.value.modules.size()); }},
      {"partitions",
       [&](std::string_view s) { auto r = parse_system_partitions(s); return both(r, r.value.partitions.size()); }},
      {"pressure", [&](std::string_view s) { auto r = parse_system_pressure(s); return both(r, r.value.lines.size()); }},
      {"softirqs", [&](std::string_view s) { auto r = parse_system_softirqs(s); return both(r, r.value.lines.size()); }},
      {"stat", [&](std::string_view s) {
         auto r = parse_system_stat(s);
         return both(r, r.value.other.size() + r.value.cpus.size());
       }},
      {"swaps", [&](std::string_view s) { auto r = parse_system_swaps(s); return both(r, r.value.swaps.size()); }},
      {"sysvipc", [&](std::string_view s) {
         auto r = parse_system_sysvipc("key shmid perms\n" + std::string(s));
         return both(r, r.value.rows.size());
       }},
      {"vmstat", [&](std::string_view s) { auto r = parse_system_vmstat(s); return both(r, r.value.entries.size()); }},
      {"zoneinfo", [&](std::string_view s) {
         auto r = parse_system_zoneinfo("Node 0, zone DMA\n" + std::string(s));
         return both(r, r.value.entries.size());
       }},
  };
  for (const auto& [name, run] : parsers) {
    SCOPED_TRACE(name);
    const auto [records, diagnostics] = run(flood);
    EXPECT_EQ(records, 0u);
    EXPECT_LE(diagnostics, k_system_max_diagnostics + 1);
  }
}

TEST(SystemKeyRule, LongLinesKeepBoundedFields) {
  const std::string big = testing::ten_mb_line('a');
  const auto d = parse_system_diskstats("8 0 " + big + " 1 2 3 4 5 6 7 8 9 10 11\n");
  ASSERT_EQ(d.value.disks.size(), 1u);
  EXPECT_EQ(d.value.disks[0].name.size(), k_system_name_max);
  EXPECT_TRUE(has_diag(d, "device name longer than 256 bytes"));
  EXPECT_EQ(d.value.disks[0].fields[10], 11u);
  const auto k = parse_system_keys("0000002a I------ 1 perm 3f010000 0 0 user " + big + "\n");
  ASSERT_EQ(k.value.keys.size(), 1u);
  EXPECT_EQ(k.value.keys[0].description->size(), k_system_text_max);
  // A million one-byte tokens on one line: the parsers read only the columns they have.
  std::string tokens = "cpu0";
  for (int i = 0; i < 1'000'000; ++i) {
    tokens += " 1";
  }
  const auto b = parse_system_buddyinfo("Node 0, zone DMA" + tokens.substr(4) + "\n");
  ASSERT_EQ(b.value.zones.size(), 1u);
  EXPECT_EQ(b.value.zones[0].free_blocks.size(), 64u);
  EXPECT_TRUE(has_diag(b, "more than 64 orders"));
  const auto s = parse_system_softirqs("CPU0\nTIMER:" + tokens.substr(4) + "\n");
  ASSERT_EQ(s.value.lines.size(), 1u);
  EXPECT_EQ(s.value.lines[0].counts.size(), k_system_max_cpus);
  EXPECT_TRUE(has_diag(s, "found 1000000"));
  const auto i = parse_system_interrupts("no header\n 0:" + tokens.substr(4) + "\n");
  ASSERT_EQ(i.value.lines.size(), 1u);
  EXPECT_EQ(i.value.lines[0].counts.size(), k_system_max_cpus);
  const auto m = parse_system_modules("nf_nat 1 1 " + std::string(9000, 'a') + "," + "b," + " Live 0x0\n");
  ASSERT_EQ(m.value.modules.size(), 1u);
  EXPECT_EQ(m.value.modules[0].used_by[0].size(), k_system_name_max);
  EXPECT_EQ(m.value.modules[0].used_by[1], "b");
  std::string users;
  for (int n = 0; n < 5000; ++n) {
    users += "m" + std::to_string(n) + ",";
  }
  const auto mu = parse_system_modules("nf_nat 1 1 " + users + " Live 0x0\n");
  EXPECT_EQ(mu.value.modules[0].used_by.size(), 4096u);
  EXPECT_TRUE(has_diag(mu, "more than 4096 users"));
}

TEST(SystemCommon, SplitWsFirstCountsEveryToken) {
  std::size_t total = 0;
  const auto t = split_ws_first(" a\tbb  c d ", 2, total);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0], "a");
  EXPECT_EQ(t[1], "bb");
  EXPECT_EQ(total, 4u);
  EXPECT_EQ(split_ws_first(" a\tbb  c d ", 10, total), split_ws(" a\tbb  c d "));
  EXPECT_TRUE(split_ws_first("   ", 3, total).empty());
  EXPECT_EQ(total, 0u);
}

TEST(SystemCommon, IdentifiersAndBoundedText) {
  EXPECT_TRUE(is_identifier("nr_free_pages"));
  EXPECT_TRUE(is_identifier("HugePages_Total2"));
  for (const char* bad : {"", "?", "a-b", "a b", "a:", "\xc3\xa9"}) {
    EXPECT_FALSE(is_identifier(bad)) << bad;
  }
  Parsed<int> r;
  EXPECT_EQ(bounded_name(r, 1, "x", "short", "name"), "short");
  EXPECT_TRUE(r.clean());
  // Cut before a code point, never inside one: 255 'a' then a 2-byte character that would straddle 256.
  const std::string s = std::string(255, 'a') + "\xc3\xa9" + "tail";
  const std::string cut = bounded_name(r, 1, "x", s, "name");
  EXPECT_EQ(cut, std::string(255, 'a'));
  EXPECT_TRUE(has_diag(r, "name longer than 256 bytes: cut"));
}

TEST(SystemCommon, LineCursorSplitsAsSplitLines) {
  for (const std::string_view text : {"", "\n", "a", "a\n", "a\n\nb", "a\nb\n", "\n\n\nx"}) {
    LineCursor c(text);
    std::vector<std::string_view> got;
    std::string_view line;
    std::size_t no = 0;
    while (c.next(line, no)) {
      got.push_back(line);
      EXPECT_EQ(no, got.size());
    }
    EXPECT_EQ(got, split_lines(text)) << text;
  }
}

}  // namespace
}  // namespace procsnap::procfs
