// Binders of the proc_memory group (analyzer/importer/tables/proc_memory.cpp) against the real schema
// (schema/00_snapshots.sql + schema/20_proc_memory.sql from importer::schema_files()) in an in-memory database,
// through the shared TestSink (table_test_support.hpp), one prepared INSERT per (table, columns) like the importer's.
#include "db/db.hpp"
#include "importer/registry.hpp"
#include "importer/schema_sql.hpp"
#include "table_test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace importer = procsnap::importer;
namespace db = procsnap::db;

namespace {

std::string read_fixture(const std::string& rel) {
  return procsnap::test::read_file(std::string(PROCSNAP_FIXTURES_DIR) + "/proc/memory/" + rel);
}

using procsnap::test::TestSink;

class ProcMemoryTables : public ::testing::Test {
 protected:
  void SetUp() override {
    // Only the core tables and this group: other groups' schemas are tested by their own suites.
    ASSERT_EQ(procsnap::test::load_schema(conn, {"00_snapshots.sql", "20_proc_memory.sql"}), 2);
    procsnap::test::insert_snapshot(conn, 7);
  }

  /// Runs the proc_memory handler whose pattern matches `path`, as the importer would.
  void feed(const std::string& path, const std::string& bytes, bool symlink = false,
            std::optional<std::int64_t> start_time = 4242) {
    importer::Member m;
    m.path = path;
    m.bytes = std::as_bytes(std::span(bytes.data(), bytes.size()));
    m.is_symlink = symlink;
    m.snapshot_id = 7;
    for (const auto& h : importer::proc_memory_handlers()) {
      if (importer::match_pattern(h.pattern, path, m)) {
        m.start_time = m.pid ? start_time : std::nullopt;
        h.fn(m, sink);
        return;
      }
    }
    ADD_FAILURE() << "no proc_memory handler for " << path;
  }

  std::vector<std::vector<std::optional<std::string>>> rows(const std::string& sql) {
    return procsnap::test::query_rows(conn, sql);
  }
  std::string one(const std::string& sql) { return procsnap::test::query_one(conn, sql); }
  std::size_t issues_for(std::string_view path) const { return sink.issues_for(path); }

