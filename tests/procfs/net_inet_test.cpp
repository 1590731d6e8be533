// /proc/net/{tcp,tcp6,udp,udp6,udplite,raw,raw6}: prometheus/procfs fixtures (values its own tests assert), a
// capture of this machine with known listeners, and broken variants.
#include "procfs/net_inet.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "net_fixture.hpp"

namespace {

using procsnap::procfs::ByteOrder;
using procsnap::procfs::InetFamily;
using procsnap::procfs::InetProto;
using procsnap::procfs::InetSocket;
using procsnap::procfs::parse_net_inet;
using procsnap::test::net::expected;
using procsnap::test::net::expected_u64;
using procsnap::test::net::read_fixture;

const InetSocket* by_inode(const std::vector<InetSocket>& v, std::uint64_t inode) {
  const auto it = std::find_if(v.begin(), v.end(), [&](const InetSocket& s) { return s.inode == inode; });
  return it == v.end() ? nullptr : &*it;
}

bool has_diag(const procsnap::procfs::Parsed<std::vector<InetSocket>>& p, std::string_view needle) {
  return std::any_of(p.diagnostics.begin(), p.diagnostics.end(),
                     [&](const auto& d) { return d.message.find(needle) != std::string::npos; });
}

const std::string k_header =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

TEST(NetInet, PrometheusTcpMatchesUpstreamTest) {
  // net_tcp_test.go: 10.0.0.5:22 and 0.0.0.0:22 LISTEN, tx/rx queues 0/1, 1/0, 1/1, uid 0.
  const auto p = parse_net_inet(read_fixture("prometheus/tcp"), InetProto::tcp, InetFamily::v4);
  EXPECT_TRUE(p.clean()) << p.diagnostics.front().message;
  ASSERT_EQ(p.value.size(), 3u);
  const auto& a = p.value[0];
  EXPECT_EQ(a.line, 2u);
  EXPECT_EQ(a.sl, 0u);
  EXPECT_EQ(a.local_address, "10.0.0.5");
  EXPECT_EQ(a.local_port, 22u);
  EXPECT_EQ(a.remote_address, "0.0.0.0");
  EXPECT_EQ(a.remote_port, 0u);
  EXPECT_EQ(a.state, 10u);
  EXPECT_EQ(a.tx_queue, 0u);
  EXPECT_EQ(a.rx_queue, 1u);
  EXPECT_EQ(a.uid, 0u);
  EXPECT_EQ(a.inode, 2740u);
  EXPECT_EQ(a.refcount, 1);
  EXPECT_EQ(a.pointer, "ffff88003d3af3c0");
  EXPECT_EQ(a.rto, 100u);
  EXPECT_EQ(a.snd_cwnd, 10u);
  EXPECT_EQ(a.ssthresh, 0);
  EXPECT_EQ(a.extra, "");
  EXPECT_EQ(p.value[1].local_address, "0.0.0.0");
  EXPECT_EQ(p.value[1].tx_queue, 1u);
  EXPECT_EQ(p.value[1].rx_queue, 0u);
  EXPECT_EQ(p.value[2].sl, 2u);
  EXPECT_EQ(p.value[2].tx_queue, 1u);
  EXPECT_EQ(p.value[2].rx_queue, 1u);
}

TEST(NetInet, PrometheusUdp6MatchesUpstreamTest) {
  // net_udp_test.go: sl 1315 [::]:5355 uid 981 inode 21040; sl 6073 fe80::56e1:adff:fe7c:6609:51073 uid 1000
  // inode 11337031; state 7; drops 0.
  const auto p = parse_net_inet(read_fixture("prometheus/udp6"), InetProto::udp, InetFamily::v6);
  EXPECT_TRUE(p.clean());
  ASSERT_EQ(p.value.size(), 2u);
  EXPECT_EQ(p.value[0].sl, 1315u);
  EXPECT_EQ(p.value[0].local_address, "::");
  EXPECT_EQ(p.value[0].local_port, 5355u);
  EXPECT_EQ(p.value[0].remote_address, "::");
  EXPECT_EQ(p.value[0].state, 7u);
  EXPECT_EQ(p.value[0].uid, 981u);
  EXPECT_EQ(p.value[0].inode, 21040u);
  EXPECT_EQ(p.value[0].drops, 0u);
  EXPECT_EQ(p.value[1].sl, 6073u);
  EXPECT_EQ(p.value[1].local_address, "fe80::56e1:adff:fe7c:6609");
  EXPECT_EQ(p.value[1].local_port, 51073u);
  EXPECT_EQ(p.value[1].uid, 1000u);
  EXPECT_EQ(p.value[1].inode, 11337031u);
}

TEST(NetInet, PrometheusTcp6HasUdpLayoutSoTcpColumnsAreMissing) {
  // The upstream tcp6 file stops after "drops" (a udp6 layout): same addresses, plus a diagnostic per line.
  const auto p = parse_net_inet(read_fixture("prometheus/tcp6"), InetProto::tcp, InetFamily::v6);
  ASSERT_EQ(p.value.size(), 2u);
  EXPECT_EQ(p.value[0].local_port, 5355u);
  EXPECT_EQ(p.value[1].local_address, "fe80::56e1:adff:fe7c:6609");
  EXPECT_EQ(p.value[1].inode, 11337031u);
  EXPECT_EQ(p.value[1].rto, 0u);  // upstream's "drops" column lands in rto
  EXPECT_FALSE(p.value[1].ato);
  EXPECT_EQ(p.diagnostics.size(), 2u);
  EXPECT_TRUE(has_diag(p, "only 13 columns, expected 17"));
}

TEST(NetInet, PrometheusUdpCarriesTcpColumns) {
  // net_udp_test.go reads Drops = 100 from the 13th column of this tcp-shaped file; the rest is extra.
  const auto p = parse_net_inet(read_fixture("prometheus/udp"), InetProto::udp, InetFamily::v4);
  ASSERT_EQ(p.value.size(), 3u);
  for (const auto& s : p.value) {
    EXPECT_EQ(s.drops, 100u);
    EXPECT_EQ(s.inode, 2740u);
    EXPECT_EQ(s.extra, "0 0 10 0");
  }
  EXPECT_EQ(p.value[0].local_address, "10.0.0.5");
  EXPECT_EQ(p.value[0].local_port, 22u);
  ASSERT_EQ(p.diagnostics.size(), 1u);  // reported once per file, not per line
  EXPECT_EQ(p.diagnostics[0].line, 2u);
  EXPECT_NE(p.diagnostics[0].message.find("beyond the known layout"), std::string::npos);
}

TEST(NetInet, PrometheusUdpBrokenKeepsPartialValues) {
  // Upstream expects an error; we keep what parsed (address, port, state) and say what is missing.
  const auto p = parse_net_inet(read_fixture("prometheus/udp_broken"), InetProto::udp, InetFamily::v4);
  ASSERT_EQ(p.value.size(), 1u);
  EXPECT_EQ(p.value[0].sl, 1u);
  EXPECT_EQ(p.value[0].local_address, "0.0.0.0");
  EXPECT_EQ(p.value[0].local_port, 22u);
  EXPECT_EQ(p.value[0].state, 10u);
  EXPECT_FALSE(p.value[0].inode);
  EXPECT_FALSE(p.value[0].uid);
  ASSERT_EQ(p.diagnostics.size(), 1u);
  EXPECT_EQ(p.diagnostics[0].line, 2u);
  EXPECT_NE(p.diagnostics[0].message.find("only 4 columns, expected 13"), std::string::npos);
}

TEST(NetInet, CaptureTcpListenerAndConnection) {
  const auto p = parse_net_inet(read_fixture("capture/tcp"), InetProto::tcp, InetFamily::v4);
  EXPECT_TRUE(p.clean());
  const auto port = expected_u64("tcp4_listen_port");
  const auto* l = by_inode(p.value, expected_u64("tcp4_listen_inode"));
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->local_address, "127.0.0.1");
  EXPECT_EQ(l->local_port, port);
  EXPECT_EQ(l->remote_address, "0.0.0.0");
  EXPECT_EQ(l->state, 0x0Au);
  EXPECT_EQ(l->uid, 0u);
  const auto* c = by_inode(p.value, expected_u64("tcp4_client_inode"));
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->state, 0x01u);  // ESTABLISHED
  EXPECT_EQ(c->local_port, expected_u64("tcp4_client_port"));
  EXPECT_EQ(c->remote_address, "127.0.0.1");
  EXPECT_EQ(c->remote_port, port);
  EXPECT_EQ(c->ssthresh, -1);  // still in initial slow start
  // The accepted end: local = the listener's port, remote = the client's.
  const auto accepted = std::count_if(p.value.begin(), p.value.end(), [&](const InetSocket& s) {
    return s.local_port == port && s.remote_port == expected_u64("tcp4_client_port") && s.state == 1u;
  });
  EXPECT_EQ(accepted, 1);
}

