// mem_bench: procsnap-collect --mem capture throughput (MB/s) against a plain pread loop over the same regions,
// both measured in the same run.
//
//   mem_bench --collector PATH [--mb 512] [--repeat 5] [--out DIR] [--expr 'anon and size>=256M']
//
// A child process maps --mb MiB of private anonymous memory and fills it with a pattern: word i (8 bytes) is
// splitmix64(i), so every page is resident, none is zero (the kernel can't hand out the shared zero page, THP
// can't collapse to zero pages) and the data is incompressible, and any word can be checked without keeping a copy.
// The child's maps are parsed and selected with the collector's own MemSelector (procfs::parse_proc_maps +
// --expr, minus mem_exclusion), so the baseline reads exactly the regions the collector will capture.
// Then, alternately, `--repeat` times each (best time kept; the first round also warms the caches):
//   pread            a plain loop: open /proc/<child>/mem, pread 4 MiB at a time over the regions into one buffer
//   pread+sha256     the same, hashing each 4 MiB piece with SHA-256 (nettle, as the collector does per member):
//                    the floor for any capture that hashes what it stores on one core
//   pread+sha256x2   the same, also hashing the whole stream (the collector's archive digest, printed at the end):
//                    the one-core floor of a capture that hashes every byte twice
//   pread+write      the plain loop also writing each piece to a file in --out and fsync'ing it at the end (what
//                    storing 512 MiB costs on this disk; the collector fsyncs a regular output file)
//   collect none     procsnap-collect --pids <child> --no-threads --mem EXPR --mem-max-region 1G
//                    --mem-max-total 1G --compress none -o FILE       (the target's subject)
//   collect null     the same with -o /dev/null (no page-cache writes: the collector's own cost)
//   collect zstd     the same with the default zstd compression -o FILE.tar.zst
//   collect mem=none the same without --mem (the collector's fixed cost for that one process: header, system
//                    files, the pid's other files), to say where the time goes
// Each collector run is a fork+exec timed with wait4 (wall and CPU); the output file is removed between runs,
// outside the timed part. MB/s = selected bytes / best wall time, MB = 10^6 bytes. The first `collect none` run's
// archive is verified: every selected region has a mem-region line with status ok and all its bytes, and every
// stored word inside the child's mapping equals the pattern.
// Targets: collect none >= 0.90 x pread+write (both store the same bytes to a file
// on the same disk and fsync) and collect null >= 1.00 x pread+sha256 (the single-pass floor of any capture that
// hashes what it stores). The collector hashes every byte twice (the member's SHA-256 for the manifest, the output
// stream's for the archive digest), on two threads: it can reach them only with two free cores, so the CPU-time
// ratios and the CPUs the collector used are printed too. Every page of the child is resident, so the default
// --mem-resident-only reads all of it (its pagemap reads are part of the measured cost). Exit status 0 when both
// hold (or when skipped: not root), 1 otherwise, 2 on a setup failure.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <span>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "mem_select.hpp"
#include "process_measure.hpp"
#include "procfs/proc_maps.hpp"
#include "procsnap/common/json.hpp"
#include "procsnap/common/sha256.hpp"

namespace {

using procsnap::collector::MemSelector;

constexpr std::size_t k_piece = 4u << 20;  // the collector's piece size (FORMAT.md: pieces <= 4 MiB)

using procsnap::bench::now_s;

std::uint64_t pattern_word(std::uint64_t i) {
  std::uint64_t z = i + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

struct Holder {
  pid_t pid = -1;
  std::uint64_t base = 0;  // address of the child's mapping
  std::uint64_t size = 0;
};

// Forks the child that holds `bytes` of filled anonymous memory; returns once it is filled.
Holder spawn_holder(std::uint64_t bytes) {
  Holder h;
  h.size = bytes;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return h;
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::close(fds[0]);
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      ::_exit(1);
    }
    auto* w = static_cast<std::uint64_t*>(p);
    for (std::uint64_t i = 0; i < bytes / 8; ++i) {
      w[i] = pattern_word(i);
    }
    const auto addr = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(p));
    if (::write(fds[1], &addr, sizeof addr) != static_cast<ssize_t>(sizeof addr)) {
      ::_exit(1);
    }
    for (;;) {
      ::pause();
    }
  }
  ::close(fds[1]);
  std::uint64_t addr = 0;
  if (pid > 0 && ::read(fds[0], &addr, sizeof addr) == static_cast<ssize_t>(sizeof addr)) {
    h.pid = pid;
    h.base = addr;
  } else if (pid > 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  ::close(fds[0]);
  return h;
}

