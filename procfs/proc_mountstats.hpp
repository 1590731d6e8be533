#pragma once
// /proc/<pid>/mountstats (fs/proc_namespace.c, show_vfsstat): one header line per mount
//   "device <source> mounted on <mount point> with fstype <type>[ statvers=<v>]"
// followed, for file systems with a show_stats operation (NFS), by tab-indented statistics lines up to the next
// header. Source and mount point are octal-escaped like mountinfo and are decoded. The statistics are kept as
// written (their layout is versioned by statvers and differs per fs).
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct MountstatsEntry {
  std::size_t line = 0;                    ///< 1-based line of the "device ..." header
  std::optional<std::string> device;       ///< source, decoded ("no device" when the kernel has none)
  std::optional<std::string> mount_point;  ///< decoded
  std::optional<std::string> fs_type;      ///< decoded
  std::optional<std::string> statvers;     ///< value of "statvers=" (e.g. "1.1"), nullopt when absent
  std::optional<std::string> stats;        ///< following lines as written, '\n'-joined; nullopt when none
};

[[nodiscard]] Parsed<std::vector<MountstatsEntry>> parse_proc_mountstats(std::string_view text);

}  // namespace procsnap::procfs
