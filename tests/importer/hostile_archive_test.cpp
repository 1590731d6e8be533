// Hostile archives through both `import` and `verify`: refused or flagged with a clear
// message, never a crash, and a failed import leaves the database byte-for-byte unchanged.
#include "importer/database.hpp"
#include "importer/importer.hpp"
#include "test_archive.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

namespace {

using namespace procsnap;
using namespace procsnap::testing;
using importer::ImportOutcome;

struct Fixture {
  TempDir dir;
  std::string db = dir.file("t.db");
  Fixture() {
    // A database that already holds one snapshot: a failed import must not touch it.
    auto c = importer::open_for_import(db);
    const auto arch = write_file(dir.file("base.tar"), SnapshotBuilder::sample().build());
    auto r = importer::import_archive(c, arch, {});
    if (r.outcome != ImportOutcome::imported) throw std::runtime_error("base import failed: " + r.message);
  }
  importer::ImportResult import(const std::string& bytes, const importer::Limits& limits = {}) {
    const auto path = write_file(dir.file("in.tar"), bytes);
    auto c = importer::open_for_import(db);
    importer::ImportOptions o;
    o.limits = limits;
    return importer::import_archive(c, path, o);
  }
  importer::VerifyReport verify(const std::string& bytes, const importer::Limits& limits = {}) {
    return importer::verify_archive(write_file(dir.file("v.tar"), bytes), limits);
  }
  /// Imports `bytes`, expects a refusal mentioning `what`, and the database unchanged.
  void expect_refused(const std::string& bytes, const std::string& what, const importer::Limits& limits = {}) {
    const std::string before = sha_hex(read_file(db));
    const auto r = import(bytes, limits);
    EXPECT_EQ(r.outcome, ImportOutcome::refused) << what;
    EXPECT_NE(r.message.find(what), std::string::npos) << "message: " << r.message;
    EXPECT_EQ(sha_hex(read_file(db)), before) << "database changed by a refused import";
    const auto v = verify(bytes, limits);
    EXPECT_TRUE(v.refused) << what;
    EXPECT_NE(v.error.find(what), std::string::npos) << "verify message: " << v.error;
  }
};

std::string with_member(std::string_view name, std::string_view data = "x", char type = '0',
                        std::string_view link = {}, const std::string& pax = {}) {
  std::string tar = raw_with_header();
  raw_member(tar, name, data, type, link, pax);
  raw_end(tar);
  return tar;
}

TEST(HostileArchive, RefusesDotDotAbsoluteBackslash) {
  Fixture f;
  f.expect_refused(with_member("proc/../../etc/passwd"), "'..'");
  f.expect_refused(with_member("/proc/1/stat"), "absolute");
  f.expect_refused(with_member("proc\\1\\stat"), "backslash");
  f.expect_refused(with_member("proc//1/stat"), "empty path component");
}

TEST(HostileArchive, NulInPaxPathNeverPassesAsTheLongName) {
  // A pax path with an embedded NUL: libarchive cuts it at the NUL or rejects it; either way the name that
  // reaches the importer has no NUL, and the traversal after the NUL never becomes part of a path.
  Fixture f;
  const std::string pax = pax_record("path", std::string("proc/1/stat\0/../../../etc/passwd", 32));
  const auto r = f.import(with_member("placeholder", "1 (x) S", '0', {}, pax));
  if (r.outcome == ImportOutcome::imported) {
    auto c = importer::open_read_only(f.db);
    auto st = c.prepare("SELECT count(*) FROM members WHERE path LIKE '%passwd%' OR instr(path, char(0)) > 0");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.column_int64(0), 0);
  } else {
    EXPECT_FALSE(r.message.empty());
  }
}

TEST(HostileArchive, RefusesHardlinkDeviceFifoDirectory) {
  Fixture f;
  f.expect_refused(with_member("proc/1/stat", "", '1', "procsnap/header.json"), "hard link");
  f.expect_refused(with_member("proc/1/stat", "", '3'), "character device");
  f.expect_refused(with_member("proc/1/stat", "", '4'), "block device");
  f.expect_refused(with_member("proc/1/stat", "", '6'), "FIFO");
  f.expect_refused(with_member("proc/1/task", "", '5'), "directory");
}

TEST(HostileArchive, RefusesSparseMember) {
  Fixture f;
  // GNU.sparse pax keys (format 1.0): libarchive presents the member as sparse.
  const std::string pax = pax_record("GNU.sparse.major", "1") + pax_record("GNU.sparse.minor", "0") +
                          pax_record("GNU.sparse.name", "proc/1/stat") + pax_record("GNU.sparse.realsize", "4096");
  std::string body = pad512("1\n0\n4095\n1\n") + "x";
  f.expect_refused(with_member("proc/1/GNUSparseFile.0/stat", body, '0', {}, pax), "sparse");
}

