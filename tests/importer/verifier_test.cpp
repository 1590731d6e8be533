// The streaming verifier on its own: manifest line parsing (fast path and full JSON reader agree), verdicts.
#include "importer/verifier.hpp"

#include <gtest/gtest.h>

#include <map>

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
