// Shared pieces of the binder tests (proc_basic, proc_memory, net, system tables): an in-memory database with some
// of the embedded schema files (importer::schema_files()) loaded, and a TableSink that inserts through one cached
// prepared INSERT per (table, columns) like the importer's, recording diagnostics and the columns written.
#pragma once

#include "db/db.hpp"
#include "importer/registry.hpp"
#include "importer/schema_sql.hpp"
#include "importer/table_sink.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::test {

/// The whole file as bytes; a missing file fails the test (and yields "").
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// One sink.issue() call.
struct Issue {
  std::string path;
  std::size_t line;
  std::string excerpt;
  std::string message;
};

/// Inserts into the connection's tables; keeps every issue and, per table, every column some insert wrote.
class TestSink : public importer::TableSink {
 public:
  explicit TestSink(db::Connection& c) : c_(c) {}

  void insert(std::string_view table, std::span<const std::string_view> columns,
              std::span<const db::Value> values) override {
    EXPECT_EQ(columns.size(), values.size()) << table;
    std::string key(table);
    for (const auto c : columns) {
      key.append(",").append(c);
      written[std::string(table)].insert(std::string(c));
    }
    auto it = stmts_.find(key);
    if (it == stmts_.end()) {
      std::string sql = "INSERT INTO " + std::string(table) + " (";
      for (std::size_t i = 0; i < columns.size(); ++i) {
        sql.append(i ? ", " : "").append(columns[i]);
      }
      sql += ") VALUES (";
      for (std::size_t i = 0; i < columns.size(); ++i) {
        sql.append(i ? ", ?" : "?");
      }
      sql += ")";
      it = stmts_.emplace(key, c_.prepare(sql)).first;
    }
    it->second.run(values);
  }

  void issue(std::string_view member_path, std::size_t line, std::string_view excerpt,
             std::string_view message) override {
    issues.push_back({std::string(member_path), line, std::string(excerpt), std::string(message)});
  }

  /// How many issues were reported for this member path.
  std::size_t issues_for(std::string_view path) const {
    std::size_t n = 0;
    for (const auto& i : issues) {
      n += i.path == path ? 1 : 0;
    }
    return n;
  }

  std::vector<Issue> issues;
  std::map<std::string, std::set<std::string>> written;  ///< table -> columns some insert wrote

 private:
  db::Connection& c_;
  std::map<std::string, db::Statement> stmts_;
};

/// Executes the embedded schema files named in `names` (e.g. "00_snapshots.sql"), in schema order; returns how many
/// were found. Only the core tables and the group under test are loaded: other groups have their own suites.
inline int load_schema(db::Connection& conn, std::initializer_list<std::string_view> names) {
  int loaded = 0;
  for (const auto& f : importer::schema_files()) {
    for (const auto n : names) {
      if (f.name == n) {
        conn.exec(f.sql);
        ++loaded;
        break;
      }
    }
  }
  return loaded;
}

/// The snapshots row every binder test's members point at.
inline void insert_snapshot(db::Connection& conn, std::int64_t id) {
  conn.exec("INSERT INTO snapshots (id, archive_sha256, state, header_json, imported_at) VALUES (" +
            std::to_string(id) + ", 'x', 'verified', '{}', '2026-01-01T00:00:00Z')");
}

using Rows = std::vector<std::vector<std::optional<std::string>>>;

/// Every row of the query, each column as text (NULL as nullopt).
inline Rows query_rows(db::Connection& conn, const std::string& sql) {
  auto st = conn.prepare(sql);
  Rows out;
  while (st.step()) {
    auto& r = out.emplace_back();
    for (int i = 0; i < st.column_count(); ++i) {
      r.push_back(st.column_opt_text(i));
    }
  }
  return out;
}

/// The single non-NULL value the query must return; a failure (and "") otherwise.
inline std::string query_one(db::Connection& conn, const std::string& sql) {
  const auto r = query_rows(conn, sql);
  if (r.size() != 1 || r[0].empty() || !r[0][0]) {
    ADD_FAILURE() << "expected one non-NULL value from: " << sql;
    return {};
  }
  return *r[0][0];
}

}  // namespace procsnap::test
