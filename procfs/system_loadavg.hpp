#pragma once
// /proc/loadavg (proc(5); fs/proc/loadavg.c): "1.00 0.50 0.25 running/total last_pid".
#include <cstdint>
#include <optional>
#include <string_view>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct Loadavg {
  std::optional<double> load1, load5, load15;  ///< run-queue averages over 1, 5, 15 minutes (2 decimals)
  std::optional<std::uint64_t> running;        ///< currently runnable kernel scheduling entities
  std::optional<std::uint64_t> total;          ///< scheduling entities that exist
  std::optional<std::int64_t> last_pid;        ///< pid most recently created
};

[[nodiscard]] Parsed<Loadavg> parse_system_loadavg(std::string_view text);

}  // namespace procsnap::procfs
