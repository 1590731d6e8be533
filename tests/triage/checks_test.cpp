// Every triage check fires on a planted indicator in a hand-built snapshot (real schema, in memory) and stays
// silent on the clean one (triage_db.hpp).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <ostream>
#include <set>

#include "triage_db.hpp"

namespace procsnap::triage::testing {
namespace {

// A new user process 400 (listed, ordinary stat/status rows) running `exe`.
std::string process_400(std::string_view comm, std::string_view exe, std::string_view argv0, int kthread = 0,
                        int ppid = 200) {
  return fmt::format(
      "INSERT INTO members(snapshot_id, path, pid, kind) VALUES (1, 'proc/400', 400, 'process');"
      "INSERT INTO proc_stat(snapshot_id, pid, start_time, stat_pid, comm, ppid, flags, kthread) "
      "  VALUES (1, 400, 90, 400, '{0}', {4}, 4194560, {3});"
      "INSERT INTO proc_status(snapshot_id, pid, start_time, name, tgid, status_pid, ppid, tracer_pid, uid_real, "
      "  uid_effective, cap_eff) VALUES (1, 400, 90, '{0}', 400, 400, {4}, 0, 1000, 1000, '0000000000000000');"
      "INSERT INTO proc_links(snapshot_id, pid, start_time, name, target, type, deleted) "
      "  VALUES (1, 400, 90, 'exe', '{1}', "
      "  CASE WHEN '{1}' LIKE '/memfd:%' THEN 'memfd' WHEN '{1}' LIKE '% (deleted)' THEN 'deleted' ELSE 'file' END, "
      "  '{1}' LIKE '% (deleted)');"
      "INSERT INTO proc_cmdline_args(snapshot_id, pid, start_time, idx, arg) VALUES (1, 400, 90, 0, '{2}');",
      comm, exe, argv0, kthread, ppid);
}

const std::string k_container = "ae836c95b4c3c9e9179e0e91015512da89fdec91612f63cebae57df9a5444c79";

/// Pid 200 as the init (and only process) of a docker container, with `columns` of its containers row set to
/// `values`.
std::string container_200(std::string_view columns, std::string_view values) {
  return fmt::format(
      "INSERT INTO containers(snapshot_id, container_id, runtime, recognised_by, cgroup_driver, cgroup_version, "
      "cgroup_path, init_pid, init_start_time, init_is_pid_1, process_count, {1}) VALUES (1, '{0}', 'docker', "
      "'docker-<id>.scope', 'systemd', 2, '/system.slice/docker-{0}.scope', 200, 70, 1, 1, {2});"
      "INSERT INTO process_containers(snapshot_id, pid, start_time, container_id, pid_in_container, matched_by, "
      "same_pid_ns, same_mnt_ns, same_net_ns, cgroup_path) VALUES (1, 200, 70, '{0}', 1, 'cgroup', 1, 1, 1, "
      "'/system.slice/docker-{0}.scope');",
      k_container, columns, values);
}

struct Plant {
  std::string check;   // check id
  std::string sql;     // what to add to the clean snapshot
  std::string column;  // evidence column holding...
  std::string value;   // ...this value in some row
};

// How ctest and failure messages name a parameter (gtest would print its 128 bytes).
void PrintTo(const Plant& p, std::ostream* os) { *os << p.check; }

std::vector<Plant> plants() {
  return {
      {"exe-memfd", process_400("x", "/memfd:payload (deleted)", "x"), "pid", "400"},
      {"exe-deleted", process_400("agent", "/usr/local/bin/agent (deleted)", "agent"), "pid", "400"},
      {"exe-in-temp-dir", process_400("x", "/dev/shm/x", "x"), "pid", "400"},
      {"exe-in-hidden-dir", process_400("upd", "/var/lib/.cache/upd", "upd"), "pid", "400"},
      {"kthread-masquerade", process_400("kworker/0:2", "/usr/bin/sleep", "[kworker/0:2]", 0, 1), "pid", "400"},
      {"name-mismatch", process_400("sshd", "/home/u/.x/miner", "/home/u/.x/miner"), "pid", "400"},
      {"ld-preload-env",
       "INSERT INTO proc_environ_vars(snapshot_id, pid, start_time, idx, key, value) "
       "VALUES (1, 200, 70, 5, 'LD_PRELOAD', '/tmp/libx.so')",
       "value", "/tmp/libx.so"},
      {"lib-from-writable-dir",
       "INSERT INTO proc_maps(snapshot_id, pid, start_time, line, perms, perm_read, perm_write, perm_exec, path, "
       "path_kind, deleted) VALUES (1, 200, 70, 9, 'r-xp', 1, 0, 1, '/tmp/libx.so', 'file', 0)",
       "path", "/tmp/libx.so"},
      {"exec-deleted-file",
       "INSERT INTO proc_maps(snapshot_id, pid, start_time, line, perms, perm_read, perm_write, perm_exec, path, "
       "path_kind, deleted) VALUES (1, 200, 70, 9, 'r-xp', 1, 0, 1, '/usr/lib/libold.so (deleted)', 'deleted', 1)",
       "pid", "200"},
      {"ld-so-preload-mapped",
       "INSERT INTO proc_fds(snapshot_id, pid, start_time, fd, target, type, deleted) "
       "VALUES (1, 200, 70, 7, '/etc/ld.so.preload', 'file', 0)",
       "pid", "200"},
      {"exec-anon-region",
       "INSERT INTO proc_maps(snapshot_id, pid, start_time, line, perms, perm_read, perm_write, perm_exec, path, "
       "path_kind, deleted) VALUES (1, 200, 70, 9, 'r-xp', 1, 0, 1, NULL, 'anon', 0)",
       "pid", "200"},
      {"rwx-region",
       "INSERT INTO proc_maps(snapshot_id, pid, start_time, line, perms, perm_read, perm_write, perm_exec, path, "
       "path_kind, deleted) VALUES (1, 200, 70, 9, 'rwxp', 1, 1, 1, NULL, 'anon', 0)",
       "pid", "200"},
      {"traced-process", "UPDATE proc_status SET tracer_pid = 100 WHERE pid = 200", "tracer_pid", "100"},
      {"reverse-shell",
       "UPDATE proc_fds SET target = 'socket:[6000]', type = 'socket', inode = 6000 WHERE pid = 200 AND fd IN (0, 1, "
       "2)",
       "remote", "10.0.0.9:51000"},
      {"raw-packet-socket",
       "INSERT INTO net_packet(snapshot_id, netns, line, type, type_name, proto, proto_name, ifindex, inode) "
       "VALUES (1, 4026531840, 1, 3, 'RAW', 3, 'ALL', 0, 9000);"
       "INSERT INTO proc_fds(snapshot_id, pid, start_time, fd, target, type, deleted, inode) "
       "VALUES (1, 300, 80, 5, 'socket:[9000]', 'socket', 0, 9000)",
       "pid", "300"},
      {"listener-unusual-path",
       process_400("srv", "/home/u/bin/srv", "./srv") +
           "INSERT INTO proc_fds(snapshot_id, pid, start_time, fd, target, type, deleted, inode) "
           "VALUES (1, 400, 90, 3, 'socket:[9100]', 'socket', 0, 9100);"
           "INSERT INTO net_tcp(snapshot_id, netns, line, family, protocol, local_address, local_port, "
           "remote_address, remote_port, state, state_name, inode) "
           "VALUES (1, 4026531840, 3, 6, 6, '::', 4444, '::', 0, 10, 'LISTEN', 9100)",
       "local_port", "4444"},
      {"hidden-pid", "UPDATE proc_stat SET ppid = 666 WHERE pid = 300", "hidden_pid", "666"},
      {"proc-pid-mount",
       "INSERT INTO proc_mountinfo(snapshot_id, pid, start_time, line, mount_id, parent_id, root, mount_point, "
       "unbindable, fs_type, source) VALUES (1, 200, 70, 1, 90, 21, '/', '/proc/300', 0, 'tmpfs', 'none')",
       "hidden_pid", "300"},
      {"pid-mismatch", "UPDATE proc_stat SET stat_pid = 999 WHERE pid = 300", "pid", "300"},
      {"cmdline-into-environ", "UPDATE proc_cmdline SET raw = zeroblob(60) WHERE pid = 200", "pid", "200"},
      {"kernel-tainted", "UPDATE sys_sysctl SET value = '12288' WHERE name = 'kernel.tainted'", "flags", "OE"},
      {"full-caps-non-root", "UPDATE proc_status SET cap_eff = '000001ffffffffff' WHERE pid = 200", "pid", "200"},
      {"elf-in-anon-memory",
       "INSERT INTO memory_regions(snapshot_id, pid, start_time, start_addr, end_addr, start_hex, end_hex, size, "
       "perms, path_kind, status, captured_bytes, hole_count, verified, elf_offset, elf_in_anon_exec) "
       "VALUES (1, 300, 80, 139887823032320, 139887823036416, '7f3a2c001000', '7f3a2c002000', 4096, 'rwxp', "
       "'anon', 'ok', 4096, 0, 1, 0, 1)",
       "start_hex", "7f3a2c001000"},
      // Containers (derived at import; schema/80_containers.sql): pid 200 is the init of a docker container.
      {"container-host-namespace", container_200("host_pid_ns, host_net_ns", "0, 1"), "container_id", k_container},
      {"container-host-mount-ns", container_200("host_mnt_ns", "1"), "pid", "200"},
      {"container-privileged",
       container_200("host_pid_ns", "0") + "UPDATE proc_status SET cap_bnd = '000001ffffffffff' WHERE pid = 1;"
                                           "UPDATE proc_status SET cap_eff = '000001ffffffffff' WHERE pid = 200",
       "cap_eff", "000001ffffffffff"},
      {"container-namespace-entry",
       container_200("host_pid_ns", "0") +
           "INSERT INTO process_containers(snapshot_id, pid, start_time, container_id, pid_in_container, matched_by, "
           "same_pid_ns, same_mnt_ns, same_net_ns) VALUES (1, 300, 80, '" +
           k_container + "', 12, 'namespaces', 1, 1, 0)",
       "how", "entered-namespaces"},
      {"container-runtime-socket",
       container_200("host_pid_ns", "0") +
           "INSERT INTO proc_mountinfo(snapshot_id, pid, start_time, line, mount_id, parent_id, root, mount_point, "
           "unbindable, fs_type, source) VALUES (1, 200, 70, 30, 300, 21, '/run/docker.sock', '/var/run/docker.sock', "
           "0, 'tmpfs', 'tmpfs')",
       "mount_point", "/var/run/docker.sock"},
      {"dirty-exec-file-mapping",
       "INSERT INTO proc_smaps(snapshot_id, pid, start_time, line, start_hex, end_hex, perms, path, path_kind, "
       "deleted, private_dirty_kb, anonymous_kb, swap_kb) VALUES (1, 200, 70, 9, '7f3a2c010000', '7f3a2c011000', "
       "'r-xp', '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13', 'file', 0, 4, 4, 0)",
       "path", "/usr/lib/x86_64-linux-gnu/libz.so.1.2.13"},
  };
}

TEST(TriageChecks, CleanSnapshotIsSilent) {
  TriageDb db;
  const auto r = run_checks(db.conn(), 1, db.checks(), RunOptions{});
  EXPECT_EQ(r.checks_run, db.checks().size());
  for (const auto& f : r.failures) ADD_FAILURE() << f.id << ": " << f.message;
  for (const auto& f : r.findings) ADD_FAILURE() << "clean snapshot: " << f.check->id << " fired";
}

TEST(TriageChecks, EveryCheckHasAPlantedCase) {
  TriageDb db;
  std::set<std::string> planted;
  for (const auto& p : plants()) planted.insert(p.check);
  for (const auto& c : db.checks()) EXPECT_TRUE(planted.contains(c.id)) << c.id << " has no fixture that fires it";
}

class PlantedIndicator : public ::testing::TestWithParam<Plant> {};

TEST_P(PlantedIndicator, FiresOnItsIndicator) {
  const Plant& p = GetParam();
  TriageDb db;
  EXPECT_TRUE(db.column(p.check, p.column).empty()) << "fires before planting";
  db.conn().exec(p.sql);
  const auto values = db.column(p.check, p.column);
  EXPECT_NE(std::find(values.begin(), values.end(), p.value), values.end())
      << p.check << ": no row with " << p.column << " = " << p.value;
}

INSTANTIATE_TEST_SUITE_P(TriageChecks, PlantedIndicator, ::testing::ValuesIn(plants()),
                         [](const ::testing::TestParamInfo<Plant>& param_info) {
                           std::string n = param_info.param.check;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(TriageChecks, KernelThreadWithExeLinkIsAMasquerade) {
  TriageDb db;
  // PF_KTHREAD set but an exe link and a parent other than kthreadd: forged or hooked stat.
  db.conn().exec(process_400("kworker/1:0", "/tmp/k", "kworker/1:0", 1, 1));
  const auto pids = db.column("kthread-masquerade", "pid");
  EXPECT_EQ(pids, std::vector<std::string>{"400"});
}

TEST(TriageChecks, HiddenPidSilentForPartialCaptures) {
  TriageDb db;
  db.conn().exec("UPDATE proc_stat SET ppid = 666 WHERE pid = 300");
  db.conn().exec(
      "UPDATE snapshots SET collector_argv = '[\"procsnap-collect\",\"-o\",\"x.tar\",\"--pids\",\"1,300\"]'");
  EXPECT_TRUE(db.column("hidden-pid", "hidden_pid").empty());
}

TEST(TriageChecks, HiddenPidIgnoresNetlinkPortidsOfThreads) {
  TriageDb db;
  db.conn().exec(
      "INSERT INTO net_netlink(snapshot_id, netns, line, protocol, portid, inode) VALUES (1, 4026531840, 3, 0, 201, "
      "8002);"
      "INSERT INTO task_stat(snapshot_id, pid, tid, start_time, stat_pid, comm) VALUES (1, 200, 201, 70, 201, 'bash')");
  EXPECT_TRUE(db.column("hidden-pid", "hidden_pid").empty());
  db.conn().exec(
      "INSERT INTO net_netlink(snapshot_id, netns, line, protocol, portid, inode) VALUES (1, 4026531840, 4, 0, 777, "
      "8003)");
  EXPECT_EQ(db.column("hidden-pid", "hidden_pid"), std::vector<std::string>{"777"});
}

TEST(TriageChecks, HiddenPidReportsCollectorPidProbe) {
  TriageDb db;
  // pid 300 was captured only because --hidden-scan found it alive while getdents did not list it.
  db.conn().exec(
      "INSERT INTO members(snapshot_id, path, pid, kind, status, reason) "
      "VALUES (1, 'proc/300/hidden-scan', 300, 'hidden-scan', 'ok', 'not-in-listing');"
      "UPDATE snapshots SET collector_argv = '[\"procsnap-collect\",\"-o\",\"x.tar\",\"--hidden-scan\"]'");
  EXPECT_EQ(db.column("hidden-pid", "hidden_pid"), std::vector<std::string>{"300"});
  EXPECT_EQ(db.column("hidden-pid", "sources"), std::vector<std::string>{"hidden-scan"});
}

TEST(TriageChecks, TracedThreadIsReported) {
  TriageDb db;
  // ptrace attaches per thread: only task/201/status says so.
  db.conn().exec(
      "INSERT INTO task_status(snapshot_id, pid, tid, start_time, name, tgid, status_pid, tracer_pid) "
      "VALUES (1, 200, 200, 70, 'bash', 200, 200, 0), (1, 200, 201, 70, 'bash', 200, 201, 100)");
  EXPECT_EQ(db.column("traced-process", "tid"), std::vector<std::string>{"201"});
}

TEST(TriageChecks, HiddenPidSkipsChildrenForkedAfterTheListing) {
  TriageDb db;
  // 5000 is above every listed pid: forked after the listing (a race), not hidden.
  db.conn().exec(
      "INSERT INTO task_children(snapshot_id, pid, tid, start_time, idx, child_pid) VALUES (1, 200, 200, 70, 1, 5000)");
  EXPECT_TRUE(db.column("hidden-pid", "hidden_pid").empty());
  db.conn().exec(
      "INSERT INTO task_children(snapshot_id, pid, tid, start_time, idx, child_pid) VALUES (1, 200, 200, 70, 2, 150)");
  EXPECT_EQ(db.column("hidden-pid", "hidden_pid"), std::vector<std::string>{"150"});
}

TEST(TriageChecks, FullCapsInAnotherUserNamespaceAreNotReported) {
  TriageDb db;
  db.conn().exec(
      "UPDATE proc_status SET cap_eff = '000001ffffffffff' WHERE pid = 200;"
      "UPDATE proc_namespaces SET inode = 4026532999 WHERE pid = 200 AND name = 'user'");
  EXPECT_TRUE(db.column("full-caps-non-root", "pid").empty());
}

TEST(TriageChecks, ReverseShellIgnoresUnixSockets) {
  TriageDb db;
  db.conn().exec(
      "UPDATE proc_fds SET target = 'socket:[7000]', type = 'socket', inode = 7000 WHERE pid = 200 AND fd IN (0, 1)");
  EXPECT_TRUE(db.column("reverse-shell", "pid").empty());
}

TEST(TriageChecks, ListenerOnLoopbackIsNotReported) {
  TriageDb db;
  db.conn().exec(process_400("srv", "/home/u/bin/srv", "./srv") +
                 "INSERT INTO proc_fds(snapshot_id, pid, start_time, fd, target, type, deleted, inode) "
                 "VALUES (1, 400, 90, 3, 'socket:[9100]', 'socket', 0, 9100);"
                 "INSERT INTO net_tcp(snapshot_id, netns, line, family, protocol, local_address, local_port, "
                 "remote_address, remote_port, state, state_name, inode) "
                 "VALUES (1, 4026531840, 3, 4, 6, '127.0.0.1', 4444, '0.0.0.0', 0, 10, 'LISTEN', 9100)");
  EXPECT_TRUE(db.column("listener-unusual-path", "pid").empty());
}

TEST(TriageChecks, OtherSnapshotsDoNotLeakIn) {
  TriageDb db;
  db.conn().exec(
      "INSERT INTO snapshots(id, archive_sha256, state, header_json, imported_at) VALUES (2, 'bb', 'verified', '{}', "
      "'x');"
      "INSERT INTO proc_maps(snapshot_id, pid, start_time, line, perms, perm_read, perm_write, perm_exec, path, "
      "path_kind, deleted) VALUES (2, 200, 70, 9, 'rwxp', 1, 1, 1, NULL, 'anon', 0)");
  EXPECT_TRUE(db.column("rwx-region", "pid").empty());
}

TEST(TriageChecks, DirtyExecIgnoresPageCacheDirtySharedAndAnonymousMappings) {
  TriageDb db;
  // Private_Dirty without Anonymous: a library written just before it was mapped (page cache not yet written
  // back; the compromised sample's freshly compiled libharmless.so); a shared mapping (writes go to the file);
  // anonymous executable memory (exec-anon-region's); a writable file mapping (data, not code).
  db.conn().exec(
      "INSERT INTO proc_smaps(snapshot_id, pid, start_time, line, perms, path, path_kind, deleted, "
      "private_dirty_kb, anonymous_kb, swap_kb) VALUES "
      "(1, 200, 70, 9, 'r-xp', '/tmp/w/libnew.so', 'file', 0, 4, 0, 0),"
      "(1, 200, 70, 10, 'r-xs', '/dev/shm/jit', 'file', 0, 8, 8, 0),"
      "(1, 200, 70, 11, 'r-xp', NULL, 'anon', 0, 8, 8, 0),"
      "(1, 200, 70, 12, 'rw-p', '/usr/lib/libz.so.1', 'file', 0, 4, 4, 0)");
  EXPECT_TRUE(db.column("dirty-exec-file-mapping", "pid").empty());
  // A private copy swapped out still counts.
  db.conn().exec(
      "INSERT INTO proc_smaps(snapshot_id, pid, start_time, line, perms, path, path_kind, deleted, "
      "private_dirty_kb, anonymous_kb, swap_kb) VALUES (1, 200, 70, 13, 'r-xp', '/usr/lib/libc.so.6', 'file', 0, "
      "0, 0, 4)");
  EXPECT_EQ(db.column("dirty-exec-file-mapping", "path"), std::vector<std::string>{"/usr/lib/libc.so.6"});
}

}  // namespace
}  // namespace procsnap::triage::testing
