#include "mem_capture.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <utility>

#include "procfs/proc_mountinfo.hpp"
#include "procfs/proc_smaps.hpp"
#include "reader.hpp"
#include "walker.hpp"

namespace procsnap::collector {

// ---- selection ----

bool FuseDevs::is_fuse_fstype(std::string_view t) {
  // fs/fuse/inode.c registers "fuse" and "fuseblk"; show_type() appends ".<subtype>" when the server set one
  // (sshfs: "fuse.sshfs").
  return t == "fuse" || t == "fuseblk" || t.starts_with("fuse.") || t.starts_with("fuseblk.");
}

void FuseDevs::add_mountinfo(std::string_view mountinfo) {
  auto parsed = procfs::parse_proc_mountinfo(mountinfo);
  for (const auto& m : parsed.value) {
    if (m.dev_major && m.dev_minor && m.fs_type && is_fuse_fstype(*m.fs_type)) {
      devs_.emplace_back(*m.dev_major, *m.dev_minor);
    }
  }
  std::sort(devs_.begin(), devs_.end());
  devs_.erase(std::unique(devs_.begin(), devs_.end()), devs_.end());
}

bool FuseDevs::contains(std::uint64_t major, std::uint64_t minor) const {
  return std::binary_search(devs_.begin(), devs_.end(), std::make_pair(major, minor));
}

std::vector<MemRegionPlan> plan_mem_regions(const MemSelector& selector, std::string_view maps,
                                            std::optional<std::string_view> smaps, const FuseDevs* fuse) {
  std::vector<MemRegionPlan> out;
  if (selector.is_none()) {
    return out;
  }
  // VmFlags by (start, end): smaps was read a moment after maps, so a region that changed in between simply has
  // no VmFlags (unknown), never another region's.
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::string> flags;
  if (smaps) {
    auto parsed = procfs::parse_proc_smaps(*smaps);
    for (auto& reg : parsed.value) {
      if (reg.header.start && reg.header.end && reg.vm_flags) {
        flags.emplace(std::make_pair(*reg.header.start, *reg.header.end), std::move(*reg.vm_flags));
      }
    }
  }
  auto parsed = procfs::parse_proc_maps(maps);
  for (auto& e : parsed.value) {
    if (!e.start || !e.end || !e.perms || *e.end <= *e.start) {
      continue;  // a line the parser could not read (e.g. cut by --max-file-bytes) can't be judged or read
    }
    std::optional<std::string> vmflags;
    if (const auto it = flags.find({*e.start, *e.end}); it != flags.end()) {
      vmflags = it->second;
    }
    const std::optional<std::string_view> vf = vmflags ? std::optional<std::string_view>(*vmflags) : std::nullopt;
    auto select = selector.match(e, vf);
    if (!select) {
      continue;
    }
    auto never = mem_exclusion(e, vf);
    // maps prints the device of the mapped file's inode (anonymous regions: 00:00, never a FUSE device).
    if (!never && fuse && e.dev_major && e.dev_minor && fuse->contains(*e.dev_major, *e.dev_minor)) {
      never = "fuse-backed";
    }
    out.push_back(MemRegionPlan{
        .entry = std::move(e), .vmflags = std::move(vmflags), .select = std::move(*select), .never = never});
  }
  return out;
}

// ---- reading ----

namespace {

// Appends a hole, extending the last one when they touch and are of the same kind.
void add_hole(std::vector<MemRegionLine::Hole>& holes, const MemRegionLine::Hole& h) {
  if (!holes.empty() && holes.back().joins(h)) {
    holes.back().end = h.end;
  } else {
    holes.push_back(h);
  }
}

}  // namespace

RangeRead read_mem_range(int fd, std::uint64_t addr, std::size_t len, char* buf, std::size_t page) {
  RangeRead r;
  r.attempted_end = addr;
  auto add_span = [&](std::uint64_t s, std::uint64_t e) {
    if (!r.readable.empty() && r.readable.back().end == s) {
      r.readable.back().end = e;
    } else {
      r.readable.push_back({s, e});
    }
  };
  if (len == 0) {
    return r;
  }
  constexpr auto k_max_off = static_cast<std::uint64_t>(std::numeric_limits<off_t>::max());
  if (addr > k_max_off || len > k_max_off - addr) {
    // pread's offset is signed: kernel-half addresses can't be named (never selected in practice: [vsyscall]).
    add_hole(r.holes, MemRegionLine::Hole{.start = addr, .end = addr + len, .err = EINVAL});
    r.attempted_end = addr + len;
    return r;
  }
  if (page == 0) {
    page = 4096;
  }
  std::size_t pos = 0;
  bool by_page = false;  // after an error or a short read: one page per read until a page reads whole again
  while (pos < len) {
    const std::uint64_t at = addr + pos;
    std::size_t want = len - pos;
    if (by_page) {
      const std::uint64_t next = (at / page + 1) * page;
      want = static_cast<std::size_t>(std::min<std::uint64_t>(want, next - at));
    }
    const ssize_t n = ::pread(fd, buf + pos, want, static_cast<off_t>(at));
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      const int err = errno;
      if (!by_page) {
        by_page = true;  // the failing page may be anywhere in the big read: find it page by page
        continue;
      }
      add_hole(r.holes, MemRegionLine::Hole{.start = at, .end = at + want, .err = err});
      pos += want;
      continue;
    }
    if (n == 0) {
      // mem_rw() returns 0 only when the target's mm is gone (the process exited, or is a zombie).
      r.gone = true;
      break;
    }
    add_span(at, at + static_cast<std::uint64_t>(n));
    pos += static_cast<std::size_t>(n);
    // A short read stops right before an unreadable page (mem_rw() returns what it copied so far).
    by_page = static_cast<std::size_t>(n) < want;
  }
  r.attempted_end = addr + pos;
  return r;
}

