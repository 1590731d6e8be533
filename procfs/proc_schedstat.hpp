#pragma once
// /proc/<pid>/schedstat (CONFIG_SCHEDSTATS): "run_ns wait_ns timeslices" on one line.
#include "procfs/parse_result.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace procsnap::procfs {

struct ProcSchedstat {
  std::optional<std::uint64_t> run_time_ns;   ///< time spent on the CPU, ns
  std::optional<std::uint64_t> wait_time_ns;  ///< time spent waiting on a runqueue, ns
  std::optional<std::uint64_t> timeslices;    ///< timeslices run on this CPU
};

[[nodiscard]] Parsed<ProcSchedstat> parse_proc_schedstat(std::string_view text);

}  // namespace procsnap::procfs
