#include "procfs/proc_status.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_util.hpp"

#include <string>
#include <unordered_set>

namespace procsnap::procfs {

namespace {

using St = ProcStatus;

struct TextKey {
  std::string_view key;
  std::optional<std::string> St::*field;
};
constexpr TextKey k_text_keys[] = {
    {"Name", &St::name},
    {"Umask", &St::umask},
    {"Groups", &St::groups},
    {"NStgid", &St::nstgid},
    {"NSpid", &St::nspid},
    {"NSpgid", &St::nspgid},
    {"NSsid", &St::nssid},
    {"untag_mask", &St::untag_mask},
    {"SigQ", &St::sigq},
    {"SigPnd", &St::sig_pnd},
    {"ShdPnd", &St::shd_pnd},
    {"SigBlk", &St::sig_blk},
    {"SigIgn", &St::sig_ign},
    {"SigCgt", &St::sig_cgt},
    {"CapInh", &St::cap_inh},
    {"CapPrm", &St::cap_prm},
    {"CapEff", &St::cap_eff},
    {"CapBnd", &St::cap_bnd},
    {"CapAmb", &St::cap_amb},
    {"Speculation_Store_Bypass", &St::speculation_store_bypass},
    {"SpeculationIndirectBranch", &St::speculation_indirect_branch},
    {"Cpus_allowed", &St::cpus_allowed},
    {"Cpus_allowed_list", &St::cpus_allowed_list},
    {"Mems_allowed", &St::mems_allowed},
    {"Mems_allowed_list", &St::mems_allowed_list},
    {"x86_Thread_features", &St::x86_thread_features},
    {"x86_Thread_features_locked", &St::x86_thread_features_locked},
};

struct IntKey {
  std::string_view key;
  std::optional<std::int64_t> St::*field;
};
constexpr IntKey k_int_keys[] = {
    {"Tgid", &St::tgid},
    {"Ngid", &St::ngid},
    {"Pid", &St::pid},
    {"PPid", &St::ppid},
    {"TracerPid", &St::tracer_pid},
    {"Kthread", &St::kthread},
    {"CoreDumping", &St::core_dumping},
    {"THP_enabled", &St::thp_enabled},
    {"NoNewPrivs", &St::no_new_privs},
    {"Seccomp", &St::seccomp},
    {"Seccomp_filters", &St::seccomp_filters},
};

struct U64Key {
  std::string_view key;
  std::optional<std::uint64_t> St::*field;
  bool kb;  // value is "<n> kB"
};
constexpr U64Key k_u64_keys[] = {
    {"FDSize", &St::fd_size, false},
    {"Threads", &St::threads, false},
    {"voluntary_ctxt_switches", &St::voluntary_ctxt_switches, false},
    {"nonvoluntary_ctxt_switches", &St::nonvoluntary_ctxt_switches, false},
    {"VmPeak", &St::vm_peak_kb, true},
    {"VmSize", &St::vm_size_kb, true},
    {"VmLck", &St::vm_lck_kb, true},
    {"VmPin", &St::vm_pin_kb, true},
    {"VmHWM", &St::vm_hwm_kb, true},
    {"VmRSS", &St::vm_rss_kb, true},
    {"RssAnon", &St::rss_anon_kb, true},
    {"RssFile", &St::rss_file_kb, true},
    {"RssShmem", &St::rss_shmem_kb, true},
    {"VmData", &St::vm_data_kb, true},
    {"VmStk", &St::vm_stk_kb, true},
    {"VmExe", &St::vm_exe_kb, true},
    {"VmLib", &St::vm_lib_kb, true},
    {"VmPTE", &St::vm_pte_kb, true},
    {"VmPMD", &St::vm_pmd_kb, true},
    {"VmSwap", &St::vm_swap_kb, true},
    {"HugetlbPages", &St::hugetlb_pages_kb, true},
};

// Decodes one known key; returns false when the key is not one of the typed ones.
bool decode(ProcStatus& s, Parsed<ProcStatus>& r, std::size_t line, std::string_view key, std::string_view value) {
  const auto bad = [&](const char* what) {
    r.warn(line, value, std::string(key) + ": " + what);
  };
  for (const auto& k : k_text_keys) {
    if (k.key == key) {
      s.*(k.field) = std::string(value);
      if (key.starts_with("NS")) {
        std::optional<std::int64_t>* outer = &s.nspid_outermost;
        std::optional<std::int64_t>* inner = &s.nspid_innermost;
        if (key == "NStgid") {
          outer = &s.nstgid_outermost;
          inner = &s.nstgid_innermost;
        } else if (key == "NSpgid") {
          outer = &s.nspgid_outermost;
          inner = &s.nspgid_innermost;
        } else if (key == "NSsid") {
          outer = &s.nssid_outermost;
          inner = &s.nssid_innermost;
        }
        const auto toks = split_ws(value);
        if (!toks.empty()) {
          *outer = parse_i64(toks.front());
          *inner = parse_i64(toks.back());
        }
        if (!*outer || !*inner) {
          bad("not a list of pids");
        }
      } else if (key == "SigQ") {
        const std::size_t slash = value.find('/');
        if (slash != std::string_view::npos) {
          s.sigq_queued = parse_u64(value.substr(0, slash));
          s.sigq_limit = parse_u64(value.substr(slash + 1));
        }
        if (!s.sigq_queued || !s.sigq_limit) {
          bad("expected '<queued>/<limit>'");
        }
      }
      return true;
    }
  }
  for (const auto& k : k_int_keys) {
    if (k.key == key) {
      s.*(k.field) = parse_i64(value);
      if (!(s.*(k.field))) {
        bad("not a number");
      }
      return true;
    }
  }
  for (const auto& k : k_u64_keys) {
    if (k.key == key) {
      std::string_view num = value;
      if (k.kb) {
        const auto toks = split_ws(value);
        if (toks.size() == 2 && toks[1] == "kB") {
          num = toks[0];
        } else {
          bad("expected '<n> kB'");
          return true;
        }
      }
      s.*(k.field) = parse_u64(num);
      if (!(s.*(k.field))) {
        bad("not an unsigned number");
      }
      return true;
    }
  }
  if (key == "State") {
    // "S (sleeping)"
    if (!value.empty()) {
      s.state = value.front();
    }
    const std::size_t open = value.find('(');
    const std::size_t close = value.rfind(')');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
      s.state_text = std::string(value.substr(open + 1, close - open - 1));
    }
    if (value.size() < 2 || value[1] != ' ' || !s.state_text) {
      bad("expected '<letter> (<name>)'");
    }
    return true;
  }
  if (key == "Uid" || key == "Gid") {
    auto& ids = key == "Uid" ? s.uid : s.gid;
    const auto toks = split_ws(value);
    for (std::size_t i = 0; i < toks.size() && i < ids.size(); ++i) {
      ids[i] = parse_u64(toks[i]);
    }
    bool ok = toks.size() == 4;
    for (const auto& id : ids) {
      ok = ok && id.has_value();
    }
    if (!ok) {
      bad("expected 4 ids (real, effective, saved, filesystem)");
    }
    return true;
  }
  return false;
}

}  // namespace

Parsed<ProcStatus> parse_proc_status(std::string_view text) {
  Parsed<ProcStatus> r;
  ProcStatus& s = r.value;
  const auto lines = split_lines(text);
  std::unordered_set<std::string_view> seen;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t line = i + 1;
    const std::string_view l = lines[i];
    if (detail::trim(l).empty()) {
      r.warn(line, l, "empty line");
      continue;
    }
    const std::size_t colon = l.find(':');
    if (colon == std::string_view::npos) {
      r.warn(line, l, "no ':' separator (line ignored)");
      continue;
    }
    const std::string_view key = l.substr(0, colon);
    const std::string_view value = detail::trim(l.substr(colon + 1));
    // A set, not a scan of entries: a hostile 10 MB status of short lines must stay linear.
    const bool duplicate = !seen.insert(key).second;
    s.entries.push_back(ProcStatusEntry{line, std::string(key), std::string(value)});
    if (duplicate) {
      r.warn(line, l, "duplicate key " + detail::quote(key) + " (the typed column keeps the first)");
      continue;
    }
    (void)decode(s, r, line, key, value);
  }
  return r;
}

}  // namespace procsnap::procfs
