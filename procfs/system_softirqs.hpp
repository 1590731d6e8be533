#pragma once
// /proc/softirqs (fs/proc/softirqs.c): a "CPU0 CPU1 ..." header (possible CPUs), then "NAME: count per CPU" for
// each softirq type (HI, TIMER, NET_TX, NET_RX, BLOCK, IRQ_POLL, TASKLET, SCHED, HRTIMER, RCU).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"
#include "procfs/system_interrupts.hpp"

namespace procsnap::procfs {

struct SoftirqLine {
  std::size_t line = 0;
  std::string name;  ///< "TIMER", "NET_RX", ...
  std::vector<IrqCount> counts;
};

struct Softirqs {
  std::vector<std::int64_t> cpus;
  std::vector<SoftirqLine> lines;
};

[[nodiscard]] Parsed<Softirqs> parse_system_softirqs(std::string_view text);

}  // namespace procsnap::procfs
