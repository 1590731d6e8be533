#include "procfs/system_diskstats.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Diskstats> parse_system_diskstats(std::string_view text) {
  Parsed<Diskstats> r;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t ln = i + 1;
    const std::string_view line = lines[i];
    const auto tok = split_ws(line);
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
    if (!d.major || !d.minor) {
      warn_capped(r, ln, line, "major/minor are not unsigned numbers");
    }
    if (tok.size() > 2) {
      d.name = std::string(tok[2]);
    }
    const std::size_t n = tok.size() < 3 ? 0 : tok.size() - 3;
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
