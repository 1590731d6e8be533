#pragma once
// /proc/buddyinfo (mm/vmstat.c frag_show_print): "Node N, zone NAME c0 c1 ... c10": free blocks of order
// 0..MAX_ORDER per zone (order k = 2^k contiguous pages).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct BuddyZone {
  std::size_t line = 0;
  std::optional<std::int64_t> node;
  std::string zone;                                       ///< "DMA", "DMA32", "Normal", "Movable"
  std::vector<std::optional<std::uint64_t>> free_blocks;  ///< index = order
};

struct Buddyinfo {
  std::vector<BuddyZone> zones;
};

[[nodiscard]] Parsed<Buddyinfo> parse_system_buddyinfo(std::string_view text);

}  // namespace procsnap::procfs
