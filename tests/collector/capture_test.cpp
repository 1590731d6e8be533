// Live captures of children with known properties (tests/collector/test_support.hpp), read back and compared
// byte for byte with what this test reads from /proc itself.
#include <gtest/gtest.h>
#include <sys/syscall.h>

#include <set>

#include "collector/test_support.hpp"

namespace {

using procsnap::test::Archive;
using procsnap::test::Child;
using procsnap::test::ChildOptions;
using procsnap::test::TempDir;

constexpr const char* k_bin = PROCSNAP_COLLECT_BIN;

struct Capture {
  int exit_code = -1;
  std::string err;
  Archive ar;
};

Capture capture(const TempDir& dir, const std::vector<std::string>& extra, const std::string& name = "out.tar") {
  std::vector<std::string> args{"-o", dir / name};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = procsnap::test::run_program(k_bin, args);
  return Capture{r.exit_code, r.err, procsnap::test::read_archive(dir / name)};
}

std::string pidp(pid_t pid) { return "proc/" + std::to_string(pid); }

class RichChild : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(tmp_ / "open-file.txt") << "an open file\n";
    std::filesystem::create_directory(tmp_ / "cwd");
    std::filesystem::create_directory_symlink("/", tmp_ / "cwd/rootlink");
    child_ = std::make_unique<Child>(ChildOptions{
        .mode = "rich", .env = {{"PROCSNAP_TEST_FILE", tmp_ / "open-file.txt"}, {"PROCSNAP_TEST_CWD", tmp_ / "cwd"}}});
    ASSERT_TRUE(child_->ready()) << child_->info();
    ASSERT_GE(child_->info_value("tcp_port"), 1) << child_->info();
    ASSERT_GE(child_->info_value("unix_fd"), 0) << child_->info();
    ASSERT_EQ(child_->info_value("cwd_ok"), 1);
  }
  TempDir tmp_;
  std::unique_ptr<Child> child_;
};

