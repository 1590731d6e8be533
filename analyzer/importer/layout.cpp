#include "importer/layout.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <vector>

namespace procsnap::importer {

bool is_format_id(std::string_view s) {
  if (s.empty() || s.size() > 18 || (s.size() > 1 && s[0] == '0')) {
    return false;
  }
  for (const char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

namespace {

PathCheck refuse(std::string msg) { return PathCheck{false, MemberClass::proc_system, std::move(msg)}; }
PathCheck accept(MemberClass c) { return PathCheck{true, c, {}}; }

bool is_lower_hex(std::string_view s) {
  if (s.empty() || s.size() > 16) {
    return false;
  }
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

// "<start>-<end>" in the kernel's lower-case hex (map_files and mem regions).
bool is_hex_range(std::string_view s) {
  const std::size_t dash = s.find('-');
  return dash != std::string_view::npos && is_lower_hex(s.substr(0, dash)) && is_lower_hex(s.substr(dash + 1));
}

// Everything under proc/<pid>/ (or proc/<pid>/task/<tid>/ when `in_task`).
bool pid_tail_ok(const std::vector<std::string_view>& c, std::size_t i, bool in_task) {
  const std::size_t n = c.size() - i;
  if (n == 0) {
    return false;
  }
  const std::string_view first = c[i];
  if (n == 1) {
    return true;  // a per-process file: stat, status, exe, cwd, ...
  }
  if (first == "task" && !in_task) {
    return n >= 3 && is_format_id(c[i + 1]) && pid_tail_ok(c, i + 2, true);
  }
  if (n == 2 && (first == "fd" || first == "fdinfo")) {
    return is_format_id(c[i + 1]);
  }
  if (n == 2 && first == "ns") {
    return true;
  }
  if (n == 2 && first == "map_files") {
    return is_hex_range(c[i + 1]);
  }
  if (first == "attr") {
    return n <= 3;  // attr/<name> and attr/<lsm>/<name> (apparmor, smack)
  }
  if (first == "net") {
    return n <= 4;  // net/<name>, net/stat/<name>, net/dev_snmp6/<if>
  }
  return false;
}

/// The name's components into `comps`, or the refusal of a name that is not a plain relative path of printable
/// bytes (no NUL, backslash, control character, space, empty, '.' or '..' component).
std::optional<PathCheck> split_components(std::string_view path, std::vector<std::string_view>& comps) {
  if (path.empty()) {
    return refuse("empty member name");
  }
  if (path.size() > k_max_path_bytes) {
    return refuse("member name longer than 4096 bytes");
  }
  if (path.front() == '/') {
    return refuse("absolute member name");
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i < path.size()) {
      const auto b = static_cast<unsigned char>(path[i]);
      if (b == 0) {
        return refuse("NUL byte in member name");
      }
      if (b == '\\') {
        return refuse("backslash in member name");
      }
      if (b < 0x20 || b == 0x7f) {
        return refuse("control character in member name");
      }
      if (b == ' ') {
        return refuse("space in member name");
      }
      if (b != '/') {
        continue;
      }
    }
    const std::string_view comp = path.substr(start, i - start);
    if (comp.empty()) {
      return refuse("empty path component in member name");
    }
    if (comp == "." || comp == "..") {
      return refuse("'.' or '..' component in member name");
    }
    comps.push_back(comp);
    start = i + 1;
  }
  return std::nullopt;
}

/// procsnap/header.json, procsnap/trailer.json, procsnap/manifest/NNNNNN.jsonl.
PathCheck check_procsnap_path(std::string_view path, const std::vector<std::string_view>& comps) {
  if (path == "procsnap/header.json") return accept(MemberClass::header);
  if (path == "procsnap/trailer.json") return accept(MemberClass::trailer);
  if (comps.size() == 3 && comps[1] == "manifest" && comps[2].size() == 12 && comps[2].substr(6) == ".jsonl") {
    bool digits = true;
    for (const char c : comps[2].substr(0, 6)) digits = digits && c >= '0' && c <= '9';
    if (digits) return accept(MemberClass::manifest_chunk);
  }
  return refuse("unknown procsnap/ member (outside the documented layout)");
}

/// proc/<pid>/... (the per-process layout) or proc/<name>/... (system-wide, at most 16 components).
PathCheck check_proc_path(const std::vector<std::string_view>& comps) {
  const std::string_view second = comps[1];
  bool all_digits = true;
  for (const char c : second) all_digits = all_digits && c >= '0' && c <= '9';
  if (all_digits) {
    if (!is_format_id(second)) {
      return refuse("pid in member name is not a canonical decimal");
    }
    if (!pid_tail_ok(comps, 2, false)) {
      return refuse("per-process member name outside the documented layout");
    }
    return accept(MemberClass::proc_pid);
  }
  if (comps.size() > 16) {
    return refuse("system-wide member name nested too deeply");
  }
  return accept(MemberClass::proc_system);
}

/// mem/<pid>/<range>, mem/<pid>/frames/<range>, bin/<pid>/exe, bin/<pid>/fd/<n>; anything else is refused.
PathCheck check_mem_bin_path(const std::vector<std::string_view>& comps) {
  const std::string_view top = comps[0];
  if (top == "mem" && comps.size() == 3 && is_format_id(comps[1]) && is_hex_range(comps[2])) {
    return accept(MemberClass::mem_region);
  }
  if (top == "mem" && comps.size() == 4 && is_format_id(comps[1]) && comps[2] == "frames" &&
      is_hex_range(comps[3])) {
    return accept(MemberClass::mem_frames);
  }
  if (top == "bin" && comps.size() == 3 && is_format_id(comps[1]) && comps[2] == "exe") {
    return accept(MemberClass::bin_exe);
  }
  if (top == "bin" && comps.size() == 4 && is_format_id(comps[1]) && comps[2] == "fd" && is_format_id(comps[3])) {
    return accept(MemberClass::bin_fd);
  }
  return refuse("member name outside the documented layout");
}

}  // namespace

PathCheck check_member_path(std::string_view path) {
  std::vector<std::string_view> comps;
  if (auto refused = split_components(path, comps)) {
    return std::move(*refused);
  }
  if (comps[0] == "procsnap") {
    return check_procsnap_path(path, comps);
  }
  if (comps[0] == "proc" && comps.size() >= 2) {
    return check_proc_path(comps);
  }
  return check_mem_bin_path(comps);
}

}  // namespace procsnap::importer
