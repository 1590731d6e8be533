#pragma once
// /proc/partitions (block/genhd.c show_partition): header "major minor  #blocks  name", a blank line, then
// "%4d  %7d %10llu %s" per block device and partition; #blocks is in 1 KiB units.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct Partition {
  std::size_t line = 0;
  std::optional<std::uint64_t> major, minor;
  std::optional<std::uint64_t> blocks;  ///< size in 1 KiB blocks
  std::string name;                     ///< "vda", "nvme0n1p2"
};

struct Partitions {
  std::vector<Partition> partitions;
};

[[nodiscard]] Parsed<Partitions> parse_system_partitions(std::string_view text);

}  // namespace procsnap::procfs
