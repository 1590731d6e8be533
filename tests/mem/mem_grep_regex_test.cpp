// procsnap mem grep --regex on RE2: the POSIX ERE semantics it keeps from glibc's regcomp(REG_EXTENDED |
// REG_NEWLINE), which it replaced (checked against glibc itself on random patterns), where it departs from them, and
// its limits.
#include <gtest/gtest.h>
#include <regex.h>

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "cli/mem_scan.hpp"
#include "mem_db.hpp"

namespace {

namespace mem = procsnap::cli::mem;
using RegexHits = std::vector<std::pair<std::uint64_t, std::string>>;  // address, matching bytes

// Every match of `pattern` in `data` at 0x1000, fed in slices of `slice` bytes (one captured range).
RegexHits regex_matches(std::string_view pattern, std::string_view data, std::size_t slice = 7,
                        std::size_t max_len = 256) {
  std::string err;
  const auto m = mem::regex_matcher(pattern, max_len, err);
  EXPECT_TRUE(m) << pattern << ": " << err;
  RegexHits out;
  if (!m) return out;
  mem::GrepScanner sc(*m, 3, [&](const mem::Match& x) {
    out.emplace_back(x.addr, x.bytes);
    return true;
  });
  for (std::size_t off = 0; off < data.size(); off += slice) sc.feed(0x1000 + off, data.substr(off, slice));
  sc.end_run();
  return out;
}

std::string refusal(std::string_view pattern) {
  std::string err;
  EXPECT_FALSE(mem::regex_matcher(pattern, 256, err)) << pattern;
  EXPECT_EQ(err.find('\n'), std::string::npos) << err;  // one line
  return err;
}

TEST(MemGrepRegex, LeftmostLongestAsPosix) {
  EXPECT_EQ(regex_matches("a|ab", "xab"), (RegexHits{{0x1001, "ab"}}));  // Perl's leftmost-first would say "a"
  EXPECT_EQ(regex_matches("(a|ab)(c|bcd)(d*)", "abcd"), (RegexHits{{0x1000, "abcd"}}));
  EXPECT_EQ(regex_matches("x*y|x+", "xxxxy"), (RegexHits{{0x1000, "xxxxy"}}));
}

// REG_NEWLINE in the C locale, as before: '.' matches neither \n nor NUL; [^...] matches NUL but not \n; ^ and $
// match at line breaks; bytes above 0x7f are characters like any other (\351 is the byte 0xe9).
TEST(MemGrepRegex, NewlineAndNulAsRegNewline) {
  const std::string data("a\nb a\0b a\351b", 11);
  EXPECT_EQ(regex_matches("a.b", data), (RegexHits{{0x1008, "a\351b"}}));
  EXPECT_EQ(regex_matches("a[^x]b", data), (RegexHits{{0x1004, std::string("a\0b", 3)}, {0x1008, "a\351b"}}));
  EXPECT_EQ(regex_matches("a\nb", data), (RegexHits{{0x1000, "a\nb"}}));  // a newline in the pattern is one
  EXPECT_EQ(regex_matches("^b", data), (RegexHits{{0x1002, "b"}}));
  EXPECT_EQ(regex_matches("a$", data), (RegexHits{{0x1000, "a"}}));
  EXPECT_EQ(regex_matches("[\\xe0-\\xef]b", data), (RegexHits{{0x1009, "\351b"}}));
  EXPECT_EQ(regex_matches("a\\xe9", data), (RegexHits{{0x1008, "a\xe9"}}));
}

// ^ and $ are the captured range's start and end (and line breaks), never a slice boundary inside the range.
TEST(MemGrepRegex, AnchorsFollowTheCapturedRangeNotTheSlices) {
  for (const std::size_t slice : {1, 2, 3, 5, 100}) {
    EXPECT_EQ(regex_matches("^ab", "ab ab\nab", slice), (RegexHits{{0x1000, "ab"}, {0x1006, "ab"}})) << slice;
    EXPECT_EQ(regex_matches("ab$", "ab ab\nab", slice), (RegexHits{{0x1003, "ab"}, {0x1006, "ab"}})) << slice;
    EXPECT_EQ(regex_matches("^ab$", "abab", slice), RegexHits{}) << slice;
  }
  // A hole ends one range and starts another: each has its own ^ and $.
  std::string err;
  const auto m = mem::regex_matcher("^ab$", 16, err);
  ASSERT_TRUE(m) << err;
  std::vector<std::uint64_t> at;
  mem::GrepScanner sc(*m, 0, [&](const mem::Match& x) {
    at.push_back(x.addr);
    return true;
  });
  sc.feed(0x1000, "ab");
  sc.feed(0x2000, "ab");  // not contiguous
  sc.feed(0x2002, "x");
  sc.end_run();
  EXPECT_EQ(at, (std::vector<std::uint64_t>{0x1000}));
}

// Bracket expressions keep POSIX's rules, which RE2's own syntax does not share (there, \ escapes and [=a=] is no
// class): a ] first is a member, a backslash is itself, - first or last is a member.
TEST(MemGrepRegex, BracketsArePosix) {
  EXPECT_EQ(regex_matches("[\\]+", "a\\\\b"), (RegexHits{{0x1001, "\\\\"}}));
  EXPECT_EQ(regex_matches("[\\]]", "\\] ]"), (RegexHits{{0x1000, "\\]"}}));  // [\] then ]
  EXPECT_EQ(regex_matches("[]a]+", "x]a]"), (RegexHits{{0x1001, "]a]"}}));
  EXPECT_EQ(regex_matches("[^]a]+", "]]xy\nz"), (RegexHits{{0x1002, "xy"}, {0x1005, "z"}}));
  EXPECT_EQ(regex_matches("[a-]+", "b-a-c"), (RegexHits{{0x1001, "-a-"}}));
  EXPECT_EQ(regex_matches("[--/]+", "a-./b"), (RegexHits{{0x1001, "-./"}}));
  EXPECT_EQ(regex_matches("[[=a=][.-.]]+", "xa-b"), (RegexHits{{0x1001, "a-"}}));
  EXPECT_EQ(regex_matches("[[:digit:]x]+", "ab1x2y"), (RegexHits{{0x1002, "1x2"}}));
  EXPECT_EQ(regex_matches("[\\x41-\\x43]+", "xABCD"), (RegexHits{{0x1001, "ABC"}}));
  EXPECT_EQ(regex_matches("[[]+", "a[[b"), (RegexHits{{0x1001, "[["}}));
  EXPECT_NE(refusal("[z-a]").find("reversed"), std::string::npos);
  EXPECT_NE(refusal("[[:nope:]]").find("[:nope:]"), std::string::npos);
  EXPECT_NE(refusal("[[:Alpha\\:]]").find("unknown character class"), std::string::npos);
  EXPECT_NE(refusal("[ab").find("closing ]"), std::string::npos);
  EXPECT_NE(refusal("[]").find("closing ]"), std::string::npos);
  EXPECT_NE(refusal("[[=ab=]]").find("exactly one character"), std::string::npos);
  EXPECT_NE(refusal("[a-[:digit:]]").find("[:class:]"), std::string::npos);
  EXPECT_NE(refusal("[[:alpha:").find("closing"), std::string::npos);
  EXPECT_NE(refusal("[\\x5d]").find("metacharacter"), std::string::npos);
}

TEST(MemGrepRegex, CountsEscapesAndWhatRe2Lacks) {
  EXPECT_EQ(regex_matches("a{,2}b", "aaab"), (RegexHits{{0x1001, "aab"}}));  // ERE: a{0,2}
  EXPECT_EQ(regex_matches("\\w+", "  ab_1 "), (RegexHits{{0x1002, "ab_1"}}));
  EXPECT_EQ(regex_matches("\\bab\\b", "xab ab"), (RegexHits{{0x1004, "ab"}}));
  EXPECT_EQ(regex_matches("\\d+", "x12y"), (RegexHits{{0x1001, "12"}}));  // RE2: Perl's digit class
  EXPECT_EQ(regex_matches("a\\tb", "a\tb"), (RegexHits{{0x1000, "a\tb"}}));
  EXPECT_EQ(regex_matches("\\.\\*", "a.*b"), (RegexHits{{0x1001, ".*"}}));
  EXPECT_EQ(regex_matches("a{1000}", std::string(1001, 'a'), 1001, 4096),
            (RegexHits{{0x1000, std::string(1000, 'a')}}));
  EXPECT_NE(refusal("(a)\\1").find("backreference"), std::string::npos);
  EXPECT_NE(refusal("\\0").find("backreference"), std::string::npos);
  for (const char* gnu : {"\\<ab", "ab\\>", "\\`ab", "ab\\'"}) {  // RE2 would take them as < > ` '
    EXPECT_NE(refusal(gnu).find("GNU"), std::string::npos) << gnu;
  }
  EXPECT_NE(refusal("\\e").find("invalid escape sequence"), std::string::npos);
  EXPECT_NE(refusal("a{1001}").find("up to 1000"), std::string::npos);
  EXPECT_NE(refusal("ab\\").find("lone backslash"), std::string::npos);
  EXPECT_NE(refusal("(?i)ab").find("--regex: "), std::string::npos);
  EXPECT_NE(refusal("\\bx*\\b|").find("empty string"), std::string::npos);
  EXPECT_NE(refusal(std::string("a\0b", 3)).find("NUL"), std::string::npos);
}

// A word boundary matches the empty string between bytes but not in the empty text: its empty matches are skipped
// (a match has at least one byte) and the search goes on.
TEST(MemGrepRegex, EmptyMatchesInsideTheDataAreSkipped) {
  EXPECT_EQ(regex_matches("\\b", "ab cd"), RegexHits{});
  EXPECT_EQ(regex_matches("\\bc*", "ab cd"), (RegexHits{{0x1003, "c"}}));
}

// RE2's memory cap (k_regex_max_mem) is the bound on a pattern: one whose program does not fit is refused at once
// with a one-line error (exit 2 from the command), however it was built.
TEST(MemGrepRegex, PatternOverTheMemoryCapIsRefused) {
  std::string big;
  for (int i = 0; i < 1000; ++i) big += "[[:alnum:]]{1000}";
  const std::string err = refusal(big);
  EXPECT_NE(err.find("pattern too large"), std::string::npos) << err;
  EXPECT_NE(err.find("32 MiB"), std::string::npos) << err;
  std::string fits;
  for (int i = 0; i < 100; ++i) fits += "[[:alnum:]]{1000}";
  std::string e2;
  EXPECT_TRUE(mem::regex_matcher(fits, 256, e2)) << e2;

  procsnap::memtest::MemDb db;
  procsnap::memtest::RegionSpec s;
  s.pieces = {{s.start, "abc"}};
  db.add(s);
  const auto r = db.mem({"grep", "1", "--regex", big});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("procsnap mem grep: --regex: pattern too large"), std::string::npos) << r.err;
}

