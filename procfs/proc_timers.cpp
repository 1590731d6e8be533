#include "procfs/proc_timers.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_util.hpp"

namespace procsnap::procfs {

Parsed<ProcTimers> parse_proc_timers(std::string_view text) {
  Parsed<ProcTimers> r;
  auto& timers = r.value.timers;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t line = i + 1;
    const std::string_view l = lines[i];
    const std::size_t colon = l.find(':');
    if (colon == std::string_view::npos) {
      if (!detail::trim(l).empty()) {
        r.warn(line, l, "no ':' separator (line ignored)");
      }
      continue;
    }
    const std::string_view key = detail::trim(l.substr(0, colon));
    const std::string_view value = detail::trim(l.substr(colon + 1));
    if (key == "ID") {
      ProcTimer t;
      t.line = line;
      t.id = parse_i64(value);
      if (!t.id) {
        r.warn(line, l, "ID: not a number");
      }
      timers.push_back(std::move(t));
      continue;
    }
    if (timers.empty()) {
      r.warn(line, l, "entry before the first 'ID:' (ignored)");
      continue;
    }
    ProcTimer& t = timers.back();
    const std::size_t slash = value.find('/');
    if (key == "signal") {
      t.signal = parse_i64(value.substr(0, slash));
      if (slash != std::string_view::npos) {
        t.sigev_value = std::string(value.substr(slash + 1));
      }
      if (!t.signal || slash == std::string_view::npos) {
        r.warn(line, l, "signal: expected '<signo>/<value>'");
      }
    } else if (key == "notify") {
      t.notify = std::string(value.substr(0, slash));
      if (slash != std::string_view::npos) {
        const std::string_view target = value.substr(slash + 1);
        const std::size_t dot = target.find('.');
        if (dot != std::string_view::npos) {
          t.notify_target_kind = std::string(target.substr(0, dot));
          t.notify_target = parse_i64(target.substr(dot + 1));
        }
      }
      if (!t.notify_target) {
        r.warn(line, l, "notify: expected '<how>/<pid|tid>.<n>'");
      }
    } else if (key == "ClockID") {
      t.clock_id = parse_i64(value);
      if (!t.clock_id) {
        r.warn(line, l, "ClockID: not a number");
      }
    } else {
      r.warn(line, l, "unknown key " + detail::quote(key) + " (ignored)");
    }
  }
  return r;
}

}  // namespace procsnap::procfs
