// Binders of the proc_basic group (analyzer/importer/tables/proc_basic.cpp) against the real schema
// (schema/00_snapshots.sql + schema/10_proc_basic.sql from importer::schema_files()) in an in-memory database,
// through the shared TestSink (table_test_support.hpp), one prepared INSERT per (table, columns) like the importer's.
// Members come from tests/fixtures/proc (prometheus/procfs copies and live captures), dispatched through the
// handlers' patterns.
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

namespace fs = std::filesystem;

const fs::path k_proc = fs::path(PROCSNAP_FIXTURES_DIR) / "proc";

using procsnap::test::read_file;
using BasicSink = procsnap::test::TestSink;

class ProcBasicTables : public ::testing::Test {
 protected:
  ProcBasicTables() : conn_(":memory:", db::Connection::Mode::read_write_create), sink_(conn_) {
    procsnap::test::load_schema(conn_, {"00_snapshots.sql", "10_proc_basic.sql"});
    procsnap::test::insert_snapshot(conn_, 1);
  }

  /// Dispatches one member through the proc_basic patterns; returns how many handlers matched.
  int feed(const std::string& path, const std::string& bytes, bool symlink = false) {
    int matched = 0;
    for (const auto& h : importer::proc_basic_handlers()) {
      importer::Member m;
      if (!importer::match_pattern(h.pattern, path, m)) {
        continue;
      }
      ++matched;
      m.path = path;
      m.bytes = std::as_bytes(std::span(bytes.data(), bytes.size()));
      m.is_symlink = symlink;
      m.snapshot_id = 1;
      m.start_time = 4242;
      h.fn(m, sink_);
    }
    return matched;
  }

  /// Feeds every regular file of tests/fixtures/proc/<dir> as proc/<pid>/..., expecting a handler for each, except
  /// task/<tid>/statm: statm is process-wide (the mm is shared by all threads), so no handler takes a thread's copy.
  void feed_tree(const std::string& dir, const std::string& pid) {
    for (const auto& e : fs::recursive_directory_iterator(k_proc / dir)) {
      if (!e.is_regular_file()) {
        continue;
      }
      const std::string rel = fs::relative(e.path(), k_proc / dir).generic_string();
      const bool thread_statm = rel.starts_with("task/") && rel.ends_with("/statm");
      EXPECT_EQ(feed("proc/" + pid + "/" + rel, read_file(e.path())), thread_statm ? 0 : 1) << rel;
    }
  }

  std::vector<std::vector<std::optional<std::string>>> rows(const std::string& sql) {
    return procsnap::test::query_rows(conn_, sql);
  }
  std::optional<std::string> one(const std::string& sql) {
    const auto r = rows(sql);
    EXPECT_EQ(r.size(), 1u) << sql;
    return r.empty() || r[0].empty() ? std::nullopt : r[0][0];
  }

