#include "procfs/proc_syscall.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_util.hpp"

namespace procsnap::procfs {

namespace {

std::optional<std::uint64_t> hex(std::string_view s) {
  if (!s.starts_with("0x")) {
    return std::nullopt;
  }
  return parse_hex_u64(s.substr(2));
}

}  // namespace

Parsed<ProcSyscall> parse_proc_syscall(std::string_view text) {
  Parsed<ProcSyscall> r;
  ProcSyscall& s = r.value;
  const auto lines = split_lines(text);
  if (lines.empty()) {
    r.warn(0, "", "empty syscall file");
    return r;
  }
  if (lines.size() > 1) {
    r.warn(2, lines[1], "unexpected content after the first line (ignored)");
  }
  const std::string_view l = detail::trim(lines[0]);
  if (l == "running") {
    s.state = "running";
    return r;
  }
  const auto toks = split_ws(l);
  if (toks.empty()) {
    r.warn(1, lines[0], "empty syscall line");
    return r;
  }
  s.number = parse_i64(toks[0]);
  if (!s.number) {
    r.warn(1, toks[0], "syscall number: not a number");
    return r;
  }
  const std::size_t want = *s.number == -1 ? 3 : 9;
  s.state = *s.number == -1 ? "blocked" : "syscall";
  if (toks.size() != want) {
    r.warn(1, lines[0], "expected " + std::to_string(want) + " fields, found " + std::to_string(toks.size()));
  }
  const auto set = [&](std::size_t i, std::optional<std::uint64_t>& out) {
    if (i < toks.size()) {
      out = hex(toks[i]);
      if (!out) {
        r.warn(1, toks[i], "field " + std::to_string(i + 1) + ": not a 0x hex number");
      }
    }
  };
  if (want == 3) {
    set(1, s.sp);
    set(2, s.pc);
  } else {
    for (std::size_t i = 0; i < 6; ++i) {
      set(i + 1, s.args[i]);
    }
    set(7, s.sp);
    set(8, s.pc);
  }
  return r;
}

}  // namespace procsnap::procfs
