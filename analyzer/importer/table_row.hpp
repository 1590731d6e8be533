#pragma once
// Rows of a declared table (table_decl.hpp) bound by column name. The writers of the tables procsnap's own code
// fills (snapshots, members, import_issues, procsnap_meta, diff_runs, diff_changes, memory_regions, ...) name the
// column of every value instead of counting positions in a long argument list:
//
//   RowStatement ins = RowStatement::insert(conn, tables::diff_changes);   // prepared once
//   ins.set("diff_id", id).set("seq", ++seq).set("category", cat);         // per row, any order
//   ins.run();                                                             // binds, steps, resets
//
// The INSERT names every declared column. A name the table does not declare throws std::logic_error, and so does
// run() while a column that must not be NULL (NOT NULL, or the PRIMARY KEY of a STRICT table other than an
// INTEGER PRIMARY KEY: none of these tables has a DEFAULT) was never set; any other column never set is NULL. A
// misspelt or forgotten column therefore fails the first test that writes the row, not a later query.
//
// Cost: set() finds a column by comparing names, starting at the column after the one set last, so a writer that
// sets the columns in declaration order pays one comparison per value; values are reused between rows.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"
#include "importer/table_decl.hpp"

namespace procsnap::importer {

/// The values of one row of a declared table, by column name. Values are db::Value: non-owning for text and blobs,
/// so what they point to must outlive the statement's run (set() refuses a temporary std::string).
class NamedRow {
 public:
  /// Every column of `t`: the scope's key columns, then its own (for an INSERT).
  explicit NamedRow(const TableDecl& t);
  /// Only `columns`, declared columns of `t` in this order, every one of which must be set (for an UPDATE).
  /// Throws std::logic_error for a name `t` does not declare or a name given twice.
  NamedRow(const TableDecl& t, std::span<const std::string_view> columns);

  /// Sets a column's value. Throws std::logic_error when the row has no such column.
  NamedRow& set(std::string_view column, const db::Value& value) {
    const std::size_t i = index_of(column);
    values_[i] = value;
    set_[i] = 1;
    return *this;
  }
  /// Sets a column to db::v(x) (optional -> NULL when absent, bool -> 0/1, ...).
  template <class T>
  NamedRow& set(std::string_view column, const T& x) {
    return set(column, db::v(x));
  }
  // The row keeps a view of the text: a temporary string would be gone before the statement runs.
  NamedRow& set(std::string_view column, std::string&& x) = delete;
  NamedRow& set(std::string_view column, std::optional<std::string>&& x) = delete;

  /// The values in column order. Throws std::logic_error when a column that must be set was not.
  [[nodiscard]] std::span<const db::Value> values() const;
  /// The column names, in order (stable while this row lives: usable as a TableSink's column list).
  [[nodiscard]] std::span<const std::string_view> names() const { return names_; }
  [[nodiscard]] std::string_view table() const { return table_; }
  /// Every column back to unset (NULL), for the next row.
  void clear();

 private:
  [[nodiscard]] std::size_t index_of(std::string_view column) {
    if (next_ < names_.size() && names_[next_] == column) return next_++;
    return find(column);
  }
  std::size_t find(std::string_view column);  // the slow path (out of line): scan, or throw

  std::string_view table_;
  std::vector<std::string_view> names_;
  std::vector<db::Value> values_;
  std::vector<std::uint8_t> set_;
  std::vector<std::size_t> required_;  ///< columns that must be set before values()
  std::size_t next_ = 0;               ///< the column after the one set last (the likely next one)
};

/// A prepared statement writing rows of a declared table, bound by column name (see the top of this file).
class RowStatement {
 public:
  /// `verb` INTO t (every declared column) VALUES (?, ...) `tail`; verb "INSERT" or "INSERT OR IGNORE", tail e.g.
  /// an ON CONFLICT clause. Unset columns are NULL.
  [[nodiscard]] static RowStatement insert(const db::Connection& c, const TableDecl& t, std::string_view tail = {},
                                           std::string_view verb = "INSERT");
  /// UPDATE t SET c = ?, ... WHERE w = ? AND ...: every column of `set_columns` and `where_columns` (declared
  /// columns of `t`) must be set before run().
  [[nodiscard]] static RowStatement update(const db::Connection& c, const TableDecl& t,
                                           std::span<const std::string_view> set_columns,
                                           std::span<const std::string_view> where_columns);

  template <class T>
  RowStatement& set(std::string_view column, const T& x) {
    row_.set(column, x);
    return *this;
  }
  RowStatement& set(std::string_view column, std::string&& x) = delete;
  RowStatement& set(std::string_view column, std::optional<std::string>&& x) = delete;

  /// Binds the row, steps the statement to completion, resets it and clears the row (also when it throws:
  /// std::logic_error for a required column not set, nothing written; db::Error on a database failure).
  void run();
  [[nodiscard]] NamedRow& row() { return row_; }

 private:
  RowStatement(NamedRow row, db::Statement st) : row_(std::move(row)), st_(std::move(st)) {}
  NamedRow row_;
  db::Statement st_;
};

}  // namespace procsnap::importer
