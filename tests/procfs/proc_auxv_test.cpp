#include "procfs/proc_auxv.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

std::string pair(std::uint64_t type, std::uint64_t value) {
  std::string out;
  for (std::uint64_t w : {type, value}) {
    for (int i = 0; i < 8; ++i) {
      out.push_back(static_cast<char>((w >> (8 * i)) & 0xff));
    }
  }
  return out;
}

const ProcAuxvEntry* find(const ProcAuxv& a, std::string_view name) {
  for (const auto& e : a.entries) {
    if (e.name == name) {
      return &e;
    }
  }
  return nullptr;
}

// Live capture of a python3 process on x86-64 (values checked with od -t u8).
TEST(ProcAuxv, ParsesLive) {
  const auto r = parse_proc_auxv(test::proc_fixture("live-12216/auxv"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.entries.size(), 23u);
  EXPECT_EQ(r.value.entries[0].name, "AT_SYSINFO_EHDR");
  EXPECT_EQ(r.value.entries[1].name, "AT_MINSIGSTKSZ");
  EXPECT_EQ(r.value.entries[1].value, 3376u);
  EXPECT_EQ(find(r.value, "AT_PAGESZ")->value, 4096u);
  EXPECT_EQ(find(r.value, "AT_CLKTCK")->value, 100u);
  EXPECT_EQ(find(r.value, "AT_PHNUM")->value, 13u);
  EXPECT_EQ(find(r.value, "AT_SECURE")->value, 0u);
  EXPECT_EQ(find(r.value, "AT_RSEQ_ALIGN")->value, 32u);
  EXPECT_EQ(r.value.entries.back().name, "AT_NULL");
  EXPECT_EQ(r.value.entries.back().index, 22u);
}

TEST(ProcAuxv, UnknownTypeHasNoName) {
  const auto r = parse_proc_auxv(pair(999, 1) + pair(0, 0));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.entries[0].type, 999u);
  EXPECT_FALSE(r.value.entries[0].name.has_value());
}

TEST(ProcAuxv, TruncatedKeepsWholePairs) {
  std::string live = test::proc_fixture("live-12216/auxv");
  const auto r = parse_proc_auxv(std::string_view(live).substr(0, 16 * 3 + 5));
  EXPECT_EQ(r.value.entries.size(), 3u);
  EXPECT_TRUE(test::has_diag(r, "truncated"));
  EXPECT_TRUE(test::has_diag(r, "no AT_NULL"));
}

TEST(ProcAuxv, DataAfterNullAndEmpty) {
  const auto r = parse_proc_auxv(pair(6, 4096) + pair(0, 0) + pair(7, 7));
  EXPECT_EQ(r.value.entries.size(), 2u);
  EXPECT_TRUE(test::has_diag(r, "after AT_NULL"));
  const auto zeros = parse_proc_auxv(pair(6, 4096) + pair(0, 0) + std::string(32, '\0'));
  EXPECT_TRUE(zeros.clean());
  EXPECT_TRUE(parse_proc_auxv("").value.entries.empty());
  EXPECT_FALSE(parse_proc_auxv(test::huge_line('\x01')).clean());
}

}  // namespace
}  // namespace procsnap::procfs
