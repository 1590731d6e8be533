#pragma once
// Shared helpers for tests that run procsnap-collect: spawn children with known properties, run the collector,
// read an archive back with libarchive, and look at its manifest. Reusable by any test directory.
//
// Children are this test binary re-executed through /proc/self/exe with PROCSNAP_COLLECT_TEST_CHILD=<mode> in
// the environment: a static initializer (child_hook below) turns the process into the child before GoogleTest
// starts, so the child has a real argv (with spaces and an empty argument), a real environment and real exec
// state. A child reports readiness with one line on fd 3 and lives until its stdin reaches EOF (the parent
// closes it, or dies), so no child outlives its test.
#include <archive.h>
#include <archive_entry.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "procsnap/common/json.hpp"
#include "procsnap/common/sha256.hpp"

namespace procsnap::test {

// ---------------------------------------------------------------------------------------------------------------
// Small I/O helpers

/// Reads a whole file (works on /proc: reads to EOF). nullopt when it can't be opened/read.
inline std::optional<std::string> slurp(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::nullopt;
  }
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) {
      break;
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

inline std::optional<std::string> read_link(const std::string& path) {
  char buf[4096];
  const ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
  if (n < 0) {
    return std::nullopt;
  }
  return std::string(buf, static_cast<std::size_t>(n));
}

/// A fresh private temporary directory, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "procsnap-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
      std::abort();
    }
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// ---------------------------------------------------------------------------------------------------------------
// Children with known properties

/// The argv every child gets after argv[0]: an argument with spaces and an empty one.
inline std::vector<std::string> child_args() { return {"procsnap test child", "arg with  spaces", "", "last"}; }
inline constexpr const char* k_child_env_name = "PROCSNAP_TEST_MARKER";
inline constexpr const char* k_child_env_value = "marker value with spaces=1";

namespace detail {

inline void write_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) {
        continue;
      }
      return;
    }
    off += static_cast<std::size_t>(n);
  }
}

