// ArchiveWriter frames the tar stream itself (tar_header.hpp for ordinary members, libarchive's pax writer for the
// rest) and gives it to libarchive's filters as one raw entry. Its output must be exactly the bytes libarchive's own
// pax-restricted writer produces for the same members with the same filter and blocking: compressed or not, for
// ordinary members and for every kind that needs a pax extended header, written whole or in parts.
#include "archive_writer.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace procsnap::collector {

/// Parameterised tests print the filter's name, not its bytes.
void PrintTo(Compression c, std::ostream* os) { *os << to_string(c); }

namespace {

constexpr std::int64_t k_mtime = 1765000000;

struct Member {
  std::string path{};
  bool symlink = false;
  std::string data{};  ///< file bytes, or the link target
  std::vector<std::size_t> parts{};  ///< written with begin_file/add_data in these sizes (file members; may sum short)
  std::uint64_t declared = 0;       ///< with parts: the size begin_file declares
};

std::vector<Member> members() {
  std::vector<Member> m;
  m.push_back({.path = "procsnap/header.json", .data = R"({"format_version":1})"});
  for (int pid : {1, 42, 4194304}) {
    const std::string p = "proc/" + std::to_string(pid) + "/";
    m.push_back({.path = p + "status", .data = std::string(1337, 's')});
    m.push_back({.path = p + "environ", .data = ""});
    m.push_back({.path = p + "maps", .data = std::string(512, 'm')});
    m.push_back({.path = p + "smaps", .data = std::string(513, 'S')});
    m.push_back({.path = p + "exe", .symlink = true, .data = "/usr/bin/sleep"});
    m.push_back({.path = p + "fd/0", .symlink = true, .data = "socket:[123456]"});
  }
  // Members libarchive's pax writer must frame: long names (prefix split or pax 'path'), long targets, UTF-8 and
  // non-UTF-8 bytes (hdrcharset=BINARY), control characters.
  m.push_back({.path = "proc/7/map_files/" + std::string(120, 'a'), .symlink = true, .data = "/lib/x.so"});
  m.push_back({.path = "proc/7/" + std::string(80, 'b') + "/" + std::string(90, 'c'), .data = "long"});
  m.push_back({.path = "proc/7/fd/9", .symlink = true, .data = "/srv/" + std::string(300, 'd') + " (deleted)"});
  m.push_back({.path = "proc/7/fd/10", .symlink = true, .data = "/tmp/caf\xc3\xa9"});
  m.push_back({.path = "proc/7/fd/11", .symlink = true, .data = "/tmp/\xff\xfe-not-utf8"});
  m.push_back({.path = "proc/7/cwd", .symlink = true, .data = "/tmp/new\nline\x1b[31m"});
  m.push_back({.path = "proc/7/\xc3\xa9t\xc3\xa9", .data = "utf-8 name"});
  m.push_back({.path = "proc/7/\x80raw", .data = "binary name"});
  // Written in parts: a whole streamed member, and one that ends short and is completed with zeros.
  m.push_back({.path = "bin/7/exe", .data = std::string(700000, 'e'), .parts = {65536, 300000, 334464},
               .declared = 700000});
  m.push_back({.path = "bin/7/fd/3", .data = std::string(5000, 'f'), .parts = {5000}, .declared = 9000});
  m.push_back({.path = "bin/7/fd/4" + std::string(110, 'g'), .data = "xy", .parts = {2}, .declared = 2});
  m.push_back({.path = "mem/7/7f0000000000-7f0000400000", .data = std::string(4 << 20, '\x90')});
  m.push_back({.path = "procsnap/trailer.json", .data = "{}"});
  return m;
}

/// What libarchive's pax-restricted writer alone writes for `ms` (the writer's former implementation).
std::string reference(const std::vector<Member>& ms, Compression c) {
  std::string out;
  struct archive* a = archive_write_new();
  EXPECT_EQ(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
  if (c == Compression::zstd) {
    EXPECT_EQ(archive_write_add_filter_zstd(a), ARCHIVE_OK);
    EXPECT_EQ(archive_write_set_filter_option(a, "zstd", "compression-level", "1"), ARCHIVE_OK);
  } else if (c == Compression::gzip) {
    EXPECT_EQ(archive_write_add_filter_gzip(a), ARCHIVE_OK);
    EXPECT_EQ(archive_write_set_filter_option(a, "gzip", "timestamp", nullptr), ARCHIVE_OK);
  }
  archive_write_set_bytes_per_block(a, 10240);
  archive_write_set_bytes_in_last_block(a, 1);
  auto cb = [](struct archive*, void* self, const void* buf, size_t n) -> la_ssize_t {
    static_cast<std::string*>(self)->append(static_cast<const char*>(buf), n);
    return static_cast<la_ssize_t>(n);
  };
  EXPECT_EQ(archive_write_open(a, &out, nullptr, cb, nullptr), ARCHIVE_OK);
  struct archive_entry* e = archive_entry_new();
  for (const Member& m : ms) {
    archive_entry_clear(e);
    archive_entry_copy_pathname(e, m.path.c_str());
    archive_entry_set_filetype(e, m.symlink ? AE_IFLNK : AE_IFREG);
    archive_entry_set_perm(e, m.symlink ? 0777 : 0444);
    archive_entry_set_uid(e, 0);
    archive_entry_set_gid(e, 0);
    archive_entry_set_mtime(e, k_mtime, 0);
    std::string body = m.symlink ? std::string() : m.data;
    if (!m.parts.empty()) {
      std::size_t sum = 0;
      for (const std::size_t p : m.parts) {
        sum += p;
      }
      body = m.data.substr(0, sum) + std::string(m.declared - sum, '\0');
    }
    archive_entry_set_size(e, static_cast<la_int64_t>(body.size()));
    if (m.symlink) {
      archive_entry_copy_symlink(e, m.data.c_str());
    }
    EXPECT_GE(archive_write_header(a, e), ARCHIVE_WARN) << m.path;
    EXPECT_EQ(archive_write_data(a, body.data(), body.size()), static_cast<la_ssize_t>(body.size()));
    EXPECT_GE(archive_write_finish_entry(a), ARCHIVE_WARN);
  }
  archive_entry_free(e);
  EXPECT_EQ(archive_write_close(a), ARCHIVE_OK);
  archive_write_free(a);
  return out;
}

/// What ArchiveWriter writes for `ms` (through a regular file, as a capture does).
std::string ours(const std::vector<Member>& ms, Compression c) {
  test::TempDir tmp;
  const std::string path = tmp / "out.tar";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  EXPECT_GE(fd, 0);
  {
    ArchiveWriter w(fd, k_mtime);
    std::string err;
    EXPECT_TRUE(w.start(c, err)) << err;
    for (const Member& m : ms) {
      if (m.symlink) {
        EXPECT_TRUE(w.add_symlink(m.path, m.data)) << m.path;
      } else if (m.parts.empty()) {
        EXPECT_TRUE(w.add_file(m.path, m.data)) << m.path;
      } else {
        EXPECT_TRUE(w.begin_file(m.path, m.declared));
        std::size_t off = 0;
        for (const std::size_t p : m.parts) {
          EXPECT_TRUE(w.add_data(std::string_view(m.data).substr(off, p)));
          off += p;
        }
        std::uint64_t zeros = 0;
        EXPECT_TRUE(w.finish_file(nullptr, zeros));
        EXPECT_EQ(zeros, m.declared - off);
      }
    }
    EXPECT_TRUE(w.finish()) << w.error();
  }
  ::close(fd);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ArchiveWriterBytes : public ::testing::TestWithParam<Compression> {};

TEST_P(ArchiveWriterBytes, SameBytesAsLibarchivesPaxWriter) {
  const auto ms = members();
  const std::string want = reference(ms, GetParam());
  const std::string got = ours(ms, GetParam());
  ASSERT_GT(want.size(), 1024u);
  ASSERT_EQ(got.size(), want.size());
  EXPECT_TRUE(got == want) << "first difference at byte "
                           << std::distance(got.begin(), std::mismatch(got.begin(), got.end(), want.begin()).first);
}

TEST_P(ArchiveWriterBytes, AnEmptyArchiveIsTheEndMarkerOnly) {
  EXPECT_TRUE(ours({}, GetParam()) == reference({}, GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Filters, ArchiveWriterBytes,
                         ::testing::Values(Compression::none, Compression::gzip, Compression::zstd),
                         [](const auto& p) { return std::string(to_string(p.param)); });

TEST(ArchiveWriterBytes, LibarchiveReadsEveryMemberBack) {
  // The members that went through pax_ (long, UTF-8, non-UTF-8 names and targets) read back byte for byte.
  test::TempDir tmp;
  const std::string path = tmp / "out.tar";
  const auto ms = members();
  {
    std::ofstream(path, std::ios::binary) << ours(ms, Compression::none);
  }
  const auto ar = test::read_archive(path);
  for (const Member& m : ms) {
    const auto* got = ar.find(m.path);
    ASSERT_NE(got, nullptr) << m.path;
    if (m.symlink) {
      EXPECT_EQ(got->data, m.data) << m.path;
    } else if (m.parts.empty()) {
      EXPECT_TRUE(got->data == m.data) << m.path;
    }
  }
}

}  // namespace
}  // namespace procsnap::collector
