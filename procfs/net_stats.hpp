#pragma once
// Protocol counters of a network namespace, as (protocol, key, value) rows:
//
// /proc/net/sockstat, sockstat6:  "TCP: inuse 35 orphan 0 tw 4 alloc 59 mem 22" (key/value pairs after "PROTO:")
// /proc/net/snmp, netstat:        pairs of lines "Tcp: RtoAlgorithm RtoMin ..." / "Tcp: 1 200 ..." (names, values)
// /proc/net/snmp6, dev_snmp6/*:   "Ip6InReceives   92166" (one counter per line; protocol = prefix up to '6')
//
// Values are signed (Tcp MaxConn is -1) or unsigned 64-bit counters: both are kept exactly.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct NetCounter {
  std::size_t line = 0;                 ///< 1-based line of the value
  std::optional<std::string> protocol;  ///< "TCP", "Tcp", "TcpExt", "Ip6", ...; nullopt when none
  std::string key;                      ///< counter name
  /// The value: signed when it has a '-' sign, unsigned otherwise (up to 2^64-1); monostate when unparsable.
  std::variant<std::monostate, std::int64_t, std::uint64_t> value;
};

[[nodiscard]] Parsed<std::vector<NetCounter>> parse_net_sockstat(std::string_view text);
[[nodiscard]] Parsed<std::vector<NetCounter>> parse_net_snmp(std::string_view text);
[[nodiscard]] Parsed<std::vector<NetCounter>> parse_net_snmp6(std::string_view text);

}  // namespace procsnap::procfs
