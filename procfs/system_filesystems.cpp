#include "procfs/system_filesystems.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Filesystems> parse_system_filesystems(std::string_view text) {
  Parsed<Filesystems> r;
  ColumnCursor lines(text, 2);
  for (ColumnLine in; lines.next(in);) {
    const auto& [ln, line, tok, total] = in;
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    // The kernel prints "%s\t%s\n" ("nodev" or nothing, then the name): without the tab and a name after it,
    // a line has no name to key a record.
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || trim_ws(line.substr(tab)).empty()) {
      skip_line(r, ln, line, "expected '[nodev]\\t<name>'");
      continue;
    }
    Filesystem f;
    f.line = ln;
    if (total == 2 && tok[0] == "nodev") {
      f.nodev = true;
      f.name = bounded_name(r, ln, line, tok[1], "name");
    } else if (total == 1 && tok[0] != "nodev") {
      f.name = bounded_name(r, ln, line, tok[0], "name");
    } else {
      warn_capped(r, ln, line, "expected '[nodev]\\t<name>'");
      f.nodev = tok[0] == "nodev";
      const std::string_view t = trim_ws(line);
      const std::size_t last = t.find_last_of(" \t");
      f.name = bounded_name(r, ln, line, last == std::string_view::npos ? t : t.substr(last + 1), "name");
    }
    r.value.filesystems.push_back(std::move(f));
  }
  return r;
}

}  // namespace procsnap::procfs
