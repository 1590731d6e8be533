// import_containers(): the post-import pass filling containers, process_containers and net_namespaces
// (containers.hpp says what and why).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "importer/containers.hpp"
#include "importer/table_row.hpp"
#include "procsnap/common/json.hpp"

namespace procsnap::importer {

namespace {

namespace json = common::json;

/// The namespaces a container row records, in containers' column order.
constexpr std::array<std::string_view, 7> k_ns_names = {"pid", "mnt", "net", "uts", "ipc", "user", "cgroup"};
constexpr std::size_t k_pid = 0, k_mnt = 1, k_net = 2;

using NsSet = std::array<std::optional<std::int64_t>, k_ns_names.size()>;

std::optional<std::size_t> ns_index(std::string_view name) {
  for (std::size_t i = 0; i < k_ns_names.size(); ++i) {
    if (k_ns_names[i] == name) return i;
  }
  return std::nullopt;
}

struct CgroupLine {
  std::int64_t hierarchy = -1;  ///< -1 when the line had none
  std::string path;
};

struct Proc {
  std::int64_t pid = 0;
  std::optional<std::int64_t> start_time;
  std::optional<std::int64_t> ppid;
  std::optional<std::int64_t> nspid_innermost;
  NsSet ns;
  std::vector<CgroupLine> cgroups;  ///< in line order
  std::optional<std::string> root;
  std::string container;                   ///< container id once assigned
  std::optional<std::string> member_path;  ///< the cgroup path that named it
  bool by_namespaces = false;
};

struct Container {
  CgroupContainer what;
  std::string recognised_by;
  std::optional<int> cgroup_version;
  std::string cgroup_path;
  std::vector<std::int64_t> members;  ///< pids
  std::optional<std::int64_t> init;
  bool init_is_pid_1 = false;
};

/// 1 / 0 when both are known, else NULL.
db::Value same(const std::optional<std::int64_t>& a, const std::optional<std::int64_t>& b) {
  if (!a || !b) return {};
  return static_cast<std::int64_t>(*a == *b);
}

class Pass {
 public:
  Pass(db::Connection& c, std::int64_t sid, TableSink& sink) : c_(c), sid_(sid), sink_(sink) {}

  ContainerImportCounts run() {
    load();
    host_ = host_namespaces();
    by_cgroup();
    for (auto& [id, ct] : containers_) choose_init(ct);
    by_namespaces();
    for (auto& [id, ct] : containers_) {
      if (!ct.init) choose_init(ct);
    }
    write();
    if (issues_ > k_max_issues) {
      sink_.issue("", 0, {},
                  fmt::format("{} further container import issues not recorded (at most {} per archive)",
                              issues_ - k_max_issues, k_max_issues));
    }
    return counts_;
  }

 private:
  void load() {
    auto st = c_.prepare("SELECT pid, start_time, ppid FROM proc_stat WHERE snapshot_id = ? ORDER BY pid");
    st.bind_all(std::array<db::Value, 1>{sid_});
    while (st.step()) {
      Proc p;
      p.pid = st.column_int64(0);
      p.start_time = st.column_opt_int64(1);
      p.ppid = st.column_opt_int64(2);
      procs_.emplace(p.pid, std::move(p));
    }
    auto status = c_.prepare("SELECT pid, nspid_innermost FROM proc_status WHERE snapshot_id = ?");
    status.bind_all(std::array<db::Value, 1>{sid_});
    while (status.step()) {
      if (auto it = procs_.find(status.column_int64(0)); it != procs_.end()) {
        it->second.nspid_innermost = status.column_opt_int64(1);
      }
    }
    auto ns =
        c_.prepare("SELECT pid, name, inode FROM proc_namespaces WHERE snapshot_id = ? AND typeof(inode) = 'integer'");
    ns.bind_all(std::array<db::Value, 1>{sid_});
    while (ns.step()) {
      const auto i = ns_index(ns.column_text(1));
      auto it = procs_.find(ns.column_int64(0));
      if (i && it != procs_.end()) it->second.ns[*i] = ns.column_int64(2);
    }
    auto cg = c_.prepare(
        "SELECT pid, hierarchy_id, path FROM proc_cgroup WHERE snapshot_id = ? AND path IS NOT NULL ORDER BY pid, "
        "line");
    cg.bind_all(std::array<db::Value, 1>{sid_});
    while (cg.step()) {
      auto it = procs_.find(cg.column_int64(0));
      if (it == procs_.end()) continue;
      const std::string_view path = cg.column_text(2);
      if (path.size() > k_max_cgroup_path) {
        issue(fmt::format("proc/{}/cgroup", it->first),
              fmt::format("cgroup path of {} bytes (longer than PATH_MAX {}): not read for containers", path.size(),
                          k_max_cgroup_path));
        continue;
      }
      it->second.cgroups.push_back(CgroupLine{cg.column_opt_int64(1).value_or(-1), std::string(path)});
    }
    auto rt = c_.prepare("SELECT pid, target FROM proc_links WHERE snapshot_id = ? AND name = 'root'");
    rt.bind_all(std::array<db::Value, 1>{sid_});
    while (rt.step()) {
      if (auto it = procs_.find(rt.column_int64(0)); it != procs_.end())
        it->second.root = std::string(rt.column_text(1));
    }
  }

