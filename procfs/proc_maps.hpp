#pragma once
// /proc/<pid>/maps (and the region header lines of smaps): one line per virtual memory area.
//
//   55a02ed36000-55a02ed38000 r--p 00000000 fe:00 247134                     /usr/bin/cat
//   start-end                 perms offset dev   inode                       path (optional)
//
// What the kernel guarantees (fs/proc/task_mmu.c, show_vma_header_prefix / show_map_vma):
// - start, end and offset are lower-case hex, at least 8 digits; dev is "%02x:%02x" (hex major:minor); inode
//   is decimal. Fields are separated by exactly one space.
// - When there is a path, the line is padded with spaces to column 72 (64-bit; 48 on 32-bit kernels) and one more
//   space follows, so a 64-bit path starts at byte 73 — which is how leading spaces of a file name are told from
//   padding (only possible on 64-bit layout; elsewhere leading spaces of a name are indistinguishable).
// - File paths are d_path() output with '\n' escaped as "\012"; backslashes are NOT escaped, so the escape is
//   ambiguous and the path is kept exactly as written (raw bytes, never decoded).
// - An unlinked file shows " (deleted)" appended; a file really named "x (deleted)" looks the same (ambiguity
//   inherent in the kernel's format).
// This parser is shared by the importer and the collector's memory-region selection (--mem), so every entry
// carries the numeric values and the classified kind, and a hostile line gives a diagnostic with partial values.
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

/// What backs a region, from its path column.
enum class MapPathKind {
  anon,         ///< no path: private or shared anonymous memory without a name
  file,         ///< "/..." a file that still exists (as far as the kernel said)
  deleted,      ///< "/... (deleted)" an unlinked file (not memfd / SysV / /dev/zero)
  memfd,        ///< "/memfd:NAME (deleted)" memfd_create() memory (name in MapsEntry::name)
  sysv_shm,     ///< "/SYSV%08x (deleted)" SysV shared memory segment
  dev_zero,     ///< "/dev/zero (deleted)" shared anonymous mapping (MAP_SHARED|MAP_ANONYMOUS)
  heap,         ///< "[heap]"
  stack,        ///< "[stack]" (the main thread's stack)
  stack_tid,    ///< "[stack:<tid>]" (kernels before 4.5 named thread stacks)
  vdso,         ///< "[vdso]"
  vvar,         ///< "[vvar]"
  vvar_vclock,  ///< "[vvar_vclock]" (6.13+)
  vsyscall,     ///< "[vsyscall]" (kernel address, readable only through emulation)
  anon_named,   ///< "[anon:NAME]" named by prctl(PR_SET_VMA_ANON_NAME) (name in MapsEntry::name)
  anon_shmem,   ///< "[anon_shmem:NAME]" named shared anonymous memory (6.2+)
  anon_inode,   ///< "anon_inode:NAME" a mapped anonymous-inode file (perf, DRM, io_uring, ...)
  pseudo,       ///< any other "[...]" name ([uprobes], [sigpage], [vectors], ...)
  other,        ///< anything else (a relative path: never written by the kernel)
};

/// Stable lower-case name of a kind, as stored in the database ("anon", "file", "memfd", ...).
[[nodiscard]] std::string_view map_path_kind_name(MapPathKind k);

/// One maps line. Fields that could not be parsed are nullopt (with a diagnostic); the text of the address
/// tokens is kept as written so a 17-digit or otherwise hostile address stays visible.
struct MapsEntry {
  std::size_t line = 0;                  ///< 1-based line in the file
  std::optional<std::uint64_t> start;    ///< first address of the region
  std::optional<std::uint64_t> end;      ///< address one past the region
  std::string start_hex;                 ///< start as written (raw token)
  std::string end_hex;                   ///< end as written (raw token)
  std::optional<std::string> perms;      ///< "rwxp"-style, 4 characters as written (checked, kept raw)
  std::optional<std::uint64_t> offset;   ///< file offset (hex in the file)
  std::optional<std::uint64_t> dev_major;  ///< device major (hex in the file)
  std::optional<std::uint64_t> dev_minor;  ///< device minor (hex in the file)
  std::optional<std::uint64_t> inode;    ///< inode number on that device (0 for anonymous)
  std::optional<std::string> path;       ///< path column exactly as written (raw bytes); nullopt when absent
  MapPathKind kind = MapPathKind::anon;  ///< classification of path
  bool deleted = false;                  ///< path ends in " (deleted)" (also true for memfd, SysV, /dev/zero)
  std::optional<std::string> name;       ///< memfd / [anon:] / [anon_shmem:] / anon_inode: name, [stack:] tid

