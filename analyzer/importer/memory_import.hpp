#pragma once
// The post-import pass for memory captured with `procsnap-collect --mem` / `--copy-exe` (schema/FORMAT.md "Memory
// regions and executable copies", schema/70_memory.sql).
//
// It runs inside the archive's transaction once every member and manifest line is in `members` (so the import
// stays all-or-nothing) and derives five tables from them:
//   memory_regions        one row per 'mem-region' line (mem/<pid>/regions/<s>-<e>), with the SHA-256 and the
//                         first ELF header of the region's stored pieces, computed here;
//   memory_chunks         one row per stored piece member mem/<pid>/<s>-<e>, attached to the region containing it;
//   memory_frames         one row per record of a frames member mem/<pid>/frames/<s>-<e> (keyed page frames);
//   captured_executables  one row per bin/<pid>/exe (its 'exe-copy' line and/or stored member);
//   captured_fds          one row per bin/<pid>/fd/<n> (its 'fd-copy' line and/or stored member).
// The bytes stay in members.data (one copy). They are streamed from SQLite in 1 MiB slices (sqlite3_blob), so
// neither a region nor a single piece is ever held in memory whole.
//
// The manifest lines are the collector's word, not the truth: every field is checked against the path and the
// stored pieces, and each disagreement is an import_issues row (at most k_max_memory_issues per archive), never a
// crash. Decisions (also in the column comments of schema/70_memory.sql):
//   - A region line whose path does not parse (bad hex, 17+ digits, end <= start), whose start/end fields
//     disagree with its path, or that duplicates or overlaps an earlier region of the same pid (in address order)
//     gets an issue and no row.
//   - A piece belongs to the region whose [start, end) contains it whole. A piece inside no region line (or
//     straddling a region boundary) is still listed in memory_chunks with region_start NULL, and an issue says so;
//     a piece overlapping an earlier piece of the same pid, a symlink, or a piece name with end <= start is left
//     out of memory_chunks (issue; the member row keeps its bytes).
//   - captured_bytes is what is really stored for the region (sum of its pieces), not the line's number; a line
//     whose captured_bytes or ranges disagree with the stored pieces gets an issue and verified = 0.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "db/db.hpp"
#include "importer/table_sink.hpp"

namespace procsnap::importer {

/// Issues the memory pass records per archive before it only counts them (one final issue gives the count).
inline constexpr std::size_t k_max_memory_issues = 1000;
/// Entries of one region line's ranges/holes arrays that are checked; the rest are counted in one issue.
inline constexpr std::size_t k_max_region_ranges = 65536;

struct MemoryImportCounts {
  std::uint64_t regions = 0;      ///< memory_regions rows
  std::uint64_t chunks = 0;       ///< memory_chunks rows
  std::uint64_t executables = 0;  ///< captured_executables rows
  std::uint64_t fd_copies = 0;    ///< captured_fds rows
  std::uint64_t frames = 0;       ///< memory_frames rows
  std::uint64_t elf_in_anon_exec = 0;
};

/// Fills memory_regions, memory_chunks, memory_frames, captured_executables and captured_fds for snapshot `snapshot_id` from its rows in
/// `members` (written by the import in the same transaction). Rows and issues go through `sink`; the bytes are
/// read from `conn`. Throws db::Error only on database failures.
MemoryImportCounts import_memory(db::Connection& conn, std::int64_t snapshot_id, TableSink& sink);

/// A region/piece address as the format writes it: 1..16 lower-case hex digits, no 0x. nullopt otherwise.
[[nodiscard]] std::optional<std::uint64_t> parse_format_hex(std::string_view s);

/// True when `p` (at least 7 bytes) is an ELF identification: "\x7fELF", EI_CLASS 1|2 (32/64-bit), EI_DATA 1|2
/// (LSB/MSB), EI_VERSION 1 (EV_CURRENT). Stricter than the 4-byte magic, so random data rarely matches.
[[nodiscard]] bool is_elf_ident(const unsigned char* p);
inline constexpr std::size_t k_elf_ident_bytes = 7;

/// Finds the first ELF identification in bytes fed in increasing address order, including one split across two
/// (or more) abutting slices; bytes after a gap never combine with bytes before it.
class ElfScanner {
 public:
  void feed(std::uint64_t addr, std::span<const std::byte> bytes);
  /// Address of the first header found, if any.
  [[nodiscard]] std::optional<std::uint64_t> found() const { return found_; }

 private:
  std::array<unsigned char, k_elf_ident_bytes - 1> tail_{};  ///< the last bytes fed (a header may start there)
  std::size_t tail_len_ = 0;
  std::uint64_t tail_end_ = 0;  ///< address one past tail_
  std::optional<std::uint64_t> found_;
};

}  // namespace procsnap::importer