std::size_t read_pagemap(int fd, std::uint64_t first_page, std::size_t n, std::uint64_t* out, PagemapCounts& pm) {
  constexpr auto k_max_off = static_cast<std::uint64_t>(std::numeric_limits<off_t>::max());
  std::size_t got = 0;
  if (fd < 0 || n == 0) {
    pm.unknown += n;
    return 0;
  }
  if (first_page > k_max_off / 8 || n > (k_max_off - first_page * 8) / 8) {
    pm.err = pm.err != 0 ? pm.err : EINVAL;
    pm.unknown += n;
    return 0;
  }
  // pagemap_read() fills whole 8-byte entries (it refuses a count or offset that is not a multiple of 8) and may
  // return fewer than asked (its internal buffer); read on until all are in, an error, or 0 (the mm is gone).
  auto* bytes = reinterpret_cast<char*>(out);
  std::size_t have = 0;
  const std::size_t want = n * 8;
  while (have < want) {
    const ssize_t k = ::pread(fd, bytes + have, want - have, static_cast<off_t>(first_page * 8 + have));
    if (k < 0 && errno == EINTR) {
      continue;
    }
    if (k < 0) {
      pm.err = pm.err != 0 ? pm.err : errno;
      break;
    }
    if (k == 0) {
      pm.short_read = true;
      break;
    }
    have += static_cast<std::size_t>(k);
  }
  got = have / 8;  // a trailing partial entry (never produced by the kernel) is not an entry
  for (std::size_t i = 0; i < got; ++i) {
    pm.add(out[i]);
  }
  pm.unknown += n - got;
  return got;
}

FrameIds::FrameIds() {
  std::uint8_t key[AES128_KEY_SIZE] = {};
  std::size_t have = 0;
  while (have < sizeof key) {
    const ssize_t n = ::getrandom(key + have, sizeof key - have, 0);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;  // (no entropy source at all: the key stays partly zero; ids still compare within the archive)
    }
    have += static_cast<std::size_t>(n);
  }
  aes128_set_encrypt_key(&ctx_, key);
}

std::uint64_t FrameIds::id(std::uint64_t pfn) const {
  std::uint8_t in[AES_BLOCK_SIZE] = {};
  std::uint8_t out[AES_BLOCK_SIZE];
  std::memcpy(in, &pfn, sizeof pfn);
  aes128_encrypt(&ctx_, AES_BLOCK_SIZE, out, in);
  std::uint64_t v = 0;
  std::memcpy(&v, out, sizeof v);
  v &= ~(1ull << 63);  // fits SQLite's signed INTEGER
  return v == 0 ? 1 : v;
}

