// End to end with the real collector: collect --pids <a child> -> import -> query finds the child.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e_support.hpp"
#include "test_archive.hpp"

namespace {

using namespace procsnap::testing;
using procsnap::e2e::run;

TEST(CollectImport, CapturedChildIsQueryable) {
  if (auto why = procsnap::e2e::unusable_binary(PROCSNAP_COLLECT_BIN)) GTEST_SKIP() << *why;
  TempDir d;
  const pid_t child = ::fork();
  if (child == 0) {
    ::execl("/bin/sleep", "procsnap-import-marker", "300", static_cast<char*>(nullptr));  // argv[0] = marker
    ::_exit(127);
  }
  ASSERT_GT(child, 0);
  ::usleep(200'000);
  const std::string arch = d.file("c.tar.zst");
  const auto c = run({PROCSNAP_COLLECT_BIN, "--quiet", "--pids", std::to_string(child), "-o", arch});
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ASSERT_TRUE(c.exit_code == 0 || c.exit_code == 3) << c.err;

  EXPECT_EQ(run({PROCSNAP_BIN, "verify", arch}).exit_code, 0);
  const std::string db = d.file("t.db");
  const auto imp = run({PROCSNAP_BIN, "import", "--db", db, arch});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  EXPECT_NE(imp.out.find("verified"), std::string::npos) << imp.out;

  const std::string pid = std::to_string(child);
  auto q = run({PROCSNAP_BIN, "query", "--db", db, "--format", "ndjson",
                "SELECT verify, start_time IS NOT NULL AS has_start, CAST(data AS TEXT) AS cmdline FROM members "
                "WHERE path = 'proc/" +
                    pid + "/cmdline'"});
  ASSERT_EQ(q.exit_code, 0) << q.err;
  EXPECT_NE(q.out.find("procsnap-import-marker"), std::string::npos) << q.out;
  EXPECT_NE(q.out.find("\"verify\":\"ok\""), std::string::npos) << q.out;
  EXPECT_NE(q.out.find("\"has_start\":1"), std::string::npos) << q.out;
  q = run({PROCSNAP_BIN, "query", "--db", db, "SELECT state, process_count FROM snapshots"});
  EXPECT_NE(q.out.find("verified"), std::string::npos) << q.out;
  // Nothing went wrong in verification: no unlisted, missing or mismatched member.
  q = run({PROCSNAP_BIN, "query", "--db", db, "--format", "csv",
           "SELECT count(*) FROM members WHERE verify IN ('hash-mismatch','missing','unlisted','unverified')"});
  EXPECT_NE(q.out.find("\r\n0\r\n"), std::string::npos) << q.out;
  // ps and tree (their tables always exist: the schema is checked when the database is opened).
  const auto ps = run({PROCSNAP_BIN, "ps", "--db", db});
  EXPECT_EQ(ps.exit_code, 0) << ps.err;
  EXPECT_NE(ps.out.find(pid), std::string::npos) << ps.out;
  EXPECT_NE(ps.out.find("procsnap-import-marker 300"), std::string::npos) << ps.out;  // argv joined by spaces
  const auto tree = run({PROCSNAP_BIN, "tree", "--db", db, "1"});
  EXPECT_EQ(tree.exit_code, 0) << tree.err;
  EXPECT_NE(tree.out.find(pid + " sleep  procsnap-import-marker 300\n"), std::string::npos) << tree.out;
}

}  // namespace