[[noreturn]] inline void child_main(const std::string& mode) {
  // Modes: "rich" (file, sockets, threads, cwd), "plain" (just waits), "manyfds" (rich + ~N open fds, N from
  // PROCSNAP_TEST_FDS), "leaderexit" (the leader
  // exits, one thread lives).
  std::string info;
  std::vector<std::thread> threads;
  std::atomic<bool> stop{false};
  if (mode == "rich" || mode == "manyfds") {
    if (const char* f = std::getenv("PROCSNAP_TEST_FILE")) {
      const int fd = ::open(f, O_RDONLY);  // deliberately not CLOEXEC-relevant: we never exec again
      info += " file_fd=" + std::to_string(fd);
    }
    const int tcp = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (::bind(tcp, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::listen(tcp, 4) == 0) {
      socklen_t len = sizeof a;
      ::getsockname(tcp, reinterpret_cast<sockaddr*>(&a), &len);
      info += " tcp_fd=" + std::to_string(tcp) + " tcp_port=" + std::to_string(ntohs(a.sin_port));
    }
    const int ux = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un u{};
    u.sun_family = AF_UNIX;
    const std::string name = "procsnap-test-" + std::to_string(::getpid());
    std::memcpy(u.sun_path + 1, name.data(), name.size());  // abstract namespace: nothing on disk
    if (::bind(ux, reinterpret_cast<sockaddr*>(&u),
               static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size())) == 0 &&
        ::listen(ux, 4) == 0) {
      info += " unix_fd=" + std::to_string(ux);
    }
    if (const char* d = std::getenv("PROCSNAP_TEST_CWD")) {
      if (::chdir(d) == 0) {
        info += " cwd_ok=1";
      }
    }
    for (int i = 0; i < 2; ++i) {
      threads.emplace_back([&stop] {
        while (!stop.load()) {
          ::usleep(20'000);
        }
      });
    }
    if (mode == "manyfds") {
      int n = 1000;
      if (const char* e = std::getenv("PROCSNAP_TEST_FDS")) {
        n = std::atoi(e);
      }
      rlimit rl{};
      ::getrlimit(RLIMIT_NOFILE, &rl);
      rl.rlim_cur = rl.rlim_max;
      ::setrlimit(RLIMIT_NOFILE, &rl);
      for (int i = 0; i < n; ++i) {
        if (::open("/dev/null", O_RDONLY) < 0) {
          break;
        }
      }
    }
  }
  if (mode == "leaderexit") {
    // The thread-group leader exits (pthread_exit) while a second thread lives on and keeps the protocol: the
    // leader becomes a zombie, /proc/<pid>/maps and cmdline read empty, task/<tid>/ still has them.
    std::thread([info] {
      write_all(3, "ready" + info + "\n");
      ::close(3);
      char ch;
      while (::read(0, &ch, 1) > 0 || errno == EINTR) {
      }
      ::_exit(0);
    }).detach();
    ::syscall(SYS_exit, 0);  // this thread only, no unwinding (we are inside a static initializer)
  }
  write_all(3, "ready" + info + "\n");
  ::close(3);
  char c;
  while (::read(0, &c, 1) > 0 || errno == EINTR) {
  }
  stop = true;
  for (auto& t : threads) {
    t.join();
  }
  ::_exit(0);
}

inline constexpr const char* k_launch_rss_env = "PROCSNAP_TEST_LAUNCH_RSS";

/// The launcher of run_measured: runs this process's argv[1..] (from /proc/self/cmdline) as its child, writes the
/// child's ru_maxrss (KiB) into the file `rss_path` and exits with the child's status.
[[noreturn]] inline void launcher_main(const char* rss_path) {
  const std::string cmdline = slurp("/proc/self/cmdline").value_or("");
  std::vector<std::string> parts;
  for (std::size_t at = 0; at < cmdline.size();) {
    const std::size_t end = cmdline.find('\0', at);
    parts.push_back(cmdline.substr(at, end - at));
    at = end == std::string::npos ? cmdline.size() : end + 1;
  }
  if (parts.size() < 2) {
    ::_exit(127);
  }
  std::vector<char*> argv;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    argv.push_back(parts[i].data());
  }
  argv.push_back(nullptr);
  const std::string out = rss_path;
  ::unsetenv(k_launch_rss_env);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int st = 0;
  rusage ru{};
  while (::wait4(pid, &st, 0, &ru) < 0 && errno == EINTR) {
  }
  std::ofstream(out) << ru.ru_maxrss << "\n";
  ::_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

inline int child_hook_init() {
  if (const char* mode = std::getenv("PROCSNAP_COLLECT_TEST_CHILD")) {
    child_main(mode);
  }
  if (const char* rss = std::getenv(k_launch_rss_env)) {
    launcher_main(rss);
  }
  return 0;
}

}  // namespace detail

/// Runs before GoogleTest's main in every binary that includes this header: in a re-executed child, become it.
inline const int child_hook = detail::child_hook_init();

struct ChildOptions {
  std::string mode = "rich";
  std::map<std::string, std::string> env{};  ///< extra environment
  std::optional<uid_t> uid{};                ///< run as this uid/gid (requires root)
  std::optional<gid_t> gid{};
};

