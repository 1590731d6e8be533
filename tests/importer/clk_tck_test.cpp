// snapshots.clk_tck and clk_tck_source: the header's host.clk_tck when usable ('header'), else
// 100 ('assumed': a --proc-root capture records none), or `procsnap import --clk-tck N` for every archive of the
// import ('option'); the views compute start times with it. A database made with the schema before
// clk_tck_source is refused with the usual message. The prometheus/procfs fixture tree (a real --proc-root
// capture) is checked in fixture_import_test.cpp.
#include "e2e_support.hpp"
#include "importer/database.hpp"
#include "importer/importer.hpp"
#include "test_archive.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace procsnap;
namespace pt = procsnap::testing;
using importer::ImportOutcome;
using pt::SnapshotBuilder;

struct Db {
  pt::TempDir dir;
  std::string path = dir.file("t.db");
  importer::ImportResult import(const SnapshotBuilder& b, std::optional<std::int64_t> clk_tck = std::nullopt,
                                const std::string& name = "a.tar") {
    auto c = importer::open_for_import(path);
    importer::ImportOptions o;
    o.clk_tck = clk_tck;
    return importer::import_archive(c, pt::write_file(dir.file(name), b.build()), o);
  }
  std::string one(const std::string& sql) {
    auto c = importer::open_read_only(path);
    auto st = c.prepare(sql);
    return st.step() ? st.column_opt_text(0).value_or("NULL") : "(no row)";
  }
};

/// The sample archive (pid 4242 starts at tick 123456, btime 1795000000) with the given header clk_tck.
SnapshotBuilder sample_with(std::optional<std::int64_t> clk_tck) {
  auto b = SnapshotBuilder::sample();
  b.clk_tck = clk_tck;
  return b;
}

constexpr const char* k_tck = "SELECT clk_tck || '/' || clk_tck_source FROM snapshots";
constexpr const char* k_start = "SELECT start_time FROM processes WHERE pid = 4242";

TEST(ClkTck, TheHeadersValueIsUsedAndSaysHeader) {
  Db db;
  ASSERT_EQ(db.import(sample_with(250)).outcome, ImportOutcome::imported);
  EXPECT_EQ(db.one(k_tck), "250/header");
  EXPECT_EQ(db.one(k_start), std::to_string(1'795'000'000 + 123456 / 250));
  EXPECT_EQ(db.one("SELECT count(*) FROM import_issues"), "0");
}

TEST(ClkTck, AHeaderWithoutItGets100Assumed) {
  Db db;
  ASSERT_EQ(db.import(sample_with(std::nullopt)).outcome, ImportOutcome::imported);
  EXPECT_EQ(db.one(k_tck), "100/assumed");
  EXPECT_EQ(db.one(k_start), std::to_string(1'795'000'000 + 123456 / 100));
  EXPECT_EQ(db.one("SELECT started_epoch FROM proc_start_times WHERE pid = 4242"), "1795001234.56");
  EXPECT_EQ(db.one("SELECT count(*) FROM import_issues"), "0");
}

TEST(ClkTck, AnUnusableHeaderValueIsNotUsedAndSaysSo) {
  for (const std::int64_t bad : {0LL, -100LL, 10001LL, 1LL << 40}) {
    SCOPED_TRACE(bad);
    Db db;
    ASSERT_EQ(db.import(sample_with(bad)).outcome, ImportOutcome::imported);
    EXPECT_EQ(db.one(k_tck), "100/assumed");
    EXPECT_EQ(db.one("SELECT path || ': ' || message FROM import_issues"),
              "procsnap/header.json: header host.clk_tck is not a whole number in 1..10000: not used, 100 assumed");
  }
}

TEST(ClkTck, TheOptionOverridesEveryArchiveOfTheImport) {
  Db db;
  ASSERT_EQ(db.import(sample_with(100), 300, "a.tar").outcome, ImportOutcome::imported);
  auto other = sample_with(std::nullopt);
  other.hostname = "otherhost";
  ASSERT_EQ(db.import(other, 300, "b.tar").outcome, ImportOutcome::imported);
  EXPECT_EQ(db.one("SELECT group_concat(clk_tck || '/' || clk_tck_source, ',') FROM snapshots"),
            "300/option,300/option");
  EXPECT_EQ(db.one("SELECT group_concat(start_time, ',') FROM processes WHERE pid = 4242"),
            std::to_string(1'795'000'000 + 123456 / 300) + "," + std::to_string(1'795'000'000 + 123456 / 300));
  // An unusable header value is still reported, without claiming an assumption.
  Db bad;
  ASSERT_EQ(bad.import(sample_with(0), 300).outcome, ImportOutcome::imported);
  EXPECT_EQ(bad.one(k_tck), "300/option");
  EXPECT_EQ(bad.one("SELECT message FROM import_issues"),
            "header host.clk_tck is not a whole number in 1..10000: not used");
}

TEST(ClkTck, ADatabaseOfTheSchemaBeforeClkTckSourceIsRefusedWithTheUsualMessage) {
  Db db;
  ASSERT_EQ(db.import(sample_with(100)).outcome, ImportOutcome::imported);
  {
    // What an older procsnap created: the same snapshots table without the column.
    db::Connection c(db.path, db::Connection::Mode::read_write_create);
    c.exec("ALTER TABLE snapshots DROP COLUMN clk_tck_source");
  }
  for (const bool for_import : {true, false}) {
    SCOPED_TRACE(for_import ? "import" : "read");
    try {
      if (for_import) {
        (void)importer::open_for_import(db.path);
      } else {
        (void)importer::open_read_only(db.path);
      }
      FAIL() << "a database of another schema was opened";
    } catch (const db::Error& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("table 'snapshots' differs from procsnap's schema"), std::string::npos) << msg;
      EXPECT_NE(msg.find("a database from another procsnap version"), std::string::npos) << msg;
      EXPECT_NE(msg.find("import into a new --db file"), std::string::npos) << msg;
    }
  }
}

// ---- the CLI --------------------------------------------------------------------------------------------------

class ClkTckCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = e2e::unusable_binary(PROCSNAP_BIN)) GTEST_SKIP() << *why;
  }
  e2e::RunResult import(const std::vector<std::string>& extra, const std::string& archive) {
    std::vector<std::string> argv = {PROCSNAP_BIN, "import", "--db", dir_.file("cli.db")};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(archive);
    return e2e::run(argv);
  }
  std::string archive(std::optional<std::int64_t> clk_tck) {
    return pt::write_file(dir_.file("x.tar"), sample_with(clk_tck).build());
  }
  pt::TempDir dir_;
};