// ---- against glibc ----------------------------------------------------------------------------------------------

// All matches glibc's regexec finds, one after the other as the scanner does: the previous engine, as an oracle.
RegexHits glibc_matches(const std::string& pattern, std::string_view data) {
  regex_t re;
  if (::regcomp(&re, pattern.c_str(), REG_EXTENDED | REG_NEWLINE) != 0) {
    ADD_FAILURE() << "glibc refused " << pattern;
    return {};
  }
  RegexHits out;
  for (std::size_t pos = 0; pos < data.size();) {
    regmatch_t m[1];
    m[0].rm_so = static_cast<regoff_t>(pos);
    m[0].rm_eo = static_cast<regoff_t>(data.size());
    if (::regexec(&re, data.data(), 1, m, REG_STARTEND) != 0) break;
    const auto s = static_cast<std::size_t>(m[0].rm_so);
    const auto e = static_cast<std::size_t>(m[0].rm_eo);
    if (e == s) {
      pos = s + 1;
      continue;
    }
    out.emplace_back(0x1000 + s, std::string(data.substr(s, e - s)));
    pos = e;
  }
  ::regfree(&re);
  return out;
}

// Anchors stay out of repeated groups: glibc matches (^a){2} on "aa" (^ inside a repetition is not checked again),
// RE2 does not, and POSIX agrees with RE2.
std::string random_ere(std::mt19937& rng, int depth, bool repeated) {
  static const char* const k_atoms[] = {"a",  "b",     "x",           ".",      "[ab]", "[^a]", "[^]a]",
                                        "\n", "[a-x]", "[[:alpha:]]", "[^\nb]", "^",    "$"};
  const unsigned pick = depth <= 0 ? 0 : rng() % 4;
  std::string r;
  if (pick == 0) {
    r = k_atoms[rng() % (std::size(k_atoms) - (repeated ? 2 : 0))];
  } else if (pick == 1) {
    r = random_ere(rng, depth - 1, repeated) + random_ere(rng, depth - 1, repeated);
  } else if (pick == 2) {
    r = "(" + random_ere(rng, depth - 1, repeated) + "|" + random_ere(rng, depth - 1, repeated) + ")";
  } else {
    static const char* const k_quant[] = {"*", "+", "?", "{1,2}", "{,2}", "{2}"};
    r = "(" + random_ere(rng, depth - 1, true) + ")" + k_quant[rng() % std::size(k_quant)];
  }
  return r;
}

