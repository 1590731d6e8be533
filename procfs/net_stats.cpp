#include "procfs/net_stats.hpp"

#include "procfs/net_common.hpp"
#include "procfs/numbers.hpp"

namespace procsnap::procfs {

namespace {

using net_detail::trim;
using net_detail::warn;

std::variant<std::monostate, std::int64_t, std::uint64_t> counter_value(std::string_view s) {
  if (s.starts_with('-')) {
    if (auto v = parse_i64(s)) return *v;
  } else if (auto u = parse_u64(s)) {
    return *u;
  }
  return std::monostate{};
}

// Keys are kernel identifiers; a hostile file could put megabytes in one. Keep them bounded in rows.
constexpr std::size_t k_key_max = 256;

void push(Parsed<std::vector<NetCounter>>& out, std::size_t no, std::optional<std::string> protocol,
          std::string_view key, std::string_view value) {
  NetCounter c;
  c.line = no;
  c.protocol = std::move(protocol);
  if (key.size() > k_key_max) {
    warn(out, no, key, "counter name longer than 256 bytes: truncated");
  }
  c.key = std::string(key.substr(0, k_key_max));
  c.value = counter_value(value);
  if (std::holds_alternative<std::monostate>(c.value)) {
    warn(out, no, value, "counter " + c.key + ": not a number (or out of 64-bit range)");
  }
  out.value.push_back(std::move(c));
}

// "PROTO: rest" -> PROTO and rest; false when there is no "PROTO:" prefix.
bool split_protocol(std::string_view line, std::string_view& protocol, std::string_view& rest) {
  const std::size_t c = line.find(':');
  if (c == std::string_view::npos || c == 0 || c > k_key_max) {
    return false;
  }
  protocol = line.substr(0, c);
  rest = line.substr(c + 1);
  for (char ch : protocol) {
    if (net_detail::is_blank(ch)) return false;
  }
  return true;
}

}  // namespace

Parsed<std::vector<NetCounter>> parse_net_sockstat(std::string_view text) {
  Parsed<std::vector<NetCounter>> out;
  net_detail::LineCursor lines(text);
  std::string_view line;
  std::size_t no = 0;
  while (lines.next(line, no)) {
    std::string_view proto;
    std::string_view rest;
    if (!split_protocol(line, proto, rest)) {
      warn(out, no, line, "not a \"PROTO: key value ...\" line; skipped");
      continue;
    }
    std::size_t pos = 0;
    for (;;) {
      const std::string_view key = net_detail::next_token(rest, pos);
      if (key.empty()) break;
      const std::string_view value = net_detail::next_token(rest, pos);
      if (value.empty()) {
        warn(out, no, key, "key without a value");
        break;
      }
      push(out, no, std::string(proto), key, value);
    }
  }
  return out;
}

Parsed<std::vector<NetCounter>> parse_net_snmp(std::string_view text) {
  Parsed<std::vector<NetCounter>> out;
  net_detail::LineCursor lines(text);
  std::string_view line;
  std::size_t no = 0;
  std::string_view names_line;
  std::string_view names_proto;
  std::size_t names_no = 0;
  while (lines.next(line, no)) {
    std::string_view proto;
    std::string_view rest;
    if (!split_protocol(line, proto, rest)) {
      warn(out, no, line, "not a \"Proto: ...\" line; skipped");
      names_line = {};
      continue;
    }
    if (names_line.empty() || proto != names_proto) {
      if (!names_line.empty()) {
        warn(out, names_no, names_line, "counter names without a value line; skipped");
      }
      names_line = rest;
      names_proto = proto;
      names_no = no;
      continue;
    }
    // A value line for the preceding names line.
    std::size_t npos = 0;
    std::size_t vpos = 0;
    for (;;) {
      const std::string_view key = net_detail::next_token(names_line, npos);
      const std::string_view value = net_detail::next_token(rest, vpos);
      if (key.empty() && value.empty()) break;
      if (key.empty() || value.empty()) {
        warn(out, no, line, "names and values differ in number; the unmatched ones are skipped");
        break;
      }
      push(out, no, std::string(proto), key, value);
    }
    names_line = {};
  }
  if (!names_line.empty()) {
    warn(out, names_no, names_line, "counter names without a value line (truncated file?)");
  }
  return out;
}

Parsed<std::vector<NetCounter>> parse_net_snmp6(std::string_view text) {
  Parsed<std::vector<NetCounter>> out;
  net_detail::LineCursor lines(text);
  std::string_view line;
  std::size_t no = 0;
  while (lines.next(line, no)) {
    if (trim(line).empty()) {
      warn(out, no, line, "empty line");
      continue;
    }
    std::size_t pos = 0;
    const std::string_view key = net_detail::next_token(line, pos);
    const std::string_view value = net_detail::next_token(line, pos);
    if (value.empty()) {
      warn(out, no, line, "counter without a value; skipped");
      continue;
    }
    if (!trim(line.substr(pos)).empty()) {
      warn(out, no, line, "text after the value (ignored)");
    }
    std::optional<std::string> proto;
    const std::size_t six = key.find('6');
    if (six != std::string_view::npos && six + 1 < key.size()) {
      proto = std::string(key.substr(0, std::min(six + 1, k_key_max)));
    }
    push(out, no, std::move(proto), key, value);
  }
  return out;
}

}  // namespace procsnap::procfs
