// Import of memory captured with --mem / --copy-exe / --copy-fd: memory_regions (with pagemap
// counts), memory_chunks, captured_executables and captured_fds from region lines, pieces mem/<pid>/<s>-<e>,
// bin/<pid>/exe and bin/<pid>/fd/<n>; hostile lines become
// import_issues, never a crash (analyzer/importer/memory_import.cpp).
#include "importer/memory_import.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstdlib>
#include <functional>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "e2e_support.hpp"
#include "importer/database.hpp"
#include "importer/importer.hpp"
#include "import_db.hpp"
#include "test_archive.hpp"

namespace {

using namespace procsnap;
using namespace procsnap::testing;
using importer::ImportOutcome;

constexpr std::uint64_t k_page = 4096;
constexpr std::uint64_t k_base = 0x7f3a2c000000ull;

struct Db : ImportDb {
  std::vector<std::string> issues() {
    auto c = importer::open_read_only(path);
    auto st = c.prepare("SELECT path || ': ' || message FROM import_issues ORDER BY rowid");
    std::vector<std::string> out;
    while (st.step()) out.emplace_back(st.column_text(0));
    return out;
  }
  bool has_issue(std::string_view needle) {
    for (const auto& i : issues()) {
      if (i.find(needle) != std::string::npos) return true;
    }
    return false;
  }
};

std::string all_issues(Db& db) {
  std::string s;
  for (const auto& i : db.issues()) s += "  " + i + "\n";
  return s;
}

// Deterministic filler without 0x7f bytes (so only planted headers are found).
std::string filler(std::size_t n, unsigned seed) {
  std::string s(n, '\0');
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& c : s) {
    x = x * 1664525u + 1013904223u;
    c = static_cast<char>((x >> 24) & 0x7e);
  }
  return s;
}

const std::string k_elf_ident(
    "\x7f"
    "ELF\x02\x01\x01",
    7);

// A process 4242 (stat starttime 123456) with one region of `pages` pages at k_base.
SnapshotBuilder with_process() {
  SnapshotBuilder b;
  b.process(4242, "victim", 123456);
  return b;
}

MemRegionLine region(std::uint64_t pages) {
  MemRegionLine r;
  r.pid = 4242;
  r.start = k_base;
  r.end = k_base + pages * k_page;
  return r;
}

TEST(MemoryImport, ThreePiecesWithElfHeaderSplitAcrossPieces) {
  std::string bytes = filler(3 * k_page, 1);
  const std::size_t at = 2 * k_page - 3;  // "\x7fEL" ends piece 2, "F\x02\x01\x01" starts piece 3
  bytes.replace(at, k_elf_ident.size(), k_elf_ident);
  auto b = with_process();
  for (int i = 0; i < 3; ++i) b.mem_piece(4242, k_base + i * k_page, bytes.substr(i * k_page, k_page));
  auto r = region(3);
  r.ranges = {{k_base, k_base + 3 * k_page}};
  b.mem_region(r);

  Db db;
  const auto res = db.import(b.build());
  ASSERT_EQ(res.outcome, ImportOutcome::imported) << res.message;
  EXPECT_EQ(res.state, "verified");
  EXPECT_TRUE(db.issues().empty()) << all_issues(db);
  EXPECT_EQ(db.count("SELECT count(*) FROM memory_regions"), 1);
  EXPECT_EQ(db.one("SELECT elf_offset FROM memory_regions"), std::to_string(at));
  EXPECT_EQ(db.one("SELECT sha256 FROM memory_regions"), sha_hex(bytes));
  EXPECT_EQ(db.one("SELECT verified || '/' || elf_in_anon_exec FROM memory_regions"), "1/1");
  EXPECT_EQ(db.one("SELECT captured_bytes || '/' || size || '/' || hole_count FROM memory_regions"), "12288/12288/0");
  EXPECT_EQ(db.one("SELECT start_addr = " + std::to_string(k_base) + " AND start_hex = '" + hex_addr(k_base) +
                   "' FROM memory_regions"),
            "1");
  EXPECT_EQ(db.one("SELECT start_time || '/' || perms || '/' || path_kind || '/' || (path IS NULL) || '/' || "
                   "status || '/' || selection FROM memory_regions"),
            "123456/rwxp/anon/1/ok/x and anon");
  EXPECT_EQ(db.one("SELECT ranges FROM memory_regions"),
            "[[\"" + hex_addr(k_base) + "\",\"" + hex_addr(k_base + 3 * k_page) + "\"]]");
  EXPECT_EQ(db.one("SELECT t0_ns || '-' || t1_ns || '/' || vmflags FROM memory_regions"), "10-20/rd wr ex mr mw me ac");
  // Three chunks, all attached to the region, all verified; their bytes are the members' data.
  EXPECT_EQ(db.count("SELECT count(*) FROM memory_chunks WHERE region_start = " + std::to_string(k_base) +
                     " AND verify = 'ok'"),
            3);
  EXPECT_EQ(db.one("SELECT group_concat(member_path, ',') FROM (SELECT member_path FROM memory_chunks ORDER BY "
                   "start_addr)"),
            "mem/4242/" + hex_addr(k_base) + "-" + hex_addr(k_base + k_page) + ",mem/4242/" +
                hex_addr(k_base + k_page) + "-" + hex_addr(k_base + 2 * k_page) + ",mem/4242/" +
                hex_addr(k_base + 2 * k_page) + "-" + hex_addr(k_base + 3 * k_page));
  EXPECT_EQ(db.count("SELECT sum(length(m.data)) FROM memory_chunks c JOIN members m ON m.snapshot_id = "
                     "c.snapshot_id AND m.path = c.member_path"),
            static_cast<std::int64_t>(3 * k_page));
}