namespace {

// The frame ids of the present pages among `got` pagemap entries from `first_page` on.
void add_frames(const std::uint64_t* entries, std::size_t got, std::uint64_t first_page, std::size_t page,
                FrameOut& frames) {
  constexpr std::uint64_t k_pfn_mask = (1ull << 55) - 1;  // bits 0-54: the PFN of a present page (0 when hidden)
  for (std::size_t i = 0; i < got; ++i) {
    const std::uint64_t pfn = entries[i] & k_pfn_mask;
    if ((entries[i] & PagemapCounts::k_present) != 0 && pfn != 0) {
      frames.pages.emplace_back((first_page + i) * page, frames.ids->id(pfn));
    }
  }
}

// Appends what a read of a later part of the same stretch gave (spans and holes joined where they touch).
void append_part(RangeRead& r, const RangeRead& part) {
  for (const auto& sp : part.readable) {
    if (!r.readable.empty() && r.readable.back().end == sp.start) {
      r.readable.back().end = sp.end;
    } else {
      r.readable.push_back(sp);
    }
  }
  for (const auto& h : part.holes) {
    add_hole(r.holes, h);
  }
  r.attempted_end = part.attempted_end;
}

}  // namespace

RangeRead read_mem_stretch(int mem_fd, int pagemap_fd, std::uint64_t addr, std::size_t len, char* buf,
                           std::size_t page, bool resident_only, PagemapCounts& pm, FrameOut* frames) {
  if (page == 0) {
    page = 4096;
  }
  RangeRead r;
  r.attempted_end = addr;
  if (len == 0) {
    return r;
  }
  const std::uint64_t end = addr + len;
  const std::uint64_t first_page = addr / page;
  const std::uint64_t last_page = (end - 1) / page;  // inclusive
  const auto n = static_cast<std::size_t>(last_page - first_page + 1);
  std::vector<std::uint64_t> entries(n);
  const bool was_short = pm.short_read;
  const std::size_t got = read_pagemap(pagemap_fd, first_page, n, entries.data(), pm);
  if (!resident_only) {
    return read_mem_range(mem_fd, addr, len, buf, page);
  }
  if (frames != nullptr && frames->ids != nullptr) {
    add_frames(entries.data(), got, first_page, page, *frames);
  }
  // pagemap_read() returns 0 for a user address only when the target's mm is gone (it exited): as mem's 0.
  const bool gone = pm.short_read && !was_short;
  // Runs of pages with the same verdict, clipped to [addr, end).
  enum class Verdict { read, not_resident, unknown };
  auto verdict = [&](std::size_t k) {
    return k >= got ? Verdict::unknown
                    : (entries[k] & PagemapCounts::k_present) != 0 ? Verdict::read : Verdict::not_resident;
  };
  std::size_t i = 0;
  while (i < n) {
    const Verdict v = verdict(i);
    std::size_t j = i + 1;
    while (j < n && verdict(j) == v) {
      ++j;
    }
    const std::uint64_t s = std::max<std::uint64_t>(addr, (first_page + i) * page);
    const std::uint64_t e = std::min<std::uint64_t>(end, (first_page + j) * page);
    i = j;
    if (v == Verdict::unknown && gone) {
      r.gone = true;  // the rest was never attempted
      break;
    }
    if (v != Verdict::read) {
      add_hole(r.holes, MemRegionLine::Hole{
          .start = s,
          .end = e,
          .kind = v == Verdict::not_resident ? HoleKind::not_resident : HoleKind::residency_unknown});
      r.attempted_end = e;
      continue;
    }
    const RangeRead part = read_mem_range(mem_fd, s, static_cast<std::size_t>(e - s), buf + (s - addr), page);
    append_part(r, part);
    if (part.gone) {
      r.gone = true;
      break;
    }
  }
  return r;
}

std::uint64_t skip_not_resident(int pagemap_fd, std::uint64_t addr, std::uint64_t end, std::size_t page,
                                std::size_t window, PagemapCounts& pm) {
  if (page == 0) {
    page = 4096;
  }
  if (pagemap_fd < 0 || window == 0 || addr % page != 0) {
    return addr;
  }
  std::vector<std::uint64_t> entries(window);
  while (addr < end) {
    const std::uint64_t first = addr / page;
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(window, (end - addr + page - 1) / page));
    // Read into a scratch count: only the entries before the first present one are this function's to count.
    PagemapCounts scratch;
    const std::size_t got = read_pagemap(pagemap_fd, first, n, entries.data(), scratch);
    std::size_t i = 0;
    while (i < got && (entries[i] & PagemapCounts::k_present) == 0) {
      pm.add(entries[i]);
      ++i;
    }
    addr = std::min(end, (first + i) * page);
    if (i < n) {
      return addr;  // a present page, or an entry that could not be read: the stretch reader takes it from here
    }
  }
  return end;
}