std::string read_file(const std::string& path) {
  std::string out;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return out;
  }
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) {
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

struct Region {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
};

// The regions the collector will read: selected by the expression and not excluded (VmFlags are not consulted:
// an anonymous region the child mapped has no io/pf/dd).
std::vector<Region> select_regions(pid_t pid, const MemSelector& sel) {
  std::vector<Region> out;
  const auto maps = procsnap::procfs::parse_proc_maps(read_file("/proc/" + std::to_string(pid) + "/maps"));
  for (const auto& e : maps.value) {
    if (e.start && e.end && sel.match(e, std::nullopt) && !procsnap::collector::mem_exclusion(e, std::nullopt)) {
      out.push_back(Region{*e.start, *e.end});
    }
  }
  return out;
}

// The baseline: pread over the regions, 4 MiB at a time, into one buffer; optionally hashing each piece once, or
// twice (`hashes` = 2: the collector hashes each member for the manifest and the whole output stream for the
// archive digest it prints).
// With `out` >= 0 each piece is also written there and the file is fsync'ed at the end (as the collector does for a
// regular output file), to show what storing the bytes costs on this disk.
std::uint64_t pread_loop(pid_t pid, const std::vector<Region>& regions, std::vector<std::byte>& buf, int hashes,
                         int out = -1) {
  const int fd = ::open(("/proc/" + std::to_string(pid) + "/mem").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return 0;
  }
  std::uint64_t total = 0;
  procsnap::common::Sha256 piece;
  procsnap::common::Sha256 stream;
  for (const auto& r : regions) {
    for (std::uint64_t off = r.start; off < r.end;) {
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(k_piece, r.end - off));
      const ssize_t n = ::pread(fd, buf.data(), want, static_cast<off_t>(off));
      if (n <= 0) {
        break;
      }
      const std::span<const std::byte> data(buf.data(), static_cast<std::size_t>(n));
      if (hashes >= 1) {
        piece.update(data);
        (void)piece.finish();
      }
      if (hashes >= 2) {
        stream.update(data);
      }
      if (out >= 0 && ::write(out, data.data(), data.size()) != static_cast<ssize_t>(data.size())) {
        break;
      }
      total += static_cast<std::uint64_t>(n);
      off += static_cast<std::uint64_t>(n);
    }
  }
  if (hashes >= 2) {
    (void)stream.finish();
  }
  if (out >= 0) {
    ::fsync(out);
  }
  ::close(fd);
  return total;
}

using Measure = procsnap::bench::ProcessMeasure;

Measure run_collector(const std::vector<std::string>& args) { return procsnap::bench::run_measured(args); }

struct Verification {
  bool ok = false;
  std::string summary;
};

bool parse_range(std::string_view s, std::uint64_t& a, std::uint64_t& b) {
  const auto dash = s.find('-');
  if (dash == std::string_view::npos) {
    return false;
  }
  const std::string x(s.substr(0, dash));
  const std::string y(s.substr(dash + 1));
  char* end = nullptr;
  a = std::strtoull(x.c_str(), &end, 16);
  if (end == x.c_str() || *end != '\0') {
    return false;
  }
  b = std::strtoull(y.c_str(), &end, 16);
  return end != y.c_str() && *end == '\0';
}

