// collect_bench: procsnap-collect's wall time and peak RSS against a baseline measured in the same run.
//
//   collect_bench --collector PATH [--procs 200,1000] [--repeat 3] [--out DIR]
//
// For each N it spawns N idle processes (/bin/sleep), runs the collector once to a file (untimed: its manifest is
// the baseline's work list), then alternately times the collector (--compress none -o /dev/null) and the
// baseline: a minimal loop, in a forked child, that opens and reads to EOF (or readlinks) exactly the items
// the collector's manifest lists as attempted, each relative to its directory opened once, keeping nothing, and
// lists (getdents64) the directories the collector enumerates (proc root, fd/, fdinfo/, ns/, map_files/, task/, ...).
// Both run `--repeat` times alternately; the median wall and CPU (user+sys) times and the maximum peak RSS (wait4
// ru_maxrss) are reported with the ratios. ru_maxrss of a forked-then-exec'd child includes the bench's own image
// at fork time, so both RSS columns are upper bounds (the collector's own peak is lower; `/usr/bin/time -f %M`
// on the collector alone shows it). Targets: collector <= 1.3x baseline time; peak RSS < 32 MB at 1000
// processes. Exit status 0 when every target holds, 1 otherwise.
//
// Pagemap question: would a per-mapping pagemap summary (present/swapped/soft-dirty/exclusive/
// file-shared counts) of every process be cheap enough to add to every capture? In the same rounds, a third loop
// (forked child, timed like the others) does the work such a summary needs at least: for every process, read its
// maps, then read the pagemap entries of every mapping (8 bytes per virtual page, whatever is resident) and count
// the five bits; nothing is kept. Its median is printed as pagemap_s and its ratio to the collector's time. The cost
// follows virtual size, not RSS, so one more figure is measured after the table: the same walk over a single
// process holding a 64 GiB PROT_NONE reservation (what JVMs, Go runtimes, V8 cages and sanitizers reserve), against
// the collector's time for all processes. Informational (no target).
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "procsnap/common/json.hpp"

namespace {

double now_s() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Measure {
  double wall_s = 0;
  double cpu_s = 0;  // user + system
  long max_rss_kb = 0;
  int exit_code = -1;
};

// Runs fn() in a forked child (or execs argv when fn is empty) and measures it with wait4.
template <class Fn>
Measure measure_child(Fn fn) {
  Measure m;
  const double t0 = now_s();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::_exit(fn());
  }
  int st = 0;
  rusage ru{};
  ::wait4(pid, &st, 0, &ru);
  m.wall_s = now_s() - t0;
  m.max_rss_kb = ru.ru_maxrss;
  m.cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
            static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  m.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return m;
}

struct Item {
  std::string dir;   // absolute directory, e.g. /proc/123/fd
  std::string name;  // entry name
  bool link = false;
};

// The items the collector attempted (file and link lines), from its manifest.
std::vector<Item> manifest_items(const std::string& archive_path) {
  std::vector<Item> items;
  struct archive* a = archive_read_new();
  archive_read_support_filter_all(a);
  archive_read_support_format_tar(a);
  if (archive_read_open_filename(a, archive_path.c_str(), 1 << 16) != ARCHIVE_OK) {
    archive_read_free(a);
    return items;
  }
  struct archive_entry* e = nullptr;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    const std::string path = archive_entry_pathname(e);
    if (!path.starts_with("procsnap/manifest/")) {
      continue;
    }
    std::string data;
    char buf[65536];
    la_ssize_t n;
    while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
      data.append(buf, static_cast<std::size_t>(n));
    }
    std::istringstream in(data);
    std::string line;
    while (std::getline(in, line)) {
      auto v = procsnap::common::json::parse(line);
      const auto* val = std::get_if<procsnap::common::json::Value>(&v);
      if (val == nullptr) {
        continue;
      }
      const auto kind = val->string_at("kind");
      const auto p = val->string_at("path");
      if (!kind || !p || (*kind != "file" && *kind != "link")) {
        continue;
      }
      const auto slash = p->rfind('/');
      items.push_back(Item{"/" + p->substr(0, slash), p->substr(slash + 1), *kind == "link"});
    }
  }
  archive_read_free(a);
  return items;
}