TEST(NetInet, CaptureTcp6LoopbackAndMappedListeners) {
  const auto p = parse_net_inet(read_fixture("capture/tcp6"), InetProto::tcp, InetFamily::v6);
  EXPECT_TRUE(p.clean());
  const auto* l = by_inode(p.value, expected_u64("tcp6_listen_inode"));
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->local_address, "::1");
  EXPECT_EQ(l->local_port, expected_u64("tcp6_listen_port"));
  EXPECT_EQ(l->state, 0x0Au);
  const auto* m = by_inode(p.value, expected_u64("tcp6_mapped_inode"));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->local_address, "::ffff:127.0.0.1");
  EXPECT_EQ(m->local_port, expected_u64("tcp6_mapped_port"));
}

TEST(NetInet, CaptureUdpAndRaw) {
  const auto u4 = parse_net_inet(read_fixture("capture/udp"), InetProto::udp, InetFamily::v4);
  EXPECT_TRUE(u4.clean());
  const auto* a = by_inode(u4.value, expected_u64("udp4_inode"));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->local_address, "127.0.0.1");
  EXPECT_EQ(a->local_port, expected_u64("udp4_port"));
  EXPECT_EQ(a->state, 7u);
  EXPECT_EQ(a->drops, 0u);
  EXPECT_EQ(a->extra, "");  // trailing padding spaces are not columns

  const auto u6 = parse_net_inet(read_fixture("capture/udp6"), InetProto::udp, InetFamily::v6);
  EXPECT_TRUE(u6.clean());
  const auto* b = by_inode(u6.value, expected_u64("udp6_inode"));
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->local_address, "::1");
  EXPECT_EQ(b->local_port, expected_u64("udp6_port"));

  const auto r4 = parse_net_inet(read_fixture("capture/raw"), InetProto::raw, InetFamily::v4);
  EXPECT_TRUE(r4.clean());
  const auto* r = by_inode(r4.value, expected_u64("raw4_inode"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->local_port, 1u);  // IPPROTO_ICMP
  const auto r6 = parse_net_inet(read_fixture("capture/raw6"), InetProto::raw, InetFamily::v6);
  EXPECT_TRUE(r6.clean());
  const auto* r6s = by_inode(r6.value, expected_u64("raw6_inode"));
  ASSERT_NE(r6s, nullptr);
  EXPECT_EQ(r6s->local_port, 58u);  // IPPROTO_ICMPV6
  EXPECT_EQ(r6s->local_address, "::");

  // udplite files exist but are empty here: header only, no rows, no diagnostics.
  const auto ul = parse_net_inet(read_fixture("capture/udplite"), InetProto::udp, InetFamily::v4);
  EXPECT_TRUE(ul.clean());
  EXPECT_TRUE(ul.value.empty());
}