  bool has_issue(std::string_view path, std::string_view needle) const {
    for (const auto& i : sink_.issues) {
      if (i.path == path && i.message.find(needle) != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  // Every fixture this group has, plus synthetic members for files no capture had content for.
  void feed_everything() {
    feed_tree("26231", "26231");
    feed_tree("26232", "26232");
    feed_tree("26233", "26233");
    feed_tree("26235", "26235");
    feed_tree("584", "584");
    feed_tree("27079", "27079");
    feed_tree("live-1", "1");
    feed_tree("live-2", "2");
    feed_tree("live-12216", "12216");
    feed_tree("live-12217", "12217");
    EXPECT_EQ(feed("proc/12216/attr/current", std::string("system_u:system_r:init_t:s0\0", 28)), 1);
    EXPECT_EQ(feed("proc/12216/attr/apparmor/current", "unconfined\n"), 1);
    EXPECT_EQ(feed("proc/12216/attr/exec", ""), 1);
    EXPECT_EQ(feed("proc/12216/task/12219/children", "12300 12301 \n"), 1);
    EXPECT_EQ(feed("proc/12216/task/12219/cgroup", read_file(k_proc / "live-12216/cgroup")), 1);
    // The capture script took only comm and wchan of the per-thread value files: reuse the process's values for
    // the other per-thread ones (arch_status: key and number; cpuset: text).
    EXPECT_EQ(feed("proc/12216/task/12219/arch_status", read_file(k_proc / "live-12216/arch_status")), 1);
    EXPECT_EQ(feed("proc/12216/task/12219/cpuset", read_file(k_proc / "live-12216/cpuset")), 1);
    // Process-wide files have no per-thread table: a task copy is not parsed (members keeps it).
    EXPECT_EQ(feed("proc/12216/task/12219/oom_score_adj", read_file(k_proc / "live-12216/oom_score_adj")), 0);
    EXPECT_EQ(feed("proc/12216/stack", "[<ffffffffc0a1b2c3>] nfs_wait_bit_killable+0x25/0x90 [nfs]\n"), 1);
  }

  db::Connection conn_;
  BasicSink sink_;
};

TEST_F(ProcBasicTables, StatRowsKeepExactValues) {
  feed_everything();
  EXPECT_EQ(one("SELECT comm FROM proc_stat WHERE pid = 26231"), "vim");
  EXPECT_EQ(one("SELECT state || ':' || state_name FROM proc_stat WHERE pid = 26231"), "R:running");
  EXPECT_EQ(one("SELECT starttime FROM proc_stat WHERE pid = 26231"), "82375");
  EXPECT_EQ(one("SELECT start_time FROM proc_stat WHERE pid = 26231"), "4242");  // the key comes from the member
  // 2^64-1 is kept exactly, as decimal TEXT; values <= 2^63-1 stay INTEGER.
  EXPECT_EQ(one("SELECT typeof(rsslim) || ':' || rsslim FROM proc_stat WHERE pid = 26231"),
            "text:18446744073709551615");
  EXPECT_EQ(one("SELECT typeof(vsize) FROM proc_stat WHERE pid = 26231"), "integer");
  EXPECT_EQ(one("SELECT cutime FROM proc_stat WHERE pid = 26232"), "-9223372036854775808");
  EXPECT_EQ(one("SELECT kthread FROM proc_stat WHERE pid = 2"), "1");
  EXPECT_EQ(one("SELECT kthread FROM proc_stat WHERE pid = 26231"), "0");
  EXPECT_EQ(one("SELECT comm FROM proc_stat WHERE pid = 584"), "(a b ) ( c d) ");
  EXPECT_EQ(one("SELECT comm FROM proc_stat WHERE pid = 12216"), "a) (b c) x");
  EXPECT_TRUE(has_issue("proc/584/stat", "after the stat line"));
  // 27079: the process and 5 threads.
  EXPECT_EQ(one("SELECT count(*) FROM task_stat WHERE pid = 27079"), "5");
  EXPECT_EQ(one("SELECT exit_signal FROM task_stat WHERE pid = 27079 AND tid = 27080"), "-1");
  EXPECT_EQ(one("SELECT stat_pid FROM task_stat WHERE tid = 27080"), "27080");
}

TEST_F(ProcBasicTables, StatusTypedAndKeyValue) {
  feed_everything();
  EXPECT_EQ(one("SELECT name FROM proc_status WHERE pid = 26231"), "prometheus");
  EXPECT_EQ(one("SELECT uid_real || ',' || uid_effective || ',' || uid_saved || ',' || uid_fs FROM proc_status "
                "WHERE pid = 26231"),
            "1000,1000,1000,0");
  EXPECT_EQ(one("SELECT vm_rss_kb FROM proc_status WHERE pid = 26231"), "6716");
  EXPECT_EQ(one("SELECT cap_eff FROM proc_status WHERE pid = 26231"), "0000003fffffffff");
  EXPECT_EQ(one("SELECT no_new_privs IS NULL FROM proc_status WHERE pid = 26231"), "1");  // older kernel: absent
  EXPECT_EQ(one("SELECT nspid_outermost || '/' || nspid_innermost FROM proc_status WHERE pid = 26235"), "26235/1");
  EXPECT_EQ(one("SELECT groups FROM proc_status WHERE pid = 12216"), "");
  EXPECT_EQ(one("SELECT value FROM proc_status_kv WHERE pid = 12216 AND key = 'untag_mask'"), "0xffffffffffffffff");
  EXPECT_EQ(one("SELECT count(*) FROM proc_status_kv WHERE pid = 26231"), "52");
  EXPECT_EQ(one("SELECT name FROM task_status WHERE pid = 12216 AND tid = 12219"), "worker one");
  EXPECT_TRUE(has_issue("proc/26231/status", "empty line"));
}

TEST_F(ProcBasicTables, LimitsCmdlineEnviron) {
  feed_everything();
  EXPECT_EQ(one("SELECT soft IS NULL AND soft_unlimited = 1 AND hard IS NULL AND hard_unlimited = 1 "
                "FROM proc_limits WHERE pid = 26231 AND resource = 'RLIMIT_CPU'"),
            "1");
  EXPECT_EQ(one("SELECT soft || '/' || hard || ' ' || units FROM proc_limits WHERE pid = 26231 AND "
                "name = 'Max open files'"),
            "2048/4096 files");
  EXPECT_EQ(one("SELECT units IS NULL FROM proc_limits WHERE pid = 26231 AND resource = 'RLIMIT_NICE'"), "1");
  EXPECT_EQ(one("SELECT cmdline || '|' || argc FROM proc_cmdline WHERE pid = 26231"), "vim test.go +10|3");
  EXPECT_EQ(one("SELECT length(raw) FROM proc_cmdline WHERE pid = 26233"), "99");
  EXPECT_EQ(one("SELECT argc || ',' || padding_nuls FROM proc_cmdline WHERE pid = 26233"), "1,76");
  EXPECT_EQ(one("SELECT argc || ',' || (cmdline IS NULL) FROM proc_cmdline WHERE pid = 2"), "0,1");
  EXPECT_EQ(one("SELECT setproctitle FROM proc_cmdline WHERE pid = 12217"), "1");
  const auto args = rows("SELECT idx, arg FROM proc_cmdline_args WHERE pid = 12216 ORDER BY idx");
  ASSERT_EQ(args.size(), 5u);
  EXPECT_EQ(args[2][1], "arg with spaces");
  EXPECT_EQ(args[3][1], "");
  EXPECT_EQ(one("SELECT value FROM proc_environ_vars WHERE pid = 12216 AND key = 'PROCSNAP_FIXTURE'"),
            "value with = and spaces");
  EXPECT_EQ(one("SELECT value FROM proc_environ_vars WHERE pid = 26231 AND key = 'HOSTNAME'"), "cd24e11f73a5");
  EXPECT_EQ(one("SELECT count FROM proc_environ WHERE pid = 26231"), "6");
}

TEST_F(ProcBasicTables, SmallFiles) {
  feed_everything();
  EXPECT_EQ(one("SELECT cancelled_write_bytes FROM proc_io WHERE pid = 26231"), "-1024");
  EXPECT_EQ(one("SELECT typeof(shared) || ':' || shared FROM proc_statm WHERE pid = 26231"),
            "text:18446744073709551615");
  EXPECT_EQ(one("SELECT run_time_ns FROM proc_schedstat WHERE pid = 26231"), "411605849");
  EXPECT_EQ(one("SELECT run_time_ns IS NULL FROM proc_schedstat WHERE pid = 26233"), "1");
  EXPECT_TRUE(has_issue("proc/26233/schedstat", "expected one line"));
  EXPECT_EQ(one("SELECT value FROM proc_values WHERE pid = 26231 AND file = 'wchan'"), "poll_schedule_timeout");
  EXPECT_EQ(one("SELECT unset || ',' || (number IS NULL) || ',' || value FROM proc_values WHERE pid = 1 AND "
                "file = 'loginuid'"),
            "1,1,4294967295");
  EXPECT_EQ(one("SELECT number FROM proc_values WHERE pid = 12216 AND file = 'coredump_filter'"), "51");
  EXPECT_EQ(one("SELECT value FROM proc_values WHERE pid = 12216 AND file = 'ksm_stat' AND key = 'ksm_merge_any'"),
            "no");
  EXPECT_EQ(one("SELECT value FROM task_values WHERE tid = 12219 AND file = 'comm'"), "worker one");
  EXPECT_EQ(one("SELECT name FROM proc_auxv WHERE pid = 12216 AND idx = 22"), "AT_NULL");
  EXPECT_EQ(one("SELECT value || ' ' || value_hex FROM proc_auxv WHERE pid = 12216 AND name = 'AT_PAGESZ'"),
            "4096 0x1000");
  EXPECT_EQ(one("SELECT value_int FROM proc_sched WHERE pid = 12216 AND key = 'threads'"), "2");
  EXPECT_EQ(one("SELECT value FROM proc_sched WHERE pid = 12216 AND key = 'comm'"), "a) (b c) x");
  EXPECT_EQ(one("SELECT count FROM proc_uid_map WHERE pid = 12216"), "4294967295");
  EXPECT_EQ(one("SELECT value FROM proc_attr WHERE pid = 12216 AND name = 'current'"), "system_u:system_r:init_t:s0");
  EXPECT_EQ(one("SELECT value FROM proc_attr WHERE pid = 12216 AND name = 'apparmor/current'"), "unconfined");
  EXPECT_EQ(one("SELECT value IS NULL FROM proc_attr WHERE pid = 12216 AND name = 'exec'"), "1");
  EXPECT_EQ(one("SELECT autogroup_id FROM proc_autogroup WHERE pid = 12216"), "5");
  EXPECT_EQ(one("SELECT state || ' ' || number FROM proc_syscall WHERE pid = 12216"), "syscall 230");
  EXPECT_EQ(one("SELECT notify_target FROM proc_timers WHERE pid = 12216"), "12216");
  EXPECT_EQ(one("SELECT group_concat(child_pid) FROM task_children WHERE tid = 12219"), "12300,12301");
  EXPECT_EQ(one("SELECT module FROM proc_stack WHERE pid = 12216 AND module IS NOT NULL"), "nfs");
  EXPECT_EQ(one("SELECT controllers FROM task_cgroup WHERE tid = 12219 AND hierarchy_id = 4"), "memory");
}

// Conformance: every table of 10_proc_basic.sql receives rows from the fixtures, every column of it is bound
// by the binder, and every column holds a non-NULL value somewhere (except the few no fixture can have).
TEST_F(ProcBasicTables, EveryColumnIsBound) {
  feed_everything();
  const std::set<std::string> may_stay_null = {
      "proc_status.x86_thread_features",  // x86 shadow stack (6.6+ with CET user support): not on this machine
      "proc_status.x86_thread_features_locked",
      "task_status.x86_thread_features",
      "task_status.x86_thread_features_locked",
      "task_status.vm_pmd_kb",  // VmPMD existed 4.0..4.14: no thread capture from such a kernel
      "task_stack.module",      // no module frames in the captured thread stacks
  };
  const auto tables = rows(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'proc\\_%' ESCAPE '\\' OR "
      "name LIKE 'task\\_%' ESCAPE '\\') ORDER BY name");
  ASSERT_EQ(tables.size(), 35u);  // 25 declarations, 10 of them with a task_ twin (statm has none)
  for (const auto& t : tables) {
    const std::string table = *t[0];
    ASSERT_TRUE(sink_.written.count(table)) << table << " got no rows from the fixtures";
    for (const auto& col : rows("SELECT name FROM pragma_table_info('" + table + "')")) {
      const std::string c = *col[0];
      EXPECT_TRUE(sink_.written[table].count(c)) << table << "." << c << " is never bound";
      if (!may_stay_null.count(table + "." + c)) {
        EXPECT_EQ(one("SELECT count(*) > 0 FROM " + table + " WHERE " + c + " IS NOT NULL"), "1")
            << table << "." << c << " is NULL in every row";
      }
    }
  }
}

TEST_F(ProcBasicTables, HostileMembersGiveIssuesNotExceptions) {
  const std::string big(10u * 1024u * 1024u, '(');
  EXPECT_NO_THROW(feed("proc/7/stat", "7 (" + big));
  EXPECT_NO_THROW(feed("proc/7/status", std::string("Name:\t\xff\0\nUid:\t1\n", 16)));
  EXPECT_NO_THROW(feed("proc/7/auxv", std::string(17, '\x01')));
  EXPECT_NO_THROW(feed("proc/7/limits", big));
  EXPECT_NO_THROW(feed("proc/7/cmdline", std::string(3, '\0')));
  EXPECT_EQ(feed("proc/7/comm", "x", /*symlink=*/true), 1);
  EXPECT_TRUE(has_issue("proc/7/stat", "cannot locate the fields"));
  EXPECT_TRUE(has_issue("proc/7/status", "expected 4 ids"));
  EXPECT_TRUE(has_issue("proc/7/auxv", "truncated"));
  EXPECT_TRUE(has_issue("proc/7/comm", "symlink member"));
  for (const auto& i : sink_.issues) {
    EXPECT_LE(i.excerpt.size(), 200u);
  }
  EXPECT_EQ(one("SELECT argc FROM proc_cmdline WHERE pid = 7"), "0");
  EXPECT_EQ(one("SELECT count(*) FROM proc_values WHERE pid = 7"), "0");
}

std::string hex_of(std::string_view s) {
  static const char* d = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

// Text shaped to attack the analyst is stored byte for byte (never executed, never cleaned).
TEST_F(ProcBasicTables, HostileTextIsStoredExactly) {
  const std::string comm = std::string("\x1b[2J\xc2\x9b\xe2\x80\xae') ; DROP TABLE proc_stat; --\xff\0x", 41);
  const std::string stat_text = "66 (" + comm + ") S 1 66 66 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0 0 0 0 0 0 "
                                              "0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";
  EXPECT_EQ(feed("proc/66/stat", stat_text), 1);
  const std::string arg1 = "=HYPERLINK(\"http://x\")";
  const std::string arg2 = "\xe2\x80\x8f\x07\x9b\xfe";
  const std::string cmd = "sh" + std::string(1, '\0') + arg1 + std::string(1, '\0') + arg2 + std::string(1, '\0');
  EXPECT_EQ(feed("proc/66/cmdline", cmd), 1);
  const std::string env = std::string("X=\x1b]0;pwned\x07\0Y=\xc0\xaf", 17);
  EXPECT_EQ(feed("proc/66/environ", env), 1);
  EXPECT_EQ(one("SELECT hex(comm) FROM proc_stat WHERE pid = 66"), hex_of(comm));
  EXPECT_EQ(one("SELECT hex(arg) FROM proc_cmdline_args WHERE pid = 66 AND idx = 1"), hex_of(arg1));
  EXPECT_EQ(one("SELECT hex(arg) FROM proc_cmdline_args WHERE pid = 66 AND idx = 2"), hex_of(arg2));
  EXPECT_EQ(one("SELECT hex(raw) FROM proc_cmdline WHERE pid = 66"), hex_of(cmd));
  EXPECT_EQ(one("SELECT hex(value) FROM proc_environ_vars WHERE pid = 66 AND key = 'X'"),
            hex_of("\x1b]0;pwned\x07"));
  EXPECT_EQ(one("SELECT hex(value) FROM proc_environ_vars WHERE pid = 66 AND key = 'Y'"), hex_of("\xc0\xaf"));
  EXPECT_EQ(one("SELECT count(*) FROM proc_stat"), "1");  // the table is still there
}

TEST_F(ProcBasicTables, PatternsAreTheDocumentedOnes) {
  EXPECT_EQ(feed("proc/1/task/1/limits", "x"), 0);  // process-wide: not re-parsed per thread
  EXPECT_EQ(feed("proc/1/children", "x"), 0);       // children exists per thread only
  EXPECT_EQ(feed("proc/01/stat", "x"), 0);          // ids follow the format's rules
  EXPECT_EQ(feed("proc/1/attr/sub/dir/current", ""), 1);
}

}  // namespace