TEST(MemoryImport, FileBackedOrNonExecutableElfIsNotFlagged) {
  for (const auto& [perms, map_path, flagged] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{"r-xp", "/usr/lib/libc.so.6", "0"},
                                                                      {"rw-p", "", "0"},
                                                                      {"r-xp", "[vdso]", "0"},
                                                                      {"r-xp", "/memfd:x (deleted)", "1"},
                                                                      {"r-xp", "/tmp/x.so (deleted)", "1"},
                                                                      {"rwxp", "[heap]", "1"}}) {
    auto b = with_process();
    b.mem_piece(4242, k_base, k_elf_ident + filler(k_page - 7, 2));
    auto r = region(1);
    r.perms = perms;
    r.map_path = map_path;
    r.ranges = {{k_base, k_base + k_page}};
    b.mem_region(r);
    Db db;
    ASSERT_EQ(db.import(b.build()).outcome, ImportOutcome::imported);
    EXPECT_EQ(db.one("SELECT elf_offset || '/' || elf_in_anon_exec FROM memory_regions"), "0/" + flagged)
        << perms << " " << map_path;
  }
}

TEST(MemoryImport, RegionWithAHole) {
  // Page 2 was unreadable (EIO): two pieces around a hole; an ELF header broken by the hole is not one.
  std::string p1 = filler(k_page, 3);
  std::string p3 = filler(k_page, 4);
  p1.replace(k_page - 3, 3, k_elf_ident.substr(0, 3));
  p3.replace(0, 4, k_elf_ident.substr(3));
  auto b = with_process();
  b.mem_piece(4242, k_base, p1);
  b.mem_piece(4242, k_base + 2 * k_page, p3);
  auto r = region(3);
  r.status = "EIO";
  r.reason = "holes";
  r.ranges = {{k_base, k_base + k_page}, {k_base + 2 * k_page, k_base + 3 * k_page}};
  r.holes = {{k_base + k_page, k_base + 2 * k_page}};
  b.mem_region(r);
  Db db;
  const auto res = db.import(b.build());
  ASSERT_EQ(res.outcome, ImportOutcome::imported) << res.message;
  EXPECT_TRUE(db.issues().empty()) << all_issues(db);
  EXPECT_EQ(db.one("SELECT status || '/' || reason || '/' || captured_bytes || '/' || hole_count || '/' || "
                   "hole_bytes || '/' || verified FROM memory_regions"),
            "EIO/holes/8192/1/4096/1");
  EXPECT_EQ(db.one("SELECT holes FROM memory_regions"),
            "[[\"" + hex_addr(k_base + k_page) + "\",\"" + hex_addr(k_base + 2 * k_page) + "\",\"EIO\"]]");
  EXPECT_EQ(db.one("SELECT elf_offset IS NULL AND elf_in_anon_exec = 0 FROM memory_regions"), "1");
  EXPECT_EQ(db.one("SELECT sha256 FROM memory_regions"), sha_hex(p1 + p3));
  EXPECT_EQ(db.count("SELECT count(*) FROM memory_chunks WHERE region_start = " + std::to_string(k_base)), 2);
}

TEST(MemoryImport, SkippedRegionHasARowWithoutBytes) {
  auto b = with_process();
  auto r = region(16);
  r.perms = "---p";
  r.status = "skipped";
  r.reason = "no-access";
  r.select = "anon and not r";
  r.vmflags.reset();
  b.mem_region(r);
  Db db;
  ASSERT_EQ(db.import(b.build()).outcome, ImportOutcome::imported);
  EXPECT_TRUE(db.issues().empty()) << all_issues(db);
  EXPECT_EQ(db.one("SELECT status || '/' || reason || '/' || captured_bytes || '/' || verified || '/' || "
                   "(sha256 IS NULL) || '/' || (elf_offset IS NULL) || '/' || (vmflags IS NULL) || '/' || size "
                   "FROM memory_regions"),
            "skipped/no-access/0/1/1/1/1/65536");
  EXPECT_EQ(db.count("SELECT count(*) FROM memory_chunks"), 0);
  EXPECT_EQ(db.one("SELECT kind || '/' || verify FROM members WHERE path = '" + r.path() + "'"),
            "mem-region/not-stored");
}

TEST(MemoryImport, FlippedByteInAPieceIsNotVerified) {
  const std::string bytes = filler(2 * k_page, 5);
  auto b = with_process();
  b.mem_piece(4242, k_base, bytes.substr(0, k_page));
  b.mem_piece(4242, k_base + k_page, bytes.substr(k_page));
  std::string altered = bytes.substr(k_page);
  altered[100] = static_cast<char>(altered[100] ^ 1);
  b.entries.back().stored_data = altered;
  auto r = region(2);
  r.ranges = {{k_base, k_base + 2 * k_page}};
  b.mem_region(r);
  Db db;
  const auto res = db.import(b.build());
  ASSERT_EQ(res.outcome, ImportOutcome::imported);
  EXPECT_EQ(res.state, "hash-mismatch");
  const std::string piece = "mem/4242/" + hex_addr(k_base + k_page) + "-" + hex_addr(k_base + 2 * k_page);
  EXPECT_EQ(db.one("SELECT verify FROM members WHERE path = '" + piece + "'"), "hash-mismatch");
  EXPECT_EQ(db.one("SELECT verify FROM memory_chunks WHERE member_path = '" + piece + "'"), "hash-mismatch");
  EXPECT_EQ(db.one("SELECT verified FROM memory_regions"), "0");
  // The hash is of the bytes the archive really holds.
  EXPECT_EQ(db.one("SELECT sha256 FROM memory_regions"), sha_hex(bytes.substr(0, k_page) + altered));
}

