// recognize_cgroup_path(): each runtime's cgroup path shapes (tests/fixtures/containers/README.md says where each
// comes from) and paths that must not be taken for a container.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "importer/containers.hpp"

namespace {

using procsnap::importer::recognize_cgroup_path;
using procsnap::importer::Runtime;
using procsnap::importer::runtime_name;

const std::string k_docker_id = "ae836c95b4c3c9e9179e0e91015512da89fdec91612f63cebae57df9a5444c79";
const std::string k_docker_id2 = "0ba8ac17e4e7a31fb82279503552fe94e64bab4745bf6fd2ff231e7c8ca8bed0";

struct Want {
  std::string path;
  Runtime runtime;
  std::string id;
  std::string pattern;
  std::string driver;
  std::string pod_uid;  ///< "" for none
  std::string pod_qos;
  std::string name;  ///< "" for none
};

TEST(CgroupRecognition, EveryRuntimesPathShapes) {
  const std::string uid = "55c6c714-b240-4dec-9a45-57b61696ab6e";
  const std::string uid_ = "55c6c714_b240_4dec_9a45_57b61696ab6e";
  const std::vector<Want> cases = {
      {"/docker/" + k_docker_id, Runtime::docker, k_docker_id, "docker/<id>", "cgroupfs", "", "", ""},
      {"/system.slice/docker-" + k_docker_id + ".scope", Runtime::docker, k_docker_id, "docker-<id>.scope", "systemd",
       "", "", ""},
      {"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uid_ + ".slice/cri-containerd-" +
           k_docker_id + ".scope",
       Runtime::containerd, k_docker_id, "cri-containerd-<id>.scope", "systemd", uid, "burstable", ""},
      {"/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + uid_ + ".slice/crio-" + k_docker_id +
           ".scope",
       Runtime::crio, k_docker_id, "crio-<id>.scope", "systemd", uid, "besteffort", ""},
      {"/kubepods.slice/kubepods-pod" + uid_ + ".slice/crio-" + k_docker_id + ".scope", Runtime::crio, k_docker_id,
       "crio-<id>.scope", "systemd", uid, "guaranteed", ""},
      {"/kubepods/besteffort/pod" + uid + "/crio-" + k_docker_id, Runtime::crio, k_docker_id, "crio-<id>", "cgroupfs",
       uid, "besteffort", ""},
      {"/kubepods/burstable/pod" + uid + "/" + k_docker_id, Runtime::unknown, k_docker_id,
       "kubepods/<qos>/pod<uid>/<id>", "cgroupfs", uid, "burstable", ""},
      {"/kubepods/pod" + uid + "/" + k_docker_id, Runtime::unknown, k_docker_id, "kubepods/<qos>/pod<uid>/<id>",
       "cgroupfs", uid, "guaranteed", ""},
      // A static pod's UID is 32 hex digits (a hash of its manifest): kubernetes/kubernetes#26751 era layouts.
      {"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod8daa50c3a64c9ff60bb9eab7b44b56fd.slice/"
       "cri-containerd-" +
           k_docker_id + ".scope",
       Runtime::containerd, k_docker_id, "cri-containerd-<id>.scope", "systemd", "8daa50c3a64c9ff60bb9eab7b44b56fd",
       "burstable", ""},
      {"/machine.slice/libpod-" + k_docker_id + ".scope", Runtime::podman, k_docker_id, "libpod-<id>.scope", "systemd",
       "", "", ""},
      {"/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + k_docker_id + ".scope/container",
       Runtime::podman, k_docker_id, "libpod-<id>.scope", "systemd", "", "", ""},
      {"/system.slice/app.service/libpod-payload-" + k_docker_id, Runtime::podman, k_docker_id, "libpod-payload-<id>",
       "systemd", "", "", ""},
      {"/libpod_parent/libpod-" + k_docker_id, Runtime::podman, k_docker_id, "libpod_parent/libpod-<id>", "cgroupfs",
       "", "", ""},
      {"/lxc.payload.buster/system.slice/networking.service", Runtime::lxc, "buster", "lxc.payload.<name>", "cgroupfs",
       "", "", "buster"},
      {"/lxc.payload/c1", Runtime::lxc, "c1", "lxc.payload/<name>", "cgroupfs", "", "", "c1"},
      {"/lxc/web01/init.scope", Runtime::lxc, "web01", "lxc/<name>", "cgroupfs", "", "", "web01"},
      {"/machine.slice/machine-web\\x2d1.scope/payload", Runtime::nspawn, "web-1", "machine.slice/machine-<name>.scope",
       "systemd", "", "", "web-1"},
      {"/machine.slice/systemd-nspawn@db.service/payload/system.slice", Runtime::nspawn, "db",
       "machine.slice/systemd-nspawn@<name>.service", "systemd", "", "", "db"},
      {"/machine.slice/machine-lxc\\x2d1268\\x2dsl.scope", Runtime::lxc, "lxc-1268-sl",
       "machine.slice/machine-lxc-<pid>-<name>.scope", "systemd", "", "", "lxc-1268-sl"},
      // kind: a Kubernetes node in a Docker container; the pod's container (innermost) wins.
      {"/docker/" + k_docker_id2 +
           "/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/"
           "kubelet-kubepods-besteffort-pod" +
           uid_ + ".slice/cri-containerd-" + k_docker_id + ".scope",
       Runtime::containerd, k_docker_id, "cri-containerd-<id>.scope", "systemd", uid, "besteffort", ""},
      {"/docker/" + k_docker_id2 + "/system.slice/containerd.service", Runtime::docker, k_docker_id2, "docker/<id>",
       "cgroupfs", "", "", ""},
      {"/system.slice/docker-" + k_docker_id + ".scope (deleted)", Runtime::docker, k_docker_id, "docker-<id>.scope",
       "systemd", "", "", ""},
  };
  for (const auto& w : cases) {
    SCOPED_TRACE(w.path);
    const auto m = recognize_cgroup_path(w.path);
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(runtime_name(m->runtime), runtime_name(w.runtime));
    EXPECT_EQ(m->id, w.id);
    EXPECT_EQ(m->pattern, w.pattern);
    EXPECT_EQ(m->driver, w.driver);
    EXPECT_EQ(m->pod_uid.value_or(""), w.pod_uid);
    EXPECT_EQ(m->pod_qos.value_or(""), w.pod_qos);
    EXPECT_EQ(m->name.value_or(""), w.name);
  }
}

TEST(CgroupRecognition, HostPathsAndRuntimeHelpersAreNoContainer) {
  for (
      const std::string& p : std::vector<std::string>{
          "/", "", "/init.scope", "/system.slice/cron.service", "/user.slice/user-0.slice/session-3.scope",
          "/system.slice/containerd.service", "/system.slice/docker.service",
          "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod55c6c714_b240_4dec_9a45_57b61696ab6e.slice",
          "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod55c6c714_b240_4dec_9a45_57b61696ab6e.slice/"
          "crio-conmon-" +
              k_docker_id + ".scope",
          "/machine.slice/libpod-conmon-" + k_docker_id + ".scope", "/lxc.monitor.buster", "/machine.slice",
          "/machine.slice/machine-qemu\\x2d1\\x2dwin10.scope/libvirt/vcpu0",  // a libvirt VM: qemu runs on the host
          "/docker", "/lxc", "/machine.slice/machine-.scope"}) {
    EXPECT_FALSE(recognize_cgroup_path(p).has_value()) << p;
  }
}

TEST(CgroupRecognition, IdsThatAreNotTheRuntimesFormAreRefused) {
  const std::string upper = "AE836C95B4C3C9E9179E0E91015512DA89FDEC91612F63CEBAE57DF9A5444C79";
  for (const std::string& p : std::vector<std::string>{
           "/docker/" + k_docker_id.substr(1),  // 63 digits
           "/docker/" + k_docker_id + "0",      // 65
           "/docker/" + upper,                  // the runtimes write lower case
           "/docker/zz836c95b4c3c9e9179e0e91015512da89fdec91612f63cebae57df9a5444c79",
           "/system.slice/docker-" + k_docker_id.substr(0, 12) + ".scope",  // a short id
           "/system.slice/docker-../../etc.scope", "/system.slice/docker-" + k_docker_id + ".scope.x",
           "/system.slice/docker-" + std::string(64, 'g') + ".scope",
           "/kubepods/burstable/podnot-a-uid/" + k_docker_id,  // a bare id needs a real pod directory above it
           "/libpod-" + k_docker_id,                           // libpod-<id> without .scope needs libpod_parent
           "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podXYZ.slice/cri-containerd-" + upper +
               ".scope"}) {
    EXPECT_FALSE(recognize_cgroup_path(p).has_value()) << p;
  }
  // A pod slice that is not a UID leaves the container recognised without a pod.
  const auto m = recognize_cgroup_path(
      "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podXYZ.slice/crio-" + k_docker_id + ".scope");
  ASSERT_TRUE(m.has_value());
  EXPECT_FALSE(m->pod_uid.has_value());
}

TEST(CgroupRecognition, PathsLongerThanPathMaxAreNotRead) {
  // 64 KiB of nested directories ending in a valid docker scope: no kernel writes that; refused, in linear time.
  std::string p;
  while (p.size() < 64 * 1024) p += "/a";
  EXPECT_FALSE(recognize_cgroup_path(p + "/docker-" + k_docker_id + ".scope").has_value());
  // At PATH_MAX it is still read.
  std::string q = "/docker-" + k_docker_id + ".scope";
  q = std::string(procsnap::importer::k_max_cgroup_path - q.size(), '/') + q;
  ASSERT_EQ(q.size(), procsnap::importer::k_max_cgroup_path);
  EXPECT_TRUE(recognize_cgroup_path(q).has_value());
}

}  // namespace
