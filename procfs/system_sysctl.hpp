#pragma once
// /proc/sys/<path>: one sysctl value per file. Values are kept as text, generically: most are one number, some
// are several tab-separated numbers (net.ipv4.tcp_rmem), some are words or multi-line text. The sysctl name is
// the path with '/' replaced by '.' (as sysctl(8) prints it); a '.' inside a path component (an interface
// "eth0.100") is printed as '/' by sysctl(8), so the path is kept too.
#include <string>
#include <string_view>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct Sysctl {
  std::string path;   ///< path below /proc/sys, e.g. "kernel/hostname"
  std::string name;   ///< dotted name as sysctl(8) prints it, e.g. "kernel.hostname"
  std::string value;  ///< file content minus the one trailing newline (raw bytes)
};

/// `path` is the part after "proc/sys/".
[[nodiscard]] Parsed<Sysctl> parse_system_sysctl(std::string_view path, std::string_view text);

}  // namespace procsnap::procfs
