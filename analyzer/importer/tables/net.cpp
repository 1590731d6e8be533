// Handlers and table declarations of the net group (schema/30_net.sql is generated from them): each /proc/net
// file, in the collector's own namespace (proc/net/<file>) and in every other namespace (proc/<pid>/net/<file>),
// parsed by its procfs parser. Every row starts (snapshot_id, netns, source_pid, line) (Scope::netns, then the
// declared line column). Addresses are decoded as little-endian (see procfs/net_addr.hpp and the group's header).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "importer/registry.hpp"
#include "procfs/net_addr.hpp"
#include "procfs/net_inet.hpp"
#include "procfs/net_packet.hpp"
#include "procfs/net_fib_trie.hpp"
#include "procfs/net_if_inet6.hpp"
#include "procfs/net_route.hpp"
#include "procfs/net_stats.hpp"
#include "procfs/net_unix.hpp"

namespace procsnap::importer {

namespace {

using db::v;
using db::Value;

// The header of schema/30_net.sql.
constexpr std::string_view k_header =
    "Network tables, once per network namespace: proc/net/<file> (the collector's own namespace) and\n"
    "proc/<pid>/net/<file> (the first pid seen in each other namespace). Every row carries (snapshot_id, netns): the\n"
    "namespace inode, so a process reaches its sockets through proc_namespaces (its net ns) and proc_fds (its\n"
    "\"socket:[inode]\" links) as (snapshot_id, netns, inode). source_pid says whose view of the namespace was read\n"
    "(NULL for proc/net). line is the 1-based line in the member: together with the member it identifies the row.\n"
    "\n"
    "Addresses are text as inet_ntop prints them (IPv4-mapped IPv6 as ::ffff:a.b.c.d). The kernel prints IPv4 and\n"
    "IPv6 addresses as 32-bit words in the CAPTURED host's byte order; the importer decodes them as little-endian\n"
    "(x86_64, aarch64, riscv64, ppc64le, loongarch64). A big-endian capture (s390x, ppc64) would show byte-reversed\n"
    "addresses: procfs::byte_order_for_arch() exists for when the header's uname machine reaches the binders.\n"
    "Ports are host-order integers on every architecture. Values the kernel did not print, or that did not parse\n"
    "(see import_issues), are NULL.";

// The captured host's byte order. The header's uname machine does not reach Member yet: assume little-endian.
constexpr procfs::ByteOrder k_order = procfs::ByteOrder::little;

template <class T>
void report(const Member& m, TableSink& sink, const procfs::Parsed<T>& parsed) {
  for (const auto& d : parsed.diagnostics) {
    sink.issue(m.path, d.line, d.excerpt, d.message);
  }
}

Value line_value(std::size_t line) { return static_cast<std::int64_t>(line); }

/// Getter of the `line` column: the record's 1-based line (std::size_t), as INTEGER.
template <class R>
// NOLINTNEXTLINE(readability-identifier-naming): a getter, named like the function it stands for
constexpr auto line_col = [](const R& r) -> Value { return line_value(r.line); };

template <class F>
Value name_of(const std::optional<std::uint64_t>& x, F f) {
  if (!x) return std::monostate{};
  const auto n = f(*x);
  return n ? Value{db::Text{*n}} : Value{std::monostate{}};
}

Value text_or_null(const std::string& s) { return s.empty() ? Value{std::monostate{}} : Value{db::Text{s}}; }

// The socket tables' indexes: a process's fd link "socket:[inode]" finds its socket by (netns, inode).
constexpr IndexDecl k_tcp_indexes[] = {{"net_tcp_inode", "snapshot_id, netns, inode"}};
constexpr IndexDecl k_udp_indexes[] = {{"net_udp_inode", "snapshot_id, netns, inode"}};
constexpr IndexDecl k_raw_indexes[] = {{"net_raw_inode", "snapshot_id, netns, inode"}};
constexpr IndexDecl k_unix_indexes[] = {{"net_unix_inode", "snapshot_id, netns, inode"}};
constexpr IndexDecl k_packet_indexes[] = {{"net_packet_inode", "snapshot_id, netns, inode"}};
constexpr IndexDecl k_netlink_indexes[] = {{"net_netlink_inode", "snapshot_id, netns, inode"}};

// ---- tcp, tcp6, udp, udp6, udplite, udplite6, raw, raw6 ----

using S = procfs::InetSocket;

/// One socket line and what its file says about it: the address family and the IP protocol (the file's; raw
/// sockets print theirs in the local port column).
struct InetRow {
  const S& s;
  std::int64_t family;
  std::optional<std::int64_t> protocol;
};

/// Getter of a data member of the row's socket.
template <auto Member>
// NOLINTNEXTLINE(readability-identifier-naming): a getter, named like the function it stands for
constexpr auto sock = [](const InetRow& r) -> Value { return v(r.s.*Member); };

using InetC = ColsOf<InetRow>;
constexpr Table k_tcp(
    TableDecl{
        .name = "net_tcp",
        .scope = Scope::netns,
        .comment = "TCP sockets from tcp (IPv4) and tcp6 (IPv6), including LISTEN, TIME_WAIT and NEW_SYN_RECV entries.",
        .indexes = k_tcp_indexes},
    std::to_array<Col<InetRow>>({
        InetC::col_nn(
            "line", Type::integer, [](const InetRow& r) -> Value { return line_value(r.s.line); },
            "1-based line in the member"),
        InetC::col_nn("family", Type::integer, field<&InetRow::family>, "4 (file tcp) or 6 (file tcp6)"),
        InetC::col_nn("protocol", Type::integer, field<&InetRow::protocol>,
                      "IP protocol number: always 6 (IPPROTO_TCP)"),
        InetC::col("sl", Type::u64, sock<&S::sl>, "\"sl\": entry number in the listing"),
        InetC::col("local_address", Type::text, sock<&S::local_address>, "local address, inet_ntop text"),
        InetC::col("local_port", Type::integer, sock<&S::local_port>, "local port"),
        InetC::col("remote_address", Type::text, sock<&S::remote_address>,
                   "remote address, inet_ntop text (0.0.0.0 / :: when not connected)"),
        InetC::col("remote_port", Type::integer, sock<&S::remote_port>, "remote port (0 when not connected)"),
        InetC::col("state", Type::u64, sock<&S::state>,
                   "\"st\": TCP state number (1 ESTABLISHED ... 10 LISTEN ... 12 NEW_SYN_RECV)"),
        InetC::col(
            "state_name", Type::text,
            [](const InetRow& r) -> Value { return name_of(r.s.state, procfs::tcp_state_name); },
            "state as a name (ESTABLISHED, LISTEN, TIME_WAIT, ...); NULL if unknown"),
        InetC::col("tx_queue", Type::u64, sock<&S::tx_queue>, "bytes sent but not acknowledged (write_seq - snd_una)"),
        InetC::col("rx_queue", Type::u64, sock<&S::rx_queue>,
                   "bytes received not yet read; for LISTEN: connections waiting in accept()"),
        InetC::col("timer_active", Type::u64, sock<&S::timer_active>,
                   "\"tr\": 0 none, 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero-window probe"),
        InetC::col(
            "timer_name", Type::text,
            [](const InetRow& r) -> Value { return name_of(r.s.timer_active, procfs::tcp_timer_name); },
            "timer_active as off / on / keepalive / timewait / probe"),
        InetC::col("timer_expires", Type::u64, sock<&S::timer_expires>,
                   "\"tm->when\": clock ticks until the timer fires"),
        InetC::col("retransmits", Type::u64, sock<&S::retransmits>,
                   "\"retrnsmt\": unrecovered retransmission timeouts"),
        InetC::col("uid", Type::u64, sock<&S::uid>, "owner uid (as seen from the reader's user namespace)"),
        InetC::col("timeout", Type::integer, sock<&S::timeout>,
                   "\"timeout\": unanswered zero-window / keepalive probes (icsk_probes_out)"),
        InetC::col("inode", Type::u64, sock<&S::inode>,
                   "socket inode (0 for TIME_WAIT / NEW_SYN_RECV): joins proc_fds"),
        InetC::col("refcount", Type::integer, sock<&S::refcount>, "sk_refcnt"),
        InetC::col("pointer", Type::text, sock<&S::pointer>,
                   "kernel address of the socket as printed (%pK: hashed or zeros), hex"),
        InetC::col("rto", Type::u64, sock<&S::rto>, "retransmission timeout, clock ticks (full sockets only)"),
        InetC::col("ato", Type::u64, sock<&S::ato>, "delayed-ACK timeout, clock ticks (full sockets only)"),
        InetC::col("quick_ack", Type::u64, sock<&S::quick_ack>,
                   "(quick-ack count << 1) | pingpong mode (full sockets only)"),
        InetC::col("snd_cwnd", Type::u64, sock<&S::snd_cwnd>, "congestion window, segments (full sockets only)"),
        InetC::col("ssthresh", Type::integer, sock<&S::ssthresh>,
                   "slow-start threshold; -1 (kernel value) while in initial slow start"),
        InetC::col(
            "extra", Type::text, [](const InetRow& r) -> Value { return text_or_null(r.s.extra); },
            "columns beyond this layout, verbatim (NULL when none)"),
    }));

constexpr Table k_udp(
    TableDecl{.name = "net_udp",
              .scope = Scope::netns,
              .comment = "UDP and UDP-Lite sockets from udp, udp6, udplite and udplite6.",
              .indexes = k_udp_indexes},
    std::to_array<Col<InetRow>>({
        InetC::col_nn(
            "line", Type::integer, [](const InetRow& r) -> Value { return line_value(r.s.line); },
            "1-based line in the member"),
        InetC::col_nn("family", Type::integer, field<&InetRow::family>, "4 (udp, udplite) or 6 (udp6, udplite6)"),
        InetC::col_nn("protocol", Type::integer, field<&InetRow::protocol>,
                      "IP protocol number: 17 (UDP, files udp/udp6) or 136 (UDP-Lite)"),
        InetC::col("sl", Type::u64, sock<&S::sl>, "\"sl\": hash bucket of the socket (several sockets may share one)"),
        InetC::col("local_address", Type::text, sock<&S::local_address>, "local address, inet_ntop text"),
        InetC::col("local_port", Type::integer, sock<&S::local_port>, "local port"),
        InetC::col("remote_address", Type::text, sock<&S::remote_address>,
                   "connected peer address (0.0.0.0 / :: when not connected)"),
        InetC::col("remote_port", Type::integer, sock<&S::remote_port>, "connected peer port (0 when not connected)"),
        InetC::col("state", Type::u64, sock<&S::state>,
                   "\"st\": 7 (CLOSE) unconnected, 1 (ESTABLISHED) after connect()"),
        InetC::col(
            "state_name", Type::text,
            [](const InetRow& r) -> Value { return name_of(r.s.state, procfs::tcp_state_name); },
            "state as a name (CLOSE, ESTABLISHED)"),
        InetC::col("tx_queue", Type::u64, sock<&S::tx_queue>, "send buffer bytes allocated (sk_wmem_alloc)"),
        InetC::col("rx_queue", Type::u64, sock<&S::rx_queue>, "receive buffer bytes allocated (sk_rmem_alloc)"),
        InetC::col("timer_active", Type::u64, sock<&S::timer_active>, "\"tr\": always 0 for UDP"),
        InetC::col(
            "timer_name", Type::text,
            [](const InetRow& r) -> Value { return name_of(r.s.timer_active, procfs::tcp_timer_name); },
            "timer_active as a name"),
        InetC::col("timer_expires", Type::u64, sock<&S::timer_expires>, "\"tm->when\": always 0 for UDP"),
        InetC::col("retransmits", Type::u64, sock<&S::retransmits>, "\"retrnsmt\": always 0 for UDP"),
        InetC::col("uid", Type::u64, sock<&S::uid>, "owner uid (as seen from the reader's user namespace)"),
        InetC::col("timeout", Type::integer, sock<&S::timeout>, "\"timeout\": always 0 for UDP"),
        InetC::col("inode", Type::u64, sock<&S::inode>, "socket inode: joins proc_fds"),
        InetC::col("refcount", Type::integer, sock<&S::refcount>, "sk_refcnt"),
        InetC::col("pointer", Type::text, sock<&S::pointer>,
                   "kernel address of the socket as printed (%pK: hashed or zeros), hex"),
        InetC::col("drops", Type::u64, sock<&S::drops>, "datagrams dropped (sk_drops)"),
        InetC::col(
            "extra", Type::text, [](const InetRow& r) -> Value { return text_or_null(r.s.extra); },
            "columns beyond this layout, verbatim (NULL when none)"),
    }));

constexpr Table k_raw(
    TableDecl{.name = "net_raw",
              .scope = Scope::netns,
              .comment = "Raw IP sockets from raw and raw6 (ping, packet crafting, routing daemons).",
              .indexes = k_raw_indexes},
    std::to_array<Col<InetRow>>({
        InetC::col_nn(
            "line", Type::integer, [](const InetRow& r) -> Value { return line_value(r.s.line); },
            "1-based line in the member"),
        InetC::col_nn("family", Type::integer, field<&InetRow::family>, "4 (raw) or 6 (raw6)"),
        InetC::col("protocol", Type::integer, field<&InetRow::protocol>,
                   "IP protocol the socket receives (= local_port: 1 ICMP, 58 ICMPv6, 255 RAW)"),
        InetC::col("sl", Type::u64, sock<&S::sl>, "\"sl\": hash bucket of the socket"),
        InetC::col("local_address", Type::text, sock<&S::local_address>, "bound local address, inet_ntop text"),
        InetC::col("local_port", Type::integer, sock<&S::local_port>, "the kernel prints the IP protocol number here"),
        InetC::col("remote_address", Type::text, sock<&S::remote_address>,
                   "connected peer address (0.0.0.0 / :: when not connected)"),
        InetC::col("remote_port", Type::integer, sock<&S::remote_port>, "always 0"),
        InetC::col("state", Type::u64, sock<&S::state>, "\"st\": 7 (CLOSE) or 1 (ESTABLISHED after connect())"),
        InetC::col(
            "state_name", Type::text,
            [](const InetRow& r) -> Value { return name_of(r.s.state, procfs::tcp_state_name); }, "state as a name"),
        InetC::col("tx_queue", Type::u64, sock<&S::tx_queue>, "send buffer bytes allocated (sk_wmem_alloc)"),
        InetC::col("rx_queue", Type::u64, sock<&S::rx_queue>, "receive buffer bytes allocated (sk_rmem_alloc)"),
        InetC::col("timer_active", Type::u64, sock<&S::timer_active>, "\"tr\": always 0"),
        InetC::col(
            "timer_name", Type::text,
            [](const InetRow& r) -> Value { return name_of(r.s.timer_active, procfs::tcp_timer_name); },
            "timer_active as a name"),
        InetC::col("timer_expires", Type::u64, sock<&S::timer_expires>, "\"tm->when\": always 0"),
        InetC::col("retransmits", Type::u64, sock<&S::retransmits>, "\"retrnsmt\": always 0"),
        InetC::col("uid", Type::u64, sock<&S::uid>, "owner uid (as seen from the reader's user namespace)"),
        InetC::col("timeout", Type::integer, sock<&S::timeout>, "\"timeout\": always 0"),
        InetC::col("inode", Type::u64, sock<&S::inode>, "socket inode: joins proc_fds"),
        InetC::col("refcount", Type::integer, sock<&S::refcount>, "sk_refcnt"),
        InetC::col("pointer", Type::text, sock<&S::pointer>,
                   "kernel address of the socket as printed (%pK: hashed or zeros), hex"),
        InetC::col("drops", Type::u64, sock<&S::drops>, "packets dropped (sk_drops)"),
        InetC::col(
            "extra", Type::text, [](const InetRow& r) -> Value { return text_or_null(r.s.extra); },
            "columns beyond this layout, verbatim (NULL when none)"),
    }));

template <procfs::InetProto P, procfs::InetFamily F, int IpProto>
void inet_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_inet(m.text(), P, F, k_order);
  report(m, sink, parsed);
  const auto family = static_cast<std::int64_t>(F);
  for (const auto& s : parsed.value) {
    // Raw sockets print their IP protocol in the local port column.
    std::optional<std::int64_t> protocol = IpProto;
    if constexpr (P == procfs::InetProto::raw) {
      protocol = s.local_port ? std::optional<std::int64_t>(*s.local_port) : std::nullopt;
    }
    const InetRow r{s, family, protocol};
    if constexpr (P == procfs::InetProto::tcp) {
      row(sink, m, k_tcp, r);
    } else if constexpr (P == procfs::InetProto::raw) {
      row(sink, m, k_raw, r);
    } else {
      row(sink, m, k_udp, r);
    }
  }
}

// ---- unix ----

using Unix = procfs::UnixSocket;

std::optional<bool> listening(const Unix& s) {
  return s.flags ? std::optional<bool>((*s.flags & procfs::k_unix_flag_listening) != 0) : std::nullopt;
}
std::optional<bool> abstract(const Unix& s) {
  return s.path ? std::optional<bool>(!s.path->empty() && s.path->front() == '@') : std::nullopt;
}

using UnixC = ColsOf<Unix>;
constexpr Table k_unix(
    TableDecl{.name = "net_unix",
              .scope = Scope::netns,
              .comment = "Unix domain sockets from unix.",
              .indexes = k_unix_indexes},
    std::to_array<Col<Unix>>({
        UnixC::col_nn("line", Type::integer, line_col<Unix>, "1-based line in the member"),
        UnixC::col("pointer", Type::text, field<&Unix::pointer>,
                   "\"Num\": kernel address of the socket as printed (%pK), hex"),
        UnixC::col("refcount", Type::u64, field<&Unix::refcount>, "\"RefCount\": sk_refcnt"),
        UnixC::col("protocol", Type::u64, field<&Unix::protocol>, "\"Protocol\": always 0"),
        UnixC::col("flags", Type::u64, field<&Unix::flags>,
                   "\"Flags\": 65536 (0x10000, __SO_ACCEPTCON) when listening"),
        UnixC::col(
            "listening", Type::integer, [](const Unix& s) -> Value { return v(listening(s)); },
            "1 when flags has __SO_ACCEPTCON, else 0; NULL when flags unknown"),
        UnixC::col("type", Type::u64, field<&Unix::type>, "\"Type\": 1 STREAM, 2 DGRAM, 5 SEQPACKET"),
        UnixC::col(
            "type_name", Type::text, [](const Unix& s) -> Value { return name_of(s.type, procfs::socket_type_name); },
            "type as a name (STREAM, DGRAM, SEQPACKET, ...)"),
        UnixC::col("state", Type::u64, field<&Unix::state>,
                   "\"St\": 1 UNCONNECTED, 2 CONNECTING, 3 CONNECTED, 4 DISCONNECTING"),
        UnixC::col(
            "state_name", Type::text, [](const Unix& s) -> Value { return name_of(s.state, procfs::unix_state_name); },
            "state as a name"),
        UnixC::col("inode", Type::u64, field<&Unix::inode>,
                   "\"Inode\": socket inode, joins proc_fds (NULL in the pre-2.6 layout)"),
        UnixC::col("path", Type::text, field<&Unix::path>,
                   "bound address as printed (raw bytes; abstract: '@' + name, NULs as '@')"),
        UnixC::col(
            "abstract", Type::integer, [](const Unix& s) -> Value { return v(abstract(s)); },
            "1 when path starts with '@' (abstract namespace), 0 otherwise, NULL if no path"),
    }));

void unix_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_unix(m.text());
  report(m, sink, parsed);
  for (const auto& s : parsed.value) {
    row(sink, m, k_unix, s);
  }
}

