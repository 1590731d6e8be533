#pragma once
// /proc/<pid>/numa_maps (mm/mempolicy.c, show_numa_map): one line per VMA,
//   "<start hex> <policy>[ file=<path>| heap| stack][ huge][ anon=N][ dirty=N][ mapped=N][ mapmax=N]
//    [ swapcache=N][ active=N][ writeback=N][ N<node>=pages ...][ kernelpagesize_kB=N]"
// Counters are pages and are printed only when non-zero (mapped= only when it differs from anon and dirty), so
// an absent counter is NULL, never 0. The file path escapes '\n', '\t', '=' and ' ' as octal "\ooo" (decoded).
// A region with no resident pages ends right after the path.
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct NumaMapsEntry {
  std::size_t line = 0;                         ///< 1-based line
  std::optional<std::uint64_t> start;           ///< start address of the VMA (joins maps' start)
  std::string start_hex;                        ///< start as written
  std::optional<std::string> policy;            ///< memory policy text ("default", "bind:0-1", "prefer:0", ...)
  std::optional<std::string> file;              ///< file= path, decoded; nullopt when not file-backed
  bool heap = false;                            ///< "heap"
  bool stack = false;                           ///< "stack"
  bool huge = false;                            ///< "huge" (hugetlb)
  std::optional<std::uint64_t> anon;            ///< anon= pages
  std::optional<std::uint64_t> dirty;           ///< dirty= pages
  std::optional<std::uint64_t> mapped;          ///< mapped= pages
  std::optional<std::uint64_t> mapmax;          ///< mapmax= highest mapcount of a page
  std::optional<std::uint64_t> swapcache;       ///< swapcache= pages
  std::optional<std::uint64_t> active;          ///< active= pages
  std::optional<std::uint64_t> writeback;       ///< writeback= pages
  std::optional<std::uint64_t> kernelpagesize_kb;  ///< kernelpagesize_kB=
  std::string nodes;                            ///< "N0=12 N1=3" as written (pages per NUMA node), '' when none
  std::string extra;                            ///< unknown tokens as written, space-joined, '' when none
};

[[nodiscard]] Parsed<std::vector<NumaMapsEntry>> parse_proc_numa_maps(std::string_view text);

}  // namespace procsnap::procfs
