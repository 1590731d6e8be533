#include "procfs/system_uptime.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Uptime> parse_system_uptime(std::string_view text) {
  Parsed<Uptime> r;
  const auto lines = split_lines(text);
  if (lines.empty()) {
    warn_capped(r, 0, {}, "empty file");
    return r;
  }
  const auto tok = split_ws(lines[0]);
  if (!tok.empty()) {
    r.value.uptime_seconds = parse_decimal(tok[0]);
    if (!r.value.uptime_seconds) {
      warn_capped(r, 1, lines[0], "uptime is not a decimal number");
    }
  } else {
    warn_capped(r, 1, lines[0], "missing uptime");
  }
  if (tok.size() > 1) {
    r.value.idle_seconds = parse_decimal(tok[1]);
    if (!r.value.idle_seconds) {
      warn_capped(r, 1, lines[0], "idle time is not a decimal number");
    }
  } else if (!tok.empty()) {
    warn_capped(r, 1, lines[0], "missing idle time");
  }
  if (tok.size() > 2) {
    warn_capped(r, 1, lines[0], "extra fields ignored");
  }
  if (lines.size() > 1) {
    warn_capped(r, 2, lines[1], "unexpected extra lines ignored");
  }
  return r;
}

}  // namespace procsnap::procfs
