// An import killed midway (SIGKILL of a real `procsnap import` process while its transaction is open) leaves the
// database exactly as it was: the next connection rolls the hot journal back, the content equals the pre-import
// state table by table, integrity_check is ok, and the same archive then imports normally.
#include "db/db.hpp"
#include "e2e_support.hpp"
#include "procsnap/common/sha256.hpp"
#include "test_archive.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace procsnap::testing;
namespace db = procsnap::db;
using Clock = std::chrono::steady_clock;

const std::string k_bin = PROCSNAP_BIN;

// A synthetic capture big enough that importing it takes well over a second: many processes, each with a long
// maps file (one row per line) and a status file.
std::string big_archive(int processes, int maps_lines) {
  SnapshotBuilder b;
  for (int i = 0; i < processes; ++i) {
    const int pid = 1000 + i;
    b.process(pid, "worker" + std::to_string(i % 17), 5000 + static_cast<std::uint64_t>(i));
    std::string maps;
    for (int l = 0; l < maps_lines; ++l) {
      const unsigned long long lo = 0x7f0000000000ULL + static_cast<unsigned long long>(l) * 0x2000;
      char line[160];
      std::snprintf(line, sizeof line, "%llx-%llx r-xp %08x 08:01 %d /usr/lib/x86_64-linux-gnu/libfoo%d.so.1\n", lo,
                    lo + 0x1000, l * 4096, 100000 + l, l);
      maps += line;
    }
    b.file("proc/" + std::to_string(pid) + "/maps", maps);
    b.file("proc/" + std::to_string(pid) + "/status",
           "Name:\tworker\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t" + std::to_string(pid) + "\nPid:\t" +
               std::to_string(pid) + "\nPPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nThreads:\t1\n");
  }
  return b.build(Compression::zstd);
}

// Every row of every table (sqlite_schema included), in rowid order, hashed: equal digests mean equal content.
std::string content_digest(db::Connection& c, std::uint64_t* rows_out = nullptr) {
  procsnap::common::Sha256 h;
  std::uint64_t rows = 0;
  std::vector<std::string> tables{"sqlite_schema"};
  {
    auto t = c.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    while (t.step()) tables.emplace_back(t.column_text(0));
  }
  for (const auto& name : tables) {
    h.update("\n#table " + name + "\n");
    auto st = c.prepare("SELECT * FROM \"" + name + "\" ORDER BY rowid");
    while (st.step()) {
      ++rows;
      for (int i = 0; i < st.column_count(); ++i) {
        const int type = st.column_type(i);
        h.update(std::string(1, static_cast<char>('0' + type)));
        if (type == SQLITE_INTEGER) {
          h.update(std::to_string(st.column_int64(i)));
        } else if (type == SQLITE_FLOAT) {
          h.update(std::to_string(st.column_double(i)));
        } else if (type != SQLITE_NULL) {
          const std::string_view v = st.column_text(i);
          h.update(std::to_string(v.size()) + ":");
          h.update(v);
        }
        h.update("|");
      }
    }
  }
  if (rows_out) *rows_out = rows;
  return procsnap::common::to_hex(h.finish());
}

std::string integrity(db::Connection& c) {
  auto st = c.prepare("PRAGMA integrity_check");
  std::string out;
  while (st.step()) out += std::string(st.column_text(0)) + "\n";
  return out;
}

std::int64_t count(db::Connection& c, const std::string& sql) {
  auto st = c.prepare(sql);
  return st.step() ? st.column_int64(0) : -1;
}