TEST(NetInet, BigEndianCapture) {
  const std::string text = k_header +
                           "   0: 7F000001:0050 0A000001:D431 01 00000000:00000000 00:00000000 00000000"
                           "     0        0 42 1 0000000000000000 20 4 30 10 -1\n";
  const auto p = parse_net_inet(text, InetProto::tcp, InetFamily::v4, ByteOrder::big);
  EXPECT_TRUE(p.clean());
  ASSERT_EQ(p.value.size(), 1u);
  EXPECT_EQ(p.value[0].local_address, "127.0.0.1");
  EXPECT_EQ(p.value[0].local_port, 80u);
  EXPECT_EQ(p.value[0].remote_address, "10.0.0.1");
  EXPECT_EQ(p.value[0].remote_port, 54321u);
}

TEST(NetInet, TimeWaitAndSynRecvEntriesAreShortByDesign) {
  const std::string text = k_header +
                           "   0: 0100007F:0050 0100007F:D431 06 00000000:00000000 03:00001770 00000000     0"
                           "        0 0 3 0000000000000000\n"
                           "   1: 0100007F:0050 0100007F:D432 0C 00000000:00000000 01:00000064 00000000     0"
                           "        0 0 0 0000000000000000\n";
  const auto p = parse_net_inet(text, InetProto::tcp, InetFamily::v4);
  EXPECT_TRUE(p.clean());
  ASSERT_EQ(p.value.size(), 2u);
  EXPECT_EQ(p.value[0].state, 6u);
  EXPECT_EQ(p.value[0].timer_active, 3u);
  EXPECT_EQ(p.value[0].timer_expires, 0x1770u);
  EXPECT_EQ(p.value[0].inode, 0u);
  EXPECT_FALSE(p.value[0].rto);
  EXPECT_EQ(p.value[1].state, 12u);
}

