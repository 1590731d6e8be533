#include "procfs/proc_limits.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_util.hpp"

#include <utility>

namespace procsnap::procfs {

namespace {

constexpr std::pair<std::string_view, std::string_view> k_resources[] = {
    {"Max cpu time", "RLIMIT_CPU"},
    {"Max file size", "RLIMIT_FSIZE"},
    {"Max data size", "RLIMIT_DATA"},
    {"Max stack size", "RLIMIT_STACK"},
    {"Max core file size", "RLIMIT_CORE"},
    {"Max resident set", "RLIMIT_RSS"},
    {"Max processes", "RLIMIT_NPROC"},
    {"Max open files", "RLIMIT_NOFILE"},
    {"Max locked memory", "RLIMIT_MEMLOCK"},
    {"Max address space", "RLIMIT_AS"},
    {"Max file locks", "RLIMIT_LOCKS"},
    {"Max pending signals", "RLIMIT_SIGPENDING"},
    {"Max msgqueue size", "RLIMIT_MSGQUEUE"},
    {"Max nice priority", "RLIMIT_NICE"},
    {"Max realtime priority", "RLIMIT_RTPRIO"},
    {"Max realtime timeout", "RLIMIT_RTTIME"},
};

// A value column starts with a digit (even if it then fails to parse, e.g. overflows: that is reported on the
// value, not folded into the name) or is "unlimited".
bool is_value(std::string_view tok) { return tok == "unlimited" || (!tok.empty() && tok[0] >= '0' && tok[0] <= '9'); }

}  // namespace

Parsed<ProcLimits> parse_proc_limits(std::string_view text) {
  Parsed<ProcLimits> r;
  const auto lines = split_lines(text);
  if (lines.empty()) {
    r.warn(0, "", "empty limits file");
    return r;
  }
  std::size_t first = 0;
  if (lines[0].starts_with("Limit")) {
    first = 1;
  } else {
    r.warn(1, lines[0], "missing 'Limit Soft Limit Hard Limit Units' header");
  }
  for (std::size_t i = first; i < lines.size(); ++i) {
    const std::size_t line = i + 1;
    const std::string_view l = lines[i];
    const auto toks = split_ws(l);
    if (toks.empty()) {
      r.warn(line, l, "empty line");
      continue;
    }
    // The name is every token before the first value token (names hold no digits and never say "unlimited").
    std::size_t k = 0;
    while (k < toks.size() && !is_value(toks[k])) {
      ++k;
    }
    ProcLimit lim;
    lim.line = line;
    if (k == 0 || k >= toks.size()) {
      r.warn(line, l, "no soft limit value found (line ignored)");
      continue;
    }
    const std::size_t name_end = static_cast<std::size_t>(toks[k - 1].data() + toks[k - 1].size() - l.data());
    lim.name = std::string(detail::trim(l.substr(0, name_end)));
    for (const auto& [n, res] : k_resources) {
      if (n == lim.name) {
        lim.resource = std::string(res);
      }
    }
    const auto set = [&](std::string_view tok, std::optional<std::uint64_t>& v, bool& unl, const char* what) {
      if (tok == "unlimited") {
        unl = true;
      } else if (!(v = parse_u64(tok))) {
        r.warn(line, tok, std::string(what) + " limit: not 'unlimited' nor an unsigned number");
      }
    };
    set(toks[k], lim.soft, lim.soft_unlimited, "soft");
    if (k + 1 < toks.size()) {
      set(toks[k + 1], lim.hard, lim.hard_unlimited, "hard");
    } else {
      r.warn(line, l, "no hard limit (truncated line)");
    }
    if (k + 2 < toks.size()) {
      lim.units = std::string(toks[k + 2]);
    }
    if (k + 3 < toks.size()) {
      r.warn(line, l, "extra fields after units (ignored)");
    }
    r.value.limits.push_back(std::move(lim));
  }
  return r;
}

}  // namespace procsnap::procfs