// ---- buffers ----

struct MemBufferPool::State {
  mutable std::mutex m;
  std::vector<std::unique_ptr<char[]>> idle;
  std::size_t keep = 0;
};

MemBufferPool::MemBufferPool(std::size_t keep) : st_(std::make_shared<State>()) { st_->keep = keep; }

std::shared_ptr<char> MemBufferPool::acquire() {
  std::unique_ptr<char[]> b;
  {
    const std::lock_guard lk(st_->m);
    if (!st_->idle.empty()) {
      b = std::move(st_->idle.back());
      st_->idle.pop_back();
    }
  }
  if (!b) {
    b = std::make_unique_for_overwrite<char[]>(k_mem_piece_bytes);  // never zero-filled: pread overwrites it
  }
  return std::shared_ptr<char>(b.release(), [st = st_](char* p) {
    std::unique_ptr<char[]> owned(p);
    const std::lock_guard lk(st->m);
    if (st->idle.size() < st->keep) {
      st->idle.push_back(std::move(owned));
    }
  });
}

std::size_t MemBufferPool::idle() const {
  const std::lock_guard lk(st_->m);
  return st_->idle.size();
}

// ---- deadline runner ----

struct BlockingRunner::State {
  std::mutex m;
  std::condition_variable cv;
  std::function<void()> job;
  bool has_job = false;
  bool done = false;
  bool quit = false;  ///< stop after the current job (set on shutdown and on abandonment)

  static void loop(const std::shared_ptr<State>& st) {
    std::unique_lock lk(st->m);
    for (;;) {
      st->cv.wait(lk, [&] { return st->has_job || st->quit; });
      if (!st->has_job) {
        return;
      }
      std::function<void()> job = std::move(st->job);
      st->job = nullptr;
      lk.unlock();
      job();
      job = nullptr;  // drop what the job holds (buffers, fds) before reporting done
      lk.lock();
      st->has_job = false;
      st->done = true;
      st->cv.notify_all();
      if (st->quit) {
        return;
      }
    }
  }
};

BlockingRunner::BlockingRunner(std::uint64_t timeout_ms) : timeout_ms_(timeout_ms) {}

BlockingRunner::~BlockingRunner() {
  if (st_) {
    {
      const std::lock_guard lk(st_->m);
      st_->quit = true;
    }
    st_->cv.notify_all();
    thread_.join();  // idle: returns at once
  }
}

BlockingRunner::Outcome BlockingRunner::run(std::function<void()> job) {
  if (timeout_ms_ == 0) {
    job();
    return Outcome::done;
  }
  if (abandoned_ >= k_max_abandoned) {
    return Outcome::gave_up;
  }
  if (!st_) {
    st_ = std::make_shared<State>();
    thread_ = std::thread([st = st_] { State::loop(st); });
  }
  std::unique_lock lk(st_->m);
  st_->job = std::move(job);
  st_->has_job = true;
  st_->done = false;
  st_->cv.notify_all();
  if (st_->cv.wait_for(lk, std::chrono::milliseconds(timeout_ms_), [&] { return st_->done; })) {
    return Outcome::done;
  }
  // Stuck in the kernel (a killable wait: only SIGKILL would end it). Leave it to its thread.
  st_->quit = true;
  lk.unlock();
  thread_.detach();
  st_.reset();
  ++abandoned_;
  return Outcome::timeout;
}

// ---- paths ----

namespace {
std::string addr_range(std::uint64_t s, std::uint64_t e) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%08llx-%08llx", static_cast<unsigned long long>(s),
                static_cast<unsigned long long>(e));
  return buf;
}
}  // namespace

std::string mem_member_path(int pid, std::uint64_t start, std::uint64_t end) {
  return "mem/" + std::to_string(pid) + "/" + addr_range(start, end);
}

std::string mem_region_path(int pid, std::uint64_t start, std::uint64_t end) {
  return "mem/" + std::to_string(pid) + "/regions/" + addr_range(start, end);
}

std::string mem_frames_path(int pid, std::uint64_t start, std::uint64_t end) {
  return "mem/" + std::to_string(pid) + "/frames/" + addr_range(start, end);
}

std::string encode_frames(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& pages) {
  std::string out;
  out.reserve(pages.size() * 16);
  auto put = [&out](std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    }
  };
  for (const auto& [a, id] : pages) {
    put(a);
    put(id);
  }
  return out;
}

