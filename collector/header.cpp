#include "header.hpp"

#include <fcntl.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>
#include <vector>

#include "manifest.hpp"
#include "procsnap/common/json.hpp"
#include "procsnap/common/sha256.hpp"
#include "reader.hpp"
#include "walker.hpp"

#ifndef PROCSNAP_VERSION
#define PROCSNAP_VERSION "0.0.0"
#endif

namespace procsnap::collector {

namespace {

constexpr long k_proc_super_magic = 0x9fa0;

std::string_view trim_nl(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\0')) {
    s.remove_suffix(1);
  }
  return s;
}

// A one-line file as a JSON string, or null.
void small_field(common::json::Writer& w, std::string_view key, int dirfd, const char* path) {
  std::string s;
  w.key(key);
  if (read_small(dirfd, path, s, 64 * 1024)) {
    w.value(trim_nl(s));
  } else {
    w.null();
  }
}

std::optional<std::uint64_t> btime_from_stat(std::string_view stat) {
  std::size_t pos = 0;
  while (pos < stat.size()) {
    const auto nl = stat.find('\n', pos);
    const std::string_view line = stat.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (line.starts_with("btime ")) {
      return parse_decimal_name(line.substr(6));
    }
    if (nl == std::string_view::npos) {
      break;
    }
    pos = nl + 1;
  }
  return std::nullopt;
}

// The mountinfo line of the procfs mounted at `mount_point` (field 5), or nullopt.
std::optional<std::string> proc_mount_line(std::string_view mountinfo, std::string_view mount_point) {
  std::size_t pos = 0;
  std::optional<std::string> found;
  while (pos < mountinfo.size()) {
    auto nl = mountinfo.find('\n', pos);
    if (nl == std::string_view::npos) {
      nl = mountinfo.size();
    }
    const std::string_view line = mountinfo.substr(pos, nl - pos);
    pos = nl + 1;
    // fields: id parent major:minor root mount-point options ... - fstype source super-options
    std::size_t f = 0;
    std::size_t i = 0;
    std::string_view mp;
    while (i < line.size() && f < 5) {
      const auto sp = line.find(' ', i);
      const std::string_view tok = line.substr(i, sp == std::string_view::npos ? std::string_view::npos : sp - i);
      if (++f == 5) {
        mp = tok;
      }
      if (sp == std::string_view::npos) {
        break;
      }
      i = sp + 1;
    }
    if (mp == mount_point && line.find(" - proc ") != std::string_view::npos) {
      found = std::string(line);  // the last one mounted on top wins, as the kernel resolves it
    }
  }
  return found;
}

}  // namespace

RootInfo inspect_root(int root_fd) {
  RootInfo info;
  char buf[64];
  const ssize_t n = ::readlinkat(root_fd, "self", buf, sizeof buf);
  if (n > 0 && parse_decimal_name(std::string_view(buf, static_cast<std::size_t>(n)))) {
    info.self_dir = std::string(buf, static_cast<std::size_t>(n));
  }
  struct statfs sfs {};
  info.live = ::fstatfs(root_fd, &sfs) == 0 && static_cast<long>(sfs.f_type) == k_proc_super_magic && info.self_dir &&
              *info.self_dir == std::to_string(::getpid());
  if (info.self_dir) {
    const std::string p = *info.self_dir + "/ns";
    const Fd ns(open_dir(root_fd, p.c_str()));
    const ssize_t k = ns.valid() ? ::readlinkat(ns.get(), "net", buf, sizeof buf) : -1;
    if (k > 0) {
      info.own_netns = ns_link_inode(std::string_view(buf, static_cast<std::size_t>(k)));
    }
  }
  return info;
}