TEST_F(RichChild, MembersMatchWhatProcSays) {
  const pid_t pid = child_->pid();
  const std::string p = pidp(pid);
  const auto c = capture(tmp_, {"--pids", std::to_string(pid), "--compress", "none"});
  ASSERT_TRUE(c.ar.clean_eof) << c.ar.error;
  EXPECT_EQ(c.exit_code, 0) << c.err;

  // Stable files: byte-identical to what we read now.
  for (const char* f : {"cmdline", "environ", "comm", "limits", "cgroup", "loginuid", "oom_score_adj"}) {
    const auto* m = c.ar.find(p + "/" + f);
    ASSERT_NE(m, nullptr) << f;
    EXPECT_EQ(m->data, procsnap::test::slurp("/proc/" + std::to_string(pid) + "/" + f).value_or("?")) << f;
  }
  // argv with spaces and an empty argument, NUL-separated exactly.
  std::string expected_cmdline;
  for (const auto& a : procsnap::test::child_args()) {
    expected_cmdline += a;
    expected_cmdline.push_back('\0');
  }
  EXPECT_EQ(c.ar.find(p + "/cmdline")->data, expected_cmdline);
  EXPECT_NE(c.ar.find(p + "/environ")
                ->data.find(std::string(procsnap::test::k_child_env_name) + "=" + procsnap::test::k_child_env_value + '\0'),
            std::string::npos);
  // status Name line
  const auto* status = c.ar.find(p + "/status");
  ASSERT_NE(status, nullptr);
  const auto live_status = procsnap::test::slurp("/proc/" + std::to_string(pid) + "/status").value_or("");
  EXPECT_EQ(status->data.substr(0, status->data.find('\n')), live_status.substr(0, live_status.find('\n')));
  // stat is first among the pid's members
  std::size_t first = c.ar.members.size();
  for (std::size_t i = 0; i < c.ar.members.size(); ++i) {
    if (c.ar.members[i].path.starts_with(p + "/")) {
      first = i;
      break;
    }
  }
  ASSERT_LT(first, c.ar.members.size());
  EXPECT_EQ(c.ar.members[first].path, p + "/stat");

  // fd links: symlink members with the raw readlink targets, the open file, the sockets.
  const std::string live_fd = "/proc/" + std::to_string(pid) + "/fd/";
  for (const char* key : {"file_fd", "tcp_fd", "unix_fd"}) {
    const auto fd = std::to_string(child_->info_value(key));
    const auto* m = c.ar.find(p + "/fd/" + fd);
    ASSERT_NE(m, nullptr) << key;
    EXPECT_TRUE(m->symlink);
    EXPECT_EQ(m->data, procsnap::test::read_link(live_fd + fd).value_or("?")) << key;
    EXPECT_TRUE(c.ar.has(p + "/fdinfo/" + fd)) << key;
  }
  EXPECT_EQ(c.ar.find(p + "/fd/" + std::to_string(child_->info_value("file_fd")))->data, tmp_ / "open-file.txt");
  EXPECT_TRUE(c.ar.find(p + "/fd/" + std::to_string(child_->info_value("tcp_fd")))->data.starts_with("socket:["));
  // The listening socket is in the namespace's tcp table (this test's own netns: proc/net/tcp).
  char port_hex[8];
  std::snprintf(port_hex, sizeof port_hex, "%04lX", child_->info_value("tcp_port"));
  const auto* tcp = c.ar.find("proc/net/tcp");
  ASSERT_NE(tcp, nullptr);
  EXPECT_NE(tcp->data.find(std::string("0100007F:") + port_hex), std::string::npos);
  EXPECT_NE(c.ar.find("proc/net/unix")->data.find("@procsnap-test-" + std::to_string(pid)), std::string::npos);

  // exe, ns links; three threads (leader + 2), each with stat and comm.
  EXPECT_EQ(c.ar.find(p + "/exe")->data, procsnap::test::read_link("/proc/" + std::to_string(pid) + "/exe"));
  EXPECT_TRUE(c.ar.find(p + "/ns/net")->data.starts_with("net:["));
  std::set<std::string> tids;
  for (const auto& m : c.ar.members) {
    if (m.path.starts_with(p + "/task/") && m.path.ends_with("/stat")) {
      tids.insert(m.path);
    }
  }
  EXPECT_EQ(tids.size(), 3u);
  const auto lines = procsnap::test::manifest_by_path(c.ar);
  ASSERT_TRUE(lines.contains(p));
  EXPECT_EQ(lines.at(p).string_at("status"), "ok");
  EXPECT_EQ(lines.at(p).u64_at("threads"), 3u);
  ASSERT_TRUE(lines.at(p).u64_at("start_time"));
  EXPECT_EQ(lines.at(p).u64_at("start_time"), lines.at(p).u64_at("start_time_end"));
  // Same network namespace as the collector: a reference, not a copy.
  ASSERT_TRUE(lines.contains(p + "/net"));
  EXPECT_EQ(lines.at(p + "/net").string_at("kind"), "netns-ref");
  EXPECT_EQ(lines.at(p + "/net").string_at("ref"), "proc/net");
  EXPECT_FALSE(c.ar.has(p + "/net/tcp"));
  // Never captured.
  for (const char* f : {"mem", "pagemap", "clear_refs"}) {
    EXPECT_FALSE(c.ar.has(p + "/" + f));
    EXPECT_FALSE(lines.contains(p + "/" + f));
  }
}

