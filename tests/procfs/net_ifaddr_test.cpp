// /proc/net/if_inet6 and /proc/net/fib_trie: a real capture of a namespace with known addresses
// (tests/fixtures/net/ifaddr, made by its make_ifaddr_capture.sh; ip-addr.txt is the truth) and broken variants.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "net_fixture.hpp"
#include "procfs/net_fib_trie.hpp"
#include "procfs/net_if_inet6.hpp"

namespace {

using procsnap::procfs::ipv6_prefix_mask;
using procsnap::procfs::parse_net_fib_trie;
using procsnap::procfs::parse_net_if_inet6;
using procsnap::test::net::read_fixture;

/// "inet6 <addr>/<len>" words of ip-addr.txt, as "<addr>/<len> <iface>" (iface: the last "N: name@..." header).
std::set<std::string> ip_addr_inet6() {
  const std::string text = read_fixture("ifaddr/ip-addr.txt");
  std::set<std::string> out;
  std::string iface;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t e = text.find('\n', pos);
    if (e == std::string::npos) e = text.size();
    const std::string line = text.substr(pos, e - pos);
    pos = e + 1;
    if (!line.empty() && line[0] != ' ') {
      const std::size_t a = line.find(": ") + 2;
      iface = line.substr(a, line.find_first_of("@:", a) - a);
    } else if (const auto i = line.find("inet6 "); i != std::string::npos) {
      const std::size_t b = i + 6;
      out.insert(line.substr(b, line.find(' ', b) - b) + " " + iface);
    }
  }
  return out;
}

