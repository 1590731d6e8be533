// `procsnap query` hardening: read-only connection + authorizer + time and heap limits.
#include "db/query_guard.hpp"
#include "importer/database.hpp"
#include "importer/importer.hpp"
#include "test_archive.hpp"

#include <gtest/gtest.h>

namespace {

using namespace procsnap;
using namespace procsnap::testing;

struct GuardedDb {
  TempDir dir;
  std::string path = dir.file("t.db");
  GuardedDb() {
    auto c = importer::open_for_import(path);
    (void)importer::import_archive(c, write_file(dir.file("a.tar"), SnapshotBuilder::sample().build()), {});
  }
  /// Prepares and runs `sql` on a guarded read-only connection; returns the SQLite result code.
  int run(const std::string& sql, std::string* denial = nullptr, std::chrono::milliseconds timeout = std::chrono::milliseconds(60'000)) {
    auto c = importer::open_read_only(path);
    db::QueryGuard g(c, db::QueryLimits{timeout, 0});
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(c.handle(), sql.c_str(), -1, &st, nullptr);
    if (rc == SQLITE_OK) {
      while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      }
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (denial) *denial = g.last_denial();
    return rc & 0xff;
  }
};

TEST(QueryGuard, AllowsReading) {
  GuardedDb d;
  EXPECT_EQ(d.run("SELECT * FROM snapshots"), SQLITE_OK);
  EXPECT_EQ(d.run("SELECT name FROM pragma_table_info('members')"), SQLITE_OK);
  EXPECT_EQ(d.run("PRAGMA table_info(members)"), SQLITE_OK);
  EXPECT_EQ(d.run("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM n WHERE x < 10) SELECT * FROM n"),
            SQLITE_OK);
}

/// Runs `sql` guarded and returns the first column of the first row as text ("(error)" when it fails).
std::string first_value(GuardedDb& d, const std::string& sql) {
  auto c = importer::open_read_only(d.path);
  db::QueryGuard g(c, db::QueryLimits{std::chrono::milliseconds(60'000), 0});
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(c.handle(), sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return "(error)";
  std::string out = "(no row)";
  if (sqlite3_step(st) == SQLITE_ROW) {
    const auto* t = sqlite3_column_text(st, 0);
    out = t ? reinterpret_cast<const char*>(t) : "NULL";
  }
  sqlite3_finalize(st);
  return out;
}

// osquery's quoting: "x" names a column when there is one called x, and is the string 'x' otherwise.
TEST(QueryGuard, DoubleQuotedWordsAreColumnsWhenTheyNameOneElseStrings) {
  GuardedDb d;
  EXPECT_EQ(first_value(d, "SELECT \"state\" FROM snapshots"), first_value(d, "SELECT state FROM snapshots"));
  EXPECT_EQ(first_value(d, "SELECT \"sshd\""), "sshd");
  EXPECT_EQ(first_value(d, "SELECT count(*) FROM snapshots WHERE state = \"verified\""),
            first_value(d, "SELECT count(*) FROM snapshots WHERE state = 'verified'"));
  EXPECT_EQ(first_value(d, "SELECT count(*) FROM snapshots WHERE \"state\" = \"no-such-state\""), "0");
  // Still read-only: a double-quoted string does not open any door.
  EXPECT_NE(d.run("DELETE FROM snapshots WHERE state = \"verified\""), SQLITE_OK);
}

TEST(QueryGuard, RefusesWritesAndSchemaChanges) {
  GuardedDb d;
  const std::string before = sha_hex(read_file(d.path));
  std::string why;
  for (const char* sql : {"DELETE FROM snapshots", "UPDATE snapshots SET state = 'verified'",
                          "INSERT INTO import_issues(snapshot_id, path, message) VALUES (1, '', 'x')",
                          "DROP TABLE members", "CREATE TABLE x(a)", "CREATE TEMP TABLE x(a)",
                          "CREATE TEMP TRIGGER t AFTER INSERT ON snapshots BEGIN SELECT 1; END",
                          "ALTER TABLE snapshots ADD COLUMN y", "BEGIN", "VACUUM", "ANALYZE", "REINDEX",
                          "UPDATE sqlite_master SET sql = ''", "DELETE FROM sqlite_master"}) {
    EXPECT_NE(d.run(sql, &why), SQLITE_OK) << sql;
  }
  EXPECT_EQ(sha_hex(read_file(d.path)), before);
}

TEST(QueryGuard, RefusesAttachPragmaWritesAndExtensions) {
  GuardedDb d;
  std::string why;
  EXPECT_NE(d.run("ATTACH DATABASE '" + d.dir.file("x.db") + "' AS x", &why), SQLITE_OK);
  EXPECT_FALSE(std::filesystem::exists(d.dir.file("x.db")));
  EXPECT_EQ(d.run("PRAGMA journal_mode = WAL", &why), SQLITE_AUTH);
  EXPECT_NE(why.find("PRAGMA journal_mode"), std::string::npos) << why;
  EXPECT_EQ(d.run("PRAGMA writable_schema = ON"), SQLITE_AUTH);
  EXPECT_EQ(d.run("PRAGMA query_only = OFF"), SQLITE_AUTH);
  EXPECT_NE(d.run("SELECT load_extension('/tmp/evil.so')", &why), SQLITE_OK);
  EXPECT_NE(why.find("load_extension"), std::string::npos);
}

TEST(QueryGuard, InterruptsLongQueries) {
  GuardedDb d;
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = d.run("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM n) SELECT count(*) FROM n", nullptr,
                       std::chrono::milliseconds(200));
  EXPECT_EQ(rc, SQLITE_INTERRUPT);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
}

TEST(QueryGuard, ConnectionIsReadOnlyEvenWithoutTheAuthorizer) {
  GuardedDb d;
  auto c = importer::open_read_only(d.path);
  EXPECT_THROW(c.exec("DELETE FROM snapshots"), db::Error);
}

}  // namespace
