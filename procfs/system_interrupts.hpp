#pragma once
// /proc/interrupts (kernel/irq/proc.c show_interrupts, arch_show_interrupts): a header naming the online CPUs
// ("CPU0 CPU1 ..."; offline CPUs are skipped, so numbers may have gaps), then one line per IRQ:
//   "<irq>: <count per CPU> <chip> <hwirq-trigger> <actions>"   or, for arch lines, "<NAME>: <counts> <text>".
// ERR and MIS (x86) print a single count that is not per CPU.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct IrqCount {
  std::optional<std::int64_t> cpu;     ///< CPU number from the header; nullopt for a single system-wide count
  std::optional<std::uint64_t> count;  ///< nullopt when unparsable
};

struct InterruptLine {
  std::size_t line = 0;
  std::string irq;  ///< "0", "24", "NMI", "LOC", "ERR"
  std::vector<IrqCount> counts;
  std::optional<std::string> description;  ///< text after the counts: chip, hwirq, actions; nullopt when none
};

struct Interrupts {
  std::vector<std::int64_t> cpus;  ///< CPU numbers from the header, in column order
  std::vector<InterruptLine> lines;
};

/// Parses the "CPU0 CPU1 ..." header shared by /proc/interrupts and /proc/softirqs. nullopt when malformed.
[[nodiscard]] std::optional<std::vector<std::int64_t>> parse_cpu_header(std::string_view line);

[[nodiscard]] Parsed<Interrupts> parse_system_interrupts(std::string_view text);

}  // namespace procsnap::procfs
