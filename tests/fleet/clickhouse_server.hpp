#pragma once
// A throwaway ClickHouse server for tests: Debian's clickhouse-server, started on loopback with a config of its
// own (free ports, a data directory under /tmp, a password-less `default` user and a user `alice` with password
// `s3cret`), stopped (SIGTERM, then SIGKILL) and removed when the object goes. Optionally part of a cluster:
// remote_servers lists every server of a group as one shard each. Tests need no systemd and no root.
//
// When clickhouse-server is missing the tests skip with that reason, except under CI (CI set in the environment),
// where a missing server is a failure: CI installs it (scripts/setup-deps.sh).
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace procsnap::testing {

inline constexpr const char* k_clickhouse_server = "/usr/sbin/clickhouse-server";

/// Why a ClickHouse test cannot run here (nullopt: it can). Under CI a missing server is not a reason.
inline std::optional<std::string> clickhouse_unavailable() {
  if (::access(k_clickhouse_server, X_OK) == 0) return std::nullopt;
  if (std::getenv("CI") != nullptr) return std::nullopt;  // the test then fails on start()
  return std::string("clickhouse-server is not installed (scripts/setup-deps.sh installs it)");
}

/// A TCP port nobody listens on now (bound to port 0 and released).
inline int free_port() {
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

/// The three ports of one server (HTTP, native TCP for the cluster, interserver), free when made.
struct ClickHousePorts {
  int http = free_port();
  int tcp = free_port();
  int interserver = free_port();
  int https = free_port();
};

class ClickHouseServer {
 public:
  using Ports = ClickHousePorts;

  /// A server of its own; `cluster_tcp_ports` (with a cluster name) lists the TCP ports of every shard.
  ClickHouseServer() : ClickHouseServer({}, {}, Ports{}) {}
  /// `tls`: also serve HTTPS on ports().https with a self-signed certificate for 127.0.0.1 (cert_file()), made
  /// with the openssl command.
  ClickHouseServer(std::string cluster, std::vector<int> cluster_tcp_ports, Ports ports, bool tls = false)
      : ports_(ports), cluster_(std::move(cluster)), cluster_ports_(std::move(cluster_tcp_ports)), tls_(tls) {
    char tmpl[] = "/tmp/procsnap-ch-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    write_config();
    start();
  }
  ~ClickHouseServer() {
    stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  ClickHouseServer(const ClickHouseServer&) = delete;
  ClickHouseServer& operator=(const ClickHouseServer&) = delete;

  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(ports_.http) + "/"; }
  [[nodiscard]] std::string url_with(const std::string& userinfo) const {
    return "http://" + userinfo + "@127.0.0.1:" + std::to_string(ports_.http) + "/";
  }
  [[nodiscard]] std::string https_url() const { return "https://127.0.0.1:" + std::to_string(ports_.https) + "/"; }
  [[nodiscard]] std::string cert_file() const { return dir_ + "/cert.pem"; }
  [[nodiscard]] const Ports& ports() const { return ports_; }
  [[nodiscard]] bool running() const { return pid_ > 0; }

  /// Starts the server and waits (up to 30 s) until /ping answers; ADD_FAILURE when it does not.
  void start() {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      if (::chdir(dir_.c_str()) != 0) ::_exit(126);
      std::freopen((dir_ + "/stdout").c_str(), "w", stdout);
      std::freopen((dir_ + "/stderr").c_str(), "w", stderr);
      const std::string cfg = "--config-file=" + dir_ + "/config.xml";
      ::execl(k_clickhouse_server, "clickhouse-server", cfg.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (ping()) return;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        ADD_FAILURE() << "clickhouse-server exited at start; log: " << log_tail();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "clickhouse-server did not answer /ping in 30 s; log: " << log_tail();
  }

  /// SIGKILL: the server dies as in a crash (no flush, no goodbye).
  void kill_hard() { signal_and_reap(SIGKILL); }
  /// SIGTERM, then SIGKILL after 10 s.
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    signal_and_reap(SIGKILL);
  }

  /// /ping over a raw loopback socket (the tests check procsnap's HTTP client, not their own).
  [[nodiscard]] bool ping() const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(ports_.http));
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

  [[nodiscard]] std::string log_tail() const {
    std::ifstream in(dir_ + "/server.err");
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return s.size() > 2000 ? s.substr(s.size() - 2000) : s;
  }

 private:
  void signal_and_reap(int sig) {
    if (pid_ <= 0) return;
    ::kill(pid_, sig);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  void write_config() {
    std::filesystem::create_directories(dir_ + "/data");
    std::filesystem::create_directories(dir_ + "/tmp");
    std::ofstream cfg(dir_ + "/config.xml");
    cfg << "<?xml version=\"1.0\"?>\n<yandex>\n"
        << "  <logger><level>warning</level><log>" << dir_ << "/server.log</log><errorlog>" << dir_
        << "/server.err</errorlog><console>0</console></logger>\n"
        << "  <listen_host>127.0.0.1</listen_host>\n"
        << "  <http_port>" << ports_.http << "</http_port>\n"
        << "  <tcp_port>" << ports_.tcp << "</tcp_port>\n"
        << "  <interserver_http_port>" << ports_.interserver << "</interserver_http_port>\n"
        << "  <path>" << dir_ << "/data/</path>\n  <tmp_path>" << dir_ << "/tmp/</tmp_path>\n"
        << "  <user_files_path>" << dir_ << "/uf/</user_files_path>\n"
        << "  <format_schema_path>" << dir_ << "/fs/</format_schema_path>\n"
        << "  <users_config>users.xml</users_config>\n"
        << "  <default_profile>default</default_profile>\n  <default_database>default</default_database>\n"
        << "  <mark_cache_size>67108864</mark_cache_size>\n"
        << "  <uncompressed_cache_size>67108864</uncompressed_cache_size>\n";
    if (tls_) {
      const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext "
                              "subjectAltName=IP:127.0.0.1 -keyout " + dir_ + "/key.pem -out " + dir_ +
                              "/cert.pem >/dev/null 2>&1";
      if (std::system(cmd.c_str()) != 0) ADD_FAILURE() << "openssl could not make a certificate: " << cmd;
      cfg << "  <https_port>" << ports_.https << "</https_port>\n"
          << "  <openSSL><server><certificateFile>" << dir_ << "/cert.pem</certificateFile><privateKeyFile>" << dir_
          << "/key.pem</privateKeyFile><verificationMode>none</verificationMode>"
          << "<loadDefaultCAFile>false</loadDefaultCAFile><cacheSessions>true</cacheSessions>"
          << "<disableProtocols>sslv2,sslv3</disableProtocols><preferServerCiphers>true</preferServerCiphers>"
          << "</server></openSSL>\n";
    }
    if (!cluster_.empty()) {
      cfg << "  <remote_servers>\n    <" << cluster_ << ">\n";
      for (const int p : cluster_ports_) {
        cfg << "      <shard><replica><host>127.0.0.1</host><port>" << p << "</port></replica></shard>\n";
      }
      cfg << "    </" << cluster_ << ">\n  </remote_servers>\n";
    }
    cfg << "</yandex>\n";
    std::ofstream users(dir_ + "/users.xml");
    users << "<?xml version=\"1.0\"?>\n<yandex>\n"
          << "  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>\n"
          << "  <users>\n"
          << "    <default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>"
          << "<profile>default</profile><quota>default</quota></default>\n"
          << "    <alice><password>s3cret</password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>"
          << "<profile>default</profile><quota>default</quota></alice>\n"
          << "  </users>\n  <quotas><default></default></quotas>\n</yandex>\n";
  }

  Ports ports_;
  std::string cluster_;
  std::vector<int> cluster_ports_;
  bool tls_ = false;
  std::string dir_;
  pid_t pid_ = -1;
};

}  // namespace procsnap::testing
