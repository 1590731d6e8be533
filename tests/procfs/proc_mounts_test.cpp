// Tests for procfs::parse_proc_mounts (procfs/proc_mounts.cpp).
#include "procfs/proc_mounts.hpp"

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

TEST(ProcMounts, ParsesLiveCapture) {
  const auto r = procfs::parse_proc_mounts(read_fixture("capture/self/mounts"));
  EXPECT_TRUE(r.clean());
  ASSERT_FALSE(r.value.empty());
  EXPECT_EQ(r.value[0].source, "proc");
  EXPECT_EQ(r.value[0].mount_point, "/proc");
  EXPECT_EQ(r.value[0].fs_type, "proc");
  EXPECT_EQ(r.value[0].options, "rw,relatime");
  EXPECT_EQ(r.value[0].dump, 0);
  EXPECT_EQ(r.value[0].pass, 0);
}

TEST(ProcMounts, DecodesEscapes) {
  const auto r = procfs::parse_proc_mounts(read_fixture("capture/mounts_escapes"));
  EXPECT_TRUE(r.clean());
  const procfs::MountsEntry* m = nullptr;
  for (const auto& e : r.value) {
    if (e.source == "src with space") {
      m = &e;
    }
  }
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->mount_point, "/tmp/procsnap-memory-capture/mnt a\tb\\c");
  EXPECT_EQ(m->fs_type, "tmpfs");
}

TEST(ProcMounts, BrokenLines) {
  const auto r = procfs::parse_proc_mounts("a /b\n\nc /d t o x y z\nq /r t o 0 zz\n");
  ASSERT_EQ(r.value.size(), 3u);
  EXPECT_EQ(r.value[0].mount_point, "/b");
  EXPECT_FALSE(r.value[0].fs_type.has_value());
  EXPECT_FALSE(r.value[1].dump.has_value());
  EXPECT_EQ(r.value[2].dump, 0);
  EXPECT_FALSE(r.value[2].pass.has_value());
  EXPECT_EQ(r.diagnostics.size(), 6u);  // truncated, empty, dump, pass, extra, pass
  const auto huge = procfs::parse_proc_mounts(std::string(10 << 20, '\\'));
  ASSERT_EQ(huge.value.size(), 1u);
  EXPECT_FALSE(huge.clean());
}