/// A forked process tied to its parent by two pipes: it writes one readiness line on the ready pipe and lives until
/// its end of the control pipe reaches EOF (the parent closes it, or dies). Destruction closes the control pipe (the
/// child exits) and reaps it. Child and the suites' own children (mem, huge input) are started through start().
class ForkedChild {
 public:
  ~ForkedChild() { stop(); }
  ForkedChild(const ForkedChild&) = delete;
  ForkedChild& operator=(const ForkedChild&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  /// The readiness line without its newline ("" when the child died first).
  [[nodiscard]] const std::string& line() const { return line_; }
  /// Closes the control pipe: the child exits (not reaped yet).
  void close_stdin() {
    if (ctl_ >= 0) {
      ::close(ctl_);
      ctl_ = -1;
    }
  }
  /// Ends the child (control pipe EOF) and reaps it; idempotent.
  void stop() {
    close_stdin();
    if (pid_ > 0) {
      int st = 0;
      ::waitpid(pid_, &st, 0);
      pid_ = -1;
    }
  }
  /// SIGKILL and reap: the process is gone (not a zombie) when this returns.
  void kill_now() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int st = 0;
      ::waitpid(pid_, &st, 0);
      pid_ = -1;
    }
    close_stdin();
  }

 protected:
  ForkedChild() = default;
  /// Forks; the child runs `body(ready_fd, ctl_fd)` (the write end of the ready pipe, the read end of the control
  /// pipe; both O_CLOEXEC), which must not return (exec or _exit). The parent then reads the readiness line.
  void start(const std::function<void(int ready_fd, int ctl_fd)>& body) {
    int ready[2];
    int ctl[2];
    if (::pipe2(ready, O_CLOEXEC) != 0 || ::pipe2(ctl, O_CLOEXEC) != 0) {
      return;
    }
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(ready[0]);
      ::close(ctl[1]);
      body(ready[1], ctl[0]);
      ::_exit(127);
    }
    ::close(ready[1]);
    ::close(ctl[0]);
    ctl_ = ctl[1];
    char c;
    while (::read(ready[0], &c, 1) == 1 && c != '\n') {
      line_.push_back(c);
    }
    ::close(ready[0]);
  }

 private:
  pid_t pid_ = -1;
  int ctl_ = -1;
  std::string line_;
};

/// A running child (see the top of this file): its stdin is the control pipe, fd 3 the ready pipe.
class Child : public ForkedChild {
 public:
  explicit Child(const ChildOptions& o) {
    std::vector<std::string> envs;
    for (char** e = environ; *e != nullptr; ++e) {
      envs.emplace_back(*e);
    }
    envs.push_back("PROCSNAP_COLLECT_TEST_CHILD=" + o.mode);
    envs.push_back(std::string(k_child_env_name) + "=" + k_child_env_value);
    for (const auto& [k, v] : o.env) {
      envs.push_back(k + "=" + v);
    }
    std::vector<std::string> args = child_args();
    std::vector<char*> argv;
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : envs) {
      envp.push_back(e.data());
    }
    envp.push_back(nullptr);
    start([&](int ready_fd, int ctl_fd) {
      ::dup2(ctl_fd, 0);
      ::dup2(ready_fd, 3);
      if (o.gid) {
        ::setgroups(0, nullptr);
        if (::setresgid(*o.gid, *o.gid, *o.gid) != 0) {
          ::_exit(126);
        }
      }
      if (o.uid && ::setresuid(*o.uid, *o.uid, *o.uid) != 0) {
        ::_exit(126);
      }
      ::execve("/proc/self/exe", argv.data(), envp.data());
    });
  }

  [[nodiscard]] bool ready() const { return line().starts_with("ready"); }
  /// The child's readiness line, e.g. "ready file_fd=3 tcp_fd=4 tcp_port=41234 unix_fd=5 cwd_ok=1".
  [[nodiscard]] const std::string& info() const { return line(); }
  /// Value of `key=` in the readiness line, or -1.
  [[nodiscard]] long info_value(const std::string& key) const {
    const auto p = line().find(" " + key + "=");
    return p == std::string::npos ? -1 : std::atol(line().c_str() + p + key.size() + 2);
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Running the collector

struct RunOptions {
  std::optional<std::string> stdout_path{};  ///< redirect stdout to this file (created/truncated)
  int stdout_fd = -1;                        ///< or to this fd (e.g. a pipe's write end)
  std::optional<uid_t> uid{};                ///< run as this uid/gid (requires root)
  std::optional<gid_t> gid{};
  std::optional<rlim_t> fsize_limit{};  ///< RLIMIT_FSIZE (SIGXFSZ ignored, so writes fail with EFBIG)
  std::function<bool()> pre_exec{};     ///< runs in the child before exec (false: exit 125)
};

struct RunResult {
  int exit_code = -1;   ///< exit status, or 128+signal
  std::string err;      ///< everything written to stderr
  long max_rss_kb = 0;  ///< the program's peak RSS (wait4's ru_maxrss, KiB)
};

namespace detail {
/// argv for execv: `bin`, then `args`; the strings live in `storage`.
inline std::vector<char*> exec_argv(const std::string& bin, const std::vector<std::string>& args,
                                    std::vector<std::string>& storage) {
  storage.assign(1, bin);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : storage) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  return argv;
}
}  // namespace detail

