#pragma once
// Import of one snapshot archive into a procsnap database (schema/FORMAT.md is the contract).
//
// One transaction per archive (BEGIN IMMEDIATE ... COMMIT): a refused archive, a database error or a crash
// leaves the database exactly as it was. The same archive twice (same file SHA-256) is a no-op. Members stream
// from libarchive into memory; each is hashed, dispatched to the table handlers of its path (registry.hpp), and
// stored raw in `members` once its manifest line has been seen (so the row carries the verification verdict
// without a later UPDATE). Findings go to `import_issues`.
//
// Performance: prepared statements cached per (table, columns), one transaction, page cache 256 MiB,
// journal_mode=DELETE + synchronous=FULL (one sync per archive; see database.cpp for why not WAL).
// A handler that throws (a bug: handlers never throw on bad content) is recorded as an issue and the import
// continues; the failing INSERT is undone by SQLite's statement rollback, earlier rows of that member stay.
#include "db/db.hpp"
#include "importer/archive_reader.hpp"
#include "importer/verifier.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace procsnap::importer {

struct ImportProgress {
  std::uint64_t members = 0;
  std::uint64_t compressed_bytes = 0;    ///< archive bytes read so far
  std::uint64_t file_bytes = 0;          ///< archive size (0 when unknown, e.g. stdin)
  std::uint64_t rows = 0;
};

/// USER_HZ (clock ticks per second of /proc's tick counts) assumed when an archive's header has no usable
/// host.clk_tck (a --proc-root capture of a relocated tree records none): 100 on every architecture Linux runs on
/// except alpha (1024). snapshots.clk_tck_source is then 'assumed'.
inline constexpr std::int64_t k_assumed_clk_tck = 100;
/// Largest clock tick rate taken from a header or `--clk-tck` (USER_HZ is 100, 1024 on alpha; a larger number is a
/// mistake, e.g. a tick period in microseconds).
inline constexpr std::int64_t k_max_clk_tck = 10000;

struct ImportOptions {
  Limits limits;
  /// Clock ticks per second stored for every archive of this import instead of its header's host.clk_tck
  /// (snapshots.clk_tck_source 'option'); 1..k_max_clk_tck. nullopt: the header's, else k_assumed_clk_tck.
  std::optional<std::int64_t> clk_tck;
  /// Called about every 100 ms of import work (nullptr: no progress).
  std::function<void(const ImportProgress&)> progress;
  /// Bytes of member data held back while waiting for the manifest chunk that lists them; above it rows are
  /// written early and their verdict is set by an UPDATE when the chunk comes.
  std::uint64_t pending_budget_bytes = 256ull << 20;
};

enum class ImportOutcome {
  imported,         ///< committed (state says how well it verified)
  already_present,  ///< the same archive (SHA-256) is already in the database: nothing done
  refused,          ///< the archive breaks a reader rule: nothing written
};

struct ImportResult {
  ImportOutcome outcome = ImportOutcome::refused;
  std::int64_t snapshot_id = 0;   ///< new snapshot, or the existing one for already_present
  std::string archive_sha256;
  std::string state;              ///< verified / incomplete / hash-mismatch
  VerifyCounts counts;
  std::uint64_t members = 0;      ///< members read
  std::uint64_t rows = 0;         ///< rows written by table handlers
  std::uint64_t member_rows = 0;  ///< rows written to `members`
  std::uint64_t issues = 0;       ///< rows written to import_issues
  std::uint64_t uncompressed_bytes = 0;
  std::string message;            ///< refused: why; imported: damage (truncation) if any
  double seconds = 0;
};

/// Imports one archive. Throws db::Error on database failures (the transaction is rolled back).
[[nodiscard]] ImportResult import_archive(db::Connection& conn, const std::string& archive_path,
                                          const ImportOptions& options);

/// What `procsnap verify` reports: the same checks as import, without a database.
struct VerifyReport {
  bool refused = false;           ///< the archive breaks a reader rule (error says which)
  std::string error;              ///< refused: why; otherwise damage (truncation) if any
  std::string state;              ///< verified / incomplete / hash-mismatch (empty when refused)
  VerifyCounts counts;
  std::string archive_sha256;
  std::string container;
  std::string hostname;           ///< from the header, when readable
  std::string captured_at;
  std::vector<std::pair<std::string, std::string>> findings;  ///< (path, message), at most max_findings
  std::uint64_t findings_total = 0;
};

[[nodiscard]] VerifyReport verify_archive(const std::string& archive_path, const Limits& limits,
                                          std::size_t max_findings = 1000);

}  // namespace procsnap::importer
