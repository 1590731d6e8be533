#include "procfs/system_keys.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Keys> parse_system_keys(std::string_view text) {
  Parsed<Keys> r;
  LineCursor lines(text);
  std::string_view line;
  std::size_t ln = 0;
  while (lines.next(line, ln)) {
    if (trim_ws(line).empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    // Walk the 8 fixed fields token by token; the description is the rest of the line, spacing kept.
    std::string_view rest = line;
    std::string_view f[8];
    std::size_t n = 0;
    for (; n < 8; ++n) {
      rest = trim_ws(rest);
      if (rest.empty()) {
        break;
      }
      const std::size_t end = std::min(rest.find_first_of(" \t"), rest.size());
      f[n] = rest.substr(0, end);
      rest = rest.substr(end);
    }
    Key k;
    k.line = ln;
    if (n > 0) {
      k.serial = parse_hex_u64(f[0]);
    }
    if (!k.serial && n < 8) {
      skip_line(r, ln, line, "no hex serial and not a whole key line");
      continue;
    }
    if (n < 8) {
      warn_capped(r, ln, line, "fewer than 8 fields before the description");
    }
    if (!k.serial) warn_capped(r, ln, line, "serial is not hex");
    if (n > 1) {
      k.flags = bounded_name(r, ln, line, f[1], "flags");
      if (f[1].size() != 7) warn_capped(r, ln, line, "flags are not 7 characters");
    }
    if (n > 2) {
      k.usage = parse_i64(f[2]);
      if (!k.usage) warn_capped(r, ln, line, "usage is not a number");
    }
    if (n > 3) k.timeout = bounded_name(r, ln, line, f[3], "timeout");
    if (n > 4) {
      k.perm = bounded_name(r, ln, line, f[4], "permission mask");
      if (!parse_hex_u64(f[4])) warn_capped(r, ln, line, "permission mask is not hex");
    }
    if (n > 5) {
      k.uid = parse_i64(f[5]);
      if (!k.uid) warn_capped(r, ln, line, "uid is not a number");
    }
    if (n > 6) {
      k.gid = parse_i64(f[6]);
      if (!k.gid) warn_capped(r, ln, line, "gid is not a number");
    }
    if (n > 7) k.type = bounded_name(r, ln, line, f[7], "type");
    if (n == 8) {
      // The type column is %-9.9s (padded to 9) plus one space; the description may itself start with blanks.
      std::string_view d = rest;
      std::size_t pad = f[7].size() < 9 ? 9 - f[7].size() + 1 : 1;
      while (pad > 0 && !d.empty() && d.front() == ' ') {
        d.remove_prefix(1);
        --pad;
      }
      k.description = bounded_text(r, ln, line, d, "description");
    }
    r.value.keys.push_back(std::move(k));
  }
  return r;
}

}  // namespace procsnap::procfs
