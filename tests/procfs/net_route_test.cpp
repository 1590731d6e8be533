// /proc/net/{arp,route,ipv6_route,dev}: prometheus/procfs fixtures (values arp_test.go and net_dev_test.go
// assert), captures of this machine, broken variants.
#include "procfs/net_route.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "net_fixture.hpp"

namespace {

using procsnap::procfs::parse_net_arp;
using procsnap::procfs::parse_net_dev;
using procsnap::procfs::parse_net_ipv6_route;
using procsnap::procfs::parse_net_route;
using procsnap::test::net::read_fixture;

TEST(NetArp, PrometheusMatchesUpstreamTest) {
  const auto p = parse_net_arp(read_fixture("prometheus/arp"));
  EXPECT_TRUE(p.clean());
  ASSERT_EQ(p.value.size(), 2u);
  EXPECT_EQ(p.value[0].ip_address, "192.168.224.1");
  EXPECT_EQ(p.value[0].hw_address, "00:50:56:c0:00:08");
  EXPECT_EQ(p.value[0].device, "ens33");
  EXPECT_EQ(p.value[0].hw_type, 1u);
  EXPECT_EQ(p.value[0].flags, 2u);
  EXPECT_EQ(p.value[0].mask, "*");
  EXPECT_EQ(p.value[1].ip_address, "192.168.224.2");
  EXPECT_EQ(p.value[1].flags, 0u);
}

TEST(NetArp, CaptureAndBrokenVariants) {
  const auto c = parse_net_arp(read_fixture("capture/arp"));
  EXPECT_TRUE(c.clean());
  ASSERT_EQ(c.value.size(), 1u);
  EXPECT_EQ(c.value[0].ip_address, "192.0.2.1");
  EXPECT_EQ(c.value[0].hw_address, "02:fc:00:00:00:05");
  EXPECT_EQ(c.value[0].device, "eth0");

  const std::string text =
      "IP address       HW type     Flags       HW address            Mask     Device\n"
      "10.0.0.1         0x200       0x6                              *        tun0\n"  // no HW address
      "10.0.0.2         1           0xZ\n"                                             // bad numbers, truncated
      "10.0.0.3         0x1         0x2         aa:bb:cc:dd:ee:ff     *        eth0 more\n";
  const auto p = parse_net_arp(text);
  ASSERT_EQ(p.value.size(), 3u);
  EXPECT_FALSE(p.value[0].hw_address);
  EXPECT_EQ(p.value[0].flags, 6u);
  EXPECT_EQ(p.value[0].device, "tun0");
  EXPECT_FALSE(p.value[1].hw_type);
  EXPECT_FALSE(p.value[1].flags);
  EXPECT_FALSE(p.value[1].device);
  EXPECT_EQ(p.value[2].device, "eth0");
  EXPECT_EQ(p.diagnostics.size(), 4u);  // hw type, flags, truncated, extra column
}

TEST(NetRoute, CaptureDefaultRoute) {
  const auto p = parse_net_route(read_fixture("capture/route"));
  EXPECT_TRUE(p.clean());
  ASSERT_EQ(p.value.size(), 2u);
  EXPECT_EQ(p.value[0].iface, "eth0");
  EXPECT_EQ(p.value[0].destination, "0.0.0.0");
  EXPECT_EQ(p.value[0].gateway, "192.0.2.1");
  EXPECT_EQ(p.value[0].flags, 3u);  // RTF_UP | RTF_GATEWAY
  EXPECT_EQ(p.value[0].mask, "0.0.0.0");
  EXPECT_EQ(p.value[1].destination, "192.0.2.0");
  EXPECT_EQ(p.value[1].mask, "255.255.255.0");
  EXPECT_EQ(p.value[1].metric, 0);
  EXPECT_EQ(p.value[1].irtt, 0u);
}

TEST(NetRoute, BrokenVariants) {
  const std::string text =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
      "eth0\t0000000\t010200C0\t0003\t0\t0\t-1\t00000000\t0\t0\t0\n"  // 7-digit address, metric -1
      "eth0\t00000000\n";
  const auto p = parse_net_route(text);
  ASSERT_EQ(p.value.size(), 2u);
  EXPECT_FALSE(p.value[0].destination);
  EXPECT_EQ(p.value[0].gateway, "192.0.2.1");
  EXPECT_EQ(p.value[0].metric, -1);
  EXPECT_EQ(p.value[1].destination, "0.0.0.0");
  EXPECT_FALSE(p.value[1].gateway);
  EXPECT_EQ(p.diagnostics.size(), 2u);
}

TEST(NetIpv6Route, CaptureRoutes) {
  const auto p = parse_net_ipv6_route(read_fixture("capture/ipv6_route"));
  EXPECT_TRUE(p.clean());
  ASSERT_GE(p.value.size(), 4u);
  EXPECT_EQ(p.value[0].destination, "fd00::");
  EXPECT_EQ(p.value[0].destination_prefix, 64u);
  EXPECT_EQ(p.value[0].next_hop, "::");
  EXPECT_EQ(p.value[0].metric, 256u);
  EXPECT_EQ(p.value[0].iface, "eth0");
  EXPECT_EQ(p.value[2].destination, "::");
  EXPECT_EQ(p.value[2].destination_prefix, 0u);
  EXPECT_EQ(p.value[2].next_hop, "fd00::1");  // default route
  EXPECT_EQ(p.value[2].flags, 3u);
  EXPECT_EQ(p.value[3].destination, "::1");
  EXPECT_EQ(p.value[3].destination_prefix, 128u);
  EXPECT_EQ(p.value[3].iface, "lo");
}

TEST(NetIpv6Route, BrokenVariants) {
  const auto p = parse_net_ipv6_route(
      "fd00000000000000000000000000000 40 00000000000000000000000000000000 00\n"
      "fd000000000000000000000000000000 GG 00000000000000000000000000000000 00 00000000000000000000000000000000 "
      "00000100 00000001 00000000 00000001 eth0 x\n");
  ASSERT_EQ(p.value.size(), 2u);
  EXPECT_FALSE(p.value[0].destination);  // 31 digits
  EXPECT_EQ(p.value[0].destination_prefix, 0x40u);
  EXPECT_FALSE(p.value[1].destination_prefix);
  EXPECT_EQ(p.value[1].iface, "eth0");
  EXPECT_EQ(p.diagnostics.size(), 4u);  // address, truncated, prefix, extra column
}

TEST(NetDev, PrometheusMatchesUpstreamTest) {
  const auto p = parse_net_dev(read_fixture("prometheus/dev"));
  EXPECT_TRUE(p.clean());
  ASSERT_EQ(p.value.size(), 4u);
  auto find = [&](const char* name) {
    return std::find_if(p.value.begin(), p.value.end(), [&](const auto& e) { return e.iface == name; });
  };
  const auto veth = find("vethf345468");
  ASSERT_NE(veth, p.value.end());
  EXPECT_EQ(veth->v[0], 648u);
  EXPECT_EQ(veth->v[1], 8u);
  EXPECT_EQ(veth->v[8], 438u);
  EXPECT_EQ(veth->v[9], 5u);
  const auto lo = find("lo");
  ASSERT_NE(lo, p.value.end());
  EXPECT_EQ(lo->v[0], 1664039048u);
  EXPECT_EQ(lo->v[1], 1566805u);
  EXPECT_EQ(lo->v[8], 1664039048u);
  EXPECT_EQ(lo->v[9], 1566805u);
  const auto eth0 = find("eth0");
  ASSERT_NE(eth0, p.value.end());
  EXPECT_EQ(eth0->v[0], 874354587u);
  EXPECT_EQ(eth0->v[1], 1036395u);
  EXPECT_EQ(eth0->v[8], 563352563u);
  EXPECT_EQ(eth0->v[9], 732147u);
  const auto docker = find("docker0");
  ASSERT_NE(docker, p.value.end());
  EXPECT_EQ(docker->v[0], 2568u);
  EXPECT_EQ(docker->v[1], 38u);
  for (std::size_t i = 2; i < 8; ++i) EXPECT_EQ(docker->v[i], 0u);
}

TEST(NetDev, ParseLineLikeUpstream) {
  // net_dev_test.go TestNetDevParseLine: "eth0" and "eth0:1" names with counters 1..16.
  for (const std::string name : {"eth0", "eth0:1"}) {
    const auto p = parse_net_dev(
        "  " + name +
        ": 1 2 3    4    5     6          7         8 9  10    11    12    13     14       15          16");
    EXPECT_TRUE(p.clean());
    ASSERT_EQ(p.value.size(), 1u);
    EXPECT_EQ(p.value[0].iface, name);
    for (std::size_t i = 0; i < 16; ++i) EXPECT_EQ(p.value[0].v[i], i + 1);
  }
}

TEST(NetDev, CaptureAndBrokenVariants) {
  const auto c = parse_net_dev(read_fixture("capture/dev"));
  EXPECT_TRUE(c.clean());
  ASSERT_GE(c.value.size(), 2u);
  EXPECT_EQ(c.value[0].iface, "lo");

  const std::string text =
      "Inter-|   Receive                                                |  Transmit\n"
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls\n"
      "  eth0:18446744073709551616 1 2\n"  // overflow, touching the colon, truncated
      "no colon here\n"
      "  eth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n";
  const auto p = parse_net_dev(text);
  ASSERT_EQ(p.value.size(), 2u);
  EXPECT_FALSE(p.value[0].v[0]);
  EXPECT_EQ(p.value[0].v[1], 1u);
  EXPECT_FALSE(p.value[0].v[3]);
  EXPECT_EQ(p.value[1].v[15], 16u);
  EXPECT_EQ(p.diagnostics.size(), 4u);  // overflow, truncated, no colon, extra column
}

}  // namespace