TEST(NetIfInet6, CaptureListsEveryAddressIpAddrShows) {
  const auto p = parse_net_if_inet6(read_fixture("ifaddr/if_inet6"));
  EXPECT_TRUE(p.clean());
  std::set<std::string> got;
  for (const auto& e : p.value) {
    ASSERT_TRUE(e.address && e.prefix && e.iface && e.scope && e.flags && e.ifindex && e.mask);
    got.insert(*e.address + "/" + std::to_string(*e.prefix) + " " + *e.iface);
  }
  EXPECT_EQ(got, ip_addr_inet6());
  ASSERT_GE(p.value.size(), 3u);
  // Line 1: "00000000000000000000000000000001 01 80 10 80       lo"
  EXPECT_EQ(p.value[0].address, "::1");
  EXPECT_EQ(p.value[0].ifindex, 1u);
  EXPECT_EQ(p.value[0].prefix, 128u);
  EXPECT_EQ(p.value[0].scope, 0x10u);
  EXPECT_EQ(p.value[0].flags, 0x80u);  // permanent
  EXPECT_EQ(p.value[0].mask, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  EXPECT_EQ(p.value[1].address, "2001:db8:1::1");
  EXPECT_EQ(p.value[1].prefix, 48u);
  EXPECT_EQ(p.value[1].mask, "ffff:ffff:ffff::");
  EXPECT_EQ(p.value[1].flags, 0x82u);  // permanent, nodad
  const auto ll = std::find_if(p.value.begin(), p.value.end(), [](const auto& e) { return e.iface == "eth0" &&
                                                                                           e.scope == 0x20u; });
  ASSERT_NE(ll, p.value.end());
  EXPECT_TRUE(ll->address->starts_with("fe80::"));
  EXPECT_EQ(ll->mask, "ffff:ffff:ffff:ffff::");
}

TEST(NetIfInet6, PrefixMasks) {
  EXPECT_EQ(ipv6_prefix_mask(0), "::");
  EXPECT_EQ(ipv6_prefix_mask(1), "8000::");
  EXPECT_EQ(ipv6_prefix_mask(64), "ffff:ffff:ffff:ffff::");
  EXPECT_EQ(ipv6_prefix_mask(65), "ffff:ffff:ffff:ffff:8000::");
  EXPECT_EQ(ipv6_prefix_mask(127), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe");
  EXPECT_EQ(ipv6_prefix_mask(129), std::nullopt);
}

TEST(NetIfInet6, BrokenLinesKeepWhatParses) {
  const std::string text =
      "fe8000000000000000fc00fffe000001 04 40 20 80     eth0\n"
      "fe8000000000000000fc00fffe00000 04 40 20 80 eth1\n"   // 31 digits
      "fd000000000000000000000000000002 zz 99 00 82 eth2\n"  // bad ifindex, prefix above 128 (0x99)
      "fd000000000000000000000000000003 04\n"               // truncated
      "\n"
      "fd000000000000000000000000000004 04 40 00 82 eth3 extra\n";
  const auto p = parse_net_if_inet6(text);
  ASSERT_EQ(p.value.size(), 5u);
  EXPECT_EQ(p.value[0].address, "fe80::fc:ff:fe00:1");
  EXPECT_FALSE(p.value[1].address);
  EXPECT_EQ(p.value[1].iface, "eth1");
  EXPECT_FALSE(p.value[2].ifindex);
  EXPECT_FALSE(p.value[2].prefix);
  EXPECT_FALSE(p.value[2].mask);
  EXPECT_EQ(p.value[2].iface, "eth2");
  EXPECT_EQ(p.value[3].ifindex, 4u);
  EXPECT_FALSE(p.value[3].iface);
  EXPECT_EQ(p.value[4].iface, "eth3");
  // 31 digits, bad ifindex, prefix > 128, truncated, empty line, extra column.
  EXPECT_EQ(p.diagnostics.size(), 6u);
}

TEST(NetFibTrie, CaptureLocalAddressesSubnetsAndBroadcasts) {
  const auto p = parse_net_fib_trie(read_fixture("ifaddr/fib_trie"));
  EXPECT_TRUE(p.clean());
  std::set<std::string> local;
  std::set<std::string> subnets;
  std::set<std::string> bcast;
  std::set<std::string> tables;
  for (const auto& e : p.value) {
    ASSERT_TRUE(e.table && e.address && e.address_number && e.prefix && e.scope && e.type);
    EXPECT_FALSE(e.tos);
    tables.insert(*e.table);
    const std::string a = *e.address + "/" + std::to_string(*e.prefix);
    if (*e.type == "LOCAL" && *e.prefix == 32) local.insert(*e.address);
    if (*e.type == "UNICAST" && *e.scope == "link") subnets.insert(a);
    if (*e.type == "BROADCAST") bcast.insert(*e.address);
  }
  EXPECT_EQ(tables, (std::set<std::string>{"Main", "Local"}));
  EXPECT_EQ(local, (std::set<std::string>{"127.0.0.1", "10.9.9.9", "10.1.2.3", "10.1.2.77", "172.16.0.5",
                                          "10.8.0.1"}));
  EXPECT_EQ(subnets, (std::set<std::string>{"10.1.2.0/24", "172.16.0.0/16", "10.8.0.2/32"}));
  EXPECT_EQ(bcast, (std::set<std::string>{"127.255.255.255", "10.1.2.255", "172.16.255.255"}));
  // The first alias: "        /0 universe UNICAST" under "|-- 0.0.0.0" of Main, line 5.
  EXPECT_EQ(p.value[0].line, 5u);
  EXPECT_EQ(p.value[0].table, "Main");
  EXPECT_EQ(p.value[0].address_number, 0u);
  EXPECT_EQ(p.value[0].scope, "universe");
  const auto vip = std::find_if(p.value.begin(), p.value.end(), [](const auto& e) { return e.address == "10.9.9.9"; });
  ASSERT_NE(vip, p.value.end());
  EXPECT_EQ(vip->address_number, (10u << 24) | (9u << 16) | (9u << 8) | 9u);
  EXPECT_EQ(p.value.size() % 2, 0u);  // merged Main/Local: every alias under both headers
}

TEST(NetFibTrie, UnknownScopesTypesTosAndBrokenLines) {
  const std::string text =
      "Id 1000:\n"
      "  +-- 0.0.0.0/0 2 0 2\n"
      "     |-- 10.0.0.0\n"
      "        /8 universe UNICAST tos=16\n"
      "        /8 scope=7 type 42\n"
      "     |-- 10.0.0.256\n"                // not an address
      "        /32 host LOCAL\n"
      "     |-- 10.0.0.1\n"
      "        /33 host LOCAL\n"             // prefix above 32
      "        /32 host\n"                   // truncated
      "        /32 host LOCAL tos=x more\n"  // bad tos, extra
      "garbage\n"                             // unindented, not a header
      "        /32 host LOCAL\n"
      "  something else\n";
  const auto p = parse_net_fib_trie(text);
  ASSERT_EQ(p.value.size(), 6u);
  EXPECT_EQ(p.value[0].table, "Id 1000");
  EXPECT_EQ(p.value[0].tos, 16u);
  EXPECT_EQ(p.value[1].scope, "scope=7");
  EXPECT_EQ(p.value[1].type, "type 42");
  EXPECT_FALSE(p.value[2].address);
  EXPECT_FALSE(p.value[2].address_number);
  EXPECT_EQ(p.value[3].address, "10.0.0.1");
  EXPECT_FALSE(p.value[3].prefix);
  EXPECT_FALSE(p.value[4].type);
  EXPECT_FALSE(p.value[5].tos);
  // leaf key, prefix, truncated alias, bad tos, extra, not a header, alias outside a leaf, unknown line.
  EXPECT_EQ(p.diagnostics.size(), 8u);
}

TEST(NetFibTrie, AliasWithoutLeafIsDroppedWithoutHeaderIsKept) {
  const auto p = parse_net_fib_trie("Main:\n  +-- 0.0.0.0/0 3 0 5\n        /0 universe UNICAST\n");
  EXPECT_TRUE(p.value.empty());
  EXPECT_EQ(p.diagnostics.size(), 1u);
  const auto q = parse_net_fib_trie("  |-- 10.0.0.1\n     /32 host LOCAL\n");
  ASSERT_EQ(q.value.size(), 1u);
  EXPECT_FALSE(q.value[0].table);
  EXPECT_EQ(q.value[0].address, "10.0.0.1");
  EXPECT_EQ(q.diagnostics.size(), 1u);
}

}  // namespace
