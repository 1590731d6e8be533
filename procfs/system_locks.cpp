#include "procfs/system_locks.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Locks> parse_system_locks(std::string_view text) {
  Parsed<Locks> r;
  ColumnCursor lines(text, 9);  // "N:" ["->"] and 7 fields
  for (ColumnLine in; lines.next(in);) {
    const auto& [ln, line, tok, total] = in;
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    FileLock l;
    l.line = ln;
    std::size_t k = 0;
    if (tok[0].size() > 1 && tok[0].back() == ':') {
      l.id = parse_i64(tok[0].substr(0, tok[0].size() - 1));
    }
    ++k;
    if (k < tok.size() && tok[k] == "->") {
      l.blocked = true;
      ++k;
    }
    const std::size_t n = tok.size() - k;  // at most the 7 fields read below
    if (!l.id && total - k != 7) {
      skip_line(r, ln, line, "no 'N:' lock id and not a whole lock line");
      continue;
    }
    if (!l.id) {
      warn_capped(r, ln, line, "lock id is not 'N:'");
    }
    if (total - k != 7) {
      warn_capped(r, ln, line, "expected 7 fields after the id (class mode type pid dev:inode start end)");
    }
    if (n > 0) l.lock_class = bounded_name(r, ln, line, tok[k], "class");
    if (n > 1) l.mode = bounded_name(r, ln, line, tok[k + 1], "mode");
    if (n > 2) l.type = bounded_name(r, ln, line, tok[k + 2], "type");
    if (n > 3) {
      l.pid = parse_i64(tok[k + 3]);
      if (!l.pid) {
        warn_capped(r, ln, line, "pid is not a number");
      } else if (*l.pid == -1) {
        l.pid.reset();  // the kernel's "no owner" (OFD locks): absent, not -1
      }
    }
    if (n > 4) {
      const std::string_view di = tok[k + 4];
      if (di.substr(0, 7) != "<none>:") {
        const std::size_t c1 = di.find(':');
        const std::size_t c2 = c1 == std::string_view::npos ? c1 : di.find(':', c1 + 1);
        if (c2 == std::string_view::npos) {
          warn_capped(r, ln, line, "device:inode is not 'MAJ:MIN:INODE'");
        } else {
          l.dev_major = parse_hex_u64(di.substr(0, c1));
          l.dev_minor = parse_hex_u64(di.substr(c1 + 1, c2 - c1 - 1));
          l.inode = parse_u64(di.substr(c2 + 1));
          if (!l.dev_major || !l.dev_minor || !l.inode) {
            warn_capped(r, ln, line, "device:inode has a bad number");
          }
        }
      }
    }
    if (n > 5) {
      l.start = parse_u64(tok[k + 5]);
      if (!l.start) {
        warn_capped(r, ln, line, "start is not an unsigned number");
      }
    }
    if (n > 6) {
      if (tok[k + 6] == "EOF") {
        l.to_eof = true;
      } else {
        l.end = parse_u64(tok[k + 6]);
        if (!l.end) {
          warn_capped(r, ln, line, "end is neither a number nor EOF");
        }
      }
    }
    r.value.locks.push_back(std::move(l));
  }
  return r;
}

}  // namespace procsnap::procfs
