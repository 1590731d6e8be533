#pragma once
// The ustar header of an ordinary member, written without libarchive (schema/FORMAT.md "Container").
//
// Nearly every member of a capture is a short ASCII path (proc/<pid>/status, proc/<pid>/fd/3) with a short ASCII
// link target or none: for those, libarchive's pax-restricted writer emits one plain 512-byte ustar header, and
// it spent about 40 allocations per member doing so (entry clone, string conversions through iconv, pax attribute
// buffers): 540,000 calls for a 200-process capture. ustar_header() writes the same 512 bytes directly. Anything
// else (a long or non-ASCII name or target, a size or time ustar can't hold) is refused, and the archive writer
// hands that member to libarchive's pax writer, so every byte of the archive is what libarchive would have written
// (tests/collector/tar_header_test.cpp compares the two over names, targets and sizes at every boundary).
#include <array>
#include <cstdint>
#include <string_view>

namespace procsnap::collector {

/// A ustar header block.
using TarBlock = std::array<char, 512>;

/// What a member is: a regular file (typeflag '0', mode 0444) or a symlink ('2', mode 0777), as FORMAT.md fixes.
enum class TarType { file, symlink };

/// Fills `out` with the ustar header of a member owned by uid/gid 0 with no user or group names, byte for byte
/// as libarchive's pax-restricted writer does. False (and `out` unspecified) when that writer would add a pax
/// extended header instead: `path` or `target` not 1-99 bytes of printable ASCII (0x20-0x7e; `target` may be
/// empty), `size` of 8 GiB or more, or `mtime` before 1970 or from 2^31 - 1 (2038) on.
[[nodiscard]] bool ustar_header(std::string_view path, TarType type, std::string_view target, std::uint64_t size,
                                std::int64_t mtime, TarBlock& out);

/// Zero bytes that follow `size` bytes of member data up to the next 512-byte boundary.
[[nodiscard]] constexpr std::size_t tar_padding(std::uint64_t size) {
  return static_cast<std::size_t>((512 - size % 512) % 512);
}

}  // namespace procsnap::collector
