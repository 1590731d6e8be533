#include "procfs/proc_cgroup.hpp"

#include "procfs/numbers.hpp"

namespace procsnap::procfs {

Parsed<ProcCgroups> parse_proc_cgroup(std::string_view text) {
  Parsed<ProcCgroups> r;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t line = i + 1;
    const std::string_view l = lines[i];
    const std::size_t c1 = l.find(':');
    const std::size_t c2 = c1 == std::string_view::npos ? c1 : l.find(':', c1 + 1);
    if (c2 == std::string_view::npos) {
      r.warn(line, l, "expected 'id:controllers:path' (line ignored)");
      continue;
    }
    ProcCgroup cg;
    cg.line = line;
    cg.hierarchy_id = parse_u64(l.substr(0, c1));
    if (!cg.hierarchy_id) {
      r.warn(line, l, "hierarchy id: not an unsigned number");
    }
    cg.controllers = std::string(l.substr(c1 + 1, c2 - c1 - 1));
    cg.path = std::string(l.substr(c2 + 1));
    r.value.cgroups.push_back(std::move(cg));
  }
  return r;
}

}  // namespace procsnap::procfs
