// procsnap mem grep: the engine (patterns, matchers, streaming scanner) and the command on a hand-built database.
#include <gtest/gtest.h>

#include <random>

#include "cli/mem_scan.hpp"
#include "mem_db.hpp"

namespace {

using namespace procsnap;
using namespace procsnap::memtest;
namespace pt = procsnap::testing;
namespace mem = procsnap::cli::mem;

// Every match address of `m` in `data` at `base`, fed in slices of the given sizes (cycled).
std::vector<std::uint64_t> scan(const mem::Matcher& m, std::string_view data, std::uint64_t base,
                                std::vector<std::size_t> slices, std::size_t context = 4) {
  std::vector<std::uint64_t> out;
  mem::GrepScanner sc(m, context, [&](const mem::Match& x) {
    out.push_back(x.addr);
    return true;
  });
  std::size_t off = 0, k = 0;
  while (off < data.size()) {
    const std::size_t n = std::min(slices[k++ % slices.size()], data.size() - off);
    sc.feed(base + off, data.substr(off, n));
    off += n;
  }
  sc.end_run();
  return out;
}

TEST(MemGrep, ParsesLiteralEscapesAndHex) {
  std::string err;
  EXPECT_EQ(mem::parse_literal("a\\x00b\\\\c\\n", err), std::string("a\0b\\c\n", 6));
  EXPECT_FALSE(mem::parse_literal("a\\q", err));
  EXPECT_NE(err.find("unknown escape"), std::string::npos);
  EXPECT_FALSE(mem::parse_literal("\\x4", err));
  EXPECT_FALSE(mem::parse_literal("", err));
  EXPECT_FALSE(mem::parse_literal("ab\\", err));
  EXPECT_EQ(mem::parse_hex("de ad be ef", err), std::string("\xde\xad\xbe\xef"));
  EXPECT_EQ(mem::parse_hex("deadBEEF", err), std::string("\xde\xad\xbe\xef"));
  EXPECT_EQ(mem::parse_hex("0xde,0xad:00", err), std::string("\xde\xad\0", 3));
  EXPECT_FALSE(mem::parse_hex("abc", err));
  EXPECT_FALSE(mem::parse_hex("zz", err));
  EXPECT_FALSE(mem::parse_hex("  ", err));
  EXPECT_EQ(mem::widen_utf16le("ab"), std::string("a\0b\0", 4));
  EXPECT_EQ(mem::parse_address("0x7f00"), 0x7f00u);
  EXPECT_EQ(mem::parse_address("ffffffffff600000"), 0xffffffffff600000u);
  EXPECT_FALSE(mem::parse_address("0x"));
  EXPECT_FALSE(mem::parse_address("12345678901234567"));
  EXPECT_FALSE(mem::parse_address("-1"));
  const auto r = mem::parse_range("1000-2000");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 0x1000u);
  EXPECT_EQ(r->second, 0x2000u);
  EXPECT_FALSE(mem::parse_range("2000-1000"));
  EXPECT_FALSE(mem::parse_range("1000"));
}

// Streaming must find exactly what a search over the whole buffer finds, whatever the slice sizes (matches
// straddling slice boundaries included).
TEST(MemGrep, StreamingEqualsWholeBufferSearch) {
  std::mt19937 rng(7);
  for (int round = 0; round < 40; ++round) {
    std::string data(5000 + rng() % 3000, 'x');
    for (auto& c : data) c = "ab\0"[rng() % 3];
    const std::string pat = std::string("aba\0b", 5).substr(0, 2 + rng() % 4);
    std::vector<std::uint64_t> expect;
    for (std::size_t i = 0; i + pat.size() <= data.size();) {
      if (data.compare(i, pat.size(), pat) == 0) {
        expect.push_back(0x10000 + i);
        i += pat.size();
      } else {
        ++i;
      }
    }
    const auto m = mem::literal_matcher(pat);
    for (const std::vector<std::size_t>& slices : {std::vector<std::size_t>{1}, {3, 1, 7}, {64}, {4999}, {100000}}) {
      EXPECT_EQ(scan(*m, data, 0x10000, slices, round % 5), expect) << "round " << round;
    }
  }
}

