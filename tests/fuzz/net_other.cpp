// Fuzz target (see tests/fuzz/CMakeLists.txt): every input goes to each parser of the group below; the
// property is that each call returns (never a crash, hang, leak or sanitizer report) whatever the bytes.
// Group: the remaining /proc/net files: arp, route (both byte orders), ipv6_route, dev, if_inet6, fib_trie,
// sockstat, snmp, snmp6.
#include "fuzz_input.hpp"
#include "procfs/net_fib_trie.hpp"
#include "procfs/net_if_inet6.hpp"
#include "procfs/net_packet.hpp"
#include "procfs/net_route.hpp"
#include "procfs/net_stats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pf = procsnap::procfs;
  using procsnap::fuzz::consume;
  const auto t = procsnap::fuzz::as_text(data, size);
  consume(pf::parse_net_arp(t));
  consume(pf::parse_net_route(t, pf::ByteOrder::little));
  consume(pf::parse_net_route(t, pf::ByteOrder::big));
  consume(pf::parse_net_ipv6_route(t));
  consume(pf::parse_net_dev(t));
  consume(pf::parse_net_if_inet6(t));
  consume(pf::parse_net_fib_trie(t));
  consume(pf::parse_net_sockstat(t));
  consume(pf::parse_net_snmp(t));
  consume(pf::parse_net_snmp6(t));
  return 0;
}
