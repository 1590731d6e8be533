// /proc/net/packet and /proc/net/netlink: a capture with a known AF_PACKET and netlink socket, broken variants.
#include "procfs/net_packet.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "net_fixture.hpp"

namespace {

using procsnap::procfs::parse_net_netlink;
using procsnap::procfs::parse_net_packet;
using procsnap::test::net::expected_u64;
using procsnap::test::net::read_fixture;

TEST(NetPacket, CaptureEthPAllSocket) {
  const auto p = parse_net_packet(read_fixture("capture/packet"));
  EXPECT_TRUE(p.clean());
  const auto it = std::find_if(p.value.begin(), p.value.end(),
                               [](const auto& s) { return s.inode == expected_u64("packet_inode"); });
  ASSERT_NE(it, p.value.end());
  EXPECT_EQ(it->type, 3);         // SOCK_RAW
  EXPECT_EQ(it->proto, 0x0003u);  // ETH_P_ALL
  EXPECT_EQ(procsnap::procfs::ethertype_name(*it->proto), "ALL");
  EXPECT_EQ(it->ifindex, 0);
  EXPECT_EQ(it->running, 1);
  EXPECT_EQ(it->uid, 0u);
  EXPECT_EQ(it->pointer->size(), 16u);
}

TEST(NetPacket, BrokenVariants) {
  std::string text = "sk               RefCnt Type Proto  Iface R Rmem   User   Inode\n";
  text += "000000004d0cb973 3      3    00ZZ   0     1 0      0      14035\n";  // bad hex proto
  text += "zzzz 3 3 0003 0 1 0 0 1\n";                                          // not an entry
  text += "000000004d0cb973 3 3 0003\n";                                        // truncated
  text += "000000004d0cb973 3 3 0003 0 1 0 0 99999999999999999999 extra\n";
  const auto p = parse_net_packet(text);
  ASSERT_EQ(p.value.size(), 3u);
  EXPECT_FALSE(p.value[0].proto);
  EXPECT_EQ(p.value[0].inode, 14035u);
  EXPECT_EQ(p.value[1].proto, 3u);
  EXPECT_FALSE(p.value[1].inode);
  EXPECT_FALSE(p.value[2].inode);
  EXPECT_EQ(p.diagnostics.size(), 5u);  // proto, not an entry, truncated, inode overflow, extra column
}

TEST(NetNetlink, CaptureRouteSocket) {
  const auto p = parse_net_netlink(read_fixture("capture/netlink"));
  EXPECT_TRUE(p.clean());
  EXPECT_GT(p.value.size(), 5u);
  const auto it = std::find_if(p.value.begin(), p.value.end(),
                               [](const auto& s) { return s.inode == expected_u64("netlink_inode"); });
  ASSERT_NE(it, p.value.end());
  EXPECT_EQ(it->protocol, 0);  // NETLINK_ROUTE
  EXPECT_EQ(procsnap::procfs::netlink_protocol_name(*it->protocol), "ROUTE");
  EXPECT_EQ(it->portid, expected_u64("netlink_portid"));
  EXPECT_EQ(it->groups, 1u);
  EXPECT_EQ(it->locks, 2);
  EXPECT_EQ(it->drops, 0u);
  // The kernel's own rtnl socket: portid 0, inode 4 in every namespace listing.
  EXPECT_EQ(p.value[0].portid, 0u);
}

TEST(NetNetlink, BrokenVariants) {
  const std::string text =
      "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode\n"
      "0000000059c5a1a6 0   0          0000000G 0        0        0     2        0        4\n"
      "0000000059c5a1a6 -1  -5         00000000 -1       0        0     2        0        5\n"
      "0000000059c5a1a6 99999999999999999999\n";
  const auto p = parse_net_netlink(text);
  ASSERT_EQ(p.value.size(), 3u);
  EXPECT_FALSE(p.value[0].groups);
  EXPECT_EQ(p.value[0].inode, 4u);
  EXPECT_EQ(p.value[1].protocol, -1);
  EXPECT_FALSE(p.value[1].portid);  // "Pid" is %u: a sign is not accepted
  EXPECT_EQ(p.value[1].rmem, -1);
  EXPECT_FALSE(procsnap::procfs::netlink_protocol_name(-1));
  EXPECT_FALSE(p.value[2].protocol);
  EXPECT_EQ(p.diagnostics.size(), 4u);
}

}  // namespace
