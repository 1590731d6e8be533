#pragma once
// /proc/version (proc(5); fs/proc/version.c): "Linux version <release> (<builder>) (<compiler>) <version>".
// The text is kept whole; the release is split out when the line has the usual shape. Since 5.8 the compiler
// and linker are in one parenthesised group; older kernels print "(gcc version ...)".
#include <optional>
#include <string>
#include <string_view>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct Version {
  std::string text;                    ///< the whole line without its trailing newline (raw bytes)
  std::optional<std::string> sysname;  ///< "Linux"
  std::optional<std::string> release;  ///< "6.1.0-13-amd64" (uname -r)
  std::optional<std::string> builder;  ///< "debian-kernel@lists.debian.org" (text in the first parentheses)
};

[[nodiscard]] Parsed<Version> parse_system_version(std::string_view text);

}  // namespace procsnap::procfs
