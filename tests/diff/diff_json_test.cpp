// `procsnap diff --format json` output checked against the shape documented in docs/diff-json.md (the ```shape
// block is parsed here, so the document and the output cannot drift apart unnoticed).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "diff/diff.hpp"
#include "diff_db.hpp"
#include "procsnap/common/json.hpp"

namespace {

using namespace std::string_literals;
using procsnap::common::json::Value;
using procsnap::difftest::Db;
using procsnap::difftest::P;

struct FieldType {
  std::vector<std::string> types;  ///< integer, string, boolean, object, array
  bool nullable = false;
};
using Shape = std::map<std::string, FieldType>;

Shape read_shape() {
  std::ifstream in(std::string(PROCSNAP_SOURCE_DIR) + "/docs/diff-json.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const auto begin = doc.find("```shape\n");
  const auto end = doc.find("```", begin + 9);
  Shape shape;
  if (begin == std::string::npos || end == std::string::npos) return shape;
  std::istringstream lines(doc.substr(begin + 9, end - begin - 9));
  std::string line;
  while (std::getline(lines, line)) {
    const auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    FieldType t;
    std::istringstream types(line.substr(colon + 2));
    std::string one;
    while (std::getline(types, one, '|')) {
      if (one == "null") {
        t.nullable = true;
      } else {
        t.types.push_back(one);
      }
    }
    shape[line.substr(0, colon)] = t;
  }
  return shape;
}

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : path) {
    if (c == '.') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

/// The documented pattern for a concrete path: same segments, '*' matching any; the one with most exact
/// segments wins. "" when none.
std::string pattern_for(const Shape& shape, const std::string& path) {
  const auto segs = split(path);
  std::string best;
  int best_exact = -1;
  for (const auto& [pattern, t] : shape) {
    const auto ps = split(pattern);
    if (ps.size() != segs.size()) continue;
    int exact = 0;
    bool ok = true;
    for (std::size_t i = 0; i < ps.size() && ok; ++i) {
      if (ps[i] == segs[i]) {
        ++exact;
      } else {
        ok = ps[i] == "*";
      }
    }
    if (ok && exact > best_exact) {
      best = pattern;
      best_exact = exact;
    }
  }
  return best;
}

std::string type_of(const Value& v) {
  if (v.is_null()) return "null";
  if (v.is_bool()) return "boolean";
  if (v.is_number()) return v.as_i64() || v.as_u64() ? "integer" : "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

void check(const Shape& shape, const Value& v, const std::string& path, std::vector<std::string>& errors) {
  std::string pattern = path.empty() ? "" : pattern_for(shape, path);
  if (!path.empty()) {
    if (pattern.empty()) {
      errors.push_back("undocumented field " + path);
      return;
    }
    const auto& t = shape.at(pattern);
    const std::string ty = type_of(v);
    const bool ok = (ty == "null" && t.nullable) || std::find(t.types.begin(), t.types.end(), ty) != t.types.end();
    if (!ok) errors.push_back(path + " is " + ty + ", documented as " + pattern);
  }
  if (const auto* arr = v.as_array()) {
    for (const auto& e : *arr) check(shape, e, path + "[]", errors);
  } else if (const auto* obj = v.as_object()) {
    for (const auto& [k, child] : *obj) check(shape, child, path.empty() ? k : path + "." + k, errors);
    // Every documented (non-wildcard) member of this object must be present.
    const std::string prefix = pattern.empty() ? "" : pattern + ".";
    for (const auto& [p, t] : shape) {
      if (!p.starts_with(prefix)) continue;
      const std::string rest = p.substr(prefix.size());
      if (rest.find('.') != std::string::npos || rest == "*" || rest.ends_with("[]")) continue;
      if (v.find(rest) == nullptr) errors.push_back("missing field " + (path.empty() ? rest : path + "." + rest));
    }
  }
}

std::vector<std::string> validate(const std::string& json) {
  const Shape shape = read_shape();
  if (shape.empty()) return {"docs/diff-json.md has no ```shape block"};
  auto parsed = procsnap::common::json::parse(json);
  if (!std::holds_alternative<Value>(parsed)) return {"not JSON: " + std::get<1>(parsed).message};
  std::vector<std::string> errors;
  check(shape, std::get<Value>(parsed), "", errors);
  return errors;
}

TEST(DiffJson, DocumentHasTheShapeBlock) {
  const Shape s = read_shape();
  EXPECT_GE(s.size(), 40u);
  EXPECT_TRUE(s.contains("changes[].before"));
}

TEST(DiffJson, TimeModeOutputMatchesTheDocumentedShape) {
  Db d;
  d.snapshot(1, "boot-1");
  d.snapshot(2, "boot-1");
  P a;
  P b = a;
  b.cwd = "/tmp/\xff\x01";  // invalid UTF-8 and a control byte: still valid, lossless JSON
  b.fds.emplace_back(3, "socket:[9]");
  b.environ = "X=1\0"s;
  P fresh;
  fresh.pid = 2;
  d.proc(1, a);
  d.proc(2, b);
  d.proc(2, fresh);
  d.tcp(2, 9, "0.0.0.0", 80, "LISTEN");
  const auto r = procsnap::diff::run_diff(d.conn(), 1, 2, {});
  ASSERT_GT(r.changes.size(), 4u);
  const std::string json = procsnap::diff::render_json(r);
  EXPECT_EQ(validate(json), std::vector<std::string>{}) << json;
  // The invalid byte survives as \udcff and the control byte as \u0001.
  EXPECT_NE(json.find(R"("after":"/tmp/\udcff\u0001")"), std::string::npos) << json;
  const auto v = std::get<Value>(procsnap::common::json::parse(json));
  EXPECT_EQ(v.find("counts")->i64_at("total"), static_cast<std::int64_t>(r.changes.size()));
  EXPECT_EQ(v.find("counts")->find("processes")->i64_at("started"), 1);
  EXPECT_EQ(v.string_at("mode"), "time");
  EXPECT_EQ(json.back(), '\n');
}

TEST(DiffJson, HostsModeAndEmptyOutputsMatchTheDocumentedShape) {
  Db d;
  d.snapshot(1, "boot-a", "m1");
  d.snapshot(2, "boot-b", std::nullopt, "other", "6.9");
  d.snapshot(3, std::nullopt, std::nullopt);
  P p;
  d.proc(1, p);
  procsnap::diff::Options only_kernel;
  only_kernel.only.fill(false);
  only_kernel.only[static_cast<std::size_t>(procsnap::diff::Category::kernel)] = true;
  for (const auto& [a, b, o] :
       {std::tuple{1, 2, procsnap::diff::Options{}}, {1, 1, procsnap::diff::Options{}}, {2, 3, only_kernel}}) {
    const auto r = procsnap::diff::run_diff(d.conn(), a, b, o);
    const std::string json = procsnap::diff::render_json(r);
    EXPECT_EQ(validate(json), std::vector<std::string>{}) << json;
  }
}

TEST(DiffJson, ValidatorRejectsUndocumentedOrMistypedFields) {
  // The check itself must be able to fail: an extra field, a wrong type, a missing field.
  const std::string ok =
      R"({"procsnap_diff":1,"mode":"time","mode_auto":true,"mode_reason":"x","a":{"id":1,"hostname":null,)"
      R"("captured_at":null,"boot_id":null,"machine_id":null,"kernel_release":null,"archive_sha256":null,)"
      R"("processes":0},"b":{"id":2,"hostname":null,"captured_at":null,"boot_id":null,"machine_id":null,)"
      R"("kernel_release":null,"archive_sha256":null,"processes":0},"options":{"only":["env"],)"
      R"("show_counters":false,"mem_threshold_bytes":1},"counts":{"total":0,"env":{"total":0}},"changes":[],)"
      R"("notes":[]})";
  EXPECT_EQ(validate(ok), std::vector<std::string>{});
  std::string extra = ok;
  extra.insert(1, R"("surprise":1,)");
  EXPECT_EQ(validate(extra), std::vector<std::string>{"undocumented field surprise"});
  std::string mistyped = ok;
  mistyped.replace(mistyped.find(R"("mode_auto":true)"), 16, R"("mode_auto":"yes")");
  EXPECT_EQ(validate(mistyped), std::vector<std::string>{"mode_auto is string, documented as mode_auto"});
  std::string missing = ok;
  missing.replace(missing.find(R"("notes":[])"), 10, R"("notez":[])");
  EXPECT_EQ(validate(missing).size(), 2u);
}

}  // namespace
