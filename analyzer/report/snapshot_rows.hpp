#pragma once
// Internal to analyzer/report/: reading one snapshot's rows of a table, once for the whole snapshot.
#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "db/db.hpp"

namespace procsnap::report {

/// The one row `sql` (its parameter: the snapshot id) selects from the snapshots table, passed to `row(statement)`;
/// std::invalid_argument "no snapshot with id N" when there is none.
template <class F>
void snapshot_table_row(const db::Connection& conn, std::string_view sql, std::int64_t snapshot_id, F&& row) {
  auto st = conn.prepare(sql);
  const std::array<db::Value, 1> p{snapshot_id};
  st.bind_all(p);
  if (!st.step()) throw std::invalid_argument(fmt::format("no snapshot with id {}", snapshot_id));
  row(st);
}

/// Each process's cgroup path: the first line of proc/<pid>/cgroup (as osquery's processes.cgroup_path; on cgroup
/// v2 the only line), by pid.
[[nodiscard]] inline std::map<std::int64_t, std::string> first_cgroup_paths(const db::Connection& conn,
                                                                            std::int64_t snapshot_id) {
  std::map<std::int64_t, std::string> out;
  db::each_row(conn, "SELECT pid, path FROM proc_cgroup WHERE snapshot_id = ? AND path IS NOT NULL ORDER BY pid, line",
               snapshot_id, [&](const db::Statement& st) {
                 out.emplace(st.column_int64(0), std::string(st.column_text(1)));  // the first line wins
               });
  return out;
}

/// Each containerised process's container as "runtime:id" (the id cut to 12 characters when it is a 64-digit hex
/// id, as docker ps shows it; lxc/nspawn names and 'pidns:<inode>' groups whole), by pid: the importer's
/// process_containers and containers tables (analyzer/importer/containers.hpp recognises the runtimes).
[[nodiscard]] inline std::map<std::int64_t, std::string> container_labels(const db::Connection& conn,
                                                                          std::int64_t snapshot_id) {
  std::map<std::int64_t, std::string> out;
  db::each_row(conn,
               "SELECT pc.pid, c.runtime, CASE WHEN length(c.container_id) = 64 AND c.container_id NOT GLOB "
               "'*[^0-9a-f]*' THEN substr(c.container_id, 1, 12) ELSE substr(c.container_id, 1, 256) END "
               "FROM process_containers pc JOIN containers c ON c.snapshot_id = pc.snapshot_id "
               "AND c.container_id = pc.container_id WHERE pc.snapshot_id = ? ORDER BY pc.pid",
               snapshot_id, [&](const db::Statement& st) {
                 out.emplace(st.column_int64(0), std::string(st.column_text(1)) + ":" + std::string(st.column_text(2)));
               });
  return out;
}

}  // namespace procsnap::report
