#include "procfs/proc_stat.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace procsnap::procfs {
namespace {

using test::has_diag;
using test::proc_fixture;

constexpr std::uint64_t k_u64_max = std::numeric_limits<std::uint64_t>::max();

TEST(ProcStat, ParsesPrometheus26231) {
  const auto r = parse_proc_stat(proc_fixture("26231/stat"));
  EXPECT_TRUE(r.clean());
  const ProcStat& s = r.value;
  EXPECT_EQ(s.pid, 26231);
  EXPECT_EQ(s.comm, "vim");
  EXPECT_EQ(s.state, 'R');
  EXPECT_EQ(s.ppid, 5392);
  EXPECT_EQ(s.pgrp, 7446);
  EXPECT_EQ(s.session, 5392);
  EXPECT_EQ(s.tty_nr, 34835);
  EXPECT_EQ(s.tpgid, 7446);
  EXPECT_EQ(s.flags, 4218880u);
  EXPECT_EQ(s.minflt, 32533u);
  EXPECT_EQ(s.cminflt, 309516u);
  EXPECT_EQ(s.majflt, 26u);
  EXPECT_EQ(s.cmajflt, 82u);
  EXPECT_EQ(s.utime, 1677u);
  EXPECT_EQ(s.stime, 44u);
  EXPECT_EQ(s.cutime, 158);
  EXPECT_EQ(s.cstime, 99);
  EXPECT_EQ(s.priority, 20);
  EXPECT_EQ(s.nice, 0);
  EXPECT_EQ(s.num_threads, 1);
  EXPECT_EQ(s.start_time, 82375u);
  EXPECT_EQ(s.vsize, 56274944u);
  EXPECT_EQ(s.rss, 1981);
  EXPECT_EQ(s.rsslim, k_u64_max);
  EXPECT_EQ(s.startcode, 4194304u);
  EXPECT_EQ(s.sigignore, 12288u);
  EXPECT_EQ(s.sigcatch, 1870679807u);
  EXPECT_EQ(s.exit_signal, 17);
  EXPECT_EQ(s.processor, 0);
  EXPECT_EQ(s.delayacct_blkio_ticks, 31u);
  EXPECT_EQ(s.start_data, 8391624u);
  EXPECT_EQ(s.env_end, 140736914096107u);
  EXPECT_EQ(s.exit_code, 0);
  EXPECT_EQ(s.extra_fields, 0u);
}

TEST(ProcStat, KeepsExtremeValuesOf26232) {
  const auto r = parse_proc_stat(proc_fixture("26232/stat"));
  EXPECT_TRUE(r.clean());
  const ProcStat& s = r.value;
  EXPECT_EQ(s.pid, 33);
  EXPECT_EQ(s.comm, "ata_sff");
  EXPECT_EQ(s.tpgid, -1);
  EXPECT_EQ(s.cutime, std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(s.cstime, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(s.nice, -20);
  EXPECT_EQ(s.start_time, 5u);
  EXPECT_EQ(s.rsslim, k_u64_max);
  EXPECT_EQ(s.sigignore, 2147483647u);
  EXPECT_EQ(s.wchan, k_u64_max);
  EXPECT_EQ(s.exit_signal, std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(s.processor, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(s.exit_code, 0);
}

// 584: comm "(a b ) ( c d) " holds ") (" and the file has a second line.
TEST(ProcStat, ParsesCommWithParens) {
  const auto r = parse_proc_stat(proc_fixture("584/stat"));
  EXPECT_EQ(r.value.pid, 1020);
  EXPECT_EQ(r.value.comm, "(a b ) ( c d) ");
  EXPECT_EQ(r.value.state, 'R');
  EXPECT_EQ(r.value.ppid, 28378);
  EXPECT_EQ(r.value.start_time, 10839175u);
  EXPECT_EQ(r.value.exit_code, 0);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 2u);
  EXPECT_EQ(r.diagnostics[0].excerpt, "#!/bin/cat /proc/self/stat\n");
}

TEST(ProcStat, ParsesThreadStat) {
  const auto r = parse_proc_stat(proc_fixture("27079/task/27080/stat"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.pid, 27080);
  EXPECT_EQ(r.value.comm, "pthread_load");
  EXPECT_EQ(r.value.state, 'R');
  EXPECT_EQ(r.value.exit_signal, -1);
  EXPECT_EQ(r.value.start_time, 4289575u);
}

// A real capture: comm set with prctl(PR_SET_NAME, "a) (b c) x").
TEST(ProcStat, ParsesLiveCommWithParensAndSpaces) {
  const auto r = parse_proc_stat(proc_fixture("live-12216/stat"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.pid, 12216);
  EXPECT_EQ(r.value.comm, "a) (b c) x");
  EXPECT_EQ(r.value.state, 'S');
  EXPECT_EQ(r.value.num_threads, 2);
  EXPECT_TRUE(r.value.exit_code.has_value());
}

TEST(ProcStat, CommMayHoldNewlines) {
  const auto r = parse_proc_stat("7 (a\nb) c) S 1 7 7 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0 "
                                 "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.comm, "a\nb) c");
  EXPECT_EQ(r.value.start_time, 99u);
  EXPECT_EQ(r.value.cguest_time, 0);
  EXPECT_FALSE(r.value.start_data.has_value());  // an older kernel: 44 fields, the rest absent, not 0
  EXPECT_FALSE(r.value.exit_code.has_value());
}

TEST(ProcStat, TruncatedKeepsLeadingFields) {
  const auto r = parse_proc_stat("42 (sh) S 1 42 42 0 -1 4194560 10 0 0 0 5 6");
  EXPECT_EQ(r.value.pid, 42);
  EXPECT_EQ(r.value.stime, 6u);
  EXPECT_FALSE(r.value.cutime.has_value());
  EXPECT_FALSE(r.value.start_time.has_value());
  EXPECT_TRUE(has_diag(r, "truncated"));
}

TEST(ProcStat, ExtraFieldsAreCountedAndReported) {
  std::string line = test::proc_fixture("26231/stat");
  line.pop_back();  // '\n'
  line += " 7 8 9\n";
  const auto r = parse_proc_stat(line);
  EXPECT_EQ(r.value.extra_fields, 3u);
  EXPECT_EQ(r.value.exit_code, 0);
  EXPECT_TRUE(has_diag(r, "after field 52"));
}

TEST(ProcStat, OverflowingNumbersBecomeNullWithDiagnostic) {
  // rsslim = 2^64 does not fit; utime = -1 is not unsigned; the other fields stay.
  const auto r = parse_proc_stat("1 (x) S 0 1 1 0 -1 0 0 0 0 0 -1 0 0 0 20 0 1 0 50 0 0 18446744073709551616 0 0 0 0 "
                                 "0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
  EXPECT_FALSE(r.value.utime.has_value());
  EXPECT_FALSE(r.value.rsslim.has_value());
  EXPECT_EQ(r.value.start_time, 50u);
  EXPECT_TRUE(has_diag(r, "field 14 (utime)"));
  EXPECT_TRUE(has_diag(r, "field 25 (rsslim)"));
}

TEST(ProcStat, NoParensIsADiagnosticNotACrash) {
  const auto r = parse_proc_stat("123 nocomm S 1 2 3\n");
  EXPECT_EQ(r.value.pid, 123);
  EXPECT_FALSE(r.value.comm.has_value());
  EXPECT_FALSE(r.clean());
  EXPECT_FALSE(parse_proc_stat("").clean());
  EXPECT_FALSE(parse_proc_stat(")(").clean());
}

TEST(ProcStat, SurvivesHostileBytes) {
  const std::string nul_comm = test::bytes("9 (a\0b\xff\xfe) Z 1 9 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 7 0 0 0\n");
  const auto r = parse_proc_stat(nul_comm);
  EXPECT_EQ(r.value.comm, test::bytes("a\0b\xff\xfe"));
  EXPECT_EQ(r.value.state, 'Z');
  EXPECT_EQ(r.value.start_time, 7u);

  const auto big = parse_proc_stat("1 (" + test::huge_line('(') + ") S 1");
  EXPECT_EQ(big.value.comm->size(), 10u * 1024u * 1024u);
  for (const auto& d : big.diagnostics) {
    EXPECT_LE(d.excerpt.size(), k_excerpt_max);
  }
  const auto junk = parse_proc_stat(test::huge_line(' '));
  EXPECT_FALSE(junk.clean());
}

// ProcStatFields reads the same fields as parse_proc_stat, in place: checked on every stat fixture.
TEST(ProcStatFields, AgreesWithTheParserOnTheFixtures) {
  for (const char* rel : {"26231/stat", "26232/stat", "584/stat", "27079/task/27080/stat",
                          "live-12216/stat"}) {
    const std::string text = proc_fixture(rel);
    const ProcStat s = parse_proc_stat(text).value;
    const ProcStatFields f(text);
    EXPECT_TRUE(f.found()) << rel;
    EXPECT_EQ(f.state(), s.state) << rel;
    EXPECT_EQ(f.flags(), s.flags) << rel;
    EXPECT_EQ(f.start_time(), s.start_time) << rel;
    EXPECT_EQ(f.field(4), std::to_string(*s.ppid)) << rel;
  }
  const std::string vim = proc_fixture("26231/stat");  // the fields are views: the text outlives them
  const ProcStatFields f(vim);
  EXPECT_EQ(f.start_time(), 82375u);
  EXPECT_EQ(f.flags(), 4218880u);
  EXPECT_EQ(f.state(), 'R');
  EXPECT_EQ(f.field(52), "0");
  EXPECT_FALSE(f.field(53).has_value());
}

// 584's comm "(a b ) ( c d) " holds ") (": the fields start after the last ')'; its second line is not a field.
TEST(ProcStatFields, CountsFromTheLastParenAndStopsAtTheNewline) {
  const std::string parens = proc_fixture("584/stat");
  const ProcStatFields f(parens);
  EXPECT_EQ(f.state(), 'R');
  EXPECT_EQ(f.start_time(), 10839175u);
  EXPECT_EQ(f.after_comm().find('\n'), std::string_view::npos);
  EXPECT_FALSE(f.field(53).has_value());

  const ProcStatFields nl("7 (a\nb) c) S 1 7 7 0 -1 4194308 0 0 0 0 0 0 0 0 20 0 1 0 99 0\n1 2 3 4 5\n");
  EXPECT_EQ(nl.state(), 'S');
  EXPECT_EQ(nl.flags(), 4194308u);
  EXPECT_EQ(nl.start_time(), 99u);
  EXPECT_FALSE(nl.field(24).has_value());  // the next line does not continue the fields
}

TEST(ProcStatFields, HostileLinesGiveNullFieldsNotCrashes) {
  EXPECT_FALSE(ProcStatFields("").found());
  EXPECT_FALSE(ProcStatFields("no paren at all").found());
  EXPECT_FALSE(ProcStatFields("no paren at all").state().has_value());
  EXPECT_FALSE(ProcStatFields("7 (x)").state().has_value());
  EXPECT_FALSE(ProcStatFields("7 (x) R 1 2 3").start_time().has_value());     // truncated before field 22
  EXPECT_FALSE(ProcStatFields("7 (x) R 1 7 7 0 -1").flags().has_value());      // truncated before field 9
  EXPECT_FALSE(ProcStatFields("7 (x) Rx 1").state().has_value());             // not a single letter
  EXPECT_FALSE(ProcStatFields("7 (x) R 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 -5 0").start_time().has_value());
  EXPECT_FALSE(ProcStatFields("7 (x) R 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 18446744073709551616 0")
                   .start_time()
                   .has_value());  // 2^64
  EXPECT_FALSE(ProcStatFields("7 (x) R").field(2).has_value());  // pid and comm are not fields after comm
  // Tabs separate fields as spaces do (as in parse_proc_stat).
  EXPECT_EQ(ProcStatFields("7 (x)\tZ\t1").state(), 'Z');
  // A comm of ')' and spaces that mimics fields: only what follows the last ')' counts.
  const ProcStatFields mimic("7 (x) R 1 7 7 0 -1 4 0 0 0 0 0 0 0 0 20 0 1 0 11 0) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 "
                             "20 0 1 0 22 0");
  EXPECT_EQ(mimic.state(), 'S');
  EXPECT_EQ(mimic.flags(), 0u);
  EXPECT_EQ(mimic.start_time(), 22u);
  // A 10 MB comm or a 10 MB run of blanks is read in one pass.
  EXPECT_EQ(ProcStatFields("1 (" + test::huge_line('(') + ") S 1").state(), 'S');
  EXPECT_FALSE(ProcStatFields("1 (x)" + test::huge_line(' ')).state().has_value());
  // Invalid bytes in comm are not looked at.
  EXPECT_EQ(ProcStatFields(test::bytes("9 (a\0b\xff\xfe) Z 1")).state(), 'Z');
}

TEST(ProcStat, StateNames) {
  EXPECT_EQ(proc_state_name('R'), "running");
  EXPECT_EQ(proc_state_name('I'), "idle");
  EXPECT_EQ(proc_state_name('?'), "");
}

}  // namespace
}  // namespace procsnap::procfs
