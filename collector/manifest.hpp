#pragma once
// The manifest: one JSON line per attempted item (schema/FORMAT.md "Manifest lines"), collected in memory only
// until the pending lines pass 1 MiB, then handed out as a chunk member `procsnap/manifest/<seq>.jsonl`. The
// manifest also keeps the counts and chunk hashes the trailer needs, and decides whether the capture is partial
// (exit code 3; the rule is written once, here, and documented in --help and FORMAT.md).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "procsnap/common/json.hpp"

namespace procsnap::collector {

enum class ItemKind { file, link, dir, process, netns_ref, hidden_scan, mem, mem_frames };

/// One manifest line. Strings are views; they only need to live for the add() call.
struct Item {
  std::string_view path{};
  ItemKind kind = ItemKind::file;
  std::string_view status = "ok";  ///< "ok", an errno name, "truncated", "timeout", "skipped"
  std::string_view reason{};       ///< for skipped/truncated/timeout (empty = absent)
  bool stored = false;             ///< a member was written: `bytes` and `sha256` are meaningful
  std::uint64_t bytes = 0;
  std::string_view sha256{};  ///< hex
  std::uint64_t t0 = 0;
  std::uint64_t t1 = 0;
  std::string_view ref{};                ///< netns-ref: where this namespace's tables are
  std::optional<std::uint64_t> netns{};  ///< ns/net inode (netns-ref and first captures)
};

/// The per-pid identity line written after all of the pid's members.
struct ProcessLine {
  std::string_view path{};         ///< proc/<pid>
  std::string_view status = "ok";  ///< ok | ESRCH | reused | other errno name when the pid dir failed to open
  std::optional<std::uint64_t> start_time{};      ///< stat field 22 at the first read
  std::optional<std::uint64_t> start_time_end{};  ///< stat field 22 at the re-read (nullopt: vanished)
  std::uint64_t threads = 0;
  std::uint64_t t0 = 0;
  std::uint64_t t1 = 0;
  bool partial = false;  ///< the process's members are torn (vanished mid-capture, reused, or a requested pid)
};

/// What --hidden-scan did (trailer "hidden_scan").
struct HiddenScanSummary {
  std::uint64_t pid_max = 0;
  std::uint64_t probed = 0;                 ///< pid numbers probed (not in the listing)
  std::uint64_t hidden = 0;                 ///< processes found that the listing lacked (captured)
  std::uint64_t threads = 0;                ///< non-leader tids found (normal: /proc lists only leaders)
  std::uint64_t started_after_listing = 0;  ///< processes born after the listing (not hidden; not captured)
  std::uint64_t elapsed_ns = 0;
};

/// What /proc/<pid>/pagemap said about the pages of the part of a region that was attempted (procfs(5);
/// Documentation/admin-guide/mm/pagemap.rst). One 64-bit entry per page: bit 63 present in RAM (mapped in the
/// process's page tables), 62 swapped, 61 file page or shared anonymous (shmem), 56 exclusively mapped (mapcount 1),
/// 55 soft-dirty (written since the last clear_refs; the collector never writes clear_refs). Bits 0-54 (the PFN, or
/// the swap type/offset) are read only to be dropped: the kernel zeroes them without CAP_SYS_ADMIN, and physical
/// addresses are not stored (schema/FORMAT.md).
struct PagemapCounts {
  static constexpr std::uint64_t k_present = 1ull << 63;
  static constexpr std::uint64_t k_swapped = 1ull << 62;
  static constexpr std::uint64_t k_file_shared = 1ull << 61;
  static constexpr std::uint64_t k_exclusive = 1ull << 56;
  static constexpr std::uint64_t k_soft_dirty = 1ull << 55;

  std::uint64_t pages = 0;  ///< entries read
  std::uint64_t present = 0;
  std::uint64_t swapped = 0;
  std::uint64_t soft_dirty = 0;
  std::uint64_t exclusive = 0;
  std::uint64_t file_shared = 0;
  std::uint64_t unknown = 0;  ///< pages of the attempted part whose entry could not be read
  int err = 0;                ///< errno of the open or of the first failed read (0: none)
  bool short_read = false;    ///< a read returned fewer entries than asked without an error (the mm is gone)

