#pragma once
// /proc/<pid>/mounts and the system-wide /proc/mounts (a link to the reader's own self/mounts), fstab format
// (fs/proc_namespace.c, show_vfsmnt):  "<source> <mount point> <fs type> <options> 0 0".
// Source, mount point and fs type escape ' ', '\t', '\n', '\\' as octal "\ooo"; options escape ",= \t\n\\";
// all four are decoded (see decode_octal_escapes in proc_mountinfo.hpp). The two trailing numbers are always
// "0 0" from the kernel (dump / pass fields of fstab).
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct MountsEntry {
  std::size_t line = 0;                    ///< 1-based line
  std::optional<std::string> source;       ///< device or "none", decoded
  std::optional<std::string> mount_point;  ///< decoded
  std::optional<std::string> fs_type;      ///< decoded
  std::optional<std::string> options;      ///< mount + super-block options, decoded
  std::optional<std::int64_t> dump;        ///< fstab dump field (kernel: always 0)
  std::optional<std::int64_t> pass;        ///< fstab pass field (kernel: always 0)
};

[[nodiscard]] Parsed<std::vector<MountsEntry>> parse_proc_mounts(std::string_view text);

}  // namespace procsnap::procfs
