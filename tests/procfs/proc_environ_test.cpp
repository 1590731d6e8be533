#include "procfs/proc_environ.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

TEST(ProcEnviron, ParsesPrometheus26231) {
  const auto r = parse_proc_environ(test::proc_fixture("26231/environ"));
  ASSERT_EQ(r.value.vars.size(), 6u);
  EXPECT_EQ(r.value.vars[0].key, "PATH");
  EXPECT_EQ(r.value.vars[0].value, "/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  EXPECT_EQ(r.value.vars[1].key, "HOSTNAME");
  EXPECT_EQ(r.value.vars[1].value, "cd24e11f73a5");
  EXPECT_EQ(r.value.vars[5].key, "HOME");
  EXPECT_EQ(r.value.vars[5].value, "/root");
}

TEST(ProcEnviron, ParsesLiveWithEqualsInValueAndEmptyValue) {
  const auto r = parse_proc_environ(test::proc_fixture("live-12216/environ"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.vars.size(), 5u);
  EXPECT_EQ(r.value.vars[3].key, "PROCSNAP_FIXTURE");
  EXPECT_EQ(r.value.vars[3].value, "value with = and spaces");
  EXPECT_EQ(r.value.vars[4].key, "EMPTY");
  EXPECT_EQ(r.value.vars[4].value, "");  // set but empty: not NULL
}

TEST(ProcEnviron, BrokenVariants) {
  const auto r = parse_proc_environ(test::bytes("NOEQUALS\0=lead\0K=\xff\0A=1"));
  ASSERT_EQ(r.value.vars.size(), 4u);
  EXPECT_EQ(r.value.vars[0].key, "NOEQUALS");
  EXPECT_FALSE(r.value.vars[0].value.has_value());
  EXPECT_EQ(r.value.vars[1].key, "");
  EXPECT_EQ(r.value.vars[1].value, "lead");
  EXPECT_EQ(r.value.vars[2].value, "\xff");
  EXPECT_EQ(r.value.vars[3].value, "1");
  EXPECT_TRUE(test::has_diag(r, "no '='"));
  EXPECT_TRUE(test::has_diag(r, "does not end with a NUL"));
  EXPECT_TRUE(parse_proc_environ("").value.vars.empty());
  EXPECT_EQ(parse_proc_environ("K=" + test::huge_line()).value.vars.at(0).value->size(), 10u * 1024u * 1024u);
}

}  // namespace
}  // namespace procsnap::procfs
