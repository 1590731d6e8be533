// Live: a process in new pid, mount, network, UTS and IPC namespaces (unshare), placed in a cgroup directory named as
// Docker's systemd driver names a container's, and a process that entered its pid and mount namespaces from a host
// cgroup (nsenter, as docker exec does): captured, imported, found as one docker container. Needs root (skipped
// otherwise); the cgroup part is skipped, with the reason, where no cgroup directory can be made.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "containers/query_rows.hpp"

namespace {

namespace e2e = procsnap::e2e;
using procsnap::containers_test::rows_of;

std::string text(const e2e::Value& row, std::string_view key) { return procsnap::containers_test::cell(row, key); }

/// A command run in its own process group, killed whole (SIGKILL) and reaped at scope exit.
class Group {
 public:
  explicit Group(std::vector<std::string> argv) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
    if (pid_ > 0) ::setpgid(pid_, pid_);
  }
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;
  ~Group() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string slurp_link(const std::string& path) {
  std::error_code ec;
  return std::filesystem::read_symlink(path, ec).string();
}

/// The first child of `pid` once it has exec'd `comm` (polled: the fork and exec happen after ours returns).
pid_t child_running(pid_t pid, const std::string& comm) {
  for (int i = 0; i < 1000; ++i) {
    const std::string kids = slurp("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
    const pid_t kid = static_cast<pid_t>(std::atoi(kids.c_str()));
    if (kid > 0 && slurp("/proc/" + std::to_string(kid) + "/comm") == comm + "\n") return kid;
    ::usleep(10'000);
  }
  return -1;
}

/// The cgroup v2 hierarchy's mount point (a pure v2 host, or a hybrid host's "unified"), or "".
std::string cgroup2_root() {
  for (const char* p : {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"}) {
    if (std::filesystem::exists(std::string(p) + "/cgroup.procs") &&
        (std::string(p) != "/sys/fs/cgroup" || std::filesystem::exists("/sys/fs/cgroup/cgroup.controllers"))) {
      return p;
    }
  }
  return "";
}

std::string random_id() {
  std::random_device rd;
  std::string s;
  for (int i = 0; i < 64; ++i) s += "0123456789abcdef"[rd() % 16];
  return s;
}

/// A cgroup v2 directory named as Docker's systemd driver names a container's, <v2 root>/system.slice/docker-<id>.scope
/// (a random id), removed at scope exit with system.slice when this made it. Declare it before the processes moved
/// into it: a cgroup directory can be removed only once they are gone.
class DockerScope {
 public:
  DockerScope() : id_(random_id()) {
    const std::string root = cgroup2_root();
    if (root.empty()) {
      why_ = "no cgroup v2 hierarchy mounted at /sys/fs/cgroup or /sys/fs/cgroup/unified";
      return;
    }
    slice_ = root + "/system.slice";
    made_slice_ = ::mkdir(slice_.c_str(), 0755) == 0;
    scope_ = slice_ + "/docker-" + id_ + ".scope";
    if (::mkdir(scope_.c_str(), 0755) != 0) {
      why_ = "cannot create the cgroup directory " + scope_ + ": " + std::strerror(errno);
      if (made_slice_) ::rmdir(slice_.c_str());
      made_slice_ = false;
      scope_.clear();
    }
  }
  DockerScope(const DockerScope&) = delete;
  DockerScope& operator=(const DockerScope&) = delete;
  ~DockerScope() {
    if (!made()) return;
    for (int i = 0; i < 500 && ::rmdir(scope_.c_str()) != 0 && errno == EBUSY; ++i) ::usleep(10'000);
    if (made_slice_) ::rmdir(slice_.c_str());
  }
  [[nodiscard]] bool made() const { return !scope_.empty(); }
  [[nodiscard]] const std::string& why() const { return why_; }
  [[nodiscard]] const std::string& id() const { return id_; }
  /// Moves `pid` into the directory; true when its cgroup file then names it.
  [[nodiscard]] bool move_in(pid_t pid) const {
    std::ofstream(scope_ + "/cgroup.procs") << pid << "\n";
    return slurp("/proc/" + std::to_string(pid) + "/cgroup").find("docker-" + id_ + ".scope") != std::string::npos;
  }

 private:
  std::string id_, slice_, scope_, why_;
  bool made_slice_ = false;
};

/// Why a live test of a process in a DockerScope cannot run here (not root, a binary unusable), or nullopt.
std::optional<std::string> cannot_run_in_a_docker_scope() {
  if (::geteuid() != 0) return "needs root: unshare of pid/net/mount namespaces and a cgroup directory";
  for (const char* bin : {PROCSNAP_COLLECT_BIN, PROCSNAP_BIN}) {
    if (auto why = e2e::unusable_binary(bin)) return why;
  }
  return std::nullopt;
}

TEST(ContainerLive, UnsharedProcessInADockerNamedCgroupAndAnNsenteredOne) {
  if (auto why = cannot_run_in_a_docker_scope()) GTEST_SKIP() << *why;
  const DockerScope cg;
  if (!cg.made()) GTEST_SKIP() << cg.why();
  const std::string& id = cg.id();

  Group box({"unshare", "-p", "-m", "-n", "-u", "-i", "-f", "--mount-proc", "sleep", "600"});
  const pid_t init = child_running(box.pid(), "sleep");
  ASSERT_GT(init, 0) << "unshare's child did not start";
  ASSERT_TRUE(cg.move_in(init));
  Group entry({"nsenter", "-t", std::to_string(init), "-p", "-m", "sleep", "601"});
  const pid_t entered = child_running(entry.pid(), "sleep");
  ASSERT_GT(entered, 0) << "nsenter's child did not start";

  e2e::TempDir dir;
  const std::string db = dir.file("live.db");
  const std::string pids = std::to_string(box.pid()) + "," + std::to_string(init) + "," + std::to_string(entry.pid()) +
                           "," + std::to_string(entered);
  ASSERT_EQ(e2e::capture_and_import(PROCSNAP_COLLECT_BIN, PROCSNAP_BIN, {"--pids", pids, "--no-threads"},
                                    dir.file("live.tar"), db)
                .value_or(""),
            "");
  const auto rows = rows_of(db,
                            "SELECT container_id, runtime, recognised_by, cgroup_version, init_pid, init_is_pid_1, "
                            "host_pid_ns, host_net_ns, host_mnt_ns, process_count, root FROM containers");
  ASSERT_EQ(rows.size(), 1u);
  const auto& c = rows[0];
  EXPECT_EQ(text(c, "container_id"), id);
  EXPECT_EQ(text(c, "runtime"), "docker");
  EXPECT_EQ(text(c, "recognised_by"), "docker-<id>.scope");
  EXPECT_EQ(text(c, "cgroup_version"), "2");
  EXPECT_EQ(text(c, "init_pid"), std::to_string(init));
  EXPECT_EQ(text(c, "init_is_pid_1"), "1");
  EXPECT_EQ(text(c, "host_pid_ns") + text(c, "host_net_ns") + text(c, "host_mnt_ns"), "000");
  EXPECT_EQ(text(c, "process_count"), "2");
  EXPECT_EQ(text(c, "root"), "/");

  const auto members = rows_of(db,
                               "SELECT pid, pid_in_container, matched_by, same_pid_ns, same_mnt_ns, same_net_ns "
                               "FROM process_containers ORDER BY matched_by");
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(text(members[0], "pid"), std::to_string(init));
  EXPECT_EQ(text(members[0], "matched_by"), "cgroup");
  EXPECT_EQ(text(members[0], "pid_in_container"), "1");
  EXPECT_EQ(text(members[1], "pid"), std::to_string(entered));
  EXPECT_EQ(text(members[1], "matched_by"), "namespaces");
  EXPECT_EQ(text(members[1], "pid_in_container"), "2");  // the second process of the new pid namespace
  EXPECT_EQ(text(members[1], "same_pid_ns") + text(members[1], "same_mnt_ns") + text(members[1], "same_net_ns"),
            "110");  // nsenter -p -m: not the network namespace

  // The unshare process itself made the namespaces but stayed in the host's pid namespace: in no container. Its
  // network namespace is the container's: net_namespaces lists both holders and the one container (the nsenter'd
  // process kept the host's network namespace, whose row lists the container too).
  const auto nets =
      rows_of(db,
              "SELECT holder_pids, container_ids, is_host FROM net_namespaces WHERE netns = (SELECT net_ns FROM "
              "containers)");
  ASSERT_EQ(nets.size(), 1u);
  EXPECT_EQ(text(nets[0], "holder_pids"), std::to_string(box.pid()) + " " + std::to_string(init));
  EXPECT_EQ(text(nets[0], "container_ids"), id);
  EXPECT_EQ(text(nets[0], "is_host"), "0");

  // The osquery-named views and the processes view's columns.
  const auto docker = rows_of(db,
                              "SELECT d.id, d.pid, d.command, d.state, d.started_at, d.privileged, d.readonly_rootfs, "
                              "d.net_namespace, strftime('%Y-%m-%dT%H:%M:%SZ', p.start_time, 'unixepoch') AS want "
                              "FROM docker_containers d JOIN processes p USING (snapshot_id, pid)");
  ASSERT_EQ(docker.size(), 1u);
  const auto& d = docker[0];
  EXPECT_EQ(text(d, "id"), id);
  EXPECT_EQ(text(d, "pid"), std::to_string(init));
  EXPECT_EQ(text(d, "command"), "sleep 600");
  EXPECT_EQ(text(d, "state"), "running");
  EXPECT_EQ(text(d, "started_at"), text(d, "want"));
  EXPECT_EQ(text(d, "readonly_rootfs"), "0");
  const std::string netns = slurp_link("/proc/" + std::to_string(init) + "/ns/net");
  EXPECT_EQ("net:[" + text(d, "net_namespace") + "]", netns);
  const auto procs = rows_of(db,
                             "SELECT pid, container_id, pid_in_container FROM processes WHERE container_id IS NOT "
                             "NULL ORDER BY pid_in_container");
  ASSERT_EQ(procs.size(), 2u);
  EXPECT_EQ(text(procs[0], "pid"), std::to_string(init));
  EXPECT_EQ(text(procs[1], "pid"), std::to_string(entered));
  const auto dprocs = rows_of(db, "SELECT count(*) AS n FROM docker_container_processes");
  EXPECT_EQ(text(dprocs[0], "n"), "2");

  // Triage: the init kept every capability of unshare (its parent): privileged; the nsenter'd process entered the
  // container's namespaces from a host cgroup. Its own namespaces are not the host's: no host-namespace finding.
  const auto t = e2e::run({PROCSNAP_BIN, "triage", "--db", db, "1", "--format", "json"});
  EXPECT_EQ(t.exit_code, 10) << t.err;
  EXPECT_NE(t.out.find("\"container-privileged\""), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("\"container-namespace-entry\""), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("entered-namespaces"), std::string::npos) << t.out;
  EXPECT_EQ(t.out.find("\"container-host-namespace\""), std::string::npos) << t.out;
  EXPECT_EQ(t.out.find("\"container-host-mount-ns\""), std::string::npos) << t.out;
}

// What each container listens on: a listener inside a container's own network namespace, found by README's query
// (listening_ports through processes.container_id) and through net_namespaces joined to net_tcp by netns. The host
// never sees the port: the namespace has only its own (down) loopback.
TEST(ContainerLive, WhatEachContainerListensOnByProcessAndByNetworkNamespace) {
  if (auto why = cannot_run_in_a_docker_scope()) GTEST_SKIP() << *why;
  const DockerScope cg;
  if (!cg.made()) GTEST_SKIP() << cg.why();
  Group box({"unshare", "-p", "-m", "-n", "-u", "-i", "-f", "--mount-proc", "python3", "-c",
             "import socket, time\n"
             "s = socket.socket()\n"
             "s.bind(('0.0.0.0', 8080))\n"
             "s.listen()\n"
             "time.sleep(600)\n"});
  const pid_t init = child_running(box.pid(), "python3");
  ASSERT_GT(init, 0) << "unshare's child did not start";
  ASSERT_TRUE(cg.move_in(init));
  // Listening (state 0A) on port 0x1F90 in the container's namespace, as the kernel shows it to that namespace.
  bool listening = false;
  for (int i = 0; i < 1000 && !listening; ++i) {
    listening = slurp("/proc/" + std::to_string(init) + "/net/tcp").find(":1F90 00000000:0000 0A") != std::string::npos;
    if (!listening) ::usleep(10'000);
  }
  ASSERT_TRUE(listening) << "the listener did not start";

  e2e::TempDir dir;
  const std::string db = dir.file("listen.db");
  ASSERT_EQ(e2e::capture_and_import(PROCSNAP_COLLECT_BIN, PROCSNAP_BIN,
                                    {"--pids", std::to_string(box.pid()) + "," + std::to_string(init), "--no-threads"},
                                    dir.file("listen.tar"), db)
                .value_or(""),
            "");
  const auto by_process =
      rows_of(db,
              "SELECT c.container_id, l.port, l.address, l.pid FROM listening_ports l JOIN processes "
              "p USING (snapshot_id, pid) JOIN containers c USING (snapshot_id, container_id)");
  ASSERT_EQ(by_process.size(), 1u);
  EXPECT_EQ(text(by_process[0], "container_id"), cg.id());
  EXPECT_EQ(text(by_process[0], "port"), "8080");
  EXPECT_EQ(text(by_process[0], "address"), "0.0.0.0");
  EXPECT_EQ(text(by_process[0], "pid"), std::to_string(init));

  const auto by_netns = rows_of(db,
                                "SELECT n.container_ids, n.is_host, n.has_net_tables, t.local_address, t.local_port "
                                "FROM net_namespaces n JOIN net_tcp t USING (snapshot_id, netns) WHERE t.state_name = "
                                "'LISTEN' AND n.container_count > 0");
  ASSERT_EQ(by_netns.size(), 1u);
  EXPECT_EQ(text(by_netns[0], "container_ids"), cg.id());
  EXPECT_EQ(text(by_netns[0], "is_host"), "0");
  EXPECT_EQ(text(by_netns[0], "has_net_tables"), "1");
  EXPECT_EQ(text(by_netns[0], "local_address") + ":" + text(by_netns[0], "local_port"), "0.0.0.0:8080");
}

// osquery#5582: a container's executable exists only in its own mount namespace (its image), so a check that
// stat()s the exe path on the host calls it deleted. procsnap never stats the host: the exe link text is the path
// in the process's mount namespace and on_disk is 0 only when the kernel says ' (deleted)'.
TEST(ContainerLive, AnExecutableThatExistsOnlyInItsMountNamespaceIsNotDeleted) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root: unshare of a mount namespace and a tmpfs mount";
  for (const char* bin : {PROCSNAP_COLLECT_BIN, PROCSNAP_BIN}) {
    if (auto why = e2e::unusable_binary(bin)) GTEST_SKIP() << *why;
  }
  e2e::TempDir dir;
  const std::string image = dir.file("image");
  ASSERT_TRUE(std::filesystem::create_directory(image));
  Group box({"unshare", "-m", "--propagation", "private", "sh", "-c",
             "mount -t tmpfs image \"$1\" && cp /bin/sleep \"$1/imgsleep\" && exec \"$1/imgsleep\" 600", "sh", image});
  pid_t pid = -1;
  for (int i = 0; i < 1000 && pid < 0; ++i) {
    if (slurp("/proc/" + std::to_string(box.pid()) + "/comm") == "imgsleep\n") pid = box.pid();
    ::usleep(10'000);
  }
  ASSERT_GT(pid, 0) << "the image's sleep did not start";
  ASSERT_FALSE(std::filesystem::exists(image + "/imgsleep")) << "the tmpfs is visible on the host: not a test";
  const std::string db = dir.file("m.db");
  ASSERT_EQ(e2e::capture_and_import(PROCSNAP_COLLECT_BIN, PROCSNAP_BIN, {"--pids", std::to_string(pid), "--no-threads"},
                                    dir.file("m.tar"), db)
                .value_or(""),
            "");
  const auto rows = rows_of(db,
                            "SELECT path, on_disk, (SELECT deleted FROM proc_links l WHERE l.pid = p.pid AND "
                            "l.name = 'exe') AS deleted FROM processes p WHERE pid = " +
                                std::to_string(pid));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(text(rows[0], "path"), image + "/imgsleep");
  EXPECT_EQ(text(rows[0], "on_disk"), "NULL");  // unknown offline, never "not on disk"
  EXPECT_EQ(text(rows[0], "deleted"), "0");
  const auto t = e2e::run({PROCSNAP_BIN, "triage", "--db", db, "1", "--format", "json"});
  EXPECT_EQ(t.out.find("\"exe-deleted\""), std::string::npos) << t.out;
}

}  // namespace
