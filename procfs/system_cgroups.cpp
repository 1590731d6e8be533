#include "procfs/system_cgroups.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Cgroups> parse_system_cgroups(std::string_view text) {
  Parsed<Cgroups> r;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t ln = i + 1;
    const std::string_view line = lines[i];
    const auto tok = split_ws(line);
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    if (tok[0].front() == '#') {
      continue;  // the header
    }
    CgroupController c;
    c.line = ln;
    c.name = std::string(tok[0]);
    if (tok.size() != 4) {
      warn_capped(r, ln, line, "expected 4 fields (subsys_name hierarchy num_cgroups enabled)");
    }
    std::optional<std::uint64_t>* nums[] = {&c.hierarchy, &c.num_cgroups, &c.enabled};
    for (std::size_t k = 0; k < 3 && k + 1 < tok.size(); ++k) {
      *nums[k] = parse_u64(tok[k + 1]);
      if (!*nums[k]) {
        warn_capped(r, ln, line, "field " + std::to_string(k + 2) + " is not an unsigned number");
      }
    }
    r.value.controllers.push_back(std::move(c));
  }
  return r;
}

}  // namespace procsnap::procfs
