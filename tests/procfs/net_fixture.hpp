#pragma once
// Fixture access for the /proc/net parser tests: tests/fixtures/net/{prometheus,capture}/<file> and the
// capture's expected.txt (what make_capture.py opened: ports, paths, inodes).
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

namespace procsnap::test::net {

inline std::string read_fixture(const std::string& rel) {
  const std::string path = std::string(PROCSNAP_FIXTURES_DIR) + "/net/" + rel;
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    throw std::runtime_error("missing fixture " + path);
  }
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// key=value lines of capture/expected.txt.
inline const std::map<std::string, std::string>& expected() {
  static const std::map<std::string, std::string> m = [] {
    std::map<std::string, std::string> out;
    std::istringstream in(read_fixture("capture/expected.txt"));
    std::string line;
    while (std::getline(in, line)) {
      const auto eq = line.find('=');
      if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return out;
  }();
  return m;
}

inline std::uint64_t expected_u64(const std::string& key) { return std::stoull(expected().at(key)); }

}  // namespace procsnap::test::net
