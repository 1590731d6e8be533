#include "procfs/net_if_inet6.hpp"

#include <array>

#include "procfs/net_addr.hpp"
#include "procfs/net_common.hpp"
#include "procfs/numbers.hpp"

namespace procsnap::procfs {

using net_detail::column_message;
using net_detail::trim;
using net_detail::warn;

std::optional<std::string> ipv6_prefix_mask(std::uint64_t prefix) {
  if (prefix > 128) {
    return std::nullopt;
  }
  std::array<std::uint8_t, 16> m{};
  for (std::size_t i = 0; i < m.size(); ++i) {
    const std::uint64_t bits = prefix > i * 8 ? std::min<std::uint64_t>(prefix - i * 8, 8) : 0;
    m[i] = static_cast<std::uint8_t>(0xff00U >> bits);
  }
  return format_ipv6(m);
}

Parsed<std::vector<IfInet6Entry>> parse_net_if_inet6(std::string_view text) {
  Parsed<std::vector<IfInet6Entry>> out;
  net_detail::LineCursor lines(text);
  std::string_view line;
  std::size_t no = 0;
  bool extra_reported = false;
  while (lines.next(line, no)) {
    if (trim(line).empty()) {
      warn(out, no, line, "empty line");
      continue;
    }
    // The key is the address; a whole line (6 columns) with a damaged address is kept as evidence of that line.
    std::string_view lead[6];
    if (net_detail::leading_tokens(line, lead, 6) < 6 && !decode_hex_ipv6_network(lead[0])) {
      net_detail::skip_line(out, no, line, "no 32-digit hex address in column 1 and not a whole line");
      continue;
    }
    IfInet6Entry e;
    e.line = no;
    std::size_t pos = 0;
    std::size_t seen = 0;
    auto hex = [&](std::string_view tok, std::size_t col, std::string_view name, std::optional<std::uint64_t>& f) {
      f = net_detail::is_hex(tok) ? parse_hex_u64(tok) : std::nullopt;
      if (!f) warn(out, no, tok, column_message(col, name, "not a hex number (or above 2^64-1)"));
    };
    for (std::size_t c = 1; c <= 6; ++c) {
      const std::string_view tok = net_detail::next_token(line, pos);
      if (tok.empty()) break;
      ++seen;
      switch (c) {
        case 1:
          e.address = decode_hex_ipv6_network(tok);
          if (!e.address) warn(out, no, tok, column_message(c, "address", "not a 32-digit hex IPv6 address"));
          break;
        case 2:
          hex(tok, c, "ifindex", e.ifindex);
          break;
        case 3:
          hex(tok, c, "prefix length", e.prefix);
          if (e.prefix && *e.prefix > 128) {
            warn(out, no, tok, column_message(c, "prefix length", "above 128"));
            e.prefix.reset();
          }
          break;
        case 4:
          hex(tok, c, "scope", e.scope);
          break;
        case 5:
          hex(tok, c, "flags", e.flags);
          break;
        default:
          e.iface = std::string(tok);
          break;
      }
    }
    if (seen < 6) net_detail::report_short(out, no, line, seen, 6);
    net_detail::report_extra(out, no, line.substr(pos), extra_reported);
    if (e.prefix) e.mask = ipv6_prefix_mask(*e.prefix);
    out.value.push_back(std::move(e));
  }
  return out;
}

}  // namespace procsnap::procfs
