#pragma once
// Reading one /proc item: a regular file read whole (to EOF, up to a cap) or a link's raw target.
//
// /proc files lie about their size (st_size is 0 or 4096), so a file is read until read() returns 0 into one
// reusable buffer that grows by doubling up to --max-file-bytes. Every open is
// O_RDONLY|O_CLOEXEC|O_NOCTTY|O_NOFOLLOW (plus O_NONBLOCK so a FIFO planted in a relocated tree cannot block the
// open), relative to a directory fd the walker opened once; links are readlinkat()'ed, never followed.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "read_rate.hpp"

namespace procsnap::collector {

inline constexpr int k_o_nonblock = 04000;  ///< O_NONBLOCK on Linux (every architecture we build for)

/// CLOCK_BOOTTIME / CLOCK_REALTIME in nanoseconds.
[[nodiscard]] std::uint64_t boottime_ns();
[[nodiscard]] std::uint64_t realtime_ns();

/// Manifest status word for an errno value: "ENOENT", "EACCES", ... or "errno:<n>" for the rare ones.
[[nodiscard]] std::string errno_name(int err);

/// How one read ended.
enum class ReadStatus {
  ok,           ///< read to EOF (or the link target was read)
  error,        ///< `err` says why; `size` bytes may still have been read before the error
  truncated,    ///< the cap was reached and more bytes were available; `size` == cap
  timeout,      ///< the read did not finish before the deadline and was abandoned
  not_regular,  ///< the path is not a regular file (a FIFO, socket, device or directory in a relocated tree)
  gave_up       ///< not attempted: too many earlier reads are still stuck in the kernel
};

struct ReadResult {
  ReadStatus status = ReadStatus::ok;
  int err = 0;            ///< errno for ReadStatus::error
  std::string_view data;  ///< bytes read; valid until the next read on the same Reader
  std::uint64_t t0 = 0;   ///< CLOCK_BOOTTIME ns at open
  std::uint64_t t1 = 0;   ///< CLOCK_BOOTTIME ns when the read ended
  /// True when `data` holds bytes that belong in the archive (ok, truncated, or an error after partial data).
  [[nodiscard]] bool has_data() const {
    return status == ReadStatus::ok || status == ReadStatus::truncated ||
           (status == ReadStatus::error && !data.empty());
  }
};

/// Opens files relative to directory fds and reads them whole into one reusable buffer. Not thread-safe; one
/// Reader per capture. Memory: the buffer grows to the largest file read (at most the cap) and shrinks back to
/// its initial size after an unusually large file, so peak memory is bounded by the cap, not by the host.
class Reader {
 public:
  /// `timeout_ms` = 0 disables the deadline path (read_file_deadline then reads inline).
  explicit Reader(std::uint64_t max_file_bytes, std::uint64_t timeout_ms = 0);
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  /// openat(dirfd, name) + read to EOF (at most max_file_bytes).
  [[nodiscard]] ReadResult read_file(int dirfd, const char* name);
  /// Same, with a deadline, for files whose read can block on a stuck target (the kernel waits for the target's
  /// mmap lock or exec lock killably, so no signal can interrupt the read). The read runs on a worker thread
  /// with its own buffer and a dup()ed directory fd; when the deadline passes, the worker is abandoned (it
  /// exits when its read returns, if ever), a fresh one serves the next read, and the result is `timeout`.
  /// After k_max_abandoned stuck workers, further reads return `gave_up` instead of piling up threads.
  [[nodiscard]] ReadResult read_file_deadline(int dirfd, const char* name);
  static constexpr int k_max_abandoned = 8;
  /// Batched form of read_file_deadline, for the few files of each process that can block: the worker starts
  /// reading `names` (relative to `dirfd`, which the caller keeps open until every name was taken) in order at
  /// once, while the caller goes on with its other reads; take_prefetched() then hands the results out in the same
  /// order. One hand-off per process instead of one per file, and the slow reads (smaps) overlap with the rest.
  /// The deadline is per read, as in read_file_deadline: a read still running `timeout_ms` after it started is
  /// abandoned (`timeout`) and the names after it go to a fresh worker. The worker keeps at most k_prefetch_bytes of
  /// untaken results (then waits for the caller), so memory stays bounded. A new prefetch() (or
  /// cancel_prefetch()) drops whatever of the previous batch was not taken.
  void prefetch(int dirfd, std::vector<std::string> names);
  /// The next prefetched result. Its bytes are moved into `owned`; `data` views them. `name` must be the next
  /// prefetched name; otherwise (a caller bug) the file is read with read_file_deadline instead.
  [[nodiscard]] ReadResult take_prefetched(const char* name, std::string& owned);
  void cancel_prefetch();
  static constexpr std::size_t k_prefetch_bytes = 16 * 1024 * 1024;
  /// Reads abandoned past their deadline, by this reader and its siblings together (one budget of k_max_abandoned
  /// stuck threads for the whole run, however many readers take turns).
  [[nodiscard]] int abandoned() const { return abandoned_->load(); }
  /// A new Reader with the same cap, deadline, flags, read-rate bound and stuck-read budget (its own buffer and
  /// worker).
  [[nodiscard]] std::unique_ptr<Reader> sibling() const;
  /// readlinkat(dirfd, name): the raw target bytes (the kernel caps a target at PATH_MAX).
  [[nodiscard]] ReadResult read_link(int dirfd, const char* name);