  /// pid 1's namespaces when captured; else kthreadd's (pid 2, parent 0: kernel threads never leave the initial
  /// namespaces; pid 1's links are denied in some sandboxes); else the collector's own (header collector_namespaces).
  NsSet host_namespaces() {
    if (auto it = procs_.find(1); it != procs_.end() && it->second.ns[k_pid] && it->second.ns[k_mnt]) {
      return it->second.ns;
    }
    if (auto it = procs_.find(2); it != procs_.end() && it->second.ppid == 0 && it->second.ns[k_pid]) {
      return it->second.ns;
    }
    NsSet out;
    auto st = c_.prepare("SELECT header_json FROM snapshots WHERE id = ?");
    st.bind_all(std::array<db::Value, 1>{sid_});
    if (!st.step()) return out;
    auto parsed = json::parse(st.column_text(0));
    const auto* v = std::get_if<json::Value>(&parsed);
    const json::Value* ns = v != nullptr ? v->find("collector_namespaces") : nullptr;
    if (ns == nullptr) return out;
    for (std::size_t i = 0; i < k_ns_names.size(); ++i) {
      const auto inode = ns->i64_at(k_ns_names[i]);
      if (inode && *inode > 0) out[i] = inode;
    }
    return out;
  }

  void by_cgroup() {
    for (auto& [pid, p] : procs_) {
      std::optional<CgroupContainer> found;
      const CgroupLine* line = nullptr;
      // The unified hierarchy first (the whole truth on a v2 host), then the v1 lines in file order.
      for (int pass = 0; pass < 2 && !found; ++pass) {
        for (const auto& l : p.cgroups) {
          if ((pass == 0) != (l.hierarchy == 0)) continue;
          if ((found = recognize_cgroup_path(l.path))) {
            line = &l;
            break;
          }
        }
      }
      if (!found) continue;
      auto [it, fresh] = containers_.try_emplace(found->id);
      Container& ct = it->second;
      if (fresh) {
        ct.what = *found;
        ct.recognised_by = std::string(found->pattern);
        ct.cgroup_version = line->hierarchy == 0 ? 2 : 1;
        ct.cgroup_path = line->path;
      } else if (ct.what.runtime != found->runtime || ct.what.pod_uid != found->pod_uid) {
        issue(fmt::format("proc/{}/cgroup", pid),
              fmt::format("cgroup path names container {} as {} ({}), which pid {} names as {} ({}): counted in the "
                          "first",
                          found->id.substr(0, 80), runtime_name(found->runtime), found->pattern, ct.members.front(),
                          runtime_name(ct.what.runtime), ct.recognised_by));
      }
      ct.members.push_back(pid);
      p.container = found->id;
      p.member_path = line->path;
    }
  }

  /// Processes in no runtime's cgroup whose pid and mount namespaces are both not the host's: in the container whose
  /// init has that pid namespace (entered with setns/nsenter from a host cgroup, as docker exec and some escapes do),
  /// else grouped by pid namespace.
  void by_namespaces() {
    if (!host_[k_pid] || !host_[k_mnt]) return;    // no reference: nothing can be told apart
    std::map<std::int64_t, std::string> by_pidns;  // pid namespace of a cgroup-recognised container's init
    for (const auto& [id, ct] : containers_) {
      const auto& ns = procs_.at(*ct.init).ns[k_pid];
      if (ns && *ns != *host_[k_pid]) by_pidns.try_emplace(*ns, id);
    }
    for (auto& [pid, p] : procs_) {
      if (!p.container.empty() || !p.ns[k_pid] || !p.ns[k_mnt]) continue;
      if (*p.ns[k_pid] == *host_[k_pid] || *p.ns[k_mnt] == *host_[k_mnt]) continue;
      const auto entered = by_pidns.find(*p.ns[k_pid]);
      const std::string id = entered != by_pidns.end() ? entered->second : fmt::format("pidns:{}", *p.ns[k_pid]);
      auto [it, fresh] = containers_.try_emplace(id);
      Container& ct = it->second;
      if (fresh) {
        ct.what.id = id;
        ct.recognised_by = "namespaces";
      }
      ct.members.push_back(pid);
      p.container = id;
      p.by_namespaces = true;
    }
  }