// ---- packet, netlink ----

using Packet = procfs::PacketSocket;

/// The socket type as socket_type_name() takes it (a negative type has no name).
std::optional<std::uint64_t> packet_type(const Packet& s) {
  return s.type && *s.type >= 0 ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(*s.type)) : std::nullopt;
}

using PacketC = ColsOf<Packet>;
constexpr Table k_packet(
    TableDecl{.name = "net_packet",
              .scope = Scope::netns,
              .comment = "AF_PACKET sockets (sniffers, DHCP clients, raw frame injection) from packet.",
              .indexes = k_packet_indexes},
    std::to_array<Col<Packet>>({
        PacketC::col_nn("line", Type::integer, line_col<Packet>, "1-based line in the member"),
        PacketC::col("pointer", Type::text, field<&Packet::pointer>,
                     "\"sk\": kernel address of the socket as printed (%pK), hex"),
        PacketC::col("refcount", Type::integer, field<&Packet::refcount>, "\"RefCnt\": sk_refcnt"),
        PacketC::col("type", Type::integer, field<&Packet::type>,
                     "\"Type\": 3 SOCK_RAW (whole frames) or 2 SOCK_DGRAM (cooked)"),
        PacketC::col(
            "type_name", Type::text,
            [](const Packet& s) -> Value { return name_of(packet_type(s), procfs::socket_type_name); },
            "type as a name (RAW, DGRAM)"),
        PacketC::col("proto", Type::u64, field<&Packet::proto>,
                     "\"Proto\": ethertype captured (3 = ETH_P_ALL: every frame; 2048 = IP)"),
        PacketC::col(
            "proto_name", Type::text, [](const Packet& s) -> Value { return name_of(s.proto, procfs::ethertype_name); },
            "ethertype as a name (ALL, IP, ARP, IPV6, ...) when known"),
        PacketC::col("ifindex", Type::integer, field<&Packet::ifindex>,
                     "\"Iface\": bound interface index; 0 = all interfaces"),
        PacketC::col("running", Type::integer, field<&Packet::running>,
                     "\"R\": 1 when the socket's packet hook is active"),
        PacketC::col("rmem", Type::u64, field<&Packet::rmem>, "\"Rmem\": receive memory allocated"),
        PacketC::col("uid", Type::u64, field<&Packet::uid>, "\"User\": owner uid"),
        PacketC::col("inode", Type::u64, field<&Packet::inode>, "\"Inode\": socket inode, joins proc_fds"),
    }));