TEST(HostileArchive, RefusesDuplicateMember) {
  Fixture f;
  std::string tar = raw_with_header();
  raw_member(tar, "proc/1/stat", "a");
  raw_member(tar, "proc/1/stat", "b");
  raw_end(tar);
  f.expect_refused(tar, "duplicate member");
}

TEST(HostileArchive, RefusesNamesOutsideLayout) {
  Fixture f;
  f.expect_refused(with_member("etc/shadow"), "outside the documented layout");
  f.expect_refused(with_member("proc/1/task/2/task/3/stat"), "outside the documented layout");
  f.expect_refused(with_member("procsnap/evil.sh"), "outside the documented layout");
}

TEST(HostileArchive, RefusesArchiveWithoutHeaderFirst) {
  Fixture f;
  std::string tar;
  raw_member(tar, "proc/1/stat", "x");
  raw_member(tar, "procsnap/header.json", SnapshotBuilder{}.header_json());
  raw_end(tar);
  f.expect_refused(tar, "not procsnap/header.json");
  auto b = SnapshotBuilder::sample();
  b.format_version = 2;
  f.expect_refused(b.build(), "format_version 2");
  f.expect_refused("this is not a tar file at all, just text. " + std::string(2000, 'z'), "not a procsnap archive");
}

TEST(HostileArchive, RefusesPaxSizeOf2To63) {
  Fixture f;
  const std::string pax = pax_record("size", "9223372036854775808");
  f.expect_refused(with_member("proc/1/stat", "", '0', {}, pax), "size");
  f.expect_refused(with_member("proc/1/stat", "", '0', {}, pax_record("size", "9223372036854775807")), "size");
  // Within int64 but above the member cap: refused by our cap before any byte is read.
  f.expect_refused(with_member("proc/1/stat", "", '0', {}, pax_record("size", "4611686018427387904")),
                   "exceeds the member cap");
}

TEST(HostileArchive, RefusesMemberOverCap) {
  Fixture f;
  importer::Limits l;
  l.max_member_bytes = 1000;
  f.expect_refused(with_member("proc/1/stat", std::string(5000, 'a')), "member cap", l);
}

TEST(HostileArchive, RefusesTooManyMembers) {
  // "A million tiny members" with the cap lowered to keep the test fast: the cap, not memory, stops it.
  Fixture f;
  importer::Limits l;
  l.max_members = 1000;
  std::string tar = raw_with_header();
  for (int i = 1; i <= 1500; ++i) raw_member(tar, "proc/" + std::to_string(i) + "/stat", "");
  raw_end(tar);
  f.expect_refused(tar, "more than 1000 members", l);
}

TEST(HostileArchive, RefusesDecompressionBomb) {
  Fixture f;
  auto b = SnapshotBuilder::sample();
  b.file("proc/1/smaps", std::string(16 << 20, '\0'));
  importer::Limits l;
  l.ratio_grace_bytes = 1 << 20;
  l.max_ratio = 100;
  f.expect_refused(b.build(Compression::gzip), "compression ratio", l);
  importer::Limits total;
  total.max_total_bytes = 4 << 20;
  f.expect_refused(b.build(Compression::zstd), "--max-total-bytes", total);
}

TEST(HostileArchive, TruncationAtEvery512ByteBoundaryNeverCrashes) {
  Fixture f;
  const std::string full = SnapshotBuilder::sample().build();
  ASSERT_EQ(full.size() % 512, 0u);
  for (std::size_t cut = 0; cut < full.size(); cut += 512) {
    const std::string part = full.substr(0, cut);
    const std::string before = sha_hex(read_file(f.db));
    const auto r = f.import(part);
    const auto v = f.verify(part);
    // The last 1024 bytes are the end-of-archive blocks: cut there, every member (trailer included) is whole.
    const bool trailer_whole = cut >= full.size() - 1024;
    if (r.outcome == ImportOutcome::imported) {
      // What was read is kept; the snapshot is never called verified without its trailer.
      if (!trailer_whole) {
        EXPECT_NE(r.state, "verified") << "cut at " << cut;
        EXPECT_NE(v.state, "verified");
      }
      EXPECT_FALSE(v.refused);
    } else {
      EXPECT_EQ(r.outcome, ImportOutcome::refused) << "cut at " << cut;
      EXPECT_EQ(sha_hex(read_file(f.db)), before);
      EXPECT_TRUE(v.refused);
    }
  }
}

TEST(HostileArchive, TruncatedCompressedArchiveIsIncompleteOrRefused) {
  Fixture f;
  const std::string full = SnapshotBuilder::sample().build(Compression::zstd);
  for (std::size_t cut = 1; cut < full.size(); cut += std::max<std::size_t>(1, full.size() / 40)) {
    const auto r = f.import(full.substr(0, cut));
    if (r.outcome == ImportOutcome::imported) {
      EXPECT_NE(r.state, "verified");
    } else {
      EXPECT_EQ(r.outcome, ImportOutcome::refused);
    }
  }
}

}  // namespace
