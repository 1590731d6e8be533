// The osquery-compatible views: the whole schema (every importer::schema_files() entry) loads into an empty
// database, every view compiles against the base tables, and each has exactly osquery's column list (Linux
// columns, in osquery's order) plus snapshot_id as the last column.
//
// Expected lists transcribed from osquery's table specs (osquery/osquery, specs/*.table, specs/posix/*.table,
// specs/linux/*.table; schema() columns, then extended_schema(LINUX ...) columns):
//   processes            specs/processes.table (+ LINUX cgroup_path; + procsnap's container_id, pid_in_container)
//   docker_containers    specs/posix/docker_containers.table (+ LINUX namespace columns)
//   docker_container_processes  specs/posix/docker_container_processes.table
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
//   interface_addresses  specs/interface_addresses.table (Linux: no friendly_name)
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
        "disk_bytes_written", "start_time", "parent", "pgroup", "threads", "nice", "cgroup_path", "container_id",
        "pid_in_container", "snapshot_id"}},
      {"docker_containers",
       {"id", "name", "image", "image_id", "command", "created", "state", "status", "pid", "path",
        "config_entrypoint", "started_at", "finished_at", "privileged", "security_options", "env_variables",
        "readonly_rootfs", "cgroup_namespace", "ipc_namespace", "mnt_namespace", "net_namespace", "pid_namespace",
        "user_namespace", "uts_namespace", "snapshot_id"}},
      {"docker_container_processes",
       {"id", "pid", "name", "cmdline", "state", "uid", "gid", "euid", "egid", "suid", "sgid", "wired_size",
        "resident_size", "total_size", "start_time", "parent", "pgroup", "threads", "nice", "user", "time", "cpu",
        "mem", "snapshot_id"}},
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
      {"routes",
       {"destination", "netmask", "gateway", "source", "flags", "interface", "mtu", "metric", "type", "hopcount",
        "snapshot_id"}},
      {"shared_memory",
       {"shmid", "owner_uid", "creator_uid", "pid", "creator_pid", "atime", "dtime", "ctime", "permissions", "size",
        "attached", "status", "locked", "snapshot_id"}},
      {"system_controls",
       {"name", "oid", "subsystem", "current_value", "config_value", "type", "field_name", "snapshot_id"}},
      {"interface_addresses", {"interface", "address", "mask", "broadcast", "point_to_point", "type", "snapshot_id"}},
      {"interface_details",
       {"interface", "mac", "type", "mtu", "metric", "flags", "ipackets", "opackets", "ibytes", "obytes", "ierrors",
        "oerrors", "idrops", "odrops", "collisions", "last_change", "link_speed", "pci_slot", "snapshot_id"}},
      {"time",
       {"weekday", "year", "month", "day", "hour", "minutes", "seconds", "timezone", "local_timezone", "unix_time",
        "timestamp", "datetime", "iso_8601", "win_timestamp", "snapshot_id"}},
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

// ---- view semantics on hand-built rows (the values osquery would compute from the same /proc content) --------

namespace {

/// Runs `sql` and returns its rows as text (NULL as "<NULL>"), columns joined with '|'.
std::vector<std::string> rows_of(const procsnap::db::Connection& c, const std::string& sql) {
  auto st = c.prepare(sql);
  std::vector<std::string> out;
  while (st.step()) {
    std::string row;
    for (int i = 0; i < st.column_count(); ++i) {
      if (i) row += '|';
      row += st.column_type(i) == SQLITE_NULL ? std::string("<NULL>") : std::string(st.column_text(i));
    }
    out.push_back(row);
  }
  return out;
}

procsnap::db::Connection db_with_snapshot() {
  auto c = make_schema_db();
  c.exec(
      "INSERT INTO snapshots(id, archive_sha256, state, header_json, imported_at, btime, clk_tck, "
      "captured_boottime_ns, kernel_release) VALUES (1, 'a', 'verified', '{}', 'now', 1418183276, 100, "
      "93784500000000, '6.1.0-test')");
  return c;
}

}  // namespace

