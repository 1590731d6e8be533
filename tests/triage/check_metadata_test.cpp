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
    "SELECT pid FROM proc_stat WHERE snapshot_id = :snapshot_id\n";

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
