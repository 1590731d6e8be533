// The fixture tree tests/fixtures/containers/proc (real kernel text: unshare'd processes in cgroup directories named
// like each runtime's; its README says where every path shape comes from), captured with --proc-root and imported:
// every case of cases.tsv is recognised as the runtime its path belongs to, and the non-containers are in none.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "containers/query_rows.hpp"

namespace {

namespace e2e = procsnap::e2e;

const std::string k_dir = std::string(PROCSNAP_FIXTURES_DIR) + "/containers";

struct Expect {
  std::string runtime;  ///< "" : in no container
  std::string pattern;
  std::string version;
  std::string pod_qos;  ///< "" : NULL
  std::string name;     ///< "" : NULL
};

const std::map<std::string, Expect> k_expect = {
    {"docker-cgroupfs-v1", {"docker", "docker/<id>", "1", "", ""}},
    {"docker-systemd-v2", {"docker", "docker-<id>.scope", "2", "", ""}},
    {"containerd-k8s-systemd-v2", {"containerd", "cri-containerd-<id>.scope", "2", "burstable", ""}},
    {"containerd-kind-v2", {"containerd", "cri-containerd-<id>.scope", "2", "besteffort", ""}},
    {"crio-k8s-systemd-v1", {"cri-o", "crio-<id>.scope", "1", "besteffort", ""}},
    {"crio-conmon-v1", {"", "", "", "", ""}},
    {"crio-k8s-guaranteed-v2", {"cri-o", "crio-<id>.scope", "2", "guaranteed", ""}},
    {"podman-systemd-v2", {"podman", "libpod-<id>.scope", "2", "", ""}},
    {"podman-cgroupfs-v1", {"podman", "libpod_parent/libpod-<id>", "1", "", ""}},
    {"k8s-cgroupfs-v1", {"unknown", "kubepods/<qos>/pod<uid>/<id>", "1", "burstable", ""}},
    {"lxc-payload-v2", {"lxc", "lxc.payload.<name>", "2", "", "buster"}},
    {"lxc-legacy-v1", {"lxc", "lxc/<name>", "1", "", "web01"}},
    {"nspawn-v2", {"nspawn", "machine.slice/machine-<name>.scope", "2", "", "web-1"}},
    {"host-service-v2", {"", "", "", "", ""}},
    {"docker-pid-host-v1", {"docker", "docker/<id>", "1", "", ""}},
};

class ContainerFixture : public procsnap::containers_test::ProcRootImport<ContainerFixture> {
 public:
  static std::string proc_root() { return k_dir + "/proc"; }

