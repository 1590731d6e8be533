#pragma once
// Test helpers for the system-wide parser tests: read a fixture under tests/fixtures/system/, and build hostile
// variants. Header-only, test-only.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs::testing {

inline std::string system_fixture(std::string_view rel) {
  const std::string path = std::string(PROCSNAP_FIXTURES_DIR) + "/system/" + std::string(rel);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// True when some diagnostic's message contains `needle`.
template <class T>
bool has_diag(const Parsed<T>& r, std::string_view needle) {
  for (const auto& d : r.diagnostics) {
    if (d.message.find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

/// A 10 MB line of 'x' (no newline inside): the longest line a hostile host could hand the analyzer is bounded
/// only by the collector's cap.
inline std::string ten_mb_line(char fill = 'x') { return std::string(10u << 20, fill); }

}  // namespace procsnap::procfs::testing
