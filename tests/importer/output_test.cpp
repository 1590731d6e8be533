// Display of untrusted text: terminal escaping, CSV formula escaping, lossless JSON.
#include "cli/output.hpp"
#include "procsnap/common/json.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace {

using namespace procsnap::cli;

TEST(Output, EscapesControlC1BidiAndInvalidUtf8) {
  EXPECT_EQ(escape_terminal("plain text ü €"), "plain text ü €");
  EXPECT_EQ(escape_terminal("a\x1b[31mred"), "a\\x1b[31mred");
  EXPECT_EQ(escape_terminal("l1\nl2\tx\r"), "l1\\nl2\\tx\\r");
  EXPECT_EQ(escape_terminal(std::string("nul\0x", 5)), "nul\\x00x");
  EXPECT_EQ(escape_terminal("del\x7f"), "del\\x7f");
  EXPECT_EQ(escape_terminal("c1\xc2\x9b" "31m"), "c1\\u{009b}31m");      // CSI as a C1 code point
  EXPECT_EQ(escape_terminal("\xe2\x80\xae" "exe.txt"), "\\u{202e}exe.txt");  // RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(escape_terminal("\xe2\x81\xa6x\xe2\x81\xa9"), "\\u{2066}x\\u{2069}");
  EXPECT_EQ(escape_terminal("zw\xe2\x80\x8bsp"), "zw\\u{200b}sp");
  EXPECT_EQ(escape_terminal("bad\xff\xfe"), "bad\\xff\\xfe");
  EXPECT_EQ(escape_terminal("\xc0\xaf"), "\\xc0\\xaf");  // overlong '/'
  EXPECT_EQ(escape_terminal("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // surrogate
  EXPECT_EQ(escape_terminal("back\\slash"), "back\\\\slash");  // unambiguous
}

TEST(Output, CsvEscapesFormulaLeadingCells) {
  EXPECT_EQ(csv_cell("=cmd|' /C calc'!A0", true), "\"'=cmd|' /C calc'!A0\"");
  EXPECT_EQ(csv_cell("+1", true), "\"'+1\"");
  EXPECT_EQ(csv_cell("-2+3", true), "\"'-2+3\"");
  EXPECT_EQ(csv_cell("@SUM(A1)", true), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_cell("\tx", true), "\"'\tx\"");
  EXPECT_EQ(csv_cell("\rx", true), "\"'\rx\"");
  EXPECT_EQ(csv_cell("-5", false), "-5");  // a number is not a formula
  EXPECT_EQ(csv_cell("a,b", true), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\"", true), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("plain", true), "plain");
  EXPECT_EQ(csv_cell("", true), "");
}

TEST(Output, JsonKeepsInvalidUtf8Losslessly) {
  const std::string raw("ok \xff\xfe \xe2\x80\xae \x1b[0m \xc2\x85 \"q\" \\ \0end", 27);
  const std::string lit = json_string(raw);
  EXPECT_NE(lit.find("\\udcff\\udcfe"), std::string::npos) << lit;
  EXPECT_NE(lit.find("\\u202e"), std::string::npos) << lit;
  EXPECT_NE(lit.find("\\u001b"), std::string::npos) << lit;
  EXPECT_NE(lit.find("\\u0085"), std::string::npos) << lit;
  for (unsigned char c : lit) {
    EXPECT_TRUE(c >= 0x20 && c < 0x7f) << "raw byte " << int(c) << " in " << lit;
  }
  auto parsed = procsnap::common::json::parse(lit);
  const auto* v = std::get_if<procsnap::common::json::Value>(&parsed);
  ASSERT_NE(v, nullptr);
  ASSERT_NE(v->as_string(), nullptr);
  EXPECT_EQ(*v->as_string(), raw);
}

std::string print(Format f, const std::vector<Cell>& cells) {
  char* buf = nullptr;
  std::size_t len = 0;
  std::FILE* out = open_memstream(&buf, &len);
  {
    OutputOptions o;
    o.format = f;
    ResultPrinter p(out, o);
    std::vector<std::string> cols;
    for (std::size_t i = 0; i < cells.size(); ++i) cols.push_back("c" + std::to_string(i));
    p.begin(cols);
    p.row(cells);
    p.end();
    p.finish();
  }
  std::fclose(out);
  std::string s(buf, len);
  std::free(buf);
  return s;
}

TEST(Output, TableEscapesByDefaultAndShowsBlobsAndNull) {
  const std::string t = print(Format::table, {Cell{SQLITE_TEXT, "\x1b]0;owned\x07"}, Cell{SQLITE_NULL, ""},
                                              Cell{SQLITE_BLOB, std::string("\x00\x01\x02", 3)},
                                              Cell{SQLITE_INTEGER, "-1"}});
  EXPECT_EQ(t.find('\x1b'), std::string::npos);
  EXPECT_NE(t.find("\\x1b]0;owned\\x07"), std::string::npos) << t;
  EXPECT_NE(t.find("NULL"), std::string::npos);
  EXPECT_NE(t.find("x'000102' (3 bytes)"), std::string::npos) << t;
  EXPECT_NE(t.find("(1 row)"), std::string::npos);
}

TEST(Output, CsvAndJsonRows) {
  EXPECT_EQ(print(Format::csv, {Cell{SQLITE_TEXT, "=1+1"}, Cell{SQLITE_INTEGER, "-3"}, Cell{SQLITE_NULL, ""}}),
            "c0,c1,c2\r\n\"'=1+1\",-3,\r\n");
  EXPECT_EQ(print(Format::ndjson, {Cell{SQLITE_TEXT, "a\xff"}, Cell{SQLITE_INTEGER, "7"}, Cell{SQLITE_NULL, ""}}),
            "{\"c0\":\"a\\udcff\",\"c1\":7,\"c2\":null}\n");
  EXPECT_EQ(print(Format::json, {Cell{SQLITE_FLOAT, "1.5"}}), "[\n {\"c0\":1.5}\n]\n");
}

}  // namespace
