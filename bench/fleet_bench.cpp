// fleet_bench: `procsnap push` throughput against clickhouse-client, and fleet queries over many snapshots, on a
// throwaway ClickHouse server (Debian's clickhouse-server, loopback, free ports, a temp dir; no systemd).
//
//   fleet_bench --procsnap PATH --collector PATH --samples DIR [--procs 200] [--snapshots 1000] [--repeat 3]
//               [--part push|fleet|all] [--clickhouse-server PATH] [--clickhouse-client PATH] [--keep]
//
// Part 1, push vs clickhouse-client (same rows, same run):
//   1. Spawns --procs idle processes (/bin/sleep), captures this host (procsnap-collect --quiet) and imports it.
//   2. Pushes it once into a new database (tables created by push: reported, not judged), then exports each
//      table's rows of that snapshot from the server (SELECT * ... FORMAT RowBinary) into files: exactly what push
//      sent, in the tables' column order (not timed).
//   3. Push: procsnap push into a database whose (empty) tables exist already (made by fleet::ensure_schema, not
//      timed), wall time of the whole command.
//      Baseline: the same rows loaded from those files by `clickhouse-client --port TCP --query "INSERT INTO db.t
//      FORMAT RowBinary" < file`, one process and one INSERT per non-empty table (as push does one INSERT per
//      table), into another database with the same empty tables; wall time of all of them.
//   Each --repeat times, interleaved; the fastest run of each counts. Target: push >= 0.8x baseline rows/s
//   (exit 1 when missed). Also printed, not judged: the baseline without clickhouse-client's start-up (a `SELECT
//   1` run per table, measured once, after the first run) and where push spends its time (one more push as a user whose
//   profile logs queries: server-side time of its INSERTs and SELECTs from system.query_log, and push's CPU time).
//
// Part 2, --snapshots snapshots (default 1000) on the server:
//   1. Imports samples/baseline and samples/compromised into a local database, then builds another one (schema by
//      procsnap's importer) holding --snapshots copies of them, alternately, relabeled as distinct hosts and times:
//      every table's rows copied with INSERT ... SELECT, each copy with its own archive_sha256 (sha256 of
//      "bench-<i>"), hostname (host-0001, ...), machine_id and captured_at / captured_at_epoch_ns (spread over
//      the last 30 days).
//   2. procsnap push ... all (timed once; rows/s; server-side breakdown as above).
//   3. procsnap fleet stack <kind> for every kind and procsnap fleet triage, --repeat times interleaved, best.
//   Target: fleet stack exe < 2 s (exit 1 when missed). Outputs are checked (rows printed, one triage report per
//   snapshot, no failed check).
//
// A missing clickhouse-server skips the bench (exit 0). Servers, idle processes and the temp dir are removed on
// exit, on failure and on SIGINT/SIGTERM/SIGHUP (the server also dies with the bench: PR_SET_PDEATHSIG).
#include "db/db.hpp"
#include "fleet/clickhouse_client.hpp"
#include "fleet/push.hpp"
#include "importer/database.hpp"
#include "procsnap/common/sha256.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace procsnap;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr double k_push_target = 0.8;     // push rows/s >= 0.8x clickhouse-client's
constexpr double k_stack_exe_target = 2.0;  // seconds, fleet stack exe over --snapshots snapshots

// ---- cleanup on signals: what to kill and remove (async-signal-safe handler) ---------------------------------------

char g_dir[256] = {0};
volatile pid_t g_server_pid = -1;  // its own process group
volatile pid_t g_child_pid = -1;   // the command being run
constexpr int k_max_sleepers = 10000;
pid_t g_sleepers[k_max_sleepers];
volatile int g_sleeper_count = 0;

void on_signal(int sig) {
  if (g_child_pid > 0) ::kill(g_child_pid, SIGKILL);
  if (g_server_pid > 0) ::kill(-g_server_pid, SIGKILL);
  for (int i = 0; i < g_sleeper_count; ++i) ::kill(g_sleepers[i], SIGKILL);
  if (g_server_pid > 0) ::waitpid(g_server_pid, nullptr, 0);
  if (g_dir[0] != 0) {
    const pid_t p = ::fork();
    if (p == 0) {
      ::execl("/bin/rm", "rm", "-rf", g_dir, static_cast<char*>(nullptr));
      ::_exit(127);
    }
    if (p > 0) ::waitpid(p, nullptr, 0);
  }
  constexpr char msg[] = "\nfleet_bench: interrupted; server stopped, temp dir removed\n";
  (void)!::write(2, msg, sizeof msg - 1);
  ::_exit(128 + sig);
}

