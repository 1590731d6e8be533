// Member names against schema/FORMAT.md "Paths".
#include "importer/layout.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using procsnap::importer::check_member_path;
using procsnap::importer::MemberClass;

TEST(Layout, AcceptsDocumentedMembers) {
  for (const char* p : {"procsnap/header.json", "procsnap/trailer.json", "procsnap/manifest/000001.jsonl",
                        "proc/meminfo", "proc/pressure/cpu", "proc/sys/kernel/random/boot_id", "proc/net/tcp",
                        "proc/1/stat", "proc/1/fd/3", "proc/1/fdinfo/3", "proc/1/ns/net", "proc/1/attr/current",
                        "proc/1/attr/apparmor/current", "proc/1/map_files/7f00-7f10", "proc/1/net/dev_snmp6/eth0",
                        "proc/1/task/2/stat", "proc/1/task/2/fd/0", "mem/1/7f00-7f10", "bin/1/exe",
                        "bin/1/fd/0", "bin/1/fd/12", "mem/1/frames/7f00-7f10"}) {
    EXPECT_TRUE(check_member_path(p).ok) << p << ": " << check_member_path(p).error;
  }
  EXPECT_EQ(check_member_path("proc/12/task/13/stat").cls, MemberClass::proc_pid);
  EXPECT_EQ(check_member_path("procsnap/manifest/000002.jsonl").cls, MemberClass::manifest_chunk);
  EXPECT_EQ(check_member_path("proc/meminfo").cls, MemberClass::proc_system);
  EXPECT_EQ(check_member_path("bin/7/fd/3").cls, MemberClass::bin_fd);
}

TEST(Layout, RefusesTraversalAndOddNames) {
  const std::string with_nul("proc/1/st\0at", 12);
  for (const std::string& p : std::vector<std::string>{"/proc/1/stat", "proc/../etc/passwd", "proc/1/./stat", "proc//1/stat", "proc/1/stat/",
                              "proc\\1\\stat", with_nul, "proc/1/st\x1b[31mat", "proc/01/stat", "proc/1/fd/03",
                              "proc/1/task/2/task/3/stat", "proc/1/fd/x", "proc/1/map_files/7F00-7F10",
                              "etc/passwd", "procsnap/evil.json", "procsnap/manifest/1.jsonl", "mem/1/zz",
                              "bin/1/sh", "bin/1/fd/03", "bin/1/fd/x", "bin/1/fd", "bin/1/fd/3/4", "bin/1/exe/2",
                              "mem/1/frames/x", "mem/1/frames", "mem/1/regions/7f00-7f10",
                              "", "proc/1/a b", std::string(5000, 'a')}) {
    EXPECT_FALSE(check_member_path(p).ok) << p;
    EXPECT_FALSE(check_member_path(p).error.empty());
  }
}
