// A capture of the prometheus/procfs fixture tree (tests/fixtures/procfs/proc, via --proc-root)
// imports with the values the upstream project's own tests expect for it. Upstream expectations, from
// prometheus/procfs:
//   proc_stat_test.go    26231: utime 1677, stime 44, starttime 82375, vsize 56274944, rss 1981,
//                        rsslim 18446744073709551615, startcode 4194304, endcode 6294284,
//                        startstack 140736914091744, delayacct_blkio_ticks 31, comm "vim", start time
//                        1418184099.75 (btime 1418183276 + 82375 / 100); 26232: cutime MinInt64, cstime MaxInt64;
//                        584: comm "(a b ) ( c d) "
//   proc_status_test.go  26231: Name "prometheus", VmPeak 58472 kB, VmSize 58440 kB, VmRSS 6716 kB, VmSwap 660 kB,
//                        voluntary 4742839 / nonvoluntary 1727500 ctxt switches, Uid 1000 1000 1000 0,
//                        Gid 1001 1001 1001 0; 26235: Name "kube-proxy"
//   proc_limits_test.go  26231: cpu time unlimited, open files 2048, msgqueue size 819200, nice priority 0,
//                        address space 8589934592
//   proc_io_test.go      26231: rchar 750339, wchar 818609, syscr 7405, syscw 5245, read_bytes 1024,
//                        write_bytes 2048, cancelled_write_bytes -1024
//   mountinfo_test.go    "16 21 0:16 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw" (a line of
//                        26231/mountinfo as well)
//   net_tcp_test.go      net/tcp: 3 sockets 10.0.0.5:22, 0.0.0.0:22, 0.0.0.0:22, all st 10 (LISTEN), uid 0,
//                        (tx, rx) queues (0,1), (1,0), (1,1); net/tcp6: 2 sockets, ports 5355 and 51073, st 7
//   meminfo_test.go      MemTotal 15666184, MemFree 440324, Buffers 1020128, Cached 12007640, Active 6761276,
//                        Inactive 6532708, SwapTotal 0 (kB); the fixture has no MemAvailable
#include "e2e_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace {

namespace e2e = procsnap::e2e;

const std::string k_fixture_root = std::string(PROCSNAP_FIXTURES_DIR) + "/procfs/proc";

class FixtureImport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    state_ = std::make_unique<State>();
    auto& s = *state_;
    if (!std::filesystem::is_directory(k_fixture_root)) {
      s.setup_error = "the vendored fixture tree " + k_fixture_root + " is missing";
      return;
    }
    for (const char* bin : {PROCSNAP_COLLECT_BIN, PROCSNAP_BIN}) {
      if (auto why = e2e::unusable_binary(bin)) {
        s.skip_reason = *why;
        return;
      }
    }
    s.db = s.dir.file("fixtures.db");
    s.archive = s.dir.file("fixtures.tar.zst");
    if (auto err = e2e::capture_and_import(PROCSNAP_COLLECT_BIN, PROCSNAP_BIN, {"--proc-root", k_fixture_root},
                                           s.archive, s.db)) {
      s.setup_error = *err;
      return;
    }
    s.ready = true;
  }
  static void TearDownTestSuite() { state_.reset(); }
  void SetUp() override {
    if (!state_->skip_reason.empty()) GTEST_SKIP() << state_->skip_reason;
    ASSERT_TRUE(state_->ready) << state_->setup_error;
  }
  static std::vector<e2e::Value> query(const std::string& sql) {
    std::string error;
    auto rows = e2e::query(PROCSNAP_BIN, state_->db, sql, error);
    EXPECT_TRUE(rows.has_value()) << sql << "\n" << error;
    return rows ? *rows : std::vector<e2e::Value>{};
  }
  /// The single row `sql` must return (an empty object when it returned another count, with a failure).
  static e2e::Value one(const std::string& sql) {
    auto rows = query(sql);
    EXPECT_EQ(rows.size(), 1u) << sql;
    return rows.size() == 1 ? rows[0] : e2e::Value(procsnap::common::json::Object{});
  }

  struct State {
    e2e::TempDir dir;
    std::string db;
    std::string archive;  ///< the capture of the fixture tree
    std::string skip_reason, setup_error;
    bool ready = false;
  };
  static inline std::unique_ptr<State> state_;
};

}  // namespace