TEST(MemoryImport, DroppedOrUnlistedPieceIsNotVerified) {
  for (const bool drop : {true, false}) {
    auto b = with_process();
    b.mem_piece(4242, k_base, filler(k_page, 6));
    b.mem_piece(4242, k_base + k_page, filler(k_page, 7));
    if (drop) {
      b.entries.back().write_member = false;
    } else {
      b.entries.back().list = false;
    }
    auto r = region(2);
    r.ranges = {{k_base, k_base + 2 * k_page}};
    b.mem_region(r);
    Db db;
    ASSERT_EQ(db.import(b.build()).outcome, ImportOutcome::imported);
    EXPECT_EQ(db.one("SELECT verified FROM memory_regions"), "0") << drop;
    EXPECT_EQ(db.count("SELECT count(*) FROM memory_chunks"), drop ? 1 : 2);
    if (drop) {
      EXPECT_TRUE(db.has_issue("the archive stores 4096")) << all_issues(db);
    } else {
      EXPECT_EQ(db.one("SELECT verify FROM memory_chunks ORDER BY start_addr DESC"), "unlisted");
    }
  }
}

TEST(MemoryImport, ExecutableCopies) {
  const std::string elf = k_elf_ident + filler(10000, 8);
  const std::string script = "#!/bin/sh\necho hi\n";
  auto b = with_process();
  b.process(4300, "x", 777);
  b.process(4400, "y", 888);
  b.exe_copy(4242, elf, "memfd", "/memfd:payload (deleted)");
  b.exe_copy(4300, script, "deleted", "/tmp/run.sh (deleted)");
  b.extra_lines.push_back(
      "{\"path\":\"bin/4400/exe\",\"kind\":\"exe-copy\",\"status\":\"skipped\",\"reason\":\"not-a-regular-file\","
      "\"why\":\"deleted\",\"link\":\"/dev/x (deleted)\",\"t0\":1,\"t1\":2}");
  Db db;
  const auto res = db.import(b.build());
  ASSERT_EQ(res.outcome, ImportOutcome::imported) << res.message;
  EXPECT_EQ(res.state, "verified");
  EXPECT_TRUE(db.issues().empty()) << all_issues(db);
  EXPECT_EQ(db.count("SELECT count(*) FROM captured_executables"), 3);
  EXPECT_EQ(db.one("SELECT start_time || '|' || member_path || '|' || exe_link || '|' || why || '|' || status || '|' "
                   "|| file_size || '|' || bytes || '|' || is_elf || '|' || verify FROM captured_executables WHERE "
                   "pid = 4242"),
            "123456|bin/4242/exe|/memfd:payload (deleted)|memfd|ok|10007|10007|1|ok");
  EXPECT_EQ(db.one("SELECT sha256 FROM captured_executables WHERE pid = 4242"), sha_hex(elf));
  EXPECT_EQ(db.one("SELECT is_elf || '/' || sha256 FROM captured_executables WHERE pid = 4300"),
            "0/" + sha_hex(script));
  EXPECT_EQ(db.one("SELECT status || '/' || reason || '/' || (bytes IS NULL) || '/' || (sha256 IS NULL) || '/' || "
                   "(is_elf IS NULL) || '/' || start_time FROM captured_executables WHERE pid = 4400"),
            "skipped/not-a-regular-file/1/1/1/888");
}

TEST(MemoryImport, FdCopies) {
  // fd 3: a memfd holding an ELF; fd 4: a deleted log; fd 5: the same log again (not copied twice); fd 6: a
  // deleted FIFO (never opened).
  const std::string elf = k_elf_ident + filler(5000, 9);
  const std::string log = "secret log line\n";
  auto b = with_process();
  b.fd_copy(4242, 3, elf, "memfd", "/memfd:payload (deleted)");
  b.fd_copy(4242, 4, log, "deleted", "/tmp/x.log (deleted)");
  b.extra_lines.push_back(
      "{\"path\":\"bin/4242/fd/5\",\"kind\":\"fd-copy\",\"status\":\"skipped\",\"reason\":\"same-file\","
      "\"why\":\"deleted\",\"link\":\"/tmp/x.log (deleted)\",\"size\":16,\"same_as\":\"bin/4242/fd/4\","
      "\"t0\":1,\"t1\":2}");
  b.extra_lines.push_back(
      "{\"path\":\"bin/4242/fd/6\",\"kind\":\"fd-copy\",\"status\":\"skipped\",\"reason\":\"not-a-regular-file\","
      "\"why\":\"deleted\",\"link\":\"/tmp/ff (deleted)\",\"size\":0,\"t0\":1,\"t1\":2}");
  Db db;
  const auto res = db.import(b.build());
  ASSERT_EQ(res.outcome, ImportOutcome::imported) << res.message;
  EXPECT_EQ(res.state, "verified");
  EXPECT_TRUE(db.issues().empty()) << all_issues(db);
  EXPECT_EQ(db.count("SELECT count(*) FROM captured_fds"), 4);
  EXPECT_EQ(db.count("SELECT count(*) FROM captured_executables"), 0);
  EXPECT_EQ(db.one("SELECT start_time || '|' || member_path || '|' || fd_link || '|' || why || '|' || status || '|' "
                   "|| file_size || '|' || bytes || '|' || is_elf || '|' || verify || '|' || sha256 FROM captured_fds "
                   "WHERE pid = 4242 AND fd = 3"),
            "123456|bin/4242/fd/3|/memfd:payload (deleted)|memfd|ok|5007|5007|1|ok|" + sha_hex(elf));
  EXPECT_EQ(db.one("SELECT is_elf || '|' || sha256 || '|' || why FROM captured_fds WHERE fd = 4"),
            "0|" + sha_hex(log) + "|deleted");
  EXPECT_EQ(db.one("SELECT status || '|' || reason || '|' || same_as || '|' || (bytes IS NULL) || '|' || "
                   "(sha256 IS NULL) || '|' || file_size FROM captured_fds WHERE fd = 5"),
            "skipped|same-file|bin/4242/fd/4|1|1|16");
  EXPECT_EQ(db.one("SELECT reason || '|' || (same_as IS NULL) FROM captured_fds WHERE fd = 6"),
            "not-a-regular-file|1");
}

