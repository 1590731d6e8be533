#include "tar_header.hpp"

#include <algorithm>
#include <cstring>

namespace procsnap::collector {

namespace {

// ustar field offsets and widths (POSIX.1-2001 "ustar Interchange Format").
constexpr std::size_t k_name = 0;
constexpr std::size_t k_mode = 100;
constexpr std::size_t k_uid = 108;
constexpr std::size_t k_gid = 116;
constexpr std::size_t k_size = 124;
constexpr std::size_t k_mtime = 136;
constexpr std::size_t k_chksum = 148;
constexpr std::size_t k_typeflag = 156;
constexpr std::size_t k_linkname = 157;
constexpr std::size_t k_magic = 257;
constexpr std::size_t k_devmajor = 329;
constexpr std::size_t k_devminor = 337;

/// Largest size an 11-digit octal field holds (8 GiB - 1).
constexpr std::uint64_t k_octal11_max = 077777777777ULL;
/// libarchive's pax writer gives any time from 2^31 - 1 on (2038-01-19) a pax 'mtime' record.
constexpr std::int64_t k_mtime_limit = 0x7fffffff;

bool plain_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

/// `digits` octal digits of `v`, zero-filled, at `at` (libarchive's format_octal: the caller checked the range).
void octal(TarBlock& b, std::size_t at, std::size_t digits, std::uint64_t v) {
  for (std::size_t i = digits; i-- > 0;) {
    b[at + i] = static_cast<char>('0' + (v & 7));
    v >>= 3;
  }
}

/// A 6-digit field as libarchive writes mode, uid, gid, devmajor and devminor: "000444 \0".
void octal6(TarBlock& b, std::size_t at, std::uint64_t v) {
  octal(b, at, 6, v);
  b[at + 6] = ' ';
  b[at + 7] = '\0';
}

/// An 11-digit field followed by a space, as libarchive writes size and mtime: "00000035333 ".
void octal11(TarBlock& b, std::size_t at, std::uint64_t v) {
  octal(b, at, 11, v);
  b[at + 11] = ' ';
}

}  // namespace

bool ustar_header(std::string_view path, TarType type, std::string_view target, std::uint64_t size,
                  std::int64_t mtime, TarBlock& out) {
  if (path.empty() || path.size() >= 100 || target.size() >= 100 || !plain_ascii(path) || !plain_ascii(target) ||
      size > k_octal11_max || mtime < 0 || mtime >= k_mtime_limit) {
    return false;
  }
  out.fill('\0');
  std::memcpy(out.data() + k_name, path.data(), path.size());
  octal6(out, k_mode, type == TarType::file ? 0444 : 0777);
  octal6(out, k_uid, 0);
  octal6(out, k_gid, 0);
  octal11(out, k_size, size);
  octal11(out, k_mtime, static_cast<std::uint64_t>(mtime));
  out[k_typeflag] = type == TarType::file ? '0' : '2';
  if (!target.empty()) {  // a file's target is an empty view, whose data() may be null (memcpy must not see it)
    std::memcpy(out.data() + k_linkname, target.data(), target.size());
  }
  std::memcpy(out.data() + k_magic, "ustar\0" "00", 8);
  octal6(out, k_devmajor, 0);
  octal6(out, k_devminor, 0);
  // The checksum: every byte as unsigned with the field itself read as spaces, written "013203\0 ".
  std::memset(out.data() + k_chksum, ' ', 8);
  std::uint64_t sum = 0;
  for (const char c : out) {
    sum += static_cast<unsigned char>(c);
  }
  octal(out, k_chksum, 6, sum);
  out[k_chksum + 6] = '\0';
  out[k_chksum + 7] = ' ';
  return true;
}

}  // namespace procsnap::collector
