#include "procsnap/common/json.hpp"

#include "procsnap/common/text.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace procsnap::common::json {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when the bytes there are not one.
std::size_t utf8_seq_len(std::string_view s, std::size_t i) {
  std::uint32_t cp = 0;
  return text::decode_utf8(s, i, cp);
}

}  // namespace

void append_string(std::string& out, std::string_view s) { text::append_json_string(out, s, text::JsonEscape::metadata); }

void Writer::sep() {
  if (need_comma_) {
    out_.push_back(',');
  }
  need_comma_ = true;
}
Writer& Writer::begin_object() {
  sep();
  out_.push_back('{');
  need_comma_ = false;
  return *this;
}
Writer& Writer::end_object() {
  out_.push_back('}');
  need_comma_ = true;
  return *this;
}
Writer& Writer::begin_array() {
  sep();
  out_.push_back('[');
  need_comma_ = false;
  return *this;
}
Writer& Writer::end_array() {
  out_.push_back(']');
  need_comma_ = true;
  return *this;
}
Writer& Writer::key(std::string_view k) {
  sep();
  append_string(out_, k);
  out_.push_back(':');
  need_comma_ = false;
  return *this;
}
Writer& Writer::value(std::string_view s) {
  sep();
  append_string(out_, s);
  return *this;
}
Writer& Writer::value(std::int64_t v) {
  sep();
  out_ += std::to_string(v);
  return *this;
}
Writer& Writer::value(std::uint64_t v) {
  sep();
  out_ += std::to_string(v);
  return *this;
}
Writer& Writer::value(double v) {
  sep();
  if (!std::isfinite(v)) {
    out_ += "null";
    return *this;
  }
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
  return *this;
}
Writer& Writer::value(bool v) {
  sep();
  out_ += v ? "true" : "false";
  return *this;
}
Writer& Writer::null() {
  sep();
  out_ += "null";
  return *this;
}
Writer& Writer::raw(std::string_view json) {
  sep();
  out_ += json;
  return *this;
}

// ---- Value accessors ----

std::optional<bool> Value::as_bool() const {
  if (const auto* b = std::get_if<bool>(&v_)) return *b;
  return std::nullopt;
}
std::optional<std::int64_t> Value::as_i64() const {
  const auto* n = std::get_if<Number>(&v_);
  if (!n) return std::nullopt;
  std::int64_t v = 0;
  const auto r = std::from_chars(n->text.data(), n->text.data() + n->text.size(), v);
  if (r.ec != std::errc{} || r.ptr != n->text.data() + n->text.size()) return std::nullopt;
  return v;
}
std::optional<std::uint64_t> Value::as_u64() const {
  const auto* n = std::get_if<Number>(&v_);
  if (!n || n->text.empty() || n->text[0] == '-') return std::nullopt;
  std::uint64_t v = 0;
  const auto r = std::from_chars(n->text.data(), n->text.data() + n->text.size(), v);
  if (r.ec != std::errc{} || r.ptr != n->text.data() + n->text.size()) return std::nullopt;
  return v;
}
std::optional<double> Value::as_double() const {
  const auto* n = std::get_if<Number>(&v_);
  if (!n) return std::nullopt;
  double v = 0;
  const auto r = std::from_chars(n->text.data(), n->text.data() + n->text.size(), v);
  if (r.ec != std::errc{} || r.ptr != n->text.data() + n->text.size()) return std::nullopt;
  return v;
}
const std::string* Value::as_string() const { return std::get_if<std::string>(&v_); }
const Array* Value::as_array() const {
  const auto* p = std::get_if<std::shared_ptr<Array>>(&v_);
  return p ? p->get() : nullptr;
}
const Object* Value::as_object() const {
  const auto* p = std::get_if<std::shared_ptr<Object>>(&v_);
  return p ? p->get() : nullptr;
}
const Value* Value::find(std::string_view key) const {
  const Object* o = as_object();
  if (!o) return nullptr;
  const Value* found = nullptr;
  for (const auto& [k, val] : *o) {
    if (k == key) found = &val;
  }
  return found;
}
std::optional<std::string> Value::string_at(std::string_view key) const {
  const Value* v = find(key);
  const std::string* s = v ? v->as_string() : nullptr;
  return s ? std::optional<std::string>(*s) : std::nullopt;
}
std::optional<std::int64_t> Value::i64_at(std::string_view key) const {
  const Value* v = find(key);
  return v ? v->as_i64() : std::nullopt;
}
std::optional<std::uint64_t> Value::u64_at(std::string_view key) const {
  const Value* v = find(key);
  return v ? v->as_u64() : std::nullopt;
}
const Value& Value::value_at(std::string_view key) const {
  static const Value k_absent;
  const Value* v = find(key);
  return v ? *v : k_absent;
}

// ---- Parser ----