TEST_F(FixtureImport, SnapshotTakesBtimeFromTheCapturedTree) {
  const auto s = one("SELECT btime, proc_root FROM snapshots");
  EXPECT_EQ(e2e::int_at(s, "btime"), 1418183276);
}

// The header of a relocated tree has no clk_tck (null): 100 is assumed and the snapshot says so.
TEST_F(FixtureImport, SnapshotAssumesClkTck100ForTheRelocatedTree) {
  const auto s = one("SELECT clk_tck, clk_tck_source FROM snapshots");
  EXPECT_EQ(e2e::int_at(s, "clk_tck"), 100);
  EXPECT_EQ(e2e::text_at(s, "clk_tck_source"), "assumed");
  const auto t = one("SELECT started_epoch FROM proc_start_times WHERE pid = 26231");
  EXPECT_EQ(e2e::text_at(t, "started_epoch"), std::to_string(1418184099.75));
}

// `procsnap import --clk-tck 250`: the same archive, the tick counts read at 250 per second.
TEST_F(FixtureImport, ClkTckOptionOverridesTheAssumption) {
  const std::string db = state_->dir.file("fixtures-250.db");
  const auto r = e2e::run({PROCSNAP_BIN, "import", "--db", db, "--clk-tck", "250", state_->archive});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string error;
  const auto s = e2e::query(PROCSNAP_BIN, db, "SELECT clk_tck, clk_tck_source FROM snapshots", error);
  ASSERT_TRUE(s && s->size() == 1) << error;
  EXPECT_EQ(e2e::int_at((*s)[0], "clk_tck"), 250);
  EXPECT_EQ(e2e::text_at((*s)[0], "clk_tck_source"), "option");
  const auto p = e2e::query(PROCSNAP_BIN, db, "SELECT start_time, user_time FROM processes WHERE pid = 26231", error);
  ASSERT_TRUE(p && p->size() == 1) << error;
  // 82375 / 250 = 329.5: the view's integer division keeps 329.
  EXPECT_EQ(e2e::int_at((*p)[0], "start_time"), 1418183276 + 329);
  EXPECT_EQ(e2e::int_at((*p)[0], "user_time"), 1677 * 1000 / 250);
}

TEST_F(FixtureImport, MeminfoMatchesUpstream) {
  const auto m = one("SELECT * FROM memory_info");
  EXPECT_EQ(e2e::int_at(m, "memory_total"), 15666184LL * 1024);
  EXPECT_EQ(e2e::int_at(m, "memory_free"), 440324LL * 1024);
  EXPECT_EQ(e2e::int_at(m, "buffers"), 1020128LL * 1024);
  EXPECT_EQ(e2e::int_at(m, "cached"), 12007640LL * 1024);
  EXPECT_EQ(e2e::int_at(m, "active"), 6761276LL * 1024);
  EXPECT_EQ(e2e::int_at(m, "inactive"), 6532708LL * 1024);
  EXPECT_EQ(e2e::int_at(m, "swap_total"), 0);
  // Absent in the file: NULL, never 0.
  EXPECT_TRUE(e2e::is_null_at(m, "memory_available"));
  const auto raw = one("SELECT value, unit FROM sys_meminfo WHERE key = 'MemTotal'");
  EXPECT_EQ(e2e::int_at(raw, "value"), 15666184);
  EXPECT_EQ(e2e::text_at(raw, "unit"), "kB");
}

