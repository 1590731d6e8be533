#include "procfs/system_cpuinfo.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Cpuinfo> parse_system_cpuinfo(std::string_view text) {
  Parsed<Cpuinfo> r;
  const auto lines = split_lines(text);
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
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t ln = i + 1;
    const std::string_view line = lines[i];
    if (trim_ws(line).empty()) {
      if (in_block) {
        close_block();
      }
      continue;
    }
    if (!in_block) {
      in_block = true;
      block_first = r.value.entries.size();
    }
    CpuinfoEntry e;
    e.line = ln;
    e.block = block;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      warn_capped(r, ln, line, "no ':' separator; kept as a key without value");
      e.key = std::string(trim_ws(line));
    } else {
      e.key = std::string(trim_ws(line.substr(0, colon)));
      e.value = std::string(trim_ws(line.substr(colon + 1)));
      if (e.key == "processor" && !processor) {
        processor = parse_i64(*e.value);
      }
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
