#include "procfs/system_diskstats.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Diskstats> parse_system_diskstats(std::string_view text) {
  Parsed<Diskstats> r;
  ColumnCursor lines(text, 3 + k_diskstats_fields);
  for (ColumnLine in; lines.next(in);) {
    const auto& [ln, line, tok, total] = in;
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    Diskstat d;
    d.line = ln;
    d.major = parse_u64(tok[0]);
    if (tok.size() > 1) {
      d.minor = parse_u64(tok[1]);
    }
    if (!d.major && !d.minor && tok.size() < 3) {
      skip_line(r, ln, line, "neither major/minor numbers nor a device name");
      continue;
    }
    if (!d.major || !d.minor) {
      warn_capped(r, ln, line, "major/minor are not unsigned numbers");
    }
    if (tok.size() > 2) {
      d.name = bounded_name(r, ln, line, tok[2], "device name");
    }
    const std::size_t n = total < 3 ? 0 : total - 3;
    if (n != 11 && n != 15 && n != 17) {
      warn_capped(r, ln, line, "expected 11, 15 or 17 counters, found " + std::to_string(n));
    }
    bool bad = false;
    for (std::size_t k = 0; k < k_diskstats_fields && k < n; ++k) {
      d.fields[k] = parse_u64(tok[k + 3]);
      if (!d.fields[k] && !bad) {
        bad = true;
        warn_capped(r, ln, line, std::string(k_diskstats_names[k]) + " is not an unsigned 64-bit number");
      }
    }
    r.value.disks.push_back(std::move(d));
  }
  return r;
}

}  // namespace procsnap::procfs
