// Binders of the system group (analyzer/importer/tables/system.cpp) against the real schema (schema/00_snapshots.sql
// + schema/40_system.sql from importer::schema_files()) in an in-memory database, through the shared TestSink
// (table_test_support.hpp), one prepared INSERT per (table, columns) like the importer's.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "db/db.hpp"
#include "importer/registry.hpp"
#include "importer/schema_sql.hpp"
#include "table_test_support.hpp"

namespace importer = procsnap::importer;
namespace db = procsnap::db;

namespace {

std::string read_fixture(const std::string& rel) {
  return procsnap::test::read_file(std::string(PROCSNAP_FIXTURES_DIR) + "/system/" + rel);
}

using procsnap::test::TestSink;

class SystemTables : public ::testing::Test {
 protected:
  void SetUp() override {
    // Only the core tables and this group: other groups' schemas are tested by their own suites.
    ASSERT_EQ(procsnap::test::load_schema(conn, {"00_snapshots.sql", "40_system.sql"}), 2);
    procsnap::test::insert_snapshot(conn, 7);
  }

  /// Runs the system handler whose pattern matches `path`, as the importer would. False when none matched.
  bool feed(const std::string& path, const std::string& bytes, bool symlink = false) {
    importer::Member m;
    m.path = path;
    m.bytes = std::as_bytes(std::span(bytes.data(), bytes.size()));
    m.is_symlink = symlink;
    m.snapshot_id = 7;
    for (const auto& h : importer::system_handlers()) {
      if (importer::match_pattern(h.pattern, path, m)) {
        h.fn(m, sink);
        return true;
      }
    }
    return false;
  }

  void feed_fixture(const std::string& archive_path, const std::string& fixture) {
    ASSERT_TRUE(feed(archive_path, read_fixture(fixture))) << archive_path;
  }

  std::optional<std::string> one(const std::string& sql) {
    auto st = conn.prepare(sql);
    if (!st.step()) {
      return std::nullopt;
    }
    return st.column_opt_text(0);
  }
  std::int64_t count(const std::string& sql) { return std::stoll(one(sql).value_or("-1")); }