TEST_F(ClkTckCli, InvalidValuesAreAUsageError) {
  const std::string a = archive(std::nullopt);
  for (const char* bad : {"0", "-1", "10001", "1.5", "abc", "", "100x", "99999999999999999999999"}) {
    SCOPED_TRACE(bad);
    const auto r = import({"--clk-tck", bad}, a);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--clk-tck"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("whole number of clock ticks per second from 1 to 10000"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.file("cli.db")));
}

TEST_F(ClkTckCli, TheOptionIsStoredAndDocumented) {
  const auto r = import({"--clk-tck", "1024"}, archive(std::nullopt));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string error;
  const auto rows = e2e::query(PROCSNAP_BIN, dir_.file("cli.db"), "SELECT clk_tck, clk_tck_source FROM snapshots", error);
  ASSERT_TRUE(rows.has_value()) << error;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(e2e::int_at((*rows)[0], "clk_tck"), 1024);
  EXPECT_EQ(e2e::text_at((*rows)[0], "clk_tck_source"), "option");
  const auto help = e2e::run({PROCSNAP_BIN, "import", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--clk-tck"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("100 is assumed: USER_HZ is 100 on every architecture"), std::string::npos) << help.out;
}

TEST_F(ClkTckCli, ALiveCaptureKeepsItsHeaderValue) {
  if (auto why = e2e::unusable_binary(PROCSNAP_COLLECT_BIN)) GTEST_SKIP() << *why;
  const std::string db = dir_.file("live.db");
  ASSERT_EQ(e2e::capture_and_import(PROCSNAP_COLLECT_BIN, PROCSNAP_BIN, {"--pids", std::to_string(::getpid())},
                                    dir_.file("live.tar.zst"), db),
            std::nullopt);
  std::string error;
  const auto rows = e2e::query(PROCSNAP_BIN, db, "SELECT clk_tck, clk_tck_source FROM snapshots", error);
  ASSERT_TRUE(rows.has_value()) << error;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(e2e::int_at((*rows)[0], "clk_tck"), ::sysconf(_SC_CLK_TCK));
  EXPECT_EQ(e2e::text_at((*rows)[0], "clk_tck_source"), "header");
}

}  // namespace
