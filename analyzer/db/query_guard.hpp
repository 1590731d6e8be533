#pragma once
// Hardening of the connection `procsnap query` runs analyst SQL on (SQLite's "Defense Against
// the Dark Arts"): the database is opened read-only by the caller; on top of that an authorizer allows only
// reading (SELECT, reading columns, functions other than load_extension, read-only introspection PRAGMAs);
// a progress handler interrupts a statement after a time limit; limits cap expression depth, SQL length and
// value size; the heap limit caps SQLite's memory (process-wide, so it is set by the CLI).
#include "db/db.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace procsnap::db {

struct QueryLimits {
  std::chrono::milliseconds timeout{60'000};      ///< per statement; 0 = none
  std::int64_t heap_limit_bytes = 2ll << 30;      ///< sqlite3_hard_heap_limit64; 0 = none
};

class QueryGuard {
 public:
  /// Installs the authorizer, the progress handler and the limits on `conn`. The guard must outlive the
  /// statements run on `conn`.
  QueryGuard(Connection& conn, QueryLimits limits);
  QueryGuard(const QueryGuard&) = delete;
  QueryGuard& operator=(const QueryGuard&) = delete;
  ~QueryGuard();
  /// Restarts the clock (call before each statement).
  void start_statement();
  /// Why the authorizer refused something last (empty if nothing was refused).
  [[nodiscard]] const std::string& last_denial() const { return denial_; }
  [[nodiscard]] bool timed_out() const { return timed_out_; }

  // C callbacks (public for the trampolines only).
  int authorize(int action, const char* a1, const char* a2);
  int progress();

 private:
  Connection& conn_;
  QueryLimits limits_;
  std::chrono::steady_clock::time_point deadline_{};
  std::string denial_;
  bool timed_out_ = false;
};

}  // namespace procsnap::db