// The directories whose entries the collector enumerates (it lists them with getdents64 to know what to read):
// the proc root, and per process fd/, fdinfo/, ns/, map_files/, task/, net/dev_snmp6/, net/stat/.
bool listed_dir(const std::string& dir) {
  const auto slash = dir.rfind('/');
  const std::string base = dir.substr(slash + 1);
  return base == "fd" || base == "fdinfo" || base == "ns" || base == "map_files" || base == "dev_snmp6" ||
         base == "stat";
}

void list_fd(int fd, std::vector<char>& buf) {
  while (::syscall(SYS_getdents64, fd, buf.data(), buf.size()) > 0) {
  }
}

// task/ of /proc/<pid>/task/<tid>: the collector lists it once per process.
std::string task_parent(const std::string& dir) {
  const auto t = dir.rfind("/task/");
  return t == std::string::npos ? std::string() : dir.substr(0, t + 5);
}

int baseline(const std::vector<Item>& items) {
  // One buffer, reused; each directory opened once while its items are read; the directories the collector
  // enumerates are listed (getdents64) as it does.
  std::vector<char> buf(1 << 16);
  std::string cur_dir;
  std::string cur_task;
  int dfd = -1;
  if (const int root = ::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC); root >= 0) {
    list_fd(root, buf);
    ::close(root);
  }
  for (const auto& it : items) {
    if (it.dir != cur_dir) {
      if (dfd >= 0) {
        ::close(dfd);
      }
      cur_dir = it.dir;
      dfd = ::open(cur_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dfd >= 0 && listed_dir(cur_dir)) {
        list_fd(dfd, buf);
      }
      if (const std::string tp = task_parent(cur_dir); !tp.empty() && tp != cur_task) {
        cur_task = tp;
        if (const int t = ::open(tp.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); t >= 0) {
          list_fd(t, buf);
          ::close(t);
        }
      }
    }
    if (dfd < 0) {
      continue;
    }
    if (it.link) {
      (void)::readlinkat(dfd, it.name.c_str(), buf.data(), buf.size());
      continue;
    }
    const int fd = ::openat(dfd, it.name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
      continue;
    }
    std::size_t used = 0;
    for (;;) {
      if (used == buf.size()) {
        buf.resize(buf.size() * 2);
      }
      const ssize_t n = ::read(fd, buf.data() + used, buf.size() - used);
      if (n <= 0) {
        break;
      }
      used += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }
  if (dfd >= 0) {
    ::close(dfd);
  }
  return 0;
}

