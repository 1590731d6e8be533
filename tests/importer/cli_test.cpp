// The procsnap binary: exit codes, messages, read-only query, output escaping end to end.
// (Runs the real binary through e2e_support.hpp's runner.)
#include "e2e_support.hpp"
#include "test_archive.hpp"

#include <gtest/gtest.h>

namespace {

using namespace procsnap::testing;
using procsnap::e2e::run;

const std::string k_bin = PROCSNAP_BIN;

TEST(Cli, HelpDocumentsExitCodesAndExamples) {
  const auto r = run({k_bin, "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Exit codes:"), std::string::npos);
  EXPECT_NE(r.out.find("5  verify: refused"), std::string::npos);
  const auto q = run({k_bin, "query", "--help"});
  EXPECT_EQ(q.exit_code, 0);
  EXPECT_NE(q.out.find("\\udcXX"), std::string::npos);
  EXPECT_NE(q.out.find("Examples:"), std::string::npos);
  EXPECT_EQ(run({k_bin, "no-such-command"}).exit_code, 2);
  EXPECT_EQ(run({k_bin}).exit_code, 2);
}

TEST(Cli, VerifyExitCodes) {
  TempDir d;
  EXPECT_EQ(run({k_bin, "verify", write_file(d.file("ok.tar.zst"), SnapshotBuilder::sample().build(Compression::zstd))}).exit_code, 0);
  auto inc = SnapshotBuilder::sample();
  inc.with_trailer = false;
  EXPECT_EQ(run({k_bin, "verify", write_file(d.file("inc.tar"), inc.build())}).exit_code, 3);
  auto bad = SnapshotBuilder::sample();
  bad.entries[1].stored_data = "flipped";
  const auto r = run({k_bin, "verify", write_file(d.file("bad.tar"), bad.build())});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.out.find(bad.entries[1].path + ": SHA-256 differs"), std::string::npos) << r.out;
  std::string evil = raw_with_header();
  raw_member(evil, "proc/../../etc/passwd", "x");
  raw_end(evil);
  const auto e = run({k_bin, "verify", write_file(d.file("evil.tar"), evil)});
  EXPECT_EQ(e.exit_code, 5);
  EXPECT_NE(e.out.find("REFUSED"), std::string::npos);
  EXPECT_EQ(run({k_bin, "verify", d.file("does-not-exist.tar")}).exit_code, 1);
}

TEST(Cli, ImportLsQueryPsRoundTrip) {
  TempDir d;
  const std::string db = d.file("t.db");
  auto b = SnapshotBuilder::sample();
  b.file("proc/4242/comm", "evil\x1b[2J\xe2\x80\xae");
  const std::string arch = write_file(d.file("a.tar.zst"), b.build(Compression::zstd));
  auto imp = run({k_bin, "import", "--db", db, arch});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  EXPECT_NE(imp.out.find("imported as snapshot 1 - verified"), std::string::npos) << imp.out;
  imp = run({k_bin, "import", "--db", db, arch});
  EXPECT_EQ(imp.exit_code, 0);
  EXPECT_NE(imp.out.find("already imported as snapshot 1"), std::string::npos) << imp.out;

  const auto ls = run({k_bin, "ls", "--db", db});
  EXPECT_EQ(ls.exit_code, 0);
  EXPECT_NE(ls.out.find("testhost"), std::string::npos);
  EXPECT_NE(ls.out.find("verified"), std::string::npos);

  // Table output escapes by default (stdout is a pipe here, not a terminal).
  const auto q = run({k_bin, "query", "--db", db, "SELECT CAST(data AS TEXT) AS comm FROM members WHERE path = 'proc/4242/comm'"});
  EXPECT_EQ(q.exit_code, 0);
  EXPECT_EQ(q.out.find('\x1b'), std::string::npos);
  EXPECT_NE(q.out.find("evil\\x1b[2J\\u{202e}"), std::string::npos) << q.out;
  // SQL from stdin and from a file; csv.
  const auto s = run({k_bin, "query", "--db", db, "--format", "csv", "-"}, "SELECT '=1+2' AS f, -1 AS n");
  EXPECT_EQ(s.out, "f,n\r\n\"'=1+2\",-1\r\n");
  write_file(d.file("q.sql"), "SELECT count(*) AS n FROM snapshots");
  const auto f = run({k_bin, "query", "--db", db, "--format", "ndjson", "-f", d.file("q.sql")});
  EXPECT_EQ(f.out, "{\"n\":1}\n");
}

TEST(Cli, QueryIsReadOnly) {
  TempDir d;
  const std::string db = d.file("t.db");
  ASSERT_EQ(run({k_bin, "import", "--db", db, write_file(d.file("a.tar"), SnapshotBuilder::sample().build())}).exit_code, 0);
  const std::string before = sha_hex(read_file(db));
  for (const char* sql : {"DELETE FROM snapshots", "DROP TABLE members", "PRAGMA journal_mode=WAL",
                          "ATTACH DATABASE 'x.db' AS x", "SELECT load_extension('x')"}) {
    const auto r = run({k_bin, "query", "--db", db, sql});
    EXPECT_EQ(r.exit_code, 1) << sql;
    EXPECT_FALSE(r.err.empty()) << sql;
  }
  EXPECT_EQ(sha_hex(read_file(db)), before);
  const auto t = run({k_bin, "query", "--db", db, "--timeout", "0.2",
                      "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM n) SELECT count(*) FROM n"});
  EXPECT_EQ(t.exit_code, 1);
  EXPECT_NE(t.err.find("--timeout"), std::string::npos) << t.err;
}

TEST(Cli, RefusedImportExitsNonZeroAndLeavesDbUnchanged) {
  TempDir d;
  const std::string db = d.file("t.db");
  ASSERT_EQ(run({k_bin, "import", "--db", db, write_file(d.file("a.tar"), SnapshotBuilder::sample().build())}).exit_code, 0);
  const std::string before = sha_hex(read_file(db));
  std::string evil = raw_with_header();
  raw_member(evil, "proc/1/stat", "", '6');  // FIFO
  raw_end(evil);
  const auto r = run({k_bin, "import", "--db", db, write_file(d.file("evil.tar"), evil)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("refused, nothing imported"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("FIFO"), std::string::npos) << r.err;
  EXPECT_EQ(sha_hex(read_file(db)), before);
}

TEST(Cli, ForeignDatabaseRefused) {
  TempDir d;
  const std::string db = d.file("evil.db");
  {
    procsnap::db::Connection c(db, procsnap::db::Connection::Mode::read_write_create);
    c.exec("CREATE TABLE snapshots(id INTEGER PRIMARY KEY); CREATE TRIGGER t AFTER INSERT ON snapshots BEGIN SELECT 1; END;");
  }
  const auto r = run({k_bin, "query", "--db", db, "SELECT 1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("refusing database"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unexpected trigger 't'"), std::string::npos) << r.err;
  EXPECT_EQ(run({k_bin, "ls", "--db", d.file("missing.db")}).exit_code, 1);
}

}  // namespace