TEST(MemGrep, ContextComesFromBothSidesOfASliceBoundary) {
  const std::string data = "0123456789MARKER0123456789";
  const auto m = mem::literal_matcher("MARKER");
  std::vector<mem::Match> got;
  mem::GrepScanner sc(*m, 4, [&](const mem::Match& x) {
    got.push_back(x);
    return true;
  });
  sc.feed(0x1000, data.substr(0, 12));  // "0123456789MA"
  sc.feed(0x100c, data.substr(12));
  sc.end_run();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].addr, 0x100au);
  EXPECT_EQ(got[0].ctx_addr, 0x1006u);
  EXPECT_EQ(got[0].ctx, "6789MARKER0123");
}

TEST(MemGrep, NeverMatchesAcrossAHole) {
  const auto m = mem::literal_matcher("MARKER");
  std::vector<std::uint64_t> got;
  mem::GrepScanner sc(*m, 8, [&](const mem::Match& x) {
    got.push_back(x.addr);
    return true;
  });
  sc.feed(0x1000, "xxxMAR");
  sc.feed(0x2000, "KERyyy");  // not contiguous: a hole in between
  sc.end_run();
  EXPECT_TRUE(got.empty());
}

TEST(MemGrep, RegexOverNulsAndSlices) {
  std::string err;
  const auto m = mem::regex_matcher("key=[0-9a-f]{8}", 64, err);
  ASSERT_TRUE(m) << err;
  std::string data(3000, '\0');
  data.replace(1000, 12, "key=deadbeef");
  data.replace(2990, 10, "key=0bad00");  // too short: no match
  EXPECT_EQ(scan(*m, data, 0x5000, {997}), (std::vector<std::uint64_t>{0x5000 + 1000}));
  EXPECT_EQ(scan(*m, data, 0x5000, {1}), (std::vector<std::uint64_t>{0x5000 + 1000}));
  // \xHH stands for a byte; a NUL, a metacharacter or an empty match are refused.
  const auto hx = mem::regex_matcher("\\xe9t\\xe9", 16, err);
  ASSERT_TRUE(hx) << err;
  EXPECT_EQ(scan(*hx, "..\xe9t\xe9..", 0, {3}), (std::vector<std::uint64_t>{2}));
  EXPECT_FALSE(mem::regex_matcher("a\\x00", 16, err));
  EXPECT_FALSE(mem::regex_matcher("\\x2e", 16, err));
  EXPECT_FALSE(mem::regex_matcher("x*", 16, err));
  EXPECT_NE(err.find("empty"), std::string::npos);
  EXPECT_FALSE(mem::regex_matcher("(", 16, err));
}

