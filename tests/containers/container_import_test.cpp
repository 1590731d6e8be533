// import_containers() on archives built in the test: membership, init choice, host reference, and hostile cgroup
// text (a 64 KiB path, ids that are not hex, two processes claiming one container id as different runtimes).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "importer/import_db.hpp"

namespace {

using procsnap::testing::ImportDb;
using procsnap::testing::SnapshotBuilder;
using procsnap::testing::stat_line;

const std::string k_cid = "ae836c95b4c3c9e9179e0e91015512da89fdec91612f63cebae57df9a5444c79";

struct Ns {
  std::uint64_t pid = 4026531836, mnt = 4026531841, net = 4026531840;
};
const Ns k_host{};

/// One process: stat, status (NSpid), cgroup lines and ns links, in the format's member order (stat first).
void add_process(SnapshotBuilder& b, int pid, int ppid, const std::string& nspid, const std::string& cgroup,
                 const Ns& ns, std::uint64_t start = 1000) {
  const std::string p = "proc/" + std::to_string(pid);
  b.file(p + "/stat", stat_line(pid, "proc" + std::to_string(pid), start + static_cast<std::uint64_t>(pid), ppid));
  b.file(p + "/status", "Name:\tproc" + std::to_string(pid) + "\nPid:\t" + std::to_string(pid) + "\nPPid:\t" +
                            std::to_string(ppid) + "\nNSpid:\t" + nspid + "\n");
  b.file(p + "/cgroup", cgroup);
  b.link(p + "/root", "/");
  b.link(p + "/ns/mnt", "mnt:[" + std::to_string(ns.mnt) + "]");
  b.link(p + "/ns/net", "net:[" + std::to_string(ns.net) + "]");
  b.link(p + "/ns/pid", "pid:[" + std::to_string(ns.pid) + "]");
}

/// pid 1 in the host namespaces.
SnapshotBuilder with_host_init() {
  SnapshotBuilder b;
  add_process(b, 1, 0, "1", "0::/init.scope\n", k_host);
  return b;
}

TEST(ContainerImport, ADockerContainerItsInitAndAnExecdProcess) {
  SnapshotBuilder b = with_host_init();
  const Ns c{4026532001, 4026532002, 4026532003};
  const std::string cg = "0::/system.slice/docker-" + k_cid + ".scope\n";
  add_process(b, 500, 1, "500", "0::/system.slice/containerd.service\n", k_host);  // the shim: host cgroup
  add_process(b, 501, 500, "501\t1", cg, c);
  add_process(b, 502, 501, "502\t7", cg, c);
  add_process(b, 503, 500, "503\t9", cg, c);  // docker exec: same namespaces, parent outside
  ImportDb db;
  ASSERT_EQ(db.import(b.build()).outcome, procsnap::importer::ImportOutcome::imported);
  EXPECT_EQ(
      db.one("SELECT runtime || ' ' || recognised_by || ' ' || cgroup_driver || ' v' || cgroup_version || ' init '"
             " || init_pid || ' p1 ' || init_is_pid_1 || ' n ' || process_count || ' hp ' || host_pid_ns || "
             "' hn ' || host_net_ns || ' hm ' || host_mnt_ns || ' ' || pid_ns || ' ' || mnt_ns || ' ' || net_ns "
             "FROM containers WHERE container_id = '" +
             k_cid + "'"),
      "docker docker-<id>.scope systemd v2 init 501 p1 1 n 3 hp 0 hn 0 hm 0 4026532001 4026532002 4026532003");
  EXPECT_EQ(db.one("SELECT group_concat(pid || ':' || pid_in_container, ' ') FROM (SELECT * FROM process_containers "
                   "ORDER BY pid)"),
            "501:1 502:7 503:9");
  EXPECT_EQ(db.count("SELECT count(*) FROM containers"), 1);
  EXPECT_EQ(db.one("SELECT is_host || ' ' || holder_pids || ' ' || container_count FROM net_namespaces "
                   "WHERE netns = 4026532003"),
            "0 501 502 503 1");
  EXPECT_EQ(db.one("SELECT is_host || ' ' || holder_pids || ' ' || quote(container_ids) FROM net_namespaces "
                   "WHERE netns = 4026531840"),
            "1 1 500 NULL");
}

TEST(ContainerImport, AProcessClaimingAContainersCgroupFromOtherNamespacesIsMarked) {
  SnapshotBuilder b = with_host_init();
  const Ns c{4026532001, 4026532002, 4026532003};
  const std::string cg = "0::/system.slice/docker-" + k_cid + ".scope\n";
  add_process(b, 601, 1, "601\t1", cg, c);
  add_process(b, 700, 1, "700", cg, k_host);  // host namespaces, the container's cgroup
  ImportDb db;
  ASSERT_EQ(db.import(b.build()).outcome, procsnap::importer::ImportOutcome::imported);
  EXPECT_EQ(db.one("SELECT init_pid FROM containers"), "601");
  EXPECT_EQ(db.one("SELECT same_pid_ns || same_mnt_ns || same_net_ns FROM process_containers WHERE pid = 700"), "000");
  EXPECT_EQ(db.one("SELECT same_pid_ns || same_mnt_ns || same_net_ns FROM process_containers WHERE pid = 601"), "111");
}

TEST(ContainerImport, AProcessThatEnteredAContainersNamespacesFromAHostCgroupJoinsIt) {
  SnapshotBuilder b = with_host_init();
  const Ns c{4026532001, 4026532002, 4026532003};
  add_process(b, 601, 1, "601\t1", "0::/system.slice/docker-" + k_cid + ".scope\n", c);
  add_process(b, 650, 1, "650\t42", "0::/user.slice/user-0.slice/session-2.scope\n", c);  // nsenter -t 601 -a
  ImportDb db;
  ASSERT_EQ(db.import(b.build()).outcome, procsnap::importer::ImportOutcome::imported);
  EXPECT_EQ(db.count("SELECT count(*) FROM containers"), 1);
  EXPECT_EQ(db.one("SELECT container_id || ' ' || matched_by || ' ' || pid_in_container || ' ' || quote(cgroup_path) "
                   "FROM process_containers WHERE pid = 650"),
            k_cid + " namespaces 42 NULL");
}

TEST(ContainerImport, TwoRuntimesClaimingOneIdGiveOneContainerAndAnIssue) {
  SnapshotBuilder b = with_host_init();
  const Ns c{4026532001, 4026532002, 4026532003};
  add_process(b, 601, 1, "601\t1", "0::/system.slice/docker-" + k_cid + ".scope\n", c);
  add_process(b, 602, 1, "602\t1", "0::/machine.slice/libpod-" + k_cid + ".scope\n",
              Ns{4026532011, 4026532012, 4026532013});
  ImportDb db;
  ASSERT_EQ(db.import(b.build()).outcome, procsnap::importer::ImportOutcome::imported);
  EXPECT_EQ(db.one("SELECT runtime || ' ' || process_count || ' ' || init_pid FROM containers"), "docker 2 601");
  EXPECT_EQ(db.count("SELECT count(*) FROM import_issues WHERE path = 'proc/602/cgroup' AND message LIKE "
                     "'%names container ae836c95%as podman (libpod-<id>.scope), which pid 601 names as docker%'"),
            1);
  EXPECT_EQ(db.one("SELECT same_pid_ns FROM process_containers WHERE pid = 602"), "0");
}

TEST(ContainerImport, HostileCgroupTextGivesNoContainerAndNoCrash) {
  SnapshotBuilder b = with_host_init();
  std::string longpath;
  while (longpath.size() < 64 * 1024) longpath += "/a";
  add_process(b, 801, 1, "801", "0::" + longpath + "/docker-" + k_cid + ".scope\n", k_host);
  add_process(b, 802, 1, "802", "0::/docker/zz836c95b4c3c9e9179e0e91015512da89fdec91612f63cebae57df9a5444c79\n",
              k_host);
  add_process(b, 803, 1, "803", "0::/system.slice/docker-\x1b[31m.scope\n8:pids:/docker/" + k_cid.substr(2) + "\n",
              k_host);
  add_process(b, 804, 1, "804", std::string("garbage without colons\n\0\xff\n", 27), k_host);
  ImportDb db;
  ASSERT_EQ(db.import(b.build()).outcome, procsnap::importer::ImportOutcome::imported);
  EXPECT_EQ(db.count("SELECT count(*) FROM containers"), 0);
  EXPECT_EQ(db.count("SELECT count(*) FROM process_containers"), 0);
  EXPECT_EQ(db.count("SELECT count(*) FROM import_issues WHERE path = 'proc/801/cgroup' AND message LIKE "
                     "'cgroup path of 65%bytes (longer than PATH_MAX 4096): not read for containers'"),
            1);
}

TEST(ContainerImport, IssuesStopAtAThousandAndTheRestAreCounted) {
  SnapshotBuilder b = with_host_init();
  const std::string line = "0::/" + std::string(4100, 'a') + "\n";
  std::string cgroup;
  for (int i = 0; i < 1005; ++i) cgroup += line;
  add_process(b, 801, 1, "801", cgroup, k_host);
  ImportDb db;
  ASSERT_EQ(db.import(b.build()).outcome, procsnap::importer::ImportOutcome::imported);
  EXPECT_EQ(db.count("SELECT count(*) FROM import_issues WHERE path = 'proc/801/cgroup' AND message LIKE '%PATH_MAX%'"),
            1000);
  EXPECT_EQ(db.one("SELECT message FROM import_issues WHERE path = ''"),
            "5 further container import issues not recorded (at most 1000 per archive)");
}

TEST(ContainerImport, NamespacedProcessesWithoutARuntimeCgroupAreGroupedByPidNamespace) {
  SnapshotBuilder b = with_host_init();
  const Ns u{4026532101, 4026532102, 4026531840};  // unshare -p -m -f: own pid and mount, host network
  add_process(b, 900, 1, "900", "0::/user.slice/user-0.slice/session-1.scope\n", k_host);  // unshare itself
  add_process(b, 901, 900, "901\t1", "0::/user.slice/user-0.slice/run-r1.scope\n", u);
  add_process(b, 902, 901, "902\t2", "0::/user.slice/user-0.slice/run-r1.scope\n", u);
  const Ns only_mnt{4026531836, 4026532201, 4026531840};  // a service with PrivateTmp=: own mount namespace only
  add_process(b, 950, 1, "950", "0::/system.slice/chronyd.service\n", only_mnt);
  ImportDb db;
  ASSERT_EQ(db.import(b.build()).outcome, procsnap::importer::ImportOutcome::imported);
  EXPECT_EQ(db.one("SELECT container_id || ' ' || runtime || ' ' || name || ' ' || recognised_by || ' ' || init_pid || "
                   "' ' || process_count || ' hn ' || host_net_ns FROM containers"),
            "pidns:4026532101 systemd-scope run-r1 namespaces 901 2 hn 1");
  EXPECT_EQ(db.one("SELECT group_concat(pid || ':' || matched_by, ' ') FROM process_containers"),
            "901:namespaces 902:namespaces");
}

TEST(ContainerImport, AnUnregisteredNspawnIsItsPayloadBesideItsSupervisor) {
  // systemd-nspawn --register=no --keep-unit (as captured in tests/fixtures/containers/runtimes, hybrid host): nspawn
  // in <cgroup>/supervisor, its container in <cgroup>/payload, in the unified and the name=systemd hierarchies.
  SnapshotBuilder b = with_host_init();
  const Ns n{4026532301, 4026532302, 4026531840};
  add_process(b, 800, 1, "800", "9:name=systemd:/srv.service/supervisor\n0::/srv.service/supervisor\n", k_host);
  add_process(b, 801, 800, "801\t1", "9:name=systemd:/srv.service/payload\n0::/srv.service/payload\n", n);
  // Look-alikes: a /payload whose parent is not in the sibling supervisor (another hierarchy's, or another
  // directory's) is not nspawn.
  const Ns o{4026532401, 4026532402, 4026531840};
  add_process(b, 810, 1, "810", "9:name=systemd:/a/supervisor\n0::/b/supervisor\n", k_host);
  add_process(b, 811, 810, "811\t1", "9:name=systemd:/b/payload\n0::/a/payload\n", o);
  const Ns p{4026532501, 4026532502, 4026531840};
  add_process(b, 821, 1, "821\t1", "0::/payload\n", p);  // parent pid 1, in /init.scope
  ImportDb db;
  ASSERT_EQ(db.import(b.build()).outcome, procsnap::importer::ImportOutcome::imported);
  EXPECT_EQ(db.one("SELECT group_concat(container_id || ' ' || runtime || ' ' || recognised_by || ' ' || "
                   "quote(cgroup_path) || ' v' || quote(cgroup_version) || ' ' || quote(name) || ' ' || init_pid, "
                   "'; ') FROM (SELECT * FROM containers ORDER BY init_pid)"),
            "pidns:4026532301 nspawn namespaces '/srv.service/payload' v2 NULL 801; "
            "pidns:4026532401 unknown namespaces NULL vNULL NULL 811; "
            "pidns:4026532501 unknown namespaces NULL vNULL NULL 821");
}

TEST(ContainerImport, WithoutPid1TheHostIsKthreaddThenTheCollectorsNamespaces) {
  const Ns u{4026532101, 4026532102, 4026531840};
  {
    SnapshotBuilder b;  // pid 1's links denied: kthreadd (pid 2, parent 0) is the host
    add_process(b, 2, 0, "2", "0::/\n", Ns{4026531836, 4026531841, 4026531999});
    add_process(b, 901, 2, "901\t1", "0::/x.service\n", u);
    ImportDb db;
    ASSERT_EQ(db.import(b.build()).outcome, procsnap::importer::ImportOutcome::imported);
    EXPECT_EQ(db.one("SELECT runtime || ' ' || host_net_ns FROM containers"), "unknown 0");
    EXPECT_EQ(db.one("SELECT is_host FROM net_namespaces WHERE netns = 4026531999"), "1");
  }
  {
    SnapshotBuilder b;  // neither: the header's collector_namespaces says only net, so no pid/mnt reference
    add_process(b, 901, 1, "901\t1", "0::/x.service\n", u);
    add_process(b, 902, 1, "902\t1", "0::/system.slice/docker-" + k_cid + ".scope\n", u);
    ImportDb db;
    ASSERT_EQ(db.import(b.build()).outcome, procsnap::importer::ImportOutcome::imported);
    EXPECT_EQ(db.one("SELECT group_concat(runtime || ' ' || quote(host_pid_ns) || ' ' || host_net_ns) FROM containers"),
              "docker NULL 1");
    EXPECT_EQ(db.one("SELECT is_host FROM net_namespaces WHERE netns = 4026531840"), "1");
  }
}

}  // namespace

