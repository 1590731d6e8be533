#include "procfs/system_meminfo.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

const MeminfoEntry* Meminfo::find(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key == key) {
      return &e;
    }
  }
  return nullptr;
}

std::optional<std::uint64_t> meminfo_bytes(const MeminfoEntry& e) {
  if (!e.value) {
    return std::nullopt;
  }
  if (!e.unit) {
    return e.value;
  }
  if (*e.unit != "kB" || *e.value > UINT64_MAX / 1024) {
    return std::nullopt;
  }
  return *e.value * 1024;
}

std::optional<std::uint64_t> Meminfo::bytes(std::string_view key) const {
  const MeminfoEntry* e = find(key);
  return e == nullptr ? std::nullopt : meminfo_bytes(*e);
}

Parsed<Meminfo> parse_system_meminfo(std::string_view text) {
  Parsed<Meminfo> r;
  LineCursor lines(text);
  std::string_view line;
  std::size_t ln = 0;
  while (lines.next(line, ln)) {
    if (trim_ws(line).empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      skip_line(r, ln, line, "no ':' after the key");
      continue;
    }
    MeminfoEntry e;
    e.line = ln;
    const std::string_view key = trim_ws(line.substr(0, colon));
    if (key.empty()) {
      skip_line(r, ln, line, "empty key");
      continue;
    }
    e.key = bounded_name(r, ln, line, key, "key");
    std::size_t total = 0;
    const auto tokens = split_ws_first(line.substr(colon + 1), 2, total);
    if (tokens.empty()) {
      warn_capped(r, ln, line, "missing value");
    } else {
      e.value = parse_u64(tokens[0]);
      if (!e.value) {
        warn_capped(r, ln, line, "value is not an unsigned 64-bit number");
      }
      if (tokens.size() >= 2) {
        e.unit = bounded_name(r, ln, line, tokens[1], "unit");
        if (tokens[1] != "kB") {
          warn_capped(r, ln, line, "unknown unit (the kernel prints only kB)");
        }
      }
      if (total > 2) {
        warn_capped(r, ln, line, "extra fields after the unit ignored");
      }
    }
    r.value.entries.push_back(std::move(e));
  }
  return r;
}

}  // namespace procsnap::procfs
