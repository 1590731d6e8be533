#pragma once
// --mem: which regions of a process to read (the selection evaluated over its captured maps/smaps) and how they
// are read from /proc/<pid>/mem (schema/FORMAT.md "Memory regions and executable copies"). The walker drives it
// (Walker::capture_mem); this header holds the parts that are testable on their own:
// - plan_mem_regions: maps text (+ smaps VmFlags) -> the selected regions, each with its never-read exclusion;
// - read_mem_range: pread of one range with the page-by-page retry (readable sub-ranges + holes, never zero-fill);
// - MemBufferPool: recycled 4 MiB piece buffers (no malloc + page faults per piece);
// - BlockingRunner: runs a job that may block in the kernel (a read of mem takes the target's mmap lock
//   killably) on a worker thread with a deadline; a stuck job is abandoned on its thread.
#include <nettle/aes.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "manifest.hpp"
#include "mem_select.hpp"
#include "procfs/proc_maps.hpp"

namespace procsnap::collector {

/// Largest piece member (FORMAT.md): also the size of one pread and of a pool buffer.
inline constexpr std::size_t k_mem_piece_bytes = 4 * 1024 * 1024;
/// Pagemap entries read at once when skipping a stretch that is not resident (512 KiB of entries: 256 MiB of
/// address space with 4 KiB pages).
inline constexpr std::size_t k_skip_window_pages = 64 * 1024;

/// --mem options the walker needs.
struct MemConfig {
  MemSelector selector;
  std::optional<std::vector<int>> pids;  ///< --mem-pids (sorted); nullopt = every captured pid
  std::uint64_t max_region = 256ull * 1024 * 1024;
  std::uint64_t max_total = 1024ull * 1024 * 1024;
  /// --mem-resident-only (the default; --mem-nonresident turns it off): read only pages pagemap says are present.
  bool resident_only = true;
};

/// st_dev numbers (major, minor) of FUSE file systems. A read of a page of a FUSE-backed file, or an open of one,
/// sends a request to the FUSE server; once the server has it the caller waits uninterruptibly (even SIGKILL waits)
/// until it answers, so a hung or hostile server would keep the collector from ever exiting. Regions and
/// executables on these devices are therefore not read unless --mem-read-fuse says so.
class FuseDevs {
 public:
  /// fs type "fuse", "fuseblk", or "fuse.<subtype>" / "fuseblk.<subtype>" (mountinfo field 9).
  [[nodiscard]] static bool is_fuse_fstype(std::string_view fstype);
  /// Adds the devices of the FUSE mounts of a mountinfo text (lines that don't parse are ignored). Device numbers
  /// are global (not per mount namespace), so texts of several processes may be merged.
  void add_mountinfo(std::string_view mountinfo);
  [[nodiscard]] bool contains(std::uint64_t major, std::uint64_t minor) const;
  [[nodiscard]] bool empty() const { return devs_.empty(); }

 private:
  std::vector<std::pair<std::uint64_t, std::uint64_t>> devs_;  ///< sorted, unique
};

/// One selected region.
struct MemRegionPlan {
  procfs::MapsEntry entry;                ///< start, end and perms are known
  std::optional<std::string> vmflags;     ///< smaps VmFlags of the same region, when known
  std::string select;                     ///< the matching top-level alternative
  std::optional<std::string_view> never;  ///< mem_exclusion's reason: listed `skipped`, never read
};

/// Evaluates `selector` over the regions of `maps` (lines that lack start, end or perms are ignored: they can't be
/// judged); VmFlags come from `smaps` (matched by start/end) when given. In maps order. With `fuse`, a region that
/// mem_exclusion() lets through but whose maps device is in `fuse` is never read either (`never` = "fuse-backed").
[[nodiscard]] std::vector<MemRegionPlan> plan_mem_regions(const MemSelector& selector, std::string_view maps,
                                                          std::optional<std::string_view> smaps,
                                                          const FuseDevs* fuse = nullptr);

/// How one range of mem read.
struct RangeRead {
  struct Span {
    std::uint64_t start = 0;  ///< address; the bytes are at buf + (start - range start)
    std::uint64_t end = 0;
  };
  std::vector<Span> readable;              ///< in address order, maximal (abutting spans merged)
  std::vector<MemRegionLine::Hole> holes;  ///< unreadable pages (merged while the errno stays the same)
  bool gone = false;                       ///< a read returned 0: the process's mm is gone (it exited)
  std::uint64_t attempted_end = 0;         ///< where reading stopped (range end unless `gone`)
};

/// preads [addr, addr + len) of the mem file `fd` into `buf` in one go; on an error or a short read it goes on
/// page by page (`page` bytes) until a page reads again, then resumes whole reads. Only what was read is reported
/// readable; nothing is zero-filled. A range past INT64_MAX (not addressable by pread) is one EINVAL hole.
[[nodiscard]] RangeRead read_mem_range(int fd, std::uint64_t addr, std::size_t len, char* buf, std::size_t page);

/// Frame ids (--mem where pagemap shows page frame numbers, i.e. with CAP_SYS_ADMIN): a PFN is a physical address of
/// the host and is never stored. What is stored is AES-128 of it under a key drawn at random for the run (getrandom)
/// and never written anywhere, first 8 bytes, top bit cleared: equal frames give equal ids within one archive (which
/// pages two processes share), and without the key an id says nothing about the address (a plain hash of a PFN
/// could be inverted by trying the few million PFNs a machine has).
class FrameIds {
 public:
  FrameIds();
  /// The id of frame `pfn` (never 0).
  [[nodiscard]] std::uint64_t id(std::uint64_t pfn) const;

