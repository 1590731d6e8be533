// The end-to-end test: a child with a marker in its heap, an anonymous rwx region holding a second marker
// and a PROT_NONE guard; procsnap-collect --mem heap / --mem suspicious, procsnap import, procsnap mem grep /
// extract against the addresses the child reports.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "importer/forked_child.hpp"
#include "mem_db.hpp"

namespace {

using namespace procsnap;
using namespace procsnap::memtest;
namespace pt = procsnap::testing;

const std::string k_collect = PROCSNAP_COLLECT_BIN;
constexpr std::size_t k_rwx_len = 2 * 4096;
constexpr std::size_t k_rwx_marker_off = 0x123;

struct Addresses {
  std::uint64_t heap = 0;   // the heap marker
  std::uint64_t rwx = 0;    // start of the rwx mapping
  std::uint64_t guard = 0;  // start of the PROT_NONE mapping
  int ok = 0;
};

// The rwx mapping's content: a fixed byte pattern with the marker (and snprintf's NUL) at k_rwx_marker_off.
std::string rwx_content(const std::string& marker) {
  std::string s(k_rwx_len, '\0');
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<char>((i * 7 + 3) & 0xff);
  s.replace(k_rwx_marker_off, marker.size() + 1, marker + std::string(1, '\0'));
  return s;
}

// Runs in the child: the heap marker, the rwx mapping with its marker, the PROT_NONE guard.
Addresses set_up_mappings() {
  // The markers are written straight into their final place by snprintf: the full marker text exists
  // nowhere else in the child (the format strings in .rodata hold %d, not the pid).
  // The heap marker lives in memory from sbrk: the [heap] region whatever the allocator (ASan's malloc
  // does not use the brk heap, so malloc'd memory would not be in [heap] in the sanitizer build).
  void* brk = ::sbrk(8192);
  char* heap = brk == reinterpret_cast<void*>(-1) ? nullptr : static_cast<char*>(brk) + 100;
  void* rwx = ::mmap(nullptr, k_rwx_len, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  void* guard = ::mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (heap == nullptr || rwx == MAP_FAILED || guard == MAP_FAILED) return Addresses{};
  std::snprintf(heap, 64, "PSNAP-HEAP-%d-Q7", static_cast<int>(::getpid()));
  auto* r = static_cast<unsigned char*>(rwx);
  for (std::size_t i = 0; i < k_rwx_len; ++i) r[i] = static_cast<unsigned char>((i * 7 + 3) & 0xff);
  std::snprintf(reinterpret_cast<char*>(r + k_rwx_marker_off), 64, "PSNAP-RWX-%d-Z9", static_cast<int>(::getpid()));
  return Addresses{reinterpret_cast<std::uintptr_t>(heap), reinterpret_cast<std::uintptr_t>(rwx),
                   reinterpret_cast<std::uintptr_t>(guard), 1};
}

class Child : public pt::ForkedChild<Addresses> {
 public:
  Child() : pt::ForkedChild<Addresses>(set_up_mappings) {}
  [[nodiscard]] const Addresses& addr() const { return value(); }
  [[nodiscard]] std::string heap_marker() const { return fmt::format("PSNAP-HEAP-{}-Q7", pid()); }
  [[nodiscard]] std::string rwx_marker() const { return fmt::format("PSNAP-RWX-{}-Z9", pid()); }
};

// Collects the child with --mem `mem` and imports it into a new database; returns the database path, or ""
// (with a skip/failure recorded) when the tools do not support memory yet.
std::string capture_db(const pt::TempDir& dir, const Child& c, const std::string& mem, std::string& skip) {
  const std::string arch = dir.file(mem + ".tar.zst");
  const std::string db = dir.file(mem + ".db");
  const auto col = e2e::run({k_collect, "-o", arch, "--pids", std::to_string(c.pid()), "--mem", mem, "--quiet"});
  if (col.exit_code == 2) {
    skip = "procsnap-collect does not accept --mem yet: " + col.err;
    return "";
  }
  EXPECT_TRUE(col.exit_code == 0 || col.exit_code == 3) << col.exit_code << col.err;
  const auto imp = e2e::run({k_bin, "import", "--db", db, arch});
  EXPECT_EQ(imp.exit_code, 0) << imp.err;
  db::Connection conn(db, db::Connection::Mode::read_only);
  auto st = conn.prepare("SELECT count(*) FROM memory_regions WHERE pid = ?");
  const std::array<db::Value, 1> args{static_cast<std::int64_t>(c.pid())};
  st.bind_all(args);
  if (!st.step() || st.column_int64(0) == 0) {
    skip = "no memory_regions rows after import: collector or importer memory support not landed yet";
    return "";
  }
  return db;
}

// Every test: root (the collector reads another process's /proc/<pid>/mem), a child whose mappings are set up, a
// temporary directory; capture() then collects and imports it.
class MemE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root: the collector reads another process's /proc/<pid>/mem";
    child.emplace();
    ASSERT_GT(child->pid(), 0);
    ASSERT_EQ(child->addr().ok, 1) << "the child could not set up its mappings (W^X policy?)";
  }
  /// The child captured with --mem `mem` and imported; "" with `skip` set when the tools lack memory support.
  std::string capture(const std::string& mem) { return capture_db(dir, *child, mem, skip); }

