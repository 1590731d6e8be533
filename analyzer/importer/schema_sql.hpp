#pragma once
// The schema SQL (schema/*.sql then schema/views/*.sql, sorted by file name), embedded at build time.
#include <span>
#include <string_view>

namespace procsnap::importer {

struct SchemaFile {
  std::string_view name;  ///< e.g. "10_proc_stat.sql" or "views/processes.sql"
  std::string_view sql;
};

[[nodiscard]] std::span<const SchemaFile> schema_files();

}  // namespace procsnap::importer
