// What changed between two captures, on this machine: capture the test's own children, then start a process,
// stop another, open a listening socket in a third, dlopen a library in a fourth and change a fifth's cwd (a sixth
// stays untouched); capture again; `procsnap diff` must report exactly those changes among the test's processes.
#include <arpa/inet.h>
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "importer/e2e_support.hpp"

namespace {

namespace e2e = procsnap::e2e;
using procsnap::common::json::Value;

/// A forked child that obeys one-byte commands: L = listen on 127.0.0.1 (any port), D = dlopen(lib),
/// C = chdir(dir). It answers each with 'y' or 'n' and otherwise sleeps in read(2).
struct Child {
  pid_t pid = -1;
  int cmd = -1;
  int ack = -1;
};

Child spawn(const std::string& lib, const std::string& dir) {
  int cmd[2], ack[2];
  if (pipe(cmd) != 0 || pipe(ack) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    close(cmd[1]);
    close(ack[0]);
    char c = 0;
    while (read(cmd[0], &c, 1) == 1) {
      bool ok = false;
      if (c == 'L') {
        const int s = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ok = s >= 0 && bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && listen(s, 1) == 0;
      } else if (c == 'D') {
        ok = dlopen(lib.c_str(), RTLD_NOW) != nullptr;
      } else if (c == 'C') {
        ok = chdir(dir.c_str()) == 0;
      }
      const char r = ok ? 'y' : 'n';
      if (write(ack[1], &r, 1) != 1) _exit(1);
    }
    _exit(0);
  }
  close(cmd[0]);
  close(ack[1]);
  return {pid, cmd[1], ack[0]};
}

bool order(const Child& c, char what) {
  char r = 0;
  return write(c.cmd, &what, 1) == 1 && read(c.ack, &r, 1) == 1 && r == 'y';
}

/// A glibc library this process has not mapped (so dlopen maps something new): its soname, or "".
std::string unmapped_library() {
  std::ifstream in("/proc/self/maps");
  std::stringstream ss;
  ss << in.rdbuf();
  for (const char* lib : {"libanl.so.1", "libBrokenLocale.so.1", "libresolv.so.2", "libnss_dns.so.2"}) {
    if (ss.str().find(lib) != std::string::npos) continue;
    if (void* h = dlopen(lib, RTLD_NOW | RTLD_NOLOAD); h != nullptr) {
      dlclose(h);
      continue;
    }
    // Check that it exists, in a throwaway child (dlopen here would map it into the children-to-be).
    const pid_t p = fork();
    if (p == 0) _exit(dlopen(lib, RTLD_NOW) != nullptr ? 0 : 1);
    int st = 0;
    waitpid(p, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return lib;
  }
  return "";
}

class DiffLive : public ::testing::Test {
 protected:
  void TearDown() override {
    for (auto& c : children_) {
      if (c.pid <= 0) continue;
      kill(c.pid, SIGKILL);
      waitpid(c.pid, nullptr, 0);
      close(c.cmd);
      close(c.ack);
    }
  }
  std::vector<Child> children_;
};

TEST_F(DiffLive, ReportsExactlyTheScenarioChanges) {
  for (const char* bin : {PROCSNAP_COLLECT_BIN, PROCSNAP_BIN}) {
    if (auto why = e2e::unusable_binary(bin)) GTEST_SKIP() << *why;
  }
  const std::string lib = unmapped_library();
  if (lib.empty()) GTEST_SKIP() << "no unmapped glibc library to dlopen on this machine";
  e2e::TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string cwd_target = dir.file("elsewhere");
  ASSERT_EQ(mkdir(cwd_target.c_str(), 0700), 0);
  const std::string db = dir.file("live.db");

  enum Role { stopped, listener, dlopener, wanderer, idle };
  for (int i = 0; i < 5; ++i) {
    children_.push_back(spawn(lib, cwd_target));
    ASSERT_GT(children_.back().pid, 0);
  }
  auto pid_list = [&](bool with_stopped) {
    std::string out;
    for (std::size_t i = 0; i < children_.size(); ++i) {
      if (i == stopped && !with_stopped) continue;
      out += (out.empty() ? "" : ",") + std::to_string(children_[i].pid);
    }
    return out;
  };
  auto err = e2e::capture_and_import(PROCSNAP_COLLECT_BIN, PROCSNAP_BIN, {"--pids", pid_list(true)},
                                     dir.file("before.tar"), db);
  ASSERT_FALSE(err.has_value()) << *err;

  // The scenario.
  kill(children_[stopped].pid, SIGKILL);
  waitpid(children_[stopped].pid, nullptr, 0);
  ASSERT_TRUE(order(children_[listener], 'L'));
  ASSERT_TRUE(order(children_[dlopener], 'D'));
  ASSERT_TRUE(order(children_[wanderer], 'C'));
  children_.push_back(spawn(lib, cwd_target));  // the started one
  ASSERT_GT(children_.back().pid, 0);

  err = e2e::capture_and_import(PROCSNAP_COLLECT_BIN, PROCSNAP_BIN, {"--pids", pid_list(false)}, dir.file("after.tar"),
                                db);
  ASSERT_FALSE(err.has_value()) << *err;

  const auto r = e2e::run({PROCSNAP_BIN, "diff", "--db", db, "1", "2", "--format", "json"});
  ASSERT_EQ(r.exit_code, 1) << r.err << r.out;
  auto parsed = procsnap::common::json::parse(r.out);
  ASSERT_TRUE(std::holds_alternative<Value>(parsed)) << r.out;
  const Value& doc = std::get<Value>(parsed);
  EXPECT_EQ(doc.string_at("mode"), "time") << doc.string_at("mode_reason").value_or("");

  std::map<std::int64_t, std::string> name;
  const char* roles[] = {"stopped", "listener", "dlopener", "wanderer", "idle", "started"};
  for (std::size_t i = 0; i < children_.size(); ++i) name[children_[i].pid] = roles[i];
  std::multiset<std::string> got;
  std::string library_key, cwd_after, listener_key;
  for (const auto& c : *doc.find("changes")->as_array()) {
    const auto pid = c.i64_at("pid");
    if (!pid || !name.contains(*pid)) continue;  // other processes and system-wide changes are not ours
    const std::string line = name[*pid] + " " + c.string_at("category").value_or("") + " " +
                             c.string_at("kind").value_or("") + " " + c.string_at("attribute").value_or("");
    got.insert(line);
    if (line == "dlopener maps added library") library_key = c.string_at("key").value_or("");
    if (line == "wanderer processes changed cwd") cwd_after = c.string_at("after").value_or("");
    if (line == "listener sockets opened listener") listener_key = c.string_at("key").value_or("");
  }
  const std::multiset<std::string> want{"stopped processes exited process", "started processes started process",
                                        "listener sockets opened listener", "listener fds opened fd",
                                        "dlopener maps added library",      "wanderer processes changed cwd"};
  EXPECT_EQ(got, want) << r.out;
  EXPECT_NE(library_key.find(lib), std::string::npos) << library_key;
  EXPECT_EQ(cwd_after, cwd_target);
  EXPECT_TRUE(listener_key.starts_with("tcp4 LISTEN 127.0.0.1:")) << listener_key;

  // The same result as text (escaped, counts first) and saved into diff_changes.
  const auto text = e2e::run({PROCSNAP_BIN, "diff", "--db", db, "1", "2", "--only", "processes", "--save"});
  EXPECT_EQ(text.exit_code, 1) << text.err;
  EXPECT_NE(text.out.find("mode: time (same boot_id"), std::string::npos) << text.out;
  EXPECT_NE(text.err.find("saved as diff 1"), std::string::npos) << text.err;
  std::string qerr;
  const auto rows = e2e::query(PROCSNAP_BIN, db,
                               "SELECT kind FROM diff_changes WHERE diff_id = 1 AND attribute = 'cwd' AND pid = " +
                                   std::to_string(children_[wanderer].pid),
                               qerr);
  ASSERT_TRUE(rows.has_value()) << qerr;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(e2e::text_at((*rows)[0], "kind"), "changed");
}

}  // namespace
