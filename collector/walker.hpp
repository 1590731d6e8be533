#pragma once
// The walker: enumerates pids with getdents64 (not readdir, so an LD_PRELOAD or /etc/ld.so.preload readdir hook
// on the host can't hide a pid from this static binary), opens each pid directory once and captures every
// allow-listed item relative to it, in the member order schema/FORMAT.md fixes:
//   system-wide files (sorted) -> per pid (ascending): stat, files, links, fd/, fdinfo/, ns/, map_files/, attr/,
//   net/ (once per network namespace), task/<tid>/ -> a process line after each pid.
// Each item becomes an archive member (when bytes were read) and a manifest line (always).
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "archive_writer.hpp"
#include "exe_copy.hpp"
#include "manifest.hpp"
#include "mem_capture.hpp"
#include "procfs/proc_stat.hpp"
#include "reader.hpp"
#include "recorder_queue.hpp"

namespace procsnap::collector {

/// Directory entry names from getdents64 ("." and ".." dropped). Returns false (errno set) on failure.
bool list_dir(int dirfd, std::vector<std::string>& names);

/// Parses a decimal pid/tid/fd name ("0" allowed for fds; no sign, no leading zeros). nullopt otherwise.
[[nodiscard]] std::optional<std::uint64_t> parse_decimal_name(std::string_view name);

// A process's identity and liveness come from its stat line, read through procfs::ProcStatFields (the importer's
// rules, no allocation: the fields after the LAST ')' of comm, up to the first newline).
/// stat field 22 (starttime, clock ticks since boot).
[[nodiscard]] std::optional<std::uint64_t> stat_start_time(std::string_view stat);

/// stat field 3 (state: R, S, D, Z, X, ...); '\0' when absent or not a single character.
[[nodiscard]] char stat_state(std::string_view stat);

/// True when a stat line says the task is exiting or dead: state Z/X, or PF_EXITING in the flags (field 9).
[[nodiscard]] bool stat_exiting(std::string_view stat);
[[nodiscard]] bool stat_exiting(const procfs::ProcStatFields& stat);

/// Lower-case hex SHA-256 of `data` into `out` (no allocation).
void sha256_hex(std::string_view data, char (&out)[64]);
/// Lower-case hex of a digest into `out` (no allocation).
void digest_hex(const common::Digest& d, char (&out)[64]);

/// Inode from a namespace link target such as "net:[4026531840]" (procfs::parse_ns_link).
[[nodiscard]] std::optional<std::uint64_t> ns_link_inode(std::string_view target);

/// The allow-lists, exposed for tests and documentation.
[[nodiscard]] const std::vector<std::string_view>& system_files();
[[nodiscard]] const std::vector<std::string_view>& process_files();  ///< after stat, in member order
[[nodiscard]] const std::vector<std::string_view>& thread_files();   ///< after stat, in member order
[[nodiscard]] const std::vector<std::string_view>& net_files();
/// Captured additionally under the first live non-leader task/<tid>/ when the leader is a zombie.
[[nodiscard]] const std::vector<std::string_view>& leader_exited_files();

struct WalkerConfig {
  int root_fd = -1;                      ///< the opened proc root
  bool live = true;                      ///< root is this host's live procfs
  std::optional<std::vector<int>> pids;  ///< --pids
  bool threads = true;
  bool progress = false;
  std::optional<std::string> self_dir;     ///< name of the collector's own pid dir under root ("self" resolved)
  std::optional<std::uint64_t> own_netns;  ///< ns/net inode of the namespace proc/net was captured from
  bool hidden_scan = false;                ///< --hidden-scan (only without `pids`)
  std::vector<int> test_hide_pids;         ///< --test-hide-pid: dropped from the listing (tests only)
  std::uint64_t timeout_ms = 0;            ///< deadline of mem reads and exe copies (0: none), as --timeout-ms
  std::optional<MemConfig> mem;            ///< --mem (nullopt or is_none(): no memory is read)
  CopyExe copy_exe = CopyExe::deleted;     ///< --copy-exe (live roots only)
  CopyFd copy_fd = CopyFd::deleted;        ///< --copy-fd (live roots only)
  std::uint64_t copy_fd_max_total = 256ull * 1024 * 1024;  ///< --copy-fd-max-total: bytes stored in fd copies
  bool mem_read_fuse = false;  ///< --mem-read-fuse: FUSE-backed regions and executables are read too
  /// --gentle: one read at a time (the files that may block are not prefetched on the deadline worker while this
  /// thread reads the others; they are read in their turn, through the worker only for its deadline).
  bool one_reader = false;
};

/// The pids to capture, listed once before the walk (Walker::list_pids). At namespace scope, not nested in Walker:
/// clang does not see a nested struct with member initializers as default-constructible inside its enclosing class
/// (std::optional<PidListing>::emplace() fails to compile there; GCC accepts it).
struct PidListing {
  std::vector<int> pids;        ///< ascending (or as --pids gave them)
  int err = 0;                  ///< errno of a failed listing of the root (recorded as a `proc` dir line)
  std::uint64_t listed_at = 0;  ///< boottime of the listing (--hidden-scan: processes started after it)
};

// Threads: the walker's own (main) thread only opens and reads /proc (with the reader's deadline worker, which reads
// each pid's process files ahead: Walker::read_ahead); every result is queued (RecorderQueue: bounded,
// in order) to a recorder thread that hashes it, adds the tar member and the manifest line, in the same order.
// The archive writer's output thread then hashes and writes the compressed stream. Reading, hashing and writing
// overlap; the archive's order is the walker's order.
class Walker {
 public:
  Walker(WalkerConfig config, ArchiveWriter& writer, Manifest& manifest, Reader& reader);
  ~Walker();
  Walker(const Walker&) = delete;
  Walker& operator=(const Walker&) = delete;

