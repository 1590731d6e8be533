// --mem with /proc/<pid>/pagemap : per-region page counts (present, swapped, soft-dirty, exclusive,
// file/shared) in the mem-region line, and --mem-resident-only (the default), which reads only present pages so the
// capture never swaps a page in or populates one (collector/mem_capture.*, schema/FORMAT.md "Memory regions").
//
// The child is this test binary re-executed with PROCSNAP_PAGEMAP_TEST_CHILD set: a static initializer turns it into
// pagemap_child() before GoogleTest starts. It maps k_pm_pages private anonymous pages between two PROT_NONE guards
// (so the region never merges with a neighbour), touches the first half, clears its soft-dirty bits and re-dirties
// the first quarter, and asks the kernel to page out the second quarter (MADV_PAGEOUT: swapped where swap exists).
// The other half is never touched. It reports the region and what its own pagemap says (the kernel's truth for the
// parts a test cannot dictate: whether swap took the pages, whether soft-dirty is compiled in).
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/swap.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "collector/test_support.hpp"
#include "mem_capture.hpp"

namespace {

constexpr const char* k_pagemap_child_env = "PROCSNAP_PAGEMAP_TEST_CHILD";
constexpr std::size_t k_pm_pages = 64;
constexpr std::size_t k_sparse_bytes = 64u << 20;
constexpr std::size_t k_sparse_touched = (40u << 20) + 3 * 4096;

std::size_t pm_page() { return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)); }

std::string pm_hex(std::uint64_t v, int width = 0) {
  char b[24];
  std::snprintf(b, sizeof b, "%0*llx", width, static_cast<unsigned long long>(v));
  return b;
}

/// Pagemap entries of `n` pages from `addr` in /proc/<pid>/pagemap ("self" allowed); empty when unreadable.
std::vector<std::uint64_t> pm_entries(const std::string& pid, std::uint64_t addr, std::size_t n) {
  std::vector<std::uint64_t> out(n);
  const int fd = ::open(("/proc/" + pid + "/pagemap").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return {};
  }
  const ssize_t k = ::pread(fd, out.data(), n * 8, static_cast<off_t>(addr / pm_page() * 8));
  ::close(fd);
  if (k != static_cast<ssize_t>(n * 8)) {
    return {};
  }
  return out;
}

std::size_t pm_count(const std::vector<std::uint64_t>& e, std::uint64_t bit) {
  std::size_t n = 0;
  for (const auto v : e) {
    n += (v & bit) != 0 ? 1 : 0;
  }
  return n;
}

