// /proc/net/unix: prometheus/procfs fixtures (values its net_unix_test.go asserts), a capture with a listening
// path socket and an abstract socket, and broken variants.
#include "procfs/net_unix.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "net_fixture.hpp"

namespace {

using procsnap::procfs::parse_net_unix;
using procsnap::procfs::UnixSocket;
using procsnap::test::net::expected;
using procsnap::test::net::expected_u64;
using procsnap::test::net::read_fixture;

const UnixSocket* by_inode(const std::vector<UnixSocket>& v, std::uint64_t inode) {
  const auto it = std::find_if(v.begin(), v.end(), [&](const UnixSocket& s) { return s.inode == inode; });
  return it == v.end() ? nullptr : &*it;
}

const std::string k_header = "Num       RefCount Protocol Flags    Type St Inode Path\n";

TEST(NetUnix, PrometheusMatchesUpstreamTest) {
  const auto p = parse_net_unix(read_fixture("prometheus/unix"));
  EXPECT_TRUE(p.clean());
  ASSERT_EQ(p.value.size(), 5u);
  struct Want {
    std::uint64_t refcount, flags, type, state, inode;
    const char* path;
  };
  const Want want[] = {{2, 1u << 16, 1, 1, 3442596, "/var/run/postgresql/.s.PGSQL.5432"},
                       {10, 1u << 16, 5, 1, 10061, "/run/udev/control"},
                       {7, 0, 2, 1, 12392, "/dev/log"},
                       {3, 0, 1, 3, 4787297, "/var/run/postgresql/.s.PGSQL.5432"},
                       {3, 0, 1, 3, 5091797, nullptr}};
  for (std::size_t i = 0; i < 5; ++i) {
    const auto& s = p.value[i];
    EXPECT_EQ(s.pointer, "0000000000000000");
    EXPECT_EQ(s.refcount, want[i].refcount) << i;
    EXPECT_EQ(s.protocol, 0u);
    EXPECT_EQ(s.flags, want[i].flags) << i;
    EXPECT_EQ(s.type, want[i].type) << i;
    EXPECT_EQ(s.state, want[i].state) << i;
    EXPECT_EQ(s.inode, want[i].inode) << i;
    if (want[i].path) {
      EXPECT_EQ(s.path, want[i].path) << i;
    } else {
      EXPECT_FALSE(s.path) << i;
    }
  }
  EXPECT_EQ(procsnap::procfs::unix_state_name(*p.value[3].state), "CONNECTED");
}

TEST(NetUnix, PrometheusWithoutInodeColumn) {
  const auto p = parse_net_unix(read_fixture("prometheus/unix_without_inode"));
  EXPECT_TRUE(p.clean());
  ASSERT_EQ(p.value.size(), 5u);
  EXPECT_FALSE(p.value[0].inode);
  EXPECT_EQ(p.value[0].path, "/var/run/postgresql/.s.PGSQL.5432");
  EXPECT_EQ(p.value[1].type, 5u);
  EXPECT_EQ(p.value[2].path, "/dev/log");
  EXPECT_FALSE(p.value[4].path);
}

TEST(NetUnix, CaptureListeningPathAndAbstract) {
  const auto p = parse_net_unix(read_fixture("capture/unix"));
  EXPECT_TRUE(p.clean());
  const auto* l = by_inode(p.value, expected_u64("unix_listen_inode"));
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->path, expected().at("unix_listen_path"));
  EXPECT_EQ(l->flags, procsnap::procfs::k_unix_flag_listening);
  EXPECT_EQ(l->type, 1u);
  EXPECT_EQ(l->state, 1u);
  const auto* a = by_inode(p.value, expected_u64("unix_abstract_inode"));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->path, "@procsnap-abstract@x");  // leading NUL and inner NUL both shown as '@'
  EXPECT_EQ(a->type, 5u);
  const auto* d = by_inode(p.value, expected_u64("unix_dgram_inode"));
  ASSERT_NE(d, nullptr);
  EXPECT_FALSE(d->path);
  EXPECT_EQ(d->type, 2u);
}

TEST(NetUnix, PathWithSpacesIsVerbatim) {
  const auto p = parse_net_unix(k_header + "00000000deadbeef: 00000002 00000000 00010000 0001 01 77  /tmp/a b  \n");
  EXPECT_TRUE(p.clean());
  ASSERT_EQ(p.value.size(), 1u);
  EXPECT_EQ(p.value[0].inode, 77u);
  EXPECT_EQ(p.value[0].path, " /tmp/a b  ");  // exactly one separator space is dropped
}

TEST(NetUnix, PathWithNewlineContinuesOnNextLine) {
  const auto p = parse_net_unix(k_header +
                                "00000000deadbeef: 00000002 00000000 00010000 0001 01 77 /tmp/evil\n"
                                "name\n"
                                "00000000deadbef0: 00000002 00000000 00000000 0002 01 78 /dev/log\n");
  ASSERT_EQ(p.value.size(), 2u);
  EXPECT_EQ(p.value[0].path, "/tmp/evil\nname");
  EXPECT_EQ(p.value[1].inode, 78u);
  ASSERT_EQ(p.diagnostics.size(), 1u);
  EXPECT_EQ(p.diagnostics[0].line, 3u);
  EXPECT_NE(p.diagnostics[0].message.find("continuation"), std::string::npos);
}

TEST(NetUnix, BrokenVariants) {
  std::string text = k_header;
  text += "00000000deadbeef: 0000000G 00000000 00010000 0001 01 77 /x\n";      // bad hex refcount
  text += "00000000deadbeef: 00000002 00000000\n";                             // truncated
  text += "garbage without colon\n";                                           // not an entry (no path before)
  text += "00000000deadbeef00: 2 0 0 1 1 5\n";                                 // 18-digit pointer: not an entry
  text += "00000000deadbeef: 2 0 0 1 1 99999999999999999999999 /y\n";          // inode overflows
  const char nul_line[] = "00000000deadbeef: 2 0 0 1 1 6 \xff\xfe\x00/bin\n";  // invalid UTF-8 + NUL in path
  text.append(nul_line, sizeof nul_line - 1);
  const auto p = parse_net_unix(std::string_view(text.data(), text.size()));
  ASSERT_EQ(p.value.size(), 4u);
  EXPECT_FALSE(p.value[0].refcount);
  EXPECT_EQ(p.value[0].inode, 77u);
  EXPECT_EQ(p.value[0].path, "/x");
  EXPECT_EQ(p.value[1].refcount, 2u);
  EXPECT_FALSE(p.value[1].flags);
  EXPECT_FALSE(p.value[2].inode);
  EXPECT_EQ(p.value[2].path, "/y");
  EXPECT_EQ(p.value[3].inode, 6u);
  EXPECT_EQ(*p.value[3].path, std::string("\xff\xfe\x00/bin", 7));  // bytes kept exactly
  EXPECT_GE(p.diagnostics.size(), 4u);
}

TEST(NetUnix, TenMegabytePathAndHugeFile) {
  std::string text = k_header + "00000000deadbeef: 2 0 0 1 1 6 /" + std::string(10 * 1024 * 1024, 'p') + "\n";
  const auto p = parse_net_unix(text);
  EXPECT_TRUE(p.clean());
  ASSERT_EQ(p.value.size(), 1u);
  EXPECT_EQ(p.value[0].path->size(), 10u * 1024 * 1024 + 1);
  const auto q = parse_net_unix(std::string(10 * 1024 * 1024, '\n'));
  EXPECT_TRUE(q.value.empty());
  EXPECT_EQ(q.diagnostics.size(), 101u);  // capped
}

}  // namespace
