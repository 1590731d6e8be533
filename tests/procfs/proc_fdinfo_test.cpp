// Tests for procfs::parse_fdinfo and the O_* flag decoding (procfs/proc_fdinfo.cpp).
#include "procfs/proc_fdinfo.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace procfs = procsnap::procfs;

namespace {

std::string read_fixture(const std::string& rel) {
  std::ifstream in(std::string(PROCSNAP_FIXTURES_DIR) + "/proc/memory/" + rel, std::ios::binary);
  EXPECT_TRUE(in.good()) << rel;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(ProcFdinfo, ParsesPrometheusInotify) {
  const auto r = procfs::parse_fdinfo(read_fixture("prometheus/26231/fdinfo/0"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.pos, 0);
  EXPECT_EQ(r.value.flags_raw, "02004000");
  EXPECT_EQ(r.value.flags, 02004000u);
  EXPECT_EQ(r.value.mnt_id, 13);
  EXPECT_FALSE(r.value.ino.has_value());  // older kernel: no ino line
  ASSERT_EQ(r.value.extra.size(), 3u);
  EXPECT_EQ(r.value.extra[0].key, "inotify");
  EXPECT_EQ(r.value.extra[0].line, 4u);
  EXPECT_EQ(r.value.extra[0].value,
            "wd:3 ino:1 sdev:34 mask:fce ignored_mask:0 fhandle-bytes:c fhandle-type:81 "
            "f_handle:000000000100000000000000");
  EXPECT_EQ(procfs::open_access_mode_name(*r.value.flags), "O_RDONLY");
  EXPECT_EQ(procfs::open_flag_names(*r.value.flags), "O_NONBLOCK|O_CLOEXEC");
}

TEST(ProcFdinfo, ParsesPrometheusEventfd) {
  const auto r = procfs::parse_fdinfo(read_fixture("prometheus/26231/fdinfo/1"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(procfs::open_access_mode_name(*r.value.flags), "O_RDWR");
  ASSERT_EQ(r.value.extra.size(), 1u);
  EXPECT_EQ(r.value.extra[0].key, "eventfd-count");
  EXPECT_EQ(r.value.extra[0].value, "0");
}

TEST(ProcFdinfo, ParsesLiveCapture) {
  // fd roles from capture/fd_roles.txt: 3 eventfd (initial value 5), 4 epoll, 5 inotify, 14 memfd, 12 unlinked.
  const auto ev = procfs::parse_fdinfo(read_fixture("capture/self/fdinfo/3"));
  EXPECT_TRUE(ev.clean());
  EXPECT_EQ(ev.value.flags, 02000002u);
  EXPECT_EQ(ev.value.mnt_id, 17);
  EXPECT_EQ(ev.value.ino, 1038u);
  ASSERT_GE(ev.value.extra.size(), 1u);
  EXPECT_EQ(ev.value.extra[0].key, "eventfd-count");
  EXPECT_EQ(ev.value.extra[0].value, "5");

  const auto ep = procfs::parse_fdinfo(read_fixture("capture/self/fdinfo/4"));
  ASSERT_EQ(ep.value.extra.size(), 1u);
  EXPECT_EQ(ep.value.extra[0].key, "tfd");
  EXPECT_EQ(ep.value.extra[0].value.substr(0, 1), "3");  // watches the eventfd (fd 3)

  const auto in = procfs::parse_fdinfo(read_fixture("capture/self/fdinfo/5"));
  EXPECT_EQ(in.value.flags, 0u);
  EXPECT_EQ(procfs::open_flag_names(0), "");
  ASSERT_EQ(in.value.extra.size(), 1u);
  EXPECT_EQ(in.value.extra[0].key, "inotify");

  const auto memfd = procfs::parse_fdinfo(read_fixture("capture/self/fdinfo/14"));
  EXPECT_EQ(memfd.value.pos, 4096);  // the script wrote 4096 bytes
  EXPECT_EQ(procfs::open_flag_names(*memfd.value.flags), "O_LARGEFILE");
  EXPECT_EQ(procfs::open_access_mode_name(*memfd.value.flags), "O_RDWR");

  const auto gone = procfs::parse_fdinfo(read_fixture("capture/self/fdinfo/12"));
  EXPECT_EQ(procfs::open_flag_names(*gone.value.flags), "O_LARGEFILE|O_CLOEXEC");
}

TEST(ProcFdinfo, DecodesFlags) {
  EXPECT_EQ(procfs::open_access_mode_name(3), "O_ACCMODE");
  EXPECT_EQ(procfs::open_flag_names(0100 | 01000 | 010000000), "O_CREAT|O_TRUNC|O_PATH");
  EXPECT_EQ(procfs::open_flag_names(0x80000000ULL | 02000), "O_APPEND|0x80000000");
}

TEST(ProcFdinfo, TimerfdKeysWithSpaces) {
  const auto r = procfs::parse_fdinfo(
      "pos:\t0\nflags:\t02\nmnt_id:\t15\nino:\t1057\nclockid: 1\nticks: 0\nsettime flags: 01\n"
      "it_value: (0, 999)\n");
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.extra.size(), 4u);
  EXPECT_EQ(r.value.extra[2].key, "settime flags");
  EXPECT_EQ(r.value.extra[2].value, "01");
  EXPECT_EQ(r.value.extra[3].value, "(0, 999)");
}

TEST(ProcFdinfo, HostileInput) {
  const auto r = procfs::parse_fdinfo("pos:\t-5\nflags:\t09\nflags:\t02\nmnt_id: x\nno colon here\n");
  EXPECT_EQ(r.value.pos, -5);
  EXPECT_EQ(r.value.flags_raw, "09");  // raw kept although not octal
  EXPECT_FALSE(r.value.flags.has_value());
  EXPECT_FALSE(r.value.mnt_id.has_value());
  ASSERT_EQ(r.value.extra.size(), 1u);
  EXPECT_EQ(r.value.extra[0].key, "");
  EXPECT_EQ(r.diagnostics.size(), 4u);  // flags 09, duplicate flags, mnt_id, no colon
  const auto huge = procfs::parse_fdinfo("pos: 99999999999999999999999\n" + std::string(10 << 20, ':'));
  EXPECT_FALSE(huge.value.pos.has_value());
  const auto empty = procfs::parse_fdinfo("");
  EXPECT_TRUE(empty.clean());
  const auto junk = procfs::parse_fdinfo(std::string("\0\0\0\n", 4));
  EXPECT_FALSE(junk.clean());
}
