#include "procfs/proc_environ.hpp"

#include "procfs/proc_cmdline.hpp"

namespace procsnap::procfs {

Parsed<ProcEnviron> parse_proc_environ(std::string_view text) {
  Parsed<ProcEnviron> r;
  ProcEnviron& e = r.value;
  auto entries = split_nul_list(text, e.trailing_nul, e.padding_nuls);
  e.vars.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    std::string& s = entries[i];
    const std::size_t eq = s.find('=');
    if (eq == std::string::npos) {
      // Not "KEY=value": possible when the process rewrote its environment area; kept, flagged.
      r.warn(0, s, "environment entry " + std::to_string(i) + " has no '='");
      e.vars.push_back(ProcEnvironVar{std::move(s), std::nullopt});
    } else {
      e.vars.push_back(ProcEnvironVar{s.substr(0, eq), s.substr(eq + 1)});
    }
  }
  if (!text.empty() && !e.trailing_nul) {
    r.warn(0, text.substr(text.size() > 60 ? text.size() - 60 : 0), "environ does not end with a NUL");
  }
  return r;
}

}  // namespace procsnap::procfs
