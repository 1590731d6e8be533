#pragma once
// Shared by the fuzz harnesses: the input as a string_view, and the one property every harness checks (the
// call returned: no crash, no sanitizer report). Harnesses hold no state between inputs.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace procsnap::fuzz {

[[nodiscard]] inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Touches a parse result so the optimizer cannot drop the call (the parsers are pure).
template <class T>
void consume(const T& parsed) {
  volatile std::size_t sink = parsed.diagnostics.size();
  (void)sink;
}

}  // namespace procsnap::fuzz
