#include "reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <limits>
#include <mutex>

namespace procsnap::collector {

namespace {

constexpr int kOpenFlags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK;
constexpr std::size_t kInitialBuffer = 64 * 1024;
// After a file larger than this the buffer is released back to kInitialBuffer, so one huge smaps does not pin
// memory for the rest of the run.
constexpr std::size_t kShrinkAbove = 4 * 1024 * 1024;

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

// The state a deadline worker shares with the Reader. Guarded by `m`.
struct Reader::Worker {
  Worker(std::uint64_t cap, bool check_type, int open_flags) : reader(cap, 0) {
    reader.set_check_type(check_type);
    reader.open_flags_ = open_flags;
  }
  std::mutex m;
  std::condition_variable cv;
  Reader reader;  ///< synchronous reader with the worker's own buffer
  bool has_request = false;
  bool done = false;
  bool abandoned = false;
  int dirfd = -1;  ///< dup()ed for this request; the worker closes it
  std::string name;
  ReadResult result;

  static void run(const std::shared_ptr<Worker>& w) {
    std::unique_lock lk(w->m);
    for (;;) {
      w->cv.wait(lk, [&] { return w->has_request || w->abandoned; });
      if (w->abandoned) {
        return;
      }
      const int fd = w->dirfd;
      const std::string name = w->name;
      lk.unlock();
      const ReadResult r = w->reader.read_file(fd, name.c_str());
      ::close(fd);
      lk.lock();
      w->result = r;
      w->has_request = false;
      w->done = true;
      w->cv.notify_all();
      if (w->abandoned) {
        return;
      }
    }
  }
};

static_assert(O_NONBLOCK == O_NONBLOCK_FLAG);

Reader::Reader(std::uint64_t max_file_bytes, std::uint64_t timeout_ms)
    : cap_(max_file_bytes), timeout_ms_(timeout_ms), open_flags_(kOpenFlags) {
  ensure_capacity(kInitialBuffer);
}

Reader::~Reader() {
  if (worker_) {
    {
      const std::lock_guard lk(worker_->m);
      worker_->abandoned = true;
    }
    worker_->cv.notify_all();
    thread_.join();  // an idle worker: it returns at once
  }
}

ReadResult Reader::read_file_deadline(int dirfd, const char* name) {
  if (timeout_ms_ == 0) {
    return read_file(dirfd, name);
  }
  ReadResult r;
  r.t0 = boottime_ns();
  if (abandoned_ >= kMaxAbandoned) {
    r.status = ReadStatus::gave_up;
    r.t1 = r.t0;
    return r;
  }
  if (!worker_) {
    worker_ = std::make_shared<Worker>(cap_, check_type_, open_flags_);
    thread_ = std::thread([w = worker_] { Worker::run(w); });
  }
  const int fd = ::fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) {
    r.status = ReadStatus::error;
    r.err = errno;
    r.t1 = boottime_ns();
    return r;
  }
  std::unique_lock lk(worker_->m);
  worker_->dirfd = fd;
  worker_->name = name;
  worker_->done = false;
  worker_->has_request = true;
  worker_->cv.notify_all();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
  if (worker_->cv.wait_until(lk, deadline, [&] { return worker_->done; })) {
    worker_->done = false;
    return worker_->result;  // data points into the worker's buffer, valid until the next request
  }
  // Stuck: leave the worker to its read. It owns the dup()ed fd and its buffer through the shared state.
  worker_->abandoned = true;
  lk.unlock();
  thread_.detach();
  worker_.reset();
  ++abandoned_;
  r.status = ReadStatus::timeout;
  r.t1 = boottime_ns();
  return r;
}

void Reader::ensure_capacity(std::size_t n) {
  if (n <= size_ && buf_) {
    return;
  }
  buf_ = std::make_unique_for_overwrite<char[]>(n);  // contents are not kept: only called between reads
  size_ = n;
}

ReadResult Reader::read_file(int dirfd, const char* name) {
  ReadResult r;
  if (size_ > kShrinkAbove) {
    buf_.reset();
    size_ = 0;
    ensure_capacity(kInitialBuffer);
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
  std::size_t used = 0;
  for (;;) {
    if (used == cap) {
      // At the cap: one probe byte tells "exactly cap bytes" from "more available".
      char probe = 0;
      ssize_t n = 0;
      do {
        n = ::read(fd.get(), &probe, 1);
      } while (n < 0 && errno == EINTR);
      if (n > 0) {
        r.status = ReadStatus::truncated;
      } else if (n < 0) {
        r.status = ReadStatus::error;
        r.err = errno;
      }
      break;
    }
    if (used == size_) {
      const std::size_t grown = std::min(cap, size_ * 2);
      auto fresh = std::make_unique_for_overwrite<char[]>(grown);
      std::memcpy(fresh.get(), buf_.get(), used);
      buf_ = std::move(fresh);
      size_ = grown;
    }
    const std::size_t want = std::min(size_, cap) - used;
    const ssize_t n = ::read(fd.get(), buf_.get() + used, want);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      r.status = ReadStatus::error;
      r.err = errno;
      break;
    }
    if (n == 0) {
      break;
    }
    used += static_cast<std::size_t>(n);
  }
  r.data = std::string_view(buf_.get(), used);
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
    n = ::readlinkat(dirfd, name, buf_.get(), size_);
  } else {
    const std::string parent(name, slash);
    const Fd d(open_dir(dirfd, parent.c_str()));
    n = d.valid() ? ::readlinkat(d.get(), slash + 1, buf_.get(), size_) : -1;
  }
  r.t1 = boottime_ns();
  if (n < 0) {
    r.status = ReadStatus::error;
    r.err = errno;
    return r;
  }
  r.data = std::string_view(buf_.get(), static_cast<std::size_t>(n));
  return r;
}

bool read_small(int dirfd, const char* path, std::string& out, std::size_t limit) {
  out.clear();
  const Fd fd(open_beneath(dirfd, path, kOpenFlags));
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
