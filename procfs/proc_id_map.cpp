#include "procfs/proc_id_map.hpp"

#include "procfs/numbers.hpp"

namespace procsnap::procfs {

Parsed<ProcIdMap> parse_proc_id_map(std::string_view text) {
  Parsed<ProcIdMap> r;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto toks = split_ws(lines[i]);
    ProcIdMapExtent e;
    e.line = i + 1;
    if (toks.size() != 3) {
      r.warn(e.line, lines[i], "expected 'inside outside count'");
    }
    std::optional<std::uint64_t>* f[] = {&e.inside, &e.outside, &e.count};
    for (std::size_t k = 0; k < 3 && k < toks.size(); ++k) {
      *f[k] = parse_u64(toks[k]);
      if (!*f[k]) {
        r.warn(e.line, toks[k], "not an unsigned number");
      }
    }
    if (!toks.empty()) {
      r.value.extents.push_back(e);
    }
  }
  return r;
}

}  // namespace procsnap::procfs
