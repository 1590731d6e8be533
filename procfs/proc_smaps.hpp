#pragma once
// /proc/<pid>/smaps and /proc/<pid>/smaps_rollup.
//
// smaps: for every region, the maps header line (see proc_maps.hpp) followed by "Key:   <n> kB" counter lines
// and a final "VmFlags: rd wr mr ..." line. smaps_rollup: one pseudo-region header
// ("00400000-ffffffffff601000 ---p 00000000 00:00 0   [rollup]") followed by the summed counters.
// Which counters appear depends on the kernel version (Pss_Dirty 6.0+, KSM 6.1+, FilePmdMapped 5.4+, ...):
// absent counters stay nullopt. Counters the parser does not know are kept as key/value pairs, never dropped.
#include "procfs/parse_result.hpp"
#include "procfs/proc_maps.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace procsnap::procfs {

/// The counters of one region (or of the rollup). Values in kB unless noted.
struct SmapsCounters {
  std::optional<std::uint64_t> size;               ///< Size: virtual size of the region
  std::optional<std::uint64_t> kernel_page_size;   ///< KernelPageSize
  std::optional<std::uint64_t> mmu_page_size;      ///< MMUPageSize
  std::optional<std::uint64_t> rss;                ///< Rss: resident
  std::optional<std::uint64_t> pss;                ///< Pss: proportional share of resident
  std::optional<std::uint64_t> pss_dirty;          ///< Pss_Dirty (6.0+)
  std::optional<std::uint64_t> pss_anon;           ///< Pss_Anon (rollup, 5.1+)
  std::optional<std::uint64_t> pss_file;           ///< Pss_File (rollup, 5.1+)
  std::optional<std::uint64_t> pss_shmem;          ///< Pss_Shmem (rollup, 5.1+)
  std::optional<std::uint64_t> shared_clean;       ///< Shared_Clean
  std::optional<std::uint64_t> shared_dirty;       ///< Shared_Dirty
  std::optional<std::uint64_t> private_clean;      ///< Private_Clean
  std::optional<std::uint64_t> private_dirty;      ///< Private_Dirty
  std::optional<std::uint64_t> referenced;         ///< Referenced
  std::optional<std::uint64_t> anonymous;          ///< Anonymous
  std::optional<std::uint64_t> ksm;                ///< KSM (6.1+)
  std::optional<std::uint64_t> lazy_free;          ///< LazyFree
  std::optional<std::uint64_t> anon_huge_pages;    ///< AnonHugePages
  std::optional<std::uint64_t> shmem_pmd_mapped;   ///< ShmemPmdMapped
  std::optional<std::uint64_t> file_pmd_mapped;    ///< FilePmdMapped (5.4+)
  std::optional<std::uint64_t> shared_hugetlb;     ///< Shared_Hugetlb
  std::optional<std::uint64_t> private_hugetlb;    ///< Private_Hugetlb
  std::optional<std::uint64_t> swap;               ///< Swap
  std::optional<std::uint64_t> swap_pss;           ///< SwapPss
  std::optional<std::uint64_t> locked;             ///< Locked
  std::optional<std::uint64_t> thp_eligible;       ///< THPeligible: 0/1, no unit
  std::optional<std::uint64_t> protection_key;     ///< ProtectionKey: pkey number, no unit (x86 PKU)
};

/// Describes one known counter: its smaps key, the database column, where it lives, and whether it has " kB".
struct SmapsField {
  std::string_view key;     ///< e.g. "Pss_Dirty"
  std::string_view column;  ///< e.g. "pss_dirty_kb"
  std::optional<std::uint64_t> SmapsCounters::*member;
  bool kb;                  ///< value is followed by " kB"
};

/// Every known counter, in the kernel's order. The importer derives its column list from this table.
[[nodiscard]] std::span<const SmapsField> smaps_fields();

/// One smaps region (or the rollup).
struct SmapsRegion {
  MapsEntry header;                     ///< the maps-format header line (header.line = its line number)
  SmapsCounters counters;
  std::optional<std::string> vm_flags;  ///< VmFlags value, trimmed ("rd mr mw me"); nullopt when absent
  /// Unknown keys, in order: (key, value as written, trimmed). Never dropped.
  std::vector<std::pair<std::string, std::string>> extra;

  /// True when VmFlags lists the two-letter flag (e.g. "io", "pf", "dd": regions never to be read).
  [[nodiscard]] bool has_vm_flag(std::string_view flag) const;
};

[[nodiscard]] Parsed<std::vector<SmapsRegion>> parse_proc_smaps(std::string_view text);

/// smaps_rollup: exactly one region expected; a diagnostic otherwise (the first one is returned). value is
/// nullopt when the file holds no header at all.
[[nodiscard]] Parsed<std::optional<SmapsRegion>> parse_proc_smaps_rollup(std::string_view text);

}  // namespace procsnap::procfs
