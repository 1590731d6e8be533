#pragma once
// /proc/<pid>/limits: a header line, then one line per resource limit:
//   "%-25s %-20s %-20s %-10s" = name, soft, hard, units (units empty for nice/realtime priority).
// "unlimited" (RLIM_INFINITY) is represented as nullopt with the *_unlimited flag set, so absent and unlimited
// stay distinct.
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct ProcLimit {
  std::size_t line = 0;             ///< 1-based line
  std::string name;                 ///< e.g. "Max open files"
  std::optional<std::string> resource;  ///< RLIMIT_* name for the known limits, e.g. "RLIMIT_NOFILE"
  std::optional<std::uint64_t> soft;    ///< soft limit; nullopt when unlimited or unreadable
  std::optional<std::uint64_t> hard;    ///< hard limit; nullopt when unlimited or unreadable
  bool soft_unlimited = false;
  bool hard_unlimited = false;
  std::optional<std::string> units;     ///< seconds, bytes, processes, files, locks, signals, us; none for nice/rtprio
};

struct ProcLimits {
  std::vector<ProcLimit> limits;
};

[[nodiscard]] Parsed<ProcLimits> parse_proc_limits(std::string_view text);

}  // namespace procsnap::procfs
