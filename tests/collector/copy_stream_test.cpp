// Copies bigger than one piece (collector/exe_copy.*, ArchiveWriter::begin_file/add_data/finish_file): bin/<pid>/exe
// and bin/<pid>/fd/<n> are read in pieces of 4 MiB into pool buffers and streamed into one member, so the
// collector's memory does not grow with the file (schema/FORMAT.md "Open-file copies", "Copies in pieces").
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "archive_writer.hpp"
#include "collector/test_support.hpp"
#include "exe_copy.hpp"
#include "mem_capture.hpp"

namespace {

namespace test = procsnap::test;
constexpr const char* k_collect = PROCSNAP_COLLECT_BIN;
constexpr std::size_t k_mib = 1024 * 1024;

bool cs_write_whole(int fd, std::string_view s) {
  std::size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n <= 0) {
      return false;
    }
    off += static_cast<std::size_t>(n);
  }
  return true;
}

/// Incompressible bytes (xorshift), so neither zstd nor a zero page hides a copy's size; written in 1 MiB slices
/// so that this process stays small: the collector is forked from it, and a forked child's ru_maxrss includes what
/// it shared with its parent before the exec.
class Noise {
 public:
  explicit Noise(std::uint64_t seed) : x_(seed * 0x9e3779b97f4a7c15ull + 1) {}
  /// The next `n` bytes (n a multiple of 8).
  std::string next(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
      x_ ^= x_ << 13;
      x_ ^= x_ >> 7;
      x_ ^= x_ << 17;
      std::memcpy(s.data() + i, &x_, 8);
    }
    return s;
  }

 private:
  std::uint64_t x_;
};

/// Writes `n` bytes of Noise(seed) to `fd` (in 1 MiB slices) and returns their SHA-256 (hex); "" on a write error.
std::string cs_write_noise(int fd, std::size_t n, std::uint64_t seed) {
  Noise noise(seed);
  procsnap::common::Sha256 h;
  for (std::size_t off = 0; off < n; off += k_mib) {
    const std::string s = noise.next(std::min(k_mib, n - off));
    h.update(s);
    if (!cs_write_whole(fd, s)) {
      return "";
    }
  }
  return procsnap::common::to_hex(h.finish());
}

std::string cs_hex_sha(std::string_view s) { return procsnap::common::to_hex(procsnap::common::sha256(s)); }

/// A deleted file: created in `dir`, filled by `fill(fd)`, unlinked, kept open by this test (fd(), for truncating it
/// while it is copied) and by a forked child that holds the same open file and lives until destruction.
class DeletedFileHolder : public test::ForkedChild {
 public:
  DeletedFileHolder(const std::string& dir, const std::function<bool(int)>& fill) : path_(dir + "/big.log") {
    // O_CLOEXEC: the collector, forked from this process and exec()ed, must not inherit it (the forked holder
    // does not exec: it keeps the file open).
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd_ < 0 || !fill(fd_)) {
      return;
    }
    ::unlink(path_.c_str());
    const int fd = fd_;
    start([fd](int ready_fd, int ctl_fd) {
      char msg[48];
      const int n = std::snprintf(msg, sizeof msg, "ready fd=%d\n", fd);
      (void)!::write(ready_fd, msg, static_cast<std::size_t>(n));
      ::close(ready_fd);
      char c;
      while (::read(ctl_fd, &c, 1) > 0 || errno == EINTR) {
      }
      ::_exit(0);
    });
  }
  ~DeletedFileHolder() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  DeletedFileHolder(const DeletedFileHolder&) = delete;
  DeletedFileHolder& operator=(const DeletedFileHolder&) = delete;
  [[nodiscard]] bool ready() const { return line().starts_with("ready fd="); }
  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] std::string member() const {
    return "bin/" + std::to_string(pid()) + "/fd/" + std::to_string(fd_);
  }
  [[nodiscard]] std::string link() const { return path_ + " (deleted)"; }

 private:
  std::string path_;
  int fd_ = -1;
};

