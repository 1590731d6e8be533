// collect_bench: procsnap-collect against the two floors of any capture, measured in the same run.
//
//   collect_bench --collector PATH [--compare PATH] [--procs 200,1000] [--repeat 5] [--out DIR] [--no-gentle]
//                 [--pagemap]
//
// For each N it spawns N idle processes (/bin/sleep), runs the collector once to a file (untimed: its manifest is
// the floors' work list, and it warms the caches), then, `--repeat` rounds, interleaved in each round:
//   full walk      every per-pid file and link the collector captures, read once at EVERY pid AND EVERY task
//                  directory (task/<tid>/ gets the whole per-pid set: maps, smaps, fd/, environ, ...), single thread,
//                  discarded: what a naive "read everything per thread" capture costs
//   capture walk   exactly the items the collector's manifest lists as attempted (files read to EOF, links
//                  readlinked, the copies of deleted executables and open files read through /proc/<pid>/exe and
//                  fd/<n>; per-task files only where the collector reads them), each relative to its directory
//                  opened once, the directories the collector enumerates listed with getdents64; single thread,
//                  one reused buffer, nothing kept: the floor of any capture of the same data
//   none           procsnap-collect --compress none --quiet -o /dev/null
//   zstd           procsnap-collect --quiet -o /dev/null (the zstd default)
//   gentle         procsnap-collect --gentle --quiet -o /dev/null (SCHED_IDLE, idle I/O class, one reader, the
//                  default --max-read-rate): its time is the price of being gentle, not a target (skipped with
//                  --no-gentle or when the collector does not know --gentle)
//   base none/zstd the same two with --compare PATH (e.g. a build of an older tree), for before/after figures
// Every collector run goes through a small spawner process forked at start-up (before the bench holds anything),
// which forks, execs and wait4()s it: so ru_maxrss is the collector's own peak RSS, not the bench's image. The floors
// run in forked children of the bench (their RSS column includes the bench's copy-on-write image: an upper bound).
// Reported per row: median wall, user and sys time, the peak RSS (max over rounds), and the ratio of the median wall
// time to each floor's median (and of CPU time to the capture walk's CPU time).
// Targets: none and zstd within 1.1x of the capture walk's wall time, peak RSS <= 32 MB at 1000 processes and while
// copying a 40 MiB deleted file (copy_rss).
// Exit status 0 when every target holds, 1 otherwise.
//
// --pagemap: also the pagemap question below (informational).
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
#include <cstdint>
#include <set>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "procsnap/common/json.hpp"
#include "process_measure.hpp"

namespace {

using procsnap::bench::now_s;
using procsnap::bench::reap_into;
using Measure = procsnap::bench::ProcessMeasure;

// Runs fn() in a forked child and measures it with wait4.
template <class Fn>
Measure measure_child(Fn fn) {
  Measure m;
  const double t0 = now_s();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::_exit(fn());
  }
  reap_into(pid, t0, m);
  return m;
}

// Moves exactly `n` bytes at `c` through `io` (::read or ::write), resuming after partial transfers; false on an
// error or end of file.
template <class Io, class Ptr>
bool transfer_exact(Io io, int fd, Ptr c, std::size_t n) {
  while (n > 0) {
    const ssize_t k = io(fd, c, n);
    if (k <= 0) {
      return false;
    }
    c += k;
    n -= static_cast<std::size_t>(k);
  }
  return true;
}

bool read_exact(int fd, void* p, std::size_t n) { return transfer_exact(::read, fd, static_cast<char*>(p), n); }

bool write_exact(int fd, const void* p, std::size_t n) {
  return transfer_exact(::write, fd, static_cast<const char*>(p), n);
}

