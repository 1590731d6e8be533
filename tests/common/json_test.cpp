#include "procsnap/common/json.hpp"
#include "procsnap/common/sha256.hpp"

#include <gtest/gtest.h>

namespace json = procsnap::common::json;

TEST(Json, RoundTripsInvalidUtf8Losslessly) {
  const std::string raw = "ok \xff\xfe bad \xc3\x28 \x1b[31m \xe2\x80\xae";
  std::string enc;
  json::append_string(enc, raw);
  EXPECT_EQ(enc.find('\x1b'), std::string::npos);
  EXPECT_NE(enc.find("\\udcff"), std::string::npos);
  auto parsed = json::parse(enc);
  ASSERT_TRUE(std::holds_alternative<json::Value>(parsed));
  EXPECT_EQ(*std::get<json::Value>(parsed).as_string(), raw);
}

TEST(Json, KeepsLargeIntegersExact) {
  auto parsed = json::parse(R"({"a":18446744073709551615,"b":-9223372036854775808,"c":[1,2,{"d":null}]})");
  ASSERT_TRUE(std::holds_alternative<json::Value>(parsed));
  const auto& v = std::get<json::Value>(parsed);
  EXPECT_EQ(v.u64_at("a"), 18446744073709551615ULL);
  EXPECT_EQ(v.i64_at("b"), INT64_MIN);
  EXPECT_FALSE(v.i64_at("a").has_value());
  ASSERT_NE(v.find("c"), nullptr);
  EXPECT_EQ(v.find("c")->as_array()->size(), 3u);
}

TEST(Json, ValueAtChainsThroughAbsentAndNonObjectMembers) {
  auto parsed = json::parse(R"({"host":{"uname":{"release":"6.1"},"pid_max":4194304,"n":null},"argv":["a"]})");
  ASSERT_TRUE(std::holds_alternative<json::Value>(parsed));
  const auto& v = std::get<json::Value>(parsed);
  EXPECT_EQ(v.value_at("host").value_at("uname").string_at("release"), "6.1");
  EXPECT_EQ(v.value_at("host").i64_at("pid_max"), 4194304);
  EXPECT_TRUE(v.value_at("host").value_at("n").is_null());
  // Absent at any depth, or a lookup through an array, a number or a string: a null value, no crash.
  EXPECT_TRUE(v.value_at("nope").value_at("uname").is_null());
  EXPECT_FALSE(v.value_at("nope").value_at("uname").string_at("release").has_value());
  EXPECT_TRUE(v.value_at("argv").value_at("0").is_null());
  EXPECT_TRUE(v.value_at("host").value_at("pid_max").value_at("x").is_null());
  EXPECT_EQ(v.value_at("argv").as_array()->size(), 1u);
}

TEST(Json, RejectsHostileInput) {
  for (std::string_view bad : {"", "{", "[1,]", "{\"a\":1} x", "\"\\ud800\"", "01", "\"\x01\"", "nul", "\"\xff\""}) {
    EXPECT_TRUE(std::holds_alternative<json::ParseError>(json::parse(bad))) << bad;
  }
  std::string deep(100000, '[');
  EXPECT_TRUE(std::holds_alternative<json::ParseError>(json::parse(deep)));
}

TEST(Json, WriterProducesCompactJson) {
  json::Writer w;
  w.begin_object().field("x", 1).field("s", "a\"b").key("arr").begin_array().value(true).null().end_array();
  w.field("o", std::optional<int>{}).end_object();
  EXPECT_EQ(w.str(), R"({"x":1,"s":"a\"b","arr":[true,null],"o":null})");
}

TEST(Sha256, MatchesKnownVector) {
  EXPECT_EQ(procsnap::common::to_hex(procsnap::common::sha256(std::string_view("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