  db::Connection conn{":memory:", db::Connection::Mode::read_write_create};
  TestSink sink{conn};
};

TEST_F(ProcMemoryTables, MapsKeepsKernelAddressesExact) {
  feed("proc/26232/maps", read_fixture("prometheus/26232/maps"));
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(one("SELECT count(*) FROM proc_maps WHERE snapshot_id = 7 AND pid = 26232 AND start_time = 4242"), "9");
  // 0x55680ae1e000 fits INTEGER; [vsyscall] (0xffffffffff600000) is beyond INT64_MAX: exact decimal TEXT.
  EXPECT_EQ(one("SELECT typeof(start_addr) || ' ' || start_addr FROM proc_maps WHERE line = 1"),
            "integer " + std::to_string(0x55680ae1e000LL));
  EXPECT_EQ(one("SELECT typeof(start_addr) || ' ' || start_addr || ' ' || start_hex FROM proc_maps "
                "WHERE path_kind = 'vsyscall'"),
            "text 18446744073699065856 ffffffffff600000");
  EXPECT_EQ(one("SELECT size FROM proc_maps WHERE path_kind = 'vsyscall'"), "4096");
  EXPECT_EQ(one("SELECT perm_read || perm_write || perm_exec || shared || ' ' || file_offset || ' ' || dev_major || "
                "':' || dev_minor FROM proc_maps WHERE line = 2"),
            "1111 40960 253:1");
  EXPECT_EQ(one("SELECT path FROM proc_maps WHERE path_kind = 'heap'"), "[heap]");
  EXPECT_EQ(one("SELECT count(*) FROM proc_maps WHERE path = '/bin/cat'"), "2");
}

TEST_F(ProcMemoryTables, MapsFromLiveCaptureAnd32Bit) {
  feed("proc/100/maps", read_fixture("capture/self/maps"));
  feed("proc/26234/maps", read_fixture("prometheus/26234/maps"));
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(one("SELECT count(*) FROM proc_maps WHERE pid = 100"), "152");
  EXPECT_EQ(one("SELECT path_kind || ' ' || deleted || ' ' || name FROM proc_maps WHERE path LIKE '/memfd:%'"),
            "memfd 1 procsnap-test");
  EXPECT_EQ(one("SELECT path_kind FROM proc_maps WHERE path = '/tmp/procsnap-memory-capture/file with space'"), "file");
  EXPECT_EQ(one("SELECT count(*) FROM proc_maps WHERE pid = 100 AND path IS NULL AND path_kind = 'anon'"),
            one("SELECT count(*) FROM proc_maps WHERE pid = 100 AND inode = 0 AND path IS NULL"));
  // The 32-bit maps: a region without a path is anonymous with NULL path, never ''.
  EXPECT_EQ(one("SELECT path_kind || ' ' || ifnull(path, 'NULL') FROM proc_maps WHERE pid = 26234 AND line = 3"),
            "anon NULL");
}

TEST_F(ProcMemoryTables, HostileMapsBecomeIssuesAndPartialRows) {
  const std::string evil = read_fixture("malformed/maps-mixed") + "7f00-7f01 r--p 0 0:0 0 /x\x1b[2J\xff\n" +
                           "0-1 r--p 0 0:0 0 /" + std::string(10 << 20, 'L') + "\n";
  EXPECT_NO_THROW(feed("proc/5/maps", evil));
  EXPECT_GE(issues_for("proc/5/maps"), 6u);
  EXPECT_EQ(one("SELECT count(*) FROM proc_maps WHERE pid = 5"), "8");
  // 17 hex digits: start_addr NULL, the raw text kept.
  EXPECT_EQ(one("SELECT ifnull(start_addr, 'NULL') || ' ' || start_hex FROM proc_maps WHERE pid = 5 AND line = 3"),
            "NULL 10000000000000000");
  // end < start: both kept, size NULL.
  EXPECT_EQ(one("SELECT start_addr || ' ' || end_addr || ' ' || ifnull(size, 'NULL') FROM proc_maps "
                "WHERE pid = 5 AND line = 4"),
            "4194304 3145728 NULL");
  // Escape bytes and invalid UTF-8 are stored exactly.
  EXPECT_EQ(one("SELECT hex(path) FROM proc_maps WHERE pid = 5 AND line = 7"), "2F781B5B324AFF");
  EXPECT_EQ(one("SELECT length(CAST(path AS BLOB)) FROM proc_maps WHERE pid = 5 AND line = 8"),
            std::to_string((10 << 20) + 1));
  for (const auto& i : sink.issues) {
    EXPECT_LE(i.excerpt.size(), 200u);
    EXPECT_FALSE(i.message.empty());
  }
}

TEST_F(ProcMemoryTables, SmapsAndRollup) {
  feed("proc/26231/smaps", read_fixture("prometheus/26231/smaps"));
  feed("proc/26231/smaps_rollup", read_fixture("prometheus/26231/smaps_rollup"));
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(one("SELECT count(*) FROM proc_smaps WHERE pid = 26231"), "12");
  EXPECT_EQ(one("SELECT sum(rss_kb) || ' ' || sum(pss_kb) || ' ' || sum(swap_kb) FROM proc_smaps"), "29948 29944 1940");
  EXPECT_EQ(one("SELECT rss_kb || ' ' || pss_kb || ' ' || swap_kb || ' ' || swap_pss_kb || ' ' || lazy_free_kb "
                "FROM proc_smaps_rollup WHERE pid = 26231"),
            "29948 29944 1940 1940 5848");
  EXPECT_EQ(one("SELECT size_kb || ' ' || vm_flags || ' ' || path FROM proc_smaps WHERE line = 1"),
            "8900 rd ex mr mw me dw sd /bin/alertmanager");
  // Counters this kernel did not print are NULL, not 0.
  EXPECT_EQ(one("SELECT count(*) FROM proc_smaps WHERE pss_dirty_kb IS NULL AND ksm_kb IS NULL"), "12");
  EXPECT_EQ(one("SELECT ifnull(size_kb, 'NULL') FROM proc_smaps_rollup"), "NULL");

  feed("proc/300/smaps", read_fixture("malformed/smaps-mixed"));
  EXPECT_EQ(one("SELECT key || '=' || value || ' ' || file || ' ' || region_line FROM proc_smaps_extra"),
            "Bogus_New_Key=7 kB smaps 1");
  EXPECT_GE(issues_for("proc/300/smaps"), 5u);
}

TEST_F(ProcMemoryTables, LiveSmapsHasNewerCounters) {
  feed("proc/100/smaps", read_fixture("capture/self/smaps"));
  feed("proc/100/smaps_rollup", read_fixture("capture/self/smaps_rollup"));
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(one("SELECT count(*) FROM proc_smaps WHERE pss_dirty_kb IS NOT NULL AND thp_eligible IS NOT NULL"), "152");
  EXPECT_EQ(one("SELECT pss_anon_kb || ' ' || pss_file_kb FROM proc_smaps_rollup"), "8296 5034");
}

TEST_F(ProcMemoryTables, NumaMapsJoinsMaps) {
  feed("proc/100/maps", read_fixture("capture/self/maps"));
  feed("proc/100/numa_maps", read_fixture("capture/self/numa_maps"));
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(one("SELECT count(*) FROM proc_numa_maps"), "151");
  EXPECT_EQ(one("SELECT n.anon_pages || ' ' || n.nodes || ' ' || m.path FROM proc_numa_maps n JOIN proc_maps m ON "
                "m.pid = n.pid AND m.start_addr = n.start_addr WHERE n.heap = 1"),
            "568 N0=568 [heap]");
  EXPECT_EQ(one("SELECT count(*) FROM proc_numa_maps n LEFT JOIN proc_maps m ON m.pid = n.pid AND "
                "m.start_addr = n.start_addr WHERE m.line IS NULL"),
            "0");
  EXPECT_EQ(one("SELECT ifnull(mapped_pages, 'NULL') FROM proc_numa_maps WHERE heap = 1"), "NULL");
}

TEST_F(ProcMemoryTables, MountinfoMountsMountstats) {
  feed("proc/26231/mountinfo", read_fixture("prometheus/26231/mountinfo"));
  EXPECT_EQ(issues_for("proc/26231/mountinfo"), 1u);  // the double space on line 1
  EXPECT_EQ(sink.issues.at(0).line, 1u);
  EXPECT_EQ(one("SELECT count(*) FROM proc_mountinfo"), "8");
  EXPECT_EQ(one("SELECT mount_point || ' ' || optional_fields || ' ' || shared_peer || ' ' || fs_type FROM "
                "proc_mountinfo WHERE mount_id = 1"),
            "/root shared:8 8 rootfs");
  EXPECT_EQ(one("SELECT ifnull(optional_fields, 'NULL') || ' ' || unbindable || ' ' || dev_major || ':' || dev_minor "
                "FROM proc_mountinfo WHERE mount_id = 1128"),
            "NULL 0 253:0");

  feed("proc/42/mountinfo", read_fixture("capture/mountinfo_escapes"));
  EXPECT_EQ(one("SELECT mount_point = '/tmp/procsnap-memory-capture/mnt a' || char(9) || 'b\\c' FROM proc_mountinfo "
                "WHERE pid = 42 AND source = 'src with space'"),
            "1");

  feed("proc/mounts", read_fixture("capture/mounts_escapes"));
  feed("proc/42/mounts", read_fixture("capture/self/mounts"));
  EXPECT_EQ(one("SELECT count(*) FROM proc_mounts WHERE pid IS NULL AND start_time IS NULL AND "
                "source = 'src with space'"),
            "1");
  EXPECT_EQ(one("SELECT fs_type || ' ' || options || ' ' || dump || ' ' || pass FROM proc_mounts WHERE pid = 42 "
                "AND line = 1"),
            "proc rw,relatime 0 0");

  feed("proc/26231/mountstats", read_fixture("prometheus/26231/mountstats"));
  EXPECT_EQ(one("SELECT count(*) FROM proc_mountstats"), "5");
  EXPECT_EQ(one("SELECT device || ' ' || mount_point || ' ' || fs_type || ' ' || statvers FROM proc_mountstats "
                "WHERE stats IS NOT NULL"),
            "192.168.1.1:/srv/test /mnt/nfs/test nfs4 1.1");
}

TEST_F(ProcMemoryTables, FdsFdinfoAndSocketInodes) {
  const std::string root = "capture/self/";
  for (int n : {0, 3, 4, 5, 6, 7, 8, 12, 14}) {
    feed("proc/100/fd/" + std::to_string(n), read_fixture(root + "fd/" + std::to_string(n)), true);
    feed("proc/100/fdinfo/" + std::to_string(n), read_fixture(root + "fdinfo/" + std::to_string(n)));
  }
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(one("SELECT group_concat(fd || ':' || type, ' ') FROM (SELECT * FROM proc_fds ORDER BY fd)"),
            "0:file 3:anon_inode 4:anon_inode 5:anon_inode 6:pipe 7:pipe 8:socket 12:deleted 14:memfd");
  EXPECT_EQ(one("SELECT count(DISTINCT inode) FROM proc_fds WHERE type = 'pipe'"), "1");
  EXPECT_EQ(one("SELECT 'socket:[' || inode || ']' = target FROM proc_fds WHERE fd = 8"), "1");
  EXPECT_EQ(one("SELECT subtype FROM proc_fds WHERE fd = 3"), "[eventfd]");
  EXPECT_EQ(one("SELECT deleted || subtype FROM proc_fds WHERE fd = 14"), "1procsnap-test");
  EXPECT_EQ(one("SELECT flags_raw || ' ' || flags || ' ' || access_mode || ' ' || flag_names || ' ' || mnt_id "
                "FROM proc_fdinfo WHERE fd = 12"),
            "02100000 557056 O_RDONLY O_LARGEFILE|O_CLOEXEC 27");
  EXPECT_EQ(one("SELECT pos FROM proc_fdinfo WHERE fd = 14"), "4096");
  EXPECT_EQ(one("SELECT value FROM proc_fdinfo_kv WHERE fd = 3 AND key = 'eventfd-count'"), "5");
  EXPECT_EQ(one("SELECT key FROM proc_fdinfo_kv WHERE fd = 5"), "inotify");
  EXPECT_EQ(one("SELECT count(*) FROM proc_fdinfo_kv WHERE fd = 4 AND key = 'tfd'"), "1");
}

TEST_F(ProcMemoryTables, NamespacesLinksAndMapFiles) {
  for (const char* n : {"net", "mnt", "pid_for_children", "user"}) {
    feed(std::string("proc/100/ns/") + n, read_fixture(std::string("capture/self/ns/") + n), true);
  }
  feed("proc/26231/ns/net", read_fixture("prometheus/26231/ns/net"), true);
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(one("SELECT type || ' ' || inode FROM proc_namespaces WHERE pid = 26231"), "net 4026531993");
  EXPECT_EQ(one("SELECT type FROM proc_namespaces WHERE name = 'pid_for_children'"), "pid");

  feed("proc/100/exe", "/usr/bin/evil (deleted)", true);
  feed("proc/100/cwd", read_fixture("capture/self/cwd"), true);
  feed("proc/100/root", "/", true);
  EXPECT_EQ(one("SELECT group_concat(name || ':' || type || ':' || deleted, ' ') FROM "
                "(SELECT * FROM proc_links ORDER BY name)"),
            "cwd:file:0 exe:deleted:1 root:file:0");

  const auto dir = std::filesystem::path(PROCSNAP_FIXTURES_DIR) / "proc/memory/capture/self/map_files";
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    feed("proc/100/map_files/" + name, read_fixture("capture/self/map_files/" + name), true);
    ++n;
  }
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(one("SELECT count(*) FROM proc_map_files"), std::to_string(n));
  EXPECT_EQ(one("SELECT count(*) FROM proc_map_files WHERE type = 'memfd' AND deleted = 1"), "1");
  // Every map_files range is a maps region start.
  feed("proc/100/maps", read_fixture("capture/self/maps"));
  EXPECT_EQ(one("SELECT count(*) FROM proc_map_files f LEFT JOIN proc_maps m ON m.pid = f.pid AND "
                "m.start_addr = f.start_addr AND m.end_addr = f.end_addr WHERE m.line IS NULL"),
            "0");
}

