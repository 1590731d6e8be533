// The fixture tree tests/fixtures/containers/runtimes/proc: real Docker, Podman, LXC and systemd-nspawn containers on
// the test VM, captured by the real collector (capture_runtimes.sh; the README's "Real runtimes" says how), read back
// with --proc-root and imported. Every container is its runtime with the id `docker inspect` / `podman inspect` gave
// (cases.tsv), its init, pids inside and namespace inodes are the kernel's, the runtimes' own processes are in no
// container, and the triage checks fire on the --pid=host, all-capabilities, docker.sock and nsenter cases only.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "containers/query_rows.hpp"

namespace {

namespace e2e = procsnap::e2e;

const std::string k_runtimes_dir = std::string(PROCSNAP_FIXTURES_DIR) + "/containers/runtimes";

/// One line of cases.tsv: a kept pid, what it is ("docker-init:ps-plain", "containerd-shim:ps-plain", "dockerd",
/// ...) and the container id or name its runtime gave ("-" for host processes and the unregistered nspawn).
struct RuntimeCase {
  std::string pid;
  std::string kind;       ///< before the ':'
  std::string container;  ///< after the ':' (docker/podman/lxc/nspawn name), or ""
  std::string id;
};

std::vector<RuntimeCase> read_runtime_cases() {
  std::vector<RuntimeCase> out;
  std::ifstream in(k_runtimes_dir + "/cases.tsv");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    RuntimeCase c;
    std::string what;
    std::getline(fields, c.pid, '\t');
    std::getline(fields, what, '\t');
    std::getline(fields, c.id, '\t');
    const auto colon = what.find(':');
    c.kind = what.substr(0, colon);
    if (colon != std::string::npos) c.container = what.substr(colon + 1);
    out.push_back(c);
  }
  return out;
}

/// The inode in a fixture pid's ns/<name> link ("pid:[4026532176]" -> "4026532176").
std::string fixture_ns_inode(const std::string& pid, const std::string& name) {
  std::error_code ec;
  const std::string t = std::filesystem::read_symlink(k_runtimes_dir + "/proc/" + pid + "/ns/" + name, ec).string();
  const auto open = t.find('[');
  return open == std::string::npos ? "" : t.substr(open + 1, t.size() - open - 2);
}

class ContainerRuntimes : public procsnap::containers_test::ProcRootImport<ContainerRuntimes> {
 public:
  static std::string proc_root() { return k_runtimes_dir + "/proc"; }

 protected:
  void SetUp() override {
    ProcRootImport::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    cases_ = read_runtime_cases();
    ASSERT_EQ(cases_.size(), 24u) << k_runtimes_dir << "/cases.tsv";
  }
  static std::string text(const e2e::Value& row, std::string_view key) {
    return procsnap::containers_test::cell(row, key);
  }
  static std::string one(const std::string& sql) {
    const auto rows = query(sql);
    EXPECT_EQ(rows.size(), 1u) << sql;
    return rows.empty() ? "" : text(rows[0], "v");
  }
  /// The container id a case's process should be in: the runtime's id (docker, podman), the LXC name, the
  /// unregistered nspawn's pid namespace group; "" for the runtimes' own processes.
  static std::string want_container(const RuntimeCase& c) {
    if (c.kind == "nspawn-init") return "pidns:" + fixture_ns_inode(c.pid, "pid");
    return c.id == "-" ? "" : c.id;
  }

  std::vector<RuntimeCase> cases_;
};

