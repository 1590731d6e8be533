#pragma once
// /proc/<pid>/sched (CONFIG_SCHED_DEBUG): scheduler statistics, a debug file whose layout changes between
// kernels. First line "comm (pid, #threads: n)", a line of dashes, then "key : value" lines padded with spaces;
// newer kernels add lines of "k=v" pairs ("current_node=0, numa_group_id=0", "numa_faults node=0 task_private=0
// ..."). Every value is kept as text (with an integer when it is one); nothing is dropped.
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct ProcSchedEntry {
  std::size_t line = 0;
  std::string key;                       ///< e.g. "se.sum_exec_runtime"; "<prefix>.<k>" for k=v lines
  std::string value;                     ///< value text, e.g. "0.000000"
  std::optional<std::int64_t> integer;   ///< the value when it is a (signed 64-bit) integer
};

struct ProcSched {
  std::optional<std::string> comm;            ///< from the header line
  std::optional<std::int64_t> pid;            ///< from the header line
  std::optional<std::int64_t> threads;        ///< "#threads: n" from the header line
  std::vector<ProcSchedEntry> entries;
};

[[nodiscard]] Parsed<ProcSched> parse_proc_sched(std::string_view text);

}  // namespace procsnap::procfs
