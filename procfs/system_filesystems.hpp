#pragma once
// /proc/filesystems (fs/filesystems.c): "nodev\t<name>" for filesystems that need no block device, "\t<name>"
// otherwise, one per registered filesystem type.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct Filesystem {
  std::size_t line = 0;
  std::string name;    ///< "ext4", "proc", "overlay"
  bool nodev = false;  ///< true when the type needs no block device (FS_REQUIRES_DEV unset)
};

struct Filesystems {
  std::vector<Filesystem> filesystems;
};

[[nodiscard]] Parsed<Filesystems> parse_system_filesystems(std::string_view text);

}  // namespace procsnap::procfs
