// procsnap query [--db FILE] [--format F] SQL | -f FILE | -     and    procsnap ls [--db FILE]
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "importer/database.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

namespace procsnap::cli {

int run_sql(db::Connection& conn, db::QueryGuard* guard, std::string_view sql, std::span<const db::Value> params,
            ResultPrinter& printer) {
  const char* tail = sql.data();
  const char* end = sql.data() + sql.size();
  bool first = true;
  while (tail < end) {
    sqlite3_stmt* raw = nullptr;
    const char* next = nullptr;
    if (guard) guard->start_statement();
    const int prc = sqlite3_prepare_v2(conn.handle(), tail, static_cast<int>(end - tail), &raw, &next);
    std::unique_ptr<sqlite3_stmt, db::StmtFinalizer> st(raw);
    if (prc != SQLITE_OK) {
      const std::string denial = guard ? guard->last_denial() : std::string();
      fmt::print(stderr, "procsnap: {}\n",
                 !denial.empty() && (prc & 0xff) == SQLITE_AUTH ? "refused: " + denial
                                                                : std::string(sqlite3_errmsg(conn.handle())));
      return to_int(ExitCode::error);
    }
    tail = next;
    if (!st) continue;  // whitespace or a comment
    if (!sqlite3_stmt_readonly(st.get())) {
      fmt::print(stderr, "procsnap: refused: queries are read-only\n");
      return to_int(ExitCode::error);
    }
    if (first) {
      db::Statement wrapper(conn.handle(), st.release());
      wrapper.bind_all(params.subspan(0, std::min<std::size_t>(params.size(),
                                                               static_cast<std::size_t>(sqlite3_bind_parameter_count(
                                                                   wrapper.handle())))));
      const int rc = printer.print_statement(wrapper.handle());
      if (rc != SQLITE_DONE) {
        fmt::print(stderr, "procsnap: {}\n",
                   guard && guard->timed_out() ? std::string("query interrupted: it ran longer than --timeout")
                                               : std::string(sqlite3_errmsg(conn.handle())));
        return to_int(ExitCode::error);
      }
      first = false;
      continue;
    }
    const int rc = printer.print_statement(st.get());
    if (rc != SQLITE_DONE) {
      fmt::print(stderr, "procsnap: {}\n",
                 guard && guard->timed_out() ? std::string("query interrupted: it ran longer than --timeout")
                                             : std::string(sqlite3_errmsg(conn.handle())));
      return to_int(ExitCode::error);
    }
  }
  printer.finish();
  return to_int(ExitCode::ok);
}

namespace {
struct QueryArgs {
  std::string db = k_default_db;
  std::string sql;
  std::string file;
  Format format = Format::table;
  double timeout_s = 60;
  std::int64_t max_memory_mb = 2048;
  std::size_t max_width = 120;
};
}  // namespace

void add_query_command(CLI::App& app, int& rc) {
  auto args = std::make_shared<QueryArgs>();
  CLI::App* cmd = app.add_subcommand("query", "run read-only SQL over the database");
  cmd->add_option("--db", args->db, "database file")->capture_default_str();
  cmd->add_option("sql", args->sql, "SQL text, or '-' to read it from stdin");
  cmd->add_option("-f,--file", args->file, "read the SQL from this file");
  add_format_option(*cmd, args->format);
  cmd->add_option("--timeout", args->timeout_s, "seconds a statement may run (0 = no limit)")->capture_default_str();
  cmd->add_option("--max-memory", args->max_memory_mb, "SQLite heap limit in MiB (0 = none)")->capture_default_str();
  cmd->add_option("--max-width", args->max_width, "table: widest cell shown (0 = unlimited)")->capture_default_str();
  cmd->footer(
      "The database is opened read-only; an authorizer refuses writes, schema changes, ATTACH, PRAGMAs other\n"
      "than read-only introspection (table_info, index_list, ...) and load_extension(); a statement is\n"
      "interrupted after --timeout and SQLite's heap is capped at --max-memory. A database whose tables, views,\n"
      "indexes or triggers differ from procsnap's schema is refused.\n\n"
      "Output of untrusted text (every value came from the captured host):\n"
      "  table   control characters, C1 controls, bidi/invisible format characters and invalid UTF-8 are\n"
      "          escaped (\\n \\t \\xHH \\u{202e}; a backslash as \\\\), always; NULL prints as NULL; binary\n"
      "          blobs print as x'hex' with their length; cells longer than --max-width end with '…'.\n"
      "  csv     RFC 4180; text starting with = + - @ TAB or CR gets a leading ' (spreadsheet formula\n"
      "          injection, OWASP); otherwise the exact bytes (escaped as for table when stdout is a terminal).\n"
      "  json    an array of objects per statement; ndjson: one object per line. Lossless: each byte that is\n"
      "          not valid UTF-8 is written as \\udcXX (XX = the byte: \\udc80..\\udcff, Python's\n"
      "          'surrogateescape'); decode with errors='surrogateescape' in Python, or procsnap's common/json\n"
      "          reader, to get the original bytes back. Control, C1 and bidi characters are \\uXXXX escapes.\n"
      "          Blobs are strings under the same rule. Unsigned 64-bit kernel values above 2^63-1 are stored\n"
      "          and printed as exact decimal text.\n\n"
      "Examples:\n"
      "  procsnap query \"SELECT id, hostname, state FROM snapshots\"\n"
      "  procsnap query --format csv \"SELECT * FROM proc_stat WHERE snapshot_id = 1\" > ps.csv\n"
      "  procsnap query -f hunt.sql --format ndjson | jq .\n"
      "  echo \"SELECT path, message FROM import_issues\" | procsnap query -\n");
  cmd->callback([args, &rc] {
    std::string sql;
    if (!args->file.empty()) {
      std::ifstream in(args->file, std::ios::binary);
      if (!in) {
        fmt::print(stderr, "procsnap query: cannot read {}\n", escape_terminal(args->file));
        rc = to_int(ExitCode::error);
        return;
      }
      sql.assign(std::istreambuf_iterator<char>(in), {});
    } else if (args->sql == "-") {
      sql.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
      sql = args->sql;
    }
    if (sql.find_first_not_of(" \t\r\n") == std::string::npos) {
      fmt::print(stderr, "procsnap query: no SQL given (an argument, -f FILE, or - for stdin)\n");
      rc = to_int(ExitCode::usage);
      return;
    }
    db::Connection conn = importer::open_read_only(args->db);
    db::QueryLimits lim;
    lim.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(args->timeout_s * 1000));
    lim.heap_limit_bytes = args->max_memory_mb * (1ll << 20);
    db::QueryGuard guard(conn, lim);
    OutputOptions o = stdout_options(args->format);
    o.max_width = args->max_width;
    ResultPrinter printer(stdout, o);
    rc = run_sql(conn, &guard, sql, {}, printer);
  });
}

