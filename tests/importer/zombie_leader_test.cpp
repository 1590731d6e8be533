// Zombie leaders, on archives built in memory: when proc/<pid>/stat says the thread-group leader
// is a zombie, the process-wide files the collector stored under the first live task (proc/<pid>/task/<tid>/
// {cmdline, environ, auxv, maps, smaps, smaps_rollup, numa_maps, exe, cwd, root, fd/<n>}) are imported as the
// process's own, without duplicate rows, and hostile variants (two tasks, the leader's own task directory, a leader
// file with content, a leader file out of order) leave an import_issues row instead. The same on a real process:
// zombie_leader_e2e_test.cpp.
#include "importer/database.hpp"
#include "importer/importer.hpp"
#include "import_db.hpp"
#include "test_archive.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace procsnap;
using namespace procsnap::testing;
using importer::ImportOutcome;

struct Db : ImportDb {
  /// Paths of import_issues rows, in order, joined with ';'.
  std::string issue_paths() {
    return one("SELECT coalesce(group_concat(path, ';'), '') FROM (SELECT path FROM import_issues ORDER BY rowid)");
  }
};

constexpr int k_pid = 500;
constexpr std::uint64_t k_start = 4242;

/// A stat line whose state is 'Z' (the leader has exited).
std::string zombie_stat(int pid, std::uint64_t start_time) {
  std::string s = stat_line(pid, "prog", start_time);
  s.replace(s.find(") S "), 4, ") Z ");
  return s;
}

std::string nul_args(std::initializer_list<std::string_view> args) {
  std::string out;
  for (auto a : args) {
    out.append(a);
    out.push_back('\0');
  }
  return out;
}

const std::string k_maps_line = "00400000-00401000 r-xp 00000000 08:01 42                                 /usr/bin/prog\n";

std::string pid_path(const std::string& rest) { return "proc/" + std::to_string(k_pid) + "/" + rest; }
std::string task_path(int tid, const std::string& rest) {
  return "proc/" + std::to_string(k_pid) + "/task/" + std::to_string(tid) + "/" + rest;
}

/// The leader part the collector writes for a zombie leader: its stat (Z), empty cmdline/environ/maps, no links.
SnapshotBuilder zombie_leader(bool leader_stat_is_zombie = true) {
  SnapshotBuilder b;
  b.file(pid_path("stat"), leader_stat_is_zombie ? zombie_stat(k_pid, k_start) : stat_line(k_pid, "prog", k_start));
  b.file(pid_path("cmdline"), "");
  b.file(pid_path("environ"), "");
  b.file(pid_path("maps"), "");
  b.file(task_path(k_pid, "stat"), zombie_stat(k_pid, k_start));
  return b;
}

/// The process-wide copies the collector writes under the first live task.
void task_copies(SnapshotBuilder& b, int tid, std::string_view argv0 = "prog") {
  b.file(task_path(tid, "stat"), stat_line(tid, "prog", k_start + 1));
  b.file(task_path(tid, "cmdline"), nul_args({argv0, "--flag"}));
  b.file(task_path(tid, "environ"), nul_args({"HOME=/root", "MARKER=zombie"}));
  b.file(task_path(tid, "maps"), k_maps_line);
  b.link(task_path(tid, "exe"), "/usr/bin/prog");
  b.link(task_path(tid, "cwd"), "/srv");
  b.link(task_path(tid, "root"), "/");
  b.link(task_path(tid, "fd/0"), "/dev/null");
  b.link(task_path(tid, "fd/3"), "socket:[12345]");
}