namespace {

class Parser {
 public:
  Parser(std::string_view text, const Limits& limits) : s_(text), limits_(limits) {}

  std::variant<Value, ParseError> run() {
    skip_ws();
    Value v = parse_value(0);
    if (!err_.message.empty()) return err_;
    skip_ws();
    if (i_ != s_.size()) return ParseError{i_, "trailing characters after the JSON value"};
    return v;
  }

 private:
  Value fail(std::string msg) {
    if (err_.message.empty()) err_ = ParseError{i_, std::move(msg)};
    return Value{};
  }
  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool literal(std::string_view lit) {
    if (s_.substr(i_, lit.size()) == lit) {
      i_ += lit.size();
      return true;
    }
    return false;
  }

  Value parse_value(std::size_t depth) {
    if (depth > limits_.max_depth) return fail("nesting too deep");
    if (++elements_ > limits_.max_elements) return fail("too many JSON values");
    if (i_ >= s_.size()) return fail("unexpected end of input");
    const char c = s_[i_];
    if (c == '{') return parse_object(depth);
    if (c == '[') return parse_array(depth);
    if (c == '"') {
      std::string str;
      if (!parse_string(str)) return Value{};
      return Value(std::move(str));
    }
    if (literal("true")) return Value(true);
    if (literal("false")) return Value(false);
    if (literal("null")) return Value(nullptr);
    if (c == '-' || (c >= '0' && c <= '9')) return parse_number();
    return fail("unexpected character");
  }

  Value parse_number() {
    const std::size_t b = i_;
    if (s_[i_] == '-') ++i_;
    auto digits = [&] {
      const std::size_t d = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ - d;
    };
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
    } else if (digits() == 0) {
      return fail("bad number");
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (digits() == 0) return fail("bad number fraction");
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (digits() == 0) return fail("bad number exponent");
    }
    return Value(Value::Number{std::string(s_.substr(b, i_ - b))});
  }

  bool hex4(unsigned& out) {
    if (i_ + 4 > s_.size()) return false;
    out = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      out <<= 4;
      if (c >= '0' && c <= '9') out |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') out |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') out |= static_cast<unsigned>(c - 'A' + 10);
      else return false;
    }
    return true;
  }

  bool parse_string(std::string& out) {
    ++i_;  // opening quote
    while (true) {
      if (i_ >= s_.size()) {
        fail("unterminated string");
        return false;
      }
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) {
        fail("control character in string");
        return false;
      }
      if (c != '\\') {
        const std::size_t n = utf8_seq_len(s_, i_);
        if (n == 0) {
          fail("invalid UTF-8 in string");
          return false;
        }
        out.append(s_.substr(i_, n));
        i_ += n;
        continue;
      }
      ++i_;
      if (i_ >= s_.size()) {
        fail("unterminated escape");
        return false;
      }
      const char e = s_[i_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          unsigned cp = 0;
          if (!hex4(cp)) {
            fail("bad \\u escape");
            return false;
          }
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned lo = 0;
            if (s_.substr(i_, 2) == "\\u") {
              const std::size_t save = i_;
              i_ += 2;
              if (hex4(lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                text::append_utf8(out, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
                break;
              }
              i_ = save;
            }
            fail("unpaired high surrogate");
            return false;
          }
          if (cp >= 0xDC80 && cp <= 0xDCFF) {
            out.push_back(static_cast<char>(cp - 0xDC00));  // surrogateescape: the original byte
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("unpaired low surrogate");
            return false;
          } else {
            text::append_utf8(out, cp);
          }
          break;
        }
        default:
          fail("bad escape");
          return false;
      }
    }
  }

  Value parse_array(std::size_t depth) {
    ++i_;
    Array a;
    skip_ws();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      return Value(std::move(a));
    }
    while (true) {
      skip_ws();
      a.push_back(parse_value(depth + 1));
      if (!err_.message.empty()) return Value{};
      skip_ws();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return Value(std::move(a));
      }
      return fail("expected ',' or ']'");
    }
  }

  Value parse_object(std::size_t depth) {
    ++i_;
    Object o;
    skip_ws();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return Value(std::move(o));
    }
    while (true) {
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != '"') return fail("expected a string key");
      std::string k;
      if (!parse_string(k)) return Value{};
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != ':') return fail("expected ':'");
      ++i_;
      skip_ws();
      Value v = parse_value(depth + 1);
      if (!err_.message.empty()) return Value{};
      o.emplace_back(std::move(k), std::move(v));
      skip_ws();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return Value(std::move(o));
      }
      return fail("expected ',' or '}'");
    }
  }

  std::string_view s_;
  Limits limits_;
  std::size_t i_ = 0;
  std::size_t elements_ = 0;
  ParseError err_;
};

}  // namespace

std::variant<Value, ParseError> parse(std::string_view text, const Limits& limits) {
  return Parser(text, limits).run();
}

}  // namespace procsnap::common::json
