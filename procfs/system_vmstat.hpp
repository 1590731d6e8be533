#pragma once
// /proc/vmstat (mm/vmstat.c vmstat_show): "name value" lines, one per VM counter. The set of names varies with
// kernel version and config, so they are kept generically in file order.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct VmstatEntry {
  std::size_t line = 0;
  std::string key;                     ///< "nr_free_pages", "pgfault", ...
  std::optional<std::uint64_t> value;  ///< printed with %lu; nullopt when unparsable
};

struct Vmstat {
  std::vector<VmstatEntry> entries;
  [[nodiscard]] std::optional<std::uint64_t> get(std::string_view key) const;
};

[[nodiscard]] Parsed<Vmstat> parse_system_vmstat(std::string_view text);

}  // namespace procsnap::procfs
