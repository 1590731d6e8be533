#include "procfs/system_devices.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Devices> parse_system_devices(std::string_view text) {
  Parsed<Devices> r;
  const auto lines = split_lines(text);
  std::string_view kind;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t ln = i + 1;
    const std::string_view line = trim_ws(lines[i]);
    if (line.empty()) {
      continue;  // the kernel separates the two sections with a blank line
    }
    if (line == "Character devices:") {
      kind = "character";
      continue;
    }
    if (line == "Block devices:") {
      kind = "block";
      continue;
    }
    if (kind.empty()) {
      warn_capped(r, ln, line, "device line before any 'Character devices:'/'Block devices:' header");
      continue;
    }
    const std::size_t sp = line.find_first_of(" \t");
    Device d;
    d.line = ln;
    d.kind = std::string(kind);
    d.major = parse_u64(line.substr(0, sp));
    if (!d.major) {
      warn_capped(r, ln, line, "major is not an unsigned number");
    }
    if (sp == std::string_view::npos) {
      warn_capped(r, ln, line, "missing driver name");
    } else {
      d.name = std::string(trim_ws(line.substr(sp)));
    }
    r.value.devices.push_back(std::move(d));
  }
  return r;
}

}  // namespace procsnap::procfs
