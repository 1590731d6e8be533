#include "procfs/system_modules.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

namespace {
// A module's users are other loaded modules: thousands at most, each printed with its name and a comma.
constexpr std::size_t k_module_max_users = 4096;
}  // namespace

Parsed<Modules> parse_system_modules(std::string_view text) {
  Parsed<Modules> r;
  ColumnCursor lines(text, 7);
  for (ColumnLine in; lines.next(in);) {
    const auto& [ln, line, tok, total] = in;
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    Module m;
    m.line = ln;
    if (tok.size() > 1) {
      m.size = parse_u64(tok[1]);
    }
    if (!m.size && tok.size() < 6) {
      skip_line(r, ln, line, "no module name with its size and not a whole module line");
      continue;
    }
    m.name = bounded_name(r, ln, line, tok[0], "module name");
    if (!is_valid_utf8(tok[0])) {
      warn_capped(r, ln, line, "module name is not valid UTF-8");
    }
    if (tok.size() < 6) {
      warn_capped(r, ln, line, "fewer than 6 fields (name size refcount used_by state address)");
    }
    if (tok.size() > 1) {
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
      m.used_by_raw = bounded_text(r, ln, line, tok[3], "used_by");
      if (tok[3] != "-") {
        std::string_view rest = tok[3];
        while (!rest.empty()) {
          const std::size_t comma = rest.find(',');
          const std::string_view item = rest.substr(0, comma);
          if (m.used_by.size() == k_module_max_users) {
            warn_capped(r, ln, line, "more than " + std::to_string(k_module_max_users) + " users: the rest not kept");
            break;
          }
          if (!item.empty()) {
            m.used_by.push_back(bounded_name(r, ln, line, item, "user module name"));
          }
          if (comma == std::string_view::npos) {
            break;
          }
          rest.remove_prefix(comma + 1);
        }
      }
    }
    if (tok.size() > 4) {
      m.state = bounded_name(r, ln, line, tok[4], "state");
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
        m.taints = bounded_name(r, ln, line, t.substr(1, t.size() - 2), "taints");
      } else {
        warn_capped(r, ln, line, "taint field is not '(FLAGS)'");
        m.taints = bounded_name(r, ln, line, t, "taints");
      }
    }
    if (total > 7) {
      warn_capped(r, ln, line, "extra fields ignored");
    }
    r.value.modules.push_back(std::move(m));
  }
  return r;
}

}  // namespace procsnap::procfs
