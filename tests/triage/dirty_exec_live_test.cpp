// dirty-exec-file-mapping, live: a child maps a page of a real executable file read-execute twice, patches one
// mapping (mprotect writable, write, mprotect read-execute again) and leaves the other alone; procsnap-collect
// captures it (smaps needs no root for the test's own child), procsnap import, and the check reports the patched
// mapping at the child's address and not the clean one.
#include <fmt/format.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <set>
#include <string>

#include "importer/database.hpp"
#include "importer/e2e_support.hpp"
#include "importer/forked_child.hpp"
#include "importer/test_archive.hpp"
#include "triage/triage.hpp"

namespace procsnap::triage {
namespace {

struct PatchedMappings {
  std::uint64_t patched = 0;  // the written mapping
  std::uint64_t clean = 0;    // same file page, never written
  int ok = 0;
};

// Runs in the child: two read-execute mappings of the first page of `file`, the first one patched.
PatchedMappings map_and_patch(const std::string& file) {
  const long page = ::sysconf(_SC_PAGESIZE);
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return PatchedMappings{};
  void* a = ::mmap(nullptr, page, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
  void* b = ::mmap(nullptr, page, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (a == MAP_FAILED || b == MAP_FAILED || ::mprotect(a, page, PROT_READ | PROT_WRITE) != 0) return PatchedMappings{};
  static_cast<unsigned char*>(a)[8] ^= 0x5a;  // EI_ABIVERSION: the private copy now differs from the file
  if (::mprotect(a, page, PROT_READ | PROT_EXEC) != 0) return PatchedMappings{};
  return PatchedMappings{reinterpret_cast<std::uintptr_t>(a), reinterpret_cast<std::uintptr_t>(b), 1};
}

TEST(DirtyExecLive, PatchedPageOfAnExecutableFileMappingIsReported) {
  // The file: procsnap's own binary (a real executable, on a file system that allows PROT_EXEC mappings).
  const procsnap::testing::ForkedChild<PatchedMappings> child([] { return map_and_patch(PROCSNAP_BIN); });
  ASSERT_GT(child.pid(), 0);
  ASSERT_EQ(child.value().ok, 1) << "the child could not map and patch " << PROCSNAP_BIN;
  procsnap::testing::TempDir dir;
  const std::string arch = dir.file("live.tar");
  const auto col = e2e::run({PROCSNAP_COLLECT_BIN, "-o", arch, "--compress", "none", "--pids",
                             std::to_string(child.pid()), "--quiet"});
  ASSERT_TRUE(col.exit_code == 0 || col.exit_code == 3) << col.exit_code << col.err;
  const std::string db_path = dir.file("live.db");
  const auto imp = e2e::run({PROCSNAP_BIN, "import", "--db", db_path, arch});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;

  db::Connection conn = importer::open_read_only(db_path);
  std::vector<std::string> errors;
  const auto checks = load_checks(errors);
  ASSERT_TRUE(errors.empty());
  const Report r = run_checks(conn, 1, checks, RunOptions{.min_severity = Severity::low, .max_rows = 0});
  for (const auto& f : r.failures) ADD_FAILURE() << f.id << ": " << f.message;
  std::set<std::string> starts;
  for (const auto& f : r.findings) {
    if (f.check->id != "dirty-exec-file-mapping") continue;
    std::size_t pid_col = f.columns.size(), start_col = f.columns.size();
    for (std::size_t i = 0; i < f.columns.size(); ++i) {
      if (f.columns[i] == "pid") pid_col = i;
      if (f.columns[i] == "start_hex") start_col = i;
    }
    ASSERT_LT(pid_col, f.columns.size());
    ASSERT_LT(start_col, f.columns.size());
    for (const auto& row : f.rows) {
      if (row[pid_col].bytes == std::to_string(child.pid())) starts.insert(row[start_col].bytes);
    }
  }
  EXPECT_TRUE(starts.contains(fmt::format("{:08x}", child.value().patched)))
      << "the patched mapping at " << std::hex << child.value().patched << " was not reported";
  EXPECT_FALSE(starts.contains(fmt::format("{:08x}", child.value().clean)))
      << "the clean mapping of the same file page was reported";
}

}  // namespace
}  // namespace procsnap::triage