TEST(MemoryImport, PaddedCopiesSayHowManyZerosTheCollectorAppended) {
  // fd 3: a copy read in pieces whose file shrank: 6000 bytes of the file, then 4000 zeros (line "padded":4000);
  // fd 4: an ordinary copy (no "padded": 0); fd 5: a hostile line claiming more zeros than the member holds; fd 6:
  // one whose "padded" is not a count.
  const std::string kept = filler(6000, 11);
  const std::string member = kept + std::string(4000, '\0');
  auto b = with_process();
  b.fd_copy(4242, 3, member, "deleted", "/var/log/big.log (deleted)");
  b.entries.back().status = "truncated";
  b.entries.back().extra_fields += ",\"reason\":\"shrank\",\"padded\":4000";
  b.fd_copy(4242, 4, "whole\n", "deleted", "/tmp/w (deleted)");
  b.fd_copy(4242, 5, "tiny", "deleted", "/tmp/t (deleted)");
  b.entries.back().extra_fields += ",\"padded\":5";
  b.fd_copy(4242, 6, "text", "deleted", "/tmp/u (deleted)");
  b.entries.back().extra_fields += ",\"padded\":-1";
  b.exe_copy(4242, k_elf_ident + filler(100, 12), "memfd", "/memfd:x (deleted)");
  Db db;
  const auto res = db.import(b.build());
  ASSERT_EQ(res.outcome, ImportOutcome::imported) << res.message;
  EXPECT_EQ(res.state, "verified") << "the padded member's hash is of the member as stored";
  EXPECT_EQ(db.one("SELECT status || '|' || reason || '|' || bytes || '|' || padded || '|' || file_size || '|' || "
                   "sha256 || '|' || verify FROM captured_fds WHERE fd = 3"),
            "truncated|shrank|10000|4000|10000|" + sha_hex(member) + "|ok");
  EXPECT_EQ(db.one("SELECT padded FROM captured_fds WHERE fd = 4"), "0");
  EXPECT_EQ(db.one("SELECT padded IS NULL FROM captured_fds WHERE fd = 5"), "1");
  EXPECT_TRUE(db.has_issue("padded 5 exceeds the 4 bytes stored")) << all_issues(db);
  EXPECT_EQ(db.one("SELECT padded IS NULL FROM captured_fds WHERE fd = 6"), "1");
  EXPECT_TRUE(db.has_issue("padded is not a byte count")) << all_issues(db);
  EXPECT_EQ(db.one("SELECT padded FROM captured_executables WHERE pid = 4242"), "0");
}

// The bytes of a frames member: (address, frame id) records, 8 bytes little-endian each.
std::string frame_records(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& recs) {
  std::string out;
  for (const auto& [a, id] : recs) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((a >> (8 * i)) & 0xff));
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((id >> (8 * i)) & 0xff));
  }
  return out;
}

void frames_member(SnapshotBuilder& b, int pid, std::uint64_t start, std::uint64_t end, std::string bytes) {
  b.file("mem/" + std::to_string(pid) + "/frames/" + hex_addr(start) + "-" + hex_addr(end), std::move(bytes));
  b.entries.back().kind = "mem-frames";
}

TEST(MemoryImport, FramesSayWhichPagesTwoProcessesShare) {
  auto b = with_process();
  b.process(4300, "other", 777);
  auto r = region(4);
  r.status = "skipped";
  r.reason = "not-resident";
  b.mem_region(r);
  auto r2 = region(2);
  r2.pid = 4300;
  r2.status = "skipped";
  r2.reason = "not-resident";
  b.mem_region(r2);
  frames_member(b, 4242, r.start, r.end, frame_records({{k_base, 11}, {k_base + k_page, 12}, {k_base + 3 * k_page, 13}}));
  frames_member(b, 4300, r2.start, r2.end, frame_records({{k_base, 12}, {k_base + k_page, 99}}));
  Db db;
  const auto res = db.import(b.build());
  ASSERT_EQ(res.outcome, ImportOutcome::imported) << res.message;
  EXPECT_EQ(res.state, "verified");
  EXPECT_TRUE(db.issues().empty()) << all_issues(db);
  EXPECT_EQ(db.count("SELECT count(*) FROM memory_frames"), 5);
  EXPECT_EQ(db.one("SELECT group_concat((addr - region_start) || ':' || frame_id, ',') FROM (SELECT * FROM memory_frames "
                   "WHERE pid = 4242 ORDER BY addr)"),
            "0:11,4096:12,12288:13");
  // The documented query: pid 4242's page 1 and pid 4300's page 0 are one frame.
  EXPECT_EQ(db.one("SELECT a.pid || '/' || b.pid || '/' || count(*) || '/' || (a.addr - a.region_start) || '/' || "
                   "(b.addr - b.region_start) FROM memory_frames a JOIN memory_frames b USING (snapshot_id, frame_id) "
                   "WHERE a.pid < b.pid GROUP BY a.pid, b.pid"),
            "4242/4300/1/4096/0");
}