TEST_F(RichChild, SymlinkToRootInCwdIsNeverFollowed) {
  const pid_t pid = child_->pid();
  const auto c = capture(tmp_, {"--pids", std::to_string(pid), "--compress", "none"});
  ASSERT_TRUE(c.ar.clean_eof) << c.ar.error;
  const auto* cwd = c.ar.find(pidp(pid) + "/cwd");
  ASSERT_NE(cwd, nullptr);
  EXPECT_TRUE(cwd->symlink);
  EXPECT_EQ(cwd->data, tmp_ / "cwd");
  const auto* root = c.ar.find(pidp(pid) + "/root");
  ASSERT_NE(root, nullptr);
  EXPECT_TRUE(root->symlink);
  EXPECT_EQ(root->data, "/");
  // Nothing from the host file system: every member is under proc/ or procsnap/, no path mentions the link, and
  // no regular member holds the bytes of a host file reachable through it.
  const auto hostname = procsnap::test::slurp("/etc/hostname");
  const auto passwd = procsnap::test::slurp("/etc/passwd").value_or("");
  for (const auto& m : c.ar.members) {
    EXPECT_TRUE(m.path.starts_with("proc/") || m.path.starts_with("procsnap/")) << m.path;
    EXPECT_EQ(m.path.find("rootlink"), std::string::npos) << m.path;
    EXPECT_EQ(m.path.find(".."), std::string::npos) << m.path;
    if (!m.symlink && !passwd.empty()) {
      EXPECT_NE(m.data, passwd) << m.path;
    }
  }
  (void)hostname;
}

TEST_F(RichChild, EveryMemberHasAManifestLineAndTheTrailerChecksOut) {
  const pid_t pid = child_->pid();
  const auto c = capture(tmp_, {"--pids", std::to_string(pid)}, "out.tar.zst");
  ASSERT_TRUE(c.ar.clean_eof) << c.ar.error;
  ASSERT_GE(c.ar.members.size(), 4u);
  EXPECT_EQ(c.ar.members.front().path, "procsnap/header.json");
  EXPECT_EQ(c.ar.members.back().path, "procsnap/trailer.json");
  const auto lines = procsnap::test::manifest_by_path(c.ar);
  std::set<std::string> stored;
  for (const auto& m : c.ar.members) {
    EXPECT_EQ(m.uid, 0);
    EXPECT_EQ(m.gid, 0);
    EXPECT_EQ(m.mode & 0777, m.symlink ? 0777u : 0444u) << m.path;
    if (m.path.starts_with("procsnap/")) {
      continue;
    }
    ASSERT_TRUE(lines.contains(m.path)) << "unlisted member " << m.path;
    const auto& l = lines.at(m.path);
    EXPECT_EQ(l.u64_at("bytes"), m.data.size()) << m.path;
    EXPECT_EQ(l.string_at("sha256"), procsnap::common::to_hex(procsnap::common::sha256(m.data))) << m.path;
    EXPECT_EQ(l.string_at("kind"), m.symlink ? "link" : "file") << m.path;
    stored.insert(m.path);
  }
  for (const auto& [path, l] : lines) {
    ASSERT_TRUE(l.string_at("status")) << path;
    ASSERT_TRUE(l.u64_at("t0") && l.u64_at("t1")) << path;
    EXPECT_LE(*l.u64_at("t0"), *l.u64_at("t1")) << path;
    if (l.string_at("sha256")) {
      EXPECT_TRUE(stored.contains(path)) << "listed but missing " << path;
    }
  }
  // Every allow-listed per-process file was attempted (a line, whatever its status).
  for (const char* f : {"stat", "status", "maps", "smaps", "io", "limits", "mountinfo", "stack", "wchan",
                        "timens_offsets", "exe", "cwd", "root", "attr/current"}) {
    EXPECT_TRUE(lines.contains(pidp(pid) + "/" + f)) << f;
  }

  // Header fields.
  const auto h = procsnap::test::json_member(c.ar, "procsnap/header.json");
  ASSERT_TRUE(h.is_object());
  EXPECT_EQ(h.string_at("format"), "procsnap-archive");
  EXPECT_EQ(h.i64_at("format_version"), 1);
  for (const char* k : {"collector", "argv", "uid", "euid", "gid", "egid", "cap_eff", "proc_root", "live", "host",
                        "collector_namespaces", "started", "case", "options"}) {
    EXPECT_NE(h.find(k), nullptr) << k;
  }
  EXPECT_EQ(h.find("live")->as_bool(), true);
  const auto* host = h.find("host");
  for (const char* k : {"hostname", "machine_id", "boot_id", "uname", "proc_version", "btime", "clk_tck", "page_size",
                        "pid_max", "proc_mount_options"}) {
    ASSERT_NE(host->find(k), nullptr) << k;
  }
  EXPECT_EQ(host->string_at("boot_id"),
            procsnap::test::slurp("/proc/sys/kernel/random/boot_id").value_or("").substr(0, 36));
  EXPECT_TRUE(host->find("btime")->as_u64());
  EXPECT_EQ(h.find("collector")->string_at("sha256"),
            procsnap::common::to_hex(procsnap::common::sha256(procsnap::test::slurp(k_bin).value_or(""))));
  EXPECT_TRUE(h.find("collector_namespaces")->u64_at("net"));
  EXPECT_EQ(h.string_at("cap_eff")->size(), 16u);
  EXPECT_NE(h.find("collector")->string_at("maps")->find("[stack]"), std::string::npos);
  EXPECT_EQ(host->string_at("machine_id"), procsnap::test::slurp("/etc/machine-id").value_or("").substr(0, 32));

  // Trailer: chunk hashes and counts.
  const auto t = procsnap::test::json_member(c.ar, "procsnap/trailer.json");
  ASSERT_TRUE(t.is_object());
  EXPECT_EQ(t.i64_at("exit_status"), c.exit_code);
  const auto* chunks = t.find("manifest_chunks")->as_array();
  ASSERT_NE(chunks, nullptr);
  ASSERT_GE(chunks->size(), 1u);
  std::uint64_t total_lines = 0;
  for (const auto& ch : *chunks) {
    const auto* m = c.ar.find(*ch.string_at("path"));
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(ch.string_at("sha256"), procsnap::common::to_hex(procsnap::common::sha256(m->data)));
    total_lines += *ch.u64_at("lines");
  }
  EXPECT_EQ(total_lines, procsnap::test::manifest_lines(c.ar).size());
  EXPECT_EQ(t.find("counts")->u64_at("items"), total_lines);
  EXPECT_EQ(t.find("counts")->u64_at("members"), c.ar.members.size());
  EXPECT_EQ(t.find("counts")->u64_at("processes"), 1u);
  // The SHA-256 printed on stderr is the archive file's.
  const auto file_sha =
      procsnap::common::to_hex(procsnap::common::sha256(procsnap::test::slurp(tmp_ / "out.tar.zst").value_or("")));
  EXPECT_NE(c.err.find("sha256 " + file_sha), std::string::npos) << c.err;
}

