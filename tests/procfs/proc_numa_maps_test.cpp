// Tests for procfs::parse_proc_numa_maps (procfs/proc_numa_maps.cpp).
#include "procfs/proc_numa_maps.hpp"

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

const procfs::NumaMapsEntry* find_file(const std::vector<procfs::NumaMapsEntry>& v, std::string_view f) {
  for (const auto& e : v) {
    if (e.file == f) {
      return &e;
    }
  }
  return nullptr;
}

}  // namespace

TEST(ProcNumaMaps, ParsesLiveCapture) {
  const auto r = procfs::parse_proc_numa_maps(read_fixture("capture/self/numa_maps"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.size(), 151u);  // maps has 152 lines: [vsyscall] is not a VMA of the process
  const auto& first = r.value[0];
  EXPECT_EQ(first.start_hex, "5603dfe8d000");
  EXPECT_EQ(first.start, 0x5603dfe8d000ULL);
  EXPECT_EQ(first.policy, "default");
  EXPECT_EQ(first.file, "/root/.pyenv/versions/3.11.7/bin/python3.11");
  EXPECT_EQ(first.mapped, 1u);
  EXPECT_FALSE(first.anon.has_value());  // not printed means none, stored as absent
  EXPECT_EQ(first.nodes, "N0=1");
  EXPECT_EQ(first.kernelpagesize_kb, 4u);
  EXPECT_FALSE(r.value[2].kernelpagesize_kb.has_value());  // no resident pages: line ends after the path

  const procfs::NumaMapsEntry* heap = nullptr;
  for (const auto& e : r.value) {
    if (e.heap) heap = &e;
  }
  ASSERT_NE(heap, nullptr);
  EXPECT_EQ(heap->anon, 568u);
  EXPECT_EQ(heap->dirty, 568u);
  EXPECT_EQ(heap->active, 0u);
  EXPECT_FALSE(heap->file.has_value());

  // "\040" in file= is decoded.
  ASSERT_NE(find_file(r.value, "/tmp/procsnap-memory-capture/file with space"), nullptr);
  ASSERT_NE(find_file(r.value, "/memfd:procsnap-test (deleted)"), nullptr);
}

TEST(ProcNumaMaps, HostileInput) {
  const auto r = procfs::parse_proc_numa_maps(
      "zz default\n"
      "7f00 bind:0-1 huge anon=x N0=1 N1=2 weird token=1 file=/a\\9\n"
      "7f01\n"
      "\n");
  ASSERT_EQ(r.value.size(), 3u);
  EXPECT_FALSE(r.value[0].start.has_value());
  EXPECT_TRUE(r.value[1].huge);
  EXPECT_FALSE(r.value[1].anon.has_value());
  EXPECT_EQ(r.value[1].nodes, "N0=1 N1=2");
  EXPECT_EQ(r.value[1].extra, "weird token=1");
  EXPECT_EQ(r.value[1].file, "/a\\9");
  EXPECT_FALSE(r.value[2].policy.has_value());
  EXPECT_EQ(r.diagnostics.size(), 5u);  // start, anon, file escape, no policy, empty line
  const auto huge = procfs::parse_proc_numa_maps("7f00 default file=/" + std::string(10 << 20, 'f'));
  ASSERT_EQ(huge.value.size(), 1u);
  EXPECT_EQ(huge.value[0].file->size(), (10u << 20) + 1);
}
