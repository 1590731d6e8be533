#pragma once
// procsnap triage: checks kept as data. Each check is one SQL file, analyzer/triage/checks/<id>.sql, embedded at
// build time (cmake/EmbedChecks.cmake). A check file is a header block of metadata in SQL comments, in a fixed
// form, followed by ONE read-only SELECT returning the evidence rows, with the snapshot bound as :snapshot_id:
//
//   -- id: exe-memfd                       (must equal the file name without .sql; [a-z0-9-]+)
//   -- title: Process executing from a memfd
//   -- severity: high                      (low | medium | high)
//   -- mitre: T1620                        (ATT&CK technique id, Tnnnn or Tnnnn.nnn)
//   -- why: one or more sentences; a continuation line is "--" followed by at least
//   --   three spaces (or a tab); a line that is just "--" ends the field.
//   -- benign: what legitimately looks like this.
//   SELECT ... WHERE snapshot_id = :snapshot_id ...
//   -- clickhouse:
//   SELECT snapshot_key, ... WHERE snapshot_key IN :snapshot_keys ...
//
// Every key appears exactly once; the header ends at the first line that is not a comment. After the SQLite
// SELECT comes a line that is exactly "-- clickhouse:" and then the check's ClickHouse form (fleet mode, one
// SELECT over many snapshots): it restricts every table it reads with `snapshot_key IN :snapshot_keys`, returns
// snapshot_key first and then exactly the SQLite form's columns, ordered by snapshot_key and then as the SQLite
// form orders (analyzer/triage/checks/README.md). A finding is the non-empty result of a check: evidence with its
// explanation, never a verdict.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"

namespace procsnap::triage {

enum class Severity { low = 0, medium = 1, high = 2 };

[[nodiscard]] std::optional<Severity> parse_severity(std::string_view s);
[[nodiscard]] std::string_view severity_name(Severity s);

/// One embedded check file (generated source).
struct CheckSource {
  std::string_view file;  ///< e.g. "exe-memfd.sql"
  std::string_view text;  ///< the whole file
};
[[nodiscard]] std::span<const CheckSource> embedded_checks();

struct Check {
  std::string id;
  std::string title;
  Severity severity = Severity::low;
  std::string mitre;   ///< ATT&CK technique id
  std::string why;     ///< why it matters
  std::string benign;  ///< benign look-alikes
  std::string sql;     ///< the evidence query, SQLite form (between the header and the "-- clickhouse:" line)
  std::string clickhouse_sql;  ///< the ClickHouse form (after "-- clickhouse:"), with its :snapshot_keys placeholder
};

/// The marker line between a check's SQLite form and its ClickHouse form.
inline constexpr std::string_view k_clickhouse_marker = "-- clickhouse:";
/// The placeholder the ClickHouse form restricts every table with (`snapshot_key IN :snapshot_keys`).
inline constexpr std::string_view k_snapshot_keys = ":snapshot_keys";

struct ParsedCheck {
  std::optional<Check> check;       ///< set when the file parsed
  std::vector<std::string> errors;  ///< what is wrong with it (file name and line in each message)
};

/// Parses one check file (`file` is its name, e.g. "exe-memfd.sql"). Never throws.
[[nodiscard]] ParsedCheck parse_check(std::string_view file, std::string_view text);

/// The check's ClickHouse form with every :snapshot_keys replaced by `snapshot_keys_subquery`, a query returning
/// the snapshot keys to examine, e.g. "SELECT snapshot_key FROM snapshots WHERE host LIKE 'web%'" (or a
/// parenthesized list of quoted keys). It is put in parentheses unless it already is one parenthesized whole.
/// Nothing in it is escaped: the caller builds it (from trusted text or escaped literals).
[[nodiscard]] std::string clickhouse_sql(const Check& check, std::string_view snapshot_keys_subquery);

/// Every embedded check, parsed, sorted by id; problems of files that did not parse go to `errors`.
[[nodiscard]] std::vector<Check> load_checks(std::vector<std::string>& errors);

/// One value of an evidence row.
struct Cell {
  int type = 5;       ///< SQLITE_INTEGER (1), SQLITE_FLOAT (2), SQLITE_TEXT (3), SQLITE_BLOB (4), SQLITE_NULL (5)
  std::string bytes;  ///< text/blob bytes, or the number's decimal text
};

struct Finding {
  const Check* check = nullptr;
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;  ///< at most max_rows
  std::size_t total_rows = 0;           ///< rows the query returned (may exceed rows.size())
};

struct CheckFailure {
  std::string id;
  std::string message;
};

struct RunOptions {
  Severity min_severity = Severity::low;
  std::size_t max_rows = 50;  ///< evidence rows kept per finding (0 = all)
};

struct Report {
  std::int64_t snapshot_id = 0;
  std::size_t checks_run = 0;
  std::vector<Finding> findings;  ///< highest severity first, then by id
  std::vector<CheckFailure> failures;
};

/// Prepares one check's SQL on `conn` and verifies it is a single read-only statement whose only parameter is
/// :snapshot_id. Returns an error message, or empty when usable. Throws nothing.
[[nodiscard]] std::string validate_sql(const db::Connection& conn, const Check& check);

/// Runs the checks at or above opt.min_severity against one snapshot. A check that fails (SQL error, e.g. a table
/// an older database lacks) is recorded in failures and the others still run.
[[nodiscard]] Report run_checks(const db::Connection& conn, std::int64_t snapshot_id, std::span<const Check> checks,
                                const RunOptions& opt);

/// Snapshot facts printed above the findings.
struct SnapshotInfo {
  std::int64_t id = 0;             ///< local snapshot id (0 for a snapshot on ClickHouse: see archive_sha256)
  std::string archive_sha256;      ///< the snapshot key across databases
  std::string hostname;
  std::string captured_at;
  std::string state;
  std::string kernel_release;
  std::string collector_argv;
};
[[nodiscard]] SnapshotInfo snapshot_info(const db::Connection& conn, std::int64_t snapshot_id);

/// Text report: grouped by severity (high first); each finding with its explanation and its evidence rows, every
/// untrusted byte escaped for the terminal.
[[nodiscard]] std::string render_text(const Report& r, const SnapshotInfo& info, const RunOptions& opt);
/// JSON report (one object; shape documented in `procsnap triage --help`).
[[nodiscard]] std::string render_json(const Report& r, const SnapshotInfo& info, const RunOptions& opt);

}  // namespace procsnap::triage