TEST(MemoryImport, PagemapCountsAreColumns) {
  auto b = with_process();
  b.mem_piece(4242, k_base, filler(k_page, 3));
  auto r = region(4);
  r.ranges = {{k_base, k_base + k_page}};
  r.reason = "not-resident";
  r.pagemap_json = "{\"status\":\"ok\",\"pages\":4,\"present\":1,\"swapped\":2,\"soft_dirty\":1,"
                   "\"exclusive\":1,\"file_shared\":0,\"unknown\":0}";
  b.mem_region(r);
  auto skipped = region(2);
  skipped.start += 16 * k_page;
  skipped.end += 16 * k_page;
  skipped.status = "skipped";
  skipped.reason = "no-access";
  skipped.pagemap_json = "null";
  b.mem_region(skipped);
  Db db;
  const auto res = db.import(b.build());
  ASSERT_EQ(res.outcome, ImportOutcome::imported) << res.message;
  EXPECT_TRUE(db.issues().empty()) << all_issues(db);
  EXPECT_EQ(db.one("SELECT pagemap_status || '|' || pages || '|' || pages_present || '|' || pages_swapped || '|' || "
                   "pages_soft_dirty || '|' || pages_exclusive || '|' || pages_file_shared || '|' || pages_unknown "
                   "|| '|' || reason FROM memory_regions WHERE start_addr = " + std::to_string(k_base)),
            "ok|4|1|2|1|1|0|0|not-resident");
  EXPECT_EQ(db.one("SELECT (pagemap_status IS NULL) || (pages IS NULL) || (pages_present IS NULL) FROM "
                   "memory_regions WHERE status = 'skipped'"),
            "111");
}

TEST(MemoryImport, ElfScannerAcrossSlices) {
  const auto* id = reinterpret_cast<const std::byte*>(k_elf_ident.data());
  {
    // Split over three slices of 2, 2 and 3 bytes.
    importer::ElfScanner s;
    s.feed(100, {id, 2});
    s.feed(102, {id + 2, 2});
    EXPECT_FALSE(s.found());
    s.feed(104, {id + 4, 3});
    ASSERT_TRUE(s.found());
    EXPECT_EQ(*s.found(), 100u);
  }
  {
    // A gap between the slices: no header.
    importer::ElfScanner s;
    s.feed(100, {id, 4});
    s.feed(105, {id + 4, 3});
    EXPECT_FALSE(s.found());
  }
  {
    // Bad EI_CLASS, then a good one later in the same slice.
    std::string bad =
        "\x7f"
        "ELF\x03\x01\x01" +
        filler(20, 9) + k_elf_ident;
    importer::ElfScanner s;
    s.feed(0, std::as_bytes(std::span(bad.data(), bad.size())));
    ASSERT_TRUE(s.found());
    EXPECT_EQ(*s.found(), 27u);
  }
  EXPECT_EQ(importer::parse_format_hex("7f3a2c000000"), 0x7f3a2c000000ull);
  EXPECT_EQ(importer::parse_format_hex("ffffffffffffffff"), ~0ull);
  EXPECT_FALSE(importer::parse_format_hex("10000000000000000"));  // 17 digits
  EXPECT_FALSE(importer::parse_format_hex("7F00"));
  EXPECT_FALSE(importer::parse_format_hex(""));
}

// ---- hostile lines: each an import_issues row, never a crash ------------------------------------------------------

struct Hostile {
  std::string name;
  std::function<void(SnapshotBuilder&)> plant;
  std::string issue;          // substring of some import_issues row
  std::int64_t regions = -1;  // expected memory_regions rows (-1: don't care)
};

// How ctest and failure messages name a parameter (gtest would print its bytes).
void PrintTo(const Hostile& h, std::ostream* os) { *os << h.name; }

std::string raw_region(std::string_view path, std::string_view extra = {}) {
  return "{\"path\":\"" + std::string(path) +
         "\",\"kind\":\"mem-region\",\"status\":\"ok\",\"perms\":\"rwxp\","
         "\"map_path\":\"\",\"ranges\":[],\"holes\":[],\"captured_bytes\":0" +
         std::string(extra) + "}";
}