TEST_F(FixtureImport, NetTcpMatchesUpstream) {
  const auto rows = query(
      "SELECT local_address, local_port, remote_address, remote_port, state, state_name, tx_queue, rx_queue, uid "
      "FROM net_tcp WHERE family = 4 ORDER BY line");
  ASSERT_EQ(rows.size(), 3u);
  const char* local[] = {"10.0.0.5", "0.0.0.0", "0.0.0.0"};
  const int tx[] = {0, 1, 1};
  const int rx[] = {1, 0, 1};
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(e2e::text_at(rows[i], "local_address"), local[i]);
    EXPECT_EQ(e2e::int_at(rows[i], "local_port"), 22);
    EXPECT_EQ(e2e::text_at(rows[i], "remote_address"), "0.0.0.0");
    EXPECT_EQ(e2e::int_at(rows[i], "remote_port"), 0);
    EXPECT_EQ(e2e::int_at(rows[i], "state"), 10);
    EXPECT_EQ(e2e::text_at(rows[i], "state_name"), "LISTEN");
    EXPECT_EQ(e2e::int_at(rows[i], "tx_queue"), tx[i]);
    EXPECT_EQ(e2e::int_at(rows[i], "rx_queue"), rx[i]);
    EXPECT_EQ(e2e::int_at(rows[i], "uid"), 0);
  }
  const auto v6 = query("SELECT local_port, state, uid FROM net_tcp WHERE family = 6 ORDER BY line");
  ASSERT_EQ(v6.size(), 2u);
  EXPECT_EQ(e2e::int_at(v6[0], "local_port"), 5355);
  EXPECT_EQ(e2e::int_at(v6[0], "uid"), 981);
  EXPECT_EQ(e2e::int_at(v6[1], "local_port"), 51073);
  EXPECT_EQ(e2e::int_at(v6[1], "uid"), 1000);
  EXPECT_EQ(e2e::int_at(v6[1], "state"), 7);
}

TEST_F(FixtureImport, StatMatchesUpstream) {
  const auto p = one("SELECT * FROM proc_stat WHERE pid = 26231");
  EXPECT_EQ(e2e::int_at(p, "stat_pid"), 26231);
  EXPECT_EQ(e2e::text_at(p, "comm"), "vim");
  EXPECT_EQ(e2e::int_at(p, "utime"), 1677);
  EXPECT_EQ(e2e::int_at(p, "stime"), 44);
  EXPECT_EQ(e2e::int_at(p, "start_time"), 82375);
  EXPECT_EQ(e2e::int_at(p, "starttime"), 82375);
  EXPECT_EQ(e2e::int_at(p, "vsize"), 56274944);
  EXPECT_EQ(e2e::int_at(p, "rss"), 1981);
  // 2^64-1 does not fit SQLite's INTEGER: kept exact as decimal text.
  EXPECT_EQ(e2e::text_at(p, "rsslim"), "18446744073709551615");
  EXPECT_EQ(e2e::int_at(p, "startcode"), 4194304);
  EXPECT_EQ(e2e::int_at(p, "endcode"), 6294284);
  EXPECT_EQ(e2e::int_at(p, "startstack"), 140736914091744LL);
  EXPECT_EQ(e2e::int_at(p, "delayacct_blkio_ticks"), 31);
  EXPECT_EQ(e2e::int_at(p, "processor"), 0);
  EXPECT_EQ(e2e::int_at(p, "rt_priority"), 0);
  EXPECT_EQ(e2e::int_at(p, "policy"), 0);
  const auto limits = one("SELECT cutime, cstime FROM proc_stat WHERE pid = 26232");
  EXPECT_EQ(e2e::int_at(limits, "cutime"), INT64_MIN);
  EXPECT_EQ(e2e::int_at(limits, "cstime"), INT64_MAX);
  const auto odd = one("SELECT comm FROM proc_stat WHERE pid = 584");
  EXPECT_EQ(e2e::text_at(odd, "comm"), "(a b ) ( c d) ");
  // Upstream's start time, 1418184099.75 = btime + 82375 / 100 (procfs assumes USER_HZ 100), from the snapshot.
  const auto start = one("SELECT s.btime + p.start_time / 100.0 AS t FROM proc_stat p JOIN snapshots s "
                         "ON s.id = p.snapshot_id WHERE p.pid = 26231");
  EXPECT_EQ(e2e::text_at(start, "t"), std::to_string(1418184099.75));
}

