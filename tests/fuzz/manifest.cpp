// Fuzz target (see tests/fuzz/CMakeLists.txt): the archive's metadata readers without libarchive around them.
// The input is, at once, a manifest chunk (procsnap/manifest/000001.jsonl, every line a JSON object), a
// trailer.json, and a list of member paths for the layout check (one per line). A stored member is announced
// for the path of the input's first line, with the input's own hash, so line/member matching is exercised.
// (header.json's reader is private to importer.cpp; the `import` target reaches it as the first member.)
#include <string>
#include <unordered_set>
#include <variant>

#include "fuzz_input.hpp"
#include "importer/layout.hpp"
#include "importer/verifier.hpp"
#include "procsnap/common/json.hpp"
#include "procsnap/common/sha256.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace im = procsnap::importer;
  namespace json = procsnap::common::json;
  const auto t = procsnap::fuzz::as_text(data, size);
  const auto sha = procsnap::common::sha256(t);

  // Layout: every line as a member path, and as a format id.
  for (std::size_t pos = 0; pos <= t.size();) {
    auto nl = t.find('\n', pos);
    if (nl == std::string_view::npos) nl = t.size();
    const auto line = t.substr(pos, nl - pos);
    (void)im::check_member_path(line);
    (void)im::is_format_id(line);
    pos = nl + 1;
  }

  std::size_t events = 0;
  im::Verifier::Callbacks cb;
  cb.on_line = [&](const im::ManifestLine& l, im::Verdict v, bool stored) {
    events += l.raw.size() + static_cast<std::size_t>(v) + (stored ? 1 : 0);
    (void)im::verdict_name(v);
  };
  cb.on_member = [&](const std::string& p, im::Verdict v) { events += p.size() + static_cast<std::size_t>(v); };
  cb.on_issue = [&](const std::string& p, std::string msg) { events += p.size() + msg.size(); };
  im::Verifier ver(cb);
  ver.header();
  // Announce the members the lines describe, with the hash and size the line claims, for every other line (the
  // rest stay missing); the last line's member gets the input's own hash (a mismatch).
  std::size_t n = 0;
  std::string last_path;
  std::unordered_set<std::string> announced;
  for (std::size_t pos = 0; pos < t.size();) {
    auto nl = t.find('\n', pos);
    if (nl == std::string_view::npos) nl = t.size();
    auto parsed = json::parse(t.substr(pos, nl - pos));
    pos = nl + 1;
    const auto* v = std::get_if<json::Value>(&parsed);
    if (v == nullptr) continue;
    const auto path = v->string_at("path");
    // The archive reader refuses bad and duplicate member paths before the verifier sees them: do the same.
    if (!path || (n++ % 2) == 1 || !im::check_member_path(*path).ok || !announced.insert(*path).second) continue;
    procsnap::common::Digest d{};
    if (const auto hex = v->string_at("sha256"); hex && hex->size() == 64) {
      for (std::size_t i = 0; i < d.size(); ++i) {
        const auto nib = [&](char c) { return static_cast<std::uint8_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10); };
        d[i] = static_cast<std::uint8_t>(nib((*hex)[2 * i]) << 4 | (nib((*hex)[2 * i + 1]) & 0xf));
      }
    }
    ver.member(*path, d, v->u64_at("bytes").value_or(0));
    last_path = *path;
  }
  if (!last_path.empty() && im::check_member_path(last_path + "/x").ok && announced.insert(last_path + "/x").second) {
    ver.member(last_path + "/x", sha, t.size());
  }
  ver.chunk("procsnap/manifest/000001.jsonl", t, sha);
  (void)ver.trailer(t);
  ver.finish();
  (void)ver.state();
  volatile std::size_t sink = events + ver.counts().lines;
  (void)sink;
  return 0;
}
