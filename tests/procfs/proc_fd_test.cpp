// Tests for the symlink-member classifiers (procfs/proc_fd.cpp): fd/<n>, ns/<name>, exe/cwd/root,
// map_files/<range>.
#include "procfs/proc_fd.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace procfs = procsnap::procfs;
using procfs::LinkKind;

namespace {

std::string read_fixture(const std::string& rel) {
  std::ifstream in(std::string(PROCSNAP_FIXTURES_DIR) + "/proc/memory/" + rel, std::ios::binary);
  EXPECT_TRUE(in.good()) << rel;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

procfs::LinkTarget classify(std::string_view s) { return procfs::classify_link_target(s).value; }

}  // namespace

TEST(ProcFd, ClassifiesLiveCaptureTargets) {
  // fd numbers from capture/fd_roles.txt.
  auto fd = [](int n) { return read_fixture("capture/self/fd/" + std::to_string(n)); };
  const auto ev = procfs::parse_fd_link("3", fd(3));
  EXPECT_TRUE(ev.clean());
  EXPECT_EQ(ev.value.fd, 3);
  EXPECT_EQ(ev.value.target.kind, LinkKind::anon_inode);
  EXPECT_EQ(ev.value.target.subtype, "[eventfd]");
  EXPECT_EQ(classify(fd(4)).subtype, "[eventpoll]");
  EXPECT_EQ(classify(fd(5)).subtype, "inotify");

  const auto pipe = classify(fd(6));
  EXPECT_EQ(pipe.kind, LinkKind::pipe);
  EXPECT_EQ(pipe.inode, classify(fd(7)).inode);  // both ends of one pipe share the inode
  EXPECT_TRUE(pipe.inode.has_value());

  const auto sock = classify(fd(8));
  EXPECT_EQ(sock.kind, LinkKind::socket);
  EXPECT_EQ(fd(8), "socket:[" + std::to_string(*sock.inode) + "]");

  const auto memfd = classify(fd(14));
  EXPECT_EQ(memfd.kind, LinkKind::memfd);
  EXPECT_TRUE(memfd.deleted);
  EXPECT_EQ(memfd.subtype, "procsnap-test");

  const auto spaced = classify(fd(10));
  EXPECT_EQ(spaced.kind, LinkKind::file);
  EXPECT_FALSE(spaced.deleted);
  const auto gone = classify(fd(12));
  EXPECT_EQ(gone.kind, LinkKind::deleted);
  EXPECT_TRUE(gone.deleted);
  EXPECT_EQ(classify(fd(0)).kind, LinkKind::file);  // /dev/null
}

TEST(ProcFd, PrometheusFixtureTargetsAreRelativePaths) {
  const auto r = procfs::parse_fd_link("10", read_fixture("prometheus/26231/fd/10"));
  EXPECT_EQ(r.value.fd, 10);
  EXPECT_EQ(r.value.target.kind, LinkKind::other);
  EXPECT_FALSE(r.clean());  // "../../symlinktargets/xyz" is not something the kernel writes
  const auto exe = classify(read_fixture("prometheus/26231/exe"));
  EXPECT_EQ(exe.kind, LinkKind::file);
  EXPECT_EQ(classify(read_fixture("prometheus/26232/cwd")).kind, LinkKind::file);
}

TEST(ProcFd, ParsesNamespaceLinks) {
  const auto net = procfs::parse_ns_link("net", read_fixture("prometheus/26231/ns/net"));
  EXPECT_TRUE(net.clean());
  EXPECT_EQ(net.value.type, "net");
  EXPECT_EQ(net.value.inode, 4026531993u);
  const auto mnt = procfs::parse_ns_link("mnt", read_fixture("prometheus/26231/ns/mnt"));
  EXPECT_EQ(mnt.value.inode, 4026531840u);

  const auto child = procfs::parse_ns_link("pid_for_children", read_fixture("capture/self/ns/pid_for_children"));
  EXPECT_TRUE(child.clean());
  EXPECT_EQ(child.value.type, "pid");
  EXPECT_EQ(child.value.inode, 4026531836u);
  EXPECT_EQ(classify(read_fixture("capture/self/ns/user")).kind, LinkKind::ns);

  const auto mismatch = procfs::parse_ns_link("net", "mnt:[1]");
  EXPECT_FALSE(mismatch.clean());
  EXPECT_EQ(mismatch.value.inode, 1u);
  EXPECT_FALSE(procfs::parse_ns_link("net", "net:[]").value.inode.has_value());
  EXPECT_FALSE(procfs::parse_ns_link("net", "garbage").clean());
  EXPECT_FALSE(procfs::parse_ns_link("net", "").clean());
}

TEST(ProcFd, ParsesMapFilesLinks) {
  const auto r = procfs::parse_map_files_link("7f6ee37c0000-7f6ee37c2000", "/usr/lib/x.so");
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.range.start, 0x7f6ee37c0000ULL);
  EXPECT_EQ(r.value.range.end, 0x7f6ee37c2000ULL);
  EXPECT_EQ(r.value.target.kind, LinkKind::file);
  const auto bad = procfs::parse_map_files_link("2000-1000", "/memfd:x (deleted)");
  EXPECT_FALSE(bad.clean());
  EXPECT_EQ(bad.value.target.kind, LinkKind::memfd);
}

TEST(ProcFd, HostileTargets) {
  EXPECT_EQ(classify("socket:[99999999999999999999999]").kind, LinkKind::socket);
  EXPECT_FALSE(classify("socket:[99999999999999999999999]").inode.has_value());
  EXPECT_FALSE(procfs::classify_link_target("socket:[abc]").clean());
  EXPECT_FALSE(procfs::classify_link_target("").clean());
  EXPECT_EQ(classify("pidfd:[42]").kind, LinkKind::other);
  EXPECT_EQ(classify("pidfd:[42]").subtype, "pidfd");
  EXPECT_EQ(classify("pidfd:[42]").inode, 42u);
  EXPECT_EQ(classify(":[1]").kind, LinkKind::other);
  EXPECT_EQ(classify("x:[").kind, LinkKind::other);
  EXPECT_EQ(classify("]:[]").kind, LinkKind::other);
  const std::string nul("/tmp/a\0b\xff (deleted)", 19);
  EXPECT_EQ(classify(nul).kind, LinkKind::deleted);
  EXPECT_EQ(classify("/" + std::string(10 << 20, 'x')).kind, LinkKind::file);
  EXPECT_FALSE(procfs::parse_fd_link("-1", "/x").value.fd.has_value());
  EXPECT_FALSE(procfs::parse_fd_link("99999999999999999999", "/x").clean());
  EXPECT_EQ(procfs::link_kind_name(LinkKind::anon_inode), "anon_inode");
}
