#include "db/query_guard.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <strings.h>
#include <string_view>

namespace procsnap::db {

namespace {

int auth_cb(void* self, int action, const char* a1, const char* a2, const char* /*db*/, const char* /*trigger*/) {
  return static_cast<QueryGuard*>(self)->authorize(action, a1, a2);
}
int progress_cb(void* self) { return static_cast<QueryGuard*>(self)->progress(); }

// PRAGMAs that only describe the schema; everything else (including every PRAGMA that sets something) is denied.
constexpr std::array<std::string_view, 12> k_read_pragmas = {
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "collation_list", "function_list", "pragma_list", "database_list", "module_list"};

// Functions an analyst never needs and an attacker would want (extension loading, tokenizer pointer tricks).
constexpr std::array<std::string_view, 3> k_denied_functions = {"load_extension", "fts3_tokenizer", "readfile"};

}  // namespace

QueryGuard::QueryGuard(Connection& conn, QueryLimits limits) : conn_(conn), limits_(limits) {
  sqlite3* db = conn.handle();
  sqlite3_set_authorizer(db, auth_cb, this);
  sqlite3_progress_handler(db, 10'000, progress_cb, this);
  sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1'000'000);
  sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 200);
  sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 100);
  sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 10'000);
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
  // osquery's SQL: a double-quoted word is a column when one has that name, else a string literal
  // (`WHERE name = "sshd"`), as in osquery's SQLite; queries pasted from its docs and packs rely on it. Only in
  // queries: DDL, which the authorizer refuses anyway, keeps strict quoting.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
  if (limits_.heap_limit_bytes > 0) {
    sqlite3_hard_heap_limit64(limits_.heap_limit_bytes);
  }
  start_statement();
}

QueryGuard::~QueryGuard() {
  sqlite3_set_authorizer(conn_.handle(), nullptr, nullptr);
  sqlite3_progress_handler(conn_.handle(), 0, nullptr, nullptr);
}

void QueryGuard::start_statement() {
  timed_out_ = false;
  deadline_ = limits_.timeout.count() > 0 ? std::chrono::steady_clock::now() + limits_.timeout
                                          : std::chrono::steady_clock::time_point::max();
}

int QueryGuard::progress() {
  if (std::chrono::steady_clock::now() > deadline_) {
    timed_out_ = true;
    return 1;  // interrupts the statement (SQLITE_INTERRUPT)
  }
  return 0;
}

int QueryGuard::authorize(int action, const char* a1, const char* a2) {
  const std::string_view arg1 = a1 ? a1 : "";
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    case SQLITE_FUNCTION: {
      // The function name is the second argument (the first is always NULL).
      const std::string_view fn = a2 ? a2 : "";
      for (auto f : k_denied_functions) {
        if (fn.size() == f.size() && strncasecmp(fn.data(), f.data(), f.size()) == 0) {
          denial_ = fmt::format("function {}() is not allowed in queries", fn);
          return SQLITE_DENY;
        }
      }
      return SQLITE_OK;
    }
    case SQLITE_UPDATE:
      // Preparing a table-valued PRAGMA (pragma_table_info(...)) makes SQLite's eponymous virtual table set-up
      // ask for UPDATE on sqlite_master's columns while it parses the table's declaration. Nothing is written:
      // the connection is read-only and in defensive mode (sqlite_master is never writable). Every other UPDATE
      // is refused.
      if (arg1 == "sqlite_master" || arg1 == "sqlite_temp_master") {
        return SQLITE_OK;
      }
      denial_ = "queries are read-only: writes, schema changes and transactions are not allowed";
      return SQLITE_DENY;
    case SQLITE_PRAGMA:
      for (auto p : k_read_pragmas) {
        if (arg1.size() == p.size() && strncasecmp(a1, p.data(), p.size()) == 0) {
          return SQLITE_OK;
        }
      }
      denial_ = fmt::format("PRAGMA {}{} is not allowed in queries (read-only introspection only)", arg1,
                            a2 ? fmt::format(" = {}", a2) : std::string());
      return SQLITE_DENY;
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
      denial_ = "ATTACH/DETACH is not allowed in queries";
      return SQLITE_DENY;
    default:
      denial_ = "queries are read-only: writes, schema changes and transactions are not allowed";
      return SQLITE_DENY;
  }
}

}  // namespace procsnap::db