void packet_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_packet(m.text());
  report(m, sink, parsed);
  for (const auto& s : parsed.value) {
    row(sink, m, k_packet, s);
  }
}

using Netlink = procfs::NetlinkSocket;

Value netlink_name(const Netlink& s) {
  if (s.protocol) {
    if (const auto n = procfs::netlink_protocol_name(*s.protocol)) return db::Text{*n};
  }
  return std::monostate{};
}

using NetlinkC = ColsOf<Netlink>;
constexpr Table k_netlink(
    TableDecl{.name = "net_netlink",
              .scope = Scope::netns,
              .comment = "Netlink sockets (kernel <-> user messaging: routing, audit, uevents, ...) from netlink.",
              .indexes = k_netlink_indexes},
    std::to_array<Col<Netlink>>({
        NetlinkC::col_nn("line", Type::integer, line_col<Netlink>, "1-based line in the member"),
        NetlinkC::col("pointer", Type::text, field<&Netlink::pointer>,
                      "\"sk\": kernel address of the socket as printed (%pK), hex"),
        NetlinkC::col("protocol", Type::integer, field<&Netlink::protocol>,
                      "\"Eth\": NETLINK_* protocol (0 ROUTE, 4 SOCK_DIAG, 9 AUDIT, 15 KOBJECT_UEVENT)"),
        NetlinkC::col(
            "protocol_name", Type::text, [](const Netlink& s) -> Value { return netlink_name(s); },
            "protocol as a name when known"),
        NetlinkC::col("portid", Type::u64, field<&Netlink::portid>,
                      "\"Pid\": netlink port id (often the owner's pid; 0 = the kernel's socket)"),
        NetlinkC::col("groups", Type::u64, field<&Netlink::groups>,
                      "\"Groups\": multicast groups joined (first 32, bitmask)"),
        NetlinkC::col("rmem", Type::integer, field<&Netlink::rmem>, "\"Rmem\": receive memory allocated"),
        NetlinkC::col("wmem", Type::integer, field<&Netlink::wmem>, "\"Wmem\": send memory allocated"),
        NetlinkC::col("dump", Type::integer, field<&Netlink::dump>, "\"Dump\": 1 while a dump is in progress"),
        NetlinkC::col("locks", Type::integer, field<&Netlink::locks>, "\"Locks\": sk_refcnt"),
        NetlinkC::col("drops", Type::u64, field<&Netlink::drops>, "\"Drops\": messages dropped"),
        NetlinkC::col("inode", Type::u64, field<&Netlink::inode>, "\"Inode\": socket inode, joins proc_fds"),
    }));