TEST_F(RichChild, NoThreadsAndCaseFields) {
  const pid_t pid = child_->pid();
  const auto c = capture(tmp_, {"--pids", std::to_string(pid), "--no-threads", "--case", "IR-7", "--examiner", "kim",
                                "--note", "after alert 17", "--compress", "gzip"});
  ASSERT_TRUE(c.ar.clean_eof) << c.ar.error;
  for (const auto& m : c.ar.members) {
    EXPECT_EQ(m.path.find("/task/"), std::string::npos) << m.path;
  }
  const auto h = procsnap::test::json_member(c.ar, "procsnap/header.json");
  EXPECT_EQ(h.find("case")->string_at("id"), "IR-7");
  EXPECT_EQ(h.find("case")->string_at("examiner"), "kim");
  EXPECT_EQ(h.find("case")->string_at("note"), "after alert 17");
  EXPECT_EQ(h.find("options")->string_at("compress"), "gzip");
}

TEST_F(RichChild, MaxFileBytesTruncatesAndSaysSo) {
  const pid_t pid = child_->pid();
  const auto c = capture(tmp_, {"--pids", std::to_string(pid), "--max-file-bytes", "100", "--no-threads"});
  ASSERT_TRUE(c.ar.clean_eof) << c.ar.error;
  EXPECT_EQ(c.exit_code, 3) << c.err;
  const auto lines = procsnap::test::manifest_by_path(c.ar);
  const auto& smaps = lines.at(pidp(pid) + "/smaps");
  EXPECT_EQ(smaps.string_at("status"), "truncated");
  EXPECT_EQ(smaps.string_at("reason"), "max-file-bytes");
  EXPECT_EQ(smaps.u64_at("bytes"), 100u);
  EXPECT_EQ(c.ar.find(pidp(pid) + "/smaps")->data,
            procsnap::test::slurp("/proc/" + std::to_string(pid) + "/smaps").value_or("").substr(0, 100));
  EXPECT_EQ(procsnap::test::json_member(c.ar, "procsnap/trailer.json").i64_at("exit_status"), 3);
}

