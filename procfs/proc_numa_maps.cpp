#include "procfs/proc_numa_maps.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_maps.hpp"
#include "procfs/proc_mountinfo.hpp"

#include <array>
#include <utility>

namespace procsnap::procfs {

using memory_detail::finish_limited;
using memory_detail::warn_limited;

Parsed<std::vector<NumaMapsEntry>> parse_proc_numa_maps(std::string_view text) {
  using E = NumaMapsEntry;
  static constexpr std::array<std::pair<std::string_view, std::optional<std::uint64_t> E::*>, 8> k_counters{{
      {"anon", &E::anon},
      {"dirty", &E::dirty},
      {"mapped", &E::mapped},
      {"mapmax", &E::mapmax},
      {"swapcache", &E::swapcache},
      {"active", &E::active},
      {"writeback", &E::writeback},
      {"kernelpagesize_kB", &E::kernelpagesize_kb},
  }};
  Parsed<std::vector<NumaMapsEntry>> r;
  std::size_t suppressed = 0;
  memory_detail::for_each_line(text, [&](std::string_view line, std::size_t lineno) {
    bool truncated = false;
    const auto t = memory_detail::split_ws_max(line, memory_detail::k_max_fields, truncated);
    if (t.empty()) {
      warn_limited(r, suppressed, lineno, line, "empty line");
      return;
    }
    NumaMapsEntry e;
    e.line = lineno;
    e.start_hex = std::string(t[0]);
    e.start = parse_hex_u64(t[0]);
    if (!e.start) {
      warn_limited(r, suppressed, lineno, line, "start address: not a hex number that fits 64 bits");
    } else if (t[0].size() > 16) {
      warn_limited(r, suppressed, lineno, line, "start address: more than 16 hex digits");
    }
    if (t.size() < 2) {
      warn_limited(r, suppressed, lineno, line, "truncated: no memory policy");
    } else {
      e.policy = std::string(t[1]);
    }
    if (truncated) {
      warn_limited(r, suppressed, lineno, line, "more than 1024 fields: the rest is ignored");
    }
    for (std::size_t i = 2; i < t.size(); ++i) {
      const std::string_view tok = t[i];
      if (tok == "heap") { e.heap = true; continue; }
      if (tok == "stack") { e.stack = true; continue; }
      if (tok == "huge") { e.huge = true; continue; }
      const std::size_t eq = tok.find('=');
      const std::string_view key = tok.substr(0, eq);
      const std::string_view val = eq == std::string_view::npos ? std::string_view{} : tok.substr(eq + 1);
      if (eq != std::string_view::npos && key == "file") {
        bool bad = false;
        e.file = decode_octal_escapes(val, bad);
        if (bad) {
          warn_limited(r, suppressed, lineno, line, "file: backslash not followed by an octal escape");
        }
        continue;
      }
      bool known = false;
      for (const auto& [name, member] : k_counters) {
        if (eq != std::string_view::npos && key == name) {
          known = true;
          e.*member = parse_u64(val);
          if (!(e.*member)) {
            warn_limited(r, suppressed, lineno, line, std::string(name) + ": not a number that fits 64 bits");
          }
        }
      }
      if (known) {
        continue;
      }
      const bool node = eq != std::string_view::npos && key.size() > 1 && key[0] == 'N' &&
                        parse_u64(key.substr(1)).has_value() && parse_u64(val).has_value();
      std::string& dst = node ? e.nodes : e.extra;
      if (!dst.empty()) {
        dst.push_back(' ');
      }
      dst.append(tok);
    }
    r.value.push_back(std::move(e));
  });
  finish_limited(r, suppressed);
  return r;
}

}  // namespace procsnap::procfs
