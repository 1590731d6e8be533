#pragma once
// /proc/<pid>/io (and task/<tid>/io): I/O accounting, "key: value" lines (2.6.20+, CONFIG_TASK_IO_ACCOUNTING).
// The kernel keeps every counter as u64, but cancelled_write_bytes is kept signed here: the reference corpus
// (prometheus/procfs) holds a negative value and tools that read it as s64 exist; a value above INT64_MAX is
// reported with a diagnostic and stored as the two's-complement s64 (the kernel's own counter wrapped).
#include "procfs/parse_result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct ProcIo {
  std::optional<std::uint64_t> rchar;                 ///< bytes read via read(2)-like calls (incl. page cache)
  std::optional<std::uint64_t> wchar;                 ///< bytes written via write(2)-like calls
  std::optional<std::uint64_t> syscr;                 ///< read syscalls
  std::optional<std::uint64_t> syscw;                 ///< write syscalls
  std::optional<std::uint64_t> read_bytes;            ///< bytes fetched from storage
  std::optional<std::uint64_t> write_bytes;           ///< bytes sent to storage
  std::optional<std::int64_t> cancelled_write_bytes;  ///< dirtied then truncated before writeback
};

[[nodiscard]] Parsed<ProcIo> parse_proc_io(std::string_view text);

}  // namespace procsnap::procfs