  void add(std::uint64_t entry) {
    ++pages;
    present += (entry & k_present) != 0 ? 1 : 0;
    swapped += (entry & k_swapped) != 0 ? 1 : 0;
    soft_dirty += (entry & k_soft_dirty) != 0 ? 1 : 0;
    exclusive += (entry & k_exclusive) != 0 ? 1 : 0;
    file_shared += (entry & k_file_shared) != 0 ? 1 : 0;
  }
};

/// Why a hole (a range of a region that was attempted but not stored) is there.
enum class HoleKind : std::uint8_t {
  read_error,         ///< pread failed with `err` (EIO: a page the kernel can't give)
  not_resident,       ///< --mem-resident-only: pagemap says the page is not present (swapped, or never populated)
  residency_unknown,  ///< --mem-resident-only: the page's pagemap entry could not be read, so it was not read either
};

/// A `mem-region` line (schema/FORMAT.md "Memory regions and executable copies"): one per selected region, after
/// its pieces. Never makes the capture partial.
struct MemRegionLine {
  std::string path;        ///< mem/<pid>/regions/<start>-<end> (or mem/<pid>/regions when maps was unreadable)
  std::string status;      ///< ok | truncated | skipped | EIO | ESRCH | EACCES | EPERM | timeout | maps errno
  std::string reason;      ///< empty = absent
  bool has_region = true;  ///< false for the maps-unreadable line (no select/start/... keys)
  std::string select;      ///< the matching top-level alternative
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::uint64_t offset = 0;
  std::string perms;
  std::string dev;  ///< "fe:00" as in maps
  std::uint64_t inode = 0;
  std::string map_path;                                         ///< raw, "" when anonymous
  std::optional<std::string> vmflags;                           ///< from smaps; nullopt = unknown
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;  ///< captured [start, end)
  struct Hole {
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    int err = 0;  ///< for HoleKind::read_error
    HoleKind kind = HoleKind::read_error;
    [[nodiscard]] bool joins(const Hole& next) const {
      return end == next.start && err == next.err && kind == next.kind;
    }
  };
  std::vector<Hole> holes;
  std::uint64_t captured_bytes = 0;
  std::optional<PagemapCounts> pagemap;  ///< nullopt: nothing of the region was attempted (skipped before reading)
  std::uint64_t t0 = 0;
  std::uint64_t t1 = 0;
};

/// An `exe-copy` line (bin/<pid>/exe), counted and judged (partial or not) like an ordinary file line; or an
/// `fd-copy` line (bin/<pid>/fd/<n>, --copy-fd), which never makes the capture partial (best effort, like memory:
/// a big deleted log is routine, not a torn capture).
struct ExeCopyLine {
  std::string_view path{};
  std::string_view kind = "exe-copy";  ///< exe-copy | fd-copy
  std::string_view status = "ok";
  std::string_view reason{};
  std::string_view why{};               ///< deleted | memfd | all
  std::string_view link{};              ///< the exe (or fd) link target (raw bytes)
  std::optional<std::uint64_t> size{};  ///< st_size of the file (fstat, or statx before the open for fd copies)
  std::optional<std::string_view> same_as{};  ///< fd-copy: the member that already holds this file (same dev/ino)
  bool stored = false;
  std::uint64_t bytes = 0;
  std::string_view sha256{};
  /// Zeros the collector appended to complete a member read in pieces whose file shrank or failed part way (the
  /// member's declared size was written first); written as "padded" only when > 0.
  std::uint64_t padded = 0;
  std::uint64_t t0 = 0;
  std::uint64_t t1 = 0;
};

/// What --mem did (trailer "mem"; null without --mem). regions = captured + skipped + errors.
struct MemSummary {
  std::uint64_t regions = 0;   ///< mem-region lines
  std::uint64_t captured = 0;  ///< lines with status ok or truncated
  std::uint64_t skipped = 0;   ///< lines with status skipped
  std::uint64_t errors = 0;    ///< every other status (EIO, ESRCH, EACCES, EPERM, timeout, maps errno)
  std::uint64_t bytes = 0;     ///< bytes stored in mem pieces
  bool total_budget_reached = false;
};

struct ChunkInfo {
  std::string path;
  std::string sha256;
  std::uint64_t lines = 0;
};

struct Counts {
  std::uint64_t members = 0;  ///< archive members written before the trailer (header and chunks included)
  std::uint64_t items = 0;    ///< manifest lines
  std::uint64_t ok = 0;       ///< lines with status ok
  std::uint64_t errors = 0;   ///< lines with an errno status (or a process line ESRCH/reused)
  std::uint64_t truncated = 0;
  std::uint64_t timeout = 0;
  std::uint64_t skipped = 0;
  std::uint64_t processes = 0;  ///< process lines
  std::uint64_t threads = 0;    ///< task directories captured
  std::uint64_t bytes = 0;      ///< bytes stored in members listed by the manifest
  std::uint64_t partial = 0;    ///< lines that make the capture partial (exit 3)
};

/// True when an item's status is an expected outcome on a live host and does not make the capture partial:
/// ok, skipped, ENOENT (file absent on this kernel or process gone), ESRCH, EACCES/EPERM (denied to this user),
/// EINVAL (not applicable, e.g. attr/* without an LSM).
[[nodiscard]] bool status_is_expected(std::string_view status);

class Manifest {
 public:
  static constexpr std::size_t k_chunk_bytes = 1024 * 1024;