void netlink_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_netlink(m.text());
  report(m, sink, parsed);
  for (const auto& s : parsed.value) {
    row(sink, m, k_netlink, s);
  }
}

// ---- arp, route, ipv6_route, dev ----

using Arp = procfs::ArpEntry;

std::optional<bool> permanent(const Arp& e) {
  return e.flags ? std::optional<bool>((*e.flags & procfs::k_arp_flag_permanent) != 0) : std::nullopt;
}

using ArpC = ColsOf<Arp>;
constexpr Table k_arp(
    TableDecl{.name = "net_arp", .scope = Scope::netns, .comment = "IPv4 neighbour (ARP) cache from arp."},
    std::to_array<Col<Arp>>({
        ArpC::col_nn("line", Type::integer, line_col<Arp>, "1-based line in the member"),
        ArpC::col("ip_address", Type::text, field<&Arp::ip_address>, "\"IP address\" of the neighbour"),
        ArpC::col("hw_type", Type::u64, field<&Arp::hw_type>, "\"HW type\": ARPHRD_* (1 = ethernet)"),
        ArpC::col("flags", Type::u64, field<&Arp::flags>,
                  "\"Flags\": 0x2 complete, 0x4 permanent (static), 0x8 published (proxy)"),
        ArpC::col(
            "permanent", Type::integer, [](const Arp& e) -> Value { return v(permanent(e)); },
            "1 when flags has ATF_PERM (0x4), else 0"),
        ArpC::col("hw_address", Type::text, field<&Arp::hw_address>,
                  "\"HW address\" (MAC, lower-case aa:bb:...); NULL when the device has none"),
        ArpC::col("mask", Type::text, field<&Arp::mask>, "\"Mask\": always '*'"),
        ArpC::col("device", Type::text, field<&Arp::device>, "\"Device\": interface name"),
    }));