namespace {
struct LsArgs {
  std::string db = k_default_db;
  Format format = Format::table;
};
}  // namespace

void add_ls_command(CLI::App& app, int& rc) {
  auto args = std::make_shared<LsArgs>();
  CLI::App* cmd = app.add_subcommand("ls", "list the snapshots in the database");
  cmd->add_option("--db", args->db, "database file")->capture_default_str();
  add_format_option(*cmd, args->format);
  cmd->footer(
      "state: verified (every member matches the manifest, trailer present), incomplete (the capture did not\n"
      "finish or the archive was truncated), hash-mismatch (altered, missing or unlisted members: see\n"
      "`procsnap query \"SELECT path, verify FROM members WHERE snapshot_id = N AND verify NOT IN\n"
      "('ok','not-stored','meta')\"`).\n"
      "mem_regions, mem_bytes: memory regions listed by --mem and the bytes stored for them (procsnap mem).\n\n"
      "Examples:\n"
      "  procsnap ls\n"
      "  procsnap ls --db case42.db --format json\n");
  cmd->callback([args, &rc] {
    db::Connection conn = importer::open_read_only(args->db);
    db::QueryGuard guard(conn, db::QueryLimits{});
    ResultPrinter printer(stdout, stdout_options(args->format));
    rc = run_sql(conn, &guard,
                 "SELECT id, hostname AS host, boot_id, captured_at, process_count AS processes, state, "
                 "members_mismatched AS mismatched, members_missing AS missing, members_unlisted AS unlisted, "
                 "(SELECT count(*) FROM memory_regions r WHERE r.snapshot_id = snapshots.id) AS mem_regions, "
                 "(SELECT coalesce(sum(r.captured_bytes), 0) FROM memory_regions r WHERE r.snapshot_id = snapshots.id) "
                 "AS mem_bytes, substr(archive_sha256, 1, 12) AS sha256 FROM snapshots ORDER BY id",
                 {}, printer);
  });
}

}  // namespace procsnap::cli