  /// The first chunk's buffer is reserved at its final size (address space only: pages are touched as lines come),
  /// instead of grown by doubling, which touched and copied ~1 MiB more (~250 page faults) in every capture.
  Manifest() { pending_.reserve(k_chunk_bytes + 64 * 1024); }

  void add(const Item& item);
  void add_process(const ProcessLine& line);
  /// A mem-region line: counted by status, never partial; also counted in the trailer's `mem`.
  void add_mem_region(const MemRegionLine& line);
  /// An exe-copy or fd-copy line (ExeCopyLine::kind).
  void add_exe_copy(const ExeCopyLine& line);
  /// Turns on the trailer's `mem` object (--mem given); `add` of kind mem counts piece bytes into it.
  void enable_mem() { mem_ = MemSummary{}; }
  void set_mem_total_budget_reached() {
    if (mem_) {
      mem_->total_budget_reached = true;
    }
  }
  [[nodiscard]] const std::optional<MemSummary>& mem() const { return mem_; }
  void count_member() { ++counts_.members; }
  void count_thread() { ++counts_.threads; }
  void set_hidden_scan(const HiddenScanSummary& h) { hidden_scan_ = h; }

  /// True when the pending lines exceed k_chunk_bytes and a chunk should be emitted now.
  [[nodiscard]] bool chunk_due() const { return pending_.size() > k_chunk_bytes; }
  [[nodiscard]] bool has_pending() const { return !pending_.empty(); }
  /// Hands out the pending lines as the next chunk: sets `path`, returns the bytes, records the chunk's hash.
  [[nodiscard]] std::string take_chunk(std::string& path);
  /// Gives a chunk's buffer back once it is written: a later take_chunk() gathers lines in it, so the ~1 MiB of each
  /// chunk is not allocated and page-faulted again (~280 faults a chunk, each ~12 us in the VM we measure on).
  void reuse_chunk_buffer(std::string&& written);

  [[nodiscard]] const Counts& counts() const { return counts_; }
  [[nodiscard]] const std::vector<ChunkInfo>& chunks() const { return chunks_; }
  [[nodiscard]] bool partial() const { return counts_.partial > 0; }

  /// The trailer member's JSON (schema/FORMAT.md "trailer.json").
  [[nodiscard]] std::string trailer_json(int exit_status, std::uint64_t realtime_ns, std::uint64_t boottime_ns) const;

 private:
  void count_status(std::string_view status);
  /// Counts one line just appended to pending_: the line, its status, its stored bytes (0: none stored) and
  /// whether it makes the capture partial.
  void count_line(std::string_view status, std::uint64_t stored_bytes, bool partial);
  /// Starts a line in w_ with the keys every line begins with (reason only when not empty).
  void begin_writer_line(std::string_view path, std::string_view kind, std::string_view status,
                         std::string_view reason);
  /// Ends w_'s object, appends it to pending_ as one line and counts it (count_line).
  void end_writer_line(std::string_view status, std::uint64_t stored_bytes, bool partial);

  std::string pending_;
  std::string spare_;  ///< a written chunk's buffer (capacity only), for the next take_chunk()
  std::uint64_t pending_lines_ = 0;
  common::json::Writer w_;
  Counts counts_;
  std::vector<ChunkInfo> chunks_;
  std::optional<HiddenScanSummary> hidden_scan_;
  std::optional<MemSummary> mem_;
};

/// ISO 8601 UTC with nanoseconds, e.g. 2026-11-29T04:29:11.123456789Z.
[[nodiscard]] std::string iso8601(std::uint64_t realtime_ns);

}  // namespace procsnap::collector