// ---- the walker's part ----

BlockingRunner& Walker::runner() {
  if (!runner_) {
    runner_ = std::make_unique<BlockingRunner>(cfg_.timeout_ms);
  }
  return *runner_;
}

bool Walker::mem_wanted(int pid, const std::string& pid_s) const {
  if (!cfg_.live || !cfg_.mem || cfg_.mem->selector.is_none()) {
    return false;
  }
  if (cfg_.self_dir && *cfg_.self_dir == pid_s) {
    return false;  // never the collector itself
  }
  return !cfg_.mem->pids || std::binary_search(cfg_.mem->pids->begin(), cfg_.mem->pids->end(), pid);
}

void Walker::record_piece(std::string path, std::shared_ptr<char> buf, std::size_t off, std::size_t len,
                          std::uint64_t t0, std::uint64_t t1) {
  const std::size_t bytes = len + path.size();
  // The bytes stay in the pool buffer: the recorder hashes and archives them from there, then the buffer returns
  // to the pool (the lambda holds the last reference).
  enqueue(bytes, [this, path = std::move(path), buf = std::move(buf), off, len, t0, t1] {
    store_mem_member(path, std::string_view(buf.get() + off, len), ItemKind::mem, t0, t1);
  });
}

void Walker::record_frames(std::string path, std::string data, std::uint64_t t0, std::uint64_t t1) {
  const std::size_t bytes = data.size() + path.size();
  enqueue(bytes, [this, path = std::move(path), data = std::move(data), t0, t1] {
    store_mem_member(path, data, ItemKind::mem_frames, t0, t1);
  });
}

void Walker::store_mem_member(const std::string& path, std::string_view data, ItemKind kind, std::uint64_t t0,
                              std::uint64_t t1) {
  Item it{.path = path, .kind = kind, .status = "ok", .t0 = t0, .t1 = t1};
  store_and_add(it, path, data, true, false, [this](const Item& l) { manifest_.add(l); });
}

void Walker::record_region(MemRegionLine line) {
  const std::size_t bytes = line.path.size() + 64 * (line.ranges.size() + line.holes.size());
  enqueue(bytes, [this, line = std::move(line)] {
    manifest_.add_mem_region(line);
    after_line();
  });
}

void Walker::load_fuse_devs(std::optional<std::string_view> mountinfo) {
  if (!own_fuse_) {
    // The collector's own view (read once, not archived): device numbers are global, so a FUSE mount seen here is
    // one for any process; it stands in for a pid whose mountinfo could not be read (a zombie leader's: EINVAL).
    own_fuse_.emplace();
    if (cfg_.self_dir) {
      const std::string name = *cfg_.self_dir + "/mountinfo";
      const ReadResult r = reader_.read_file(cfg_.root_fd, name.c_str());
      if (r.status == ReadStatus::ok || r.status == ReadStatus::truncated) {
        own_fuse_->add_mountinfo(r.data);
      }
    }
  }
  fuse_ = *own_fuse_;
  if (mountinfo) {
    fuse_.add_mountinfo(*mountinfo);
  }
}

namespace {

// A region line with the mapping's fields from maps (and VmFlags from smaps), started now.
MemRegionLine region_line(int pid, MemRegionPlan& rp) {
  const procfs::MapsEntry& e = rp.entry;
  MemRegionLine line;
  line.path = mem_region_path(pid, *e.start, *e.end);
  line.select = std::move(rp.select);
  line.start = *e.start;
  line.end = *e.end;
  line.offset = e.offset.value_or(0);
  line.perms = *e.perms;
  if (e.dev_major && e.dev_minor) {
    char dev[48];
    std::snprintf(dev, sizeof dev, "%02llx:%02llx", static_cast<unsigned long long>(*e.dev_major),
                  static_cast<unsigned long long>(*e.dev_minor));
    line.dev = dev;
  }
  line.inode = e.inode.value_or(0);
  line.map_path = e.path.value_or("");
  line.vmflags = std::move(rp.vmflags);
  line.t0 = boottime_ns();
  return line;
}

}  // namespace

// What stops the rest of a pid's regions once one of them met it.
enum class Walker::MemStop { none, gone, timeout, gave_up, open_failed };

