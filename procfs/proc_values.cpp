#include "procfs/proc_values.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_util.hpp"

#include <utility>

namespace procsnap::procfs {

namespace {

constexpr std::pair<std::string_view, ValueKind> k_kinds[] = {
    {"comm", ValueKind::text},
    {"setgroups", ValueKind::text},
    {"cpuset", ValueKind::text},
    {"wchan", ValueKind::text},
    {"coredump_filter", ValueKind::hex},
    {"personality", ValueKind::hex},
    {"loginuid", ValueKind::audit_id},
    {"sessionid", ValueKind::audit_id},
    {"oom_adj", ValueKind::decimal},
    {"oom_score", ValueKind::decimal},
    {"oom_score_adj", ValueKind::decimal},
    {"timerslack_ns", ValueKind::decimal},
    {"ksm_merging_pages", ValueKind::decimal},
};

std::string_view strip_end(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\0')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

ValueKind proc_value_kind(std::string_view file) {
  for (const auto& [n, k] : k_kinds) {
    if (n == file) {
      return k;
    }
  }
  return ValueKind::text;
}

Parsed<ProcValue> parse_proc_value(std::string_view text, ValueKind kind) {
  Parsed<ProcValue> r;
  ProcValue& v = r.value;
  // comm keeps its bytes exactly (a name may end with spaces); only the kernel's '\n' goes.
  const std::string_view body = detail::chomp(text);
  v.text = std::string(body);
  if (body.find('\n') != std::string_view::npos && kind != ValueKind::text) {
    r.warn(2, body.substr(body.find('\n') + 1), "more than one line in a single-value file");
  }
  if (kind == ValueKind::text) {
    return r;
  }
  const std::string_view num = detail::trim_all(body);
  if (text.empty()) {
    // The kernel prints nothing for some of these (coredump_filter of a kernel thread, which has no mm):
    // absent, not malformed.
    return r;
  }
  if (num.empty()) {
    r.warn(0, text, "empty file where a number was expected");
    return r;
  }
  std::optional<std::uint64_t> u;
  if (kind == ValueKind::hex) {
    u = parse_hex_u64(num);
  } else {
    if (auto i = parse_i64(num)) {
      v.number = i;
      if (kind == ValueKind::audit_id && *i == 4294967295) {
        v.number.reset();
        v.unset = true;
      }
      return r;
    }
    u = parse_u64(num);
  }
  if (!u) {
    r.warn(1, num, kind == ValueKind::hex ? "not a hexadecimal number" : "not a decimal number");
  } else if (*u > static_cast<std::uint64_t>(INT64_MAX)) {
    v.big = u;
  } else {
    v.number = static_cast<std::int64_t>(*u);
  }
  return r;
}

Parsed<std::vector<ProcKeyValue>> parse_proc_key_values(std::string_view text) {
  Parsed<std::vector<ProcKeyValue>> r;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t line = i + 1;
    const std::string_view l = detail::trim(lines[i]);
    if (l.empty()) {
      continue;
    }
    std::size_t sep = l.find(':');
    std::size_t value_at = sep + 1;
    if (sep == std::string_view::npos) {
      sep = l.find_first_of(" \t");
      value_at = sep;
    }
    if (sep == std::string_view::npos) {
      r.warn(line, l, "expected 'key: value' or 'key value'");
      r.value.push_back(ProcKeyValue{line, std::string(l), std::string(), std::nullopt});
      continue;
    }
    const std::string_view value = detail::trim(l.substr(value_at));
    r.value.push_back(
        ProcKeyValue{line, std::string(detail::trim(l.substr(0, sep))), std::string(value), parse_i64(value)});
  }
  return r;
}

Parsed<std::optional<std::string>> parse_proc_attr(std::string_view text) {
  Parsed<std::optional<std::string>> r;
  const std::string_view body = strip_end(text);
  if (!body.empty()) {
    r.value = std::string(body);
  }
  if (body.find('\n') != std::string_view::npos || body.find('\0') != std::string_view::npos) {
    r.warn(0, body, "LSM label spans several lines or holds a NUL");
  }
  return r;
}

Parsed<ProcAutogroup> parse_proc_autogroup(std::string_view text) {
  Parsed<ProcAutogroup> r;
  if (text.empty()) {
    return r;  // autogroup disabled (noautogroup / sysctl kernel.sched_autogroup_enabled=0): the file is empty
  }
  const auto toks = split_ws(detail::trim_all(text));
  if (toks.size() != 3 || toks[1] != "nice") {
    r.warn(1, text, "expected '/autogroup-<id> nice <n>'");
  }
  if (!toks.empty()) {
    r.value.name = std::string(toks[0]);
    constexpr std::string_view k_prefix = "/autogroup-";
    if (toks[0].starts_with(k_prefix)) {
      r.value.id = parse_i64(toks[0].substr(k_prefix.size()));
    }
  }
  if (toks.size() >= 3) {
    r.value.nice = parse_i64(toks[2]);
    if (!r.value.nice) {
      r.warn(1, toks[2], "nice: not a number");
    }
  }
  return r;
}

Parsed<std::vector<ProcTimensOffset>> parse_proc_timens_offsets(std::string_view text) {
  Parsed<std::vector<ProcTimensOffset>> r;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto toks = split_ws(lines[i]);
    if (toks.empty()) {
      continue;
    }
    ProcTimensOffset o;
    o.line = i + 1;
    o.clock = std::string(toks[0]);
    if (toks.size() > 1) {
      o.seconds = parse_i64(toks[1]);
    }
    if (toks.size() > 2) {
      o.nanoseconds = parse_i64(toks[2]);
    }
    if (toks.size() != 3 || !o.seconds || !o.nanoseconds) {
      r.warn(o.line, lines[i], "expected '<clock> <seconds> <nanoseconds>'");
    }
    r.value.push_back(std::move(o));
  }
  return r;
}

Parsed<std::vector<std::int64_t>> parse_proc_children(std::string_view text) {
  Parsed<std::vector<std::int64_t>> r;
  for (const auto tok : split_ws(detail::trim_all(text))) {
    if (auto v = parse_i64(tok)) {
      r.value.push_back(*v);
    } else {
      r.warn(1, tok, "child pid: not a number");
    }
  }
  return r;
}

}  // namespace procsnap::procfs
