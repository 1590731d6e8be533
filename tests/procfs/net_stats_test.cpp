// /proc/net/{sockstat,sockstat6,snmp,netstat,snmp6} as (protocol, key, value) rows: prometheus/procfs fixtures,
// captures of this machine, broken variants.
#include "procfs/net_stats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "net_fixture.hpp"

namespace {

using procsnap::procfs::NetCounter;
using procsnap::procfs::parse_net_snmp;
using procsnap::procfs::parse_net_snmp6;
using procsnap::procfs::parse_net_sockstat;
using procsnap::test::net::read_fixture;

const NetCounter* find(const std::vector<NetCounter>& v, std::string_view proto, std::string_view key) {
  const auto it = std::find_if(v.begin(), v.end(), [&](const NetCounter& c) {
    return c.key == key && (proto.empty() ? !c.protocol : c.protocol == proto);
  });
  return it == v.end() ? nullptr : &*it;
}

std::uint64_t u(const NetCounter* c) { return c ? std::get<std::uint64_t>(c->value) : ~0ull; }

TEST(NetStats, PrometheusSockstat) {
  // net_sockstat_test.go: sockets used 1602; TCP inuse 35 orphan 0 tw 4 alloc 59 mem 22; UDP inuse 12 mem 62.
  const auto p = parse_net_sockstat(read_fixture("prometheus/sockstat"));
  EXPECT_TRUE(p.clean());
  EXPECT_EQ(u(find(p.value, "sockets", "used")), 1602u);
  EXPECT_EQ(u(find(p.value, "TCP", "inuse")), 35u);
  EXPECT_EQ(u(find(p.value, "TCP", "tw")), 4u);
  EXPECT_EQ(u(find(p.value, "TCP", "alloc")), 59u);
  EXPECT_EQ(u(find(p.value, "TCP", "mem")), 22u);
  EXPECT_EQ(u(find(p.value, "UDP", "mem")), 62u);
  EXPECT_EQ(u(find(p.value, "FRAG", "memory")), 0u);
  const auto q = parse_net_sockstat(read_fixture("prometheus/sockstat6"));
  EXPECT_TRUE(q.clean());
  EXPECT_EQ(u(find(q.value, "TCP6", "inuse")), 17u);
  EXPECT_EQ(u(find(q.value, "RAW6", "inuse")), 1u);
}

TEST(NetStats, PrometheusSnmpKeepsSignedValues) {
  const auto p = parse_net_snmp(read_fixture("prometheus/snmp"));
  EXPECT_TRUE(p.clean());
  EXPECT_EQ(u(find(p.value, "Ip", "Forwarding")), 2u);
  EXPECT_EQ(u(find(p.value, "Ip", "InReceives")), 594223u);
  EXPECT_EQ(u(find(p.value, "Tcp", "InSegs")), 653161u);
  EXPECT_EQ(u(find(p.value, "Udp", "IgnoredMulti")), 58u);
  const auto* maxconn = find(p.value, "Tcp", "MaxConn");
  ASSERT_NE(maxconn, nullptr);
  EXPECT_EQ(std::get<std::int64_t>(maxconn->value), -1);
  EXPECT_EQ(maxconn->line, 8u);
}

TEST(NetStats, PrometheusNetstatAndSnmp6) {
  const auto n = parse_net_snmp(read_fixture("prometheus/netstat"));
  EXPECT_TRUE(n.clean());
  EXPECT_EQ(u(find(n.value, "TcpExt", "TW")), 83u);
  EXPECT_EQ(u(find(n.value, "IpExt", "InOctets")), 190585481u);
  const auto s = parse_net_snmp6(read_fixture("prometheus/snmp6"));
  EXPECT_TRUE(s.clean());
  EXPECT_EQ(u(find(s.value, "Ip6", "Ip6InReceives")), 92166u);
}

TEST(NetStats, CaptureFilesParseClean) {
  for (const char* f : {"capture/sockstat", "capture/sockstat6"}) {
    const auto p = parse_net_sockstat(read_fixture(f));
    EXPECT_TRUE(p.clean()) << f;
    EXPECT_FALSE(p.value.empty()) << f;
  }
  for (const char* f : {"capture/snmp", "capture/netstat"}) {
    const auto p = parse_net_snmp(read_fixture(f));
    EXPECT_TRUE(p.clean()) << f;
    EXPECT_GT(p.value.size(), 50u) << f;
  }
  const auto s6 = parse_net_snmp6(read_fixture("capture/snmp6"));
  EXPECT_TRUE(s6.clean());
  EXPECT_EQ(s6.value.size(), 90u);
  EXPECT_TRUE(find(s6.value, "Icmp6", "Icmp6InMsgs"));
  EXPECT_TRUE(find(s6.value, "UdpLite6", "UdpLite6InDatagrams"));
}

TEST(NetStats, BrokenVariants) {
  const auto a = parse_net_sockstat("TCP: inuse 99999999999999999999 orphan\nno colon line\nUDP: inuse -3\n");
  ASSERT_EQ(a.value.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(a.value[0].value));
  EXPECT_EQ(std::get<std::int64_t>(a.value[1].value), -3);
  EXPECT_EQ(a.diagnostics.size(), 3u);  // overflow, key without value, no colon

  const auto b = parse_net_snmp("Ip: A B C\nIp: 1 2\nTcp: X Y\nUdp: P\nUdp: 18446744073709551615\nIcmp: Z\n");
  ASSERT_EQ(b.value.size(), 3u);
  EXPECT_EQ(b.value[2].key, "P");
  EXPECT_EQ(std::get<std::uint64_t>(b.value[2].value), 18446744073709551615ull);
  EXPECT_EQ(b.diagnostics.size(), 3u);  // count mismatch, Tcp names without values, Icmp names at EOF

  const auto c = parse_net_snmp6("Ip6InReceives\nIp6X 12 13\n\nNoSixHere 5\n");
  ASSERT_EQ(c.value.size(), 2u);
  EXPECT_FALSE(c.value[1].protocol);
  EXPECT_EQ(c.diagnostics.size(), 3u);  // no value, trailing text, empty line
}

}  // namespace
