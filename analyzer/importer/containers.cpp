// recognize_cgroup_path(): the cgroup path patterns of each container runtime (containers.hpp). Where each pattern
// comes from (runtime, cgroup driver, the document or capture showing it) is in tests/fixtures/containers/README.md.
#include "importer/containers.hpp"

#include <array>
#include <vector>

namespace procsnap::importer {

std::string_view runtime_name(Runtime r) {
  switch (r) {
    case Runtime::docker:
      return "docker";
    case Runtime::containerd:
      return "containerd";
    case Runtime::crio:
      return "cri-o";
    case Runtime::podman:
      return "podman";
    case Runtime::lxc:
      return "lxc";
    case Runtime::nspawn:
      return "nspawn";
    case Runtime::systemd_scope:
      return "systemd-scope";
    case Runtime::unknown:
      break;
  }
  return "unknown";
}

namespace {

bool is_hex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

/// `c` is PREFIX<64 hex>SUFFIX: the hex, else empty.
std::string_view id_between(std::string_view c, std::string_view prefix, std::string_view suffix) {
  if (c.size() != prefix.size() + 64 + suffix.size() || !c.starts_with(prefix) || !c.ends_with(suffix)) return {};
  const std::string_view id = c.substr(prefix.size(), 64);
  return is_hex64(id) ? id : std::string_view{};
}

/// systemd's unit name escaping undone: "\x2d" -> '-'. An escape that is not \xHH stays as written.
std::string unescape_unit(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x' && hex(s[i + 2]) >= 0 && hex(s[i + 3]) >= 0) {
      out += static_cast<char>(hex(s[i + 2]) * 16 + hex(s[i + 3]));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

/// A pod UID as the kubelet writes it into a cgroup name: a UUID (dashes, or underscores under the systemd
/// driver), or 32 hex digits (static pods' UIDs are a hash of the manifest).
std::optional<std::string> pod_uid(std::string_view s) {
  if (s.size() != 32 && s.size() != 36) return std::nullopt;
  std::string out;
  for (const char c : s) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) {
      out += c;
    } else if ((c == '_' || c == '-') && s.size() == 36) {
      out += '-';
    } else {
      return std::nullopt;
    }
  }
  return out;
}

struct Pod {
  std::string uid;
  std::optional<std::string> qos;
};

/// The pod the components before `end` name: systemd driver "kubepods-<qos>-pod<uid>.slice" (also with kind's
/// "kubelet-" prefix; guaranteed pods have no qos part), cgroupfs driver "kubepods/<qos>/pod<uid>".
std::optional<Pod> pod_of(const std::vector<std::string_view>& comps, std::size_t end) {
  bool under_kubepods = false;
  std::optional<std::string> cgroupfs_qos;
  for (std::size_t i = 0; i < end; ++i) {
    std::string_view c = comps[i];
    if (c == "kubepods") {
      under_kubepods = true;
      continue;
    }
    if (under_kubepods && (c == "burstable" || c == "besteffort")) {
      cgroupfs_qos = std::string(c);
      continue;
    }
    if (under_kubepods && c.starts_with("pod")) {
      if (auto uid = pod_uid(c.substr(3))) return Pod{*uid, cgroupfs_qos.value_or("guaranteed")};
    }
    if (c.starts_with("kubelet-")) c.remove_prefix(8);
    if (c.starts_with("kubepods-") && c.ends_with(".slice")) {
      const std::string_view body = c.substr(9, c.size() - 9 - 6);  // between "kubepods-" and ".slice"
      const std::size_t pod = body.rfind("pod");
      if (pod == std::string_view::npos || (pod != 0 && body[pod - 1] != '-')) continue;
      auto uid = pod_uid(body.substr(pod + 3));
      if (!uid) continue;
      const std::string_view qos = pod == 0 ? std::string_view("guaranteed") : body.substr(0, pod - 1);
      if (qos != "guaranteed" && qos != "burstable" && qos != "besteffort") continue;
      return Pod{*uid, std::string(qos)};
    }
  }
  return std::nullopt;
}

/// Components naming a container by its id: Docker, containerd, CRI-O, Podman, Kubernetes' bare ids.
std::optional<CgroupContainer> match_id_component(const std::vector<std::string_view>& comps, std::size_t i) {
  const std::string_view c = comps[i];
  const std::string_view parent = i > 0 ? comps[i - 1] : std::string_view{};
  CgroupContainer m;
  const auto hex = [&](Runtime r, std::string_view id, std::string_view pattern, std::string_view driver) {
    m.runtime = r;
    m.id = std::string(id);
    m.pattern = pattern;
    m.driver = driver;
    if (auto pod = pod_of(comps, i)) {
      m.pod_uid = pod->uid;
      m.pod_qos = pod->qos;
    }
    return m;
  };
  if (auto id = id_between(c, "docker-", ".scope"); !id.empty()) {
    return hex(Runtime::docker, id, "docker-<id>.scope", "systemd");
  }
  if (parent == "docker" && is_hex64(c)) return hex(Runtime::docker, c, "docker/<id>", "cgroupfs");
  if (auto id = id_between(c, "cri-containerd-", ".scope"); !id.empty()) {
    return hex(Runtime::containerd, id, "cri-containerd-<id>.scope", "systemd");
  }
  if (auto id = id_between(c, "crio-", ".scope"); !id.empty()) {
    return hex(Runtime::crio, id, "crio-<id>.scope", "systemd");
  }
  if (auto id = id_between(c, "crio-", ""); !id.empty()) return hex(Runtime::crio, id, "crio-<id>", "cgroupfs");
  if (auto id = id_between(c, "libpod-", ".scope"); !id.empty()) {
    return hex(Runtime::podman, id, "libpod-<id>.scope", "systemd");
  }
  if (auto id = id_between(c, "libpod-payload-", ""); !id.empty()) {
    return hex(Runtime::podman, id, "libpod-payload-<id>", "systemd");
  }
  if (parent == "libpod_parent") {
    if (auto id = id_between(c, "libpod-", ""); !id.empty()) {
      return hex(Runtime::podman, id, "libpod_parent/libpod-<id>", "cgroupfs");
    }
  }
  if (is_hex64(c) && parent.starts_with("pod") && pod_of(comps, i)) {
    // Kubernetes' cgroupfs driver: the runtime (containerd, or dockershim) names the cgroup by the bare id.
    return hex(Runtime::unknown, c, "kubepods/<qos>/pod<uid>/<id>", "cgroupfs");
  }
  return std::nullopt;
}

/// Components naming a container by its name: LXC, systemd-nspawn, libvirt-lxc (a libvirt virtual machine is none).
std::optional<CgroupContainer> match_named_component(const std::vector<std::string_view>& comps, std::size_t i) {
  const std::string_view c = comps[i];
  const std::string_view parent = i > 0 ? comps[i - 1] : std::string_view{};
  CgroupContainer m;
  const auto named = [&](Runtime r, std::string name, std::string_view pattern,
                         std::string_view driver) -> std::optional<CgroupContainer> {
    if (name.empty()) return std::nullopt;
    m.runtime = r;
    m.id = name;
    m.name = std::move(name);
    m.pattern = pattern;
    m.driver = driver;
    return m;
  };
  if (c.starts_with("lxc.payload."))
    return named(Runtime::lxc, std::string(c.substr(12)), "lxc.payload.<name>", "cgroupfs");
  if (parent == "lxc.payload") return named(Runtime::lxc, std::string(c), "lxc.payload/<name>", "cgroupfs");
  if (parent == "lxc" && i == 1) return named(Runtime::lxc, std::string(c), "lxc/<name>", "cgroupfs");
  if (parent == "machine.slice" && c.starts_with("machine-") && c.ends_with(".scope") && c.size() > 14) {
    std::string name = unescape_unit(c.substr(8, c.size() - 14));
    if (name.starts_with("qemu-")) return std::nullopt;  // a libvirt virtual machine: qemu runs on the host
    if (name.starts_with("lxc-"))
      return named(Runtime::lxc, std::move(name), "machine.slice/machine-lxc-<pid>-<name>.scope", "systemd");
    return named(Runtime::nspawn, std::move(name), "machine.slice/machine-<name>.scope", "systemd");
  }
  if (parent == "machine.slice" && c.starts_with("systemd-nspawn@") && c.ends_with(".service") && c.size() > 23) {
    return named(Runtime::nspawn, unescape_unit(c.substr(15, c.size() - 23)),
                 "machine.slice/systemd-nspawn@<name>.service", "systemd");
  }
  return std::nullopt;
}

/// The container one cgroup path component names (with its parent for context), if any.
std::optional<CgroupContainer> match_component(const std::vector<std::string_view>& comps, std::size_t i) {
  if (auto m = match_id_component(comps, i)) return m;
  return match_named_component(comps, i);
}

}  // namespace

std::optional<CgroupContainer> recognize_cgroup_path(std::string_view path) {
  if (path.size() > k_max_cgroup_path) return std::nullopt;
  if (path.ends_with(" (deleted)")) path.remove_suffix(10);
  std::vector<std::string_view> comps;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) comps.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  for (std::size_t i = comps.size(); i-- > 0;) {
    if (auto m = match_component(comps, i)) return m;
  }
  return std::nullopt;
}

}  // namespace procsnap::importer
