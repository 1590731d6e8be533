#pragma once
// /proc/net/packet (net/packet/af_packet.c packet_seq_show) and /proc/net/netlink (net/netlink/af_netlink.c
// netlink_seq_show): one socket per line after a header.
//
//   sk               RefCnt Type Proto  Iface R Rmem   User   Inode
//   000000004d0cb973 3      3    0003   0     1 0      0      14035
//   "%pK %-6d %-4d %04x   %-5d %1d %-6u %-6u %-6lu"
//
//   sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode
//   000000002291fd14 0   8005       00000001 0        0        0     2        0        14036
//   "%pK %-3d %-10u %08x %-8d %-8d %-5d %-8d %-8u %-8lu"
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct PacketSocket {
  std::size_t line = 0;                  ///< 1-based line in the file
  std::optional<std::string> pointer;    ///< "sk": kernel address (%pK), hex text
  std::optional<std::int64_t> refcount;  ///< "RefCnt"
  std::optional<std::int64_t> type;      ///< "Type": SOCK_RAW (3) or SOCK_DGRAM (2)
  std::optional<std::uint64_t> proto;    ///< "Proto": ethertype in host order (0x0003 ETH_P_ALL, 0x0800 IP)
  std::optional<std::int64_t> ifindex;   ///< "Iface": bound interface index, 0 = all
  std::optional<std::int64_t> running;   ///< "R": 1 when the packet hook is registered
  std::optional<std::uint64_t> rmem;     ///< "Rmem": receive memory allocated
  std::optional<std::uint64_t> uid;      ///< "User": owner uid
  std::optional<std::uint64_t> inode;    ///< "Inode"
};

struct NetlinkSocket {
  std::size_t line = 0;                  ///< 1-based line in the file
  std::optional<std::string> pointer;    ///< "sk": kernel address (%pK), hex text
  std::optional<std::int64_t> protocol;  ///< "Eth": NETLINK_* protocol (0 ROUTE, 4 SOCK_DIAG, 9 AUDIT, 15 UEVENT)
  std::optional<std::uint64_t> portid;   ///< "Pid": port id (often the owner's pid; 0 = kernel)
  std::optional<std::uint64_t> groups;   ///< "Groups": first 32 multicast groups bitmask
  std::optional<std::int64_t> rmem;      ///< "Rmem"
  std::optional<std::int64_t> wmem;      ///< "Wmem"
  std::optional<std::int64_t> dump;      ///< "Dump": 1 while a dump is in progress
  std::optional<std::int64_t> locks;     ///< "Locks": sk_refcnt
  std::optional<std::uint64_t> drops;    ///< "Drops"
  std::optional<std::uint64_t> inode;    ///< "Inode"
};

/// Ethertype names for common packet-socket protocols (ALL, IP, ARP, IPV6, ...); nullopt when not known.
[[nodiscard]] std::optional<std::string_view> ethertype_name(std::uint64_t proto);
/// NETLINK_* protocol names; nullopt when not known.
[[nodiscard]] std::optional<std::string_view> netlink_protocol_name(std::int64_t protocol);

[[nodiscard]] Parsed<std::vector<PacketSocket>> parse_net_packet(std::string_view text);
[[nodiscard]] Parsed<std::vector<NetlinkSocket>> parse_net_netlink(std::string_view text);

}  // namespace procsnap::procfs