 private:
  aes128_ctx ctx_{};
};

/// Where read_mem_stretch puts the frame ids of the present pages it saw (when pagemap showed their PFN).
struct FrameOut {
  const FrameIds* ids = nullptr;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> pages;  ///< (page address, frame id), address order
};

/// Reads the pagemap entries of `n` pages starting at page number `first_page` (address / page size) from the
/// pagemap file `fd` into `out` (which must hold `n`). Returns how many entries were read (all of them unless a read
/// failed or came back short); `pm` gets the failure (err, or short_read) and every entry read is counted into it
/// (PagemapCounts::add), the missing ones as `unknown`. A pagemap offset past INT64_MAX is an EINVAL failure.
std::size_t read_pagemap(int fd, std::uint64_t first_page, std::size_t n, std::uint64_t* out, PagemapCounts& pm);

/// One stretch [addr, addr + len) of a region, read with the help of pagemap: its entries are read first (fd
/// `pagemap_fd`; < 0 when pagemap could not be opened, `pm.err` then already says why) and counted into `pm`. With
/// `resident_only`, only runs of pages whose entry says present are read from `mem_fd` (read_mem_range), so the read
/// never swaps a page in or populates one; the other pages become holes (HoleKind::not_resident, or
/// residency_unknown where the entry could not be read) and cost no read. Without it the whole stretch is read as by
/// read_mem_range. Holes and spans are in address order, abutting ones merged.
/// With `frames`, the frame id of each present page of the stretch whose PFN pagemap shows is added to it.
[[nodiscard]] RangeRead read_mem_stretch(int mem_fd, int pagemap_fd, std::uint64_t addr, std::size_t len, char* buf,
                                         std::size_t page, bool resident_only, PagemapCounts& pm,
                                         FrameOut* frames = nullptr);

/// --mem-resident-only over long stretches that are not resident (a 64 GiB reservation, a sanitizer's shadow): reads
/// pagemap in windows of up to `window` entries from `addr` and returns the address of the first page that is present
/// or whose entry could not be read (`end` when none before it), counting into `pm` only the entries before that
/// page; the caller lists [addr, returned) as a not-resident hole and goes on from there. A window costs one pread
/// instead of one mem stretch (and one deadline job) per 4 MiB.
[[nodiscard]] std::uint64_t skip_not_resident(int pagemap_fd, std::uint64_t addr, std::uint64_t end, std::size_t page,
                                              std::size_t window, PagemapCounts& pm);

/// Piece buffers of k_mem_piece_bytes, recycled: a buffer returns to the pool when the last shared_ptr to it goes
/// (after the recorder thread has hashed and archived it). At most `keep` idle buffers are kept.
class MemBufferPool {
 public:
  explicit MemBufferPool(std::size_t keep = 6);
  [[nodiscard]] std::shared_ptr<char> acquire();
  [[nodiscard]] std::size_t idle() const;

 private:
  struct State;
  std::shared_ptr<State> st_;  ///< shared with outstanding buffers' deleters (may outlive the pool)
};

/// Runs jobs that may block in the kernel on one worker thread, the caller waiting at most `timeout_ms`. A job
/// past the deadline is abandoned on its thread (it finishes whenever its syscall returns; it owns what it uses
/// through shared_ptrs) and a fresh thread serves the next job. After k_max_abandoned stuck jobs no more are run.
/// `timeout_ms` = 0: jobs run inline on the caller's thread (no deadline).
class BlockingRunner {
 public:
  enum class Outcome { done, timeout, gave_up };
  explicit BlockingRunner(std::uint64_t timeout_ms);
  ~BlockingRunner();
  BlockingRunner(const BlockingRunner&) = delete;
  BlockingRunner& operator=(const BlockingRunner&) = delete;

  Outcome run(std::function<void()> job);
  static constexpr int k_max_abandoned = 8;
  [[nodiscard]] int abandoned() const { return abandoned_; }

 private:
  struct State;
  std::uint64_t timeout_ms_;
  std::shared_ptr<State> st_;
  std::thread thread_;
  int abandoned_ = 0;
};

/// "mem/<pid>/<start>-<end>" with maps-style addresses (lower-case hex, at least 8 digits).
[[nodiscard]] std::string mem_member_path(int pid, std::uint64_t start, std::uint64_t end);
/// "mem/<pid>/regions/<start>-<end>".
[[nodiscard]] std::string mem_region_path(int pid, std::uint64_t start, std::uint64_t end);
/// "mem/<pid>/frames/<start>-<end>".
[[nodiscard]] std::string mem_frames_path(int pid, std::uint64_t start, std::uint64_t end);
/// The frames member's bytes: per page, its address and frame id, 8 bytes little-endian each.
[[nodiscard]] std::string encode_frames(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& pages);

}  // namespace procsnap::collector