void arp_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_arp(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    row(sink, m, k_arp, e);
  }
}

using Route = procfs::RouteEntry;
using RouteC = ColsOf<Route>;
constexpr Table k_route(
    TableDecl{.name = "net_route", .scope = Scope::netns, .comment = "IPv4 routing table (main table) from route."},
    std::to_array<Col<Route>>({
        RouteC::col_nn("line", Type::integer, line_col<Route>, "1-based line in the member"),
        RouteC::col("iface", Type::text, field<&Route::iface>, "\"Iface\": output interface"),
        RouteC::col("destination", Type::text, field<&Route::destination>, "\"Destination\" network, dotted quad"),
        RouteC::col("gateway", Type::text, field<&Route::gateway>,
                    "\"Gateway\", dotted quad (0.0.0.0 = directly connected)"),
        RouteC::col("flags", Type::u64, field<&Route::flags>,
                    "\"Flags\": RTF_UP 0x1, RTF_GATEWAY 0x2, RTF_HOST 0x4, RTF_REJECT 0x200"),
        RouteC::col("refcnt", Type::integer, field<&Route::refcnt>, "\"RefCnt\": always 0 on current kernels"),
        RouteC::col("use", Type::u64, field<&Route::use>, "\"Use\": always 0 on current kernels"),
        RouteC::col("metric", Type::integer, field<&Route::metric>, "\"Metric\": route priority"),
        RouteC::col("mask", Type::text, field<&Route::mask>, "\"Mask\", dotted quad"),
        RouteC::col("mtu", Type::integer, field<&Route::mtu>, "\"MTU\": advertised MSS + 40, 0 = default"),
        RouteC::col("window", Type::u64, field<&Route::window>, "\"Window\": TCP window clamp"),
        RouteC::col("irtt", Type::u64, field<&Route::irtt>, "\"IRTT\": initial round-trip time"),
    }));

