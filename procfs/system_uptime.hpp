#pragma once
// /proc/uptime (proc(5); fs/proc/uptime.c): "uptime_seconds idle_seconds", both with two decimals. Idle is
// summed over all CPUs, so it can exceed uptime.
#include <optional>
#include <string_view>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct Uptime {
  std::optional<double> uptime_seconds;  ///< seconds since boot (CLOCK_BOOTTIME)
  std::optional<double> idle_seconds;    ///< idle time summed over CPUs
};

[[nodiscard]] Parsed<Uptime> parse_system_uptime(std::string_view text);

}  // namespace procsnap::procfs