// A process forked before the bench holds anything, which runs commands for it (fork + exec + wait4), so that a
// command's ru_maxrss is its own: a child forked from the bench itself would start with the bench's resident image.
// Protocol: the bench sends argc and each argument (u32 length + bytes); the spawner answers with a Measure.
class Spawner {
 public:
  Spawner() {
    int to[2];
    int from[2];
    if (::pipe(to) != 0 || ::pipe(from) != 0) {
      std::perror("pipe");
      std::exit(2);
    }
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(to[1]);
      ::close(from[0]);
      serve(to[0], from[1]);
      ::_exit(0);
    }
    ::close(to[0]);
    ::close(from[1]);
    to_ = to[1];
    from_ = from[0];
  }
  ~Spawner() {
    ::close(to_);
    ::close(from_);
    ::waitpid(pid_, nullptr, 0);
  }
  Spawner(const Spawner&) = delete;
  Spawner& operator=(const Spawner&) = delete;

  Measure run(const std::vector<std::string>& argv) const {
    auto n = static_cast<std::uint32_t>(argv.size());
    bool ok = write_exact(to_, &n, sizeof n);
    for (const auto& a : argv) {
      const auto len = static_cast<std::uint32_t>(a.size());
      ok = ok && write_exact(to_, &len, sizeof len) && write_exact(to_, a.data(), a.size());
    }
    Measure m;
    if (!ok || !read_exact(from_, &m, sizeof m)) {
      m.exit_code = -1;
    }
    return m;
  }

 private:
  static void serve(int in, int out) {
    for (;;) {
      std::uint32_t n = 0;
      if (!read_exact(in, &n, sizeof n)) {
        return;
      }
      std::vector<std::string> args(n);
      for (auto& a : args) {
        std::uint32_t len = 0;
        if (!read_exact(in, &len, sizeof len)) {
          return;
        }
        a.resize(len);
        if (!read_exact(in, a.data(), len)) {
          return;
        }
      }
      const Measure m = procsnap::bench::run_measured(args, true);
      if (!write_exact(out, &m, sizeof m)) {
        return;
      }
    }
  }
  pid_t pid_ = -1;
  int to_ = -1;
  int from_ = -1;
};

