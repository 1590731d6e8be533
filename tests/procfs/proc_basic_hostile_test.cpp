// Every basic /proc parser over hostile input: mutations of the real fixtures (truncation at every length, byte
// flips, inserted NULs / newlines / ') (' / huge numbers, invalid UTF-8) and a few pathological shapes. No
// parser may crash, hang or produce an excerpt longer than k_excerpt_max; run under ASan/UBSan in CI.
#include "procfs/proc_auxv.hpp"
#include "procfs/proc_cgroup.hpp"
#include "procfs/proc_cmdline.hpp"
#include "procfs/proc_environ.hpp"
#include "procfs/proc_id_map.hpp"
#include "procfs/proc_io.hpp"
#include "procfs/proc_limits.hpp"
#include "procfs/proc_sched.hpp"
#include "procfs/proc_schedstat.hpp"
#include "procfs/proc_stack.hpp"
#include "procfs/proc_stat.hpp"
#include "procfs/proc_statm.hpp"
#include "procfs/proc_status.hpp"
#include "procfs/proc_syscall.hpp"
#include "procfs/proc_timers.hpp"
#include "procfs/proc_values.hpp"

#include "proc_basic_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace procsnap::procfs {
namespace {

template <class P>
void check_excerpts(const P& p) {
  for (const auto& d : p.diagnostics) {
    ASSERT_LE(d.excerpt.size(), k_excerpt_max);
    ASSERT_FALSE(d.message.empty());
  }
}

// Each parser, run on one input; returns nothing: the test is that it returns at all, with sane diagnostics.
const std::vector<std::pair<std::string, std::function<void(std::string_view)>>>& parsers() {
  static const std::vector<std::pair<std::string, std::function<void(std::string_view)>>> all = {
      {"stat", [](std::string_view s) { check_excerpts(parse_proc_stat(s)); }},
      {"status", [](std::string_view s) { check_excerpts(parse_proc_status(s)); }},
      {"statm", [](std::string_view s) { check_excerpts(parse_proc_statm(s)); }},
      {"io", [](std::string_view s) { check_excerpts(parse_proc_io(s)); }},
      {"limits", [](std::string_view s) { check_excerpts(parse_proc_limits(s)); }},
      {"cmdline", [](std::string_view s) { check_excerpts(parse_proc_cmdline(s)); }},
      {"environ", [](std::string_view s) { check_excerpts(parse_proc_environ(s)); }},
      {"cgroup", [](std::string_view s) { check_excerpts(parse_proc_cgroup(s)); }},
      {"auxv", [](std::string_view s) { check_excerpts(parse_proc_auxv(s)); }},
      {"sched", [](std::string_view s) { check_excerpts(parse_proc_sched(s)); }},
      {"schedstat", [](std::string_view s) { check_excerpts(parse_proc_schedstat(s)); }},
      {"uid_map", [](std::string_view s) { check_excerpts(parse_proc_id_map(s)); }},
      {"stack", [](std::string_view s) { check_excerpts(parse_proc_stack(s)); }},
      {"syscall", [](std::string_view s) { check_excerpts(parse_proc_syscall(s)); }},
      {"timers", [](std::string_view s) { check_excerpts(parse_proc_timers(s)); }},
      {"loginuid", [](std::string_view s) { check_excerpts(parse_proc_value(s, ValueKind::audit_id)); }},
      {"coredump_filter", [](std::string_view s) { check_excerpts(parse_proc_value(s, ValueKind::hex)); }},
      {"oom_score_adj", [](std::string_view s) { check_excerpts(parse_proc_value(s, ValueKind::decimal)); }},
      {"ksm_stat", [](std::string_view s) { check_excerpts(parse_proc_key_values(s)); }},
      {"attr", [](std::string_view s) { check_excerpts(parse_proc_attr(s)); }},
      {"autogroup", [](std::string_view s) { check_excerpts(parse_proc_autogroup(s)); }},
      {"timens_offsets", [](std::string_view s) { check_excerpts(parse_proc_timens_offsets(s)); }},
      {"children", [](std::string_view s) { check_excerpts(parse_proc_children(s)); }},
  };
  return all;
}

// A small deterministic PRNG (xorshift64*), so a failure reproduces.
struct Rng {
  std::uint64_t s = 0x9e3779b97f4a7c15ULL;
  std::uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ULL;
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
};

std::string mutate(const std::string& in, Rng& rng) {
  static const std::vector<std::string> inserts = {
      std::string(1, '\0'), "\n", ") (", "(", ")", "\xff\xfe", "18446744073709551616", "-9223372036854775809",
      ":", "=", " ", "\t", "[<", ">]", "0x", "unlimited", "ID: ", "kB", "/",
  };
  std::string s = in;
  const std::size_t edits = 1 + rng.below(4);
  for (std::size_t e = 0; e < edits; ++e) {
    const std::size_t pos = rng.below(s.size() + 1);
    switch (rng.below(4)) {
      case 0:  // flip a byte
        if (!s.empty()) s[rng.below(s.size())] = static_cast<char>(rng.next());
        break;
      case 1:  // insert a token that means something to some parser
        s.insert(pos, inserts[rng.below(inserts.size())]);
        break;
      case 2:  // delete a run
        s.erase(pos, rng.below(16));
        break;
      default:  // truncate
        s.resize(pos);
        break;
    }
  }
  return s;
}

// Real content for each parser (same name as the fixture file where one exists).
std::vector<std::string> seeds() {
  std::vector<std::string> out;
  for (const char* rel : {"26231/stat", "584/stat", "26231/status", "26235/status", "26231/statm", "26231/io",
                          "26231/limits", "26231/cmdline", "26233/cmdline", "26231/environ", "live-12216/cgroup",
                          "live-12216/auxv", "live-12216/sched", "26231/schedstat", "live-12216/uid_map",
                          "live-12216/stack", "live-12216/syscall", "live-12216/timers", "live-12216/ksm_stat",
                          "live-12216/autogroup", "live-12216/timens_offsets", "live-1/loginuid"}) {
    out.push_back(test::proc_fixture(rel));
  }
  return out;
}

TEST(ProcBasicHostile, TruncationAtEveryLength) {
  for (const auto& seed : seeds()) {
    for (std::size_t n = 0; n <= seed.size() && n <= 4096; ++n) {
      for (const auto& [name, parse] : parsers()) {
        parse(std::string_view(seed).substr(0, n));
      }
    }
  }
}

TEST(ProcBasicHostile, RandomMutationsOfRealFiles) {
  Rng rng;
  const auto s = seeds();
  for (int i = 0; i < 3000; ++i) {
    const std::string m = mutate(s[rng.below(s.size())], rng);
    for (const auto& [name, parse] : parsers()) {
      parse(m);
    }
  }
}

TEST(ProcBasicHostile, PathologicalShapes) {
  const std::vector<std::string> shapes = {
      "",
      std::string(1, '\0'),
      std::string(4096, '\0'),
      std::string(100000, '\n'),
      std::string(100000, ')'),
      std::string(100000, ':'),
      std::string(100000, '='),
      test::huge_line('9'),
      test::huge_line(' '),
      std::string(200000, '(') + std::string(200000, ')'),
      "\xff\xfe\xfd\xfc\n\x80\x81\n",
      "\xef\xbb\xbf" "1 (x) S",  // UTF-8 BOM
  };
  for (const auto& s : shapes) {
    for (const auto& [name, parse] : parsers()) {
      parse(s);
    }
  }
}

}  // namespace
}  // namespace procsnap::procfs