  std::optional<Child> child;
  pt::TempDir dir;
  std::string skip;
};

std::string json_address(const e2e::RunResult& r) {
  const auto p = r.out.find("\"address\":\"");
  if (p == std::string::npos) return "";
  const auto e = r.out.find('"', p + 11);
  return r.out.substr(p + 11, e - p - 11);
}

TEST_F(MemE2E, HeapMarkerFoundAtTheChildsAddress) {
  const std::string db = capture("heap");
  if (db.empty()) GTEST_SKIP() << skip;
  const Child& c = *child;
  const auto r = e2e::run({k_bin, "mem", "grep", "--db", db, "latest", c.heap_marker(), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(json_address(r), fmt::format("0x{:x}", c.addr().heap)) << r.out;
  EXPECT_NE(r.out.find("\"path\":\"[heap]\""), std::string::npos) << r.out;
  // --mem heap does not take the rwx region.
  EXPECT_EQ(e2e::run({k_bin, "mem", "grep", "--db", db, "latest", c.rwx_marker()}).exit_code, 1);
}

TEST_F(MemE2E, SuspiciousCapturesTheRwxRegionNotTheHeap) {
  const std::string db = capture("suspicious");
  if (db.empty()) GTEST_SKIP() << skip;
  const Child& c = *child;
  auto r = e2e::run({k_bin, "mem", "grep", "--db", db, "latest", c.rwx_marker(), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(json_address(r), fmt::format("0x{:x}", c.addr().rwx + k_rwx_marker_off)) << r.out;
  r = e2e::run({k_bin, "mem", "grep", "--db", db, "latest", c.heap_marker()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;

  // The guard is listed, not read.
  db::Connection conn(db, db::Connection::Mode::read_only);
  {
    auto st = conn.prepare("SELECT status, reason FROM memory_regions WHERE pid = ? AND start_addr = ?");
    const std::array<db::Value, 2> args{static_cast<std::int64_t>(c.pid()), db::U64{c.addr().guard}};
    st.bind_all(args);
    ASSERT_TRUE(st.step()) << "no memory_regions row for the PROT_NONE guard";
    EXPECT_EQ(st.column_opt_text(0), "skipped");
    EXPECT_EQ(st.column_opt_text(1), "no-access");
  }

  // extract of the rwx region equals what the child wrote (the kernel may have merged the mapping with a
  // neighbour: compare at the mapping's offset inside the extracted region).
  const std::string out = dir.file("rwx.bin");
  r = e2e::run({k_bin, "mem", "extract", "--db", db, "latest", std::to_string(c.pid()),
                fmt::format("{:x}", c.addr().rwx + k_rwx_marker_off), "-o", out});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto st = conn.prepare("SELECT start_addr FROM memory_regions WHERE pid = ? AND start_addr <= ? AND end_addr > ?");
  const std::array<db::Value, 3> args{static_cast<std::int64_t>(c.pid()), db::U64{c.addr().rwx}, db::U64{c.addr().rwx}};
  st.bind_all(args);
  ASSERT_TRUE(st.step());
  const auto region_start = static_cast<std::uint64_t>(st.column_int64(0));
  const std::string bytes = pt::read_file(out);
  const std::size_t off = c.addr().rwx - region_start;
  ASSERT_GE(bytes.size(), off + k_rwx_len);
  EXPECT_TRUE(bytes.compare(off, k_rwx_len, rwx_content(c.rwx_marker())) == 0);
  EXPECT_NE(r.out.find("sha256 " + pt::sha_hex(bytes)), std::string::npos) << r.out;
}

}  // namespace
