// The streaming verifier on its own: manifest line parsing (fast path and full JSON reader agree), verdicts.
#include "importer/verifier.hpp"
#include "procsnap/common/json.hpp"
#include "procsnap/common/sha256.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <variant>
#include <vector>

namespace {

using namespace procsnap;
using importer::ManifestLine;
using importer::Verdict;
using importer::Verifier;

struct Recorder {
  std::map<std::string, std::pair<ManifestLine, Verdict>> lines;
  std::map<std::string, Verdict> members;
  std::vector<std::pair<std::string, std::string>> issues;
  Verifier make() {
    return Verifier(Verifier::Callbacks{
        [this](const ManifestLine& l, Verdict v, bool) { lines[l.path] = {l, v}; },
        [this](const std::string& p, Verdict v) { members[p] = v; },
        [this](const std::string& p, std::string m) { issues.emplace_back(p, std::move(m)); }});
  }
};

TEST(Verifier, FastAndFullLineParsingAgree) {
  Recorder r;
  Verifier v = r.make();
  const std::string data = "abc";
  const auto sha = common::sha256(data);
  v.member("proc/1/stat", sha, 3);
  v.member("proc/1/caf\xc3\xa9", sha, 3);
  const std::string hex = common::to_hex(sha);
  const std::string chunk =
      "{\"path\":\"proc/1/stat\",\"kind\":\"file\",\"status\":\"ok\",\"bytes\":3,\"sha256\":\"" + hex +
      "\",\"t0\":-5,\"t1\":7}\n"
      // escapes and non-ASCII: the full JSON reader
      "{\"path\":\"proc/1/caf\\u00e9\",\"kind\":\"file\",\"status\":\"ok\",\"bytes\":3,\"sha256\":\"" + hex + "\"}\n"
      "{ \"path\" : \"proc/1\" , \"kind\" : \"process\", \"status\":\"ESRCH\", \"start_time\": 42, \"x\": null }\n"
      "{\"path\":\"proc/1/environ\",\"kind\":\"file\",\"status\":\"EACCES\",\"bytes\":1.5}\n"
      "{\"path\":\"proc/1/a\",\"kind\":\"file\",\"status\":\"ok\",\"nested\":{\"a\":1}}\n"
      "{\"kind\":\"file\"}\n"
      "{\"path\":\"proc/1/b\",\"kind\":\"file\",\"sha256\":\"XYZ\"}\n"
      "{\"path\":\"proc/1/c\",\"kind\":\"file\",}\n"
      "{\"path\":\"proc/1/stat\",\"kind\":\"file\",\"status\":\"ok\"}\n";
  v.chunk("procsnap/manifest/000001.jsonl", chunk, common::sha256(chunk));
  ASSERT_TRUE(r.lines.contains("proc/1/stat"));
  EXPECT_EQ(r.lines["proc/1/stat"].second, Verdict::ok);
  EXPECT_EQ(r.lines["proc/1/stat"].first.t0, -5);
  EXPECT_EQ(r.lines["proc/1/stat"].first.bytes, 3u);
  EXPECT_EQ(r.lines["proc/1/caf\xc3\xa9"].second, Verdict::ok);
  EXPECT_EQ(r.lines["proc/1"].first.start_time, 42);
  EXPECT_EQ(r.lines["proc/1"].first.kind, "process");
  EXPECT_FALSE(r.lines["proc/1/environ"].first.bytes);  // not an integer: absent
  EXPECT_EQ(r.lines["proc/1/environ"].first.status, "EACCES");
  EXPECT_TRUE(r.lines.contains("proc/1/a"));            // nested value ignored by the full reader
  EXPECT_FALSE(r.lines.contains("proc/1/b"));           // malformed sha256: bad line
  EXPECT_FALSE(r.lines.contains("proc/1/c"));           // trailing comma: not JSON
  EXPECT_EQ(v.counts().bad_lines, 4u);                  // no path, bad sha, trailing comma, duplicate
  bool exited = false;
  for (const auto& [p, m] : r.issues) exited = exited || (p == "proc/1" && m.find("exited") != std::string::npos);
  EXPECT_TRUE(exited);
  EXPECT_EQ(v.state(), "hash-mismatch");  // bad lines count as a mismatch
}

// Flat lines take the fast path; each must read as the JSON reader reads it (json::Value's accessors).
TEST(Verifier, FlatLinesReadAsTheJsonReaderReadsThem) {
  const std::string sha(64, 'a');
  const std::vector<std::string> bodies = {
      R"("kind":"file","status":"ok","bytes":3,"t0":-5,"t1":7)",
      R"("kind":"file","status":"EACCES","reason":"denied","bytes":0)",
      R"("kind":"file","bytes":18446744073709551615,"t0":-9223372036854775808,"t1":9223372036854775807)",
      R"("kind":"file","bytes":18446744073709551616,"t0":-9223372036854775809,"t1":9223372036854775808)",
      R"("kind":"file","bytes":-1,"netns":-4026531840,"start_time":-42)",
      R"("kind":"process","start_time":42,"netns":4026531840,"x":null,"y":true,"z":false)",
      R"("kind":"file","status":null,"reason":null,"sha256":null,"bytes":null,"t0":true,"t1":false)",
      R"("kind":"file","status":"ok","status":"ESRCH","bytes":1,"bytes":2)",
      R"("kind":"file","sha256":")" + sha + R"(","reason":"")",
      R"("kind":"file","bytes":"3","t0":"1","netns":"5")",
      "\t\"kind\" :\t\"link\" , \"status\":\"ok\" ,\"bytes\": 0 ",
      R"("kind":"file","bytes":0,"t0":0)",
  };
  Recorder r;
  Verifier v = r.make();
  std::string chunk;
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    lines.push_back("{\"path\":\"proc/1/f" + std::to_string(i) + "\"," + bodies[i] + "}");
    chunk += lines.back() + "\n";
  }
  v.chunk("procsnap/manifest/000001.jsonl", chunk, common::sha256(chunk));
  v.finish();  // a line with a sha256 waits for its member until the end
  for (std::size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE(lines[i]);
    auto parsed = common::json::parse(lines[i]);
    ASSERT_TRUE(std::holds_alternative<common::json::Value>(parsed));
    const auto& want = std::get<common::json::Value>(parsed);
    const auto it = r.lines.find("proc/1/f" + std::to_string(i));
    ASSERT_NE(it, r.lines.end());
    const ManifestLine& got = it->second.first;
    EXPECT_EQ(got.kind, want.string_at("kind").value_or(""));
    EXPECT_EQ(got.status, want.string_at("status").value_or(""));
    EXPECT_EQ(got.reason, want.string_at("reason"));
    EXPECT_EQ(got.sha256, want.string_at("sha256"));
    EXPECT_EQ(got.bytes, want.u64_at("bytes"));
    EXPECT_EQ(got.t0, want.i64_at("t0"));
    EXPECT_EQ(got.t1, want.i64_at("t1"));
    EXPECT_EQ(got.netns, want.u64_at("netns"));
    EXPECT_EQ(got.start_time, want.i64_at("start_time"));
    EXPECT_EQ(got.raw, lines[i]);
  }
  EXPECT_EQ(r.lines.at("proc/1/f7").first.status, "ESRCH");  // the last duplicate wins
  EXPECT_EQ(r.lines.at("proc/1/f2").first.bytes, 18446744073709551615ULL);
  EXPECT_FALSE(r.lines.at("proc/1/f3").first.bytes.has_value());  // 2^64: out of range, absent
}