[[noreturn]] void pagemap_child() {
  const std::size_t page = pm_page();
  auto* base = static_cast<char*>(
      ::mmap(nullptr, (k_pm_pages + 2) * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  if (base == MAP_FAILED) {
    ::_exit(1);
  }
  ::mprotect(base, page, PROT_NONE);
  ::mprotect(base + (k_pm_pages + 1) * page, page, PROT_NONE);
  char* p = base + page;
  ::madvise(p, k_pm_pages * page, MADV_NOHUGEPAGE);  // one touched byte must not populate a whole 2 MiB page
  const bool named = ::prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, p, k_pm_pages * page, "procsnap-pagemap") == 0;
  for (std::size_t i = 0; i < k_pm_pages / 2; ++i) {
    p[i * page] = static_cast<char>(1 + i);
  }
  // Soft-dirty: cleared for the whole process, then the first quarter is written again.
  const int cr = ::open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
  if (cr >= 0) {
    (void)!::write(cr, "4", 1);
    ::close(cr);
  }
  for (std::size_t i = 0; i < k_pm_pages / 4; ++i) {
    p[i * page] = static_cast<char>(0x40 + i);
  }
  ::madvise(p + k_pm_pages / 4 * page, k_pm_pages / 4 * page, MADV_PAGEOUT);  // to swap, where there is swap
  // A sparse region: 64 MiB (between guards) with one page written, 40 MiB in: the capture must skip the rest.
  auto* sbase = static_cast<char*>(::mmap(nullptr, k_sparse_bytes + 2 * page, PROT_READ | PROT_WRITE,
                                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0));
  if (sbase == MAP_FAILED) {
    ::_exit(1);
  }
  ::mprotect(sbase, page, PROT_NONE);
  ::mprotect(sbase + page + k_sparse_bytes, page, PROT_NONE);
  ::madvise(sbase + page, k_sparse_bytes, MADV_NOHUGEPAGE);
  sbase[page + k_sparse_touched] = 'S';
  const auto e = pm_entries("self", reinterpret_cast<std::uintptr_t>(p), k_pm_pages);
  std::string info = "ready addr=" + pm_hex(reinterpret_cast<std::uintptr_t>(p)) + " named=" + (named ? "1" : "0") +
                     " sparse=" + pm_hex(reinterpret_cast<std::uintptr_t>(sbase + page));
  if (const char* sfd = std::getenv("PROCSNAP_PAGEMAP_SHARE_FD")) {
    auto* shared = static_cast<volatile char*>(
        ::mmap(nullptr, 8 * page, PROT_READ | PROT_WRITE, MAP_SHARED, std::atoi(sfd), 0));
    if (shared != MAP_FAILED) {
      (void)shared[0];
      (void)shared[page];
      info += " shared=" + pm_hex(reinterpret_cast<std::uintptr_t>(shared));
    }
  }
  if (!e.empty()) {
    info += " present=" + std::to_string(pm_count(e, procsnap::collector::PagemapCounts::k_present)) +
            " swapped=" + std::to_string(pm_count(e, procsnap::collector::PagemapCounts::k_swapped)) +
            " softdirty=" + std::to_string(pm_count(e, procsnap::collector::PagemapCounts::k_soft_dirty));
  }
  info += "\n";
  (void)!::write(3, info.data(), info.size());
  ::close(3);
  char c;
  while (::read(0, &c, 1) > 0 || errno == EINTR) {
  }
  ::_exit(0);
}

const int pagemap_child_hook = [] {
  if (std::getenv(k_pagemap_child_env) != nullptr) {
    pagemap_child();
  }
  return 0;
}();

class PagemapChild : public procsnap::test::ForkedChild {
 public:
  /// `share_fd`: a memfd (not close-on-exec) of 8 pages the child maps and reads the first 2 pages of.
  explicit PagemapChild(std::optional<uid_t> uid = std::nullopt, int share_fd = -1) {
    start([&](int ready_fd, int ctl_fd) {
      // Moved out of the way first: the memfd may have a number the protocol fds take (0, 3).
      const int shared = share_fd >= 0 ? ::dup2(share_fd, 100) : -1;
      ::dup2(ctl_fd, 0);
      ::dup2(ready_fd, 3);
      ::setenv(k_pagemap_child_env, "1", 1);
      if (shared >= 0) {
        ::setenv("PROCSNAP_PAGEMAP_SHARE_FD", std::to_string(shared).c_str(), 1);
      }
      if (uid && (::setgroups(0, nullptr) != 0 || ::setresgid(*uid, *uid, *uid) != 0 ||
                  ::setresuid(*uid, *uid, *uid) != 0)) {
        ::_exit(126);
      }
      char arg0[] = "procsnap-pagemap-child";
      char* argv[] = {arg0, nullptr};
      ::execv("/proc/self/exe", argv);
    });
  }
  [[nodiscard]] bool ready() const { return line().starts_with("ready") && value("present").has_value(); }
  [[nodiscard]] std::optional<std::uint64_t> value(const std::string& key) const {
    const auto p = line().find(" " + key + "=");
    if (p == std::string::npos) {
      return std::nullopt;
    }
    const bool hex = key == "addr" || key == "sparse" || key == "shared";
    return std::strtoull(line().c_str() + p + key.size() + 2, nullptr, hex ? 16 : 10);
  }
  [[nodiscard]] std::uint64_t addr() const { return value("addr").value_or(0); }
  [[nodiscard]] std::string selection() const {
    return value("named") == 1u ? "path='[anon:procsnap-pagemap]'"
                                : "r and w and anon and size=" + std::to_string(k_pm_pages * pm_page() / 1024) + "K";
  }
  /// Present pages of the region now, read from the child's pagemap by this (privileged) process.
  [[nodiscard]] std::size_t present_now() const {
    return pm_count(pm_entries(std::to_string(pid()), addr(), k_pm_pages), procsnap::collector::PagemapCounts::k_present);
  }
  [[nodiscard]] std::optional<std::uint64_t> rss_kb() const {
    const auto s = procsnap::test::slurp("/proc/" + std::to_string(pid()) + "/status");
    const auto p = s ? s->find("\nVmRSS:") : std::string::npos;
    return p == std::string::npos ? std::nullopt : std::optional(std::strtoull(s->c_str() + p + 7, nullptr, 10));
  }
};

struct PmCapture {
  procsnap::test::TempDir tmp;
  procsnap::test::RunResult run;
  procsnap::test::Archive ar;
  std::optional<procsnap::common::json::Value> region;  ///< the mem-region line of the child's region

  PmCapture(const PagemapChild& child, std::vector<std::string> extra, std::optional<uid_t> uid = std::nullopt) {
    if (uid) {
      ::chmod(tmp.path().c_str(), 0777);
    }
    std::vector<std::string> args = {"-o", tmp / "p.tar", "--quiet", "--no-threads", "--pids",
                                     std::to_string(child.pid()), "--mem", child.selection()};
    args.insert(args.end(), extra.begin(), extra.end());
    procsnap::test::RunOptions o;
    if (uid) {
      o.uid = *uid;
      o.gid = *uid;
    }
    run = procsnap::test::run_program(PROCSNAP_COLLECT_BIN, args, o);
    ar = procsnap::test::read_archive(tmp / "p.tar");
    const std::string path = "mem/" + std::to_string(child.pid()) + "/regions/" + pm_hex(child.addr(), 8) + "-" +
                             pm_hex(child.addr() + k_pm_pages * pm_page(), 8);
    const auto lines = procsnap::test::manifest_by_path(ar);
    if (const auto it = lines.find(path); it != lines.end()) {
      region = it->second;
    }
  }
  /// Bytes stored in mem pieces covering [a, a + n), "" when a piece does not hold all of them.
  [[nodiscard]] std::string bytes(pid_t pid, std::uint64_t a, std::size_t n) const {
    const std::string pre = "mem/" + std::to_string(pid) + "/";
    for (const auto& m : ar.members) {
      if (!m.path.starts_with(pre) || m.path.find("/regions") != std::string::npos ||
          m.path.find("/frames/") != std::string::npos) {
        continue;
      }
      const std::string r = m.path.substr(pre.size());
      const std::uint64_t s = std::strtoull(r.c_str(), nullptr, 16);
      const std::uint64_t e = std::strtoull(r.c_str() + r.find('-') + 1, nullptr, 16);
      if (s <= a && a + n <= e) {
        return m.data.substr(a - s, n);
      }
    }
    return {};
  }
  [[nodiscard]] std::uint64_t pm(const char* key) const {
    const auto* p = region ? region->find("pagemap") : nullptr;
    return p != nullptr ? p->u64_at(key).value_or(~0ull) : ~0ull;
  }
};

// The counts, the bytes and the holes of a resident-only capture of the child's region, for any user.
void expect_resident_only_capture(const PagemapChild& child, const PmCapture& c) {
  ASSERT_TRUE(c.region.has_value()) << c.run.err;
  const std::size_t page = pm_page();
  const std::uint64_t present = *child.value("present");
  const std::uint64_t swapped = *child.value("swapped");
  EXPECT_EQ(c.region->find("pagemap")->string_at("status"), "ok");
  EXPECT_EQ(c.pm("pages"), k_pm_pages);
  EXPECT_EQ(c.pm("present"), present);
  EXPECT_EQ(c.pm("swapped"), swapped);
  EXPECT_EQ(present + swapped, k_pm_pages / 2) << "the touched half is in RAM or in swap, the rest is nowhere";
  EXPECT_EQ(c.pm("exclusive"), present) << "private anonymous pages of one process";
  EXPECT_EQ(c.pm("file_shared"), 0u);
  EXPECT_EQ(c.pm("soft_dirty"), *child.value("softdirty"));
  EXPECT_TRUE(*child.value("softdirty") == 0 || *child.value("softdirty") == k_pm_pages / 4)
      << "soft-dirty after clear_refs: the re-written quarter, or nothing on a kernel without CONFIG_MEM_SOFT_DIRTY";
  EXPECT_EQ(c.pm("unknown"), 0u);
  EXPECT_EQ(c.region->string_at("status"), "ok");
  EXPECT_EQ(c.region->string_at("reason"), "not-resident");
  EXPECT_EQ(c.region->u64_at("captured_bytes"), present * page);
  // Each page: stored with its bytes when present (never when swapped or untouched), else inside a not-resident hole.
  const auto entries = pm_entries(std::to_string(child.pid()), child.addr(), k_pm_pages);
  ASSERT_EQ(entries.size(), k_pm_pages);
  std::uint64_t hole_bytes = 0;
  for (const auto& h : *c.region->find("holes")->as_array()) {
    const auto& a = *h.as_array();
    ASSERT_EQ(a.size(), 3u);
    ASSERT_NE(a[2].as_string(), nullptr);
    EXPECT_EQ(*a[2].as_string(), "not-resident");
    hole_bytes += std::strtoull(a[1].as_string()->c_str(), nullptr, 16) -
                  std::strtoull(a[0].as_string()->c_str(), nullptr, 16);
  }
  EXPECT_EQ(hole_bytes, (k_pm_pages - present) * page);
  for (std::size_t i = 0; i < k_pm_pages; ++i) {
    const std::string got = c.bytes(child.pid(), child.addr() + i * page, 1);
    if ((entries[i] & procsnap::collector::PagemapCounts::k_present) != 0) {
      ASSERT_EQ(got.size(), 1u) << "present page " << i << " not stored";
      EXPECT_EQ(got[0], static_cast<char>(i < k_pm_pages / 4 ? 0x40 + i : 1 + i)) << "page " << i;
    } else {
      EXPECT_TRUE(got.empty()) << "page " << i << " is not resident but was stored";
    }
  }
}

/// A 32 MiB swap file (ext4 and the like), active while the object lives, when the machine has no swap, this
/// process may swapon, and mkswap is installed; otherwise inactive (active() false, `why` says why).
class TempSwap {
 public:
  TempSwap() {
    const auto meminfo = procsnap::test::slurp("/proc/meminfo");
    if (meminfo && meminfo->find("\nSwapTotal:             0 kB") == std::string::npos) {
      why_ = "the machine already has swap";
      active_ = true;  // MADV_PAGEOUT can use it
      owned_ = false;
      return;
    }
    const std::string f = tmp_ / "swap";
    const int fd = ::open(f.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    const std::string mib(1 << 20, '\0');
    bool ok = fd >= 0;
    for (int i = 0; ok && i < 32; ++i) {
      ok = ::write(fd, mib.data(), mib.size()) == static_cast<ssize_t>(mib.size());
    }
    ok = ok && ::fsync(fd) == 0;
    if (fd >= 0) {
      ::close(fd);
    }
    if (!ok || procsnap::test::run_program("/sbin/mkswap", {f}).exit_code != 0) {
      why_ = "could not make a swap file (mkswap)";
      return;
    }
    if (::swapon(f.c_str(), 0) != 0) {
      why_ = std::string("swapon: ") + std::strerror(errno);
      return;
    }
    path_ = f;
    active_ = true;
  }
  ~TempSwap() {
    if (!path_.empty()) {
      ::swapoff(path_.c_str());
    }
  }
  TempSwap(const TempSwap&) = delete;
  TempSwap& operator=(const TempSwap&) = delete;
  [[nodiscard]] bool active() const { return active_; }
  [[nodiscard]] bool owned() const { return owned_; }
  [[nodiscard]] const std::string& why() const { return why_; }

 private:
  procsnap::test::TempDir tmp_;
  std::string path_;
  std::string why_;
  bool active_ = false;
  bool owned_ = true;
};

TEST(Pagemap, ResidentOnlyReadsTheTouchedHalfAndChangesNothing) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "needs root: reads the child's pagemap to check the capture left it unchanged";
  }
  const TempSwap swap;  // before the child: its MADV_PAGEOUT then has somewhere to put the pages
  PagemapChild child;
  ASSERT_TRUE(child.ready()) << child.line();
  if (swap.active() && swap.owned()) {
    EXPECT_EQ(child.value("swapped"), k_pm_pages / 4) << "MADV_PAGEOUT with a swap file: the quarter is in swap";
  }
  const std::size_t present_before = child.present_now();
  const auto rss_before = child.rss_kb();
  PmCapture c(child, {});
  ASSERT_EQ(c.run.exit_code, 0) << c.run.err;
  expect_resident_only_capture(child, c);
  EXPECT_EQ(child.present_now(), present_before) << "the capture populated or swapped in pages of the target";
  EXPECT_EQ(child.rss_kb(), rss_before) << "the target's RSS changed during the capture";
  const auto header = procsnap::test::json_member(c.ar, "procsnap/header.json");
  EXPECT_EQ(header.find("options")->find("mem_resident_only")->as_bool(), std::optional<bool>(true));
  // As root the PFNs are visible: one frames record per present page, distinct frames (private pages).
  const auto* frames = c.ar.find("mem/" + std::to_string(child.pid()) + "/frames/" + pm_hex(child.addr(), 8) + "-" +
                                 pm_hex(child.addr() + k_pm_pages * pm_page(), 8));
  ASSERT_NE(frames, nullptr);
  EXPECT_EQ(frames->data.size(), 16 * *child.value("present"));
  std::set<std::uint64_t> ids;
  for (std::size_t i = 0; i + 16 <= frames->data.size(); i += 16) {
    std::uint64_t a = 0;
    std::uint64_t id = 0;
    std::memcpy(&a, frames->data.data() + i, 8);
    std::memcpy(&id, frames->data.data() + i + 8, 8);
    EXPECT_TRUE(a >= child.addr() && a < child.addr() + k_pm_pages / 2 * pm_page()) << "only touched pages";
    EXPECT_EQ(id >> 63, 0u);
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), *child.value("present")) << "private pages are distinct frames";
  if (*child.value("swapped") == 0) {
    std::cout << "note: no page went to swap (" << (swap.why().empty() ? "pageout kept them" : swap.why())
              << "): swapped counts are only checked at 0\n";
  }

  // --mem-nonresident reads every page: the untouched ones get populated (what the default avoids).
  PmCapture all(child, {"--mem-nonresident"});
  ASSERT_EQ(all.run.exit_code, 0) << all.run.err;
  ASSERT_TRUE(all.region.has_value());
  EXPECT_EQ(all.region->string_at("status"), "ok");
  EXPECT_EQ(all.region->find("reason"), nullptr);
  EXPECT_EQ(all.region->u64_at("captured_bytes"), k_pm_pages * pm_page());
  EXPECT_EQ(all.bytes(child.pid(), child.addr() + (k_pm_pages - 1) * pm_page(), 1), std::string(1, '\0'));
  EXPECT_GT(child.present_now(), present_before) << "reading untouched pages maps them (the zero page)";
}