struct StreamCapture {
  test::TempDir tmp;
  test::RunResult run;
  test::Archive ar;
  std::map<std::string, procsnap::common::json::Value> lines;
  StreamCapture(pid_t pid, const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"-o", tmp / "c.tar.zst", "--quiet", "--no-threads", "--pids",
                                     std::to_string(pid)};
    args.insert(args.end(), extra.begin(), extra.end());
    run = test::run_measured(k_collect, args);
    ar = test::read_archive(tmp / "c.tar.zst");
    lines = test::manifest_by_path(ar);
  }
  [[nodiscard]] const procsnap::common::json::Value* line(const std::string& path) const {
    const auto it = lines.find(path);
    return it == lines.end() ? nullptr : &it->second;
  }
};

#if defined(__SANITIZE_ADDRESS__)
// The instrumented collector (shadow memory, allocator quarantine) takes ~28 MB before it copies anything: there only
// what the copy adds is judged.
constexpr bool k_judge_absolute_rss = false;
#else
constexpr bool k_judge_absolute_rss = true;
#endif

/// The collector's peak RSS with a big copy (`with`) against the same capture without it (`without`): the copy adds
/// a couple of pieces and the output's buffers, not the file (reading it whole added its size: 40 MiB -> +46 MB),
/// and a whole capture stays within the 32 MB.
void expect_bounded_rss(const StreamCapture& with, const StreamCapture& without) {
  ASSERT_EQ(without.run.exit_code, 0) << without.run.err;
  std::printf("peak RSS: %ld KiB with the copy, %ld KiB without\n", with.run.max_rss_kb, without.run.max_rss_kb);
  EXPECT_GT(without.run.max_rss_kb, 0);
  EXPECT_LT(with.run.max_rss_kb - without.run.max_rss_kb, 24 * 1024) << "the copy's cost grows with the file";
  if (k_judge_absolute_rss) {
    EXPECT_LT(with.run.max_rss_kb, 32 * 1024) << "peak RSS " << with.run.max_rss_kb << " KiB";
  }
}

// Before streaming, the whole 40 MiB were read into one buffer and handed to the recorder: peak RSS > 40 MB.
TEST(CopyStream, FortyMibDeletedFileIsCopiedWholeInBoundedMemory) {
  test::TempDir dir;
  std::string sha;
  DeletedFileHolder holder(dir.path(), [&sha](int fd) { return !(sha = cs_write_noise(fd, 40 * k_mib, 1)).empty(); });
  ASSERT_TRUE(holder.ready()) << holder.line();
  StreamCapture c(holder.pid(), {});
  ASSERT_EQ(c.run.exit_code, 0) << c.run.err;
  ASSERT_TRUE(c.ar.clean_eof) << c.ar.error;
  const auto* l = c.line(holder.member());
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->string_at("kind"), "fd-copy");
  EXPECT_EQ(l->string_at("status"), "ok");
  EXPECT_EQ(l->string_at("link"), holder.link());
  EXPECT_EQ(l->u64_at("size"), 40 * k_mib);
  EXPECT_EQ(l->u64_at("bytes"), 40 * k_mib);
  EXPECT_EQ(l->string_at("sha256"), sha);
  EXPECT_EQ(l->find("padded"), nullptr) << "nothing was padded";
  const auto* m = c.ar.find(holder.member());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->data.size(), 40 * k_mib);
  EXPECT_EQ(cs_hex_sha(m->data), sha) << "the member holds exactly the file's bytes";
  expect_bounded_rss(c, StreamCapture(holder.pid(), {"--copy-fd", "none"}));
}

/// SHA-256 (hex) of `head` followed by `n` bytes of Noise(seed), computed in 1 MiB slices.
std::string cs_sha_of(std::string_view head, std::size_t n, std::uint64_t seed) {
  Noise noise(seed);
  procsnap::common::Sha256 h;
  h.update(head);
  for (std::size_t off = 0; off < n; off += k_mib) {
    h.update(noise.next(std::min(k_mib, n - off)));
  }
  return procsnap::common::to_hex(h.finish());
}

