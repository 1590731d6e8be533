#pragma once
// osquery's views on ClickHouse: schema/clickhouse/views/<view>.sql, the SQLite views of schema/views/ rewritten
// in ClickHouse 18.16's dialect for those that need no JOIN (18.16 cannot run a view's table-aliased JOINs through
// Distributed tables, and has no correlated subqueries). Same osquery columns, then snapshot_key and host in place
// of snapshot_id. `procsnap push` creates them after the tables (in <database>, over the Distributed tables on a
// cluster); they are part of the schema version. The views left out are listed by views_not_on_clickhouse().
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fleet/clickhouse_schema.hpp"
#include "importer/schema_sql.hpp"

namespace procsnap::fleet {

/// The embedded files (cmake/EmbedSchema.cmake), "views/<view>.sql", sorted by name.
[[nodiscard]] std::span<const importer::SchemaFile> clickhouse_view_files();

/// "views/<view>.sql" -> "<view>".
[[nodiscard]] std::string_view clickhouse_view_name(const importer::SchemaFile& f);

/// One CREATE VIEW IF NOT EXISTS statement per view, in `layout.database`.
[[nodiscard]] std::vector<std::string> create_view_sql(const Layout& layout);

/// The osquery views procsnap has on SQLite but not on ClickHouse, each with why.
struct ViewNotOnClickHouse {
  std::string_view view;
  std::string_view why;
};
[[nodiscard]] std::span<const ViewNotOnClickHouse> views_not_on_clickhouse();

}  // namespace procsnap::fleet
