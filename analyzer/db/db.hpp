#pragma once
// RAII wrappers over SQLite: Connection, Statement, Transaction, and Value (what a column holds).
// Environment failures (cannot open, disk full, constraint violated) throw db::Error; callers at the CLI
// boundary turn it into an exit code. Every SQL value is bound, never spliced into SQL text.
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace procsnap::db {

class Error : public std::runtime_error {
 public:
  Error(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
  [[nodiscard]] int code() const { return code_; }

 private:
  int code_;
};

/// Kernel unsigned 64-bit value. Bound as INTEGER when <= INT64_MAX, otherwise as the exact decimal TEXT
/// (schema columns that may hold such values are declared ANY in STRICT tables so SQLite keeps either exactly).
struct U64 {
  std::uint64_t v;
};
/// Raw bytes, stored as BLOB.
struct Blob {
  std::span<const std::byte> bytes;
};
/// Text stored as TEXT. The caller guarantees nothing about UTF-8 validity: SQLite stores the bytes as given.
struct Text {
  std::string_view s;
};

/// One bound value. Non-owning for text/blob: the referenced bytes must outlive the bind/step call.
using Value = std::variant<std::monostate, std::int64_t, U64, double, Text, Blob>;

/// Helpers turning optionals into Value (nullopt -> NULL, never 0/-1/"").
inline Value v(std::monostate) { return std::monostate{}; }
inline Value v(std::int64_t x) { return x; }
inline Value v(int x) { return static_cast<std::int64_t>(x); }
inline Value v(unsigned x) { return static_cast<std::int64_t>(x); }
inline Value v(std::uint64_t x) { return U64{x}; }
inline Value v(double x) { return x; }
inline Value v(bool x) { return static_cast<std::int64_t>(x ? 1 : 0); }
inline Value v(std::string_view s) { return Text{s}; }
inline Value v(const std::string& s) { return Text{s}; }
inline Value v(const char* s) { return Text{s}; }
inline Value v(std::span<const std::byte> b) { return Blob{b}; }
template <class T>
Value v(const std::optional<T>& o) {
  return o ? v(*o) : Value{std::monostate{}};
}

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

class Statement;

class Connection {
 public:
  enum class Mode { read_only, read_write_create };
  /// Opens (or creates) a database file; ":memory:" works. Applies procsnap's defensive settings
  /// (SQLITE_DBCONFIG_DEFENSIVE, trusted_schema=OFF, no extension loading, foreign keys on) and registers
  /// osquery's SQL functions and collations (osquery_functions.hpp).
  Connection(const std::string& path, Mode mode);
  [[nodiscard]] sqlite3* handle() const { return db_.get(); }
  /// Runs one or more statements without results. Throws on error.
  void exec(std::string_view sql);
  [[nodiscard]] Statement prepare(std::string_view sql) const;
  [[nodiscard]] std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }
  [[nodiscard]] std::string errmsg() const { return sqlite3_errmsg(db_.get()); }

 private:
  std::unique_ptr<sqlite3, SqliteCloser> db_;
};

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* s) : db_(db), stmt_(s) {}
  /// Binds values to parameters 1..n (in order).
  void bind_all(std::span<const Value> values);
  void bind(int index, const Value& value);
  /// Steps once: true when a row is available, false when done. Throws on error.
  bool step();
  /// Binds, steps to completion, resets and clears bindings: for INSERT/UPDATE.
  void run(std::span<const Value> values);
  void run(std::initializer_list<Value> values) { run(std::span<const Value>(values.begin(), values.size())); }
  void reset();
  [[nodiscard]] int column_count() const { return sqlite3_column_count(stmt_.get()); }
  [[nodiscard]] std::string column_name(int i) const;
  [[nodiscard]] int column_type(int i) const { return sqlite3_column_type(stmt_.get(), i); }
  [[nodiscard]] std::int64_t column_int64(int i) const { return sqlite3_column_int64(stmt_.get(), i); }
  [[nodiscard]] double column_double(int i) const { return sqlite3_column_double(stmt_.get(), i); }
  /// Text or blob bytes of column i (valid until the next step/reset).
  [[nodiscard]] std::string_view column_text(int i) const;
  [[nodiscard]] std::optional<std::int64_t> column_opt_int64(int i) const;
  [[nodiscard]] std::optional<std::string> column_opt_text(int i) const;
  [[nodiscard]] sqlite3_stmt* handle() const { return stmt_.get(); }

 private:
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, StmtFinalizer> stmt_;
};

/// Prepares `sql`, binds `params` (?1, ?2, ...) and calls `row(statement)` for every row: the read loop of every
/// loader that walks one query's rows (diff/, report/).
template <class F>
void each_row(const Connection& conn, std::string_view sql, std::span<const Value> params, F&& row) {
  auto st = conn.prepare(sql);
  st.bind_all(params);
  while (st.step()) row(st);
}

/// each_row with one integer parameter: the snapshot id, in most callers.
template <class F>
void each_row(const Connection& conn, std::string_view sql, std::int64_t param, F&& row) {
  const Value p[1] = {param};
  each_row(conn, sql, std::span<const Value>(p), std::forward<F>(row));
}

/// BEGIN IMMEDIATE on construction; ROLLBACK in the destructor unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& c);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Connection& c_;
  bool done_ = false;
};

/// The current UTC time as ISO-8601 with seconds ("2026-12-06T11:24:27Z"): what imported_at, created_at and
/// diff_runs.created_at store.
[[nodiscard]] std::string now_iso8601();

}  // namespace procsnap::db