struct Item {
  std::string dir;   // absolute directory, e.g. /proc/123/fd
  std::string name;  // entry name
  bool link = false;
  bool follow = false;  // a copy through a magic link (exe, fd/<n>): the file behind it is read
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
      if (kind && p && (*kind == "exe-copy" || *kind == "fd-copy") && val->u64_at("bytes")) {
        // bin/<pid>/exe or bin/<pid>/fd/<n>, read by the collector through /proc/<pid>/exe or /proc/<pid>/fd/<n>.
        const auto slash = p->rfind('/');
        items.push_back(Item{"/proc/" + p->substr(4, slash - 4), p->substr(slash + 1), false, true});
        continue;
      }
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

// The pid of a path "/proc/<pid>/...", or "" when it is not under a pid directory.
std::string pid_of(const std::string& dir) {
  if (!dir.starts_with("/proc/")) {
    return {};
  }
  const std::size_t b = 6;
  std::size_t e = b;
  while (e < dir.size() && dir[e] >= '0' && dir[e] <= '9') {
    ++e;
  }
  if (e == b || (e < dir.size() && dir[e] != '/')) {
    return {};
  }
  return dir.substr(b, e - b);
}

// The full walk's work list: the capture walk's items, plus every per-pid item (a file or link directly under
// /proc/<pid>, or in its fd/, fdinfo/, ns/, map_files/, attr/; not net/, read once per namespace) repeated under
// each of the pid's task/<tid>/ directories the collector saw, where it is not already read.
std::vector<Item> full_walk_items(const std::vector<Item>& capture) {
  std::vector<Item> out;
  std::set<std::pair<std::string, std::string>> have;
  for (const auto& it : capture) {
    have.emplace(it.dir, it.name);
  }
  std::string cur_pid;
  std::vector<Item> pid_items;       // (dir relative to /proc/<pid>, name, link)
  std::vector<std::string> tasks;    // /proc/<pid>/task/<tid>
  auto flush = [&] {
    for (const auto& t : tasks) {
      for (const auto& p : pid_items) {
        Item x{t + p.dir, p.name, p.link};
        if (!have.contains({x.dir, x.name})) {
          out.push_back(std::move(x));
        }
      }
    }
    pid_items.clear();
    tasks.clear();
  };
  for (const auto& it : capture) {
    const std::string pid = pid_of(it.dir);
    if (pid != cur_pid) {
      flush();
      cur_pid = pid;
    }
    out.push_back(it);
    if (pid.empty() || it.follow) {
      continue;
    }
    const std::string base = "/proc/" + pid;
    const std::string rel = it.dir.substr(base.size());  // "" or "/fd", "/task/<tid>", "/net/..."
    if (rel.starts_with("/task/")) {
      const auto slash = rel.find('/', 6);
      const std::string t = base + rel.substr(0, slash);
      if (tasks.empty() || tasks.back() != t) {
        tasks.push_back(t);
      }
    } else if (!rel.starts_with("/net")) {
      pid_items.push_back(Item{rel, it.name, it.link});
    }
  }
  flush();
  return out;
}

// One single-threaded walk over `items` (a floor): each read to EOF into one reused buffer, or readlinked.
int walk(const std::vector<Item>& items) {
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
    const int fd = ::openat(dfd, it.name.c_str(), O_RDONLY | O_CLOEXEC | (it.follow ? 0 : O_NOFOLLOW));
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

// One row of the table: a command measured `--repeat` times.
struct Row {
  std::string name;
  std::vector<Measure> runs;
  [[nodiscard]] double median(double (*get)(const Measure&)) const {
    std::vector<double> v;
    for (const auto& m : runs) {
      v.push_back(get(m));
    }
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
  }
  [[nodiscard]] double wall() const { return median([](const Measure& m) { return m.wall_s; }); }
  [[nodiscard]] double user() const { return median([](const Measure& m) { return m.user_s; }); }
  [[nodiscard]] double sys() const { return median([](const Measure& m) { return m.sys_s; }); }
  [[nodiscard]] double cpu() const { return median([](const Measure& m) { return m.cpu_s(); }); }
  [[nodiscard]] long rss_kb() const {
    long r = 0;
    for (const auto& m : runs) {
      r = std::max(r, m.max_rss_kb);
    }
    return r;
  }
  [[nodiscard]] int worst_exit() const {
    int e = 0;
    for (const auto& m : runs) {
      if (m.exit_code != 0 && m.exit_code != 3) {
        e = m.exit_code;
      }
    }
    return e;
  }
};

// The collector's command line: -o /dev/null, --quiet, and `extra`.
std::vector<std::string> collect_argv(const std::string& collector, std::vector<std::string> extra) {
  std::vector<std::string> a{collector, "-o", "/dev/null", "--quiet"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

// Whether `collector --help` mentions `option` (an older build may not know --gentle).
bool knows_option(const std::string& collector, const std::string& option) {
  const std::string cmd = "'" + collector + "' --help 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) {
    return false;
  }
  std::string text;
  char b[4096];
  std::size_t n;
  while ((n = std::fread(b, 1, sizeof b, p)) > 0) {
    text.append(b, n);
  }
  ::pclose(p);
  return text.find(option) != std::string::npos;
}

// Peak RSS while the collector copies a big file (--copy-fd deleted, the default): one child holds an unlinked
// 40 MiB file open; the collector captures just that pid (--pids), `repeat` times. The copy is read in 4 MiB pieces,
// so the peak must stay under the same 32 MB as a whole-host capture. The archive is checked to hold the copy.
bool copy_rss(const Spawner& spawner, const std::string& collector, const std::string& out_dir, int repeat) {
  constexpr std::size_t k_file = 40u << 20;
  std::string tmpl = out_dir + "/collect_bench_deleted_XXXXXX";
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    std::printf("copy: cannot create a file in %s\n", out_dir.c_str());
    return false;
  }
  const std::vector<char> block(1 << 20, 'x');
  bool written = true;
  for (std::size_t done = 0; done < k_file && written; done += block.size()) {
    written = ::write(fd, block.data(), block.size()) == static_cast<ssize_t>(block.size());
  }
  ::unlink(tmpl.c_str());
  const pid_t holder = ::fork();
  if (holder == 0) {
    ::pause();  // holds `fd` (inherited) open: /proc/<pid>/fd/<fd> reads "... (deleted)"
    ::_exit(0);
  }
  ::close(fd);
  if (holder < 0 || !written) {
    std::printf("copy: could not set up the holder\n");
    return false;
  }
  const std::string out = out_dir + "/collect_bench_copy.tar";
  long rss = 0;
  int worst = 0;
  for (int i = 0; i < repeat; ++i) {
    const Measure m = spawner.run({collector, "-o", out, "--quiet", "--compress", "none", "--pids",
                                   std::to_string(holder)});
    rss = std::max(rss, m.max_rss_kb);
    if (m.exit_code != 0 && m.exit_code != 3) {
      worst = m.exit_code;
    }
  }
  long stored = -1;
  if (FILE* f = std::fopen(out.c_str(), "rb")) {
    std::fseek(f, 0, SEEK_END);
    stored = std::ftell(f);
    std::fclose(f);
  }
  std::remove(out.c_str());
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  const bool copied = stored > static_cast<long>(k_file);
  const bool ok = copied && worst == 0 && rss <= 32 * 1024;
  std::printf("copy: one process holding a 40 MiB deleted file, --pids it, %d runs: peak RSS %.1f MB, archive %.1f MB "
              "(%s), exit %d: %s\n",
              repeat, static_cast<double>(rss) / 1024.0, static_cast<double>(stored) / 1e6,
              copied ? "the copy is in it" : "NO COPY", worst, ok ? "ok" : "MISSED TARGET");
  return ok;
}

double load_average_1min() {
  double l[1] = {0};
  return ::getloadavg(l, 1) == 1 ? l[0] : -1.0;
}

int main(int argc, char** argv) {
  const Spawner spawner;  // first: forked while this process is small
  std::string collector;
  std::string compare;
  std::vector<int> counts{200, 1000};
  int repeat = 5;
  std::string out_dir = "/tmp";
  bool gentle = true;
  bool pagemap = false;
  // --baseline-only ARCHIVE: run just the capture walk over ARCHIVE's manifest (for profiling it).
  if (argc == 3 && std::string(argv[1]) == "--baseline-only") {
    return walk(manifest_items(argv[2]));
  }
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    if (k == "--no-gentle") {
      gentle = false;
      continue;
    }
    if (k == "--pagemap") {
      pagemap = true;
      continue;
    }
    if (i + 1 >= argc) {
      break;
    }
    const std::string v = argv[++i];
    if (k == "--collector") {
      collector = v;
    } else if (k == "--compare") {
      compare = v;
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
  if (collector.empty()) {
    std::fprintf(stderr,
                 "usage: collect_bench --collector PATH [--compare PATH] [--procs 200,1000] [--repeat 5] [--out DIR] "
                 "[--no-gentle] [--pagemap]\n");
    return 2;
  }
  gentle = gentle && knows_option(collector, "--gentle");
  bool all_ok = true;
  double last_collect_s = 0;
  for (const int n : counts) {
    const auto sleepers = spawn_sleepers(n);
    const std::string out = out_dir + "/collect_bench_" + std::to_string(n) + ".tar";
    // Untimed: a real archive whose manifest is the floors' work list (and warm caches).
    const Measure first = spawner.run({collector, "-o", out, "--compress", "none", "--quiet"});
    const std::vector<Item> capture = manifest_items(out);
    const std::vector<Item> full = full_walk_items(capture);
    long out_bytes = 0;
    if (FILE* f = std::fopen(out.c_str(), "rb")) {
      std::fseek(f, 0, SEEK_END);
      out_bytes = std::ftell(f);
      std::fclose(f);
    }
    std::remove(out.c_str());
    if (capture.empty()) {
      std::printf("procs %d: the collector's archive has no manifest items (exit %d)\n", n, first.exit_code);
      reap(sleepers);
      all_ok = false;
      continue;
    }
    std::vector<std::pair<Row, std::function<Measure()>>> rows;
    rows.push_back({Row{"full walk", {}}, [&] { return measure_child([&] { return walk(full); }); }});
    rows.push_back({Row{"capture walk", {}}, [&] { return measure_child([&] { return walk(capture); }); }});
    rows.push_back({Row{"none", {}}, [&] { return spawner.run(collect_argv(collector, {"--compress", "none"})); }});
    rows.push_back({Row{"zstd", {}}, [&] { return spawner.run(collect_argv(collector, {})); }});
    if (!compare.empty()) {
      rows.push_back(
          {Row{"base none", {}}, [&] { return spawner.run(collect_argv(compare, {"--compress", "none"})); }});
      rows.push_back({Row{"base zstd", {}}, [&] { return spawner.run(collect_argv(compare, {})); }});
    }
    if (gentle) {
      rows.push_back({Row{"gentle", {}}, [&] { return spawner.run(collect_argv(collector, {"--gentle"})); }});
    }
    Row pm{"pagemap", {}};
    std::uint64_t pm_entries = 0;
    std::vector<double> loads;
    // Rounds interleave every row, so a load change on this shared box hits all of them alike.
    for (int r = 0; r < repeat; ++r) {
      loads.push_back(load_average_1min());
      for (auto& [row, fn] : rows) {
        row.runs.push_back(fn());
      }
      if (pagemap) {
        pm.runs.push_back(measure_child([] { return pagemap_all() > 0 ? 0 : 1; }));
      }
    }
    if (pagemap) {
      pm_entries = pagemap_all();
    }
    reap(sleepers);
    std::sort(loads.begin(), loads.end());
    const Row& full_row = rows[0].first;
    const Row& cap_row = rows[1].first;
    std::printf("procs %d: %zu capture-walk items, %zu full-walk items, archive (--compress none) %.1f MB, load "
                "average (1 min) %.2f..%.2f, median of %d rounds\n",
                n, capture.size(), full.size(), static_cast<double>(out_bytes) / 1e6, loads.front(), loads.back(),
                repeat);
    std::printf("  %-13s %-8s %-7s %-7s %-8s %-9s %-9s %-9s %-6s %s\n", "what", "wall_s", "user_s", "sys_s",
                "rss_MB", "x_capture", "x_full", "cpu_x_cap", "exit", "verdict");
    for (const auto& [row, fn] : rows) {
      const double x_cap = row.wall() / cap_row.wall();
      const bool floor = &row == &full_row || &row == &cap_row;
      const bool target = row.name == "none" || row.name == "zstd";
      const bool rss_ok = n < 1000 || row.rss_kb() <= 32 * 1024;
      const bool ok = !target || (x_cap <= 1.1 && rss_ok && row.worst_exit() == 0);
      all_ok = all_ok && ok;
      std::printf("  %-13s %-8.3f %-7.3f %-7.3f %-8.1f %-9.2f %-9.2f %-9.2f %-6d %s\n", row.name.c_str(), row.wall(),
                  row.user(), row.sys(), static_cast<double>(row.rss_kb()) / 1024.0, x_cap,
                  row.wall() / full_row.wall(), row.cpu() / cap_row.cpu(), row.worst_exit(),
                  floor ? "(floor; rss includes the bench)" : target ? (ok ? "ok" : "MISSED TARGET") : "-");
      if (row.name == "none") {
        last_collect_s = row.wall();
      }
    }
    if (pagemap) {
      const double mp = pm.wall();
      std::printf("  pagemap summary of every mapping of every process: %.3f s (%.2f x the collector), %llu entries "
                  "(%.1f MB of pagemap read)\n",
                  mp, mp / last_collect_s, static_cast<unsigned long long>(pm_entries),
                  static_cast<double>(pm_entries) * 8 / 1e6);
    }
    std::fflush(stdout);
  }
  if (!pagemap) {
    all_ok = copy_rss(spawner, collector, out_dir, repeat) && all_ok;
    std::printf("targets: none and zstd <= 1.1x the capture walk (wall), peak RSS <= 32 MB at 1000 processes and "
                "while copying a 40 MiB deleted file: %s\n",
                all_ok ? "met" : "MISSED");
    return all_ok ? 0 : 1;
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
  return all_ok ? 0 : 1;
}
