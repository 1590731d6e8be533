#include "procfs/system_cgroups.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Cgroups> parse_system_cgroups(std::string_view text) {
  Parsed<Cgroups> r;
  ColumnCursor lines(text, 4);
  for (ColumnLine in; lines.next(in);) {
    const auto& [ln, line, tok, total] = in;
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    if (tok[0].front() == '#') {
      continue;  // the header
    }
    if (!is_identifier(tok[0])) {
      skip_line(r, ln, line, "controller name is not an identifier");
      continue;
    }
    CgroupController c;
    c.line = ln;
    c.name = bounded_name(r, ln, line, tok[0], "controller name");
    if (total != 4) {
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