TEST(Verifier, TrailerChecksChunksAndCounts) {
  Recorder r;
  Verifier v = r.make();
  v.header();
  const std::string chunk = "{\"path\":\"proc/1/x\",\"kind\":\"file\",\"status\":\"ENOENT\"}\n";
  v.chunk("procsnap/manifest/000001.jsonl", chunk, common::sha256(chunk));
  const std::string trailer = "{\"counts\":{\"members\":3},\"manifest_chunks\":[{\"path\":\"procsnap/manifest/000001.jsonl\","
                              "\"sha256\":\"" + common::to_hex(common::sha256(chunk)) + "\",\"lines\":1}]}";
  EXPECT_TRUE(v.trailer(trailer));
  v.finish();
  EXPECT_EQ(v.state(), "verified");
  EXPECT_EQ(r.members["procsnap/manifest/000001.jsonl"], Verdict::ok);
  EXPECT_EQ(r.lines["proc/1/x"].second, Verdict::not_stored);

  Recorder r2;
  Verifier w = r2.make();
  w.header();
  w.chunk("procsnap/manifest/000001.jsonl", chunk, common::sha256(chunk));
  EXPECT_TRUE(w.trailer("{\"counts\":{\"members\":4},\"manifest_chunks\":[]}"));
  w.finish();
  EXPECT_EQ(w.state(), "hash-mismatch");
  EXPECT_EQ(r2.members["procsnap/manifest/000001.jsonl"], Verdict::unlisted);
}

}  // namespace
