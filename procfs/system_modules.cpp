#include "procfs/system_modules.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Modules> parse_system_modules(std::string_view text) {
  Parsed<Modules> r;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t ln = i + 1;
    const std::string_view line = lines[i];
    const auto tok = split_ws(line);
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    Module m;
    m.line = ln;
    m.name = std::string(tok[0]);
    if (!is_valid_utf8(tok[0])) {
      warn_capped(r, ln, line, "module name is not valid UTF-8");
    }
    if (tok.size() < 6) {
      warn_capped(r, ln, line, "fewer than 6 fields (name size refcount used_by state address)");
    }
    if (tok.size() > 1) {
      m.size = parse_u64(tok[1]);
      if (!m.size) {
        warn_capped(r, ln, line, "size is not an unsigned number");
      }
    }
    if (tok.size() > 2 && tok[2] != "-") {
      m.refcount = parse_i64(tok[2]);
      if (!m.refcount) {
        warn_capped(r, ln, line, "refcount is not a number");
      }
    }
    if (tok.size() > 3) {
      m.used_by_raw = std::string(tok[3]);
      if (tok[3] != "-") {
        std::string_view rest = tok[3];
        while (!rest.empty()) {
          const std::size_t comma = rest.find(',');
          const std::string_view item = rest.substr(0, comma);
          if (!item.empty()) {
            m.used_by.emplace_back(item);
          }
          if (comma == std::string_view::npos) {
            break;
          }
          rest.remove_prefix(comma + 1);
        }
      }
    }
    if (tok.size() > 4) {
      m.state = std::string(tok[4]);
      if (tok[4] != "Live" && tok[4] != "Loading" && tok[4] != "Unloading") {
        warn_capped(r, ln, line, "unknown module state");
      }
    }
    if (tok.size() > 5) {
      const std::string_view a = tok[5];
      if (a.size() > 2 && a[0] == '0' && a[1] == 'x') {
        m.address = parse_hex_u64(a.substr(2));
      }
      if (!m.address) {
        warn_capped(r, ln, line, "address is not 0x<hex> within 64 bits");
      }
    }
    if (tok.size() > 6) {
      const std::string_view t = tok[6];
      if (t.size() >= 2 && t.front() == '(' && t.back() == ')') {
        m.taints = std::string(t.substr(1, t.size() - 2));
      } else {
        warn_capped(r, ln, line, "taint field is not '(FLAGS)'");
        m.taints = std::string(t);
      }
    }
    if (tok.size() > 7) {
      warn_capped(r, ln, line, "extra fields ignored");
    }
    r.value.modules.push_back(std::move(m));
  }
  return r;
}

}  // namespace procsnap::procfs