TEST_F(ContainerRuntimes, EveryProcessIsInItsRealContainerAndTheRuntimesInNone) {
  std::map<std::string, std::vector<e2e::Value>> by_pid;  // one query: a `procsnap query` per pid is slow
  for (auto& r : query("SELECT pid, container_id, pid_in_container, matched_by, same_pid_ns, same_mnt_ns, "
                       "same_net_ns FROM process_containers")) {
    by_pid[text(r, "pid")].push_back(std::move(r));
  }
  std::set<std::string> containers;
  for (const RuntimeCase& c : cases_) {
    SCOPED_TRACE(c.kind + ":" + c.container + " pid " + c.pid);
    const auto& rows = by_pid[c.pid];
    const std::string want = want_container(c);
    if (want.empty()) {
      EXPECT_TRUE(rows.empty()) << text(rows[0], "container_id");  // dockerd, containerd, shims, conmon, monitors
      continue;
    }
    ASSERT_EQ(rows.size(), 1u);
    containers.insert(want);
    EXPECT_EQ(text(rows[0], "container_id"), want);
    const bool entered = c.kind == "nsenter-child";
    EXPECT_EQ(text(rows[0], "matched_by"), entered || c.kind == "nspawn-init" ? "namespaces" : "cgroup");
    EXPECT_EQ(text(rows[0], "same_pid_ns") + text(rows[0], "same_mnt_ns") + text(rows[0], "same_net_ns"), "111");
    // pid_in_container is NSpid's innermost: 1 for the init of a container with its own pid namespace.
    const bool init = c.kind.ends_with("-init");
    if (c.container == "ps-pidhost") {
      EXPECT_EQ(text(rows[0], "pid_in_container"), c.pid);
    } else if (init) {
      EXPECT_EQ(text(rows[0], "pid_in_container"), "1");
    } else {
      EXPECT_NE(text(rows[0], "pid_in_container"), "1");
      EXPECT_NE(text(rows[0], "pid_in_container"), c.pid);
    }
  }
  // 4 docker, 1 podman, 1 lxc, 1 nspawn; the nsenter'ed and exec'd processes join theirs.
  EXPECT_EQ(containers.size(), 7u);
  EXPECT_EQ(one("SELECT count(*) AS v FROM containers"), "7");
  EXPECT_EQ(one("SELECT count(*) AS v FROM import_issues"), "0");
}

TEST_F(ContainerRuntimes, EachContainerIsItsRuntimeWithItsInitAndNamespaces) {
  std::size_t inits = 0;
  for (const RuntimeCase& c : cases_) {
    if (!c.kind.ends_with("-init")) continue;
    ++inits;
    SCOPED_TRACE(c.kind + ":" + c.container + " pid " + c.pid);
    const auto rows = query(
        "SELECT runtime, recognised_by, cgroup_driver, cgroup_version, cgroup_path, name, init_pid, init_is_pid_1, "
        "pid_ns, mnt_ns, net_ns, uts_ns, ipc_ns, host_pid_ns, host_net_ns, host_mnt_ns FROM containers "
        "WHERE container_id = '" +
        want_container(c) + "'");
    ASSERT_EQ(rows.size(), 1u);
    const auto& r = rows[0];
    EXPECT_EQ(text(r, "init_pid"), c.pid);
    for (const char* ns : {"pid", "mnt", "net", "uts", "ipc"}) {
      EXPECT_EQ(text(r, std::string(ns) + "_ns"), fixture_ns_inode(c.pid, ns)) << ns;
    }
    EXPECT_EQ(text(r, "host_mnt_ns"), "0");
    // On this hybrid host runc and LXC write the same path into every v1 hierarchy and the unified one; the
    // unified line is read first.
    if (c.kind == "docker-init") {
      EXPECT_EQ(text(r, "runtime"), "docker");
      EXPECT_EQ(text(r, "recognised_by"), "docker/<id>");
      EXPECT_EQ(text(r, "cgroup_driver"), "cgroupfs");
      EXPECT_EQ(text(r, "cgroup_version"), "2");
      EXPECT_EQ(text(r, "cgroup_path"), "/docker/" + c.id);
      EXPECT_EQ(c.id.size(), 64u);
      const bool pid_host = c.container == "ps-pidhost";
      EXPECT_EQ(text(r, "init_is_pid_1"), pid_host ? "0" : "1");
      EXPECT_EQ(text(r, "host_pid_ns"), pid_host ? "1" : "0");
      EXPECT_EQ(text(r, "host_net_ns"), "0");  // --network none: a namespace of its own with only lo
    } else if (c.kind == "podman-init") {
      EXPECT_EQ(text(r, "runtime"), "podman");
      EXPECT_EQ(text(r, "recognised_by"), "libpod_parent/libpod-<id>");
      EXPECT_EQ(text(r, "cgroup_path"), "/libpod_parent/libpod-" + c.id);
      EXPECT_EQ(text(r, "host_pid_ns") + text(r, "host_net_ns"), "00");
    } else if (c.kind == "lxc-init") {
      EXPECT_EQ(text(r, "runtime"), "lxc");
      EXPECT_EQ(text(r, "recognised_by"), "lxc.payload.<name>");
      EXPECT_EQ(text(r, "name"), "ps-lxc");
      EXPECT_EQ(text(r, "cgroup_path"), "/lxc.payload.ps-lxc");
      EXPECT_EQ(text(r, "host_pid_ns") + text(r, "host_net_ns"), "00");
    } else {
      ASSERT_EQ(c.kind, "nspawn-init");
      // Not registered with machined: <cgroup>/payload beside nspawn's <cgroup>/supervisor; the host's network.
      EXPECT_EQ(text(r, "runtime"), "nspawn");
      EXPECT_EQ(text(r, "recognised_by"), "namespaces");
      EXPECT_EQ(text(r, "cgroup_path"), "/payload");
      EXPECT_EQ(text(r, "name"), "NULL");
      EXPECT_EQ(text(r, "init_is_pid_1"), "1");
      EXPECT_EQ(text(r, "host_pid_ns") + text(r, "host_net_ns"), "01");
    }
  }
  EXPECT_EQ(inits, 7u);
}

