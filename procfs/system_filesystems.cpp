#include "procfs/system_filesystems.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Filesystems> parse_system_filesystems(std::string_view text) {
  Parsed<Filesystems> r;
  const auto lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t ln = i + 1;
    const std::string_view line = lines[i];
    const auto tok = split_ws(line);
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    Filesystem f;
    f.line = ln;
    if (tok.size() == 2 && tok[0] == "nodev") {
      f.nodev = true;
      f.name = std::string(tok[1]);
    } else if (tok.size() == 1 && tok[0] != "nodev") {
      f.name = std::string(tok[0]);
    } else {
      warn_capped(r, ln, line, "expected '[nodev]\\t<name>'");
      f.nodev = tok[0] == "nodev";
      f.name = std::string(tok.back());
    }
    r.value.filesystems.push_back(std::move(f));
  }
  return r;
}

}  // namespace procsnap::procfs
