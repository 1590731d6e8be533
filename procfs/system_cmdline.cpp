#include "procfs/system_cmdline.hpp"

#include "procfs/system_common.hpp"

namespace procsnap::procfs {

namespace {
// Kernel isspace(): space, \t, \n, \v, \f, \r.
bool is_kspace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
}  // namespace

Parsed<KernelCmdline> parse_system_cmdline(std::string_view text) {
  Parsed<KernelCmdline> r;
  const std::string_view body = chomp(text);
  r.value.text = std::string(body);
  if (body.find('\0') != std::string_view::npos) {
    warn_capped(r, 1, body, "NUL byte in the command line");
  }
  if (!is_valid_utf8(body)) {
    warn_capped(r, 1, body, "invalid UTF-8 (stored as raw bytes)");
  }
  std::size_t i = 0;
  bool init = false;
  bool unbalanced = false;
  std::size_t dropped = 0;
  while (i < body.size()) {
    while (i < body.size() && is_kspace(body[i])) {
      ++i;
    }
    if (i >= body.size()) {
      break;
    }
    const std::size_t start = i;
    bool in_quote = false;
    std::size_t equals = std::string_view::npos;
    for (; i < body.size(); ++i) {
      const char c = body[i];
      if (is_kspace(c) && !in_quote) {
        break;
      }
      if (c == '=' && equals == std::string_view::npos) {
        equals = i - start;
      }
      if (c == '"') {
        in_quote = !in_quote;
      }
    }
    unbalanced = unbalanced || in_quote;
    const std::string_view raw = body.substr(start, i - start);
    if (raw == "--" && !init) {
      init = true;
      continue;
    }
    if (r.value.params.size() >= k_cmdline_max_params) {
      ++dropped;
      continue;
    }
    CmdlineParam p;
    p.position = r.value.params.size();
    p.raw = std::string(raw);
    p.init_arg = init;
    const bool quoted = raw.front() == '"';
    std::string_view key = raw;
    if (equals != std::string_view::npos && equals > (quoted ? 1u : 0u)) {
      key = raw.substr(0, equals);
      std::string_view val = raw.substr(equals + 1);
      if (!val.empty() && val.front() == '"') {
        val.remove_prefix(1);
        if (!val.empty() && val.back() == '"') {
          val.remove_suffix(1);
        }
      } else if (quoted && !val.empty() && val.back() == '"') {
        val.remove_suffix(1);
      }
      p.value = std::string(val);
    } else if (quoted && key.size() > 1 && key.back() == '"') {
      key.remove_suffix(1);
    }
    if (quoted) {
      key.remove_prefix(1);
    }
    p.key = std::string(key);
    r.value.params.push_back(std::move(p));
  }
  if (dropped > 0) {
    warn_capped(r, 1, body,
                "more than " + std::to_string(k_cmdline_max_params) + " parameters (no kernel hands on that many): " +
                    std::to_string(dropped) + " more not kept as records (the text keeps them)");
  }
  if (unbalanced) {
    warn_capped(r, 1, body, "unbalanced double quote: the last parameter runs to the end of the line");
  }
  return r;
}

}  // namespace procsnap::procfs
