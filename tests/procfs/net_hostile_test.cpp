// Every /proc/net parser on mutated real fixtures (byte flips, insertions of separators / NUL / high bytes,
// truncation at every length of a short file): never a crash, every row's line inside the file, every
// diagnostic bounded. Deterministic seed so a failure reproduces.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "net_fixture.hpp"
#include "procfs/net_if_inet6.hpp"
#include "procfs/net_inet.hpp"
#include "procfs/net_packet.hpp"
#include "procfs/net_route.hpp"
#include "procfs/net_stats.hpp"
#include "procfs/net_unix.hpp"

namespace {

using namespace procsnap::procfs;  // NOLINT: test file, many parser names
using procsnap::test::net::read_fixture;

std::size_t line_count(std::string_view s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')) + 1;
}

template <class T>
void check(const Parsed<std::vector<T>>& p, std::string_view text) {
  const std::size_t lines = line_count(text);
  for (const auto& r : p.value) {
    ASSERT_GE(r.line, 1u);
    ASSERT_LE(r.line, lines);
  }
  ASSERT_LE(p.diagnostics.size(), 101u);
  for (const auto& d : p.diagnostics) {
    ASSERT_LE(d.excerpt.size(), k_excerpt_max);
    ASSERT_LE(d.line, lines);
  }
}

void parse_all(std::string_view t) {
  for (auto proto : {InetProto::tcp, InetProto::udp, InetProto::raw}) {
    for (auto fam : {InetFamily::v4, InetFamily::v6}) {
      for (auto order : {ByteOrder::little, ByteOrder::big}) {
        check(parse_net_inet(t, proto, fam, order), t);
      }
    }
  }
  check(parse_net_unix(t), t);
  check(parse_net_packet(t), t);
  check(parse_net_netlink(t), t);
  check(parse_net_arp(t), t);
  check(parse_net_route(t), t);
  check(parse_net_ipv6_route(t), t);
  check(parse_net_dev(t), t);
  check(parse_net_sockstat(t), t);
  check(parse_net_snmp(t), t);
  check(parse_net_snmp6(t), t);
}

const std::vector<std::string> k_fixtures = {
    "prometheus/tcp", "prometheus/tcp6",    "prometheus/udp",      "prometheus/unix", "prometheus/arp",
    "prometheus/dev", "prometheus/snmp",    "prometheus/sockstat", "capture/tcp",     "capture/tcp6",
    "capture/udp",    "capture/raw6",       "capture/unix",        "capture/packet",  "capture/netlink",
    "capture/route",  "capture/ipv6_route", "capture/snmp6",       "capture/arp"};

TEST(NetHostile, MutatedFixturesNeverCrash) {
  std::mt19937 rng(0x6e657473);
  static const char k_specials[] = " \t\n:\0\xff\x80@-0Ff";
  const std::string specials(k_specials, sizeof k_specials - 1);
  for (const auto& name : k_fixtures) {
    const std::string base = read_fixture(name);
    parse_all(base);
    for (int iter = 0; iter < 300; ++iter) {
      std::string t = base;
      const int edits = 1 + static_cast<int>(rng() % 8);
      for (int e = 0; e < edits && !t.empty(); ++e) {
        const std::size_t pos = rng() % t.size();
        switch (rng() % 4) {
          case 0:
            t[pos] = static_cast<char>(rng() & 0xff);
            break;
          case 1:
            t.insert(pos, 1, specials[rng() % specials.size()]);
            break;
          case 2:
            t.erase(pos, 1 + rng() % 16);
            break;
          default:
            t.insert(pos, std::string(1 + rng() % 40, "0F9:"[rng() % 4]));
            break;
        }
      }
      parse_all(t);
      if (HasFatalFailure()) {
        FAIL() << name << " iteration " << iter;
      }
    }
  }
}

TEST(NetHostile, EveryTruncationOfShortFixtures) {
  for (const char* name : {"capture/tcp6", "capture/unix", "capture/packet", "prometheus/dev", "prometheus/snmp"}) {
    const std::string base = read_fixture(name);
    for (std::size_t n = 0; n <= base.size(); ++n) {
      parse_all(std::string_view(base).substr(0, n));
      if (HasFatalFailure()) {
        FAIL() << name << " cut at " << n;
      }
    }
  }
}

// The rule of procfs/system_common.hpp in the four net files that kept a row per line: a line without its key is a
// diagnostic and no row; a keyed line with a bad column keeps its row with that column absent.
TEST(NetKeyRule, GarbageLinesSkippedKeyedLinesKept) {
  const auto i6 = parse_net_if_inet6("?\nfd000000000000000000000000000002 zz 40 00 80 eth2\n");
  ASSERT_EQ(i6.value.size(), 1u);
  EXPECT_FALSE(i6.value[0].ifindex);
  EXPECT_EQ(i6.value[0].iface, "eth2");
  EXPECT_EQ(i6.value[0].line, 2u);
  const auto arp = parse_net_arp("IP address HW type Flags HW address Mask Device\n?\n10.0.0.2 0x1 0xZ\n");
  ASSERT_EQ(arp.value.size(), 1u);
  EXPECT_EQ(arp.value[0].ip_address, "10.0.0.2");
  EXPECT_FALSE(arp.value[0].flags);
  const auto rt = parse_net_route("Iface Destination Gateway\n?\neth0 00000000 zz\n");
  ASSERT_EQ(rt.value.size(), 1u);
  EXPECT_EQ(rt.value[0].destination, "0.0.0.0");
  EXPECT_FALSE(rt.value[0].gateway);
  const auto r6 = parse_net_ipv6_route("? ?\nfd000000000000000000000000000000 GG\n");
  ASSERT_EQ(r6.value.size(), 1u);
  EXPECT_EQ(r6.value[0].destination, "fd00::");
  EXPECT_FALSE(r6.value[0].destination_prefix);
  for (const auto* p : {&i6.diagnostics, &arp.diagnostics, &rt.diagnostics, &r6.diagnostics}) {
    EXPECT_TRUE(std::any_of(p->begin(), p->end(),
                            [](const Diagnostic& d) { return d.message.find("line skipped") != std::string::npos; }));
  }
}

TEST(NetKeyRule, MillionGarbageLinesGiveNoRows) {
  std::string flood;
  flood.reserve(2'000'000);
  for (int i = 0; i < 1'000'000; ++i) {
    flood += "?\n";
  }
  const auto counts = [](const auto& p) { return std::pair<std::size_t, std::size_t>(p.value.size(), p.diagnostics.size()); };
  for (const auto& [rows, diagnostics] :
       {counts(parse_net_if_inet6(flood)), counts(parse_net_arp(flood)), counts(parse_net_route(flood)),
        counts(parse_net_ipv6_route(flood))}) {
    EXPECT_EQ(rows, 0u);
    EXPECT_LE(diagnostics, 101u);
  }
}

}  // namespace
