// procsnap mem yara, end to end (root: the collector reads another process's /proc/<pid>/mem): a child holds
// markers on its heap and in a 6 MiB rwx region, one of them cut by the region's 4 MiB piece boundary; it is
// captured with --mem, imported, and YARA rules (strings, hex, regex, a condition) find each marker at the address
// the child reports.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>

#include "importer/forked_child.hpp"
#include "mem_db.hpp"

namespace {

using namespace procsnap;
using namespace procsnap::memtest;
namespace pt = procsnap::testing;

constexpr std::size_t k_yara_rwx_len = std::size_t{6} << 20;
constexpr std::size_t k_yara_rwx_off = 0x123;
constexpr std::size_t k_yara_split_off = (std::size_t{4} << 20) - 6;  // 6 bytes before the first piece's end

struct YaraChildAddrs {
  std::uint64_t heap = 0;  // the heap marker
  std::uint64_t rwx = 0;   // start of the rwx mapping
  int ok = 0;
};

// Runs in the child: the heap marker and the 6 MiB rwx mapping with its two markers. They are written in place by
// snprintf with the child's pid: they exist nowhere else in its memory.
YaraChildAddrs set_up_yara_markers() {
  void* brk = ::sbrk(8192);
  char* heap = brk == reinterpret_cast<void*>(-1) ? nullptr : static_cast<char*>(brk) + 100;
  void* rwx = ::mmap(nullptr, k_yara_rwx_len, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (heap == nullptr || rwx == MAP_FAILED) return YaraChildAddrs{};
  const int pid = static_cast<int>(::getpid());
  std::snprintf(heap, 64, "PSNAP-YHEAP-%d-Q7", pid);
  auto* r = static_cast<unsigned char*>(rwx);
  for (std::size_t i = 0; i < k_yara_rwx_len; ++i) r[i] = static_cast<unsigned char>((i * 13 + 1) & 0x7f);
  std::snprintf(reinterpret_cast<char*>(r + k_yara_rwx_off), 64, "PSNAP-YRWX-%d-Z9", pid);
  std::snprintf(reinterpret_cast<char*>(r + k_yara_split_off), 64, "PSNAP-YSPLIT-%d", pid);
  return YaraChildAddrs{reinterpret_cast<std::uintptr_t>(heap), reinterpret_cast<std::uintptr_t>(rwx), 1};
}

TEST(MemYaraE2E, MarkersOnTheHeapInRwxMemoryAndAcrossAPieceBoundaryAtTheirAddresses) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root: the collector reads another process's /proc/<pid>/mem";
  const pt::ForkedChild<YaraChildAddrs> child(set_up_yara_markers);
  ASSERT_GT(child.pid(), 0);
  ASSERT_EQ(child.value().ok, 1) << "the child could not set up its mappings (W^X policy?)";
  const int pid = child.pid();
  pt::TempDir dir;
  const std::string arch = dir.file("y.tar.zst");
  const std::string db = dir.file("y.db");
  const auto col = e2e::run({PROCSNAP_COLLECT_BIN, "-o", arch, "--pids", std::to_string(pid), "--mem",
                             "r and w and x or heap", "--quiet"});
  ASSERT_TRUE(col.exit_code == 0 || col.exit_code == 3) << col.exit_code << col.err;
  const auto imp = e2e::run({k_bin, "import", "--db", db, arch});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;

  // The split marker really is cut by a piece boundary of the capture.
  const std::uint64_t split = child.value().rwx + k_yara_split_off;
  {
    db::Connection conn(db, db::Connection::Mode::read_only);
    auto st = conn.prepare("SELECT count(*) FROM memory_chunks WHERE pid = ? AND end_addr > ? AND end_addr < ?");
    const std::array<db::Value, 3> args{static_cast<std::int64_t>(pid), db::U64{split}, db::U64{split + 12}};
    st.bind_all(args);
    ASSERT_TRUE(st.step());
    ASSERT_EQ(st.column_int64(0), 1) << "no piece ends inside the split marker: pieces are not cut at 4 MiB";
  }

  const std::string rules = pt::write_file(dir.file("live.yar"), fmt::format(R"(
rule live_heap : heap {{ strings: $h = "PSNAP-YHEAP-{0}-Q7" condition: $h }}
rule live_rwx {{ strings: $r = "PSNAP-YRWX-{0}-Z9" condition: $r }}
rule live_split {{ strings: $s = "PSNAP-YSPLIT-{0}" condition: $s }}
rule live_hex {{ strings: $x = {{ 50 53 4E 41 50 2D 59 52 57 58 2D }} condition: $x }}
rule live_regex {{ strings: $re = /PSNAP-Y(HEAP|RWX|SPLIT)-{0}/ condition: #re == 3 }}
rule live_elsewhere {{ strings: $r = "PSNAP-YRWX-{0}-Z9" condition: $r and not $r at {1} }}
)",
                                                                             pid, child.value().rwx + k_yara_rwx_off));
  const auto run = e2e::run({k_bin, "mem", "yara", "--db", db, rules, "latest", "--save"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  db::Connection conn(db, db::Connection::Mode::read_only);
  auto st = conn.prepare("SELECT rule, address FROM yara_matches WHERE pid = ? ORDER BY rule, address");
  const std::array<db::Value, 1> args{static_cast<std::int64_t>(pid)};
  st.bind_all(args);
  std::multimap<std::string, std::uint64_t> found;
  while (st.step()) found.emplace(std::string(st.column_text(0)), static_cast<std::uint64_t>(st.column_int64(1)));
  const auto at = [&](const std::string& rule) {
    std::vector<std::uint64_t> out;
    for (auto [it, end] = found.equal_range(rule); it != end; ++it) out.push_back(it->second);
    return out;
  };
  EXPECT_EQ(at("live_heap"), std::vector<std::uint64_t>{child.value().heap});
  EXPECT_EQ(at("live_rwx"), std::vector<std::uint64_t>{child.value().rwx + k_yara_rwx_off});
  EXPECT_EQ(at("live_split"), std::vector<std::uint64_t>{split});
  EXPECT_EQ(at("live_hex"), std::vector<std::uint64_t>{child.value().rwx + k_yara_rwx_off});
  std::vector<std::uint64_t> all{child.value().heap, child.value().rwx + k_yara_rwx_off, split};
  std::sort(all.begin(), all.end());
  EXPECT_EQ(at("live_regex"), all);
  EXPECT_TRUE(at("live_elsewhere").empty()) << "the rwx marker is exactly where the child put it";
}

}  // namespace
