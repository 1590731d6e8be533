#pragma once
// What the diff engine loads from one snapshot: per-process attributes keyed by pid (a pid appears once per
// snapshot), the socket inventory by inode, and the system-wide state. Internal to analyzer/diff/.
//
// Sources: the per-process basic files (stat, status, cmdline, environ, cgroup, io) are parsed from the raw
// member bytes kept in `members` with the same procfs parsers the importer uses, so the diff depends only on the
// archive format and 00_snapshots.sql; links, namespaces, fds, maps, sockets, mounts, modules and sysctls come from
// their typed tables (20_proc_memory.sql, 30_net.sql, 40_system.sql).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "diff/diff.hpp"

namespace procsnap::diff::detail {

/// One mapped region worth reporting: anonymous executable, or writable+executable.
struct Region {
  std::string range;  ///< start-end as the kernel wrote them
  std::string perms;
  std::string what;  ///< path or path_kind
  bool anon_exec = false;
  bool rwx = false;
};

/// Hash for unordered containers keyed by std::string that also look up by std::string_view (no allocation).
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

struct Proc {
  std::int64_t pid = 0;
  std::optional<std::int64_t> start_time;
  // stat
  std::optional<std::string> comm;
  std::optional<std::string> state;
  std::optional<std::int64_t> ppid, priority, nice, threads;
  // cmdline (raw, NUL-separated as the kernel gave it, trailing padding removed) and its argv
  std::optional<std::string> cmdline_raw;
  std::vector<std::string> argv;
  // status
  std::optional<std::string> uids, gids, groups, cap_inh, cap_prm, cap_eff, cap_bnd, cap_amb;
  std::optional<std::int64_t> uid_real;
  std::optional<std::uint64_t> rss_kb;
  // links
  std::optional<std::string> exe, cwd, root;
  std::map<std::string, std::string> ns;  ///< link name -> target
  std::optional<std::string> cgroup;
  /// environ: first value of each name (what getenv returns); nullopt value = entry without '='.
  std::optional<std::unordered_map<std::string, std::optional<std::string>>> env;
  std::unordered_map<std::int64_t, std::string> fds;            ///< fd -> target
  std::unordered_map<std::string, std::int64_t> socket_inodes;  ///< socket inode -> lowest fd holding it
  StringMap<char> mapped_files;                                 ///< distinct mapped file paths (value unused)
  std::unordered_map<std::string, Region> regions;              ///< suspicious regions by range+perms
  bool has_maps = false;
  /// Counters that always move, by name (utime, stime, minflt, ..., rchar, ...).
  std::vector<std::pair<std::string_view, std::uint64_t>> counters;
};

struct Socket {
  std::string proto;        ///< tcp4 tcp6 udp4 udp6 udplite4 raw4 ... unix
  std::string description;  ///< e.g. "tcp4 LISTEN 0.0.0.0:8080" or "unix STREAM LISTEN /run/x.sock"
  bool listener = false;
  std::string address_class;  ///< any, loopback, link-local, private, public, unix-path, unix-abstract, unnamed
  std::optional<std::int64_t> port;
  std::string local;  ///< local address text (or unix path)
};

/// A container the snapshot's processes are in (containers, schema/80_containers.sql).
struct Container {
  std::string runtime;
  std::string label;     ///< its name, else the first 12 characters of its id
  std::string host_key;  ///< what matches it on another host: runtime + name, pod UID, or the init's command line
  std::int64_t processes = 0;
};

struct SnapshotData {
  SnapshotInfo info;
  std::optional<std::string> kernel_version, proc_version;
  std::unordered_map<std::int64_t, Proc> procs;
  std::unordered_map<std::string, Socket> sockets;                        ///< socket inode -> socket
  std::optional<std::map<std::string, std::vector<std::string>>> mounts;  ///< mount point -> "fs source options"
  std::optional<std::unordered_map<std::string, std::string>> modules;    ///< name -> "state taints"
  std::optional<std::unordered_map<std::string, std::string>> sysctls;
  std::optional<std::string> kernel_cmdline;
  std::optional<std::map<std::string, Container>> containers;  ///< by container_id; nullopt: no containers table
};

/// Loads what `options` needs of snapshot `id`. Tables this database does not have (or cannot be read) add a
/// line to `notes` instead of failing. Throws std::invalid_argument when the snapshot does not exist.
[[nodiscard]] SnapshotData load_snapshot(const db::Connection& conn, std::int64_t id, const Options& options,
                                         std::vector<std::string>& notes);

/// "any", "loopback", "link-local", "private" or "public" for an inet_ntop address text.
[[nodiscard]] std::string address_class(std::string_view addr);

}  // namespace procsnap::diff::detail
