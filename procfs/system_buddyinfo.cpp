#include "procfs/system_buddyinfo.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

namespace {
// Order k counts blocks of 2^k pages: past order 63 a block would be larger than a 64-bit address space.
constexpr std::size_t k_buddy_max_orders = 64;
}  // namespace

Parsed<Buddyinfo> parse_system_buddyinfo(std::string_view text) {
  Parsed<Buddyinfo> r;
  ColumnCursor lines(text, 4 + k_buddy_max_orders);
  for (ColumnLine in; lines.next(in);) {
    const auto& [ln, line, tok, total] = in;
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    if (tok.size() < 4 || tok[0] != "Node" || tok[1].empty() || tok[1].back() != ',' || tok[2] != "zone") {
      skip_line(r, ln, line, "not of the form 'Node N, zone NAME counts...'");
      continue;
    }
    BuddyZone z;
    z.line = ln;
    z.node = parse_i64(tok[1].substr(0, tok[1].size() - 1));
    if (!z.node) {
      warn_capped(r, ln, line, "node is not a number");
    }
    z.zone = bounded_name(r, ln, line, tok[3], "zone name");
    if (total > tok.size()) {
      warn_capped(r, ln, line, "more than " + std::to_string(k_buddy_max_orders) + " orders: the rest ignored");
    }
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