// A process killed (and reaped) while the collector is in the middle of it: the capture completes, the process
// line says ESRCH with the first start_time, and the exit code is 3. Determinism: the collector writes to a
// small pipe we stop draining as soon as the child's stat member has gone by; its pipeline holds at most ~4 MiB of
// output plus 1024 queued items, far less than the child's 8000 fd + fdinfo items, so the walker is blocked
// mid-process when the child dies.
TEST(Capture, ChildKilledMidCaptureIsRecordedAsVanished) {
  TempDir tmp;
  Child child(ChildOptions{.mode = "manyfds", .env = {{"PROCSNAP_TEST_FDS", "8000"}}});
  ASSERT_TRUE(child.ready());
  const pid_t pid = child.pid();
  {
    std::vector<std::string> fds;
    for (const auto& e : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
      fds.push_back(e.path());
    }
    ASSERT_GE(fds.size(), 7000u) << child.info();
  }
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  ::fcntl(p[1], F_SETPIPE_SZ, 4096);
  const std::string out_path = tmp / "out.tar";
  std::ofstream out(out_path, std::ios::binary);
  std::thread runner;
  procsnap::test::RunResult r;
  runner = std::thread([&] {
    r = procsnap::test::run_program(k_bin, {"-o", "-", "--compress", "none", "--pids", std::to_string(pid)},
                                    {.stdout_fd = p[1]});
    ::close(p[1]);  // after the collector exited: the reader below then sees EOF
  });
  const std::string needle = "proc/" + std::to_string(pid) + "/stat";
  std::string seen;
  bool killed = false;
  char buf[512];
  ssize_t n;
  while ((n = ::read(p[0], buf, sizeof buf)) > 0) {
    out.write(buf, n);
    if (!killed) {
      seen.append(buf, static_cast<std::size_t>(n));
      if (seen.find(needle) != std::string::npos) {
        child.kill_now();
        killed = true;
      }
    }
  }
  ::close(p[0]);
  runner.join();
  out.close();
  ASSERT_TRUE(killed);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const auto ar = procsnap::test::read_archive(out_path);
  ASSERT_TRUE(ar.clean_eof) << ar.error;
  EXPECT_TRUE(ar.has("procsnap/trailer.json"));
  const auto lines = procsnap::test::manifest_by_path(ar);
  const auto& line = lines.at("proc/" + std::to_string(pid));
  EXPECT_EQ(line.string_at("status"), "ESRCH");
  EXPECT_TRUE(line.u64_at("start_time"));
  // Null when the pid was already reaped at the re-read; the same start time when only its zombie was left.
  ASSERT_NE(line.find("start_time_end"), nullptr);
  EXPECT_TRUE(line.find("start_time_end")->is_null() || line.u64_at("start_time_end") == line.u64_at("start_time"));
  // Items after the kill failed with ESRCH/ENOENT, each with a line.
  std::size_t failed = 0;
  for (const auto& [path, l] : lines) {
    if (path.starts_with("proc/" + std::to_string(pid) + "/")) {
      const auto s = l.string_at("status").value_or("");
      failed += (s == "ESRCH" || s == "ENOENT") ? 1 : 0;
    }
  }
  EXPECT_GT(failed, 0u);
}

