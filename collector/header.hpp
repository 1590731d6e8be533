#pragma once
// procsnap/header.json: who captured what, where and when (schema/FORMAT.md "header.json").
#include <cstdint>
#include <optional>
#include <string>

#include "options.hpp"

namespace procsnap::collector {

struct StartTimes {
  std::uint64_t realtime_ns = 0;
  std::uint64_t boottime_ns = 0;
};

/// Facts about the proc root the walker needs as well as the header.
struct RootInfo {
  bool live = false;                       ///< a procfs whose "self" is this process
  std::optional<std::string> self_dir;     ///< "self" resolved to "<pid>" (readlink, never followed blindly)
  std::optional<std::uint64_t> own_netns;  ///< ns/net inode of <self_dir>
};

/// Inspects the opened root: is it the live procfs of this process, and what is "self".
[[nodiscard]] RootInfo inspect_root(int root_fd);

/// Builds header.json. Reads host identity from the root (and, for a live root, from this host: uname,
/// /etc/machine-id, sysconf), the collector's own executable (SHA-256 of /proc/self/exe) and its own maps.
[[nodiscard]] std::string build_header(const Options& opts, int root_fd, const RootInfo& root,
                                       const StartTimes& started);

}  // namespace procsnap::collector
