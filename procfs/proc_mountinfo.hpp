#pragma once
// /proc/<pid>/mountinfo (fs/proc_namespace.c, show_mountinfo):
//
//   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
//   (1)(2)(3)   (4)   (5)      (6)      (7)   (8) (9)   (10)         (11)
//
// (1) mount id (2) parent id (3) major:minor (decimal) (4) root (5) mount point (6) per-mount options
// (7) zero or more optional fields "tag[:value]" (shared:N, master:N, propagate_from:N, unbindable)
// (8) "-" separator (9) fs type (10) source (11) super-block options.
// The kernel escapes ' ', '\t', '\n' and '\\' in root, mount point, fs type and source (and ",= \t\n\\" inside
// options) as a backslash and three octal digits, so fields never contain a raw space: decode_octal_escapes()
// turns them back into bytes. Decoded values are raw bytes (may contain any byte, NUL included).
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

/// Decodes "\ooo" (three octal digits, value <= 0377) escapes. A backslash not followed by a valid escape is kept
/// literally and `bad` is set (the kernel always escapes a backslash, so a lone one is not kernel output).
[[nodiscard]] std::string decode_octal_escapes(std::string_view s, bool& bad);

struct MountinfoEntry {
  std::size_t line = 0;                       ///< 1-based line
  std::optional<std::int64_t> mount_id;       ///< (1) unique id of the mount
  std::optional<std::int64_t> parent_id;      ///< (2) id of the parent mount (self for the root of the tree)
  std::optional<std::uint64_t> dev_major;     ///< (3) st_dev major of files on this fs (decimal)
  std::optional<std::uint64_t> dev_minor;     ///< (3) st_dev minor
  std::optional<std::string> root;            ///< (4) root of the mount within its fs, decoded
  std::optional<std::string> mount_point;     ///< (5) mount point relative to the process root, decoded
  std::optional<std::string> mount_options;   ///< (6) per-mount options, decoded
  std::vector<std::string> optional_fields;   ///< (7) tokens as written ("shared:8", "master:1", ...)
  std::optional<std::int64_t> shared;         ///< shared:N peer group
  std::optional<std::int64_t> master;         ///< master:N peer group this mount is a slave of
  std::optional<std::int64_t> propagate_from; ///< propagate_from:N
  bool unbindable = false;                    ///< "unbindable" optional field present
  std::optional<std::string> fs_type;         ///< (9) "type[.subtype]", decoded
  std::optional<std::string> source;          ///< (10) device or "none", decoded
  std::optional<std::string> super_options;   ///< (11) super-block options, decoded
};

[[nodiscard]] Parsed<std::vector<MountinfoEntry>> parse_proc_mountinfo(std::string_view text);

}  // namespace procsnap::procfs
