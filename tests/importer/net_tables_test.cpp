// Binders of the net group (analyzer/importer/tables/net.cpp) against the real schema (schema/00_snapshots.sql +
// schema/30_net.sql from importer::schema_files()) in an in-memory database, through the shared TestSink
// (table_test_support.hpp) that prepares one INSERT per (table, columns) like the importer's. Fixtures:
// tests/fixtures/net/.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "importer/registry.hpp"
#include "importer/schema_sql.hpp"
#include "table_test_support.hpp"

namespace importer = procsnap::importer;
namespace db = procsnap::db;

namespace {

std::string read_fixture(const std::string& rel) {
  return procsnap::test::read_file(std::string(PROCSNAP_FIXTURES_DIR) + "/net/" + rel);
}

std::map<std::string, std::string> expected() {
  std::map<std::string, std::string> out;
  std::istringstream in(read_fixture("capture/expected.txt"));
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

using procsnap::test::TestSink;

constexpr std::uint64_t k_netns = 4026531833;  // the capture's namespace (expected.txt: net:[4026531833])

class NetTables : public ::testing::Test {
 protected:
  void SetUp() override {
    // Only the core tables and this group: other groups' schemas are tested by their own suites.
    ASSERT_EQ(procsnap::test::load_schema(conn, {"00_snapshots.sql", "30_net.sql"}), 2);
    procsnap::test::insert_snapshot(conn, 7);
  }

  /// Runs the net handler whose pattern matches `path`, as the importer would.
  void feed(const std::string& path, const std::string& bytes, std::optional<std::uint64_t> netns = k_netns) {
    importer::Member m;
    m.path = path;
    m.bytes = std::as_bytes(std::span(bytes.data(), bytes.size()));
    m.snapshot_id = 7;
    m.netns = netns;
    for (const auto& h : importer::net_handlers()) {
      if (importer::match_pattern(h.pattern, path, m)) {
        h.fn(m, sink);
        return;
      }
    }
    ADD_FAILURE() << "no net handler for " << path;
  }

  std::vector<std::vector<std::optional<std::string>>> rows(const std::string& sql) {
    return procsnap::test::query_rows(conn, sql);
  }
  std::string one(const std::string& sql) { return procsnap::test::query_one(conn, sql); }
  std::size_t issues_for(std::string_view path) const { return sink.issues_for(path); }
  void feed_capture() {
    for (const char* f :
         {"tcp",     "tcp6", "udp",   "udp6",       "udplite", "udplite6", "raw",       "raw6", "unix",    "packet",
          "netlink", "arp",  "route", "ipv6_route", "dev",     "sockstat", "sockstat6", "snmp", "netstat", "snmp6"}) {
      feed(std::string("proc/net/") + f, read_fixture(std::string("capture/") + f));
    }
  }

  db::Connection conn{":memory:", db::Connection::Mode::read_write_create};
  TestSink sink{conn};
  std::map<std::string, std::string> exp = expected();
};

TEST_F(NetTables, EveryFileHasAHandlerInBothNamespaces) {
  const std::vector<std::string> files = {
      "tcp",     "tcp6", "udp",   "udp6",       "udplite", "udplite6", "raw",       "raw6", "unix",    "packet",
      "netlink", "arp",  "route", "ipv6_route", "dev",     "sockstat", "sockstat6", "snmp", "netstat", "snmp6",
      "if_inet6", "fib_trie"};
  for (const auto& f : files) {
    for (const std::string& path : {"proc/net/" + f, "proc/4242/net/" + f}) {
      importer::Member m;
      int matches = 0;
      for (const auto& h : importer::net_handlers()) matches += importer::match_pattern(h.pattern, path, m) ? 1 : 0;
      EXPECT_EQ(matches, 1) << path;
    }
  }
  importer::Member m;
  for (const auto& h : importer::net_handlers()) {
    EXPECT_FALSE(importer::match_pattern(h.pattern, "proc/net/tcp/x", m)) << h.pattern;
    EXPECT_FALSE(importer::match_pattern(h.pattern, "proc/01/net/tcp", m)) << h.pattern;
  }
}

TEST_F(NetTables, CaptureImportsCleanlyAndFillsEveryColumn) {
  feed_capture();
  for (const auto& i : sink.issues) ADD_FAILURE() << i.path << ":" << i.line << ": " << i.message;
  // Conformance: every column of every net table is written by some insert (schema and binder agree).
  for (const char* t : {"net_tcp", "net_udp", "net_raw", "net_unix", "net_packet", "net_netlink", "net_arp",
                        "net_route", "net_ipv6_route", "net_dev", "net_counters"}) {
    auto st = conn.prepare(std::string("SELECT name FROM pragma_table_info('") + t + "')");
    std::set<std::string> schema_cols;
    while (st.step()) schema_cols.insert(std::string(st.column_text(0)));
    EXPECT_FALSE(schema_cols.empty()) << t;
    EXPECT_EQ(sink.written[t], schema_cols) << t;
  }
  // A full TCP socket from proc/net has every column but extra and source_pid (the collector's own namespace).
  const auto listen_inode = exp.at("tcp4_listen_inode");
  const auto r = rows("SELECT * FROM net_tcp WHERE inode = " + listen_inode);
  ASSERT_EQ(r.size(), 1u);
  auto st = conn.prepare("SELECT name FROM pragma_table_info('net_tcp')");
  for (std::size_t i = 0; st.step(); ++i) {
    const std::string col(st.column_text(0));
    if (col == "extra" || col == "source_pid") {
      EXPECT_FALSE(r[0][i]) << col;
    } else {
      EXPECT_TRUE(r[0][i]) << col;
    }
  }
}

TEST_F(NetTables, ListenersAddressesPortsStates) {
  feed_capture();
  EXPECT_EQ(one("SELECT local_address || ':' || local_port || ' ' || state_name || ' ' || family || ' ' || "
                "protocol || ' ' || netns || ' ' || typeof(netns) || ' ' || ifnull(source_pid, 'NULL') FROM net_tcp "
                "WHERE inode = " +
                exp.at("tcp4_listen_inode")),
            "127.0.0.1:" + exp.at("tcp4_listen_port") + " LISTEN 4 6 4026531833 integer NULL");
  EXPECT_EQ(one("SELECT local_address || ':' || local_port || ' ' || state_name || ' ' || family FROM net_tcp "
                "WHERE inode = " +
                exp.at("tcp6_listen_inode")),
            "::1:" + exp.at("tcp6_listen_port") + " LISTEN 6");
  EXPECT_EQ(one("SELECT local_address FROM net_tcp WHERE inode = " + exp.at("tcp6_mapped_inode")), "::ffff:127.0.0.1");
  EXPECT_EQ(one("SELECT remote_address || ':' || remote_port || ' ' || state_name || ' ' || timer_name FROM "
                "net_tcp WHERE inode = " +
                exp.at("tcp4_client_inode")),
            "127.0.0.1:" + exp.at("tcp4_listen_port") + " ESTABLISHED off");
  EXPECT_EQ(one("SELECT local_port || ' ' || state_name || ' ' || protocol || ' ' || drops FROM net_udp WHERE inode "
                "= " +
                exp.at("udp4_inode")),
            exp.at("udp4_port") + " CLOSE 17 0");
  EXPECT_EQ(one("SELECT local_address || ' ' || family FROM net_udp WHERE inode = " + exp.at("udp6_inode")), "::1 6");
  EXPECT_EQ(one("SELECT protocol || ' ' || family FROM net_raw WHERE inode = " + exp.at("raw4_inode")), "1 4");
  EXPECT_EQ(one("SELECT protocol || ' ' || family FROM net_raw WHERE inode = " + exp.at("raw6_inode")), "58 6");
}

TEST_F(NetTables, UnixPacketNetlinkArpRoute) {
  feed_capture();
  EXPECT_EQ(one("SELECT path || ' ' || listening || ' ' || type_name || ' ' || state_name || ' ' || abstract FROM "
                "net_unix WHERE inode = " +
                exp.at("unix_listen_inode")),
            exp.at("unix_listen_path") + " 1 STREAM UNCONNECTED 0");
  EXPECT_EQ(one("SELECT path || ' ' || listening || ' ' || type_name || ' ' || abstract FROM net_unix WHERE inode = " +
                exp.at("unix_abstract_inode")),
            "@procsnap-abstract@x 0 SEQPACKET 1");
  EXPECT_EQ(one("SELECT ifnull(path, 'NULL') || ' ' || ifnull(abstract, 'NULL') || ' ' || type_name FROM net_unix "
                "WHERE inode = " +
                exp.at("unix_dgram_inode")),
            "NULL NULL DGRAM");
  EXPECT_EQ(
      one("SELECT type_name || ' ' || proto || ' ' || proto_name || ' ' || ifindex FROM net_packet WHERE inode = " +
          exp.at("packet_inode")),
      "RAW 3 ALL 0");
  EXPECT_EQ(one("SELECT protocol_name || ' ' || portid || ' ' || groups FROM net_netlink WHERE inode = " +
                exp.at("netlink_inode")),
            "ROUTE " + exp.at("netlink_portid") + " 1");
  EXPECT_EQ(one("SELECT ip_address || ' ' || hw_address || ' ' || device || ' ' || permanent FROM net_arp"),
            "192.0.2.1 02:fc:00:00:00:05 eth0 0");
  EXPECT_EQ(one("SELECT gateway FROM net_route WHERE destination = '0.0.0.0'"), "192.0.2.1");
  EXPECT_EQ(one("SELECT next_hop FROM net_ipv6_route WHERE destination = '::' AND destination_prefix = 0 AND "
                "iface = 'eth0'"),
            "fd00::1");
  EXPECT_EQ(one("SELECT rx_bytes FROM net_dev WHERE iface = 'lo'"), "3439");
  EXPECT_EQ(one("SELECT value FROM net_counters WHERE file = 'sockstat' AND protocol = 'sockets' AND key = 'used'"),
            "30");
  EXPECT_EQ(one("SELECT count(*) FROM net_counters WHERE file = 'snmp6'"), "90");
}

TEST_F(NetTables, OtherNamespaceCarriesSourcePidAndNetns) {
  feed("proc/4242/net/tcp", read_fixture("prometheus/tcp"), 4026532000);
  EXPECT_EQ(one("SELECT count(*) FROM net_tcp WHERE source_pid = 4242 AND netns = 4026532000"), "3");
  EXPECT_EQ(one("SELECT local_address FROM net_tcp WHERE sl = 0"), "10.0.0.5");
  // Unknown namespace: NULL, never 0.
  feed("proc/4243/net/unix", read_fixture("prometheus/unix"), std::nullopt);
  EXPECT_EQ(one("SELECT count(*) FROM net_unix WHERE source_pid = 4243 AND netns IS NULL"), "5");
}

TEST_F(NetTables, ProcessesJoinSocketsThroughNetnsAndInode) {
  // What the views will do: proc_fds gives "socket:[inode]" per pid, proc_namespaces the pid's net ns.
  feed_capture();
  conn.exec("CREATE TEMP TABLE fds (pid INTEGER, netns INTEGER, inode INTEGER)");
  conn.exec("INSERT INTO fds VALUES (100, 4026531833, " + exp.at("tcp4_listen_inode") + ")");
  conn.exec("INSERT INTO fds VALUES (101, 4026532999, " + exp.at("tcp4_listen_inode") + ")");  // other ns
  EXPECT_EQ(one("SELECT group_concat(f.pid) FROM fds f JOIN net_tcp t ON t.snapshot_id = 7 AND t.netns = f.netns "
                "AND t.inode = f.inode"),
            "100");
}

TEST_F(NetTables, HostileContentBecomesIssuesNotFailures) {
  const std::string tcp =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      "   0: 0100007F:0050 00000000:0000 FFFFFFFFFFFFFFFF 00000000:00000000 FFFFFFFFFFFFFFFF:00000000 00000000 "
      "18446744073709551615 0 18446744073709551615 1 zz 100 0 0 10 0 ') ; DROP TABLE net_tcp; --\n"
      "   1: 000000000000000000000000000000000:0050\n"
      "\xff\xfe garbage\n";
  feed("proc/net/tcp", tcp);
  EXPECT_EQ(one("SELECT typeof(uid) || ' ' || uid || ' ' || typeof(state) || ' ' || state || ' ' || "
                "ifnull(state_name, 'NULL') || ' ' || ifnull(timer_name, 'NULL') || ' ' || inode FROM net_tcp WHERE "
                "sl = 0"),
            "text 18446744073709551615 text 18446744073709551615 NULL NULL 18446744073709551615");
  EXPECT_EQ(one("SELECT extra FROM net_tcp WHERE sl = 0"), "') ; DROP TABLE net_tcp; --");
  EXPECT_EQ(one("SELECT ifnull(local_address, 'NULL') || ' ' || local_port FROM net_tcp WHERE sl = 1"), "NULL 80");
  EXPECT_GE(issues_for("proc/net/tcp"), 4u);  // pointer, extra, 33 digits, short line, garbage line
  for (const auto& i : sink.issues) {
    EXPECT_GT(i.line, 0u);
    EXPECT_FALSE(i.message.empty());
  }

  // Invalid UTF-8 and NUL in a unix path: stored byte for byte.
  const char unix_line[] =
      "Num       RefCount Protocol Flags    Type St Inode Path\n"
      "00000000deadbeef: 2 0 10000 1 1 6 /tmp/\xff\x00\x1b[31m\n";
  feed("proc/net/unix", std::string(unix_line, sizeof unix_line - 1));
  auto st = conn.prepare("SELECT path FROM net_unix WHERE inode = 6");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_text(0), std::string_view("/tmp/\xff\x00\x1b[31m", 12));

  // Huge counter values keep their exact value; unparsable ones are NULL with an issue.
  feed("proc/net/snmp", "Tcp: InSegs OutSegs Bad\nTcp: 18446744073709551615 -1 x\n");
  EXPECT_EQ(one("SELECT typeof(value) || ' ' || value FROM net_counters WHERE key = 'InSegs'"),
            "text 18446744073709551615");
  EXPECT_EQ(one("SELECT typeof(value) || ' ' || value FROM net_counters WHERE key = 'OutSegs'"), "integer -1");
  EXPECT_EQ(one("SELECT ifnull(value, 'NULL') FROM net_counters WHERE key = 'Bad'"), "NULL");
  EXPECT_EQ(issues_for("proc/net/snmp"), 1u);
}

TEST_F(NetTables, TenMegabyteMembersDoNotFail) {
  std::string big = "Num       RefCount Protocol Flags    Type St Inode Path\n";
  big += "00000000deadbeef: 2 0 10000 1 1 6 /" + std::string(10 * 1024 * 1024, 'x') + "\n";
  feed("proc/net/unix", big);
  EXPECT_EQ(one("SELECT length(path) FROM net_unix"), std::to_string(10 * 1024 * 1024 + 1));
  feed("proc/net/tcp", std::string(10 * 1024 * 1024, 'A'));
  EXPECT_EQ(one("SELECT count(*) FROM net_tcp"), "0");
  EXPECT_EQ(issues_for("proc/net/tcp"), 2u);  // missing header, and the line is not an entry
  for (const auto& i : sink.issues) EXPECT_LE(i.excerpt.size(), 200u);
}

// if_inet6 + fib_trie + route of a namespace with known addresses (tests/fixtures/net/ifaddr: ip-addr.txt and its
// README hold the truth) through the binders, then osquery's interface_addresses view over them.
TEST_F(NetTables, AddressesOfANamespaceAndTheInterfaceAddressesView) {
  for (const char* f : {"fib_trie", "if_inet6", "route", "ipv6_route"}) {
    feed(std::string("proc/net/") + f, read_fixture(std::string("ifaddr/") + f));
  }
  for (const auto& i : sink.issues) ADD_FAILURE() << i.path << ":" << i.line << ": " << i.message;
  for (const char* t : {"net_if_inet6", "net_fib_trie"}) {
    auto st = conn.prepare(std::string("SELECT name FROM pragma_table_info('") + t + "')");
    std::set<std::string> schema_cols;
    while (st.step()) schema_cols.insert(std::string(st.column_text(0)));
    EXPECT_EQ(sink.written[t], schema_cols) << t;
  }
  EXPECT_EQ(one("SELECT count(*) FROM net_fib_trie WHERE fib_table = 'Local' AND type = 'LOCAL' AND prefix = 32"),
            "6");
  ASSERT_EQ(procsnap::test::load_schema(conn, {"views/interface_addresses.sql"}), 1);
  const auto v4 = rows(
      "SELECT interface, address, mask, broadcast, point_to_point, type, snapshot_id FROM interface_addresses "
      "WHERE address NOT LIKE '%:%'");
  auto text = [](const std::vector<std::optional<std::string>>& r) {
    std::string s;
    for (const auto& c : r) s += (s.empty() ? "" : "|") + c.value_or("<NULL>");
    return s;
  };
  std::vector<std::string> got;
  for (const auto& r : v4) got.push_back(text(r));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "eth0|10.1.2.3|255.255.255.0|10.1.2.255|<NULL>|unknown|7",
                     "eth0|10.1.2.77|255.255.255.0|10.1.2.255|<NULL>|unknown|7",
                     "<NULL>|10.8.0.1|255.255.255.255|<NULL>|<NULL>|unknown|7",  // point-to-point: device unknown
                     "<NULL>|10.9.9.9|255.255.255.255|<NULL>|<NULL>|unknown|7",  // /32 on lo: device unknown
                     "lo|127.0.0.1|255.0.0.0|<NULL>|127.0.0.1|unknown|7",
                     "eth0|172.16.0.5|255.255.0.0|172.16.255.255|<NULL>|unknown|7",
                 }));
  // IPv6: every if_inet6 line, link-local with %<interface>, in the file's order.
  got.clear();
  for (const auto& r : rows("SELECT interface, address, mask FROM interface_addresses WHERE address LIKE '%:%'")) {
    got.push_back(text(r));
  }
  ASSERT_EQ(got.size(), 7u);
  EXPECT_EQ(got[0], "lo|::1|ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
  EXPECT_EQ(got[1], "eth0|2001:db8:1::1|ffff:ffff:ffff::");
  EXPECT_EQ(got[2], "eth0|2001:db8::5|ffff:ffff:ffff:ffff::");
  EXPECT_EQ(got[3], "eth0|" + one("SELECT address FROM net_if_inet6 WHERE line = 4") + "%eth0|ffff:ffff:ffff:ffff::");
  // Another namespace's addresses (proc/<pid>/net) are not the collector's: not listed.
  feed("proc/4242/net/if_inet6", "fd000000000000000000000000000009 02 40 00 80 veth9\n", 1234);
  feed("proc/4242/net/fib_trie", "Local:\n  |-- 10.99.0.1\n     /32 host LOCAL\n", 1234);
  EXPECT_EQ(one("SELECT count(*) FROM interface_addresses WHERE address IN ('fd00::9', '10.99.0.1')"), "0");
  EXPECT_EQ(one("SELECT count(*) FROM net_fib_trie WHERE source_pid = 4242"), "1");
}

}  // namespace