TEST(Views, ProcessesComputesAbsoluteTimesFromTheSnapshot) {
  auto c = db_with_snapshot();
  c.exec(
      "INSERT INTO proc_stat(snapshot_id, pid, start_time, comm, state, ppid, pgrp, utime, stime, nice, num_threads) "
      "VALUES (1, 42, 82375, 'vim', 'S', 1, 42, 1677, 44, -5, 3);"
      "INSERT INTO proc_status(snapshot_id, pid, start_time, name, uid_real, uid_effective, uid_saved, gid_real, "
      "gid_effective, gid_saved, vm_lck_kb, vm_rss_kb, vm_size_kb) "
      "VALUES (1, 42, 82375, 'vim', 1000, 0, 1000, 1001, 1001, 1001, 4, 6716, 58440);"
      "INSERT INTO proc_io(snapshot_id, pid, start_time, read_bytes, write_bytes, cancelled_write_bytes) "
      "VALUES (1, 42, 82375, 1024, 2048, -1024);"
      "INSERT INTO proc_links(snapshot_id, pid, start_time, name, target, type, deleted) VALUES "
      "(1, 42, 82375, 'exe', '/usr/bin/vim (deleted)', 'deleted', 1), (1, 42, 82375, 'cwd', '/tmp', 'file', 0);"
      "INSERT INTO proc_cgroup(snapshot_id, pid, start_time, line, hierarchy_id, controllers, path) VALUES "
      "(1, 42, 82375, 2, 1, 'cpu', '/second'), (1, 42, 82375, 1, 0, '', '/user.slice');"
      // A process with a stat only (a kernel thread, or status unreadable).
      "INSERT INTO proc_stat(snapshot_id, pid, start_time, comm, state) VALUES (1, 2, 5, 'kthreadd', 'S');");
  EXPECT_EQ(rows_of(c,
                    "SELECT pid, name, path, on_disk, cwd, root, uid, euid, suid, gid, wired_size, resident_size, "
                    "total_size, user_time, system_time, disk_bytes_read, disk_bytes_written, start_time, parent, "
                    "pgroup, threads, nice, cgroup_path, state FROM processes ORDER BY pid"),
            (std::vector<std::string>{
                "2|kthreadd|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|"
                "<NULL>|<NULL>|<NULL>|1418183276|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|S",
                "42|vim|/usr/bin/vim|0|/tmp|<NULL>|1000|0|1000|1001|4096|6877184|59842560|16770|440|1024|3072|"
                "1418184099|1|42|3|-5|/user.slice|S"}));
}

TEST(Views, KernelModulesPrintsAddressesAsOsqueryDoes) {
  auto c = db_with_snapshot();
  c.exec(
      "INSERT INTO sys_modules(snapshot_id, line, name, size, refcount, used_by, state, address) VALUES "
      "(1, 1, 'nf_nat', 49152, 2, 'xt_nat,nft_chain_nat,', 'Live', '18446744072637906944'),"
      "(1, 2, 'hidden', 16384, 0, '-', 'Live', 0)");
  EXPECT_EQ(rows_of(c, "SELECT name, size, used_by, status, address FROM kernel_modules ORDER BY name"),
            (std::vector<std::string>{"hidden|16384|-|Live|0x0000000000000000",
                                      "nf_nat|49152|xt_nat,nft_chain_nat|Live|0xffffffffc0200000"}));
}