TEST_F(ProcMemoryTables, HostileLinksNeverThrow) {
  EXPECT_NO_THROW(feed("proc/9/fd/3", std::string("socket:[99999999999999999999]\0\xff", 31), true));
  EXPECT_NO_THROW(feed("proc/9/ns/net", "", true));
  EXPECT_NO_THROW(feed("proc/9/map_files/ffffffffffffffffff-0", "x", true));
  EXPECT_NO_THROW(feed("proc/9/fdinfo/3", "flags:\t7777777777777777777777\n"));
  EXPECT_NO_THROW(feed("proc/9/exe", "/bin/x"));  // regular member where a symlink belongs
  EXPECT_GE(sink.issues.size(), 6u);
  EXPECT_EQ(one("SELECT ifnull(inode, 'NULL') || ' ' || type FROM proc_fds WHERE pid = 9"), "NULL other");
  EXPECT_EQ(one("SELECT ifnull(flags, 'NULL') FROM proc_fdinfo WHERE pid = 9"), "NULL");
  EXPECT_EQ(one("SELECT ifnull(start_addr, 'NULL') || ' ' || end_addr FROM proc_map_files WHERE pid = 9"), "NULL 0");
  EXPECT_EQ(one("SELECT count(*) FROM proc_links WHERE pid = 9"), "1");
  // A huge dev number does not break the STRICT table (dev columns are ANY).
  EXPECT_NO_THROW(feed("proc/9/maps", "0-1000 r--p 0 ffffffffffffffff:0 0 /x\n"));
  EXPECT_EQ(one("SELECT dev_major FROM proc_maps WHERE pid = 9"), "18446744073709551615");
}