// ---- broken variants: never crash, diagnostics, partial values kept ----

TEST(NetInet, TruncatedMidLine) {
  const std::string full = read_fixture("capture/tcp");
  for (std::size_t cut = 0; cut <= full.size(); ++cut) {
    const auto p = parse_net_inet(full.substr(0, cut), InetProto::tcp, InetFamily::v4);
    for (const auto& s : p.value) {
      EXPECT_GE(s.line, 2u);
    }
  }
  const auto p = parse_net_inet(full.substr(0, full.find("0100007F:CA6D 0000") + 9), InetProto::tcp, InetFamily::v4);
  ASSERT_EQ(p.value.size(), 2u);
  EXPECT_EQ(p.value[1].local_address, "127.0.0.1");  // "0100007F:" — the address survives, the port does not
  EXPECT_FALSE(p.value[1].local_port);
  EXPECT_TRUE(has_diag(p, "port is not a 16-bit hex number"));
  EXPECT_TRUE(has_diag(p, "only 2 columns, expected 17"));
}

TEST(NetInet, BadHexAndWrongAddressLengths) {
  const std::string text =
      k_header +
      "   0: 0100007Z:0050 000000000:0000 0G 0000000X:00000000 00:00000000 00000000     0        0 42 1 "
      "00000000ab9a153f 100 0 0 10 0\n"
      "   1: 000000000000000000000000010000000:0050 00000000:10000 0A 00000000:00000000 00:00000000 00000000 0 0 "
      "43 1 zz 100 0 0 10 0\n";
  const auto p = parse_net_inet(text, InetProto::tcp, InetFamily::v4);
  ASSERT_EQ(p.value.size(), 2u);
  EXPECT_FALSE(p.value[0].local_address);
  EXPECT_EQ(p.value[0].local_port, 0x50u);
  EXPECT_FALSE(p.value[0].remote_address);
  EXPECT_FALSE(p.value[0].state);
  EXPECT_FALSE(p.value[0].tx_queue);
  EXPECT_EQ(p.value[0].rx_queue, 0u);
  EXPECT_EQ(p.value[0].inode, 42u);
  EXPECT_FALSE(p.value[1].local_address);
  EXPECT_EQ(p.value[1].local_port, 0x50u);
  EXPECT_FALSE(p.value[1].remote_port);  // 0x10000 does not fit 16 bits
  EXPECT_FALSE(p.value[1].pointer);
  EXPECT_EQ(p.value[1].inode, 43u);
  EXPECT_TRUE(has_diag(p, "address is not hex"));
  EXPECT_TRUE(has_diag(p, "address has 9 hex digits, expected 8"));
  EXPECT_TRUE(has_diag(p, "address has 33 hex digits, expected 8"));
  EXPECT_TRUE(has_diag(p, "column 4 (st)"));
  EXPECT_TRUE(has_diag(p, "column 12 (pointer)"));
}

TEST(NetInet, Ipv6With33Digits) {
  const std::string text =
      "  sl  local_address                         remote_address                        st\n"
      "   0: 000000000000000000000000010000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 "
      "00:00000000 00000000 0 0 42 1 0000000000000000 0\n";
  const auto p = parse_net_inet(text, InetProto::udp, InetFamily::v6);
  ASSERT_EQ(p.value.size(), 1u);
  EXPECT_FALSE(p.value[0].local_address);
  EXPECT_EQ(p.value[0].remote_address, "::");
  EXPECT_EQ(p.value[0].inode, 42u);
  EXPECT_TRUE(has_diag(p, "address has 33 hex digits, expected 32"));
}

