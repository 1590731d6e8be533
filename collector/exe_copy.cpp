#include "exe_copy.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <limits>

#include "mem_capture.hpp"
#include "reader.hpp"
#include "walker.hpp"

namespace procsnap::collector {

std::string_view to_string(CopyExe c) {
  switch (c) {
    case CopyExe::deleted:
      return "deleted";
    case CopyExe::all:
      return "all";
    case CopyExe::none:
      return "none";
  }
  return "deleted";
}

namespace {

// "memfd" or "deleted" for a link to a file that exists nowhere else. d_path() of a memfd is "/memfd:<name>
// (deleted)"; an unlinked file gets " (deleted)" appended. (A file really named "x (deleted)" looks the same: copying
// it too is harmless.) Sockets, pipes and anon inodes read "socket:[n]", "pipe:[n]", "anon_inode:[x]": neither.
std::optional<std::string_view> memfd_or_deleted(std::string_view link) {
  if (link.starts_with("/memfd:")) {
    return "memfd";
  }
  if (link.ends_with(" (deleted)")) {
    return "deleted";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> exe_copy_why(std::string_view link, CopyExe mode) {
  if (mode == CopyExe::none || link.empty()) {
    return std::nullopt;
  }
  if (const auto why = memfd_or_deleted(link)) {
    return why;
  }
  if (mode == CopyExe::all) {
    return "all";
  }
  return std::nullopt;
}

std::string_view to_string(CopyFd c) { return c == CopyFd::none ? "none" : "deleted"; }

std::optional<std::string_view> fd_copy_why(std::string_view link, CopyFd mode) {
  if (mode == CopyFd::none) {
    return std::nullopt;
  }
  return memfd_or_deleted(link);
}

std::optional<std::string> CopiedFiles::claim(std::uint64_t dev, std::uint64_t ino, const std::string& path) {
  const std::lock_guard lk(m_);
  const auto [it, inserted] = paths_.try_emplace(std::make_pair(dev, ino), path);
  if (inserted) {
    return std::nullopt;
  }
  return it->second;
}

ExeRead read_linked_file(int dir_fd, const char* name, const ReadLinkOptions& o) {
  ExeRead r;
  r.t0 = boottime_ns();
  auto done = [&r]() -> ExeRead {
    r.t1 = boottime_ns();
    return std::move(r);
  };
  const bool fuse_check = o.fuse != nullptr && !o.fuse->empty();
  if (fuse_check || o.seen) {
    // The magic link jumps straight to the file's dentry (no lookup in its file system); AT_STATX_DONT_SYNC with
    // an empty mask makes fuse_getattr() answer from the cached inode (st_dev is the super block's), never with a
    // GETATTR request; other file systems fill the type and inode number from the inode all the same.
    struct statx stx {};
    const bool ok = ::statx(dir_fd, name, AT_STATX_DONT_SYNC | AT_NO_AUTOMOUNT, 0, &stx) == 0;
    if (ok && fuse_check && o.fuse->contains(stx.stx_dev_major, stx.stx_dev_minor)) {
      r.fuse = true;
      return done();
    }
    if (o.seen) {
      // --copy-fd: nothing is opened unless the statx says regular file (a failure is final: no blind open).
      if (!ok) {
        r.err = errno;
        return done();
      }
      r.size = stx.stx_size;
      r.dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
      r.ino = stx.stx_ino;
      if (!S_ISREG(stx.stx_mode)) {
        r.regular = false;
        return done();
      }
      if ((r.same_as = o.seen->claim(r.dev, r.ino, o.path))) {
        return done();
      }
    }
    // For exe a statx failure is not final: the open below reports the real error.
  }
  // No O_NOFOLLOW: following this magic link is the point (it resolves to the open file, even unlinked or a
  // memfd). O_NONBLOCK: should it ever resolve to a FIFO, the open must not hang (and fstat refuses it below).
  constexpr int k_flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
  Fd fd(::openat(dir_fd, name, k_flags | O_NOATIME));
  if (!fd.valid() && errno == EPERM) {
    fd.reset(::openat(dir_fd, name, k_flags));  // not the owner and no CAP_FOWNER: the read may touch atime
  }
  if (!fd.valid()) {
    r.err = errno;
    return done();
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    r.err = errno;
    return done();
  }
  r.size = static_cast<std::uint64_t>(st.st_size);
  r.dev = st.st_dev;
  r.ino = st.st_ino;
  if (o.fuse && o.fuse->contains(major(st.st_dev), minor(st.st_dev))) {
    r.fuse = true;
    return done();
  }
  if (!S_ISREG(st.st_mode)) {
    r.regular = false;
    return done();
  }
  if (std::min(*r.size, o.cap) > o.whole_max) {
    r.open = std::make_shared<Fd>(std::move(fd));  // read in pieces by the caller: memory bounded by a piece
    return done();
  }
  const std::size_t cap = static_cast<std::size_t>(
      std::min({o.cap, o.whole_max, static_cast<std::uint64_t>(std::numeric_limits<std::size_t>::max() / 2)}));
  // st_size is right for a regular file, but the file may grow or shrink while we read: read to EOF regardless
  // (within one piece: a file that grew past it since the fstat is cut there, `truncated`).
  // One byte more than st_size, so an unchanged file ends with the EOF read instead of the buffer being doubled to
  // find it (a 1.5 MB copy took 3 MB more of page faults and a copy: ~10 ms of the walker's time per executable).
  const CappedRead c = read_fd_capped(fd.get(), cap, std::max<std::uint64_t>(*r.size + 1, 64 * 1024), r.data);
  r.truncated = c.truncated;
  r.err = c.err;
  r.data.resize(c.size);
  return done();
}

PieceRead read_copy_piece(int fd, char* buf, std::size_t want, bool probe) {
  PieceRead r;
  while (r.size < want) {
    const ssize_t n = ::read(fd, buf + r.size, want - r.size);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      r.err = errno;
      return r;
    }
    if (n == 0) {
      return r;  // EOF
    }
    r.size += static_cast<std::size_t>(n);
  }
  if (probe) {
    char byte = 0;
    ssize_t n = 0;
    do {
      n = ::read(fd, &byte, 1);
    } while (n < 0 && errno == EINTR);
    r.more = n > 0;
    if (n < 0) {
      r.err = errno;
    }
  }
  return r;
}

StreamedCopy stream_copy_pieces(std::uint64_t declared, std::size_t piece, const CopyPieceIo& io) {
  StreamedCopy s;
  while (s.stored < declared) {
    if (s.stored > 0 && io.stop && io.stop()) {
      s.stopped = true;
      break;
    }
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(piece, declared - s.stored));
    const bool last = s.stored + want == declared;
    std::shared_ptr<char> buf;
    PieceRead r;
    s.outcome = io.read(s.stored, want, last, buf, r);
    if (s.outcome != BlockingRunner::Outcome::done) {
      break;
    }
    if (r.size > 0) {
      io.store(std::move(buf), r.size, s.stored == 0);
      s.stored += r.size;
    }
    if (r.err != 0) {
      s.err = r.err;
      break;
    }
    if (r.size < want) {
      s.shrank = true;
      break;
    }
    s.longer = last && r.more;
  }
  s.padded = s.stored > 0 ? declared - s.stored : 0;
  return s;
}

CopyStatus streamed_copy_status(const StreamedCopy& s, bool cap_cut, std::string_view cap_reason) {
  if (s.outcome == BlockingRunner::Outcome::timeout) {
    return {"timeout", "read-deadline"};
  }
  if (s.outcome == BlockingRunner::Outcome::gave_up) {
    return {"skipped", "too-many-stuck-reads"};
  }
  if (s.err != 0) {
    return {errno_name(s.err), {}};
  }
  if (s.stopped) {
    return {"truncated", "interrupted"};
  }
  if (s.shrank) {
    return {"truncated", "shrank"};
  }
  if (s.longer) {
    return {"truncated", cap_cut ? std::string(cap_reason) : "grew"};
  }
  return {"ok", {}};
}

void Walker::capture_exe(int pid, int pid_fd, const std::string& exe_link, const FuseDevs* fuse) {
  const auto why = exe_copy_why(exe_link, cfg_.copy_exe);
  if (!cfg_.live || !why) {
    return;  // a relocated tree's exe is a plain symlink: never followed
  }
  copy_through_link(pid_fd, "exe", "bin/" + std::to_string(pid) + "/exe", "exe-copy", *why, exe_link,
                    ReadLinkOptions{.cap = reader_.max_file_bytes(), .fuse = fuse});
}

void Walker::capture_fd_copies(int pid, int dir_fd, const std::vector<std::pair<std::string, std::string>>& fds,
                               const FuseDevs* fuse) {
  if (!cfg_.live) {
    return;  // a relocated tree's fd/<n> are plain symlinks: never followed
  }
  if (!copied_files_) {
    copied_files_ = std::make_shared<CopiedFiles>();
  }
  for (const auto& [n, link] : fds) {
    const auto why = fd_copy_why(link, cfg_.copy_fd);
    if (!why) {
      continue;
    }
    std::string path = "bin/" + std::to_string(pid) + "/fd/" + n;
    const std::uint64_t left = cfg_.copy_fd_max_total - std::min(fd_copy_total_, cfg_.copy_fd_max_total);
    if (left == 0) {
      ExeRead none;
      none.t0 = none.t1 = boottime_ns();
      record_copy(std::move(path), "fd-copy", "skipped", "max-total", *why, link, false, std::move(none));
      continue;
    }
    // The budget cuts the copy that reaches it: recorded "truncated", reason max-total instead of max-file-bytes.
    const bool budget_cuts = left < reader_.max_file_bytes();
    fd_copy_total_ += copy_through_link(
        dir_fd, "fd/" + n, path, "fd-copy", *why, link,
        ReadLinkOptions{.cap = std::min(left, reader_.max_file_bytes()), .fuse = fuse, .seen = copied_files_, .path = path},
        budget_cuts ? "max-total" : "max-file-bytes");
    if (failed()) {
      return;
    }
  }
}

std::uint64_t Walker::copy_through_link(int dir_fd, const std::string& name, std::string path, std::string_view kind,
                                        std::string_view why, const std::string& link, ReadLinkOptions o,
                                        std::string_view cap_reason) {
  // The read may block (a file on a hung network or FUSE file system): it runs under the deadline, on a dup of the
  // directory fd that the job owns.
  const std::uint64_t cap = o.cap;
  auto dir = std::make_shared<Fd>(::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0));
  auto res = std::make_shared<ExeRead>();
  const std::uint64_t t0 = boottime_ns();
  BlockingRunner::Outcome out = BlockingRunner::Outcome::done;
  if (!dir->valid()) {
    res->err = errno;
    res->t0 = res->t1 = t0;
  } else {
    // The job owns its copy of the FUSE devices: an abandoned job may outlive this pid's.
    std::shared_ptr<const FuseDevs> devs = o.fuse ? std::make_shared<const FuseDevs>(*o.fuse) : nullptr;
    out = runner().run([dir, res, name, o = std::move(o), devs]() mutable {
      o.fuse = devs.get();
      *res = read_linked_file(dir->get(), name.c_str(), o);
    });
  }
  std::string status;
  std::string reason;
  bool keep_data = false;
  ExeRead r;
  if (out == BlockingRunner::Outcome::timeout) {
    status = "timeout";
    reason = "read-deadline";
    r.t0 = t0;
    r.t1 = boottime_ns();
  } else if (out == BlockingRunner::Outcome::gave_up) {
    status = "skipped";
    reason = "too-many-stuck-reads";
    r.t0 = r.t1 = t0;
  } else {
    r = std::move(*res);
    if (r.open) {
      return stream_copy(std::move(path), kind, why, link, std::move(r), cap, cap_reason);
    }
    if (ReadRate* rate = reader_.read_rate()) {
      rate->charge(r.data.size() + (r.truncated ? 1 : 0));  // --max-read-rate counts copies too (the probe byte)
    }
    if (r.fuse) {
      status = "skipped";
      reason = "fuse-backed";
    } else if (r.same_as) {
      status = "skipped";
      reason = "same-file";
    } else if (!r.regular) {
      status = "skipped";
      reason = "not-a-regular-file";
    } else if (r.err != 0) {
      status = errno_name(r.err);
      keep_data = !r.data.empty();  // an error after partial data: what was read is kept
    } else if (r.truncated) {
      status = "truncated";
      reason = r.data.size() < cap ? "grew" : cap_reason;  // cut at one piece: it grew past it since the fstat
      keep_data = true;
    } else {
      status = "ok";
      keep_data = true;
    }
  }
  const std::uint64_t stored = keep_data ? r.data.size() : 0;
  record_copy(std::move(path), kind, status, reason, why, link, keep_data, std::move(r));
  return stored;
}

void Walker::record_copy(std::string path, std::string_view kind, std::string status, std::string reason,
                         std::string_view why, const std::string& link, bool keep_data, ExeRead r) {
  if (!keep_data) {
    r.data.clear();
  }
  const std::size_t bytes = r.data.size() + path.size();
  enqueue(bytes, [this, path = std::move(path), kind = std::string(kind), status = std::move(status),
                  reason = std::move(reason), why = std::string(why), link, keep_data, size = r.size,
                  same_as = std::move(r.same_as), data = std::move(r.data), t0 = r.t0, t1 = r.t1] {
    ExeCopyLine l{.path = path,
                  .kind = kind,
                  .status = status,
                  .reason = reason,
                  .why = why,
                  .link = link,
                  .size = size,
                  .t0 = t0,
                  .t1 = t1};
    if (same_as) {
      l.same_as = *same_as;
    }
    store_and_add(l, path, data, keep_data, false, [this](const ExeCopyLine& line) { manifest_.add_exe_copy(line); });
  });
}

std::uint64_t Walker::stream_copy(std::string path, std::string_view kind, std::string_view why,
                                  const std::string& link, ExeRead r, std::uint64_t cap, std::string_view cap_reason) {
  const std::uint64_t declared = std::min(*r.size, cap);
  // The member's hash, fed by the recorder thread's tasks in order (the pieces, then the zeros of finish_file).
  auto hash = std::make_shared<common::Sha256>();
  const std::shared_ptr<Fd> fd = std::move(r.open);
  ReadRate* const rate = reader_.read_rate();
  const CopyPieceIo io{
      .read = [&](std::uint64_t, std::size_t want, bool probe, std::shared_ptr<char>& buf, PieceRead& pr) {
        buf = mem_pool_.acquire();
        auto res = std::make_shared<PieceRead>();
        // Its own deadline per piece: a 64 MiB copy from a slow disk is many reads, each held to --timeout-ms. The
        // job owns the file and the buffer (an abandoned read may still write into it).
        const auto out = runner().run([fd, buf, res, want, probe] {
          *res = read_copy_piece(fd->get(), buf.get(), want, probe);
        });
        if (out == BlockingRunner::Outcome::done) {
          pr = *res;
          if (rate != nullptr) {
            rate->charge(pr.size + (pr.more ? 1 : 0));  // on this thread, after the job: the deadline is the read's
          }
        }
        return out;
      },
      .store =
          [&](std::shared_ptr<char> buf, std::size_t len, bool first) {
            // Queued like a mem piece: the bytes stay in the pool buffer until recorded, and the queue's bound (in
            // declared bytes) makes this thread wait while the recorder or the output is behind. Declared as two
            // buffers (this one and the one read meanwhile), which the 8 MiB bound lets wait one at a time: two
            // buffers in use, not three (-4 MiB of peak RSS), and reading still overlaps recording.
            enqueue(2 * k_copy_piece_bytes, [this, path = first ? path : std::string(), buf = std::move(buf), len,
                                             first, declared, hash] {
              if (first && !writer_.begin_file(path, declared)) {
                return;
              }
              writer_.add_data(std::string_view(buf.get(), len), hash.get());
            });
          },
      .stop = [this] { return failed() || (stop_ && stop_()); },
  };
  const StreamedCopy s = stream_copy_pieces(declared, k_copy_piece_bytes, io);
  const CopyStatus st = streamed_copy_status(s, declared < *r.size, cap_reason);
  const bool stored = s.stored > 0;
  const std::size_t line_bytes = path.size() + link.size();
  enqueue(line_bytes, [this, path = std::move(path), kind = std::string(kind), st, why = std::string(why), link,
                       size = r.size, stored, declared, hash, t0 = r.t0, t1 = boottime_ns()] {
    ExeCopyLine l{.path = path,
                  .kind = kind,
                  .status = st.status,
                  .reason = st.reason,
                  .why = why,
                  .link = link,
                  .size = size,
                  .t0 = t0,
                  .t1 = t1};
    char sha[64];
    if (stored) {
      std::uint64_t zeros = 0;
      if (!writer_.finish_file(hash.get(), zeros)) {
        return;  // the output is dead: nothing more is recorded
      }
      manifest_.count_member();
      digest_hex(hash->finish(), sha);
      l.stored = true;
      l.bytes = declared;
      l.sha256 = std::string_view(sha, sizeof sha);
      l.padded = zeros;
    }
    manifest_.add_exe_copy(l);
    after_line();
  });
  return stored ? declared : 0;
}

}  // namespace procsnap::collector