  /// Starts the pipeline before anything is recorded (live capture with read-ahead readers; nothing otherwise):
  /// lists the pids and hands the system-wide files (on two read-ahead workers), proc/net of the collector's
  /// namespace (on the reader's own deadline worker) and the first pid's process files (on the third read-ahead
  /// worker) to be read while this thread builds the header.
  /// capture_system() and capture_processes() take the results at their place, so the member order is unchanged.
  /// Queues nothing (the caller may still write to the archive directly); the pid listing's and proc/net's
  /// directory errors are recorded at their place too.
  void start_read_ahead();
  /// System-wide allow-listed files and proc/net of the collector's namespace.
  void capture_system();
  /// Every pid (or --pids), ascending. Returns early when the output failed or `stop()` says so.
  template <class StopFn>
  void capture_processes(StopFn stop);

  /// Writes the pending manifest lines as a chunk member (always at least one chunk per archive). `final` first
  /// waits for the recorder to finish every queued item.
  void flush_manifest(bool final);
  /// Waits until every queued item is recorded and stops the recorder thread.
  void drain();

  /// The output failed (seen by the recorder); the walker stops at its next check.
  [[nodiscard]] bool failed() const { return queue_.failed(); }
  [[nodiscard]] bool interrupted() const { return interrupted_; }
  /// Mem reads / exe copies abandoned past their deadline (their threads may still be in the kernel).
  [[nodiscard]] int stuck_jobs() const;

 private:
  /// Bytes kept from a captured file for a later step (--mem: maps and smaps), with its read status (data empty).
  /// Until kept: ENOENT.
  struct KeptText {
    KeptText();
    void keep(const ReadResult& r, std::string_view data);
    std::string text;
    ReadResult meta;
  };
  struct PidCapture;  ///< one pid's capture in progress (walker.cpp)

