#pragma once
// The ClickHouse connection options of push, pull and fleet (cli/fleet_cmd.cpp), and the connected servers.
#include "fleet/push.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::cli {

struct ClickHouseArgs {
  std::string url;
  std::string database = "procsnap";
  std::string password_file;
  std::string cluster;
  std::vector<std::string> shards;
  std::string ca_file;
  std::string ca_path;
  bool insecure = false;
  bool verbose = false;
};

/// --clickhouse, --database, --password-file, --cluster, --shard, --ca-file, --ca-path, --insecure, --verbose.
/// `required` false: --clickhouse is optional (procsnap diff, which then pulls its two snapshots first).
void add_clickhouse_options(CLI::App& cmd, ClickHouseArgs& a, bool required = true);

/// Pulls the one committed snapshot each selector names into the fresh local database `db_path`; returns their
/// local ids, or the error (no match, or several: the candidates listed).
struct PulledPair {
  std::vector<std::int64_t> ids;
  std::string error;
};
[[nodiscard]] PulledPair pull_for_local_use(const ClickHouseArgs& a, const std::vector<std::string>& selectors,
                                            const std::string& db_path, std::string_view command);

/// The clients of one command, connected (every server answered /ping). Throws fleet::Error or CLI errors.
struct FleetConnection {
  FleetConnection(const ClickHouseArgs& a, std::string_view command);
  ~FleetConnection();  ///< clears a progress line left on the terminal (an error message follows on a clean line)
  FleetConnection(const FleetConnection&) = delete;
  FleetConnection& operator=(const FleetConnection&) = delete;
  std::unique_ptr<fleet::Client> entry;
  std::vector<std::unique_ptr<fleet::Client>> shards;
  fleet::Fleet fleet;
  std::shared_ptr<bool> progress_shown = std::make_shared<bool>(false);
};

}  // namespace procsnap::cli
