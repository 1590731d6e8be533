#include "procfs/proc_stack.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_util.hpp"

namespace procsnap::procfs {

namespace {

std::optional<std::uint64_t> hex(std::string_view s) {
  if (s.starts_with("0x")) {
    s.remove_prefix(2);
  }
  return parse_hex_u64(s);
}

}  // namespace

Parsed<ProcStack> parse_proc_stack(std::string_view text) {
  Parsed<ProcStack> r;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t line = i + 1;
    const std::string_view l = detail::trim(lines[i]);
    if (l.empty()) {
      continue;
    }
    ProcStackFrame f;
    f.index = r.value.frames.size();
    f.frame = std::string(l);
    bool ok = false;
    if (l.starts_with("[<")) {
      const std::size_t end = l.find(">]");
      if (end != std::string_view::npos) {
        f.address = hex(l.substr(2, end - 2));
        std::string_view rest = detail::trim(l.substr(end + 2));
        // Optional " [module]" suffix.
        if (!rest.empty() && rest.back() == ']') {
          const std::size_t open = rest.rfind(" [");
          if (open != std::string_view::npos) {
            f.module = std::string(rest.substr(open + 2, rest.size() - open - 3));
            rest = detail::trim(rest.substr(0, open));
          }
        }
        const std::size_t plus = rest.rfind('+');
        const std::size_t slash = rest.rfind('/');
        if (plus != std::string_view::npos && slash != std::string_view::npos && slash > plus) {
          f.symbol = std::string(rest.substr(0, plus));
          f.offset = hex(rest.substr(plus + 1, slash - plus - 1));
          f.size = hex(rest.substr(slash + 1));
          ok = f.address && f.offset && f.size;
        } else if (!rest.empty()) {
          f.symbol = std::string(rest);  // a bare symbol or address (no kallsyms)
          ok = f.address.has_value();
        }
      }
    }
    if (!ok) {
      r.warn(line, lines[i], "expected '[<addr>] symbol+0xoff/0xsize [module]'");
    }
    r.value.frames.push_back(std::move(f));
  }
  return r;
}

}  // namespace procsnap::procfs
