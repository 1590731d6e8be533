#include "procfs/system_softirqs.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Softirqs> parse_system_softirqs(std::string_view text) {
  Parsed<Softirqs> r;
  LineCursor lines(text);
  std::string_view line;
  std::size_t ln = 0;
  if (!lines.next(line, ln)) {
    warn_capped(r, 0, {}, "empty file");
    return r;
  }
  if (auto cpus = parse_cpu_header(line)) {
    r.value.cpus = std::move(*cpus);
  } else {
    warn_capped(r, 1, line, "missing 'CPU0 CPU1 ...' header; counts are not attributed to CPUs");
  }
  const std::size_t ncpu = r.value.cpus.size();
  while (lines.next(line, ln)) {
    if (trim_ws(line).empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      skip_line(r, ln, line, "no ':' after the softirq name");
      continue;
    }
    SoftirqLine sl;
    sl.line = ln;
    sl.name = bounded_name(r, ln, line, trim_ws(line.substr(0, colon)), "softirq name");
    std::size_t total = 0;
    const auto tok = split_ws_first(line.substr(colon + 1), k_system_max_cpus, total);
    if (total != ncpu) {
      warn_capped(r, ln, line,
                  "expected " + std::to_string(ncpu) + " per-CPU counts, found " + std::to_string(total));
    }
    if (total > tok.size()) {
      warn_capped(r, ln, line, "more than " + std::to_string(k_system_max_cpus) + " counts: the rest ignored");
    }
    bool bad = false;
    for (std::size_t k = 0; k < tok.size(); ++k) {
      const auto n = parse_u64(tok[k]);
      if (!n && !bad) {
        bad = true;
        warn_capped(r, ln, line, "count " + std::to_string(k) + " is not an unsigned 64-bit number");
      }
      sl.counts.push_back(IrqCount{k < ncpu ? std::optional<std::int64_t>(r.value.cpus[k]) : std::nullopt, n});
    }
    r.value.lines.push_back(std::move(sl));
  }
  return r;
}

}  // namespace procsnap::procfs
