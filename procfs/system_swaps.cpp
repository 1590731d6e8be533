#include "procfs/system_swaps.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

std::string decode_octal_escapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      const char a = s[i + 1];
      const char b = s[i + 2];
      const char c = s[i + 3];
      if (a >= '0' && a <= '3' && b >= '0' && b <= '7' && c >= '0' && c <= '7') {
        out.push_back(static_cast<char>(((a - '0') << 6) | ((b - '0') << 3) | (c - '0')));
        i += 3;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

Parsed<Swaps> parse_system_swaps(std::string_view text) {
  Parsed<Swaps> r;
  ColumnCursor lines(text, 5);
  for (ColumnLine in; lines.next(in);) {
    const auto& [ln, line, tok, total] = in;
    if (ln == 1) {
      if (tok.empty() || tok[0] != "Filename") {
        warn_capped(r, ln, line, "missing 'Filename Type Size Used Priority' header");
      } else {
        continue;
      }
    }
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    if (tok.size() < 2) {
      skip_line(r, ln, line, "a file name without its type");
      continue;
    }
    Swap s;
    s.line = ln;
    s.filename = decode_octal_escapes(bounded_text(r, ln, line, tok[0], "file name"));
    if (total != 5) {
      warn_capped(r, ln, line, "expected 5 fields (filename type size used priority)");
    }
    if (tok.size() > 1) {
      s.type = bounded_name(r, ln, line, tok[1], "type");
    }
    if (tok.size() > 2) {
      s.size_kib = parse_u64(tok[2]);
      if (!s.size_kib) {
        warn_capped(r, ln, line, "size is not an unsigned number");
      }
    }
    if (tok.size() > 3) {
      s.used_kib = parse_u64(tok[3]);
      if (!s.used_kib) {
        warn_capped(r, ln, line, "used is not an unsigned number");
      }
    }
    if (tok.size() > 4) {
      s.priority = parse_i64(tok[4]);
      if (!s.priority) {
        warn_capped(r, ln, line, "priority is not a number");
      }
    }
    r.value.swaps.push_back(std::move(s));
  }
  return r;
}

}  // namespace procsnap::procfs
