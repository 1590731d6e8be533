// Handlers for the net table group (schema/30_net.sql): each /proc/net file, in the collector's own namespace
// (proc/net/<file>) and in every other namespace (proc/<pid>/net/<file>), parsed by its procfs parser.
// Every row starts (snapshot_id, netns, source_pid, line). Addresses are decoded as little-endian (see
// procfs/net_addr.hpp and the schema's header comment).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "importer/registry.hpp"
#include "procfs/net_addr.hpp"
#include "procfs/net_inet.hpp"
#include "procfs/net_packet.hpp"
#include "procfs/net_route.hpp"
#include "procfs/net_stats.hpp"
#include "procfs/net_unix.hpp"

namespace procsnap::importer {

namespace {

using db::v;
using db::Value;

// The captured host's byte order. The header's uname machine does not reach Member yet: assume little-endian.
constexpr procfs::ByteOrder k_order = procfs::ByteOrder::little;

template <class T>
void report(const Member& m, TableSink& sink, const procfs::Parsed<T>& parsed) {
  for (const auto& d : parsed.diagnostics) {
    sink.issue(m.path, d.line, d.excerpt, d.message);
  }
}

Value line_value(std::size_t line) { return static_cast<std::int64_t>(line); }

template <class F>
Value name_of(const std::optional<std::uint64_t>& x, F f) {
  if (!x) return std::monostate{};
  const auto n = f(*x);
  return n ? Value{db::Text{*n}} : Value{std::monostate{}};
}

Value text_or_null(const std::string& s) { return s.empty() ? Value{std::monostate{}} : Value{db::Text{s}}; }

// ---- tcp, tcp6, udp, udp6, udplite, udplite6, raw, raw6 ----

constexpr std::array<std::string_view, 30> k_tcp_cols = {
    "snapshot_id", "netns",         "source_pid", "line",           "family",      "protocol",
    "sl",          "local_address", "local_port", "remote_address", "remote_port", "state",
    "state_name",  "tx_queue",      "rx_queue",   "timer_active",   "timer_name",  "timer_expires",
    "retransmits", "uid",           "timeout",    "inode",          "refcount",    "pointer",
    "rto",         "ato",           "quick_ack",  "snd_cwnd",       "ssthresh",    "extra"};

constexpr std::array<std::string_view, 26> k_dgram_cols = {
    "snapshot_id",   "netns",        "source_pid",     "line",          "family",      "protocol",   "sl",
    "local_address", "local_port",   "remote_address", "remote_port",   "state",       "state_name", "tx_queue",
    "rx_queue",      "timer_active", "timer_name",     "timer_expires", "retransmits", "uid",        "timeout",
    "inode",         "refcount",     "pointer",        "drops",         "extra"};

template <procfs::InetProto P, procfs::InetFamily F, int IpProto>
void inet_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_inet(m.text(), P, F, k_order);
  report(m, sink, parsed);
  const auto family = static_cast<std::int64_t>(F);
  for (const auto& s : parsed.value) {
    // Raw sockets print their IP protocol in the local port column.
    const Value protocol = P == procfs::InetProto::raw ? v(s.local_port) : Value{std::int64_t{IpProto}};
    if constexpr (P == procfs::InetProto::tcp) {
      sink.insert("net_tcp", k_tcp_cols,
                  {v(m.snapshot_id),
                   v(m.netns),
                   v(m.pid),
                   line_value(s.line),
                   v(family),
                   protocol,
                   v(s.sl),
                   v(s.local_address),
                   v(s.local_port),
                   v(s.remote_address),
                   v(s.remote_port),
                   v(s.state),
                   name_of(s.state, procfs::tcp_state_name),
                   v(s.tx_queue),
                   v(s.rx_queue),
                   v(s.timer_active),
                   name_of(s.timer_active, procfs::tcp_timer_name),
                   v(s.timer_expires),
                   v(s.retransmits),
                   v(s.uid),
                   v(s.timeout),
                   v(s.inode),
                   v(s.refcount),
                   v(s.pointer),
                   v(s.rto),
                   v(s.ato),
                   v(s.quick_ack),
                   v(s.snd_cwnd),
                   v(s.ssthresh),
                   text_or_null(s.extra)});
    } else {
      sink.insert(P == procfs::InetProto::raw ? "net_raw" : "net_udp", k_dgram_cols,
                  {v(m.snapshot_id),
                   v(m.netns),
                   v(m.pid),
                   line_value(s.line),
                   v(family),
                   protocol,
                   v(s.sl),
                   v(s.local_address),
                   v(s.local_port),
                   v(s.remote_address),
                   v(s.remote_port),
                   v(s.state),
                   name_of(s.state, procfs::tcp_state_name),
                   v(s.tx_queue),
                   v(s.rx_queue),
                   v(s.timer_active),
                   name_of(s.timer_active, procfs::tcp_timer_name),
                   v(s.timer_expires),
                   v(s.retransmits),
                   v(s.uid),
                   v(s.timeout),
                   v(s.inode),
                   v(s.refcount),
                   v(s.pointer),
                   v(s.drops),
                   text_or_null(s.extra)});
    }
  }
}

// ---- unix ----

constexpr std::array<std::string_view, 16> k_unix_cols = {
    "snapshot_id", "netns", "source_pid", "line",  "pointer",    "refcount", "protocol", "flags",
    "listening",   "type",  "type_name",  "state", "state_name", "inode",    "path",     "abstract"};

void unix_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_unix(m.text());
  report(m, sink, parsed);
  for (const auto& s : parsed.value) {
    const std::optional<bool> listening =
        s.flags ? std::optional<bool>((*s.flags & procfs::k_unix_flag_listening) != 0) : std::nullopt;
    const std::optional<bool> abstract =
        s.path ? std::optional<bool>(!s.path->empty() && s.path->front() == '@') : std::nullopt;
    sink.insert("net_unix", k_unix_cols,
                {v(m.snapshot_id), v(m.netns), v(m.pid), line_value(s.line), v(s.pointer), v(s.refcount), v(s.protocol),
                 v(s.flags), v(listening), v(s.type), name_of(s.type, procfs::socket_type_name), v(s.state),
                 name_of(s.state, procfs::unix_state_name), v(s.inode), v(s.path), v(abstract)});
  }
}

