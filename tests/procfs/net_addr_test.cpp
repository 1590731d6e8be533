// Address decoding for /proc/net: host-order words, inet_ntop-identical IPv6 text, names of codes.
#include "procfs/net_addr.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>

namespace {

using procsnap::procfs::ByteOrder;
using procsnap::procfs::decode_hex_ipv4;
using procsnap::procfs::decode_hex_ipv6;
using procsnap::procfs::decode_hex_ipv6_network;
using procsnap::procfs::format_ipv6;

std::string system_ntop(const std::array<std::uint8_t, 16>& a) {
  char buf[INET6_ADDRSTRLEN] = {};
  EXPECT_NE(inet_ntop(AF_INET6, a.data(), buf, sizeof buf), nullptr);
  return buf;
}

TEST(NetAddr, Ipv4LittleEndianHost) {
  EXPECT_EQ(decode_hex_ipv4("0100007F", ByteOrder::little), "127.0.0.1");
  EXPECT_EQ(decode_hex_ipv4("0500000A", ByteOrder::little), "10.0.0.5");
  EXPECT_EQ(decode_hex_ipv4("010200C0", ByteOrder::little), "192.0.2.1");
  EXPECT_EQ(decode_hex_ipv4("00000000", ByteOrder::little), "0.0.0.0");
  EXPECT_EQ(decode_hex_ipv4("ffffffff", ByteOrder::little), "255.255.255.255");
}

TEST(NetAddr, Ipv4BigEndianHostNeedsNoSwap) {
  // A s390x capture prints 127.0.0.1 as 7F000001; the analyzing machine's order plays no part.
  EXPECT_EQ(decode_hex_ipv4("7F000001", ByteOrder::big), "127.0.0.1");
  EXPECT_EQ(decode_hex_ipv4("0100007F", ByteOrder::big), "1.0.0.127");
}

TEST(NetAddr, Ipv4RejectsWrongLengthAndNonHex) {
  EXPECT_FALSE(decode_hex_ipv4("100007F", ByteOrder::little));
  EXPECT_FALSE(decode_hex_ipv4("00100007F", ByteOrder::little));
  EXPECT_FALSE(decode_hex_ipv4("0100007G", ByteOrder::little));
  EXPECT_FALSE(decode_hex_ipv4("", ByteOrder::little));
  EXPECT_FALSE(decode_hex_ipv4("+100007F", ByteOrder::little));
}

TEST(NetAddr, Ipv6HostOrderWords) {
  EXPECT_EQ(decode_hex_ipv6("00000000000000000000000001000000", ByteOrder::little), "::1");
  EXPECT_EQ(decode_hex_ipv6("00000000000000000000000000000000", ByteOrder::little), "::");
  EXPECT_EQ(decode_hex_ipv6("000080FE00000000FFADE15609667CFE", ByteOrder::little), "fe80::56e1:adff:fe7c:6609");
  EXPECT_EQ(decode_hex_ipv6("0000000000000000FFFF00000100007F", ByteOrder::little), "::ffff:127.0.0.1");
  EXPECT_EQ(decode_hex_ipv6("FE800000000000000000000000000001", ByteOrder::big), "fe80::1");
  EXPECT_FALSE(decode_hex_ipv6("000000000000000000000000010000000", ByteOrder::little));  // 33 digits
  EXPECT_FALSE(decode_hex_ipv6("0000000000000000000000000100000", ByteOrder::little));    // 31 digits
  EXPECT_FALSE(decode_hex_ipv6("0000000000000000000000000100000x", ByteOrder::little));
}

TEST(NetAddr, Ipv6NetworkOrderForIpv6Route) {
  EXPECT_EQ(decode_hex_ipv6_network("fd000000000000000000000000000001"), "fd00::1");
  EXPECT_EQ(decode_hex_ipv6_network("00000000000000000000000000000001"), "::1");
  EXPECT_EQ(decode_hex_ipv6_network("fe800000000000000000000000000000"), "fe80::");
}

TEST(NetAddr, FormatIpv6MatchesGlibcInetNtop) {
  // Structured cases first (zero runs at each position, ties, mapped / compatible IPv4), then random words
  // drawn mostly from {0, small, 0xffff} so zero runs and embedded IPv4 forms are frequent.
  std::mt19937_64 rng(20261129);
  const std::array<unsigned, 6> picks = {0, 0, 0, 1, 0xffff, 0xabcd};
  for (int iter = 0; iter < 200000; ++iter) {
    std::array<std::uint8_t, 16> a{};
    for (std::size_t w = 0; w < 8; ++w) {
      unsigned word = picks[rng() % picks.size()];
      if (rng() % 8 == 0) word = static_cast<unsigned>(rng() & 0xffff);
      a[2 * w] = static_cast<std::uint8_t>(word >> 8);
      a[2 * w + 1] = static_cast<std::uint8_t>(word & 0xff);
    }
    ASSERT_EQ(format_ipv6(a), system_ntop(a)) << "iteration " << iter;
  }
}

TEST(NetAddr, ByteOrderForArch) {
  EXPECT_EQ(procsnap::procfs::byte_order_for_arch("x86_64"), ByteOrder::little);
  EXPECT_EQ(procsnap::procfs::byte_order_for_arch("aarch64"), ByteOrder::little);
  EXPECT_EQ(procsnap::procfs::byte_order_for_arch("s390x"), ByteOrder::big);
  EXPECT_EQ(procsnap::procfs::byte_order_for_arch("ppc64"), ByteOrder::big);
  EXPECT_EQ(procsnap::procfs::byte_order_for_arch("ppc64le"), ByteOrder::little);
  EXPECT_FALSE(procsnap::procfs::byte_order_for_arch("pdp11"));
}

TEST(NetAddr, StateAndTypeNames) {
  EXPECT_EQ(procsnap::procfs::tcp_state_name(0x01), "ESTABLISHED");
  EXPECT_EQ(procsnap::procfs::tcp_state_name(0x0A), "LISTEN");
  EXPECT_EQ(procsnap::procfs::tcp_state_name(0x0C), "NEW_SYN_RECV");
  EXPECT_EQ(procsnap::procfs::tcp_state_name(0x06), "TIME_WAIT");
  EXPECT_FALSE(procsnap::procfs::tcp_state_name(0));
  EXPECT_FALSE(procsnap::procfs::tcp_state_name(0xFF));
  EXPECT_EQ(procsnap::procfs::tcp_timer_name(2), "keepalive");
  EXPECT_EQ(procsnap::procfs::socket_type_name(5), "SEQPACKET");
  EXPECT_FALSE(procsnap::procfs::socket_type_name(99));
}

}  // namespace