void route_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_route(m.text(), k_order);
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    row(sink, m, k_route, e);
  }
}

using Ipv6Route = procfs::Ipv6RouteEntry;
using Ipv6RouteC = ColsOf<Ipv6Route>;
constexpr Table k_ipv6_route(
    TableDecl{
        .name = "net_ipv6_route",
        .scope = Scope::netns,
        .comment = "IPv6 routing table from ipv6_route (no header in the file; addresses printed in network order)."},
    std::to_array<Col<Ipv6Route>>({
        Ipv6RouteC::col_nn("line", Type::integer, line_col<Ipv6Route>, "1-based line in the member"),
        Ipv6RouteC::col("destination", Type::text, field<&Ipv6Route::destination>,
                        "destination network, inet_ntop text"),
        Ipv6RouteC::col("destination_prefix", Type::u64, field<&Ipv6Route::destination_prefix>,
                        "destination prefix length"),
        Ipv6RouteC::col("source", Type::text, field<&Ipv6Route::source>,
                        "source network (source-specific routing), inet_ntop text"),
        Ipv6RouteC::col("source_prefix", Type::u64, field<&Ipv6Route::source_prefix>, "source prefix length"),
        Ipv6RouteC::col("next_hop", Type::text, field<&Ipv6Route::next_hop>,
                        "gateway, inet_ntop text (:: = directly connected)"),
        Ipv6RouteC::col("metric", Type::u64, field<&Ipv6Route::metric>, "route metric"),
        Ipv6RouteC::col("refcnt", Type::u64, field<&Ipv6Route::refcnt>, "reference count"),
        Ipv6RouteC::col("use", Type::u64, field<&Ipv6Route::use>, "use count"),
        Ipv6RouteC::col("flags", Type::u64, field<&Ipv6Route::flags>,
                        "RTF_* flags (0x1 UP, 0x2 GATEWAY, 0x200 REJECT, 0x80000000 LOCAL...)"),
        Ipv6RouteC::col("iface", Type::text, field<&Ipv6Route::iface>, "output interface"),
    }));

void ipv6_route_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_ipv6_route(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    row(sink, m, k_ipv6_route, e);
  }
}

using Dev = procfs::NetDevEntry;

/// Getter of the I-th counter of a dev line (procfs::k_net_dev_counters order).
template <std::size_t I>
// NOLINTNEXTLINE(readability-identifier-naming): a getter, named like the function it stands for
constexpr auto dev = [](const Dev& e) -> Value { return v(e.v[I]); };

using DevC = ColsOf<Dev>;
constexpr auto k_dev_cols = std::to_array<Col<Dev>>({
    DevC::col_nn("line", Type::integer, line_col<Dev>, "1-based line in the member"),
    DevC::col("iface", Type::text, field<&Dev::iface>, "interface name"),
    DevC::col("rx_bytes", Type::u64, dev<0>, "bytes received"),
    DevC::col("rx_packets", Type::u64, dev<1>, "packets received"),
    DevC::col("rx_errs", Type::u64, dev<2>, "receive errors"),
    DevC::col("rx_drop", Type::u64, dev<3>, "received packets dropped"),
    DevC::col("rx_fifo", Type::u64, dev<4>, "receive FIFO overruns"),
    DevC::col("rx_frame", Type::u64, dev<5>, "receive framing errors"),
    DevC::col("rx_compressed", Type::u64, dev<6>, "compressed packets received"),
    DevC::col("rx_multicast", Type::u64, dev<7>, "multicast packets received"),
    DevC::col("tx_bytes", Type::u64, dev<8>, "bytes sent"),
    DevC::col("tx_packets", Type::u64, dev<9>, "packets sent"),
    DevC::col("tx_errs", Type::u64, dev<10>, "transmit errors"),
    DevC::col("tx_drop", Type::u64, dev<11>, "sent packets dropped"),
    DevC::col("tx_fifo", Type::u64, dev<12>, "transmit FIFO overruns"),
    DevC::col("tx_colls", Type::u64, dev<13>, "collisions"),
    DevC::col("tx_carrier", Type::u64, dev<14>, "carrier losses"),
    DevC::col("tx_compressed", Type::u64, dev<15>, "compressed packets sent"),
});

