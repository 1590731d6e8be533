#pragma once
// Small text helpers shared by the proc_* parsers (internal; not part of the parser API).
#include <cstddef>
#include <string>
#include <string_view>

namespace procsnap::procfs::detail {

/// Drops leading and trailing spaces and tabs.
[[nodiscard]] inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

/// Drops spaces, tabs, '\n' and '\r' at both ends (for single-value files).
[[nodiscard]] inline std::string_view trim_all(std::string_view s) {
  const auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && ws(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && ws(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

/// Drops one trailing '\n' (the kernel ends most files with exactly one).
[[nodiscard]] inline std::string_view chomp(std::string_view s) {
  if (!s.empty() && s.back() == '\n') {
    s.remove_suffix(1);
  }
  return s;
}

[[nodiscard]] inline std::string quote(std::string_view s) {
  std::string out = "'";
  out.append(s.substr(0, 60));
  if (s.size() > 60) {
    out += "...";
  }
  out += "'";
  return out;
}

}  // namespace procsnap::procfs::detail