TEST(ZombieLeader, TaskCopiesBecomeTheProcessRows) {
  Db db;
  auto b = zombie_leader();
  task_copies(b, 501);
  const auto r = db.import(b.build());
  ASSERT_EQ(r.outcome, ImportOutcome::imported) << r.message;
  EXPECT_EQ(r.state, "verified");
  const std::string pid = " WHERE pid = " + std::to_string(k_pid) + " AND start_time = " + std::to_string(k_start);
  // One row per file, from the task's copy, keyed like the leader's other rows; the leader's empty files add none.
  EXPECT_EQ(db.count("SELECT count(*) FROM proc_cmdline" + pid), 1);
  EXPECT_EQ(db.one("SELECT cmdline FROM proc_cmdline" + pid), "prog --flag");
  EXPECT_EQ(db.count("SELECT count(*) FROM proc_cmdline_args" + pid), 2);
  EXPECT_EQ(db.count("SELECT count(*) FROM proc_environ" + pid), 1);
  EXPECT_EQ(db.one("SELECT value FROM proc_environ_vars" + pid + " AND key = 'MARKER'"), "zombie");
  EXPECT_EQ(db.count("SELECT count(*) FROM proc_maps" + pid), 1);
  EXPECT_EQ(db.one("SELECT path FROM proc_maps" + pid), "/usr/bin/prog");
  EXPECT_EQ(db.one("SELECT group_concat(name || '=' || target, ',') FROM (SELECT * FROM proc_links" + pid +
                   " ORDER BY name)"),
            "cwd=/srv,exe=/usr/bin/prog,root=/");
  EXPECT_EQ(db.one("SELECT group_concat(fd || '=' || type, ',') FROM (SELECT * FROM proc_fds" + pid + " ORDER BY fd)"),
            "0=file,3=socket");
  // The osquery view sees the process whole.
  EXPECT_EQ(db.one("SELECT state || '|' || cmdline || '|' || path || '|' || cwd FROM processes WHERE pid = " +
                   std::to_string(k_pid)),
            "Z|prog --flag|/usr/bin/prog|/srv");
  // The members keep their real paths (and tid).
  EXPECT_EQ(db.one("SELECT pid || '/' || tid || '/' || start_time FROM members WHERE path = '" +
                   task_path(501, "maps") + "'"),
            "500/501/4242");
  EXPECT_EQ(db.one("SELECT verify FROM members WHERE path = '" + task_path(501, "fd/3") + "'"), "ok");
  EXPECT_EQ(db.issue_paths(), "");
}

TEST(ZombieLeader, AnEmptyLeaderFileWithoutATaskCopyIsStillImported) {
  // No task copies (e.g. --no-threads): the leader's empty cmdline gives its usual row (argc 0), once, whether the
  // pid is followed by another one or ends the archive.
  for (const bool last : {false, true}) {
    SCOPED_TRACE(last ? "last pid" : "followed by another pid");
    Db db;
    auto b = zombie_leader();
    if (!last) b.process(600, "other", 77);
    ASSERT_EQ(db.import(b.build()).outcome, ImportOutcome::imported);
    EXPECT_EQ(db.one("SELECT argc || '|' || coalesce(cmdline, 'NULL') FROM proc_cmdline WHERE pid = 500"), "0|NULL");
    EXPECT_EQ(db.count("SELECT count(*) FROM proc_cmdline WHERE pid = 500"), 1);
    EXPECT_EQ(db.count("SELECT count(*) FROM proc_environ WHERE pid = 500"), 1);
    EXPECT_EQ(db.count("SELECT count(*) FROM proc_maps WHERE pid = 500"), 0);
    EXPECT_EQ(db.count("SELECT count(*) FROM proc_cmdline WHERE pid = 600"), last ? 0 : 1);
    EXPECT_EQ(db.issue_paths(), "");
  }
}

TEST(ZombieLeader, ALeaderFileWithContentWinsOverTheTaskCopy) {
  Db db;
  SnapshotBuilder b;
  b.file(pid_path("stat"), zombie_stat(k_pid, k_start));
  b.file(pid_path("cmdline"), nul_args({"leader-argv"}));  // content: used, the copy is not
  b.file(pid_path("maps"), "");                              // empty: the copy is used
  b.link(pid_path("exe"), "/usr/bin/leader");               // a link: content
  task_copies(b, 501);
  ASSERT_EQ(db.import(b.build()).outcome, ImportOutcome::imported);
  EXPECT_EQ(db.count("SELECT count(*) FROM proc_cmdline WHERE pid = 500"), 1);
  EXPECT_EQ(db.one("SELECT cmdline FROM proc_cmdline WHERE pid = 500"), "leader-argv");
  EXPECT_EQ(db.count("SELECT count(*) FROM proc_cmdline_args WHERE pid = 500"), 1);
  EXPECT_EQ(db.count("SELECT count(*) FROM proc_maps WHERE pid = 500"), 1);
  EXPECT_EQ(db.count("SELECT count(*) FROM proc_links WHERE pid = 500 AND name = 'exe'"), 1);
  EXPECT_EQ(db.one("SELECT target FROM proc_links WHERE pid = 500 AND name = 'exe'"), "/usr/bin/leader");
  EXPECT_EQ(db.count("SELECT count(*) FROM processes WHERE pid = 500"), 1);
  EXPECT_EQ(db.issue_paths(), task_path(501, "cmdline") + ";" + task_path(501, "exe"));
  EXPECT_NE(db.one("SELECT message FROM import_issues WHERE path = '" + task_path(501, "cmdline") + "'")
                .find("proc/500/cmdline has content"),
            std::string::npos);
}

