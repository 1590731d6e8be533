// --proc-root: a capture of the prometheus/procfs fixture tree (tests/fixtures/procfs/proc, see its README) holds
// its files byte for byte, with the same code path as a live capture.
#include <gtest/gtest.h>

#include "collector/test_support.hpp"

namespace {

constexpr const char* k_bin = PROCSNAP_COLLECT_BIN;
const std::string k_tree = std::string(PROCSNAP_FIXTURES_DIR) + "/procfs/proc";

TEST(ProcRoot, FixtureTreeIsCapturedByteForByte) {
  ASSERT_TRUE(std::filesystem::is_directory(k_tree)) << "the vendored fixture tree is missing: " << k_tree;
  procsnap::test::TempDir tmp;
  const auto r = procsnap::test::run_program(k_bin, {"-o", tmp / "fx.tar", "--proc-root", k_tree});
  const auto ar = procsnap::test::read_archive(tmp / "fx.tar");
  ASSERT_TRUE(ar.clean_eof) << ar.error;
  ASSERT_TRUE(ar.has("procsnap/trailer.json")) << r.err;
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 3) << r.err;

  // Every regular member equals the tree's file.
  std::size_t compared = 0;
  for (const auto& m : ar.members) {
    if (m.path.starts_with("procsnap/")) {
      continue;
    }
    ASSERT_TRUE(m.path.starts_with("proc/")) << m.path;
    ASSERT_FALSE(m.symlink) << m.path << ": the tree has no real symlinks";
    const auto want = procsnap::test::slurp(k_tree + "/" + m.path.substr(5));
    ASSERT_TRUE(want.has_value()) << m.path;
    EXPECT_EQ(m.data, *want) << m.path;
    ++compared;
  }
  EXPECT_GT(compared, 60u);
  // Files the tree has and the allow-list names are all there.
  for (const char* f : {"proc/26231/stat", "proc/26231/status", "proc/26231/smaps", "proc/26231/limits",
                        "proc/26231/fdinfo/0", "proc/26231/net/dev", "proc/26232/maps", "proc/26233/cmdline",
                        "proc/26235/status", "proc/584/stat", "proc/27079/task/27080/stat", "proc/meminfo", "proc/stat",
                        "proc/net/tcp", "proc/net/unix", "proc/pressure/cpu", "proc/net/dev_snmp6/eth0"}) {
    EXPECT_TRUE(ar.has(f)) << f;
  }
  const auto h = procsnap::test::json_member(ar, "procsnap/header.json");
  EXPECT_EQ(h.find("live")->as_bool(), false);
  EXPECT_EQ(h.string_at("proc_root"), k_tree);
  EXPECT_TRUE(h.find("host")->find("clk_tck")->is_null());
  // The tree's links are regular files holding the target text: recorded, never read as data.
  const auto lines = procsnap::test::manifest_by_path(ar);
  EXPECT_EQ(lines.at("proc/26231/exe").string_at("status"), "EINVAL");
  EXPECT_FALSE(ar.has("proc/26231/exe"));
}

TEST(ProcRoot, SymlinksInATreeAreStoredNotFollowedAndFifosAreSkipped) {
  procsnap::test::TempDir tmp;
  const std::string root = tmp / "proc";
  std::filesystem::create_directories(root + "/42/fd");
  std::ofstream(root + "/42/stat") << "42 (x) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 777 0 0\n";
  std::filesystem::create_symlink("/etc", root + "/42/cwd");
  std::filesystem::create_symlink("/etc/passwd", root + "/42/fd/0");
  std::filesystem::create_symlink("/etc/passwd", root + "/42/status");  // a link where a file belongs
  ASSERT_EQ(::mkfifo((root + "/42/maps").c_str(), 0600), 0);            // would block a naive reader
  std::filesystem::create_symlink("/etc", root + "/sys");               // a link in a system path
  const auto r = procsnap::test::run_program(k_bin, {"-o", tmp / "t.tar", "--proc-root", root});
  const auto ar = procsnap::test::read_archive(tmp / "t.tar");
  ASSERT_TRUE(ar.clean_eof) << ar.error;
  ASSERT_TRUE(ar.has("procsnap/trailer.json")) << r.err;
  EXPECT_EQ(ar.find("proc/42/cwd")->data, "/etc");
  EXPECT_TRUE(ar.find("proc/42/cwd")->symlink);
  EXPECT_EQ(ar.find("proc/42/fd/0")->data, "/etc/passwd");
  EXPECT_FALSE(ar.has("proc/42/status"));
  EXPECT_FALSE(ar.has("proc/42/maps"));
  const auto lines = procsnap::test::manifest_by_path(ar);
  EXPECT_EQ(lines.at("proc/42/status").string_at("status"), "ELOOP");
  EXPECT_EQ(lines.at("proc/42/maps").string_at("status"), "skipped");
  EXPECT_EQ(lines.at("proc/42/maps").string_at("reason"), "not-a-regular-file");
  EXPECT_EQ(lines.at("proc/42").u64_at("start_time"), 777u);
  for (const auto& m : ar.members) {
    EXPECT_FALSE(m.path.starts_with("proc/sys/")) << m.path;
  }
  EXPECT_EQ(r.exit_code, 3) << "ELOOP is not an expected status: " << r.err;
}

}  // namespace