  /// One pid, in member order: stat, files, links, link dirs, net/, task/, copies and memory, then the process line
  /// after the identity check. Each step below is one of these.
  /// `next`: the pid captured after this one (0: none), whose blocking files are read ahead (see ReadAhead).
  /// `upcoming`: the pids captured after this one, in order; the first k_read_ahead_readers - 1 are read ahead.
  void capture_pid(int pid, bool requested, std::span<const int> upcoming = {});
  /// capture_pid for each of `pids` in order; false when the output failed or `stop()` said so (then interrupted_).
  template <class StopFn>
  bool capture_each(const std::vector<int>& pids, bool requested, StopFn& stop);
  /// The pid dir did not open (`err`): only the process line (ESRCH, or the errno name; partial when requested).
  void record_unopened_pid(PidCapture& p, int err);
  /// The first stat: identity (starttime) and liveness. False when the process was gone before it (process line
  /// written).
  bool capture_first_stat(PidCapture& p);
  /// process_files() in order (live: read on the deadline worker, usually ahead), keeping maps/smaps for --mem and
  /// mountinfo for the FUSE check; then hands the next pid's files to the worker (read_ahead).
  void capture_process_files(PidCapture& p);
  /// Opens the directory of `next` and hands its process_files() to a read-ahead reader's worker (the one not
  /// holding the current pid's files), which reads them while this thread captures the current pid: the process
  /// files of two pids are read on two workers while this thread reads the links, fd/, fdinfo/, ns/, map_files/,
  /// net/ and task/ of the current one, and the slow reads (smaps walks every page table) are not waited for.
  /// Member order is unchanged: the results are taken at their place when `next` is captured. The directory fd pins
  /// `next` from now on, so what is read ahead and what is read later through it are the same process; its first
  /// stat still decides whether it is recorded.
  void read_ahead(int next);
  /// The prefetch batch of a pid directory: process_files(), in member order.
  static const std::vector<std::string>& prefetched_process_files();
  /// exe, cwd, root, fd/, fdinfo/, ns/, map_files/, attr/.
  void capture_process_links(PidCapture& p);
  /// exe, cwd and root of `dir_fd` as link members under `prefix`; returns the exe target ("" when unreadable).
  std::string capture_root_links(int dir_fd, const std::string& prefix);
  /// net/ once per network namespace (a netns-ref line for a namespace already captured).
  void capture_pid_net(PidCapture& p);
  /// task/<tid>/ for every thread (counted in the process line), the live thread's view for a zombie leader.
  void capture_tasks(PidCapture& p);
  /// --copy-exe, --copy-fd and --mem of the pid (through the live thread's view when the leader is a zombie).
  void capture_copies_and_mem(PidCapture& p);
  /// stat again through the same dir fd: reused or exited meanwhile; then the process line.
  void record_identity_check(PidCapture& p);
  /// --hidden-scan: probes every pid number 1..pid_max that `listed` (sorted) lacks; returns the processes found
  /// (ascending), each already recorded with a manifest line of kind hidden-scan. Threads (Tgid != tid) and
  /// processes started after the listing are only counted (trailer).
  std::vector<int> scan_hidden(const std::vector<int>& listed, std::uint64_t listed_at_ns);
  /// The root's sys/kernel/pid_max (1..4M); nullopt after a hidden-scan line saying why it can't be used.
  std::optional<std::uint64_t> read_pid_max();
  /// One task/<tid>/ directory; `with_process_view` adds the process-wide files (leader_exited_files, exe, cwd,
  /// root, fd/) for a process whose leader is a zombie. False when the task dir is gone.
  bool capture_task(int pid, int task_dir_fd, const std::string& tid, bool with_process_view);
  /// The process-wide files of a zombie leader's process, read through the live thread `task_fd` into view_.
  void capture_thread_view(int task_fd, const std::string& prefix);
  void capture_net(int net_dir_fd, const std::string& prefix);
  /// The files of a net/ directory to capture, sorted: net_files() and one per entry of dev_snmp6/ and stat/.
  /// `dir_errors` gets (path, errno) of those two directories when they can't be listed (ENOENT is no error).
  std::vector<std::string> list_net(int net_dir_fd, const std::string& prefix,
                                    std::vector<std::pair<std::string, int>>& dir_errors);
  /// Opens proc/net of the collector's namespace (through self/ when it is the usual symlink) into system_net_.
  void open_system_net();
  /// Lists the pids to capture (--pids, or the root's directory less --test-hide-pid) into listed_.
  void list_pids();
  /// Links of `dir` as symlink members. `fd_copies`, when given, gets (name, target) of the links --copy-fd wants.
  void capture_link_dir(int pid_fd, const std::string& prefix, const char* dir, bool numeric,
                        std::optional<std::uint64_t>* net_inode,
                        std::vector<std::pair<std::string, std::string>>* fd_copies = nullptr);
  void capture_fdinfo(int pid_fd, const std::string& prefix);
  void capture_map_files(int pid_fd, const std::string& prefix);
  void capture_attr(int pid_fd, const std::string& prefix);
  /// --copy-exe: bin/<pid>/exe when exe_copy_why() says so (exe_copy.cpp).
  /// `fuse`: devices not to read from (nullptr with --mem-read-fuse).
  void capture_exe(int pid, int pid_fd, const std::string& exe_link, const FuseDevs* fuse);
  /// --copy-fd: bin/<pid>/fd/<n> for each (n, link target) of `fds` that fd_copy_why() accepts, read through
  /// `dir_fd`/fd/<n> (exe_copy.cpp), within --max-file-bytes each and --copy-fd-max-total in all.
  void capture_fd_copies(int pid, int dir_fd, const std::vector<std::pair<std::string, std::string>>& fds,
                         const FuseDevs* fuse);
  /// One copy through the magic link `name` under the deadline, recorded as `path` with an exe-copy/fd-copy line
  /// (`kind`); `cap_reason` is the reason of a copy cut at `o.cap`. Returns the bytes stored.
  std::uint64_t copy_through_link(int dir_fd, const std::string& name, std::string path, std::string_view kind,
                                  std::string_view why, const std::string& link, ReadLinkOptions o,
                                  std::string_view cap_reason = "max-file-bytes");
  /// copy_through_link of a file above one piece (`r.open`): read in pieces and streamed into one member of
  /// min(st_size, cap) bytes (exe_copy.cpp). Returns the bytes stored.
  std::uint64_t stream_copy(std::string path, std::string_view kind, std::string_view why, const std::string& link,
                            ExeRead r, std::uint64_t cap, std::string_view cap_reason);
  /// Queues the line of one copy (and its member when `keep_data`: r.data).
  void record_copy(std::string path, std::string_view kind, std::string status, std::string reason,
                   std::string_view why, const std::string& link, bool keep_data, ExeRead r);
  /// --mem: the selected regions of one pid, from its captured maps (and smaps for VmFlags) (mem_capture.cpp).
  void capture_mem(int pid, int pid_fd, const ReadResult& maps_meta, std::string_view maps,
                   std::optional<std::string_view> smaps, const FuseDevs* fuse);
  // capture_mem's steps (mem_capture.cpp).
  enum class MemStop;  ///< what stops a pid's remaining regions
  struct MemPid;       ///< one pid's --mem state across its regions
  struct RegionRead;   ///< how the reading of one region ended
  /// The one line of a pid whose maps could not be read (mem/<pid>/regions, reason maps-unreadable).
  void record_maps_unreadable(int pid, const ReadResult& maps_meta);
  /// Ends `line` with `status`/`reason` now and queues it.
  void finish_region_line(MemRegionLine& line, std::string status, std::string reason);
  /// Finishes the line of a region not to be read (never-read, an earlier region's stop, the total budget): true.
  bool skip_region(const MemRegionPlan& rp, MemPid& m, MemRegionLine& line);
  /// Opens mem and pagemap at the pid's first region read, under the deadline; false (line finished) on failure.
  bool open_mem(MemPid& m, MemRegionLine& line);
  /// Reads the region in pieces within the budgets, recording pieces, ranges, holes and the frames member.
  RegionRead read_region(MemPid& m, MemRegionLine& line);
  /// --mem-resident-only: moves `addr` past the pages pagemap says are not resident (one hole); false on timeout.
  bool skip_not_resident_pages(MemPid& m, MemRegionLine& line, std::uint64_t& addr, RegionRead& r);
  /// One stretch [addr, addr + len) under the deadline; `not_resident`: nothing of it was resident. False on timeout.
  bool read_stretch(MemPid& m, MemRegionLine& line, std::uint64_t addr, std::size_t len, RegionRead& r,
                    bool& not_resident);
  /// The region line's status from how its reading ended (and the stop it sets for the pid's next regions).
  void finish_region(MemPid& m, MemRegionLine line, const RegionRead& r);
  /// The FUSE devices for one pid: those of its captured mountinfo (`mountinfo`, nullopt when unreadable) and of
  /// the collector's own mountinfo (read once; covers a pid whose mountinfo is gone, e.g. a zombie leader's).
  void load_fuse_devs(std::optional<std::string_view> mountinfo);
  [[nodiscard]] bool mem_wanted(int pid, const std::string& pid_s) const;
  /// Queues a mem piece whose bytes are buf[off, off + len) (a pool buffer, returned after recording).
  void record_piece(std::string path, std::shared_ptr<char> buf, std::size_t off, std::size_t len, std::uint64_t t0,
                    std::uint64_t t1);
  void record_region(MemRegionLine line);
  /// Queues the frames member of a region (mem/<pid>/frames/<start>-<end>, kind mem-frames).
  void record_frames(std::string path, std::string data, std::uint64_t t0, std::uint64_t t1);
  /// Recorder thread: a mem piece or frames member and its ok line.
  void store_mem_member(const std::string& path, std::string_view data, ItemKind kind, std::uint64_t t0,
                        std::uint64_t t1);
  BlockingRunner& runner();

