#include "procfs/system_misc.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<MiscDevices> parse_system_misc(std::string_view text) {
  Parsed<MiscDevices> r;
  LineCursor lines(text);
  std::string_view raw;
  std::size_t ln = 0;
  while (lines.next(raw, ln)) {
    const std::string_view line = trim_ws(raw);
    if (line.empty()) {
      warn_capped(r, ln, raw, "empty line");
      continue;
    }
    const std::size_t sp = line.find_first_of(" \t");
    MiscDevice d;
    d.line = ln;
    d.minor = parse_u64(line.substr(0, sp));
    if (!d.minor && sp == std::string_view::npos) {
      skip_line(r, ln, line, "neither a minor number nor a device name");
      continue;
    }
    if (!d.minor) {
      warn_capped(r, ln, line, "minor is not an unsigned number");
    }
    if (sp == std::string_view::npos) {
      warn_capped(r, ln, line, "missing device name");
    } else {
      d.name = bounded_name(r, ln, line, trim_ws(line.substr(sp)), "device name");
    }
    r.value.devices.push_back(std::move(d));
  }
  return r;
}

}  // namespace procsnap::procfs
