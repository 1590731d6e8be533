#include "procfs/system_softirqs.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Softirqs> parse_system_softirqs(std::string_view text) {
  Parsed<Softirqs> r;
  const auto lines = split_lines(text);
  if (lines.empty()) {
    warn_capped(r, 0, {}, "empty file");
    return r;
  }
  if (auto cpus = parse_cpu_header(lines[0])) {
    r.value.cpus = std::move(*cpus);
  } else {
    warn_capped(r, 1, lines[0], "missing 'CPU0 CPU1 ...' header; counts are not attributed to CPUs");
  }
  const std::size_t ncpu = r.value.cpus.size();
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t ln = i + 1;
    const std::string_view line = lines[i];
    if (trim_ws(line).empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      warn_capped(r, ln, line, "no ':' after the softirq name");
      continue;
    }
    SoftirqLine sl;
    sl.line = ln;
    sl.name = std::string(trim_ws(line.substr(0, colon)));
    const auto tok = split_ws(line.substr(colon + 1));
    if (tok.size() != ncpu) {
      warn_capped(r, ln, line,
                  "expected " + std::to_string(ncpu) + " per-CPU counts, found " + std::to_string(tok.size()));
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
