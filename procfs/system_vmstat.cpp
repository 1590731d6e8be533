#include "procfs/system_vmstat.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

std::optional<std::uint64_t> Vmstat::get(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key == key) {
      return e.value;
    }
  }
  return std::nullopt;
}

Parsed<Vmstat> parse_system_vmstat(std::string_view text) {
  Parsed<Vmstat> r;
  LineCursor lines(text);
  std::string_view line;
  std::size_t ln = 0;
  while (lines.next(line, ln)) {
    std::size_t total = 0;
    const auto tok = split_ws_first(line, 2, total);
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    if (!is_identifier(tok[0])) {
      skip_line(r, ln, line, "counter name is not an identifier");
      continue;
    }
    VmstatEntry e;
    e.line = ln;
    e.key = bounded_name(r, ln, line, tok[0], "counter name");
    if (total < 2) {
      warn_capped(r, ln, line, "missing value");
    } else {
      e.value = parse_u64(tok[1]);
      if (!e.value) {
        warn_capped(r, ln, line, "value is not an unsigned 64-bit number");
      }
      if (total > 2) {
        warn_capped(r, ln, line, "extra fields ignored");
      }
    }
    r.value.entries.push_back(std::move(e));
  }
  return r;
}

}  // namespace procsnap::procfs