// ---- packet, netlink ----

constexpr std::array<std::string_view, 15> k_packet_cols = {
    "snapshot_id", "netns",      "source_pid", "line",    "pointer", "refcount", "type", "type_name",
    "proto",       "proto_name", "ifindex",    "running", "rmem",    "uid",      "inode"};

void packet_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_packet(m.text());
  report(m, sink, parsed);
  for (const auto& s : parsed.value) {
    const std::optional<std::uint64_t> type =
        s.type && *s.type >= 0 ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(*s.type)) : std::nullopt;
    sink.insert("net_packet", k_packet_cols,
                {v(m.snapshot_id), v(m.netns), v(m.pid), line_value(s.line), v(s.pointer), v(s.refcount), v(s.type),
                 name_of(type, procfs::socket_type_name), v(s.proto), name_of(s.proto, procfs::ethertype_name),
                 v(s.ifindex), v(s.running), v(s.rmem), v(s.uid), v(s.inode)});
  }
}

constexpr std::array<std::string_view, 15> k_netlink_cols = {
    "snapshot_id", "netns", "source_pid", "line", "pointer", "protocol", "protocol_name", "portid",
    "groups",      "rmem",  "wmem",       "dump", "locks",   "drops",    "inode"};

void netlink_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_netlink(m.text());
  report(m, sink, parsed);
  for (const auto& s : parsed.value) {
    Value pname = std::monostate{};
    if (s.protocol) {
      if (const auto n = procfs::netlink_protocol_name(*s.protocol)) pname = db::Text{*n};
    }
    sink.insert("net_netlink", k_netlink_cols,
                {v(m.snapshot_id), v(m.netns), v(m.pid), line_value(s.line), v(s.pointer), v(s.protocol), pname,
                 v(s.portid), v(s.groups), v(s.rmem), v(s.wmem), v(s.dump), v(s.locks), v(s.drops), v(s.inode)});
  }
}

// ---- arp, route, ipv6_route, dev ----

constexpr std::array<std::string_view, 11> k_arp_cols = {"snapshot_id", "netns",   "source_pid", "line",
                                                         "ip_address",  "hw_type", "flags",      "permanent",
                                                         "hw_address",  "mask",    "device"};

void arp_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_arp(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    const std::optional<bool> permanent =
        e.flags ? std::optional<bool>((*e.flags & procfs::k_arp_flag_permanent) != 0) : std::nullopt;
    sink.insert("net_arp", k_arp_cols,
                {v(m.snapshot_id), v(m.netns), v(m.pid), line_value(e.line), v(e.ip_address), v(e.hw_type), v(e.flags),
                 v(permanent), v(e.hw_address), v(e.mask), v(e.device)});
  }
}