  [[nodiscard]] std::uint64_t max_file_bytes() const { return cap_; }
  /// --max-read-rate: every byte read (files and link targets, here and on the deadline worker) is counted against
  /// `rate`, sleeping when ahead of it (see ReadRate). Null (the default): unbounded. Set before the first read.
  void set_read_rate(std::shared_ptr<ReadRate> rate) { rate_ = std::move(rate); }
  /// The bound set by set_read_rate (null: unbounded), for reads made elsewhere (memory) to be counted too.
  [[nodiscard]] ReadRate* read_rate() const { return rate_.get(); }
  /// fstat every opened file and refuse non-regular ones (default). The walker turns this off for the live procfs,
  /// where every allow-listed name is a regular file by construction, and keeps it for relocated trees.
  void set_check_type(bool on) { check_type_ = on; }
  /// Test seam: open without O_NONBLOCK (and don't check the type) so a unit test can make a read block for real
  /// on a FIFO with a silent writer and exercise the deadline. Never used by the collector.
  void set_blocking_opens_for_testing() {
    open_flags_ &= ~k_o_nonblock;
    check_type_ = false;
  }

 private:
  void ensure_capacity(std::size_t n);

  struct Worker;
  void start_worker();
  /// Hands pf_names_[pf_next_..] to the worker (starting it if needed). False when no worker may be started.
  bool submit_prefetch();
  void abandon_worker();
  int pf_dirfd_ = -1;                  ///< the caller's directory fd of the current prefetch batch
  std::vector<std::string> pf_names_;  ///< the batch
  std::size_t pf_next_ = 0;            ///< next index take_prefetched() returns
  std::size_t pf_base_ = 0;            ///< index in pf_names_ of the worker's slot 0
  bool pf_submitted_ = false;          ///< the worker holds pf_names_[pf_base_..]
  std::string last_;                   ///< owns read_file_deadline's data
  std::uint64_t cap_;
  std::uint64_t timeout_ms_;
  std::string buf_;                 ///< read buffer; its size is the capacity (see read_fd_capped)
  std::shared_ptr<Worker> worker_;  ///< shared with its thread, which may outlive an abandonment
  std::shared_ptr<ReadRate> rate_;  ///< --max-read-rate (null: unbounded), shared with the worker's reader
  std::thread thread_;
  std::shared_ptr<std::atomic<int>> abandoned_ = std::make_shared<std::atomic<int>>(0);  ///< shared with siblings
  bool check_type_ = true;
  int open_flags_;  ///< see reader.cpp k_open_flags
};

/// How read_fd_capped ended.
struct CappedRead {
  std::size_t size = 0;    ///< bytes read, at buf[0, size) (possibly partial when err != 0)
  bool truncated = false;  ///< `cap` bytes were read and at least one more byte was available
  int err = 0;             ///< errno of the read that failed (0: none)
};

/// Reads `fd` from its offset to EOF, at most `cap` bytes, into `buf`. `buf`'s size is its usable capacity: grown
/// to min(cap, size_hint) when smaller, then doubled (never beyond cap) when full, and never reduced, so a buffer
/// reused across reads is not refilled. Sizes lie for /proc files and a regular file may change while it is read,
/// so the read always goes to EOF; at the cap, one probe byte tells "exactly cap bytes" from "more available".
[[nodiscard]] CappedRead read_fd_capped(int fd, std::size_t cap, std::size_t size_hint, std::string& buf);

/// Small helper for host identity and the header: reads a file whole (up to `limit` bytes) relative to `dirfd`
/// with the same flags as Reader. Returns false on any error.
bool read_small(int dirfd, const char* path, std::string& out, std::size_t limit = 1 << 20);

/// openat() of a relative path whose every directory component is opened O_NOFOLLOW|O_DIRECTORY in turn, so no
/// symlink anywhere in the path is followed (O_NOFOLLOW alone guards only the last component). -1 and errno on
/// error; "." / ".." / empty components give EINVAL.
[[nodiscard]] int open_beneath(int dirfd, const char* path, int flags);
/// Opens a directory relative to `dirfd` with O_RDONLY|O_DIRECTORY|O_CLOEXEC|O_NOFOLLOW (via open_beneath).
[[nodiscard]] int open_dir(int dirfd, const char* name);

/// Owns a file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset(o.release());
    }
    return *this;
  }
  ~Fd() { reset(); }
  [[nodiscard]] int get() const { return fd_; }
  [[nodiscard]] bool valid() const { return fd_ >= 0; }
  int release() {
    const int f = fd_;
    fd_ = -1;
    return f;
  }
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

}  // namespace procsnap::collector
