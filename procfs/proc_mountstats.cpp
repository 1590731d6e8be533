#include "procfs/proc_mountstats.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_maps.hpp"
#include "procfs/proc_mountinfo.hpp"

namespace procsnap::procfs {

using memory_detail::finish_limited;
using memory_detail::warn_limited;

Parsed<std::vector<MountstatsEntry>> parse_proc_mountstats(std::string_view text) {
  Parsed<std::vector<MountstatsEntry>> r;
  std::size_t suppressed = 0;
  std::size_t lineno = 0;
  memory_detail::for_each_line(text, [&](std::string_view line, std::size_t number) {
    lineno = number;
    if (line.substr(0, 7) == "device ") {
      // "device X mounted on Y with fstype Z [statvers=V]": X, Y, Z never contain a raw space (escaped).
      bool truncated = false;
      const auto t = memory_detail::split_ws_max(line, 16, truncated);
      MountstatsEntry e;
      e.line = lineno;
      bool bad = false;
      const bool shape = t.size() >= 8 && t[2] == "mounted" && t[3] == "on" && t[5] == "with" && t[6] == "fstype";
      if (!shape) {
        warn_limited(r, suppressed, lineno, line, "header not of the form 'device X mounted on Y with fstype Z'");
      }
      if (t.size() > 1) e.device = decode_octal_escapes(t[1], bad);
      if (t.size() > 4) e.mount_point = decode_octal_escapes(t[4], bad);
      if (t.size() > 7) e.fs_type = decode_octal_escapes(t[7], bad);
      for (std::size_t i = 8; i < t.size(); ++i) {
        if (t[i].substr(0, 9) == "statvers=") {
          e.statvers = std::string(t[i].substr(9));
        } else {
          warn_limited(r, suppressed, lineno, line, "unexpected field after the fs type: ignored");
        }
      }
      if (truncated) {
        warn_limited(r, suppressed, lineno, line, "more than 16 fields: the rest is ignored");
      }
      if (bad) {
        warn_limited(r, suppressed, lineno, line, "backslash not followed by an octal escape: kept literally");
      }
      r.value.push_back(std::move(e));
      return;
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      return;  // the kernel ends each NFS block with an empty line
    }
    if (r.value.empty()) {
      warn_limited(r, suppressed, lineno, line, "statistics line before any 'device' header: dropped");
      return;
    }
    auto& stats = r.value.back().stats;
    if (!stats) {
      stats.emplace();
    } else {
      stats->push_back('\n');
    }
    stats->append(line);
  });
  finish_limited(r, suppressed);
  return r;
}

}  // namespace procsnap::procfs
