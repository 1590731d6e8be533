// Units of the collector that need no process to run: stat starttime extraction, pid/fd name parsing, ns link
// inodes, getdents64 listing, the reader's cap and file-type checks, the manifest's partial rule. The collector's
// units come from procsnap_collector_core, the library procsnap-collect is linked from.
#include "walker.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "archive_writer.hpp"
#include "manifest.hpp"
#include "reader.hpp"
#include "collector/test_support.hpp"

namespace {

using namespace procsnap::collector;  // NOLINT: test of this namespace

TEST(Walker, StatStartTimeIsField22AfterTheLastParen) {
  EXPECT_EQ(stat_start_time("1 (init) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 42 1000 10 184467\n"), 42u);
  // comm with spaces and parens: fields restart after the LAST ')'.
  EXPECT_EQ(stat_start_time("7 (a) b) (c) R 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9999 0 0\n"), 9999u);
  EXPECT_EQ(stat_start_time("7 (x) R 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 0 0 0"), 0u);
  EXPECT_FALSE(stat_start_time("7 (x) R 1 2 3"));
  EXPECT_FALSE(stat_start_time("no paren at all"));
  EXPECT_FALSE(stat_start_time("7 (x) R 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 -5 0 0"));
  EXPECT_FALSE(stat_start_time(""));
}

TEST(Walker, StatStateIsTheCharacterAfterTheLastParen) {
  EXPECT_EQ(stat_state("7 (a) b) Z 1 7"), 'Z');
  EXPECT_EQ(stat_state("7 (x) S 1"), 'S');
  EXPECT_EQ(stat_state("7 (x)"), '\0');
  EXPECT_EQ(stat_state("garbage"), '\0');
}

TEST(Walker, StatExitingFromStateOrPfExiting) {
  EXPECT_TRUE(stat_exiting("7 (x) Z 1 7 7 0 -1 4194304 0"));
  EXPECT_TRUE(stat_exiting("7 (x) R 1 7 7 0 -1 4194308 0"));  // 0x400004: PF_EXITING set
  EXPECT_FALSE(stat_exiting("7 (x) S 1 7 7 0 -1 4194304 0"));
  EXPECT_FALSE(stat_exiting("7 (x) S"));
}

TEST(Walker, DecimalNamesAndNsInodes) {
  EXPECT_EQ(parse_decimal_name("0"), 0u);
  EXPECT_EQ(parse_decimal_name("4242"), 4242u);
  EXPECT_FALSE(parse_decimal_name("042"));
  EXPECT_FALSE(parse_decimal_name("self"));
  EXPECT_FALSE(parse_decimal_name(""));
  EXPECT_FALSE(parse_decimal_name("99999999999999999999"));
  EXPECT_EQ(ns_link_inode("net:[4026531840]"), 4026531840u);
  EXPECT_FALSE(ns_link_inode("net:[]"));
  EXPECT_FALSE(ns_link_inode("/usr/bin/vim"));
}

TEST(Walker, ListDirUsesGetdentsAndSeesEveryPid) {
  const Fd proc(::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_TRUE(proc.valid());
  int err = 0;
  const auto pids = enumerate_pids(proc.get(), err);
  EXPECT_EQ(err, 0);
  EXPECT_TRUE(std::is_sorted(pids.begin(), pids.end()));
  EXPECT_TRUE(std::binary_search(pids.begin(), pids.end(), static_cast<int>(::getpid())));
  procsnap::test::TempDir tmp;
  for (int i = 0; i < 3000; ++i) {  // more than one getdents64 buffer
    std::ofstream(tmp / ("f" + std::to_string(i)));
  }
  const Fd d(::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  std::vector<std::string> names;
  ASSERT_TRUE(list_dir(d.get(), names));
  EXPECT_EQ(names.size(), 3000u);
}

TEST(Walker, AllowListsNeverNameDangerousFiles) {
  for (const auto* list : {&system_files(), &process_files(), &thread_files(), &net_files()}) {
    for (const auto name : *list) {
      for (const char* bad : {"mem", "pagemap", "clear_refs", "kmsg", "kcore", "kallsyms", "sysrq-trigger"}) {
        EXPECT_NE(name, bad);
      }
    }
  }
  EXPECT_TRUE(std::is_sorted(system_files().begin(), system_files().end()));
}

TEST(Reader, ReadsToEofPastStSizeAndTruncatesAtTheCap) {
  procsnap::test::TempDir tmp;
  std::ofstream(tmp / "f") << std::string(200000, 'x');
  const Fd d(::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  Reader whole(1 << 20);
  auto r = whole.read_file(d.get(), "f");
  EXPECT_EQ(r.status, ReadStatus::ok);
  EXPECT_EQ(r.data.size(), 200000u);
  Reader capped(1000);
  r = capped.read_file(d.get(), "f");
  EXPECT_EQ(r.status, ReadStatus::truncated);
  EXPECT_EQ(r.data.size(), 1000u);
  std::ofstream(tmp / "exact") << std::string(1000, 'y');
  r = capped.read_file(d.get(), "exact");
  EXPECT_EQ(r.status, ReadStatus::ok) << "exactly the cap is not truncated";
  // /proc/self/status has st_size 0 but content.
  const Fd self(::open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  r = whole.read_file(self.get(), "status");
  EXPECT_EQ(r.status, ReadStatus::ok);
  EXPECT_TRUE(r.data.starts_with("Name:"));
}

// read_fd_capped is the one read loop of Reader::read_file and the exe copy: it grows the buffer from the hint,
// keeps a reused buffer's size, and probes one byte at the cap.
TEST(Reader, ReadFdCappedGrowsFromTheHintAndProbesAtTheCap) {
  procsnap::test::TempDir tmp;
  const std::string content = [] {
    std::string c;
    for (int i = 0; i < 300000; ++i) {
      c.push_back(static_cast<char>('a' + i % 26));
    }
    return c;
  }();
  std::ofstream(tmp / "f") << content;
  auto read = [&](std::size_t cap, std::size_t hint, std::string& buf) {
    const Fd fd(::open((tmp / "f").c_str(), O_RDONLY | O_CLOEXEC));
    return read_fd_capped(fd.get(), cap, hint, buf);
  };
  std::string buf;
  auto r = read(1 << 20, 16, buf);  // grows from 16 bytes by doubling
  EXPECT_EQ(r.size, content.size());
  EXPECT_FALSE(r.truncated);
  EXPECT_EQ(r.err, 0);
  EXPECT_TRUE(std::string_view(buf.data(), r.size) == content);
  EXPECT_GE(buf.size(), content.size());
  const std::size_t grown = buf.size();
  r = read(content.size(), 0, buf);  // exactly the cap: the probe finds EOF
  EXPECT_EQ(r.size, content.size());
  EXPECT_FALSE(r.truncated);
  EXPECT_EQ(buf.size(), grown) << "a reused buffer keeps its size";
  r = read(1000, 0, buf);  // the buffer is larger than the cap: still at most cap bytes
  EXPECT_EQ(r.size, 1000u);
  EXPECT_TRUE(r.truncated);
  EXPECT_TRUE(std::string_view(buf.data(), r.size) == std::string_view(content).substr(0, 1000));
  std::string small;
  r = read(5000, 100000, small);  // the hint is bounded by the cap
  EXPECT_EQ(small.size(), 5000u);
  EXPECT_EQ(r.size, 5000u);
  EXPECT_TRUE(r.truncated);
  const Fd dir(::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  r = read_fd_capped(dir.get(), 100, 100, small);
  EXPECT_EQ(r.err, EISDIR);
  EXPECT_EQ(r.size, 0u);
}

TEST(Reader, RefusesFifosAndLinksAndMiddleSymlinks) {
  procsnap::test::TempDir tmp;
  ASSERT_EQ(::mkfifo((tmp / "fifo").c_str(), 0600), 0);
  std::filesystem::create_symlink("/etc/passwd", tmp / "link");
  std::filesystem::create_directory_symlink("/etc", tmp / "dirlink");
  const Fd d(::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  Reader r(1 << 20, 1000);
  EXPECT_EQ(r.read_file(d.get(), "fifo").status, ReadStatus::not_regular);
  EXPECT_EQ(r.read_file_deadline(d.get(), "fifo").status, ReadStatus::not_regular);
  auto res = r.read_file(d.get(), "link");
  EXPECT_EQ(res.status, ReadStatus::error);
  EXPECT_EQ(res.err, ELOOP);
  res = r.read_file(d.get(), "dirlink/passwd");
  EXPECT_EQ(res.status, ReadStatus::error) << "a symlinked middle component must not be followed";
  res = r.read_link(d.get(), "link");
  EXPECT_EQ(res.status, ReadStatus::ok);
  EXPECT_EQ(res.data, "/etc/passwd");
  EXPECT_EQ(r.read_file(d.get(), "../x").status, ReadStatus::error);
}

TEST(Reader, DeadlinePathReturnsTheSameBytes) {
  const Fd self(::open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  Reader r(1 << 20, 2000);
  const auto a = r.read_file_deadline(self.get(), "cmdline");
  ASSERT_EQ(a.status, ReadStatus::ok);
  EXPECT_EQ(std::string(a.data), procsnap::test::slurp("/proc/self/cmdline").value_or("?"));
}

TEST(Reader, ABlockedReadIsAbandonedAtTheDeadlineAndTheNextReadWorks) {
  // A FIFO with a writer that never writes: a blocking read on it sleeps in the kernel until the writer closes.
  procsnap::test::TempDir tmp;
  ASSERT_EQ(::mkfifo((tmp / "stuck").c_str(), 0600), 0);
  std::ofstream(tmp / "fine") << "fine\n";
  const int writer = ::open((tmp / "stuck").c_str(), O_RDWR | O_CLOEXEC);  // O_RDWR: opens without a reader
  ASSERT_GE(writer, 0);
  const Fd d(::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  Reader r(1 << 20, 200);
  r.set_blocking_opens_for_testing();
  const auto t0 = std::chrono::steady_clock::now();
  auto res = r.read_file_deadline(d.get(), "stuck");
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  EXPECT_EQ(res.status, ReadStatus::timeout);
  EXPECT_GE(ms.count(), 190);
  EXPECT_LT(ms.count(), 5000);
  EXPECT_EQ(r.abandoned(), 1);
  res = r.read_file_deadline(d.get(), "fine");
  EXPECT_EQ(res.status, ReadStatus::ok);
  EXPECT_EQ(std::string(res.data), "fine\n");
  // After k_max_abandoned stuck reads, blocking-prone reads are not attempted any more.
  for (int i = 1; i < Reader::k_max_abandoned; ++i) {
    EXPECT_EQ(r.read_file_deadline(d.get(), "stuck").status, ReadStatus::timeout);
  }
  EXPECT_EQ(r.read_file_deadline(d.get(), "fine").status, ReadStatus::gave_up);
  ::close(writer);  // the abandoned workers' reads now return and their threads exit
}

// The collector's read-ahead readers are siblings of its main reader: a host full of stuck processes must not get
// k_max_abandoned stuck threads per reader, but that many for the whole run.
TEST(Reader, SiblingsShareOneStuckReadBudget) {
  procsnap::test::TempDir tmp;
  ASSERT_EQ(::mkfifo((tmp / "stuck").c_str(), 0600), 0);
  std::ofstream(tmp / "fine") << "fine\n";
  const int writer = ::open((tmp / "stuck").c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(writer, 0);
  const Fd d(::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  Reader r(1 << 20, 50);
  r.set_blocking_opens_for_testing();
  const auto s = r.sibling();
  s->set_blocking_opens_for_testing();
  for (int i = 0; i < Reader::k_max_abandoned; ++i) {
    Reader& which = i % 2 == 0 ? r : *s;
    EXPECT_EQ(which.read_file_deadline(d.get(), "stuck").status, ReadStatus::timeout) << i;
  }
  EXPECT_EQ(r.abandoned(), Reader::k_max_abandoned);
  EXPECT_EQ(s->abandoned(), Reader::k_max_abandoned);
  EXPECT_EQ(r.read_file_deadline(d.get(), "fine").status, ReadStatus::gave_up);
  EXPECT_EQ(s->read_file_deadline(d.get(), "fine").status, ReadStatus::gave_up);
  ::close(writer);  // the abandoned workers' reads now return and their threads exit
}

TEST(Manifest, PartialRuleAndChunks) {
  Manifest m;
  m.add(Item{.path = "proc/1/environ", .status = "EACCES"});
  m.add(Item{.path = "proc/1/stack", .status = "EPERM"});
  m.add(Item{.path = "proc/1/attr/current", .status = "EINVAL"});
  m.add(Item{.path = "proc/1/ksm_stat", .status = "ENOENT"});
  EXPECT_FALSE(m.partial());
  m.add(Item{.path = "proc/1/smaps",
             .status = "truncated",
             .reason = "max-file-bytes",
             .stored = true,
             .bytes = 5,
             .sha256 = "ab"});
  EXPECT_TRUE(m.partial());
  EXPECT_EQ(m.counts().truncated, 1u);
  EXPECT_EQ(m.counts().bytes, 5u);
  std::string path;
  const auto chunk = m.take_chunk(path);
  EXPECT_EQ(path, "procsnap/manifest/000001.jsonl");
  EXPECT_EQ(std::count(chunk.begin(), chunk.end(), '\n'), 5);
  EXPECT_FALSE(m.has_pending());
  const auto t = procsnap::common::json::parse(m.trailer_json(3, 1, 2));
  ASSERT_TRUE(std::holds_alternative<procsnap::common::json::Value>(t));
}

// A written chunk's buffer is given back and reused two chunks later (after the first, which grew from empty, two
// buffers of a chunk's capacity alternate and none is allocated anew), and a reused buffer holds only its own lines.
TEST(Manifest, ChunkBuffersAreReusedAndHoldOnlyTheirOwnLines) {
  Manifest m;
  std::string path;
  const auto chunk_of = [&](const std::string& name, int lines) {
    for (int i = 0; i < lines; ++i) {
      m.add(Item{.path = "proc/1/" + name, .status = "ok"});
    }
    return m.take_chunk(path);
  };
  m.reuse_chunk_buffer(chunk_of("first", 3));
  std::string second = chunk_of("second", 3);
  const char* const second_buffer = second.data();
  m.reuse_chunk_buffer(std::move(second));
  m.reuse_chunk_buffer(chunk_of("third", 2));
  const std::string fourth = chunk_of("fourth", 1);
  EXPECT_EQ(fourth.data(), second_buffer);
  EXPECT_EQ(std::count(fourth.begin(), fourth.end(), '\n'), 1);
  EXPECT_EQ(fourth.find("second"), std::string::npos);
  EXPECT_NE(fourth.find("proc/1/fourth"), std::string::npos);
  EXPECT_EQ(path, "procsnap/manifest/000004.jsonl");
  ASSERT_EQ(m.chunks().size(), 4u);
  EXPECT_EQ(m.chunks()[3].lines, 1u);
}

}  // namespace
