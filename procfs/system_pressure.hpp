#pragma once
// /proc/pressure/{cpu,io,memory,irq} (kernel/sched/psi.c; Documentation/accounting/psi.rst): up to two lines
//   some avg10=0.00 avg60=0.00 avg300=0.00 total=0
//   full avg10=0.00 avg60=0.00 avg300=0.00 total=0
// avgN are percentages of wall time stalled over N seconds; total is cumulative stall time in microseconds.
// cpu has a "full" line since 5.13 (all zero at system level); irq has only "full".
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct PressureLine {
  std::size_t line = 0;
  std::string kind;  ///< "some" or "full"
  std::optional<double> avg10, avg60, avg300;
  std::optional<std::uint64_t> total_us;  ///< cumulative stall time, microseconds
};

struct Pressure {
  std::vector<PressureLine> lines;
};

[[nodiscard]] Parsed<Pressure> parse_system_pressure(std::string_view text);

}  // namespace procsnap::procfs
