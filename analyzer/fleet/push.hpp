#pragma once
// procsnap push / pull: snapshots between a local SQLite database and ClickHouse.
//
// push, for the selected snapshots (in batches):
//   1. the schema: CREATE DATABASE/TABLE IF NOT EXISTS from the declarations; a server holding another
//      schema_version is refused (with what to do);
//   2. identity: snapshot_key = the archive SHA-256; content_sha256 = a digest of its members. A snapshot whose
//      snapshots row is on the server with the same digest is skipped (pushing twice leaves one copy); with a
//      different digest it is refused and reported (the server or the local database was tampered with);
//   3. leftovers of an interrupted push (rows without a snapshots row) are deleted (ALTER TABLE ... DELETE, waited
//      for), so the next push completes or replaces the partial rows;
//   4. every table's rows are streamed (RowBinary, gzip, one INSERT per table per batch; memory bounded by one
//      chunk), then counted on the server per snapshot and compared with the local counts;
//   5. only then the snapshots rows are written: the commit marker. Fleet queries see only snapshots with a row.
// pull copies snapshots back into a local database through the same declarations, row for row.
#include "db/db.hpp"
#include "fleet/clickhouse_client.hpp"
#include "fleet/clickhouse_schema.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace procsnap::fleet {

/// The servers of one fleet database: the entry server (queries, inserts) and, with a cluster, every shard
/// (DDL and deletes are sent to each: ON CLUSTER needs ZooKeeper/Keeper, which a plain cluster does not have).
struct Fleet {
  Client* entry = nullptr;
  std::vector<Client*> shards;  ///< empty: one server (the entry)
  Layout layout;
  /// Progress and --verbose lines (already escaped); may be empty.
  std::function<void(const std::string&)> log;
  /// Progress of long work (a push: "snapshots 50/1000, table proc_maps"); may be empty.
  std::function<void(const std::string&)> progress;

  [[nodiscard]] std::vector<Client*> servers() const {
    return shards.empty() ? std::vector<Client*>{entry} : shards;
  }
};

/// Creates the database and tables when absent; refuses (throws Error) a server with another schema version.
/// With a cluster, checks that the cluster exists on the entry server with as many shards as given.
void ensure_schema(Fleet& fleet);

struct PushOutcome {
  std::int64_t snapshot_id = 0;
  std::string snapshot_key;
  std::string host;
  enum class Status { pushed, already_present, conflict } status = Status::pushed;
  std::uint64_t rows = 0;  ///< rows pushed (all tables)
  std::string message;     ///< for conflict: what differs
};

/// Pushes the snapshots `ids` of `local` (after ensure_schema). Throws Error on server failures (nothing of the
/// failing batch becomes visible); conflicts are outcomes, not exceptions.
[[nodiscard]] std::vector<PushOutcome> push_snapshots(Fleet& fleet, db::Connection& local,
                                                      const std::vector<std::int64_t>& ids,
                                                      std::size_t batch_size = 50);

/// The digest stored as snapshots.content_sha256 for a local snapshot.
[[nodiscard]] std::string content_sha256(const db::Connection& local, std::int64_t snapshot_id);

/// One committed snapshot on the server.
struct RemoteSnapshot {
  std::string key;
  std::string host;
  std::string captured_at;
};
/// Committed snapshots on the server matching `selector`: "all", a host name (exact), HOST@TIME-prefix, or a
/// prefix (>= 6 hex digits) of the key, as the local selectors.
[[nodiscard]] std::vector<RemoteSnapshot> find_remote(Client& entry, const std::string& selector);

struct PullOutcome {
  std::string snapshot_key;
  std::int64_t snapshot_id = 0;  ///< the local id it got (or already had)
  bool already_local = false;
  std::uint64_t rows = 0;
};
/// Copies committed snapshots into `local` (created with the SQLite schema), each in one transaction; a snapshot
/// whose archive_sha256 is already there is left alone.
[[nodiscard]] PullOutcome pull_snapshot(Fleet& fleet, db::Connection& local, const std::string& key);

}  // namespace procsnap::fleet
