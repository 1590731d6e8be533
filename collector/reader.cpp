#include "reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <limits>
#include <mutex>

namespace procsnap::collector {

namespace {

constexpr int k_open_flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK;
constexpr std::size_t k_initial_buffer = 64 * 1024;
// After a file larger than this the buffer is released back to k_initial_buffer, so one huge smaps does not pin
// memory for the rest of the run.
constexpr std::size_t k_shrink_above = 4 * 1024 * 1024;

std::uint64_t clock_ns(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<std::uint64_t>(ts.tv_nsec);
}

}  // namespace

std::uint64_t boottime_ns() { return clock_ns(CLOCK_BOOTTIME); }
std::uint64_t realtime_ns() { return clock_ns(CLOCK_REALTIME); }

std::string errno_name(int err) {
  switch (err) {
    case ENOENT:
      return "ENOENT";
    case ESRCH:
      return "ESRCH";
    case EACCES:
      return "EACCES";
    case EPERM:
      return "EPERM";
    case EIO:
      return "EIO";
    case EINVAL:
      return "EINVAL";
    case ENOTDIR:
      return "ENOTDIR";
    case EXDEV:
      return "EXDEV";
    case ELOOP:
      return "ELOOP";
    case EAGAIN:
      return "EAGAIN";
    case ENOMEM:
      return "ENOMEM";
    case EFAULT:
      return "EFAULT";
    case EISDIR:
      return "EISDIR";
    case ENXIO:
      return "ENXIO";
    case ENODEV:
      return "ENODEV";
    case EBUSY:
      return "EBUSY";
    case EOPNOTSUPP:
      return "EOPNOTSUPP";
    case ENAMETOOLONG:
      return "ENAMETOOLONG";
    case EMFILE:
      return "EMFILE";
    case ENFILE:
      return "ENFILE";
    default:
      return "errno:" + std::to_string(err);
  }
}

void Fd::reset(int fd) {
  if (fd_ >= 0) {
    ::close(fd_);
  }
  fd_ = fd;
}

int open_beneath(int dirfd, const char* path, int flags) {
  // O_NOFOLLOW guards only the last component; a relocated tree could plant a symlink in the middle of
  // "sys/kernel/hostname". So every directory on the way is opened O_NOFOLLOW|O_DIRECTORY, one at a time.
  // ("." and ".." components are refused: allow-listed paths never have them.)
  std::string_view rest(path);
  // Absolute paths are the collector's own (/proc/self/status, /etc/machine-id), never taken from a tree.
  if (rest.find('/') == std::string_view::npos || rest.front() == '/') {
    return ::openat(dirfd, path, flags);
  }
  Fd cur;
  int at = dirfd;
  std::string comp;
  for (;;) {
    const auto slash = rest.find('/');
    comp.assign(rest.substr(0, slash));
    if (comp.empty() || comp == "." || comp == "..") {
      errno = EINVAL;
      return -1;
    }
    if (slash == std::string_view::npos) {
      return ::openat(at, comp.c_str(), flags);
    }
    cur.reset(::openat(at, comp.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
    if (!cur.valid()) {
      return -1;
    }
    at = cur.get();
    rest.remove_prefix(slash + 1);
  }
}

int open_dir(int dirfd, const char* name) {
  return open_beneath(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
}

// The state a deadline worker shares with the Reader. Guarded by `m`. A request is a batch of names read in order
// relative to `dirfd` (dup()ed for the request; the worker closes it); each result lands in its slot.
struct Reader::Worker {
  Worker(std::uint64_t cap, bool check_type, int open_flags, std::shared_ptr<ReadRate> rate) : reader(cap, 0) {
    reader.set_check_type(check_type);
    reader.open_flags_ = open_flags;
    reader.rate_ = std::move(rate);
  }
  struct Slot {
    bool done = false;
    ReadResult meta;   ///< data empty; the bytes are in `data`
    std::string data;  ///< owned copy of the bytes read
  };
  std::mutex m;
  std::condition_variable cv;
  Reader reader;  ///< synchronous reader with the worker's own buffer
  bool has_request = false;
  bool abandoned = false;
  bool cancel = false;
  int dirfd = -1;
  std::vector<std::string> names;
  std::vector<Slot> slots;
  std::size_t current = 0;  ///< slot being read (valid while `reading`)
  bool reading = false;
  std::chrono::steady_clock::time_point started;  ///< when slots[current]'s read began
  std::size_t held = 0;                           ///< bytes in done, untaken slots
  // Who sleeps on `cv`, so a wake-up (a futex syscall) is only sent to a thread that waits for it.
  std::size_t caller_waits_for = SIZE_MAX;  ///< slot the caller waits for (SIZE_MAX: the caller is not waiting)
  bool worker_waits_for_room = false;

  static void run(const std::shared_ptr<Worker>& w) {
    std::unique_lock lk(w->m);
    for (;;) {
      w->cv.wait(lk, [&] { return w->has_request || w->abandoned; });
      if (w->abandoned) {
        return;
      }
      const int fd = w->dirfd;
      for (std::size_t i = 0; i < w->names.size(); ++i) {
        // Bounded memory: wait while the caller has not taken enough of what was read.
        if (w->held >= k_prefetch_bytes) {
          w->worker_waits_for_room = true;
          w->cv.wait(lk, [&] { return w->held < k_prefetch_bytes || w->cancel || w->abandoned; });
          w->worker_waits_for_room = false;
        }
        if (w->cancel || w->abandoned) {
          break;
        }
        const std::string name = w->names[i];
        w->current = i;
        w->reading = true;
        w->started = std::chrono::steady_clock::now();
        lk.unlock();
        ReadResult r = w->reader.read_file(fd, name.c_str());
        std::string data(r.data);
        r.data = {};
        lk.lock();
        w->reading = false;
        w->held += data.size();
        w->slots[i] = Slot{.done = true, .meta = r, .data = std::move(data)};
        if (w->caller_waits_for == i) {
          // Notified under the lock: the caller may take this last slot and submit the next batch only after
          // this batch's end is recorded below, in the same critical section.
          w->cv.notify_all();
        }
      }
      ::close(fd);
      w->has_request = false;
      w->cv.notify_all();
      if (w->abandoned) {
        return;
      }
    }
  }
};

static_assert(O_NONBLOCK == k_o_nonblock);

Reader::Reader(std::uint64_t max_file_bytes, std::uint64_t timeout_ms)
    : cap_(max_file_bytes), timeout_ms_(timeout_ms), open_flags_(k_open_flags) {
  ensure_capacity(k_initial_buffer);
}

std::unique_ptr<Reader> Reader::sibling() const {
  auto r = std::make_unique<Reader>(cap_, timeout_ms_);
  r->check_type_ = check_type_;
  r->open_flags_ = open_flags_;
  r->rate_ = rate_;
  r->abandoned_ = abandoned_;
  return r;
}

Reader::~Reader() {
  cancel_prefetch();
  if (worker_) {
    {
      const std::lock_guard lk(worker_->m);
      worker_->abandoned = true;
    }
    worker_->cv.notify_all();
    thread_.join();  // an idle worker: it returns at once
  }
}

void Reader::start_worker() {
  worker_ = std::make_shared<Worker>(cap_, check_type_, open_flags_, rate_);
  thread_ = std::thread([w = worker_] { Worker::run(w); });
}

void Reader::abandon_worker() {
  // Stuck: leave the worker to its read. It owns the dup()ed fd and its buffers through the shared state.
  {
    const std::lock_guard lk(worker_->m);
    worker_->abandoned = true;
  }
  worker_->cv.notify_all();
  thread_.detach();
  worker_.reset();
  ++*abandoned_;
  pf_submitted_ = false;
}

bool Reader::submit_prefetch() {
  if (abandoned_->load() >= k_max_abandoned) {
    return false;
  }
  if (!worker_) {
    start_worker();
  }
  const int fd = ::fcntl(pf_dirfd_, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) {
    return false;
  }
  const std::lock_guard lk(worker_->m);
  worker_->dirfd = fd;
  worker_->names.assign(pf_names_.begin() + static_cast<std::ptrdiff_t>(pf_next_), pf_names_.end());
  worker_->slots.assign(worker_->names.size(), {});
  worker_->held = 0;
  worker_->cancel = false;
  worker_->reading = false;
  worker_->has_request = true;
  worker_->cv.notify_all();
  pf_base_ = pf_next_;
  pf_submitted_ = true;
  return true;
}

void Reader::cancel_prefetch() {
  if (pf_submitted_ && worker_) {
    std::unique_lock lk(worker_->m);
    worker_->cancel = true;
    worker_->cv.notify_all();
    // The worker stops after its current read; a read stuck past the deadline abandons the worker.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
    const bool idle = worker_->cv.wait_until(lk, deadline, [&] { return !worker_->has_request; });
    if (idle) {
      worker_->slots.clear();
      worker_->names.clear();
      worker_->cancel = false;
    } else {
      lk.unlock();
      abandon_worker();
    }
  }
  pf_submitted_ = false;
  pf_names_.clear();
  pf_next_ = 0;
  pf_base_ = 0;
  pf_dirfd_ = -1;
}

void Reader::prefetch(int dirfd, std::vector<std::string> names) {
  cancel_prefetch();
  pf_dirfd_ = dirfd;
  pf_names_ = std::move(names);
  if (timeout_ms_ != 0 && !pf_names_.empty()) {
    (void)submit_prefetch();  // when it can't, take_prefetched() reports gave_up / reads inline
  }
}

ReadResult Reader::take_prefetched(const char* name, std::string& owned) {
  owned.clear();
  if (pf_next_ >= pf_names_.size() || pf_names_[pf_next_] != name) {
    const int dirfd = pf_dirfd_;
    cancel_prefetch();
    ReadResult r = read_file_deadline(dirfd, name);
    owned.assign(r.data);
    r.data = owned;
    return r;
  }
  const std::size_t idx = pf_next_++;
  if (timeout_ms_ == 0) {
    ReadResult r = read_file(pf_dirfd_, name);
    owned.assign(r.data);
    r.data = owned;
    return r;
  }
  ReadResult r;
  if (!pf_submitted_) {
    // A previous read of this batch was abandoned (or no worker could start): hand the rest to a fresh worker.
    pf_next_ = idx;
    const bool ok = submit_prefetch();
    pf_next_ = idx + 1;
    if (!ok) {
      r.t0 = r.t1 = boottime_ns();
      if (abandoned_->load() >= k_max_abandoned) {
        r.status = ReadStatus::gave_up;
      } else {
        r.status = ReadStatus::error;
        r.err = errno;
      }
      return r;
    }
  }
  const std::size_t slot = idx - pf_base_;
  const auto timeout = std::chrono::milliseconds(timeout_ms_);
  std::unique_lock lk(worker_->m);
  for (;;) {
    Worker::Slot& s = worker_->slots[slot];
    if (s.done) {
      r = s.meta;
      owned = std::move(s.data);
      worker_->held -= owned.size();
      s.data = {};
      const bool wake = worker_->worker_waits_for_room;
      lk.unlock();
      if (wake) {
        worker_->cv.notify_all();
      }
      r.data = owned;
      if (pf_next_ == pf_names_.size()) {
        pf_submitted_ = false;  // the batch is fully taken; the worker finishes on its own
      }
      return r;
    }
    const auto now = std::chrono::steady_clock::now();
    worker_->caller_waits_for = slot;
    if (worker_->reading && worker_->current == slot) {
      const auto deadline = worker_->started + timeout;
      if (now >= deadline) {
        worker_->caller_waits_for = SIZE_MAX;
        break;
      }
      worker_->cv.wait_until(lk, deadline);
    } else {
      worker_->cv.wait_until(lk, now + timeout);
    }
    worker_->caller_waits_for = SIZE_MAX;
  }
  lk.unlock();
  abandon_worker();
  r.t0 = boottime_ns();
  r.status = ReadStatus::timeout;
  r.t1 = r.t0;
  return r;
}

ReadResult Reader::read_file_deadline(int dirfd, const char* name) {
  if (timeout_ms_ == 0) {
    return read_file(dirfd, name);
  }
  cancel_prefetch();
  ReadResult r;
  r.t0 = boottime_ns();
  if (abandoned_->load() >= k_max_abandoned) {
    r.status = ReadStatus::gave_up;
    r.t1 = r.t0;
    return r;
  }
  std::vector<std::string> one;
  one.emplace_back(name);
  prefetch(dirfd, std::move(one));
  if (!pf_submitted_) {
    r.status = ReadStatus::error;
    r.err = errno;
    r.t1 = boottime_ns();
    cancel_prefetch();
    return r;
  }
  r = take_prefetched(name, last_);
  cancel_prefetch();
  return r;
}

void Reader::ensure_capacity(std::size_t n) {
  if (n <= buf_.size()) {
    return;
  }
  buf_.resize(n);  // contents are not kept: only called between reads
}

CappedRead read_fd_capped(int fd, std::size_t cap, std::size_t size_hint, std::string& buf) {
  CappedRead r;
  if (buf.size() < std::min(cap, size_hint)) {
    buf.resize(std::min(cap, size_hint));
  }
  std::size_t used = 0;
  for (;;) {
    if (used == cap) {
      // At the cap: one probe byte tells "exactly cap bytes" from "more available".
      char probe = 0;
      ssize_t n = 0;
      do {
        n = ::read(fd, &probe, 1);
      } while (n < 0 && errno == EINTR);
      if (n > 0) {
        r.truncated = true;
      } else if (n < 0) {
        r.err = errno;
      }
      break;
    }
    if (used == buf.size()) {
      buf.resize(std::min(cap, std::max<std::size_t>(buf.size() * 2, 4096)));
    }
    const std::size_t want = std::min(buf.size(), cap) - used;
    const ssize_t n = ::read(fd, buf.data() + used, want);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      r.err = errno;
      break;
    }
    if (n == 0) {
      break;
    }
    used += static_cast<std::size_t>(n);
  }
  r.size = used;
  return r;
}

ReadResult Reader::read_file(int dirfd, const char* name) {
  ReadResult r;
  if (buf_.size() > k_shrink_above) {
    std::string().swap(buf_);
    ensure_capacity(k_initial_buffer);
  }
  r.t0 = boottime_ns();
  const Fd fd(open_beneath(dirfd, name, open_flags_));
  if (!fd.valid()) {
    r.status = ReadStatus::error;
    r.err = errno;
    r.t1 = boottime_ns();
    return r;
  }
  // Only regular files are read: a FIFO, socket or device planted in a relocated tree could block or have side
  // effects. On procfs itself every allow-listed file is S_IFREG by construction, so the check is skipped there.
  struct stat st {};
  if (!check_type_) {
    st.st_mode = S_IFREG;
  } else if (::fstat(fd.get(), &st) != 0) {
    r.status = ReadStatus::error;
    r.err = errno;
    r.t1 = boottime_ns();
    return r;
  }
  if (!S_ISREG(st.st_mode)) {
    r.status = ReadStatus::not_regular;
    r.t1 = boottime_ns();
    return r;
  }
  const std::size_t cap = cap_ > std::numeric_limits<std::size_t>::max() / 2
                              ? std::numeric_limits<std::size_t>::max() / 2
                              : static_cast<std::size_t>(cap_);
  const CappedRead c = read_fd_capped(fd.get(), cap, buf_.size(), buf_);
  if (rate_) {
    rate_->charge(c.size + (c.truncated ? 1 : 0));  // the probe byte was read too
  }
  if (c.truncated) {
    r.status = ReadStatus::truncated;
  } else if (c.err != 0) {
    r.status = ReadStatus::error;
    r.err = c.err;
  }
  r.data = std::string_view(buf_.data(), c.size);
  r.t1 = boottime_ns();
  return r;
}

ReadResult Reader::read_link(int dirfd, const char* name) {
  ReadResult r;
  r.t0 = boottime_ns();
  // A link target is at most PATH_MAX bytes; the buffer always holds that much. The link's own directory is
  // reached without following links (see open_beneath).
  ssize_t n = -1;
  if (const char* slash = std::strrchr(name, '/'); slash == nullptr) {
    n = ::readlinkat(dirfd, name, buf_.data(), buf_.size());
  } else {
    const std::string parent(name, slash);
    const Fd d(open_dir(dirfd, parent.c_str()));
    n = d.valid() ? ::readlinkat(d.get(), slash + 1, buf_.data(), buf_.size()) : -1;
  }
  r.t1 = boottime_ns();
  if (n < 0) {
    r.status = ReadStatus::error;
    r.err = errno;
    return r;
  }
  if (rate_) {
    rate_->charge(static_cast<std::uint64_t>(n));
  }
  r.data = std::string_view(buf_.data(), static_cast<std::size_t>(n));
  return r;
}

bool read_small(int dirfd, const char* path, std::string& out, std::size_t limit) {
  out.clear();
  const Fd fd(open_beneath(dirfd, path, k_open_flags));
  if (!fd.valid()) {
    return false;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return false;
  }
  char chunk[4096];
  while (out.size() < limit) {
    const ssize_t n = ::read(fd.get(), chunk, std::min(sizeof chunk, limit - out.size()));
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    if (n == 0) {
      break;
    }
    out.append(chunk, static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace procsnap::collector
