#pragma once
// /proc/cpuinfo (arch/*/kernel/cpu/proc.c): blocks of "key<tabs>: value" lines separated by blank lines, one
// block per logical CPU on x86; other architectures print different keys and sometimes a shared header block.
// Kept generically as (block, key, value) rows.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct CpuinfoEntry {
  std::size_t line = 0;
  std::size_t block = 0;                  ///< 0-based index of the blank-line-separated block
  std::optional<std::int64_t> processor;  ///< the block's "processor" value when it has a numeric one
  std::string key;                        ///< "model name", "flags", ...
  std::optional<std::string> value;       ///< text after ": "; "" when the kernel prints nothing after ':'
};

struct Cpuinfo {
  std::vector<CpuinfoEntry> entries;
  std::size_t blocks = 0;  ///< number of blocks seen
};

[[nodiscard]] Parsed<Cpuinfo> parse_system_cpuinfo(std::string_view text);

}  // namespace procsnap::procfs