// Random patterns over random bytes (newlines and NULs among them): RE2 with the rewrite finds exactly what glibc
// found. max_len exceeds the data, so no match is cut and the comparison is of semantics, not of windows.
TEST(MemGrepRegex, AgreesWithGlibcOnRandomPatterns) {
  std::mt19937 rng(17);
  int compared = 0;
  for (int round = 0; round < 1500; ++round) {
    // Ends with a byte (most random patterns would match the empty string otherwise), or a group around it.
    std::string pattern = random_ere(rng, 1 + static_cast<int>(rng() % 4), false) + "abx."[rng() % 4];
    if (rng() % 3 == 0) pattern = "(" + pattern + "|" + random_ere(rng, 2, false) + "b)";
    std::string data(1 + rng() % 120, ' ');
    for (auto& c : data) c = std::string_view("ab x\n\0b", 7)[rng() % 7];
    std::string err;
    const auto m = mem::regex_matcher(pattern, 4096, err);
    if (!m) {
      ADD_FAILURE() << pattern << ": " << err;
      continue;
    }
    ++compared;
    EXPECT_EQ(regex_matches(pattern, data, 1 + rng() % 9, 4096), glibc_matches(pattern, data))
        << "pattern " << mem::escape_bytes(pattern) << " data " << mem::escape_bytes(data);
    if (HasFailure()) break;
  }
  EXPECT_EQ(compared, 1500);
}

}  // namespace
