// An unprivileged capture (as user nobody): the archive completes, the user's own processes are captured fully,
// what the kernel denies is recorded (EACCES/EPERM), and denials alone don't make the capture partial.
#include <gtest/gtest.h>

#include "collector/test_support.hpp"

namespace {

constexpr const char* k_bin = PROCSNAP_COLLECT_BIN;
constexpr uid_t k_nobody = 65534;
constexpr gid_t k_nogroup = 65534;

TEST(Unprivileged, NobodyCapturesItsOwnProcessFullyAndRecordsDenials) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "needs root to switch to user nobody (setresuid)";
  }
  using procsnap::test::Child;
  using procsnap::test::ChildOptions;
  Child root_child(ChildOptions{.mode = "plain"});
  Child own_child(ChildOptions{.mode = "plain", .uid = k_nobody, .gid = k_nogroup});
  ASSERT_TRUE(root_child.ready());
  ASSERT_TRUE(own_child.ready()) << "the test binary must be executable by nobody";
  procsnap::test::TempDir tmp;
  const std::string out = tmp / "u.tar";
  const std::string pids = std::to_string(root_child.pid()) + "," + std::to_string(own_child.pid());
  // The output fd is opened here (as root) and handed over as stdout.
  const auto r = procsnap::test::run_program(k_bin, {"-o", "-", "--compress", "none", "--pids", pids},
                                             {.stdout_path = out, .uid = k_nobody, .gid = k_nogroup});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto ar = procsnap::test::read_archive(out);
  ASSERT_TRUE(ar.clean_eof) << ar.error;
  ASSERT_TRUE(ar.has("procsnap/trailer.json"));
  const auto h = procsnap::test::json_member(ar, "procsnap/header.json");
  EXPECT_EQ(h.u64_at("uid"), k_nobody);
  EXPECT_EQ(h.string_at("cap_eff"), "0000000000000000");

  const auto lines = procsnap::test::manifest_by_path(ar);
  const std::string own = "proc/" + std::to_string(own_child.pid());
  const std::string other = "proc/" + std::to_string(root_child.pid());
  // Own process: environ, maps, fd links readable.
  for (const char* f : {"/stat", "/environ", "/maps", "/exe", "/fd/0"}) {
    EXPECT_EQ(lines.at(own + f).string_at("status"), "ok") << f;
    EXPECT_TRUE(ar.has(own + f)) << f;
  }
  // Root's process: public files ok, private ones denied and recorded.
  EXPECT_EQ(lines.at(other + "/stat").string_at("status"), "ok");
  EXPECT_EQ(lines.at(other + "/cmdline").string_at("status"), "ok");
  for (const char* f : {"/environ", "/exe"}) {
    const auto s = lines.at(other + f).string_at("status").value_or("");
    EXPECT_TRUE(s == "EACCES" || s == "EPERM") << f << ": " << s;
    EXPECT_FALSE(ar.has(other + f)) << f;
  }
  EXPECT_EQ(lines.at(other + "/fd").string_at("status"), "EACCES");
  EXPECT_EQ(lines.at(other).string_at("status"), "ok");
}

}  // namespace