std::vector<Hostile> hostile_cases() {
  return {
      {"BadHexInPath", [](SnapshotBuilder& b) { b.extra_lines.push_back(raw_region("mem/4242/regions/zz-1000")); },
       "not mem/<pid>/regions/<start>-<end>", 0},
      {"SeventeenDigitHex",
       [](SnapshotBuilder& b) {
         b.extra_lines.push_back(raw_region("mem/4242/regions/10000000000000000-10000000000000001"));
       },
       "not mem/<pid>/regions/<start>-<end>", 0},
      {"EndBeforeStart", [](SnapshotBuilder& b) { b.extra_lines.push_back(raw_region("mem/4242/regions/2000-1000")); },
       "ends at or before its start", 0},
      {"StartFieldDisagrees",
       [](SnapshotBuilder& b) {
         b.extra_lines.push_back(raw_region("mem/4242/regions/1000-2000", ",\"start\":\"3000\""));
       },
       "'start' disagrees with its path", 0},
      {"RangesOutsideRegion",
       [](SnapshotBuilder& b) {
         auto r = region(1);
         r.ranges = {{k_base + k_page, k_base + 2 * k_page}};
         b.mem_region(r);
       },
       "ranges[0] lies outside the region", 1},
      {"RangesOverlapping",
       [](SnapshotBuilder& b) {
         auto r = region(4);
         r.ranges = {{k_base, k_base + 2 * k_page}, {k_base + k_page, k_base + 3 * k_page}};
         b.mem_region(r);
       },
       "ranges[1] overlaps or precedes", 1},
      {"RangesUnsorted",
       [](SnapshotBuilder& b) {
         auto r = region(4);
         r.ranges = {{k_base + 2 * k_page, k_base + 3 * k_page}, {k_base, k_base + k_page}};
         b.mem_region(r);
       },
       "ranges[1] overlaps or precedes", 1},
      {"RangesNotPairs",
       [](SnapshotBuilder& b) {
         b.extra_lines.push_back(
             "{\"path\":\"mem/4242/regions/1000-2000\",\"kind\":\"mem-region\",\"status\":\"ok\","
             "\"ranges\":[[\"1000\"],{\"a\":1}],\"holes\":\"EIO\"}");
       },
       "ranges[0] is not a pair of hex addresses", 1},
      {"HolesNotAnArray",
       [](SnapshotBuilder& b) {
         b.extra_lines.push_back(
             "{\"path\":\"mem/4242/regions/1000-2000\",\"kind\":\"mem-region\",\"status\":\"ok\","
             "\"ranges\":[],\"holes\":\"EIO\"}");
       },
       "'holes' is not an array", 1},
      {"PieceOutsideAnyRegion", [](SnapshotBuilder& b) { b.mem_piece(4242, k_base, filler(k_page, 10)); },
       "lies inside no region line", 0},
      {"PieceStraddlingRegionEnd",
       [](SnapshotBuilder& b) {
         b.mem_piece(4242, k_base, filler(2 * k_page, 11));
         auto r = region(1);
         r.ranges = {{k_base, k_base + k_page}};
         r.captured_bytes = k_page;
         b.mem_region(r);
       },
       "lies inside no region line", 1},
      {"CapturedBytesDisagree",
       [](SnapshotBuilder& b) {
         b.mem_piece(4242, k_base, filler(k_page, 12));
         auto r = region(2);
         r.ranges = {{k_base, k_base + 2 * k_page}};
         b.mem_region(r);
       },
       "the archive stores 4096", 1},
      {"CapturedBytesDisagreeWithRanges",
       [](SnapshotBuilder& b) {
         auto r = region(2);
         r.captured_bytes = 12345;
         b.mem_region(r);
       },
       "captured_bytes 12345 differs from the sum of its ranges", 1},
      {"DuplicateRegionLine",
       [](SnapshotBuilder& b) {
         b.mem_region(region(1));
         b.mem_region(region(1));
       },
       "listed twice", 1},
      {"DuplicateRegionStartSpelledDifferently",
       [](SnapshotBuilder& b) {
         b.mem_region(region(1));
         b.extra_lines.push_back(raw_region("mem/4242/regions/0" + hex_addr(k_base) + "-" + hex_addr(k_base + k_page)));
       },
       "duplicates the region of", 1},
      {"OverlappingRegionLines",
       [](SnapshotBuilder& b) {
         b.mem_region(region(4));
         auto r = region(1);
         r.start += k_page;
         r.end += k_page;
         b.mem_region(r);
       },
       "overlaps mem/4242/regions/", 1},
      {"OverlappingPieces",
       [](SnapshotBuilder& b) {
         b.mem_piece(4242, k_base, filler(2 * k_page, 13));
         b.mem_piece(4242, k_base + k_page, filler(k_page, 14));
       },
       "memory piece overlaps", 0},
      {"PieceSizeDisagreesWithName",
       [](SnapshotBuilder& b) {
         b.file("mem/4242/" + hex_addr(k_base) + "-" + hex_addr(k_base + k_page), "short");
         b.entries.back().kind = "mem";
         auto r = region(1);
         r.ranges = {{k_base, k_base + k_page}};
         r.captured_bytes = 5;
         b.mem_region(r);
       },
       "holds 5 bytes but its name spans 4096", 1},
      {"BadPerms",
       [](SnapshotBuilder& b) {
         auto r = region(1);
         r.perms = "rwxq\x01";
         b.mem_region(r);
       },
       "perms is not", 1},
      {"WrongKindUnderRegions",
       [](SnapshotBuilder& b) {
         b.extra_lines.push_back("{\"path\":\"mem/4242/regions/1000-2000\",\"kind\":\"file\",\"status\":\"ok\"}");
       },
       "expected 'mem-region'", 0},
      {"LineOutsideLayout",
       [](SnapshotBuilder& b) {
         b.extra_lines.push_back("{\"path\":\"mem/4242/x/y/z\",\"kind\":\"mem-region\",\"status\":\"ok\"}");
         b.extra_lines.push_back("{\"path\":\"bin/4242/lib\",\"kind\":\"exe-copy\",\"status\":\"ENOENT\"}");
       },
       "outside the layout (bin/<pid>/exe or bin/<pid>/fd/<n>)", 0},
      {"PagemapCountsBeyondTheRegion",
       [](SnapshotBuilder& b) {
         auto r = region(2);
         r.status = "skipped";
         r.pagemap_json = "{\"status\":\"ok\",\"pages\":99999999,\"present\":5,\"swapped\":0,\"soft_dirty\":0,"
                          "\"exclusive\":0,\"file_shared\":0,\"unknown\":0}";
         b.mem_region(r);
       },
       "pagemap counts exceed", 1},
      {"PagemapPresentPlusSwappedAboveEntries",
       [](SnapshotBuilder& b) {
         auto r = region(2);
         r.status = "skipped";
         r.pagemap_json = "{\"status\":\"ok\",\"pages\":2,\"present\":2,\"swapped\":2,\"unknown\":0}";
         b.mem_region(r);
       },
       "contradict each other", 1},
      {"PagemapNotAnObject",
       [](SnapshotBuilder& b) {
         auto r = region(1);
         r.status = "skipped";
         r.pagemap_json = "[1,2]";
         b.mem_region(r);
       },
       "pagemap is not an object", 1},
      {"FdCopyWithExeKindAndBadSameAs",
       [](SnapshotBuilder& b) {
         b.extra_lines.push_back(
             "{\"path\":\"bin/4242/fd/7\",\"kind\":\"exe-copy\",\"status\":\"skipped\",\"reason\":\"same-file\","
             "\"same_as\":\"../../etc/passwd\",\"t0\":1,\"t1\":2}");
       },
       "same_as is not a member path", 0},
      {"FdCopyWrongKind",
       [](SnapshotBuilder& b) {
         b.extra_lines.push_back("{\"path\":\"bin/4242/fd/7\",\"kind\":\"exe-copy\",\"status\":\"ENOENT\"}");
       },
       "(expected 'fd-copy')", 0},
      {"FramesNotWholeRecords",
       [](SnapshotBuilder& b) {
         auto r = region(2);
         r.status = "skipped";
         b.mem_region(r);
         frames_member(b, 4242, r.start, r.end, frame_records({{k_base, 5}}) + "xyz");
       },
       "is not whole 16-byte records", 1},
      {"FramesOutsideTheRegion",
       [](SnapshotBuilder& b) {
         auto r = region(2);
         r.status = "skipped";
         b.mem_region(r);
         frames_member(b, 4242, r.start, r.end, frame_records({{k_base, 5}, {k_base + 9 * k_page, 6}}));
       },
       "lies outside its region", 1},
      {"FramesBackwards",
       [](SnapshotBuilder& b) {
         auto r = region(2);
         r.status = "skipped";
         b.mem_region(r);
         frames_member(b, 4242, r.start, r.end, frame_records({{k_base + k_page, 5}, {k_base, 6}}));
       },
       "is not after the record before it", 1},
      {"FramesTopBitSet",
       [](SnapshotBuilder& b) {
         auto r = region(1);
         r.status = "skipped";
         b.mem_region(r);
         frames_member(b, 4242, r.start, r.end, frame_records({{k_base, 1ull << 63}}));
       },
       "top bit set", 1},
      {"FramesWithoutRegionLine",
       [](SnapshotBuilder& b) { frames_member(b, 4242, k_base, k_base + k_page, frame_records({{k_base, 5}})); },
       "frames member without a region line", 0},
      {"HugeRangesArray",
       [](SnapshotBuilder& b) {
         auto r = region(70000);
         for (std::uint64_t i = 0; i < 70000; ++i) r.ranges.emplace_back(k_base + i * k_page, k_base + i * k_page + 1);
         r.captured_bytes = 0;
         b.mem_region(r);
       },
       "only the first 65536 are checked", 1},
      {"ArrayBeyondTheLineLimit",
       [](SnapshotBuilder& b) {
         auto r = region(400000);
         for (std::uint64_t i = 0; i < 400000; ++i) r.ranges.emplace_back(k_base + i * k_page, k_base + i * k_page + 1);
         b.mem_region(r);
       },
       "manifest line is not JSON", 0},
  };
}