// Checks the archive: every selected region has an ok mem-region line with all its bytes, and every stored word
// inside the child's mapping equals the pattern.
Verification verify(const std::string& path, const Holder& child, const std::vector<Region>& regions) {
  Verification v;
  struct archive* a = archive_read_new();
  archive_read_support_filter_all(a);
  archive_read_support_format_tar(a);
  if (archive_read_open_filename(a, path.c_str(), 1 << 20) != ARCHIVE_OK) {
    archive_read_free(a);
    v.summary = "cannot open " + path;
    return v;
  }
  const std::string mem_prefix = "mem/" + std::to_string(child.pid) + "/";
  std::uint64_t piece_bytes = 0;
  std::uint64_t checked_words = 0;
  std::uint64_t bad_words = 0;
  std::uint64_t region_ok = 0;
  std::uint64_t region_bytes = 0;
  std::string statuses;
  std::string select;
  std::vector<char> buf(k_piece);
  struct archive_entry* e = nullptr;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    const std::string name = archive_entry_pathname(e);
    if (name.starts_with(mem_prefix) && name.find("/regions/") == std::string::npos) {
      std::uint64_t s = 0;
      std::uint64_t t = 0;
      if (!parse_range(std::string_view(name).substr(mem_prefix.size()), s, t)) {
        continue;
      }
      std::uint64_t at = s;
      la_ssize_t n;
      std::string carry;  // pieces are 8-byte aligned (page-aligned ranges), but reads need not be
      while ((n = archive_read_data(a, buf.data(), buf.size())) > 0) {
        carry.append(buf.data(), static_cast<std::size_t>(n));
        std::size_t k = 0;
        for (; k + 8 <= carry.size(); k += 8, at += 8) {
          if (at >= child.base && at + 8 <= child.base + child.size) {
            std::uint64_t w = 0;
            std::memcpy(&w, carry.data() + k, 8);
            ++checked_words;
            bad_words += w != pattern_word((at - child.base) / 8) ? 1 : 0;
          }
        }
        carry.erase(0, k);
        piece_bytes += static_cast<std::uint64_t>(n);
      }
      continue;
    }
    if (!name.starts_with("procsnap/manifest/")) {
      continue;
    }
    std::string data;
    la_ssize_t n;
    while ((n = archive_read_data(a, buf.data(), buf.size())) > 0) {
      data.append(buf.data(), static_cast<std::size_t>(n));
    }
    std::istringstream in(data);
    std::string line;
    while (std::getline(in, line)) {
      auto parsed = procsnap::common::json::parse(line);
      const auto* val = std::get_if<procsnap::common::json::Value>(&parsed);
      if (val == nullptr || val->string_at("kind") != "mem-region") {
        continue;
      }
      const auto p = val->string_at("path");
      if (!p || !p->starts_with(mem_prefix + "regions/")) {
        continue;
      }
      const std::string status = val->string_at("status").value_or("?");
      const std::uint64_t captured = val->u64_at("captured_bytes").value_or(0);
      std::uint64_t s = 0;
      std::uint64_t t = 0;
      parse_range(std::string_view(*p).substr(mem_prefix.size() + 8), s, t);
      const bool selected =
          std::any_of(regions.begin(), regions.end(), [&](const Region& r) { return r.start == s && r.end == t; });
      if (!selected) {
        continue;  // the expression may select small regions the baseline also reads; only ours count here
      }
      statuses += (statuses.empty() ? "" : ",") + status;
      select = val->string_at("select").value_or("");
      if (status == "ok" && captured == t - s) {
        ++region_ok;
        region_bytes += captured;
      }
    }
  }
  archive_read_free(a);
  std::uint64_t expected = 0;
  for (const auto& r : regions) {
    expected += r.end - r.start;
  }
  const std::uint64_t mapping_words = child.size / 8;
  v.ok = region_ok == regions.size() && region_bytes == expected && piece_bytes == expected &&
         checked_words == mapping_words && bad_words == 0;
  char msg[512];
  std::snprintf(msg, sizeof msg,
                "%s: %" PRIu64 "/%zu region lines ok (status %s, select '%s'), %" PRIu64 " bytes in pieces of %" PRIu64
                " expected, %" PRIu64 "/%" PRIu64 " pattern words checked, %" PRIu64 " wrong",
                v.ok ? "verified" : "VERIFICATION FAILED", region_ok, regions.size(),
                statuses.empty() ? "-" : statuses.c_str(), select.c_str(), piece_bytes, expected, checked_words,
                mapping_words, bad_words);
  v.summary = msg;
  return v;
}

