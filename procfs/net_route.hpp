#pragma once
// Neighbour, route and interface tables of a network namespace:
//
// /proc/net/arp (net/ipv4/arp.c arp_format_neigh_entry): "IP address  HW type  Flags  HW address  Mask  Device"
//   "%-16s 0x%-10x0x%-10x%-17s     %-8s %s"; the HW address is empty for devices without one.
// /proc/net/route (net/ipv4/fib_trie.c fib_route_seq_show), tab separated, IPv4 words in host order:
//   "Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT"
// /proc/net/ipv6_route (net/ipv6/route.c ipv6_route_native_seq_show), no header, addresses %pi6 (network order):
//   "dest dest_plen src src_plen next_hop metric refcnt use flags iface", all numbers hex.
// /proc/net/dev (net/core/net-procfs.c dev_seq_printf_stats): two header lines, then
//   "<iface>: rx bytes packets errs drop fifo frame compressed multicast, tx bytes packets errs drop fifo colls
//   carrier compressed" (interface names cannot contain ':' or blanks).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/net_addr.hpp"
#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

/// ATF_PERM in the arp Flags column: a static (permanent) entry.
inline constexpr std::uint64_t k_arp_flag_permanent = 0x04;

struct ArpEntry {
  std::size_t line = 0;                   ///< 1-based line in the file
  std::optional<std::string> ip_address;  ///< "IP address" as printed (dotted quad)
  std::optional<std::uint64_t> hw_type;   ///< "HW type": ARPHRD_* (1 = ethernet)
  std::optional<std::uint64_t> flags;     ///< "Flags": ATF_COM 0x2 complete, ATF_PERM 0x4 permanent, ATF_PUBL 0x8
  std::optional<std::string> hw_address;  ///< "HW address" (aa:bb:...); nullopt when the device has none
  std::optional<std::string> mask;        ///< "Mask": always "*"
  std::optional<std::string> device;      ///< "Device": interface name
};

struct RouteEntry {
  std::size_t line = 0;                    ///< 1-based line in the file
  std::optional<std::string> iface;        ///< "Iface"
  std::optional<std::string> destination;  ///< "Destination", dotted quad
  std::optional<std::string> gateway;      ///< "Gateway", dotted quad
  std::optional<std::uint64_t> flags;      ///< "Flags": RTF_UP 0x1, RTF_GATEWAY 0x2, RTF_HOST 0x4, ...
  std::optional<std::int64_t> refcnt;      ///< "RefCnt" (always 0 since 2.6)
  std::optional<std::uint64_t> use;        ///< "Use" (always 0)
  std::optional<std::int64_t> metric;      ///< "Metric": route priority
  std::optional<std::string> mask;         ///< "Mask", dotted quad
  std::optional<std::int64_t> mtu;         ///< "MTU": advertised MSS + 40, 0 = default
  std::optional<std::uint64_t> window;     ///< "Window"
  std::optional<std::uint64_t> irtt;       ///< "IRTT": initial RTT
};

struct Ipv6RouteEntry {
  std::size_t line = 0;                             ///< 1-based line in the file
  std::optional<std::string> destination;           ///< destination network
  std::optional<std::uint64_t> destination_prefix;  ///< its prefix length
  std::optional<std::string> source;                ///< source network (subtrees)
  std::optional<std::uint64_t> source_prefix;       ///< its prefix length
  std::optional<std::string> next_hop;              ///< gateway, :: when none
  std::optional<std::uint64_t> metric;              ///< route metric
  std::optional<std::uint64_t> refcnt;              ///< reference count
  std::optional<std::uint64_t> use;                 ///< use count
  std::optional<std::uint64_t> flags;               ///< RTF_* flags
  std::optional<std::string> iface;                 ///< device name
};

struct NetDevEntry {
  std::size_t line = 0;                            ///< 1-based line in the file
  std::optional<std::string> iface;                ///< interface name
  std::array<std::optional<std::uint64_t>, 16> v;  ///< counters in file order, see k_net_dev_counters
};

/// Column names of NetDevEntry::v, in file order.
inline constexpr std::array<std::string_view, 16> k_net_dev_counters = {
    "rx_bytes", "rx_packets", "rx_errs", "rx_drop", "rx_fifo", "rx_frame", "rx_compressed", "rx_multicast",
    "tx_bytes", "tx_packets", "tx_errs", "tx_drop", "tx_fifo", "tx_colls", "tx_carrier",    "tx_compressed"};

[[nodiscard]] Parsed<std::vector<ArpEntry>> parse_net_arp(std::string_view text);
/// `order`: the captured host's byte order (addresses are 32-bit words in host order).
[[nodiscard]] Parsed<std::vector<RouteEntry>> parse_net_route(std::string_view text,
                                                              ByteOrder order = ByteOrder::little);
[[nodiscard]] Parsed<std::vector<Ipv6RouteEntry>> parse_net_ipv6_route(std::string_view text);
[[nodiscard]] Parsed<std::vector<NetDevEntry>> parse_net_dev(std::string_view text);

}  // namespace procsnap::procfs
