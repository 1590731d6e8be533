// The comparison: mode selection, per-process comparison (time mode), multiset comparison (hosts mode), and the
// system-wide categories. Hash maps throughout; the only super-linear step is sorting the (few) changes.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <tuple>
#include <unordered_set>

#include "diff/diff.hpp"
#include "diff/snapshot_data.hpp"

namespace procsnap::diff {

namespace {

using detail::Proc;
using detail::SnapshotData;

constexpr std::array<std::string_view, k_category_count> k_category_names{"processes", "sockets", "maps",    "fds",
                                                                          "env",       "mounts",  "modules", "kernel"};

/// Sysctls that move by themselves (counters, random values): compared only with --show-counters.
bool moving_sysctl(std::string_view name) {
  static const std::unordered_set<std::string_view> k_moving{"kernel.random.uuid",
                                                             "kernel.random.entropy_avail",
                                                             "kernel.random.boot_id",
                                                             "kernel.ns_last_pid",
                                                             "fs.dentry-state",
                                                             "fs.file-nr",
                                                             "fs.inode-nr",
                                                             "fs.inode-state",
                                                             "fs.aio-nr",
                                                             "kernel.pty.nr",
                                                             "fs.quota.lookups",
                                                             "fs.quota.drops",
                                                             "fs.quota.reads",
                                                             "fs.quota.writes",
                                                             "fs.quota.cache_hits",
                                                             "fs.quota.allocated_dquots",
                                                             "fs.quota.free_dquots",
                                                             "fs.quota.syncs",
                                                             "kernel.tainted_nr"};
  return k_moving.contains(name);
}

std::string display_cmdline(const Proc& p) {
  std::string out;
  for (std::size_t i = 0; i < p.argv.size(); ++i) {
    if (i) out += ' ';
    out += p.argv[i];
  }
  return out;
}

/// One line describing a process for started/exited: "exe | cmdline" (kernel threads: "[comm]").
std::string describe(const Proc& p) {
  std::string cmd = display_cmdline(p);
  if (cmd.empty() && !p.exe) return "[" + p.comm.value_or("?") + "]";
  return fmt::format("{} | {}", p.exe.value_or("?"), cmd);
}

bool kernel_thread(const Proc& p) { return !p.exe && (!p.cmdline_raw || p.cmdline_raw->empty()); }

/// A kworker's comm is "kworker/<cpu>:<id>[H]-<workqueue it last ran>": the kernel renames it as it picks up
/// work, so only the part before '-' names the thread.
std::string_view kworker_base(std::string_view comm) {
  if (!comm.starts_with("kworker/")) return comm;
  return comm.substr(0, comm.find('-'));
}

/// The hosts-mode identity of a process: "exe cmdline", or for kernel threads (no exe, no argv) "[comm]" with
/// every run of digits written '#' and a kworker's workqueue suffix dropped ("[kworker/#:#H]", "[ksoftirqd/#]"):
/// per-CPU thread numbers and worker ids differ between hosts without meaning anything, their counts do.
std::string host_key(const Proc& p) {
  if (kernel_thread(p)) {
    std::string out = "[";
    bool in_digits = false;
    const std::string comm = p.comm.value_or("?");
    for (const char ch : kworker_base(comm)) {
      const bool digit = ch >= '0' && ch <= '9';
      if (!digit) out += ch;
      if (digit && !in_digits) out += '#';
      in_digits = digit;
    }
    return out + "]";
  }
  return fmt::format("{} {}", p.exe.value_or("?"), display_cmdline(p));
}

std::optional<std::string> opt_num(const std::optional<std::int64_t>& v) {
  return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

class Differ {
 public:
  Differ(const SnapshotData& a, const SnapshotData& b, Result& r) : a_(a), b_(b), r_(r) {}

  void run() {
    if (r_.mode == Mode::time) {
      time_processes();
    } else {
      host_processes();
    }
    if (want(Category::processes) && a_.containers && b_.containers) containers();
    if (want(Category::mounts)) mounts();
    if (want(Category::modules)) modules();
    if (want(Category::kernel)) kernel();
  }

 private:
  bool want(Category c) const { return r_.options.wants(c); }

  Change& add(Category c, std::string kind, std::string attribute, std::string key, std::optional<std::string> before,
              std::optional<std::string> after, const Proc* p = nullptr) {
    Change ch;
    ch.category = c;
    ch.kind = std::move(kind);
    ch.attribute = std::move(attribute);
    ch.key = std::move(key);
    ch.before = std::move(before);
    ch.after = std::move(after);
    if (p != nullptr) {
      ch.pid = p->pid;
      ch.start_time = p->start_time;
      ch.subject = p->comm.value_or("");
    }
    r_.changes.push_back(std::move(ch));
    return r_.changes.back();
  }

  // ---- time mode ----------------------------------------------------------------------------------------------

  void time_processes() {
    for (const auto& [pid, pa] : a_.procs) {
      const auto it = b_.procs.find(pid);
      if (it == b_.procs.end() || it->second.start_time != pa.start_time) {
        // Gone, or the pid now belongs to another process (reused): an exit.
        if (want(Category::processes))
          add(Category::processes, "exited", "process", std::to_string(pid), describe(pa), std::nullopt, &pa);
        continue;
      }
      same_process(pa, it->second);
    }
    if (!want(Category::processes)) return;
    for (const auto& [pid, pb] : b_.procs) {
      const auto it = a_.procs.find(pid);
      if (it == a_.procs.end() || it->second.start_time != pb.start_time) {
        add(Category::processes, "started", "process", std::to_string(pid), std::nullopt, describe(pb), &pb);
      }
    }
  }

  void attr(const Proc& pa, const std::string& name, const std::optional<std::string>& before,
            const std::optional<std::string>& after) {
    if (before && after && *before != *after) add(Category::processes, "changed", name, name, before, after, &pa);
  }

  void same_process(const Proc& pa, const Proc& pb) {
    if (want(Category::processes)) {
      // A kworker changing workqueue renames itself: not a change unless counters are wanted.
      const bool kworker_rename = kernel_thread(pa) && kernel_thread(pb) && pa.comm && pb.comm &&
                                  kworker_base(*pa.comm) == kworker_base(*pb.comm);
      if (!kworker_rename || r_.options.show_counters) attr(pa, "comm", pa.comm, pb.comm);
      if (pa.cmdline_raw && pb.cmdline_raw && *pa.cmdline_raw != *pb.cmdline_raw) {
        add(Category::processes, "changed", "cmdline", "cmdline", display_cmdline(pa), display_cmdline(pb), &pa);
      }
      attr(pa, "exe", pa.exe, pb.exe);
      attr(pa, "cwd", pa.cwd, pb.cwd);
      attr(pa, "root", pa.root, pb.root);
      attr(pa, "uids", pa.uids, pb.uids);
      attr(pa, "gids", pa.gids, pb.gids);
      attr(pa, "groups", pa.groups, pb.groups);
      attr(pa, "cap_inh", pa.cap_inh, pb.cap_inh);
      attr(pa, "cap_prm", pa.cap_prm, pb.cap_prm);
      attr(pa, "cap_eff", pa.cap_eff, pb.cap_eff);
      attr(pa, "cap_bnd", pa.cap_bnd, pb.cap_bnd);
      attr(pa, "cap_amb", pa.cap_amb, pb.cap_amb);
      for (const auto& [name, target] : pa.ns) {
        const auto it = pb.ns.find(name);
        if (it != pb.ns.end() && it->second != target) {
          add(Category::processes, "changed", "ns:" + name, name, target, it->second, &pa);
        }
      }
      attr(pa, "cgroup", pa.cgroup, pb.cgroup);
      attr(pa, "ppid", opt_num(pa.ppid), opt_num(pb.ppid));
      attr(pa, "nice", opt_num(pa.nice), opt_num(pb.nice));
      attr(pa, "priority", opt_num(pa.priority), opt_num(pb.priority));
      attr(pa, "threads", opt_num(pa.threads), opt_num(pb.threads));
      attr(pa, "state", pa.state, pb.state);
      if (pa.rss_kb && pb.rss_kb && *pb.rss_kb > *pa.rss_kb &&
          (*pb.rss_kb - *pa.rss_kb) * 1024 >= r_.options.mem_threshold_bytes) {
        add(Category::processes, "changed", "rss", "rss", fmt::format("{} kB", *pa.rss_kb),
            fmt::format("{} kB", *pb.rss_kb), &pa);
      }
      if (r_.options.show_counters) counters(pa, pb);
    }
    const bool fds_known = !pa.fds.empty() && !pb.fds.empty();
    if (want(Category::fds) && fds_known) fds(pa, pb);
    if (want(Category::sockets) && fds_known) sockets(pa, pb);
    if (want(Category::maps) && pa.has_maps && pb.has_maps) maps(pa, pb, true);
    if (want(Category::env) && pa.env && pb.env) env(pa, pb);
  }

  void counters(const Proc& pa, const Proc& pb) {
    std::unordered_map<std::string_view, std::uint64_t> after;
    for (const auto& [n, v] : pb.counters) after.emplace(n, v);
    for (const auto& [n, v] : pa.counters) {
      const auto it = after.find(n);
      if (it != after.end() && it->second != v) {
        add(Category::processes, "counter", std::string(n), std::string(n), std::to_string(v),
            std::to_string(it->second), &pa);
      }
    }
  }

  void fds(const Proc& pa, const Proc& pb) {
    for (const auto& [fd, target] : pa.fds) {
      const auto it = pb.fds.find(fd);
      if (it == pb.fds.end()) {
        add(Category::fds, "closed", "fd", std::to_string(fd), target, std::nullopt, &pa);
      } else if (it->second != target) {
        add(Category::fds, "changed", "fd", std::to_string(fd), target, it->second, &pa);
      }
    }
    for (const auto& [fd, target] : pb.fds) {
      if (!pa.fds.contains(fd)) add(Category::fds, "opened", "fd", std::to_string(fd), std::nullopt, target, &pa);
    }
  }

  static std::string socket_text(const SnapshotData& d, const std::string& inode) {
    const auto it = d.sockets.find(inode);
    if (it == d.sockets.end()) return fmt::format("socket:[{}] (not in the captured net tables)", inode);
    return it->second.description;
  }
  static bool is_listener(const SnapshotData& d, const std::string& inode) {
    const auto it = d.sockets.find(inode);
    return it != d.sockets.end() && it->second.listener;
  }

  void sockets(const Proc& pa, const Proc& pb) {
    // A socket is identified by its inode (unique while it exists); its description may change state.
    for (const auto& [inode, fd] : pa.socket_inodes) {
      const std::string before = socket_text(a_, inode);
      const char* attr = is_listener(a_, inode) ? "listener" : "socket";
      if (!pb.socket_inodes.contains(inode)) {
        add(Category::sockets, "closed", attr, before, before, std::nullopt, &pa);
      } else if (const std::string after = socket_text(b_, inode); after != before) {
        add(Category::sockets, "changed", attr, before, before, after, &pa);
      }
    }
    for (const auto& [inode, fd] : pb.socket_inodes) {
      if (pa.socket_inodes.contains(inode)) continue;
      const std::string after = socket_text(b_, inode);
      add(Category::sockets, "opened", is_listener(b_, inode) ? "listener" : "socket", after, std::nullopt, after, &pa);
    }
  }

  void maps(const Proc& pa, const Proc& pb, bool with_regions) {
    for (const auto& [path, unused] : pa.mapped_files) {
      if (!pb.mapped_files.contains(path)) add(Category::maps, "removed", "library", path, path, std::nullopt, &pa);
    }
    for (const auto& [path, unused] : pb.mapped_files) {
      if (!pa.mapped_files.contains(path)) add(Category::maps, "added", "library", path, std::nullopt, path, &pa);
    }
    if (!with_regions) return;
    auto region_text = [](const detail::Region& r) { return fmt::format("{} {} {}", r.range, r.perms, r.what); };
    auto region_attr = [](const detail::Region& r) { return r.rwx ? "rwx" : "anon_exec"; };
    for (const auto& [key, reg] : pa.regions) {
      if (!pb.regions.contains(key))
        add(Category::maps, "removed", region_attr(reg), key, region_text(reg), std::nullopt, &pa);
    }
    for (const auto& [key, reg] : pb.regions) {
      if (!pa.regions.contains(key))
        add(Category::maps, "added", region_attr(reg), key, std::nullopt, region_text(reg), &pa);
    }
  }

  void env(const Proc& pa, const Proc& pb) {
    auto shown = [](const std::optional<std::string>& v) { return v ? *v : std::string("(no '=')"); };
    for (const auto& [k, v] : *pa.env) {
      const auto it = pb.env->find(k);
      if (it == pb.env->end()) {
        add(Category::env, "removed", "env", k, shown(v), std::nullopt, &pa);
      } else if (it->second != v) {
        add(Category::env, "changed", "env", k, shown(v), shown(it->second), &pa);
      }
    }
    for (const auto& [k, v] : *pb.env) {
      if (!pa.env->contains(k)) add(Category::env, "added", "env", k, std::nullopt, shown(v), &pa);
    }
  }

  // ---- hosts mode ---------------------------------------------------------------------------------------------

  /// Containers (attribute "container", in the processes category). Time mode: by id, started / exited, and
  /// "changed" when its number of processes differs. Hosts mode: ids differ between hosts, so containers are a
  /// multiset of Container::host_key (runtime + name, pod UID, or the init's command line), added / removed.
  void containers() {
    const auto text = [](const detail::Container& c) {
      return fmt::format("{} {} ({} processes)", c.runtime, c.label, c.processes);
    };
    if (r_.mode == Mode::hosts) {
      std::unordered_map<std::string, std::size_t> ca, cb;
      for (const auto& [id, c] : *a_.containers) ++ca[c.host_key];
      for (const auto& [id, c] : *b_.containers) ++cb[c.host_key];
      multiset(Category::processes, "container", ca, cb);
      return;
    }
    for (const auto& [id, ca] : *a_.containers) {
      const auto it = b_.containers->find(id);
      if (it == b_.containers->end()) {
        add(Category::processes, "exited", "container", id, text(ca), std::nullopt);
      } else if (it->second.processes != ca.processes) {
        add(Category::processes, "changed", "container", id, text(ca), text(it->second));
      }
    }
    for (const auto& [id, cb] : *b_.containers) {
      if (!a_.containers->contains(id)) add(Category::processes, "started", "container", id, std::nullopt, text(cb));
    }
  }

  /// Reports keys whose counts differ: "added" when B has more, "removed" when A has more.
  void multiset(Category c, const std::string& attribute, const std::unordered_map<std::string, std::size_t>& ca,
                const std::unordered_map<std::string, std::size_t>& cb) {
    for (const auto& [k, na] : ca) {
      const auto it = cb.find(k);
      const std::size_t nb = it == cb.end() ? 0 : it->second;
      if (na != nb) add(c, nb > na ? "added" : "removed", attribute, k, std::to_string(na), std::to_string(nb));
    }
    for (const auto& [k, nb] : cb) {
      if (!ca.contains(k)) add(c, "added", attribute, k, "0", std::to_string(nb));
    }
  }

  void host_processes() {
    std::unordered_map<std::string, std::size_t> pa, pb, ua, ub;
    std::unordered_map<std::string, const Proc*> only_a, only_b;  // key -> the process when unique on its side
    auto collect = [](const SnapshotData& d, std::unordered_map<std::string, std::size_t>& procs,
                      std::unordered_map<std::string, std::size_t>& users,
                      std::unordered_map<std::string, const Proc*>& unique) {
      for (const auto& [pid, p] : d.procs) {
        std::string k = host_key(p);
        if (++procs[k] == 1) {
          unique[k] = &p;
        } else {
          unique.erase(k);
        }
        if (p.uid_real) ++users["uid " + std::to_string(*p.uid_real)];
      }
    };
    collect(a_, pa, ua, only_a);
    collect(b_, pb, ub, only_b);
    if (want(Category::processes)) {
      multiset(Category::processes, "process", pa, pb);
      // Users: who runs processes on one side only (different counts are normal between hosts).
      for (const auto& [u, n] : ua) {
        if (!ub.contains(u)) add(Category::processes, "removed", "user", u, std::to_string(n), "0");
      }
      for (const auto& [u, n] : ub) {
        if (!ua.contains(u)) add(Category::processes, "added", "user", u, "0", std::to_string(n));
      }
    }
    // Processes that are the only one of their kind on both sides are compared one to one for what does not
    // depend on the host: environment and mapped libraries (an LD_PRELOAD shows up here).
    for (const auto& [k, p] : only_a) {
      const auto it = only_b.find(k);
      if (it == only_b.end() || pb.at(k) != 1) continue;
      const Proc& q = *it->second;
      const std::size_t first = r_.changes.size();
      if (want(Category::env) && p->env && q.env) env(*p, q);
      if (want(Category::maps) && p->has_maps && q.has_maps) maps(*p, q, false);
      for (std::size_t i = first; i < r_.changes.size(); ++i) {
        // A pid of A means nothing on B: the pair is named by its (exe, cmdline).
        r_.changes[i].pid.reset();
        r_.changes[i].start_time.reset();
        r_.changes[i].subject = k;
      }
    }
    if (want(Category::sockets)) host_listeners();
  }

  static std::unordered_map<std::string, std::size_t> listeners(const SnapshotData& d) {
    // Owner of each socket inode: the exe of the lowest pid holding it (preforked servers share one socket).
    std::unordered_map<std::string, std::pair<std::int64_t, std::string>> owner;
    for (const auto& [pid, p] : d.procs) {
      for (const auto& [inode, fd] : p.socket_inodes) {
        auto [it, fresh] = owner.try_emplace(inode, pid, p.exe.value_or("?"));
        if (!fresh && pid < it->second.first) it->second = {pid, p.exe.value_or("?")};
      }
    }
    std::unordered_map<std::string, std::size_t> out;
    for (const auto& [inode, s] : d.sockets) {
      if (!s.listener) continue;
      const auto o = owner.find(inode);
      const std::string port = s.proto == "unix" ? s.local : (s.port ? std::to_string(*s.port) : "?");
      ++out[fmt::format("{} {} {} {}", s.proto, s.address_class, port,
                        o == owner.end() ? "(no captured owner)" : o->second.second)];
    }
    return out;
  }

  void host_listeners() { multiset(Category::sockets, "listener", listeners(a_), listeners(b_)); }

  // ---- both modes ---------------------------------------------------------------------------------------------

  void mounts() {
    if (!a_.mounts || !b_.mounts) return;
    auto joined = [](const std::vector<std::string>& v) {
      std::string out;
      for (const auto& s : v) out += (out.empty() ? "" : "; ") + s;
      return out;
    };
    for (const auto& [mp, v] : *a_.mounts) {
      const auto it = b_.mounts->find(mp);
      if (it == b_.mounts->end()) {
        add(Category::mounts, "removed", "mount", mp, joined(v), std::nullopt);
      } else if (it->second != v) {
        add(Category::mounts, "changed", "mount", mp, joined(v), joined(it->second));
      }
    }
    for (const auto& [mp, v] : *b_.mounts) {
      if (!a_.mounts->contains(mp)) add(Category::mounts, "added", "mount", mp, std::nullopt, joined(v));
    }
  }

  void modules() {
    if (!a_.modules || !b_.modules) return;
    for (const auto& [name, v] : *a_.modules) {
      const auto it = b_.modules->find(name);
      if (it == b_.modules->end()) {
        add(Category::modules, "removed", "module", name, v, std::nullopt);
      } else if (it->second != v) {
        add(Category::modules, "changed", "module", name, v, it->second);
      }
    }
    for (const auto& [name, v] : *b_.modules) {
      if (!a_.modules->contains(name)) add(Category::modules, "added", "module", name, std::nullopt, v);
    }
  }

  void kernel() {
    auto same = [&](const char* attribute, const std::optional<std::string>& x, const std::optional<std::string>& y) {
      if (x && y && *x != *y) add(Category::kernel, "changed", attribute, attribute, x, y);
    };
    same("release", a_.info.kernel_release, b_.info.kernel_release);
    same("version", a_.kernel_version, b_.kernel_version);
    same("cmdline", a_.kernel_cmdline, b_.kernel_cmdline);
    if (!a_.sysctls || !b_.sysctls) return;
    const bool all = r_.options.show_counters;
    for (const auto& [name, v] : *a_.sysctls) {
      if (!all && moving_sysctl(name)) continue;
      const auto it = b_.sysctls->find(name);
      if (it == b_.sysctls->end()) {
        add(Category::kernel, "removed", "sysctl", name, v, std::nullopt);
      } else if (it->second != v) {
        add(Category::kernel, "changed", "sysctl", name, v, it->second);
      }
    }
    for (const auto& [name, v] : *b_.sysctls) {
      if (!all && moving_sysctl(name)) continue;
      if (!a_.sysctls->contains(name)) add(Category::kernel, "added", "sysctl", name, std::nullopt, v);
    }
  }

  const SnapshotData& a_;
  const SnapshotData& b_;
  Result& r_;
};

int kind_rank(std::string_view k) {
  static constexpr std::array<std::string_view, 9> k_order{"exited", "started", "removed", "closed", "added",
                                                         "opened", "changed", "counter", ""};
  for (std::size_t i = 0; i < k_order.size(); ++i) {
    if (k_order[i] == k) return static_cast<int>(i);
  }
  return static_cast<int>(k_order.size());
}

void pick_mode(Result& r, const SnapshotData& a, const SnapshotData& b) {
  const auto& ia = a.info;
  const auto& ib = b.info;
  const bool same_machine = !ia.machine_id || !ib.machine_id || *ia.machine_id == *ib.machine_id;
  const bool same_boot = ia.boot_id && ib.boot_id && *ia.boot_id == *ib.boot_id;
  std::string why;
  Mode natural = Mode::hosts;
  if (!same_machine) {
    why = fmt::format("different machine_id ({} vs {})", *ia.machine_id, *ib.machine_id);
  } else if (!ia.boot_id || !ib.boot_id) {
    why = "boot_id unknown in a snapshot, so pids cannot be trusted to name the same process";
  } else if (!same_boot) {
    why = fmt::format("different boot_id ({} vs {}): a reboot in between", *ia.boot_id, *ib.boot_id);
  } else {
    natural = Mode::time;
    why = fmt::format("same boot_id {}", *ia.boot_id);
  }
  if (r.options.mode == Mode::automatic) {
    r.mode = natural;
    r.mode_was_auto = true;
    r.mode_reason = why;
    return;
  }
  r.mode = r.options.mode;
  r.mode_reason = fmt::format("chosen with --mode ({})", why);
  if (r.mode == Mode::time && natural == Mode::hosts) {
    r.notes.push_back(
        "time mode across machines or boots: a matching (pid, start_time) is a coincidence, not the same process");
  }
}

}  // namespace

std::string_view to_string(Category c) { return k_category_names[static_cast<std::size_t>(c)]; }

std::optional<Category> category_from_string(std::string_view s) {
  for (std::size_t i = 0; i < k_category_names.size(); ++i) {
    if (k_category_names[i] == s) return k_categories[i];
  }
  return std::nullopt;
}

std::string_view to_string(Mode m) {
  switch (m) {
    case Mode::automatic:
      return "auto";
    case Mode::time:
      return "time";
    case Mode::hosts:
      return "hosts";
  }
  return "?";
}

std::size_t Result::count(Category c) const {
  return static_cast<std::size_t>(
      std::count_if(changes.begin(), changes.end(), [&](const Change& x) { return x.category == c; }));
}

std::size_t Result::count(Category c, std::string_view kind) const {
  return static_cast<std::size_t>(std::count_if(changes.begin(), changes.end(),
                                                [&](const Change& x) { return x.category == c && x.kind == kind; }));
}

Result run_diff(const db::Connection& conn, std::int64_t a, std::int64_t b, const Options& options) {
  Result r;
  r.options = options;
  auto da = detail::load_snapshot(conn, a, options, r.notes);
  auto db_ = detail::load_snapshot(conn, b, options, r.notes);
  r.a = da.info;
  r.b = db_.info;
  r.processes_a = da.procs.size();
  r.processes_b = db_.procs.size();
  pick_mode(r, da, db_);
  if (r.mode == Mode::hosts && (options.wants(Category::fds))) {
    r.notes.push_back("hosts mode: file descriptors are compared per process in time mode only");
  }
  Differ(da, db_, r).run();
  // The same notes come from both snapshots when the database lacks a table: keep one of each.
  std::vector<std::string> notes;
  std::set<std::string> seen;
  for (auto& n : r.notes) {
    std::string generic = n.starts_with("snapshot ") ? n.substr(n.find(':') + 2) : n;
    if (seen.insert(generic).second) notes.push_back(std::move(generic));
  }
  r.notes = std::move(notes);
  // Keys that are numbers (fd numbers, pids) sort numerically: shorter first, then by text.
  auto key_length = [](const std::string& k) {
    const bool digits = !k.empty() && std::all_of(k.begin(), k.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    return digits ? k.size() : std::size_t{0};
  };
  std::sort(r.changes.begin(), r.changes.end(), [&](const Change& x, const Change& y) {
    const auto pid_x = x.pid.value_or(-1), pid_y = y.pid.value_or(-1);
    const auto st_x = x.start_time.value_or(-1), st_y = y.start_time.value_or(-1);
    return std::forward_as_tuple(x.category, pid_x, st_x, kind_rank(x.kind), x.kind, x.attribute, key_length(x.key),
                                 x.key) < std::forward_as_tuple(y.category, pid_y, st_y, kind_rank(y.kind), y.kind,
                                                                y.attribute, key_length(y.key), y.key);
  });
  return r;
}

std::optional<std::uint64_t> parse_size(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint64_t mult = 1;
  switch (s.back()) {
    case 'k':
    case 'K':
      mult = 1024;
      break;
    case 'm':
    case 'M':
      mult = 1024 * 1024;
      break;
    case 'g':
    case 'G':
      mult = 1024ull * 1024 * 1024;
      break;
    default:
      break;
  }
  if (mult != 1) s.remove_suffix(1);
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty()) return std::nullopt;
  if (v > UINT64_MAX / mult) return std::nullopt;
  return v * mult;
}

}  // namespace procsnap::diff
