#include "procfs/proc_fd.hpp"

#include "procfs/numbers.hpp"

#include <array>

namespace procsnap::procfs {

namespace {

constexpr std::string_view k_deleted_suffix = " (deleted)";

constexpr std::array<std::string_view, 8> k_ns_types{"net", "mnt", "pid", "user", "uts", "ipc", "cgroup", "time"};

bool is_ns_type(std::string_view s) {
  for (const auto t : k_ns_types) {
    if (s == t) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view link_kind_name(LinkKind k) {
  switch (k) {
    case LinkKind::file: return "file";
    case LinkKind::deleted: return "deleted";
    case LinkKind::memfd: return "memfd";
    case LinkKind::socket: return "socket";
    case LinkKind::pipe: return "pipe";
    case LinkKind::anon_inode: return "anon_inode";
    case LinkKind::ns: return "ns";
    case LinkKind::other: return "other";
  }
  return "other";
}

Parsed<LinkTarget> classify_link_target(std::string_view s) {
  Parsed<LinkTarget> r;
  LinkTarget& t = r.value;
  if (s.empty()) {
    r.warn(0, s, "empty link target");
    return r;
  }
  if (s.front() == '/') {
    if (s.size() >= k_deleted_suffix.size() && s.substr(s.size() - k_deleted_suffix.size()) == k_deleted_suffix) {
      t.deleted = true;
      const std::string_view base = s.substr(0, s.size() - k_deleted_suffix.size());
      if (base.substr(0, 7) == "/memfd:") {
        t.kind = LinkKind::memfd;
        t.subtype = std::string(base.substr(7));
      } else {
        t.kind = LinkKind::deleted;
      }
    } else {
      t.kind = LinkKind::file;
    }
    return r;
  }
  if (s.substr(0, 11) == "anon_inode:") {
    t.kind = LinkKind::anon_inode;
    t.subtype = std::string(s.substr(11));
    return r;
  }
  // "<prefix>:[N]"
  const std::size_t colon = s.find(":[");
  if (colon != std::string_view::npos && colon > 0 && s.back() == ']') {
    const std::string_view prefix = s.substr(0, colon);
    const std::string_view num = s.substr(colon + 2, s.size() - colon - 3);
    t.inode = parse_u64(num);
    if (!t.inode) {
      r.warn(0, s, "inode in '" + std::string(prefix.substr(0, 40)) + ":[...]' is not a number that fits 64 bits");
    }
    if (prefix == "socket") {
      t.kind = LinkKind::socket;
    } else if (prefix == "pipe") {
      t.kind = LinkKind::pipe;
    } else if (is_ns_type(prefix)) {
      t.kind = LinkKind::ns;
      t.subtype = std::string(prefix);
    } else {
      t.kind = LinkKind::other;
      t.subtype = std::string(prefix);
    }
    return r;
  }
  t.kind = LinkKind::other;
  r.warn(0, s, "link target is neither an absolute path nor a '<type>:[inode]' / 'anon_inode:' form");
  return r;
}

Parsed<FdLink> parse_fd_link(std::string_view name, std::string_view target) {
  Parsed<FdLink> r;
  auto t = classify_link_target(target);
  r.value.target = std::move(t.value);
  r.diagnostics = std::move(t.diagnostics);
  r.value.fd = parse_i64(name);
  if (!r.value.fd || *r.value.fd < 0) {
    r.value.fd.reset();
    r.warn(0, name, "fd name is not a non-negative decimal number");
  }
  return r;
}

Parsed<NamespaceLink> parse_ns_link(std::string_view name, std::string_view target) {
  Parsed<NamespaceLink> r;
  const std::size_t colon = target.find(":[");
  if (colon == std::string_view::npos || target.empty() || target.back() != ']') {
    r.warn(0, target, "namespace link target is not '<type>:[inode]'");
    return r;
  }
  const std::string_view type = target.substr(0, colon);
  r.value.type = std::string(type);
  r.value.inode = parse_u64(target.substr(colon + 2, target.size() - colon - 3));
  if (!r.value.inode) {
    r.warn(0, target, "namespace inode is not a number that fits 64 bits");
  }
  const bool matches = type == name || (name == "pid_for_children" && type == "pid") ||
                       (name == "time_for_children" && type == "time");
  if (!matches) {
    r.warn(0, target, "namespace type does not match the link name '" + std::string(name.substr(0, 40)) + "'");
  }
  return r;
}

Parsed<MapFilesLink> parse_map_files_link(std::string_view name, std::string_view target) {
  Parsed<MapFilesLink> r;
  std::vector<std::string> problems;
  r.value.range = parse_address_range(name, problems);
  for (auto& p : problems) {
    r.warn(0, name, "map_files name: " + p);
  }
  auto t = classify_link_target(target);
  r.value.target = std::move(t.value);
  for (auto& d : t.diagnostics) {
    r.diagnostics.push_back(std::move(d));
  }
  return r;
}

}  // namespace procsnap::procfs
