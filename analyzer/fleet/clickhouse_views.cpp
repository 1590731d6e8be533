#include "fleet/clickhouse_views.hpp"

#include <array>

#include "fleet/clickhouse_client.hpp"

namespace procsnap::fleet {

namespace {

constexpr std::string_view k_joins = "needs JOINs of several tables (a later version)";

constexpr auto k_missing = std::to_array<ViewNotOnClickHouse>({
    {"docker_container_processes", k_joins},
    {"docker_containers", k_joins},
    {"interface_addresses", "correlated subqueries over fib_trie (ClickHouse 18.16 has none)"},
    {"kernel_info", k_joins},
    {"listening_ports", "built on process_open_sockets"},
    {"mounts", k_joins},
    {"process_open_pipes", k_joins},
    {"process_open_sockets", k_joins},
    {"processes", k_joins},
    {"uptime", "joins snapshots with sys_uptime (a later version)"},
});

}  // namespace

std::string_view clickhouse_view_name(const importer::SchemaFile& f) {
  std::string_view n = f.name;
  if (n.starts_with("views/")) n.remove_prefix(6);
  if (n.ends_with(".sql")) n.remove_suffix(4);
  return n;
}

std::vector<std::string> create_view_sql(const Layout& layout) {
  const std::string db = quote_ident(layout.database);
  std::vector<std::string> out;
  for (const auto& f : clickhouse_view_files()) {
    std::string sql(f.sql);
    for (std::size_t p = sql.find("{database}"); p != std::string::npos; p = sql.find("{database}", p + db.size())) {
      sql.replace(p, 10, db);
    }
    while (!sql.empty() && (sql.back() == '\n' || sql.back() == ' ' || sql.back() == ';')) sql.pop_back();
    out.push_back(std::move(sql));
  }
  return out;
}

std::span<const ViewNotOnClickHouse> views_not_on_clickhouse() { return k_missing; }

}  // namespace procsnap::fleet
