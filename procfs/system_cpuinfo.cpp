#include "procfs/system_cpuinfo.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Cpuinfo> parse_system_cpuinfo(std::string_view text) {
  Parsed<Cpuinfo> r;
  LineCursor lines(text);
  std::string_view line;
  std::size_t ln = 0;
  std::size_t block = 0;
  bool in_block = false;
  std::size_t block_first = 0;  // index into entries of the current block's first entry
  std::optional<std::int64_t> processor;
  auto close_block = [&] {
    for (std::size_t k = block_first; k < r.value.entries.size(); ++k) {
      r.value.entries[k].processor = processor;
    }
    processor.reset();
    ++block;
    in_block = false;
  };
  while (lines.next(line, ln)) {
    if (trim_ws(line).empty()) {
      if (in_block) {
        close_block();
      }
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      skip_line(r, ln, line, "no ':' separator");
      continue;
    }
    if (!in_block) {
      in_block = true;
      block_first = r.value.entries.size();
    }
    CpuinfoEntry e;
    e.line = ln;
    e.block = block;
    e.key = bounded_name(r, ln, line, trim_ws(line.substr(0, colon)), "key");
    e.value = bounded_text(r, ln, line, trim_ws(line.substr(colon + 1)), "value");
    if (e.key == "processor" && !processor) {
      processor = parse_i64(*e.value);
    }
    r.value.entries.push_back(std::move(e));
  }
  if (in_block) {
    close_block();
  }
  r.value.blocks = block;
  return r;
}

}  // namespace procsnap::procfs
