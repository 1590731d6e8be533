#include "procfs/system_stat.hpp"

#include <array>
#include <string>

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

std::optional<std::string_view> softirq_name(std::size_t index) {
  static constexpr std::array<std::string_view, 10> k_names = {"HI",       "TIMER",   "NET_TX", "NET_RX",  "BLOCK",
                                                               "IRQ_POLL", "TASKLET", "SCHED",  "HRTIMER", "RCU"};
  if (index >= k_names.size()) {
    return std::nullopt;
  }
  return k_names[index];
}

namespace {

// Parses "intr"/"softirq" style lines: a total then per-item counters.
void parse_counters(Parsed<SystemStat>& r, std::size_t ln, std::string_view line,
                    const std::vector<std::string_view>& tok, std::optional<std::uint64_t>& total,
                    std::vector<std::optional<std::uint64_t>>& items) {
  if (tok.size() < 2) {
    warn_capped(r, ln, line, "missing total");
    return;
  }
  total = parse_u64(tok[1]);
  if (!total) {
    warn_capped(r, ln, line, "total is not an unsigned 64-bit number");
  }
  bool bad = false;
  items.reserve(tok.size() - 2);
  for (std::size_t k = 2; k < tok.size(); ++k) {
    items.push_back(parse_u64(tok[k]));
    if (!items.back() && !bad) {
      bad = true;  // one diagnostic per line is enough
      warn_capped(r, ln, line, "counter " + std::to_string(k - 2) + " is not an unsigned 64-bit number");
    }
  }
}

void parse_scalar(Parsed<SystemStat>& r, std::size_t ln, std::string_view line,
                  const std::vector<std::string_view>& tok, std::optional<std::uint64_t>& out, bool& seen) {
  if (seen) {
    warn_capped(r, ln, line, "duplicate key; first value kept");
    return;
  }
  seen = true;
  if (tok.size() < 2) {
    warn_capped(r, ln, line, "missing value");
    return;
  }
  out = parse_u64(tok[1]);
  if (!out) {
    warn_capped(r, ln, line, "value is not an unsigned 64-bit number");
  }
  if (tok.size() > 2) {
    warn_capped(r, ln, line, "extra fields ignored");
  }
}

void parse_cpu(Parsed<SystemStat>& r, std::size_t ln, std::string_view line, const std::vector<std::string_view>& tok) {
  StatCpu c;
  c.line = ln;
  if (tok[0].size() > 3) {
    c.cpu = bounded_name(r, ln, line, tok[0], "cpu name");
    c.index = parse_i64(tok[0].substr(3));
    if (!c.index || *c.index < 0) {
      c.index.reset();
      warn_capped(r, ln, line, "cpu number is not a number");
    }
  }
  std::array<std::optional<std::uint64_t>*, 10> fields = {&c.user, &c.nice,    &c.system, &c.idle,  &c.iowait,
                                                          &c.irq,  &c.softirq, &c.steal,  &c.guest, &c.guest_nice};
  const std::size_t n = tok.size() - 1;
  if (n < 4) {
    // Every kernel since 2.4 prints at least user nice system idle.
    warn_capped(r, ln, line, "fewer than 4 time columns");
  }
  if (n > fields.size()) {
    warn_capped(r, ln, line, "extra time columns ignored");
  }
  for (std::size_t k = 0; k < fields.size() && k < n; ++k) {
    *fields[k] = parse_u64(tok[k + 1]);
    if (!*fields[k]) {
      warn_capped(r, ln, line, "time column " + std::to_string(k + 1) + " is not an unsigned 64-bit number");
    }
  }
  r.value.cpus.push_back(std::move(c));
}

}  // namespace

Parsed<SystemStat> parse_system_stat(std::string_view text) {
  Parsed<SystemStat> r;
  LineCursor lines(text);
  std::string_view line;
  std::size_t ln = 0;
  // A repeated line must not overwrite the first one, even when the first did not parse.
  bool seen_intr = false, seen_softirq = false, seen_ctxt = false, seen_btime = false, seen_processes = false,
       seen_running = false, seen_blocked = false;
  while (lines.next(line, ln)) {
    const auto tok = split_ws(line);
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    const std::string_view key = tok[0];
    SystemStat& s = r.value;
    if (key.substr(0, 3) == "cpu") {
      parse_cpu(r, ln, line, tok);
    } else if (key == "intr") {
      if (seen_intr) {
        warn_capped(r, ln, line, "duplicate key; first value kept");
      } else {
        seen_intr = true;
        parse_counters(r, ln, line, tok, s.intr_total, s.intr);
      }
    } else if (key == "softirq") {
      if (seen_softirq) {
        warn_capped(r, ln, line, "duplicate key; first value kept");
      } else {
        seen_softirq = true;
        parse_counters(r, ln, line, tok, s.softirq_total, s.softirq);
      }
    } else if (key == "ctxt") {
      parse_scalar(r, ln, line, tok, s.ctxt, seen_ctxt);
    } else if (key == "btime") {
      parse_scalar(r, ln, line, tok, s.btime, seen_btime);
    } else if (key == "processes") {
      parse_scalar(r, ln, line, tok, s.processes, seen_processes);
    } else if (key == "procs_running") {
      parse_scalar(r, ln, line, tok, s.procs_running, seen_running);
    } else if (key == "procs_blocked") {
      parse_scalar(r, ln, line, tok, s.procs_blocked, seen_blocked);
    } else if (is_identifier(key.back() == ':' ? key.substr(0, key.size() - 1) : key)) {
      // Not an error: 2.4-era kernels print page/swap/disk_io: lines. Kept verbatim.
      const std::size_t at = line.find(key) + key.size();
      s.other.push_back(StatOther{ln, bounded_name(r, ln, line, key, "key"),
                                  bounded_text(r, ln, line, trim_ws(line.substr(at)), "value")});
    } else {
      skip_line(r, ln, line, "key is not an identifier");
    }
  }
  return r;
}

}  // namespace procsnap::procfs
