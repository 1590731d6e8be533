#include "procfs/proc_status.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

namespace procsnap::procfs {
namespace {

using test::has_diag;
using test::proc_fixture;

TEST(ProcStatus, ParsesPrometheus26231) {
  const auto r = parse_proc_status(proc_fixture("26231/status"));
  // The fixture starts with an empty line: reported, everything else parsed.
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 1u);
  const ProcStatus& s = r.value;
  EXPECT_EQ(s.name, "prometheus");
  EXPECT_EQ(s.umask, "0022");
  EXPECT_EQ(s.state, 'S');
  EXPECT_EQ(s.state_text, "sleeping");
  EXPECT_EQ(s.tgid, 26231);
  EXPECT_EQ(s.ngid, 0);
  EXPECT_EQ(s.pid, 26231);
  EXPECT_EQ(s.ppid, 1);
  EXPECT_EQ(s.tracer_pid, 0);
  EXPECT_EQ(s.uid[0], 1000u);
  EXPECT_EQ(s.uid[1], 1000u);
  EXPECT_EQ(s.uid[2], 1000u);
  EXPECT_EQ(s.uid[3], 0u);
  EXPECT_EQ(s.gid[0], 1001u);
  EXPECT_EQ(s.gid[3], 0u);
  EXPECT_EQ(s.fd_size, 128u);
  EXPECT_EQ(s.groups, "");
  EXPECT_EQ(s.nspid, "1");
  EXPECT_EQ(s.nspid_outermost, 1);
  EXPECT_EQ(s.vm_peak_kb, 58472u);
  EXPECT_EQ(s.vm_size_kb, 58440u);
  EXPECT_EQ(s.vm_lck_kb, 0u);
  EXPECT_EQ(s.vm_hwm_kb, 8028u);
  EXPECT_EQ(s.vm_rss_kb, 6716u);
  EXPECT_EQ(s.rss_anon_kb, 2092u);
  EXPECT_EQ(s.rss_file_kb, 4624u);
  EXPECT_EQ(s.vm_data_kb, 2580u);
  EXPECT_EQ(s.vm_stk_kb, 136u);
  EXPECT_EQ(s.vm_exe_kb, 948u);
  EXPECT_EQ(s.vm_lib_kb, 6816u);
  EXPECT_EQ(s.vm_pte_kb, 128u);
  EXPECT_EQ(s.vm_pmd_kb, 12u);
  EXPECT_EQ(s.vm_swap_kb, 660u);
  EXPECT_EQ(s.hugetlb_pages_kb, 0u);
  EXPECT_EQ(s.threads, 1u);
  EXPECT_EQ(s.sigq, "8/63965");
  EXPECT_EQ(s.sigq_queued, 8u);
  EXPECT_EQ(s.sigq_limit, 63965u);
  EXPECT_EQ(s.sig_blk, "7be3c0fe28014a03");
  EXPECT_EQ(s.sig_cgt, "00000001800004ec");
  EXPECT_EQ(s.cap_eff, "0000003fffffffff");
  EXPECT_EQ(s.cap_amb, "0000000000000000");
  EXPECT_EQ(s.seccomp, 0);
  EXPECT_EQ(s.cpus_allowed, "ff");
  EXPECT_EQ(s.cpus_allowed_list, "0-7");
  EXPECT_EQ(s.mems_allowed, "00000000,00000001");
  EXPECT_EQ(s.voluntary_ctxt_switches, 4742839u);
  EXPECT_EQ(s.nonvoluntary_ctxt_switches, 1727500u);
  // Keys this kernel did not have stay absent, not 0.
  EXPECT_FALSE(s.no_new_privs.has_value());
  EXPECT_FALSE(s.core_dumping.has_value());
  EXPECT_EQ(s.entries.size(), 52u);
  EXPECT_EQ(s.entries.front().key, "Name");
  EXPECT_EQ(s.entries.front().line, 2u);
}

// 26235 uses spaces as separators and nested pid namespaces.
TEST(ProcStatus, ParsesSpaceSeparatedNestedNamespaces) {
  const auto r = parse_proc_status(proc_fixture("26235/status"));
  EXPECT_TRUE(r.clean());
  const ProcStatus& s = r.value;
  EXPECT_EQ(s.name, "kube-proxy");
  EXPECT_EQ(s.ngid, 12345);
  EXPECT_EQ(s.ppid, 1234);
  EXPECT_EQ(s.tracer_pid, 0);
  EXPECT_EQ(s.nspid, "26235\t1");
  EXPECT_EQ(s.nspid_outermost, 26235);
  EXPECT_EQ(s.nspid_innermost, 1);
  EXPECT_EQ(s.nstgid, "26235\t1");
  EXPECT_EQ(s.nstgid_outermost, 26235);
  EXPECT_EQ(s.nssid_innermost, 1);
  EXPECT_EQ(s.nspgid_outermost, 26235);
  EXPECT_EQ(s.rss_anon_kb, 24852u);
  EXPECT_EQ(s.threads, 51u);
  EXPECT_EQ(s.sig_cgt, "fffffffc7fc1feff");
  EXPECT_EQ(s.cap_inh, "0000003fffffffff");
}

TEST(ProcStatus, ParsesLiveModernKernel) {
  const auto r = parse_proc_status(proc_fixture("live-12216/status"));
  EXPECT_TRUE(r.clean());
  const ProcStatus& s = r.value;
  EXPECT_EQ(s.name, "a) (b c) x");
  EXPECT_EQ(s.umask, "0027");
  EXPECT_EQ(s.kthread, 0);
  EXPECT_EQ(s.no_new_privs, 0);
  EXPECT_EQ(s.seccomp_filters, 0);
  EXPECT_EQ(s.core_dumping, 0);
  EXPECT_EQ(s.thp_enabled, 1);
  EXPECT_EQ(s.untag_mask, "0xffffffffffffffff");
  EXPECT_TRUE(s.speculation_store_bypass.has_value());
  EXPECT_TRUE(s.speculation_indirect_branch.has_value());
  EXPECT_EQ(s.threads, 2u);
  EXPECT_EQ(s.uid[0], 0u);
  EXPECT_EQ(s.groups, "");  // "Groups:\t \n": no supplementary groups
}

TEST(ProcStatus, KernelThread) {
  const auto r = parse_proc_status(proc_fixture("live-2/status"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.name, "kthreadd");
  EXPECT_EQ(r.value.kthread, 1);
  EXPECT_FALSE(r.value.vm_rss_kb.has_value());  // kernel threads have no Vm* lines
}

TEST(ProcStatus, KeepsUnknownKeysAndDuplicates) {
  const auto r = parse_proc_status("Name:\tx\nFutureKey:\tsome value\nName:\ty\nTgid:\t5\n");
  ASSERT_EQ(r.value.entries.size(), 4u);
  EXPECT_EQ(r.value.entries[1].key, "FutureKey");
  EXPECT_EQ(r.value.entries[1].value, "some value");
  EXPECT_EQ(r.value.entries[2].value, "y");
  EXPECT_EQ(r.value.name, "x");
  EXPECT_EQ(r.value.tgid, 5);
  EXPECT_TRUE(has_diag(r, "duplicate key"));
}

TEST(ProcStatus, BadValuesAreDiagnosedNotGuessed) {
  const auto r = parse_proc_status(
      "Uid:\t1\t2\nVmRSS:\t12 MB\nVmSize:\t18446744073709551616 kB\nTgid:\tabc\nSigQ:\t5\nno colon here\n"
      "State:\tQ\n");
  EXPECT_EQ(r.value.uid[0], 1u);
  EXPECT_EQ(r.value.uid[1], 2u);
  EXPECT_FALSE(r.value.uid[2].has_value());
  EXPECT_FALSE(r.value.vm_rss_kb.has_value());
  EXPECT_FALSE(r.value.vm_size_kb.has_value());
  EXPECT_FALSE(r.value.tgid.has_value());
  EXPECT_FALSE(r.value.sigq_queued.has_value());
  EXPECT_EQ(r.value.state, 'Q');
  EXPECT_TRUE(has_diag(r, "expected 4 ids"));
  EXPECT_TRUE(has_diag(r, "kB"));
  EXPECT_TRUE(has_diag(r, "no ':'"));
  EXPECT_EQ(r.diagnostics.size(), 7u);
}

TEST(ProcStatus, SurvivesHostileBytes) {
  const auto r = parse_proc_status(test::bytes("Name:\t\xff\xfe\0x\nPid:\t1\0\n") + test::huge_line(':'));
  EXPECT_EQ(r.value.name, test::bytes("\xff\xfe\0x"));
  EXPECT_FALSE(r.value.pid.has_value());  // "1\0" is not a number
  EXPECT_FALSE(r.clean());
  // Many short lines must stay linear (duplicate detection uses a set).
  std::string many;
  for (int i = 0; i < 200000; ++i) {
    many += "K" + std::to_string(i) + ":\tv\n";
  }
  EXPECT_EQ(parse_proc_status(many).value.entries.size(), 200000u);
}

}  // namespace
}  // namespace procsnap::procfs
