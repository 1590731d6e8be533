#include "procfs/system_devices.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Devices> parse_system_devices(std::string_view text) {
  Parsed<Devices> r;
  LineCursor lines(text);
  std::string_view raw;
  std::size_t ln = 0;
  std::string_view kind;
  while (lines.next(raw, ln)) {
    const std::string_view line = trim_ws(raw);
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
      skip_line(r, ln, line, "device line before any 'Character devices:'/'Block devices:' header");
      continue;
    }
    const std::size_t sp = line.find_first_of(" \t");
    Device d;
    d.line = ln;
    d.kind = std::string(kind);
    d.major = parse_u64(line.substr(0, sp));
    if (!d.major && sp == std::string_view::npos) {
      skip_line(r, ln, line, "neither a major number nor a driver name");
      continue;
    }
    if (!d.major) {
      warn_capped(r, ln, line, "major is not an unsigned number");
    }
    if (sp == std::string_view::npos) {
      warn_capped(r, ln, line, "missing driver name");
    } else {
      d.name = bounded_name(r, ln, line, trim_ws(line.substr(sp)), "driver name");
    }
    r.value.devices.push_back(std::move(d));
  }
  return r;
}

}  // namespace procsnap::procfs
