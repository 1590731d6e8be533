#include "importer/registry.hpp"

#include <charconv>

namespace procsnap::importer {

std::vector<Handler> all_handlers() {
  std::vector<Handler> out;
  for (auto group : {proc_basic_handlers(), proc_memory_handlers(), net_handlers(), system_handlers()}) {
    out.insert(out.end(), group.begin(), group.end());
  }
  return out;
}

std::span<const TableGroup> table_groups() {
  static const std::vector<TableGroup> groups = {core_group(),   proc_basic_group(), proc_memory_group(),
                                                 net_group(),    system_group(),     diff_group(),
                                                 memory_group(), yara_group(),       containers_group()};
  return groups;
}

namespace {
// A decimal id as the format allows it: digits only, no leading zero (except "0"), fits int64.
bool parse_id(std::string_view s, std::int64_t& out) {
  if (s.empty() || s.size() > 18 || (s.size() > 1 && s[0] == '0')) {
    return false;
  }
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  std::from_chars(s.data(), s.data() + s.size(), out);
  return true;
}
}  // namespace

bool match_pattern(std::string_view pattern, std::string_view path, Member& out) {
  std::optional<std::int64_t> pid;
  std::optional<std::int64_t> tid;
  std::string_view name;
  while (!pattern.empty()) {
    const std::size_t lt = pattern.find('<');
    if (lt == std::string_view::npos) {
      if (pattern != path) {
        return false;
      }
      path = {};
      break;
    }
    if (path.substr(0, lt) != pattern.substr(0, lt)) {
      return false;
    }
    path.remove_prefix(lt);
    pattern.remove_prefix(lt);
    const std::size_t gt = pattern.find('>');
    if (gt == std::string_view::npos) {
      return false;
    }
    const std::string_view var = pattern.substr(1, gt - 1);
    pattern.remove_prefix(gt + 1);
    // <path> swallows the rest of the path; the others stop at the next '/'.
    const std::size_t end = var == "path" ? path.size() : std::min(path.find('/'), path.size());
    const std::string_view seg = path.substr(0, end);
    path.remove_prefix(end);
    if (seg.empty()) {
      return false;
    }
    std::int64_t id = 0;
    if (var == "pid") {
      if (!parse_id(seg, id)) return false;
      pid = id;
    } else if (var == "tid") {
      if (!parse_id(seg, id)) return false;
      tid = id;
    } else if (var == "n") {
      if (!parse_id(seg, id)) return false;
      name = seg;
    } else {
      name = seg;
    }
  }
  if (!path.empty()) {
    return false;
  }
  out.pid = pid;
  out.tid = tid;
  out.name = name;
  return true;
}

}  // namespace procsnap::importer