constexpr std::array<std::string_view, 15> k_route_cols = {"snapshot_id", "netns",   "source_pid", "line",   "iface",
                                                           "destination", "gateway", "flags",      "refcnt", "use",
                                                           "metric",      "mask",    "mtu",        "window", "irtt"};

void route_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_route(m.text(), k_order);
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    sink.insert("net_route", k_route_cols,
                {v(m.snapshot_id), v(m.netns), v(m.pid), line_value(e.line), v(e.iface), v(e.destination), v(e.gateway),
                 v(e.flags), v(e.refcnt), v(e.use), v(e.metric), v(e.mask), v(e.mtu), v(e.window), v(e.irtt)});
  }
}

constexpr std::array<std::string_view, 14> k_ipv6_route_cols = {
    "snapshot_id", "netns",         "source_pid", "line",   "destination", "destination_prefix",
    "source",      "source_prefix", "next_hop",   "metric", "refcnt",      "use",
    "flags",       "iface"};

void ipv6_route_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_ipv6_route(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    sink.insert(
        "net_ipv6_route", k_ipv6_route_cols,
        {v(m.snapshot_id), v(m.netns), v(m.pid), line_value(e.line), v(e.destination), v(e.destination_prefix),
         v(e.source), v(e.source_prefix), v(e.next_hop), v(e.metric), v(e.refcnt), v(e.use), v(e.flags), v(e.iface)});
  }
}

constexpr std::array<std::string_view, 21> k_dev_cols = {
    "snapshot_id", "netns",   "source_pid", "line",     "iface",         "rx_bytes",     "rx_packets",
    "rx_errs",     "rx_drop", "rx_fifo",    "rx_frame", "rx_compressed", "rx_multicast", "tx_bytes",
    "tx_packets",  "tx_errs", "tx_drop",    "tx_fifo",  "tx_colls",      "tx_carrier",   "tx_compressed"};

void dev_handler(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_net_dev(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    const auto& c = e.v;
    sink.insert("net_dev", k_dev_cols, {v(m.snapshot_id), v(m.netns), v(m.pid), line_value(e.line),
                                        v(e.iface),       v(c[0]),    v(c[1]),  v(c[2]),
                                        v(c[3]),          v(c[4]),    v(c[5]),  v(c[6]),
                                        v(c[7]),          v(c[8]),    v(c[9]),  v(c[10]),
                                        v(c[11]),         v(c[12]),   v(c[13]), v(c[14]),
                                        v(c[15])});
  }
}

// ---- sockstat, sockstat6, snmp, netstat, snmp6 ----

constexpr std::array<std::string_view, 8> k_counter_cols = {"snapshot_id", "netns",    "source_pid", "line",
                                                            "file",        "protocol", "key",        "value"};

enum class CounterFile { sockstat, sockstat6, snmp, netstat, snmp6 };

template <CounterFile F>
void counters_handler(const Member& m, TableSink& sink) {
  constexpr std::string_view file = F == CounterFile::sockstat    ? "sockstat"
                                    : F == CounterFile::sockstat6 ? "sockstat6"
                                    : F == CounterFile::snmp      ? "snmp"
                                    : F == CounterFile::netstat   ? "netstat"
                                                                  : "snmp6";
  const auto parsed = F == CounterFile::sockstat || F == CounterFile::sockstat6 ? procfs::parse_net_sockstat(m.text())
                      : F == CounterFile::snmp6                                 ? procfs::parse_net_snmp6(m.text())
                                                                                : procfs::parse_net_snmp(m.text());
  report(m, sink, parsed);
  for (const auto& c : parsed.value) {
    Value value = std::monostate{};
    if (const auto* i = std::get_if<std::int64_t>(&c.value)) value = *i;
    if (const auto* u = std::get_if<std::uint64_t>(&c.value)) value = db::U64{*u};
    sink.insert("net_counters", k_counter_cols,
                {v(m.snapshot_id), v(m.netns), v(m.pid), line_value(c.line), v(file), v(c.protocol), v(c.key), value});
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
    PROCSNAP_NET("sockstat", &counters_handler<CounterFile::sockstat>),
    PROCSNAP_NET("sockstat6", &counters_handler<CounterFile::sockstat6>),
    PROCSNAP_NET("snmp", &counters_handler<CounterFile::snmp>),
    PROCSNAP_NET("netstat", &counters_handler<CounterFile::netstat>),
    PROCSNAP_NET("snmp6", &counters_handler<CounterFile::snmp6>),
};

#undef PROCSNAP_NET

}  // namespace

std::span<const Handler> net_handlers() { return k_handlers; }

}  // namespace procsnap::importer
