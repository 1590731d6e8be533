#include "procfs/system_common.hpp"

namespace procsnap::procfs {

bool is_identifier(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> split_ws_first(std::string_view line, std::size_t max, std::size_t& total) {
  std::vector<std::string_view> out;
  total = 0;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
      ++i;
    }
    const std::size_t b = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
      ++i;
    }
    if (i > b) {
      if (total < max) {
        out.push_back(line.substr(b, i - b));
      }
      ++total;
    }
  }
  return out;
}

}  // namespace procsnap::procfs
