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

std::optional<std::string_view> exe_copy_why(std::string_view link, CopyExe mode) {
  if (mode == CopyExe::none || link.empty()) {
    return std::nullopt;
  }
  // d_path() of a memfd is "/memfd:<name> (deleted)"; an unlinked file gets " (deleted)" appended. (A file really
  // named "x (deleted)" looks the same: copying it too is harmless.)
  if (link.starts_with("/memfd:")) {
    return "memfd";
  }
  if (link.ends_with(" (deleted)")) {
    return "deleted";
  }
  if (mode == CopyExe::all) {
    return "all";
  }
  return std::nullopt;
}

ExeRead read_exe(int pid_fd, std::uint64_t cap_bytes, const FuseDevs* fuse) {
  ExeRead r;
  r.t0 = boottime_ns();
  if (fuse && !fuse->empty()) {
    // The magic link jumps straight to the file's dentry (no lookup in its file system); AT_STATX_DONT_SYNC with
    // an empty mask makes fuse_getattr() answer from the cached inode (st_dev is the super block's), never with a
    // GETATTR request. A failure here is not final: the open below reports the real error.
    struct statx stx {};
    if (::statx(pid_fd, "exe", AT_STATX_DONT_SYNC | AT_NO_AUTOMOUNT, 0, &stx) == 0 &&
        fuse->contains(stx.stx_dev_major, stx.stx_dev_minor)) {
      r.fuse = true;
      r.t1 = boottime_ns();
      return r;
    }
  }
  // No O_NOFOLLOW: following this magic link is the point (it resolves to the running file, even unlinked or a
  // memfd). O_NONBLOCK: should it ever resolve to a FIFO, the open must not hang (and fstat refuses it below).
  const Fd fd(::openat(pid_fd, "exe", O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) {
    r.err = errno;
    r.t1 = boottime_ns();
    return r;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    r.err = errno;
    r.t1 = boottime_ns();
    return r;
  }
  r.size = static_cast<std::uint64_t>(st.st_size);
  if (fuse && fuse->contains(major(st.st_dev), minor(st.st_dev))) {
    r.fuse = true;
    r.t1 = boottime_ns();
    return r;
  }
  if (!S_ISREG(st.st_mode)) {
    r.regular = false;
    r.t1 = boottime_ns();
    return r;
  }
  const std::size_t cap =
      static_cast<std::size_t>(std::min<std::uint64_t>(cap_bytes, std::numeric_limits<std::size_t>::max() / 2));
  // st_size is right for a regular file, but the file may grow or shrink while we read: read to EOF regardless.
  const CappedRead c = read_fd_capped(fd.get(), cap, std::max<std::uint64_t>(*r.size, 64 * 1024), r.data);
  r.truncated = c.truncated;
  r.err = c.err;
  r.data.resize(c.size);
  r.t1 = boottime_ns();
  return r;
}

void Walker::capture_exe(int pid, int pid_fd, const std::string& exe_link, const FuseDevs* fuse) {
  const auto why = exe_copy_why(exe_link, cfg_.copy_exe);
  if (!cfg_.live || !why) {
    return;  // a relocated tree's exe is a plain symlink: never followed
  }
  // The read may block (an executable on a hung network or FUSE file system): it runs under the deadline, on a
  // dup of the pid directory fd that the job owns.
  auto dir = std::make_shared<Fd>(::fcntl(pid_fd, F_DUPFD_CLOEXEC, 0));
  auto res = std::make_shared<ExeRead>();
  const std::uint64_t cap = reader_.max_file_bytes();
  const std::uint64_t t0 = boottime_ns();
  BlockingRunner::Outcome out = BlockingRunner::Outcome::done;
  if (!dir->valid()) {
    res->err = errno;
    res->t0 = res->t1 = t0;
  } else {
    // The job owns its copy of the FUSE devices: an abandoned job may outlive this pid's.
    std::shared_ptr<const FuseDevs> devs = fuse ? std::make_shared<const FuseDevs>(*fuse) : nullptr;
    out = runner().run([dir, res, cap, devs] { *res = read_exe(dir->get(), cap, devs.get()); });
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
    if (r.fuse) {
      status = "skipped";
      reason = "fuse-backed";
    } else if (!r.regular) {
      status = "skipped";
      reason = "not-a-regular-file";
    } else if (r.err != 0) {
      status = errno_name(r.err);
      keep_data = !r.data.empty();  // an error after partial data: what was read is kept
    } else if (r.truncated) {
      status = "truncated";
      reason = "max-file-bytes";
      keep_data = true;
    } else {
      status = "ok";
      keep_data = true;
    }
  }
  if (!keep_data) {
    r.data.clear();
  }
  std::string path = "bin/" + std::to_string(pid) + "/exe";
  const std::size_t bytes = r.data.size() + path.size();
  enqueue(bytes, [this, path = std::move(path), status = std::move(status), reason = std::move(reason),
                  why = std::string(*why), link = exe_link, keep_data, size = r.size, data = std::move(r.data),
                  t0 = r.t0, t1 = r.t1] {
    ExeCopyLine l{
        .path = path, .status = status, .reason = reason, .why = why, .link = link, .size = size, .t0 = t0, .t1 = t1};
    char sha[64];
    if (keep_data) {
      if (!store_member(path, data, false, sha)) {
        return;
      }
      l.stored = true;
      l.bytes = data.size();
      l.sha256 = std::string_view(sha, sizeof sha);
    }
    manifest_.add_exe_copy(l);
    after_line();
  });
}

}  // namespace procsnap::collector
