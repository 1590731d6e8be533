#pragma once
// /proc/meminfo: "Key:   value [unit]" lines (proc(5); fs/proc/meminfo.c). Keys differ by kernel version and
// config (MemAvailable since 3.14, Zswap since 5.19, ...): every key present becomes an entry, in file order, and
// an absent key stays absent — never 0.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct MeminfoEntry {
  std::size_t line = 0;                ///< 1-based line in the file
  std::string key;                     ///< e.g. "MemTotal", "Active(anon)", "HugePages_Total"
  std::optional<std::uint64_t> value;  ///< the number as printed (kB for "kB" lines); nullopt when unparsable
  std::optional<std::string> unit;     ///< "kB" for sizes; nullopt for counts (HugePages_*)
};

/// The entry's value in bytes when its unit is kB (the kernel's kB is KiB), the plain value when it has no unit;
/// nullopt when unparsable, of another unit, or overflowing.
[[nodiscard]] std::optional<std::uint64_t> meminfo_bytes(const MeminfoEntry& e);

struct Meminfo {
  std::vector<MeminfoEntry> entries;
  /// First entry with `key`, or nullptr.
  [[nodiscard]] const MeminfoEntry* find(std::string_view key) const;
  /// meminfo_bytes() of the first entry with `key`; nullopt when absent.
  [[nodiscard]] std::optional<std::uint64_t> bytes(std::string_view key) const;
};

[[nodiscard]] Parsed<Meminfo> parse_system_meminfo(std::string_view text);

}  // namespace procsnap::procfs