  /// Reads `name` relative to `dirfd` and records it as `path`. Returns the read (data valid until next read).
  ReadResult file(int dirfd, const char* name, std::string path, bool may_block = false);
  ReadResult link(int dirfd, const char* name, std::string path);
  /// The next result of `from`'s prefetch batch (see Reader::prefetch), recorded as `path`. With `keep`, the
  /// bytes and the result's status are also kept there (for --mem: maps and smaps); with `text`, the bytes of an
  /// ok or truncated read are copied there (mountinfo for the FUSE check), and true is returned.
  bool file_prefetched(Reader& from, const char* name, std::string path, KeptText* keep = nullptr,
                       std::string* text = nullptr);
  /// Queues a read result: member (when there are bytes) + manifest line, recorded on the recorder thread.
  void record(std::string path, ItemKind kind, const ReadResult& r);
  /// Same, for bytes the caller owns (`r.data` views `data`): they are moved to the recorder, not copied.
  void record_owned(std::string path, ItemKind kind, const ReadResult& r, std::string&& data);
  void record_now(const std::string& path, ItemKind kind, const ReadResult& meta, const std::string& data);
  void record_dir_error(const std::string& path, int err);
  /// Queues a manifest line without a member (dir errors, netns lines).
  void add_line(std::string path, ItemKind kind, std::string status, std::string reason = {}, std::string ref = {},
                std::optional<std::uint64_t> netns = std::nullopt);
  void process_line(const ProcessLine& l);
  /// Queues a task for the recorder thread (RecorderQueue::push); `bytes`: the data it holds.
  void enqueue(std::size_t bytes, std::function<void()> task) { queue_.push(bytes, std::move(task)); }
  void after_line();
  /// Recorder thread: writes `data` as the archive member `path` (a symlink when `symlink`), counts the member and
  /// hashes `data` into `sha` for the manifest line. False when the output is dead: the caller then records nothing
  /// (the walker stops at its next check and no trailer is written).
  bool store_member(std::string_view path, std::string_view data, bool symlink, char (&sha)[64]);
  /// Recorder thread: one manifest line (`line`: an Item or an ExeCopyLine) and, when `keep`, its member `path`
  /// holding `data` (store_member; the line gets stored, bytes and sha256), added by `add(line)`; then a chunk when
  /// one is due. Nothing when the output is dead.
  template <class Line, class Add>
  void store_and_add(Line& line, std::string_view path, std::string_view data, bool keep, bool symlink, Add add);
  std::optional<std::string> via_self(const std::string& name);
  void show_progress(bool force);

