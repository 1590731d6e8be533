#include "procfs/system_version.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Version> parse_system_version(std::string_view text) {
  Parsed<Version> r;
  const std::string_view body = chomp(text);
  r.value.text = std::string(body);
  if (body.empty()) {
    warn_capped(r, 0, {}, "empty file");
    return r;
  }
  if (body.find('\n') != std::string_view::npos) {
    warn_capped(r, 2, body.substr(body.find('\n') + 1), "unexpected extra lines (kept in the text)");
  }
  if (!is_valid_utf8(body)) {
    warn_capped(r, 1, body, "invalid UTF-8 (stored as raw bytes)");
  }
  const std::string_view first = body.substr(0, body.find('\n'));
  std::size_t total = 0;
  const auto tok = split_ws_first(first, 3, total);
  if (tok.size() < 3 || tok[1] != "version") {
    warn_capped(r, 1, first, "not of the form '<sysname> version <release> ...'");
    return r;
  }
  r.value.sysname = std::string(tok[0]);
  r.value.release = std::string(tok[2]);
  const std::size_t open = first.find('(');
  if (open != std::string_view::npos) {
    const std::size_t close = first.find(')', open);
    if (close != std::string_view::npos) {
      r.value.builder = std::string(first.substr(open + 1, close - open - 1));
    }
  }
  return r;
}

}  // namespace procsnap::procfs
