#include "procfs/net_route.hpp"

#include "procfs/net_common.hpp"
#include "procfs/numbers.hpp"

namespace procsnap::procfs {

namespace {

using net_detail::column_message;
using net_detail::report_extra;
using net_detail::report_short;
using net_detail::trim;
using net_detail::warn;

// "0x1f" -> 31
std::optional<std::uint64_t> parse_0x(std::string_view s) {
  if (!s.starts_with("0x") && !s.starts_with("0X")) {
    return std::nullopt;
  }
  return parse_hex_u64(s.substr(2));
}

}  // namespace

Parsed<std::vector<ArpEntry>> parse_net_arp(std::string_view text) {
  Parsed<std::vector<ArpEntry>> out;
  net_detail::LineCursor lines(text);
  std::string_view line;
  std::size_t no = 0;
  bool first = true;
  bool extra = false;
  while (lines.next(line, no)) {
    if (first) {
      first = false;
      if (trim(line).starts_with("IP address")) continue;
      warn(out, no, line, "missing header line (\"IP address HW type ...\"); parsing the line as an entry");
    }
    if (trim(line).empty()) {
      warn(out, no, line, "empty line");
      continue;
    }
    std::size_t pos = 0;
    std::array<std::string_view, 6> t{};
    std::size_t n = 0;
    for (; n < t.size(); ++n) {
      t[n] = net_detail::next_token(line, pos);
      if (t[n].empty()) break;
    }
    if (n < 2) {
      // The IP address is free text as printed: it keys a row only with the HW type column after it.
      net_detail::skip_line(out, no, line, "an IP address without its HW type column");
      continue;
    }
    ArpEntry e;
    e.line = no;
    // A device without a hardware address prints an empty HW address: 5 columns with "*" fourth.
    if (n == 5 && t[3] == "*") {
      t[5] = t[4];
      t[4] = t[3];
      t[3] = {};
      n = 6;
    }
    if (n >= 1) e.ip_address = std::string(t[0]);
    if (n >= 2) {
      e.hw_type = parse_0x(t[1]);
      if (!e.hw_type) warn(out, no, t[1], column_message(2, "HW type", "not a 0x hex number"));
    }
    if (n >= 3) {
      e.flags = parse_0x(t[2]);
      if (!e.flags) warn(out, no, t[2], column_message(3, "Flags", "not a 0x hex number"));
    }
    if (n >= 4 && !t[3].empty()) e.hw_address = std::string(t[3]);
    if (n >= 5) e.mask = std::string(t[4]);
    if (n >= 6) e.device = std::string(t[5]);
    if (n < 6) report_short(out, no, line, n, 6);
    report_extra(out, no, line.substr(pos), extra);
    out.value.push_back(std::move(e));
  }
  return out;
}

Parsed<std::vector<RouteEntry>> parse_net_route(std::string_view text, ByteOrder order) {
  Parsed<std::vector<RouteEntry>> out;
  net_detail::LineCursor lines(text);
  std::string_view line;
  std::size_t no = 0;
  bool first = true;
  bool extra = false;
  while (lines.next(line, no)) {
    if (first) {
      first = false;
      if (trim(line).starts_with("Iface")) continue;
      warn(out, no, line, "missing header line (\"Iface Destination ...\"); parsing the line as an entry");
    }
    if (trim(line).empty()) {
      warn(out, no, line, "empty line");
      continue;
    }
    std::string_view lead[2];
    if (net_detail::leading_tokens(line, lead, 2) < 2) {
      // The interface name is free text: it keys a row only with the destination column after it.
      net_detail::skip_line(out, no, line, "an interface name without its destination column");
      continue;
    }
    RouteEntry e;
    e.line = no;
    std::size_t pos = 0;
    std::size_t seen = 0;
    auto addr = [&](std::string_view tok, std::size_t col, std::string_view name, std::optional<std::string>& f) {
      f = decode_hex_ipv4(tok, order);
      if (!f) warn(out, no, tok, column_message(col, name, "not an 8-digit hex IPv4 address"));
    };
    auto u = [&](std::string_view tok, std::size_t col, std::string_view name, int base,
                 std::optional<std::uint64_t>& f) {
      f = parse_u64(tok, base);
      if (!f) warn(out, no, tok, column_message(col, name, "not a number (or above 2^64-1)"));
    };
    auto i = [&](std::string_view tok, std::size_t col, std::string_view name, std::optional<std::int64_t>& f) {
      f = parse_i64(tok);
      if (!f) warn(out, no, tok, column_message(col, name, "not a signed decimal number"));
    };
    for (std::size_t c = 1; c <= 11; ++c) {
      const std::string_view tok = net_detail::next_token(line, pos);
      if (tok.empty()) break;
      ++seen;
      switch (c) {
        case 1:
          e.iface = std::string(tok);
          break;
        case 2:
          addr(tok, c, "Destination", e.destination);
          break;
        case 3:
          addr(tok, c, "Gateway", e.gateway);
          break;
        case 4:
          u(tok, c, "Flags", 16, e.flags);
          break;
        case 5:
          i(tok, c, "RefCnt", e.refcnt);
          break;
        case 6:
          u(tok, c, "Use", 10, e.use);
          break;
        case 7:
          i(tok, c, "Metric", e.metric);
          break;
        case 8:
          addr(tok, c, "Mask", e.mask);
          break;
        case 9:
          i(tok, c, "MTU", e.mtu);
          break;
        case 10:
          u(tok, c, "Window", 10, e.window);
          break;
        case 11:
          u(tok, c, "IRTT", 10, e.irtt);
          break;
        default:
          break;
      }
    }
    if (seen < 11) report_short(out, no, line, seen, 11);
    report_extra(out, no, line.substr(pos), extra);
    out.value.push_back(std::move(e));
  }
  return out;
}

Parsed<std::vector<Ipv6RouteEntry>> parse_net_ipv6_route(std::string_view text) {
  Parsed<std::vector<Ipv6RouteEntry>> out;
  net_detail::LineCursor lines(text);
  std::string_view line;
  std::size_t no = 0;
  bool extra = false;
  while (lines.next(line, no)) {
    if (trim(line).empty()) {
      warn(out, no, line, "empty line");
      continue;
    }
    // The key is the destination or its prefix length; a whole line (10 columns) with both damaged is kept.
    std::string_view lead[10];
    const std::size_t have = net_detail::leading_tokens(line, lead, 10);
    if (have < 10 && !decode_hex_ipv6_network(lead[0]) && (have < 2 || !parse_hex_u64(lead[1]))) {
      net_detail::skip_line(out, no, line, "neither a destination nor its prefix length, and not a whole line");
      continue;
    }
    Ipv6RouteEntry e;
    e.line = no;
    std::size_t pos = 0;
    std::size_t seen = 0;
    auto addr = [&](std::string_view tok, std::size_t col, std::string_view name, std::optional<std::string>& f) {
      f = decode_hex_ipv6_network(tok);
      if (!f) warn(out, no, tok, column_message(col, name, "not a 32-digit hex IPv6 address"));
    };
    auto u = [&](std::string_view tok, std::size_t col, std::string_view name, std::optional<std::uint64_t>& f) {
      f = parse_hex_u64(tok);
      if (!f) warn(out, no, tok, column_message(col, name, "not a hex number (or above 2^64-1)"));
    };
    for (std::size_t c = 1; c <= 10; ++c) {
      const std::string_view tok = net_detail::next_token(line, pos);
      if (tok.empty()) break;
      ++seen;
      switch (c) {
        case 1:
          addr(tok, c, "destination", e.destination);
          break;
        case 2:
          u(tok, c, "destination_prefix", e.destination_prefix);
          break;
        case 3:
          addr(tok, c, "source", e.source);
          break;
        case 4:
          u(tok, c, "source_prefix", e.source_prefix);
          break;
        case 5:
          addr(tok, c, "next_hop", e.next_hop);
          break;
        case 6:
          u(tok, c, "metric", e.metric);
          break;
        case 7:
          u(tok, c, "refcnt", e.refcnt);
          break;
        case 8:
          u(tok, c, "use", e.use);
          break;
        case 9:
          u(tok, c, "flags", e.flags);
          break;
        case 10:
          e.iface = std::string(tok);
          break;
        default:
          break;
      }
    }
    if (seen < 10) report_short(out, no, line, seen, 10);
    report_extra(out, no, line.substr(pos), extra);
    out.value.push_back(std::move(e));
  }
  return out;
}

Parsed<std::vector<NetDevEntry>> parse_net_dev(std::string_view text) {
  Parsed<std::vector<NetDevEntry>> out;
  net_detail::LineCursor lines(text);
  std::string_view line;
  std::size_t no = 0;
  bool extra = false;
  while (lines.next(line, no)) {
    if (no <= 2 && line.find('|') != std::string_view::npos) {
      continue;  // the two header lines ("Inter-|   Receive ..." and " face |bytes ...")
    }
    if (trim(line).empty()) {
      warn(out, no, line, "empty line");
      continue;
    }
    // Interface names cannot contain ':' (dev_valid_name), but counters can touch the colon ("eth0:123"):
    // the last ':' separates them.
    const std::size_t colon = line.rfind(':');
    if (colon == std::string_view::npos) {
      warn(out, no, line, "not an interface line (no ':'); line skipped");
      continue;
    }
    NetDevEntry e;
    e.line = no;
    e.iface = std::string(trim(line.substr(0, colon)));
    const std::string_view rest = line.substr(colon + 1);
    std::size_t pos = 0;
    std::size_t seen = 0;
    for (std::size_t c = 0; c < e.v.size(); ++c) {
      const std::string_view tok = net_detail::next_token(rest, pos);
      if (tok.empty()) break;
      ++seen;
      e.v[c] = parse_u64(tok);
      if (!e.v[c]) {
        warn(out, no, tok, column_message(c + 2, k_net_dev_counters[c], "not a decimal number (or above 2^64-1)"));
      }
    }
    if (seen < e.v.size()) report_short(out, no, line, seen + 1, e.v.size() + 1);
    report_extra(out, no, rest.substr(pos), extra);
    out.value.push_back(std::move(e));
  }
  return out;
}

}  // namespace procsnap::procfs
