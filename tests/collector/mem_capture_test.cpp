// --mem (collector/mem_capture.*): region selection over captured maps, reading /proc/<pid>/mem with holes and
// budgets, and what the archive says about it (schema/FORMAT.md "Memory regions and executable copies").
//
// Children are this test binary re-executed with PROCSNAP_MEM_TEST_CHILD=<mode>: a static initializer below turns
// the process into the child before GoogleTest starts. A child reports addresses in one line on fd 3 and lives
// until its stdin reaches EOF.
#include "mem_capture.hpp"

#include <gtest/gtest.h>
#include <linux/fuse.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "collector/test_support.hpp"
#include "options.hpp"
#include "reader.hpp"

namespace {

using procsnap::common::json::Value;
constexpr const char* k_bin = PROCSNAP_COLLECT_BIN;
constexpr const char* k_mem_child_env = "PROCSNAP_MEM_TEST_CHILD";

// ---------------------------------------------------------------------------------------------------------------
// Children

void put(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n <= 0) {
      return;
    }
    off += static_cast<std::size_t>(n);
  }
}

std::string hex(std::uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "%llx", static_cast<unsigned long long>(v));
  return b;
}

// Markers are built at run time so the bytes never appear in the binary's file-backed mappings.
std::string marker(const char* what) { return std::string("PSNAP-") + what + "-MARKER-" + std::to_string(::getpid()); }

void wait_stdin_eof() {
  char c;
  while (::read(0, &c, 1) > 0 || errno == EINTR) {
  }
}

// A minimal FUSE server (raw protocol, no libfuse): root directory (node 1) with one file "f" (node 2).
// Every request is answered except READ, which is left pending forever, unless `content` is given: then "f" holds
// those bytes (mode 0555, attributes never cached so that any stat that asks the server shows as a GETATTR) and
// READ is answered. While `*frozen` is set, a request the server took is held until it is cleared (the caller
// waits uninterruptibly meanwhile: a hung server).
struct FuseServe {
  const std::string* content = nullptr;
  std::atomic<bool>* frozen = nullptr;
};

void fuse_serve(int fd, FuseServe cfg = {}) {
  std::vector<char> buf(256 * 1024 + 4096);
  const std::uint64_t file_size = cfg.content ? cfg.content->size() : 64 * 1024;
  auto attr_of = [&](std::uint64_t node) {
    fuse_attr a{};
    a.ino = node;
    a.mode = node == 1 ? (S_IFDIR | 0755) : (S_IFREG | (cfg.content ? 0555 : 0444));
    a.nlink = node == 1 ? 2 : 1;
    a.size = node == 1 ? 0 : file_size;
    a.blocks = (a.size + 511) / 512;
    a.blksize = 4096;
    return a;
  };
  const std::uint64_t valid = cfg.content ? 0 : 3600;
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < static_cast<ssize_t>(sizeof(fuse_in_header))) {
      return;  // unmounted or aborted
    }
    while (cfg.frozen != nullptr && cfg.frozen->load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    fuse_in_header in{};
    std::memcpy(&in, buf.data(), sizeof in);
    const char* arg = buf.data() + sizeof in;
    auto reply = [&](int err, const void* p, std::size_t len) {
      fuse_out_header out{};
      out.len = static_cast<std::uint32_t>(sizeof out + len);
      out.error = -err;
      out.unique = in.unique;
      std::string msg(reinterpret_cast<const char*>(&out), sizeof out);
      msg.append(static_cast<const char*>(p), len);
      (void)!::write(fd, msg.data(), msg.size());
    };
    switch (in.opcode) {
      case FUSE_INIT: {
        fuse_init_in ii{};
        std::memcpy(&ii, arg, std::min(sizeof ii, static_cast<std::size_t>(n) - sizeof in));
        fuse_init_out o{};
        o.major = FUSE_KERNEL_VERSION;
        o.minor = std::min<std::uint32_t>(ii.minor, FUSE_KERNEL_MINOR_VERSION);
        o.max_readahead = ii.max_readahead;
        o.max_background = 16;
        o.congestion_threshold = 12;
        o.max_write = 65536;
        o.time_gran = 1;
        reply(0, &o, sizeof o);
        break;
      }
      case FUSE_LOOKUP: {
        if (in.nodeid == 1 && std::strcmp(arg, "f") == 0) {
          fuse_entry_out e{};
          e.nodeid = 2;
          e.entry_valid = valid;
          e.attr_valid = valid;
          e.attr = attr_of(2);
          reply(0, &e, sizeof e);
        } else {
          reply(ENOENT, nullptr, 0);
        }
        break;
      }
      case FUSE_GETATTR: {
        fuse_attr_out a{};
        a.attr_valid = valid;
        a.attr = attr_of(in.nodeid);
        reply(0, &a, sizeof a);
        break;
      }
      case FUSE_OPEN: {
        fuse_open_out o{};
        o.fh = 1;
        reply(0, &o, sizeof o);
        break;
      }
      case FUSE_READ: {
        if (cfg.content == nullptr) {
          break;  // never answered
        }
        fuse_read_in r{};
        std::memcpy(&r, arg, std::min(sizeof r, static_cast<std::size_t>(n) - sizeof in));
        const std::uint64_t off = std::min<std::uint64_t>(r.offset, file_size);
        const std::uint64_t len = std::min<std::uint64_t>(r.size, file_size - off);
        reply(0, cfg.content->data() + off, static_cast<std::size_t>(len));
        break;
      }
      case FUSE_FORGET:
      case FUSE_BATCH_FORGET:
      case FUSE_INTERRUPT:
        break;
      case FUSE_FLUSH:
      case FUSE_RELEASE:
        reply(0, nullptr, 0);
        break;
      default:
        reply(ENOSYS, nullptr, 0);
        break;
    }
  }
}

/// Mounts a FUSE file system at `mnt` served by `fd` (/dev/fuse); false with errno set.
bool fuse_mount(const char* mnt, int fd) {
  const std::string opts = "fd=" + std::to_string(fd) + ",rootmode=40000,user_id=0,group_id=0";
  return mnt != nullptr && fd >= 0 && ::mount("procsnap-test", mnt, "fuse", MS_NOSUID | MS_NODEV, opts.c_str()) == 0;
}

// A shared mapping of a fresh memfd named `name`: maps shows "/memfd:<name> (deleted)".
char* named_region(const char* name, std::size_t len) {
  const int fd = ::memfd_create(name, MFD_CLOEXEC);
  if (fd < 0 || ::ftruncate(fd, static_cast<off_t>(len)) != 0) {
    ::_exit(1);
  }
  void* p = ::mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    ::_exit(1);
  }
  ::close(fd);
  return static_cast<char*>(p);
}