TEST(ZombieLeader, OnlyTheFirstTaskStandsForTheLeader) {
  // A hostile archive: copies under two tasks (the collector writes them for one), and under the leader's own
  // task directory. The first non-leader task (lowest tid, first in the archive) is used; the rest is recorded.
  Db db;
  auto b = zombie_leader();
  b.file(task_path(k_pid, "maps"), "00500000-00501000 r--p 00000000 08:01 43 /leader-task\n");
  task_copies(b, 501, "first");
  b.file(task_path(502, "stat"), stat_line(502, "prog", k_start + 2));
  b.file(task_path(502, "cmdline"), nul_args({"second"}));
  b.file(task_path(502, "maps"), "00600000-00601000 r--p 00000000 08:01 44 /second\n");
  b.link(task_path(502, "fd/0"), "/dev/zero");
  ASSERT_EQ(db.import(b.build()).outcome, ImportOutcome::imported);
  EXPECT_EQ(db.one("SELECT group_concat(cmdline, ',') FROM proc_cmdline WHERE pid = 500"), "first --flag");
  EXPECT_EQ(db.one("SELECT group_concat(path, ',') FROM proc_maps WHERE pid = 500"), "/usr/bin/prog");
  EXPECT_EQ(db.one("SELECT group_concat(target, ',') FROM proc_fds WHERE pid = 500 AND fd = 0"), "/dev/null");
  EXPECT_EQ(db.issue_paths(), task_path(k_pid, "maps") + ";" + task_path(502, "cmdline") + ";" +
                                  task_path(502, "maps") + ";" + task_path(502, "fd/0"));
  EXPECT_NE(db.one("SELECT message FROM import_issues WHERE path = '" + task_path(502, "maps") + "'")
                .find("task 501 already stands for the zombie leader"),
            std::string::npos);
  // Unused copies are still members, bytes and all.
  EXPECT_EQ(db.one("SELECT verify || '/' || tid FROM members WHERE path = '" + task_path(502, "maps") + "'"),
            "ok/502");
}

TEST(ZombieLeader, ALeaderFileAfterTheTaskCopyIsNotUsed) {
  // Out of the format's order (the leader's files come before its tasks): never a second set of rows.
  Db db;
  SnapshotBuilder b;
  b.file(pid_path("stat"), zombie_stat(k_pid, k_start));
  task_copies(b, 501);
  b.file(pid_path("maps"), "00700000-00701000 r--p 00000000 08:01 45 /late\n");
  ASSERT_EQ(db.import(b.build()).outcome, ImportOutcome::imported);
  EXPECT_EQ(db.one("SELECT group_concat(path, ',') FROM proc_maps WHERE pid = 500"), "/usr/bin/prog");
  EXPECT_EQ(db.issue_paths(), pid_path("maps"));
}

TEST(ZombieLeader, NotAZombieLeaderTheTaskFilesAreNotTheProcesss) {
  Db db;
  auto b = zombie_leader(/*leader_stat_is_zombie=*/false);
  task_copies(b, 501);
  ASSERT_EQ(db.import(b.build()).outcome, ImportOutcome::imported);
  EXPECT_EQ(db.count("SELECT count(*) FROM proc_maps WHERE pid = 500"), 0);
  EXPECT_EQ(db.count("SELECT count(*) FROM proc_fds WHERE pid = 500"), 0);
  EXPECT_EQ(db.count("SELECT count(*) FROM proc_links WHERE pid = 500"), 0);
  EXPECT_EQ(db.one("SELECT argc FROM proc_cmdline WHERE pid = 500"), "0");
  EXPECT_EQ(db.issue_paths(), "");
}

TEST(ZombieLeader, ParserIssuesOfATaskCopyNameTheRealMember) {
  Db db;
  auto b = zombie_leader();
  b.file(task_path(501, "maps"), k_maps_line + "this is not a maps line\n");
  ASSERT_EQ(db.import(b.build()).outcome, ImportOutcome::imported);
  EXPECT_EQ(db.count("SELECT count(*) FROM proc_maps WHERE pid = 500 AND path = '/usr/bin/prog'"), 1);
  EXPECT_GE(db.count("SELECT count(*) FROM import_issues WHERE path = '" + task_path(501, "maps") + "' AND line = 2"),
            1);
  EXPECT_EQ(db.count("SELECT count(*) FROM import_issues WHERE path <> '" + task_path(501, "maps") + "'"), 0);
}

}  // namespace
