#pragma once
// /proc/<pid>/status and /proc/<pid>/task/<tid>/status: "Key:<TAB>value" lines (some old kernels and the
// prometheus corpus use spaces). Every line is kept as a key/value entry (so keys a newer kernel adds are never
// lost); the keys procsnap knows are also decoded into typed fields. Memory sizes stay in kB as the kernel
// prints them. Masks (Sig*, Cap*, Cpus_allowed, ...) stay hex text: they are bitmaps wider than 64 bits on some
// machines and analysts compare them as text.
#include "procfs/parse_result.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct ProcStatusEntry {
  std::size_t line = 0;  ///< 1-based line of the entry
  std::string key;       ///< text before the first ':'
  std::string value;     ///< text after the ':' with surrounding spaces/tabs removed (may be empty)
};

struct ProcStatus {
  std::vector<ProcStatusEntry> entries;  ///< every "key: value" line in file order

  std::optional<std::string> name;        ///< Name: the comm, with the kernel's escapes (\n, \\) kept
  std::optional<std::string> umask;       ///< Umask: octal text (4.7+)
  std::optional<char> state;              ///< State: letter
  std::optional<std::string> state_text;  ///< State: the word(s) in parentheses, e.g. "sleeping"
  std::optional<std::int64_t> tgid;       ///< Tgid: thread group id (= pid of the process)
  std::optional<std::int64_t> ngid;       ///< Ngid: NUMA group id (0 = none)
  std::optional<std::int64_t> pid;        ///< Pid: thread id
  std::optional<std::int64_t> ppid;       ///< PPid: parent pid
  std::optional<std::int64_t> tracer_pid; ///< TracerPid: pid of the ptracer (0 = not traced)
  std::array<std::optional<std::uint64_t>, 4> uid;  ///< Uid: real, effective, saved set, filesystem
  std::array<std::optional<std::uint64_t>, 4> gid;  ///< Gid: real, effective, saved set, filesystem
  std::optional<std::uint64_t> fd_size;   ///< FDSize: allocated fd slots
  std::optional<std::string> groups;      ///< Groups: supplementary gids, space separated (may be empty)
  std::optional<std::string> nstgid;      ///< NStgid: tgid in each pid namespace, outermost first (4.1+)
  std::optional<std::string> nspid;       ///< NSpid
  std::optional<std::string> nspgid;      ///< NSpgid
  std::optional<std::string> nssid;       ///< NSsid
  // First (outermost: as seen from the initial pid namespace) and last (innermost: as the process sees itself)
  // entries of NStgid / NSpid / NSpgid / NSsid.
  std::optional<std::int64_t> nstgid_outermost, nstgid_innermost;
  std::optional<std::int64_t> nspid_outermost, nspid_innermost;
  std::optional<std::int64_t> nspgid_outermost, nspgid_innermost;
  std::optional<std::int64_t> nssid_outermost, nssid_innermost;
  std::optional<std::int64_t> kthread;    ///< Kthread: 1 for kernel threads (6.x)
  // Memory, kB as printed.
  std::optional<std::uint64_t> vm_peak_kb, vm_size_kb, vm_lck_kb, vm_pin_kb, vm_hwm_kb, vm_rss_kb, rss_anon_kb,
      rss_file_kb, rss_shmem_kb, vm_data_kb, vm_stk_kb, vm_exe_kb, vm_lib_kb, vm_pte_kb, vm_pmd_kb, vm_swap_kb,
      hugetlb_pages_kb;
  std::optional<std::int64_t> core_dumping;     ///< CoreDumping: 1 while dumping core (4.15+)
  std::optional<std::int64_t> thp_enabled;      ///< THP_enabled: THP allowed for the process (5.0+)
  std::optional<std::string> untag_mask;        ///< untag_mask: address tag mask, hex text (6.4+, x86 LAM)
  std::optional<std::uint64_t> threads;         ///< Threads
  std::optional<std::string> sigq;              ///< SigQ: "queued/limit"
  std::optional<std::uint64_t> sigq_queued;     ///< SigQ first number
  std::optional<std::uint64_t> sigq_limit;      ///< SigQ second number (RLIMIT_SIGPENDING)
  std::optional<std::string> sig_pnd, shd_pnd, sig_blk, sig_ign, sig_cgt;  ///< signal masks, hex text
  std::optional<std::string> cap_inh, cap_prm, cap_eff, cap_bnd, cap_amb;  ///< capability sets, hex text
  std::optional<std::int64_t> no_new_privs;     ///< NoNewPrivs (4.10+)
  std::optional<std::int64_t> seccomp;          ///< Seccomp: 0 disabled, 1 strict, 2 filter
  std::optional<std::int64_t> seccomp_filters;  ///< Seccomp_filters: attached filters (5.9+)
  std::optional<std::string> speculation_store_bypass;     ///< Speculation_Store_Bypass (4.17+)
  std::optional<std::string> speculation_indirect_branch;  ///< SpeculationIndirectBranch (5.8+)
  std::optional<std::string> cpus_allowed, cpus_allowed_list, mems_allowed, mems_allowed_list;
  std::optional<std::uint64_t> voluntary_ctxt_switches;
  std::optional<std::uint64_t> nonvoluntary_ctxt_switches;
  std::optional<std::string> x86_thread_features;         ///< x86_Thread_features (6.6+, shadow stack)
  std::optional<std::string> x86_thread_features_locked;  ///< x86_Thread_features_locked
};

[[nodiscard]] Parsed<ProcStatus> parse_proc_status(std::string_view text);

}  // namespace procsnap::procfs
