#pragma once
// A small strict JSON writer and reader for procsnap's own metadata members (header.json, manifest chunks,
// trailer.json) and for the analyzer's JSON output.
//
// Byte strings that are not valid UTF-8 stay lossless: every byte that is not part of a valid UTF-8 sequence is
// written as the escape \udcXX (XX = the byte, a lone low surrogate as in Python's "surrogateescape"), and the
// reader turns \udc80..\udcff back into that byte. Valid UTF-8 passes through; control characters, '"' and '\\'
// are escaped; U+2028/U+2029 are escaped so the output is also safe JavaScript (the writer is
// text::append_json_string in its JsonEscape::metadata mode: procsnap/common/text.hpp).
//
// The reader never throws and never recurses deeper than Limits::max_depth; it rejects trailing garbage,
// duplicate-free semantics are not enforced (the last duplicate key wins in find()).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace procsnap::common::json {

/// Appends `s` as a JSON string literal (with quotes) to `out`.
void append_string(std::string& out, std::string_view s);

/// Incremental writer producing compact JSON. Keys and values are appended in call order; the caller keeps
/// the structure balanced (begin/end pairs).
class Writer {
 public:
  Writer& begin_object();
  Writer& end_object();
  Writer& begin_array();
  Writer& end_array();
  Writer& key(std::string_view k);
  Writer& value(std::string_view s);
  Writer& value(const char* s) { return value(std::string_view(s)); }
  Writer& value(std::int64_t v);
  Writer& value(std::uint64_t v);
  Writer& value(int v) { return value(static_cast<std::int64_t>(v)); }
  Writer& value(unsigned v) { return value(static_cast<std::uint64_t>(v)); }
  Writer& value(long long v) { return value(static_cast<std::int64_t>(v)); }
  Writer& value(unsigned long long v) { return value(static_cast<std::uint64_t>(v)); }
  Writer& value(double v);
  Writer& value(bool v);
  Writer& null();
  /// Inserts already-serialized JSON verbatim.
  Writer& raw(std::string_view json);
  template <class T>
  Writer& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }
  template <class T>
  Writer& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  [[nodiscard]] const std::string& str() const { return out_; }
  [[nodiscard]] std::string take() { return std::move(out_); }
  void clear() {
    out_.clear();
    need_comma_ = false;
  }

 private:
  void sep();
  std::string out_;
  bool need_comma_ = false;
};

class Value;
using Array = std::vector<Value>;
using Object = std::vector<std::pair<std::string, Value>>;

/// A parsed JSON value. Numbers keep their source text so 64-bit integers stay exact.
class Value {
 public:
  struct Number {
    std::string text;
  };
  Value() = default;
  explicit Value(std::nullptr_t) {}
  explicit Value(bool b) : v_(b) {}
  explicit Value(Number n) : v_(std::move(n)) {}
  explicit Value(std::string s) : v_(std::move(s)) {}
  explicit Value(Array a) : v_(std::make_shared<Array>(std::move(a))) {}
  explicit Value(Object o) : v_(std::make_shared<Object>(std::move(o))) {}

  [[nodiscard]] bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  [[nodiscard]] bool is_bool() const { return std::holds_alternative<bool>(v_); }
  [[nodiscard]] bool is_number() const { return std::holds_alternative<Number>(v_); }
  [[nodiscard]] bool is_string() const { return std::holds_alternative<std::string>(v_); }
  [[nodiscard]] bool is_array() const { return std::holds_alternative<std::shared_ptr<Array>>(v_); }
  [[nodiscard]] bool is_object() const { return std::holds_alternative<std::shared_ptr<Object>>(v_); }

  [[nodiscard]] std::optional<bool> as_bool() const;
  /// Exact integer conversions; nullopt when not a number, not integral, or out of range.
  [[nodiscard]] std::optional<std::int64_t> as_i64() const;
  [[nodiscard]] std::optional<std::uint64_t> as_u64() const;
  [[nodiscard]] std::optional<double> as_double() const;
  [[nodiscard]] const std::string* as_string() const;
  [[nodiscard]] const Array* as_array() const;
  [[nodiscard]] const Object* as_object() const;
  /// Object member lookup (last duplicate wins); nullptr when absent or not an object.
  [[nodiscard]] const Value* find(std::string_view key) const;

  /// Convenience: string member or nullopt.
  [[nodiscard]] std::optional<std::string> string_at(std::string_view key) const;
  [[nodiscard]] std::optional<std::int64_t> i64_at(std::string_view key) const;
  [[nodiscard]] std::optional<std::uint64_t> u64_at(std::string_view key) const;
  /// Object member, or a null Value when absent or this is not an object: lookups chain without checks
  /// (`header.value_at("host").value_at("uname").string_at("release")`).
  [[nodiscard]] const Value& value_at(std::string_view key) const;

 private:
  std::variant<std::monostate, bool, Number, std::string, std::shared_ptr<Array>, std::shared_ptr<Object>> v_;
};

struct Limits {
  std::size_t max_depth = 32;
  std::size_t max_elements = 1'000'000;  ///< total values, to bound memory on hostile input
};

struct ParseError {
  std::size_t offset = 0;
  std::string message;
};

/// Parses exactly one JSON document (surrounding whitespace allowed). Never throws on bad input.
[[nodiscard]] std::variant<Value, ParseError> parse(std::string_view text, const Limits& limits = {});

}  // namespace procsnap::common::json
