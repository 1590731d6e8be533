#include "fleet/clickhouse_schema.hpp"

#include "fleet/clickhouse_client.hpp"
#include "fleet/clickhouse_views.hpp"
#include "procsnap/common/sha256.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace procsnap::fleet {
namespace {

using importer::Scope;
using importer::TableDecl;

std::string first_line(std::string_view s) {
  const auto nl = s.find('\n');
  return std::string(s.substr(0, nl));
}

/// Natural-key column names a table's rows are ordered by (after snapshot_key): the scope's keys, else the
/// columns of its PRIMARY KEY constraint, else pid/tid when declared; only NOT NULL ones (a sorting key of
/// Nullable columns needs a setting on current servers and is refused by 18.16).
std::vector<std::string> natural_keys(const TableDecl& t, bool task, const std::vector<FleetColumn>& cols) {
  std::vector<std::string_view> wanted;
  if (t.scope != Scope::none) {
    for (const auto name : importer::key_names(task ? Scope::task : (t.scope == Scope::process_and_task
                                                                          ? Scope::process
                                                                          : t.scope))) {
      if (!name.empty()) wanted.push_back(name);
    }
  } else if (const auto pk = t.table_constraint.find("PRIMARY KEY ("); pk != std::string_view::npos) {
    std::string_view list = t.table_constraint.substr(pk + 13);
    list = list.substr(0, list.find(')'));
    while (!list.empty()) {
      const auto comma = list.find(',');
      std::string_view item = list.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      wanted.push_back(item);
      if (comma == std::string_view::npos) break;
      list = list.substr(comma + 1);
    }
  } else {
    wanted = {"pid", "tid"};
  }
  std::vector<std::string> out;
  for (const auto w : wanted) {
    const auto it = std::find_if(cols.begin(), cols.end(), [&](const FleetColumn& c) { return c.name == w; });
    if (it != cols.end() && it->not_null) out.emplace_back(w);
  }
  return out;
}

FleetTable make_table(const TableDecl& t, bool task) {
  FleetTable f;
  const bool twin = task && t.scope == Scope::process_and_task;
  f.name = std::string(twin ? t.task_name : t.name);
  f.comment = first_line(twin && !t.task_comment.empty() ? t.task_comment : t.comment);
  f.is_snapshots = t.name == "snapshots";
  f.sqlite_key = f.is_snapshots ? "id" : "snapshot_id";
  const auto add = [&](const importer::ColumnDecl& c) {
    if (c.name == f.sqlite_key) return;
    f.columns.push_back(FleetColumn{c.name, c.type, c.not_null, importer::clickhouse_type(c.type, c.not_null),
                                    c.comment});
  };
  for (const auto& c : importer::key_columns(t, twin || t.scope == Scope::task)) add(c);
  for (const auto& c : t.columns) add(c);
  f.order_by = natural_keys(t, twin || t.scope == Scope::task, f.columns);
  return f;
}

/// A comment as a ClickHouse string literal (comments are ASCII text from the declarations).
std::string comment_literal(std::string_view c) { return quote(c); }

std::string columns_sql(const FleetTable& t) {
  std::string out;
  out += "  snapshot_key String COMMENT 'SHA-256 of the archive: the snapshot across hosts and databases',\n";
  out += "  host String COMMENT 'hostname of the captured host (snapshots.hostname; empty when unknown)',\n";
  out += "  capture_time DateTime COMMENT 'capture start, UTC (snapshots.captured_at_epoch_ns)'";
  for (const auto& c : t.columns) {
    out += ",\n  ";
    out += quote_ident(c.name);
    out += ' ';
    out += c.ch_type;
    if (!c.comment.empty()) {
      out += " COMMENT ";
      out += comment_literal(c.comment);
    }
  }
  if (t.is_snapshots) {
    out += ",\n  content_sha256 String COMMENT 'SHA-256 over the members (path, kind, status, size, sha256, in path "
           "order): the same archive pushed from any database gives the same digest'";
    out += ",\n  pushed_at DateTime COMMENT 'when the push completed (the pushing machine clock, UTC)'";
  }
  return out;
}

std::string engine_sql(const FleetTable& t) {
  std::string order = "snapshot_key";
  for (const auto& k : t.order_by) order += ", " + quote_ident(k);
  return "ENGINE = MergeTree PARTITION BY toYYYYMM(capture_time) ORDER BY (" + order + ")";
}

}  // namespace

