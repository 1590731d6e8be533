#pragma once
// /proc/<pid>/uid_map, gid_map, projid_map (user namespaces, 3.5+): one "inside outside count" line per extent
// (up to 340 since 4.15). The initial namespace shows "0 0 4294967295". An empty file means the map was not
// written yet. One parser for the three files (same format).
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct ProcIdMapExtent {
  std::size_t line = 0;
  std::optional<std::uint64_t> inside;   ///< first id inside the namespace
  std::optional<std::uint64_t> outside;  ///< first id in the reading process's namespace
  std::optional<std::uint64_t> count;    ///< length of the range
};

struct ProcIdMap {
  std::vector<ProcIdMapExtent> extents;
};

[[nodiscard]] Parsed<ProcIdMap> parse_proc_id_map(std::string_view text);

}  // namespace procsnap::procfs
