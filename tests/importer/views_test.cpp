// The osquery-compatible views: the whole schema (every importer::schema_files() entry) loads into an empty
// database, every view compiles against the base tables, and each has exactly osquery's column list (Linux
// columns, in osquery's order) plus snapshot_id as the last column.
//
// Expected lists transcribed from osquery's table specs (osquery/osquery, specs/*.table, specs/posix/*.table,
// specs/linux/*.table; schema() columns, then extended_schema(LINUX ...) columns):
//   processes            specs/processes.table (+ LINUX cgroup_path)
//   process_envs         specs/posix/process_envs.table
//   process_memory_map   specs/process_memory_map.table
//   process_open_files   specs/posix/process_open_files.table
//   process_open_sockets specs/process_open_sockets.table (+ state, + LINUX net_namespace)
//   process_open_pipes   specs/posix/process_open_pipes.table
//   process_namespaces   specs/linux/process_namespaces.table
//   listening_ports      specs/listening_ports.table (+ LINUX net_namespace)
//   mounts               specs/posix/mounts.table
//   kernel_modules       specs/linux/kernel_modules.table
//   kernel_info          specs/kernel_info.table
//   memory_info          specs/linux/memory_info.table
//   cpu_time             specs/linux/cpu_time.table
//   uptime               specs/uptime.table
//   load_average         specs/posix/load_average.table
//   arp_cache            specs/arp_cache.table
#include "db/db.hpp"
#include "importer/schema_sql.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

using Columns = std::vector<std::string>;

const std::map<std::string, Columns>& expected_views() {
  static const std::map<std::string, Columns> k = {
      {"processes",
       {"pid", "name", "path", "cmdline", "state", "cwd", "root", "uid", "gid", "euid", "egid", "suid", "sgid",
        "on_disk", "wired_size", "resident_size", "total_size", "user_time", "system_time", "disk_bytes_read",
        "disk_bytes_written", "start_time", "parent", "pgroup", "threads", "nice", "cgroup_path", "snapshot_id"}},
      {"process_envs", {"pid", "key", "value", "snapshot_id"}},
      {"process_memory_map",
       {"pid", "start", "end", "permissions", "offset", "device", "inode", "path", "pseudo", "snapshot_id"}},
      {"process_open_files", {"pid", "fd", "path", "snapshot_id"}},
      {"process_open_sockets",
       {"pid", "fd", "socket", "family", "protocol", "local_address", "remote_address", "local_port",
        "remote_port", "path", "state", "net_namespace", "snapshot_id"}},
      {"process_open_pipes",
       {"pid", "fd", "mode", "inode", "type", "partner_pid", "partner_fd", "partner_mode", "snapshot_id"}},
      {"process_namespaces",
       {"pid", "cgroup_namespace", "ipc_namespace", "mnt_namespace", "net_namespace", "pid_namespace",
        "user_namespace", "uts_namespace", "snapshot_id"}},
      {"listening_ports",
       {"pid", "port", "protocol", "family", "address", "fd", "socket", "path", "net_namespace", "snapshot_id"}},
      {"mounts",
       {"device", "device_alias", "path", "type", "blocks_size", "blocks", "blocks_free", "blocks_available",
        "inodes", "inodes_free", "flags", "snapshot_id"}},
      {"kernel_modules", {"name", "size", "used_by", "status", "address", "snapshot_id"}},
      {"kernel_info", {"version", "arguments", "path", "device", "snapshot_id"}},
      {"memory_info",
       {"memory_total", "memory_free", "memory_available", "buffers", "cached", "swap_cached", "active",
        "inactive", "swap_total", "swap_free", "snapshot_id"}},
      {"cpu_time",
       {"core", "user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", "guest_nice",
        "snapshot_id"}},
      {"uptime", {"days", "hours", "minutes", "seconds", "total_seconds", "snapshot_id"}},
      {"load_average", {"period", "average", "snapshot_id"}},
      {"arp_cache", {"address", "mac", "interface", "permanent", "snapshot_id"}},
  };
  return k;
}

/// An in-memory database holding the whole schema, as the importer creates it.
procsnap::db::Connection make_schema_db() {
  procsnap::db::Connection c(":memory:", procsnap::db::Connection::Mode::read_write_create);
  for (const auto& f : procsnap::importer::schema_files()) {
    try {
      c.exec(f.sql);
    } catch (const procsnap::db::Error& e) {
      ADD_FAILURE() << "schema file " << f.name << " failed: " << e.what();
    }
  }
  return c;
}

Columns column_names(const procsnap::db::Connection& c, const std::string& sql) {
  auto st = c.prepare(sql);
  Columns out;
  for (int i = 0; i < st.column_count(); ++i) out.push_back(st.column_name(i));
  return out;
}

std::set<std::string> views_in_db(const procsnap::db::Connection& c) {
  auto st = c.prepare("SELECT name FROM sqlite_schema WHERE type = 'view'");
  std::set<std::string> out;
  while (st.step()) out.insert(std::string(st.column_text(0)));
  return out;
}

}  // namespace

TEST(Views, WholeSchemaLoadsIntoAnEmptyDatabase) {
  ASSERT_FALSE(procsnap::importer::schema_files().empty());
  auto c = make_schema_db();
  // Loading twice is harmless (every statement is IF NOT EXISTS), as the importer opens existing databases.
  for (const auto& f : procsnap::importer::schema_files()) {
    EXPECT_NO_THROW(c.exec(f.sql)) << f.name << " is not idempotent";
  }
}

TEST(Views, EveryOsqueryViewExistsWithExactlyOsqueryColumns) {
  auto c = make_schema_db();
  const auto present = views_in_db(c);
  for (const auto& [view, expected] : expected_views()) {
    SCOPED_TRACE(view);
    ASSERT_TRUE(present.count(view)) << "view " << view << " is not defined (schema/views/" << view << ".sql)";
    Columns got;
    // prepare() resolves every table and column the view uses: a view over a missing column fails here.
    try {
      got = column_names(c, "SELECT * FROM \"" + view + "\"");
    } catch (const procsnap::db::Error& e) {
      ADD_FAILURE() << view << " does not compile: " << e.what();
      continue;
    }
    EXPECT_EQ(got, expected);
  }
}

TEST(Views, EveryViewRunsOnAnEmptyDatabase) {
  auto c = make_schema_db();
  for (const auto& view : views_in_db(c)) {
    SCOPED_TRACE(view);
    try {
      auto st = c.prepare("SELECT * FROM \"" + view + "\"");
      EXPECT_FALSE(st.step()) << view << " returns rows from an empty database";
    } catch (const procsnap::db::Error& e) {
      ADD_FAILURE() << view << ": " << e.what();
    }
  }
}

// Each schema/views/<name>.sql defines the view <name> (one file each) and only osquery names live there.
TEST(Views, OneFilePerViewNamedAfterIt) {
  for (const auto& f : procsnap::importer::schema_files()) {
    const std::string name(f.name);
    if (name.rfind("views/", 0) != 0) continue;
    const std::string view = name.substr(6, name.size() - 6 - 4);  // views/<view>.sql
    procsnap::db::Connection c(":memory:", procsnap::db::Connection::Mode::read_write_create);
    ASSERT_NO_THROW(c.exec(f.sql)) << name;
    const auto present = views_in_db(c);
    EXPECT_EQ(present, std::set<std::string>{view}) << name << " must define exactly the view " << view;
    EXPECT_TRUE(expected_views().count(view)) << view << " is not an osquery table name known to this test";
  }
}