  WalkerConfig cfg_;
  ArchiveWriter& writer_;
  Manifest& manifest_;
  Reader& reader_;
  std::unordered_map<std::uint64_t, std::string> netns_seen_;  ///< ns/net inode -> proc/<pid>/net
  std::vector<std::string> names_;                             ///< scratch for directory listings
  std::string status_;                                         ///< scratch for errno names (walker thread)
  std::uint64_t last_progress_ns_ = 0;
  std::size_t pids_total_ = 0;
  std::size_t pids_done_ = 0;
  bool interrupted_ = false;
  // --mem / --copy-exe state (walker thread only)
  std::unique_ptr<BlockingRunner> runner_;  ///< created at the first mem read or exe copy
  MemBufferPool mem_pool_;
  std::uint64_t mem_total_ = 0;  ///< bytes stored in mem pieces so far (the --mem-max-total budget)
  std::uint64_t mem_bytes_ = 0;  ///< same, for progress
  bool mem_total_reached_ = false;
  std::shared_ptr<const FrameIds> frame_ids_;  ///< the run's frame id key (created at the first region read)
  std::uint64_t fd_copy_total_ = 0;            ///< bytes stored in fd copies so far (--copy-fd-max-total)
  std::shared_ptr<CopiedFiles> copied_files_;  ///< files already copied through fd links (created at first need)
  std::optional<FuseDevs> own_fuse_;           ///< FUSE devices of the collector's own mountinfo (read at first need)
  FuseDevs fuse_;                              ///< the current pid's (load_fuse_devs)
  std::string mountinfo_;                      ///< the current pid's mountinfo text, when kept for fuse_
  std::size_t page_size_ = 4096;
  /// A process whose leader is a zombie: /proc/<pid>/maps is empty and exe unreadable, so --mem and --copy-exe use
  /// the first live thread's task/<tid>/ view (its maps, smaps, exe link and directory: mem there is the same mm).
  struct ThreadView {
    bool want_mem = false;  ///< set by capture_pid before the tasks
    bool taken = false;     ///< capture_task filled the fields below
    Fd dir;                 ///< dup of task/<tid>/
    std::string exe_link;
    std::vector<std::pair<std::string, std::string>> fd_copies;  ///< the live thread's fd links to copy
    KeptText maps;
    KeptText smaps;
  };
  ThreadView view_;
  /// A pid opened and prefetched by read_ahead() on ahead_readers_[reader] (dir invalid: its open failed; it is
  /// opened again in its turn). capture_pid takes the front one over when it is the pid it captures; a mismatch
  /// drops them all.
  struct ReadAhead {
    int pid = 0;
    Fd dir;
    int reader = -1;
  };
  std::deque<ReadAhead> ahead_;  ///< in capture order, at most k_read_ahead_readers - 1
  /// Readers (siblings of reader_) whose workers take turns reading pids ahead, in rotation (next_ahead_reader_):
  /// while the current pid's files are taken from one, the others already read the next pids'. With the rotation, a
  /// reader gets a new batch only after the pid of its previous one was captured. Created for a live capture
  /// without --gentle.
  static constexpr int k_read_ahead_readers = 3;
  /// capture_each hands each of the last this many pids' items to the recorder at once (not in batches).
  static constexpr std::size_t k_final_handover_pids = 8;
  std::unique_ptr<Reader> ahead_readers_[k_read_ahead_readers];
  int next_ahead_reader_ = 0;
  std::function<bool()> stop_;  ///< capture_processes' stop(), while it runs
  /// The pids to capture, listed by list_pids() (start_read_ahead() or capture_processes()).
  std::optional<PidListing> listed_;
  /// start_read_ahead() handed the system files to the first k_system_readers read-ahead readers (file i to reader
  /// i % k_system_readers), proc/net's to reader_ (this thread's own worker) and the first pid to the next reader.
  bool system_ahead_ = false;
  static constexpr int k_system_readers = 2;
  Fd system_net_;                                                   ///< proc/net of our namespace (open_system_net)
  int system_net_err_ = 0;                                          ///< errno when system_net_ did not open
  std::vector<std::string> system_net_files_;                       ///< list_net() of system_net_, when read ahead
  std::vector<std::pair<std::string, int>> system_net_dir_errors_;  ///< its dev_snmp6/ and stat/ listing errors