TEST_F(ProcMemoryTables, HandlersWriteEveryColumnOfTheSchema) {
  // Feed one member of every kind, then compare the columns written with PRAGMA table_info: a schema column no
  // binder fills (or a binder column the schema lacks, which would already have thrown) is a drift.
  feed("proc/1/maps", read_fixture("capture/self/maps"));
  feed("proc/1/smaps", read_fixture("malformed/smaps-mixed"));
  feed("proc/1/smaps_rollup", read_fixture("capture/self/smaps_rollup"));
  feed("proc/1/numa_maps", "7f00 default file=/a anon=1 dirty=1 mapped=2 mapmax=3 swapcache=4 active=0 writeback=5 "
                           "N0=1 kernelpagesize_kB=4 odd\n");
  feed("proc/1/mountinfo", read_fixture("capture/self/mountinfo"));
  feed("proc/1/mounts", read_fixture("capture/self/mounts"));
  feed("proc/1/mountstats", read_fixture("prometheus/26231/mountstats"));
  feed("proc/1/fd/3", "anon_inode:[eventfd]", true);
  feed("proc/1/fdinfo/3", read_fixture("capture/self/fdinfo/3"));
  feed("proc/1/ns/net", "net:[1]", true);
  feed("proc/1/exe", "/bin/x", true);
  feed("proc/1/map_files/1000-2000", "/bin/x", true);
  std::size_t tables = 0;
  for (const auto& row : rows("SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'proc_*'")) {
    const std::string table = *row[0];
    ++tables;
    for (const auto& col : rows("SELECT name FROM pragma_table_info('" + table + "')")) {
      EXPECT_TRUE(sink.written[table].count(*col[0])) << table << "." << *col[0] << " is never written";
    }
  }
  EXPECT_EQ(tables, 14u);
}

TEST_F(ProcMemoryTables, PatternsCoverTheCollectorsMembers) {
  importer::Member m;
  std::set<std::string_view> matched;
  for (const char* p : {"proc/1/maps", "proc/1/smaps", "proc/1/smaps_rollup", "proc/1/numa_maps", "proc/1/mountinfo", "proc/1/mounts",
                        "proc/mounts", "proc/1/mountstats", "proc/1/fd/0", "proc/1/fdinfo/0", "proc/1/ns/net",
                        "proc/1/exe", "proc/1/cwd", "proc/1/root", "proc/1/map_files/400000-401000"}) {
    bool found = false;
    for (const auto& h : importer::proc_memory_handlers()) {
      if (importer::match_pattern(h.pattern, p, m)) {
        found = true;
        matched.insert(h.pattern);
      }
    }
    EXPECT_TRUE(found) << p;
  }
  EXPECT_EQ(matched.size(), importer::proc_memory_handlers().size());
}

}  // namespace
