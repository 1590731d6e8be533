#pragma once
// Helpers shared by the system-wide /proc parsers (system_*.cpp): a diagnostic cap, the rule for which lines become
// records, bounds on what a record keeps, strict decimal fractions, UTF-8 validation (from common/) and the
// "Key: value" splitter. No I/O, no exceptions. (The two per-byte loops are in system_common.cpp, compiled
// with the library's optimisation whatever includes this header.)
//
// Which lines become records. A member comes from a host that may be compromised: it can be a million lines of
// noise ("?\n" a million times is 2 MB). A line becomes a record only when its key parses: the field(s) saying
// what the line describes, in the form the kernel prints them. A line without its key gets one capped diagnostic
// ending in "line skipped" and no record, so noise costs the capped diagnostics and nothing else (the raw member
// keeps every byte). A line with its key keeps its record, each unparsable field absent (NULL) with a diagnostic:
// that is evidence of what the host showed. The keys:
//   a number first    diskstats, partitions: major, minor or the device name; devices, misc: the number or the
//                     driver name after it; keys: the hex serial; locks: the "N:" ordinal; sysvipc: the key
//                     column (the first)
//   a name + shape    a free-form name counts only with what the kernel prints around it, since a lone token
//                     cannot be told from noise: modules: the name and its size; swaps: the file name and its
//                     type; filesystems: the name after the kernel's tab; cpuinfo, meminfo, interrupts, softirqs:
//                     the name before a ':'; buddyinfo: "Node N, zone NAME"; pressure: "some" or "full"
//   an identifier     names from a fixed kernel table are C identifiers: vmstat counters (and zoneinfo's lines
//                     without ':'), cgroup controllers, the 2.4-era /proc/stat lines ("page", "swap", "disk_io:")
// A line with every column the kernel prints keeps its record even when its key is damaged (keys, locks, modules):
// a whole line is evidence of that line, a fragment is not.
// The /proc/net parsers with a row per line follow the same rule (net_common.hpp skip_line): tcp/udp/raw, unix,
// packet, netlink need their first column; if_inet6 its address (or a whole line); ipv6_route its destination or
// prefix length (or a whole line); arp and route their first column with the one after it.
// Not line-keyed: /proc/cmdline (every blank-separated token is a parameter the kernel hands on; bounded by
// k_cmdline_max_params instead) and the one-record files (loadavg, uptime, version, sysctl values).
// What a record keeps of a line is bounded too: names at k_system_name_max, free text at k_system_text_max, per-CPU
// values at k_system_max_cpus (each longer than anything the kernel prints; the diagnostic says so, the raw member
// keeps the bytes), and fixed-column lines are tokenised only as far as their columns go (split_ws_first).
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/numbers.hpp"
#include "procsnap/common/text.hpp"
#include "procfs/parse_result.hpp"
#include "procfs/proc_util.hpp"

