// The check files' metadata header: every embedded check parses, and the parser refuses malformed headers.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "triage_db.hpp"

namespace procsnap::triage::testing {
namespace {

constexpr std::string_view k_good =
    "-- id: demo\n"
    "-- title: A demo check\n"
    "-- severity: medium\n"
    "-- mitre: T1055.008\n"
    "-- why: first part\n"
    "--   second part\n"
    "-- benign: nothing\n"
    "SELECT pid FROM proc_stat WHERE snapshot_id = :snapshot_id\n"
    "-- clickhouse:\n"
    "SELECT snapshot_key, pid FROM proc_stat WHERE snapshot_key IN :snapshot_keys ORDER BY snapshot_key, pid\n";

TEST(CheckMetadata, EveryEmbeddedCheckParses) {
  ASSERT_FALSE(embedded_checks().empty());
  for (const auto& src : embedded_checks()) {
    const auto p = parse_check(src.file, src.text);
    EXPECT_TRUE(p.check.has_value()) << src.file << ": " << (p.errors.empty() ? "" : p.errors.front());
  }
}

TEST(CheckMetadata, EmbeddedChecksAreCompleteAndUnique) {
  TriageDb db;
  std::vector<std::string> errors;
  const auto checks = load_checks(errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(checks.size(), embedded_checks().size());
  EXPECT_GE(checks.size(), 20u);
  std::set<std::string> ids;
  const std::regex technique("T[0-9]{4}(\\.[0-9]{3})?");
  for (const auto& c : checks) {
    EXPECT_TRUE(ids.insert(c.id).second) << "duplicate id " << c.id;
    EXPECT_FALSE(c.title.empty()) << c.id;
    EXPECT_GE(c.why.size(), 40u) << c.id << ": why should explain";
    EXPECT_GE(c.benign.size(), 4u) << c.id;
    EXPECT_TRUE(std::regex_match(c.mitre, technique)) << c.id;
    // Each query prepares against the real schema as one read-only statement binding only :snapshot_id.
    EXPECT_EQ(validate_sql(db.conn(), c), "") << c.id;
  }
}

TEST(CheckMetadata, ParsesFieldsAndContinuations) {
  const auto p = parse_check("demo.sql", k_good);
  ASSERT_TRUE(p.check) << p.errors.front();
  EXPECT_EQ(p.check->id, "demo");
  EXPECT_EQ(p.check->title, "A demo check");
  EXPECT_EQ(p.check->severity, Severity::medium);
  EXPECT_EQ(p.check->mitre, "T1055.008");
  EXPECT_EQ(p.check->why, "first part second part");
  EXPECT_EQ(p.check->benign, "nothing");
  EXPECT_EQ(p.check->sql, "SELECT pid FROM proc_stat WHERE snapshot_id = :snapshot_id");
  EXPECT_EQ(p.check->clickhouse_sql,
            "SELECT snapshot_key, pid FROM proc_stat WHERE snapshot_key IN :snapshot_keys ORDER BY snapshot_key, pid");
}

// The SQLite triage path sees only the SQLite form: every embedded check's sql prepares alone (the marker and the
// ClickHouse form after it are not part of it), and its ClickHouse form is there, restricted by :snapshot_keys.
TEST(CheckMetadata, EveryEmbeddedCheckHasBothForms) {
  std::vector<std::string> errors;
  const auto checks = load_checks(errors);
  ASSERT_TRUE(errors.empty()) << errors.front();
  // a table read by name (not a subquery): FROM t / JOIN t
  const std::regex read(R"(\b(FROM|JOIN)\s+([A-Za-z_][A-Za-z0-9_]*))", std::regex::icase);
  for (const auto& c : checks) {
    EXPECT_EQ(c.sql.find(k_clickhouse_marker), std::string::npos) << c.id;
    EXPECT_EQ(c.sql.find(":snapshot_keys"), std::string::npos) << c.id;
    ASSERT_FALSE(c.clickhouse_sql.empty()) << c.id;
    EXPECT_EQ(c.clickhouse_sql.find(":snapshot_id"), std::string::npos) << c.id;
    EXPECT_EQ(c.clickhouse_sql.rfind("SELECT", 0), 0u) << c.id;
    // Every table the ClickHouse form reads is restricted with its own `snapshot_key IN :snapshot_keys`.
    const std::string code = std::regex_replace(c.clickhouse_sql, std::regex("--[^\n]*"), "");  // no comments
    std::size_t reads = 0;
    for (auto it = std::sregex_iterator(code.begin(), code.end(), read);
         it != std::sregex_iterator(); ++it) {
      ++reads;
    }
    std::size_t restricted = 0;
    for (auto at = c.clickhouse_sql.find("snapshot_key IN :snapshot_keys"); at != std::string::npos;
         at = c.clickhouse_sql.find("snapshot_key IN :snapshot_keys", at + 1)) {
      ++restricted;
    }
    EXPECT_GE(restricted, reads) << c.id << ": " << reads << " table reads, " << restricted << " restrictions";
    EXPECT_GE(restricted, 1u) << c.id;
    // The substituted form keeps no placeholder.
    EXPECT_EQ(clickhouse_sql(c, "SELECT snapshot_key FROM snapshots").find(":snapshot_keys"), std::string::npos);
  }
}

TEST(CheckMetadata, ClickHouseSubstitution) {
  const auto p = parse_check("demo.sql", k_good);
  ASSERT_TRUE(p.check);
  Check c = *p.check;
  EXPECT_EQ(clickhouse_sql(c, "SELECT snapshot_key FROM snapshots WHERE host LIKE 'web%'"),
            "SELECT snapshot_key, pid FROM proc_stat WHERE snapshot_key IN (SELECT snapshot_key FROM snapshots "
            "WHERE host LIKE 'web%') ORDER BY snapshot_key, pid");
  // Already one parenthesized whole: as given (no double parentheses).
  c.clickhouse_sql = "x IN :snapshot_keys";
  EXPECT_EQ(clickhouse_sql(c, " (SELECT snapshot_key FROM snapshots) "), "x IN (SELECT snapshot_key FROM snapshots)");
  EXPECT_EQ(clickhouse_sql(c, "('ab', 'c)d')"), "x IN ('ab', 'c)d')");
  // Parenthesized at both ends but not one whole: wrapped.
  EXPECT_EQ(clickhouse_sql(c, "(SELECT 'a') UNION ALL (SELECT 'b')"), "x IN ((SELECT 'a') UNION ALL (SELECT 'b'))");
  // Every occurrence, and only the whole token.
  c.clickhouse_sql = "a IN :snapshot_keys AND b IN :snapshot_keys AND :snapshot_keys_x";
  EXPECT_EQ(clickhouse_sql(c, "S"), "a IN (S) AND b IN (S) AND :snapshot_keys_x");
}

std::string replaced(std::string_view from, std::string_view to) {
  std::string s(k_good);
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(CheckMetadata, RefusesMalformedHeaders) {
  const std::vector<std::pair<std::string, std::string>> bad{
      {"id differs from file name", replaced("-- id: demo", "-- id: other")},
      {"id with capitals", replaced("-- id: demo", "-- id: Demo")},
      {"missing title", replaced("-- title: A demo check\n", "")},
      {"bad severity", replaced("medium", "critical")},
      {"bad technique", replaced("T1055.008", "1055")},
      {"unknown key", replaced("-- benign: nothing", "-- benign: nothing\n-- verdict: evil")},
      {"duplicate key", replaced("-- benign: nothing", "-- benign: nothing\n-- title: again")},
      {"continuation without field", "--   stray\n" + std::string(k_good)},
      {"no space after --", replaced("-- benign: nothing", "--benign: nothing")},
      {"no query", replaced("SELECT pid FROM proc_stat WHERE snapshot_id = :snapshot_id\n", "")},
      {"no :snapshot_id", replaced(":snapshot_id", "1")},
      {"no ClickHouse form", std::string(k_good).substr(0, std::string(k_good).find("-- clickhouse:"))},
      {"ClickHouse form without marker", replaced("-- clickhouse:\n", "")},
      {"marker twice", replaced("-- clickhouse:\n", "-- clickhouse:\n-- clickhouse:\n")},
      {"marker twice, forms between", std::string(k_good) + "-- clickhouse:\nSELECT snapshot_key FROM t "
                                                            "WHERE snapshot_key IN :snapshot_keys\n"},
      {"empty ClickHouse form", replaced("SELECT snapshot_key, pid FROM proc_stat WHERE snapshot_key IN "
                                         ":snapshot_keys ORDER BY snapshot_key, pid\n", "\n  \n")},
      {"marker last", std::string(k_good).substr(0, std::string(k_good).find("SELECT snapshot_key"))},
      {"placeholder missing", replaced("IN :snapshot_keys", "IN ('abc')")},
      {"placeholder misspelt", replaced("IN :snapshot_keys", "IN :snapshot_keys2")},
      {":snapshot_id in the ClickHouse form", replaced("IN :snapshot_keys", "IN :snapshot_keys AND :snapshot_id")},
      {":snapshot_keys in the SQLite form", replaced("= :snapshot_id", "= :snapshot_id AND 1 IN :snapshot_keys")},
      {"marker misspelt", replaced("-- clickhouse:", "--clickhouse:")},
      {"marker capitalized", replaced("-- clickhouse:", "-- ClickHouse:")},
      {"marker without colon", replaced("-- clickhouse:", "-- clickhouse")},
      {"marker in the header", replaced("-- benign: nothing\n", "-- benign: nothing\n-- clickhouse:\n")},
  };
  for (const auto& [what, text] : bad) {
    const auto p = parse_check("demo.sql", text);
    EXPECT_FALSE(p.check.has_value()) << what;
    EXPECT_FALSE(p.errors.empty()) << what;
    if (!p.errors.empty()) {
      EXPECT_EQ(p.errors.front().rfind("demo.sql:", 0), 0u) << p.errors.front();
    }
  }
}

TEST(CheckMetadata, SeverityNamesRoundTrip) {
  for (auto s : {Severity::low, Severity::medium, Severity::high}) EXPECT_EQ(parse_severity(severity_name(s)), s);
  EXPECT_FALSE(parse_severity("HIGH"));
  EXPECT_FALSE(parse_severity(""));
}

}  // namespace
}  // namespace procsnap::triage::testing