double secs(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

const Clock::time_point g_start = Clock::now();

/// A progress or result line, prefixed with the seconds since the start.
void say(const std::string& s) {
  fmt::print("[{:4.0f} s] {}\n", secs(g_start, Clock::now()), s);
  std::fflush(stdout);
}

// ---- child processes -------------------------------------------------------------------------------------------------

struct RunResult {
  int rc = -1;
  double wall = 0;
  double cpu = 0;  // user + system of the child
};

/// Runs argv with stdin/stdout/stderr from/to files ("" = /dev/null); waits; times it.
RunResult run(const std::vector<std::string>& argv, const std::string& in = "", const std::string& out = "",
              const std::string& err = "") {
  const auto t0 = Clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const auto redirect = [](const std::string& path, int fd, int flags) {
      const int f = ::open(path.empty() ? "/dev/null" : path.c_str(), flags, 0644);
      if (f < 0) ::_exit(126);
      ::dup2(f, fd);
      ::close(f);
    };
    redirect(in, 0, O_RDONLY);
    redirect(out, 1, O_WRONLY | O_CREAT | O_TRUNC);
    redirect(err, 2, O_WRONLY | O_CREAT | O_TRUNC);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  g_child_pid = pid;
  int st = 0;
  rusage ru{};
  ::wait4(pid, &st, 0, &ru);
  g_child_pid = -1;
  RunResult r;
  r.wall = secs(t0, Clock::now());
  r.cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
          static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
  r.rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
  return r;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string tail(const std::string& s, std::size_t n = 1500) { return s.size() > n ? s.substr(s.size() - n) : s; }

/// Throws with the command's stderr when it exited with something else than one of `ok`.
void expect_rc(const RunResult& r, std::initializer_list<int> ok, const std::string& what, const std::string& err) {
  if (std::find(ok.begin(), ok.end(), r.rc) != ok.end()) return;
  throw std::runtime_error(what + " exited with " + std::to_string(r.rc) + (err.empty() ? "" : ": " + tail(slurp(err))));
}

void spawn_sleepers(int n) {
  for (int i = 0; i < n && g_sleeper_count < k_max_sleepers; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      const int devnull = ::open("/dev/null", O_RDWR);
      ::dup2(devnull, 0);
      ::dup2(devnull, 1);
      ::execl("/bin/sleep", "sleep", "3600", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    if (pid > 0) {
      g_sleepers[g_sleeper_count] = pid;
      g_sleeper_count = g_sleeper_count + 1;
    }
  }
  ::usleep(300'000);  // let every exec finish
}

void reap_sleepers() {
  const int n = g_sleeper_count;
  for (int i = 0; i < n; ++i) ::kill(g_sleepers[i], SIGKILL);
  for (int i = 0; i < n; ++i) ::waitpid(g_sleepers[i], nullptr, 0);
  g_sleeper_count = 0;
}

// ---- a throwaway ClickHouse server (bench-local twin of tests/fleet/clickhouse_server.hpp) --------------------------

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  const int port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

/// Users: `default` (no password) and push_log, client_log, fleet_log (no password, a profile with log_queries = 1:
/// their queries go to system.query_log, one user per measured run).
class Server {
 public:
  Server(std::string binary, const fs::path& dir) : binary_(std::move(binary)), dir_(dir.string()) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      http_ = free_port();
      tcp_ = free_port();
      inter_ = free_port();
      write_config();
      if (start()) return;
    }
    throw std::runtime_error("clickhouse-server did not start; log: " + tail(slurp(dir_ + "/server.err")));
  }
  ~Server() { stop(); }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  [[nodiscard]] std::string url(const std::string& user = "") const {
    return "http://" + (user.empty() ? "" : user + "@") + "127.0.0.1:" + std::to_string(http_) + "/";
  }
  [[nodiscard]] int tcp_port() const { return tcp_; }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        g_server_pid = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
    g_server_pid = -1;
  }

 private:
  bool start() {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::chdir(dir_.c_str()) != 0) ::_exit(126);
      const int out = ::open((dir_ + "/stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = ::open((dir_ + "/stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(out, 1);
      ::dup2(err, 2);
      const std::string cfg = "--config-file=" + dir_ + "/config.xml";
      ::execl(binary_.c_str(), "clickhouse-server", cfg.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::setpgid(pid_, pid_);
    g_server_pid = pid_;
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < deadline) {
      if (ping()) return true;
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {  // e.g. a port taken meanwhile: try other ports
        pid_ = -1;
        g_server_pid = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    stop();
    return false;
  }

  [[nodiscard]] bool ping() const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(http_));
    bool ok = false;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      const std::string req = "GET /ping HTTP/1.0\r\n\r\n";
      if (::write(fd, req.data(), req.size()) == static_cast<ssize_t>(req.size())) {
        char buf[256];
        std::string got;
        ssize_t n = 0;
        while ((n = ::read(fd, buf, sizeof buf)) > 0) got.append(buf, static_cast<std::size_t>(n));
        ok = got.find("Ok.") != std::string::npos;
      }
    }
    ::close(fd);
    return ok;
  }

  void write_config() {
    fs::create_directories(dir_ + "/data");
    fs::create_directories(dir_ + "/tmp");
    std::ofstream cfg(dir_ + "/config.xml");
    cfg << "<?xml version=\"1.0\"?>\n<yandex>\n"
        << "  <logger><level>warning</level><log>" << dir_ << "/server.log</log><errorlog>" << dir_
        << "/server.err</errorlog><console>0</console></logger>\n"
        << "  <listen_host>127.0.0.1</listen_host>\n"
        << "  <http_port>" << http_ << "</http_port>\n"
        << "  <tcp_port>" << tcp_ << "</tcp_port>\n"
        << "  <interserver_http_port>" << inter_ << "</interserver_http_port>\n"
        << "  <path>" << dir_ << "/data/</path>\n  <tmp_path>" << dir_ << "/tmp/</tmp_path>\n"
        << "  <user_files_path>" << dir_ << "/uf/</user_files_path>\n"
        << "  <format_schema_path>" << dir_ << "/fs/</format_schema_path>\n"
        << "  <users_config>users.xml</users_config>\n"
        << "  <default_profile>default</default_profile>\n  <default_database>default</default_database>\n"
        << "  <mark_cache_size>268435456</mark_cache_size>\n"
        << "  <uncompressed_cache_size>268435456</uncompressed_cache_size>\n"
        << "  <query_log><database>system</database><table>query_log</table>"
        << "<flush_interval_milliseconds>7500</flush_interval_milliseconds></query_log>\n"
        << "</yandex>\n";
    std::ofstream users(dir_ + "/users.xml");
    const std::string net = "<networks><ip>127.0.0.1</ip><ip>::1</ip></networks>";
    users << "<?xml version=\"1.0\"?>\n<yandex>\n  <profiles>\n"
          << "    <default><max_memory_usage>4000000000</max_memory_usage></default>\n"
          << "    <prof><max_memory_usage>4000000000</max_memory_usage><log_queries>1</log_queries></prof>\n"
          << "  </profiles>\n  <users>\n"
          << "    <default><password></password>" << net << "<profile>default</profile><quota>default</quota></default>\n";
    for (const char* u : {"push_log", "client_log", "fleet_log"}) {
      users << "    <" << u << "><password></password>" << net << "<profile>prof</profile><quota>default</quota></"
            << u << ">\n";
    }
    users << "  </users>\n  <quotas><default></default></quotas>\n</yandex>\n";
  }

  std::string binary_;
  std::string dir_;
  int http_ = 0;
  int tcp_ = 0;
  int inter_ = 0;
  pid_t pid_ = -1;
};

fleet::Client client_for(const Server& s, const std::string& database = "default") {
  auto p = fleet::parse_endpoint(s.url());
  if (!p.endpoint) throw std::runtime_error("bad URL: " + p.error);
  p.endpoint->database = database;
  return fleet::Client(*p.endpoint);
}

/// Empty procsnap tables in `database` (procsnap's own DDL; what push would create).
void make_tables(const Server& s, const std::string& database) {
  fleet::Client c = client_for(s, database);
  fleet::Fleet f;
  f.entry = &c;
  f.layout.database = database;
  fleet::ensure_schema(f);
}

void drop_database(const Server& s, const std::string& database) {
  client_for(s).execute("DROP DATABASE IF EXISTS " + fleet::quote_ident(database), {}, false);
}

std::string scalar(fleet::Client& c, const std::string& sql) {
  const auto rs = c.select(sql);
  if (rs.rows.empty() || rs.rows[0].empty() || !rs.rows[0][0]) return "";
  return *rs.rows[0][0];
}

std::uint64_t server_rows(const Server& s, const std::string& database) {
  fleet::Client c = client_for(s);
  const std::string n = scalar(c, "SELECT sum(rows) FROM system.parts WHERE active AND database = " +
                                      fleet::quote(database) + " AND table != 'procsnap_meta'");
  return n.empty() ? 0 : std::stoull(n);
}

/// Where a user's queries spent their time on the server (system.query_log of the `prof` user), since `since`.
struct Breakdown {
  struct Kind {
    std::uint64_t queries = 0;
    double seconds = 0;
    std::uint64_t rows = 0;  // written (INSERT) or read (SELECT)
  };
  std::map<std::string, Kind> kinds;  // INSERT, SELECT, other
  double total() const {
    double t = 0;
    for (const auto& [k, v] : kinds) t += v.seconds;
    return t;
  }
  struct Insert {
    double seconds = 0;
    std::string table;
    std::uint64_t rows = 0;
    std::uint64_t bytes = 0;
  };
  std::vector<Insert> slowest;  // the three slowest INSERTs
};

Breakdown query_log_breakdown(const Server& s, const std::string& since_marker, const std::string& user) {
  fleet::Client c = client_for(s);
  c.execute("SYSTEM FLUSH LOGS");
  Breakdown b;
  const std::string where = "type = 2 AND user = " + fleet::quote(user) + " AND event_time >= toDateTime(" +
                            since_marker + ")";
  const auto rs = c.select(
      "SELECT multiIf(startsWith(query, 'INSERT'), 'INSERT', startsWith(query, 'SELECT'), 'SELECT', 'other') AS k, "
      "count(), sum(query_duration_ms), sum(if(k = 'INSERT', written_rows, read_rows)) FROM system.query_log WHERE " +
      where + " GROUP BY k");
  for (const auto& row : rs.rows) {
    if (row.size() != 4 || !row[0]) continue;
    auto& k = b.kinds[*row[0]];
    k.queries = std::stoull(row[1].value_or("0"));
    k.seconds = std::stod(row[2].value_or("0")) / 1000.0;
    k.rows = std::stoull(row[3].value_or("0"));
  }
  const auto slow = c.select("SELECT query_duration_ms, extract(query, '([a-z_0-9]+)`? (\\\\(|FORMAT)'), written_rows, "
                             "written_bytes FROM system.query_log WHERE " + where +
                             " AND startsWith(query, 'INSERT') ORDER BY query_duration_ms DESC LIMIT 3");
  for (const auto& row : slow.rows) {
    if (row.size() != 4) continue;
    b.slowest.push_back(Breakdown::Insert{std::stod(row[0].value_or("0")) / 1000.0, row[1].value_or(""),
                                          std::stoull(row[2].value_or("0")), std::stoull(row[3].value_or("0"))});
  }
  return b;
}

void print_breakdown(const Breakdown& b, const RunResult& push, const std::string& what = "push") {
  say(fmt::format("    {} wall {:.3f} s, its CPU (user+sys) {:.3f} s", what, push.wall, push.cpu));
  for (const auto& [k, v] : b.kinds) {
    say(fmt::format("    server {:6}: {:4} queries, {:8.3f} s, {:>10} rows {}", k, v.queries, v.seconds, v.rows,
                    k == "INSERT" ? "(written; includes waiting for the client's streamed body)" : ""));
  }
  std::string slow;
  for (const auto& i : b.slowest) {
    slow += fmt::format("{}{} {:.3f} s ({} rows, {:.1f} MB)", slow.empty() ? "" : ", ", i.table, i.seconds, i.rows,
                        static_cast<double>(i.bytes) / 1e6);
  }
  say("    slowest INSERTs: " + slow);
  say(fmt::format("    outside server queries (process start{}): {:.3f} s",
                  what == "push" ? ", SQLite reads before an INSERT starts, HTTP round trips" : "",
                  std::max(0.0, push.wall - b.total())));
}

std::string now_marker() { return std::to_string(static_cast<long long>(std::time(nullptr)) - 1); }

// ---- part 1: push vs clickhouse-client ----------------------------------------------------------------------------------

struct Options {
  std::string procsnap;
  std::string collector;
  std::string samples = "samples";
  std::string ch_server = "/usr/sbin/clickhouse-server";
  std::string ch_client = "/usr/bin/clickhouse-client";
  std::string part = "all";
  int procs = 200;
  int snapshots = 1000;
  int repeat = 3;
  bool keep = false;
};

struct ExportedTable {
  std::string name;
  std::string file;
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
};

bool bench_push(const Options& o, const Server& server, const fs::path& dir) {
  say("-- part 1: procsnap push vs clickhouse-client, same rows");
  const std::string archive = (dir / "live.tar.zst").string();
  const std::string db = (dir / "live.db").string();
  say(fmt::format("capturing this host with {} extra idle processes ...", o.procs));
  spawn_sleepers(o.procs);
  const auto cap = run({o.collector, "--quiet", "-o", archive}, "", "", (dir / "collect.err").string());
  reap_sleepers();
  expect_rc(cap, {0, 3}, "procsnap-collect", (dir / "collect.err").string());
  const auto imp = run({o.procsnap, "import", "--db", db, archive}, "", "", (dir / "import.err").string());
  expect_rc(imp, {0}, "procsnap import", (dir / "import.err").string());
  std::string key;
  std::int64_t processes = 0;
  {
    db::Connection c(db, db::Connection::Mode::read_only);
    auto st = c.prepare("SELECT archive_sha256, coalesce(process_count, 0) FROM snapshots");
    if (!st.step()) throw std::runtime_error("the import left no snapshot");
    key = std::string(st.column_text(0));
    processes = st.column_int64(1);
  }
  say(fmt::format("  capture: {} bytes, {} processes, snapshot {}", fs::file_size(archive), processes,
                  key.substr(0, 16)));

  // First push: into a new database (push creates the tables). Reported, not judged.
  const std::string err = (dir / "push.err").string();
  const auto push_cmd = [&](const std::string& database, const std::string& user = "") {
    return std::vector<std::string>{o.procsnap, "push", "--clickhouse", server.url(user), "--database", database,
                                    "--db", db, "all"};
  };
  say("first push into a new database (push creates the tables) ...");
  const auto first = run(push_cmd("bench_first"), "", "", err);
  expect_rc(first, {0}, "procsnap push", err);

  // Export what push sent, table by table (not timed). Push also creates the osquery views (engine View) over the
  // tables: they hold no rows of their own.
  std::vector<ExportedTable> tables;
  {
    fleet::Client c = client_for(server, "bench_first");
    const auto names = c.select(
        "SELECT name FROM system.tables WHERE database = 'bench_first' AND name != 'procsnap_meta' AND engine != 'View' "
        "ORDER BY name");
    fs::create_directories(dir / "rowbinary");
    for (const auto& row : names.rows) {
      ExportedTable t;
      t.name = row[0].value_or("");
      t.file = (dir / "rowbinary" / (t.name + ".bin")).string();
      std::ofstream out(t.file, std::ios::binary);
      c.select_stream("SELECT * FROM " + fleet::quote_ident(t.name) + " WHERE snapshot_key = " + fleet::quote(key) +
                          " FORMAT RowBinary",
                      [&](std::string_view chunk) {
                        out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
                        t.bytes += chunk.size();
                      });
      t.rows = std::stoull(scalar(c, "SELECT count() FROM " + fleet::quote_ident(t.name) +
                                         " WHERE snapshot_key = " + fleet::quote(key)));
      if (t.rows > 0) tables.push_back(std::move(t));
    }
  }
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
  for (const auto& t : tables) {
    rows += t.rows;
    bytes += t.bytes;
  }
  if (server_rows(server, "bench_first") != rows) throw std::runtime_error("exported rows differ from the server's");
  drop_database(server, "bench_first");
  say(fmt::format("  {} rows in {} non-empty tables, {:.1f} MB RowBinary (uncompressed)", rows, tables.size(),
                  static_cast<double>(bytes) / 1e6));

  const std::string port = std::to_string(server.tcp_port());
  // The baseline: one clickhouse-client process and INSERT per table, into empty tables of a new database.
  const auto client_load = [&](const std::string& bdb, const std::string& user) {
    make_tables(server, bdb);
    RunResult b{.rc = 0};
    const std::string cerr = (dir / "client.err").string();
    for (const auto& t : tables) {
      const auto one = run({o.ch_client, "--host", "127.0.0.1", "--port", port, "--user", user, "--query",
                            "INSERT INTO " + fleet::quote_ident(bdb) + "." + fleet::quote_ident(t.name) +
                                " FORMAT RowBinary"},
                           t.file, "", cerr);
      expect_rc(one, {0}, "clickhouse-client (" + t.name + ")", cerr);
      b.wall += one.wall;
      b.cpu += one.cpu;
    }
    if (server_rows(server, bdb) != rows) throw std::runtime_error("clickhouse-client wrote other rows than push");
    drop_database(server, bdb);
    return b;
  };
  RunResult best_push{.wall = 1e9};
  RunResult best_base{.wall = 1e9};
  double best_startup = 1e9;
  for (int r = 1; r <= o.repeat; ++r) {
    say(fmt::format("run {}/{}: push ...", r, o.repeat));
    const std::string pdb = "bench_push_" + std::to_string(r);
    make_tables(server, pdb);
    const auto p = run(push_cmd(pdb), "", "", err);
    expect_rc(p, {0}, "procsnap push", err);
    if (server_rows(server, pdb) != rows) throw std::runtime_error("push wrote other rows than the first push");
    if (p.wall < best_push.wall) best_push = p;
    drop_database(server, pdb);

    say(fmt::format("run {}/{}: clickhouse-client, {} INSERTs ...", r, o.repeat, tables.size()));
    const RunResult b = client_load("bench_base_" + std::to_string(r), "default");
    if (b.wall < best_base.wall) best_base = b;

    if (r == 1) {  // clickhouse-client's start-up alone, as many times as it ran above (once: it is only printed)
      best_startup = 0;
      for (std::size_t i = 0; i < tables.size(); ++i) {
        best_startup += run({o.ch_client, "--host", "127.0.0.1", "--port", port, "--query", "SELECT 1"}).wall;
      }
    }
  }

  // One more push, logged, for the breakdown.
  make_tables(server, "bench_prof");
  const std::string since = now_marker();
  const auto prof = run(push_cmd("bench_prof", "push_log"), "", "", err);
  expect_rc(prof, {0}, "procsnap push (logged)", err);
  const Breakdown bd = query_log_breakdown(server, since, "push_log");
  drop_database(server, "bench_prof");
  say("one more clickhouse-client load, logged (for the comparison of server-side INSERT times) ...");
  const std::string since_client = now_marker();
  const RunResult client_prof = client_load("bench_client_prof", "client_log");
  const Breakdown bd_client = query_log_breakdown(server, since_client, "client_log");

  const auto rps = [&](double s) { return static_cast<double>(rows) / s; };
  const auto mbps = [&](double s) { return static_cast<double>(bytes) / 1e6 / s; };
  const double ratio = rps(best_push.wall) / rps(best_base.wall);
  const double base_net = std::max(1e-6, best_base.wall - best_startup);
  say("");
  say(fmt::format("  rows {}, {:.1f} MB RowBinary, {} tables; best of {} (wall)", rows, static_cast<double>(bytes) / 1e6,
                  tables.size(), o.repeat));
  say("                                                     wall s      rows/s     MB/s   CPU s");
  say(fmt::format("  procsnap push (tables existing)                : {:7.3f} {:11.0f} {:8.1f} {:7.3f}", best_push.wall,
                  rps(best_push.wall), mbps(best_push.wall), best_push.cpu));
  say(fmt::format("  clickhouse-client, 1 process per table         : {:7.3f} {:11.0f} {:8.1f} {:7.3f}", best_base.wall,
                  rps(best_base.wall), mbps(best_base.wall), best_base.cpu));
  say(fmt::format("  (info) clickhouse-client minus its start-up    : {:7.3f} {:11.0f} {:8.1f}   ({} x SELECT 1, run 1: {:.3f} s)",
                  base_net, rps(base_net), mbps(base_net), tables.size(), best_startup));
  say(fmt::format("  (info) first push, creating the tables         : {:7.3f} {:11.0f} {:8.1f} {:7.3f}", first.wall,
                  rps(first.wall), mbps(first.wall), first.cpu));
  say("  where the time goes (one more run of each as a user whose profile logs queries; server-side durations "
      "from system.query_log):");
  print_breakdown(bd, prof, "push");
  print_breakdown(bd_client, client_prof, "clickhouse-client (all processes)");
  const bool ok = ratio >= k_push_target;
  say(fmt::format("  ratio push / clickhouse-client: {:.2f}x rows/s (vs the start-up-free figure: {:.2f}x); "
                  "target >= {:.2f} -> {}",
                  ratio, base_net / best_push.wall, k_push_target, ok ? "PASS" : "MISS"));
  return ok;
}

// ---- part 2: many snapshots ---------------------------------------------------------------------------------------------

std::string sha256_hex(const std::string& s) {
  common::Sha256 h;
  h.update(s);
  return common::to_hex(h.finish());
}

std::string iso_utc(std::int64_t ns) {
  const std::time_t t = static_cast<std::time_t>(ns / 1'000'000'000);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:09d}Z", buf, ns % 1'000'000'000);
}

std::string qid(const std::string& s) { return "\"" + s + "\""; }

/// A plain sqlite3 connection (ATTACH allowed); statements through procsnap's db::Statement.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      const std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close_v2(db_);
      throw std::runtime_error("cannot open " + path + ": " + msg);
    }
  }
  ~RawDb() { sqlite3_close_v2(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      const std::string msg = err != nullptr ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error("SQL failed: " + msg + " (" + sql.substr(0, 80) + ")");
    }
  }
  db::Statement prepare(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK) {
      throw std::runtime_error("SQL failed: " + std::string(sqlite3_errmsg(db_)) + " (" + sql.substr(0, 80) + ")");
    }
    return db::Statement(db_, st);
  }
  [[nodiscard]] sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

