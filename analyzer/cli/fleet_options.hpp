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
void add_clickhouse_options(CLI::App& cmd, ClickHouseArgs& a);

/// The clients of one command, connected (every server answered /ping). Throws fleet::Error or CLI errors.
struct FleetConnection {
  FleetConnection(const ClickHouseArgs& a, std::string_view command);
  std::unique_ptr<fleet::Client> entry;
  std::vector<std::unique_ptr<fleet::Client>> shards;
  fleet::Fleet fleet;
};

}  // namespace procsnap::cli
