#pragma once
// /proc/net/fib_trie (net/ipv4/fib_trie.c fib_trie_seq_show): the IPv4 FIB tries of the network namespace.
// A table header "Main:", "Local:" or "Id <n>:" at column 0; then, indented three spaces per trie level,
// internal nodes "+-- <prefix>/<bits> <pos> <full children> <empty children>" and leaves "|-- <address>", each
// leaf followed by one line per route alias: "/<prefix length> <scope> <type>[ tos=<n>]". Scope is universe,
// site, link, host, nowhere or "scope=<n>"; type is UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST,
// BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE or "type <n>". The local addresses of the namespace are
// the "/32 host LOCAL" aliases; "/<n> link UNICAST" aliases are the connected subnets; "/32 link BROADCAST" the
// broadcast addresses. Since Linux 4.0 Main and Local share one trie when no policy rules exist, so every alias
// can print twice (once per table header).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

/// One route alias of a leaf.
struct FibTrieEntry {
  std::size_t line = 0;                          ///< 1-based line of the alias ("/32 host LOCAL") in the file
  std::optional<std::string> table;              ///< table header without ':' ("Main", "Local", "Id 1000")
  std::optional<std::string> address;            ///< the leaf's key, dotted quad
  std::optional<std::uint32_t> address_number;   ///< the same as a number (a.b.c.d = a<<24 | b<<16 | c<<8 | d)
  std::optional<std::uint64_t> prefix;           ///< route prefix length (0..32)
  std::optional<std::string> scope;              ///< universe, site, link, host, nowhere or "scope=<n>"
  std::optional<std::string> type;               ///< UNICAST, LOCAL, BROADCAST, ... or "type <n>"
  std::optional<std::uint64_t> tos;              ///< "tos=<n>" when the route has a TOS
};

[[nodiscard]] Parsed<std::vector<FibTrieEntry>> parse_net_fib_trie(std::string_view text);

}  // namespace procsnap::procfs
