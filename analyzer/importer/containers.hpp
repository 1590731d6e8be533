#pragma once
// Containers, recognised at import (schema/80_containers.sql): which container each process is in, its pid inside,
// the container's init and namespaces, and who holds each network namespace.
//
// Two steps:
//   - recognize_cgroup_path(): pure, one cgroup path in, the runtime's container (if its path names one) out. The
//     patterns are the runtimes' documented cgroup layouts, cgroup v1 and v2, both cgroup drivers (cgroupfs and
//     systemd); tests/fixtures/containers/README.md lists each with where it comes from.
//   - import_containers(): the post-import pass. It runs inside the archive's transaction after every member's rows
//     are written (as import_memory does) and derives containers, process_containers and net_namespaces from
//     proc_stat, proc_status (NSpid), proc_cgroup, proc_namespaces and proc_links (root).
//
// Decisions (also in the column comments of schema/80_containers.sql):
//   - The host is pid 1's namespaces when its links were captured, else kthreadd's (pid 2 with parent 0: kernel
//     threads stay in the initial namespaces), else the collector's own (header collector_namespaces). A process in the
//     host's pid and mount namespaces whose cgroup names no container is in no container.
//   - A process's container is the innermost runtime path component of its cgroup (a Kubernetes node inside a
//     Docker container, as kind runs them, gives the pod's container, not the node's). The v2 line (hierarchy 0)
//     is tried first, then the v1 lines in file order.
//   - Ids must be exactly what the runtime writes (64 lower-case hex digits for docker, containerd, cri-o and
//     podman): anything else is not recognised. Paths longer than PATH_MAX (4096) cannot come from the kernel and
//     are not read (an import issue says so).
//   - Processes outside any runtime's cgroup but in a pid and a mount namespace that are both not the host's join
//     the container whose init has their pid namespace (setns/nsenter from a host cgroup), else are grouped by pid
//     namespace: runtime 'nspawn' when the group's init sits in <cgroup>/payload and its parent in
//     <cgroup>/supervisor (systemd-nspawn not registered with machined), 'systemd-scope' when the init sits in a
//     *.scope cgroup, else 'unknown'; their id is 'pidns:<inode>'.
//   - A container's init is the member whose NSpid innermost is 1 in a pid namespace other than the host's; else
//     (--pid=host, or the init exited) the oldest member whose parent is not a member. The container's namespaces
//     are the init's; every member says whether its pid/mnt/net namespaces are the init's (a process in a
//     container's cgroup but in other namespaces is a setns/nsenter entry, a cgroup move, or a lie).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "db/db.hpp"
#include "importer/table_decl.hpp"
#include "importer/table_sink.hpp"

namespace procsnap::importer {

namespace tables {  // declared in tables/containers.cpp (schema/80_containers.sql), written by container_import.cpp
extern const TableDecl containers;
extern const TableDecl process_containers;
extern const TableDecl net_namespaces;
}  // namespace tables

/// Container runtimes told apart by their cgroup paths.
enum class Runtime : std::uint8_t { docker, containerd, crio, podman, lxc, nspawn, systemd_scope, unknown };

/// The name stored in containers.runtime: docker, containerd, cri-o, podman, lxc, nspawn, systemd-scope, unknown.
[[nodiscard]] std::string_view runtime_name(Runtime r);

/// Longest cgroup path read (PATH_MAX): the kernel never writes a longer one into /proc/<pid>/cgroup.
inline constexpr std::size_t k_max_cgroup_path = 4096;

/// What one cgroup path says about a container.
struct CgroupContainer {
  Runtime runtime = Runtime::unknown;
  std::string id;                      ///< 64 lower-case hex digits, or the lxc/nspawn container name
  std::optional<std::string> name;     ///< lxc / nspawn / libvirt-lxc machine name (systemd \xNN escapes decoded)
  std::optional<std::string> pod_uid;  ///< Kubernetes pod UID (dashes; the systemd driver writes underscores)
  std::optional<std::string> pod_qos;  ///< guaranteed, burstable or besteffort
  std::string_view pattern;            ///< the path pattern that matched, e.g. "docker-<id>.scope"
  std::string_view driver;             ///< cgroup driver the pattern belongs to: "systemd" or "cgroupfs"
};

/// The container a cgroup path (as in /proc/<pid>/cgroup, after the second ':') names, if any; the innermost
/// runtime component wins. nullopt for host paths, runtime helpers (conmon, lxc.monitor, containerd-shim's own
/// cgroup), ids that are not the runtime's form, and paths longer than k_max_cgroup_path.
[[nodiscard]] std::optional<CgroupContainer> recognize_cgroup_path(std::string_view path);

struct ContainerImportCounts {
  std::uint64_t containers = 0;      ///< containers rows
  std::uint64_t members = 0;         ///< process_containers rows
  std::uint64_t net_namespaces = 0;  ///< net_namespaces rows
};

/// Fills containers, process_containers and net_namespaces for `snapshot_id` from its rows written earlier in the
/// same transaction. Rows and issues go through `sink`. Throws db::Error only on database failures.
ContainerImportCounts import_containers(db::Connection& conn, std::int64_t snapshot_id, TableSink& sink);

}  // namespace procsnap::importer
