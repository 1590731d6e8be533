// procsnap mem extract: exact bytes, SHA-256, no overwrite without --force, holes refused or zero-filled,
// clear errors for a bad snapshot, pid or address.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "mem_db.hpp"

namespace {

using namespace procsnap;
using namespace procsnap::memtest;
namespace pt = procsnap::testing;

class MemExtract : public ::testing::Test {
 protected:
  void SetUp() override {
    // Complete region: two abutting pieces.
    RegionSpec a;
    a.start = 0x7f0000000000;
    a.end = 0x7f0000003000;
    a.perms = "rwxp";
    full_ = filler(0x3000, 9);
    full_.replace(0x10, 6,
                  "\x7f"
                  "ELF\x02\x01");
    a.pieces = {{a.start, full_.substr(0, 0x2000)}, {a.start + 0x2000, full_.substr(0x2000)}};
    db_.add(a);
    // Region with a hole in the middle (EIO) and an uncaptured tail (budget).
    RegionSpec h;
    h.start = 0x7f0000010000;
    h.end = 0x7f0000014000;
    h.status = "EIO";
    h.reason = "holes";
    h.holes = "[[\"7f0000011000\",\"7f0000012000\",\"EIO\"]]";
    h.pieces = {{0x7f0000010000, std::string(0x1000, 'A')}, {0x7f0000012000, std::string(0x1000, 'C')}};
    db_.add(h);
    // Not captured at all (a PROT_NONE guard).
    RegionSpec g;
    g.start = 0x7f0000020000;
    g.end = 0x7f0000021000;
    g.perms = "---p";
    g.status = "skipped";
    g.reason = "no-access";
    db_.add(g);
  }
  MemDb db_;
  std::string full_;
};

TEST_F(MemExtract, WritesTheExactBytesAndTheirHash) {
  const std::string out = db_.dir.file("r.bin");
  const auto r = db_.mem({"extract", "1", "4242", "0x7f0000001234", "-o", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(pt::read_file(out), full_);
  EXPECT_NE(r.out.find("wrote 12288 bytes of pid 4242 region 7f0000000000-7f0000003000 rwxp (anonymous)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("sha256 " + pt::sha_hex(full_)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("matches memory_regions.sha256"), std::string::npos) << r.out;
  struct stat st {};
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // The same region named by its range, to stdout (a pipe here).
  const auto s = db_.mem({"extract", "1", "4242", "7f0000000000-7f0000003000", "-o", "-"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out, full_);
  EXPECT_NE(s.err.find("sha256 " + pt::sha_hex(full_)), std::string::npos) << s.err;
}

TEST_F(MemExtract, RefusesToOverwriteWithoutForce) {
  const std::string out = pt::write_file(db_.dir.file("exists.bin"), "precious");
  auto r = db_.mem({"extract", "1", "4242", "7f0000000000", "-o", out});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("exists; not overwritten (use --force"), std::string::npos) << r.err;
  EXPECT_EQ(pt::read_file(out), "precious");
  r = db_.mem({"extract", "1", "4242", "7f0000000000", "-o", out, "--force"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(pt::read_file(out), full_);
  // A symlink is never followed, even with --force.
  const std::string victim = pt::write_file(db_.dir.file("victim"), "keep");
  const std::string link = db_.dir.file("link.bin");
  ASSERT_EQ(::symlink(victim.c_str(), link.c_str()), 0);
  r = db_.mem({"extract", "1", "4242", "7f0000000000", "-o", link, "--force"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(pt::read_file(victim), "keep");
}

TEST_F(MemExtract, HolesAreRefusedWithTheListUnlessFilled) {
  const std::string out = db_.dir.file("h.bin");
  auto r = db_.mem({"extract", "1", "4242", "7f0000010000-7f0000014000", "-o", out});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("was not captured completely (status EIO (holes)): 2 ranges (8192 bytes) missing"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("7f0000011000-7f0000012000 (4096 bytes)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("7f0000013000-7f0000014000 (4096 bytes)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--fill-holes"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  r = db_.mem({"extract", "1", "4242", "7f0000010000-7f0000014000", "-o", out, "--fill-holes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string expect =
      std::string(0x1000, 'A') + std::string(0x1000, '\0') + std::string(0x1000, 'C') + std::string(0x1000, '\0');
  EXPECT_EQ(pt::read_file(out), expect);
  EXPECT_NE(r.err.find("2 missing ranges (8192 bytes) written as zeros"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("sha256 " + pt::sha_hex(expect)), std::string::npos) << r.out;
}

TEST_F(MemExtract, SubRangesOfARegion) {
  const std::string out = db_.dir.file("part.bin");
  auto r = db_.mem({"extract", "1", "4242", "7f0000001ff0-7f0000002010", "-o", out});  // across the two pieces
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(pt::read_file(out), full_.substr(0x1ff0, 0x20));
  EXPECT_NE(r.out.find("wrote 32 bytes of pid 4242 range 7f0000001ff0-7f0000002010 of region 7f0000000000-"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("memory_regions.sha256"), std::string::npos) << r.out;  // that hash is the whole region's
  // In the region with holes: a captured range alone is fine; a range reaching into a hole lists both sides.
  const std::string a = db_.dir.file("a.bin");
  r = db_.mem({"extract", "1", "4242", "7f0000010000-7f0000011000", "-o", a});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(pt::read_file(a), std::string(0x1000, 'A'));
  r = db_.mem({"extract", "1", "4242", "7f0000010800-7f0000011800", "-o", db_.dir.file("b.bin")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("1 range (2048 bytes) missing:\n  7f0000011000-7f0000011800 (2048 bytes)\n"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("Captured:\n  7f0000010800-7f0000011000\n"), std::string::npos) << r.err;
  r = db_.mem({"extract", "1", "4242", "7f0000011000-7f0000012000", "-o", db_.dir.file("c.bin"), "--fill-holes"});
  EXPECT_EQ(r.exit_code, 1);  // nothing captured there: zeros only would be pointless
  EXPECT_NE(r.err.find("has no captured bytes"), std::string::npos) << r.err;
}

TEST_F(MemExtract, ClearErrorsForBadInput) {
  const std::string out = db_.dir.file("x.bin");
  auto r = db_.mem({"extract", "1", "4242", "7f0000020000", "-o", out});  // the guard
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("has no captured bytes: status skipped (no-access)"), std::string::npos) << r.err;
  r = db_.mem({"extract", "1", "4242", "0x1234", "-o", out});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("0x1234 is not inside one region of pid 4242"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("7f0000020000-7f0000021000 ---p (anonymous)  skipped (no-access)"), std::string::npos) << r.err;
  r = db_.mem({"extract", "1", "4242", "7f0000002000-7f0000004000", "-o", out});  // runs past the region's end
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("7f0000002000-7f0000004000 is not inside one region of pid 4242"), std::string::npos) << r.err;
  r = db_.mem({"extract", "1", "4242", "nothex", "-o", out});
  EXPECT_EQ(r.exit_code, 2);
  r = db_.mem({"extract", "1", "1", "7f0000000000", "-o", out});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("pid 1 has no memory regions"), std::string::npos) << r.err;
  r = db_.mem({"extract", "42", "4242", "7f0000000000", "-o", out});
  EXPECT_EQ(r.exit_code, 1);
  r = db_.mem({"extract", "1", "4242", "7f0000000000"});  // -o is required
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(MemExtractImported, RegionFromTheImporterRoundTrips) {
  ImportedDb db;
  const std::string out = db.dir.file("a.bin");
  auto r = db.mem({"extract", "latest", "4242", fmt::format("{:x}", k_imported_a + 5000), "-o", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(pt::read_file(out), db.a_bytes);
  EXPECT_NE(r.out.find("matches memory_regions.sha256"), std::string::npos) << r.out;
  const std::string bout = db.dir.file("b.bin");
  r = db.mem({"extract", "latest", "4242", fmt::format("{:x}", k_imported_b), "-o", bout});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(fmt::format("{:x}-{:x} (4096 bytes)", k_imported_b + k_page, k_imported_b + 2 * k_page)),
            std::string::npos)
      << r.err;
  r = db.mem({"extract", "latest", "4242", fmt::format("{:x}", k_imported_b), "-o", bout, "--fill-holes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(pt::read_file(bout), db.b_first + std::string(k_page, '\0') + db.b_last);
}

TEST(MemExtractHashCheck, MismatchWithTheRecordedHashIsAnError) {
  MemDb db;
  RegionSpec a;
  a.start = 0x1000;
  a.end = 0x2000;
  a.pieces = {{0x1000, std::string(0x1000, 'z')}};
  a.sha256 = std::string(64, '0');
  db.add(a);
  const auto r = db.mem({"extract", "1", "4242", "1000", "-o", db.dir.file("o.bin")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("do not match memory_regions.sha256"), std::string::npos) << r.err;
}

}  // namespace