TEST_F(FixtureImport, StatusMatchesUpstream) {
  const auto p = one("SELECT * FROM proc_status WHERE pid = 26231");
  EXPECT_EQ(e2e::text_at(p, "name"), "prometheus");
  EXPECT_EQ(e2e::int_at(p, "tgid"), 26231);
  EXPECT_EQ(e2e::int_at(p, "vm_peak_kb"), 58472);
  EXPECT_EQ(e2e::int_at(p, "vm_size_kb"), 58440);
  EXPECT_EQ(e2e::int_at(p, "vm_lck_kb"), 0);
  EXPECT_EQ(e2e::int_at(p, "vm_hwm_kb"), 8028);
  EXPECT_EQ(e2e::int_at(p, "vm_rss_kb"), 6716);
  EXPECT_EQ(e2e::int_at(p, "rss_anon_kb"), 2092);
  EXPECT_EQ(e2e::int_at(p, "rss_file_kb"), 4624);
  EXPECT_EQ(e2e::int_at(p, "vm_data_kb"), 2580);
  EXPECT_EQ(e2e::int_at(p, "vm_stk_kb"), 136);
  EXPECT_EQ(e2e::int_at(p, "vm_exe_kb"), 948);
  EXPECT_EQ(e2e::int_at(p, "vm_lib_kb"), 6816);
  EXPECT_EQ(e2e::int_at(p, "vm_pte_kb"), 128);
  EXPECT_EQ(e2e::int_at(p, "vm_pmd_kb"), 12);
  EXPECT_EQ(e2e::int_at(p, "vm_swap_kb"), 660);
  EXPECT_EQ(e2e::int_at(p, "voluntary_ctxt_switches"), 4742839);
  EXPECT_EQ(e2e::int_at(p, "nonvoluntary_ctxt_switches"), 1727500);
  EXPECT_EQ(e2e::int_at(p, "uid_real"), 1000);
  EXPECT_EQ(e2e::int_at(p, "uid_effective"), 1000);
  EXPECT_EQ(e2e::int_at(p, "uid_saved"), 1000);
  EXPECT_EQ(e2e::int_at(p, "uid_fs"), 0);
  EXPECT_EQ(e2e::int_at(p, "gid_real"), 1001);
  EXPECT_EQ(e2e::int_at(p, "gid_fs"), 0);
  // 26235: a status file with space separators ("Name:   kube-proxy").
  const auto kube = one("SELECT name FROM proc_status WHERE pid = 26235");
  EXPECT_EQ(e2e::text_at(kube, "name"), "kube-proxy");
}

TEST_F(FixtureImport, LimitsMatchUpstream) {
  const auto rows = query("SELECT resource, soft, soft_unlimited, units FROM proc_limits WHERE pid = 26231");
  auto find = [&](const std::string& resource) {
    for (const auto& r : rows) {
      if (e2e::text_at(r, "resource") == resource) return r;
    }
    ADD_FAILURE() << resource << " missing";
    return e2e::Value(procsnap::common::json::Object{});
  };
  // Upstream: cpu time -1 (unlimited); here unlimited is NULL plus a flag, never a stand-in number.
  const auto cpu = find("RLIMIT_CPU");
  EXPECT_TRUE(e2e::is_null_at(cpu, "soft"));
  EXPECT_EQ(e2e::int_at(cpu, "soft_unlimited"), 1);
  EXPECT_EQ(e2e::text_at(cpu, "units"), "seconds");
  EXPECT_EQ(e2e::int_at(find("RLIMIT_NOFILE"), "soft"), 2048);
  EXPECT_EQ(e2e::int_at(find("RLIMIT_MSGQUEUE"), "soft"), 819200);
  EXPECT_EQ(e2e::int_at(find("RLIMIT_NICE"), "soft"), 0);
  EXPECT_EQ(e2e::int_at(find("RLIMIT_AS"), "soft"), 8589934592LL);
}

