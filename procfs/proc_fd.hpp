#pragma once
// Symlink members: /proc/<pid>/fd/<n>, exe, cwd, root, ns/<name> and map_files/<start>-<end>. The archive keeps
// the raw readlink() bytes; these functions classify them. Kernel forms of a magic link's target:
//   "/path"                   a file (d_path; may end in " (deleted)" once unlinked)
//   "/memfd:NAME (deleted)"   memfd_create() file
//   "socket:[INODE]"          socket (sockfs dname)
//   "pipe:[INODE]"            pipe or FIFO opened through pipe(2)
//   "anon_inode:NAME"         eventfd ("[eventfd]"), epoll ("[eventpoll]"), "inotify", timerfd, signalfd, bpf...
//   "net:[INODE]" ...         namespace files (nsfs): <type>:[inode]
//   "<prefix>:[INODE]"        other pseudo files of the same shape (e.g. "pidfd:[N]" with pidfs)
// Targets are raw bytes from a possibly hostile host: nothing here assumes UTF-8 or a bounded length.
#include "procfs/parse_result.hpp"
#include "procfs/proc_maps.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace procsnap::procfs {

enum class LinkKind {
  file,        ///< absolute path of an existing file
  deleted,     ///< absolute path ending in " (deleted)" (not memfd)
  memfd,       ///< "/memfd:NAME (deleted)"
  socket,      ///< "socket:[N]"
  pipe,        ///< "pipe:[N]"
  anon_inode,  ///< "anon_inode:NAME"
  ns,          ///< "<ns type>:[N]" for a known namespace type (net, mnt, pid, user, uts, ipc, cgroup, time)
  other,       ///< anything else (relative path, other "<prefix>:[N]", empty)
};

/// Stable lower-case name: "file", "deleted", "memfd", "socket", "pipe", "anon_inode", "ns", "other".
[[nodiscard]] std::string_view link_kind_name(LinkKind k);

struct LinkTarget {
  LinkKind kind = LinkKind::other;
  bool deleted = false;                ///< ends with " (deleted)" (file, memfd)
  std::optional<std::uint64_t> inode;  ///< N of "<prefix>:[N]" forms (socket, pipe, ns, other)
  /// anon_inode: the name after "anon_inode:" ("[eventfd]", "inotify"); memfd: NAME; ns/other "<p>:[N]": p.
  std::optional<std::string> subtype;
};

/// Classifies a raw link target. Diagnostics (line 0) for empty targets, a "<prefix>:[...]" whose inode is not
/// a number, or a relative path.
[[nodiscard]] Parsed<LinkTarget> classify_link_target(std::string_view target);

/// fd/<n>: the fd number from the member name (nullopt + diagnostic when not a decimal number) and the target.
struct FdLink {
  std::optional<std::int64_t> fd;
  LinkTarget target;
};
[[nodiscard]] Parsed<FdLink> parse_fd_link(std::string_view name, std::string_view target);

/// ns/<name>: "net:[4026531840]" -> type "net", inode. A target type that does not match the file name (other
/// than pid_for_children -> pid and time_for_children -> time) is a diagnostic.
struct NamespaceLink {
  std::optional<std::string> type;     ///< type from the target ("net")
  std::optional<std::uint64_t> inode;  ///< namespace inode (identifies the namespace on this boot)
};
[[nodiscard]] Parsed<NamespaceLink> parse_ns_link(std::string_view name, std::string_view target);

/// map_files/<start>-<end>: the range from the member name, and the target (always a path for file mappings).
struct MapFilesLink {
  AddressRange range;
  LinkTarget target;
};
[[nodiscard]] Parsed<MapFilesLink> parse_map_files_link(std::string_view name, std::string_view target);

}  // namespace procsnap::procfs
