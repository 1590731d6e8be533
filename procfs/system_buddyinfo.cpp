#include "procfs/system_buddyinfo.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Buddyinfo> parse_system_buddyinfo(std::string_view text) {
  Parsed<Buddyinfo> r;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t ln = i + 1;
    const std::string_view line = lines[i];
    const auto tok = split_ws(line);
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    if (tok.size() < 4 || tok[0] != "Node" || tok[1].empty() || tok[1].back() != ',' || tok[2] != "zone") {
      warn_capped(r, ln, line, "not of the form 'Node N, zone NAME counts...'");
      continue;
    }
    BuddyZone z;
    z.line = ln;
    z.node = parse_i64(tok[1].substr(0, tok[1].size() - 1));
    if (!z.node) {
      warn_capped(r, ln, line, "node is not a number");
    }
    z.zone = std::string(tok[3]);
    bool bad = false;
    for (std::size_t k = 4; k < tok.size(); ++k) {
      z.free_blocks.push_back(parse_u64(tok[k]));
      if (!z.free_blocks.back() && !bad) {
        bad = true;
        warn_capped(r, ln, line, "free block count of order " + std::to_string(k - 4) + " is not a number");
      }
    }
    r.value.zones.push_back(std::move(z));
  }
  return r;
}

}  // namespace procsnap::procfs
