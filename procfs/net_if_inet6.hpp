#pragma once
// /proc/net/if_inet6 (net/ipv6/addrconf.c if6_seq_show): one line per IPv6 address of the network namespace,
// no header: "%pi6 %02x %02x %02x %02x %8s" = address (32 hex digits, network order), ifindex, prefix length,
// scope (IPV6_ADDR_SCOPE_TYPE: 00 global, 10 host/loopback, 20 link, 40 site, 80 v4-compatible) and IFA_F_* flags
// (01 temporary, 02 nodad, 04 optimistic, 08 dadfailed, 10 homeaddress, 20 deprecated, 40 tentative,
// 80 permanent), all hex, then the interface name right-aligned.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

/// IPV6_ADDR_SCOPE_TYPE of a link-local address (fe80::/10): osquery and getnameinfo append "%<interface>".
inline constexpr std::uint64_t k_ipv6_scope_link = 0x20;

struct IfInet6Entry {
  std::size_t line = 0;                   ///< 1-based line in the file
  std::optional<std::string> address;     ///< inet_ntop text
  std::optional<std::uint64_t> ifindex;   ///< interface index
  std::optional<std::uint64_t> prefix;    ///< prefix length (0..128)
  std::optional<std::uint64_t> scope;     ///< address scope (see above)
  std::optional<std::uint64_t> flags;     ///< IFA_F_* flags (low 8 bits)
  std::optional<std::string> iface;       ///< interface name
  std::optional<std::string> mask;        ///< the prefix as a netmask, inet_ntop text (ffff:ffff:ffff:ffff::)
};

/// inet_ntop text of the IPv6 netmask with `prefix` leading one bits; nullopt above 128.
[[nodiscard]] std::optional<std::string> ipv6_prefix_mask(std::uint64_t prefix);

[[nodiscard]] Parsed<std::vector<IfInet6Entry>> parse_net_if_inet6(std::string_view text);

}  // namespace procsnap::procfs
