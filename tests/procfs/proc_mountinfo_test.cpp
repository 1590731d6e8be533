// Tests for procfs::parse_proc_mountinfo and decode_octal_escapes (procfs/proc_mountinfo.cpp).
#include "procfs/proc_mountinfo.hpp"

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

bool has_message(const std::vector<procfs::Diagnostic>& d, std::size_t line, std::string_view needle) {
  for (const auto& x : d) {
    if (x.line == line && x.message.find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST(ProcMountinfo, ParsesPrometheusFixture) {
  const auto r = procfs::parse_proc_mountinfo(read_fixture("prometheus/26231/mountinfo"));
  ASSERT_EQ(r.value.size(), 8u);
  // Line 1 has a double space ("/  /root"): split on runs like the upstream parser, and say so.
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 1u);
  const auto& root = r.value[0];
  EXPECT_EQ(root.mount_id, 1);
  EXPECT_EQ(root.parent_id, 1);
  EXPECT_EQ(root.dev_major, 0u);
  EXPECT_EQ(root.dev_minor, 5u);
  EXPECT_EQ(root.root, "/");
  EXPECT_EQ(root.mount_point, "/root");
  EXPECT_EQ(root.mount_options, "rw,nosuid");
  ASSERT_EQ(root.optional_fields.size(), 1u);
  EXPECT_EQ(root.optional_fields[0], "shared:8");
  EXPECT_EQ(root.shared, 8);
  EXPECT_FALSE(root.master.has_value());
  EXPECT_EQ(root.fs_type, "rootfs");
  EXPECT_EQ(root.source, "rootfs");
  EXPECT_EQ(root.super_options, "rw");

  const auto& sda = r.value[3];
  EXPECT_EQ(sda.mount_id, 21);
  EXPECT_EQ(sda.parent_id, 0);
  EXPECT_EQ(sda.dev_major, 8u);
  EXPECT_EQ(sda.mount_point, "/");
  EXPECT_EQ(sda.shared, 1);
  EXPECT_EQ(sda.fs_type, "ext4");
  EXPECT_EQ(sda.source, "/dev/sda1");
  EXPECT_EQ(sda.super_options, "rw,errors=remount-ro,data=ordered");

  const auto& nfs = r.value[4];
  EXPECT_EQ(nfs.mount_id, 194);
  EXPECT_EQ(nfs.shared, 144);
  EXPECT_EQ(nfs.fs_type, "nfs4");
  EXPECT_EQ(nfs.source, "192.168.1.1:/srv/test");

  const auto& xfs = r.value[7];
  EXPECT_EQ(xfs.mount_id, 1128);
  EXPECT_EQ(xfs.dev_major, 253u);
  EXPECT_EQ(xfs.root, "/var/lib/containers/storage/overlay");
  EXPECT_TRUE(xfs.optional_fields.empty());
  EXPECT_FALSE(xfs.shared.has_value());
  EXPECT_EQ(xfs.source, "/dev/mapper/rhel-root");
}

TEST(ProcMountinfo, DecodesKernelEscapesFromLiveCapture) {
  const auto r = procfs::parse_proc_mountinfo(read_fixture("capture/mountinfo_escapes"));
  EXPECT_TRUE(r.clean());
  const procfs::MountinfoEntry* m = nullptr;
  for (const auto& e : r.value) {
    if (e.source == "src with space") {
      m = &e;
    }
  }
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->mount_point, "/tmp/procsnap-memory-capture/mnt a\tb\\c");
  EXPECT_EQ(m->fs_type, "tmpfs");
  EXPECT_EQ(m->shared, 1);
  EXPECT_EQ(m->mount_options, "rw,relatime");

  const auto self = procfs::parse_proc_mountinfo(read_fixture("capture/self/mountinfo"));
  EXPECT_TRUE(self.clean());
  ASSERT_FALSE(self.value.empty());
  EXPECT_EQ(self.value[0].mount_point, "/proc");
  EXPECT_EQ(self.value[0].fs_type, "proc");
}

TEST(ProcMountinfo, DecodeOctalEscapes) {
  bool bad = false;
  EXPECT_EQ(procfs::decode_octal_escapes("a\\040b\\011c\\012d\\134e", bad), "a b\tc\nd\\e");
  EXPECT_FALSE(bad);
  EXPECT_EQ(procfs::decode_octal_escapes("\\000", bad), std::string(1, '\0'));
  EXPECT_EQ(procfs::decode_octal_escapes("\\377", bad), "\xff");
  EXPECT_FALSE(bad);
  // Not escapes: kept literally and flagged.
  EXPECT_EQ(procfs::decode_octal_escapes("x\\9", bad), "x\\9");
  EXPECT_TRUE(bad);
  bad = false;
  EXPECT_EQ(procfs::decode_octal_escapes("\\400", bad), "\\400");  // > 0377
  EXPECT_TRUE(bad);
  bad = false;
  EXPECT_EQ(procfs::decode_octal_escapes("end\\04", bad), "end\\04");  // truncated escape at the end
  EXPECT_TRUE(bad);
}

TEST(ProcMountinfo, BrokenLinesGiveDiagnostics) {
  const auto r = procfs::parse_proc_mountinfo(read_fixture("malformed/mountinfo-mixed"));
  ASSERT_EQ(r.value.size(), 5u);
  EXPECT_EQ(r.value[0].fs_type, "ext4");
  EXPECT_FALSE(has_message(r.diagnostics, 1, ""));
  EXPECT_EQ(r.value[1].root, "/bad\\9");
  EXPECT_TRUE(has_message(r.diagnostics, 2, "backslash"));
  EXPECT_TRUE(has_message(r.diagnostics, 2, "no '-' separator"));
  EXPECT_FALSE(r.value[1].fs_type.has_value());
  EXPECT_TRUE(has_message(r.diagnostics, 3, "major:minor"));
  EXPECT_TRUE(has_message(r.diagnostics, 3, "optional field master"));
  EXPECT_EQ(r.value[2].fs_type, "tmpfs");
  EXPECT_FALSE(r.value[2].source.has_value());
  EXPECT_TRUE(has_message(r.diagnostics, 3, "truncated"));
  EXPECT_EQ(r.value[3].mount_id, 27);
  EXPECT_TRUE(has_message(r.diagnostics, 4, "truncated"));
  EXPECT_FALSE(r.value[4].mount_id.has_value());
  EXPECT_TRUE(has_message(r.diagnostics, 5, "mount id"));
  EXPECT_TRUE(has_message(r.diagnostics, 5, "extra fields"));
  EXPECT_EQ(r.value[4].super_options, "rw");
}

TEST(ProcMountinfo, SurvivesHostileInput) {
  const std::string nul("1 0 0:1 / /\0\xff\x1b x rw - t s o\n", 28);
  const auto r = procfs::parse_proc_mountinfo(nul);
  ASSERT_EQ(r.value.size(), 1u);
  const auto huge = procfs::parse_proc_mountinfo("1 0 0:1 / /" + std::string(10 << 20, 'a') + " rw - t s o\n");
  ASSERT_EQ(huge.value.size(), 1u);
  EXPECT_EQ(huge.value[0].mount_point->size(), (10u << 20) + 1);
  EXPECT_TRUE(huge.clean());
  // Millions of one-byte fields: capped at 1024 fields with a diagnostic instead of a 16x memory blow-up.
  std::string many = "1 0 0:1 / /m rw";
  for (int i = 0; i < 2'000'000; ++i) {
    many += " x";
  }
  const auto fields = procfs::parse_proc_mountinfo(many);
  ASSERT_EQ(fields.value.size(), 1u);
  EXPECT_EQ(fields.value[0].optional_fields.size(), 1024u - 6u);
  EXPECT_TRUE(has_message(fields.diagnostics, 1, "more than 1024 fields"));
  const auto spaces = procfs::parse_proc_mountinfo(std::string(1 << 20, ' '));
  EXPECT_TRUE(spaces.value.empty());
  EXPECT_FALSE(spaces.clean());
}