// A zombie leader: the leader has exited while another thread lives. /proc/<pid>/maps and cmdline are empty; the
// capture takes them from the live thread's task directory.
TEST(Capture, LeaderExitedProcessIsCapturedFromALiveThread) {
  TempDir tmp;
  Child child(ChildOptions{.mode = "leaderexit"});
  ASSERT_TRUE(child.ready());
  const std::string pid = std::to_string(child.pid());
  // Wait until the leader is a zombie.
  for (int i = 0; i < 100; ++i) {
    const auto st = procsnap::test::slurp("/proc/" + pid + "/stat").value_or("");
    if (st.find(") Z ") != std::string::npos) {
      break;
    }
    ::usleep(10'000);
  }
  const auto c = capture(tmp, {"--pids", pid});
  ASSERT_TRUE(c.ar.clean_eof) << c.ar.error;
  EXPECT_EQ(c.exit_code, 0) << c.err;
  std::string tid;
  for (const auto& m : c.ar.members) {
    const std::string pre = "proc/" + pid + "/task/";
    if (m.path.starts_with(pre) && m.path.ends_with("/maps")) {
      tid = m.path.substr(pre.size(), m.path.size() - pre.size() - 5);
    }
  }
  ASSERT_FALSE(tid.empty()) << "no task/<tid>/maps member";
  EXPECT_NE(tid, pid);
  const std::string t = "proc/" + pid + "/task/" + tid + "/";
  EXPECT_NE(c.ar.find(t + "maps")->data.find("[stack]"), std::string::npos);
  std::string expected_cmdline;
  for (const auto& a : procsnap::test::child_args()) {
    expected_cmdline += a;
    expected_cmdline.push_back('\0');
  }
  EXPECT_EQ(c.ar.find(t + "cmdline")->data, expected_cmdline);
  EXPECT_TRUE(c.ar.has(t + "exe"));
  EXPECT_TRUE(c.ar.has(t + "fd/0"));
  const auto lines = procsnap::test::manifest_by_path(c.ar);
  EXPECT_EQ(lines.at("proc/" + pid).string_at("status"), "ok");
}

TEST(Capture, APidThatDoesNotExistIsRecordedAndMakesThePartialExitCode) {
  TempDir tmp;
  // pid_max is at most 2^22; this pid cannot exist.
  const auto c = capture(tmp, {"--pids", "999999999"});
  ASSERT_TRUE(c.ar.clean_eof) << c.ar.error;
  EXPECT_EQ(c.exit_code, 3) << c.err;
  const auto lines = procsnap::test::manifest_by_path(c.ar);
  EXPECT_EQ(lines.at("proc/999999999").string_at("status"), "ESRCH");
}

TEST(Capture, WholeHostCaptureIsCompleteAndDeterministicInOrder) {
  TempDir tmp;
  const auto c = capture(tmp, {"--quiet"});
  ASSERT_TRUE(c.ar.clean_eof) << c.ar.error;
  EXPECT_TRUE(c.exit_code == 0 || c.exit_code == 3) << c.err;
  // System files sorted, then pids ascending.
  std::vector<std::string> system;
  long last_pid = 0;
  for (const auto& m : c.ar.members) {
    const auto rest = std::string_view(m.path).substr(0, 5) == "proc/" ? m.path.substr(5) : std::string();
    if (rest.empty()) {
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(rest[0]))) {
      const long pid = std::atol(rest.c_str());
      EXPECT_GE(pid, last_pid) << m.path;
      last_pid = pid;
    } else if (last_pid == 0 && !rest.starts_with("net/")) {
      system.push_back(m.path);
    }
  }
  EXPECT_TRUE(std::is_sorted(system.begin(), system.end()));
  for (const char* f : {"proc/meminfo", "proc/stat", "proc/uptime", "proc/loadavg", "proc/version",
                        "proc/sys/kernel/random/boot_id", "proc/mounts", "proc/net/tcp", "proc/net/unix"}) {
    EXPECT_TRUE(c.ar.has(f)) << f;
  }
  EXPECT_GT(last_pid, 0);
}

}  // namespace
