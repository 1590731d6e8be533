#pragma once
// /proc/swaps (mm/swapfile.c swap_show): a header line, then "filename type size used priority" per active
// swap area. The filename has ' ', '\t', '\n' and '\\' escaped as octal "\ooo" (seq_file_path); sizes are KiB.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct Swap {
  std::size_t line = 0;
  std::string filename;             ///< path with the kernel's octal escapes decoded (raw bytes)
  std::optional<std::string> type;  ///< "partition" or "file"
  std::optional<std::uint64_t> size_kib;
  std::optional<std::uint64_t> used_kib;
  std::optional<std::int64_t> priority;  ///< negative for areas without an explicit priority
};

struct Swaps {
  std::vector<Swap> swaps;
};

/// Decodes the kernel's "\ooo" octal escapes (mangle_path / seq_escape). Invalid escapes are kept verbatim.
[[nodiscard]] std::string decode_octal_escapes(std::string_view s);

[[nodiscard]] Parsed<Swaps> parse_system_swaps(std::string_view text);

}  // namespace procsnap::procfs
