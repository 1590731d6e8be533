#include "procfs/system_misc.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<MiscDevices> parse_system_misc(std::string_view text) {
  Parsed<MiscDevices> r;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t ln = i + 1;
    const std::string_view line = trim_ws(lines[i]);
    if (line.empty()) {
      warn_capped(r, ln, lines[i], "empty line");
      continue;
    }
    const std::size_t sp = line.find_first_of(" \t");
    MiscDevice d;
    d.line = ln;
    d.minor = parse_u64(line.substr(0, sp));
    if (!d.minor) {
      warn_capped(r, ln, line, "minor is not an unsigned number");
    }
    if (sp == std::string_view::npos) {
      warn_capped(r, ln, line, "missing device name");
    } else {
      d.name = std::string(trim_ws(line.substr(sp)));
    }
    r.value.devices.push_back(std::move(d));
  }
  return r;
}

}  // namespace procsnap::procfs