class HostileMemoryLines : public ::testing::TestWithParam<Hostile> {};

TEST_P(HostileMemoryLines, BecomeImportIssues) {
  const Hostile& h = GetParam();
  auto b = with_process();
  h.plant(b);
  Db db;
  const auto res = db.import(b.build());
  ASSERT_EQ(res.outcome, ImportOutcome::imported) << res.message;
  EXPECT_TRUE(db.has_issue(h.issue)) << "expected an issue containing '" << h.issue << "'; got:\n" << all_issues(db);
  if (h.regions >= 0) {
    EXPECT_EQ(db.count("SELECT count(*) FROM memory_regions"), h.regions);
  }
}

INSTANTIATE_TEST_SUITE_P(MemoryImport, HostileMemoryLines, ::testing::ValuesIn(hostile_cases()),
                         [](const ::testing::TestParamInfo<Hostile>& i) { return i.param.name; });

TEST(MemoryImport, IssuesAreCapped) {
  auto b = with_process();
  for (std::uint64_t i = 0; i < 1500; ++i) {
    auto r = region(1);
    r.start += i * k_page;
    r.end += i * k_page;
    r.perms = "bad";
    b.mem_region(r);
  }
  Db db;
  ASSERT_EQ(db.import(b.build()).outcome, ImportOutcome::imported);
  EXPECT_EQ(db.count("SELECT count(*) FROM import_issues WHERE message LIKE '%perms is not%'"),
            static_cast<std::int64_t>(importer::k_max_memory_issues));
  EXPECT_TRUE(db.has_issue("500 further memory import issues not recorded"));
  EXPECT_EQ(db.count("SELECT count(*) FROM memory_regions WHERE perms IS NULL"), 1500);
}

TEST(MemoryImport, OrphanPiecesAreOneIssuePerPid) {
  // E.g. an archive cut before the chunk holding the region lines: every piece is kept, one finding says why.
  auto b = with_process();
  for (std::uint64_t i = 0; i < 50; ++i) b.mem_piece(4242, k_base + i * k_page, "x");
  Db db;
  ASSERT_EQ(db.import(b.build()).outcome, ImportOutcome::imported);
  EXPECT_EQ(db.count("SELECT count(*) FROM memory_chunks WHERE region_start IS NULL"), 50);
  EXPECT_EQ(db.issues(), std::vector<std::string>{"mem/4242/" + hex_addr(k_base) + "-" + hex_addr(k_base + 1) +
                                                  ": this and 49 more memory pieces of pid 4242 lie inside no "
                                                  "region line (listed in memory_chunks with region_start NULL)"});
}

