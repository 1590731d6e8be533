#include "procfs/net_addr.hpp"

#include <array>

#include "procfs/net_common.hpp"

namespace procsnap::procfs {

std::optional<ByteOrder> byte_order_for_arch(std::string_view m) {
  // Big-endian Linux ports; everything else common today is little-endian.
  static constexpr std::array<std::string_view, 11> k_big = {
      "s390x", "s390", "ppc64", "ppc", "powerpc", "sparc64", "sparc", "mips", "mips64", "aarch64_be", "armeb"};
  static constexpr std::array<std::string_view, 14> k_little = {
      "x86_64",  "i386",    "i486",        "i586",   "i686",     "aarch64", "riscv64",
      "riscv32", "ppc64le", "loongarch64", "mipsel", "mips64el", "armv7l",  "armv6l"};
  for (auto b : k_big) {
    if (m == b) return ByteOrder::big;
  }
  for (auto l : k_little) {
    if (m == l) return ByteOrder::little;
  }
  if (m.starts_with("arm") && !m.ends_with("b")) {
    return ByteOrder::little;
  }
  return std::nullopt;
}

std::string format_ipv4(const std::array<std::uint8_t, 4>& a) {
  std::string s;
  for (std::size_t i = 0; i < 4; ++i) {
    if (i != 0) s += '.';
    s += std::to_string(a[i]);
  }
  return s;
}

std::string format_ipv6(const std::array<std::uint8_t, 16>& a) {
  // Mirrors glibc resolv/inet_ntop.c (inet_ntop6) so the text equals what osquery and ss show.
  std::array<unsigned, 8> w{};
  for (std::size_t i = 0; i < 8; ++i) {
    w[i] = (static_cast<unsigned>(a[2 * i]) << 8) | a[2 * i + 1];
  }
  int best_base = -1;
  int best_len = 0;
  int cur_base = -1;
  int cur_len = 0;
  for (int i = 0; i < 8; ++i) {
    if (w[static_cast<std::size_t>(i)] == 0) {
      if (cur_base == -1) {
        cur_base = i;
        cur_len = 1;
      } else {
        ++cur_len;
      }
    } else if (cur_base != -1) {
      if (best_base == -1 || cur_len > best_len) {
        best_base = cur_base;
        best_len = cur_len;
      }
      cur_base = -1;
    }
  }
  if (cur_base != -1 && (best_base == -1 || cur_len > best_len)) {
    best_base = cur_base;
    best_len = cur_len;
  }
  if (best_base != -1 && best_len < 2) {
    best_base = -1;
  }
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 8; ++i) {
    if (best_base != -1 && i >= best_base && i < best_base + best_len) {
      if (i == best_base) s += ':';
      continue;
    }
    if (i != 0) s += ':';
    if (i == 6 && best_base == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
      s += format_ipv4({a[12], a[13], a[14], a[15]});
      return s;
    }
    const unsigned v = w[static_cast<std::size_t>(i)];
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const unsigned d = (v >> shift) & 0xf;
      if (d != 0 || started || shift == 0) {
        s += k_digits[d];
        started = true;
      }
    }
  }
  if (best_base != -1 && best_base + best_len == 8) {
    s += ':';
  }
  return s;
}

namespace {

unsigned hex_value(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  return static_cast<unsigned>(c - 'A' + 10);
}

// Appends the four bytes of one printed 32-bit word as they lay in the captured host's memory.
void word_bytes(std::string_view hex8, ByteOrder order, std::uint8_t* out) {
  std::uint32_t v = 0;
  for (char c : hex8) {
    v = (v << 4) | hex_value(c);
  }
  for (std::size_t i = 0; i < 4; ++i) {
    const std::size_t shift = order == ByteOrder::little ? 8 * i : 8 * (3 - i);
    out[i] = static_cast<std::uint8_t>((v >> shift) & 0xff);
  }
}

}  // namespace

std::optional<std::string> decode_hex_ipv4(std::string_view hex, ByteOrder order) {
  if (hex.size() != 8 || !net_detail::is_hex(hex)) {
    return std::nullopt;
  }
  std::array<std::uint8_t, 4> a{};
  word_bytes(hex, order, a.data());
  return format_ipv4(a);
}

std::optional<std::string> decode_hex_ipv6(std::string_view hex, ByteOrder order) {
  if (hex.size() != 32 || !net_detail::is_hex(hex)) {
    return std::nullopt;
  }
  std::array<std::uint8_t, 16> a{};
  for (std::size_t i = 0; i < 4; ++i) {
    word_bytes(hex.substr(8 * i, 8), order, a.data() + 4 * i);
  }
  return format_ipv6(a);
}

std::optional<std::string> decode_hex_ipv6_network(std::string_view hex) {
  if (hex.size() != 32 || !net_detail::is_hex(hex)) {
    return std::nullopt;
  }
  std::array<std::uint8_t, 16> a{};
  for (std::size_t i = 0; i < 16; ++i) {
    a[i] = static_cast<std::uint8_t>((hex_value(hex[2 * i]) << 4) | hex_value(hex[2 * i + 1]));
  }
  return format_ipv6(a);
}

std::optional<std::string_view> tcp_state_name(std::uint64_t state) {
  static constexpr std::array<std::string_view, 14> k_names = {
      "",      "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",    "TIME_WAIT",
      "CLOSE", "CLOSE_WAIT",  "LAST_ACK", "LISTEN",   "CLOSING",   "NEW_SYN_RECV", "BOUND_INACTIVE"};
  if (state == 0 || state >= k_names.size()) {
    return std::nullopt;
  }
  return k_names[state];
}

std::optional<std::string_view> tcp_timer_name(std::uint64_t timer) {
  static constexpr std::array<std::string_view, 5> k_names = {"off", "on", "keepalive", "timewait", "probe"};
  if (timer >= k_names.size()) {
    return std::nullopt;
  }
  return k_names[timer];
}

std::optional<std::string_view> socket_type_name(std::uint64_t type) {
  switch (type) {
    case 1:
      return "STREAM";
    case 2:
      return "DGRAM";
    case 3:
      return "RAW";
    case 4:
      return "RDM";
    case 5:
      return "SEQPACKET";
    case 6:
      return "DCCP";
    case 10:
      return "PACKET";
    default:
      return std::nullopt;
  }
}

}  // namespace procsnap::procfs