  db::Connection conn{":memory:", db::Connection::Mode::read_write_create};
  TestSink sink{conn};
};

TEST_F(SystemTables, PrometheusFixturesImportWithUpstreamValues) {
  feed_fixture("proc/stat", "prometheus/stat");
  feed_fixture("proc/meminfo", "prometheus/meminfo");
  feed_fixture("proc/loadavg", "prometheus/loadavg");
  feed_fixture("proc/cmdline", "prometheus/cmdline");
  feed_fixture("proc/swaps", "prometheus/swaps");
  feed_fixture("proc/pressure/cpu", "prometheus/pressure/cpu");
  feed_fixture("proc/pressure/io", "prometheus/pressure/io");
  feed_fixture("proc/pressure/memory", "prometheus/pressure/memory");
  feed_fixture("proc/cpuinfo", "prometheus/cpuinfo");
  feed_fixture("proc/buddyinfo", "prometheus/buddyinfo");
  feed_fixture("proc/interrupts", "prometheus/interrupts");
  feed_fixture("proc/softirqs", "prometheus/softirqs");
  feed_fixture("proc/diskstats", "prometheus/diskstats");
  feed_fixture("proc/zoneinfo", "prometheus/zoneinfo");
  feed_fixture("proc/sys/kernel/random/entropy_avail", "prometheus/sys/kernel/random/entropy_avail");
  EXPECT_TRUE(sink.issues.empty()) << sink.issues.front().path << ": " << sink.issues.front().message;

  EXPECT_EQ(one("SELECT btime FROM sys_stat WHERE snapshot_id = 7"), "1418183276");
  EXPECT_EQ(one("SELECT ctxt || ' ' || processes || ' ' || procs_running || ' ' || procs_blocked || ' ' || "
                "softirq_total FROM sys_stat"),
            "38014093 26442 2 1 5057579");
  EXPECT_EQ(one("SELECT user FROM sys_stat_cpu WHERE cpu IS NULL"), "301854");
  EXPECT_EQ(one("SELECT softirq FROM sys_stat_cpu WHERE cpu = 'cpu7' AND cpu_index = 7"), "31");
  EXPECT_EQ(one("SELECT count FROM sys_stat_intr WHERE irq = 8"), "1");
  EXPECT_EQ(one("SELECT count FROM sys_stat_softirq WHERE name = 'RCU'"), "508444");
  // meminfo: kB -> bytes; MemAvailable is absent from this file and must stay absent (no row, NULL in the view).
  EXPECT_EQ(one("SELECT value || ' ' || unit || ' ' || bytes FROM sys_meminfo WHERE key = 'MemTotal'"),
            "15666184 kB 16042172416");
  EXPECT_EQ(count("SELECT count(*) FROM sys_meminfo WHERE key = 'MemAvailable'"), 0);
  EXPECT_EQ(one("SELECT unit FROM sys_meminfo WHERE key = 'HugePages_Total'"), std::nullopt);
  EXPECT_EQ(one("SELECT bytes FROM sys_meminfo WHERE key = 'HugePages_Total'"), "0");
  EXPECT_EQ(one("SELECT printf('%.2f %.2f %.2f', load1, load5, load15) || ' ' || running || '/' || total || ' ' "
                "|| last_pid FROM sys_loadavg"),
            "0.02 0.04 0.05 1/497 11947");
  EXPECT_EQ(one("SELECT value FROM sys_cmdline_params WHERE key = 'root'"),
            "UUID=456a0345-450d-4f7b-b7c9-43e3241d99ad");
  EXPECT_EQ(one("SELECT value FROM sys_cmdline_params WHERE key = 'quiet'"), std::nullopt);
  EXPECT_EQ(one("SELECT filename || ' ' || type || ' ' || size_kib || ' ' || used_kib || ' ' || priority "
                "FROM sys_swaps"),
            "/dev/dm-2 partition 131068 176 -2");
  EXPECT_EQ(one("SELECT group_concat(resource || ':' || kind || ':' || total_us, ',') FROM "
                "(SELECT * FROM sys_pressure ORDER BY resource, kind)"),
            "cpu:some:15,io:full:25,io:some:15,memory:full:25,memory:some:15");
  EXPECT_EQ(one("SELECT avg300 FROM sys_pressure WHERE resource = 'io' AND kind = 'full'"), "4.95");
  EXPECT_EQ(count("SELECT count(DISTINCT processor) FROM sys_cpuinfo"), 8);
  EXPECT_EQ(one("SELECT value FROM sys_cpuinfo WHERE processor = 3 AND key = 'model name'"),
            "Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz");
  EXPECT_EQ(one("SELECT free_blocks FROM sys_buddyinfo WHERE zone = 'Normal' AND block_order = 0"), "4381");
  EXPECT_EQ(one("SELECT count FROM sys_interrupts WHERE irq = 'LOC' AND cpu = 3"), "8229");
  EXPECT_EQ(one("SELECT count FROM sys_interrupts WHERE irq = 'ERR' AND cpu IS NULL"), "0");
  EXPECT_EQ(one("SELECT description FROM sys_interrupt_info WHERE irq = '0'"), "IO-APIC   2-edge      timer");
  EXPECT_EQ(one("SELECT count FROM sys_softirqs WHERE name = 'TIMER' AND cpu = 0"), "2776180");
  EXPECT_EQ(one("SELECT discards_completed FROM sys_diskstats WHERE name = 'ram0'"), std::nullopt);
  EXPECT_EQ(one("SELECT reads_completed FROM sys_diskstats WHERE name = 'ram0'"), "0");
  EXPECT_EQ(one("SELECT name || '=' || value FROM sys_sysctl"), "kernel.random.entropy_avail=3943");
  EXPECT_EQ(one("SELECT value FROM sys_zoneinfo WHERE zone = 'DMA32' AND key = 'pages free'"), "204252");
  EXPECT_EQ(one("SELECT value FROM sys_zoneinfo WHERE zone = 'DMA' AND cpu = 7 AND key = 'batch'"), "1");
}

TEST_F(SystemTables, HostCapturesImport) {
  feed_fixture("proc/version", "host/version");
  feed_fixture("proc/uptime", "host/uptime");
  feed_fixture("proc/filesystems", "host/filesystems");
  feed_fixture("proc/devices", "host/devices");
  feed_fixture("proc/partitions", "host/partitions");
  feed_fixture("proc/vmstat", "host/vmstat");
  feed_fixture("proc/meminfo", "host/meminfo");
  feed_fixture("proc/cmdline", "host/cmdline");
  feed_fixture("proc/sys/kernel/hostname", "host/sys/kernel/hostname");
  feed_fixture("proc/sys/net/ipv4/ip_forward", "host/sys/net/ipv4/ip_forward");
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(one("SELECT sysname || ' ' || release || ' ' || builder FROM sys_version"),
            "Linux 6.18.44-fc-v669 builder@sandboxing");
  EXPECT_EQ(one("SELECT printf('%.2f', uptime_seconds) FROM sys_uptime"), "349.21");
  EXPECT_EQ(one("SELECT nodev FROM sys_filesystems WHERE name = 'ext4'"), "0");
  EXPECT_EQ(one("SELECT nodev FROM sys_filesystems WHERE name = 'proc'"), "1");
  EXPECT_EQ(one("SELECT major FROM sys_devices WHERE kind = 'block' AND name = 'virtblk'"), "254");
  EXPECT_EQ(one("SELECT blocks FROM sys_partitions WHERE name = 'vda'"), "268435456");
  EXPECT_EQ(one("SELECT value FROM sys_vmstat WHERE key = 'pgfault'"), "1909126");
  EXPECT_EQ(one("SELECT bytes FROM sys_meminfo WHERE key = 'MemAvailable'"), "24954961920");
  EXPECT_EQ(one("SELECT value FROM sys_sysctl WHERE name = 'kernel.hostname'"), "vm");
  EXPECT_EQ(one("SELECT path FROM sys_sysctl WHERE name = 'net.ipv4.ip_forward'"), "net/ipv4/ip_forward");
  EXPECT_EQ(one("SELECT raw FROM sys_cmdline_params WHERE init_arg = 1 ORDER BY position LIMIT 1"),
            "--firecracker-init");
  EXPECT_EQ(count("SELECT count(*) FROM sys_cmdline_params WHERE init_arg = 1"), 14);  // after "--"
  EXPECT_EQ(one("SELECT value FROM sys_cmdline_params WHERE key = 'rdinit' AND init_arg = 0"), "/process_api");
}

TEST_F(SystemTables, ModulesKeepU64AddressesExact) {
  feed_fixture("proc/modules", "synthetic/modules");
  EXPECT_TRUE(sink.issues.empty());
  // 0xffffffffc0a1b000 > INT64_MAX: stored as exact decimal text in the ANY column.
  EXPECT_EQ(one("SELECT typeof(address) || ' ' || address FROM sys_modules WHERE name = 'nf_nat'"),
            "text 18446744072646406144");
  EXPECT_EQ(one("SELECT typeof(address) || ' ' || address FROM sys_modules WHERE name = 'xt_nat'"), "integer 0");
  EXPECT_EQ(one("SELECT taints FROM sys_modules WHERE name = 'vboxdrv'"), "OE");
  EXPECT_EQ(one("SELECT taints FROM sys_modules WHERE name = 'xt_nat'"), std::nullopt);
  EXPECT_EQ(one("SELECT refcount FROM sys_modules WHERE name = 'dummy'"), std::nullopt);
  EXPECT_EQ(one("SELECT group_concat(used_by, ',') FROM sys_module_users WHERE module = 'nf_conntrack'"),
            "xt_conntrack,nf_nat,xt_MASQUERADE");
  EXPECT_EQ(one("SELECT used_by FROM sys_module_users WHERE module = 'btrfs'"), "[permanent]");
}

TEST_F(SystemTables, LocksAndSysvipcJoinablePidsAndDevices) {
  feed_fixture("proc/locks", "host/locks");
  feed_fixture("proc/sysvipc/shm", "host/sysvipc/shm");
  feed_fixture("proc/sysvipc/msg", "host/sysvipc/msg");
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(one("SELECT group_concat(class || ':' || coalesce(pid, 'NULL') || ':' || to_eof, ',') FROM "
                "(SELECT * FROM sys_locks ORDER BY line)"),
            "OFDLCK:NULL:1,POSIX:7791:0,FLOCK:7791:1");
  EXPECT_EQ(one("SELECT start || '-' || end_offset FROM sys_locks WHERE class = 'POSIX'"), "10-109");
  EXPECT_EQ(one("SELECT dev_major || ':' || dev_minor || ':' || inode FROM sys_locks WHERE class = 'FLOCK'"),
            "254:0:10953281");
  EXPECT_EQ(one("SELECT printf('%x', key) || ' ' || perms || ' ' || size || ' ' || cpid || ' ' || nattch "
                "FROM sys_sysvipc_shm"),
            "1234abcd 600 65536 7791 1");
  EXPECT_EQ(one("SELECT key || ' ' || perms || ' ' || qnum FROM sys_sysvipc_msg"), "0 640 0");
  feed_fixture("proc/keys", "host/keys");
  EXPECT_EQ(one("SELECT printf('%08x', serial) || ' ' || type || ' ' || description FROM sys_keys WHERE line = 1"),
            "2191c70a keyring .blacklist: empty");
  EXPECT_TRUE(feed("proc/sysvipc/unknown", "key x\n"));
  ASSERT_EQ(sink.issues.size(), 1u);
  EXPECT_NE(sink.issues[0].message.find("unknown sysvipc"), std::string::npos);
}

TEST_F(SystemTables, HostileContentGivesPartialRowsAndIssuesNeverThrows) {
  // Truncated stat, overflowing numbers, invalid UTF-8, NULs, SQL-looking text, and a 10 MB line.
  EXPECT_NO_THROW(feed("proc/stat", "cpu  1 2 3\nbtime 99999999999999999999999\nctxt 18446744073709551615\nproc"));
  EXPECT_NO_THROW(feed("proc/meminfo", std::string("MemTotal: 12 kB\nMemFree: x kB\n\xff\x00: 1\n", 36)));
  EXPECT_NO_THROW(feed("proc/version", "Linux version ') ; DROP TABLE sys_version; -- (x) #1\n"));
  EXPECT_NO_THROW(feed("proc/loadavg", std::string(10u << 20, '9')));
  EXPECT_NO_THROW(feed("proc/modules", "m 1 2 - Live 0x1ffffffffffffffff\n"));
  EXPECT_NO_THROW(feed("proc/pressure/cpu", "some avg10=1e999\n"));
  EXPECT_NO_THROW(feed("proc/interrupts", "\n\n"));
  EXPECT_NO_THROW(feed("proc/sys/kernel/core_pattern", "|/tmp/\xff\x1b[2Jx\n"));
  // Partial values kept, unparsable ones NULL (never 0), exact u64 max kept.
  EXPECT_EQ(one("SELECT user || ' ' || system || ' ' || coalesce(idle, 'NULL') FROM sys_stat_cpu"), "1 3 NULL");
  EXPECT_EQ(one("SELECT btime FROM sys_stat"), std::nullopt);
  EXPECT_EQ(one("SELECT typeof(ctxt) || ' ' || ctxt FROM sys_stat"), "text 18446744073709551615");
  EXPECT_EQ(one("SELECT value FROM sys_meminfo WHERE key = 'MemFree'"), std::nullopt);
  EXPECT_EQ(count("SELECT count(*) FROM sys_meminfo"), 3);
  EXPECT_EQ(one("SELECT release FROM sys_version"), "')");  // text stored, never executed
  EXPECT_EQ(count("SELECT count(*) FROM sys_version"), 1);
  EXPECT_EQ(one("SELECT load1 FROM sys_loadavg"), std::nullopt);
  EXPECT_EQ(one("SELECT address FROM sys_modules WHERE name = 'm'"), std::nullopt);
  EXPECT_EQ(one("SELECT hex(value) FROM sys_sysctl WHERE name = 'kernel.core_pattern'"), "7C2F746D702FFF1B5B324A78");
  // Every problem is reported against its member, with bounded excerpts.
  std::set<std::string> paths;
  for (const auto& i : sink.issues) {
    paths.insert(i.path);
    EXPECT_LE(i.excerpt.size(), 200u);
  }
  for (const char* p : {"proc/stat", "proc/meminfo", "proc/loadavg", "proc/modules", "proc/pressure/cpu",
                        "proc/interrupts", "proc/sys/kernel/core_pattern"}) {
    EXPECT_TRUE(paths.count(p)) << p;
  }
}

// A member of a million noise lines (2 MB) used to become a million rows in most system tables; a line without its
// key (procfs/system_common.hpp) is now no row and the issues stay capped.
TEST_F(SystemTables, MillionGarbageLinesGiveNoRowsAndCappedIssues) {
  std::string flood;
  flood.reserve(2'000'000);
  for (int i = 0; i < 1'000'000; ++i) {
    flood += "?\n";
  }
  const std::vector<std::pair<std::string, std::string>> members = {
      {"proc/diskstats", "sys_diskstats"}, {"proc/keys", "sys_keys"},           {"proc/locks", "sys_locks"},
      {"proc/modules", "sys_modules"},     {"proc/cgroups", "sys_cgroups"},     {"proc/cpuinfo", "sys_cpuinfo"},
      {"proc/vmstat", "sys_vmstat"},       {"proc/partitions", "sys_partitions"}, {"proc/swaps", "sys_swaps"},
      {"proc/filesystems", "sys_filesystems"}, {"proc/misc", "sys_misc"},     {"proc/pressure/io", "sys_pressure"},
      {"proc/stat", "sys_stat_other"},     {"proc/meminfo", "sys_meminfo"},     {"proc/zoneinfo", "sys_zoneinfo"}};
  for (const auto& [path, table] : members) {
    SCOPED_TRACE(path);
    ASSERT_TRUE(feed(path, flood));
    EXPECT_EQ(count("SELECT count(*) FROM " + table), 0);
    EXPECT_GE(sink.issues_for(path), 1u);
    EXPECT_LE(sink.issues_for(path), 101u);
  }
  // A keyed line among the noise is still a row.
  ASSERT_TRUE(feed("proc/sysvipc/shm", "key shmid perms size\n" + flood + "7 1 600 x\n"));
  EXPECT_EQ(count("SELECT count(*) FROM sys_sysvipc_shm"), 1);
  EXPECT_EQ(one("SELECT size FROM sys_sysvipc_shm"), std::nullopt);
}

TEST_F(SystemTables, SymlinkMemberIsReportedNotParsed) {
  EXPECT_TRUE(feed("proc/meminfo", "/etc/passwd", /*symlink=*/true));
  EXPECT_EQ(count("SELECT count(*) FROM sys_meminfo"), 0);
  ASSERT_EQ(sink.issues.size(), 1u);
  EXPECT_NE(sink.issues[0].message.find("symlink"), std::string::npos);
}

TEST_F(SystemTables, EveryPathHasExactlyOneHandlerAcrossAllGroups) {
  for (const char* path : {"proc/meminfo",
                           "proc/stat",
                           "proc/loadavg",
                           "proc/uptime",
                           "proc/version",
                           "proc/cmdline",
                           "proc/modules",
                           "proc/swaps",
                           "proc/filesystems",
                           "proc/devices",
                           "proc/partitions",
                           "proc/diskstats",
                           "proc/vmstat",
                           "proc/pressure/io",
                           "proc/cpuinfo",
                           "proc/buddyinfo",
                           "proc/interrupts",
                           "proc/softirqs",
                           "proc/zoneinfo",
                           "proc/locks",
                           "proc/sysvipc/shm",
                           "proc/cgroups",
                           "proc/misc",
                           "proc/keys",
                           "proc/sys/kernel/hostname",
                           "proc/sys/net/ipv4/conf/all/rp_filter"}) {
    int n = 0;
    for (const auto& h : importer::all_handlers()) {
      importer::Member m;
      n += importer::match_pattern(h.pattern, path, m) ? 1 : 0;
    }
    EXPECT_EQ(n, 1) << path;
  }
  // Not ours: the mounts file belongs to the memory group, per-process files to theirs.
  importer::Member m;
  for (const auto& h : importer::system_handlers()) {
    EXPECT_FALSE(importer::match_pattern(h.pattern, "proc/mounts", m)) << h.pattern;
    EXPECT_FALSE(importer::match_pattern(h.pattern, "proc/1/stat", m)) << h.pattern;
  }
}

TEST_F(SystemTables, EverySchemaColumnIsWrittenByABinder) {
  // Schema conformance: feed one of everything, then each sys_* table and each of its columns must have been
  // written by some insert (a column nobody fills is a schema/binder mismatch).
  feed_fixture("proc/stat", "prometheus/stat");
  feed("proc/stat", "page 1 2\n");  // sys_stat_other
  feed_fixture("proc/meminfo", "prometheus/meminfo");
  feed_fixture("proc/loadavg", "prometheus/loadavg");
  feed_fixture("proc/uptime", "host/uptime");
  feed_fixture("proc/version", "host/version");
  feed_fixture("proc/cmdline", "host/cmdline");
  feed_fixture("proc/modules", "synthetic/modules");
  feed_fixture("proc/swaps", "prometheus/swaps");
  feed_fixture("proc/filesystems", "host/filesystems");
  feed_fixture("proc/devices", "host/devices");
  feed_fixture("proc/partitions", "host/partitions");
  feed_fixture("proc/diskstats", "host/diskstats");
  feed_fixture("proc/vmstat", "host/vmstat");
  feed_fixture("proc/pressure/io", "host/pressure/io");
  feed_fixture("proc/cpuinfo", "host/cpuinfo");
  feed_fixture("proc/buddyinfo", "host/buddyinfo");
  feed_fixture("proc/interrupts", "host/interrupts");
  feed_fixture("proc/softirqs", "host/softirqs");
  feed_fixture("proc/sys/kernel/hostname", "host/sys/kernel/hostname");
  feed_fixture("proc/zoneinfo", "host/zoneinfo");
  feed_fixture("proc/locks", "host/locks");
  feed_fixture("proc/sysvipc/shm", "host/sysvipc/shm");
  feed_fixture("proc/sysvipc/msg", "host/sysvipc/msg");
  feed_fixture("proc/sysvipc/sem", "host/sysvipc/sem");
  feed_fixture("proc/cgroups", "host/cgroups");
  feed_fixture("proc/misc", "host/misc");
  feed_fixture("proc/keys", "host/keys");
  auto tables = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'sys\\_%' ESCAPE '\\'");
  int n = 0;
  while (tables.step()) {
    const std::string t(tables.column_text(0));
    ++n;
    ASSERT_TRUE(sink.written.count(t)) << "no binder writes " << t;
    auto cols = conn.prepare("SELECT name FROM pragma_table_info(?)");
    cols.bind(1, db::Text{t});
    while (cols.step()) {
      const std::string c(cols.column_text(0));
      EXPECT_TRUE(sink.written[t].count(c)) << t << "." << c << " is never written";
    }
  }
  EXPECT_EQ(n, 34);
}

}  // namespace