/// Starts `bin` with `args` without waiting (stdout to `stdout_fd` when >= 0, stderr to /dev/null) and returns its
/// pid, for a test that watches the process while it runs; the caller reaps it.
inline pid_t start_program(const std::string& bin, const std::vector<std::string>& args, int stdout_fd = -1) {
  std::vector<std::string> storage;
  std::vector<char*> argv = detail::exec_argv(bin, args, storage);
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (stdout_fd >= 0) {
      ::dup2(stdout_fd, 1);
    }
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 2);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

/// Runs `bin` with `args` and waits for it.
inline RunResult run_program(const std::string& bin, const std::vector<std::string>& args, const RunOptions& o = {}) {
  RunResult r;
  char errpath[] = "/tmp/procsnap-test-stderr-XXXXXX";
  const int errfd = ::mkstemp(errpath);
  ::unlink(errpath);
  std::vector<std::string> storage;
  std::vector<char*> argv = detail::exec_argv(bin, args, storage);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(errfd, 2);
    if (o.stdout_path) {
      const int fd = ::open(o.stdout_path->c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
    } else if (o.stdout_fd >= 0) {
      ::dup2(o.stdout_fd, 1);
    }
    if (o.fsize_limit) {
      ::signal(SIGXFSZ, SIG_IGN);
      const rlimit rl{*o.fsize_limit, *o.fsize_limit};
      ::setrlimit(RLIMIT_FSIZE, &rl);
    }
    if (o.pre_exec && !o.pre_exec()) {
      ::_exit(125);
    }
    if (o.gid) {
      ::setgroups(0, nullptr);
      if (::setresgid(*o.gid, *o.gid, *o.gid) != 0) {
        ::_exit(126);
      }
    }
    if (o.uid && ::setresuid(*o.uid, *o.uid, *o.uid) != 0) {
      ::_exit(126);
    }
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  int st = 0;
  rusage ru{};
  while (::wait4(pid, &st, 0, &ru) < 0 && errno == EINTR) {
  }
  r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  r.max_rss_kb = ru.ru_maxrss;
  ::lseek(errfd, 0, SEEK_SET);
  char buf[4096];
  ssize_t n;
  while ((n = ::read(errfd, buf, sizeof buf)) > 0) {
    r.err.append(buf, static_cast<std::size_t>(n));
  }
  ::close(errfd);
  return r;
}

/// run_program, from a small launcher (this test binary re-executed, which forks `bin` from its static initializers,
/// before GoogleTest starts), so that `max_rss_kb` is `bin`'s own peak RSS. A child forked straight from the test
/// process counts in its ru_maxrss what it shared with it until its exec: the test's heap (an archive read back
/// earlier), or under ASan the test process's quarantine, would show up as the program's.
inline RunResult run_measured(const std::string& bin, const std::vector<std::string>& args) {
  char rss_path[] = "/tmp/procsnap-test-rss-XXXXXX";
  const int fd = ::mkstemp(rss_path);
  ::close(fd);
  const std::string path = rss_path;
  std::vector<std::string> all{bin};
  all.insert(all.end(), args.begin(), args.end());
  RunOptions o;
  o.pre_exec = [&path] { return ::setenv(detail::k_launch_rss_env, path.c_str(), 1) == 0; };
  RunResult r = run_program("/proc/self/exe", all, o);
  r.max_rss_kb = std::atol(slurp(path).value_or("0").c_str());
  ::unlink(path.c_str());
  return r;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading an archive back

struct Member {
  std::string path;
  bool symlink = false;
  std::string data;  ///< file bytes, or the symlink target
  unsigned mode = 0;
  std::int64_t uid = -1;
  std::int64_t gid = -1;
  std::int64_t mtime = 0;
};

struct Archive {
  std::vector<Member> members;  ///< in archive order
  bool clean_eof = false;       ///< the reader reached the end without an error
  std::string error;            ///< libarchive's message when not clean
  [[nodiscard]] const Member* find(const std::string& path) const {
    for (const auto& m : members) {
      if (m.path == path) {
        return &m;
      }
    }
    return nullptr;
  }
  [[nodiscard]] bool has(const std::string& path) const { return find(path) != nullptr; }
};

/// Reads every member (any compression libarchive knows). Stops at the first error, keeping what was read.
inline Archive read_archive(const std::string& path) {
  Archive out;
  struct archive* a = archive_read_new();
  archive_read_support_filter_all(a);
  archive_read_support_format_tar(a);
  if (archive_read_open_filename(a, path.c_str(), 65536) != ARCHIVE_OK) {
    out.error = archive_error_string(a) != nullptr ? archive_error_string(a) : "open failed";
    archive_read_free(a);
    return out;
  }
  struct archive_entry* e = nullptr;
  for (;;) {
    const int rc = archive_read_next_header(a, &e);
    if (rc == ARCHIVE_EOF) {
      out.clean_eof = true;
      break;
    }
    if (rc < ARCHIVE_WARN) {
      out.error = archive_error_string(a) != nullptr ? archive_error_string(a) : "read failed";
      break;
    }
    Member m;
    m.path = archive_entry_pathname(e) != nullptr ? archive_entry_pathname(e) : "";
    m.mode = archive_entry_mode(e);
    m.uid = archive_entry_uid(e);
    m.gid = archive_entry_gid(e);
    m.mtime = archive_entry_mtime(e);
    if (archive_entry_filetype(e) == AE_IFLNK) {
      m.symlink = true;
      m.data = archive_entry_symlink(e) != nullptr ? archive_entry_symlink(e) : "";
    } else {
      char buf[65536];
      la_ssize_t n;
      while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
        m.data.append(buf, static_cast<std::size_t>(n));
      }
      if (n < 0) {
        out.error = archive_error_string(a) != nullptr ? archive_error_string(a) : "data read failed";
        out.members.push_back(std::move(m));
        break;
      }
    }
    out.members.push_back(std::move(m));
  }
  archive_read_free(a);
  return out;
}

/// All manifest lines of an archive as text, in order (chunks concatenated).
inline std::vector<std::string> manifest_text_lines(const Archive& ar) {
  std::vector<std::string> out;
  for (const auto& m : ar.members) {
    if (!m.path.starts_with("procsnap/manifest/")) {
      continue;
    }
    std::istringstream in(m.data);
    std::string line;
    while (std::getline(in, line)) {
      out.push_back(std::move(line));
    }
  }
  return out;
}

/// All manifest lines of an archive, parsed, in order (chunks concatenated).
inline std::vector<common::json::Value> manifest_lines(const Archive& ar) {
  std::vector<common::json::Value> out;
  for (const auto& line : manifest_text_lines(ar)) {
    auto v = common::json::parse(line);
    if (auto* val = std::get_if<common::json::Value>(&v)) {
      out.push_back(std::move(*val));
    }
  }
  return out;
}

/// Manifest lines keyed by path (the last line wins for duplicates).
inline std::map<std::string, common::json::Value> manifest_by_path(const Archive& ar) {
  std::map<std::string, common::json::Value> out;
  for (auto& v : manifest_lines(ar)) {
    if (auto p = v.string_at("path")) {
      out[*p] = v;
    }
  }
  return out;
}

/// Parses a JSON member (header/trailer); a null Value when absent or invalid.
inline common::json::Value json_member(const Archive& ar, const std::string& path) {
  const Member* m = ar.find(path);
  if (m == nullptr) {
    return {};
  }
  auto v = common::json::parse(m->data);
  if (auto* val = std::get_if<common::json::Value>(&v)) {
    return *val;
  }
  return {};
}

}  // namespace procsnap::test