// procsnap diff: containers started / exited / changed by id (same host), and matched by name, pod or the init's
// command line across hosts (ids differ between hosts).
#include "diff/diff.hpp"

namespace {

std::vector<std::string> container_changes(const procsnap::diff::Result& r) {
  std::vector<std::string> out;
  for (const auto& c : r.changes) {
    if (c.attribute != "container") continue;
    out.push_back(c.kind + " " + c.key.substr(0, 20) + " " + c.before.value_or("-") + " -> " + c.after.value_or("-"));
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ContainerDiff, StartedExitedAndChangedByIdThenMatchedAcrossHostsByNameOrInit) {
  const Ns c1{4026532001, 4026532002, 4026532003}, c2{4026532011, 4026532012, 4026532013};
  const std::string d1 = "0::/system.slice/docker-" + std::string(64, 'a') + ".scope\n";
  const std::string d2 = "0::/system.slice/docker-" + std::string(64, 'b') + ".scope\n";
  const std::string lxc = "0::/lxc.payload.web/init.scope\n";
  SnapshotBuilder a = with_host_init();
  add_process(a, 601, 1, "601\t1", d1, c1);
  add_process(a, 700, 1, "700\t1", lxc, c2);
  SnapshotBuilder b = with_host_init();
  b.started_iso = "2026-11-29T05:00:00.000000000Z";
  add_process(b, 601, 1, "601\t1", d1, c1);
  add_process(b, 602, 601, "602\t2", d1, c1);
  add_process(b, 800, 1, "800\t1", d2, Ns{4026532021, 4026532022, 4026532023});
  b.file("proc/800/cmdline", std::string("nginx\0-g\0daemon off;\0", 21));
  ImportDb db;
  ASSERT_EQ(db.import(a.build(), "a.tar").outcome, procsnap::importer::ImportOutcome::imported);
  ASSERT_EQ(db.import(b.build(), "b.tar").outcome, procsnap::importer::ImportOutcome::imported);
  auto conn = procsnap::importer::open_read_only(db.path);
  procsnap::diff::Options o;
  o.mode = procsnap::diff::Mode::time;
  EXPECT_EQ(container_changes(procsnap::diff::run_diff(conn, 1, 2, o)),
            (std::vector<std::string>{"changed aaaaaaaaaaaaaaaaaaaa docker aaaaaaaaaaaa (1 processes) -> docker "
                                      "aaaaaaaaaaaa (2 processes)",
                                      "exited web lxc web (1 processes) -> -",
                                      "started bbbbbbbbbbbbbbbbbbbb - -> docker bbbbbbbbbbbb (1 processes)"}));
  // Across hosts ids mean nothing: the lxc container is matched by its name, the docker ones by their init's
  // command line (601 has none captured in either snapshot: "?"; 800 runs nginx).
  o.mode = procsnap::diff::Mode::hosts;
  EXPECT_EQ(container_changes(procsnap::diff::run_diff(conn, 1, 2, o)),
            (std::vector<std::string>{"added docker init nginx -g 0 -> 1", "removed lxc name web 1 -> 0"}));
}

}  // namespace

#include "importer/e2e_support.hpp"

namespace {

TEST(ContainerPs, AnExactNameWinsOverTheIdsItPrefixes) {
  if (auto why = procsnap::e2e::unusable_binary(PROCSNAP_BIN)) GTEST_SKIP() << *why;
  SnapshotBuilder b = with_host_init();
  add_process(b, 601, 1, "601\t1", "0::/system.slice/docker-" + k_cid + ".scope\n", Ns{4026532001, 4026532002, 1});
  add_process(b, 701, 1, "701\t1", "0::/lxc.payload.ae/init.scope\n", Ns{4026532011, 4026532012, 2});
  ImportDb db;
  ASSERT_EQ(db.import(b.build()).outcome, procsnap::importer::ImportOutcome::imported);
  const auto by_name =
      procsnap::e2e::run({PROCSNAP_BIN, "ps", "--db", db.path, "--container", "ae", "--format", "csv"});
  EXPECT_EQ(by_name.exit_code, 0) << by_name.err;
  EXPECT_NE(by_name.out.find("\n701,1,"), std::string::npos) << by_name.out;
  EXPECT_EQ(by_name.out.find("\n601,"), std::string::npos) << by_name.out;
  const auto by_prefix =
      procsnap::e2e::run({PROCSNAP_BIN, "ps", "--db", db.path, "--container", "ae83", "--format", "csv"});
  EXPECT_EQ(by_prefix.exit_code, 0) << by_prefix.err;
  EXPECT_NE(by_prefix.out.find("\n601,1,"), std::string::npos) << by_prefix.out;
}

}  // namespace
