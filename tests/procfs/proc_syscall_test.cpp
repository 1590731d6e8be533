#include "procfs/proc_syscall.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

// python3 blocked in clock_nanosleep (230 on x86-64).
TEST(ProcSyscall, ParsesLive) {
  const auto r = parse_proc_syscall(test::proc_fixture("live-12216/syscall"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.state, "syscall");
  EXPECT_EQ(r.value.number, 230);
  EXPECT_EQ(r.value.args[0], 1u);
  EXPECT_EQ(r.value.args[1], 1u);
  EXPECT_EQ(r.value.args[2], 0x7ffcb2a1f9d0u);
  EXPECT_EQ(r.value.args[5], 0u);
  EXPECT_EQ(r.value.sp, 0x7ffcb2a1f990u);
  EXPECT_EQ(r.value.pc, 0x7f024f9a8545u);
}

TEST(ProcSyscall, RunningAndBlocked) {
  const auto run = parse_proc_syscall("running\n");
  EXPECT_TRUE(run.clean());
  EXPECT_EQ(run.value.state, "running");
  EXPECT_FALSE(run.value.number.has_value());
  const auto blk = parse_proc_syscall("-1 0x7ffd1 0x401000\n");
  EXPECT_TRUE(blk.clean());
  EXPECT_EQ(blk.value.state, "blocked");
  EXPECT_EQ(blk.value.number, -1);
  EXPECT_EQ(blk.value.sp, 0x7ffd1u);
  EXPECT_FALSE(blk.value.args[0].has_value());
}

TEST(ProcSyscall, BrokenVariants) {
  const auto r = parse_proc_syscall("0 0x1 zz 0x3\n");
  EXPECT_EQ(r.value.number, 0);
  EXPECT_EQ(r.value.args[0], 1u);
  EXPECT_FALSE(r.value.args[1].has_value());
  EXPECT_EQ(r.value.args[2], 3u);
  EXPECT_FALSE(r.value.sp.has_value());
  EXPECT_EQ(r.diagnostics.size(), 2u);
  EXPECT_FALSE(parse_proc_syscall("").clean());
  EXPECT_FALSE(parse_proc_syscall("x").clean());
  EXPECT_FALSE(parse_proc_syscall(test::huge_line('1')).clean());
}

}  // namespace
}  // namespace procsnap::procfs
