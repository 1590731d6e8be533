// The triage engine: SQL validation (one read-only statement, only :snapshot_id), bound snapshot id, severity
// filter, row cap, failures isolated per check, and escaped text / valid JSON output.
#include <gtest/gtest.h>

#include <variant>

#include "procsnap/common/json.hpp"
#include "triage_db.hpp"

namespace procsnap::triage::testing {
namespace {

Check make(std::string id, Severity sev, std::string sql) {
  Check c;
  c.id = std::move(id);
  c.title = "t";
  c.severity = sev;
  c.mitre = "T1055";
  c.why = "why";
  c.benign = "benign";
  c.sql = std::move(sql);
  return c;
}

TEST(TriageEngine, ValidateRefusesWritesSecondStatementsAndOtherParameters) {
  TriageDb db;
  EXPECT_EQ(validate_sql(db.conn(), make("a", Severity::low, "SELECT 1 WHERE :snapshot_id -- done\n")), "");
  EXPECT_NE(validate_sql(db.conn(), make("a", Severity::low, "DELETE FROM proc_stat WHERE snapshot_id = :snapshot_id")),
            "");
  EXPECT_NE(validate_sql(db.conn(), make("a", Severity::low, "SELECT :snapshot_id; DELETE FROM proc_stat")), "");
  EXPECT_NE(validate_sql(db.conn(), make("a", Severity::low, "SELECT :snapshot_id, :other")), "");
  EXPECT_NE(validate_sql(db.conn(), make("a", Severity::low, "SELECT ?")), "");
  EXPECT_NE(validate_sql(db.conn(), make("a", Severity::low, "SELECT 1")), "");
  EXPECT_NE(validate_sql(db.conn(), make("a", Severity::low, "SELECT * FROM no_such_table WHERE :snapshot_id")), "");
  // The table survived the refused DELETE.
  auto st = db.conn().prepare("SELECT count(*) FROM proc_stat");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_int64(0), 6);
}

TEST(TriageEngine, FiltersBySeverityCapsRowsAndIsolatesFailures) {
  TriageDb db;
  const std::vector<Check> checks{
      make("low-one", Severity::low, "SELECT pid FROM proc_stat WHERE snapshot_id = :snapshot_id"),
      make("high-one", Severity::high, "SELECT pid, comm FROM proc_stat WHERE snapshot_id = :snapshot_id"),
      make("broken", Severity::high, "SELECT nope FROM proc_stat WHERE snapshot_id = :snapshot_id"),
      make("empty", Severity::high, "SELECT pid FROM proc_stat WHERE snapshot_id = :snapshot_id AND pid < 0"),
  };
  auto r = run_checks(db.conn(), 1, checks, RunOptions{.min_severity = Severity::high, .max_rows = 2});
  EXPECT_EQ(r.checks_run, 3u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].check->id, "high-one");
  EXPECT_EQ(r.findings[0].total_rows, 6u);
  EXPECT_EQ(r.findings[0].rows.size(), 2u);
  EXPECT_EQ(r.findings[0].columns, (std::vector<std::string>{"pid", "comm"}));
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].id, "broken");

  r = run_checks(db.conn(), 1, checks, RunOptions{});
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].check->id, "high-one");  // highest severity first
  EXPECT_EQ(r.findings[1].check->id, "low-one");
  // Another snapshot id is bound, not spliced: nothing there.
  r = run_checks(db.conn(), 7, checks, RunOptions{});
  EXPECT_TRUE(r.findings.empty());
}

TEST(TriageEngine, TextEscapesHostileEvidenceAndGroupsBySeverity) {
  TriageDb db;
  db.conn().exec("UPDATE proc_stat SET comm = 'ev' || char(27) || '[31mil' || char(10) || 'x' WHERE pid = 200");
  const std::vector<Check> checks{
      make("hostile", Severity::medium,
           "SELECT pid, comm FROM proc_stat WHERE snapshot_id = :snapshot_id AND pid = 200"),
      make("top", Severity::high, "SELECT pid FROM proc_stat WHERE snapshot_id = :snapshot_id AND pid = 1"),
  };
  const RunOptions opt{};
  const auto r = run_checks(db.conn(), 1, checks, opt);
  const auto info = snapshot_info(db.conn(), 1);
  EXPECT_EQ(info.hostname, "host1");
  const std::string text = render_text(r, info, opt);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("comm=ev\\x1b[31mil\\nx"), std::string::npos) << text;
  const auto high = text.find("== HIGH ==");
  const auto medium = text.find("== MEDIUM ==");
  ASSERT_NE(high, std::string::npos);
  ASSERT_NE(medium, std::string::npos);
  EXPECT_LT(high, medium);
  EXPECT_EQ(text.find("== LOW =="), std::string::npos);
}

TEST(TriageEngine, JsonIsValidAndLossless) {
  TriageDb db;
  db.conn().exec("UPDATE proc_stat SET comm = 'a\"b' || char(10) || char(200) WHERE pid = 200");
  const std::vector<Check> checks{
      make("j", Severity::low,
           "SELECT pid, comm, NULL AS absent FROM proc_stat WHERE snapshot_id = :snapshot_id AND pid = 200")};
  const RunOptions opt{};
  const auto r = run_checks(db.conn(), 1, checks, opt);
  const std::string out = render_json(r, snapshot_info(db.conn(), 1), opt);
  const auto parsed = common::json::parse(out);
  ASSERT_TRUE(std::holds_alternative<common::json::Value>(parsed)) << out;
  EXPECT_NE(out.find("\"pid\":200"), std::string::npos) << out;
  EXPECT_NE(out.find("\"absent\":null"), std::string::npos) << out;
  EXPECT_NE(out.find("\"severity\":\"low\""), std::string::npos) << out;
  EXPECT_NE(out.find(R"("comm":"a\"b\n)"), std::string::npos) << out;
}

// A check file may use osquery's views, SQL functions and double-quoted strings (as osquery users write them): the
// engine's connection has them, and they prepare under the engine's read-only validation.
TEST(TriageEngine, ChecksMayUseOsqueryViewsAndFunctions) {
  TriageDb db;
  const std::vector<Check> checks{
      make("osquery-sql", Severity::high,
           "SELECT pid, name, split(name, 's', 0) AS part, length(sha256(name)) AS hlen, "
           "in_cidr_block('10.0.0.0/8', '10.1.2.3') AS inside, version_compare('1.10', '1.9') AS newer, "
           "regex_match(path, '/([a-z]+)$', 1) AS base "
           "FROM processes WHERE snapshot_id = :snapshot_id AND name IN (\"sshd\", \"bash\") ORDER BY pid"),
  };
  EXPECT_EQ(validate_sql(db.conn(), checks[0]), "");
  const auto r = run_checks(db.conn(), 1, checks, RunOptions{});
  ASSERT_TRUE(r.failures.empty()) << r.failures[0].message;
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].columns,
            (std::vector<std::string>{"pid", "name", "part", "hlen", "inside", "newer", "base"}));
  ASSERT_EQ(r.findings[0].total_rows, 2u);
  std::vector<std::string> rows;
  for (const auto& row : r.findings[0].rows) {
    std::string t;
    for (const auto& c : row) t += c.bytes + "|";
    rows.push_back(t);
  }
  // split('sshd', 's', 0) drops the empty tokens; regex_match's group 1 is the exe's base name.
  EXPECT_EQ(rows, (std::vector<std::string>{"100|sshd|hd|64|1|1|sshd|", "200|bash|ba|64|1|1|bash|"}));
}

}  // namespace
}  // namespace procsnap::triage::testing