namespace {

namespace json = common::json;

// SHA-256 of /proc/self/exe (hex), nullopt when it can't be read whole. It is the one path opened through a magic
// link on purpose: our own binary.
std::optional<std::string> own_exe_sha256() {
  const Fd exe(::open("/proc/self/exe", O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (!exe.valid()) {
    return std::nullopt;
  }
  common::Sha256 h;
  char chunk[65536];
  for (;;) {
    const ssize_t k = ::read(exe.get(), chunk, sizeof chunk);
    if (k < 0 && errno == EINTR) {
      continue;
    }
    if (k < 0) {
      return std::nullopt;
    }
    if (k == 0) {
      break;
    }
    h.update(std::string_view(chunk, static_cast<std::size_t>(k)));
  }
  return common::to_hex(h.finish());
}

// The collector itself: version, hash of its own executable and its own maps, so a reader can see that nothing was
// injected into it (a static binary: no libc from the host, no LD_PRELOAD).
void write_collector(json::Writer& w) {
  w.key("collector").begin_object();
  w.field("name", "procsnap-collect");
  w.field("version", PROCSNAP_VERSION);
  w.key("sha256").value(own_exe_sha256());
  small_field(w, "maps", AT_FDCWD, "/proc/self/maps");
  w.end_object();
}

// The CapEff line of /proc/self/status (hex), nullopt when absent.
std::optional<std::string> own_cap_eff() {
  std::string s;
  if (!read_small(AT_FDCWD, "/proc/self/status", s)) {
    return std::nullopt;
  }
  const auto p = s.find("\nCapEff:");
  if (p == std::string::npos) {
    return std::nullopt;
  }
  auto b = p + 8;
  while (b < s.size() && (s[b] == ' ' || s[b] == '\t')) {
    ++b;
  }
  const auto e = s.find('\n', b);
  return s.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

// Who ran the collector and how: argv, ids, effective capabilities, the root and whether it is live.
void write_invocation(json::Writer& w, const Options& opts, const RootInfo& root) {
  w.key("argv").begin_array();
  for (const auto& a : opts.argv) {
    w.value(a);
  }
  w.end_array();
  w.field("uid", static_cast<std::uint64_t>(::getuid()));
  w.field("euid", static_cast<std::uint64_t>(::geteuid()));
  w.field("gid", static_cast<std::uint64_t>(::getgid()));
  w.field("egid", static_cast<std::uint64_t>(::getegid()));
  w.key("cap_eff").value(own_cap_eff());
  w.field("proc_root", opts.proc_root);
  w.field("live", root.live);
}

// host.uname: this host's uname(2) for a live root; for a relocated tree, what the tree itself says (machine is
// not in /proc).
void write_uname(json::Writer& w, int root_fd, const RootInfo& root) {
  w.key("uname").begin_object();
  if (root.live) {
    struct utsname u {};
    ::uname(&u);
    w.field("sysname", u.sysname);
    w.field("nodename", u.nodename);
    w.field("release", u.release);
    w.field("version", u.version);
    w.field("machine", u.machine);
  } else {
    small_field(w, "sysname", root_fd, "sys/kernel/ostype");
    small_field(w, "nodename", root_fd, "sys/kernel/hostname");
    small_field(w, "release", root_fd, "sys/kernel/osrelease");
    small_field(w, "version", root_fd, "sys/kernel/version");
    w.key("machine").null();
  }
  w.end_object();
}

// A value read from `path` under `dirfd` (read_small) and turned into JSON by `write`, or null when unreadable or
// `wanted` is false.
template <class Write>
void read_field(json::Writer& w, std::string_view key, bool wanted, int dirfd, const char* path, Write write) {
  std::string s;
  w.key(key);
  if (wanted && read_small(dirfd, path, s)) {
    write(s);
  } else {
    w.null();
  }
}

// A property of the running kernel (sysconf), null for a relocated tree, which does not record it.
void kernel_property(json::Writer& w, std::string_view key, const RootInfo& root, int name) {
  w.key(key);
  if (root.live) {
    w.value(static_cast<std::int64_t>(::sysconf(name)));
  } else {
    w.null();
  }
}

void write_host(json::Writer& w, const Options& opts, int root_fd, const RootInfo& root) {
  w.key("host").begin_object();
  small_field(w, "hostname", root_fd, "sys/kernel/hostname");
  w.key("machine_id");
  std::string s;
  if (root.live && read_small(AT_FDCWD, "/etc/machine-id", s, 4096)) {
    w.value(trim_nl(s));
  } else {
    w.null();
  }
  small_field(w, "boot_id", root_fd, "sys/kernel/random/boot_id");
  write_uname(w, root_fd, root);
  small_field(w, "proc_version", root_fd, "version");
  read_field(w, "btime", true, root_fd, "stat", [&](const std::string& t) { w.value(btime_from_stat(t)); });
  kernel_property(w, "clk_tck", root, _SC_CLK_TCK);
  kernel_property(w, "page_size", root, _SC_PAGESIZE);
  read_field(w, "pid_max", true, root_fd, "sys/kernel/pid_max",
             [&](const std::string& t) { w.value(parse_decimal_name(trim_nl(t))); });
  const std::string_view mount_point = opts.proc_root.size() > 1 && opts.proc_root.back() == '/'
                                           ? std::string_view(opts.proc_root).substr(0, opts.proc_root.size() - 1)
                                           : std::string_view(opts.proc_root);
  read_field(w, "proc_mount_options", root.live, AT_FDCWD, "/proc/self/mountinfo",
             [&](const std::string& t) { w.value(proc_mount_line(t, mount_point)); });
  w.end_object();
}

// The collector's own namespace inodes (ns/<name> -> inode), sorted by name.
void write_collector_namespaces(json::Writer& w) {
  w.key("collector_namespaces").begin_object();
  const Fd ns(::open("/proc/self/ns", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  std::vector<std::string> names;
  if (ns.valid() && list_dir(ns.get(), names)) {
    std::sort(names.begin(), names.end());
    char buf[128];
    for (const auto& n : names) {
      const ssize_t k = ::readlinkat(ns.get(), n.c_str(), buf, sizeof buf);
      w.key(n);
      w.value(k > 0 ? ns_link_inode(std::string_view(buf, static_cast<std::size_t>(k))) : std::nullopt);
    }
  }
  w.end_object();
}

// An optional list of pids: an array, or null when the option was not given.
void pid_list_field(json::Writer& w, std::string_view key, const std::optional<std::vector<int>>& pids) {
  w.key(key);
  if (!pids) {
    w.null();
    return;
  }
  w.begin_array();
  for (const int p : *pids) {
    w.value(p);
  }
  w.end_array();
}

void write_options(json::Writer& w, const Options& opts) {
  w.key("options").begin_object();
  w.field("output", opts.output);
  w.field("compress", to_string(opts.effective_compression()));
  w.field("max_file_bytes", opts.max_file_bytes);
  w.field("timeout_ms", opts.timeout_ms);
  w.field("threads", opts.threads);
  w.field("hidden_scan", opts.hidden_scan);
  if (!opts.test_hide_pids.empty()) {
    pid_list_field(w, "test_hide_pids", opts.test_hide_pids);
  }
  pid_list_field(w, "pids", opts.pids);
  w.field("seccomp", opts.seccomp);
  w.field("mem", opts.mem);
  w.field("mem_expanded", opts.mem_selector.expanded().empty() ? std::string("none") : opts.mem_selector.expanded());
  pid_list_field(w, "mem_pids", opts.mem_pids);
  w.field("mem_max_region", opts.mem_max_region);
  w.field("mem_max_total", opts.mem_max_total);
  w.field("copy_exe", to_string(opts.copy_exe));
  w.field("mem_read_fuse", opts.mem_read_fuse);
  w.field("mem_resident_only", opts.mem_resident_only);
  w.field("copy_fd", to_string(opts.copy_fd));
  w.field("copy_fd_max_total", opts.copy_fd_max_total);
  w.field("gentle", opts.gentle);
  w.field("max_read_rate", opts.effective_read_rate());
  w.end_object();
}

}  // namespace

std::string build_header(const Options& opts, int root_fd, const RootInfo& root, const StartTimes& started) {
  json::Writer w;
  w.begin_object();
  w.field("format", "procsnap-archive");
  w.field("format_version", 1);
  write_collector(w);
  write_invocation(w, opts, root);
  write_host(w, opts, root_fd, root);
  write_collector_namespaces(w);

  w.key("started").begin_object();
  w.field("realtime_ns", started.realtime_ns);
  w.field("boottime_ns", started.boottime_ns);
  w.field("iso8601", iso8601(started.realtime_ns));
  w.end_object();

  w.key("case").begin_object();
  w.field("id", opts.case_id);
  w.field("examiner", opts.examiner);
  w.field("note", opts.note);
  w.end_object();

  write_options(w, opts);
  w.end_object();
  std::string out = w.take();
  out.push_back('\n');
  return out;
}

}  // namespace procsnap::collector
