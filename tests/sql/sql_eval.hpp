#pragma once
// Evaluates one SQL expression on a fresh db::Connection (where osquery's functions are registered) and returns
// what it gave: NULL, INTEGER, REAL, TEXT (or BLOB), or the error message.
#include "db/db.hpp"

#include <cstdint>
#include <string>

namespace procsnap::sqltest {

struct Result {
  int type = SQLITE_NULL;  // SQLITE_NULL / INTEGER / FLOAT / TEXT / BLOB; 0 = error
  std::int64_t i = 0;
  double d = 0;
  std::string text;
  std::string error;
  [[nodiscard]] bool is_null() const { return type == SQLITE_NULL; }
  [[nodiscard]] bool failed() const { return type == 0; }
};

inline Result eval_on(db::Connection& c, const std::string& expr) {
  Result r;
  const std::string sql = "SELECT " + expr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(c.handle(), sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    r.type = 0;
    r.error = sqlite3_errmsg(c.handle());
    return r;
  }
  const int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    r.type = sqlite3_column_type(st, 0);
    r.i = sqlite3_column_int64(st, 0);
    r.d = sqlite3_column_double(st, 0);
    const auto* p = static_cast<const char*>(sqlite3_column_blob(st, 0));
    r.text.assign(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(st, 0)));
  } else {
    r.type = 0;
    r.error = sqlite3_errmsg(c.handle());
  }
  sqlite3_finalize(st);
  return r;
}

inline Result eval(const std::string& expr) {
  db::Connection c(":memory:", db::Connection::Mode::read_write_create);
  return eval_on(c, expr);
}

}  // namespace procsnap::sqltest