TEST(Views, SystemViewsFollowOsqueryUnits) {
  auto c = db_with_snapshot();
  c.exec(
      "INSERT INTO sys_loadavg(snapshot_id, load1, load5, load15) VALUES (1, 0.54, 1.0, 12.25);"
      "INSERT INTO sys_meminfo(snapshot_id, line, key, value, unit, bytes) VALUES "
      "(1, 1, 'MemTotal', 100, 'kB', 102400), (1, 2, 'MemFree', 10, 'kB', 10240);"
      "INSERT INTO sys_stat_cpu(snapshot_id, line, cpu, cpu_index, user, nice, system, idle) VALUES "
      "(1, 1, NULL, NULL, 9, 9, 9, 9), (1, 2, 'cpu0', 0, 1, 2, 3, 4);"
      "INSERT INTO sys_cmdline(snapshot_id, cmdline) VALUES (1, 'BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet');"
      "INSERT INTO sys_cmdline_params(snapshot_id, position, raw, key, value, init_arg) VALUES "
      "(1, 0, 'BOOT_IMAGE=/vmlinuz', 'BOOT_IMAGE', '/vmlinuz', 0), (1, 1, 'root=/dev/sda1', 'root', '/dev/sda1', 0),"
      "(1, 2, 'ro', 'ro', NULL, 0), (1, 3, 'quiet', 'quiet', NULL, 0);");
  EXPECT_EQ(rows_of(c, "SELECT period, average FROM load_average"),
            (std::vector<std::string>{"1m|0.540000", "5m|1.000000", "15m|12.250000"}));
  // Absent keys are NULL (MemAvailable was not in the file), never 0.
  EXPECT_EQ(rows_of(c, "SELECT memory_total, memory_free, memory_available FROM memory_info"),
            (std::vector<std::string>{"102400|10240|<NULL>"}));
  EXPECT_EQ(rows_of(c, "SELECT core, user, nice, system, idle, steal FROM cpu_time"),
            (std::vector<std::string>{"0|1|2|3|4|<NULL>"}));
  // No sys_uptime row: CLOCK_BOOTTIME at capture start (93784.5 s = 1 d 2 h 3 min 4 s).
  EXPECT_EQ(rows_of(c, "SELECT days, hours, minutes, seconds, total_seconds FROM uptime"),
            (std::vector<std::string>{"1|2|3|4|93784"}));
  EXPECT_EQ(rows_of(c, "SELECT version, arguments, path, device FROM kernel_info"),
            (std::vector<std::string>{"6.1.0-test|ro quiet|/vmlinuz|/dev/sda1"}));
}

TEST(Views, RoutesGivePrefixLengthsAndOsqueryTypes) {
  auto c = db_with_snapshot();
  c.exec(
      "INSERT INTO net_route(snapshot_id, netns, source_pid, line, iface, destination, gateway, flags, metric, mask, "
      "mtu) VALUES (1, NULL, NULL, 1, 'eth0', '0.0.0.0', '192.0.2.1', 3, 100, '0.0.0.0', 0),"
      "(1, NULL, NULL, 2, 'eth0', '192.0.2.0', '0.0.0.0', 1, 0, '255.255.254.0', 1500),"
      "(1, NULL, NULL, 3, 'eth0', '10.1.2.3', '0.0.0.0', 517, 0, '255.255.255.255', 0),"
      "(1, NULL, 42, 1, 'veth0', '172.17.0.0', '0.0.0.0', 1, 0, '255.255.0.0', 0);"  // another namespace: not listed
      "INSERT INTO net_ipv6_route(snapshot_id, netns, source_pid, line, destination, destination_prefix, source, "
      "source_prefix, next_hop, metric, refcnt, use, flags, iface) VALUES "
      "(1, NULL, NULL, 1, '::', 0, '::', 0, 'fd00::1', 1024, 0, 0, 3, 'eth0'),"
      "(1, NULL, NULL, 2, '::1', 128, '::', 0, '::', 0, 0, 0, 2149580801, 'lo'),"
      "(1, NULL, NULL, 3, 'ff00::', 8, '::', 0, '::', 256, 0, 0, 1, 'eth0');");
  EXPECT_EQ(rows_of(c, "SELECT destination, netmask, gateway, source, flags, interface, mtu, metric, type, hopcount "
                       "FROM routes"),
            (std::vector<std::string>{
                "0.0.0.0|0|192.0.2.1|<NULL>|3|eth0|0|100|gateway|<NULL>",
                "192.0.2.0|23|<NULL>|<NULL>|1|eth0|1500|0|gateway|<NULL>",
                "10.1.2.3|32|<NULL>|<NULL>|517|eth0|0|0|other|<NULL>",  // RTF_REJECT host route
                "::|0|fd00::1|<NULL>|3|eth0|<NULL>|1024|gateway|<NULL>",
                "::1|128|<NULL>|<NULL>|2149580801|lo|<NULL>|0|local|<NULL>",
                "ff00::|8|<NULL>|<NULL>|1|eth0|<NULL>|256|other|<NULL>"}));
}

