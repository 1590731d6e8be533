#pragma once
// --copy-exe: a copy of a process's executable, read through /proc/<pid>/exe (schema/FORMAT.md "Memory regions and
// executable copies"). The one magic link the collector follows: the file a process runs may be unlinked (" (deleted)")
// or a memfd that exists nowhere else, so the copy through the link is the only way to keep it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace procsnap::collector {

/// Which processes get their executable copied as bin/<pid>/exe.
enum class CopyExe { deleted, all, none };
[[nodiscard]] std::string_view to_string(CopyExe c);

/// Why `exe_link` (the raw readlink target of <pid>/exe) is copied under `mode`: "memfd" for "/memfd:..." (a memfd
/// link always ends in " (deleted)" too), "deleted" for "... (deleted)", "all" for anything else under
/// CopyExe::all; nullopt when it is not copied.
[[nodiscard]] std::optional<std::string_view> exe_copy_why(std::string_view exe_link, CopyExe mode);

/// One read of <pid>/exe.
struct ExeRead {
  int err = 0;                          ///< errno of the open/fstat/read that failed (0: none)
  bool regular = true;                  ///< fstat said S_ISREG (false: nothing read)
  bool truncated = false;               ///< `cap` bytes stored and more were available
  bool fuse = false;                    ///< the file is on a FUSE device of `fuse`: not opened (or not read)
  std::optional<std::uint64_t> size{};  ///< st_size (nullopt when fstat did not run)
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

}  // namespace procsnap::collector
