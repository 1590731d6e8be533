// Running triage checks: each check's query is prepared, checked to be one read-only statement whose only
// parameter is :snapshot_id (bound, never spliced), and stepped to collect its evidence rows.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "triage/triage.hpp"

namespace procsnap::triage {

namespace {

using StmtPtr = std::unique_ptr<sqlite3_stmt, db::StmtFinalizer>;

// Whether `tail` holds only whitespace and SQL comments (no second statement).
bool only_comments(std::string_view tail) {
  std::size_t i = 0;
  while (i < tail.size()) {
    const char c = tail[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';') {
      ++i;
    } else if (tail.substr(i).starts_with("--")) {
      const auto nl = tail.find('\n', i);
      i = nl == std::string_view::npos ? tail.size() : nl + 1;
    } else if (tail.substr(i).starts_with("/*")) {
      const auto e = tail.find("*/", i + 2);
      if (e == std::string_view::npos) return false;
      i = e + 2;
    } else {
      return false;
    }
  }
  return true;
}

// Prepares the check; sets `error` and returns null when unusable.
StmtPtr prepare(const db::Connection& conn, const Check& check, std::string& error) {
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v2(conn.handle(), check.sql.c_str(), static_cast<int>(check.sql.size()), &raw, &tail);
  StmtPtr st(raw);
  if (rc != SQLITE_OK) {
    error = sqlite3_errmsg(conn.handle());
    return nullptr;
  }
  if (!st) {
    error = "the query is empty";
    return nullptr;
  }
  const std::string_view rest(tail, static_cast<std::size_t>(check.sql.data() + check.sql.size() - tail));
  if (!only_comments(rest)) {
    error = "more than one statement";
    return nullptr;
  }
  if (sqlite3_stmt_readonly(st.get()) == 0) {
    error = "the query is not read-only";
    return nullptr;
  }
  const int n = sqlite3_bind_parameter_count(st.get());
  for (int i = 1; i <= n; ++i) {
    const char* name = sqlite3_bind_parameter_name(st.get(), i);
    if (name == nullptr || std::string_view(name) != ":snapshot_id") {
      error = fmt::format("parameter {} is not :snapshot_id", name ? name : "?");
      return nullptr;
    }
  }
  if (n == 0) {
    error = "the query has no :snapshot_id parameter";
    return nullptr;
  }
  return st;
}

Cell read_cell(sqlite3_stmt* st, int i) {
  Cell c;
  c.type = sqlite3_column_type(st, i);
  switch (c.type) {
    case SQLITE_INTEGER:
      c.bytes = std::to_string(sqlite3_column_int64(st, i));
      break;
    case SQLITE_FLOAT:
      c.bytes = fmt::format("{}", sqlite3_column_double(st, i));
      break;
    case SQLITE_TEXT:
    case SQLITE_BLOB: {
      const void* p =
          c.type == SQLITE_TEXT ? static_cast<const void*>(sqlite3_column_text(st, i)) : sqlite3_column_blob(st, i);
      const int len = sqlite3_column_bytes(st, i);
      if (p != nullptr && len > 0) c.bytes.assign(static_cast<const char*>(p), static_cast<std::size_t>(len));
      break;
    }
    default:
      c.type = SQLITE_NULL;
      break;
  }
  return c;
}

}  // namespace

std::string validate_sql(const db::Connection& conn, const Check& check) {
  std::string error;
  auto st = prepare(conn, check, error);
  return st ? std::string() : error;
}

Report run_checks(const db::Connection& conn, std::int64_t snapshot_id, std::span<const Check> checks,
                  const RunOptions& opt) {
  Report r;
  r.snapshot_id = snapshot_id;
  for (const auto& check : checks) {
    if (check.severity < opt.min_severity) continue;
    ++r.checks_run;
    std::string error;
    auto st = prepare(conn, check, error);
    if (!st) {
      r.failures.push_back({check.id, error});
      continue;
    }
    sqlite3_bind_int64(st.get(), sqlite3_bind_parameter_index(st.get(), ":snapshot_id"), snapshot_id);
    Finding f;
    f.check = &check;
    const int ncol = sqlite3_column_count(st.get());
    for (int i = 0; i < ncol; ++i) {
      const char* name = sqlite3_column_name(st.get(), i);
      f.columns.emplace_back(name ? name : "");
    }
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
      ++f.total_rows;
      if (opt.max_rows != 0 && f.rows.size() >= opt.max_rows) continue;
      std::vector<Cell> row;
      row.reserve(static_cast<std::size_t>(ncol));
      for (int i = 0; i < ncol; ++i) row.push_back(read_cell(st.get(), i));
      f.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
      r.failures.push_back({check.id, sqlite3_errmsg(conn.handle())});
      continue;
    }
    if (f.total_rows > 0) r.findings.push_back(std::move(f));
  }
  std::stable_sort(r.findings.begin(), r.findings.end(), [](const Finding& a, const Finding& b) {
    if (a.check->severity != b.check->severity) return a.check->severity > b.check->severity;
    return a.check->id < b.check->id;
  });
  return r;
}

SnapshotInfo snapshot_info(const db::Connection& conn, std::int64_t snapshot_id) {
  SnapshotInfo info;
  info.id = snapshot_id;
  auto st =
      conn.prepare("SELECT hostname, captured_at, state, kernel_release, collector_argv, archive_sha256 FROM snapshots "
                   "WHERE id = ?");
  const std::array<db::Value, 1> args{snapshot_id};
  st.bind_all(args);
  if (st.step()) {
    info.hostname = st.column_opt_text(0).value_or("");
    info.captured_at = st.column_opt_text(1).value_or("");
    info.state = st.column_opt_text(2).value_or("");
    info.kernel_release = st.column_opt_text(3).value_or("");
    info.collector_argv = st.column_opt_text(4).value_or("");
    info.archive_sha256 = st.column_opt_text(5).value_or("");
  }
  return info;
}

}  // namespace procsnap::triage
