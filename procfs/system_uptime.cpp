#include "procfs/system_uptime.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Uptime> parse_system_uptime(std::string_view text) {
  Parsed<Uptime> r;
  LineCursor lines(text);
  std::string_view line;
  std::size_t ln = 0;
  if (!lines.next(line, ln)) {
    warn_capped(r, 0, {}, "empty file");
    return r;
  }
  std::size_t total = 0;
  const auto tok = split_ws_first(line, 2, total);
  if (!tok.empty()) {
    r.value.uptime_seconds = parse_decimal(tok[0]);
    if (!r.value.uptime_seconds) {
      warn_capped(r, 1, line, "uptime is not a decimal number");
    }
  } else {
    warn_capped(r, 1, line, "missing uptime");
  }
  if (tok.size() > 1) {
    r.value.idle_seconds = parse_decimal(tok[1]);
    if (!r.value.idle_seconds) {
      warn_capped(r, 1, line, "idle time is not a decimal number");
    }
  } else if (!tok.empty()) {
    warn_capped(r, 1, line, "missing idle time");
  }
  if (total > 2) {
    warn_capped(r, 1, line, "extra fields ignored");
  }
  if (lines.next(line, ln)) {
    warn_capped(r, 2, line, "unexpected extra lines ignored");
  }
  return r;
}

}  // namespace procsnap::procfs
