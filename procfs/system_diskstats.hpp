#pragma once
// /proc/diskstats (block/genhd.c diskstats_show; Documentation/admin-guide/iostats.rst): "major minor name"
// then 11 counters (kernels < 4.18), 15 (4.18+, discard stats) or 17 (5.5+, flush stats). Missing counters stay
// nullopt.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

inline constexpr std::size_t k_diskstats_fields = 17;

/// Column names of the counters, in file order (iostats.rst field 1..17).
inline constexpr std::array<std::string_view, k_diskstats_fields> k_diskstats_names = {
    "reads_completed",     "reads_merged",       "sectors_read",    "time_reading_ms",   "writes_completed",
    "writes_merged",       "sectors_written",    "time_writing_ms", "ios_in_progress",   "time_io_ms",
    "weighted_time_io_ms", "discards_completed", "discards_merged", "sectors_discarded", "time_discarding_ms",
    "flushes_completed",   "time_flushing_ms"};

struct Diskstat {
  std::size_t line = 0;
  std::optional<std::uint64_t> major, minor;
  std::string name;
  std::array<std::optional<std::uint64_t>, k_diskstats_fields> fields{};  ///< see k_diskstats_names
};

struct Diskstats {
  std::vector<Diskstat> disks;
};

[[nodiscard]] Parsed<Diskstats> parse_system_diskstats(std::string_view text);

}  // namespace procsnap::procfs
