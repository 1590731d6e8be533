#include "procfs/proc_stat.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_util.hpp"

#include <array>
#include <string>

namespace procsnap::procfs {

namespace {

// Fields 4..52 in file order; each names exactly one of the two member pointers (signed or unsigned).
struct FieldSpec {
  const char* name;
  std::optional<std::uint64_t> ProcStat::*u;
  std::optional<std::int64_t> ProcStat::*i;
};

using S = ProcStat;
constexpr std::array<FieldSpec, 49> k_fields{{
    {"ppid", nullptr, &S::ppid},
    {"pgrp", nullptr, &S::pgrp},
    {"session", nullptr, &S::session},
    {"tty_nr", nullptr, &S::tty_nr},
    {"tpgid", nullptr, &S::tpgid},
    {"flags", &S::flags, nullptr},
    {"minflt", &S::minflt, nullptr},
    {"cminflt", &S::cminflt, nullptr},
    {"majflt", &S::majflt, nullptr},
    {"cmajflt", &S::cmajflt, nullptr},
    {"utime", &S::utime, nullptr},
    {"stime", &S::stime, nullptr},
    {"cutime", nullptr, &S::cutime},
    {"cstime", nullptr, &S::cstime},
    {"priority", nullptr, &S::priority},
    {"nice", nullptr, &S::nice},
    {"num_threads", nullptr, &S::num_threads},
    {"itrealvalue", nullptr, &S::itrealvalue},
    {"starttime", &S::start_time, nullptr},
    {"vsize", &S::vsize, nullptr},
    {"rss", nullptr, &S::rss},
    {"rsslim", &S::rsslim, nullptr},
    {"startcode", &S::startcode, nullptr},
    {"endcode", &S::endcode, nullptr},
    {"startstack", &S::startstack, nullptr},
    {"kstkesp", &S::kstkesp, nullptr},
    {"kstkeip", &S::kstkeip, nullptr},
    {"signal", &S::signal, nullptr},
    {"blocked", &S::blocked, nullptr},
    {"sigignore", &S::sigignore, nullptr},
    {"sigcatch", &S::sigcatch, nullptr},
    {"wchan", &S::wchan, nullptr},
    {"nswap", &S::nswap, nullptr},
    {"cnswap", &S::cnswap, nullptr},
    {"exit_signal", nullptr, &S::exit_signal},
    {"processor", nullptr, &S::processor},
    {"rt_priority", &S::rt_priority, nullptr},
    {"policy", &S::policy, nullptr},
    {"delayacct_blkio_ticks", &S::delayacct_blkio_ticks, nullptr},
    {"guest_time", &S::guest_time, nullptr},
    {"cguest_time", nullptr, &S::cguest_time},
    {"start_data", &S::start_data, nullptr},
    {"end_data", &S::end_data, nullptr},
    {"start_brk", &S::start_brk, nullptr},
    {"arg_start", &S::arg_start, nullptr},
    {"arg_end", &S::arg_end, nullptr},
    {"env_start", &S::env_start, nullptr},
    {"env_end", &S::env_end, nullptr},
    {"exit_code", nullptr, &S::exit_code},
}};

// Fields 1..41 (through policy) exist in every 2.6+ kernel; a file with fewer is truncated. Fields 42..52 came
// with 2.6.18 .. 3.5 and may be absent on old kernels: no warning for those.
constexpr std::size_t k_min_fields = 41;

// The line number (1-based) of byte offset `pos` in `text`.
std::size_t line_of(std::string_view text, std::size_t pos) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) {
    line += text[i] == '\n' ? 1 : 0;
  }
  return line;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

ProcStatFields::ProcStatFields(std::string_view text) {
  const std::size_t close = text.rfind(')');
  if (close == std::string_view::npos) {
    return;
  }
  found_ = true;
  rest_ = text.substr(close + 1);
  rest_ = rest_.substr(0, rest_.find('\n'));
}

std::optional<std::string_view> ProcStatFields::field(std::size_t n) const {
  if (n < 3) {
    return std::nullopt;
  }
  std::size_t number = 2;  // the field before the first token: comm
  std::size_t i = 0;
  while (i < rest_.size()) {
    while (i < rest_.size() && is_blank(rest_[i])) {
      ++i;
    }
    const std::size_t b = i;
    while (i < rest_.size() && !is_blank(rest_[i])) {
      ++i;
    }
    if (i > b && ++number == n) {
      return rest_.substr(b, i - b);
    }
  }
  return std::nullopt;
}

std::optional<char> ProcStatFields::state() const {
  const auto f = field(3);
  if (!f || f->size() != 1) {
    return std::nullopt;
  }
  return f->front();
}

std::optional<std::uint64_t> ProcStatFields::flags() const {
  const auto f = field(9);
  return f ? parse_u64(*f) : std::nullopt;
}

std::optional<std::uint64_t> ProcStatFields::start_time() const {
  const auto f = field(22);
  return f ? parse_u64(*f) : std::nullopt;
}

Parsed<ProcStat> parse_proc_stat(std::string_view text) {
  Parsed<ProcStat> r;
  ProcStat& s = r.value;
  if (text.empty()) {
    r.warn(0, "", "empty stat file");
    return r;
  }
  const std::size_t open = text.find('(');
  const std::size_t close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    r.warn(1, text, "no '(comm)' field: cannot locate the fields");
    // Still try the pid: "<pid> ..." at the start.
    const auto toks = split_ws(text.substr(0, text.find('\n')));
    if (!toks.empty()) {
      s.pid = parse_i64(toks.front());
    }
    return r;
  }
  const std::string_view head = detail::trim(text.substr(0, open));
  s.pid = parse_i64(head);
  if (!s.pid) {
    r.warn(1, head, "field 1 (pid): not a number");
  }
  s.comm = std::string(text.substr(open + 1, close - open - 1));