TEST(Views, SharedMemorySystemControlsInterfacesAndTimeFollowOsquery) {
  auto c = db_with_snapshot();
  c.exec(
      "INSERT INTO sys_sysvipc_shm(snapshot_id, line, key, shmid, perms, size, cpid, lpid, nattch, uid, gid, cuid, "
      "cgid, atime, dtime, ctime, rss, swap) VALUES "
      "(1, 1, 0, 5, '1600', 4096, 10, 11, 0, 1000, 1000, 0, 0, 0, 0, 1700000000, 0, 0),"
      "(1, 2, 0, 6, '2644', 8192, 12, 13, 2, 0, 0, 33, 0, 1, 2, 3, 0, 0),"
      "(1, 3, 0, 7, '600', 1, 14, 15, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);"
      "INSERT INTO sys_sysctl(snapshot_id, name, path, value) VALUES "
      "(1, 'kernel.randomize_va_space', 'kernel/randomize_va_space', '2'),"
      "(1, 'net.ipv4.ip_local_port_range', 'net/ipv4/ip_local_port_range', '32768\t60999');"
      "INSERT INTO net_dev(snapshot_id, netns, source_pid, line, iface, rx_bytes, rx_packets, rx_errs, rx_drop, "
      "tx_bytes, tx_packets, tx_errs, tx_drop, tx_colls) VALUES (1, NULL, NULL, 3, 'lo', 100, 2, 0, 1, 200, 3, 4, 5, 6),"
      "(1, NULL, 42, 3, 'veth0', 1, 1, 1, 1, 1, 1, 1, 1, 1);");
  EXPECT_EQ(rows_of(c, "SELECT shmid, owner_uid, creator_uid, pid, creator_pid, atime, dtime, ctime, permissions, "
                       "size, attached, status, locked FROM shared_memory"),
            (std::vector<std::string>{"5|1000|0|11|10|0|0|1700000000|1600|4096|0|dest|0",
                                      "6|0|33|13|12|1|2|3|2644|8192|2||1", "7|0|0|15|14|0|0|0|0600|1|1||0"}));
  EXPECT_EQ(rows_of(c, "SELECT name, oid, subsystem, current_value, config_value, type FROM system_controls"),
            (std::vector<std::string>{"kernel.randomize_va_space|<NULL>|kernel|2|<NULL>|string",
                                      "net.ipv4.ip_local_port_range|<NULL>|net|32768\t60999|<NULL>|string"}));
  EXPECT_EQ(rows_of(c, "SELECT interface, mac, ipackets, opackets, ibytes, obytes, ierrors, oerrors, idrops, odrops, "
                       "collisions FROM interface_details"),
            (std::vector<std::string>{"lo|<NULL>|2|3|100|200|0|4|1|5|6"}));
  // time: the capture's start. 2026-12-06T04:05:09Z is a Sunday; asctime pads the day to two places.
  c.exec("UPDATE snapshots SET captured_at_epoch_ns = 1796529909123456789 WHERE id = 1");
  EXPECT_EQ(rows_of(c, "SELECT weekday, year, month, day, hour, minutes, seconds, timezone, local_timezone, "
                       "unix_time, timestamp, datetime, iso_8601, win_timestamp FROM time"),
            (std::vector<std::string>{"Sunday|2026|12|6|4|5|9|UTC|<NULL>|1796529909|Sun Dec  6 04:05:09 2026 UTC|"
                                      "2026-12-06T04:05:09Z|2026-12-06T04:05:09Z|<NULL>"}));
}