// One pid's --mem state across its regions.
struct Walker::MemPid {
  int pid = 0;
  int pid_fd = -1;
  MemStop stop = MemStop::none;
  int open_err = 0;          ///< errno of mem's open (MemStop::open_failed)
  std::shared_ptr<Fd> mem{};  // shared with jobs: an abandoned read keeps its fd until its syscall returns
  std::shared_ptr<Fd> pagemap{};
  int pagemap_err = 0;  ///< errno of pagemap's open (0: open, or not tried yet)
};

// How the reading of one region ended.
struct Walker::RegionRead {
  std::uint64_t stored = 0;  ///< bytes stored in pieces
  bool capped_region = false;
  bool capped_total = false;
  bool timed_out = false;
  bool gave_up = false;
  bool abandoned = false;  ///< the output failed or a signal came: stop the pid without its region line
  std::vector<std::pair<std::uint64_t, std::uint64_t>> frames;  ///< (page, frame id) of the present pages
};

void Walker::capture_mem(int pid, int pid_fd, const ReadResult& maps_meta, std::string_view maps,
                         std::optional<std::string_view> smaps, const FuseDevs* fuse) {
  if (maps_meta.status != ReadStatus::ok && maps_meta.status != ReadStatus::truncated) {
    record_maps_unreadable(pid, maps_meta);
    return;
  }
  std::vector<MemRegionPlan> plan = plan_mem_regions(cfg_.mem->selector, maps, smaps, fuse);
  if (plan.empty()) {
    return;
  }
  MemPid m{.pid = pid, .pid_fd = pid_fd};
  for (MemRegionPlan& rp : plan) {
    MemRegionLine line = region_line(pid, rp);
    if (skip_region(rp, m, line) || !open_mem(m, line)) {
      continue;
    }
    const RegionRead r = read_region(m, line);
    if (r.abandoned) {
      return;
    }
    finish_region(m, std::move(line), r);
  }
  if (mem_total_reached_) {
    enqueue(0, [this] { manifest_.set_mem_total_budget_reached(); });
  }
}

void Walker::record_maps_unreadable(int pid, const ReadResult& maps_meta) {
  MemRegionLine line;
  line.path = "mem/" + std::to_string(pid) + "/regions";
  line.has_region = false;
  switch (maps_meta.status) {
    case ReadStatus::timeout:
      line.status = "timeout";
      break;
    case ReadStatus::error:
      line.status = errno_name(maps_meta.err);
      break;
    default:
      line.status = "skipped";
      break;
  }
  line.reason = "maps-unreadable";
  line.t0 = line.t1 = boottime_ns();
  record_region(std::move(line));
}

void Walker::finish_region_line(MemRegionLine& line, std::string status, std::string reason) {
  line.status = std::move(status);
  line.reason = std::move(reason);
  line.t1 = boottime_ns();
  record_region(std::move(line));
}

bool Walker::skip_region(const MemRegionPlan& rp, MemPid& m, MemRegionLine& line) {
  if (rp.never) {
    finish_region_line(line, "skipped", std::string(*rp.never));
    return true;
  }
  switch (m.stop) {
    case MemStop::gone:
      finish_region_line(line, "ESRCH", "process-gone");
      return true;
    case MemStop::timeout:
      finish_region_line(line, "skipped", "after-timeout");
      return true;
    case MemStop::gave_up:
      finish_region_line(line, "skipped", "too-many-stuck-reads");
      return true;
    case MemStop::open_failed:
      finish_region_line(line, errno_name(m.open_err), "mem-open");
      return true;
    case MemStop::none:
      break;
  }
  if (mem_total_ >= cfg_.mem->max_total) {
    mem_total_reached_ = true;
    finish_region_line(line, "skipped", "max-total");
    return true;
  }
  return false;
}