TEST_F(FixtureImport, IoMatchesUpstream) {
  const auto io = one("SELECT * FROM proc_io WHERE pid = 26231");
  EXPECT_EQ(e2e::int_at(io, "rchar"), 750339);
  EXPECT_EQ(e2e::int_at(io, "wchar"), 818609);
  EXPECT_EQ(e2e::int_at(io, "syscr"), 7405);
  EXPECT_EQ(e2e::int_at(io, "syscw"), 5245);
  EXPECT_EQ(e2e::int_at(io, "read_bytes"), 1024);
  EXPECT_EQ(e2e::int_at(io, "write_bytes"), 2048);
  EXPECT_EQ(e2e::int_at(io, "cancelled_write_bytes"), -1024);
}

TEST_F(FixtureImport, MountinfoMatchesUpstream) {
  const auto m = one("SELECT * FROM proc_mountinfo WHERE pid = 26231 AND mount_point = '/sys'");
  EXPECT_EQ(e2e::int_at(m, "mount_id"), 16);
  EXPECT_EQ(e2e::int_at(m, "parent_id"), 21);
  EXPECT_EQ(e2e::int_at(m, "dev_major"), 0);
  EXPECT_EQ(e2e::int_at(m, "dev_minor"), 16);
  EXPECT_EQ(e2e::text_at(m, "root"), "/");
  EXPECT_EQ(e2e::text_at(m, "mount_options"), "rw,nosuid,nodev,noexec,relatime");
  EXPECT_EQ(e2e::text_at(m, "optional_fields"), "shared:7");
  EXPECT_EQ(e2e::int_at(m, "shared_peer"), 7);
  EXPECT_EQ(e2e::text_at(m, "fs_type"), "sysfs");
  EXPECT_EQ(e2e::text_at(m, "source"), "sysfs");
  EXPECT_EQ(e2e::text_at(m, "super_options"), "rw");
  const auto nfs = query("SELECT source, super_options FROM proc_mountinfo WHERE pid = 26231 AND fs_type = 'nfs4'");
  ASSERT_EQ(nfs.size(), 2u);
  EXPECT_EQ(e2e::text_at(nfs[0], "source"), "192.168.1.1:/srv/test");
}

