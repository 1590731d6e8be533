#pragma once
// /proc/<pid>/statm: seven numbers, in pages: size resident shared text lib data dt (lib and dt are 0 since 2.6).
#include "procfs/parse_result.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace procsnap::procfs {

struct ProcStatm {
  std::optional<std::uint64_t> size;      ///< total program size (= VmSize), pages
  std::optional<std::uint64_t> resident;  ///< resident set (= VmRSS), pages
  std::optional<std::uint64_t> shared;    ///< resident file-backed + shmem pages (RssFile + RssShmem)
  std::optional<std::uint64_t> text;      ///< text (code), pages
  std::optional<std::uint64_t> lib;       ///< library, pages (always 0 since 2.6)
  std::optional<std::uint64_t> data;      ///< data + stack, pages
  std::optional<std::uint64_t> dt;        ///< dirty pages (always 0 since 2.6)
};

[[nodiscard]] Parsed<ProcStatm> parse_proc_statm(std::string_view text);

}  // namespace procsnap::procfs
