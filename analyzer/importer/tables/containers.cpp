// The containers table group (schema/80_containers.sql, generated from these declarations by `procsnap schema
// --write schema/`): derived at import by analyzer/importer/container_import.cpp from the process tables (rows bound
// by column name: table_row.hpp). No /proc parser behind them: Scope::none, every column declared here.
#include "importer/containers.hpp"
#include "importer/registry.hpp"

namespace procsnap::importer {

namespace tables {

// clang-format off
constexpr ColumnDecl k_containers_columns[] = {
    {"snapshot_id", Type::integer, true, "snapshot", "REFERENCES snapshots(id)"},
    {"container_id", Type::text, true, "the runtime's id as its cgroup path writes it: 64 lower-case hex digits (docker, containerd, cri-o, podman; Kubernetes' cgroupfs driver); the container's name (lxc, nspawn); 'pidns:<inode>' for a group recognised by its namespaces only (nspawn not registered with machined, systemd-scope, unknown)"},
    {"runtime", Type::text, true, "docker, containerd, cri-o, podman, lxc, nspawn (also own pid and mount namespaces in <cgroup>/payload with the parent in <cgroup>/supervisor: systemd-nspawn not registered with machined), systemd-scope (own pid and mount namespaces, in a *.scope cgroup no runtime pattern names), unknown (own namespaces and no runtime cgroup; or Kubernetes' cgroupfs driver, whose bare <id> does not say which runtime)"},
    {"name", Type::text, false, "lxc / nspawn machine name, or the systemd scope's name for systemd-scope (\\xNN unit escapes decoded); NULL for runtimes whose names live only in their own state (docker's, podman's names are not in /proc)"},
    {"pod_uid", Type::text, false, "Kubernetes pod UID from the pod's cgroup (kubepods-<qos>-pod<uid>.slice or kubepods/<qos>/pod<uid>), with dashes; NULL outside Kubernetes. The pod's namespace and name and the container's name are never in the cgroup path: not available offline"},
    {"pod_qos", Type::text, false, "Kubernetes QoS class from the same path: guaranteed, burstable, besteffort"},
    {"recognised_by", Type::text, true, "the pattern that matched, e.g. 'docker-<id>.scope', 'docker/<id>', 'cri-containerd-<id>.scope', 'crio-<id>.scope', 'libpod-<id>.scope', 'lxc.payload.<name>', 'machine.slice/machine-<name>.scope' (tests/fixtures/containers/README.md lists every one and where it comes from), or 'namespaces' (no runtime cgroup: own pid and mount namespaces)"},
    {"cgroup_driver", Type::text, false, "cgroup driver the pattern belongs to: systemd (a .scope/.slice unit per container) or cgroupfs (directories the runtime makes); NULL for 'namespaces'"},
    {"cgroup_version", Type::integer, false, "1 when the matching line was a v1 hierarchy's, 2 for the unified hierarchy (hierarchy id 0); NULL for 'namespaces'"},
    {"cgroup_path", Type::text, false, "the init's cgroup path that matched, as written (the innermost runtime component decides: a pod in a kind node gives the pod's container)"},
    {"init_pid", Type::integer, true, "host pid of the container's init: the member that is pid 1 of a pid namespace other than the host's; else (it shares the host's pid namespace, or its init exited) the oldest member whose parent is not a member"},
    {"init_start_time", Type::integer, false, "stat starttime of init_pid (ticks after boot)"},
    {"init_is_pid_1", Type::integer, false, "1 when the init is pid 1 in its own pid namespace (NSpid innermost = 1), 0 when chosen as the oldest member"},
    {"pid_ns", Type::u64, false, "the init's pid namespace inode (proc_namespaces); NULL when its ns/pid link was not captured"},
    {"mnt_ns", Type::u64, false, "the init's mount namespace inode"},
    {"net_ns", Type::u64, false, "the init's network namespace inode (joins net_namespaces.netns and the netns of the net_* tables)"},
    {"uts_ns", Type::u64, false, "the init's UTS namespace inode"},
    {"ipc_ns", Type::u64, false, "the init's IPC namespace inode"},
    {"user_ns", Type::u64, false, "the init's user namespace inode"},
    {"cgroup_ns", Type::u64, false, "the init's cgroup namespace inode"},
    {"host_pid_ns", Type::integer, false, "1 when the init's pid namespace is the host's (docker run --pid=host, or an escape), 0 when not, NULL when unknown"},
    {"host_net_ns", Type::integer, false, "1 when the init's network namespace is the host's (--net=host), 0 when not, NULL when unknown"},
    {"host_mnt_ns", Type::integer, false, "1 when the init's mount namespace is the host's (no filesystem isolation at all), 0 when not, NULL when unknown"},
    {"process_count", Type::integer, true, "processes of the snapshot in this container (process_containers rows)"},
    {"root", Type::text, false, "the init's root link text (/proc/<init>/root, raw): '/' for a pivot_root'ed container as its own processes see it; NULL when not captured"},
};

constexpr TableDecl containers{  // NOLINT(readability-identifier-naming): named after its table
    .name = "containers",
    .scope = Scope::none,
    .comment = "One row per container the snapshot's processes are in, recognised at import (analyzer/importer/containers.hpp)\n"
               "from the runtimes' cgroup paths (cgroup v1 and v2, systemd and cgroupfs drivers), or from processes in a pid\n"
               "and a mount namespace that are both not the host's. The host is pid 1's namespaces (kthreadd's, else the\n"
               "collector's own, when pid 1's links were not captured). Offline there is no image, state or creation time: those live in the runtime's\n"
               "files, not in /proc.",
    .columns = k_containers_columns,
    .table_constraint = "PRIMARY KEY (snapshot_id, container_id)",
};

constexpr ColumnDecl k_process_containers_columns[] = {
    {"snapshot_id", Type::integer, true, "snapshot", "REFERENCES snapshots(id)"},
    {"pid", Type::integer, true, "host process id (joins proc_stat.pid)"},
    {"start_time", Type::integer, false, "stat starttime of the pid (ticks after boot); NULL if unknown"},
    {"container_id", Type::text, true, "containers.container_id"},
    {"pid_in_container", Type::integer, false, "the process's pid in its innermost pid namespace (status NSpid, last entry): what ps shows inside the container; NULL when status was not captured"},
    {"matched_by", Type::text, true, "cgroup (its own cgroup path names the container) or namespaces (no runtime cgroup, but its pid and mount namespaces are not the host's: in the container whose init has its pid namespace, entered with setns/nsenter from a host cgroup as docker exec and some escapes do; else a group by pid namespace, containers.recognised_by 'namespaces')"},
    {"same_pid_ns", Type::integer, false, "1 when its pid namespace is the container init's, 0 when not (entered by setns/nsenter with another pid namespace, moved into the cgroup, or a process claiming another's container); NULL when unknown"},
    {"same_mnt_ns", Type::integer, false, "1 when its mount namespace is the init's, 0 when not, NULL when unknown"},
    {"same_net_ns", Type::integer, false, "1 when its network namespace is the init's, 0 when not, NULL when unknown"},
    {"cgroup_path", Type::text, false, "the process's cgroup path that named the container (NULL for matched_by namespaces)"},
};

constexpr TableDecl process_containers{  // NOLINT(readability-identifier-naming): named after its table
    .name = "process_containers",
    .scope = Scope::none,
    .comment = "One row per process in a container (containers): processes in none have no row. The processes view's\n"
               "container_id and pid_in_container come from here.",
    .columns = k_process_containers_columns,
    .table_constraint = "PRIMARY KEY (snapshot_id, pid)",
};

constexpr ColumnDecl k_net_namespaces_columns[] = {
    {"snapshot_id", Type::integer, true, "snapshot", "REFERENCES snapshots(id)"},
    {"netns", Type::u64, true, "network namespace inode (proc_namespaces name 'net'; joins the netns column of the net_* tables)"},
    {"is_host", Type::integer, false, "1 for the host's network namespace (as containers: pid 1's, kthreadd's or the collector's), 0 for another, NULL when the host's is unknown"},
    {"process_count", Type::integer, true, "processes whose ns/net link is this namespace"},
    {"holder_pids", Type::text, true, "their pids, ascending, space-separated (the first 64, then '...')"},
    {"container_count", Type::integer, true, "distinct containers among the holders (a Kubernetes pod's containers share one)"},
    {"container_ids", Type::text, false, "those containers' ids, sorted, space-separated (the first 16, then '...'); NULL when no holder is in a container"},
    {"has_net_tables", Type::integer, true, "1 when the archive holds this namespace's /proc/net tables (net_tcp, net_udp, net_unix, ... rows with this netns), else 0"},
};

constexpr TableDecl net_namespaces{  // NOLINT(readability-identifier-naming): named after its table
    .name = "net_namespaces",
    .scope = Scope::none,
    .comment = "One row per network namespace some captured process holds, with its holders and their containers: what a\n"
               "container listens on is listening_ports joined through processes.container_id, or the net_* tables by netns.",
    .columns = k_net_namespaces_columns,
    .table_constraint = "PRIMARY KEY (snapshot_id, netns)",
};
// clang-format on

}  // namespace tables

namespace {

constexpr std::string_view k_header =
    "Containers and namespaces, derived at import from proc_stat, proc_status (NSpid), proc_cgroup, proc_namespaces\n"
    "and proc_links (analyzer/importer/containers.hpp says how). The view container_processes is at the end of\n"
    "this file; the osquery-named docker_containers and docker_container_processes are in schema/views/.";

// container_processes: procsnap's own view (no osquery table asks this), over the base tables so that it does not
// depend on the views of schema/views/ (loaded after this file).
constexpr std::string_view k_trailer = R"(-- One row per process in a container (process_containers), with its container and the process's identity, for "what
-- runs in which container" across every runtime:
--   SELECT container_id, runtime, pid, pid_in_container, name, cmdline FROM container_processes ORDER BY 1, 4;
-- matched_by 'namespaces' in a container recognised by its cgroup is a process that entered the container's
-- namespaces from a host cgroup (nsenter, docker exec).
CREATE VIEW IF NOT EXISTS container_processes AS
SELECT
  pc.container_id AS container_id,                          -- containers.container_id
  c.runtime AS runtime,                                     -- docker, containerd, cri-o, podman, lxc, nspawn, systemd-scope, unknown
  c.name AS container_name,                                 -- lxc / nspawn / scope name; NULL where the runtime keeps names to itself
  c.pod_uid AS pod_uid,                                     -- Kubernetes pod UID, when the cgroup path has one
  pc.pid AS pid,                                            -- host process id
  pc.pid_in_container AS pid_in_container,                  -- pid inside the container's pid namespace (NSpid innermost)
  CASE WHEN pc.pid = c.init_pid THEN 1 ELSE 0 END AS is_init, -- 1 for the container's init (containers.init_pid)
  COALESCE(ss.name, st.comm) AS name,                       -- process name (status Name / stat comm)
  exe.target AS exe,                                        -- exe link text (raw; a path in the process's mount namespace)
  cl.cmdline AS cmdline,                                    -- argv joined with spaces
  st.ppid AS parent,                                        -- parent pid (host)
  ss.uid_real AS uid,                                       -- real user id, as the host's user namespace sees it
  ss.uid_effective AS euid,                                 -- effective user id
  ss.cap_eff AS cap_eff,                                    -- effective capabilities, hex (status CapEff)
  pc.matched_by AS matched_by,                              -- cgroup, or namespaces (no runtime cgroup)
  pc.same_pid_ns AS same_pid_ns,                            -- 1 when in the init's pid namespace
  pc.same_mnt_ns AS same_mnt_ns,                            -- 1 when in the init's mount namespace
  pc.same_net_ns AS same_net_ns,                            -- 1 when in the init's network namespace
  pc.snapshot_id AS snapshot_id                             -- snapshot
FROM process_containers AS pc
JOIN containers AS c ON c.snapshot_id = pc.snapshot_id AND c.container_id = pc.container_id
LEFT JOIN proc_stat AS st ON st.snapshot_id = pc.snapshot_id AND st.pid = pc.pid
LEFT JOIN proc_status AS ss ON ss.snapshot_id = pc.snapshot_id AND ss.pid = pc.pid
LEFT JOIN proc_cmdline AS cl ON cl.snapshot_id = pc.snapshot_id AND cl.pid = pc.pid
LEFT JOIN proc_links AS exe ON exe.snapshot_id = pc.snapshot_id AND exe.pid = pc.pid AND exe.name = 'exe';
)";

}  // namespace

TableGroup containers_group() {
  return TableGroup{
      .file = "80_containers.sql",
      .header = k_header,
      .tables = {tables::containers, tables::process_containers, tables::net_namespaces},
      .trailer = k_trailer,
  };
}

}  // namespace procsnap::importer
