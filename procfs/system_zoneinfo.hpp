#pragma once
// /proc/zoneinfo (mm/vmstat.c zoneinfo_show_print): per memory zone, "Node N, zone NAME" then indented lines:
//   "  per-node stats" + "nr_x value" lines (printed with the node's first populated zone),
//   "  pages free N" + "min/low/high/spanned/present/managed/... N" + "protection: (a, b, ...)" + zone counters,
//   "  pagesets" + per CPU "cpu: N" with "count:/high:/batch:/..." and "vm stats threshold: N",
//   "  node_unreclaimable: N", "  start_pfn: N".
// The key set changes between kernels, so rows are kept generically: (node, zone, section, cpu, key, value).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct ZoneinfoEntry {
  std::size_t line = 0;
  std::optional<std::int64_t> node;    ///< NUMA node of the enclosing "Node N, zone NAME" line
  std::string zone;                    ///< zone name; "" only for lines before any zone header (diagnosed)
  std::string section;                 ///< "node" (per-node stats), "zone" (pages/watermarks/zone counters), "pagesets"
  std::optional<std::int64_t> cpu;     ///< CPU of a pageset line; nullopt elsewhere
  std::string key;                     ///< "nr_free_pages", "min", "protection", "batch", "vm stats threshold", ...
  std::string value_text;              ///< value as printed ("3952", "(0, 2877, 7826)")
  std::optional<std::uint64_t> value;  ///< the value when it is one unsigned number
};

struct Zoneinfo {
  std::vector<ZoneinfoEntry> entries;
};

[[nodiscard]] Parsed<Zoneinfo> parse_system_zoneinfo(std::string_view text);

}  // namespace procsnap::procfs