TEST_F(ContainerRuntimes, DockerViewsGiveTheInspectedIds) {
  std::map<std::string, std::string> docker;  // id -> init pid
  std::string caps_id;                        // the all-capabilities container: privileged 1, the others 0
  for (const RuntimeCase& c : cases_) {
    if (c.kind == "docker-init") docker[c.id] = c.pid;
    if (c.kind == "docker-init" && c.container == "ps-caps") caps_id = c.id;
  }
  ASSERT_EQ(docker.size(), 4u);
  const auto rows = query("SELECT id, pid, state, privileged, started_at FROM docker_containers ORDER BY id");
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& r : rows) {
    const std::string id = text(r, "id");
    ASSERT_TRUE(docker.contains(id)) << id;
    EXPECT_EQ(text(r, "pid"), docker[id]);
    EXPECT_EQ(text(r, "state"), "running");
    EXPECT_EQ(text(r, "privileged"), id == caps_id ? "1" : "0") << id;
    EXPECT_NE(text(r, "started_at"), "NULL");  // proc/stat's btime is in the tree
  }
  // The exec'd sleep and the nsenter'ed one are the two processes beyond the four inits.
  EXPECT_EQ(one("SELECT count(*) AS v FROM docker_container_processes"), "6");
}

TEST_F(ContainerRuntimes, TriageFiresOnTheRealRiskyContainersOnly) {
  const auto t = e2e::run({PROCSNAP_BIN, "triage", "--db", db_, "--format", "json", "--max-rows", "0"});
  ASSERT_EQ(t.exit_code, 10) << t.err;  // findings
  auto parsed = procsnap::common::json::parse(t.out);
  ASSERT_TRUE(std::holds_alternative<e2e::Value>(parsed)) << t.out;
  const auto* findings = std::get<e2e::Value>(parsed).value_at("findings").as_array();
  ASSERT_NE(findings, nullptr) << t.out;
  std::map<std::string, std::string> id_of;  // docker container name -> id
  std::string nsenter_child;
  for (const RuntimeCase& c : cases_) {
    if (c.kind == "docker-init") id_of[c.container] = c.id;
    if (c.kind == "nsenter-child") nsenter_child = c.pid;
  }
  // check id -> "container_id pid" of each evidence row
  std::map<std::string, std::multiset<std::string>> seen;
  for (const auto& f : *findings) {
    const std::string id = f.string_at("id").value_or("");
    if (!id.starts_with("container-")) continue;
    for (const auto& row : *f.value_at("rows").as_array()) {
      seen[id].insert(e2e::text_at(row, "container_id").value_or("") + " " + e2e::text_at(row, "pid").value_or(""));
    }
  }
  const std::string sock = id_of["ps-sock"];
  EXPECT_EQ(seen["container-host-namespace"],
            std::multiset<std::string>{id_of["ps-pidhost"] + " " + one("SELECT init_pid AS v FROM containers WHERE "
                                                                       "container_id = '" +
                                                                       id_of["ps-pidhost"] + "'")});
  ASSERT_EQ(seen["container-privileged"].size(), 1u);
  EXPECT_TRUE(seen["container-privileged"].begin()->starts_with(id_of["ps-caps"] + " "));
  // The socket is in the mount table of the container's init and of the process nsenter'ed into it.
  EXPECT_EQ(seen["container-runtime-socket"],
            (std::multiset<std::string>{sock + " " + one("SELECT init_pid AS v FROM containers WHERE container_id = '" +
                                                         sock + "'"),
                                        sock + " " + nsenter_child}));
  // nsenter from a host cgroup is reported; docker exec and podman exec (moved into the container's cgroup) are not.
  EXPECT_EQ(seen["container-namespace-entry"], std::multiset<std::string>{sock + " " + nsenter_child});
  EXPECT_TRUE(seen["container-host-mount-ns"].empty());
  for (const auto& [check, rows] : seen) {
    for (const auto& row : rows) EXPECT_FALSE(row.starts_with(id_of["ps-plain"])) << check << ": " << row;
  }
}

}  // namespace