// The counter columns are the parser's counters, in its order.
constexpr bool dev_columns_match() {
  for (std::size_t i = 0; i < procfs::k_net_dev_counters.size(); ++i) {
    if (k_dev_cols[2 + i].decl.name != procfs::k_net_dev_counters[i]) return false;
  }
  return k_dev_cols.size() == 2 + procfs::k_net_dev_counters.size();
}
static_assert(dev_columns_match());

constexpr Table k_dev(
    TableDecl{.name = "net_dev", .scope = Scope::netns, .comment = "Per-interface counters from dev."}, k_dev_cols);

void dev_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_dev(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    row(sink, m, k_dev, e);
  }
}

// ---- if_inet6, fib_trie (the namespace's addresses) ----

using IfInet6 = procfs::IfInet6Entry;
using IfInet6C = ColsOf<IfInet6>;
constexpr Table k_if_inet6(
    TableDecl{.name = "net_if_inet6",
              .scope = Scope::netns,
              .comment = "IPv6 addresses of the network namespace from if_inet6 (no header; all numbers hex)."},
    std::to_array<Col<IfInet6>>({
        IfInet6C::col_nn("line", Type::integer, line_col<IfInet6>, "1-based line in the member"),
        IfInet6C::col("address", Type::text, field<&IfInet6::address>, "the address, inet_ntop text"),
        IfInet6C::col("ifindex", Type::u64, field<&IfInet6::ifindex>, "interface index"),
        IfInet6C::col("prefix", Type::u64, field<&IfInet6::prefix>, "prefix length (0..128)"),
        IfInet6C::col("scope", Type::u64, field<&IfInet6::scope>,
                      "address scope: 0x00 global, 0x10 host (loopback), 0x20 link, 0x40 site, 0x80 v4-compatible"),
        IfInet6C::col("flags", Type::u64, field<&IfInet6::flags>,
                      "IFA_F_* flags: 0x01 temporary, 0x02 nodad, 0x04 optimistic, 0x08 dadfailed, 0x20 deprecated, "
                      "0x40 tentative, 0x80 permanent"),
        IfInet6C::col("iface", Type::text, field<&IfInet6::iface>, "interface name"),
        IfInet6C::col("mask", Type::text, field<&IfInet6::mask>,
                      "the prefix as a netmask, inet_ntop text (derived from prefix, as getifaddrs reports it)"),
    }));

void if_inet6_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_if_inet6(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    row(sink, m, k_if_inet6, e);
  }
}

using Fib = procfs::FibTrieEntry;
using FibC = ColsOf<Fib>;
constexpr Table k_fib_trie(
    TableDecl{.name = "net_fib_trie",
              .scope = Scope::netns,
              .comment = "IPv4 FIB route aliases from fib_trie, one row per \"/<len> <scope> <type>\" line under a leaf "
                         "(the trie's internal nodes are not stored). '/32 host LOCAL' rows are the namespace's own "
                         "addresses, '/<n> link UNICAST' its connected subnets, '/32 link BROADCAST' its broadcast "
                         "addresses. Main and Local share one trie since Linux 4.0 unless policy rules exist, so a "
                         "route usually appears under both."},
    std::to_array<Col<Fib>>({
        FibC::col_nn("line", Type::integer, line_col<Fib>, "1-based line of the alias in the member"),
        FibC::col("fib_table", Type::text, field<&Fib::table>,
                  "table header without ':': Main, Local or 'Id <n>'; NULL before any header"),
        FibC::col("address", Type::text, field<&Fib::address>, "the leaf's key (route destination), dotted quad"),
        FibC::col("address_number", Type::integer, field<&Fib::address_number>,
                  "the same address as a number: a.b.c.d = a*16777216 + b*65536 + c*256 + d"),
        FibC::col("prefix", Type::u64, field<&Fib::prefix>, "route prefix length (0..32)"),
        FibC::col("scope", Type::text, field<&Fib::scope>,
                  "route scope: universe, site, link, host, nowhere or 'scope=<n>'"),
        FibC::col("type", Type::text, field<&Fib::type>,
                  "route type: UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, "
                  "THROW, NAT, XRESOLVE or 'type <n>'"),
        FibC::col("tos", Type::u64, field<&Fib::tos>, "type of service the route matches; NULL when none"),
    }));

void fib_trie_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_fib_trie(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    row(sink, m, k_fib_trie, e);
  }
}

// ---- sockstat, sockstat6, snmp, netstat, snmp6 ----

/// One counter and the file it was read from.
struct CounterRow {
  const procfs::NetCounter& c;
  std::string_view file;
};

/// Signed counters as INTEGER, unsigned ones as U64 (INTEGER, or decimal TEXT above 2^63-1), unparsable as NULL.
Value counter_value(const std::variant<std::monostate, std::int64_t, std::uint64_t>& x) {
  if (const auto* i = std::get_if<std::int64_t>(&x)) return *i;
  if (const auto* u = std::get_if<std::uint64_t>(&x)) return db::U64{*u};
  return std::monostate{};
}

