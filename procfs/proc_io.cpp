#include "procfs/proc_io.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_util.hpp"

#include <array>

namespace procsnap::procfs {

Parsed<ProcIo> parse_proc_io(std::string_view text) {
  Parsed<ProcIo> r;
  ProcIo& s = r.value;
  const std::array<std::pair<std::string_view, std::optional<std::uint64_t> ProcIo::*>, 6> u_fields{{
      {"rchar", &ProcIo::rchar},
      {"wchar", &ProcIo::wchar},
      {"syscr", &ProcIo::syscr},
      {"syscw", &ProcIo::syscw},
      {"read_bytes", &ProcIo::read_bytes},
      {"write_bytes", &ProcIo::write_bytes},
  }};
  const auto lines = split_lines(text);
  if (lines.empty()) {
    r.warn(0, "", "empty io file");
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t line = i + 1;
    const std::string_view l = lines[i];
    const std::size_t colon = l.find(':');
    if (colon == std::string_view::npos) {
      r.warn(line, l, "no ':' separator (line ignored)");
      continue;
    }
    const std::string_view key = detail::trim(l.substr(0, colon));
    const std::string_view value = detail::trim(l.substr(colon + 1));
    bool known = false;
    for (const auto& [name, field] : u_fields) {
      if (name == key) {
        known = true;
        if (s.*field) {
          r.warn(line, l, "duplicate key (first kept)");
        } else if (!(s.*field = parse_u64(value))) {
          r.warn(line, l, std::string(key) + ": not an unsigned number");
        }
      }
    }
    if (key == "cancelled_write_bytes") {
      known = true;
      if (s.cancelled_write_bytes) {
        r.warn(line, l, "duplicate key (first kept)");
      } else if (auto v = parse_i64(value)) {
        s.cancelled_write_bytes = v;
      } else if (auto u = parse_u64(value)) {
        s.cancelled_write_bytes = static_cast<std::int64_t>(*u);
        r.warn(line, l, "cancelled_write_bytes above INT64_MAX: stored as its two's-complement signed value");
      } else {
        r.warn(line, l, "cancelled_write_bytes: not a number");
      }
    }
    if (!known) {
      r.warn(line, l, "unknown key " + detail::quote(key) + " (ignored)");
    }
  }
  return r;
}

}  // namespace procsnap::procfs
