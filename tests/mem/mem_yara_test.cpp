// procsnap mem yara on hand-built and imported databases: strings, hex, regex and conditions at known addresses,
// matches straddling the 4 MiB pieces but never a hole, windows of long ranges, rule files that do not compile, a
// rule that runs into its timeout, a flood of matches (capped), and yara_matches (--save).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <tuple>

#include "mem_db.hpp"

namespace {

using namespace procsnap;
using namespace procsnap::memtest;
namespace pt = procsnap::testing;

constexpr std::uint64_t k_ya = 0x7f1000000000;  // region A, rwxp, one page
constexpr std::uint64_t k_yb = 0x7f1000100000;  // region B, r-xp, one page

/// A region of pid 4242 at `start` holding `pieces` (address, bytes), [start, end).
RegionSpec region(std::uint64_t start, std::uint64_t end, std::vector<std::pair<std::uint64_t, std::string>> pieces,
                  std::string perms = "rw-p", std::optional<std::string> path = std::nullopt) {
  RegionSpec s;
  s.start = start;
  s.end = end;
  s.pieces = std::move(pieces);
  s.perms = std::move(perms);
  s.path = std::move(path);
  return s;
}

/// One yara_matches row, as the tests compare it.
struct SavedMatch {
  std::string rule;
  std::string ns;
  std::optional<std::string> string_id;
  std::optional<std::uint64_t> address;
  std::optional<std::uint64_t> region_start;
  std::optional<std::int64_t> length;
  std::optional<std::string> tags;
  std::optional<std::string> meta;
  std::optional<std::string> data;
  std::optional<std::string> hexdump;
  bool operator<(const SavedMatch& o) const {
    return std::tie(rule, string_id, address) < std::tie(o.rule, o.string_id, o.address);
  }
};

std::vector<SavedMatch> saved(const std::string& db_path) {
  db::Connection c(db_path, db::Connection::Mode::read_only);
  auto st = c.prepare(
      "SELECT rule, namespace, string_id, address, region_start, match_length, tags, meta, data, hexdump "
      "FROM yara_matches ORDER BY rule, string_id, address");
  std::vector<SavedMatch> out;
  while (st.step()) {
    SavedMatch m;
    m.rule = st.column_text(0);
    m.ns = st.column_text(1);
    m.string_id = st.column_opt_text(2);
    if (const auto a = st.column_opt_int64(3)) m.address = static_cast<std::uint64_t>(*a);
    if (const auto a = st.column_opt_int64(4)) m.region_start = static_cast<std::uint64_t>(*a);
    m.length = st.column_opt_int64(5);
    m.tags = st.column_opt_text(6);
    m.meta = st.column_opt_text(7);
    if (st.column_type(8) == SQLITE_BLOB) m.data = std::string(st.column_text(8));
    m.hexdump = st.column_opt_text(9);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::uint64_t> addresses_of(const std::vector<SavedMatch>& rows, const std::string& rule) {
  std::vector<std::uint64_t> out;
  for (const auto& r : rows) {
    if (r.rule == rule && r.address) out.push_back(*r.address);
  }
  return out;
}

// Region A: a marker, hex bytes and a URL at fixed offsets; region B: a second marker.
class MemYaraCmd : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string a = filler(4096, 41);
    a.replace(0x100, 13, "EVIL-MARKER-1");
    a.replace(0x200, 6, "\xde\xad\xbe\xef\x42\x37");
    a.replace(0x300, 19, "http://c2.example/x");
    a.replace(0x400, 10, std::string("\x1b]0;pwn\x07\x1b[", 10));  // a terminal title escape (rule `escape`)
    db.add(region(k_ya, k_ya + 4096, {{k_ya, a}}, "rwxp"));
    std::string b = filler(4096, 42);
    b.replace(0x80, 13, "EVIL-MARKER-2");
    db.add(region(k_yb, k_yb + 4096, {{k_yb, b}}, "r-xp", "/usr/lib/libx.so"));
  }
  std::string rules(const std::string& name, const std::string& text) {
    return pt::write_file(db.dir.file(name), text);
  }
  MemDb db;
};

constexpr const char* k_rules = R"(
rule text_marker : implant loader {
  meta:
    author = "procsnap tests"
    score = 7
    live = true
  strings:
    $m = "EVIL-MARKER-1"
  condition:
    $m
}
rule hex_bytes { strings: $h = { DE AD BE EF ?? 37 } condition: $h }
rule regex_url { strings: $u = /http:\/\/[a-z0-9.]+\/[a-z]/ condition: $u }
rule counted { strings: $m = "EVIL-MARKER-" condition: #m == 2 }
rule counted_three { strings: $m = "EVIL-MARKER-" condition: #m == 3 }
rule absent { strings: $z = "NOT-IN-MEMORY" condition: $z }
rule at_address { strings: $m = "EVIL-MARKER-1" condition: $m at 0x7f1000000100 }
rule at_wrong_address { strings: $m = "EVIL-MARKER-1" condition: $m at 0x100 }
rule escape { strings: $e = { 1B 5D 30 3B } condition: $e }
rule condition_only { condition: true }
)";

TEST_F(MemYaraCmd, StringsHexRegexAndConditionsAtTheirAddresses) {
  const std::string r = rules("rules.yar", k_rules);
  const auto run = db.mem({"yara", r, "latest", "--save"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(run.out.empty()) << "--save prints no rows: " << run.out;
  EXPECT_NE(run.err.find("saved in yara_matches"), std::string::npos) << run.err;
  const auto rows = saved(db.db_path);
  EXPECT_EQ(addresses_of(rows, "text_marker"), std::vector<std::uint64_t>{k_ya + 0x100});
  EXPECT_EQ(addresses_of(rows, "hex_bytes"), std::vector<std::uint64_t>{k_ya + 0x200});
  EXPECT_EQ(addresses_of(rows, "regex_url"), std::vector<std::uint64_t>{k_ya + 0x300});
  // #m counts over every region of the process: one marker in A, one in B.
  EXPECT_EQ(addresses_of(rows, "counted"), (std::vector<std::uint64_t>{k_ya + 0x100, k_yb + 0x80}));
  EXPECT_TRUE(addresses_of(rows, "counted_three").empty());
  EXPECT_TRUE(addresses_of(rows, "absent").empty());
  EXPECT_EQ(addresses_of(rows, "at_address"), std::vector<std::uint64_t>{k_ya + 0x100});
  EXPECT_TRUE(addresses_of(rows, "at_wrong_address").empty()) << "blocks are at their real address, not at 0";
  for (const auto& m : rows) {
    if (m.rule == "text_marker") {
      EXPECT_EQ(m.ns, "rules.yar");
      EXPECT_EQ(m.string_id, "$m");
      EXPECT_EQ(m.region_start, k_ya);
      EXPECT_EQ(m.length, 13);
      EXPECT_EQ(m.tags, "implant loader");
      EXPECT_EQ(m.meta, R"({"author":"procsnap tests","score":7,"live":true})");
      EXPECT_EQ(m.data, "EVIL-MARKER-1");
      ASSERT_TRUE(m.hexdump);
      EXPECT_EQ(m.hexdump->rfind("7f1000000100  45 56 49 4c 2d 4d 41 52  4b 45 52 2d 31 ", 0), 0u) << *m.hexdump;
      EXPECT_NE(m.hexdump->find("|EVIL-MARKER-1|\n"), std::string::npos) << *m.hexdump;
    }
    if (m.rule == "counted" && m.address == k_yb + 0x80) {
      EXPECT_EQ(m.region_start, k_yb);
    }
    if (m.rule == "hex_bytes") {
      EXPECT_EQ(m.data, "\xde\xad\xbe\xef\x42\x37");
    }
  }
  // A rule matching by its condition alone: one row, without string or address.
  std::size_t condition_rows = 0;
  for (const auto& m : rows) {
    if (m.rule != "condition_only") continue;
    ++condition_rows;
    EXPECT_FALSE(m.string_id);
    EXPECT_FALSE(m.address);
  }
  EXPECT_EQ(condition_rows, 1u);
}

TEST_F(MemYaraCmd, PrintsLikeGrepAndNothingRawReachesTheTerminal) {
  const std::string r = rules("rules.yar", k_rules);
  auto run = db.mem({"yara", r, "latest"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("pid 4242 (sleep)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("rule rules.yar:text_marker [implant loader] $m at 0x7f1000000100 in region "
                         "7f1000000000-7f1000001000 rwxp (anonymous) (+0x100), 13 bytes: \"EVIL-MARKER-1\""),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("rule rules.yar:condition_only matched by its condition alone"), std::string::npos);
  EXPECT_NE(run.out.find("\\x1b]0;"), std::string::npos) << run.out;
  EXPECT_TRUE(terminal_safe(run.out)) << run.out;
  EXPECT_TRUE(terminal_safe(run.err)) << run.err;

  run = db.mem({"yara", r, "latest", "--format", "csv"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.rfind("pid,comm,rule,namespace,tags,meta,string,address,region_start,region_end,perms,path,"
                          "offset,length,match_hex,match_text\r\n",
                          0),
            0u)
      << run.out;
  EXPECT_NE(run.out.find("4242,sleep,hex_bytes,rules.yar,,,$h,0x7f1000000200,0x7f1000000000,0x7f1000001000,rwxp,,"
                         "512,6,deadbeef4237,"),
            std::string::npos)
      << run.out;
}

TEST_F(MemYaraCmd, PidAndRegionNarrowTheScan) {
  const std::string r = rules("rules.yar", k_rules);
  auto run = db.mem({"yara", r, "latest", "--region", "0x7f1000100080", "--save"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto rows = saved(db.db_path);
  for (const auto& m : rows) {
    if (m.address) {
      EXPECT_EQ(m.region_start, k_yb) << m.rule;
    }
  }
  EXPECT_TRUE(addresses_of(rows, "text_marker").empty());
  EXPECT_TRUE(addresses_of(rows, "counted").empty()) << "one marker only in region B";

  run = db.mem({"yara", r, "latest", "--region", "0x7f2000000000"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("not inside a memory region"), std::string::npos) << run.err;
  run = db.mem({"yara", r, "latest", "--pid", "999"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  run = db.mem({"yara", r, "no-such-snapshot"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
}

TEST_F(MemYaraCmd, NoMatchExitsOne) {
  const std::string r = rules("none.yar", "rule nothing { strings: $a = \"ABSENT-XYZ\" condition: $a }\n");
  const auto run = db.mem({"yara", r, "latest"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_NE(run.err.find("0 matches in 1 process"), std::string::npos) << run.err;
}

TEST_F(MemYaraCmd, RuleFilesThatDoNotCompileAreReportedWithFileAndLine) {
  // A syntax error on line 3.
  std::string r = rules("bad.yar", "rule ok { condition: true }\n\nrule broken { strings: $a = \"x\" condition: $a and }\n");
  auto run = db.mem({"yara", r, "latest"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_NE(run.err.find("do not compile"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(r + ":3: error:"), std::string::npos) << run.err;
  // An unreferenced string, an undefined identifier: one error each, on their lines.
  r = rules("bad2.yar", "rule a {\n strings: $x = \"x\"\n condition: true\n}\nrule b { condition: nosuchthing }\n");
  run = db.mem({"yara", r, "latest"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(r + ":"), std::string::npos) << run.err;
  // Bytes that are not rules at all (escape sequences included) are reported escaped.
  r = rules("junk.yar", std::string("\x1b[2J\x7f" "ELF\x01\x02\0\0garbage", 17));
  run = db.mem({"yara", r, "latest"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(terminal_safe(run.err)) << run.err;
  // A directory: the broken file is named, relative path and all.
  const std::string dir = db.dir.file("ruledir");
  std::filesystem::create_directories(dir + "/sub");
  pt::write_file(dir + "/a.yar", "rule fine { condition: true }\n");
  pt::write_file(dir + "/sub/b.yara", "rule also_fine {\n condition:\n  true and\n}\n");
  run = db.mem({"yara", dir, "latest"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(dir + "/sub/b.yara:4: error:"), std::string::npos) << run.err;
  // No rules at all.
  run = db.mem({"yara", db.dir.file("missing.yar"), "latest"});
  EXPECT_EQ(run.exit_code, 2);
  std::filesystem::create_directories(db.dir.file("empty"));
  run = db.mem({"yara", db.dir.file("empty"), "latest"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no rule files"), std::string::npos) << run.err;
}

TEST_F(MemYaraCmd, ADirectoryGivesEachFileItsNamespace) {
  const std::string dir = db.dir.file("ruledir");
  std::filesystem::create_directories(dir + "/linux");
  pt::write_file(dir + "/a.yar", "rule dup { strings: $m = \"EVIL-MARKER-1\" condition: $m }\n");
  pt::write_file(dir + "/linux/b.YARA", "rule dup { strings: $m = \"EVIL-MARKER-2\" condition: $m }\n");
  pt::write_file(dir + "/notes.txt", "not a rule file { \n");
  const auto run = db.mem({"yara", dir, "latest", "--save"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("2 rules from 2 files"), std::string::npos) << run.err;
  std::map<std::string, std::uint64_t> by_ns;
  for (const auto& m : saved(db.db_path)) by_ns[m.ns] = m.address.value_or(0);
  EXPECT_EQ(by_ns, (std::map<std::string, std::uint64_t>{{"a.yar", k_ya + 0x100}, {"linux/b.YARA", k_yb + 0x80}}));
}

TEST_F(MemYaraCmd, SaveReplacesTheRowsOfTheSameRuleSet) {
  const std::string r = rules("rules.yar", k_rules);
  ASSERT_EQ(db.mem({"yara", r, "latest", "--save"}).exit_code, 0);
  const auto first = saved(db.db_path);
  ASSERT_FALSE(first.empty());
  ASSERT_EQ(db.mem({"yara", r, "latest", "--save"}).exit_code, 0);
  EXPECT_EQ(saved(db.db_path).size(), first.size()) << "a second --save of the same rules replaces, not adds";
  const std::string other = rules("other.yar", "rule other { strings: $m = \"EVIL-MARKER-2\" condition: $m }\n");
  ASSERT_EQ(db.mem({"yara", other, "latest", "--save"}).exit_code, 0);
  EXPECT_EQ(saved(db.db_path).size(), first.size() + 1) << "another rule set's rows stay";
}

TEST_F(MemYaraCmd, ASlowRuleHitsItsTimeoutAndTheOthersStillReport) {
  // The loop runs for minutes without a timeout; libyara checks its clock inside loops.
  const std::string r = rules("slow.yar", R"(
rule slow { condition: for all i in (0..2000000000) : (uint8((i % 4096) + 0x7f1000000000) != 0x100) }
rule text_marker { strings: $m = "EVIL-MARKER-1" condition: $m }
)");
  const auto run = db.mem({"yara", r, "latest", "--timeout", "1", "--format", "csv"});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("rule slow.yar:slow ran longer than 1 s (--timeout)"), std::string::npos) << run.err;
  EXPECT_NE(run.out.find(",text_marker,slow.yar,,,$m,0x7f1000000100,"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find(",slow,"), std::string::npos) << run.out;
}

// --total-timeout bounds the run: the process being scanned when it runs out is reported, later ones are listed as
// not scanned.
TEST(MemYaraTotal, TheTotalTimeoutStopsTheRunAndListsWhatWasNotScanned) {
  MemDb db;
  for (const int pid : {1, 4242}) {
    RegionSpec s = region(0x7f7000000000, 0x7f7000001000, {{0x7f7000000000, filler(4096, 80 + pid)}});
    s.pid = pid;
    db.add(s);
  }
  const std::string r = pt::write_file(
      db.dir.file("t.yar"),
      "rule slow { condition: for all i in (0..2000000000) : (uint8((i % 4096) + 0x7f7000000000) != 0x100) }\n");
  const auto run = db.mem({"yara", r, "latest", "--timeout", "0", "--total-timeout", "1"});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("pid 1: the scan timed out (--total-timeout)"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--total-timeout (1 s) reached; not scanned: pid 4242"), std::string::npos) << run.err;
}

// The issue's hostile case: memory made of one repeated pattern gives a match per byte or so.
TEST(MemYaraFlood, AHugeNumberOfMatchesIsCappedAndSaidSo) {
  MemDb db;
  const std::uint64_t base = 0x7f3000000000;
  db.add(region(base, base + (1 << 18), {{base, std::string(1 << 18, 'A')}}));
  const std::string r = pt::write_file(db.dir.file("flood.yar"), "rule flood { strings: $a = \"AAAA\" condition: $a }\n");
  auto run = db.mem({"yara", r, "latest", "--save"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("stopped after 1000 matches (--max-matches"), std::string::npos) << run.err;
  EXPECT_EQ(saved(db.db_path).size(), 1000u);

  run = db.mem({"yara", r, "latest", "--max-matches", "7", "--format", "csv"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 8) << run.out;
  EXPECT_NE(run.err.find("stopped after 7 matches"), std::string::npos) << run.err;
}

TEST(MemYaraFlood, LibyarasOwnPerStringLimitIsReported) {
  MemDb db;
  const std::uint64_t base = 0x7f3000000000;
  const std::size_t n = std::size_t{1} << 21;  // 2 Mi one-byte matches: above libyara's 1 000 000 per string
  db.add(region(base, base + n, {{base, std::string(n, 'B')}}));
  const std::string r = pt::write_file(db.dir.file("b.yar"), "rule bees { strings: $b = \"B\" condition: $b }\n");
  const auto run = db.mem({"yara", r, "latest", "--max-matches", "3", "--format", "csv"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("string $b matched more than 1000000 times"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 4) << run.out;
}

// Pieces of one captured range are one block: a marker cut by a 4 MiB piece boundary is found at its address.
TEST(MemYaraPieces, AMatchStraddlingA4MiBPieceBoundaryIsFound) {
  MemDb db;
  const std::uint64_t base = 0x7f4000000000;
  const std::size_t piece = std::size_t{4} << 20;
  std::string first = filler(piece, 51);
  std::string second = filler(piece, 52);
  first.replace(piece - 5, 5, "SPLIT");
  second.replace(0, 7, "-MARKER");
  db.add(region(base, base + 2 * piece, {{base, first}, {base + piece, second}}, "rwxp"));
  const std::string r = pt::write_file(db.dir.file("s.yar"),
                                       "rule split { strings: $s = \"SPLIT-MARKER\" condition: $s }\n"
                                       "rule split_hex { strings: $h = { 53 50 4C 49 54 2D 4D [0-2] 52 4B } "
                                       "condition: $h }\n");
  const auto run = db.mem({"yara", r, "latest", "--save"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto rows = saved(db.db_path);
  EXPECT_EQ(addresses_of(rows, "split"), std::vector<std::uint64_t>{base + piece - 5});
  EXPECT_EQ(addresses_of(rows, "split_hex"), std::vector<std::uint64_t>{base + piece - 5});
  EXPECT_NE(run.err.find("1 block"), std::string::npos) << "two abutting pieces are one block: " << run.err;
}

// A range longer than --max-block-mib is scanned in overlapping windows: every match once, at its address, the
// same as one block gives.
TEST(MemYaraPieces, WindowsOfALongRangeReportEachMatchOnce) {
  MemDb db;
  const std::uint64_t base = 0x7f5000000000;
  const std::size_t mib = std::size_t{1} << 20;
  std::string bytes = filler(3 * mib + 4096, 61);
  // Windows of 1 MiB step by 512 KiB and own up to the middle of their overlaps (256 KiB in): markers at a
  // window's start, across a window's end, across an ownership boundary, and at the very end.
  const std::vector<std::size_t> offsets = {0, mib - 3, mib / 2 + mib / 4 - 2, 2 * mib + 100, 3 * mib + 4096 - 10};
  for (const auto o : offsets) bytes.replace(o, 10, "WINDOWMARK");
  db.add(region(base, base + bytes.size(), {{base, bytes}}));
  const std::string r =
      pt::write_file(db.dir.file("w.yar"), "rule w { strings: $w = \"WINDOWMARK\" condition: $w }\n");
  std::vector<std::uint64_t> expect;
  for (const auto o : offsets) expect.push_back(base + o);
  std::sort(expect.begin(), expect.end());

  auto run = db.mem({"yara", r, "latest", "--save", "--max-block-mib", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("in 6 blocks"), std::string::npos) << run.err;
  EXPECT_EQ(addresses_of(saved(db.db_path), "w"), expect);
  run = db.mem({"yara", r, "latest", "--save"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("in 1 block"), std::string::npos) << run.err;
  EXPECT_EQ(addresses_of(saved(db.db_path), "w"), expect);
}

// The importer's own layout: region A's marker straddles two pieces, region B's "SPLIT" is cut by an EIO hole.
TEST(MemYaraImported, StraddleFoundHoleNeverMatchedAcross) {
  ImportedDb db;
  const std::string r = pt::write_file(db.dir.file("i.yar"),
                                       "rule straddle { strings: $x = \"XMARKER!\" condition: $x }\n"
                                       "rule across_hole { strings: $s = \"SPLIT\" condition: $s }\n"
                                       "rule before_hole { strings: $s = \"SPL\" condition: $s }\n");
  const auto run = db.mem({"yara", r, "latest", "--format", "csv"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(fmt::format(",straddle,i.yar,,,$x,0x{:x},", k_imported_a + k_page - 4)), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find(fmt::format(",before_hole,i.yar,,,$s,0x{:x},", k_imported_b + k_page - 3)),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("across_hole"), std::string::npos) << run.out;
  const auto none = db.mem({"yara", pt::write_file(db.dir.file("h.yar"),
                                                     "rule h { strings: $s = \"SPLIT\" condition: $s }\n"),
                            "latest"});
  EXPECT_EQ(none.exit_code, 1) << none.out << none.err;
}

// A hostile database: a piece whose member holds fewer bytes than its range says, a piece whose bytes are gone,
// a piece that failed verification. They are reported, what is stored is scanned, nothing else.
TEST(MemYaraHostile, InconsistentPiecesAreReportedAndOnlyStoredBytesScanned) {
  MemDb db;
  const std::uint64_t base = 0x7f6000000000;
  std::string a = filler(4096, 71), b = filler(4096, 72), c = filler(4096, 73);
  a.replace(0x10, 9, "SHORTMARK");
  b.replace(0x10, 8, "GONEMARK");
  c.replace(0x10, 9, "UNVERMARK");
  db.add(region(base, base + 3 * 4096, {{base, a}, {base + 4096, b}, {base + 2 * 4096, c}}));
  {
    db::Connection conn(db.db_path, db::Connection::Mode::read_write_create);
    // The first piece claims two pages (its member holds one); the second piece's member has no bytes; the third
    // failed verification at import.
    conn.exec(fmt::format("UPDATE memory_chunks SET end_addr = {} WHERE start_addr = {}", base + 2 * 4096, base));
    conn.exec(fmt::format("UPDATE members SET data = NULL WHERE path LIKE 'mem/4242/{:x}-%'", base + 4096));
    conn.exec(fmt::format("UPDATE memory_chunks SET verify = 'hash-mismatch' WHERE start_addr = {}", base + 2 * 4096));
  }
  const std::string r = pt::write_file(db.dir.file("h.yar"),
                                       "rule short { strings: $m = \"SHORTMARK\" condition: $m }\n"
                                       "rule gone { strings: $m = \"GONEMARK\" condition: $m }\n"
                                       "rule unverified { strings: $m = \"UNVERMARK\" condition: $m }\n");
  const auto run = db.mem({"yara", r, "latest", "--format", "csv"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(fmt::format(",short,h.yar,,,$m,0x{:x},", base + 0x10)), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find(",gone,"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(fmt::format(",unverified,h.yar,,,$m,0x{:x},", base + 2 * 4096 + 0x10)), std::string::npos)
      << run.out;
  EXPECT_NE(run.err.find("holds 4096 bytes for a 8192-byte range; using 4096"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("has no stored bytes"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("failed verification"), std::string::npos) << run.err;
  EXPECT_TRUE(terminal_safe(run.err)) << run.err;
}

TEST(MemYaraNoMemory, SnapshotWithoutMemoryIsTrouble) {
  MemDb db;
  const std::string r = pt::write_file(db.dir.file("r.yar"), "rule t { condition: true }\n");
  const auto run = db.mem({"yara", r, "latest"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("captured without --mem"), std::string::npos) << run.err;
}

TEST(MemYaraHelp, TeachesRulesBlocksTimeoutsAndExitCodes) {
  const auto r = e2e::run({k_bin, "mem", "yara", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* s : {"--timeout", "--total-timeout", "--max-matches", "--save", "yara_matches", "Exit status",
                        "never spans", "file and line"}) {
    EXPECT_NE(r.out.find(s), std::string::npos) << s;
  }
}

}  // namespace
