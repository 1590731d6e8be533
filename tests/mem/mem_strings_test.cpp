// procsnap mem strings: the scanner (ASCII, UTF-16LE, runs across slices, cut at holes) and the command.
#include <gtest/gtest.h>

#include "cli/mem_scan.hpp"
#include "mem_db.hpp"

namespace {

using namespace procsnap;
using namespace procsnap::memtest;
namespace pt = procsnap::testing;
namespace mem = procsnap::cli::mem;

struct Found {
  std::uint64_t addr;
  std::string enc;
  std::uint64_t len;
  std::string text;
  bool operator==(const Found&) const = default;
};

std::vector<Found> strings_of(const std::vector<std::pair<std::uint64_t, std::string>>& feeds, std::size_t min_len,
                              bool ascii, bool utf16, std::size_t max_keep = 100) {
  std::vector<Found> out;
  mem::StringsScanner sc(min_len, ascii, utf16, max_keep, [&](const mem::FoundString& s) {
    out.push_back({s.addr, std::string(mem::encoding_name(s.encoding)), s.length, s.text});
    return true;
  });
  for (const auto& [a, b] : feeds) sc.feed(a, b);
  sc.end_run();
  return out;
}

TEST(MemStrings, AsciiRunsWithMinimumLength) {
  const auto got = strings_of({{0x1000, std::string("\0hello world\x01short\0tab\there\xff", 28)}}, 6, true, false);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], (Found{0x1001, "ascii", 11, "hello world"}));
  EXPECT_EQ(got[1], (Found{0x1013, "ascii", 8, "tab\there"}));
}

TEST(MemStrings, Utf16leAtEvenAddresses) {
  const std::string wide = mem::widen_utf16le("cmd.exe /c whoami");
  std::string data = std::string(4, '\xff') + wide + std::string("\0\0", 2);
  auto got = strings_of({{0x2000, data}}, 6, false, true);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], (Found{0x2004, "utf16le", 17, "cmd.exe /c whoami"}));
  // At an odd address it is not a UTF-16LE string (the pairs would be misaligned).
  got = strings_of({{0x2000, std::string(1, '\xff') + wide + std::string(2, '\0')}}, 6, false, true);
  EXPECT_TRUE(got.empty());
  // "all": both encodings; the ASCII scanner sees single letters only.
  got = strings_of({{0x2000, data + "plain ascii text"}}, 6, true, true);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].enc, "utf16le");
  EXPECT_EQ(got[1], (Found{0x2000 + data.size(), "ascii", 16, "plain ascii text"}));
}

TEST(MemStrings, RunsContinueAcrossSlicesButNotHoles) {
  auto got = strings_of({{0x1000, std::string("xxxxx\0abc", 9)}, {0x1009, std::string("defghi\0", 7)}}, 6, true, false);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], (Found{0x1006, "ascii", 9, "abcdefghi"}));
  // Same bytes, but the second slice is not contiguous: "abc" and "defghi" are separate, "abc" too short.
  got = strings_of({{0x1000, std::string("xxxxx\0abc", 9)}, {0x3000, std::string("defghi\0", 7)}}, 6, true, false);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], (Found{0x3000, "ascii", 6, "defghi"}));
  // UTF-16 pairs split across slices.
  const std::string w = mem::widen_utf16le("abcdefgh");
  got = strings_of({{0x4000, w.substr(0, 5)}, {0x4005, w.substr(5)}}, 6, false, true);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].text, "abcdefgh");
}

TEST(MemStrings, LongStringsAreCutButCounted) {
  mem::StringsScanner sc(4, true, false, 10, [&](const mem::FoundString& s) {
    EXPECT_EQ(s.length, 5000u);
    EXPECT_EQ(s.text, std::string(10, 'A'));
    EXPECT_TRUE(s.cut);
    return true;
  });
  sc.feed(0, std::string(5000, 'A'));
  sc.end_run();
}

TEST(MemStrings, CommandListsStringsWithAddresses) {
  MemDb db;
  RegionSpec s;
  s.start = 0x10000;
  s.end = 0x12000;
  std::string p1(4096, '\0'), p2(4096, '\0');
  p1.replace(16, 13, "hello strings");
  p1.replace(4090, 6, "across");
  p2.replace(0, 7, "-pieces");
  const std::string wide = mem::widen_utf16le("wide string");
  p2.replace(100, wide.size(), wide);
  p2.replace(300, 12, "evil\x1b[2Jtext");
  s.pieces = {{0x10000, p1}, {0x11000, p2}};
  db.add(s);
  auto r = db.mem({"strings", "1", "--pid", "4242"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("# pid 4242 (sleep) region 00010000-00012000 rw-p (anonymous)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0x10010  ascii        13  hello strings"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0x10ffa  ascii        13  across-pieces"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("wide string"), std::string::npos) << r.out;
  EXPECT_TRUE(terminal_safe(r.out)) << r.out;
  r = db.mem({"strings", "1", "--encoding", "utf16le", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("4242,sleep,0x10000,0x12000,0x11064,utf16le,11,wide string"), std::string::npos) << r.out;
  r = db.mem({"strings", "1", "--encoding", "all", "--min-len", "4", "--region", "11000-12000", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("hello"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"string\":\"-pieces\""), std::string::npos) << r.out;  // clipped to --region
  EXPECT_NE(r.out.find("\"string\":\"wide string\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"string\":\"evil\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"string\":\"[2Jtext\""), std::string::npos) << r.out;
  // errors
  EXPECT_EQ(db.mem({"strings", "1", "--pid", "31337"}).exit_code, 1);
  EXPECT_EQ(db.mem({"strings", "1", "--encoding", "utf8"}).exit_code, 2);
  EXPECT_EQ(db.mem({"strings", "1", "--region", "zz"}).exit_code, 2);
  EXPECT_EQ(db.mem({"strings", "nope"}).exit_code, 1);
}

}  // namespace