TEST(NetInet, HugeNumbers) {
  const std::string text =
      k_header +
      "   0: 0100007F:0050 00000000:0000 0A FFFFFFFFFFFFFFFF:1FFFFFFFFFFFFFFFF 00:00000000 00000000 "
      "18446744073709551615 9223372036854775808 18446744073709551616 -9223372036854775809 0 99999999999999999999 0 "
      "0 10 0\n";
  const auto p = parse_net_inet(text, InetProto::tcp, InetFamily::v4);
  ASSERT_EQ(p.value.size(), 1u);
  const auto& s = p.value[0];
  EXPECT_EQ(s.tx_queue, 0xFFFFFFFFFFFFFFFFull);
  EXPECT_FALSE(s.rx_queue);                   // 17 hex digits overflow
  EXPECT_EQ(s.uid, 18446744073709551615ull);  // max u64 kept exactly
  EXPECT_FALSE(s.timeout);                    // 2^63 overflows a signed column
  EXPECT_FALSE(s.inode);                      // 2^64
  EXPECT_FALSE(s.refcount);                   // below INT64_MIN
  EXPECT_FALSE(s.rto);
  EXPECT_EQ(s.local_port, 80u);
  EXPECT_EQ(p.diagnostics.size(), 5u);
}

TEST(NetInet, InvalidUtf8NulsAndGarbageLines) {
  std::string text = k_header;
  text +=
      "   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 \xff\xfe 1 "
      "0000000000000000 100 0 0 10 0\n";
  text += std::string("\x00\x01garbage\n", 10);
  text += "\n";
  text += "not: a line\n";
  text += "   7: 0100007F:0051 00000000:0000 0A";
  const auto p = parse_net_inet(text, InetProto::tcp, InetFamily::v4);
  ASSERT_EQ(p.value.size(), 2u);
  EXPECT_FALSE(p.value[0].inode);
  EXPECT_EQ(p.value[0].refcount, 1);
  EXPECT_EQ(p.value[1].sl, 7u);
  EXPECT_EQ(p.value[1].line, 6u);
  EXPECT_EQ(p.value[1].local_port, 0x51u);
  EXPECT_TRUE(has_diag(p, "column 10 (inode)"));
  EXPECT_TRUE(has_diag(p, "not a socket entry"));
  EXPECT_TRUE(has_diag(p, "empty line"));
  for (const auto& d : p.diagnostics) {
    EXPECT_LE(d.excerpt.size(), procsnap::procfs::k_excerpt_max);
  }
}

TEST(NetInet, TenMegabyteLine) {
  std::string text = k_header +
                     "   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 "
                     "42 1 0000000000000000 0";
  text.append(10 * 1024 * 1024, ' ');
  text.append(std::string(10 * 1024 * 1024, 'A'));
  text += "\n";
  const auto p = parse_net_inet(text, InetProto::udp, InetFamily::v4);
  ASSERT_EQ(p.value.size(), 1u);
  EXPECT_EQ(p.value[0].inode, 42u);
  EXPECT_EQ(p.value[0].drops, 0u);
  EXPECT_EQ(p.value[0].extra.size(), 4096u);  // capped; the raw member keeps all
  EXPECT_TRUE(has_diag(p, "longer than 4096 bytes"));

  // One 10 MB token as the first column: not an entry, skipped with a bounded excerpt.
  const auto q = parse_net_inet(k_header + std::string(10 * 1024 * 1024, '7') + ":", InetProto::tcp, InetFamily::v4);
  EXPECT_TRUE(q.value.empty());
  ASSERT_EQ(q.diagnostics.size(), 1u);
  EXPECT_EQ(q.diagnostics[0].excerpt.size(), procsnap::procfs::k_excerpt_max);
}

TEST(NetInet, DiagnosticsAreCapped) {
  std::string text = k_header;
  for (int i = 0; i < 5000; ++i) text += "garbage line\n";
  const auto p = parse_net_inet(text, InetProto::tcp, InetFamily::v4);
  EXPECT_TRUE(p.value.empty());
  EXPECT_EQ(p.diagnostics.size(), 101u);
  EXPECT_NE(p.diagnostics.back().message.find("suppressed"), std::string::npos);
}

TEST(NetInet, EmptyHeaderOnlyAndMissingHeader) {
  EXPECT_TRUE(parse_net_inet("", InetProto::tcp, InetFamily::v4).clean());
  EXPECT_TRUE(parse_net_inet(k_header, InetProto::tcp, InetFamily::v4).clean());
  const auto p = parse_net_inet(
      "   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 "
      "42 1 0000000000000000 0\n",
      InetProto::raw, InetFamily::v4);
  ASSERT_EQ(p.value.size(), 1u);
  EXPECT_EQ(p.value[0].line, 1u);
  EXPECT_TRUE(has_diag(p, "missing header"));
}

}  // namespace
