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
  ColumnCursor lines(text, 2);
  for (ColumnLine in; lines.next(in);) {
    const auto& [ln, line, tok, total] = in;
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