  /// systemd-nspawn not registered with machined (--keep-unit, or no systemd as PID 1) splits the cgroup it was
  /// started in: the container's init goes to <cgroup>/payload, nspawn itself to <cgroup>/supervisor. The init's
  /// line (unified hierarchy first) ending in /payload whose parent's line of the same hierarchy is that
  /// supervisor, else null.
  const CgroupLine* nspawn_payload(const Proc& init) const {
    constexpr std::string_view k_payload = "/payload";
    const auto parent = init.ppid ? procs_.find(*init.ppid) : procs_.end();
    if (parent == procs_.end()) return nullptr;
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& l : init.cgroups) {
        if ((pass == 0) != (l.hierarchy == 0) || !l.path.ends_with(k_payload)) continue;
        const std::string supervisor = l.path.substr(0, l.path.size() - k_payload.size()) + "/supervisor";
        for (const auto& pl : parent->second.cgroups) {
          if (pl.hierarchy == l.hierarchy && pl.path == supervisor) return &l;
        }
      }
    }
    return nullptr;
  }

  void choose_init(Container& ct) {
    std::set<std::int64_t> members(ct.members.begin(), ct.members.end());
    const Proc* best = nullptr;
    for (const std::int64_t pid : ct.members) {
      const Proc& p = procs_.at(pid);
      const bool own_pidns = p.ns[k_pid] && (!host_[k_pid] || *p.ns[k_pid] != *host_[k_pid]);
      if (p.nspid_innermost == 1 && own_pidns) {
        best = &p;
        ct.init_is_pid_1 = true;
        break;
      }
    }
    if (best == nullptr) {
      for (const std::int64_t pid : ct.members) {
        const Proc& p = procs_.at(pid);
        if (p.ppid && members.contains(*p.ppid)) continue;
        if (best == nullptr || p.start_time.value_or(INT64_MAX) < best->start_time.value_or(INT64_MAX)) best = &p;
      }
    }
    if (best == nullptr) best = &procs_.at(ct.members.front());  // a cycle of parents: only a hostile archive
    ct.init = best->pid;
    if (ct.recognised_by == "namespaces") {
      if (const CgroupLine* l = nspawn_payload(*best)) {
        ct.what.runtime = Runtime::nspawn;
        ct.cgroup_path = l->path;
        ct.cgroup_version = l->hierarchy == 0 ? 2 : 1;
        return;
      }
      // A scope unit around unshare'd processes (systemd-run --scope, desktop app sandboxes) or nothing known.
      for (const auto& l : best->cgroups) {
        const std::string_view path = l.path;
        const std::string_view last = path.substr(path.rfind('/') + 1);
        if (last.ends_with(".scope") && last.size() > 6) {
          ct.what.runtime = Runtime::systemd_scope;
          ct.what.name = std::string(last.substr(0, last.size() - 6));
          ct.cgroup_path = l.path;
          ct.cgroup_version = l.hierarchy == 0 ? 2 : 1;
          break;
        }
      }
    }
  }

