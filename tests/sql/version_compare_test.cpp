// version_compare() and the VERSION, VERSION_ARCH, VERSION_DPKG and VERSION_RHEL collations: osquery's
// documented examples (docs/wiki/introduction/sql.md) plus ordering, NULL, empty and bad-argument cases.
#include "sql/sql_eval.hpp"

#include "db/version_compare.hpp"

#include <gtest/gtest.h>

#include <string>

namespace procsnap {
namespace {

using sqltest::eval;

std::int64_t cmp(const std::string& args) {
  const auto r = eval("version_compare(" + args + ")");
  EXPECT_EQ(r.type, SQLITE_INTEGER) << args << ": " << r.error;
  return r.i;
}
bool yes(const std::string& expr) {
  const auto r = eval(expr);
  EXPECT_EQ(r.type, SQLITE_INTEGER) << expr << ": " << r.error;
  return r.i == 1;
}

TEST(VersionCompare, DocumentedExamples) {
  EXPECT_EQ(cmp("'1.0', '1.0'"), 0);
  EXPECT_EQ(cmp("'4:1.1.0', '4:1.1.0-3', 'ARCH'"), 0);
  EXPECT_EQ(cmp("'50.4.1b', '50.4.1c'"), -1);
  EXPECT_EQ(cmp("'1.0.0~rc2^2021', '1.0.0', 'RHEL'"), -1);
  EXPECT_EQ(cmp("'1:1.2.13-2', '4.2.1', 'ARCH'"), 1);
}

TEST(VersionCompare, DocumentedCollations) {
  EXPECT_TRUE(yes("'1.0' = '1.0' COLLATE VERSION"));
  EXPECT_TRUE(yes("'50.4.1b' < '50.4.1c' COLLATE VERSION"));
  EXPECT_TRUE(yes("'20.10a' > '20.102' COLLATE VERSION"));
  EXPECT_TRUE(yes("'4:2' = '4:2-1' COLLATE VERSION_ARCH"));
  EXPECT_TRUE(yes("'2-2pre' < '2-2rc' COLLATE VERSION_ARCH"));
  EXPECT_TRUE(yes("'42.2-1' > '42.1-2' COLLATE VERSION_ARCH"));
  EXPECT_TRUE(yes("'1:2.0-10' = '1:2.0-10' COLLATE VERSION_DPKG"));
  EXPECT_TRUE(yes("'22.07.5-2ubuntu1.3' < '22.07.5-2ubuntu1.4' COLLATE VERSION_DPKG"));
  EXPECT_TRUE(yes("'2:8.2.3995-1ubuntu2.9' > '2:8.2.3995-1ubuntu2.3' COLLATE VERSION_DPKG"));
  EXPECT_TRUE(yes("'0.5.0~rc1^202' = '0.5.0~rc1^202' COLLATE VERSION_RHEL"));
  EXPECT_TRUE(yes("'1.1.0~BETA2' < '1.1.0~CR1' COLLATE VERSION_RHEL"));
  EXPECT_TRUE(yes("'1.0.0' > '1.0.0~rc2' COLLATE VERSION_RHEL"));
  EXPECT_TRUE(yes("'1.0.0' > '1.0.0~rc2' COLLATE version_rhel"));  // collation names are case-insensitive
}

TEST(VersionCompare, Ordering) {
  EXPECT_EQ(cmp("'1.9', '1.10'"), -1);  // segment length first: 9 < 10
  EXPECT_EQ(cmp("'1.10', '1.9'"), 1);
  EXPECT_EQ(cmp("'1.0', '1.0.1'"), -1);
  EXPECT_EQ(cmp("'2.0', '10.0'"), -1);
  EXPECT_EQ(cmp("'1:1.0', '2.0', 'DPKG'"), 1);  // an epoch sorts above none
  EXPECT_EQ(cmp("'1:1.0', '2.0'"), -1);         // ... only in the package flavours
  EXPECT_EQ(cmp("'1.0~rc1', '1.0', 'RHEL'"), -1);
  EXPECT_EQ(cmp("'1.0~rc1', '1.0', 'DPKG'"), 1);  // osquery's DPKG flavour has no tilde rule (ARCH and RHEL do)
  EXPECT_EQ(cmp("'1.0^git1', '1.0', 'RHEL'"), 1);
  EXPECT_EQ(cmp("'1.0-1', '1.0.1', 'DPKG'"), -1);  // delimiter precedence: - < .
  EXPECT_EQ(cmp("'5.10.0-23-amd64', '5.10.0-9-amd64', 'dpkg'"), 1);  // flavour is case-insensitive
  // Sorting a column by a collation.
  const auto s = eval("group_concat(column1, ' ') FROM (SELECT column1 FROM (VALUES ('1.10'), ('1.2'), ('1.9'), "
                      "('1.1')) ORDER BY column1 COLLATE VERSION)");
  EXPECT_EQ(s.text, "1.1 1.2 1.9 1.10") << s.error;
}

TEST(VersionCompare, NullEmptyAndBadArguments) {
  EXPECT_TRUE(eval("version_compare(NULL, '1.0')").is_null());
  EXPECT_TRUE(eval("version_compare('1.0', NULL)").is_null());
  EXPECT_EQ(cmp("'', ''"), 0);
  EXPECT_EQ(cmp("'', '1'"), -1);
  EXPECT_EQ(cmp("'1', ''"), 1);
  EXPECT_EQ(cmp("'not a version', 'also not'"), 1);  // any text orders: byte by byte within segments
  EXPECT_EQ(cmp("':::', '~~~', 'DPKG'"), 1);
  EXPECT_EQ(eval("version_compare('1.0')").error, "Must provide two version strings to compare.");
  EXPECT_EQ(eval("version_compare(1, 2)").error, "Must provide two version strings to compare.");
  EXPECT_EQ(eval("version_compare('1', '2', 3)").error, "The optional third parameter is not a string.");
  EXPECT_EQ(eval("version_compare('1', '2', 'DEB')").error,
            "The optional third parameter does not match one of: (ARCH, DPKG, RHEL).");
  const std::string huge = "replace(hex(zeroblob(524288)), '0', '1.')";
  EXPECT_EQ(cmp(huge + ", " + huge + " || '1'"), -1);
  EXPECT_EQ(cmp(huge + ", " + huge + ", 'RHEL'"), 0);
}

TEST(VersionCompare, PureFunction) {
  EXPECT_EQ(db::version_compare("", "", db::VersionFlavor::generic), 0);
  EXPECT_LT(db::version_compare("1.0~rc1", "1.0", db::VersionFlavor::rhel), 0);
  EXPECT_GT(db::version_compare("1.0~rc1", "1.0", db::VersionFlavor::generic), 0);  // no ~ rule without a flavour
  EXPECT_EQ(db::version_compare(std::string_view("1\0", 2), std::string_view("1\0", 2), db::VersionFlavor::dpkg), 0);
}

}  // namespace
}  // namespace procsnap