// Stacked or nested repetitions made glibc's regcomp copy the repeated tree once per repetition: "a" followed by
// 130 '+' took 3.5 GB, and a run of '?' minutes (tests/crashers/mem_scan/), and a guard estimating the expansion
// refused them. On RE2 the guard is gone: a stacked repetition is one repetition of its atom (a++ = a+, a+? = a*),
// and what RE2 cannot bound, counts over 1000 (nested counts multiplied), it refuses itself. The same patterns as
// the guard's test, now run (or refused by RE2, or for matching the empty string).
TEST(MemGrep, RegexStackedAndNestedRepetitionsRunOnRe2) {
  std::string err;
  auto matches = [&](std::string_view pattern, std::string_view data) {
    err.clear();
    const auto m = mem::regex_matcher(pattern, 64, err);
    EXPECT_TRUE(m) << pattern << ": " << err;
    std::vector<std::string> out;
    if (!m) return out;
    mem::GrepScanner sc(*m, 0, [&](const mem::Match& x) {
      out.push_back(x.bytes);
      return true;
    });
    sc.feed(0x1000, data);
    sc.end_run();
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(matches("physica" + std::string(130, '+') + "lb:", "physicalb: physicaaaalb: physiclb:"),
            (V{"physicalb:", "physicaaaalb:"}));
  EXPECT_FALSE(mem::regex_matcher("a+?", 64, err));  // (a+)? = a*: matches the empty string
  EXPECT_NE(err.find("empty string"), std::string::npos) << err;
  EXPECT_FALSE(mem::regex_matcher("a{2}*", 64, err));  // (a{2})*: also
  EXPECT_NE(err.find("empty string"), std::string::npos) << err;
  EXPECT_EQ(matches("a+?b", "xaab b"), (V{"aab", "b"}));
  EXPECT_EQ(matches("a{2}*b", "aaab"), (V{"aab"}));
  EXPECT_EQ(matches("(a+)?b", "xaab b"), (V{"aab", "b"}));
  EXPECT_EQ(matches("a{x}+", "a{x}} a{x"), (V{"a{x}}"}));  // '{' not a count: a literal
  EXPECT_FALSE(mem::regex_matcher("((a{100}){100}){100}", 64, err));
  EXPECT_NE(err.find("invalid repetition size"), std::string::npos) << err;
  EXPECT_NE(err.find("up to 1000"), std::string::npos) << err;
  EXPECT_FALSE(mem::regex_matcher("(x|(y{1000}z){1000})", 64, err));
  EXPECT_NE(err.find("invalid repetition size"), std::string::npos) << err;
  // s++???? is s*, bye followed by 20 '?' is bye?: minutes in regcomp before, instant now.
  EXPECT_EQ(matches("s++????bye" + std::string(20, '?'), "by ssbye"), (V{"by", "ssbye"}));
  std::string nested = std::string(20, '(') + "a";  // ((((a)?)?)?...)? : optional parts nested 20 deep
  for (int i = 0; i < 20; ++i) nested += ")?";
  EXPECT_FALSE(mem::regex_matcher(nested, 64, err));
  EXPECT_NE(err.find("empty string"), std::string::npos) << err;
  EXPECT_EQ(matches(nested + "b", "ab b"), (V{"ab", "b"}));
  EXPECT_EQ(matches("a?b?c?d?e?f?g?h?i?j?k?l?m?n?o?p?q?r?s?t", "abt ct t"), (V{"abt", "ct", "t"}));
  EXPECT_EQ(matches("(a{10}){5}", std::string(51, 'a')), (V{std::string(50, 'a')}));
  EXPECT_FALSE(mem::regex_matcher("(a{100}){50}", 64, err));  // 5000 > 1000: RE2's own limit
  EXPECT_NE(err.find("invalid repetition size"), std::string::npos) << err;
  EXPECT_FALSE(mem::regex_matcher("(a{100}){200}", 64, err));
  EXPECT_EQ(matches("[a-z0-9._%+-]{1,64}@[a-z0-9.-]+\\.(com|net|org)", "to: j.doe+x@mail.example.org;"),
            (V{"j.doe+x@mail.example.org"}));
  EXPECT_EQ(matches("[[:alpha:]]{3,40}[]{}+]*", "ab abc}+] x"), (V{"abc}+]"}));
  EXPECT_EQ(matches("a{2,}b+c?", "ab aabbc"), (V{"aabbc"}));
}

TEST(MemGrep, RegexMatchLengthIsBounded) {
  std::string err;
  const auto m = mem::regex_matcher("A+", 10, err);
  ASSERT_TRUE(m) << err;
  std::vector<mem::Match> got;
  mem::GrepScanner sc(*m, 0, [&](const mem::Match& x) {
    got.push_back(x);
    return true;
  });
  sc.feed(0, std::string(25, 'A'));
  sc.end_run();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].bytes.size(), 10u);
  EXPECT_EQ(got[2].addr, 20u);
  EXPECT_EQ(got[2].bytes.size(), 5u);
}

// glibc's regexec rescans from every candidate start until its DFA dies: over a 512 KiB run of 'a', a.*b given
// the whole window would take ~10 minutes (quadratic); bounded views keep it linear (a few seconds at most).
TEST(MemGrep, RegexWorkIsBoundedOnLargeInput) {
  std::string err;
  const auto m = mem::regex_matcher("a.*b", 64, err);
  ASSERT_TRUE(m) << err;
  const std::string data(512u << 10, 'a');
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(scan(*m, data, 0, {256u << 10}).empty());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(60));
}

TEST(MemGrep, RenderersEmitOnlyPrintableAscii) {
  const std::string evil = "\x1b[2J\xe2\x80\xae\r\n\\\"ok";
  EXPECT_EQ(mem::escape_bytes(evil), "\\x1b[2J\\xe2\\x80\\xae\\x0d\\x0a\\\\\\\"ok");
  const std::string dump = mem::hexdump(0x1000, evil, "  ");
  EXPECT_TRUE(terminal_safe(dump)) << dump;
  EXPECT_NE(dump.find("000000001000  1b 5b 32 4a"), std::string::npos) << dump;
}

// ---- the command --------------------------------------------------------------------------------------------

