#include "procfs/system_interrupts.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

std::optional<std::vector<std::int64_t>> parse_cpu_header(std::string_view line) {
  std::size_t total = 0;
  const auto tok = split_ws_first(line, k_system_max_cpus, total);
  if (tok.empty() || total > k_system_max_cpus) {
    return std::nullopt;
  }
  std::vector<std::int64_t> cpus;
  for (const auto t : tok) {
    if (t.substr(0, 3) != "CPU") {
      return std::nullopt;
    }
    const auto n = parse_i64(t.substr(3));
    if (!n || *n < 0) {
      return std::nullopt;
    }
    cpus.push_back(*n);
  }
  return cpus;
}

Parsed<Interrupts> parse_system_interrupts(std::string_view text) {
  Parsed<Interrupts> r;
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
      continue;  // seen in captured files (the prometheus fixture has one); carries nothing
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      skip_line(r, ln, line, "no ':' after the IRQ name");
      continue;
    }
    InterruptLine il;
    il.line = ln;
    il.irq = bounded_name(r, ln, line, trim_ws(line.substr(0, colon)), "IRQ name");
    // Walk the counts token by token so the description keeps its own spacing.
    std::string_view rest = line.substr(colon + 1);
    std::vector<std::optional<std::uint64_t>> nums;
    while (nums.size() < (ncpu == 0 ? k_system_max_cpus : ncpu)) {
      const std::string_view t = trim_ws(rest);
      if (t.empty()) {
        break;
      }
      const std::size_t end = std::min(t.find_first_of(" \t"), t.size());
      const auto n = parse_u64(t.substr(0, end));
      if (!n) {
        break;
      }
      nums.push_back(n);
      rest = t.substr(end);
    }
    const std::string_view desc = trim_ws(rest);
    if (!desc.empty()) {
      il.description = std::string(desc);
    }
    if (nums.size() == ncpu) {
      for (std::size_t k = 0; k < ncpu; ++k) {
        il.counts.push_back(IrqCount{r.value.cpus[k], nums[k]});
      }
    } else if (nums.size() == 1 && !il.description) {
      il.counts.push_back(IrqCount{std::nullopt, nums[0]});  // ERR, MIS: one system-wide count
    } else {
      warn_capped(r, ln, line,
                  "expected " + std::to_string(ncpu) + " per-CPU counts, found " + std::to_string(nums.size()));
      for (std::size_t k = 0; k < nums.size(); ++k) {
        il.counts.push_back(IrqCount{k < ncpu ? std::optional<std::int64_t>(r.value.cpus[k]) : std::nullopt, nums[k]});
      }
    }
    r.value.lines.push_back(std::move(il));
  }
  return r;
}

}  // namespace procsnap::procfs
