#pragma once
// /proc/<pid>/fdinfo/<n> (fs/proc/fd.c seq_show, then the file's show_fdinfo):
//   pos:    <file position, signed decimal>
//   flags:  <f_flags | O_CLOEXEC if close-on-exec, octal with a leading 0>
//   mnt_id: <mount id, see mountinfo>
//   ino:    <inode number> (5.11+)
// then type-specific lines: "eventfd-count: N", "tfd: N events: ... data: ..." (epoll), "inotify wd:N ino:..."
// (inotify), "fanotify ...", "sigmask: ..." (signalfd), "clockid:/ticks:/settime flags:/it_value:/it_interval:"
// (timerfd), "lock: ..." (file locks), "pos/flags/..." of pidfd ("Pid:", "NSpid:"), drm, io_uring, bpf ...
// Those are kept as ordered key/value rows.
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

/// A type-specific line. key: text before the first ':' ("eventfd-count", "tfd", "settime flags"), except that
/// "inotify ..." and "fanotify ..." lines use that first word; value: the rest, trimmed, as written.
struct FdinfoKv {
  std::size_t line = 0;
  std::string key;
  std::string value;
};

struct Fdinfo {
  std::optional<std::int64_t> pos;      ///< file position (loff_t)
  std::optional<std::string> flags_raw; ///< flags exactly as written (octal text)
  std::optional<std::uint64_t> flags;   ///< flags value
  std::optional<std::int64_t> mnt_id;   ///< mount id of the file's mount (joins proc_mountinfo.mount_id)
  std::optional<std::uint64_t> ino;     ///< inode number (5.11+)
  std::vector<FdinfoKv> extra;          ///< every other line, in order
};

[[nodiscard]] Parsed<Fdinfo> parse_fdinfo(std::string_view text);

/// "O_RDONLY", "O_WRONLY", "O_RDWR" or "O_ACCMODE" (3: used by some drivers for ioctl-only opens).
[[nodiscard]] std::string_view open_access_mode_name(std::uint64_t flags);
/// The other O_* bits set in `flags`, '|'-joined in ascending bit order ("O_NONBLOCK|O_CLOEXEC"); unknown bits
/// as "0x<hex>". Values are the asm-generic ones used by x86, x86_64 and arm64 (alpha, mips, parisc, sparc and
/// powerpc differ for some bits; the raw flags are always kept).
[[nodiscard]] std::string open_flag_names(std::uint64_t flags);

}  // namespace procsnap::procfs
