#pragma once
// Strict number parsing for kernel text: std::from_chars, whole token consumed, overflow detected,
// no sign where none belongs. Every parser uses these instead of sscanf/strtol/stoi.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

/// Unsigned decimal, no sign, no spaces. nullopt on empty, garbage or overflow.
[[nodiscard]] inline std::optional<std::uint64_t> parse_u64(std::string_view s, int base = 10) {
  if (s.empty() || s.front() == '+' || s.front() == '-') {
    return std::nullopt;
  }
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc{} || p != s.data() + s.size()) {
    return std::nullopt;
  }
  return v;
}

/// Signed decimal with optional leading '-'. nullopt on empty, garbage or overflow.
[[nodiscard]] inline std::optional<std::int64_t> parse_i64(std::string_view s) {
  if (s.empty() || s.front() == '+') {
    return std::nullopt;
  }
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 10);
  if (ec != std::errc{} || p != s.data() + s.size()) {
    return std::nullopt;
  }
  return v;
}

[[nodiscard]] inline std::optional<std::uint64_t> parse_hex_u64(std::string_view s) { return parse_u64(s, 16); }

/// Splits on runs of ' ' and '\t' (kernel tables pad with spaces), dropping empty tokens.
[[nodiscard]] inline std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
      ++i;
    }
    const std::size_t b = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') {
      ++i;
    }
    if (i > b) {
      out.push_back(s.substr(b, i - b));
    }
  }
  return out;
}

/// Splits into lines on '\n'; a trailing newline does not produce an empty last line.
[[nodiscard]] inline std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t b = 0;
  while (b < s.size()) {
    const std::size_t e = s.find('\n', b);
    if (e == std::string_view::npos) {
      out.push_back(s.substr(b));
      break;
    }
    out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

/// Walks a text line by line ('\n') as split_lines() splits it, without a vector of every line: a hostile member of a
/// million short lines would cost 16 bytes of views per 2-byte line before any parsing.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : rest_(text) {}
  /// Next line and its 1-based number; false at the end.
  bool next(std::string_view& line, std::size_t& number) {
    if (rest_.empty()) {
      return false;
    }
    const std::size_t e = rest_.find('\n');
    if (e == std::string_view::npos) {
      line = rest_;
      rest_ = {};
    } else {
      line = rest_.substr(0, e);
      rest_.remove_prefix(e + 1);
    }
    number = ++number_;
    return true;
  }

 private:
  std::string_view rest_;
  std::size_t number_ = 0;
};

}  // namespace procsnap::procfs