  RecorderQueue queue_;  ///< last member: its recorder thread starts after everything its tasks use exists
};

// ---- template implementation ----
template <class Line, class Add>
void Walker::store_and_add(Line& line, std::string_view path, std::string_view data, bool keep, bool symlink, Add add) {
  char sha[64];
  if (keep) {
    if (!store_member(path, data, symlink, sha)) {
      return;
    }
    line.stored = true;
    line.bytes = data.size();
    line.sha256 = std::string_view(sha, sizeof sha);
  }
  add(line);
  after_line();
}

std::vector<int> enumerate_pids(int root_fd, int& err);

template <class StopFn>
void Walker::capture_processes(StopFn stop) {
  stop_ = [&stop] { return static_cast<bool>(stop()); };  // also polled between mem pieces (a long region)
  struct ResetStop {
    std::function<bool()>& f;
    ~ResetStop() { f = nullptr; }
  } reset_stop{stop_};
  if (!listed_) {
    list_pids();
  }
  const std::vector<int>& pids = listed_->pids;
  const std::uint64_t listed_at = listed_->listed_at;
  if (listed_->err != 0) {
    record_dir_error("proc", listed_->err);
  }
  pids_total_ = pids.size();
  if (!capture_each(pids, cfg_.pids.has_value(), stop)) {
    return;
  }
  if (cfg_.hidden_scan && !cfg_.pids) {
    // Members of hidden processes come after every listed process (ascending among themselves).
    const std::vector<int> hidden = scan_hidden(pids, listed_at);
    pids_total_ += hidden.size();
    if (!capture_each(hidden, false, stop)) {
      return;
    }
  }
  show_progress(true);
}

template <class StopFn>
bool Walker::capture_each(const std::vector<int>& pids, bool requested, StopFn& stop) {
  for (std::size_t i = 0; i < pids.size(); ++i) {
    if (failed()) {
      return false;
    }
    if (stop()) {
      interrupted_ = true;
      return false;
    }
    capture_pid(pids[i], requested, std::span<const int>(pids).subspan(i + 1));
    if (pids.size() - i <= k_final_handover_pids) {
      // The last pids' items go to the recorder pid by pid, so it records them while the walker still reads the
      // rest: what is left to record after the last read (the drain) is one pid's items, not a whole batch.
      queue_.flush();
    }
    ++pids_done_;
    show_progress(false);
  }
  return true;
}

}  // namespace procsnap::collector
