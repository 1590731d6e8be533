#pragma once
// The archive layout of schema/FORMAT.md ("Paths" and "Members"), as a pure check on one member path.
// The reader refuses any member whose path fails here, so nothing outside the documented layout reaches the
// database (and nothing is ever written to disk: members are streamed into memory).
#include <string>
#include <string_view>

namespace procsnap::importer {

/// What a member path names.
enum class MemberClass {
  header,          ///< procsnap/header.json
  manifest_chunk,  ///< procsnap/manifest/<6 digits>.jsonl
  trailer,         ///< procsnap/trailer.json
  proc_system,     ///< proc/<name>[/<name>...] (first component not a pid)
  proc_pid,        ///< proc/<pid>/... (including task/<tid>/...)
  mem_region,      ///< mem/<pid>/<start>-<end>
  mem_frames,      ///< mem/<pid>/frames/<start>-<end>
  bin_exe,         ///< bin/<pid>/exe
  bin_fd,          ///< bin/<pid>/fd/<n>
};

struct PathCheck {
  bool ok = false;
  MemberClass cls = MemberClass::proc_system;
  std::string error;  ///< why the path was refused (empty when ok)
};

inline constexpr std::size_t k_max_path_bytes = 4096;

/// Checks `path` against FORMAT.md: relative, '/'-separated, no '.'/'..'/empty components, no NUL, no backslash,
/// no control bytes, at most 4096 bytes, and inside the documented layout.
[[nodiscard]] PathCheck check_member_path(std::string_view path);

/// A decimal id as the format writes it: digits, no leading zero, fits in int64 (at most 18 digits).
[[nodiscard]] bool is_format_id(std::string_view s);

}  // namespace procsnap::importer
