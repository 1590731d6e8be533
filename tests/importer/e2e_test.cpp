// End to end: spawn a child with known properties, capture it with the real collector, import the archive with
// the real analyzer, and find every property with SQL, both in the base tables and in the osquery views.
//
// The child is this test binary re-executed (/proc/self/exe) with PROCSNAP_E2E_CHILD set: a static initializer
// below notices the variable before GoogleTest's main runs and turns the process into the child. It then holds:
//   argv   {"e2e-child", "arg with  spaces", "", "last arg"}  (spaces, an empty argument)
//   comm   "e2e (kid) 1"                                     (spaces and parentheses, via PR_SET_NAME)
//   env    PROCSNAP_E2E_MARKER=value with = and spaces
//   fd     an open regular file  <dir>/open-file.txt
//   TCP    a socket listening on 127.0.0.1:<ephemeral port>
//   unix   a listening unix stream socket bound to <dir>/e2e.sock
//   pipe   both ends of an anonymous pipe
//   thread a second thread (so two tasks)
//   maps   <dir>/mapped.bin mapped read-only, and libresolv.so.2 loaded with dlopen
// and reports "ready <port>" on stdout; it exits when its stdin reaches EOF.
#include "e2e_support.hpp"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace e2e = procsnap::e2e;

constexpr const char* k_child_env = "PROCSNAP_E2E_CHILD";
constexpr const char* k_marker_key = "PROCSNAP_E2E_MARKER";
constexpr const char* k_marker_value = "value with = and spaces";
constexpr const char* k_comm = "e2e (kid) 1";
const std::vector<std::string> k_child_argv = {"e2e-child", "arg with  spaces", "", "last arg"};

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "e2e child: %s: %s\n", what, std::strerror(errno));
  _exit(2);
}

/// The child's whole life (see the file comment). Never returns.
[[noreturn]] void child_main(const std::string& dir) {
  prctl(PR_SET_NAME, k_comm, 0, 0, 0);
  // Die with the test process, so an aborted test leaves nothing behind.
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);

  const int file_fd = open((dir + "/open-file.txt").c_str(), O_RDWR | O_CREAT, 0600);
  if (file_fd < 0) die("open");
  if (write(file_fd, "hello\n", 6) != 6) die("write");

  const int map_fd = open((dir + "/mapped.bin").c_str(), O_RDWR | O_CREAT, 0600);
  if (map_fd < 0 || ftruncate(map_fd, 8192) != 0) die("mapped.bin");
  void* mapped = mmap(nullptr, 8192, PROT_READ, MAP_PRIVATE, map_fd, 0);
  if (mapped == MAP_FAILED) die("mmap");
  close(map_fd);  // the mapping keeps the file mapped without an fd

  if (dlopen("libresolv.so.2", RTLD_NOW) == nullptr) die("dlopen libresolv.so.2");

  const int tcp = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sin.sin_port = 0;
  if (tcp < 0 || bind(tcp, reinterpret_cast<sockaddr*>(&sin), sizeof sin) != 0 || listen(tcp, 4) != 0) die("tcp");
  socklen_t len = sizeof sin;
  if (getsockname(tcp, reinterpret_cast<sockaddr*>(&sin), &len) != 0) die("getsockname");

  const int ux = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  const std::string sock_path = dir + "/e2e.sock";
  if (sock_path.size() >= sizeof sun.sun_path) die("unix path too long");
  std::memcpy(sun.sun_path, sock_path.c_str(), sock_path.size() + 1);
  if (ux < 0 || bind(ux, reinterpret_cast<sockaddr*>(&sun), sizeof sun) != 0 || listen(ux, 4) != 0) die("unix");

  int p[2];
  if (pipe(p) != 0) die("pipe");

  std::thread([] {
    for (;;) pause();
  }).detach();

  std::printf("ready %u\n", static_cast<unsigned>(ntohs(sin.sin_port)));
  std::fflush(stdout);
  char buf[64];
  while (read(0, buf, sizeof buf) > 0) {
  }
  _exit(0);
}

// Runs before GoogleTest's main: in the re-executed child, become the child.
[[maybe_unused]] const bool k_is_child = [] {
  if (const char* dir = std::getenv(k_child_env)) child_main(dir);
  return false;
}();

