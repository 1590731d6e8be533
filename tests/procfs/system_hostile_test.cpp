// Every system-wide parser against hostile bytes: truncation at every offset of the real fixtures, random bytes,
// NULs, invalid UTF-8, a 10 MB line, millions of short bad lines. None may crash; diagnostics stay bounded.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "procfs/system_buddyinfo.hpp"
#include "procfs/system_cgroups.hpp"
#include "procfs/system_cmdline.hpp"
#include "procfs/system_common.hpp"
#include "procfs/system_cpuinfo.hpp"
#include "procfs/system_devices.hpp"
#include "procfs/system_diskstats.hpp"
#include "procfs/system_filesystems.hpp"
#include "procfs/system_interrupts.hpp"
#include "procfs/system_keys.hpp"
#include "procfs/system_loadavg.hpp"
#include "procfs/system_locks.hpp"
#include "procfs/system_meminfo.hpp"
#include "procfs/system_misc.hpp"
#include "procfs/system_modules.hpp"
#include "procfs/system_partitions.hpp"
#include "procfs/system_pressure.hpp"
#include "procfs/system_softirqs.hpp"
#include "procfs/system_stat.hpp"
#include "procfs/system_swaps.hpp"
#include "procfs/system_sysctl.hpp"
#include "procfs/system_sysvipc.hpp"
#include "procfs/system_uptime.hpp"
#include "procfs/system_version.hpp"
#include "procfs/system_vmstat.hpp"
#include "procfs/system_zoneinfo.hpp"
#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {

template <class T>
void check_bounded(const Parsed<T>& r) {
  EXPECT_LE(r.diagnostics.size(), k_system_max_diagnostics + 1);
  for (const auto& d : r.diagnostics) {
    EXPECT_LE(d.excerpt.size(), k_excerpt_max);
  }
}

// (fixture path, parser run + bounded check)
using Runner = std::function<void(std::string_view)>;
std::vector<std::pair<std::string, Runner>> all_parsers() {
  return {
      {"prometheus/meminfo", [](std::string_view s) { check_bounded(parse_system_meminfo(s)); }},
      {"prometheus/stat", [](std::string_view s) { check_bounded(parse_system_stat(s)); }},
      {"prometheus/loadavg", [](std::string_view s) { check_bounded(parse_system_loadavg(s)); }},
      {"host/uptime", [](std::string_view s) { check_bounded(parse_system_uptime(s)); }},
      {"host/version", [](std::string_view s) { check_bounded(parse_system_version(s)); }},
      {"host/cmdline", [](std::string_view s) { check_bounded(parse_system_cmdline(s)); }},
      {"synthetic/modules", [](std::string_view s) { check_bounded(parse_system_modules(s)); }},
      {"prometheus/swaps", [](std::string_view s) { check_bounded(parse_system_swaps(s)); }},
      {"host/filesystems", [](std::string_view s) { check_bounded(parse_system_filesystems(s)); }},
      {"host/devices", [](std::string_view s) { check_bounded(parse_system_devices(s)); }},
      {"host/partitions", [](std::string_view s) { check_bounded(parse_system_partitions(s)); }},
      {"host/diskstats", [](std::string_view s) { check_bounded(parse_system_diskstats(s)); }},
      {"host/vmstat", [](std::string_view s) { check_bounded(parse_system_vmstat(s)); }},
      {"prometheus/pressure/memory", [](std::string_view s) { check_bounded(parse_system_pressure(s)); }},
      {"host/cpuinfo", [](std::string_view s) { check_bounded(parse_system_cpuinfo(s)); }},
      {"host/sys/kernel/hostname",
       [](std::string_view s) { check_bounded(parse_system_sysctl("kernel/hostname", s)); }},
      {"prometheus/buddyinfo", [](std::string_view s) { check_bounded(parse_system_buddyinfo(s)); }},
      {"prometheus/interrupts", [](std::string_view s) { check_bounded(parse_system_interrupts(s)); }},
      {"prometheus/softirqs", [](std::string_view s) { check_bounded(parse_system_softirqs(s)); }},
      {"host/zoneinfo", [](std::string_view s) { check_bounded(parse_system_zoneinfo(s)); }},
      {"host/locks", [](std::string_view s) { check_bounded(parse_system_locks(s)); }},
      {"host/cgroups", [](std::string_view s) { check_bounded(parse_system_cgroups(s)); }},
      {"host/misc", [](std::string_view s) { check_bounded(parse_system_misc(s)); }},
      {"host/keys", [](std::string_view s) { check_bounded(parse_system_keys(s)); }},
      {"host/sysvipc/shm", [](std::string_view s) { check_bounded(parse_system_sysvipc(s)); }},
  };
}

TEST(SystemHostile, TruncationAtEveryOffsetOfRealFixtures) {
  for (const auto& [fixture, run] : all_parsers()) {
    SCOPED_TRACE(fixture);
    const std::string full = testing::system_fixture(fixture);
    // Every byte offset for small files; a prime stride for large ones (stat is 130 KB).
    const std::size_t step = full.size() > 16384 ? 131 : 1;
    for (std::size_t n = 0; n <= full.size(); n += step) {
      run(std::string_view(full).substr(0, n));
    }
  }
}

TEST(SystemHostile, RandomBytesNulsAndInvalidUtf8) {
  std::mt19937 rng(12345);
  std::vector<std::string> inputs = {std::string(4096, '\0'),   std::string(4096, '\xff'), "\xc0\xaf\xed\xa0\x80\n",
                                     std::string(100000, '\n'), std::string(100000, ':'),  std::string(100000, ' ')};
  for (int i = 0; i < 200; ++i) {
    std::string s(static_cast<std::size_t>(rng() % 2048), '\0');
    for (auto& c : s) {
      // Biased toward the characters parsers split on.
      static constexpr char k_alpha[] = "0123456789 :\n\t=,/()-x.\"";
      c = (rng() % 4 == 0) ? static_cast<char>(rng()) : k_alpha[rng() % (sizeof k_alpha - 1)];
    }
    inputs.push_back(std::move(s));
  }
  for (const auto& [fixture, run] : all_parsers()) {
    SCOPED_TRACE(fixture);
    for (const auto& in : inputs) {
      run(in);
    }
  }
}

TEST(SystemHostile, TenMegabyteLineAndManyThousandBadLines) {
  const std::string big = testing::ten_mb_line();
  std::string many;
  // 10,000 times the diagnostic cap. A line without its key is no record (system_common.hpp), so a million lines
  // cost the capped diagnostics only (they took 22 s here when most parsers kept a row per bad line).
  many.reserve(2'000'000);
  for (int i = 0; i < 1'000'000; ++i) {
    many += "?\n";  // one diagnostic each, capped at k_system_max_diagnostics
  }
  for (const auto& [fixture, run] : all_parsers()) {
    SCOPED_TRACE(fixture);
    run(big);
    run(big + "\n" + big);
    run(many);
  }
}

TEST(SystemCommon, StrictDecimalAndUtf8) {
  EXPECT_DOUBLE_EQ(*parse_decimal("0.05"), 0.05);
  EXPECT_DOUBLE_EQ(*parse_decimal("12"), 12.0);
  for (const char* bad : {"", ".", "-1", "+1", "1e5", "inf", "nan", "1.2.3", " 1", "0x10"}) {
    EXPECT_FALSE(parse_decimal(bad).has_value()) << bad;
  }
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xe2\x82"));          // truncated
}

}  // namespace
}  // namespace procsnap::procfs
