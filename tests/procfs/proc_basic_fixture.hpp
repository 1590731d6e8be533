#pragma once
// Test helpers for the basic /proc parsers: fixture loading and hostile-input builders.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace procsnap::procfs::test {

/// Reads tests/fixtures/proc/<rel> whole (binary); fails the test when the file is missing.
inline std::string proc_fixture(std::string_view rel) {
  const std::string path = std::string(PROCSNAP_FIXTURES_DIR) + "/proc/" + std::string(rel);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A string with embedded NULs from a literal: bytes("a\0b") keeps all 3 bytes.
template <std::size_t N>
std::string bytes(const char (&s)[N]) {
  return std::string(s, N - 1);
}

/// A single 10 MB line of `c` (hostile input: no parser may be quadratic or crash on it).
inline std::string huge_line(char c = 'x') { return std::string(10u * 1024u * 1024u, c); }

/// Anything a diagnostic mentions (to assert on message text).
template <class P>
bool has_diag(const P& parsed, std::string_view needle) {
  for (const auto& d : parsed.diagnostics) {
    if (d.message.find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace procsnap::procfs::test