TEST(Views, SocketsJoinTheirHoldersAndListeningPortsFiltersLikeOsquery) {
  auto c = db_with_snapshot();
  c.exec(
      "INSERT INTO proc_fds(snapshot_id, pid, start_time, fd, target, type, deleted, inode) VALUES "
      "(1, 10, 1, 3, 'socket:[111]', 'socket', 0, 111), (1, 10, 1, 4, 'socket:[222]', 'socket', 0, 222),"
      "(1, 11, 1, 5, 'socket:[111]', 'socket', 0, 111), (1, 10, 1, 6, 'socket:[444]', 'socket', 0, 444),"
      "(1, 10, 1, 7, 'pipe:[333]', 'pipe', 0, 333);"
      // 111: listener held by two processes; 222: established; 333: unowned listener (same inode as a pipe).
      "INSERT INTO net_tcp(snapshot_id, netns, line, family, protocol, local_address, local_port, remote_address, "
      "remote_port, state, state_name, inode) VALUES "
      "(1, 4026531993, 2, 4, 6, '127.0.0.1', 8080, '0.0.0.0', 0, 10, 'LISTEN', 111),"
      "(1, 4026531993, 3, 6, 6, '::1', 8080, '::1', 5555, 1, 'ESTABLISHED', 222),"
      "(1, 4026531993, 4, 4, 6, '0.0.0.0', 22, '0.0.0.0', 0, 10, 'LISTEN', 333);"
      "INSERT INTO net_raw(snapshot_id, netns, line, family, protocol, local_address, local_port, remote_address, "
      "remote_port, inode) VALUES (1, 4026531993, 2, 4, 1, '0.0.0.0', 1, '0.0.0.0', 0, 444);"
      "INSERT INTO net_unix(snapshot_id, netns, line, protocol, inode, path) VALUES "
      "(1, 4026531993, 2, 0, 555, '/run/x.sock'), (1, 4026531993, 3, 0, 666, NULL);");
  EXPECT_EQ(rows_of(c,
                    "SELECT pid, fd, socket, family, protocol, local_address, local_port, remote_port, path, state, "
                    "net_namespace FROM process_open_sockets ORDER BY socket, pid"),
            (std::vector<std::string>{
                "10|3|111|2|6|127.0.0.1|8080|0|<NULL>|LISTEN|4026531993",
                "11|5|111|2|6|127.0.0.1|8080|0|<NULL>|LISTEN|4026531993",
                "10|4|222|10|6|::1|8080|5555|<NULL>|ESTABLISHED|4026531993",
                "<NULL>|<NULL>|333|2|6|0.0.0.0|22|0|<NULL>|LISTEN|4026531993",
                "10|6|444|2|255|0.0.0.0|1|0|<NULL>|<NULL>|4026531993",
                "<NULL>|<NULL>|555|1|0|<NULL>|<NULL>|<NULL>|/run/x.sock|<NULL>|4026531993",
                "<NULL>|<NULL>|666|1|0|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|4026531993"}));
  EXPECT_EQ(rows_of(c, "SELECT pid, port, protocol, family, address, fd, socket, path FROM listening_ports "
                       "ORDER BY socket, pid"),
            (std::vector<std::string>{"10|8080|6|2|127.0.0.1|3|111|<NULL>", "11|8080|6|2|127.0.0.1|5|111|<NULL>",
                                      "<NULL>|22|6|2|0.0.0.0|<NULL>|333|<NULL>", "10|1|255|2|0.0.0.0|6|444|<NULL>",
                                      "<NULL>|0|0|1|<NULL>|<NULL>|555|/run/x.sock"}));
}

TEST(Views, PipesPairReadersWithWriters) {
  auto c = db_with_snapshot();
  c.exec(
      "INSERT INTO proc_fds(snapshot_id, pid, start_time, fd, target, type, deleted, inode) VALUES "
      "(1, 10, 1, 3, 'pipe:[9]', 'pipe', 0, 9), (1, 20, 1, 4, 'pipe:[9]', 'pipe', 0, 9),"
      "(1, 10, 1, 5, 'pipe:[8]', 'pipe', 0, 8), (1, 10, 1, 6, '/tmp/f', 'file', 0, NULL);"
      "INSERT INTO proc_fdinfo(snapshot_id, pid, start_time, fd, access_mode) VALUES "
      "(1, 10, 1, 3, 'O_RDONLY'), (1, 20, 1, 4, 'O_WRONLY'), (1, 10, 1, 5, 'O_WRONLY');");
  EXPECT_EQ(rows_of(c, "SELECT pid, fd, mode, inode, type, partner_pid, partner_fd, partner_mode "
                       "FROM process_open_pipes ORDER BY pid, fd"),
            (std::vector<std::string>{"10|3|r|9|anonymous|20|4|w", "10|5|w|8|anonymous|<NULL>|<NULL>|<NULL>",
                                      "20|4|w|9|anonymous|10|3|r"}));
  EXPECT_EQ(rows_of(c, "SELECT pid, fd, path FROM process_open_files"), (std::vector<std::string>{"10|6|/tmp/f"}));
}