struct Row {
  std::string name;
  std::string what;
  double best_wall = std::numeric_limits<double>::infinity();
  double cpu_at_best = 0;
  int exit_code = 0;
  bool ran = false;
  void add(double wall, double cpu, int code) {
    ran = true;
    if (code != 0) {
      exit_code = code;
    }
    if (wall < best_wall) {
      best_wall = wall;
      cpu_at_best = cpu;
    }
  }
};

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  std::string collector;
  std::uint64_t mb = 512;
  int repeat = 5;
  std::string out_dir = "/tmp";
  std::string expr = "anon and size>=256M";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const std::string v = argv[i + 1];
    if (k == "--collector") {
      collector = v;
    } else if (k == "--mb") {
      mb = std::max(1ull, std::strtoull(v.c_str(), nullptr, 10));
    } else if (k == "--repeat") {
      repeat = std::max(1, std::atoi(v.c_str()));
    } else if (k == "--out") {
      out_dir = v;
    } else if (k == "--expr") {
      expr = v;
    }
  }
  if (collector.empty()) {
    std::fprintf(stderr,
                 "usage: mem_bench --collector PATH [--mb 512] [--repeat 5] [--out DIR] [--expr 'anon and "
                 "size>=256M']\n");
    return 2;
  }
  if (::geteuid() != 0) {
    std::printf(
        "SKIPPED: mem_bench needs root (it reads another process's /proc/<pid>/mem, which needs "
        "PTRACE_MODE_ATTACH; run it as root, e.g. sudo bash bench/run.sh)\n");
    return 0;
  }
  auto parsed = MemSelector::parse(expr);
  if (const auto* err = std::get_if<procsnap::collector::MemSelectError>(&parsed)) {
    std::fprintf(stderr, "mem_bench: --expr: %s at offset %zu\n", err->message.c_str(), err->offset);
    return 2;
  }
  const MemSelector sel = std::get<MemSelector>(parsed);

  const double fill_t0 = now_s();
  const Holder child = spawn_holder(mb << 20);
  if (child.pid <= 0) {
    std::fprintf(stderr, "mem_bench: could not start the child holding %" PRIu64 " MiB\n", mb);
    return 2;
  }
  const double fill_s = now_s() - fill_t0;
  const std::vector<Region> regions = select_regions(child.pid, sel);
  std::uint64_t bytes = 0;
  for (const auto& r : regions) {
    bytes += r.end - r.start;
  }
  std::printf("child %d holds %" PRIu64 " MiB at %" PRIx64
              " (filled in %.2f s); --mem '%s' selects %zu region(s), "
              "%" PRIu64 " bytes:",
              child.pid, mb, child.base, fill_s, sel.expanded().c_str(), regions.size(), bytes);
  for (const auto& r : regions) {
    std::printf(" %" PRIx64 "-%" PRIx64, r.start, r.end);
  }
  std::printf("\n");
  if (bytes < child.size) {
    std::fprintf(stderr, "mem_bench: the selection does not cover the child's mapping\n");
    ::kill(child.pid, SIGKILL);
    ::waitpid(child.pid, nullptr, 0);
    return 2;
  }

  const std::string pid_s = std::to_string(child.pid);
  const std::string out_tar = out_dir + "/mem_bench_" + pid_s + ".tar";
  const std::string out_zst = out_dir + "/mem_bench_" + pid_s + ".tar.zst";
  const auto collect_args = [&](const std::string& out, const char* compress, bool with_mem) {
    std::vector<std::string> a{collector, "--pids", pid_s, "--no-threads", "--quiet", "-o", out};
    if (compress != nullptr) {
      a.insert(a.end(), {"--compress", compress});
    }
    if (with_mem) {
      a.insert(a.end(), {"--mem", expr, "--mem-max-region", "1G", "--mem-max-total", "1G"});
    }
    return a;
  };

  Row pread_row{"pread", "pread loop, 4 MiB buffer"};
  Row sha_row{"pread+sha256", "pread loop + SHA-256 per 4 MiB piece (1 core)"};
  Row sha2_row{"pread+sha256x2", "... + SHA-256 of the whole stream too (1 core)"};
  Row write_row{"pread+write", "pread loop + write to FILE + fsync (no hash)"};
  Row none_row{"collect none", "procsnap-collect --compress none -o FILE"};
  Row null_row{"collect null", "procsnap-collect --compress none -o /dev/null"};
  Row zstd_row{"collect zstd", "procsnap-collect (zstd) -o FILE.tar.zst"};
  Row fixed_row{"collect mem=none", "procsnap-collect without --mem (fixed cost)"};
  std::vector<std::byte> buf(k_piece);
  Verification verification;
  bool verified_once = false;
  bool short_read = false;
  for (int r = 0; r < repeat; ++r) {
    for (const int hashes : {0, 1, 2}) {
      const double c0 = cpu_now();
      const double t0 = now_s();
      const std::uint64_t got = pread_loop(child.pid, regions, buf, hashes);
      const double wall = now_s() - t0;
      short_read = short_read || got != bytes;
      (hashes == 0 ? pread_row : hashes == 1 ? sha_row : sha2_row).add(wall, cpu_now() - c0, 0);
    }
    {
      const std::string raw = out_dir + "/mem_bench_" + pid_s + ".raw";
      const int out = ::open(raw.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (out >= 0) {
        const double c0 = cpu_now();
        const double t0 = now_s();
        const std::uint64_t got = pread_loop(child.pid, regions, buf, 0, out);
        const double wall = now_s() - t0;
        short_read = short_read || got != bytes;
        write_row.add(wall, cpu_now() - c0, 0);
        ::close(out);
      }
      std::remove(raw.c_str());
    }
    const Measure none = run_collector(collect_args(out_tar, "none", true));
    none_row.add(none.wall_s, none.cpu_s(), none.exit_code);
    if (!verified_once) {
      verification = verify(out_tar, child, regions);
      verified_once = true;
    }
    std::remove(out_tar.c_str());
    const Measure null = run_collector(collect_args("/dev/null", "none", true));
    null_row.add(null.wall_s, null.cpu_s(), null.exit_code);
    const Measure zstd = run_collector(collect_args(out_zst, nullptr, true));
    zstd_row.add(zstd.wall_s, zstd.cpu_s(), zstd.exit_code);
    std::remove(out_zst.c_str());
    const Measure fixed = run_collector(collect_args("/dev/null", "none", false));
    fixed_row.add(fixed.wall_s, fixed.cpu_s(), fixed.exit_code);
  }
  ::kill(child.pid, SIGKILL);
  ::waitpid(child.pid, nullptr, 0);

  // MB/s from the best wall time (the target) and, since this box may be shared, from the CPU time of that run
  // (user+sys of every thread; a collector overlapping work on two threads can use more CPU than wall time).
  const double base_mbs = static_cast<double>(bytes) / pread_row.best_wall / 1e6;
  const double base_cpu_mbs = static_cast<double>(bytes) / pread_row.cpu_at_best / 1e6;
  std::printf("%-17s %-48s %-7s %-7s %-7s %-6s %-9s %-9s %s\n", "method", "what", "best_s", "cpu_s", "MB/s", "ratio",
              "cpuMB/s", "cpu_ratio", "exit");
  for (const Row* row : {&pread_row, &sha_row, &sha2_row, &write_row, &none_row, &null_row, &zstd_row, &fixed_row}) {
    if (row == &fixed_row) {
      std::printf("%-17s %-48s %-7.3f %-7.3f %-7s %-6s %-9s %-9s %d\n", row->name.c_str(), row->what.c_str(),
                  row->best_wall, row->cpu_at_best, "-", "-", "-", "-", row->exit_code);
      continue;
    }
    const double mbs = static_cast<double>(bytes) / row->best_wall / 1e6;
    const double cpu_mbs = static_cast<double>(bytes) / row->cpu_at_best / 1e6;
    std::printf("%-17s %-48s %-7.3f %-7.3f %-7.0f %-6.2f %-9.0f %-9.2f %d\n", row->name.c_str(), row->what.c_str(),
                row->best_wall, row->cpu_at_best, mbs, mbs / base_mbs, cpu_mbs, cpu_mbs / base_cpu_mbs, row->exit_code);
  }
  const double stored_ratio = write_row.best_wall / none_row.best_wall;
  const double null_ratio = sha_row.best_wall / null_row.best_wall;
  // Where the time goes: the capture part once the collector's fixed cost (mem=none run) is taken out.
  const double capture_s = none_row.best_wall - fixed_row.best_wall;
  if (capture_s > 0) {
    std::printf("collect none minus its fixed cost: %.3f s = %.0f MB/s (%.2f x pread, %.2f x pread+sha256)\n",
                capture_s, static_cast<double>(bytes) / capture_s / 1e6, pread_row.best_wall / capture_s,
                sha_row.best_wall / capture_s);
  }
  // Like-for-like views: the collector against loops doing part of its work (storing to the same disk; hashing).
  std::printf(
      "collect none vs pread+write (both store to FILE and fsync): %.2f x; collect null vs pread+sha256: "
      "%.2f x; collect null vs pread+sha256x2: %.2f x\n",
      write_row.best_wall / none_row.best_wall, sha_row.best_wall / null_row.best_wall,
      sha2_row.best_wall / null_row.best_wall);
  std::printf("%s\n", verification.summary.c_str());
  if (short_read) {
    std::printf("note: the baseline read fewer bytes than selected in some run\n");
  }
  const bool collector_ok = none_row.exit_code == 0 && null_row.exit_code == 0 && zstd_row.exit_code == 0;
  std::printf("CPUs used by the collector at its best run: none %.2f, null %.2f (two hash passes need two free cores)\n",
              none_row.cpu_at_best / none_row.best_wall, null_row.cpu_at_best / null_row.best_wall);
  const bool ok = stored_ratio >= 0.90 && null_ratio >= 1.00 && verification.ok && collector_ok && !short_read;
  std::printf("targets: collect none / pread+write >= 0.90: %.2f; collect null / pread+sha256 >= 1.00: %.2f  %s\n",
              stored_ratio, null_ratio, ok ? "ok" : "MISSED TARGET");
  return ok ? 0 : 1;
}
