#pragma once
// procsnap diff: what changed between two imported snapshots.
//
//   time mode   (same host, same boot): a process is the same process when (pid, start_time) match; a pid whose
//               start_time differs was reused: that is an exit plus a start, never a change.
//   hosts mode  (another machine, or another boot): pids mean nothing, so processes are compared as multisets of
//               (exe, cmdline); listeners as multisets of (protocol, address class, port, owner exe); users as
//               the set of real uids running processes.
//   both modes  loaded kernel modules, mounts, kernel release/version/cmdline and captured sysctls.
//
// The engine loads the rows it needs from the two snapshots with SQL into hash maps (one pass per table and
// snapshot) and compares them in C++: the work grows linearly with the number of processes and rows. Output is
// sorted, so the same two snapshots always give the same bytes.
//
// An attribute is only compared when both snapshots captured it (an unreadable environ is "unknown", not
// "emptied"). Counters that always move (cpu times, context switches, page faults, I/O counters, the last CPU)
// are not changes unless Options::show_counters is set.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"

namespace procsnap::diff {

enum class Mode { automatic, time, hosts };

/// Categories, in output order (also the values of --only).
enum class Category { processes, sockets, maps, fds, env, mounts, modules, kernel };
inline constexpr std::size_t k_category_count = 8;
inline constexpr std::array<Category, k_category_count> k_categories{
    Category::processes, Category::sockets, Category::maps,    Category::fds,
    Category::env,       Category::mounts,  Category::modules, Category::kernel};

[[nodiscard]] std::string_view to_string(Category c);
[[nodiscard]] std::optional<Category> category_from_string(std::string_view s);
[[nodiscard]] std::string_view to_string(Mode m);

struct Options {
  Mode mode = Mode::automatic;
  /// Categories to compare; all when every entry is true (the default).
  std::array<bool, k_category_count> only{true, true, true, true, true, true, true, true};
  /// Report counters that always move (kind "counter").
  bool show_counters = false;
  /// Report a process whose resident memory (status VmRSS) grew by at least this many bytes.
  std::uint64_t mem_threshold_bytes = 64ull * 1024 * 1024;

  [[nodiscard]] bool wants(Category c) const { return only[static_cast<std::size_t>(c)]; }
};

/// One difference. `key` identifies the item within (category, pid, start_time, attribute): the fd number,
/// the environment variable's name, the socket, the library path, the mount point, the module or sysctl name,
/// the "exe cmdline" of a process group in hosts mode. Strings are raw bytes from the snapshots (escape them
/// for display).
struct Change {
  Category category = Category::processes;
  /// processes: started, exited, changed, counter (time) / added, removed (hosts);
  /// sockets and fds: opened, closed, changed; maps, env, mounts, modules, kernel: added, removed, changed.
  std::string kind;
  /// What changed: comm, cmdline, exe, cwd, root, uids, gids, groups, cap_inh/cap_prm/cap_eff/cap_bnd/cap_amb,
  /// ns:<name>, cgroup, nice, priority, threads, state, ppid, rss, a counter's name, process, user, container (key:
  /// the container id, or in hosts mode "RUNTIME name N" / "RUNTIME pod UID" / "RUNTIME init CMDLINE"), fd, socket,
  /// listener, library, anon_exec, rwx, env, mount, module, release, version, cmdline, sysctl.
  std::string attribute;
  std::string key;
  std::optional<std::int64_t> pid;         ///< the process (time mode), else nullopt
  std::optional<std::int64_t> start_time;  ///< its start_time (ticks after boot): B's for started, A's otherwise
  std::string subject;                     ///< who, for a reader: the process's comm (time mode), else ""
  std::optional<std::string> before;       ///< value in A (nullopt: absent in A)
  std::optional<std::string> after;        ///< value in B (nullopt: absent in B)
};

/// Identity of a compared snapshot (from the snapshots table).
struct SnapshotInfo {
  std::int64_t id = 0;
  std::optional<std::string> hostname, captured_at, boot_id, machine_id, kernel_release, archive_sha256;
};

struct Result {
  SnapshotInfo a, b;
  Mode mode = Mode::time;      ///< the mode used (never automatic)
  bool mode_was_auto = false;  ///< picked by --mode auto
  std::string mode_reason;     ///< why that mode (always set)
  Options options;
  std::vector<Change> changes;     ///< sorted: category, pid, start_time, kind, attribute, key
  std::vector<std::string> notes;  ///< what could not be compared and why (missing tables, mode caveats)
  std::size_t processes_a = 0, processes_b = 0;

  [[nodiscard]] std::size_t count(Category c) const;
  [[nodiscard]] std::size_t count(Category c, std::string_view kind) const;
};

/// Compares snapshot `a` (before) with `b` (after). Throws db::Error only for database failures (a table this
/// database lacks becomes a note instead) and std::invalid_argument when a snapshot id does not exist.
[[nodiscard]] Result run_diff(const db::Connection& conn, std::int64_t a, std::int64_t b, const Options& options);

/// Human-readable report: header, counts, then one section per category (untrusted text escaped).
[[nodiscard]] std::string render_text(const Result& r);
/// The JSON document described in docs/diff-json.md (version 1).
[[nodiscard]] std::string render_json(const Result& r);

/// Stores `r` in diff_runs / diff_changes (schema/50_diff.sql, created if this database lacks them) in one
/// transaction; returns the new diff id.
std::int64_t save(db::Connection& conn, const Result& r, std::string_view procsnap_version);

/// Parses a --mem-threshold value: a byte count with an optional K, M, G suffix (powers of 1024), e.g. "64M".
[[nodiscard]] std::optional<std::uint64_t> parse_size(std::string_view s);

}  // namespace procsnap::diff