TEST(MemoryImport, ArchiveWithoutMemoryHasNoRows) {
  Db db;
  ASSERT_EQ(db.import(SnapshotBuilder::sample().build()).outcome, ImportOutcome::imported);
  EXPECT_EQ(db.count("SELECT (SELECT count(*) FROM memory_regions) + (SELECT count(*) FROM memory_chunks) + "
                     "(SELECT count(*) FROM captured_executables)"),
            0);
}

}  // namespace

namespace {

// The real collector on a live child (the injected-code case): an anonymous rwx region of 9 MiB (three
// pieces: 4 + 4 + 1 MiB) holding an ELF header across the first piece boundary, and a PROT_NONE guard.
TEST(MemoryImport, LiveCaptureOfElfInAnonymousRwxRegion) {
  if (auto why = procsnap::e2e::unusable_binary(PROCSNAP_COLLECT_BIN)) GTEST_SKIP() << *why;
  constexpr std::size_t k_size = 9u << 20;
  constexpr std::size_t k_at = (4u << 20) - 3;
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    void* r = ::mmap(nullptr, k_size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    void* guard = ::mmap(nullptr, 1u << 16, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    std::uint64_t addrs[2] = {0, 0};
    if (r != MAP_FAILED && guard != MAP_FAILED) {
      std::memcpy(static_cast<char*>(r) + k_at, k_elf_ident.data(), k_elf_ident.size());
      std::memcpy(static_cast<char*>(r) + 100, "MARKER-rwx", 10);
      addrs[0] = reinterpret_cast<std::uintptr_t>(r);
      addrs[1] = reinterpret_cast<std::uintptr_t>(guard);
    }
    if (::write(fds[1], addrs, sizeof addrs) != static_cast<ssize_t>(sizeof addrs)) ::_exit(1);
    for (;;) ::pause();
  }
  ASSERT_GT(child, 0);
  ::close(fds[1]);
  std::uint64_t addrs[2] = {0, 0};
  const bool got = ::read(fds[0], addrs, sizeof addrs) == static_cast<ssize_t>(sizeof addrs);
  ::close(fds[0]);
  Db db;
  const std::string arch = db.dir.file("live.tar");
  // --mem-nonresident: the whole region, untouched pages included (read as zeros); the default would store only
  // the three pages the child wrote (pagemap counts them below either way).
  const auto c = procsnap::e2e::run({PROCSNAP_COLLECT_BIN, "--quiet", "--pids", std::to_string(child), "--mem",
                                     "suspicious", "--mem-nonresident", "-o", arch});
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ASSERT_TRUE(got && addrs[0] != 0) << "child could not map its regions";
  ASSERT_TRUE(c.exit_code == 0 || c.exit_code == 3) << c.err;
  const auto res = db.import(read_file(arch));
  ASSERT_EQ(res.outcome, ImportOutcome::imported) << res.message;
  EXPECT_EQ(res.state, "verified");

  const std::string where = " FROM memory_regions WHERE start_addr = " + std::to_string(addrs[0]);
  const std::string status = db.one("SELECT status" + where);
  if (status == "EACCES" || status == "EPERM") GTEST_SKIP() << "the collector may not read this child's mem";
  EXPECT_EQ(
      db.one("SELECT status || '/' || perms || '/' || path_kind || '/' || size || '/' || captured_bytes || "
             "'/' || verified || '/' || elf_offset || '/' || elf_in_anon_exec" +
             where),
      "ok/rwxp/anon/" + std::to_string(k_size) + "/" + std::to_string(k_size) + "/1/" + std::to_string(k_at) + "/1");
  std::string expect(k_size, '\0');
  expect.replace(k_at, k_elf_ident.size(), k_elf_ident);
  expect.replace(100, 10, "MARKER-rwx");
  EXPECT_EQ(db.one("SELECT sha256" + where), sha_hex(expect));
  // pagemap before the read: the pages written (the marker's, and the two the ELF header straddles) were present.
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  EXPECT_EQ(db.one("SELECT pagemap_status || '/' || pages || '/' || pages_present || '/' || pages_swapped || '/' || "
                   "pages_exclusive || '/' || pages_file_shared || '/' || pages_unknown" +
                   where),
            "ok/" + std::to_string(k_size / page) + "/3/0/3/0/0");
  EXPECT_EQ(
      db.count("SELECT count(*) FROM memory_chunks WHERE verify = 'ok' AND region_start = " + std::to_string(addrs[0])),
      3);
  // The guard is listed, never read.
  EXPECT_EQ(db.one("SELECT status || '/' || reason || '/' || captured_bytes FROM memory_regions WHERE pid = " +
                   std::to_string(child) + " AND start_addr <= " + std::to_string(addrs[1]) + " AND end_addr > " +
                   std::to_string(addrs[1])),
            "skipped/no-access/0");
  EXPECT_TRUE(db.issues().empty()) << all_issues(db);
}

}  // namespace

namespace {

TEST(MemoryImport, LsShowsRegionsAndBytes) {
  auto b = with_process();
  b.mem_piece(4242, k_base, filler(k_page, 20));
  auto r = region(2);
  r.status = "truncated";
  r.reason = "max-region";
  r.ranges = {{k_base, k_base + k_page}};
  b.mem_region(r);
  Db db;
  ASSERT_EQ(db.import(b.build()).outcome, ImportOutcome::imported);
  const auto ls = procsnap::e2e::run({PROCSNAP_BIN, "ls", "--db", db.path, "--format", "ndjson"});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_NE(ls.out.find("\"mem_regions\":1,\"mem_bytes\":4096"), std::string::npos) << ls.out;
}

}  // namespace
