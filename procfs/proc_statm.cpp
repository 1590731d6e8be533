#include "procfs/proc_statm.hpp"

#include "procfs/numbers.hpp"

#include <array>
#include <string>

namespace procsnap::procfs {

Parsed<ProcStatm> parse_proc_statm(std::string_view text) {
  Parsed<ProcStatm> r;
  ProcStatm& s = r.value;
  const auto lines = split_lines(text);
  if (lines.empty()) {
    r.warn(0, "", "empty statm file");
    return r;
  }
  if (lines.size() > 1) {
    r.warn(2, lines[1], "unexpected content after the first line (ignored)");
  }
  const std::array<std::pair<const char*, std::optional<std::uint64_t> ProcStatm::*>, 7> fields{{
      {"size", &ProcStatm::size},
      {"resident", &ProcStatm::resident},
      {"shared", &ProcStatm::shared},
      {"text", &ProcStatm::text},
      {"lib", &ProcStatm::lib},
      {"data", &ProcStatm::data},
      {"dt", &ProcStatm::dt},
  }};
  const auto toks = split_ws(lines[0]);
  for (std::size_t i = 0; i < toks.size() && i < fields.size(); ++i) {
    s.*(fields[i].second) = parse_u64(toks[i]);
    if (!(s.*(fields[i].second))) {
      r.warn(1, toks[i], std::string("field ") + fields[i].first + ": not an unsigned number");
    }
  }
  if (toks.size() != fields.size()) {
    r.warn(1, lines[0], "expected 7 fields, found " + std::to_string(toks.size()));
  }
  return r;
}

}  // namespace procsnap::procfs
