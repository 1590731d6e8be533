#pragma once
// Printing query results and untrusted text. Everything a snapshot holds may have been written by an attacker
// (comm, cmdline, environ, paths), so text is escaped for display, never trusted:
//   table  control characters (C0, DEL), C1 controls (U+0080..U+009F), bidi and other invisible format
//          characters (U+061C, U+200B..U+200F, U+2028..U+202E, U+2060..U+2069, U+FEFF) and invalid UTF-8 bytes are
//          shown as \n \t \r, \xHH (bytes) or \u{XXXX} (code points); a backslash is shown as \\ — always, not only
//          on a terminal.
//   csv    RFC 4180 quoting; a text cell starting with = + - @ TAB or CR is prefixed with ' (OWASP CSV injection);
//          cells are otherwise the exact bytes (on a terminal they are also escaped as for table).
//   json   lossless: invalid UTF-8 bytes become \udcXX (XX = the byte, as in common/json.hpp); control, C1 and
//          bidi characters become \uXXXX, so the output is plain ASCII-safe for terminals and still exact.
#include <sqlite3.h>

#include "procsnap/common/text.hpp"

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::cli {

enum class Format { table, csv, json, ndjson };

// The escapers of untrusted text are safety primitives shared by every layer (procsnap/common/text.hpp); the CLI
// uses them under its own namespace.
using common::text::csv_cell;
using common::text::escape_terminal;
using common::text::json_string;

/// One value read from a statement.
struct Cell {
  int type = SQLITE_NULL;  ///< SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL
  std::string bytes;       ///< text/blob bytes, or the number's decimal text
};

struct OutputOptions {
  Format format = Format::table;
  std::size_t max_width = 120;  ///< table: longest cell shown (0 = unlimited); longer cells end with "…"
  bool tty = false;             ///< the destination is a terminal (csv cells are then escaped too)
};

/// Streams result sets to a FILE*. Table output is buffered per result set (to align columns).
class ResultPrinter {
 public:
  ResultPrinter(std::FILE* out, OutputOptions opt) : out_(out), opt_(opt) {}
  /// Starts a result set with these column names.
  void begin(std::vector<std::string> columns);
  void row(std::vector<Cell> cells);
  /// Ends the result set (table: prints it).
  void end();
  /// Reads every remaining row of `stmt` (already prepared, guarded by the caller) into begin/row/end.
  /// Returns the sqlite3_step result that ended it (SQLITE_DONE on success).
  int print_statement(sqlite3_stmt* stmt);
  /// Call once after all result sets (json: closes the top-level array).
  void finish();

 private:
  std::string render_table_cell(const Cell& c) const;
  std::FILE* out_;
  OutputOptions opt_;
  std::vector<std::string> cols_;
  std::vector<std::vector<std::string>> table_rows_;
  std::size_t sets_ = 0;
  std::uint64_t rows_in_set_ = 0;
  bool json_open_ = false;
};

}  // namespace procsnap::cli
