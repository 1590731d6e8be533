#pragma once
// /proc/devices (fs/proc/devices.c): "Character devices:" then "%3d %s" lines, a blank line, "Block devices:"
// then "%3d %s" lines: the registered major numbers and driver names.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct Device {
  std::size_t line = 0;
  std::string kind;                    ///< "character" or "block"
  std::optional<std::uint64_t> major;  ///< major number
  std::string name;                    ///< driver name, e.g. "tty", "/dev/vc/0", "virtblk"
};

struct Devices {
  std::vector<Device> devices;
};

[[nodiscard]] Parsed<Devices> parse_system_devices(std::string_view text);

}  // namespace procsnap::procfs