TEST(Pagemap, UnprivilegedCollectorCountsTheSame) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "needs root to run the child and the collector as user nobody";
  }
  // Both as nobody: mem and pagemap open (same user), but without CAP_SYS_ADMIN pagemap zeroes the PFNs; the flags
  // the counts come from stay.
  PagemapChild child(65534);
  ASSERT_TRUE(child.ready()) << child.line();
  const std::size_t present_before = child.present_now();
  PmCapture c(child, {}, 65534);
  ASSERT_EQ(c.run.exit_code, 0) << c.run.err;
  expect_resident_only_capture(child, c);
  for (const auto& m : c.ar.members) {
    EXPECT_EQ(m.path.find("/frames/"), std::string::npos) << m.path << ": PFNs are hidden from nobody";
  }
  EXPECT_EQ(child.present_now(), present_before);
}

TEST(Pagemap, SharedPagesHaveTheSameFrameIdInBothProcesses) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "needs root: PFNs (and so frame ids) are hidden without CAP_SYS_ADMIN";
  }
  // This process maps 8 pages of a memfd and writes 4; the child maps the same memfd (inherited fd) and reads 2.
  // Frame ids say which pages are the same physical page; the ids of distinct pages differ.
  const std::size_t page = pm_page();
  const int mfd = ::memfd_create("procsnap-pmshare", 0);  // inherited across the child's exec
  ASSERT_GE(mfd, 0);
  ASSERT_EQ(::ftruncate(mfd, static_cast<off_t>(8 * page)), 0);
  auto* mine = static_cast<char*>(::mmap(nullptr, 8 * page, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0));
  ASSERT_NE(mine, MAP_FAILED);
  for (std::size_t i = 0; i < 4; ++i) {
    mine[i * page] = static_cast<char>('0' + i);
  }
  PagemapChild child(std::nullopt, mfd);
  ASSERT_TRUE(child.ready()) << child.line();
  const std::uint64_t theirs = *child.value("shared");
  procsnap::test::TempDir tmp;
  const auto run = procsnap::test::run_program(
      PROCSNAP_COLLECT_BIN, {"-o", tmp / "f.tar", "--quiet", "--no-threads", "--pids",
                             std::to_string(::getpid()) + "," + std::to_string(child.pid()), "--mem",
                             "path='/memfd:procsnap-pmshare*'"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto ar = procsnap::test::read_archive(tmp / "f.tar");
  auto frames_of = [&](pid_t pid, std::uint64_t base) {
    std::map<std::uint64_t, std::uint64_t> out;  // page index -> frame id
    const auto* m = ar.find("mem/" + std::to_string(pid) + "/frames/" + pm_hex(base, 8) + "-" +
                            pm_hex(base + 8 * page, 8));
    if (m != nullptr) {
      for (std::size_t i = 0; i + 16 <= m->data.size(); i += 16) {
        std::uint64_t a = 0;
        std::uint64_t id = 0;
        std::memcpy(&a, m->data.data() + i, 8);
        std::memcpy(&id, m->data.data() + i + 8, 8);
        out[(a - base) / page] = id;
      }
    }
    return out;
  };
  const auto a = frames_of(::getpid(), reinterpret_cast<std::uintptr_t>(mine));
  const auto b = frames_of(child.pid(), theirs);
  std::string listing;
  for (const auto& m : ar.members) {
    if (m.path.starts_with("mem/")) {
      listing += m.path + "\n";
    }
  }
  ASSERT_EQ(a.size(), 4u) << listing << child.line();
  // The child read pages 0 and 1; fault-around may have mapped the other pages already in the memfd's cache too.
  ASSERT_GE(b.size(), 2u) << listing << child.line();
  ASSERT_LE(b.size(), 4u) << listing << child.line();
  EXPECT_TRUE(b.contains(0) && b.contains(1));
  for (const auto& [i, id] : b) {
    EXPECT_EQ(id, a.at(i)) << "page " << i << " is the same frame in both processes";
  }
  EXPECT_NE(a.at(0), a.at(1));
  EXPECT_NE(a.at(2), a.at(3));
  ::munmap(mine, 8 * page);
  ::close(mfd);
}

TEST(Pagemap, SparseRegionStoresItsOnePageAndCountsEveryPage) {
  // 64 MiB with one written page: after a 4 MiB stretch with nothing resident the collector skips through pagemap
  // in large windows (skip_not_resident); the result is the same as reading every stretch.
  PagemapChild child;
  ASSERT_TRUE(child.ready()) << child.line();
  const std::uint64_t base = *child.value("sparse");
  procsnap::test::TempDir tmp;
  const auto run = procsnap::test::run_program(
      PROCSNAP_COLLECT_BIN, {"-o", tmp / "s.tar", "--quiet", "--no-threads", "--pids", std::to_string(child.pid()),
                             "--mem", "r and w and anon and size=" + std::to_string(k_sparse_bytes >> 20) + "M"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto ar = procsnap::test::read_archive(tmp / "s.tar");
  const auto lines = procsnap::test::manifest_by_path(ar);
  const std::string path = "mem/" + std::to_string(child.pid()) + "/regions/" + pm_hex(base, 8) + "-" +
                           pm_hex(base + k_sparse_bytes, 8);
  const auto it = lines.find(path);
  ASSERT_NE(it, lines.end()) << path;
  const auto& r = it->second;
  const std::size_t page = pm_page();
  const std::uint64_t touched = base + k_sparse_touched / page * page;
  EXPECT_EQ(r.string_at("status"), "ok");
  EXPECT_EQ(r.string_at("reason"), "not-resident");
  EXPECT_EQ(r.u64_at("captured_bytes"), page);
  EXPECT_EQ(r.find("pagemap")->u64_at("pages"), k_sparse_bytes / page);
  EXPECT_EQ(r.find("pagemap")->u64_at("present"), 1u);
  EXPECT_EQ(r.find("pagemap")->u64_at("unknown"), 0u);
  const auto& holes = *r.find("holes")->as_array();
  ASSERT_EQ(holes.size(), 2u);
  EXPECT_EQ(*holes[0].as_array()->at(0).as_string(), pm_hex(base, 8));
  EXPECT_EQ(*holes[0].as_array()->at(1).as_string(), pm_hex(touched, 8));
  EXPECT_EQ(*holes[1].as_array()->at(0).as_string(), pm_hex(touched + page, 8));
  EXPECT_EQ(*holes[1].as_array()->at(1).as_string(), pm_hex(base + k_sparse_bytes, 8));
  const auto* piece = ar.find("mem/" + std::to_string(child.pid()) + "/" + pm_hex(touched, 8) + "-" +
                              pm_hex(touched + page, 8));
  ASSERT_NE(piece, nullptr);
  EXPECT_EQ(piece->data[k_sparse_touched % page], 'S');
}

// ---------------------------------------------------------------------------------------------------------------
// read_mem_stretch on a fake pagemap (a sparse file with entries at the offsets of a real local mapping)

struct FakePagemap {
  procsnap::test::TempDir tmp;
  int fd = -1;
  FakePagemap(std::uint64_t addr, const std::vector<std::uint64_t>& entries) {
    fd = ::open((tmp / "pagemap").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0 && !entries.empty()) {
      (void)!::pwrite(fd, entries.data(), entries.size() * 8, static_cast<off_t>(addr / pm_page() * 8));
    }
  }
  ~FakePagemap() { ::close(fd); }
};

struct LocalPages {
  std::size_t n;
  char* p;
  explicit LocalPages(std::size_t pages) : n(pages) {
    p = static_cast<char*>(::mmap(nullptr, n * pm_page(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    for (std::size_t i = 0; i < n * pm_page(); ++i) {
      p[i] = static_cast<char>('a' + i / pm_page());
    }
  }
  ~LocalPages() { ::munmap(p, n * pm_page()); }
  [[nodiscard]] std::uint64_t addr() const { return reinterpret_cast<std::uintptr_t>(p); }
};

using procsnap::collector::HoleKind;
using PM = procsnap::collector::PagemapCounts;

TEST(Pagemap, StretchReadsOnlyPresentPagesAndCountsEveryBit) {
  const std::size_t page = pm_page();
  LocalPages local(6);
  FakePagemap fake(local.addr(), {PM::k_present | PM::k_exclusive | PM::k_soft_dirty, 0, PM::k_swapped | PM::k_soft_dirty,
                                  PM::k_present, PM::k_present | PM::k_file_shared | 0x1234, 0});
  ASSERT_GE(fake.fd, 0);
  const int mem = ::open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(mem, 0);
  std::vector<char> buf(6 * page, '\0');
  PM pm;
  const auto r =
      procsnap::collector::read_mem_stretch(mem, fake.fd, local.addr(), 6 * page, buf.data(), page, true, pm);
  ::close(mem);
  EXPECT_EQ(pm.pages, 6u);
  EXPECT_EQ(pm.present, 3u);
  EXPECT_EQ(pm.swapped, 1u);
  EXPECT_EQ(pm.soft_dirty, 2u);
  EXPECT_EQ(pm.exclusive, 1u);
  EXPECT_EQ(pm.file_shared, 1u);
  EXPECT_EQ(pm.unknown, 0u);
  EXPECT_EQ(pm.err, 0);
  EXPECT_FALSE(r.gone);
  ASSERT_EQ(r.readable.size(), 2u);
  EXPECT_EQ(r.readable[0].start, local.addr());
  EXPECT_EQ(r.readable[0].end, local.addr() + page);
  EXPECT_EQ(r.readable[1].start, local.addr() + 3 * page);
  EXPECT_EQ(r.readable[1].end, local.addr() + 5 * page);
  ASSERT_EQ(r.holes.size(), 2u);
  EXPECT_EQ(r.holes[0].start, local.addr() + page);
  EXPECT_EQ(r.holes[0].end, local.addr() + 3 * page);
  EXPECT_EQ(r.holes[0].kind, HoleKind::not_resident);
  EXPECT_EQ(r.holes[1].start, local.addr() + 5 * page);
  EXPECT_EQ(r.holes[1].kind, HoleKind::not_resident);
  EXPECT_EQ(buf[0], 'a');
  EXPECT_EQ(buf[3 * page], 'd');
  EXPECT_EQ(buf[4 * page], 'e');
  EXPECT_EQ(buf[page], '\0') << "a page pagemap calls not resident is never read";
  EXPECT_EQ(buf[5 * page], '\0');
}

TEST(Pagemap, StretchClipsRunsToAnUnalignedRange) {
  const std::size_t page = pm_page();
  LocalPages local(3);
  FakePagemap fake(local.addr(), {PM::k_present, 0, PM::k_present});
  const int mem = ::open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
  std::vector<char> buf(3 * page, '\0');
  PM pm;
  const std::uint64_t a = local.addr() + 100;
  const std::size_t len = 2 * page + 10;  // ends 10 bytes into page 2
  const auto r = procsnap::collector::read_mem_stretch(mem, fake.fd, a, len, buf.data(), page, true, pm);
  ::close(mem);
  EXPECT_EQ(pm.pages, 3u);
  ASSERT_EQ(r.readable.size(), 2u);
  EXPECT_EQ(r.readable[0].start, a);
  EXPECT_EQ(r.readable[0].end, local.addr() + page);
  EXPECT_EQ(r.readable[1].start, local.addr() + 2 * page);
  EXPECT_EQ(r.readable[1].end, a + len);
  ASSERT_EQ(r.holes.size(), 1u);
  EXPECT_EQ(r.holes[0].end - r.holes[0].start, page);
  EXPECT_EQ(buf[0], 'a');
  EXPECT_EQ(buf[2 * page - 100], 'c');
  EXPECT_EQ(r.attempted_end, a + len);
}

TEST(Pagemap, ShorterPagemapThanTheRangeMeansTheProcessIsGone) {
  // Hostile or racing: pagemap ends after 2 of 5 entries (what the kernel does once the target's mm is gone).
  const std::size_t page = pm_page();
  LocalPages local(5);
  FakePagemap fake(local.addr(), {PM::k_present, PM::k_present});
  const int mem = ::open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
  std::vector<char> buf(5 * page, '\0');
  PM pm;
  const auto r = procsnap::collector::read_mem_stretch(mem, fake.fd, local.addr(), 5 * page, buf.data(), page, true, pm);
  EXPECT_EQ(pm.pages, 2u);
  EXPECT_EQ(pm.unknown, 3u);
  EXPECT_TRUE(pm.short_read);
  EXPECT_EQ(pm.err, 0);
  EXPECT_TRUE(r.gone);
  ASSERT_EQ(r.readable.size(), 1u);
  EXPECT_EQ(r.readable[0].end, local.addr() + 2 * page);
  EXPECT_TRUE(r.holes.empty()) << "the pages after the end were not attempted";
  EXPECT_EQ(r.attempted_end, local.addr() + 2 * page);
  EXPECT_EQ(buf[2 * page], '\0');

  // Without --mem-resident-only the range is read whole; the missing entries are only counted.
  PM all;
  const auto r2 =
      procsnap::collector::read_mem_stretch(mem, fake.fd, local.addr(), 5 * page, buf.data(), page, false, all);
  ::close(mem);
  EXPECT_EQ(all.unknown, 3u);
  ASSERT_EQ(r2.readable.size(), 1u);
  EXPECT_EQ(r2.readable[0].end, local.addr() + 5 * page);
  EXPECT_EQ(buf[4 * page], 'e');
}

TEST(Pagemap, UnreadablePagemapReadsNothingResidentOnly) {
  const std::size_t page = pm_page();
  LocalPages local(2);
  procsnap::test::TempDir tmp;
  const int dir = ::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);  // pread: EISDIR
  const int mem = ::open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
  std::vector<char> buf(2 * page, '\0');
  PM pm;
  const auto r = procsnap::collector::read_mem_stretch(mem, dir, local.addr(), 2 * page, buf.data(), page, true, pm);
  PM none;
  none.err = EACCES;  // pagemap could not be opened
  const auto r2 = procsnap::collector::read_mem_stretch(mem, -1, local.addr(), 2 * page, buf.data(), page, true, none);
  ::close(mem);
  ::close(dir);
  EXPECT_EQ(pm.err, EISDIR);
  EXPECT_EQ(pm.unknown, 2u);
  EXPECT_FALSE(r.gone);
  EXPECT_TRUE(r.readable.empty());
  ASSERT_EQ(r.holes.size(), 1u);
  EXPECT_EQ(r.holes[0].kind, HoleKind::residency_unknown);
  EXPECT_EQ(r.holes[0].end - r.holes[0].start, 2 * page);
  EXPECT_EQ(none.unknown, 2u);
  EXPECT_TRUE(r2.readable.empty());
  ASSERT_EQ(r2.holes.size(), 1u);
  EXPECT_EQ(r2.holes[0].kind, HoleKind::residency_unknown);
  EXPECT_EQ(buf[0], '\0');
}

TEST(Pagemap, SkipStopsAtTheFirstPresentOrUnreadableEntry) {
  const std::size_t page = pm_page();
  LocalPages local(8);
  // Entries: 0-4 not present (one swapped), 5 present; the file ends after entry 6.
  FakePagemap fake(local.addr(), {0, PM::k_swapped, 0, 0, 0, PM::k_present, 0});
  PM pm;
  // A window of 2 entries: three windows before the present one.
  EXPECT_EQ(procsnap::collector::skip_not_resident(fake.fd, local.addr(), local.addr() + 8 * page, page, 2, pm),
            local.addr() + 5 * page);
  EXPECT_EQ(pm.pages, 5u) << "only the entries skipped are counted (the stretch reader counts from the present one)";
  EXPECT_EQ(pm.swapped, 1u);
  EXPECT_EQ(pm.present, 0u);
  PM after;
  EXPECT_EQ(procsnap::collector::skip_not_resident(fake.fd, local.addr() + 6 * page, local.addr() + 8 * page, page,
                                                   4, after),
            local.addr() + 7 * page)
      << "entry 7 is past the end of the (short) pagemap: the stretch reader handles it";
  EXPECT_EQ(after.pages, 1u);
  PM none;
  EXPECT_EQ(procsnap::collector::skip_not_resident(fake.fd, local.addr(), local.addr() + 3 * page, page, 64, none),
            local.addr() + 3 * page);
  EXPECT_EQ(none.pages, 3u);
}

}  // namespace
