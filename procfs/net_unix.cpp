#include "procfs/net_unix.hpp"

#include <array>

#include "procfs/net_common.hpp"
#include "procfs/numbers.hpp"

namespace procsnap::procfs {

std::optional<std::string_view> unix_state_name(std::uint64_t state) {
  static constexpr std::array<std::string_view, 5> k_names = {"FREE", "UNCONNECTED", "CONNECTING", "CONNECTED",
                                                            "DISCONNECTING"};
  if (state >= k_names.size()) {
    return std::nullopt;
  }
  return k_names[state];
}

namespace {

// "<hex>:" — the first column of every entry.
bool entry_pointer(std::string_view tok, std::string_view& ptr) {
  if (!tok.ends_with(':')) {
    return false;
  }
  ptr = tok.substr(0, tok.size() - 1);
  return ptr.size() <= 16 && net_detail::is_hex(ptr);
}

}  // namespace

Parsed<std::vector<UnixSocket>> parse_net_unix(std::string_view text) {
  using net_detail::column_message;
  using net_detail::warn;
  Parsed<std::vector<UnixSocket>> out;
  net_detail::LineCursor lines(text);
  std::string_view line;
  std::size_t no = 0;
  bool first = true;
  bool has_inode = true;
  while (lines.next(line, no)) {
    if (first) {
      first = false;
      if (net_detail::trim(line).starts_with("Num")) {
        has_inode = line.find("Inode") != std::string_view::npos;
        continue;
      }
      warn(out, no, line, "missing header line (\"Num RefCount ...\"); assuming the layout with Inode");
    }
    std::size_t pos = 0;
    std::string_view ptr;
    if (!entry_pointer(net_detail::next_token(line, pos), ptr)) {
      if (!out.value.empty() && out.value.back().path) {
        out.value.back().path->append("\n").append(line);
        warn(out, no, line,
             "not a socket entry: taken as the continuation of the previous socket's path (a path containing a "
             "newline; the kernel does not escape it)");
      } else {
        warn(out, no, line, "not a socket entry (column 1 is not \"<hex>:\"); line skipped");
      }
      continue;
    }
    UnixSocket s;
    s.line = no;
    s.pointer = std::string(ptr);
    struct Col {
      std::string_view name;
      std::optional<std::uint64_t>* field;
      int base;
    };
    const std::array<Col, 6> cols = {Col{"RefCount", &s.refcount, 16}, Col{"Protocol", &s.protocol, 16},
                                     Col{"Flags", &s.flags, 16},       Col{"Type", &s.type, 16},
                                     Col{"St", &s.state, 16},          Col{"Inode", &s.inode, 10}};
    const std::size_t ncols = has_inode ? 6 : 5;
    std::size_t seen = 1;
    bool complete = true;
    for (std::size_t i = 0; i < ncols; ++i) {
      const std::string_view t = net_detail::next_token(line, pos);
      if (t.empty()) {
        complete = false;
        break;
      }
      ++seen;
      *cols[i].field = parse_u64(t, cols[i].base);
      if (!*cols[i].field) {
        warn(out, no, t,
             column_message(
                 i + 2, cols[i].name,
                 cols[i].base == 16 ? "not a hex number (or above 2^64-1)" : "not a decimal number (or above 2^64-1)"));
      }
    }
    if (!complete) {
      warn(out, no, line,
           "only " + std::to_string(seen) + " columns, expected " + std::to_string(ncols + 1) +
               " (truncated line?); parsed values kept");
    } else if (pos + 1 < line.size() && line[pos] == ' ') {
      // Exactly one space separates the inode from the path; the path itself is taken verbatim.
      s.path = std::string(line.substr(pos + 1));
    } else if (pos < line.size()) {
      warn(out, no, line.substr(pos), "unexpected text after the last column (no path separator)");
    }
    out.value.push_back(std::move(s));
  }
  return out;
}

}  // namespace procsnap::procfs
