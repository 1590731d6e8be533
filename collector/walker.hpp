#pragma once
// The walker: enumerates pids with getdents64 (not readdir, so an LD_PRELOAD or /etc/ld.so.preload readdir hook
// on the host can't hide a pid from this static binary), opens each pid directory once and captures every
// allow-listed item relative to it, in the member order schema/FORMAT.md fixes:
//   system-wide files (sorted) -> per pid (ascending): stat, files, links, fd/, fdinfo/, ns/, map_files/, attr/,
//   net/ (once per network namespace), task/<tid>/ -> a process line after each pid.
// Each item becomes an archive member (when bytes were read) and a manifest line (always).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "archive_writer.hpp"
#include "manifest.hpp"
#include "reader.hpp"

namespace procsnap::collector {

/// Directory entry names from getdents64 ("." and ".." dropped). Returns false (errno set) on failure.
bool list_dir(int dirfd, std::vector<std::string>& names);

/// Parses a decimal pid/tid/fd name ("0" allowed for fds; no sign, no leading zeros). nullopt otherwise.
[[nodiscard]] std::optional<std::uint64_t> parse_decimal_name(std::string_view name);

/// stat field 22 (starttime, clock ticks since boot): the token 20 fields after the last ')'.
[[nodiscard]] std::optional<std::uint64_t> stat_start_time(std::string_view stat);

/// Inode from a namespace link target such as "net:[4026531840]".
[[nodiscard]] std::optional<std::uint64_t> ns_link_inode(std::string_view target);

/// The allow-lists, exposed for tests and documentation.
[[nodiscard]] const std::vector<std::string_view>& system_files();
[[nodiscard]] const std::vector<std::string_view>& process_files();  ///< after stat, in member order
[[nodiscard]] const std::vector<std::string_view>& thread_files();   ///< after stat, in member order
[[nodiscard]] const std::vector<std::string_view>& net_files();

struct WalkerConfig {
  int root_fd = -1;        ///< the opened proc root
  bool live = true;        ///< root is this host's live procfs
  std::optional<std::vector<int>> pids;  ///< --pids
  bool threads = true;
  bool progress = false;
  std::optional<std::string> self_dir;   ///< name of the collector's own pid dir under root ("self" resolved)
  std::optional<std::uint64_t> own_netns;  ///< ns/net inode of the namespace proc/net was captured from
};

class Walker {
 public:
  Walker(WalkerConfig config, ArchiveWriter& writer, Manifest& manifest, Reader& reader);

  /// System-wide allow-listed files and proc/net of the collector's namespace.
  void capture_system();
  /// Every pid (or --pids), ascending. Returns early when the output failed or `stop()` says so.
  template <class StopFn>
  void capture_processes(StopFn stop);

  /// Writes the pending manifest lines as a chunk member (always at least one chunk per archive).
  void flush_manifest(bool final);

  [[nodiscard]] bool output_failed() const { return writer_.failed(); }
  [[nodiscard]] bool interrupted() const { return interrupted_; }

 private:
  void capture_pid(int pid, bool requested);
  void capture_task(int pid, int task_dir_fd, const std::string& tid);
  void capture_net(int net_dir_fd, const std::string& prefix);
  void capture_link_dir(int pid_fd, const std::string& prefix, const char* dir, bool numeric,
                        std::optional<std::uint64_t>* net_inode);
  void capture_fdinfo(int pid_fd, const std::string& prefix);
  void capture_map_files(int pid_fd, const std::string& prefix);
  void capture_attr(int pid_fd, const std::string& prefix);

  /// Reads `name` relative to `dirfd` and records it as `path`. Returns the read (data valid until next read).
  ReadResult file(int dirfd, const char* name, const std::string& path, bool may_block = false);
  ReadResult link(int dirfd, const char* name, const std::string& path);
  /// Records a read result: member (when there are bytes) + manifest line.
  void record(const std::string& path, ItemKind kind, const ReadResult& r);
  void record_dir_error(const std::string& path, int err);
  void after_line();
  std::optional<std::string> via_self(const std::string& name);
  void show_progress(bool force);

  WalkerConfig cfg_;
  ArchiveWriter& writer_;
  Manifest& manifest_;
  Reader& reader_;
  std::unordered_map<std::uint64_t, std::string> netns_seen_;  ///< ns/net inode -> proc/<pid>/net
  std::vector<std::string> names_;  ///< scratch for directory listings
  std::string status_;              ///< scratch for errno names
  std::uint64_t last_progress_ns_ = 0;
  std::size_t pids_total_ = 0;
  std::size_t pids_done_ = 0;
  bool interrupted_ = false;
};

// ---- template implementation ----
std::vector<int> enumerate_pids(int root_fd, int& err);

template <class StopFn>
void Walker::capture_processes(StopFn stop) {
  std::vector<int> pids;
  std::vector<bool> requested;
  if (cfg_.pids) {
    pids = *cfg_.pids;
  } else {
    int err = 0;
    pids = enumerate_pids(cfg_.root_fd, err);
    if (err != 0) {
      record_dir_error("proc", err);
    }
  }
  pids_total_ = pids.size();
  for (const int pid : pids) {
    if (writer_.failed()) {
      return;
    }
    if (stop()) {
      interrupted_ = true;
      return;
    }
    capture_pid(pid, cfg_.pids.has_value());
    ++pids_done_;
    show_progress(false);
  }
  show_progress(true);
}

}  // namespace procsnap::collector
