#pragma once
// /proc/misc (drivers/char/misc.c misc_seq_show): "%3i %s" — minor number and name of each registered misc
// character device (major 10).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct MiscDevice {
  std::size_t line = 0;
  std::optional<std::uint64_t> minor;
  std::string name;  ///< "fuse", "kvm", "vsock", ...
};

struct MiscDevices {
  std::vector<MiscDevice> devices;
};

[[nodiscard]] Parsed<MiscDevices> parse_system_misc(std::string_view text);

}  // namespace procsnap::procfs