/// A child running an executable that exists only as a memfd: /bin/sleep's bytes followed by `pad` bytes of noise
/// (an ELF loader ignores bytes after what the headers map). SIGKILLed and reaped on destruction.
class BigMemfdSleeper {
 public:
  explicit BigMemfdSleeper(std::size_t pad) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::memfd_create("procsnap-big-exe", 0);
      const auto elf = test::slurp("/bin/sleep");
      if (fd < 0 || !elf || !cs_write_whole(fd, *elf) || cs_write_noise(fd, pad, 7).empty()) {
        ::_exit(126);
      }
      char a0[] = "sleep";
      char a1[] = "60";
      char* argv[] = {a0, a1, nullptr};
      ::fexecve(fd, argv, environ);
      ::_exit(127);
    }
    for (int i = 0; i < 1000; ++i) {  // until the exec happened (at most 10 s)
      const auto l = test::read_link("/proc/" + std::to_string(pid_) + "/exe");
      if (l && l->starts_with("/memfd:procsnap-big-exe")) {
        running_ = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~BigMemfdSleeper() {
    ::kill(pid_, SIGKILL);
    int st = 0;
    ::waitpid(pid_, &st, 0);
  }
  BigMemfdSleeper(const BigMemfdSleeper&) = delete;
  BigMemfdSleeper& operator=(const BigMemfdSleeper&) = delete;
  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] bool running() const { return running_; }

 private:
  pid_t pid_ = -1;
  bool running_ = false;
};

TEST(CopyStream, MemfdExecutableAboveEightMibIsCopiedWholeInBoundedMemory) {
  const auto elf = test::slurp("/bin/sleep");
  ASSERT_TRUE(elf.has_value());
  constexpr std::size_t k_pad = 12 * k_mib;
  BigMemfdSleeper child(k_pad);
  ASSERT_TRUE(child.running());
  StreamCapture c(child.pid(), {});
  ASSERT_EQ(c.run.exit_code, 0) << c.run.err;
  const std::string path = "bin/" + std::to_string(child.pid()) + "/exe";
  const auto* l = c.line(path);
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->string_at("kind"), "exe-copy");
  EXPECT_EQ(l->string_at("status"), "ok");
  EXPECT_EQ(l->string_at("why"), "memfd");
  EXPECT_EQ(l->u64_at("size"), elf->size() + k_pad);
  EXPECT_EQ(l->u64_at("bytes"), elf->size() + k_pad);
  const std::string sha = cs_sha_of(*elf, k_pad, 7);
  EXPECT_EQ(l->string_at("sha256"), sha);
  const auto* m = c.ar.find(path);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(cs_hex_sha(m->data), sha);
  // (The memfd is also an open fd of the child, so the baseline turns fd copies off too.)
  expect_bounded_rss(c, StreamCapture(child.pid(), {"--copy-exe", "none", "--copy-fd", "none"}));
  // In its place, as a small copy: after every proc/<pid>/ member (task/ included).
  std::size_t last_proc = 0;
  std::size_t bin_at = 0;
  for (std::size_t i = 0; i < c.ar.members.size(); ++i) {
    last_proc = c.ar.members[i].path.starts_with("proc/" + std::to_string(child.pid()) + "/") ? i : last_proc;
    bin_at = c.ar.members[i].path == path ? i : bin_at;
  }
  EXPECT_GT(bin_at, last_proc);
}

