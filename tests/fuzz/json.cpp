// Fuzz target (see tests/fuzz/CMakeLists.txt): the strict JSON reader of common/ (header.json, manifest lines,
// trailer.json are attacker bytes). Parsed with the default limits and with a tight depth limit; a parsed
// document is walked through every accessor, and the string writer runs on the raw input.
#include "procsnap/common/json.hpp"

#include <string>
#include <variant>

#include "fuzz_input.hpp"

namespace {

namespace json = procsnap::common::json;

void walk(const json::Value& v, int depth) {
  if (depth > 64) return;
  (void)v.as_bool();
  (void)v.as_i64();
  (void)v.as_u64();
  (void)v.as_double();
  (void)v.as_string();
  (void)v.string_at("format");
  (void)v.i64_at("t0");
  (void)v.u64_at("bytes");
  (void)v.find("path");
  if (const auto* a = v.as_array()) {
    for (const auto& e : *a) walk(e, depth + 1);
  }
  if (const auto* o = v.as_object()) {
    for (const auto& [k, e] : *o) {
      (void)k;
      walk(e, depth + 1);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto t = procsnap::fuzz::as_text(data, size);
  if (auto r = json::parse(t); std::holds_alternative<json::Value>(r)) walk(std::get<json::Value>(r), 0);
  json::Limits tight;
  tight.max_depth = 4;
  tight.max_elements = 64;
  (void)json::parse(t, tight);
  std::string out;
  json::append_string(out, t);
  return 0;
}
