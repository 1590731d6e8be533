#pragma once
// Command-line options of procsnap-collect. A small hand parser (CLI11 would add ~300 KB to a binary whose
// budget is 3 MB, and the help text is written by hand anyway so it can teach).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive_writer.hpp"
#include "exe_copy.hpp"
#include "mem_select.hpp"
#include "read_rate.hpp"

namespace procsnap::collector {

/// Exit codes; documented in --help and schema/FORMAT.md.
enum ExitCode : int {
  k_exit_complete = 0,     ///< archive complete (trailer written), nothing torn
  k_exit_internal = 1,     ///< unexpected internal error (a bug); the archive is incomplete
  k_exit_usage = 2,        ///< bad command line; nothing was written
  k_exit_partial = 3,      ///< archive complete (trailer written) but some data is torn or missing, see --help
  k_exit_output = 4,       ///< the output failed (write error, ENOSPC, EPIPE, EFBIG); no trailer was written
  k_exit_interrupted = 5,  ///< SIGINT/SIGTERM/SIGHUP: stopped early; manifest flushed, no trailer written
};

struct Options {
  std::string output;                    ///< path, or "-" for stdout
  std::optional<Compression> compress;   ///< nullopt: from the output's extension, else zstd
  std::optional<std::vector<int>> pids;  ///< --pids, sorted and unique
  std::string proc_root = "/proc";
  std::optional<std::string> case_id;
  std::optional<std::string> examiner;
  std::optional<std::string> note;
  std::uint64_t max_file_bytes = 64ull * 1024 * 1024;
  std::uint64_t timeout_ms = 5000;  ///< per-read deadline for reads that may block (see --timeout-ms)
  bool threads = true;
  bool hidden_scan = false;  ///< --hidden-scan: probe every pid number up to pid_max after the walk
  /// --test-hide-pid N (repeatable; test-only, not in --help): drop N from the proc root's listing, to simulate a
  /// pid hidden from getdents64 in a relocated tree. Recorded in the header when used.
  std::vector<int> test_hide_pids;
  bool progress = false;  ///< --progress: force progress even when stderr is not a TTY
  bool quiet = false;
  bool seccomp = true;
  /// --gentle: SCHED_IDLE, the idle I/O class, one reader, and --max-read-rate k_gentle_read_rate unless given.
  bool gentle = false;
  /// --max-read-rate: bytes per second read from /proc (files, links, memory); 0 = unbounded. nullopt: not given.
  std::optional<std::uint64_t> max_read_rate;
  /// --mem EXPR|PRESET as given ("none" by default) and parsed; see schema/FORMAT.md "Memory regions".
  std::string mem = "none";
  MemSelector mem_selector;                             ///< parsed `mem` (is_none() by default)
  std::optional<std::vector<int>> mem_pids;             ///< --mem-pids, sorted and unique; nullopt = every captured pid
  std::uint64_t mem_max_region = 256ull * 1024 * 1024;  ///< --mem-max-region: bytes stored per region
  std::uint64_t mem_max_total = 1024ull * 1024 * 1024;  ///< --mem-max-total: bytes stored per run
  /// --mem-resident-only (default) / --mem-nonresident: read only the pages pagemap says are present.
  bool mem_resident_only = true;
  CopyExe copy_exe = CopyExe::deleted;
  CopyFd copy_fd = CopyFd::deleted;                         ///< --copy-fd
  std::uint64_t copy_fd_max_total = 256ull * 1024 * 1024;  ///< --copy-fd-max-total: bytes stored in fd copies
  /// --mem-read-fuse: read FUSE-backed regions and executables too (default: skipped, reason "fuse-backed").
  bool mem_read_fuse = false;
  std::vector<std::string> argv;  ///< the full command line, for the header

  /// The effective compression (explicit, or derived from the output name).
  [[nodiscard]] Compression effective_compression() const;
  /// The effective read-rate bound in bytes per second (0 = unbounded): --max-read-rate, else the --gentle default.
  [[nodiscard]] std::uint64_t effective_read_rate() const;
};

struct ParseOutcome {
  enum class Kind { run, help, version, error } kind = Kind::run;
  std::string message;  ///< for error
};

/// Parses argv into `opts`. Never exits; main prints help/version/errors.
[[nodiscard]] ParseOutcome parse_options(int argc, char** argv, Options& opts);

/// The --help text (includes the --mem grammar, mem_help_text()).
[[nodiscard]] std::string help_text();

/// "64M", "1G", "4096", "512K" (binary multiples); nullopt when malformed or overflowing.
[[nodiscard]] std::optional<std::uint64_t> parse_size(std::string_view s);

/// A --mem usage error: the message, the expression, and a caret under the offending token.
[[nodiscard]] std::string mem_error_message(std::string_view expr, const MemSelectError& e);

}  // namespace procsnap::collector
