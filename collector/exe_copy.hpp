#pragma once
// --copy-exe and --copy-fd: copies of files a process holds open, read through its magic links (schema/FORMAT.md
// "Memory regions and executable copies"):
// - bin/<pid>/exe: the executable, through /proc/<pid>/exe;
// - bin/<pid>/fd/<n>: the target of an open file descriptor that is a deleted regular file or a memfd, through
//   /proc/<pid>/fd/<n> (a log or payload unlinked while the process holds it open exists nowhere else).
// These magic links are the only ones the collector follows: the file may be unlinked (" (deleted)") or a memfd,
// so the copy through the link is the only way to keep it.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace procsnap::collector {

/// Which processes get their executable copied as bin/<pid>/exe.
enum class CopyExe { deleted, all, none };
[[nodiscard]] std::string_view to_string(CopyExe c);

/// Why `exe_link` (the raw readlink target of <pid>/exe) is copied under `mode`: "memfd" for "/memfd:..." (a memfd
/// link always ends in " (deleted)" too), "deleted" for "... (deleted)", "all" for anything else under
/// CopyExe::all; nullopt when it is not copied.
[[nodiscard]] std::optional<std::string_view> exe_copy_why(std::string_view exe_link, CopyExe mode);

/// Which open files get copied as bin/<pid>/fd/<n>.
enum class CopyFd { deleted, none };
[[nodiscard]] std::string_view to_string(CopyFd c);

/// Why the fd link target `fd_link` (raw readlink of <pid>/fd/<n>) is copied under `mode`: "memfd" for "/memfd:...",
/// "deleted" for a path ending " (deleted)" (an unlinked file; its type is checked before anything is opened: only
/// regular files are read); nullopt otherwise (sockets, pipes, anon inodes, files that still have a name).
[[nodiscard]] std::optional<std::string_view> fd_copy_why(std::string_view fd_link, CopyFd mode);

/// One read of a file through a magic link (<pid>/exe, <pid>/fd/<n>).
struct ExeRead {
  int err = 0;                          ///< errno of the open/fstat/read that failed (0: none)
  bool regular = true;                  ///< fstat said S_ISREG (false: nothing read)
  bool truncated = false;               ///< `cap` bytes stored and more were available
  bool fuse = false;                    ///< the file is on a FUSE device of `fuse`: not opened (or not read)
  std::optional<std::uint64_t> size{};  ///< st_size (nullopt when fstat did not run)
  std::uint64_t dev = 0;                ///< st_dev and st_ino of the file, when `size` is set (same-file checks)
  std::uint64_t ino = 0;
  std::optional<std::string> same_as{};  ///< --copy-fd: the member that already holds this file (nothing read)
  std::string data;                     ///< bytes read (up to cap; possibly partial when err != 0)
  std::uint64_t t0 = 0;
  std::uint64_t t1 = 0;
};

/// openat(pid_fd, "exe", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_NOCTTY) — deliberately without O_NOFOLLOW — then fstat
/// (regular files only) and read to EOF, at most `cap` bytes. Never writes; may block on a stuck file system
/// (callers run it under a deadline).
/// With `fuse`, the file's device is looked up first with statx(AT_STATX_DONT_SYNC, empty mask), which answers
/// from the inode without a request to a FUSE server (unlike open, which sends FUSE_OPEN, and read): a file on one
/// of those devices is neither opened nor read (`fuse` set). fstat after the open checks again (the link can change
/// in between through prctl(PR_SET_MM_EXE_FILE)).
class FuseDevs;
[[nodiscard]] ExeRead read_exe(int pid_fd, std::uint64_t cap, const FuseDevs* fuse = nullptr);

/// Files copied through fd links in this run: (st_dev, st_ino) -> the member that holds the copy. Shared with the
/// copy jobs (which run on the deadline worker), hence the lock.
class CopiedFiles {
 public:
  /// The member path that already holds (dev, ino); nullopt after recording `path` as the one that does.
  [[nodiscard]] std::optional<std::string> claim(std::uint64_t dev, std::uint64_t ino, const std::string& path);

 private:
  std::mutex m_;
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::string> paths_;
};

/// The same as read_exe for any magic link `name` relative to `dir_fd` ("exe", "fd/3"), with what --copy-fd adds
/// when `seen` is given: the statx before the open always runs, and a file it says is not regular is never opened
/// (opening a FIFO, even O_NONBLOCK, is seen by its writer; a device node's open runs driver code); a file already
/// copied in this run (same st_dev/st_ino in `seen`) is not opened either (`same_as` names the member holding it;
/// `path` is recorded as this file's member otherwise).
/// The open asks for O_NOATIME first (granted to the file's owner and to CAP_FOWNER) so that the copy leaves the
/// file's access time alone where it can, and falls back to a plain open on EPERM.
struct ReadLinkOptions {
  std::uint64_t cap = 0;
  const FuseDevs* fuse = nullptr;
  std::shared_ptr<CopiedFiles> seen{};
  std::string path{};  ///< the member path this copy would be stored as (for `seen`)
};
[[nodiscard]] ExeRead read_linked_file(int dir_fd, const char* name, const ReadLinkOptions& o);

}  // namespace procsnap::collector
