// osquery's SQL functions on a db::Connection: every example of osquery's docs/wiki/introduction/sql.md (the
// "SQL additions" section), its sqlite_*_tests.cpp cases, and the edges: NULL, empty, bad input, huge input.
#include "sql/sql_eval.hpp"

#include "db/osquery_functions.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace procsnap {
namespace {

using sqltest::eval;

std::string text(const std::string& expr) {
  const auto r = eval(expr);
  EXPECT_EQ(r.type, SQLITE_TEXT) << expr << ": " << (r.failed() ? r.error : "type " + std::to_string(r.type));
  return r.text;
}
std::int64_t integer(const std::string& expr) {
  const auto r = eval(expr);
  EXPECT_EQ(r.type, SQLITE_INTEGER) << expr << ": " << (r.failed() ? r.error : "type " + std::to_string(r.type));
  return r.i;
}
double real(const std::string& expr) {
  const auto r = eval(expr);
  EXPECT_EQ(r.type, SQLITE_FLOAT) << expr << ": " << (r.failed() ? r.error : "type " + std::to_string(r.type));
  return r.d;
}
bool null(const std::string& expr) {
  const auto r = eval(expr);
  EXPECT_FALSE(r.failed()) << expr << ": " << r.error;
  return r.is_null();
}
std::string error(const std::string& expr) {
  const auto r = eval(expr);
  EXPECT_TRUE(r.failed()) << expr << " did not fail";
  return r.error;
}
/// osquery's docs print 15 significant digits.
void expect_close(double got, double want) { EXPECT_NEAR(got, want, std::abs(want) * 1e-13 + 1e-13); }

// A 1 MiB string literal in SQL (SQLite's own zeroblob/replace make it without a 1 MiB SQL text).
const std::string k_mib_of_a = "replace(hex(zeroblob(524288)), '0', 'a')";

// ---- strings ----

TEST(OsqueryString, SplitDocumentedExamples) {
  EXPECT_EQ(text("split('192.168.0.1', '.', 1)"), "168");
  EXPECT_EQ(text("split('192.168.0.1', '.0', 0)"), "192");
  EXPECT_EQ(text("split('192.168.0.1', '.0', 1)"), "168");  // any byte of the tokens splits; empties dropped
  EXPECT_EQ(text("split(500, 1, 0)"), "500");               // numbers are split as their text
  EXPECT_EQ(text("split(1001, 1, 0)"), "00");
  EXPECT_EQ(text("split('a,b', ',', 1)"), "b");
}

TEST(OsqueryString, SplitEdges) {
  EXPECT_TRUE(null("split('a,b', ',', 2)"));   // past the end
  EXPECT_TRUE(null("split('a,b', ',', -1)"));
  EXPECT_TRUE(null("split(NULL, ',', 0)"));
  EXPECT_TRUE(null("split('a', NULL, 0)"));
  EXPECT_TRUE(null("split('a', ',', NULL)"));
  EXPECT_TRUE(null("split('', ',', 0)"));
  EXPECT_TRUE(null("split(',,,', ',', 0)"));
  EXPECT_EQ(text("split(' a , b ', ',', 1)"), "b");  // trimmed
  EXPECT_EQ(text("split('a,  ,b', ',', 1)"), "");    // a token of spaces is kept, trimmed to ""
  EXPECT_EQ(error("split('a,b', '', 0)"), "Invalid input to split function");
  EXPECT_EQ(text("split(" + k_mib_of_a + " || ',x', ',', 1)"), "x");
  EXPECT_EQ(integer("length(split(" + k_mib_of_a + ", ',', 0))"), 1 << 20);
}

TEST(OsqueryString, ConcatDocumentedExamples) {
  EXPECT_EQ(text("concat('hello', NULL, ' ', 'world')"), "hello world");
  EXPECT_EQ(text("concat_ws(' ', 'hello', NULL, 'world')"), "hello world");
}

TEST(OsqueryString, ConcatEdges) {
  EXPECT_TRUE(null("concat()"));
  EXPECT_EQ(text("concat(NULL)"), "");
  EXPECT_EQ(text("concat(1, 2.5, 'x')"), "12.5x");
  EXPECT_EQ(text("concat_ws(',', 'a', 'b', NULL)"), "a,b");  // separator between values only (osquery's docs)
  EXPECT_EQ(text("concat_ws(NULL, 'a', 'b')"), "ab");
  EXPECT_TRUE(null("concat_ws(',')"));
  EXPECT_EQ(error("concat_ws()"), "Missing separator to concat_ws");
  EXPECT_EQ(integer("length(concat(" + k_mib_of_a + ", " + k_mib_of_a + "))"), 2 << 20);
  // Past the connection's length limit: refused before the result is built.
  db::Connection c(":memory:", db::Connection::Mode::read_write_create);
  sqlite3_limit(c.handle(), SQLITE_LIMIT_LENGTH, 1'500'000);
  const auto r = sqltest::eval_on(c, "concat(" + k_mib_of_a + ", " + k_mib_of_a + ")");
  EXPECT_TRUE(r.failed());
  EXPECT_NE(r.error.find("too big"), std::string::npos) << r.error;
}

// ---- regex ----

TEST(OsqueryRegex, MatchDocumentedExample) {
  EXPECT_EQ(text("regex_match('hello world. Goodbye', '(\\w+) \\w+', 0)"), "hello world");
  EXPECT_EQ(text("regex_match('hello world. Goodbye', '(\\w+) \\w+', 1)"), "hello");
}

TEST(OsqueryRegex, MatchEdges) {
  EXPECT_TRUE(null("regex_match('hello', 'x', 0)"));           // no match
  EXPECT_TRUE(null("regex_match('hello', '(h)', 2)"));         // no such group
  EXPECT_TRUE(null("regex_match('hello', 'h', -1)"));
  EXPECT_EQ(text("regex_match('ab', 'a(x)?b', 1)"), "");       // a group that took no part: ""
  EXPECT_EQ(text("regex_match('abc', '', 0)"), "");
  EXPECT_TRUE(null("regex_match(NULL, 'a', 0)"));
  EXPECT_TRUE(null("regex_match('a', NULL, 0)"));
  EXPECT_TRUE(null("regex_match('a', 'a', NULL)"));
  EXPECT_EQ(text("regex_match('/usr/bin/python3.11', '^/usr/bin/(python[0-9.]*)$', 1)"), "python3.11");
  EXPECT_EQ(text("regex_match(x'ff41', 'A', 0)"), "A");       // bytes that are not UTF-8 are matched as bytes
  EXPECT_EQ(error("regex_match('a', '(', 0)").rfind("Invalid regex", 0), 0u);
  EXPECT_EQ(error("regex_match('aa', '(a)\\1', 0)").rfind("Invalid regex", 0), 0u);  // no backreferences
  EXPECT_EQ(error("regex_match('a', printf('%.5000c', 'a'), 0)"), "Invalid regex: too big, max size is 4096 bytes");
}

TEST(OsqueryRegex, PathologicalPatternsRunInBoundedTime) {
  // Exponential for a backtracking engine; linear for RE2.
  EXPECT_TRUE(null("regex_match(" + k_mib_of_a + ", '(a*)*b', 0)"));
  EXPECT_TRUE(null("regex_match(" + k_mib_of_a + ", '(a|aa)+$x', 1)"));
  EXPECT_EQ(integer("length(regex_match(" + k_mib_of_a + ", '(a+)+', 1))"), 1 << 20);
  // A program over the memory cap is refused at compile time, not run.
  EXPECT_EQ(error("regex_match('a', '((((a{100}){100}){100}){100})', 0)").rfind("Invalid regex", 0), 0u);
  // Splitting a 1 MiB string on an empty-matching pattern: visits only the pieces up to the index.
  EXPECT_EQ(text("regex_split(" + k_mib_of_a + ", 'x*', 1000)"), "a");
  EXPECT_TRUE(null("regex_split(" + k_mib_of_a + ", 'a', 2000000)"));
}

TEST(OsqueryRegex, SplitDocumentedExamples) {
  // The docs show "00" for index 0, but their output lines are copied from split()'s example: osquery's
  // std::sregex_token_iterator yields the empty piece before a match at the start, as here.
  EXPECT_EQ(text("regex_split(500, '[1-5]', 0)"), "");
  EXPECT_EQ(text("regex_split(500, '[1-5]', 1)"), "00");
  EXPECT_EQ(text("regex_split(1001, '[1-5]', 1)"), "00");
  EXPECT_EQ(text("regex_split('192.168.0.1', '\\.', 1)"), "168");
  EXPECT_EQ(text("regex_split('192.168.0.1', '\\.0', 0)"), "192.168");
}

TEST(OsqueryRegex, SplitEdges) {
  EXPECT_EQ(text("regex_split(',a', ',', 0)"), "");  // a leading empty piece is kept ...
  EXPECT_TRUE(null("regex_split('a,', ',', 1)"));   // ... a trailing one is not
  EXPECT_EQ(text("regex_split('a,,b', ',', 1)"), "");
  EXPECT_EQ(text("regex_split('a,,b', ',', 2)"), "b");
  EXPECT_EQ(text("regex_split('abc', 'x', 0)"), "abc");
  EXPECT_TRUE(null("regex_split('', 'x', 0)"));
  EXPECT_TRUE(null("regex_split('abc', 'x', -1)"));
  EXPECT_TRUE(null("regex_split(NULL, 'x', 0)"));
  EXPECT_EQ(error("regex_split('abc', '', 0)"), "Invalid input to split function");
  EXPECT_EQ(error("regex_split('abc', '[', 0)").rfind("Invalid regex", 0), 0u);
}

TEST(OsqueryRegex, CompiledPatternIsReusedAcrossRows) {
  db::Connection c(":memory:", db::Connection::Mode::read_write_create);
  const auto r = sqltest::eval_on(
      c, "count(*) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
         "SELECT i FROM n WHERE regex_match('pid ' || i, '^pid (\\d+)7$', 1) IS NOT NULL)");
  ASSERT_FALSE(r.failed()) << r.error;
  EXPECT_EQ(r.i, 1999);  // 17, 27, ..., 19997
}

// ---- hashes ----

TEST(OsqueryHash, DocumentedAndStandardVectors) {
  EXPECT_EQ(text("sha1('Guest')"), "face83ee3014bdc8f98203cc94e2e89222452e90");  // osquery's docs
  EXPECT_EQ(text("md5('')"), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(text("sha1('')"), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(text("sha256('')"), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(text("md5('abc')"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(text("sha1('abc')"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(text("sha256('abc')"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(text("sha256('x')"), "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");
}

TEST(OsqueryHash, NullNumbersBlobsHugeInput) {
  EXPECT_TRUE(null("md5(NULL)"));
  EXPECT_TRUE(null("sha1(NULL)"));
  EXPECT_TRUE(null("sha256(NULL)"));
  EXPECT_EQ(text("md5(123)"), text("md5('123')"));
  // All the bytes of a BLOB, NULs included.
  EXPECT_EQ(text("sha256(x'610062')"), "59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138");
  EXPECT_EQ(text("sha256(" + k_mib_of_a + ")"), "9bc1b2a288b26af7257a36277ae3816a7d4f16e89c1e7e77d0a5c48bad62b360");
}

// ---- encoding ----

TEST(OsqueryEncoding, DocumentedExamples) {
  EXPECT_EQ(text("to_base64('CPU0')"), "Q1BVMA==");
  EXPECT_EQ(text("from_base64(to_base64('CPU0'))"), "CPU0");
  EXPECT_EQ(text("conditional_to_base64('CPU0')"), "CPU0");
  EXPECT_EQ(text("conditional_to_base64('CPU0' || char(183))"), "Q1BVMMK3");
}

TEST(OsqueryEncoding, Edges) {
  EXPECT_EQ(text("to_base64('')"), "");
  EXPECT_EQ(text("to_base64('a')"), "YQ==");
  EXPECT_EQ(text("to_base64('ab')"), "YWI=");
  EXPECT_EQ(text("to_base64(x'00ff10')"), "AP8Q");
  EXPECT_TRUE(null("to_base64(NULL)"));
  EXPECT_TRUE(null("from_base64(NULL)"));
  EXPECT_TRUE(null("conditional_to_base64(NULL)"));
  EXPECT_EQ(text("from_base64('')"), "");
  EXPECT_EQ(text("from_base64('YWI')"), "ab");          // padding optional
  EXPECT_EQ(text("from_base64('YW' || char(10) || 'I=')"), "ab");  // newlines ignored
  EXPECT_EQ(text("from_base64('Y*I=')"), "");           // not base64: "" (osquery's docs)
  EXPECT_EQ(text("from_base64('YQ==YQ==')"), "");       // '=' inside
  EXPECT_EQ(text("hex(from_base64('AP8Q'))"), "00FF10");
  EXPECT_EQ(text("conditional_to_base64('tab' || char(9))"), "dGFiCQ==");
  EXPECT_EQ(integer("length(from_base64(to_base64(" + k_mib_of_a + ")))"), 1 << 20);
}

// ---- network ----

TEST(OsqueryNetwork, InetAton) {
  EXPECT_EQ(integer("inet_aton('1.0.1.5')"), 16777477);  // osquery's docs
  EXPECT_EQ(integer("inet_aton('255.255.255.255')"), 4294967295);
  EXPECT_EQ(integer("inet_aton('0.0.0.0')"), 0);
  EXPECT_TRUE(null("inet_aton('::1')"));
  EXPECT_TRUE(null("inet_aton('1.2.3')"));
  EXPECT_TRUE(null("inet_aton('1.2.3.256')"));
  EXPECT_TRUE(null("inet_aton(' 1.2.3.4')"));
  EXPECT_TRUE(null("inet_aton('')"));
  EXPECT_TRUE(null("inet_aton(NULL)"));
  EXPECT_TRUE(null("inet_aton(" + k_mib_of_a + ")"));
  EXPECT_TRUE(null("inet_aton(x'312e322e332e3400')"));  // trailing NUL: not an address
}

TEST(OsqueryNetwork, InCidrBlockDocumentedAndOsqueryTests) {
  EXPECT_EQ(integer("in_cidr_block('10.0.0.0/26', '10.0.0.24')"), 1);
  EXPECT_EQ(integer("in_cidr_block('2001:db8::/48', '2001:db8:0:ffff:ffff:ffff:ffff:ffff')"), 1);
  EXPECT_EQ(integer("in_cidr_block('198.51.100.14/24', '198.51.100.14')"), 1);
  EXPECT_EQ(integer("in_cidr_block('2a00:a040:019e:f12a:0000:0000:0000:0000/64', "
                    "'2a00:a040:19e:f12a:658b:3589:b2ba:71a3')"),
            1);
}

TEST(OsqueryNetwork, InCidrBlockEdges) {
  EXPECT_EQ(integer("in_cidr_block('10.0.0.0/26', '10.0.0.64')"), 0);
  EXPECT_EQ(integer("in_cidr_block('10.0.0.0/24', '10.0.0.0')"), 1);    // network and broadcast are in the block
  EXPECT_EQ(integer("in_cidr_block('10.0.0.0/24', '10.0.0.255')"), 1);
  EXPECT_EQ(integer("in_cidr_block('0.0.0.0/0', '203.0.113.9')"), 1);
  EXPECT_EQ(integer("in_cidr_block('203.0.113.9/32', '203.0.113.9')"), 1);
  EXPECT_EQ(integer("in_cidr_block('203.0.113.9/32', '203.0.113.8')"), 0);
  EXPECT_EQ(integer("in_cidr_block('10.0.0.0/9', '10.127.255.255')"), 1);
  EXPECT_EQ(integer("in_cidr_block('10.0.0.0/9', '10.128.0.0')"), 0);
  EXPECT_EQ(integer("in_cidr_block('::/0', '2001:db8::1')"), 1);
  EXPECT_EQ(integer("in_cidr_block('fe80::/10', 'febf::1')"), 1);
  EXPECT_EQ(integer("in_cidr_block('fe80::/10', 'fec0::1')"), 0);
  EXPECT_EQ(integer("in_cidr_block('::1/128', '::1')"), 1);
  EXPECT_EQ(integer("in_cidr_block('2001:db8::/48', '2001:db8:1::')"), 0);
  EXPECT_EQ(integer("in_cidr_block('::ffff:0:0/96', '::ffff:10.0.0.1')"), 1);
  EXPECT_EQ(integer("in_cidr_block('10.0.0.0/024', '10.0.0.1')"), 1);  // leading zeros in the prefix, as boost
  EXPECT_TRUE(null("in_cidr_block(NULL, '10.0.0.1')"));
  EXPECT_TRUE(null("in_cidr_block('10.0.0.0/8', NULL)"));
  const std::string v4 = "CIDR for IP address v4 cannot be parsed";
  const std::string v6 = "CIDR for IP address v6 cannot be parsed";
  EXPECT_EQ(error("in_cidr_block('10.0.0.0/33', '10.0.0.1')"), v4);
  EXPECT_EQ(error("in_cidr_block('10.0.0.0', '10.0.0.1')"), v4);
  EXPECT_EQ(error("in_cidr_block('10.0.0.0/', '10.0.0.1')"), v4);
  EXPECT_EQ(error("in_cidr_block('10.0.0.0/-1', '10.0.0.1')"), v4);
  EXPECT_EQ(error("in_cidr_block('10.0.0.0/8x', '10.0.0.1')"), v4);
  EXPECT_EQ(error("in_cidr_block('10.0.0/8', '10.0.0.1')"), v4);
  EXPECT_EQ(error("in_cidr_block('2001:db8::/48', '10.0.0.1')"), v4);  // the IP decides the family
  EXPECT_EQ(error("in_cidr_block('10.0.0.0/8', '::1')"), v6);
  EXPECT_EQ(error("in_cidr_block('::/129', '::1')"), v6);
  EXPECT_EQ(error("in_cidr_block('10.0.0.0/99999999999999999999', '10.0.0.1')"), v4);
  EXPECT_EQ(error("in_cidr_block('10.0.0.0/8', '10.0.0.256')"), "IP address cannot be parsed");
  EXPECT_EQ(error("in_cidr_block('10.0.0.0/8', '')"), "IP address cannot be parsed");
  EXPECT_EQ(error("in_cidr_block('10.0.0.0/8', " + k_mib_of_a + ")"), "IP address cannot be parsed");
  EXPECT_EQ(error("in_cidr_block(" + k_mib_of_a + ", '10.0.0.1')"), v4);
  EXPECT_EQ(error("in_cidr_block(8, '10.0.0.1')"), "CIDR must be a string");
  EXPECT_EQ(error("in_cidr_block('10.0.0.0/8', 167772161)"), "IP address must be a string");
}

// ---- filesystem ----

TEST(OsqueryFilesystem, ParentDirectory) {
  EXPECT_EQ(text("parent_directory('/usr/bin/ls')"), "/usr/bin");
  EXPECT_EQ(text("parent_directory('/ls')"), "");
  EXPECT_TRUE(null("parent_directory('ls')"));
  EXPECT_TRUE(null("parent_directory(NULL)"));
  EXPECT_EQ(error("parent_directory(1)"), "Invalid inputs to parent_directory, TEXT was expected");
}

// ---- math ----

TEST(OsqueryMath, DocumentedExamples) {
  const std::string disk = "107372805120";
  expect_close(real("sqrt(" + disk + ")"), 327677.898430761);
  expect_close(real("log(" + disk + ")"), 25.3995727757846);  // natural log, as osquery (SQLite's log is log10)
  expect_close(real("log10(" + disk + ")"), 11.0308942992233);
  EXPECT_EQ(integer("ceil(" + disk + ")"), 107372805120);
  EXPECT_EQ(integer("floor(" + disk + ")"), 107372805120);
  expect_close(real("power(" + disk + ", 2)"), 1.15289192793375e+22);
  expect_close(real("pi() * " + disk), 337321615760.32);
  expect_close(real("sin(30)"), -0.988031624092862);
  expect_close(real("cos(30)"), 0.154251449887584);
  expect_close(real("tan(30)"), -6.40533119664628);
  expect_close(real("cot(30)"), -0.156119952161659);
  expect_close(real("asin(.5)"), 0.523598775598299);
  expect_close(real("acos(.5)"), 1.0471975511966);
  expect_close(real("atan(.5)"), 0.463647609000806);
  expect_close(real("radians(60)"), 1.0471975511966);
  expect_close(real("degrees(1.3)"), 74.484513367007);
  expect_close(real("exp(1)"), 2.718281828459045);
}

TEST(OsqueryMath, TypesNullAndDomainErrors) {
  EXPECT_EQ(integer("ceil(1.2)"), 2);  // INTEGER, as osquery
  EXPECT_EQ(integer("floor(-1.2)"), -2);
  EXPECT_EQ(integer("ceil('2.5')"), 3);
  EXPECT_EQ(integer("floor(1e300)"), INT64_MAX);  // saturated
  EXPECT_EQ(real("sqrt(4)"), 2.0);
  EXPECT_EQ(real("sqrt('abc')"), 0.0);  // text is its numeric value (0), as osquery
  for (const char* f : {"sqrt", "log", "log10", "ceil", "floor", "sin", "cot", "exp", "degrees", "radians"}) {
    EXPECT_TRUE(null(std::string(f) + "(NULL)")) << f;
  }
  EXPECT_TRUE(null("power(NULL, 2)"));
  EXPECT_TRUE(null("power(2, NULL)"));
  EXPECT_EQ(error("sqrt(-1)"), "Numerical argument out of domain");
  EXPECT_EQ(error("log(0)"), "Numerical result out of range");
  EXPECT_EQ(error("acos(2)"), "Numerical argument out of domain");
  EXPECT_EQ(error("power(10, 400)"), "Numerical result out of range");
  // SQLite's own math functions osquery does not override stay as they are.
  EXPECT_EQ(real("log(2, 8)"), 3.0);
  EXPECT_EQ(real("ln(1)"), 0.0);
  EXPECT_EQ(real("pow(2, 3)"), 8.0);
}

// ---- registration ----

TEST(OsqueryRegistration, FunctionsWorkInViewsUnderTrustedSchemaOff) {
  // Views run with trusted_schema=OFF: only SQLITE_INNOCUOUS functions may appear in them.
  db::Connection c(":memory:", db::Connection::Mode::read_write_create);
  c.exec("CREATE VIEW v AS SELECT split('a,b', ',', 1) AS s, sha256('x') AS h, regex_match('ab', 'b', 0) AS m, "
         "in_cidr_block('10.0.0.0/8', '10.1.2.3') AS c, community_id_v1('1.2.3.4', '5.6.7.8', 1122, 3344, 6) AS id, "
         "'1.10' > '1.9' COLLATE VERSION AS ver");
  const auto r = sqltest::eval_on(c, "s || h || m || c || id || ver FROM v");
  ASSERT_FALSE(r.failed()) << r.error;
  EXPECT_EQ(r.text, "b2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881b11:wCb3OG7yAFWelaUydu0D+125CLM=1");
}

TEST(OsqueryRegistration, EveryFunctionIsListed) {
  db::Connection c(":memory:", db::Connection::Mode::read_write_create);
  for (const char* f : {"split", "regex_match", "regex_split", "concat", "concat_ws", "sha1", "sha256", "md5",
                        "inet_aton", "in_cidr_block", "version_compare", "community_id_v1", "community_id_v1_strict",
                        "to_base64", "from_base64", "conditional_to_base64", "parent_directory", "sqrt", "log",
                        "log10", "ceil", "floor", "power", "pi", "cot", "degrees", "radians", "sin", "cos", "tan",
                        "asin", "acos", "atan", "exp"}) {
    const auto r = sqltest::eval_on(c, std::string("count(*) FROM pragma_function_list WHERE name = '") + f + "'");
    EXPECT_GE(r.i, 1) << f;
  }
  for (const char* coll : {"version", "version_arch", "version_dpkg", "version_rhel"}) {
    const auto r = sqltest::eval_on(c, std::string("count(*) FROM pragma_collation_list WHERE name = '") + coll + "'");
    EXPECT_EQ(r.i, 1) << coll;
  }
}

}  // namespace
}  // namespace procsnap