// The deadline is per piece: a copy slowed to ~4 s by --max-read-rate, far past --timeout-ms 1000 in total, is
// complete, because each 4 MiB read takes milliseconds (the rate's sleep comes between reads, not inside one).
TEST(CopyStream, DeadlineAppliesPerPieceNotToTheWholeCopy) {
  test::TempDir dir;
  std::string sha;
  DeletedFileHolder holder(dir.path(), [&sha](int fd) { return !(sha = cs_write_noise(fd, 16 * k_mib, 8)).empty(); });
  ASSERT_TRUE(holder.ready()) << holder.line();
  StreamCapture c(holder.pid(), {"--max-read-rate", "4M", "--timeout-ms", "1000"});
  ASSERT_EQ(c.run.exit_code, 0) << c.run.err;
  const auto* l = c.line(holder.member());
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->string_at("status"), "ok");
  EXPECT_EQ(l->u64_at("bytes"), 16 * k_mib);
  EXPECT_EQ(l->string_at("sha256"), sha);
  // The premise: the copy took longer than the deadline (the token bucket guarantees (16 - 1) MiB / 4 MiB/s).
  EXPECT_GT(l->u64_at("t1").value_or(0) - l->u64_at("t0").value_or(0), 1'000'000'000u);
}

/// The collector's fd on `link` (readlink of /proc/<pid>/fd/<n>), or -1.
int fd_of(pid_t pid, const std::string& link) {
  const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (test::read_link(e.path()) == link) {
      return std::atoi(e.path().filename().c_str());
    }
  }
  return -1;
}

/// The file offset of `pid`'s fd `fd` (fdinfo "pos:") when it is open read-only (the collector's copy, not this
/// process's O_RDWR fd, which a forked child shows until its exec), or -1.
long long fd_pos(pid_t pid, int fd) {
  const auto info = test::slurp("/proc/" + std::to_string(pid) + "/fdinfo/" + std::to_string(fd));
  const auto flags = info ? info->find("\nflags:") : std::string::npos;
  if (!info || !info->starts_with("pos:") || flags == std::string::npos ||
      (std::strtoul(info->c_str() + flags + 7, nullptr, 8) & O_ACCMODE) != O_RDONLY) {
    return -1;
  }
  return std::atoll(info->c_str() + 4);
}

