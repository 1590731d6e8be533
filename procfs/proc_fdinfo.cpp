#include "procfs/proc_fdinfo.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_maps.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace procsnap::procfs {

using memory_detail::finish_limited;
using memory_detail::warn_limited;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// include/uapi/asm-generic/fcntl.h (octal). O_SYNC is __O_SYNC|O_DSYNC; O_TMPFILE is __O_TMPFILE|O_DIRECTORY:
// the bits are named individually so every set bit is shown exactly once.
constexpr std::array<std::pair<std::uint64_t, std::string_view>, 17> k_open_flags{{
    {0100, "O_CREAT"},
    {0200, "O_EXCL"},
    {0400, "O_NOCTTY"},
    {01000, "O_TRUNC"},
    {02000, "O_APPEND"},
    {04000, "O_NONBLOCK"},
    {010000, "O_DSYNC"},
    {020000, "FASYNC"},
    {040000, "O_DIRECT"},
    {0100000, "O_LARGEFILE"},
    {0200000, "O_DIRECTORY"},
    {0400000, "O_NOFOLLOW"},
    {01000000, "O_NOATIME"},
    {02000000, "O_CLOEXEC"},
    {04000000, "__O_SYNC"},
    {010000000, "O_PATH"},
    {020000000, "__O_TMPFILE"},
}};

}  // namespace

std::string_view open_access_mode_name(std::uint64_t flags) {
  switch (flags & 3U) {
    case 0: return "O_RDONLY";
    case 1: return "O_WRONLY";
    case 2: return "O_RDWR";
    default: return "O_ACCMODE";
  }
}

std::string open_flag_names(std::uint64_t flags) {
  std::string out;
  std::uint64_t known = 3;
  for (const auto& [bit, name] : k_open_flags) {
    known |= bit;
    if ((flags & bit) != 0) {
      if (!out.empty()) out.push_back('|');
      out.append(name);
    }
  }
  const std::uint64_t unknown = flags & ~known;
  if (unknown != 0) {
    std::array<char, 20> buf{};
    const auto [p, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), unknown, 16);
    (void)ec;
    if (!out.empty()) out.push_back('|');
    out.append("0x").append(buf.data(), p);
  }
  return out;
}

Parsed<Fdinfo> parse_fdinfo(std::string_view text) {
  Parsed<Fdinfo> r;
  std::size_t suppressed = 0;
  std::size_t lineno = 0;
  // Whether each standard key appeared already (a value that failed to parse still counts).
  bool seen_pos = false, seen_flags = false, seen_mnt_id = false, seen_ino = false;
  memory_detail::for_each_line(text, [&](std::string_view line, std::size_t number) {
    lineno = number;
    if (trim(line).empty()) {
      return;
    }
    std::string_view key;
    std::string_view value;
    if (line.substr(0, 8) == "inotify " || line.substr(0, 9) == "fanotify ") {
      const std::size_t sp = line.find(' ');
      key = line.substr(0, sp);
      value = trim(line.substr(sp + 1));
    } else {
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) {
        warn_limited(r, suppressed, lineno, line, "line without ':': kept with an empty key");
        r.value.extra.push_back(FdinfoKv{lineno, {}, std::string(trim(line))});
        return;
      }
      key = line.substr(0, colon);
      value = trim(line.substr(colon + 1));
    }
    auto set_once = [&](bool& seen, auto& slot, auto parsed, std::string_view what) {
      if (seen) {
        warn_limited(r, suppressed, lineno, line, "duplicate " + std::string(what) + ": first kept");
        return;
      }
      seen = true;
      slot = parsed;
      if (!slot) {
        warn_limited(r, suppressed, lineno, line, std::string(what) + ": not a number that fits 64 bits");
      }
    };
    if (key == "pos") {
      set_once(seen_pos, r.value.pos, parse_i64(value), "pos");
    } else if (key == "flags") {
      if (!r.value.flags_raw) {
        r.value.flags_raw = std::string(value);
      }
      set_once(seen_flags, r.value.flags, parse_u64(value, 8), "flags (octal)");
    } else if (key == "mnt_id") {
      set_once(seen_mnt_id, r.value.mnt_id, parse_i64(value), "mnt_id");
    } else if (key == "ino") {
      set_once(seen_ino, r.value.ino, parse_u64(value), "ino");
    } else {
      r.value.extra.push_back(FdinfoKv{lineno, std::string(key), std::string(value)});
    }
  });
  if (!r.value.pos && !r.value.flags && lineno > 0) {
    warn_limited(r, suppressed, 0, text.substr(0, 80), "no pos or flags line");
  }
  finish_limited(r, suppressed);
  return r;
}

}  // namespace procsnap::procfs