  // The fields after comm end at the first newline; anything after that is not part of a stat file.
  const std::string_view rest = ProcStatFields(text).after_comm();
  const std::size_t fields_line = line_of(text, close);
  if (const std::size_t nl = close + 1 + rest.size(); nl < text.size()) {
    const std::string_view after = text.substr(nl + 1);
    if (!after.empty()) {
      r.warn(fields_line + 1, after, "unexpected content after the stat line (ignored)");
    }
  }
  if (rest.empty() || (rest.front() != ' ' && rest.front() != '\t')) {
    r.warn(fields_line, rest, "expected a space after the comm field's ')'");
  }
  const auto toks = split_ws(rest);
  if (toks.empty()) {
    r.warn(fields_line, rest, "no fields after comm (truncated)");
    return r;
  }
  if (toks[0].size() == 1) {
    s.state = toks[0][0];
  } else {
    r.warn(fields_line, toks[0], "field 3 (state): not a single letter");
  }
  for (std::size_t i = 1; i < toks.size(); ++i) {
    if (i - 1 >= k_fields.size()) {
      s.extra_fields = toks.size() - 1 - k_fields.size();
      r.warn(fields_line, toks[i], std::to_string(s.extra_fields) + " field(s) after field 52 (ignored)");
      break;
    }
    const FieldSpec& f = k_fields[i - 1];
    const std::string number = std::to_string(i + 3);
    if (f.u != nullptr) {
      auto v = parse_u64(toks[i]);
      if (!v) {
        r.warn(fields_line, toks[i], "field " + number + " (" + f.name + "): not an unsigned 64-bit number");
      }
      s.*(f.u) = v;
    } else {
      auto v = parse_i64(toks[i]);
      if (!v) {
        r.warn(fields_line, toks[i], "field " + number + " (" + f.name + "): not a signed 64-bit number");
      }
      s.*(f.i) = v;
    }
  }
  if (toks.size() + 2 < k_min_fields) {
    r.warn(fields_line, rest.substr(rest.size() > 40 ? rest.size() - 40 : 0),
           "truncated: " + std::to_string(toks.size() + 2) + " fields, at least " +
               std::to_string(k_min_fields) + " expected");
  }
  return r;
}

std::string_view proc_state_name(char state) {
  switch (state) {
    case 'R': return "running";
    case 'S': return "sleeping";
    case 'D': return "disk sleep";
    case 'Z': return "zombie";
    case 'T': return "stopped";
    case 't': return "tracing stop";
    case 'W': return "paging";  // before 2.6.0; "waking" in 2.6.33..3.13
    case 'X': return "dead";
    case 'x': return "dead";
    case 'K': return "wakekill";
    case 'P': return "parked";
    case 'I': return "idle";
    default: return {};
  }
}

}  // namespace procsnap::procfs
