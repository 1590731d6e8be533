#pragma once
// What every procfs parser returns: the values it could parse plus diagnostics for what it could not.
// Parsers take bytes (std::string_view) and never throw, never assert on input, never do I/O.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace procsnap::procfs {

struct Diagnostic {
  std::size_t line = 0;   ///< 1-based line in the file; 0 when not line-specific
  std::string excerpt;    ///< the offending text, at most k_excerpt_max bytes (raw; escaped on display)
  std::string message;    ///< what was wrong, e.g. "field 22 (starttime): not a number"
};

inline constexpr std::size_t k_excerpt_max = 200;

template <class T>
struct [[nodiscard]] Parsed {
  T value{};
  std::vector<Diagnostic> diagnostics;

  void warn(std::size_t line, std::string_view excerpt, std::string message) {
    diagnostics.push_back(Diagnostic{line, std::string(excerpt.substr(0, k_excerpt_max)), std::move(message)});
  }
  [[nodiscard]] bool clean() const { return diagnostics.empty(); }
};

}  // namespace procsnap::procfs
