#include "procfs/proc_cmdline.hpp"

namespace procsnap::procfs {

std::vector<std::string> split_nul_list(std::string_view text, bool& trailing_nul, std::size_t& padding_nuls) {
  std::vector<std::string> out;
  trailing_nul = !text.empty() && text.back() == '\0';
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == '\0') {
    --end;
  }
  padding_nuls = text.size() - end > 0 ? text.size() - end - 1 : 0;
  std::string_view body = text.substr(0, end);
  if (body.empty()) {
    return out;
  }
  std::size_t b = 0;
  while (true) {
    const std::size_t e = body.find('\0', b);
    if (e == std::string_view::npos) {
      out.emplace_back(body.substr(b));
      break;
    }
    out.emplace_back(body.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

Parsed<ProcCmdline> parse_proc_cmdline(std::string_view text) {
  Parsed<ProcCmdline> r;
  ProcCmdline& c = r.value;
  c.args = split_nul_list(text, c.trailing_nul, c.padding_nuls);
  // A heuristic, not a verdict: a program path may hold a space too; the raw bytes stay available.
  c.setproctitle = c.args.size() == 1 && c.args[0].find(' ') != std::string::npos;
  return r;
}

}  // namespace procsnap::procfs
