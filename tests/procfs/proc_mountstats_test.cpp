// Tests for procfs::parse_proc_mountstats (procfs/proc_mountstats.cpp).
#include "procfs/proc_mountstats.hpp"

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

TEST(ProcMountstats, ParsesPrometheusFixture) {
  const auto r = procfs::parse_proc_mountstats(read_fixture("prometheus/26231/mountstats"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.size(), 5u);
  EXPECT_EQ(r.value[0].device, "rootfs");
  EXPECT_EQ(r.value[0].mount_point, "/");
  EXPECT_EQ(r.value[0].fs_type, "rootfs");
  EXPECT_FALSE(r.value[0].statvers.has_value());
  EXPECT_FALSE(r.value[0].stats.has_value());
  const auto& nfs = r.value[4];
  // Same identification prometheus/procfs' TestMountStats expects for this fixture.
  EXPECT_EQ(nfs.line, 5u);
  EXPECT_EQ(nfs.device, "192.168.1.1:/srv/test");
  EXPECT_EQ(nfs.mount_point, "/mnt/nfs/test");
  EXPECT_EQ(nfs.fs_type, "nfs4");
  EXPECT_EQ(nfs.statvers, "1.1");
  ASSERT_TRUE(nfs.stats.has_value());
  EXPECT_EQ(nfs.stats->substr(0, 7), "\topts:\t");
  EXPECT_NE(nfs.stats->find("\tage:\t13968\n"), std::string::npos);
  EXPECT_NE(nfs.stats->find("ACCESS: 2927395007 2927394995 0 526931094212"), std::string::npos);
}

TEST(ProcMountstats, ParsesLiveCapture) {
  const auto r = procfs::parse_proc_mountstats(read_fixture("capture/self/mountstats"));
  EXPECT_TRUE(r.clean());
  ASSERT_FALSE(r.value.empty());
  EXPECT_EQ(r.value[0].device, "proc");
  EXPECT_EQ(r.value[0].mount_point, "/proc");
}

TEST(ProcMountstats, BrokenInput) {
  const auto r = procfs::parse_proc_mountstats(
      "\tstray stats\ndevice only\ndevice a mounted on /b with fstype c bogus statvers=1\n\tx\n");
  ASSERT_EQ(r.value.size(), 2u);
  EXPECT_EQ(r.diagnostics.size(), 3u);  // stray line, short header, unknown field
  EXPECT_EQ(r.value[0].device, "only");
  EXPECT_FALSE(r.value[0].mount_point.has_value());
  EXPECT_EQ(r.value[1].statvers, "1");
  EXPECT_EQ(r.value[1].stats, "\tx");
  const auto huge = procfs::parse_proc_mountstats("device " + std::string(10 << 20, 'd'));
  ASSERT_EQ(huge.value.size(), 1u);
}
