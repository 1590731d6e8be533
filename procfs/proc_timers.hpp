#pragma once
// /proc/<pid>/timers (CONFIG_CHECKPOINT_RESTORE, 3.10+): the process's POSIX timers (timer_create(2)), four
// lines per timer:
//   ID: <id>
//   signal: <signo>/<sigev_value as hex pointer>
//   notify: <signal|thread|none>/<pid|tid>.<n>
//   ClockID: <clockid>
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct ProcTimer {
  std::size_t line = 0;                        ///< line of the "ID:" entry
  std::optional<std::int64_t> id;              ///< timer id
  std::optional<std::int64_t> signal;          ///< signal number delivered on expiry
  std::optional<std::string> sigev_value;      ///< sigev_value, hex text as printed
  std::optional<std::string> notify;           ///< "signal", "thread" or "none"
  std::optional<std::string> notify_target_kind;  ///< "pid" or "tid"
  std::optional<std::int64_t> notify_target;   ///< the pid/tid signalled
  std::optional<std::int64_t> clock_id;        ///< CLOCK_* id (0 realtime, 1 monotonic, ...)
};

struct ProcTimers {
  std::vector<ProcTimer> timers;
};

[[nodiscard]] Parsed<ProcTimers> parse_proc_timers(std::string_view text);

}  // namespace procsnap::procfs
