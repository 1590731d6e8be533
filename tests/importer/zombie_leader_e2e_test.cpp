// Zombie leaders on a real process: a child whose main thread exited (the leader is a zombie)
// while another thread lives, captured with the real collector and imported with the real analyzer. The
// collector stores the process-wide files under the live thread's task directory; the process tables and the
// osquery views must still describe the process (its maps, fds, cmdline, environment, exe). The child is the
// collector tests' "leaderexit" child (tests/collector/test_support.hpp); synthetic and hostile cases are in
// zombie_leader_test.cpp.
#include "collector/test_support.hpp"
#include "e2e_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace e2e = procsnap::e2e;
using procsnap::test::Child;
using procsnap::test::ChildOptions;

bool wait_until_leader_is_zombie(pid_t pid) {
  for (int i = 0; i < 300; ++i) {
    const auto st = procsnap::test::slurp("/proc/" + std::to_string(pid) + "/stat").value_or("");
    if (st.find(") Z ") != std::string::npos) return true;
    ::usleep(10'000);
  }
  return false;
}

TEST(ZombieLeaderE2E, ProcessTablesAndViewsDescribeTheProcessFromItsLiveThread) {
  for (const char* bin : {PROCSNAP_COLLECT_BIN, PROCSNAP_BIN}) {
    if (auto why = e2e::unusable_binary(bin)) GTEST_SKIP() << *why;
  }
  e2e::TempDir dir;
  Child child(ChildOptions{.mode = "leaderexit"});
  ASSERT_TRUE(child.ready()) << child.line();
  ASSERT_TRUE(wait_until_leader_is_zombie(child.pid())) << "the child's leader never became a zombie";
  const std::string pid = std::to_string(child.pid());
  const std::string db = dir.file("zombie.db");
  const std::string archive = dir.file("zombie.tar.zst");
  ASSERT_EQ(e2e::capture_and_import(PROCSNAP_COLLECT_BIN, PROCSNAP_BIN, {"--pids", pid}, archive, db), std::nullopt);
  auto query = [&](const std::string& sql) {
    std::string error;
    auto rows = e2e::query(PROCSNAP_BIN, db, sql, error);
    EXPECT_TRUE(rows.has_value()) << sql << "\n" << error;
    return rows ? *rows : std::vector<e2e::Value>{};
  };
  auto count = [&](const std::string& sql) {
    const auto rows = query(sql);
    return rows.size() == 1 ? e2e::int_at(rows[0], "n").value_or(-1) : -1;
  };

  // The archive really is the zombie-leader layout: the leader's own maps is empty, a task holds the copies.
  const auto copies = query("SELECT path, tid FROM members WHERE pid = " + pid +
                            " AND tid IS NOT NULL AND tid <> pid AND path LIKE '%/maps'");
  ASSERT_EQ(copies.size(), 1u) << "no task/<tid>/maps member: not captured as a zombie leader";
  EXPECT_EQ(count("SELECT size AS n FROM members WHERE path = 'proc/" + pid + "/maps'"), 0);
  const std::string tid = e2e::text_at(copies[0], "tid").value_or("?");

  const std::string of_pid = " WHERE pid = " + pid;
  EXPECT_GT(count("SELECT count(*) AS n FROM proc_maps" + of_pid), 0);
  EXPECT_EQ(count("SELECT count(*) AS n FROM proc_maps" + of_pid + " AND path = '[stack]'"), 1);
  EXPECT_GT(count("SELECT count(*) AS n FROM proc_smaps" + of_pid), 0);
  EXPECT_EQ(count("SELECT count(*) AS n FROM proc_smaps_rollup" + of_pid), 1);
  // fd 0 is the child's control pipe.
  const auto fd0 = query("SELECT type FROM proc_fds" + of_pid + " AND fd = 0");
  ASSERT_EQ(fd0.size(), 1u);
  EXPECT_EQ(e2e::text_at(fd0[0], "type"), "pipe");
  std::vector<std::string> args;
  for (const auto& r : query("SELECT arg FROM proc_cmdline_args" + of_pid + " ORDER BY idx")) {
    args.push_back(e2e::text_at(r, "arg").value_or("<NULL>"));
  }
  EXPECT_EQ(args, procsnap::test::child_args());
  const auto env = query("SELECT value FROM proc_environ_vars" + of_pid + " AND key = '" +
                         procsnap::test::k_child_env_name + "'");
  ASSERT_EQ(env.size(), 1u);
  EXPECT_EQ(e2e::text_at(env[0], "value"), procsnap::test::k_child_env_value);
  EXPECT_GT(count("SELECT count(*) AS n FROM proc_auxv" + of_pid), 0);
  const std::string self_exe = std::filesystem::read_symlink("/proc/self/exe").string();
  const auto exe = query("SELECT target FROM proc_links" + of_pid + " AND name = 'exe'");
  ASSERT_EQ(exe.size(), 1u);
  EXPECT_EQ(e2e::text_at(exe[0], "target"), self_exe);
  EXPECT_EQ(count("SELECT count(*) AS n FROM proc_links" + of_pid + " AND name IN ('cwd', 'root')"), 2);
  // One row per file: the leader's empty cmdline added none.
  EXPECT_EQ(count("SELECT count(*) AS n FROM proc_cmdline" + of_pid), 1);

  const auto p = query("SELECT * FROM processes" + of_pid);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(e2e::text_at(p[0], "state"), "Z");
  EXPECT_EQ(e2e::text_at(p[0], "cmdline"), "procsnap test child arg with  spaces  last");
  EXPECT_EQ(e2e::text_at(p[0], "path"), self_exe);
  EXPECT_EQ(e2e::text_at(p[0], "cwd"), std::filesystem::current_path().string());
  EXPECT_GT(count("SELECT count(*) AS n FROM process_memory_map" + of_pid), 0);
  EXPECT_EQ(count("SELECT count(*) AS n FROM process_envs" + of_pid + " AND key = '" +
                  procsnap::test::k_child_env_name + "'"),
            1);
  // No copy of this process was left unused.
  const auto issues = query("SELECT path, message FROM import_issues WHERE path LIKE 'proc/" + pid +
                            "/%' AND message LIKE 'not used%'");
  for (const auto& i : issues) {
    ADD_FAILURE() << e2e::text_at(i, "path").value_or("") << ": " << e2e::text_at(i, "message").value_or("");
  }
  EXPECT_NE(tid, pid);
}

}  // namespace
