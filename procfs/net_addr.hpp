#pragma once
// Address and code decoding shared by the /proc/net parsers.
//
// Byte order: /proc/net/{tcp,udp,raw,udplite} and /proc/net/route print each IPv4 address as ONE 32-bit word
// with "%08X", and /proc/net/{tcp6,udp6,raw6,udplite6} print an IPv6 address as FOUR 32-bit words "%08X" each.
// The words hold the address in network byte order in memory, so the printed number depends on the CAPTURED
// host's endianness: 127.0.0.1 prints as 0100007F on x86_64/aarch64 (little-endian) and as 7F000001 on s390x.
// The decoding here never depends on the analyzing machine: the caller says which order the captured host had
// (byte_order_for_arch() maps uname's machine to it; the importer assumes little-endian, which covers x86_64,
// aarch64, riscv64, ppc64le, loongarch64 — see schema/30_net.sql). Ports are printed after ntohs(), so "0050" is
// port 80 on every host. /proc/net/ipv6_route uses %pi6: 32 hex digits already in network order.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace procsnap::procfs {

enum class ByteOrder { little, big };

/// Byte order of a Linux host from its `uname -m`; nullopt when unknown.
[[nodiscard]] std::optional<ByteOrder> byte_order_for_arch(std::string_view machine);

/// a.b.c.d
[[nodiscard]] std::string format_ipv4(const std::array<std::uint8_t, 4>& a);
/// Exactly what glibc's inet_ntop(AF_INET6) prints: lower-case hex, the first longest run (>= 2) of zero
/// groups as "::", and an embedded dotted quad for IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible
/// (::a.b.c.d, first 96 bits zero, not ::1 / ::) addresses.
[[nodiscard]] std::string format_ipv6(const std::array<std::uint8_t, 16>& a);

/// 8 hex digits (one 32-bit word in `order`) -> "a.b.c.d"; nullopt unless exactly 8 hex digits.
[[nodiscard]] std::optional<std::string> decode_hex_ipv4(std::string_view hex, ByteOrder order);
/// 32 hex digits (four 32-bit words in `order`) -> inet_ntop text; nullopt unless exactly 32 hex digits.
[[nodiscard]] std::optional<std::string> decode_hex_ipv6(std::string_view hex, ByteOrder order);
/// 32 hex digits, bytes in network order (ipv6_route's %pi6) -> inet_ntop text.
[[nodiscard]] std::optional<std::string> decode_hex_ipv6_network(std::string_view hex);

/// sk_state names (include/net/tcp_states.h). UDP and raw sockets use the same values (07 = CLOSE,
/// 01 = ESTABLISHED for a connected socket). nullopt for unknown values.
[[nodiscard]] std::optional<std::string_view> tcp_state_name(std::uint64_t state);
/// "tr" column: 0 off, 1 on (retransmit / loss probe / syn-ack), 2 keepalive, 3 timewait, 4 probe (zero window).
[[nodiscard]] std::optional<std::string_view> tcp_timer_name(std::uint64_t timer);
/// SOCK_* socket types (STREAM, DGRAM, RAW, RDM, SEQPACKET, DCCP, PACKET).
[[nodiscard]] std::optional<std::string_view> socket_type_name(std::uint64_t type);

}  // namespace procsnap::procfs
