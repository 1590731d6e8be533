#include "procfs/system_loadavg.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Loadavg> parse_system_loadavg(std::string_view text) {
  Parsed<Loadavg> r;
  LineCursor lines(text);
  std::string_view line;
  std::size_t ln = 0;
  if (!lines.next(line, ln)) {
    warn_capped(r, 0, {}, "empty file");
    return r;
  }
  std::size_t total = 0;
  const auto tok = split_ws_first(line, 5, total);
  std::optional<double>* avgs[] = {&r.value.load1, &r.value.load5, &r.value.load15};
  for (std::size_t k = 0; k < 3; ++k) {
    if (k >= tok.size()) {
      warn_capped(r, 1, line, "missing load average " + std::to_string(k + 1));
      continue;
    }
    *avgs[k] = parse_decimal(tok[k]);
    if (!*avgs[k]) {
      warn_capped(r, 1, line, "load average " + std::to_string(k + 1) + " is not a decimal number");
    }
  }
  if (tok.size() > 3) {
    const std::string_view rt = tok[3];
    const std::size_t slash = rt.find('/');
    if (slash == std::string_view::npos) {
      warn_capped(r, 1, line, "field 4 is not running/total");
    } else {
      r.value.running = parse_u64(rt.substr(0, slash));
      r.value.total = parse_u64(rt.substr(slash + 1));
      if (!r.value.running || !r.value.total) {
        warn_capped(r, 1, line, "field 4 running/total: not numbers");
      }
    }
  } else if (tok.size() == 3) {
    warn_capped(r, 1, line, "missing running/total");
  }
  if (tok.size() > 4) {
    r.value.last_pid = parse_i64(tok[4]);
    if (!r.value.last_pid) {
      warn_capped(r, 1, line, "last pid is not a number");
    }
  } else if (tok.size() >= 3) {
    warn_capped(r, 1, line, "missing last pid");
  }
  if (total > 5) {
    warn_capped(r, 1, line, "extra fields ignored");
  }
  if (lines.next(line, ln)) {
    warn_capped(r, 2, line, "unexpected extra lines ignored");
  }
  return r;
}

}  // namespace procsnap::procfs