pid_t spawn_import(const std::string& db_path, const std::string& archive) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, 0);
    ::dup2(devnull, 1);
    ::dup2(devnull, 2);
    ::execl(k_bin.c_str(), k_bin.c_str(), "import", "--db", db_path.c_str(), archive.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

TEST(ImportKill, SigkillMidwayLeavesDatabaseUnchanged) {
  TempDir d;
  const std::string db_path = d.file("evidence.db");
  const std::string journal = db_path + "-journal";

  // A prior snapshot, so the database is not empty and its pages are the ones a rollback must restore.
  auto first = SnapshotBuilder::sample();
  const std::string first_arch = write_file(d.file("first.tar.zst"), first.build(Compression::zstd));
  const auto imp = procsnap::e2e::run({k_bin, "import", "--db", db_path, first_arch});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;

  std::string before;
  std::uint64_t rows_before = 0;
  {
    db::Connection c(db_path, db::Connection::Mode::read_only);
    before = content_digest(c, &rows_before);
    ASSERT_EQ(count(c, "SELECT count(*) FROM snapshots"), 1);
  }
  ASSERT_GT(rows_before, 10U);
  ASSERT_FALSE(std::filesystem::exists(journal));
  const auto size_before = std::filesystem::file_size(db_path);

  const std::string big = write_file(d.file("big.tar.zst"), big_archive(4000, 200));

  // Start the import; wait until its transaction has begun writing (the rollback journal exists), let it run a
  // little longer so rows of many tables are in flight, then kill it without any chance to clean up.
  const pid_t child = spawn_import(db_path, big);
  ASSERT_GT(child, 0);
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  bool journal_seen = false;
  int status = 0;
  bool exited_early = false;
  while (Clock::now() < deadline) {
    if (std::filesystem::exists(journal)) {
      journal_seen = true;
      break;
    }
    if (::waitpid(child, &status, WNOHANG) == child) {
      exited_early = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!journal_seen && !exited_early) ::kill(child, SIGKILL);
  ASSERT_FALSE(exited_early) << "import finished before it could be killed (exit status " << status << ")";
  ASSERT_TRUE(journal_seen) << "no rollback journal appeared within 60 s";
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  // Still running: the kill lands inside the transaction (otherwise the archive is too small for this machine).
  ASSERT_EQ(::waitpid(child, &status, WNOHANG), 0) << "import finished within 0.4 s; make big_archive() bigger";
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  // The killed process could not delete its journal. Before the commit starts writing the database file, the
  // journal's header is not yet finalized (SQLite writes its magic when it syncs the journal just before the
  // first database write), so SQLite treats it as stale, not hot: the database file itself was never touched.
  EXPECT_TRUE(std::filesystem::exists(journal));
  EXPECT_EQ(std::filesystem::file_size(db_path), size_before);

  {
    db::Connection c(db_path, db::Connection::Mode::read_write_create);
    EXPECT_EQ(integrity(c), "ok\n");
    std::uint64_t rows_after = 0;
    EXPECT_EQ(content_digest(c, &rows_after), before) << "rows before " << rows_before << ", after " << rows_after;
    EXPECT_EQ(rows_after, rows_before);
    EXPECT_EQ(count(c, "SELECT count(*) FROM snapshots"), 1);
    EXPECT_EQ(count(c, "SELECT count(*) FROM members WHERE snapshot_id <> 1"), 0);
  }

  // The interrupted archive was not recorded: importing it again imports it (not "already imported").
  const auto again = procsnap::e2e::run({k_bin, "import", "--db", db_path, big}, {}, std::chrono::seconds(300));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out.find("already imported"), std::string::npos) << again.out;
  db::Connection c(db_path, db::Connection::Mode::read_only);
  EXPECT_EQ(count(c, "SELECT count(*) FROM snapshots"), 2);
  EXPECT_EQ(count(c, "SELECT count(*) FROM snapshots WHERE id = 2 AND process_count = 4000"), 1);
  EXPECT_EQ(integrity(c), "ok\n");
}

// SIGKILL while the commit is writing the database file (it grew: pages of the new snapshot are on disk): the
// journal is hot, and the next connection must roll the file back to its pre-import pages and size.
TEST(ImportKill, SigkillDuringCommitIsRolledBackFromTheHotJournal) {
  TempDir d;
  const std::string base = d.file("base.db");
  auto first = SnapshotBuilder::sample();
  const std::string first_arch = write_file(d.file("first.tar.zst"), first.build(Compression::zstd));
  const auto imp = procsnap::e2e::run({k_bin, "import", "--db", base, first_arch});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  std::string before;
  {
    db::Connection c(base, db::Connection::Mode::read_only);
    before = content_digest(c);
  }
  const auto size_before = std::filesystem::file_size(base);
  const std::string big = write_file(d.file("big.tar.zst"), big_archive(4000, 200));

  // The window (from the first database write to the journal's deletion) is short: a few attempts, each on a
  // fresh copy of the pre-import database.
  bool caught = false;
  for (int attempt = 0; attempt < 5 && !caught; ++attempt) {
    const std::string db_path = d.file("evidence" + std::to_string(attempt) + ".db");
    std::filesystem::copy_file(base, db_path);
    const pid_t child = spawn_import(db_path, big);
    ASSERT_GT(child, 0);
    const auto deadline = Clock::now() + std::chrono::seconds(120);
    int status = 0;
    bool grown = false;
    while (Clock::now() < deadline) {
      std::error_code ec;
      const auto sz = std::filesystem::file_size(db_path, ec);
      if (!ec && sz != size_before) {
        grown = true;
        ::kill(child, SIGKILL);
        break;
      }
      if (::waitpid(child, &status, WNOHANG) == child) break;  // finished before we saw the file grow
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    if (!grown) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      continue;
    }
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    if (!WIFSIGNALED(status) || !std::filesystem::exists(db_path + "-journal")) {
      continue;  // the commit completed (journal deleted) before the signal landed: try again
    }
    caught = true;
    ASSERT_NE(std::filesystem::file_size(db_path), size_before);  // the database file was modified
    {
      db::Connection c(db_path, db::Connection::Mode::read_write_create);
      EXPECT_EQ(integrity(c), "ok\n");
      EXPECT_EQ(content_digest(c), before);
      EXPECT_EQ(count(c, "SELECT count(*) FROM snapshots"), 1);
    }
    // The hot journal was played back and removed; the file has its pre-import size again.
    EXPECT_FALSE(std::filesystem::exists(db_path + "-journal"));
    EXPECT_EQ(std::filesystem::file_size(db_path), size_before);
  }
  EXPECT_TRUE(caught) << "no attempt caught the import between its first database write and its commit";
}

}  // namespace
