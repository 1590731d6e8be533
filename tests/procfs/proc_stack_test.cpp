#include "procfs/proc_stack.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

TEST(ProcStack, ParsesLive) {
  const auto r = parse_proc_stack(test::proc_fixture("live-12216/stack"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.frames.size(), 5u);
  const auto& f = r.value.frames[0];
  EXPECT_EQ(f.index, 0u);
  EXPECT_EQ(f.frame, "[<0>] hrtimer_nanosleep+0x74/0xf0");
  EXPECT_EQ(f.address, 0u);
  EXPECT_EQ(f.symbol, "hrtimer_nanosleep");
  EXPECT_EQ(f.offset, 0x74u);
  EXPECT_EQ(f.size, 0xf0u);
  EXPECT_FALSE(f.module.has_value());
  EXPECT_EQ(r.value.frames[4].symbol, "entry_SYSCALL_64_after_hwframe");
}

TEST(ProcStack, OldKernelAddressesAndModules) {
  const auto r = parse_proc_stack(
      "[<ffffffff8108b8e3>] do_wait+0x1c3/0x240\n[<ffffffffc0a1b2c3>] nfs_wait_bit_killable+0x25/0x90 [nfs]\n");
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.frames[0].address, 0xffffffff8108b8e3u);
  EXPECT_EQ(r.value.frames[1].module, "nfs");
  EXPECT_EQ(r.value.frames[1].symbol, "nfs_wait_bit_killable");
}

TEST(ProcStack, BrokenVariants) {
  const auto r = parse_proc_stack("garbage\n[<zz>] f+0x1/0x2\n[<0>\n");
  EXPECT_EQ(r.value.frames.size(), 3u);
  EXPECT_EQ(r.value.frames[0].frame, "garbage");
  EXPECT_EQ(r.diagnostics.size(), 3u);
  EXPECT_FALSE(parse_proc_stack("[<" + test::huge_line()).clean());
}

}  // namespace
}  // namespace procsnap::procfs