/// Runs the collector on `holder` slowed by --max-read-rate, waits until it has read the first piece of the
/// holder's file (its fd's offset), runs `change()` and waits for it. False when the copy was never seen.
bool capture_changing(const DeletedFileHolder& holder, const std::string& out, const std::function<void()>& change,
                      int& exit_code) {
  const pid_t pid = test::start_program(k_collect, {"-o", out, "--quiet", "--no-threads", "--max-read-rate", "3M",
                                                    "--pids", std::to_string(holder.pid())});
  bool seen = false;
  for (int i = 0; i < 20'000 && !seen; ++i) {  // polled every ms; the copy takes ~3 s
    int st = 0;
    if (::waitpid(pid, &st, WNOHANG) == pid) {
      exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      return false;
    }
    const int fd = fd_of(pid, holder.link());
    if (fd >= 0 && fd_pos(pid, fd) >= static_cast<long long>(procsnap::collector::k_copy_piece_bytes)) {
      change();
      seen = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return seen;
}

/// `procsnap` with `args`: exit code and stdout.
std::pair<int, std::string> analyzer(const test::TempDir& tmp, const std::vector<std::string>& args) {
  const auto r = test::run_program(PROCSNAP_BIN, args, {.stdout_path = tmp / "stdout"});
  return {r.exit_code, test::slurp(tmp / "stdout").value_or("")};
}

/// A 10 MiB deleted file of Noise(seed), captured (into tmp/c.tar.zst) while `change(fd)` alters it through the
/// test's own fd once the collector has read its first piece; its member and fd-copy line.
struct ChangedCopy {
  test::TempDir dir;
  test::TempDir tmp;
  std::string sha;  ///< of the file as written
  std::unique_ptr<DeletedFileHolder> holder;
  int exit_code = -1;
  test::Archive ar;
  const test::Member* member = nullptr;
  procsnap::common::json::Value line;
  ChangedCopy(std::uint64_t seed, const std::function<void(int fd)>& change) {
    holder = std::make_unique<DeletedFileHolder>(
        dir.path(), [&](int fd) { return !(sha = cs_write_noise(fd, 10 * k_mib, seed)).empty(); });
    if (!holder->ready()) {
      ADD_FAILURE() << "holder: " << holder->line();
      return;
    }
    if (!capture_changing(*holder, archive(), [&] { change(holder->fd()); }, exit_code)) {
      ADD_FAILURE() << "the copy's first piece was never seen";
      return;
    }
    ar = test::read_archive(archive());
    member = ar.find(holder->member());
    const auto lines = test::manifest_by_path(ar);
    if (const auto it = lines.find(holder->member()); it != lines.end()) {
      line = it->second;
    }
  }
  [[nodiscard]] std::string archive() const { return tmp / "c.tar.zst"; }
};

// A file truncated while the collector copies it (after its first piece): the member keeps its declared size, the
// bytes read before the truncation, then zeros, and the line says how many zeros; verify and import agree.
TEST(CopyStream, FileTruncatedDuringTheCopyIsPaddedDeclaredVerifiedAndImported) {
  const ChangedCopy c(9, [](int fd) { ASSERT_EQ(::ftruncate(fd, 5 * k_mib), 0); });
  ASSERT_NE(c.member, nullptr);
  EXPECT_EQ(c.exit_code, 0) << "fd copies never make the capture partial";
  const auto& l = c.line;
  EXPECT_EQ(l.string_at("status"), "truncated");
  EXPECT_EQ(l.string_at("reason"), "shrank");
  EXPECT_EQ(l.u64_at("size"), 10 * k_mib);
  EXPECT_EQ(l.u64_at("bytes"), 10 * k_mib);
  const std::uint64_t padded = l.u64_at("padded").value_or(0);
  // Truncated at 5 MiB after the first piece: the second piece read up to it (5 MiB kept), or had already been
  // read (8 MiB kept, the last 3 of them the old bytes) when the truncation came.
  EXPECT_TRUE(padded == 5 * k_mib || padded == 2 * k_mib) << padded;
  const std::string& data = c.member->data;
  ASSERT_EQ(data.size(), 10 * k_mib);
  const std::size_t kept = data.size() - padded;
  EXPECT_EQ(cs_hex_sha(data.substr(0, kept)), cs_sha_of("", kept, 9)) << "the file's bytes as they were read";
  EXPECT_EQ(data.find_first_not_of('\0', kept), std::string::npos) << "then zeros only";
  EXPECT_EQ(l.string_at("sha256"), cs_hex_sha(data)) << "the hash is of the member as stored";

  const auto [vrc, vout] = analyzer(c.tmp, {"verify", c.archive()});
  EXPECT_EQ(vrc, 0) << vout;
  const std::string db = c.tmp / "s.db";
  const auto [irc, iout] = analyzer(c.tmp, {"import", "--db", db, c.archive()});
  ASSERT_EQ(irc, 0) << iout;
  const auto [qrc, qout] = analyzer(c.tmp, {"query", "--db", db, "--format", "csv",
                                            "SELECT status, reason, bytes, padded, verify FROM captured_fds WHERE "
                                            "fd = " + std::to_string(c.holder->fd())});
  EXPECT_EQ(qrc, 0);
  EXPECT_EQ(qout, "status,reason,bytes,padded,verify\r\ntruncated,shrank," + std::to_string(10 * k_mib) + "," +
                      std::to_string(padded) + ",ok\r\n");  // CSV rows end CRLF (RFC 4180)
}

// A file that grows while it is copied: exactly the declared size (st_size at the open) is stored, no zeros.
TEST(CopyStream, FileGrownDuringTheCopyIsStoredToItsDeclaredSize) {
  const ChangedCopy c(10, [](int fd) { ASSERT_EQ(::pwrite(fd, "appended", 8, static_cast<off_t>(10 * k_mib)), 8); });
  ASSERT_NE(c.member, nullptr);
  EXPECT_EQ(c.exit_code, 0);
  EXPECT_EQ(c.line.string_at("status"), "truncated");
  EXPECT_EQ(c.line.string_at("reason"), "grew");
  EXPECT_EQ(c.line.u64_at("bytes"), 10 * k_mib);
  EXPECT_EQ(c.line.find("padded"), nullptr);
  EXPECT_EQ(c.line.string_at("sha256"), c.sha);
  EXPECT_EQ(cs_hex_sha(c.member->data), c.sha);
}

/// A regular file of `n` bytes of Noise(seed), streamed by stream_copy_pieces read directly (no deadline), with a
/// test hook run before piece k is read (to truncate or extend the file between pieces).
struct PieceFile {
  test::TempDir dir;
  std::string bytes;
  int fd = -1;
  PieceFile(std::size_t n, std::uint64_t seed) : bytes(Noise(seed).next(n)) {
    fd = ::open((dir / "f").c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0 && !cs_write_whole(fd, bytes)) {
      ::close(fd);
      fd = -1;
    }
  }
  ~PieceFile() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
  PieceFile(const PieceFile&) = delete;
  PieceFile& operator=(const PieceFile&) = delete;

  std::string out;  ///< the stored parts of the last stream(), concatenated
  int firsts = 0;   ///< parts stored with first = true

  procsnap::collector::StreamedCopy stream(std::uint64_t declared, std::size_t piece,
                                           const std::function<void(int)>& before_piece = [](int) {}) {
    using procsnap::collector::BlockingRunner;
    using procsnap::collector::PieceRead;
    out.clear();
    firsts = 0;
    int k = 0;
    ::lseek(fd, 0, SEEK_SET);
    const procsnap::collector::CopyPieceIo io{
        .read = [&](std::uint64_t, std::size_t want, bool probe, std::shared_ptr<char>& buf, PieceRead& r) {
          before_piece(k++);
          buf = std::shared_ptr<char>(new char[want + 1], std::default_delete<char[]>());
          r = procsnap::collector::read_copy_piece(fd, buf.get(), want, probe);
          return BlockingRunner::Outcome::done;
        },
        .store = [&](std::shared_ptr<char> buf, std::size_t len, bool first) {
          out.append(buf.get(), len);
          firsts += first ? 1 : 0;
        },
        .stop = [] { return false; },
    };
    return procsnap::collector::stream_copy_pieces(declared, piece, io);
  }
};

/// A before_piece hook: truncates `f`'s file to `size` bytes just before piece `k` is read.
std::function<void(int)> truncate_before(const PieceFile& f, int k, off_t size) {
  return [fd = f.fd, k, size](int piece) {
    if (piece == k) {
      ASSERT_EQ(::ftruncate(fd, size), 0);
    }
  };
}

std::string status_of(const procsnap::collector::StreamedCopy& s, bool cap_cut = false) {
  const auto st = procsnap::collector::streamed_copy_status(s, cap_cut, "max-total");
  return st.status + "/" + st.reason;
}

TEST(CopyStream, UnchangedFileIsStoredWholeInPieces) {
  PieceFile f(10 * 4096, 2);
  ASSERT_GE(f.fd, 0);
  const auto s = f.stream(f.bytes.size(), 3 * 4096);
  EXPECT_EQ(f.out, f.bytes);
  EXPECT_EQ(f.firsts, 1);
  EXPECT_EQ(s.stored, f.bytes.size());
  EXPECT_EQ(s.padded, 0u);
  EXPECT_FALSE(s.shrank || s.longer || s.stopped || s.err != 0);
  EXPECT_EQ(status_of(s), "ok/");
}

TEST(CopyStream, FileThatShrinksBetweenPiecesIsPaddedAndSaysSo) {
  PieceFile f(10 * 4096, 3);
  ASSERT_GE(f.fd, 0);
  // Truncated to 5 pages after the first piece (3 pages) was read: the second piece gets 2 pages and EOF.
  const auto s = f.stream(f.bytes.size(), 3 * 4096, truncate_before(f, 1, 5 * 4096));
  EXPECT_EQ(f.out, f.bytes.substr(0, 5 * 4096));
  EXPECT_EQ(s.stored, 5u * 4096);
  EXPECT_EQ(s.padded, 5u * 4096);
  EXPECT_TRUE(s.shrank);
  EXPECT_EQ(status_of(s), "truncated/shrank");
}

TEST(CopyStream, FileEmptiedBeforeTheFirstPieceStoresNothing) {
  PieceFile f(4 * 4096, 4);
  ASSERT_GE(f.fd, 0);
  const auto s = f.stream(f.bytes.size(), 4096, truncate_before(f, 0, 0));
  EXPECT_TRUE(f.out.empty());
  EXPECT_EQ(f.firsts, 0) << "no member is begun: a member of zeros only would say nothing";
  EXPECT_EQ(s.stored, 0u);
  EXPECT_EQ(s.padded, 0u);
  EXPECT_EQ(status_of(s), "truncated/shrank");
}

TEST(CopyStream, FileThatGrowsStoresTheDeclaredSizeAndSaysGrewOrTheCap) {
  PieceFile f(6 * 4096, 5);
  ASSERT_GE(f.fd, 0);
  const auto s = f.stream(f.bytes.size(), 4 * 4096, [&f](int k) {
    if (k == 1) {
      ASSERT_EQ(::pwrite(f.fd, "more", 4, 6 * 4096), 4);
    }
  });
  EXPECT_EQ(f.out, f.bytes) << "exactly the declared size: the bytes added after the fstat are not stored";
  EXPECT_TRUE(s.longer);
  EXPECT_EQ(s.padded, 0u);
  EXPECT_EQ(status_of(s), "truncated/grew");
  // The same file declared at a cap below its size: the cap cut it.
  const auto c = f.stream(5 * 4096, 4 * 4096);
  EXPECT_EQ(f.out, f.bytes.substr(0, 5 * 4096));
  EXPECT_TRUE(c.longer);
  EXPECT_EQ(status_of(c, true), "truncated/max-total");
}

TEST(CopyStream, ReadErrorAndDeadlineKeepWhatWasStored) {
  using procsnap::collector::BlockingRunner;
  using procsnap::collector::PieceRead;
  for (const bool deadline : {false, true}) {
    std::string out;
    int k = 0;
    const procsnap::collector::CopyPieceIo io{
        .read = [&](std::uint64_t, std::size_t want, bool, std::shared_ptr<char>& buf, PieceRead& r) {
          buf = std::shared_ptr<char>(new char[want], std::default_delete<char[]>());
          std::memset(buf.get(), 'a' + k, want);
          if (k++ == 1) {
            if (deadline) {
              return BlockingRunner::Outcome::timeout;
            }
            r = PieceRead{.size = 100, .err = EIO};
            return BlockingRunner::Outcome::done;
          }
          r = PieceRead{.size = want};
          return BlockingRunner::Outcome::done;
        },
        .store = [&](std::shared_ptr<char> buf, std::size_t len, bool) { out.append(buf.get(), len); },
        .stop = [] { return false; },
    };
    const auto s = procsnap::collector::stream_copy_pieces(3000, 1000, io);
    const auto st = procsnap::collector::streamed_copy_status(s, false, "max-file-bytes");
    if (deadline) {
      EXPECT_EQ(out, std::string(1000, 'a'));
      EXPECT_EQ(s.padded, 2000u);
      EXPECT_EQ(st.status, "timeout");
      EXPECT_EQ(st.reason, "read-deadline");
    } else {
      EXPECT_EQ(out, std::string(1000, 'a') + std::string(100, 'b')) << "bytes read before the error are kept";
      EXPECT_EQ(s.padded, 1900u);
      EXPECT_EQ(st.status, "EIO");
    }
  }
}

TEST(CopyStream, StopBetweenPiecesKeepsWhatWasStoredAndSaysInterrupted) {
  PieceFile f(8 * 4096, 6);
  ASSERT_GE(f.fd, 0);
  ASSERT_EQ(::lseek(f.fd, 0, SEEK_SET), 0);
  int asked = 0;
  using procsnap::collector::BlockingRunner;
  using procsnap::collector::PieceRead;
  const procsnap::collector::CopyPieceIo io{
      .read = [&](std::uint64_t, std::size_t want, bool probe, std::shared_ptr<char>& buf, PieceRead& r) {
        buf = std::shared_ptr<char>(new char[want + 1], std::default_delete<char[]>());
        r = procsnap::collector::read_copy_piece(f.fd, buf.get(), want, probe);
        return BlockingRunner::Outcome::done;
      },
      .store = [&](std::shared_ptr<char>, std::size_t, bool) {},
      .stop = [&] { return ++asked == 2; },  // the capture is interrupted after the second piece
  };
  const auto s = procsnap::collector::stream_copy_pieces(f.bytes.size(), 2 * 4096, io);
  EXPECT_EQ(asked, 2) << "asked between pieces only, never before the first";
  EXPECT_TRUE(s.stopped);
  EXPECT_EQ(s.stored, 4u * 4096);
  EXPECT_EQ(s.padded, 4u * 4096);
  EXPECT_EQ(status_of(s), "truncated/interrupted");
}

TEST(CopyStream, WriterPadsAShortMemberAndHashesItAsStored) {
  test::TempDir tmp;
  const std::string path = tmp / "w.tar";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  std::uint64_t zeros = 99;
  std::string member_sha;
  {
    procsnap::collector::ArchiveWriter w(fd, 1'700'000'000);
    std::string err;
    ASSERT_TRUE(w.start(procsnap::collector::Compression::none, err)) << err;
    procsnap::common::Sha256 h;
    ASSERT_TRUE(w.begin_file("bin/1/fd/3", 300000));
    ASSERT_TRUE(w.add_data(std::string(100000, 'x'), &h));
    ASSERT_TRUE(w.add_data(std::string(50000, 'y'), &h));
    ASSERT_TRUE(w.finish_file(&h, zeros));
    member_sha = procsnap::common::to_hex(h.finish());
    ASSERT_TRUE(w.add_file("after", "z"));
    // Out of turn: data with no member begun fails the archive (its stream could not be framed).
    EXPECT_FALSE(w.add_data("stray"));
    EXPECT_TRUE(w.failed());
    (void)w.finish();  // closes the stream (what was written before the failure stays readable)
  }
  ::close(fd);
  EXPECT_EQ(zeros, 150000u);
  const auto ar = test::read_archive(path);
  const auto* m = ar.find("bin/1/fd/3");
  ASSERT_NE(m, nullptr);
  const std::string want = std::string(100000, 'x') + std::string(50000, 'y') + std::string(150000, '\0');
  EXPECT_TRUE(m->data == want) << m->data.size();
  EXPECT_EQ(member_sha, cs_hex_sha(want)) << "the hash covers the zeros too: it is of the member as stored";
  ASSERT_NE(ar.find("after"), nullptr);
  EXPECT_EQ(ar.find("after")->data, "z");
}

TEST(CopyStream, WriterRefusesDataBeyondTheDeclaredSize) {
  test::TempDir tmp;
  const int fd = ::open((tmp / "w.tar").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  procsnap::collector::ArchiveWriter w(fd, 0);
  std::string err;
  ASSERT_TRUE(w.start(procsnap::collector::Compression::none, err)) << err;
  ASSERT_TRUE(w.begin_file("m", 4));
  EXPECT_FALSE(w.add_data("12345"));
  EXPECT_TRUE(w.failed());
  EXPECT_NE(w.error().find("beyond"), std::string::npos) << w.error();
  (void)w.finish();
  ::close(fd);
}

}  // namespace
