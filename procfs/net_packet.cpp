#include "procfs/net_packet.hpp"

#include <array>

#include "procfs/net_common.hpp"

namespace procsnap::procfs {

std::optional<std::string_view> ethertype_name(std::uint64_t proto) {
  switch (proto) {
    case 0x0003:
      return "ALL";
    case 0x0004:
      return "802_2";
    case 0x0800:
      return "IP";
    case 0x0806:
      return "ARP";
    case 0x8035:
      return "RARP";
    case 0x8100:
      return "8021Q";
    case 0x86DD:
      return "IPV6";
    case 0x8863:
      return "PPP_DISC";
    case 0x8864:
      return "PPP_SES";
    case 0x888E:
      return "PAE";
    case 0x88CC:
      return "LLDP";
    default:
      return std::nullopt;
  }
}

std::optional<std::string_view> netlink_protocol_name(std::int64_t protocol) {
  static constexpr std::array<std::string_view, 23> k_names = {
      "ROUTE",   "UNUSED", "USERSOCK",      "FIREWALL",  "SOCK_DIAG", "NFLOG",  "XFRM",    "SELINUX",
      "ISCSI",   "AUDIT",  "FIB_LOOKUP",    "CONNECTOR", "NETFILTER", "IP6_FW", "DNRTMSG", "KOBJECT_UEVENT",
      "GENERIC", "",       "SCSITRANSPORT", "ECRYPTFS",  "RDMA",      "CRYPTO", "SMC"};
  if (protocol < 0 || static_cast<std::uint64_t>(protocol) >= k_names.size() ||
      k_names[static_cast<std::size_t>(protocol)].empty()) {
    return std::nullopt;
  }
  return k_names[static_cast<std::size_t>(protocol)];
}

Parsed<std::vector<PacketSocket>> parse_net_packet(std::string_view text) {
  using C = net_detail::Column<PacketSocket>;
  static const std::array<C, 9> cols = {
      C{.name = "sk", .base = 16, .text = &PacketSocket::pointer},
      C{.name = "RefCnt", .i64 = &PacketSocket::refcount},
      C{.name = "Type", .i64 = &PacketSocket::type},
      C{.name = "Proto", .base = 16, .u64 = &PacketSocket::proto},
      C{.name = "Iface", .i64 = &PacketSocket::ifindex},
      C{.name = "R", .i64 = &PacketSocket::running},
      C{.name = "Rmem", .u64 = &PacketSocket::rmem},
      C{.name = "User", .u64 = &PacketSocket::uid},
      C{.name = "Inode", .u64 = &PacketSocket::inode},
  };
  return net_detail::parse_simple_table(text, "sk", cols);
}

Parsed<std::vector<NetlinkSocket>> parse_net_netlink(std::string_view text) {
  using C = net_detail::Column<NetlinkSocket>;
  static const std::array<C, 10> cols = {
      C{.name = "sk", .base = 16, .text = &NetlinkSocket::pointer},
      C{.name = "Eth", .i64 = &NetlinkSocket::protocol},
      C{.name = "Pid", .u64 = &NetlinkSocket::portid},
      C{.name = "Groups", .base = 16, .u64 = &NetlinkSocket::groups},
      C{.name = "Rmem", .i64 = &NetlinkSocket::rmem},
      C{.name = "Wmem", .i64 = &NetlinkSocket::wmem},
      C{.name = "Dump", .i64 = &NetlinkSocket::dump},
      C{.name = "Locks", .i64 = &NetlinkSocket::locks},
      C{.name = "Drops", .u64 = &NetlinkSocket::drops},
      C{.name = "Inode", .u64 = &NetlinkSocket::inode},
  };
  return net_detail::parse_simple_table(text, "sk", cols);
}

}  // namespace procsnap::procfs
