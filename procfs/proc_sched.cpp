#include "procfs/proc_sched.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_util.hpp"

namespace procsnap::procfs {

namespace {

void add(ProcSched& s, std::size_t line, std::string key, std::string_view value) {
  s.entries.push_back(ProcSchedEntry{line, std::move(key), std::string(value), parse_i64(value)});
}

// Splits "a=1, b=2" / "numa_faults node=0 task_private=0" into entries; tokens without '=' before the first
// pair form a prefix ("numa_faults"), and the first pair is part of the prefix when one exists
// ("numa_faults.node=0.task_private") so per-node lines keep distinct keys.
bool add_pairs(ProcSched& s, std::size_t line, std::string_view l) {
  std::vector<std::string_view> toks;
  for (auto t : split_ws(l)) {
    while (!t.empty() && t.back() == ',') {
      t.remove_suffix(1);
    }
    if (!t.empty()) {
      toks.push_back(t);
    }
  }
  std::string prefix;
  std::size_t i = 0;
  while (i < toks.size() && toks[i].find('=') == std::string_view::npos) {
    prefix += prefix.empty() ? "" : ".";
    prefix += toks[i];
    ++i;
  }
  if (i == toks.size()) {
    return false;
  }
  if (!prefix.empty() && i + 1 < toks.size()) {
    prefix += ".";
    prefix += toks[i];
    ++i;
  }
  for (; i < toks.size(); ++i) {
    const std::size_t eq = toks[i].find('=');
    if (eq == std::string_view::npos) {
      return false;
    }
    std::string key = prefix.empty() ? std::string() : prefix + ".";
    key += toks[i].substr(0, eq);
    add(s, line, std::move(key), toks[i].substr(eq + 1));
  }
  return true;
}

}  // namespace

Parsed<ProcSched> parse_proc_sched(std::string_view text) {
  Parsed<ProcSched> r;
  ProcSched& s = r.value;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t line = i + 1;
    const std::string_view l = lines[i];
    const std::string_view t = detail::trim(l);
    if (t.empty()) {
      continue;
    }
    if (i == 0) {
      // "comm (pid, #threads: n)": comm may hold spaces and parentheses, so take the last " (".
      const std::size_t open = l.rfind(" (");
      const std::size_t close = l.rfind(')');
      if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
        s.comm = std::string(l.substr(0, open));
        const std::string_view inner = l.substr(open + 2, close - open - 2);
        const std::size_t comma = inner.find(',');
        s.pid = parse_i64(detail::trim(inner.substr(0, comma)));
        const std::size_t colon = inner.find(':');
        if (colon != std::string_view::npos) {
          s.threads = parse_i64(detail::trim(inner.substr(colon + 1)));
        }
        if (!s.pid || !s.threads) {
          r.warn(line, l, "header: expected 'comm (pid, #threads: n)'");
        }
        continue;
      }
      r.warn(line, l, "header: expected 'comm (pid, #threads: n)'");
    }
    if (t.find_first_not_of('-') == std::string_view::npos) {
      continue;  // the separator line
    }
    // "%-45s:%21Ld": a key of 45+ characters leaves no space before the ':', so fall back to a bare ':' when the
    // line is not a list of k=v pairs.
    std::size_t colon = l.find(" : ");
    std::size_t skip = 3;
    if (colon == std::string_view::npos && l.find('=') == std::string_view::npos) {
      colon = l.find(':');
      skip = 1;
    }
    if (colon != std::string_view::npos) {
      add(s, line, std::string(detail::trim(l.substr(0, colon))), detail::trim(l.substr(colon + skip)));
      continue;
    }
    if (!add_pairs(s, line, t)) {
      r.warn(line, l, "neither 'key : value' nor 'k=v' pairs (line ignored)");
    }
  }
  if (lines.empty()) {
    r.warn(0, "", "empty sched file");
  }
  return r;
}

}  // namespace procsnap::procfs
