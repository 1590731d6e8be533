#include "db/db.hpp"

#include "db/osquery_functions.hpp"

#include <ctime>

#include <fmt/format.h>

#include <limits>

namespace procsnap::db {

namespace {
[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  throw Error(fmt::format("{}: {}", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)), rc);
}
}  // namespace

Connection::Connection(const std::string& path, Mode mode) {
  sqlite3* raw = nullptr;
  const int flags = (mode == Mode::read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) |
                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK) {
    fail(raw, rc, fmt::format("cannot open database {}", path));
  }
  // Hardening per SQLite's "Defense Against The Dark Arts": a database file is untrusted input.
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_VIEW, 1, nullptr);
  sqlite3_limit(raw, SQLITE_LIMIT_LENGTH, 1'000'000'000);
  sqlite3_limit(raw, SQLITE_LIMIT_SQL_LENGTH, 10'000'000);
  sqlite3_limit(raw, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_busy_timeout(raw, 5000);
  exec("PRAGMA foreign_keys=ON");
  // osquery's SQL functions and collations (split, regex_match, sha256, in_cidr_block, COLLATE VERSION, ...):
  // on every connection, so queries, views and triage checks all see them.
  register_osquery_functions(raw);
}

void Connection::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_.get(), s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw Error(fmt::format("SQL failed: {}", msg), rc);
  }
}

Statement Connection::prepare(std::string_view sql) const {
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &s, nullptr);
  if (rc != SQLITE_OK) {
    fail(db_.get(), rc, fmt::format("cannot prepare [{}]", sql.substr(0, 200)));
  }
  return Statement(db_.get(), s);
}

void Statement::bind(int index, const Value& value) {
  sqlite3_stmt* s = stmt_.get();
  int rc = SQLITE_OK;
  if (std::holds_alternative<std::monostate>(value)) {
    rc = sqlite3_bind_null(s, index);
  } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
    rc = sqlite3_bind_int64(s, index, *i);
  } else if (const auto* u = std::get_if<U64>(&value)) {
    if (u->v <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      rc = sqlite3_bind_int64(s, index, static_cast<std::int64_t>(u->v));
    } else {
      const std::string text = std::to_string(u->v);
      rc = sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
  } else if (const auto* d = std::get_if<double>(&value)) {
    rc = sqlite3_bind_double(s, index, *d);
  } else if (const auto* t = std::get_if<Text>(&value)) {
    rc = sqlite3_bind_text64(s, index, t->s.data(), t->s.size(), SQLITE_STATIC, SQLITE_UTF8);
  } else if (const auto* b = std::get_if<Blob>(&value)) {
    // A zero-length blob must still be a BLOB, not NULL: bind_blob64 with a null pointer would make it NULL.
    static constexpr std::byte k_empty{};
    const void* p = b->bytes.empty() ? static_cast<const void*>(&k_empty) : b->bytes.data();
    rc = sqlite3_bind_blob64(s, index, p, b->bytes.size(), SQLITE_STATIC);
  }
  if (rc != SQLITE_OK) {
    fail(db_, rc, "bind failed");
  }
}

void Statement::bind_all(std::span<const Value> values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    bind(static_cast<int>(i + 1), values[i]);
  }
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  fail(db_, rc, fmt::format("statement failed [{}]", std::string_view(sqlite3_sql(stmt_.get())).substr(0, 200)));
}

void Statement::run(std::span<const Value> values) {
  bind_all(values);
  try {
    while (step()) {
    }
  } catch (...) {
    reset();
    throw;
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::string Statement::column_name(int i) const {
  const char* n = sqlite3_column_name(stmt_.get(), i);
  return n ? n : "";
}

std::string_view Statement::column_text(int i) const {
  const auto* p = sqlite3_column_blob(stmt_.get(), i);
  const int n = sqlite3_column_bytes(stmt_.get(), i);
  return p ? std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string_view{};
}

std::optional<std::int64_t> Statement::column_opt_int64(int i) const {
  if (column_type(i) == SQLITE_NULL) {
    return std::nullopt;
  }
  return column_int64(i);
}

std::optional<std::string> Statement::column_opt_text(int i) const {
  if (column_type(i) == SQLITE_NULL) {
    return std::nullopt;
  }
  return std::string(column_text(i));
}

Transaction::Transaction(Connection& c) : c_(c) { c_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) {
    sqlite3_exec(c_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  c_.exec("COMMIT");
  done_ = true;
}

std::string now_iso8601() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace procsnap::db