bool Walker::open_mem(MemPid& m, MemRegionLine& line) {
  if (m.mem) {
    return true;
  }
  // Opened once per pid, relative to the pid directory (the same process), only when a region is to be read.
  // The open can wait on the target's exec lock, so it runs under the deadline too, on a dup of the dir fd.
  // pagemap (read-only, the same checks as mem: PTRACE_MODE_READ) is opened in the same job, right after mem.
  auto dir = std::make_shared<Fd>(::fcntl(m.pid_fd, F_DUPFD_CLOEXEC, 0));
  auto opened = std::make_shared<std::pair<int, int>>(-1, 0);     // mem (fd, errno)
  auto opened_pm = std::make_shared<std::pair<int, int>>(-1, 0);  // pagemap (fd, errno)
  const auto out = dir->valid() ? runner().run([dir, opened, opened_pm] {
    opened->first = ::openat(dir->get(), "mem", O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
    opened->second = opened->first < 0 ? errno : 0;
    if (opened->first >= 0) {
      opened_pm->first = ::openat(dir->get(), "pagemap", O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
      opened_pm->second = opened_pm->first < 0 ? errno : 0;
    }
  })
                                : BlockingRunner::Outcome::done;
  if (!dir->valid()) {
    opened->second = errno;
  }
  if (out == BlockingRunner::Outcome::timeout) {
    m.stop = MemStop::timeout;
    finish_region_line(line, "timeout", "read-deadline");
    return false;
  }
  if (out == BlockingRunner::Outcome::gave_up) {
    m.stop = MemStop::gave_up;
    finish_region_line(line, "skipped", "too-many-stuck-reads");
    return false;
  }
  if (opened->first < 0) {
    m.open_err = opened->second;
    if (m.open_err == ENOENT || m.open_err == ESRCH) {
      m.stop = MemStop::gone;
      finish_region_line(line, "ESRCH", "process-gone");
    } else {
      m.stop = MemStop::open_failed;
      finish_region_line(line, errno_name(m.open_err), "mem-open");
    }
    return false;
  }
  m.mem = std::make_shared<Fd>(opened->first);
  m.pagemap = std::make_shared<Fd>(opened_pm->first);
  m.pagemap_err = opened_pm->second;
  return true;
}

namespace {
// A deadline job's outcome into the region's flags: false when the job did not finish (timeout or gave up).
bool job_finished(BlockingRunner::Outcome out, bool& timed_out, bool& gave_up) {
  timed_out = out == BlockingRunner::Outcome::timeout;
  gave_up = out == BlockingRunner::Outcome::gave_up;
  return !timed_out && !gave_up;
}
}  // namespace

Walker::RegionRead Walker::read_region(MemPid& m, MemRegionLine& line) {
  // Read the region in pieces of at most k_mem_piece_bytes; budgets count stored bytes (holes cost nothing).
  RegionRead r;
  line.pagemap.emplace();
  line.pagemap->err = m.pagemap_err;
  if (!frame_ids_) {
    frame_ids_ = std::make_shared<const FrameIds>();
  }
  std::uint64_t addr = line.start;
  bool last_not_resident = false;  // the previous stretch had no resident page: skip ahead through pagemap
  while (addr < line.end) {
    if (cfg_.mem->resident_only && last_not_resident) {
      if (!skip_not_resident_pages(m, line, addr, r)) {
        break;
      }
      last_not_resident = false;
      if (addr >= line.end) {
        break;
      }
    }
    const MemConfig& mc = *cfg_.mem;
    const std::uint64_t region_left = mc.max_region - std::min(r.stored, mc.max_region);
    const std::uint64_t total_left = mc.max_total - std::min(mem_total_, mc.max_total);
    if (region_left == 0 || total_left == 0) {
      (region_left == 0 ? r.capped_region : r.capped_total) = true;
      break;
    }
    const auto len = static_cast<std::size_t>(
        std::min({static_cast<std::uint64_t>(k_mem_piece_bytes), line.end - addr, region_left, total_left}));
    if (!read_stretch(m, line, addr, len, r, last_not_resident)) {
      break;
    }
    if (m.stop == MemStop::gone) {
      break;
    }
    addr += len;
    show_progress(false);
    if (failed()) {
      r.abandoned = true;
      return r;
    }
    if (stop_ && stop_()) {
      interrupted_ = true;  // SIGINT/TERM/HUP: stop here; capture_processes sees it before the next pid
      r.abandoned = true;
      return r;
    }
  }
  line.captured_bytes = r.stored;
  if (!r.frames.empty()) {
    record_frames(mem_frames_path(m.pid, line.start, line.end), encode_frames(r.frames), line.t0, boottime_ns());
  }
  return r;
}

bool Walker::skip_not_resident_pages(MemPid& m, MemRegionLine& line, std::uint64_t& addr, RegionRead& r) {
  auto pm = std::make_shared<PagemapCounts>(*line.pagemap);
  auto next = std::make_shared<std::uint64_t>(addr);
  const auto out = runner().run([pagemap = m.pagemap, pm, next, addr, end = line.end, page = page_size_] {
    *next = skip_not_resident(pagemap->get(), addr, end, page, k_skip_window_pages, *pm);
  });
  if (!job_finished(out, r.timed_out, r.gave_up)) {
    return false;
  }
  *line.pagemap = *pm;
  if (*next > addr) {
    add_hole(line.holes, MemRegionLine::Hole{.start = addr, .end = *next, .kind = HoleKind::not_resident});
    addr = *next;
  }
  return true;
}

bool Walker::read_stretch(MemPid& m, MemRegionLine& line, std::uint64_t addr, std::size_t len, RegionRead& r,
                          bool& not_resident) {
  auto buf = mem_pool_.acquire();
  auto res = std::make_shared<RangeRead>();
  auto pm = std::make_shared<PagemapCounts>(*line.pagemap);  // the job's copy: an abandoned job keeps its own
  auto fo = std::make_shared<FrameOut>();
  const std::uint64_t t0 = boottime_ns();
  const auto out = runner().run([mem = m.mem, pagemap = m.pagemap, buf, res, pm, fo, ids = frame_ids_, addr, len,
                                 page = page_size_, ro = cfg_.mem->resident_only] {
    fo->ids = ids.get();
    *res = read_mem_stretch(mem->get(), pagemap->get(), addr, len, buf.get(), page, ro, *pm, fo.get());
  });
  const std::uint64_t t1 = boottime_ns();
  if (!job_finished(out, r.timed_out, r.gave_up)) {
    return false;
  }
  *line.pagemap = *pm;
  r.frames.insert(r.frames.end(), fo->pages.begin(), fo->pages.end());
  not_resident = res->readable.empty() && !res->holes.empty() && !res->gone &&
                 std::all_of(res->holes.begin(), res->holes.end(),
                             [](const auto& h) { return h.kind == HoleKind::not_resident; });
  for (const auto& sp : res->readable) {
    const std::uint64_t n = sp.end - sp.start;
    record_piece(mem_member_path(m.pid, sp.start, sp.end), buf, static_cast<std::size_t>(sp.start - addr),
                 static_cast<std::size_t>(n), t0, t1);
    if (!line.ranges.empty() && line.ranges.back().second == sp.start) {
      line.ranges.back().second = sp.end;
    } else {
      line.ranges.emplace_back(sp.start, sp.end);
    }
    r.stored += n;
    mem_total_ += n;
    mem_bytes_ += n;
  }
  for (const auto& h : res->holes) {
    add_hole(line.holes, h);
  }
  if (res->gone) {
    m.stop = MemStop::gone;
  }
  if (ReadRate* rate = reader_.read_rate()) {
    std::uint64_t read = 0;
    for (const auto& sp : res->readable) {
      read += sp.end - sp.start;
    }
    rate->charge(read);  // --max-read-rate covers memory too (counted here, on the walker thread, after the job)
  }
  return true;
}

void Walker::finish_region(MemPid& m, MemRegionLine line, const RegionRead& r) {
  if (mem_total_ >= cfg_.mem->max_total) {
    mem_total_reached_ = true;
  }
  if (r.timed_out) {
    m.stop = MemStop::timeout;
    finish_region_line(line, "timeout", "read-deadline");
  } else if (r.gave_up) {
    m.stop = MemStop::gave_up;
    finish_region_line(line, "skipped", "too-many-stuck-reads");
  } else if (m.stop == MemStop::gone) {
    finish_region_line(line, "ESRCH", "process-gone");
  } else if (const auto bad = std::find_if(line.holes.begin(), line.holes.end(),
                                           [](const auto& h) { return h.kind == HoleKind::read_error; });
             bad != line.holes.end()) {
    finish_region_line(line, errno_name(bad->err), "holes");
  } else if (r.capped_region) {
    finish_region_line(line, "truncated", "max-region");
  } else if (r.capped_total) {
    finish_region_line(line, "truncated", "max-total");
  } else if (!line.holes.empty()) {
    // Only --mem-resident-only holes: what was resident is captured whole; nothing resident at all is "skipped".
    const bool unknown = std::any_of(line.holes.begin(), line.holes.end(),
                                     [](const auto& h) { return h.kind == HoleKind::residency_unknown; });
    finish_region_line(line, r.stored == 0 ? "skipped" : "ok", unknown ? "residency-unknown" : "not-resident");
  } else {
    finish_region_line(line, "ok", {});
  }
}

}  // namespace procsnap::collector