TEST_F(FixtureImport, ProcessesViewMatchesUpstream) {
  const auto p = one("SELECT * FROM processes WHERE pid = 26231");
  // osquery takes the name from status (which says "prometheus" in this fixture while stat says "vim").
  EXPECT_EQ(e2e::text_at(p, "name"), "prometheus");
  // A --proc-root capture does not know the CLK_TCK of the host the tree came from: the import assumes USER_HZ
  // 100 (snapshots.clk_tck_source 'assumed'), so start_time = btime + 82375 / 100 (integer division, as osquery).
  EXPECT_EQ(e2e::int_at(p, "start_time"), 1418183276 + 823);
  EXPECT_EQ(e2e::int_at(p, "start_time"), 1418184099);
  EXPECT_EQ(e2e::int_at(p, "user_time"), 1677 * 1000 / 100);
  EXPECT_EQ(e2e::int_at(p, "system_time"), 44 * 1000 / 100);
  EXPECT_EQ(e2e::int_at(p, "parent"), 5392);
  EXPECT_EQ(e2e::int_at(p, "pgroup"), 7446);
  EXPECT_EQ(e2e::text_at(p, "state"), "R");
  EXPECT_EQ(e2e::int_at(p, "nice"), 0);
  EXPECT_EQ(e2e::int_at(p, "threads"), 1);
  EXPECT_EQ(e2e::int_at(p, "uid"), 1000);
  EXPECT_EQ(e2e::int_at(p, "euid"), 1000);
  EXPECT_EQ(e2e::int_at(p, "suid"), 1000);
  EXPECT_EQ(e2e::int_at(p, "gid"), 1001);
  EXPECT_EQ(e2e::int_at(p, "egid"), 1001);
  EXPECT_EQ(e2e::int_at(p, "sgid"), 1001);
  EXPECT_EQ(e2e::int_at(p, "resident_size"), 6716LL * 1024);
  EXPECT_EQ(e2e::int_at(p, "total_size"), 58440LL * 1024);
  EXPECT_EQ(e2e::int_at(p, "wired_size"), 0);
  EXPECT_EQ(e2e::int_at(p, "disk_bytes_read"), 1024);
  // osquery: write_bytes - cancelled_write_bytes = 2048 - (-1024).
  EXPECT_EQ(e2e::int_at(p, "disk_bytes_written"), 3072);
  EXPECT_EQ(e2e::text_at(p, "cmdline"), "vim test.go +10");
  // 26232 has a stat but no status: the name falls back to stat's comm.
  const auto kthread = one("SELECT name, uid FROM processes WHERE pid = 26232");
  EXPECT_EQ(e2e::text_at(kthread, "name"), "ata_sff");
  EXPECT_TRUE(e2e::is_null_at(kthread, "uid"));
}

TEST_F(FixtureImport, InterfaceDetailsAndSystemControlsOverTheFixtureTree) {
  // net/dev: "    lo: 1664039048 1566805    0    0 ... 1664039048 1566805 ..."
  const auto lo = query("SELECT * FROM interface_details WHERE interface = 'lo'");
  ASSERT_EQ(lo.size(), 1u);
  EXPECT_EQ(e2e::int_at(lo[0], "ibytes"), 1664039048);
  EXPECT_EQ(e2e::int_at(lo[0], "ipackets"), 1566805);
  EXPECT_TRUE(e2e::is_null_at(lo[0], "mtu"));
  const auto sw = query("SELECT subsystem, type FROM system_controls WHERE name = 'vm.swappiness'");
  ASSERT_EQ(sw.size(), 1u);
  EXPECT_EQ(e2e::text_at(sw[0], "subsystem"), "vm");
  EXPECT_EQ(e2e::text_at(sw[0], "type"), "string");
}

TEST_F(FixtureImport, OsqueryViewsOverTheFixtureTree) {
  const auto tcp = query("SELECT * FROM listening_ports WHERE family = 2 AND protocol = 6 ORDER BY address");
  ASSERT_EQ(tcp.size(), 3u);
  EXPECT_EQ(e2e::text_at(tcp[2], "address"), "10.0.0.5");
  EXPECT_EQ(e2e::int_at(tcp[2], "port"), 22);
  EXPECT_TRUE(e2e::is_null_at(tcp[2], "pid"));  // no captured process holds inode 2740
  // 26234 has a 32-bit maps: "08089000-0808c000 rw-p 00041000 03:01 104219 /bin/tcsh" as second line.
  const auto map = query("SELECT * FROM process_memory_map WHERE pid = 26234 AND start = '0x08089000'");
  ASSERT_EQ(map.size(), 1u);
  EXPECT_EQ(e2e::text_at(map[0], "end"), "0x0808c000");
  EXPECT_EQ(e2e::text_at(map[0], "permissions"), "rw-p");
  EXPECT_EQ(e2e::int_at(map[0], "offset"), 0x41000);
  EXPECT_EQ(e2e::text_at(map[0], "device"), "03:01");
  EXPECT_EQ(e2e::int_at(map[0], "inode"), 104219);
  EXPECT_EQ(e2e::text_at(map[0], "path"), "/bin/tcsh");
  EXPECT_EQ(e2e::int_at(map[0], "pseudo"), 0);
}