class MemGrepCmd : public ::testing::Test {
 protected:
  void SetUp() override {
    // Region A: [heap], 3 abutting pieces; MARKER-ONE inside piece 1, MARKER-TWO straddling pieces 2 and 3.
    std::string p1 = filler(4096, 1), p2 = filler(4096, 2), p3 = filler(4096, 3);
    p1.replace(100, 10, "MARKER-ONE");
    p2.replace(4091, 5, "MARKE");
    p3.replace(0, 5, "R-TWO");
    a_.start = 0x55550000;
    a_.end = 0x55553000;
    a_.path = "[heap]";
    a_.pieces = {{0x55550000, p1}, {0x55551000, p2}, {0x55552000, p3}};
    db_.add(a_);
    // Region B: rwx anonymous with a hole in the middle; "SPLIT" cut by the hole, NULs and escapes around
    // MARKER-3.
    RegionSpec b;
    b.start = 0x7f0000000000;
    b.end = 0x7f0000003000;
    b.perms = "rwxp";
    b.status = "EIO";
    b.reason = "holes";
    b.holes = "[[\"7f0000001000\",\"7f0000002000\",\"EIO\"]]";
    std::string q1 = filler(4096, 4), q3 = filler(4096, 5);
    q1.replace(4093, 3, "SPL");
    q3.replace(0, 2, "IT");
    q3.replace(200, 19, std::string("\x1b[2J\xe2\x80\xae\0MARKER-3\0\x07\x9b", 19));
    b.pieces = {{0x7f0000000000, q1}, {0x7f0000002000, q3}};
    db_.add(b);
  }
  MemDb db_;
  RegionSpec a_;
};

