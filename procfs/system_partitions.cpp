#include "procfs/system_partitions.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Partitions> parse_system_partitions(std::string_view text) {
  Parsed<Partitions> r;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t ln = i + 1;
    const std::string_view line = lines[i];
    const auto tok = split_ws(line);
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
    if (tok.size() != 4) {
      warn_capped(r, ln, line, "expected 4 fields (major minor #blocks name)");
    }
    std::optional<std::uint64_t>* nums[] = {&p.major, &p.minor, &p.blocks};
    for (std::size_t k = 0; k < 3 && k < tok.size(); ++k) {
      *nums[k] = parse_u64(tok[k]);
      if (!*nums[k]) {
        warn_capped(r, ln, line, "field " + std::to_string(k + 1) + " is not an unsigned number");
      }
    }
    if (tok.size() > 3) {
      p.name = std::string(tok[3]);
    }
    r.value.partitions.push_back(std::move(p));
  }
  return r;
}

}  // namespace procsnap::procfs
