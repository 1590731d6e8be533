#include "procfs/proc_mounts.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_maps.hpp"
#include "procfs/proc_mountinfo.hpp"

namespace procsnap::procfs {

using memory_detail::finish_limited;
using memory_detail::warn_limited;

Parsed<std::vector<MountsEntry>> parse_proc_mounts(std::string_view text) {
  Parsed<std::vector<MountsEntry>> r;
  std::size_t suppressed = 0;
  std::size_t lineno = 0;
  memory_detail::for_each_line(text, [&](std::string_view line, std::size_t number) {
    lineno = number;
    bool truncated = false;
    const auto t = memory_detail::split_ws_max(line, 7, truncated);
    if (t.empty()) {
      warn_limited(r, suppressed, lineno, line, "empty line");
      return;
    }
    MountsEntry e;
    e.line = lineno;
    bool bad = false;
    if (t.size() > 0) e.source = decode_octal_escapes(t[0], bad);
    if (t.size() > 1) e.mount_point = decode_octal_escapes(t[1], bad);
    if (t.size() > 2) e.fs_type = decode_octal_escapes(t[2], bad);
    if (t.size() > 3) e.options = decode_octal_escapes(t[3], bad);
    if (t.size() > 4) {
      e.dump = parse_i64(t[4]);
      if (!e.dump) warn_limited(r, suppressed, lineno, line, "dump field: not a number");
    }
    if (t.size() > 5) {
      e.pass = parse_i64(t[5]);
      if (!e.pass) warn_limited(r, suppressed, lineno, line, "pass field: not a number");
    }
    if (t.size() < 6) {
      warn_limited(r, suppressed, lineno, line, "truncated: expected 6 fields");
    } else if (t.size() > 6 || truncated) {
      warn_limited(r, suppressed, lineno, line, "extra fields after the 6th: ignored");
    }
    if (bad) {
      warn_limited(r, suppressed, lineno, line, "backslash not followed by an octal escape: kept literally");
    }
    r.value.push_back(std::move(e));
  });
  finish_limited(r, suppressed);
  return r;
}

}  // namespace procsnap::procfs
