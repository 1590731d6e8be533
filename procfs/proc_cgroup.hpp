#pragma once
// /proc/<pid>/cgroup: "hierarchy-ID:controller-list:cgroup-path" per line; cgroup v2 is "0::<path>".
// The path is everything after the second ':' (a cgroup directory name may itself contain ':').
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct ProcCgroup {
  std::size_t line = 0;
  std::optional<std::uint64_t> hierarchy_id;  ///< 0 for the v2 unified hierarchy
  std::string controllers;                    ///< comma-separated controllers, "name=systemd", or "" for v2
  std::string path;                           ///< path relative to the hierarchy's mount (may end " (deleted)")
};

struct ProcCgroups {
  std::vector<ProcCgroup> cgroups;
};

[[nodiscard]] Parsed<ProcCgroups> parse_proc_cgroup(std::string_view text);

}  // namespace procsnap::procfs