TEST_F(MemGrepCmd, FindsAMatchInOnePieceWithRegionAndAddress) {
  const auto r = db_.mem({"grep", "1", "MARKER-ONE"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("pid 4242 (sleep)  region 55550000-55553000 rw-p [heap]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("match at 0x55550064 (+0x64), 10 bytes: \"MARKER-ONE\""), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("1 match in 2 regions"), std::string::npos) << r.err;
}

TEST_F(MemGrepCmd, FindsAMatchStraddlingTwoPieces) {
  const auto r = db_.mem({"grep", "1", "MARKER-TWO", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"address\":\"0x55551ffb\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"offset\":8187"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"match_hex\":\"4d41524b45522d54574f\""), std::string::npos) << r.out;
}

TEST_F(MemGrepCmd, NoMatchAcrossAHoleExitsOne) {
  const auto r = db_.mem({"grep", "1", "SPLIT"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("0 matches"), std::string::npos) << r.err;
}

TEST_F(MemGrepCmd, HexAndRegexPatternsAndNulsInData) {
  auto r = db_.mem({"grep", "1", "--hex", "00 4d 41 52 4b 45 52 2d 33 00", "--format", "csv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0x7f00000020cf"), std::string::npos) << r.out;
  r = db_.mem({"grep", "1", "--regex", "MARKER-[0-9]", "--format", "ndjson"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"address\":\"0x7f00000020d0\""), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  r = db_.mem({"grep", "1", "\\0MARKER-3\\0"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = db_.mem({"grep", "1", "--regex", "MARKER-(ONE|TWO)", "--pid", "4242", "--region", "55551000-55553000"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("MARKER-ONE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"MARKER-TWO\""), std::string::npos) << r.out;
}

TEST_F(MemGrepCmd, EscapeSequencesInMemoryNeverReachTheTerminalRaw) {
  for (const char* fmt : {"text", "csv", "json"}) {
    const auto r = db_.mem({"grep", "1", "MARKER-3", "--context", "12", "--format", fmt});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string out = r.out;
    std::erase(out, '\r');  // csv line ends
    EXPECT_TRUE(terminal_safe(out)) << fmt << ": " << r.out;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  }
  const auto r = db_.mem({"grep", "1", "MARKER-3", "--context", "12"});
  EXPECT_NE(r.out.find(".[2J....MARK|"), std::string::npos) << r.out;
}

TEST_F(MemGrepCmd, MaxMatchesStops) {
  const auto r = db_.mem({"grep", "1", "MARKER", "--max-matches", "2", "-q"});
  EXPECT_EQ(r.exit_code, 0);
  std::size_t n = 0;
  for (auto p = r.out.find("match at"); p != std::string::npos; p = r.out.find("match at", p + 1)) ++n;
  EXPECT_EQ(n, 2u) << r.out;
  EXPECT_NE(r.err.find("stopped after 2 matches"), std::string::npos) << r.err;
}

TEST_F(MemGrepCmd, ErrorsAreTroubleNotNoMatch) {
  auto r = db_.mem({"grep", "99", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("99"), std::string::npos) << r.err;
  r = db_.mem({"grep", "1", "x", "--pid", "1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("pid 1 has no memory regions in snapshot 1"), std::string::npos) << r.err;
  r = db_.mem({"grep", "1", "x", "--pid", "777"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("pid 777 was not captured"), std::string::npos) << r.err;
  r = db_.mem({"grep", "1", "--hex", "abc"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("odd number"), std::string::npos) << r.err;
  r = db_.mem({"grep", "1", "--regex", "(a|"});
  EXPECT_EQ(r.exit_code, 2);
  r = db_.mem({"grep", "1", "x", "--hex", "--regex"});
  EXPECT_EQ(r.exit_code, 2);
  r = db_.mem({"grep", "1"});
  EXPECT_EQ(r.exit_code, 2);
  const auto missing = e2e::run({k_bin, "mem", "grep", "1", "x", "--db", db_.dir.file("nope.db")});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
}

// The same rules on a database the importer built from an archive (pieces and region lines as the collector
// writes them): a match across a piece boundary is found, one cut by an EIO hole is not.
TEST(MemGrep, ImportedArchiveStraddleFoundHoleNot) {
  ImportedDb db;
  auto r = db.mem({"grep", "latest", "XMARKER!", "--format", "csv", "-q"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(fmt::format("0x{:x}", k_imported_a + k_page - 4)), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");  // no warning: every piece verified, nothing inconsistent
  r = db.mem({"grep", "latest", "SPLIT"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
}

// A hostile or damaged database: pieces outside their region, overlapping, shorter than their range, or failed
// verification are reported on stderr and never trusted beyond their bytes; nothing crashes.
TEST(MemGrep, InconsistentPiecesAreReportedNotTrusted) {
  MemDb db;
  RegionSpec s;
  s.start = 0x20000;
  s.end = 0x22000;
  s.pieces = {{0x20000, "abcMARKER-Xdef"}};
  s.piece_verify = "hash-mismatch";
  db.add(s);
  {
    db::Connection c(db.db_path, db::Connection::Mode::read_write_create);
    // A chunk row outside the region, one overlapping the first, one whose member holds fewer bytes.
    c.exec(
        "INSERT INTO members (snapshot_id, path, pid, kind, data) VALUES (1, 'mem/4242/x', 4242, 'file', "
        "x'4142434445464748')");
    c.exec("INSERT INTO memory_chunks VALUES (1, 4242, 131072, 200000, 200008, 'mem/4242/x', 'ok')");
    c.exec("INSERT INTO memory_chunks VALUES (1, 4242, 131072, 131075, 131083, 'mem/4242/x', 'ok')");
    c.exec("INSERT INTO memory_chunks VALUES (1, 4242, 131072, 131200, 131300, 'mem/4242/x', 'ok')");
    c.exec("INSERT INTO memory_chunks VALUES (1, 4242, 131072, 131400, 131500, 'mem/4242/missing', 'ok')");
  }
  const auto r = db.mem({"grep", "1", "MARKER-X"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("failed verification at import (hash-mismatch)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("lies outside its region"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("overlaps the previous piece"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("holds 8 bytes for a 100-byte range"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("mem/4242/missing has no stored bytes"), std::string::npos) << r.err;
  EXPECT_EQ(db.mem({"grep", "1", "ABCDEFGH", "-q"}).exit_code, 0);  // the short piece's bytes are still searched
}

TEST(MemGrepNoMemory, SnapshotWithoutMemorySaysSo) {
  MemDb db;
  const auto r = db.mem({"grep", "latest", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("captured without --mem"), std::string::npos) << r.err;
}

TEST(MemGrepHelp, TeachesPatternsAndExitCodes) {
  const auto r = e2e::run({k_bin, "mem", "grep", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* s : {"--hex", "--regex", "REG_NEWLINE", "grep(1)", "Examples:", "hole"}) {
    EXPECT_NE(r.out.find(s), std::string::npos) << s;
  }
  EXPECT_EQ(e2e::run({k_bin, "mem"}).exit_code, 2);
}

}  // namespace
