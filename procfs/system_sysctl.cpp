#include "procfs/system_sysctl.hpp"

#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Sysctl> parse_system_sysctl(std::string_view path, std::string_view text) {
  Parsed<Sysctl> r;
  r.value.path = std::string(path);
  r.value.name.reserve(path.size());
  // sysctl(8): components joined by '.', and a '.' inside a component shown as '/'.
  for (const char c : path) {
    r.value.name.push_back(c == '/' ? '.' : (c == '.' ? '/' : c));
  }
  r.value.value = std::string(chomp(text));
  if (r.value.value.find('\0') != std::string::npos) {
    warn_capped(r, 0, r.value.value, "NUL byte in the value");
  }
  if (!is_valid_utf8(r.value.value)) {
    warn_capped(r, 0, r.value.value, "invalid UTF-8 (stored as raw bytes)");
  }
  return r;
}

}  // namespace procsnap::procfs
