#pragma once
// What a table binder sees while the importer streams an archive: the member being imported (path, process
// identity) and a sink to write rows and issues into. Binders live in importer/tables/<group>.cpp; each parses
// one member with its procfs parser and writes rows with sink.insert().
#include "db/db.hpp"
#include "importer/table_decl.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>

namespace procsnap::importer {

/// The archive member a handler is called for.
struct Member {
  std::string_view path;                 ///< archive path, e.g. "proc/123/task/124/stat"
  std::span<const std::byte> bytes;      ///< regular: the data; symlink: the link target
  bool is_symlink = false;
  std::int64_t snapshot_id = 0;
  std::optional<std::int64_t> pid;       ///< from the path (proc/<pid>/...)
  std::optional<std::int64_t> tid;       ///< from the path (proc/<pid>/task/<tid>/...)
  /// starttime (clock ticks since boot, stat field 22) of this pid, from the pid's stat member which the
  /// format puts first; nullopt when that stat was missing or unparsable. Part of every per-process row key.
  std::optional<std::int64_t> start_time;
  /// Network namespace inode the member's net tables belong to (proc/net: the collector's; proc/<pid>/net: that
  /// pid's ns/net link), nullopt when unknown.
  std::optional<std::uint64_t> netns;
  /// The variable tail of the path matched by the handler's pattern ("<n>" for fd/fdinfo, "<name>" for ns/attr,
  /// the range for map_files, the file name for net/* and sys/*).
  std::string_view name;
  [[nodiscard]] std::string_view text() const {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }
};

class TableSink {
 public:
  virtual ~TableSink() = default;
  /// Inserts one row into `table`; `columns` and `values` match one to one. The statement is prepared once
  /// per (table, columns) and cached. `columns` must be a static/long-lived array of column names.
  virtual void insert(std::string_view table, std::span<const std::string_view> columns,
                      std::span<const db::Value> values) = 0;
  /// Records a parser diagnostic in import_issues (line 0 = not line-specific).
  virtual void issue(std::string_view member_path, std::size_t line, std::string_view excerpt,
                     std::string_view message) = 0;

  template <std::size_t N>
  void insert(std::string_view table, const std::array<std::string_view, N>& columns,
              std::initializer_list<db::Value> values) {
    insert(table, std::span<const std::string_view>(columns), std::span<const db::Value>(values.begin(), values.size()));
  }
};

/// Writes one row of a declared table: the scope's keys from the member (a per-thread member of a
/// process_and_task table goes to its task_ twin), then every declared column through its getter.
template <class R, std::size_t N>
void row(TableSink& sink, const Member& m, const Table<R, N>& t, const R& r) {
  const TableDecl& d = t.info();
  const bool twin = d.scope == Scope::process_and_task && m.tid.has_value();
  const Scope s = twin ? Scope::task : d.scope;
  std::array<db::Value, N + Table<R, N>::k_max_keys> vals{};
  std::size_t k = 0;
  vals[k++] = db::v(m.snapshot_id);
  if (s == Scope::process || s == Scope::process_and_task) {
    vals[k++] = db::v(m.pid);
    vals[k++] = db::v(m.start_time);
  } else if (s == Scope::task) {
    vals[k++] = db::v(m.pid);
    vals[k++] = db::v(m.tid);
    vals[k++] = db::v(m.start_time);
  } else if (s == Scope::netns) {
    vals[k++] = db::v(m.netns);
    vals[k++] = db::v(m.pid);
  }
  const auto& get = t.getters();
  for (std::size_t i = 0; i < N; ++i) {
    vals[k + i] = get[i](r);
  }
  sink.insert(twin ? d.task_name : d.name, t.names(twin), std::span<const db::Value>(vals.data(), k + N));
}

}  // namespace procsnap::importer