  /// end - start when both are known and end >= start.
  [[nodiscard]] std::optional<std::uint64_t> size() const {
    if (start && end && *end >= *start) {
      return *end - *start;
    }
    return std::nullopt;
  }
  [[nodiscard]] bool readable() const { return perms && !perms->empty() && (*perms)[0] == 'r'; }
  [[nodiscard]] bool writable() const { return perms && perms->size() > 1 && (*perms)[1] == 'w'; }
  [[nodiscard]] bool executable() const { return perms && perms->size() > 2 && (*perms)[2] == 'x'; }
  /// 's' (MAP_SHARED) in the fourth column; false for 'p' (private, copy-on-write).
  [[nodiscard]] bool shared() const { return perms && perms->size() > 3 && (*perms)[3] == 's'; }
};

/// A "start-end" address range as written in maps lines and map_files/ names.
struct AddressRange {
  std::optional<std::uint64_t> start;
  std::optional<std::uint64_t> end;
  std::string start_hex;
  std::string end_hex;
};

/// Parses "start-end" (lower/upper-case hex, no sign). Appends problems (17+ digits, overflow, end < start,
/// empty range, missing '-') to `problems`; values that parsed are kept.
AddressRange parse_address_range(std::string_view token, std::vector<std::string>& problems);

/// Parses one maps line into `out` (out.line is left to the caller). Returns the problems found (empty when
/// the line is well formed). Never throws; partial values are kept.
std::vector<std::string> parse_maps_line(std::string_view line, MapsEntry& out);

/// Classifies a maps path column (raw, as written): sets kind, deleted and name of `out` from `path`.
void classify_map_path(std::string_view path, MapsEntry& out);

/// Parses a whole maps file. One entry per non-empty line, in file order.
[[nodiscard]] Parsed<std::vector<MapsEntry>> parse_proc_maps(std::string_view text);

/// Helpers shared by the maps/smaps/mount/fd parsers (a separate namespace so they never clash with other
/// parser groups' helpers).
namespace memory_detail {

/// Diagnostics beyond this many per file are counted and summarised in one last diagnostic, so a hostile file of
/// millions of bad lines can't make the importer hold millions of messages (the raw bytes stay in `members`).
inline constexpr std::size_t k_max_diagnostics = 100;

/// Appends a diagnostic unless `r` already holds k_max_diagnostics; counts the rest in `suppressed`.
template <class T>
void warn_limited(Parsed<T>& r, std::size_t& suppressed, std::size_t line, std::string_view excerpt,
                  std::string message) {
  if (r.diagnostics.size() < k_max_diagnostics) {
    r.warn(line, excerpt, std::move(message));
  } else {
    ++suppressed;
  }
}
/// Adds the "N more diagnostics suppressed" summary when anything was suppressed.
template <class T>
void finish_limited(Parsed<T>& r, std::size_t suppressed) {
  if (suppressed > 0) {
    r.warn(0, {}, std::to_string(suppressed) + " more diagnostics suppressed");
  }
}

/// Calls fn(line, 1-based number) for each '\n'-separated line without building a vector of lines (a file of
/// ten million empty lines must not cost ten million string_views). A trailing newline adds no empty line.
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  std::size_t number = 0;
  std::size_t b = 0;
  while (b < text.size()) {
    std::size_t e = text.find('\n', b);
    if (e == std::string_view::npos) {
      e = text.size();
    }
    fn(text.substr(b, e - b), ++number);
    b = e + 1;
  }
}

/// Like split_ws (runs of ' ' and '\t'), but keeps at most `max` tokens and sets `truncated` when more followed:
/// a hostile line of millions of one-byte fields must not cost a string_view (16 bytes) per two input bytes.
inline std::vector<std::string_view> split_ws_max(std::string_view s, std::size_t max, bool& truncated) {
  std::vector<std::string_view> out;
  truncated = false;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
      ++i;
    }
    const std::size_t b = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') {
      ++i;
    }
    if (i > b) {
      if (out.size() == max) {
        truncated = true;
        break;
      }
      out.push_back(s.substr(b, i - b));
    }
  }
  return out;
}

/// Field cap for mount-table lines: real lines have about a dozen fields (plus a few optional fields).
inline constexpr std::size_t k_max_fields = 1024;

}  // namespace memory_detail

}  // namespace procsnap::procfs
