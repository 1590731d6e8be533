// SQLite DDL from the table declarations (table_decl.hpp): the text of schema/NN_<group>.sql.
#include "importer/table_decl.hpp"

#include <algorithm>
#include <string>

namespace procsnap::importer {

namespace {

constexpr ColumnDecl k_snapshot_key{"snapshot_id", Type::integer, true, "snapshot", "REFERENCES snapshots(id)"};
constexpr ColumnDecl k_pid_key{"pid", Type::integer, true, "process id (from the member path)"};
constexpr ColumnDecl k_tid_key{"tid", Type::integer, true, "thread id (from the member path)"};
constexpr ColumnDecl k_start_key{"start_time", Type::integer, false,
                                 "stat starttime of the process (ticks after boot); NULL if unknown"};
constexpr ColumnDecl k_netns_key{"netns", Type::u64, false,
                                 "network namespace inode the table belongs to (NULL when unknown)"};
constexpr ColumnDecl k_source_pid_key{"source_pid", Type::integer, false,
                                      "pid whose proc/<pid>/net was read; NULL for proc/net (the collector's ns)"};

constexpr ColumnDecl k_system_keys[] = {k_snapshot_key};
constexpr ColumnDecl k_process_keys[] = {k_snapshot_key, k_pid_key, k_start_key};
constexpr ColumnDecl k_task_keys[] = {k_snapshot_key, k_pid_key, k_tid_key, k_start_key};
constexpr ColumnDecl k_netns_keys[] = {k_snapshot_key, k_netns_key, k_source_pid_key};

void comment_lines(std::string& out, std::string_view text) {
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    out += line.empty() ? "--" : "-- ";
    out += line;
    out += '\n';
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

std::string column_def(const ColumnDecl& c) {
  std::string s(c.name);
  s += ' ';
  s += sqlite_type(c.type);
  if (c.not_null) s += " NOT NULL";
  if (!c.constraint.empty()) {
    s += ' ';
    s += c.constraint;
  }
  return s;
}

void create_table(std::string& out, const TableDecl& t, bool task) {
  const bool twin = task && t.scope == Scope::process_and_task;
  const std::string_view name = twin ? t.task_name : t.name;
  const auto keys = key_columns(t, task);
  std::vector<std::string> defs;
  std::vector<std::string_view> comments;
  for (const auto* cols : {&keys, &t.columns}) {
    for (const auto& c : *cols) {
      defs.push_back(column_def(c));
      comments.push_back(c.comment);
    }
  }
  std::size_t width = 34;
  for (const auto& d : defs) width = std::max(width, d.size() + 2);
  out += "CREATE TABLE IF NOT EXISTS ";
  out += name;
  out += " (\n";
  for (std::size_t i = 0; i < defs.size(); ++i) {
    const bool last = i + 1 == defs.size() && t.table_constraint.empty();
    std::string line = "  " + defs[i] + (last ? "" : ",");
    if (!comments[i].empty()) {
      line.resize(std::max(line.size() + 1, width + 2), ' ');
      line += "-- ";
      line += comments[i];
    }
    out += line;
    out += '\n';
  }
  if (!t.table_constraint.empty()) {
    out += "  ";
    out += t.table_constraint;
    out += '\n';
  }
  out += t.strict ? ") STRICT;\n" : ");\n";
  // The scope's index: rows of one process (or thread) together.
  if (!t.scope_index) {
    // no implied index
  } else if (t.scope == Scope::process || (t.scope == Scope::process_and_task && !task)) {
    out += "CREATE INDEX IF NOT EXISTS " + std::string(name) + "_pid ON " + std::string(name) + "(snapshot_id, pid);\n";
  } else if (t.scope == Scope::task || (t.scope == Scope::process_and_task && task)) {
    out += "CREATE INDEX IF NOT EXISTS " + std::string(name) + "_pid ON " + std::string(name) +
           "(snapshot_id, pid, tid);\n";
  }
  if (!twin) {
    for (const auto& ix : t.indexes) {
      out += "CREATE INDEX IF NOT EXISTS " + std::string(ix.name) + " ON " + std::string(name) + "(" +
             std::string(ix.columns) + ");\n";
    }
  }
}

}  // namespace

std::span<const ColumnDecl> key_columns(Scope scope, bool task) {
  switch (scope) {
    case Scope::none:
      return {};
    case Scope::system:
      return k_system_keys;
    case Scope::process:
      return k_process_keys;
    case Scope::task:
      return k_task_keys;
    case Scope::process_and_task:
      return task ? std::span<const ColumnDecl>(k_task_keys) : std::span<const ColumnDecl>(k_process_keys);
    case Scope::netns:
      return k_netns_keys;
  }
  return {};
}

std::span<const ColumnDecl> key_columns(const TableDecl& t, bool task) {
  return t.keys.empty() ? key_columns(t.scope, task) : t.keys;
}

std::string_view sqlite_type(Type t) {
  switch (t) {
    case Type::integer:
      return "INTEGER";
    case Type::u64:
    case Type::any:
      return "ANY";
    case Type::real:
      return "REAL";
    case Type::text:
      return "TEXT";
    case Type::blob:
      return "BLOB";
  }
  return "ANY";
}

std::string sqlite_group_sql(const TableGroup& g) {
  std::string out = "-- schema/" + std::string(g.file) +
                    ": GENERATED from the table declarations (analyzer/importer/tables/*.cpp, table_decl.hpp) by\n"
                    "-- `procsnap schema --write schema/`. Edit the declarations, not this file.\n";
  if (!g.header.empty()) {
    out += "--\n";
    comment_lines(out, g.header);
  }
  for (const TableDecl& td : g.tables) {
    const TableDecl* t = &td;
    out += '\n';
    comment_lines(out, t->comment);
    const bool task_only = t->scope == Scope::task;
    create_table(out, *t, task_only);
    if (t->scope == Scope::process_and_task) {
      out += '\n';
      if (!t->task_comment.empty()) {
        comment_lines(out, t->task_comment);
      } else {
        comment_lines(out, "Per thread: the twin of " + std::string(t->name) + " (same columns, plus tid).");
      }
      create_table(out, *t, true);
    }
  }
  if (!g.trailer.empty()) {
    out += '\n';
    out += g.trailer;
    if (out.back() != '\n') out += '\n';
  }
  return out;
}

std::vector<EngineColumn> engine_columns(const TableDecl& t, bool task, EngineTypeFn type_of) {
  std::vector<EngineColumn> out;
  const bool twin = task && t.scope == Scope::process_and_task;
  for (const auto& c : key_columns(t, twin || t.scope == Scope::task)) {
    out.push_back(EngineColumn{c.name, type_of(c.type, c.not_null), c.not_null, c.comment});
  }
  for (const auto& c : t.columns) {
    out.push_back(EngineColumn{c.name, type_of(c.type, c.not_null), c.not_null, c.comment});
  }
  return out;
}

std::string clickhouse_type(Type type, bool not_null) {
  std::string base;
  switch (type) {
    case Type::integer:
      base = "Int64";
      break;
    case Type::u64:
      base = "UInt64";
      break;
    case Type::real:
      base = "Float64";
      break;
    case Type::text:
    case Type::blob:
    case Type::any:
      base = "String";
      break;
  }
  return not_null ? base : "Nullable(" + base + ")";
}

}  // namespace procsnap::importer
