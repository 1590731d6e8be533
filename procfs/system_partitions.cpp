#include "procfs/system_partitions.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Partitions> parse_system_partitions(std::string_view text) {
  Parsed<Partitions> r;
  ColumnCursor lines(text, 4);
  for (ColumnLine in; lines.next(in);) {
    const auto& [ln, line, tok, total] = in;
    if (tok.empty()) {
      continue;  // the blank line after the header
    }
    if (tok[0] == "major") {
      if (ln != 1) {
        warn_capped(r, ln, line, "header line not first");
      }
      continue;
    }
    if (ln == 1) {
      warn_capped(r, ln, line, "missing 'major minor #blocks name' header");
    }
    Partition p;
    p.line = ln;
    std::optional<std::uint64_t>* nums[] = {&p.major, &p.minor, &p.blocks};
    for (std::size_t k = 0; k < 3 && k < tok.size(); ++k) {
      *nums[k] = parse_u64(tok[k]);
    }
    if (!p.major && !p.minor && tok.size() < 4) {
      skip_line(r, ln, line, "neither major/minor numbers nor a device name");
      continue;
    }
    if (total != 4) {
      warn_capped(r, ln, line, "expected 4 fields (major minor #blocks name)");
    }
    for (std::size_t k = 0; k < 3 && k < tok.size(); ++k) {
      if (!*nums[k]) {
        warn_capped(r, ln, line, "field " + std::to_string(k + 1) + " is not an unsigned number");
      }
    }
    if (tok.size() > 3) {
      p.name = bounded_name(r, ln, line, tok[3], "device name");
    }
    r.value.partitions.push_back(std::move(p));
  }
  return r;
}

}  // namespace procsnap::procfs
