#pragma once
// What every `procsnap mem` subcommand (grep, strings, extract: cli/mem_cmd.cpp; yara: cli/mem_yara.cpp) shares:
// the captured memory of a snapshot read out of the database (memory_regions / memory_chunks, bytes in
// members.data; schema/70_memory.sql), the selection of regions by pid and address, the --format option, and how
// these commands report.
//
// The bytes are read piece by piece with sqlite3_blob_read in slices of at most 1 MiB, so memory stays bounded
// whatever the capture size (and whatever size a hostile database claims for a piece). Every captured range is
// streamed in address order; pieces that abut form one range, a hole ends it.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/output.hpp"
#include "db/db.hpp"

namespace procsnap::cli::mem {

/// Bytes handed to a stream() callback at most at once.
inline constexpr std::size_t k_slice = std::size_t{1} << 20;

// grep(1)'s convention (mem grep, mem yara): 0 a match, 1 none, 2 trouble (diff does the same).
inline constexpr int k_grep_found = 0;
inline constexpr int k_grep_none = 1;
inline constexpr int k_grep_trouble = 2;

/// "procsnap mem CMD: warning: MSG" / "procsnap mem CMD: MSG" on stderr (MSG must already be escaped).
void warn(std::string_view cmd, std::string_view msg);
void fail(std::string_view cmd, std::string_view msg);

/// Runs a grep-style command (exit 0 match, 1 none, 2 trouble): an exception (a database that fails) is reported
/// and becomes k_grep_trouble, where main() would map it to 1 = no match.
[[nodiscard]] int run_grep_style(std::string_view cmd, const std::function<int()>& fn);

/// A u64 column (declared ANY): INTEGER, or exact decimal TEXT above 2^63-1 (db::U64's convention); nullopt for
/// anything else (a negative INTEGER, text that is not a decimal number, NULL).
[[nodiscard]] std::optional<std::uint64_t> column_u64(const db::Statement& st, int i);

/// One memory_regions row.
struct Region {
  std::int64_t pid = 0;
  std::optional<std::int64_t> start_time;  ///< the pid's stat starttime (NULL if unknown)
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::string perms;
  std::optional<std::string> path;  ///< raw maps path; nullopt when anonymous without a name
  std::string status;
  std::optional<std::string> reason;
  std::optional<std::string> sha256;
  std::optional<std::string> holes;
  std::int64_t captured_bytes = 0;
};

/// One stored piece of a region (a members row).
struct Piece {
  std::uint64_t start = 0;
  std::uint64_t stored = 0;  ///< bytes usable from the member (start .. start + stored)
  std::string member;
  std::int64_t rowid = 0;
};

struct Gap {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
};

/// What a region's stored pieces cover.
struct Plan {
  std::vector<Piece> pieces;  ///< in address order, non-overlapping
  std::vector<Gap> gaps;      ///< parts of the region with no stored bytes
  std::uint64_t bytes = 0;
};

/// A captured range: abutting pieces, with no hole inside.
struct Run {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
};
/// The captured ranges of a plan within [lo, hi), in address order.
[[nodiscard]] std::vector<Run> runs(const Plan& p, std::uint64_t lo, std::uint64_t hi);

/// As in maps: lower-case hex, at least 8 digits.
[[nodiscard]] std::string range_text(std::uint64_t s, std::uint64_t e);
/// "START-END PERMS PATH" with the path escaped for a terminal ("(anonymous)" when none).
[[nodiscard]] std::string region_label(const Region& r);

/// The captured memory of one snapshot. Warnings about a database that does not hold together go to stderr,
/// prefixed with the command's name.
class MemoryStore {
 public:
  MemoryStore(db::Connection& conn, std::int64_t snapshot, std::string cmd)
      : conn_(conn), snapshot_(snapshot), cmd_(std::move(cmd)) {}

  /// Every memory_regions row of the snapshot, by pid then address.
  std::vector<Region> regions();
  /// comm of the pid from proc_stat (nullopt when not captured).
  std::optional<std::string> comm(std::int64_t pid);
  /// Whether the snapshot holds any member of the pid.
  bool process_captured(std::int64_t pid);
  /// The stored pieces of a region, validated (a database may be hostile: pieces outside their region,
  /// overlapping, or whose member holds a different number of bytes are reported and not trusted).
  Plan plan(const Region& r);
  /// Calls on_bytes(address, bytes) for every slice (at most k_slice bytes) of the plan's pieces in address order,
  /// clipped to [lo, hi). Stops early when on_bytes returns false. Throws db::Error when a piece cannot be read.
  void stream(const Plan& p, std::uint64_t lo, std::uint64_t hi,
              const std::function<bool(std::uint64_t, std::string_view)>& on_bytes);
  /// The plan's bytes of [lo, lo + out.size()) straight into `out` (byte k = address lo + k; parts with no stored
  /// bytes are left as they are). Returns how many bytes were read. Throws db::Error as stream().
  std::uint64_t read(const Plan& p, std::uint64_t lo, std::span<char> out);

 private:
  // Opens a piece's blob and calls on_part(address, n, blob) for each slice of [from, to) (inside the piece).
  void read_piece(const Piece& piece, std::uint64_t from, std::uint64_t to,
                  const std::function<bool(std::uint64_t, std::size_t, sqlite3_blob*)>& on_part);
  void blob_read(const Piece& piece, sqlite3_blob* blob, std::uint64_t at, std::size_t n, char* dst);

  db::Connection& conn_;
  std::int64_t snapshot_;
  std::string cmd_;
  std::map<std::int64_t, std::optional<std::string>> comm_;
};

// ---- shared arguments and output ------------------------------------------------------------------------------

enum class OutFormat { text, csv, json, ndjson };

/// --format text|csv|json|ndjson ("table" is accepted as text).
void add_out_format(CLI::App& cmd, OutFormat& f);
[[nodiscard]] Format printer_format(OutFormat f);

[[nodiscard]] Cell text_cell(std::string s);
[[nodiscard]] Cell int_cell(std::int64_t v);
[[nodiscard]] Cell opt_cell(const std::optional<std::string>& s);

/// The snapshot a selector names; prints why and returns nullopt when none.
[[nodiscard]] std::optional<std::int64_t> resolve(db::Connection& conn, const std::string& selector,
                                                  std::string_view cmd);

/// The snapshot's regions for `pids` (all when empty); prints why and returns nullopt when there is nothing to
/// look at (no memory captured, or a pid without regions).
[[nodiscard]] std::optional<std::vector<Region>> pick_regions(MemoryStore& store, std::int64_t snapshot,
                                                              const std::vector<std::int64_t>& pids,
                                                              std::string_view cmd);

inline constexpr const char* k_snapshot_help =
    "SNAPSHOT: an id, 'latest', HOST@TIME (hostname and a prefix of the capture's UTC ISO-8601 start), or a\n"
    "prefix (>= 6 hex digits) of the archive's SHA-256, as in `procsnap ps`.\n";

}  // namespace procsnap::cli::mem
