#pragma once
// /proc/stat (proc(5); fs/proc/stat.c): per-CPU time lines, interrupt and softirq counters, and the scalar
// lines btime, ctxt, processes, procs_running, procs_blocked. Named system_stat to keep clear of /proc/<pid>/stat.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

/// One "cpu" / "cpuN" line, in USER_HZ ticks. Older kernels print fewer columns (steal since 2.6.11, guest since
/// 2.6.24, guest_nice since 2.6.33): missing columns stay nullopt.
struct StatCpu {
  std::size_t line = 0;
  std::optional<std::string> cpu;     ///< "cpu3"; nullopt for the aggregate "cpu" line
  std::optional<std::int64_t> index;  ///< 3 for "cpu3"; nullopt for the aggregate
  std::optional<std::uint64_t> user, nice, system, idle, iowait, irq, softirq, steal, guest, guest_nice;
};

/// A line this parser has no field for (e.g. "page"/"swap" of 2.4 kernels): kept as key + rest of the line.
struct StatOther {
  std::size_t line = 0;
  std::string key;
  std::string value;
};

struct SystemStat {
  std::vector<StatCpu> cpus;                          ///< in file order; the aggregate line first on real kernels
  std::optional<std::uint64_t> intr_total;            ///< first number of "intr": all interrupts serviced
  std::vector<std::optional<std::uint64_t>> intr;     ///< per numbered IRQ, index = IRQ number
  std::optional<std::uint64_t> ctxt;                  ///< context switches since boot
  std::optional<std::uint64_t> btime;                 ///< boot time, seconds since the epoch
  std::optional<std::uint64_t> processes;             ///< forks since boot
  std::optional<std::uint64_t> procs_running;         ///< runnable threads
  std::optional<std::uint64_t> procs_blocked;         ///< threads blocked on I/O
  std::optional<std::uint64_t> softirq_total;         ///< first number of "softirq"
  std::vector<std::optional<std::uint64_t>> softirq;  ///< per softirq type, in kernel order (HI, TIMER, ...)
  std::vector<StatOther> other;
};

/// Kernel softirq names in the order of the "softirq" line (include/linux/interrupt.h softirq_to_name).
[[nodiscard]] std::optional<std::string_view> softirq_name(std::size_t index);

[[nodiscard]] Parsed<SystemStat> parse_system_stat(std::string_view text);

}  // namespace procsnap::procfs
