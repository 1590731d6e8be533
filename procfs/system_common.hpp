#pragma once
// Helpers shared by the system-wide /proc parsers (system_*.cpp): a diagnostic cap, strict decimal fractions,
// UTF-8 validation (from common/) and the "Key: value" splitter. Header-only; no I/O, no exceptions.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "procfs/numbers.hpp"
#include "procsnap/common/text.hpp"
#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

/// A hostile file can have millions of bad lines; past this many diagnostics a parser records one
/// "further diagnostics suppressed" line and stays quiet, so import_issues stays bounded.
inline constexpr std::size_t k_system_max_diagnostics = 100;

template <class T>
void warn_capped(Parsed<T>& r, std::size_t line, std::string_view excerpt, std::string message) {
  if (r.diagnostics.size() < k_system_max_diagnostics) {
    r.warn(line, excerpt, std::move(message));
  } else if (r.diagnostics.size() == k_system_max_diagnostics) {
    r.warn(0, {}, "too many diagnostics: further ones suppressed");
  }
}

/// Non-negative decimal fraction as the kernel prints it ("0.05", "343.14", "12"): digits with at most one '.',
/// no sign, no exponent, no "inf"/"nan". nullopt otherwise.
[[nodiscard]] inline std::optional<double> parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > 64) {
    return std::nullopt;
  }
  bool dot = false;
  bool digit = false;
  for (const char c : s) {
    if (c == '.') {
      if (dot) {
        return std::nullopt;
      }
      dot = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      return std::nullopt;
    }
  }
  if (!digit) {
    return std::nullopt;
  }
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::fixed);
  if (ec != std::errc{} || p != s.data() + s.size()) {
    return std::nullopt;
  }
  return v;
}

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF): the one decoder in
/// procsnap/common/text.hpp.
using common::text::is_valid_utf8;

/// Strips spaces and tabs at both ends.
[[nodiscard]] inline std::string_view trim_ws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

/// Removes exactly one trailing '\n' (single-value files such as /proc/version and /proc/sys/* end with one).
[[nodiscard]] inline std::string_view chomp(std::string_view s) {
  if (!s.empty() && s.back() == '\n') {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace procsnap::procfs