/// The spawned child, killed and reaped at scope exit.
struct Child {
  pid_t pid = -1;
  int control = -1;  ///< write end of the child's stdin; closing it ends the child
  int port = 0;
  std::time_t spawned_at = 0;
  Child() = default;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (control >= 0) close(control);
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
};

/// Spawns the child and waits for its "ready" line. Returns false (with a message) on failure.
bool spawn_child(const std::string& dir, Child& child, std::string& error) {
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) {
    error = "pipe2 failed";
    return false;
  }
  std::vector<char*> argv;
  for (const auto& a : k_child_argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string env_child = std::string(k_child_env) + "=" + dir;
  const std::string env_marker = std::string(k_marker_key) + "=" + k_marker_value;
  std::vector<char*> envp = {const_cast<char*>(env_child.c_str()), const_cast<char*>(env_marker.c_str()),
                             const_cast<char*>("LC_ALL=C"), nullptr};
  child.spawned_at = std::time(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    execve("/proc/self/exe", argv.data(), envp.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  child.pid = pid;
  child.control = in_pipe[1];
  if (pid < 0) {
    close(out_pipe[0]);
    error = "fork failed";
    return false;
  }
  std::string line;
  char c;
  while (read(out_pipe[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  close(out_pipe[0]);
  if (line.rfind("ready ", 0) != 0) {
    error = "child did not become ready (got '" + line + "')";
    return false;
  }
  child.port = std::atoi(line.c_str() + 6);
  if (child.port <= 0) error = "child reported no port ('" + line + "')";
  return child.port > 0;
}

std::string readlink_str(const std::string& path) {
  std::error_code ec;
  auto t = std::filesystem::read_symlink(path, ec);
  return ec ? std::string() : t.string();
}

/// Inode number inside a "net:[4026531840]" namespace link.
std::string ns_inode(pid_t pid, const char* ns) {
  const std::string t = readlink_str("/proc/" + std::to_string(pid) + "/ns/" + ns);
  const auto a = t.find('[');
  const auto b = t.find(']');
  return a == std::string::npos || b == std::string::npos ? std::string() : t.substr(a + 1, b - a - 1);
}

/// One capture + import of the child, shared by all tests of the suite (capturing is the slow part).
class EndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    state_ = std::make_unique<State>();
    auto& s = *state_;
    if (auto why = e2e::unusable_binary(PROCSNAP_COLLECT_BIN)) {
      s.skip_reason = *why;
      return;
    }
    if (auto why = e2e::unusable_binary(PROCSNAP_BIN)) {
      s.skip_reason = *why;
      return;
    }
    if (!spawn_child(s.dir.path().string(), s.child, s.setup_error)) return;
    s.archive = s.dir.file("child.tar.zst");
    s.db = s.dir.file("e2e.db");
    if (auto err = e2e::capture_and_import(PROCSNAP_COLLECT_BIN, PROCSNAP_BIN, {"--pids", std::to_string(s.child.pid)},
                                           s.archive, s.db)) {
      s.setup_error = *err;
      return;
    }
    s.ready = true;
  }
  static void TearDownTestSuite() { state_.reset(); }
  void SetUp() override {
    if (!state_->skip_reason.empty()) GTEST_SKIP() << state_->skip_reason;
    ASSERT_TRUE(state_->ready) << state_->setup_error;
  }

  /// Runs SQL through `procsnap query --format json` and returns the rows.
  static std::vector<e2e::Value> query(const std::string& sql) {
    std::string error;
    auto rows = e2e::query(PROCSNAP_BIN, state_->db, sql, error);
    EXPECT_TRUE(rows.has_value()) << sql << "\n" << error;
    return rows ? *rows : std::vector<e2e::Value>{};
  }
  static std::string pid() { return std::to_string(state_->child.pid); }
  static std::string dir() { return state_->dir.path().string(); }

  struct State {
    e2e::TempDir dir;
    Child child;
    std::string archive, db;
    std::string skip_reason, setup_error;
    bool ready = false;
  };
  // Suite-lifetime state (one capture for all tests), created in SetUpTestSuite.
  static inline std::unique_ptr<State> state_;
};

}  // namespace

// ---- base tables -----------------------------------------------------------------------------------------------

TEST_F(EndToEnd, SnapshotIsVerified) {
  const auto rows = query("SELECT state, clk_tck, btime FROM snapshots");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(e2e::text_at(rows[0], "state"), "verified");
  EXPECT_EQ(e2e::int_at(rows[0], "clk_tck"), sysconf(_SC_CLK_TCK));
}

TEST_F(EndToEnd, BaseTablesHoldArgvInOrderWithSpacesAndEmptyArgument) {
  const auto rows = query("SELECT arg FROM proc_cmdline_args WHERE pid = " + pid() + " ORDER BY idx");
  std::vector<std::string> got;
  for (const auto& r : rows) got.push_back(e2e::text_at(r, "arg").value_or("<NULL>"));
  EXPECT_EQ(got, k_child_argv);
}

TEST_F(EndToEnd, BaseTablesHoldCommWithParenthesesAndThreads) {
  const auto rows = query("SELECT comm, num_threads, ppid FROM proc_stat WHERE pid = " + pid());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(e2e::text_at(rows[0], "comm"), k_comm);
  EXPECT_EQ(e2e::int_at(rows[0], "num_threads"), 2);
  EXPECT_EQ(e2e::int_at(rows[0], "ppid"), getpid());
  const auto tasks = query("SELECT DISTINCT tid FROM task_stat WHERE pid = " + pid() + " ORDER BY tid");
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(e2e::int_at(tasks[0], "tid"), state_->child.pid);
}

TEST_F(EndToEnd, BaseTablesHoldEnvironmentVariable) {
  const auto rows = query(std::string("SELECT value FROM proc_environ_vars WHERE pid = ") + pid() + " AND key = '" +
                          k_marker_key + "'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(e2e::text_at(rows[0], "value"), k_marker_value);
}

TEST_F(EndToEnd, BaseTablesHoldOpenFile) {
  const auto rows = query("SELECT fd, type FROM proc_fds WHERE pid = " + pid() + " AND target = '" + dir() +
                          "/open-file.txt'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(e2e::text_at(rows[0], "type"), "file");
}

TEST_F(EndToEnd, BaseTablesJoinListeningTcpSocketToItsProcess) {
  const auto rows = query(
      "SELECT f.fd, t.local_address, t.state FROM net_tcp t JOIN proc_fds f ON f.snapshot_id = t.snapshot_id AND "
      "f.inode = t.inode AND f.type = 'socket' WHERE f.pid = " +
      pid() + " AND t.local_port = " + std::to_string(state_->child.port));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(e2e::text_at(rows[0], "local_address"), "127.0.0.1");
}

TEST_F(EndToEnd, BaseTablesJoinUnixSocketToItsProcess) {
  const auto rows = query(
      "SELECT f.fd FROM net_unix u JOIN proc_fds f ON f.snapshot_id = u.snapshot_id AND f.inode = u.inode "
      "WHERE f.pid = " +
      pid() + " AND u.path = '" + dir() + "/e2e.sock'");
  EXPECT_EQ(rows.size(), 1u);
}

TEST_F(EndToEnd, BaseTablesHoldMappedFileAndLibrary) {
  const auto mapped =
      query("SELECT perms FROM proc_maps WHERE pid = " + pid() + " AND path = '" + dir() + "/mapped.bin'");
  ASSERT_EQ(mapped.size(), 1u);
  EXPECT_EQ(e2e::text_at(mapped[0], "perms"), "r--p");
  const auto lib = query("SELECT count(*) AS n FROM proc_maps WHERE pid = " + pid() +
                         " AND path LIKE '%/libresolv.so%'");
  ASSERT_EQ(lib.size(), 1u);
  EXPECT_GE(e2e::int_at(lib[0], "n").value_or(0), 1);
}

// ---- osquery views ---------------------------------------------------------------------------------------------

TEST_F(EndToEnd, ProcessesViewMatchesTheChild) {
  const auto rows = query("SELECT * FROM processes WHERE pid = " + pid());
  ASSERT_EQ(rows.size(), 1u);
  const auto& r = rows[0];
  EXPECT_EQ(e2e::text_at(r, "name"), k_comm);
  // osquery joins argv with single spaces: the empty argument leaves two spaces.
  EXPECT_EQ(e2e::text_at(r, "cmdline"), "e2e-child arg with  spaces  last arg");
  EXPECT_EQ(e2e::text_at(r, "path"), readlink_str("/proc/self/exe"));
  EXPECT_EQ(e2e::text_at(r, "cwd"), std::filesystem::current_path().string());
  EXPECT_EQ(e2e::int_at(r, "parent"), getpid());
  EXPECT_EQ(e2e::int_at(r, "threads"), 2);
  EXPECT_EQ(e2e::int_at(r, "uid"), getuid());
  EXPECT_EQ(e2e::int_at(r, "euid"), geteuid());
  EXPECT_EQ(e2e::int_at(r, "gid"), getgid());
  EXPECT_EQ(e2e::text_at(r, "state"), "S");
  // Absolute start time, from the snapshot's btime and CLK_TCK (whole seconds; btime itself is rounded).
  const auto start = e2e::int_at(r, "start_time");
  ASSERT_TRUE(start.has_value());
  EXPECT_NEAR(static_cast<double>(*start), static_cast<double>(state_->child.spawned_at), 3.0);
  EXPECT_GT(e2e::int_at(r, "resident_size").value_or(0), 0);
  EXPECT_GT(e2e::int_at(r, "total_size").value_or(0), 0);
  EXPECT_TRUE(e2e::int_at(r, "snapshot_id").has_value());
}

TEST_F(EndToEnd, ProcessEnvsViewHasTheVariable) {
  const auto rows = query(std::string("SELECT value FROM process_envs WHERE pid = ") + pid() + " AND key = '" +
                          k_marker_key + "'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(e2e::text_at(rows[0], "value"), k_marker_value);
}

TEST_F(EndToEnd, ProcessOpenFilesViewHasTheFile) {
  const auto rows = query("SELECT fd FROM process_open_files WHERE pid = " + pid() + " AND path = '" + dir() +
                          "/open-file.txt'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_GE(e2e::int_at(rows[0], "fd").value_or(-1), 3);
}

TEST_F(EndToEnd, ProcessOpenSocketsViewHasTcpListenerWithNamespace) {
  const auto rows = query("SELECT * FROM process_open_sockets WHERE pid = " + pid() +
                          " AND family = 2 AND local_port = " + std::to_string(state_->child.port));
  ASSERT_EQ(rows.size(), 1u);
  const auto& r = rows[0];
  EXPECT_EQ(e2e::int_at(r, "protocol"), 6);
  EXPECT_EQ(e2e::text_at(r, "local_address"), "127.0.0.1");
  EXPECT_EQ(e2e::text_at(r, "remote_address"), "0.0.0.0");
  EXPECT_EQ(e2e::int_at(r, "remote_port"), 0);
  EXPECT_EQ(e2e::text_at(r, "state"), "LISTEN");
  EXPECT_EQ(e2e::text_at(r, "net_namespace"), ns_inode(state_->child.pid, "net"));
  EXPECT_TRUE(e2e::int_at(r, "fd").has_value());
  EXPECT_TRUE(e2e::int_at(r, "socket").has_value());
}

TEST_F(EndToEnd, ProcessOpenSocketsViewHasUnixSocket) {
  const auto rows = query("SELECT fd, protocol FROM process_open_sockets WHERE pid = " + pid() +
                          " AND family = 1 AND path = '" + dir() + "/e2e.sock'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(e2e::int_at(rows[0], "protocol"), 0);
}

TEST_F(EndToEnd, ListeningPortsViewHasTcpAndUnixListeners) {
  const auto tcp = query("SELECT * FROM listening_ports WHERE pid = " + pid() +
                         " AND port = " + std::to_string(state_->child.port));
  ASSERT_EQ(tcp.size(), 1u);
  EXPECT_EQ(e2e::text_at(tcp[0], "address"), "127.0.0.1");
  EXPECT_EQ(e2e::int_at(tcp[0], "protocol"), 6);
  EXPECT_EQ(e2e::int_at(tcp[0], "family"), 2);
  EXPECT_EQ(e2e::text_at(tcp[0], "net_namespace"), ns_inode(state_->child.pid, "net"));
  const auto ux = query("SELECT port FROM listening_ports WHERE pid = " + pid() + " AND path = '" + dir() +
                        "/e2e.sock'");
  ASSERT_EQ(ux.size(), 1u);
  EXPECT_EQ(e2e::int_at(ux[0], "port"), 0);
}

TEST_F(EndToEnd, ProcessMemoryMapViewHasFileAndLibrary) {
  const auto rows = query("SELECT * FROM process_memory_map WHERE pid = " + pid() + " AND path = '" + dir() +
                          "/mapped.bin'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(e2e::text_at(rows[0], "permissions"), "r--p");
  EXPECT_EQ(e2e::int_at(rows[0], "offset"), 0);
  EXPECT_EQ(e2e::int_at(rows[0], "pseudo"), 0);
  struct stat st {};
  ASSERT_EQ(stat((dir() + "/mapped.bin").c_str(), &st), 0);
  EXPECT_EQ(e2e::int_at(rows[0], "inode"), static_cast<std::int64_t>(st.st_ino));
  const auto start = e2e::text_at(rows[0], "start");
  ASSERT_TRUE(start.has_value());
  EXPECT_EQ(start->rfind("0x", 0), 0u) << *start;
  const auto lib = query("SELECT count(*) AS n FROM process_memory_map WHERE pid = " + pid() +
                         " AND path LIKE '%/libresolv.so%'");
  ASSERT_EQ(lib.size(), 1u);
  EXPECT_GE(e2e::int_at(lib[0], "n").value_or(0), 1);
}

TEST_F(EndToEnd, ProcessNamespacesViewMatchesLiveLinks) {
  const auto rows = query("SELECT * FROM process_namespaces WHERE pid = " + pid());
  ASSERT_EQ(rows.size(), 1u);
  for (const char* ns : {"cgroup", "ipc", "mnt", "net", "pid", "user", "uts"}) {
    const std::string live = ns_inode(state_->child.pid, ns);
    if (live.empty()) continue;
    EXPECT_EQ(e2e::text_at(rows[0], std::string(ns) + "_namespace"), live) << ns;
  }
}

TEST_F(EndToEnd, ProcessOpenPipesViewPairsBothEnds) {
  // The child's stdin and stdout are pipes too (to this test process, which is not captured: no partner).
  const auto rows =
      query("SELECT * FROM process_open_pipes WHERE pid = " + pid() + " AND partner_pid = " + pid() + " ORDER BY fd");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(e2e::text_at(rows[0], "type"), "anonymous");
  EXPECT_EQ(e2e::text_at(rows[0], "mode"), "r");
  EXPECT_EQ(e2e::text_at(rows[1], "mode"), "w");
  EXPECT_EQ(e2e::int_at(rows[0], "partner_pid"), state_->child.pid);
  EXPECT_EQ(e2e::int_at(rows[0], "partner_fd"), e2e::int_at(rows[1], "fd"));
  EXPECT_EQ(e2e::text_at(rows[0], "partner_mode"), "w");
  EXPECT_EQ(e2e::text_at(rows[0], "inode"), e2e::text_at(rows[1], "inode"));
}

TEST_F(EndToEnd, SystemViewsDescribeThisHost) {
  const auto mem = query("SELECT memory_total FROM memory_info");
  ASSERT_EQ(mem.size(), 1u);
  EXPECT_GT(e2e::int_at(mem[0], "memory_total").value_or(0), 0);
  const auto up = query("SELECT * FROM uptime");
  ASSERT_EQ(up.size(), 1u);
  EXPECT_GT(e2e::int_at(up[0], "total_seconds").value_or(0), 0);
  EXPECT_EQ(query("SELECT * FROM load_average").size(), 3u);
  EXPECT_EQ(query("SELECT * FROM cpu_time").size(), static_cast<std::size_t>(sysconf(_SC_NPROCESSORS_ONLN)));
  const auto proc_mount = query("SELECT type FROM mounts WHERE path = '/proc'");
  ASSERT_GE(proc_mount.size(), 1u);
  EXPECT_EQ(e2e::text_at(proc_mount[0], "type"), "proc");
  const auto kinfo = query("SELECT version FROM kernel_info");
  ASSERT_EQ(kinfo.size(), 1u);
  EXPECT_TRUE(e2e::text_at(kinfo[0], "version").has_value());
  // time is the capture's start: within the last hour of this test's clock.
  const auto t = query("SELECT unix_time, timezone FROM time");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_NEAR(static_cast<double>(e2e::int_at(t[0], "unix_time").value_or(0)), static_cast<double>(::time(nullptr)),
              3600.0);
  EXPECT_EQ(e2e::text_at(t[0], "timezone"), "UTC");
  // interface_details has the loopback interface; routes lists the collector namespace's routing tables.
  EXPECT_EQ(query("SELECT * FROM interface_details WHERE interface = 'lo'").size(), 1u);
  const auto nroutes = query("SELECT (SELECT count(*) FROM net_route WHERE source_pid IS NULL) + "
                             "(SELECT count(*) FROM net_ipv6_route WHERE source_pid IS NULL) AS n");
  EXPECT_EQ(query("SELECT * FROM routes").size(), static_cast<std::size_t>(e2e::int_at(nroutes[0], "n").value_or(-1)));
  const auto aslr = query("SELECT subsystem, current_value FROM system_controls WHERE name = 'kernel.randomize_va_space'");
  ASSERT_EQ(aslr.size(), 1u);
  EXPECT_EQ(e2e::text_at(aslr[0], "subsystem"), "kernel");
  // interface_addresses holds what getifaddrs(3) (osquery's source) says of this process's namespace, which is the
  // collector's: every address with its mask; IPv6 always with its interface, IPv4 with it when /proc can tell.
  ifaddrs* ifa = nullptr;
  ASSERT_EQ(::getifaddrs(&ifa), 0);
  std::set<std::string> want;
  std::set<std::string> want_v4_with_iface;
  for (const ifaddrs* p = ifa; p != nullptr; p = p->ifa_next) {
    if (p->ifa_addr == nullptr || p->ifa_netmask == nullptr) continue;
    const int fam = p->ifa_addr->sa_family;
    if (fam != AF_INET && fam != AF_INET6) continue;
    const socklen_t len = fam == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
    char a[NI_MAXHOST] = {};
    char m[NI_MAXHOST] = {};
    ASSERT_EQ(::getnameinfo(p->ifa_addr, len, a, sizeof a, nullptr, 0, NI_NUMERICHOST), 0);
    ASSERT_EQ(::getnameinfo(p->ifa_netmask, len, m, sizeof m, nullptr, 0, NI_NUMERICHOST), 0);
    const std::string row = std::string(a) + " " + m;
    want.insert(row);
    if (fam == AF_INET) want_v4_with_iface.insert(std::string(p->ifa_name) + " " + row);
  }
  ::freeifaddrs(ifa);
  std::set<std::string> got;
  for (const auto& r : query("SELECT interface, address, mask FROM interface_addresses")) {
    const std::string row = e2e::text_at(r, "address").value_or("?") + " " + e2e::text_at(r, "mask").value_or("?");
    got.insert(row);
    const auto iface = e2e::text_at(r, "interface");
    if (row.find(':') == std::string::npos && iface) {
      EXPECT_TRUE(want_v4_with_iface.count(*iface + " " + row)) << *iface << " " << row;
    } else {
      EXPECT_TRUE(iface.has_value() || row.find(':') == std::string::npos) << row;
    }
  }
  EXPECT_EQ(got, want);
  EXPECT_EQ(query("SELECT * FROM interface_addresses WHERE address = '127.0.0.1' AND interface = 'lo' AND "
                  "mask = '255.0.0.0'").size(),
            1u);
}

// A query written for osquery (its documentation's listening-process example) runs unchanged on the snapshot.
TEST_F(EndToEnd, OsqueryQueryRunsUnchanged) {
  const auto rows = query(
      "SELECT DISTINCT process.name, listening.port, listening.address, process.pid "
      "FROM processes AS process JOIN listening_ports AS listening ON process.pid = listening.pid "
      "WHERE listening.address = '127.0.0.1'");
  bool found = false;
  for (const auto& r : rows) {
    if (e2e::int_at(r, "pid") == state_->child.pid && e2e::int_at(r, "port") == state_->child.port) {
      found = true;
      EXPECT_EQ(e2e::text_at(r, "name"), k_comm);
    }
  }
  EXPECT_TRUE(found) << "the child's listener is missing from the joined result";
}