[[noreturn]] void mem_child(const std::string& mode) {
  std::string info = "ready";
  if (mode == "markers") {
    // heap marker (in memory from sbrk: the [heap] region whatever the allocator, ASan's included), an anonymous
    // rwx region with a second marker, and a PROT_NONE guard region.
    const std::string hm = marker("HEAP");
    char* heap = static_cast<char*>(::sbrk(8192));
    std::memcpy(heap + 100, hm.data(), hm.size());
    const std::size_t rwx_len = 64 * 1024;
    char* rwx = static_cast<char*>(
        ::mmap(nullptr, rwx_len, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    const std::string rm = marker("RWX");
    std::memset(rwx, 0xcc, rwx_len);
    std::memcpy(rwx + 5000, rm.data(), rm.size());
    void* guard = ::mmap(nullptr, 16 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    // A 2 MiB rw region (for the budget tests), filled. memfd-backed so that an expression can name it exactly
    // (path='/memfd:procsnap-big*') and it never merges with a neighbour (an ASan build has many anonymous ones).
    const std::size_t big_len = 2 * 1024 * 1024;
    char* big = named_region("procsnap-big", big_len);
    std::memset(big, 0x5a, big_len);
    info += " heap=" + hex(reinterpret_cast<std::uintptr_t>(heap + 100)) +
            " rwx=" + hex(reinterpret_cast<std::uintptr_t>(rwx + 5000)) +
            " rwx_start=" + hex(reinterpret_cast<std::uintptr_t>(rwx)) +
            " guard=" + hex(reinterpret_cast<std::uintptr_t>(guard)) +
            " big=" + hex(reinterpret_cast<std::uintptr_t>(big));
    put(3, info + "\n");
    ::close(3);
    wait_stdin_eof();
    ::_exit(0);
  }
  if (mode == "churn") {
    // Maps, fills and unmaps a 64 MiB region as fast as it can: a capture of it races the unmap.
    put(3, info + "\n");
    ::close(3);
    std::atomic<bool> stop{false};
    std::thread t([&stop] {
      wait_stdin_eof();
      stop = true;
    });
    const std::size_t len = 64 * 1024 * 1024;
    const int mfd = ::memfd_create("procsnap-churn", MFD_CLOEXEC);
    if (mfd < 0 || ::ftruncate(mfd, static_cast<off_t>(len)) != 0) {
      ::_exit(1);
    }
    while (!stop.load()) {
      void* p = ::mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
      if (p != MAP_FAILED) {
        for (std::size_t off = 0; off < len; off += 1 << 20) {
          static_cast<char*>(p)[off] = 1;
        }
        ::munmap(p, len);
      }
    }
    t.join();
    ::_exit(0);
  }
  if (mode == "bigexit") {
    // 256 MiB resident; exits as soon as stdin reaches EOF (the test closes it while the collector reads).
    const std::size_t len = 256ull * 1024 * 1024;
    char* p = named_region("procsnap-bigexit", len);
    std::memset(p, 0x11, len);
    put(3, info + " big=" + hex(reinterpret_cast<std::uintptr_t>(p)) + "\n");
    ::close(3);
    wait_stdin_eof();
    ::_exit(0);
  }
  if (mode == "fuse") {
    // A FUSE file system served by a thread of this process that never answers READ: a read of the mapped file's
    // pages through /proc/<pid>/mem blocks in the kernel (the stuck-read case --timeout-ms exists for).
    const char* mnt = std::getenv("PROCSNAP_MEM_TEST_MNT");
    const int fd = ::open("/dev/fuse", O_RDWR | O_CLOEXEC);
    if (!fuse_mount(mnt, fd)) {
      put(3, info + " mountfail=" + std::to_string(errno) + "\n");
      ::close(3);
      wait_stdin_eof();
      ::_exit(0);
    }
    std::thread([fd] { fuse_serve(fd); }).detach();
    static_cast<char*>(::sbrk(8192))[0] = 1;  // a [heap] region whatever the allocator
    const std::string file = std::string(mnt) + "/f";
    const int ffd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    void* map = ffd < 0 ? MAP_FAILED : ::mmap(nullptr, 64 * 1024, PROT_READ, MAP_PRIVATE, ffd, 0);
    // Closed now, while the server thread answers its FLUSH: closed at exit, the flush would wait on the server
    // thread that is exiting itself. (The mapping keeps the file; its release at exit is asynchronous.)
    ::close(ffd);
    info += map == MAP_FAILED ? " mapfail=" + std::to_string(errno)
                              : " fusemap=" + hex(reinterpret_cast<std::uintptr_t>(map));
    put(3, info + "\n");
    ::close(3);
    wait_stdin_eof();
    ::_exit(0);  // closing /dev/fuse aborts the connection: any read still waiting on it fails
  }
  if (mode == "fuseexe") {
    // A FUSE file system whose file "f" is a copy of this test binary, and a grandchild executing it (as a plain
    // child: "ready", then waits for stdin's EOF, which it shares with this process). Once the grandchild runs, the
    // server freezes: every request it takes is held until stdin reaches EOF (a hung server). The grandchild's exe
    // and its text mappings are then FUSE-backed.
    const char* mnt = std::getenv("PROCSNAP_MEM_TEST_MNT");
    static const std::string content = [] {
      std::string c;
      const int sfd = ::open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
      char b[65536];
      ssize_t n = 0;
      while (sfd >= 0 && (n = ::read(sfd, b, sizeof b)) > 0) {
        c.append(b, static_cast<std::size_t>(n));
      }
      return c;
    }();
    static std::atomic<bool> frozen{false};
    const int fd = ::open("/dev/fuse", O_RDWR | O_CLOEXEC);
    if (content.empty() || !fuse_mount(mnt, fd)) {
      put(3, info + " mountfail=" + std::to_string(errno) + "\n");
      ::close(3);
      wait_stdin_eof();
      ::_exit(0);
    }
    std::thread([fd] { fuse_serve(fd, FuseServe{.content = &content, .frozen = &frozen}); }).detach();
    int ready[2];
    if (::pipe2(ready, O_CLOEXEC) != 0) {
      ::_exit(1);
    }
    const std::string file = std::string(mnt) + "/f";
    std::string env_child = std::string(k_mem_child_env) + "=plain";
    char arg0[] = "procsnap-fuse-exe";
    char* argv[] = {arg0, nullptr};
    char* envp[] = {env_child.data(), nullptr};
    const pid_t gc = ::fork();
    if (gc == 0) {
      ::dup2(ready[1], 3);  // clears O_CLOEXEC on fd 3
      ::execve(file.c_str(), argv, envp);
      ::_exit(127);
    }
    ::close(ready[1]);
    std::string got;
    char c = 0;
    while (::read(ready[0], &c, 1) == 1 && c != '\n') {
      got.push_back(c);
    }
    ::close(ready[0]);
    if (gc < 0 || !got.starts_with("ready")) {
      put(3, info + " execfail=" + std::to_string(gc) + "\n");
    } else {
      frozen = true;
      put(3, info + " exepid=" + std::to_string(gc) + "\n");
    }
    ::close(3);
    wait_stdin_eof();
    frozen = false;  // the grandchild (EOF too) and any held request go on
    int st = 0;
    if (gc > 0) {
      ::waitpid(gc, &st, 0);
    }
    ::_exit(0);
  }
  put(3, info + "\n");
  ::close(3);
  wait_stdin_eof();
  ::_exit(0);
}

const int mem_child_hook = [] {
  if (const char* m = std::getenv(k_mem_child_env)) {
    mem_child(m);
  }
  return 0;
}();

/// This test binary re-executed as mem_child(`mode`): stdin is the control pipe, fd 3 the ready pipe.
class MemChild : public procsnap::test::ForkedChild {
 public:
  explicit MemChild(const std::string& mode, const std::map<std::string, std::string>& env = {}) {
    start([&](int ready_fd, int ctl_fd) {
      ::dup2(ctl_fd, 0);
      ::dup2(ready_fd, 3);
      ::setenv(k_mem_child_env, mode.c_str(), 1);
      for (const auto& [k, v] : env) {
        ::setenv(k.c_str(), v.c_str(), 1);
      }
      char arg0[] = "procsnap-mem-child";
      char* argv[] = {arg0, nullptr};
      ::execv("/proc/self/exe", argv);
    });
  }
  [[nodiscard]] bool ready() const { return line().starts_with("ready"); }
  [[nodiscard]] std::uint64_t addr(const std::string& key) const {
    const auto p = line().find(" " + key + "=");
    return p == std::string::npos ? 0 : std::strtoull(line().c_str() + p + key.size() + 2, nullptr, 16);
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Archive helpers

struct Piece {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  const std::string* data = nullptr;
};

std::uint64_t hex_at(const Value& v, const char* key) {
  const auto s = v.string_at(key);
  return s ? std::strtoull(s->c_str(), nullptr, 16) : 0;
}

struct Capture {
  procsnap::test::TempDir tmp;
  procsnap::test::RunResult run;
  procsnap::test::Archive ar;
  std::vector<Value> lines;

  Capture(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"-o", tmp / "m.tar", "--quiet"};
    all.insert(all.end(), args.begin(), args.end());
    run = procsnap::test::run_program(k_bin, all);
    ar = procsnap::test::read_archive(tmp / "m.tar");
    lines = procsnap::test::manifest_lines(ar);
  }
  [[nodiscard]] std::vector<Piece> pieces(pid_t pid) const {
    std::vector<Piece> out;
    const std::string pre = "mem/" + std::to_string(pid) + "/";
    for (const auto& m : ar.members) {
      if (m.path.starts_with(pre) && m.path.find("/regions") == std::string::npos &&
          m.path.find("/frames/") == std::string::npos) {
        const std::string r = m.path.substr(pre.size());
        const auto dash = r.find('-');
        out.push_back(Piece{std::strtoull(r.substr(0, dash).c_str(), nullptr, 16),
                            std::strtoull(r.substr(dash + 1).c_str(), nullptr, 16), &m.data});
      }
    }
    return out;
  }
  /// Region lines of `pid`.
  [[nodiscard]] std::vector<const Value*> regions(pid_t pid) const {
    std::vector<const Value*> out;
    const std::string pre = "mem/" + std::to_string(pid) + "/regions";
    for (const auto& l : lines) {
      if (l.string_at("kind") == "mem-region" && l.string_at("path").value_or("").starts_with(pre)) {
        out.push_back(&l);
      }
    }
    return out;
  }
  /// The region line whose [start, end) contains `addr`.
  [[nodiscard]] const Value* region_at(pid_t pid, std::uint64_t addr) const {
    for (const Value* r : regions(pid)) {
      if (hex_at(*r, "start") <= addr && addr < hex_at(*r, "end")) {
        return r;
      }
    }
    return nullptr;
  }
  [[nodiscard]] Value trailer() const { return procsnap::test::json_member(ar, "procsnap/trailer.json"); }
};

/// The bytes at `addr` (up to `n`) from whichever piece covers it; "" when none does.
std::string bytes_at(const std::vector<Piece>& pieces, std::uint64_t addr, std::size_t n) {
  for (const auto& p : pieces) {
    if (p.start <= addr && addr < p.end) {
      return p.data->substr(addr - p.start, n);
    }
  }
  return {};
}

bool covered(const std::vector<Piece>& pieces, std::uint64_t addr) {
  for (const auto& p : pieces) {
    if (p.start <= addr && addr < p.end) {
      return true;
    }
  }
  return false;
}

/// The archive was read to its end and holds the trailer (the collector finished it).
testing::AssertionResult complete_archive(const procsnap::test::Archive& ar) {
  if (!ar.clean_eof) {
    return testing::AssertionFailure() << "archive not read to its end: " << ar.error;
  }
  if (!ar.has("procsnap/trailer.json")) {
    return testing::AssertionFailure() << "no procsnap/trailer.json";
  }
  return testing::AssertionSuccess();
}

/// Every mem-region line of the archive, in manifest order.
std::vector<Value> region_lines(const procsnap::test::Archive& ar) {
  std::vector<Value> out;
  for (auto& l : procsnap::test::manifest_lines(ar)) {
    if (l.string_at("kind") == "mem-region") {
      out.push_back(std::move(l));
    }
  }
  return out;
}

// Every piece line's hash and size match its member; the trailer is there.
void expect_consistent(const Capture& c) {
  ASSERT_TRUE(complete_archive(c.ar));
  const auto by_path = procsnap::test::manifest_by_path(c.ar);
  std::size_t pieces = 0;
  for (const auto& m : c.ar.members) {
    if (!m.path.starts_with("mem/")) {
      continue;
    }
    const auto it = by_path.find(m.path);
    ASSERT_NE(it, by_path.end()) << m.path;
    if (m.path.find("/frames/") != std::string::npos) {  // a region's frame ids (root), not a piece
      EXPECT_EQ(it->second.string_at("kind"), "mem-frames");
      EXPECT_EQ(m.data.size() % 16, 0u);
      continue;
    }
    ++pieces;
    EXPECT_EQ(it->second.string_at("kind"), "mem");
    EXPECT_EQ(it->second.u64_at("bytes"), m.data.size());
    EXPECT_EQ(it->second.string_at("sha256"), procsnap::common::to_hex(procsnap::common::sha256(m.data)));
    EXPECT_LE(m.data.size(), procsnap::collector::k_mem_piece_bytes);
  }
  // Region line bookkeeping: captured_bytes == sum of ranges.
  for (const auto& l : c.lines) {
    if (l.string_at("kind") != "mem-region" || l.find("ranges") == nullptr) {
      continue;
    }
    std::uint64_t sum = 0;
    for (const auto& r : *l.find("ranges")->as_array()) {
      const auto& a = *r.as_array();
      sum +=
          std::strtoull(a[1].as_string()->c_str(), nullptr, 16) - std::strtoull(a[0].as_string()->c_str(), nullptr, 16);
    }
    EXPECT_EQ(l.u64_at("captured_bytes"), sum) << *l.string_at("path");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// End to end

TEST(MemCapture, SuspiciousTakesRwxWithMarkerListsGuardSkipsHeap) {
  MemChild child("markers");
  ASSERT_TRUE(child.ready());
  const pid_t pid = child.pid();
  Capture c({"--pids", std::to_string(pid), "--mem", "suspicious"});
  ASSERT_EQ(c.run.exit_code, 0) << c.run.err;
  expect_consistent(c);
  const auto pieces = c.pieces(pid);

  const Value* rwx = c.region_at(pid, child.addr("rwx"));
  ASSERT_NE(rwx, nullptr);
  EXPECT_EQ(rwx->string_at("status"), "ok");
  EXPECT_EQ(rwx->string_at("perms"), "rwxp");
  EXPECT_EQ(rwx->string_at("map_path"), "");
  EXPECT_FALSE(rwx->string_at("select").value_or("").empty());
  // The marker sits at (marker address - region start) in the captured bytes.
  const std::string rm = "PSNAP-RWX-MARKER-" + std::to_string(pid);
  EXPECT_EQ(bytes_at(pieces, child.addr("rwx"), rm.size()), rm);
  const std::uint64_t rs = hex_at(*rwx, "start");
  bool found = false;
  for (const auto& p : pieces) {
    if (p.start == rs) {
      found = true;
      EXPECT_EQ(p.data->substr(child.addr("rwx") - rs, rm.size()), rm);
    }
  }
  EXPECT_TRUE(found);

  const Value* guard = c.region_at(pid, child.addr("guard"));
  ASSERT_NE(guard, nullptr);
  EXPECT_EQ(guard->string_at("status"), "skipped");
  EXPECT_EQ(guard->string_at("reason"), "no-access");
  EXPECT_EQ(guard->u64_at("captured_bytes"), 0u);
  EXPECT_FALSE(covered(pieces, child.addr("guard")));

  EXPECT_FALSE(covered(pieces, child.addr("heap")));
  const Value* heap = c.region_at(pid, child.addr("heap"));
  EXPECT_EQ(heap, nullptr) << "the heap is not selected by suspicious";

  const Value tr = c.trailer();
  const Value* mem = tr.find("mem");
  ASSERT_NE(mem, nullptr);
  ASSERT_TRUE(mem->is_object());
  EXPECT_GE(mem->u64_at("regions").value_or(0), 2u);
  EXPECT_GE(mem->u64_at("skipped").value_or(0), 1u);
  EXPECT_EQ(mem->find("total_budget_reached")->as_bool(), false);
  std::uint64_t piece_bytes = 0;
  for (const auto& p : pieces) {
    piece_bytes += p.data->size();
  }
  EXPECT_EQ(mem->u64_at("bytes"), piece_bytes);

  const Value header = procsnap::test::json_member(c.ar, "procsnap/header.json");
  const Value* opts = header.find("options");
  ASSERT_NE(opts, nullptr);
  EXPECT_EQ(opts->string_at("mem"), "suspicious");
  EXPECT_FALSE(opts->string_at("mem_expanded").value_or("").empty());
  EXPECT_NE(opts->string_at("mem_expanded"), "suspicious");
  EXPECT_EQ(opts->u64_at("mem_max_region"), 256ull << 20);
  EXPECT_EQ(opts->u64_at("mem_max_total"), 1ull << 30);
  EXPECT_EQ(opts->string_at("copy_exe"), "deleted");
  EXPECT_TRUE(opts->find("mem_pids")->is_null());
  EXPECT_EQ(opts->find("mem_read_fuse")->as_bool(), std::optional<bool>(false));
}

TEST(MemCapture, HeapPresetCapturesTheHeapMarker) {
  MemChild child("markers");
  ASSERT_TRUE(child.ready());
  const pid_t pid = child.pid();
  Capture c({"--pids", std::to_string(pid), "--mem", "heap"});
  ASSERT_EQ(c.run.exit_code, 0) << c.run.err;
  expect_consistent(c);
  const std::string hm = "PSNAP-HEAP-MARKER-" + std::to_string(pid);
  EXPECT_EQ(bytes_at(c.pieces(pid), child.addr("heap"), hm.size()), hm);
  const Value* heap = c.region_at(pid, child.addr("heap"));
  ASSERT_NE(heap, nullptr);
  EXPECT_EQ(heap->string_at("map_path"), "[heap]");
  EXPECT_EQ(heap->string_at("status"), "ok");
  // The rwx region is not selected by heap.
  EXPECT_EQ(c.region_at(pid, child.addr("rwx")), nullptr);
}

TEST(MemCapture, AllNeverReadsSpecialMappingsAndSkipsTheCollectorItself) {
  MemChild child("markers");
  ASSERT_TRUE(child.ready());
  const pid_t pid = child.pid();
  // Default pid list: every process, including the collector; --mem-pids narrows memory to the child and ourselves.
  Capture c({"--pids", std::to_string(pid) + "," + std::to_string(::getpid()), "--mem", "all", "--mem-pids",
             std::to_string(pid)});
  ASSERT_EQ(c.run.exit_code, 0) << c.run.err;
  expect_consistent(c);
  const auto pieces = c.pieces(pid);
  bool saw_vvar = false;
  for (const Value* r : c.regions(pid)) {
    const std::string path = r->string_at("map_path").value_or("");
    if (path == "[vvar]" || path == "[vvar_vclock]" || path == "[vsyscall]") {
      saw_vvar = saw_vvar || path == "[vvar]";
      EXPECT_EQ(r->string_at("status"), "skipped") << path;
      EXPECT_EQ(r->string_at("reason"), "special-mapping") << path;
      EXPECT_FALSE(covered(pieces, hex_at(*r, "start"))) << path;
    }
    if (r->string_at("perms").value_or("").starts_with("-")) {
      EXPECT_EQ(r->string_at("reason"), "no-access");
    }
  }
  EXPECT_TRUE(saw_vvar);
  EXPECT_TRUE(c.regions(::getpid()).empty()) << "--mem-pids excludes this pid";
  EXPECT_TRUE(c.pieces(::getpid()).empty());
  const std::string hm = "PSNAP-HEAP-MARKER-" + std::to_string(pid);
  EXPECT_EQ(bytes_at(pieces, child.addr("heap"), hm.size()), hm);
}

TEST(MemCapture, TotalBudgetStopsExactlyAtTheCap) {
  MemChild child("markers");
  ASSERT_TRUE(child.ready());
  const pid_t pid = child.pid();
  const std::uint64_t cap = 300001;  // not page aligned: the cut lands inside a page
  Capture c({"--pids", std::to_string(pid), "--mem", "all", "--mem-max-total", std::to_string(cap)});
  ASSERT_EQ(c.run.exit_code, 0) << c.run.err;
  expect_consistent(c);
  std::uint64_t sum = 0;
  for (const auto& p : c.pieces(pid)) {
    sum += p.data->size();
  }
  EXPECT_EQ(sum, cap);
  int truncated = 0;
  int skipped_total = 0;
  bool after_cut = false;
  for (const Value* r : c.regions(pid)) {
    if (r->string_at("status") == "truncated") {
      EXPECT_EQ(r->string_at("reason"), "max-total");
      ++truncated;
      after_cut = true;
    } else if (after_cut && r->string_at("reason") == "max-total") {
      EXPECT_EQ(r->string_at("status"), "skipped");
      EXPECT_EQ(r->u64_at("captured_bytes"), 0u);
      ++skipped_total;
    }
  }
  EXPECT_EQ(truncated, 1);
  EXPECT_GE(skipped_total, 1);
  const Value tr = c.trailer();
  EXPECT_EQ(tr.find("mem")->find("total_budget_reached")->as_bool(), true);
  EXPECT_EQ(tr.find("mem")->u64_at("bytes"), cap);
}

TEST(MemCapture, RegionBudgetTruncates) {
  MemChild child("markers");
  ASSERT_TRUE(child.ready());
  const pid_t pid = child.pid();
  Capture c({"--pids", std::to_string(pid), "--mem", "path='/memfd:procsnap-big*'", "--mem-max-region", "12K"});
  ASSERT_EQ(c.run.exit_code, 0) << c.run.err;
  expect_consistent(c);
  const Value* big = c.region_at(pid, child.addr("big"));
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(big->string_at("status"), "truncated");
  EXPECT_EQ(big->string_at("reason"), "max-region");
  EXPECT_EQ(big->u64_at("captured_bytes"), 12u * 1024);
  const auto pieces = c.pieces(pid);
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].start, hex_at(*big, "start"));
  EXPECT_EQ(pieces[0].data->size(), 12u * 1024);
  if (child.addr("big") == hex_at(*big, "start")) {  // not merged with a neighbour: its first bytes are ours
    EXPECT_EQ(pieces[0].data->substr(0, 4), std::string(4, '\x5a'));
  }
  EXPECT_EQ(c.trailer().find("mem")->find("total_budget_reached")->as_bool(), false);
}

TEST(MemCapture, RegionUnmappedDuringCaptureIsRecorded) {
  MemChild child("churn");
  ASSERT_TRUE(child.ready());
  const pid_t pid = child.pid();
  // Several captures race the child's mmap/munmap loop; each must be a consistent archive whatever it caught.
  for (int i = 0; i < 3; ++i) {
    Capture c({"--pids", std::to_string(pid), "--mem", "path='/memfd:procsnap-churn*'", "--no-threads"});
    EXPECT_TRUE(c.run.exit_code == 0 || c.run.exit_code == 3) << c.run.err;
    expect_consistent(c);
    for (const Value* r : c.regions(pid)) {
      const std::string st = r->string_at("status").value_or("");
      // A region unmapped before its pagemap was read has no present page there: nothing read, "not-resident".
      EXPECT_TRUE(st == "ok" || st == "EIO" || st == "ESRCH" ||
                  (st == "skipped" && r->string_at("reason") == "not-resident"))
          << st;
      if (st == "EIO") {
        EXPECT_EQ(r->string_at("reason"), "holes");
        EXPECT_FALSE(r->find("holes")->as_array()->empty());
      }
    }
  }
}

/// Starts the collector (stderr to /dev/null) on the 256 MiB region of the "bigexit" child `pid`, writing `out`, and
/// stops it (SIGSTOP) once its output shows that reading is under way (24 MiB written). `*stopped` is false when
/// the capture ended first. Returns the collector's pid (the caller continues and reaps it).
pid_t capture_bigexit_and_stop(const std::string& out, pid_t pid, bool* stopped) {
  const std::string pid_s = std::to_string(pid);
  const pid_t coll = ::fork();
  if (coll == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 2);
    ::execl(k_bin, k_bin, "-o", out.c_str(), "--quiet", "--no-threads", "--pids", pid_s.c_str(), "--mem",
            "path='/memfd:procsnap-bigexit*'", "--mem-max-region", "512M", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  *stopped = false;
  for (int i = 0; i < 20000; ++i) {
    struct stat st {};
    if (::stat(out.c_str(), &st) == 0 && st.st_size > 24 * 1024 * 1024) {
      *stopped = ::kill(coll, SIGSTOP) == 0;
      break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return coll;
}

TEST(MemCapture, ProcessExitingDuringCaptureIsRecorded) {
  MemChild child("bigexit");
  ASSERT_TRUE(child.ready());
  const pid_t pid = child.pid();
  procsnap::test::TempDir tmp;
  const std::string out = tmp / "x.tar";
  // Once the collector is stopped inside the child's 256 MiB region, the child is killed and reaped, and the
  // collector continues: its next reads of mem find the process gone.
  bool stopped = false;
  const pid_t coll = capture_bigexit_and_stop(out, pid, &stopped);
  child.kill_now();
  ::kill(coll, SIGCONT);
  int st = 0;
  ASSERT_EQ(::waitpid(coll, &st, 0), coll);
  ASSERT_TRUE(WIFEXITED(st));
  const int rc = WEXITSTATUS(st);
  EXPECT_TRUE(rc == 0 || rc == 3) << rc;
  const auto ar = procsnap::test::read_archive(out);
  ASSERT_TRUE(complete_archive(ar));
  const auto by_path = procsnap::test::manifest_by_path(ar);
  const Value* region = nullptr;
  for (const auto& [path, l] : by_path) {
    if (l.string_at("kind") == "mem-region") {
      region = &l;
    }
  }
  ASSERT_NE(region, nullptr);
  if (!stopped) {
    GTEST_SKIP() << "the capture finished before it could be interrupted";
  }
  EXPECT_EQ(rc, 3) << "the process vanished while being captured";
  EXPECT_EQ(region->string_at("status"), "ESRCH");
  EXPECT_EQ(region->string_at("reason"), "process-gone");
  EXPECT_GT(region->u64_at("captured_bytes").value_or(0), 0u);
  EXPECT_LT(region->u64_at("captured_bytes").value_or(0), 256u << 20);
  EXPECT_EQ(by_path.at("proc/" + std::to_string(pid)).string_at("status"), "ESRCH");
}

/// A FUSE file system mounted at <tmp>/mnt and served by a MemChild in `mode` ("fuse" or "fuseexe"). `skip` says
/// why a test cannot run here (not root, FUSE not mountable); otherwise `child` is set (unless mkdir failed).
struct FuseChild {
  procsnap::test::TempDir tmp;
  std::string mnt = tmp / "mnt";
  std::optional<MemChild> child;
  std::string skip;

  FuseChild(const char* mode, const char* needs_root_for) {
    if (::geteuid() != 0) {
      skip = std::string("needs root: ") + needs_root_for;
      return;
    }
    if (::mkdir(mnt.c_str(), 0755) != 0) {
      return;
    }
    child.emplace(mode, std::map<std::string, std::string>{{"PROCSNAP_MEM_TEST_MNT", mnt}});
    if (child->line().find("mountfail=") != std::string::npos) {
      skip = "cannot mount FUSE here (" + child->line() + ")";
    }
  }

  /// Runs the collector with `args` on a thread while a FUSE request holds it. The collector finishes its archive
  /// `out` (trailer written) after abandoning the stuck read, but its process can only end once the abandoned thread
  /// returns from the kernel (a FUSE request already sent waits uninterruptibly): after the archive is complete (or
  /// 30 s), the server is released (the child's stdin EOF), and after 10 s more the mount is forced (which aborts
  /// the connection too). Returns whether the archive was complete before the release, and the run.
  std::pair<bool, procsnap::test::RunResult> run_past_stuck_read(const std::vector<std::string>& args,
                                                                 const std::string& out) {
    std::promise<procsnap::test::RunResult> done;
    auto result = done.get_future();
    std::thread t([&] { done.set_value(procsnap::test::run_program(k_bin, args)); });
    bool complete = false;
    for (int i = 0; i < 300 && !complete; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      complete = procsnap::test::read_archive(out).has("procsnap/trailer.json");
    }
    child->close_stdin();
    if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      ::umount2(mnt.c_str(), MNT_FORCE);
    }
    t.join();
    return {complete, result.get()};
  }

  /// Ends the child (and its server: the connection is aborted) and detaches the mount.
  void finish() {
    child.reset();
    ::umount2(mnt.c_str(), MNT_DETACH);
  }
};

TEST(MemCapture, StuckReadTimesOutAndLaterRegionsAreSkipped) {
  FuseChild f("fuse", "mounts a FUSE file system whose reads never complete");
  if (!f.skip.empty()) {
    GTEST_SKIP() << f.skip;
  }
  ASSERT_TRUE(f.child && f.child->ready()) << "no FUSE child";
  ASSERT_NE(f.child->addr("fusemap"), 0u) << f.child->line();
  const pid_t pid = f.child->pid();
  const std::string out = f.tmp / "t.tar";
  // heap (ok) < the FUSE mapping (its read never completes: timeout) < [stack] (skipped, after-timeout).
  // The server exits when released: /dev/fuse is closed, the connection aborted, the stuck read fails.
  // --mem-nonresident: the child never touched its FUSE mapping, so under the default (resident only) nothing of it
  // would be read at all.
  const auto [complete, run] =
      f.run_past_stuck_read({"-o", out, "--quiet", "--no-threads", "--pids", std::to_string(pid), "--timeout-ms", "400",
                             "--mem-read-fuse", "--mem-nonresident", "--mem", "heap or stack or path='" + f.mnt + "/f'"},
                            out);
  f.finish();
  ASSERT_TRUE(complete) << "the collector did not finish its archive past a stuck mem read";
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const auto ar = procsnap::test::read_archive(out);
  ASSERT_TRUE(complete_archive(ar));
  const std::vector<Value> regions = region_lines(ar);
  ASSERT_EQ(regions.size(), 3u);
  EXPECT_EQ(regions[0].string_at("map_path"), "[heap]");
  EXPECT_EQ(regions[0].string_at("status"), "ok");
  EXPECT_EQ(regions[1].string_at("map_path"), f.mnt + "/f");
  EXPECT_EQ(regions[1].string_at("status"), "timeout");
  EXPECT_EQ(regions[1].string_at("reason"), "read-deadline");
  EXPECT_EQ(regions[2].string_at("map_path"), "[stack]");
  EXPECT_EQ(regions[2].string_at("status"), "skipped");
  EXPECT_EQ(regions[2].string_at("reason"), "after-timeout");
  const auto t0 = regions[1].u64_at("t0").value_or(0);
  const auto t1 = regions[1].u64_at("t1").value_or(0);
  EXPECT_GE(t1 - t0, 390'000'000u) << "abandoned after --timeout-ms";
  const Value header = procsnap::test::json_member(ar, "procsnap/header.json");
  EXPECT_EQ(header.find("options")->find("mem_read_fuse")->as_bool(), std::optional<bool>(true));
}

/// Runs the collector with `args` on a thread; returns nullopt (and aborts the FUSE connection at `mnt` so that the
/// run can end) when it has not exited within `limit`.
std::optional<procsnap::test::RunResult> run_within(const std::vector<std::string>& args, std::chrono::seconds limit,
                                                    const std::string& mnt, std::chrono::milliseconds* took) {
  std::promise<procsnap::test::RunResult> done;
  auto result = done.get_future();
  const auto t0 = std::chrono::steady_clock::now();
  std::thread t([&] { done.set_value(procsnap::test::run_program(k_bin, args)); });
  std::optional<procsnap::test::RunResult> out;
  if (result.wait_for(limit) == std::future_status::ready) {
    out = result.get();
  } else {
    ::umount2(mnt.c_str(), MNT_FORCE);  // aborts the connection: the stuck request fails, the collector ends
  }
  *took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  t.join();
  return out;
}

TEST(MemCapture, FuseBackedRegionIsSkippedAndTheCollectorExitsPromptly) {
  FuseChild f("fuse", "mounts a FUSE file system whose reads never complete");
  if (!f.skip.empty()) {
    GTEST_SKIP() << f.skip;
  }
  ASSERT_TRUE(f.child && f.child->ready()) << "no FUSE child";
  ASSERT_NE(f.child->addr("fusemap"), 0u) << f.child->line();
  const pid_t pid = f.child->pid();
  const std::string out = f.tmp / "t.tar";
  // A read of the FUSE mapping would wait for an answer that never comes: with a 30 s deadline, a collector that
  // tried it could not be done within 8 s. Without --mem-read-fuse it never tries.
  std::chrono::milliseconds took{};
  const auto run = run_within({"-o", out, "--quiet", "--no-threads", "--pids", std::to_string(pid), "--timeout-ms",
                               "30000", "--mem", "heap or stack or path='" + f.mnt + "/f'"},
                              std::chrono::seconds(8), f.mnt, &took);
  f.finish();
  ASSERT_TRUE(run.has_value()) << "the collector did not exit promptly: it touched the FUSE mapping";
  EXPECT_EQ(run->exit_code, 0) << run->err;
  EXPECT_LT(took.count(), 8000);
  const auto ar = procsnap::test::read_archive(out);
  ASSERT_TRUE(complete_archive(ar));
  const std::vector<Value> regions = region_lines(ar);
  ASSERT_EQ(regions.size(), 3u);
  EXPECT_EQ(regions[0].string_at("map_path"), "[heap]");
  EXPECT_EQ(regions[0].string_at("status"), "ok");
  EXPECT_EQ(regions[1].string_at("map_path"), f.mnt + "/f");
  EXPECT_EQ(regions[1].string_at("status"), "skipped");
  EXPECT_EQ(regions[1].string_at("reason"), "fuse-backed");
  EXPECT_EQ(regions[1].u64_at("captured_bytes"), 0u);
  EXPECT_EQ(regions[2].string_at("map_path"), "[stack]");
  EXPECT_EQ(regions[2].string_at("status"), "ok") << "no timeout happened: the next region is read";
  const Value header = procsnap::test::json_member(ar, "procsnap/header.json");
  EXPECT_EQ(header.find("options")->find("mem_read_fuse")->as_bool(), std::optional<bool>(false));
}

TEST(MemCapture, FuseBackedExecutableIsNeitherOpenedNorRead) {
  FuseChild f("fuseexe", "mounts a FUSE file system and executes a file from it");
  if (!f.skip.empty()) {
    GTEST_SKIP() << f.skip;
  }
  ASSERT_TRUE(f.child && f.child->ready()) << "no FUSE child";
  const auto at = f.child->line().find(" exepid=");
  ASSERT_NE(at, std::string::npos) << f.child->line();
  const std::string exe_pid = f.child->line().substr(at + 8);
  const std::string fuse_file = f.mnt + "/f";
  // The server is frozen now: any request (GETATTR from a plain stat, OPEN, READ) would hang until stdin's EOF.
  std::chrono::milliseconds took{};
  const std::string out = f.tmp / "e.tar";
  const auto run = run_within({"-o", out, "--quiet", "--no-threads", "--pids", exe_pid, "--timeout-ms", "30000",
                               "--copy-exe", "all", "--mem", "path='" + fuse_file + "' or stack"},
                              std::chrono::seconds(8), f.mnt, &took);
  if (!run) {
    f.finish();
    FAIL() << "the collector did not exit promptly: it sent a request to the frozen FUSE server";
  }
  EXPECT_EQ(run->exit_code, 0) << run->err;
  {
    const auto ar = procsnap::test::read_archive(out);
    ASSERT_TRUE(ar.has("procsnap/trailer.json"));
    const auto by_path = procsnap::test::manifest_by_path(ar);
    const auto it = by_path.find("bin/" + exe_pid + "/exe");
    ASSERT_NE(it, by_path.end());
    EXPECT_EQ(it->second.string_at("kind"), "exe-copy");
    EXPECT_EQ(it->second.string_at("status"), "skipped");
    EXPECT_EQ(it->second.string_at("reason"), "fuse-backed");
    EXPECT_EQ(it->second.string_at("link"), fuse_file);
    EXPECT_EQ(ar.find("bin/" + exe_pid + "/exe"), nullptr);
    int fuse_regions = 0;
    bool stack_ok = false;
    for (const auto& l : region_lines(ar)) {
      if (l.string_at("map_path") == fuse_file) {
        ++fuse_regions;
        EXPECT_EQ(l.string_at("status"), "skipped");
        EXPECT_EQ(l.string_at("reason"), "fuse-backed");
      } else if (l.string_at("map_path") == "[stack]") {
        stack_ok = l.string_at("status") == "ok";
      }
    }
    EXPECT_GE(fuse_regions, 2) << "the executable's mappings";
    EXPECT_TRUE(stack_ok);
  }

  // --mem-read-fuse: today's behaviour, the open of the executable waits on the frozen server and is abandoned.
  const std::string out2 = f.tmp / "e2.tar";
  // The server thaws when released: the held OPEN is answered, the abandoned copy finishes, the run ends.
  const bool complete = f.run_past_stuck_read({"-o", out2, "--quiet", "--no-threads", "--pids", exe_pid, "--timeout-ms",
                                               "500", "--copy-exe", "all", "--mem-read-fuse"},
                                              out2)
                            .first;
  f.finish();
  ASSERT_TRUE(complete);
  const auto ar = procsnap::test::read_archive(out2);
  const auto by_path = procsnap::test::manifest_by_path(ar);
  const auto it = by_path.find("bin/" + exe_pid + "/exe");
  ASSERT_NE(it, by_path.end());
  EXPECT_EQ(it->second.string_at("status"), "timeout");
  EXPECT_EQ(it->second.string_at("reason"), "read-deadline");
}

TEST(MemCapture, UnreadableMapsGivesOneMapsUnreadableLine) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "needs root to run the collector as user nobody against a root child";
  }
  MemChild child("markers");
  ASSERT_TRUE(child.ready());
  const pid_t pid = child.pid();
  procsnap::test::TempDir tmp;
  ASSERT_EQ(::chmod(tmp.path().c_str(), 0777), 0);
  const auto run =
      procsnap::test::run_program(k_bin, {"-o", tmp / "u.tar", "--quiet", "--pids", std::to_string(pid), "--mem", "all"},
                                  {.uid = 65534, .gid = 65534});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const auto ar = procsnap::test::read_archive(tmp / "u.tar");
  ASSERT_TRUE(ar.has("procsnap/trailer.json"));
  const auto by_path = procsnap::test::manifest_by_path(ar);
  const auto it = by_path.find("mem/" + std::to_string(pid) + "/regions");
  ASSERT_NE(it, by_path.end());
  EXPECT_EQ(it->second.string_at("kind"), "mem-region");
  EXPECT_EQ(it->second.string_at("status"), "EACCES");
  EXPECT_EQ(it->second.string_at("reason"), "maps-unreadable");
  EXPECT_EQ(it->second.find("ranges"), nullptr);
  const Value tr = procsnap::test::json_member(ar, "procsnap/trailer.json");
  EXPECT_EQ(tr.find("mem")->u64_at("regions"), 1u);
  EXPECT_EQ(tr.find("mem")->u64_at("errors"), 1u);
}

TEST(MemCapture, ZombieLeaderIsReadThroughItsLiveThread) {
  // The leader exited (pthread_exit), a thread lives on: /proc/<pid>/maps is empty and exe unreadable, so memory
  // and the executable come from task/<tid>/ of the live thread (same mm).
  procsnap::test::Child child({.mode = "leaderexit"});
  ASSERT_TRUE(child.ready());
  const pid_t pid = child.pid();
  bool zombie = false;
  for (int i = 0; i < 200 && !zombie; ++i) {
    const auto st = procsnap::test::slurp("/proc/" + std::to_string(pid) + "/stat").value_or("");
    const auto rp = st.rfind(')');
    zombie = rp != std::string::npos && rp + 2 < st.size() && st[rp + 2] == 'Z';
    if (!zombie) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ASSERT_TRUE(zombie);
  // [stack] (the leader's stack stays in the mm) exists whatever the allocator; the test binary may be large (an
  // ASan build), so the cap is raised for the exe copy.
  Capture c({"--pids", std::to_string(pid), "--mem", "stack", "--copy-exe", "all", "--max-file-bytes", "1G"});
  EXPECT_TRUE(c.run.exit_code == 0 || c.run.exit_code == 3) << c.run.err;
  expect_consistent(c);
  bool stack_ok = false;
  for (const Value* r : c.regions(pid)) {
    if (r->string_at("map_path") == "[stack]") {
      stack_ok = r->string_at("status") == "ok" && r->u64_at("captured_bytes").value_or(0) > 0;
    }
  }
  EXPECT_TRUE(stack_ok);
  EXPECT_FALSE(c.pieces(pid).empty());
  const auto* exe = c.ar.find("bin/" + std::to_string(pid) + "/exe");
  ASSERT_NE(exe, nullptr);
  const std::string self = procsnap::test::slurp("/proc/self/exe").value_or("?");
  EXPECT_EQ(exe->data.size(), self.size());
  EXPECT_TRUE(exe->data == self);  // not EXPECT_EQ: a failure would print two copies of a large binary
}

TEST(MemCapture, InterruptStopsInsideALongRegion) {
  MemChild child("bigexit");
  ASSERT_TRUE(child.ready());
  procsnap::test::TempDir tmp;
  const std::string out = tmp / "i.tar";
  // Once it is stopped inside the region, queue SIGINT, let it go on: it must stop at the next piece, not after
  // 256 MiB.
  bool stopped = false;
  const pid_t coll = capture_bigexit_and_stop(out, child.pid(), &stopped);
  ::kill(coll, SIGINT);
  ::kill(coll, SIGCONT);
  int st = 0;
  ASSERT_EQ(::waitpid(coll, &st, 0), coll);
  if (!stopped) {
    GTEST_SKIP() << "the capture finished before it could be interrupted";
  }
  ASSERT_TRUE(WIFEXITED(st));
  EXPECT_EQ(WEXITSTATUS(st), 5);
  struct stat fs {};
  ASSERT_EQ(::stat(out.c_str(), &fs), 0);
  EXPECT_LT(fs.st_size, 128 * 1024 * 1024) << "stopped inside the region";
  EXPECT_FALSE(procsnap::test::read_archive(out).has("procsnap/trailer.json"));
}

TEST(MemCapture, BadExpressionIsAUsageErrorWithACaret) {
  procsnap::test::TempDir tmp;
  const auto r = procsnap::test::run_program(k_bin, {"-o", tmp / "bad.tar", "--mem", "x and and w"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("x and and w"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find('^'), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(tmp / "bad.tar") && std::filesystem::file_size(tmp / "bad.tar") > 0);
}

TEST(MemCapture, NeverTheCollectorItself) {
  // Whole host, every region selected, a 1-byte total budget: every process gets region lines (almost all
  // skipped/max-total, cheap) except the collector, found by its own cmdline (our private output path).
  Capture c({"--mem", "all", "--mem-max-total", "1", "--no-threads"});
  ASSERT_TRUE(c.run.exit_code == 0 || c.run.exit_code == 3) << c.run.err;
  expect_consistent(c);
  std::optional<pid_t> self;
  for (const auto& m : c.ar.members) {
    if (m.path.starts_with("proc/") && m.path.ends_with("/cmdline") && m.path.find("/task/") == std::string::npos &&
        m.data.find(c.tmp.path()) != std::string::npos) {
      self = std::atoi(m.path.c_str() + 5);
    }
  }
  ASSERT_TRUE(self.has_value());
  EXPECT_TRUE(c.regions(*self).empty());
  EXPECT_TRUE(c.pieces(*self).empty());
  EXPECT_FALSE(c.regions(::getpid()).empty());
  std::uint64_t sum = 0;
  for (const auto& m : c.ar.members) {
    if (m.path.starts_with("mem/") && m.path.find("/frames/") == std::string::npos) {
      sum += m.data.size();
    }
  }
  EXPECT_EQ(sum, 1u);
  EXPECT_EQ(c.trailer().find("mem")->find("total_budget_reached")->as_bool(), true);
}

TEST(MemCapture, NoneByDefaultNoMemAndTrailerNull) {
  MemChild child("markers");
  ASSERT_TRUE(child.ready());
  Capture c({"--pids", std::to_string(child.pid())});
  ASSERT_EQ(c.run.exit_code, 0) << c.run.err;
  EXPECT_TRUE(c.pieces(child.pid()).empty());
  EXPECT_TRUE(c.regions(child.pid()).empty());
  EXPECT_TRUE(c.trailer().find("mem")->is_null());
  const Value header = procsnap::test::json_member(c.ar, "procsnap/header.json");
  EXPECT_EQ(header.find("options")->string_at("mem"), "none");
  EXPECT_EQ(header.find("options")->string_at("mem_expanded"), "none");
}

// ---------------------------------------------------------------------------------------------------------------
// Units

TEST(MemCapture, UsageErrorMessagePointsAtTheToken) {
  const procsnap::collector::MemSelectError e{.offset = 6, .token = "and", .message = "expected a predicate"};
  const std::string m = procsnap::collector::mem_error_message("x and and w", e);
  EXPECT_NE(m.find("expected a predicate"), std::string::npos);
  // "  x and and w\n  " + 6 spaces + "^"
  EXPECT_NE(m.find("\n  x and and w\n        ^"), std::string::npos) << m;
}

TEST(MemCapture, ReadRangeStoresReadableSpansAndHolesNeverZeroFills) {
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t n = 16;
  char* p = static_cast<char*>(::mmap(nullptr, n * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(p, MAP_FAILED);
  for (std::size_t i = 0; i < n * page; ++i) {
    p[i] = static_cast<char>('A' + i / page);
  }
  ASSERT_EQ(::munmap(p + 5 * page, 2 * page), 0);  // pages 5 and 6 unmapped: mem reads fail there (EIO)
  const int fd = ::open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  std::vector<char> buf(n * page, '\0');
  const auto base = reinterpret_cast<std::uint64_t>(p);
  const auto r = procsnap::collector::read_mem_range(fd, base, n * page, buf.data(), page);
  ::close(fd);
  ASSERT_EQ(r.readable.size(), 2u);
  EXPECT_EQ(r.readable[0].start, base);
  EXPECT_EQ(r.readable[0].end, base + 5 * page);
  EXPECT_EQ(r.readable[1].start, base + 7 * page);
  EXPECT_EQ(r.readable[1].end, base + n * page);
  ASSERT_EQ(r.holes.size(), 1u);
  EXPECT_EQ(r.holes[0].start, base + 5 * page);
  EXPECT_EQ(r.holes[0].end, base + 7 * page);
  EXPECT_EQ(r.holes[0].err, EIO);
  EXPECT_FALSE(r.gone);
  EXPECT_EQ(r.attempted_end, base + n * page);
  EXPECT_EQ(buf[0], 'A');
  EXPECT_EQ(buf[7 * page], 'H');
  EXPECT_EQ(buf[n * page - 1], static_cast<char>('A' + n - 1));
  EXPECT_EQ(buf[5 * page], '\0') << "holes are left untouched, never zero-filled into the output";
  ::munmap(p, 5 * page);
  ::munmap(p + 7 * page, (n - 7) * page);
}

TEST(MemCapture, ReadRangeUnaddressableOffsetIsOneHole) {
  char b[16];
  const auto r = procsnap::collector::read_mem_range(-1, 0xffffffffff600000ull, 4096, b, 4096);
  EXPECT_TRUE(r.readable.empty());
  ASSERT_EQ(r.holes.size(), 1u);
  EXPECT_EQ(r.holes[0].err, EINVAL);
}

TEST(MemCapture, PlanSelectsAndExcludes) {
  const std::string maps =
      "55a0aa000000-55a0aa021000 rw-p 00000000 00:00 0                          [heap]\n"
      "7f0000000000-7f0000010000 rwxp 00000000 00:00 0 \n"
      "7f0000010000-7f0000020000 ---p 00000000 00:00 0 \n"
      "7f0000020000-7f0000030000 r-xp 00000000 fe:00 1234                       /usr/lib/libc.so.6\n"
      "7ffd0000a000-7ffd0000e000 r--p 00000000 00:00 0                          [vvar]\n"
      "garbage line\n";
  auto sel = procsnap::collector::MemSelector::parse("all");
  ASSERT_TRUE(std::holds_alternative<procsnap::collector::MemSelector>(sel));
  const auto plan =
      procsnap::collector::plan_mem_regions(std::get<procsnap::collector::MemSelector>(sel), maps, std::nullopt);
  std::map<std::uint64_t, std::optional<std::string_view>> never;
  for (const auto& r : plan) {
    never[*r.entry.start] = r.never;
    EXPECT_FALSE(r.select.empty());
  }
  ASSERT_TRUE(never.contains(0x7ffd0000a000ull));
  EXPECT_EQ(never[0x7ffd0000a000ull], "special-mapping");
  if (never.contains(0x7f0000010000ull)) {
    EXPECT_EQ(never[0x7f0000010000ull], "no-access");
  }
  EXPECT_EQ(never[0x55a0aa000000ull], std::nullopt);
  EXPECT_EQ(never[0x7f0000000000ull], std::nullopt);

  // VmFlags from smaps: an io region is never read.
  const std::string smaps =
      "7f0000000000-7f0000010000 rwxp 00000000 00:00 0 \n"
      "Size:                 64 kB\n"
      "VmFlags: rd wr ex mr mw me io\n";
  const auto plan2 = procsnap::collector::plan_mem_regions(std::get<procsnap::collector::MemSelector>(sel), maps,
                                                           std::string_view(smaps));
  bool seen = false;
  for (const auto& r : plan2) {
    if (*r.entry.start == 0x7f0000000000ull) {
      seen = true;
      EXPECT_EQ(r.vmflags, "rd wr ex mr mw me io");
      EXPECT_EQ(r.never, "vmflags-io");
    }
  }
  EXPECT_TRUE(seen);

  auto none = procsnap::collector::MemSelector::parse("none");
  ASSERT_TRUE(std::holds_alternative<procsnap::collector::MemSelector>(none));
  EXPECT_TRUE(
      procsnap::collector::plan_mem_regions(std::get<procsnap::collector::MemSelector>(none), maps, std::nullopt)
          .empty());
}

TEST(MemCapture, FuseDevsFromMountinfoMatchMapsDevices) {
  using procsnap::collector::FuseDevs;
  EXPECT_TRUE(FuseDevs::is_fuse_fstype("fuse"));
  EXPECT_TRUE(FuseDevs::is_fuse_fstype("fuseblk"));
  EXPECT_TRUE(FuseDevs::is_fuse_fstype("fuse.sshfs"));
  EXPECT_TRUE(FuseDevs::is_fuse_fstype("fuseblk.ntfs"));
  EXPECT_FALSE(FuseDevs::is_fuse_fstype("fusectl"));
  EXPECT_FALSE(FuseDevs::is_fuse_fstype("ext4"));
  EXPECT_FALSE(FuseDevs::is_fuse_fstype(""));
  // mountinfo devices are decimal, maps devices hex: 0:45 is "00:2d" in maps, 8:17 is "08:11".
  const std::string mountinfo =
      "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n"
      "36 22 0:45 / /mnt/ssh rw,nosuid,nodev,relatime shared:100 - fuse.sshfs alice@host:/ rw,user_id=1000\n"
      "37 22 8:17 / /mnt/ntfs rw,relatime shared:101 - fuseblk /dev/sdb1 rw,user_id=0,group_id=0\n"
      "38 22 7:45 / /mnt/loop rw,relatime shared:102 - ext4 /dev/loop45 rw\n"
      "39 22 0:48 / /sys/fs/fuse/connections rw,relatime shared:103 - fusectl fusectl rw\n"
      "40 22 0:49 / /tmp rw shared:104 - tmpfs tmpfs rw\n"
      "not a mountinfo line\n";
  FuseDevs devs;
  devs.add_mountinfo(mountinfo);
  EXPECT_TRUE(devs.contains(0, 45));
  EXPECT_TRUE(devs.contains(8, 17));
  EXPECT_FALSE(devs.contains(7, 45)) << "same minor, another major: ext4";
  EXPECT_FALSE(devs.contains(0, 48)) << "fusectl is not a FUSE file system";
  EXPECT_FALSE(devs.contains(0, 49));
  EXPECT_FALSE(devs.contains(0, 0));
  const std::string maps =
      "7f0000000000-7f0000010000 r--p 00000000 00:2d 12                         /mnt/ssh/tool\n"
      "7f0000010000-7f0000020000 r-xp 00010000 00:2d 12                         /mnt/ssh/tool\n"
      "7f0000020000-7f0000030000 ---p 00020000 00:2d 12                         /mnt/ssh/tool\n"
      "7f0000030000-7f0000040000 r--s 00000000 08:11 99                         /mnt/ntfs/data.bin\n"
      "7f0000040000-7f0000050000 r--p 00000000 07:2d 7                          /mnt/loop/lib.so\n"
      "7f0000050000-7f0000060000 rw-p 00000000 00:00 0 \n"
      "7f0000060000-7f0000070000 r--s 00000000 00:31 5                          /tmp/x\n";
  auto sel = procsnap::collector::MemSelector::parse("r or not r");
  ASSERT_TRUE(std::holds_alternative<procsnap::collector::MemSelector>(sel));
  const auto& selector = std::get<procsnap::collector::MemSelector>(sel);
  std::map<std::uint64_t, std::optional<std::string_view>> never;
  for (const auto& r : procsnap::collector::plan_mem_regions(selector, maps, std::nullopt, &devs)) {
    never[*r.entry.start] = r.never;
  }
  ASSERT_EQ(never.size(), 7u);
  EXPECT_EQ(never[0x7f0000000000ull], "fuse-backed");
  EXPECT_EQ(never[0x7f0000010000ull], "fuse-backed");
  EXPECT_EQ(never[0x7f0000020000ull], "no-access") << "the never-read kinds come first";
  EXPECT_EQ(never[0x7f0000030000ull], "fuse-backed") << "fuseblk";
  EXPECT_EQ(never[0x7f0000040000ull], std::nullopt) << "07:2d is not 00:2d";
  EXPECT_EQ(never[0x7f0000050000ull], std::nullopt);
  EXPECT_EQ(never[0x7f0000060000ull], std::nullopt);
  // Without the devices (--mem-read-fuse) nothing is fuse-backed.
  for (const auto& r : procsnap::collector::plan_mem_regions(selector, maps, std::nullopt, nullptr)) {
    EXPECT_NE(r.never, std::optional<std::string_view>("fuse-backed"));
  }
  // Empty or unreadable mountinfo: no device.
  FuseDevs none;
  none.add_mountinfo("");
  EXPECT_TRUE(none.empty());
}

TEST(MemCapture, MemReadFuseOption) {
  procsnap::collector::Options o;
  std::vector<std::string> args = {"procsnap-collect", "-o", "x.tar"};
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  ASSERT_EQ(procsnap::collector::parse_options(static_cast<int>(argv.size()), argv.data(), o).kind,
            procsnap::collector::ParseOutcome::Kind::run);
  EXPECT_FALSE(o.mem_read_fuse);
  args.push_back("--mem-read-fuse");
  argv.clear();
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  procsnap::collector::Options o2;
  ASSERT_EQ(procsnap::collector::parse_options(static_cast<int>(argv.size()), argv.data(), o2).kind,
            procsnap::collector::ParseOutcome::Kind::run);
  EXPECT_TRUE(o2.mem_read_fuse);
  EXPECT_NE(procsnap::collector::help_text().find("--mem-read-fuse"), std::string::npos);
}

TEST(MemCapture, BufferPoolRecyclesBuffers) {
  procsnap::collector::MemBufferPool pool(2);
  char* first = nullptr;
  {
    auto a = pool.acquire();
    first = a.get();
    a.get()[procsnap::collector::k_mem_piece_bytes - 1] = 'x';
    EXPECT_EQ(pool.idle(), 0u);
  }
  EXPECT_EQ(pool.idle(), 1u);
  auto b = pool.acquire();
  EXPECT_EQ(b.get(), first) << "a returned buffer is reused";
  auto c = pool.acquire();
  auto d = pool.acquire();
  b.reset();
  c.reset();
  d.reset();
  EXPECT_EQ(pool.idle(), 2u) << "at most `keep` idle buffers";
}

TEST(MemCapture, RunnerAbandonsAStuckJobAndGoesOn) {
  procsnap::collector::BlockingRunner runner(150);
  int pfd[2];
  ASSERT_EQ(::pipe(pfd), 0);
  auto rd = std::make_shared<procsnap::collector::Fd>(pfd[0]);
  auto got = std::make_shared<std::atomic<int>>(0);
  const auto t0 = std::chrono::steady_clock::now();
  const auto out = runner.run([rd, got] {
    char c;
    *got = static_cast<int>(::read(rd->get(), &c, 1));  // blocks until the test writes
  });
  EXPECT_EQ(out, procsnap::collector::BlockingRunner::Outcome::timeout);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(140));
  EXPECT_EQ(runner.abandoned(), 1);
  int ran = 0;
  EXPECT_EQ(runner.run([&ran] { ran = 7; }), procsnap::collector::BlockingRunner::Outcome::done);
  EXPECT_EQ(ran, 7);
  ASSERT_EQ(::write(pfd[1], "x", 1), 1);  // release the abandoned thread
  ::close(pfd[1]);
  for (int i = 0; i < 100 && got->load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(got->load(), 1);
}

TEST(MemCapture, RunnerWithoutDeadlineRunsInline) {
  procsnap::collector::BlockingRunner runner(0);
  const auto self = std::this_thread::get_id();
  std::thread::id ran_on;
  EXPECT_EQ(runner.run([&] { ran_on = std::this_thread::get_id(); }),
            procsnap::collector::BlockingRunner::Outcome::done);
  EXPECT_EQ(ran_on, self);
}

}  // namespace