/// Builds `out` holding `n` relabeled copies of the snapshots of `src` (alternately); returns the rows written.
std::uint64_t build_fleet_db(const std::string& src, const std::string& out, int n) {
  std::vector<std::int64_t> sources;
  {
    db::Connection c(src, db::Connection::Mode::read_only);
    auto st = c.prepare("SELECT id FROM snapshots ORDER BY id");
    while (st.step()) sources.push_back(st.column_int64(0));
  }
  if (sources.empty()) throw std::runtime_error("no snapshot in " + src);
  fs::remove(out);
  { db::Connection schema = importer::open_for_import(out); }  // procsnap's schema; nothing is added to it
  // procsnap's db::Connection allows no ATTACH (SQLITE_LIMIT_ATTACHED 0): a plain sqlite3 handle copies the rows.
  RawDb c(out);
  c.exec("PRAGMA foreign_keys = ON");
  c.exec("PRAGMA synchronous = OFF");
  c.exec("ATTACH DATABASE '" + src + "' AS src");
  std::vector<std::string> tables;
  {
    auto st = c.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND "
                        "name NOT IN ('snapshots', 'diff_runs', 'diff_changes', 'procsnap_meta') ORDER BY name");
    while (st.step()) tables.emplace_back(st.column_text(0));
  }
  const auto columns = [&](const std::string& t) {
    std::vector<std::string> cols;
    auto st = c.prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid");
    st.bind(1, db::Text{t});
    while (st.step()) cols.emplace_back(st.column_text(0));
    return cols;
  };
  // snapshots: the relabeled columns are parameters.
  const std::map<std::string, int> relabel{{"id", 1},       {"archive_sha256", 2}, {"hostname", 3},
                                           {"captured_at", 4}, {"captured_at_epoch_ns", 5}, {"machine_id", 6},
                                           {"archive_name", 7}};
  std::string snap_cols;
  std::string snap_sel;
  for (const auto& col : columns("snapshots")) {
    snap_cols += (snap_cols.empty() ? "" : ", ") + qid(col);
    const auto it = relabel.find(col);
    snap_sel += (snap_sel.empty() ? "" : ", ") + (it != relabel.end() ? "?" + std::to_string(it->second) : qid(col));
  }
  auto snap = c.prepare("INSERT INTO main.snapshots (" + snap_cols + ") SELECT " + snap_sel +
                        " FROM src.snapshots WHERE id = ?8");
  std::vector<db::Statement> copies;
  for (const auto& t : tables) {
    std::string cols;
    std::string sel;
    for (const auto& col : columns(t)) {
      cols += (cols.empty() ? "" : ", ") + qid(col);
      sel += (sel.empty() ? "" : ", ") + (col == "snapshot_id" ? std::string("?1") : qid(col));
    }
    copies.push_back(c.prepare("INSERT INTO main." + qid(t) + " (" + cols + ") SELECT " + sel + " FROM src." + qid(t) +
                               " WHERE snapshot_id = ?2"));
  }
  const std::int64_t now_ns = static_cast<std::int64_t>(std::time(nullptr)) * 1'000'000'000;
  const std::int64_t span_ns = 30LL * 86400 * 1'000'000'000;  // over the last 30 days
  std::uint64_t rows = 0;
  c.exec("BEGIN IMMEDIATE");
  for (int i = 0; i < n; ++i) {
    const std::int64_t id = i + 1;
    const std::int64_t source = sources[static_cast<std::size_t>(i) % sources.size()];
    const std::int64_t ns = now_ns - span_ns + span_ns / n * i + (i * 7919LL % 1000) * 1'000'000;
    const std::string sha = sha256_hex("bench-" + std::to_string(i + 1));
    snap.run({id, db::Text{sha}, db::Text{fmt::format("host-{:04d}", i + 1)}, db::Text{iso_utc(ns)}, ns,
              db::Text{sha.substr(0, 32)}, db::Text{"bench-" + std::to_string(i + 1) + ".tar.zst"}, source});
    rows += 1;
    for (auto& st : copies) {
      st.run({id, source});
      rows += static_cast<std::uint64_t>(sqlite3_changes(c.handle()));
    }
    if ((i + 1) % 100 == 0 || i + 1 == n) {
      fmt::print("\r  {} / {} snapshots", i + 1, n);
      std::fflush(stdout);
    }
  }
  fmt::print("\n");
  c.exec("COMMIT");
  c.exec("DETACH DATABASE src");
  return rows;
}

