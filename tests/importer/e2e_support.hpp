#pragma once
// Helpers for the end-to-end tests: run the real binaries (procsnap-collect, procsnap) as child processes,
// capture their output, and read `procsnap query --format json` results as JSON rows. Tests built on these
// helpers also open the resulting databases directly, hence db.hpp.
#include "db/db.hpp"
#include "procsnap/common/json.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

namespace procsnap::e2e {

struct RunResult {
  int exit_code = -1;  ///< exit status, or 128 + signal when killed, -1 when it could not start
  std::string out;
  std::string err;
  bool timed_out = false;
};

/// Runs argv[0] (a path) with argv, feeding `input` on stdin, and collects stdout/stderr. Kills the child after
/// `timeout` (the tests must not hang when a binary does).
inline RunResult run(const std::vector<std::string>& argv, std::string_view input = {},
                     std::chrono::seconds timeout = std::chrono::seconds(120)) {
  RunResult r;
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) return r;
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return r;
  if (pipe2(err_pipe, O_CLOEXEC) != 0) return r;
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    execv(args[0], args.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (pid < 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    close(err_pipe[0]);
    return r;
  }
  // Feed stdin in full before reading (inputs are small); then close it so the child sees EOF.
  std::size_t off = 0;
  signal(SIGPIPE, SIG_IGN);
  while (off < input.size()) {
    const ssize_t n = write(in_pipe[1], input.data() + off, input.size() - off);
    if (n <= 0) break;
    off += static_cast<std::size_t>(n);
  }
  close(in_pipe[1]);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      r.timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    if (poll(fds, 2, static_cast<int>(left.count())) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.exit_code = 128 + WTERMSIG(status);
  }
  return r;
}

/// A private temporary directory, removed with its content at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "procsnap-e2e-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::string file(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// Why a binary cannot be used yet (nullopt when it can): missing, or still the "not built yet" placeholder
/// (detected by running it with --help).
inline std::optional<std::string> unusable_binary(const std::string& path) {
  if (!std::filesystem::exists(path)) return "binary " + path + " does not exist";
  const auto r = run({path, "--help"}, {}, std::chrono::seconds(30));
  if (r.out.find("not built yet") != std::string::npos || r.err.find("not built yet") != std::string::npos) {
    return path + " is still the placeholder (prints 'not built yet')";
  }
  if (r.exit_code != 0) return path + " --help exited " + std::to_string(r.exit_code) + ": " + r.err;
  return std::nullopt;
}

using common::json::Value;

/// Rows of a JSON query result: accepts a JSON array of objects (--format json) or one object per line
/// (--format ndjson). nullopt when the text is neither.
inline std::optional<std::vector<Value>> parse_rows(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
  if (i == text.size()) return std::vector<Value>{};
  if (text[i] == '[') {
    auto parsed = common::json::parse(text);
    if (!std::holds_alternative<Value>(parsed)) return std::nullopt;
    const auto* arr = std::get<Value>(parsed).as_array();
    if (arr == nullptr) return std::nullopt;
    // One statement: an array of row objects. Several statements: an array of such arrays (flattened).
    std::vector<Value> rows;
    for (const auto& e : *arr) {
      if (const auto* inner = e.as_array()) {
        rows.insert(rows.end(), inner->begin(), inner->end());
      } else {
        rows.push_back(e);
      }
    }
    return rows;
  }
  std::vector<Value> rows;
  while (i < text.size()) {
    std::size_t end = text.find('\n', i);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(i, end - i);
    if (!line.empty()) {
      auto parsed = common::json::parse(line);
      if (!std::holds_alternative<Value>(parsed)) return std::nullopt;
      rows.push_back(std::get<Value>(std::move(parsed)));
    }
    i = end + 1;
  }
  return rows;
}

/// String member of a row; numbers are returned as their text (so "42" and 42 compare alike); nullopt for NULL
/// or absent.
inline std::optional<std::string> text_at(const Value& row, std::string_view key) {
  const Value* v = row.find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (const auto* s = v->as_string()) return *s;
  if (const auto i = v->as_i64()) return std::to_string(*i);
  if (const auto u = v->as_u64()) return std::to_string(*u);
  if (const auto b = v->as_bool()) return *b ? "1" : "0";
  if (const auto d = v->as_double()) return std::to_string(*d);
  return std::nullopt;
}

/// Integer member of a row (a JSON number, or a string holding a decimal integer); nullopt otherwise.
inline std::optional<std::int64_t> int_at(const Value& row, std::string_view key) {
  const Value* v = row.find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (const auto i = v->as_i64()) return i;
  if (const auto* s = v->as_string()) {
    char* end = nullptr;
    errno = 0;
    const long long x = std::strtoll(s->c_str(), &end, 10);
    if (!s->empty() && end != nullptr && *end == '\0' && errno == 0) return x;
  }
  return std::nullopt;
}

/// Runs `procsnap query --db DB --format json SQL`; returns the rows, or nullopt with `error` set.
inline std::optional<std::vector<Value>> query(const std::string& procsnap_bin, const std::string& db,
                                               const std::string& sql, std::string& error) {
  const auto r = run({procsnap_bin, "query", "--db", db, "--format", "json", sql});
  if (r.exit_code != 0) {
    error = "procsnap query exited " + std::to_string(r.exit_code) + ": " + r.err;
    return std::nullopt;
  }
  auto rows = parse_rows(r.out);
  if (!rows) error = "not JSON rows: " + r.out.substr(0, 500);
  return rows;
}

/// Captures with `procsnap-collect <collect_args> -o <archive>` and imports into `db`. Returns an error message,
/// or nullopt on success. The collector may exit 3 (partial capture: some items unreadable), which is fine here.
inline std::optional<std::string> capture_and_import(const std::string& collect_bin, const std::string& procsnap_bin,
                                                     std::vector<std::string> collect_args,
                                                     const std::string& archive, const std::string& db) {
  std::vector<std::string> argv = {collect_bin};
  argv.insert(argv.end(), collect_args.begin(), collect_args.end());
  argv.insert(argv.end(), {"-o", archive});
  const auto c = run(argv);
  if (c.exit_code != 0 && c.exit_code != 3) {
    return "procsnap-collect exited " + std::to_string(c.exit_code) + ": " + c.err;
  }
  const auto i = run({procsnap_bin, "import", "--db", db, archive});
  if (i.exit_code != 0) return "procsnap import exited " + std::to_string(i.exit_code) + ": " + i.err;
  return std::nullopt;
}

inline bool is_null_at(const Value& row, std::string_view key) {
  const Value* v = row.find(key);
  return v != nullptr && v->is_null();
}

}  // namespace procsnap::e2e
