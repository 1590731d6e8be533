#include "procfs/net_inet.hpp"

#include "procfs/net_common.hpp"
#include "procfs/numbers.hpp"

namespace procsnap::procfs {

namespace {

using net_detail::column_message;
using net_detail::warn;

struct LineParser {
  Parsed<std::vector<InetSocket>>& out;
  std::size_t line_no;
  std::string_view line;

  std::optional<std::uint64_t> number(std::string_view tok, std::size_t col, std::string_view name, int base) {
    auto v = parse_u64(tok, base);
    if (!v) {
      warn(
          out, line_no, tok,
          column_message(col, name,
                         base == 16 ? "not a hex number (or above 2^64-1)" : "not a decimal number (or above 2^64-1)"));
    }
    return v;
  }
  std::optional<std::int64_t> signed_number(std::string_view tok, std::size_t col, std::string_view name) {
    auto v = parse_i64(tok);
    if (!v) {
      warn(out, line_no, tok, column_message(col, name, "not a signed decimal number (or out of 64-bit range)"));
    }
    return v;
  }
  // "a:b" -> the two halves, or a diagnostic.
  bool halves(std::string_view tok, std::size_t col, std::string_view name, std::string_view& a, std::string_view& b) {
    const std::size_t c = tok.rfind(':');
    if (c == std::string_view::npos) {
      warn(out, line_no, tok, column_message(col, name, "missing ':'"));
      return false;
    }
    a = tok.substr(0, c);
    b = tok.substr(c + 1);
    return true;
  }
  void endpoint(std::string_view tok, std::size_t col, std::string_view name, InetFamily family, ByteOrder order,
                std::optional<std::string>& addr, std::optional<std::uint32_t>& port) {
    std::string_view a;
    std::string_view p;
    if (!halves(tok, col, name, a, p)) {
      return;
    }
    const std::size_t want = family == InetFamily::v4 ? 8 : 32;
    if (!net_detail::is_hex(a)) {
      warn(out, line_no, tok, column_message(col, name, "address is not hex"));
    } else if (a.size() != want) {
      warn(out, line_no, tok,
           column_message(col, name,
                          "address has " + std::to_string(a.size()) + " hex digits, expected " + std::to_string(want)));
    } else {
      addr = family == InetFamily::v4 ? decode_hex_ipv4(a, order) : decode_hex_ipv6(a, order);
    }
    const auto pv = parse_hex_u64(p);
    if (!pv || *pv > 0xffff) {
      warn(out, line_no, tok, column_message(col, name, "port is not a 16-bit hex number"));
    } else {
      port = static_cast<std::uint32_t>(*pv);
    }
  }
};

}  // namespace

Parsed<std::vector<InetSocket>> parse_net_inet(std::string_view text, InetProto proto, InetFamily family,
                                               ByteOrder order) {
  Parsed<std::vector<InetSocket>> out;
  net_detail::LineCursor lines(text);
  std::string_view line;
  std::size_t no = 0;
  bool first = true;
  bool extra_reported = false;
  while (lines.next(line, no)) {
    if (first) {
      first = false;
      if (net_detail::trim(line).starts_with("sl")) {
        continue;
      }
      warn(out, no, line, "missing header line (\"sl local_address ...\"); parsing the line as an entry");
    }
    if (net_detail::trim(line).empty()) {
      warn(out, no, line, "empty line");
      continue;
    }
    LineParser lp{out, no, line};
    std::size_t pos = 0;
    std::size_t col = 0;
    auto tok = [&]() {
      const std::string_view t = net_detail::next_token(line, pos);
      if (!t.empty()) ++col;
      return t;
    };
    // Column 1, "sl:" — anything else is not a socket entry (e.g. garbage or a torn line): skip it.
    const std::string_view sl_tok = tok();
    const auto sl = sl_tok.ends_with(':') ? parse_u64(sl_tok.substr(0, sl_tok.size() - 1)) : std::nullopt;
    if (!sl) {
      warn(out, no, line, "not a socket entry (column 1 is not \"<number>:\"); line skipped");
      continue;
    }
    InetSocket s;
    s.line = no;
    s.sl = sl;
    // Columns come in order, so the first missing one means all later ones are missing too.
    std::string_view t;
    std::string_view a;
    std::string_view b;
    if (!(t = tok()).empty()) lp.endpoint(t, 2, "local_address", family, order, s.local_address, s.local_port);
    if (!(t = tok()).empty()) lp.endpoint(t, 3, "rem_address", family, order, s.remote_address, s.remote_port);
    if (!(t = tok()).empty()) s.state = lp.number(t, 4, "st", 16);
    if (!(t = tok()).empty() && lp.halves(t, 5, "tx_queue:rx_queue", a, b)) {
      s.tx_queue = lp.number(a, 5, "tx_queue", 16);
      s.rx_queue = lp.number(b, 5, "rx_queue", 16);
    }
    if (!(t = tok()).empty() && lp.halves(t, 6, "tr:tm->when", a, b)) {
      s.timer_active = lp.number(a, 6, "tr", 16);
      s.timer_expires = lp.number(b, 6, "tm->when", 16);
    }
    if (!(t = tok()).empty()) s.retransmits = lp.number(t, 7, "retrnsmt", 16);
    if (!(t = tok()).empty()) s.uid = lp.number(t, 8, "uid", 10);
    if (!(t = tok()).empty()) s.timeout = lp.signed_number(t, 9, "timeout");
    if (!(t = tok()).empty()) s.inode = lp.number(t, 10, "inode", 10);
    if (!(t = tok()).empty()) s.refcount = lp.signed_number(t, 11, "ref");
    if (!(t = tok()).empty()) {
      if (net_detail::is_hex(t)) {
        s.pointer = std::string(t);
      } else {
        warn(out, no, t, column_message(12, "pointer", "not hex"));
      }
    }
    if (proto == InetProto::tcp) {
      if (!(t = tok()).empty()) s.rto = lp.number(t, 13, "rto", 10);
      if (!(t = tok()).empty()) s.ato = lp.number(t, 14, "ato", 10);
      if (!(t = tok()).empty()) s.quick_ack = lp.number(t, 15, "quick_ack", 10);
      if (!(t = tok()).empty()) s.snd_cwnd = lp.number(t, 16, "snd_cwnd", 10);
      if (!(t = tok()).empty()) s.ssthresh = lp.signed_number(t, 17, "ssthresh");
    } else {
      if (!(t = tok()).empty()) s.drops = lp.number(t, 13, "drops", 10);
    }
    // TCP TIME_WAIT (6) and NEW_SYN_RECV (12) entries legitimately stop after the pointer (12 columns).
    const bool tcp_mini = proto == InetProto::tcp && s.state && (*s.state == 6 || *s.state == 12);
    const std::size_t min_cols = proto == InetProto::tcp ? (tcp_mini ? 12 : 17) : 13;
    if (col < min_cols) {
      warn(out, no, line,
           "only " + std::to_string(col) + " columns, expected " + std::to_string(min_cols) +
               " (truncated line?); parsed values kept");
    }
    const std::string_view rest = net_detail::trim(line.substr(pos));
    if (!rest.empty()) {
      s.extra = std::string(rest.substr(0, net_detail::k_extra_max));
      if (!extra_reported) {
        extra_reported = true;
        warn(out, no, rest, "columns beyond the known layout (kept verbatim in extra)");
      }
      if (rest.size() > net_detail::k_extra_max) {
        warn(out, no, rest, "extra columns longer than 4096 bytes: truncated in extra (raw member keeps all)");
      }
    }
    out.value.push_back(std::move(s));
  }
  return out;
}

}  // namespace procsnap::procfs
