#pragma once
// One function per subcommand registers it on the CLI11 app; each subcommand's callback stores its exit code in
// `rc`. Errors from the environment (db::Error, std::exception) propagate to main(), the only place that turns
// exceptions into exit codes.
#include "cli/output.hpp"
#include "db/db.hpp"
#include "db/query_guard.hpp"
#include "importer/archive_reader.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace procsnap::cli {

inline constexpr const char* k_default_db = "procsnap.db";

void add_import_command(CLI::App& app, int& rc);
void add_verify_command(CLI::App& app, int& rc);
void add_ls_command(CLI::App& app, int& rc);
void add_query_command(CLI::App& app, int& rc);
void add_ps_commands(CLI::App& app, int& rc);  ///< ps and tree
void add_diff_command(CLI::App& app, int& rc);  ///< diff (cli/diff_cmd.cpp)
void add_triage_command(CLI::App& app, int& rc);  ///< triage (cli/triage_cmd.cpp)
void add_mem_command(CLI::App& app, int& rc);  ///< mem grep | strings | extract (cli/mem_cmd.cpp)
void add_schema_command(CLI::App& app, int& rc);  ///< schema (cli/schema_cmd.cpp)
void add_push_command(CLI::App& app, int& rc);    ///< push to ClickHouse (cli/fleet_cmd.cpp)
void add_pull_command(CLI::App& app, int& rc);    ///< pull from ClickHouse (cli/fleet_cmd.cpp)
void add_fleet_command(CLI::App& app, int& rc);   ///< fleet stack | triage on ClickHouse (cli/fleet_cmd.cpp)
void add_report_command(CLI::App& app, int& rc);  ///< report: one self-contained HTML file (cli/report_cmd.cpp)
void add_timeline_command(CLI::App& app, int& rc);  ///< timeline: Timesketch / CSV / JSON events (cli/timeline_cmd.cpp)

/// --format option shared by ls/query/ps.
void add_format_option(CLI::App& cmd, Format& format);
/// --max-members/--max-member-bytes/--max-total-bytes/--max-ratio (import, verify).
void add_limit_options(CLI::App& cmd, importer::Limits& limits);

/// Runs every statement of `sql` on `conn` (guarded by `guard` when not null), binding `params` to the first
/// statement, printing each result set. Prints errors on stderr; returns an exit code.
int run_sql(db::Connection& conn, db::QueryGuard* guard, std::string_view sql, std::span<const db::Value> params,
            ResultPrinter& printer);

/// Writes `bytes` to `path` ("-" = stdout); the file is created new (never through a symlink) and an existing one
/// is replaced only when `force`. Prints "procsnap COMMAND: ..." on failure and returns false.
bool write_output_file(const std::string& path, std::string_view bytes, bool force, std::string_view command);

/// OutputOptions for stdout with the given format.
[[nodiscard]] OutputOptions stdout_options(Format format);

}  // namespace procsnap::cli
