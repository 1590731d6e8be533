#include "procfs/proc_cmdline.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

using Args = std::vector<std::string>;

TEST(ProcCmdline, ParsesPrometheus26231) {
  const auto r = parse_proc_cmdline(test::proc_fixture("26231/cmdline"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.args, (Args{"vim", "test.go", "+10"}));
  EXPECT_TRUE(r.value.trailing_nul);
  EXPECT_EQ(r.value.padding_nuls, 0u);
  EXPECT_FALSE(r.value.setproctitle);
}

TEST(ProcCmdline, NulPaddedIsOneArgument) {
  const auto text = test::proc_fixture("26233/cmdline");
  const auto r = parse_proc_cmdline(text);
  EXPECT_EQ(r.value.args, (Args{"com.github.uiautomator"}));
  EXPECT_EQ(r.value.padding_nuls, text.size() - 23);
}

TEST(ProcCmdline, EmptyForKernelThreads) {
  EXPECT_TRUE(parse_proc_cmdline(test::proc_fixture("26232/cmdline")).value.args.empty());
  EXPECT_TRUE(parse_proc_cmdline(test::proc_fixture("live-2/cmdline")).value.args.empty());
}

TEST(ProcCmdline, LiveKeepsEmptyArgumentsAndSpaces) {
  const auto r = parse_proc_cmdline(test::proc_fixture("live-12216/cmdline"));
  EXPECT_EQ(r.value.args,
            (Args{"/usr/bin/python3", "/tmp/basic_child.py", "arg with spaces", "", "last"}));
  EXPECT_FALSE(r.value.setproctitle);
}

TEST(ProcCmdline, SetproctitleIsFlaggedNotSplit) {
  const auto r = parse_proc_cmdline(test::proc_fixture("live-12217/cmdline"));
  EXPECT_EQ(r.value.args, (Args{"perl-worker: title with spaces"}));
  EXPECT_TRUE(r.value.setproctitle);
  // No terminating NUL at all (the title ran over the end of the old argv area).
  const auto nonul = parse_proc_cmdline("sshd: root@pts/0");
  EXPECT_EQ(nonul.value.args, (Args{"sshd: root@pts/0"}));
  EXPECT_FALSE(nonul.value.trailing_nul);
  EXPECT_TRUE(nonul.value.setproctitle);
}

TEST(ProcCmdline, ArbitraryBytes) {
  const auto r = parse_proc_cmdline(test::bytes("\xff\xfe\0a\nb\0\0\0"));
  EXPECT_EQ(r.value.args, (Args{"\xff\xfe", "a\nb"}));
  EXPECT_EQ(r.value.padding_nuls, 2u);
  EXPECT_EQ(parse_proc_cmdline(test::huge_line()).value.args.at(0).size(), 10u * 1024u * 1024u);
  EXPECT_TRUE(parse_proc_cmdline(std::string(1000, '\0')).value.args.empty());
}

}  // namespace
}  // namespace procsnap::procfs