std::vector<FleetTable> fleet_tables() {
  std::vector<FleetTable> out;
  std::optional<FleetTable> snapshots;
  for (const auto& g : importer::table_groups()) {
    if (g.file == "50_diff.sql") continue;  // local analyses, not captures
    for (const auto& t : g.tables) {
      if (t.name == "procsnap_meta") continue;
      if (t.name == "snapshots") {
        snapshots = make_table(t, false);
        continue;
      }
      out.push_back(make_table(t, t.scope == Scope::task));
      if (t.scope == Scope::process_and_task) out.push_back(make_table(t, true));
    }
  }
  if (snapshots) out.push_back(std::move(*snapshots));
  return out;
}

std::vector<std::string> create_table_sql(const FleetTable& t, const Layout& layout) {
  std::vector<std::string> out;
  const std::string data = quote_ident(layout.data_database()) + "." + quote_ident(t.name);
  out.push_back("CREATE TABLE IF NOT EXISTS " + data + " (\n" + columns_sql(t) + "\n) " +
                engine_sql(t));
  // A table comment (COMMENT 'x' after the engine) needs a newer server than 18.16: it goes into the script only.
  if (!layout.cluster.empty()) {
    out.push_back("CREATE TABLE IF NOT EXISTS " + quote_ident(layout.database) + "." + quote_ident(t.name) + " (\n" + columns_sql(t) +
                  "\n) ENGINE = Distributed(" + quote(layout.cluster) + ", " + quote(layout.data_database()) + ", " +
                  quote(t.name) + ", sipHash64(snapshot_key))");
  }
  return out;
}

std::string create_meta_sql() {
  return "CREATE TABLE IF NOT EXISTS procsnap_meta (\n"
         "  key String COMMENT 'schema_version (of the tables on this server), created_at',\n"
         "  value String COMMENT 'the value'\n"
         ") ENGINE = MergeTree ORDER BY key";
}

std::string schema_script(const Layout& layout) {
  std::string out =
      "-- procsnap's tables on ClickHouse (GENERATED from the table declarations; `procsnap schema --clickhouse`).\n"
      "-- Valid from ClickHouse 18.16 to current releases. `procsnap push` creates them itself.\n"
      "-- Every table: snapshot_key (archive SHA-256), host, capture_time, then the SQLite table's columns (see\n"
      "-- schema/*.sql for their meaning) without snapshot_id. A snapshot is complete when its snapshots row exists.\n"
      "-- schema_version: " + schema_version() + "\n";
  out += "\n" + create_meta_sql() + ";\n";
  for (const auto& t : fleet_tables()) {
    out += "\n-- " + t.name + ": " + t.comment + "\n";
    for (const auto& s : create_table_sql(t, layout)) out += s + ";\n";
  }
  out += "\n-- osquery's views (schema/clickhouse/views/; the ones needing JOINs are SQLite-only)\n";
  for (const auto& v : create_view_sql(layout)) out += "\n" + v + ";\n";
  return out;
}

std::string schema_version() {
  Layout single;
  std::string ddl = create_meta_sql();
  for (const auto& t : fleet_tables()) {
    for (const auto& s : create_table_sql(t, single)) ddl += s;
  }
  for (const auto& v : create_view_sql(single)) ddl += v;
  return "2:" + common::to_hex(common::sha256(ddl)).substr(0, 16);
}

}  // namespace procsnap::fleet
