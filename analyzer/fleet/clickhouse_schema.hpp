#pragma once
// procsnap's tables on ClickHouse, generated from the table declarations (importer/table_decl.hpp): the same
// table and column names as SQLite, with
//   - snapshot_key String (the archive's SHA-256: a snapshot's identity across hosts and databases),
//     host String (snapshots.hostname) and capture_time DateTime (capture start, UTC) leading every table, in
//     place of the local snapshot_id (snapshots.id);
//   - types from the declaration (clickhouse_type: u64 counters exact as UInt64, Nullable where SQLite allows
//     NULL), column comments from the declaration;
//   - MergeTree, PARTITION BY toYYYYMM(capture_time), ORDER BY (snapshot_key, the table's NOT NULL natural keys).
// snapshots also has content_sha256 (a digest of the snapshot's members: what "the same snapshot" means) and
// pushed_at; its row is written last, as the commit marker: a snapshot is visible to fleet queries only when its
// snapshots row exists. procsnap_meta holds schema_version. Tables of local analyses (diff_*) and procsnap_meta
// of SQLite are not pushed.
#include "importer/table_decl.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace procsnap::fleet {

/// One column copied from SQLite: its declaration and the ClickHouse type.
struct FleetColumn {
  std::string_view name;
  importer::Type type = importer::Type::text;
  bool not_null = false;
  std::string ch_type;
  std::string_view comment;
};

/// One pushed table.
struct FleetTable {
  std::string name;                   ///< proc_stat, task_stat, snapshots, ...
  std::string comment;                ///< first line of the declaration's comment
  std::string sqlite_key;             ///< the SQLite column selecting one snapshot: snapshot_id (id for snapshots)
  std::vector<FleetColumn> columns;   ///< the SQLite columns pushed, in SQLite order (without sqlite_key)
  std::vector<std::string> order_by;  ///< after snapshot_key
  bool is_snapshots = false;
};

/// Every pushed table; snapshots last (the commit marker is written last).
[[nodiscard]] std::vector<FleetTable> fleet_tables();

/// How the tables are laid out: one server, or a cluster: on every shard the MergeTree tables in database
/// "<database>_shard" (same table names) and, in "<database>", Distributed tables of the same names over them,
/// sharded by sipHash64(snapshot_key), so every row of a snapshot lives on one shard. Queries through the
/// Distributed tables see the whole fleet; the same SQL run in a shard's "<database>_shard" sees its snapshots
/// (fleet triage does that: ClickHouse 18.16 cannot send table-aliased JOINs through Distributed tables).
struct Layout {
  std::string database = "procsnap";
  std::string cluster;  ///< empty: one server
  /// The database holding the MergeTree tables on a server.
  [[nodiscard]] std::string data_database() const { return cluster.empty() ? database : database + "_shard"; }
};

/// The CREATE TABLE statements (IF NOT EXISTS) for one table: the MergeTree table, and with a cluster the
/// Distributed table over it. Each string is one statement.
[[nodiscard]] std::vector<std::string> create_table_sql(const FleetTable& t, const Layout& layout);
/// CREATE TABLE IF NOT EXISTS procsnap_meta (key, value): per server, never distributed.
[[nodiscard]] std::string create_meta_sql();
/// The whole DDL as a script (`procsnap schema --clickhouse`): a header, then every statement followed by ";".
[[nodiscard]] std::string schema_script(const Layout& layout);
/// The schema version stored in procsnap_meta: "2:" + the first 16 hex digits of the SHA-256 of the single-server
/// DDL, so any change of a declaration is a different version.
[[nodiscard]] std::string schema_version();

}  // namespace procsnap::fleet