struct QueryTimes {
  RunResult best{.wall = 1e9};
  std::string out;  // the last run's output file
  std::string err;
  int rc = 0;
};

/// "(N rows)" at the end of a stack table.
std::string rows_line(const std::string& file) {
  const std::string s = slurp(file);
  const auto p = s.rfind("\n(");
  if (p == std::string::npos) return "?";
  return s.substr(p + 2, s.find(')', p) - p - 2);
}

std::size_t count_of(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

bool bench_fleet(const Options& o, const Server& server, const fs::path& dir) {
  say(fmt::format("-- part 2: {} snapshots (relabeled copies of the two samples) on ClickHouse", o.snapshots));
  const std::string src = (dir / "samples.db").string();
  const std::string fdb = (dir / "fleet.db").string();
  const auto imp = run({o.procsnap, "import", "--db", src, o.samples + "/baseline/baseline.tar.zst",
                        o.samples + "/compromised/compromised.tar.zst"},
                       "", "", (dir / "import.err").string());
  expect_rc(imp, {0}, "procsnap import of the samples", (dir / "import.err").string());
  say(fmt::format("building a local database of {} snapshots ...", o.snapshots));
  const auto t0 = Clock::now();
  const std::uint64_t rows = build_fleet_db(src, fdb, o.snapshots);
  say(fmt::format("  {} rows in {:.1f} s, {} MB", rows, secs(t0, Clock::now()), fs::file_size(fdb) >> 20));

  say(fmt::format("procsnap push ... all ({} snapshots) ...", o.snapshots));
  const std::string database = "fleet";
  const std::string err = (dir / "push.err").string();
  const std::string since = now_marker();
  const auto push = run({o.procsnap, "push", "--clickhouse", server.url("fleet_log"), "--database", database, "--db", fdb,
                         "all"},
                        "", "", err);
  expect_rc(push, {0}, "procsnap push", err);
  const std::uint64_t on_server = server_rows(server, database);
  if (on_server != rows) {
    throw std::runtime_error(fmt::format("the server holds {} rows after the push; the local database {}", on_server,
                                         rows));
  }
  const Breakdown bd = query_log_breakdown(server, since, "fleet_log");

  const std::vector<std::string> kinds{"exe", "listen", "parent-child", "modules", "ld-preload", "libs"};
  std::map<std::string, QueryTimes> times;
  const std::string url = server.url();
  for (int r = 1; r <= o.repeat; ++r) {
    say(fmt::format("run {}/{}: fleet stack (6 kinds), fleet triage ...", r, o.repeat));
    for (const auto& k : kinds) {
      auto& q = times["stack " + k];
      q.out = (dir / ("stack-" + k + ".out")).string();
      q.err = (dir / ("stack-" + k + ".err")).string();
      const auto one = run({o.procsnap, "fleet", "--clickhouse", url, "--database", database, "stack", k}, "", q.out,
                           q.err);
      expect_rc(one, {0}, "procsnap fleet stack " + k, q.err);
      if (one.wall < q.best.wall) q.best = one;
    }
    auto& q = times["triage"];
    q.out = (dir / "triage.out").string();
    q.err = (dir / "triage.err").string();
    const auto one = run({o.procsnap, "fleet", "--clickhouse", url, "--database", database, "triage"}, "", q.out, q.err);
    expect_rc(one, {0, 10}, "procsnap fleet triage", q.err);
    q.rc = one.rc;
    if (one.wall < q.best.wall) q.best = one;
  }

  say("");
  say(fmt::format("  {} snapshots, {} rows; best of {} (wall)", o.snapshots, rows, o.repeat));
  say(fmt::format("  push (all, batches of 50)  : {:8.3f} s  {:10.0f} rows/s  (CPU {:.3f} s)", push.wall,
                  static_cast<double>(rows) / push.wall, push.cpu));
  say("  where push spends its time (it ran as a user whose profile logs queries; server-side durations from "
      "system.query_log):");
  print_breakdown(bd, push);
  bool odd = false;
  for (const auto& k : kinds) {
    const auto& q = times["stack " + k];
    const std::string n = rows_line(q.out);
    say(fmt::format("  fleet stack {:<13}   : {:8.3f} s  ({} printed)", k, q.best.wall, n));
    if (n == "0 rows" || n == "?") {
      std::string why;
      if (k == "modules") {
        db::Connection c(src, db::Connection::Mode::read_only);
        auto st = c.prepare("SELECT count(*) FROM sys_modules");
        if (st.step() && st.column_int64(0) == 0) why = " (expected: the samples hold no sys_modules rows)";
      }
      say(fmt::format("    note: stack {} printed no rows{}", k, why));
    }
  }
  const auto& tq = times["triage"];
  const std::string tout = slurp(tq.out);
  const std::string terr = slurp(tq.err);
  const std::size_t reports = count_of(tout, "procsnap triage: snapshot ");
  const std::size_t with_findings = static_cast<std::size_t>(o.snapshots) - count_of(tout, "No findings.");
  say(fmt::format("  fleet triage               : {:8.3f} s  (exit {}, {} reports, {} with findings, {} MB of text)",
                  tq.best.wall, tq.rc, reports, with_findings, tout.size() >> 20));
  if (reports != static_cast<std::size_t>(o.snapshots)) {
    say(fmt::format("    ODD: {} triage reports for {} snapshots", reports, o.snapshots));
    odd = true;
  }
  if (count_of(terr, "failed") > 0) {
    say("    ODD: failed checks: " + tail(terr, 800));
    odd = true;
  }
  const double exe = times["stack exe"].best.wall;
  const bool ok = exe < k_stack_exe_target;
  say(fmt::format("  fleet stack exe over {} snapshots: {:.3f} s; target < {:.1f} s -> {}", o.snapshots, exe,
                  k_stack_exe_target, ok ? "PASS" : "MISS"));
  return ok && !odd;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--procsnap") o.procsnap = next();
    else if (a == "--collector") o.collector = next();
    else if (a == "--samples") o.samples = next();
    else if (a == "--clickhouse-server") o.ch_server = next();
    else if (a == "--clickhouse-client") o.ch_client = next();
    else if (a == "--part") o.part = next();
    else if (a == "--procs") o.procs = std::max(0, std::atoi(next().c_str()));
    else if (a == "--snapshots") o.snapshots = std::max(1, std::atoi(next().c_str()));
    else if (a == "--repeat") o.repeat = std::max(1, std::atoi(next().c_str()));
    else if (a == "--keep") o.keep = true;
    else {
      fmt::print(stderr,
                 "usage: fleet_bench --procsnap PATH --collector PATH [--samples DIR] [--procs 200] [--snapshots 1000]\n"
                 "                   [--repeat 3] [--part push|fleet|all] [--clickhouse-server PATH]\n"
                 "                   [--clickhouse-client PATH] [--keep]\n");
      return 2;
    }
  }
  if (o.procsnap.empty() || (o.collector.empty() && o.part != "fleet") ||
      (o.part != "push" && o.part != "fleet" && o.part != "all")) {
    fmt::print(stderr, "fleet_bench: --procsnap and --collector are required; --part push|fleet|all\n");
    return 2;
  }
  if (::access(o.ch_server.c_str(), X_OK) != 0 || ::access(o.ch_client.c_str(), X_OK) != 0) {
    say(fmt::format("SKIPPED: {} or {} is not installed (scripts/setup-deps.sh installs them)", o.ch_server,
                    o.ch_client));
    return 0;
  }
  o.procsnap = fs::absolute(o.procsnap).string();
  if (!o.collector.empty()) o.collector = fs::absolute(o.collector).string();
  o.samples = fs::absolute(o.samples).string();

  char tmpl[] = "/tmp/procsnap-fleet-bench-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) return 1;
  std::snprintf(g_dir, sizeof g_dir, "%s", tmpl);
  struct sigaction sa{};
  sa.sa_handler = on_signal;
  for (const int s : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(s, &sa, nullptr);
  const fs::path dir = tmpl;
  int rc = 0;
  const auto t0 = Clock::now();
  try {
    fs::create_directories(dir / "server");
    Server server(o.ch_server, dir / "server");
    say(fmt::format("clickhouse-server ({}) on {} (native TCP {}), temp dir {}", o.ch_server, server.url(),
                    server.tcp_port(), dir.string()));
    try {
      if (o.part != "fleet" && !bench_push(o, server, dir)) rc = 1;
      if (o.part == "all") say("");
      if (o.part != "push" && !bench_fleet(o, server, dir)) rc = 1;
    } catch (const std::exception& e) {
      fmt::print(stderr, "fleet_bench: {}\n", e.what());
      rc = 1;
    }
    server.stop();
  } catch (const std::exception& e) {
    fmt::print(stderr, "fleet_bench: {}\n", e.what());
    rc = 1;
  }
  reap_sleepers();
  if (o.keep) {
    say("kept " + dir.string());
  } else {
    say("removing the temp dir ...");
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  say(fmt::format("fleet_bench: {:.0f} s in all; {}", secs(t0, Clock::now()),
                  rc == 0 ? "every target met" : "a target missed, or a step failed"));
  return rc;
}
