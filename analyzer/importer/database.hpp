#pragma once
// Opening a procsnap database: creating the embedded schema on a new file, and refusing a file whose schema is
// not exactly ours. A database handed to us may come from anyone; its sqlite_master could carry triggers or views
// that run attacker SQL when we touch a table, so every object in it must be one our schema creates, with the
// same SQL text (compared against a reference built in memory from the embedded schema).
#include "db/db.hpp"

#include <string>
#include <vector>

namespace procsnap::importer {

/// SHA-256 (hex) of the embedded schema text; stored in procsnap_meta.schema_sha256.
[[nodiscard]] std::string schema_fingerprint();

/// Problems found comparing `conn`'s schema with the embedded one (empty = identical). An empty database
/// (no objects at all) reports "empty".
[[nodiscard]] std::vector<std::string> schema_differences(db::Connection& conn);

/// Opens `path` for import: creates it with the schema when new or empty, else checks the schema and throws
/// db::Error naming the differences. Sets the import PRAGMAs (see importer.hpp).
[[nodiscard]] db::Connection open_for_import(const std::string& path);

/// Opens an existing database read-only and checks its schema (throws db::Error when missing or foreign).
[[nodiscard]] db::Connection open_read_only(const std::string& path);

}  // namespace procsnap::importer
