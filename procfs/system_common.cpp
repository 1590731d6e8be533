#include "procfs/system_common.hpp"

#include "procfs/net_common.hpp"

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
  // The blank tokenizer of the /proc/net parsers: the same runs of ' ' and '\t' as split_ws().
  std::vector<std::string_view> out;
  total = 0;
  std::size_t pos = 0;
  for (std::string_view t = net_detail::next_token(line, pos); !t.empty(); t = net_detail::next_token(line, pos)) {
    if (total++ < max) {
      out.push_back(t);
    }
  }
  return out;
}

}  // namespace procsnap::procfs