namespace procsnap::procfs {

/// A hostile file can have millions of bad lines; past this many diagnostics a parser records one
/// "further diagnostics suppressed" line and stays quiet, so import_issues stays bounded.
inline constexpr std::size_t k_system_max_diagnostics = 100;

template <class T>
void warn_capped(Parsed<T>& r, std::size_t line, std::string_view excerpt, std::string message) {
  if (r.diagnostics.size() < k_system_max_diagnostics) {
    r.warn(line, excerpt, std::move(message));
  } else if (r.diagnostics.size() == k_system_max_diagnostics) {
    r.warn(0, {}, "too many diagnostics: further ones suppressed");
  }
}

/// A line without its key (see the rule at the top): one capped diagnostic, no record.
template <class T>
void skip_line(Parsed<T>& r, std::size_t line, std::string_view excerpt, std::string_view why) {
  if (r.diagnostics.size() > k_system_max_diagnostics) {
    return;  // capped already: a flood of noise costs no message per line
  }
  warn_capped(r, line, excerpt, std::string(why) + ": not a record, line skipped");
}

/// Longest name a record keeps (module, disk, device, filesystem, controller, zone, key type, counter). The kernel's
/// own limits are far below it (MODULE_NAME_LEN 56, DISK_NAME_LEN 32, a key type 9 as printed).
inline constexpr std::size_t k_system_name_max = 256;
/// Longest free text a record keeps (a key's description, a cpuinfo value, the rest of an unknown /proc/stat line):
/// a key description is at most 4095 bytes (KEY_MAX_DESC_SIZE), cpuinfo's "flags" about 2 KiB.
inline constexpr std::size_t k_system_text_max = 64 * 1024;
/// Most per-CPU values a line keeps (interrupts, softirqs): NR_CPUS is at most 8192 on any architecture.
inline constexpr std::size_t k_system_max_cpus = 16384;

/// `s` as a record keeps it: whole up to `max` bytes, else cut there (at a code point) with a diagnostic naming
/// `what` — longer than the kernel prints, so not what it wrote; the raw member keeps all of it.
template <class T>
[[nodiscard]] std::string bounded(Parsed<T>& r, std::size_t line, std::string_view excerpt, std::string_view s,
                                  std::string_view what, std::size_t max) {
  if (s.size() <= max) {
    return std::string(s);
  }
  warn_capped(r, line, excerpt,
              std::string(what) + " longer than " + std::to_string(max) + " bytes: cut (the raw member keeps it)");
  return std::string(s.substr(0, common::text::cut_at_code_point(s, max)));
}

template <class T>
[[nodiscard]] std::string bounded_name(Parsed<T>& r, std::size_t line, std::string_view excerpt, std::string_view s,
                                       std::string_view what) {
  return bounded(r, line, excerpt, s, what, k_system_name_max);
}

template <class T>
[[nodiscard]] std::string bounded_text(Parsed<T>& r, std::size_t line, std::string_view excerpt, std::string_view s,
                                       std::string_view what) {
  return bounded(r, line, excerpt, s, what, k_system_text_max);
}

/// True for a C identifier's characters ([A-Za-z0-9_], at least one), as the kernel's fixed name tables are.
[[nodiscard]] bool is_identifier(std::string_view s);

/// The first `max` blank-separated tokens of `line` (as split_ws() splits it); `total` is how many the line has in
/// all. Fixed-column parsers use it so that a 10 MB line of one-byte tokens is not 5 million views (80 MB).
[[nodiscard]] std::vector<std::string_view> split_ws_first(std::string_view line, std::size_t max, std::size_t& total);

/// One line of a blank-separated column file: its number, its text, its first tokens and how many it has in all.
struct ColumnLine {
  std::size_t no = 0;
  std::string_view text;
  std::vector<std::string_view> tok;  ///< at most the cursor's `max` tokens
  std::size_t total = 0;              ///< every token of the line
};

/// Walks a column file line by line (LineCursor), tokenising each line only as far as `max` tokens (split_ws_first):
/// the first step of every fixed-column system parser.
///   ColumnCursor lines(text, 4);
///   for (ColumnLine in; lines.next(in);) {
///     const auto& [ln, line, tok, total] = in;
class ColumnCursor {
 public:
  ColumnCursor(std::string_view text, std::size_t max) : lines_(text), max_(max) {}
  bool next(ColumnLine& out) {
    if (!lines_.next(out.text, out.no)) {
      return false;
    }
    out.tok = split_ws_first(out.text, max_, out.total);
    return true;
  }

 private:
  LineCursor lines_;
  std::size_t max_;
};

/// Non-negative decimal fraction as the kernel prints it ("0.05", "343.14", "12"): digits with at most one '.',
/// no sign, no exponent, no "inf"/"nan". nullopt otherwise.
[[nodiscard]] inline std::optional<double> parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > 64) {
    return std::nullopt;
  }
  bool dot = false;
  bool digit = false;
  for (const char c : s) {
    if (c == '.') {
      if (dot) {
        return std::nullopt;
      }
      dot = true;
    } else if (c >= '0' && c <= '9') {
      digit = true;
    } else {
      return std::nullopt;
    }
  }
  if (!digit) {
    return std::nullopt;
  }
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::fixed);
  if (ec != std::errc{} || p != s.data() + s.size()) {
    return std::nullopt;
  }
  return v;
}

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF): the one decoder in
/// procsnap/common/text.hpp.
using common::text::is_valid_utf8;

/// Strips spaces and tabs at both ends (detail::trim, under the name the system parsers use).
[[nodiscard]] inline std::string_view trim_ws(std::string_view s) { return detail::trim(s); }

/// Removes exactly one trailing '\n' (single-value files such as /proc/version and /proc/sys/* end with one).
[[nodiscard]] inline std::string_view chomp(std::string_view s) {
  if (!s.empty() && s.back() == '\n') {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace procsnap::procfs
