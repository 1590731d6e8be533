// The core table group (schema/00_snapshots.sql, generated from these declarations by `procsnap schema --write
// schema/`): one row per imported snapshot, the raw members, the import's issues and the database's own facts.
// Written by analyzer/importer/importer.cpp (snapshots, members, import_issues) and database.cpp (procsnap_meta)
// with rows bound by column name (table_row.hpp). No /proc parser behind them: Scope::none, every column here.
#include "importer/own_tables.hpp"
#include "importer/registry.hpp"

namespace procsnap::importer {

namespace tables {

// clang-format off
constexpr ColumnDecl k_snapshots_columns[] = {
    {"id", Type::integer, false, "snapshot id used by every other table", "PRIMARY KEY"},
    {"archive_sha256", Type::text, true, "SHA-256 of the archive file as imported (re-import is a no-op)", "UNIQUE"},
    {"archive_name", Type::text, false, "file name the archive was imported from (informational)"},
    {"state", Type::text, true, "verification: 'verified' (all checks pass, trailer present), 'incomplete' (no trailer, or the stream ended early) or 'hash-mismatch' (any mismatch, missing or unlisted member or chunk; wins over incomplete)"},
    {"members_total", Type::integer, false, "members read from the archive (including procsnap/ members)"},
    {"members_mismatched", Type::integer, false, "members and manifest chunks whose SHA-256 or size differs from the manifest / trailer"},
    {"members_missing", Type::integer, false, "manifest lines (and trailer chunk entries) with a hash whose member never came"},
    {"members_unlisted", Type::integer, false, "members without a manifest line (or chunks the trailer does not list)"},
    {"members_unverified", Type::integer, false, "members whose manifest chunk never came (incomplete archive)"},
    {"manifest_lines", Type::integer, false, "manifest lines read"},
    {"process_count", Type::integer, false, "processes captured (manifest process lines, else distinct pids)"},
    {"container", Type::text, false, "'tar.zst', 'tar.gz' or 'tar'"},
    {"archive_bytes", Type::integer, false, "size of the archive file as imported"},
    {"damage", Type::text, false, "why the stream ended early (truncated/corrupt archive), NULL when it ended cleanly"},
    {"format_version", Type::integer, false, "header format_version"},
    {"collector_name", Type::text, false, "header collector.name"},
    {"collector_version", Type::text, false, "header collector.version"},
    {"collector_sha256", Type::text, false, "SHA-256 of the collector binary that made the archive"},
    {"collector_argv", Type::text, false, "the collector's argv as a JSON array"},
    {"collector_uid", Type::integer, false, "uid the collector ran as"},
    {"collector_cap_eff", Type::text, false, "CapEff (hex) the collector ran with"},
    {"proc_root", Type::text, false, "/proc root that was read ('/proc' unless --proc-root)"},
    {"hostname", Type::text, false, "/proc/sys/kernel/hostname at capture"},
    {"machine_id", Type::text, false, "/etc/machine-id of the host"},
    {"boot_id", Type::text, false, "/proc/sys/kernel/random/boot_id (one per boot)"},
    {"kernel_release", Type::text, false, "uname release"},
    {"kernel_version", Type::text, false, "uname version"},
    {"arch", Type::text, false, "uname machine"},
    {"proc_version", Type::text, false, "/proc/version"},
    {"btime", Type::integer, false, "boot time, epoch seconds (from /proc/stat btime)"},
    {"clk_tck", Type::integer, false, "clock ticks per second (USER_HZ, sysconf _SC_CLK_TCK) of the tick counts in /proc (stat starttime, utime, ...); where it came from is clk_tck_source"},
    {"clk_tck_source", Type::text, false, "'header' (the header's host.clk_tck: the collector's sysconf on a live /proc), 'assumed' (the header has none, e.g. a --proc-root capture of a relocated tree, or an unusable one: 100, USER_HZ on every Linux architecture but alpha's 1024), 'option' (procsnap import --clk-tck, for every archive of that import)"},
    {"page_size", Type::integer, false, "page size in bytes"},
    {"pid_max", Type::integer, false, "/proc/sys/kernel/pid_max"},
    {"captured_at", Type::text, false, "capture start, UTC ISO-8601"},
    {"captured_at_epoch_ns", Type::integer, false, "capture start, CLOCK_REALTIME ns"},
    {"captured_boottime_ns", Type::integer, false, "capture start, CLOCK_BOOTTIME ns"},
    {"finished_at", Type::text, false, "capture end from the trailer (NULL when incomplete)"},
    {"case_id", Type::text, false, "--case"},
    {"examiner", Type::text, false, "--examiner"},
    {"note", Type::text, false, "--note"},
    {"header_json", Type::text, true, "the whole header.json as captured"},
    {"trailer_json", Type::text, false, "the whole trailer.json (NULL when incomplete)"},
    {"imported_at", Type::text, true, "when this database imported it, UTC ISO-8601 (analyst's clock)"},
};

constexpr TableDecl snapshots{  // NOLINT(readability-identifier-naming): named after its table
    .name = "snapshots",
    .scope = Scope::none,
    .comment = "One imported archive (a capture of one host at one time).",
    .columns = k_snapshots_columns,
};

constexpr ColumnDecl k_members_columns[] = {
    {"snapshot_id", Type::integer, true, "snapshot", "REFERENCES snapshots(id)"},
    {"path", Type::text, true, "archive path, e.g. 'proc/1/stat'"},
    {"pid", Type::integer, false, "pid from the path (NULL for system-wide members)"},
    {"tid", Type::integer, false, "tid from the path (task/<tid>/...), else NULL"},
    {"start_time", Type::integer, false, "the pid's starttime (ticks) if known"},
    {"kind", Type::text, true, "'file' or 'link' (as stored), or the manifest kind if not stored ('process', 'dir', 'netns-ref', ...)"},
    {"status", Type::text, false, "manifest status (ok, ENOENT, EACCES, truncated, reused, ...); NULL if no manifest line"},
    {"reason", Type::text, false, "manifest reason for skipped/truncated/timeout"},
    {"size", Type::integer, false, "stored bytes (NULL when not stored)"},
    {"sha256", Type::text, false, "SHA-256 computed at import (NULL when not stored)"},
    {"verify", Type::text, false, "'ok' (matches the manifest), 'hash-mismatch', 'missing' (listed with a hash, never stored), 'unlisted' (stored, no line), 'not-stored' (line without bytes), 'unverified' (its chunk never came), 'meta' (header/trailer)"},
    {"t0_ns", Type::integer, false, "manifest t0: CLOCK_BOOTTIME ns when reading began (NULL without a line)"},
    {"t1_ns", Type::integer, false, "manifest t1: CLOCK_BOOTTIME ns when reading ended"},
    {"manifest", Type::text, false, "the manifest line as written (JSON; NULL when unlisted)"},
    {"data", Type::blob, false, "raw bytes (regular) or raw link target (symlink); NULL when not stored"},
};

constexpr TableDecl members{  // NOLINT(readability-identifier-naming): named after its table
    .name = "members",
    .scope = Scope::none,
    .comment = "Every archive member and every manifest line, with the raw bytes: nothing is lost when a parser improves.",
    .columns = k_members_columns,
    .table_constraint = "PRIMARY KEY (snapshot_id, path)",
};

constexpr ColumnDecl k_import_issues_columns[] = {
    {"snapshot_id", Type::integer, true, "snapshot", "REFERENCES snapshots(id)"},
    {"path", Type::text, true, "member path ('' for archive-level issues)"},
    {"line", Type::integer, false, "1-based line in the member, NULL if not line-specific"},
    {"excerpt", Type::blob, false, "offending bytes (raw, at most 200; escaped on display)"},
    {"message", Type::text, true, "what was wrong"},
};
constexpr IndexDecl k_import_issues_indexes[] = {
    {"import_issues_path", "snapshot_id, path"},
};

constexpr TableDecl import_issues{  // NOLINT(readability-identifier-naming): named after its table
    .name = "import_issues",
    .scope = Scope::none,
    .comment = "Parser warnings and verification findings: what could not be read as expected, with an excerpt.",
    .columns = k_import_issues_columns,
    .indexes = k_import_issues_indexes,
};

// key: NOT NULL spelt out (a STRICT table's PRIMARY KEY column is NOT NULL anyway; same schema as before).
constexpr ColumnDecl k_procsnap_meta_columns[] = {
    {"key", Type::text, true, "'schema_sha256' (SHA-256 of the embedded schema SQL that created it), 'schema_version', 'created_at' (UTC ISO-8601)", "PRIMARY KEY"},
    {"value", Type::text, true, "the value"},
};

constexpr TableDecl procsnap_meta{  // NOLINT(readability-identifier-naming): named after its table
    .name = "procsnap_meta",
    .scope = Scope::none,
    .comment = "Facts about this database file itself (not about any snapshot).",
    .columns = k_procsnap_meta_columns,
};
// clang-format on

}  // namespace tables

namespace {

constexpr std::string_view k_header =
    "Core tables: one row per imported snapshot, the raw members, and everything the importer had to say.\n"
    "Conventions for every table in schema/: STRICT tables; absent values are NULL (never 0, -1 or '');\n"
    "columns holding kernel unsigned 64-bit values are declared ANY and hold an INTEGER when <= 2^63-1, else the\n"
    "exact decimal TEXT; per-process rows are keyed by (snapshot_id, pid, start_time) where start_time is stat\n"
    "field 22 (clock ticks after boot) and NULL when the pid's stat could not be read.";

}  // namespace

TableGroup core_group() {
  return TableGroup{
      .file = "00_snapshots.sql",
      .header = k_header,
      .tables = {tables::snapshots, tables::members, tables::import_issues, tables::procsnap_meta},
  };
}

}  // namespace procsnap::importer