using CounterC = ColsOf<CounterRow>;
constexpr Table k_counters(
    TableDecl{.name = "net_counters",
              .scope = Scope::netns,
              .comment = "Protocol counters as rows: sockstat, sockstat6, snmp, netstat and snmp6."},
    std::to_array<Col<CounterRow>>({
        CounterC::col_nn(
            "line", Type::integer, [](const CounterRow& r) -> Value { return line_value(r.c.line); },
            "1-based line of the value in the member"),
        CounterC::col_nn("file", Type::text, field<&CounterRow::file>,
                         "source file: sockstat, sockstat6, snmp, netstat or snmp6"),
        CounterC::col(
            "protocol", Type::text, [](const CounterRow& r) -> Value { return v(r.c.protocol); },
            "line prefix: TCP, UDP, Tcp, TcpExt, Ip6, Icmp6, ...; NULL when none"),
        CounterC::col_nn(
            "key", Type::text, [](const CounterRow& r) -> Value { return v(r.c.key); },
            "counter name (inuse, InSegs, Ip6InReceives, ...)"),
        CounterC::col(
            "value", Type::any, [](const CounterRow& r) -> Value { return counter_value(r.c.value); },
            "counter value: INTEGER, or exact decimal TEXT above 2^63-1; NULL if unparsable"),
    }));

enum class CounterFile { sockstat, sockstat6, snmp, netstat, snmp6 };

template <CounterFile F>
void counters_handler(const Member& m, TableSink& sink) {
  constexpr std::string_view k_file = F == CounterFile::sockstat    ? "sockstat"
                                    : F == CounterFile::sockstat6 ? "sockstat6"
                                    : F == CounterFile::snmp      ? "snmp"
                                    : F == CounterFile::netstat   ? "netstat"
                                                                  : "snmp6";
  const auto parsed = F == CounterFile::sockstat || F == CounterFile::sockstat6 ? procfs::parse_net_sockstat(m.text())
                      : F == CounterFile::snmp6                                 ? procfs::parse_net_snmp6(m.text())
                                                                                : procfs::parse_net_snmp(m.text());
  report(m, sink, parsed);
  for (const auto& c : parsed.value) {
    row(sink, m, k_counters, CounterRow{c, k_file});
  }
}

using procfs::InetFamily;
using procfs::InetProto;

// Every file twice: the collector's namespace (proc/net) and another namespace (proc/<pid>/net).
#define PROCSNAP_NET(file, fn) \
  Handler{"proc/net/" file, fn}, Handler { "proc/<pid>/net/" file, fn }

const std::array k_handlers = {
    PROCSNAP_NET("tcp", (&inet_handler<InetProto::tcp, InetFamily::v4, 6>)),
    PROCSNAP_NET("tcp6", (&inet_handler<InetProto::tcp, InetFamily::v6, 6>)),
    PROCSNAP_NET("udp", (&inet_handler<InetProto::udp, InetFamily::v4, 17>)),
    PROCSNAP_NET("udp6", (&inet_handler<InetProto::udp, InetFamily::v6, 17>)),
    PROCSNAP_NET("udplite", (&inet_handler<InetProto::udp, InetFamily::v4, 136>)),
    PROCSNAP_NET("udplite6", (&inet_handler<InetProto::udp, InetFamily::v6, 136>)),
    PROCSNAP_NET("raw", (&inet_handler<InetProto::raw, InetFamily::v4, 255>)),
    PROCSNAP_NET("raw6", (&inet_handler<InetProto::raw, InetFamily::v6, 255>)),
    PROCSNAP_NET("unix", &unix_handler),
    PROCSNAP_NET("packet", &packet_handler),
    PROCSNAP_NET("netlink", &netlink_handler),
    PROCSNAP_NET("arp", &arp_handler),
    PROCSNAP_NET("route", &route_handler),
    PROCSNAP_NET("ipv6_route", &ipv6_route_handler),
    PROCSNAP_NET("dev", &dev_handler),
    PROCSNAP_NET("if_inet6", &if_inet6_handler),
    PROCSNAP_NET("fib_trie", &fib_trie_handler),
    PROCSNAP_NET("sockstat", &counters_handler<CounterFile::sockstat>),
    PROCSNAP_NET("sockstat6", &counters_handler<CounterFile::sockstat6>),
    PROCSNAP_NET("snmp", &counters_handler<CounterFile::snmp>),
    PROCSNAP_NET("netstat", &counters_handler<CounterFile::netstat>),
    PROCSNAP_NET("snmp6", &counters_handler<CounterFile::snmp6>),
};

#undef PROCSNAP_NET

}  // namespace

std::span<const Handler> net_handlers() { return k_handlers; }

TableGroup net_group() {
  return TableGroup{
      .file = "30_net.sql",
      .header = k_header,
      .tables = {k_tcp.declaration(), k_udp.declaration(), k_raw.declaration(), k_unix.declaration(),
                 k_packet.declaration(), k_netlink.declaration(), k_arp.declaration(), k_route.declaration(),
                 k_ipv6_route.declaration(), k_dev.declaration(), k_if_inet6.declaration(),
                 k_fib_trie.declaration(), k_counters.declaration()},
  };
}

}  // namespace procsnap::importer
