// The text primitives every layer shows untrusted bytes through (procsnap/common/text.hpp).
#include "procsnap/common/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace text = procsnap::common::text;
using namespace std::string_literals;

TEST(Text, DecodesWellFormedUtf8AndRejectsTheRest) {
  std::uint32_t cp = 0;
  EXPECT_EQ(text::decode_utf8("A", 0, cp), 1u);
  EXPECT_EQ(cp, 0x41u);
  EXPECT_EQ(text::decode_utf8("\xC3\xA9", 0, cp), 2u);
  EXPECT_EQ(cp, 0xE9u);
  EXPECT_EQ(text::decode_utf8("\xE2\x80\xAE", 0, cp), 3u);
  EXPECT_EQ(cp, 0x202Eu);
  EXPECT_EQ(text::decode_utf8("\xF0\x9F\x98\x80", 0, cp), 4u);
  EXPECT_EQ(cp, 0x1F600u);
  EXPECT_EQ(text::decode_utf8("\xC0\x80", 0, cp), 0u);          // overlong NUL
  EXPECT_EQ(text::decode_utf8("\xE0\x80\xAF", 0, cp), 0u);      // overlong '/'
  EXPECT_EQ(text::decode_utf8("\xED\xA0\x80", 0, cp), 0u);      // UTF-16 surrogate
  EXPECT_EQ(text::decode_utf8("\xF4\x90\x80\x80", 0, cp), 0u);  // above U+10FFFF
  EXPECT_EQ(text::decode_utf8("\xE2\x80", 0, cp), 0u);          // cut short
  EXPECT_EQ(text::decode_utf8("\x80", 0, cp), 0u);              // lone continuation byte
  EXPECT_TRUE(text::is_valid_utf8(""));
  EXPECT_TRUE(text::is_valid_utf8("plain \xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(text::is_valid_utf8("ok\xFF"));
  EXPECT_FALSE(text::is_valid_utf8("\xF0\x9F\x98"));
}

TEST(Text, CutsOnlyBetweenCodePoints) {
  const std::string s = "ab\xC3\xA9\xF0\x9F\x98\x80";  // a b é 😀
  EXPECT_EQ(text::cut_at_code_point(s, 100), s.size());
  EXPECT_EQ(text::cut_at_code_point(s, 2), 2u);
  EXPECT_EQ(text::cut_at_code_point(s, 3), 2u);  // inside é
  EXPECT_EQ(text::cut_at_code_point(s, 4), 4u);
  EXPECT_EQ(text::cut_at_code_point(s, 6), 4u);  // inside the emoji
  EXPECT_EQ(text::cut_at_code_point("\x80\x80\x80", 2), 0u);  // only continuation bytes: nothing safe to keep
}

TEST(Text, AppendUtf8RoundTripsThroughTheDecoder) {
  for (const std::uint32_t cp : {0x0u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xFFFFu, 0x10000u, 0x10FFFFu}) {
    std::string s;
    text::append_utf8(s, cp);
    std::uint32_t back = 0xFFFFFFFF;
    ASSERT_EQ(text::decode_utf8(s, 0, back), s.size()) << cp;
    EXPECT_EQ(back, cp);
  }
}

TEST(Text, EscapeTerminalHidesEverythingThatCouldActOnATerminal) {
  EXPECT_EQ(text::escape_terminal("ls -la"), "ls -la");
  EXPECT_EQ(text::escape_terminal("a\\b"), "a\\\\b");
  EXPECT_EQ(text::escape_terminal("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(text::escape_terminal("l1\nl2\tx\r"), "l1\\nl2\\tx\\r");
  EXPECT_EQ(text::escape_terminal("\x7f"s + '\0'), "\\x7f\\x00");
  EXPECT_EQ(text::escape_terminal("\xC2\x9B"), "\\u{009b}");            // C1 CSI
  EXPECT_EQ(text::escape_terminal("evil\xE2\x80\xAEtxt.exe"), "evil\\u{202e}txt.exe");  // bidi override
  EXPECT_EQ(text::escape_terminal("\xEF\xBB\xBF"), "\\u{feff}");
  EXPECT_EQ(text::escape_terminal("\xD8\x9C"), "\\u{061c}");
  EXPECT_EQ(text::escape_terminal("\xFF\xC3"), "\\xff\\xc3");             // invalid bytes
  EXPECT_EQ(text::escape_terminal("caf\xC3\xA9"), "caf\xC3\xA9");          // printable UTF-8 passes
}

TEST(Text, JsonDisplayEscapesTerminalUnsafeCharactersLosslessly) {
  EXPECT_EQ(text::json_string(""), "\"\"");
  EXPECT_EQ(text::json_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(text::json_string("\n\r\t\b\f"), "\"\\n\\r\\t\\u0008\\u000c\"");
  EXPECT_EQ(text::json_string("\x1b\x7f"), "\"\\u001b\\u007f\"");
  EXPECT_EQ(text::json_string("\xC2\x85\xE2\x80\xAE\xE2\x80\xA8"), "\"\\u0085\\u202e\\u2028\"");
  EXPECT_EQ(text::json_string("\xFF" "a\x80"), "\"\\udcff" "a\\udc80\"");
  EXPECT_EQ(text::json_string("caf\xC3\xA9"), "\"caf\xC3\xA9\"");
}

TEST(Text, JsonMetadataEscapesOnlyWhatJsonAndJavaScriptNeed) {
  const auto meta = [](std::string_view s) {
    std::string out;
    text::append_json_string(out, s, text::JsonEscape::metadata);
    return out;
  };
  EXPECT_EQ(meta("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(meta("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"");
  EXPECT_EQ(meta("\xE2\x80\xA8\xE2\x80\xA9"), "\"\\u2028\\u2029\"");
  EXPECT_EQ(meta("\xC2\x85\xE2\x80\xAE"), "\"\xC2\x85\xE2\x80\xAE\"");  // valid, kept as is in the archive's JSON
  EXPECT_EQ(meta("\xFE"), "\"\\udcfe\"");
}

TEST(Text, CsvCellQuotesAndDefusesFormulas) {
  EXPECT_EQ(text::csv_cell("plain", true), "plain");
  EXPECT_EQ(text::csv_cell("a,b", true), "\"a,b\"");
  EXPECT_EQ(text::csv_cell("say \"hi\"", true), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(text::csv_cell("=cmd|' /C calc'!A0", true), "\"'=cmd|' /C calc'!A0\"");
  EXPECT_EQ(text::csv_cell("-1", false), "-1");  // a number is never formula-escaped
  EXPECT_EQ(text::csv_cell(" padded", true), "\" padded\"");
  EXPECT_EQ(text::csv_cell("l1\nl2", true), "\"l1\nl2\"");
}