  void write() {
    NamedRow crow(tables::containers);
    NamedRow mrow(tables::process_containers);
    for (auto& [id, ct] : containers_) {
      const Proc& init = procs_.at(*ct.init);
      crow.set("snapshot_id", sid_)
          .set("container_id", std::string_view(id))
          .set("runtime", runtime_name(ct.what.runtime))
          .set("name", ct.what.name)
          .set("pod_uid", ct.what.pod_uid)
          .set("pod_qos", ct.what.pod_qos)
          .set("recognised_by", std::string_view(ct.recognised_by))
          .set("cgroup_driver", ct.what.driver.empty() ? db::Value{} : db::v(ct.what.driver))
          .set("cgroup_version", ct.cgroup_version)
          .set("cgroup_path", ct.cgroup_path.empty() ? db::Value{} : db::v(ct.cgroup_path))
          .set("init_pid", init.pid)
          .set("init_start_time", init.start_time)
          .set("init_is_pid_1", static_cast<std::int64_t>(ct.init_is_pid_1));
      for (std::size_t i = 0; i < k_ns_names.size(); ++i) {
        crow.set(fmt::format("{}_ns", k_ns_names[i]), init.ns[i]);
      }
      crow.set("host_pid_ns", same(init.ns[k_pid], host_[k_pid]))
          .set("host_net_ns", same(init.ns[k_net], host_[k_net]))
          .set("host_mnt_ns", same(init.ns[k_mnt], host_[k_mnt]))
          .set("process_count", static_cast<std::int64_t>(ct.members.size()))
          .set("root", init.root);
      sink_.insert(crow.table(), crow.names(), crow.values());
      crow.clear();
      ++counts_.containers;
      for (const std::int64_t pid : ct.members) {
        const Proc& p = procs_.at(pid);
        mrow.set("snapshot_id", sid_)
            .set("pid", p.pid)
            .set("start_time", p.start_time)
            .set("container_id", std::string_view(id))
            .set("pid_in_container", p.nspid_innermost)
            .set("matched_by", p.by_namespaces ? "namespaces" : "cgroup")
            .set("same_pid_ns", same(p.ns[k_pid], init.ns[k_pid]))
            .set("same_mnt_ns", same(p.ns[k_mnt], init.ns[k_mnt]))
            .set("same_net_ns", same(p.ns[k_net], init.ns[k_net]))
            .set("cgroup_path", p.member_path);
        sink_.insert(mrow.table(), mrow.names(), mrow.values());
        mrow.clear();
        ++counts_.members;
      }
    }
    write_net_namespaces();
  }

  void write_net_namespaces() {
    struct Net {
      std::vector<std::int64_t> pids;
      std::set<std::string> containers;
    };
    std::map<std::int64_t, Net> nets;
    for (const auto& [pid, p] : procs_) {
      if (!p.ns[k_net]) continue;
      Net& n = nets[*p.ns[k_net]];
      n.pids.push_back(pid);
      if (!p.container.empty()) n.containers.insert(p.container);
    }
    std::set<std::int64_t> with_tables;
    auto st = c_.prepare(
        "SELECT DISTINCT netns FROM net_tcp WHERE snapshot_id = ?1 UNION SELECT DISTINCT netns FROM net_udp "
        "WHERE snapshot_id = ?1 UNION SELECT DISTINCT netns FROM net_unix WHERE snapshot_id = ?1 UNION "
        "SELECT DISTINCT netns FROM net_dev WHERE snapshot_id = ?1");
    st.bind_all(std::array<db::Value, 1>{sid_});
    while (st.step()) {
      if (auto v = st.column_opt_int64(0)) with_tables.insert(*v);
    }
    NamedRow row(tables::net_namespaces);
    for (const auto& [inode, n] : nets) {
      std::string pids;
      for (std::size_t i = 0; i < n.pids.size(); ++i) {
        if (i == 64) {
          pids += " ...";
          break;
        }
        pids += (i ? " " : "") + std::to_string(n.pids[i]);
      }
      std::string ids;
      std::size_t k = 0;
      for (const auto& id : n.containers) {
        if (k++ == 16) {
          ids += " ...";
          break;
        }
        ids += (ids.empty() ? "" : " ") + id;
      }
      row.set("snapshot_id", sid_)
          .set("netns", inode)
          .set("is_host", same(inode, host_[k_net]))
          .set("process_count", static_cast<std::int64_t>(n.pids.size()))
          .set("holder_pids", std::string_view(pids))
          .set("container_count", static_cast<std::int64_t>(n.containers.size()))
          .set("container_ids", ids.empty() ? db::Value{} : db::v(std::string_view(ids)))
          .set("has_net_tables", static_cast<std::int64_t>(with_tables.contains(inode)));
      sink_.insert(row.table(), row.names(), row.values());
      row.clear();
      ++counts_.net_namespaces;
    }
  }

  void issue(const std::string& path, const std::string& message) {
    if (issues_++ < k_max_issues) sink_.issue(path, 0, {}, message);
  }

  static constexpr std::size_t k_max_issues = 1000;
  db::Connection& c_;
  std::int64_t sid_;
  TableSink& sink_;
  std::map<std::int64_t, Proc> procs_;
  std::map<std::string, Container> containers_;
  NsSet host_;
  ContainerImportCounts counts_;
  std::size_t issues_ = 0;
};

}  // namespace

ContainerImportCounts import_containers(db::Connection& conn, std::int64_t snapshot_id, TableSink& sink) {
  return Pass(conn, snapshot_id, sink).run();
}

}  // namespace procsnap::importer
