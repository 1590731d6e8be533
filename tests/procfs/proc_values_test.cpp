#include "procfs/proc_values.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

using test::proc_fixture;

ProcValue value_of(const std::string& rel, std::string_view file) {
  const auto r = parse_proc_value(proc_fixture(rel), proc_value_kind(file));
  EXPECT_TRUE(r.clean()) << rel;
  return r.value;
}

TEST(ProcValues, ParsesLiveSingleValues) {
  EXPECT_EQ(value_of("live-12216/comm", "comm").text, "a) (b c) x");
  EXPECT_EQ(value_of("26231/comm", "comm").text, "vim");
  EXPECT_EQ(value_of("26231/wchan", "wchan").text, "poll_schedule_timeout");
  EXPECT_EQ(value_of("26232/wchan", "wchan").text, "0");
  EXPECT_EQ(value_of("live-12216/setgroups", "setgroups").text, "allow");
  EXPECT_EQ(value_of("live-12216/cpuset", "cpuset").text, "/");
  const auto cdf = value_of("live-12216/coredump_filter", "coredump_filter");
  EXPECT_EQ(cdf.text, "00000033");
  EXPECT_EQ(cdf.number, 0x33);
  EXPECT_EQ(value_of("live-12216/personality", "personality").number, 0);
  const auto login = value_of("live-1/loginuid", "loginuid");
  EXPECT_EQ(login.text, "4294967295");
  EXPECT_TRUE(login.unset);
  EXPECT_FALSE(login.number.has_value());
  EXPECT_TRUE(value_of("live-1/sessionid", "sessionid").unset);
  EXPECT_EQ(value_of("live-12216/oom_adj", "oom_adj").number, 0);
  EXPECT_TRUE(value_of("live-12216/oom_score", "oom_score").number.has_value());
  EXPECT_EQ(value_of("live-12216/oom_score_adj", "oom_score_adj").number, 0);
  EXPECT_EQ(value_of("live-12216/timerslack_ns", "timerslack_ns").number, 50000);
  EXPECT_EQ(value_of("live-12216/ksm_merging_pages", "ksm_merging_pages").number, 0);
}

TEST(ProcValues, NumbersAndHostileSingleValues) {
  EXPECT_EQ(parse_proc_value("-1000\n", ValueKind::decimal).value.number, -1000);
  EXPECT_EQ(parse_proc_value("1000\n", ValueKind::audit_id).value.number, 1000);
  const auto big = parse_proc_value("18446744073709551615\n", ValueKind::decimal);
  EXPECT_EQ(big.value.big, 18446744073709551615u);
  EXPECT_FALSE(big.value.number.has_value());
  EXPECT_FALSE(parse_proc_value("18446744073709551616", ValueKind::decimal).clean());
  EXPECT_FALSE(parse_proc_value("zz\n", ValueKind::hex).clean());
  // Regression: kernel threads' coredump_filter is an empty file; that is absence, not an import issue.
  const auto empty = parse_proc_value("", ValueKind::hex);
  EXPECT_TRUE(empty.clean());
  EXPECT_FALSE(empty.value.number.has_value());
  EXPECT_FALSE(parse_proc_value(" \n", ValueKind::decimal).clean());
  EXPECT_FALSE(parse_proc_value("1\n2\n", ValueKind::decimal).clean());
  EXPECT_EQ(parse_proc_value(test::bytes("a\0\xff\n"), ValueKind::text).value.text, test::bytes("a\0\xff"));
  EXPECT_FALSE(parse_proc_value(test::huge_line('9'), ValueKind::decimal).clean());
  EXPECT_EQ(proc_value_kind("nonsense"), ValueKind::text);
}

TEST(ProcValues, KeyValueFiles) {
  const auto ksm = parse_proc_key_values(proc_fixture("live-12216/ksm_stat"));
  EXPECT_TRUE(ksm.clean());
  ASSERT_EQ(ksm.value.size(), 6u);
  EXPECT_EQ(ksm.value[0].key, "ksm_rmap_items");
  EXPECT_EQ(ksm.value[0].number, 0);
  EXPECT_EQ(ksm.value[4].key, "ksm_merge_any");
  EXPECT_EQ(ksm.value[4].value, "no");
  EXPECT_FALSE(ksm.value[4].number.has_value());
  const auto arch = parse_proc_key_values(proc_fixture("live-12216/arch_status"));
  EXPECT_TRUE(arch.clean());
  ASSERT_EQ(arch.value.size(), 1u);
  EXPECT_EQ(arch.value[0].key, "AVX512_elapsed_ms");
  EXPECT_TRUE(arch.value[0].number.has_value());
  const auto bad = parse_proc_key_values("lonely\n");
  EXPECT_FALSE(bad.clean());
  EXPECT_EQ(bad.value.at(0).key, "lonely");
}

TEST(ProcValues, Attr) {
  EXPECT_EQ(parse_proc_attr("unconfined\n").value, "unconfined");
  EXPECT_EQ(parse_proc_attr(test::bytes("system_u:system_r:init_t:s0\0")).value, "system_u:system_r:init_t:s0");
  EXPECT_FALSE(parse_proc_attr("").value.has_value());
  EXPECT_FALSE(parse_proc_attr(test::bytes("a\0b\n")).clean());
}

TEST(ProcValues, Autogroup) {
  const auto r = parse_proc_autogroup(proc_fixture("live-12216/autogroup"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.name, "/autogroup-5");
  EXPECT_EQ(r.value.id, 5);
  EXPECT_EQ(r.value.nice, 0);
  EXPECT_FALSE(parse_proc_autogroup("/autogroup-1 nice\n").clean());
  EXPECT_FALSE(parse_proc_autogroup(test::huge_line()).clean());
  // Regression: with autogroup disabled the kernel's file is empty; absent, not malformed.
  EXPECT_TRUE(parse_proc_autogroup("").clean());
  EXPECT_FALSE(parse_proc_autogroup("").value.id.has_value());
}

TEST(ProcValues, TimensOffsets) {
  const auto r = parse_proc_timens_offsets(proc_fixture("live-12216/timens_offsets"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.size(), 2u);
  EXPECT_EQ(r.value[0].clock, "monotonic");
  EXPECT_EQ(r.value[0].seconds, 0);
  EXPECT_EQ(r.value[1].clock, "boottime");
  EXPECT_EQ(r.value[1].nanoseconds, 0);
  const auto neg = parse_proc_timens_offsets("monotonic -5 100\nboottime x\n");
  EXPECT_EQ(neg.value[0].seconds, -5);
  EXPECT_EQ(neg.diagnostics.size(), 1u);
}

TEST(ProcValues, Children) {
  EXPECT_TRUE(parse_proc_children(proc_fixture("live-12216/task/12216/children")).value.empty());
  EXPECT_EQ(parse_proc_children("12 34 \n").value, (std::vector<std::int64_t>{12, 34}));
  const auto bad = parse_proc_children("12 x 34");
  EXPECT_EQ(bad.value.size(), 2u);
  EXPECT_FALSE(bad.clean());
}

}  // namespace
}  // namespace procsnap::procfs