 protected:
  static std::string text(const e2e::Value& row, std::string_view key) {
    return procsnap::containers_test::cell(row, key, "");
  }
};

TEST_F(ContainerFixture, EveryCaseIsRecognisedAsItsRuntime) {
  std::ifstream cases(k_dir + "/cases.tsv");
  ASSERT_TRUE(cases) << k_dir << "/cases.tsv";
  std::string line;
  std::size_t n = 0;
  while (std::getline(cases, line)) {
    std::istringstream fields(line);
    std::string pid, name;
    std::getline(fields, pid, '\t');
    std::getline(fields, name, '\t');
    SCOPED_TRACE(name + " pid " + pid);
    ASSERT_TRUE(k_expect.contains(name));
    const Expect& want = k_expect.at(name);
    ++n;
    const auto rows = query(
        "SELECT c.runtime, c.recognised_by, c.cgroup_version, c.pod_qos, c.name, c.init_pid, pc.pid_in_container, "
        "pc.same_pid_ns, c.host_pid_ns, c.host_net_ns, c.host_mnt_ns, c.root, length(c.container_id) AS idlen "
        "FROM process_containers pc JOIN containers c USING (snapshot_id, container_id) WHERE pc.pid = " +
        pid);
    if (want.runtime.empty()) {
      EXPECT_TRUE(rows.empty());
      continue;
    }
    ASSERT_EQ(rows.size(), 1u);
    const auto& r = rows[0];
    EXPECT_EQ(text(r, "runtime"), want.runtime);
    EXPECT_EQ(text(r, "recognised_by"), want.pattern);
    EXPECT_EQ(text(r, "cgroup_version"), want.version);
    EXPECT_EQ(text(r, "pod_qos"), want.pod_qos);
    EXPECT_EQ(text(r, "name"), want.name);
    EXPECT_EQ(text(r, "root"), "/");
    if (want.name.empty()) {
      EXPECT_EQ(text(r, "idlen"), "64");
    }
    if (name == "docker-pid-host-v1") {
      // A host process in another container's cgroup: not its init, not in its namespaces.
      EXPECT_NE(text(r, "init_pid"), pid);
      EXPECT_EQ(text(r, "pid_in_container"), pid);
      EXPECT_EQ(text(r, "same_pid_ns"), "0");
    } else {
      EXPECT_EQ(text(r, "init_pid"), pid);
      EXPECT_EQ(text(r, "pid_in_container"), "1");
      EXPECT_EQ(text(r, "same_pid_ns"), "1");
      EXPECT_EQ(text(r, "host_pid_ns") + text(r, "host_net_ns") + text(r, "host_mnt_ns"), "000");
    }
  }
  EXPECT_EQ(n, k_expect.size());
  // Twelve containers (the docker-pid-host process joins docker-cgroupfs-v1's), each with its own network namespace.
  EXPECT_EQ(text(query("SELECT count(*) AS n FROM containers")[0], "n"), "12");
  EXPECT_EQ(text(query("SELECT count(*) AS n FROM net_namespaces WHERE is_host = 0 AND container_count = 1")[0], "n"),
            "12");
  EXPECT_EQ(text(query("SELECT count(*) AS n FROM import_issues")[0], "n"), "0");
}

TEST_F(ContainerFixture, OsqueryNamedDockerViewsAndTheProcessesColumns) {
  // The two docker cases' containers; the docker-pid-host process is a third process in the first one.
  const auto containers = query(
      "SELECT id, pid, command, state, started_at, privileged, readonly_rootfs, pid_namespace, net_namespace, name, "
      "image FROM docker_containers ORDER BY pid");
  ASSERT_EQ(containers.size(), 2u);
  for (const auto& c : containers) {
    EXPECT_EQ(text(c, "state"), "running");
    EXPECT_EQ(text(c, "id").size(), 64u);
    EXPECT_TRUE(e2e::is_null_at(c, "started_at"));    // the tree has no proc/stat: btime unknown (the live test has it)
    EXPECT_EQ(text(c, "pid_namespace").size(), 10u);  // the init's inode, as text
    EXPECT_TRUE(e2e::is_null_at(c, "name"));
    EXPECT_TRUE(e2e::is_null_at(c, "image"));
    EXPECT_TRUE(e2e::is_null_at(c, "readonly_rootfs"));  // the fixture keeps no mountinfo
    // The fixtures' unshare'd processes kept every capability of the host's init: the bounding sets are equal.
    EXPECT_EQ(text(c, "privileged"), "1");
  }
  const auto procs = query("SELECT id, pid, name, start_time, time, user FROM docker_container_processes ORDER BY pid");
  ASSERT_EQ(procs.size(), 3u);
  for (const auto& p : procs) {
    EXPECT_EQ(text(p, "name"), "sleep");
    EXPECT_EQ(text(p, "time"), "00:00:00");
    EXPECT_TRUE(e2e::is_null_at(p, "user"));
  }
  // processes: container_id and pid_in_container for the container processes, NULL for the host's.
  EXPECT_EQ(text(query("SELECT count(*) AS n FROM processes WHERE container_id IS NOT NULL")[0], "n"), "13");
  EXPECT_EQ(text(query("SELECT count(*) AS n FROM processes WHERE pid_in_container = 1")[0], "n"), "12");
  EXPECT_EQ(text(query("SELECT count(*) AS n FROM processes WHERE pid IN (1, 2) AND container_id IS NULL")[0], "n"),
            "2");
  EXPECT_EQ(text(query("SELECT count(*) AS n FROM container_processes WHERE is_init = 1")[0], "n"), "12");
}

TEST_F(ContainerFixture, PsAndTreeByContainer) {
  // By name, by unique id prefix (the 12 characters docker ps shows), and refusals.
  const auto ps = e2e::run({PROCSNAP_BIN, "ps", "--db", db_, "--container", "web01", "--format", "json"});
  ASSERT_EQ(ps.exit_code, 0) << ps.err;
  const auto rows = e2e::parse_rows(ps.out);
  ASSERT_TRUE(rows.has_value()) << ps.out;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(text((*rows)[0], "cpid"), "1");
  EXPECT_EQ(text((*rows)[0], "comm"), "sleep");

  const auto docker = query("SELECT container_id FROM containers WHERE recognised_by = 'docker/<id>'");
  ASSERT_EQ(docker.size(), 1u);
  const std::string id = text(docker[0], "container_id");
  const auto by_prefix =
      e2e::run({PROCSNAP_BIN, "ps", "--db", db_, "--container", id.substr(0, 12), "--format", "csv"});
  ASSERT_EQ(by_prefix.exit_code, 0) << by_prefix.err;
  EXPECT_EQ(std::count(by_prefix.out.begin(), by_prefix.out.end(), '\n'), 3) << by_prefix.out;  // header + 2 rows

  const auto none = e2e::run({PROCSNAP_BIN, "ps", "--db", db_, "--container", "no-such\x1b[31m"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no container in snapshot 1 is no-such\\x1b[31m"), std::string::npos) << none.err;
  EXPECT_EQ(none.err.find('\x1b'), std::string::npos);
  // Every docker, containerd, cri-o and podman id starts with a hex digit: "" matches none, one digit several.
  std::map<char, int> first;
  for (const auto& r : query("SELECT container_id FROM containers WHERE length(container_id) = 64")) {
    ++first[text(r, "container_id")[0]];
  }
  for (const auto& [c, n] : first) {
    if (n < 2) continue;
    const auto many = e2e::run({PROCSNAP_BIN, "ps", "--db", db_, "--container", std::string(1, c)});
    EXPECT_EQ(many.exit_code, 1);
    EXPECT_NE(many.err.find("more than one container"), std::string::npos) << many.err;
    break;
  }

  // tree: each container's init is labelled where it enters the container; --container keeps one container.
  const auto tree = e2e::run({PROCSNAP_BIN, "tree", "--db", db_});
  ASSERT_EQ(tree.exit_code, 0) << tree.err;
  EXPECT_NE(tree.out.find("sleep  [lxc web01 pid 1]"), std::string::npos) << tree.out;
  EXPECT_NE(tree.out.find("sleep  [nspawn web-1 pid 1]"), std::string::npos) << tree.out;
  EXPECT_NE(tree.out.find("sleep  [docker " + id.substr(0, 12) + " pid 1]"), std::string::npos) << tree.out;
  const auto one = e2e::run({PROCSNAP_BIN, "tree", "--db", db_, "--container", "buster"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(std::count(one.out.begin(), one.out.end(), '\n'), 1) << one.out;
  EXPECT_NE(one.out.find("[lxc buster pid 1]"), std::string::npos) << one.out;
}

}  // namespace
