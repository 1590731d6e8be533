#pragma once
// /proc/cgroups (kernel/cgroup/cgroup-v1.c proc_cgroupstats_show): "#subsys_name hierarchy num_cgroups enabled"
// then one line per cgroup controller compiled into the kernel. hierarchy 0 = not mounted on a v1 hierarchy
// (bound to cgroup v2, or unused).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct CgroupController {
  std::size_t line = 0;
  std::string name;                          ///< "cpuset", "memory", "pids", ...
  std::optional<std::uint64_t> hierarchy;    ///< v1 hierarchy id, 0 when none
  std::optional<std::uint64_t> num_cgroups;  ///< cgroups using this controller
  std::optional<std::uint64_t> enabled;      ///< 1 enabled, 0 disabled (cgroup_disable=)
};

struct Cgroups {
  std::vector<CgroupController> controllers;
};

[[nodiscard]] Parsed<Cgroups> parse_system_cgroups(std::string_view text);

}  // namespace procsnap::procfs
