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
#include <functional>
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
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
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
    run = test::run_program(k_collect, args);
    ar = test::read_archive(tmp / "c.tar.zst");
    lines = test::manifest_by_path(ar);
  }
  [[nodiscard]] const procsnap::common::json::Value* line(const std::string& path) const {
    const auto it = lines.find(path);
    return it == lines.end() ? nullptr : &it->second;
  }
};

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
  EXPECT_LT(c.run.max_rss_kb, 32 * 1024) << "peak RSS " << c.run.max_rss_kb << " KiB while copying 40 MiB";
  std::printf("peak RSS copying a 40 MiB deleted file: %ld KiB\n", c.run.max_rss_kb);
}

/// stream_copy_pieces over a real file, read directly (no deadline), with `before_piece(k)` run before piece k is
/// read (a test hook that truncates or extends the file between pieces); the stored parts concatenated in `out`.
procsnap::collector::StreamedCopy stream_file(int fd, std::uint64_t declared, std::size_t piece,
                                              const std::function<void(int)>& before_piece, std::string& out,
                                              int& firsts) {
  using procsnap::collector::BlockingRunner;
  using procsnap::collector::PieceRead;
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

/// A regular file in `dir` holding `n` bytes of Noise(seed); its fd (read/write).
int noise_file(const test::TempDir& dir, std::size_t n, std::uint64_t seed, std::string& bytes) {
  const int fd = ::open((dir / "f").c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  bytes = Noise(seed).next(n);
  return cs_write_whole(fd, bytes) ? fd : -1;
}

TEST(CopyStream, UnchangedFileIsStoredWholeInPieces) {
  test::TempDir dir;
  std::string bytes;
  const int fd = noise_file(dir, 10 * 4096, 2, bytes);
  ASSERT_GE(fd, 0);
  std::string out;
  int firsts = 0;
  const auto s = stream_file(fd, bytes.size(), 4096 * 3, [](int) {}, out, firsts);
  EXPECT_EQ(out, bytes);
  EXPECT_EQ(firsts, 1);
  EXPECT_EQ(s.stored, bytes.size());
  EXPECT_EQ(s.padded, 0u);
  EXPECT_FALSE(s.shrank || s.longer || s.stopped || s.err != 0);
  const auto st = procsnap::collector::streamed_copy_status(s, false, "max-file-bytes");
  EXPECT_EQ(st.status, "ok");
  EXPECT_EQ(st.reason, "");
  ::close(fd);
}

TEST(CopyStream, FileThatShrinksBetweenPiecesIsPaddedAndSaysSo) {
  test::TempDir dir;
  std::string bytes;
  const int fd = noise_file(dir, 10 * 4096, 3, bytes);
  ASSERT_GE(fd, 0);
  std::string out;
  int firsts = 0;
  // Truncated to 5 pages after the first piece (3 pages) was read: the second piece gets 2 pages and EOF.
  const auto s = stream_file(fd, bytes.size(), 3 * 4096, [fd](int k) {
    if (k == 1) {
      ASSERT_EQ(::ftruncate(fd, 5 * 4096), 0);
    }
  }, out, firsts);
  EXPECT_EQ(out, bytes.substr(0, 5 * 4096));
  EXPECT_EQ(s.stored, 5u * 4096);
  EXPECT_EQ(s.padded, 5u * 4096);
  EXPECT_TRUE(s.shrank);
  const auto st = procsnap::collector::streamed_copy_status(s, false, "max-file-bytes");
  EXPECT_EQ(st.status, "truncated");
  EXPECT_EQ(st.reason, "shrank");
  ::close(fd);
}

TEST(CopyStream, FileEmptiedBeforeTheFirstPieceStoresNothing) {
  test::TempDir dir;
  std::string bytes;
  const int fd = noise_file(dir, 4 * 4096, 4, bytes);
  ASSERT_GE(fd, 0);
  std::string out;
  int firsts = 0;
  const auto s = stream_file(fd, bytes.size(), 4096, [fd](int k) {
    if (k == 0) {
      ASSERT_EQ(::ftruncate(fd, 0), 0);
    }
  }, out, firsts);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(firsts, 0) << "no member is begun: a member of zeros only would say nothing";
  EXPECT_EQ(s.stored, 0u);
  EXPECT_EQ(s.padded, 0u);
  EXPECT_EQ(procsnap::collector::streamed_copy_status(s, false, "max-file-bytes").reason, "shrank");
  ::close(fd);
}

TEST(CopyStream, FileThatGrowsStoresTheDeclaredSizeAndSaysGrewOrTheCap) {
  test::TempDir dir;
  std::string bytes;
  const int fd = noise_file(dir, 6 * 4096, 5, bytes);
  ASSERT_GE(fd, 0);
  std::string out;
  int firsts = 0;
  const auto s = stream_file(fd, bytes.size(), 4 * 4096, [fd](int k) {
    if (k == 1) {
      ASSERT_EQ(::pwrite(fd, "more", 4, 6 * 4096), 4);
    }
  }, out, firsts);
  EXPECT_EQ(out, bytes) << "exactly the declared size: the bytes added after the fstat are not stored";
  EXPECT_TRUE(s.longer);
  EXPECT_EQ(s.padded, 0u);
  EXPECT_EQ(procsnap::collector::streamed_copy_status(s, false, "max-file-bytes").reason, "grew");
  // The same file declared at a cap below its size: the cap cut it.
  std::string capped;
  const auto c = stream_file(fd, 5 * 4096, 4 * 4096, [](int) {}, capped, firsts);
  EXPECT_EQ(capped, bytes.substr(0, 5 * 4096));
  EXPECT_TRUE(c.longer);
  const auto st = procsnap::collector::streamed_copy_status(c, true, "max-total");
  EXPECT_EQ(st.status, "truncated");
  EXPECT_EQ(st.reason, "max-total");
  ::close(fd);
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
