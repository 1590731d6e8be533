// Read-ahead: while one pid is captured, the next pid's directory is already open and its process files are read on
// the deadline worker. A process that exits after its files were read ahead but before its turn must be recorded
// like any process gone before its first read: its process line ESRCH, and none of the bytes read ahead archived
// (they would be members of a process the archive cannot identify: no stat came first).
#include <gtest/gtest.h>

#include <algorithm>

#include "collector/test_support.hpp"

namespace {

// True when one of `pid`'s open fds is the directory /proc/<target> (the collector's read-ahead handle).
bool holds_proc_dir_of(pid_t pid, pid_t target) {
  const std::string want = "/proc/" + std::to_string(target);
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    if (procsnap::test::read_link(e.path().string()) == want) {
      return true;
    }
  }
  return false;
}

TEST(ReadAhead, AProcessGoneAfterItsFilesWereReadAheadIsRecordedEsrchWithoutItsBytes) {
  procsnap::test::TempDir tmp;
  // The first pid has thousands of fds, so its capture (8000 fd links and fdinfo files) outlasts the output pipe
  // nobody reads yet: the collector stalls inside it, with the second pid already read ahead.
  procsnap::test::Child first(
      procsnap::test::ChildOptions{.mode = "manyfds", .env = {{"PROCSNAP_TEST_FDS", "8000"}}});
  procsnap::test::Child second(procsnap::test::ChildOptions{});
  ASSERT_TRUE(first.ready() && second.ready()) << first.info() << second.info();
  const pid_t gone = second.pid();
  if (first.pid() > gone) {
    GTEST_SKIP() << "pid numbers wrapped between the two children; pids are captured in ascending order and the test "
                    "needs the fd-heavy one first";
  }
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  ::fcntl(p[1], F_SETPIPE_SZ, 4096);
  const pid_t collector = procsnap::test::start_program(
      PROCSNAP_COLLECT_BIN,
      {"-o", "-", "--compress", "none", "--pids", std::to_string(first.pid()) + "," + std::to_string(gone)}, p[1]);
  ASSERT_GT(collector, 0);
  ::close(p[1]);
  // Wait (bounded) until the collector holds the second pid's directory open: the read-ahead has started.
  bool ahead = false;
  for (int i = 0; i < 1000 && !ahead; ++i) {
    ahead = holds_proc_dir_of(collector, gone);
    if (!ahead) {
      ::usleep(10'000);
    }
  }
  ::usleep(200'000);  // the worker reads the ~40 files of an idle child in well under this
  second.kill_now();  // killed and reaped: nothing of it is left, not even a zombie
  const std::string out_path = tmp / "out.tar";
  {
    std::ofstream out(out_path, std::ios::binary);
    char buf[65536];
    ssize_t n;
    while ((n = ::read(p[0], buf, sizeof buf)) > 0) {
      out.write(buf, n);
    }
  }
  ::close(p[0]);
  int st = 0;
  ASSERT_EQ(::waitpid(collector, &st, 0), collector);
  ASSERT_TRUE(ahead) << "the collector never opened /proc/" << gone << " ahead of its turn";
  ASSERT_TRUE(WIFEXITED(st));
  EXPECT_EQ(WEXITSTATUS(st), 3) << "a pid named by --pids that could not be captured makes the capture partial";
  const auto ar = procsnap::test::read_archive(out_path);
  ASSERT_TRUE(ar.clean_eof) << ar.error;
  ASSERT_TRUE(ar.has("procsnap/trailer.json"));
  const std::string prefix = "proc/" + std::to_string(gone) + "/";
  for (const auto& m : ar.members) {
    EXPECT_FALSE(m.path.starts_with(prefix)) << m.path << ": bytes of a process gone before its first stat";
  }
  const auto lines = procsnap::test::manifest_by_path(ar);
  const auto it = lines.find("proc/" + std::to_string(gone));
  ASSERT_NE(it, lines.end());
  EXPECT_EQ(it->second.string_at("status"), "ESRCH");
  // The first process was captured whole meanwhile.
  EXPECT_TRUE(ar.has("proc/" + std::to_string(first.pid()) + "/smaps"));
  EXPECT_EQ(lines.at("proc/" + std::to_string(first.pid())).string_at("status"), "ok");
}

// The system-wide files and proc/net of the collector's namespace are read on the read-ahead workers while the header
// is built, and taken at their place: the archive holds them in the same order, with the same statuses, as a capture
// with one reader (--gentle: every file read inline, in member order), and nothing of a pid comes before them.
TEST(ReadAhead, SystemFilesReadAheadAreArchivedInPlaceLikeOneReaderReadsThem) {
  procsnap::test::TempDir tmp;
  procsnap::test::Child child(procsnap::test::ChildOptions{});
  ASSERT_TRUE(child.ready()) << child.info();
  const std::string pid = std::to_string(child.pid());
  struct Capture {
    std::vector<std::string> system;  ///< "path status" of every line before the first proc/<pid>/ line
    procsnap::test::Archive archive;
  };
  const auto capture = [&](const std::string& name, std::vector<std::string> extra) {
    std::vector<std::string> args{"-o", tmp / name, "--compress", "none", "--quiet", "--pids", pid};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto run = procsnap::test::run_program(PROCSNAP_COLLECT_BIN, args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    Capture c{.system = {}, .archive = procsnap::test::read_archive(tmp / name)};
    EXPECT_TRUE(c.archive.clean_eof) << c.archive.error;
    for (const auto& line : procsnap::test::manifest_lines(c.archive)) {
      const std::string path = line.string_at("path").value_or("");
      if (path.starts_with("proc/" + pid)) {
        break;
      }
      c.system.push_back(path + " " + line.string_at("status").value_or(""));
    }
    return c;
  };
  const Capture ahead = capture("ahead.tar", {});
  const Capture inline_read = capture("gentle.tar", {"--gentle", "--max-read-rate", "0"});
  ASSERT_GT(ahead.system.size(), 20u);
  EXPECT_EQ(ahead.system, inline_read.system);
  // Member order: the system files sorted, then proc/net/ sorted; each once. And the bytes where the file does not
  // change between two captures.
  std::vector<std::string> files;
  std::vector<std::string> net;
  for (const auto& l : ahead.system) {
    const std::string path = l.substr(0, l.find(' '));
    if (path == "procsnap/header.json") {
      continue;
    }
    (path.starts_with("proc/net/") ? net : files).push_back(path);
    EXPECT_TRUE(net.empty() || path.starts_with("proc/net/")) << path << " after proc/net/";
  }
  for (const auto* part : {&files, &net}) {
    EXPECT_TRUE(std::is_sorted(part->begin(), part->end()));
    EXPECT_EQ(std::adjacent_find(part->begin(), part->end()), part->end());
  }
  EXPECT_NE(std::find(net.begin(), net.end(), "proc/net/unix"), net.end());
  for (const char* stable : {"proc/cmdline", "proc/version", "proc/filesystems", "proc/mounts"}) {
    const auto* a = ahead.archive.find(stable);
    const auto* b = inline_read.archive.find(stable);
    ASSERT_TRUE(a != nullptr && b != nullptr) << stable;
    EXPECT_EQ(a->data, b->data) << stable;
  }
}

}  // namespace
