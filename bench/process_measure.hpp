#pragma once
// Shared by the benchmarks that time a child process (collect_bench, mem_bench): a monotonic clock, and a child
// run with fork + exec (or a function) measured with wait4: wall time, user and system CPU, peak RSS, exit status.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace procsnap::bench {

inline double now_s() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

/// One child's run as wait4 reports it.
struct ProcessMeasure {
  double wall_s = 0;
  double user_s = 0;
  double sys_s = 0;
  long max_rss_kb = 0;  ///< ru_maxrss: includes what the child had before exec (its parent's image at fork)
  int exit_code = -1;   ///< exit status, or 128 + signal
  [[nodiscard]] double cpu_s() const { return user_s + sys_s; }
};

inline double tv_s(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

/// Waits for `pid` and fills `m` from its status and rusage (wall time measured from `t0`, a now_s() value).
inline void reap_into(pid_t pid, double t0, ProcessMeasure& m) {
  int st = 0;
  rusage ru{};
  ::wait4(pid, &st, 0, &ru);
  m.wall_s = now_s() - t0;
  m.max_rss_kb = ru.ru_maxrss;
  m.user_s = tv_s(ru.ru_utime);
  m.sys_s = tv_s(ru.ru_stime);
  m.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/// Runs argv[0] with `argv` (stderr to /dev/null; stdin and stdout too when `quiet_stdio`) and measures it.
inline ProcessMeasure run_measured(const std::vector<std::string>& argv, bool quiet_stdio = false) {
  std::vector<char*> cargv;
  for (const auto& a : argv) {
    cargv.push_back(const_cast<char*>(a.c_str()));
  }
  cargv.push_back(nullptr);
  ProcessMeasure m;
  const double t0 = now_s();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_RDWR);
    if (quiet_stdio) {
      ::dup2(devnull, 0);
      ::dup2(devnull, 1);
    }
    ::dup2(devnull, 2);
    ::execv(cargv[0], cargv.data());
    ::_exit(127);
  }
  reap_into(pid, t0, m);
  return m;
}

}  // namespace procsnap::bench
