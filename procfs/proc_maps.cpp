#include "procfs/proc_maps.hpp"

#include "procfs/numbers.hpp"

#include <array>
#include <utility>

namespace procsnap::procfs {

using memory_detail::finish_limited;
using memory_detail::warn_limited;

namespace {

constexpr std::string_view k_deleted_suffix = " (deleted)";

// The kernel pads the maps header to this many bytes on 64-bit (25 + sizeof(void*) * 6 - 1), then writes one
// more space before the path.
constexpr std::size_t k_pad_column_64 = 72;

// Next run of non-space bytes starting at `pos` (leading spaces skipped); pos is left after the token.
std::string_view next_token(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && s[pos] == ' ') {
    ++pos;
  }
  const std::size_t b = pos;
  while (pos < s.size() && s[pos] != ' ') {
    ++pos;
  }
  return s.substr(b, pos - b);
}

// A hex number as the kernel writes it; problems are appended with `what` naming the field.
std::optional<std::uint64_t> hex_field(std::string_view tok, std::string_view what, std::vector<std::string>& problems) {
  if (tok.empty()) {
    problems.push_back(std::string(what) + ": empty");
    return std::nullopt;
  }
  auto v = parse_hex_u64(tok);
  if (!v) {
    bool all_hex = true;
    for (char c : tok) {
      const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      all_hex = all_hex && hex;
    }
    problems.push_back(std::string(what) + (all_hex ? ": does not fit 64 bits" : ": not a hex number"));
    return std::nullopt;
  }
  if (tok.size() > 16) {
    problems.push_back(std::string(what) + ": more than 16 hex digits");
  }
  return v;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

}  // namespace

std::string_view map_path_kind_name(MapPathKind k) {
  switch (k) {
    case MapPathKind::anon: return "anon";
    case MapPathKind::file: return "file";
    case MapPathKind::deleted: return "deleted";
    case MapPathKind::memfd: return "memfd";
    case MapPathKind::sysv_shm: return "sysv_shm";
    case MapPathKind::dev_zero: return "dev_zero";
    case MapPathKind::heap: return "heap";
    case MapPathKind::stack: return "stack";
    case MapPathKind::stack_tid: return "stack_tid";
    case MapPathKind::vdso: return "vdso";
    case MapPathKind::vvar: return "vvar";
    case MapPathKind::vvar_vclock: return "vvar_vclock";
    case MapPathKind::vsyscall: return "vsyscall";
    case MapPathKind::anon_named: return "anon_named";
    case MapPathKind::anon_shmem: return "anon_shmem";
    case MapPathKind::anon_inode: return "anon_inode";
    case MapPathKind::pseudo: return "pseudo";
    case MapPathKind::other: return "other";
  }
  return "other";
}

AddressRange parse_address_range(std::string_view token, std::vector<std::string>& problems) {
  AddressRange r;
  const std::size_t dash = token.find('-');
  if (dash == std::string_view::npos) {
    problems.emplace_back("address range: no '-' between start and end");
    r.start_hex = std::string(token);
    r.start = hex_field(token, "start address", problems);
    return r;
  }
  const std::string_view a = token.substr(0, dash);
  const std::string_view b = token.substr(dash + 1);
  r.start_hex = std::string(a);
  r.end_hex = std::string(b);
  r.start = hex_field(a, "start address", problems);
  r.end = hex_field(b, "end address", problems);
  if (r.start && r.end) {
    if (*r.end < *r.start) {
      problems.emplace_back("address range: end before start");
    } else if (*r.end == *r.start) {
      problems.emplace_back("address range: empty (end equals start)");
    }
  }
  return r;
}

void classify_map_path(std::string_view path, MapsEntry& out) {
  out.deleted = false;
  out.name.reset();
  if (path.empty()) {
    out.kind = MapPathKind::anon;
    return;
  }
  if (path.front() == '[' && path.back() == ']' && path.size() >= 2) {
    const std::string_view in = path.substr(1, path.size() - 2);
    static constexpr std::array<std::pair<std::string_view, MapPathKind>, 6> k_fixed{{
        {"heap", MapPathKind::heap},
        {"stack", MapPathKind::stack},
        {"vdso", MapPathKind::vdso},
        {"vvar", MapPathKind::vvar},
        {"vvar_vclock", MapPathKind::vvar_vclock},
        {"vsyscall", MapPathKind::vsyscall},
    }};
    for (const auto& [n, k] : k_fixed) {
      if (in == n) {
        out.kind = k;
        return;
      }
    }
    static constexpr std::array<std::pair<std::string_view, MapPathKind>, 3> k_named{{
        {"anon:", MapPathKind::anon_named},
        {"anon_shmem:", MapPathKind::anon_shmem},
        {"stack:", MapPathKind::stack_tid},
    }};
    for (const auto& [p, k] : k_named) {
      if (starts_with(in, p)) {
        out.kind = k;
        out.name = std::string(in.substr(p.size()));
        return;
      }
    }
    out.kind = MapPathKind::pseudo;
    return;
  }
  if (starts_with(path, "anon_inode:")) {
    out.kind = MapPathKind::anon_inode;
    out.name = std::string(path.substr(11));
    return;
  }
  if (path.front() != '/') {
    out.kind = MapPathKind::other;
    return;
  }
  if (!ends_with(path, k_deleted_suffix)) {
    out.kind = MapPathKind::file;
    return;
  }
  out.deleted = true;
  const std::string_view base = path.substr(0, path.size() - k_deleted_suffix.size());
  if (starts_with(base, "/memfd:")) {
    out.kind = MapPathKind::memfd;
    out.name = std::string(base.substr(7));
  } else if (starts_with(base, "/SYSV") && base.size() == 13) {
    out.kind = MapPathKind::sysv_shm;
    out.name = std::string(base.substr(5));
  } else if (base == "/dev/zero") {
    out.kind = MapPathKind::dev_zero;
  } else {
    out.kind = MapPathKind::deleted;
  }
}

std::vector<std::string> parse_maps_line(std::string_view line, MapsEntry& out) {
  std::vector<std::string> problems;
  std::size_t pos = 0;
  const std::string_view range = next_token(line, pos);
  if (range.empty()) {
    problems.emplace_back("empty line");
    return problems;
  }
  AddressRange r = parse_address_range(range, problems);
  out.start = r.start;
  out.end = r.end;
  out.start_hex = std::move(r.start_hex);
  out.end_hex = std::move(r.end_hex);

  const std::string_view perms = next_token(line, pos);
  if (perms.empty()) {
    problems.emplace_back("missing fields after the address range (perms, offset, dev, inode)");
    return problems;
  }
  out.perms = std::string(perms);
  const bool perms_ok = perms.size() == 4 && (perms[0] == 'r' || perms[0] == '-') &&
                        (perms[1] == 'w' || perms[1] == '-') && (perms[2] == 'x' || perms[2] == '-') &&
                        (perms[3] == 'p' || perms[3] == 's');
  if (!perms_ok) {
    problems.emplace_back("perms: not of the form [r-][w-][x-][ps]");
  }

  const std::string_view offset = next_token(line, pos);
  if (offset.empty()) {
    problems.emplace_back("missing fields: offset, dev, inode");
    return problems;
  }
  out.offset = hex_field(offset, "offset", problems);

  const std::string_view dev = next_token(line, pos);
  if (dev.empty()) {
    problems.emplace_back("missing fields: dev, inode");
    return problems;
  }
  const std::size_t colon = dev.find(':');
  if (colon == std::string_view::npos) {
    problems.emplace_back("dev: not major:minor");
  } else {
    out.dev_major = hex_field(dev.substr(0, colon), "dev major", problems);
    out.dev_minor = hex_field(dev.substr(colon + 1), "dev minor", problems);
  }

  const std::string_view inode = next_token(line, pos);
  if (inode.empty()) {
    problems.emplace_back("missing field: inode");
    return problems;
  }
  out.inode = parse_u64(inode);
  if (!out.inode) {
    problems.emplace_back("inode: not a decimal number that fits 64 bits");
  }

  // Path: see the header for the padding rule that lets leading spaces of a name survive on 64-bit kernels.
  const std::size_t p = pos;
  if (p < line.size()) {
    const std::size_t pad_start = (p + 1 <= k_pad_column_64) ? k_pad_column_64 + 1 : p + 2;
    bool padded = line.size() > pad_start;
    for (std::size_t i = p; padded && i < pad_start; ++i) {
      padded = line[i] == ' ';
    }
    std::size_t q = p;
    while (q < line.size() && line[q] == ' ') {
      ++q;
    }
    if (padded) {
      out.path = std::string(line.substr(pad_start));
    } else if (q < line.size()) {
      out.path = std::string(line.substr(q));
    }
  }
  classify_map_path(out.path ? std::string_view(*out.path) : std::string_view{}, out);
  if (out.kind == MapPathKind::other) {
    problems.emplace_back("path: neither absolute, [pseudo] nor anon_inode:");
  }
  return problems;
}

Parsed<std::vector<MapsEntry>> parse_proc_maps(std::string_view text) {
  Parsed<std::vector<MapsEntry>> r;
  std::size_t suppressed = 0;
  std::size_t lineno = 0;
  memory_detail::for_each_line(text, [&](std::string_view line, std::size_t number) {
    lineno = number;
    MapsEntry e;
    e.line = lineno;
    const auto problems = parse_maps_line(line, e);
    for (const auto& m : problems) {
      warn_limited(r, suppressed, lineno, line, m);
    }
    if (line.find_first_not_of(' ') != std::string_view::npos) {
      r.value.push_back(std::move(e));
    }
  });
  finish_limited(r, suppressed);
  return r;
}

}  // namespace procsnap::procfs
