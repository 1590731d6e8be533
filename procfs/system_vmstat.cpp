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
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t ln = i + 1;
    const std::string_view line = lines[i];
    const auto tok = split_ws(line);
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    VmstatEntry e;
    e.line = ln;
    e.key = std::string(tok[0]);
    if (tok.size() < 2) {
      warn_capped(r, ln, line, "missing value");
    } else {
      e.value = parse_u64(tok[1]);
      if (!e.value) {
        warn_capped(r, ln, line, "value is not an unsigned 64-bit number");
      }
      if (tok.size() > 2) {
        warn_capped(r, ln, line, "extra fields ignored");
      }
    }
    r.value.entries.push_back(std::move(e));
  }
  return r;
}

}  // namespace procsnap::procfs