std::vector<pid_t> spawn_sleepers(int n) {
  std::vector<pid_t> pids;
  for (int i = 0; i < n; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      const int devnull = ::open("/dev/null", O_RDWR);
      ::dup2(devnull, 0);
      ::dup2(devnull, 1);
      ::execl("/bin/sleep", "sleep", "3600", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    if (pid > 0) {
      pids.push_back(pid);
    }
  }
  ::usleep(300'000);  // let every exec finish
  return pids;
}

// The per-mapping pagemap summary of one process: maps, then every mapping's entries (up to 4 MiB of entries per
// pread), counted. Returns the entries read (0 when the process could not be read).
std::uint64_t pagemap_summary(const std::string& pid, std::vector<std::uint64_t>& entries) {
  const int mfd = ::open(("/proc/" + pid + "/maps").c_str(), O_RDONLY | O_CLOEXEC);
  if (mfd < 0) {
    return 0;
  }
  std::string maps;
  char b[65536];
  ssize_t n;
  while ((n = ::read(mfd, b, sizeof b)) > 0) {
    maps.append(b, static_cast<std::size_t>(n));
  }
  ::close(mfd);
  const int pfd = ::open(("/proc/" + pid + "/pagemap").c_str(), O_RDONLY | O_CLOEXEC);
  if (pfd < 0) {
    return 0;
  }
  const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  std::uint64_t total = 0;
  std::uint64_t counts[5] = {0, 0, 0, 0, 0};
  std::istringstream in(maps);
  std::string line;
  while (std::getline(in, line)) {
    unsigned long long s = 0;
    unsigned long long e = 0;
    if (std::sscanf(line.c_str(), "%llx-%llx", &s, &e) != 2 || s >= (1ull << 56)) {
      continue;  // [vsyscall] is above the user address space: no entries
    }
    for (std::uint64_t a = s / page; a < e / page;) {
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(entries.size(), e / page - a));
      const ssize_t got = ::pread(pfd, entries.data(), want * 8, static_cast<off_t>(a * 8));
      if (got <= 0) {
        break;
      }
      const std::size_t k = static_cast<std::size_t>(got) / 8;
      for (std::size_t i = 0; i < k; ++i) {
        const std::uint64_t v = entries[i];
        counts[0] += v >> 63;
        counts[1] += (v >> 62) & 1;
        counts[2] += (v >> 61) & 1;
        counts[3] += (v >> 56) & 1;
        counts[4] += (v >> 55) & 1;
      }
      total += k;
      a += k;
    }
  }
  ::close(pfd);
  static volatile std::uint64_t sink = 0;  // the counts are the work, not the result: keep them from being elided
  sink = sink + counts[0] + counts[1] + counts[2] + counts[3] + counts[4];
  return total;
}

// pagemap_summary over every process of the proc root. Returns the entries read.
std::uint64_t pagemap_all() {
  std::vector<std::uint64_t> entries(512 * 1024);
  std::uint64_t total = 0;
  const int root = ::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  std::vector<char> buf(1 << 16);
  long n;
  while ((n = ::syscall(SYS_getdents64, root, buf.data(), buf.size())) > 0) {
    for (long off = 0; off < n;) {
      // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name
      const unsigned short reclen = *reinterpret_cast<const unsigned short*>(buf.data() + off + 16);
      const char* name = buf.data() + off + 19;
      if (name[0] >= '1' && name[0] <= '9') {
        total += pagemap_summary(name, entries);
      }
      off += reclen;
    }
  }
  ::close(root);
  return total;
}

void reap(const std::vector<pid_t>& pids) {
  for (const pid_t p : pids) {
    ::kill(p, SIGKILL);
  }
  for (const pid_t p : pids) {
    ::waitpid(p, nullptr, 0);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string collector;
  std::vector<int> counts{200, 1000};
  int repeat = 3;
  std::string out_dir = "/tmp";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const std::string v = argv[i + 1];
    if (k == "--collector") {
      collector = v;
    } else if (k == "--procs") {
      counts.clear();
      std::stringstream ss(v);
      std::string tok;
      while (std::getline(ss, tok, ',')) {
        counts.push_back(std::atoi(tok.c_str()));
      }
    } else if (k == "--repeat") {
      repeat = std::max(1, std::atoi(v.c_str()));
    } else if (k == "--out") {
      out_dir = v;
    }
  }
  // --baseline-only ARCHIVE: run just the baseline loop over ARCHIVE's manifest (for profiling it).
  if (argc == 3 && std::string(argv[1]) == "--baseline-only") {
    return baseline(manifest_items(argv[2]));
  }
  if (collector.empty()) {
    std::fprintf(stderr, "usage: collect_bench --collector PATH [--procs 200,1000] [--repeat 3] [--out DIR]\n");
    return 2;
  }
  bool all_ok = true;
  double last_collect_s = 0;
  std::printf("%-6s %-8s %-10s %-11s %-6s %-10s %-10s %-9s %-12s %-12s %-8s %s\n", "procs", "items", "baseline_s",
              "collector_s", "ratio", "base_cpu_s", "coll_cpu_s", "cpu_ratio", "base_rss_MB", "coll_rss_MB", "out_MB",
              "verdict");
  for (const int n : counts) {
    const auto sleepers = spawn_sleepers(n);
    const std::string out = out_dir + "/collect_bench_" + std::to_string(n) + ".tar";
    std::vector<double> tb;
    std::vector<double> tc;
    std::vector<double> cb;
    std::vector<double> cc;
    long rss_b = 0;
    long rss_c = 0;
    std::vector<double> tp;
    std::uint64_t pm_entries = 0;
    std::vector<Item> items;
    int collector_exit = 0;
    // Round 0 writes a real archive (its manifest tells the baseline what to read, and it warms the caches); the
    // timed rounds write to /dev/null so neither side pays for the page cache or fsync of a 100 MB file.
    for (int r = 0; r < repeat + 1; ++r) {
      const std::string target = r == 0 ? out : "/dev/null";
      const Measure c = measure_child([&] {
        const int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, 2);
        ::execl(collector.c_str(), collector.c_str(), "-o", target.c_str(), "--compress", "none", "--quiet",
                static_cast<char*>(nullptr));
        return 127;
      });
      collector_exit = c.exit_code;
      if (items.empty()) {
        items = manifest_items(out);
      }
      const Measure b = measure_child([&] { return baseline(items); });
      const Measure pm = measure_child([] { return pagemap_all() > 0 ? 0 : 1; });
      if (r == 0) {
        pm_entries = pagemap_all();
        continue;
      }
      tp.push_back(pm.wall_s);
      tc.push_back(c.wall_s);
      tb.push_back(b.wall_s);
      cc.push_back(c.cpu_s);
      cb.push_back(b.cpu_s);
      rss_c = std::max(rss_c, c.max_rss_kb);
      rss_b = std::max(rss_b, b.max_rss_kb);
    }
    reap(sleepers);
    for (auto* v : {&tb, &tc, &cb, &cc, &tp}) {
      std::sort(v->begin(), v->end());
    }
    const double mb = tb[tb.size() / 2];
    const double mc = tc[tc.size() / 2];
    const double cpu_b = cb[cb.size() / 2];
    const double cpu_c = cc[cc.size() / 2];
    const double ratio = mc / mb;
    long out_bytes = 0;
    if (FILE* f = std::fopen(out.c_str(), "rb")) {
      std::fseek(f, 0, SEEK_END);
      out_bytes = std::ftell(f);
      std::fclose(f);
    }
    const bool ok = ratio <= 1.3 && (n < 1000 || rss_c < 32 * 1024) && (collector_exit == 0 || collector_exit == 3);
    all_ok = all_ok && ok;
    std::printf("%-6d %-8zu %-10.3f %-11.3f %-6.2f %-10.3f %-10.3f %-9.2f %-12.1f %-12.1f %-8.1f %s\n", n, items.size(),
                mb, mc, ratio, cpu_b, cpu_c, cpu_c / cpu_b, static_cast<double>(rss_b) / 1024.0,
                static_cast<double>(rss_c) / 1024.0, static_cast<double>(out_bytes) / (1024.0 * 1024.0),
                ok ? "ok" : "MISSED TARGET");
    const double mp = tp[tp.size() / 2];
    std::printf("       pagemap summary of every mapping of every process: %.3f s (%.2f x the collector), %llu entries "
                "(%.1f MB of pagemap read)\n",
                mp, mp / mc, static_cast<unsigned long long>(pm_entries), static_cast<double>(pm_entries) * 8 / 1e6);
    last_collect_s = mc;
    std::fflush(stdout);
    std::remove(out.c_str());
  }
  {
    // One process with a 64 GiB PROT_NONE reservation: the walk follows virtual size.
    int ready[2];
    if (::pipe(ready) == 0) {
      const pid_t big = ::fork();
      if (big == 0) {
        ::close(ready[0]);
        void* p = ::mmap(nullptr, 64ull << 30, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        (void)!::write(ready[1], p == MAP_FAILED ? "0" : "1", 1);
        ::pause();
        ::_exit(0);
      }
      ::close(ready[1]);
      char c = 0;
      (void)!::read(ready[0], &c, 1);
      ::close(ready[0]);
      if (c == '1') {
        std::vector<std::uint64_t> entries(512 * 1024);
        const std::string pid = std::to_string(big);
        std::uint64_t got = 0;
        const double t0 = now_s();
        for (int i = 0; i < repeat; ++i) {
          got = pagemap_summary(pid, entries);
        }
        const double each = (now_s() - t0) / repeat;
        std::printf("pagemap summary of ONE process with a 64 GiB PROT_NONE reservation: %.3f s (%.2f x the collector "
                    "at %d processes), %llu entries (%.0f MB of pagemap read)\n",
                    each, last_collect_s > 0 ? each / last_collect_s : 0.0, counts.back(),
                    static_cast<unsigned long long>(got), static_cast<double>(got) * 8 / 1e6);
      }
      ::kill(big, SIGKILL);
      ::waitpid(big, nullptr, 0);
    }
  }
  std::printf("(rss columns are upper bounds: they include this bench's image at fork time)\n");
  return all_ok ? 0 : 1;
}
