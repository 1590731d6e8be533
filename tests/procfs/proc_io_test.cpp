#include "procfs/proc_io.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

TEST(ProcIo, ParsesPrometheus26231WithNegativeCancelled) {
  const auto r = parse_proc_io(test::proc_fixture("26231/io"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.rchar, 750339u);
  EXPECT_EQ(r.value.wchar, 818609u);
  EXPECT_EQ(r.value.syscr, 7405u);
  EXPECT_EQ(r.value.syscw, 5245u);
  EXPECT_EQ(r.value.read_bytes, 1024u);
  EXPECT_EQ(r.value.write_bytes, 2048u);
  EXPECT_EQ(r.value.cancelled_write_bytes, -1024);
}

TEST(ProcIo, ParsesLive) {
  const auto r = parse_proc_io(test::proc_fixture("live-12216/io"));
  EXPECT_TRUE(r.clean());
  EXPECT_TRUE(r.value.rchar.has_value());
  EXPECT_TRUE(r.value.cancelled_write_bytes.has_value());
}

TEST(ProcIo, BrokenVariants) {
  const auto r = parse_proc_io(
      "rchar: 18446744073709551615\nwchar: -5\nsyscr 3\nnew_key: 1\nrchar: 2\n"
      "cancelled_write_bytes: 18446744073709551615\n");
  EXPECT_EQ(r.value.rchar, 18446744073709551615u);
  EXPECT_FALSE(r.value.wchar.has_value());
  EXPECT_FALSE(r.value.syscr.has_value());
  EXPECT_EQ(r.value.cancelled_write_bytes, -1);
  EXPECT_TRUE(test::has_diag(r, "unknown key"));
  EXPECT_TRUE(test::has_diag(r, "duplicate"));
  EXPECT_TRUE(test::has_diag(r, "two's-complement"));
  EXPECT_EQ(r.diagnostics.size(), 5u);
  EXPECT_FALSE(parse_proc_io(test::huge_line()).clean());
}

}  // namespace
}  // namespace procsnap::procfs
