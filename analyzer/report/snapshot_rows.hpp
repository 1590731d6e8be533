#pragma once
// Internal to analyzer/report/: reading one snapshot's rows of a table, once for the whole snapshot.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "db/db.hpp"

namespace procsnap::report {

/// Prepares `sql` (its only parameter: the snapshot id), and calls `row(statement)` for every row.
template <class F>
void each_snapshot_row(const db::Connection& conn, std::string_view sql, std::int64_t snapshot_id, F&& row) {
  auto st = conn.prepare(sql);
  const std::array<db::Value, 1> p{snapshot_id};
  st.bind_all(p);
  while (st.step()) row(st);
}

/// Each process's cgroup path: the first line of proc/<pid>/cgroup (as osquery's processes.cgroup_path; on cgroup
/// v2 the only line), by pid.
[[nodiscard]] inline std::map<std::int64_t, std::string> first_cgroup_paths(const db::Connection& conn,
                                                                          std::int64_t snapshot_id) {
  std::map<std::int64_t, std::string> out;
  each_snapshot_row(conn, "SELECT pid, path FROM proc_cgroup WHERE snapshot_id = ? AND path IS NOT NULL ORDER BY pid, line",
                    snapshot_id, [&](const db::Statement& st) {
                      out.emplace(st.column_int64(0), std::string(st.column_text(1)));  // the first line wins
                    });
  return out;
}

}  // namespace procsnap::report
