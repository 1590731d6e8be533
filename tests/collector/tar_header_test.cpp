// ustar_header() against libarchive's pax-restricted writer, the writer whose bytes it stands in for: for every
// member it accepts, the header must be exactly the block libarchive writes (and libarchive must write no pax
// extended header for it); everything libarchive would need a pax header for must be refused.
#include "tar_header.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace procsnap::collector {
namespace {

struct Member {
  std::string path{};
  TarType type = TarType::file;
  std::string target{};
  std::uint64_t size = 0;
  std::int64_t mtime = 1765000000;
};

/// The bytes libarchive's pax-restricted writer emits for `m`'s header (no data written: the header blocks only).
std::string libarchive_header(const Member& m) {
#if defined(__SANITIZE_ADDRESS__)
  // archive_write_fail() below skips the close, which is what frees the writer's output state (33 bytes): a
  // deliberate abandonment, not a leak of the code under test.
  const __lsan::ScopedDisabler abandoned_on_purpose;
#endif
  struct Sink {
    std::string out;
    bool closed = false;  // after the header: archive_write_free's padding of the undeclared data is not kept
  } sink;
  struct archive* a = archive_write_new();
  EXPECT_EQ(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
  archive_write_set_bytes_per_block(a, 0);  // unblocked: every byte reaches the callback at once
  auto cb = [](struct archive*, void* self, const void* buf, size_t n) -> la_ssize_t {
    auto* s = static_cast<Sink*>(self);
    if (!s->closed) {
      s->out.append(static_cast<const char*>(buf), n);
    }
    return static_cast<la_ssize_t>(n);
  };
  EXPECT_EQ(archive_write_open(a, &sink, nullptr, cb, nullptr), ARCHIVE_OK);
  struct archive_entry* e = archive_entry_new();
  archive_entry_copy_pathname(e, m.path.c_str());
  archive_entry_set_filetype(e, m.type == TarType::file ? AE_IFREG : AE_IFLNK);
  archive_entry_set_perm(e, m.type == TarType::file ? 0444 : 0777);
  archive_entry_set_uid(e, 0);
  archive_entry_set_gid(e, 0);
  archive_entry_set_mtime(e, m.mtime, 0);
  archive_entry_set_size(e, static_cast<la_int64_t>(m.size));
  if (m.type == TarType::symlink) {
    archive_entry_copy_symlink(e, m.target.c_str());
  }
  EXPECT_GE(archive_write_header(a, e), ARCHIVE_WARN) << archive_error_string(a);
  sink.closed = true;
  archive_entry_free(e);
  archive_write_fail(a);  // no clean close: it would write the declared data as zeros (8 GiB for the largest size)
  archive_write_free(a);
  return sink.out;
}

std::string ours(const Member& m, bool* accepted) {
  TarBlock b{};
  *accepted = ustar_header(m.path, m.type, m.target, m.size, m.mtime, b);
  return std::string(b.data(), b.size());
}

/// `m` must be accepted and its header must equal libarchive's single ustar block.
void expect_same(const Member& m) {
  bool accepted = false;
  const std::string mine = ours(m, &accepted);
  ASSERT_TRUE(accepted) << "refused: " << m.path << " -> " << m.target;
  const std::string theirs = libarchive_header(m);
  ASSERT_EQ(theirs.size(), 512u) << "libarchive wrote a pax header for " << m.path << " -> " << m.target << " size "
                                 << m.size << " mtime " << m.mtime;
  EXPECT_EQ(mine, theirs) << m.path << " -> " << m.target << " size " << m.size;
}

/// `m` must be refused; returns whether libarchive wrote an extended header for it (for the caller's checks).
bool expect_refused(const Member& m) {
  bool accepted = true;
  (void)ours(m, &accepted);
  EXPECT_FALSE(accepted) << m.path << " -> " << m.target << " size " << m.size << " mtime " << m.mtime;
  return libarchive_header(m).size() > 512;
}

TEST(TarHeader, CaptureMembersMatchLibarchiveByteForByte) {
  for (const char* p : {"procsnap/header.json", "proc/buddyinfo", "proc/1/status", "proc/4194304/task/4194304/fdinfo/1023",
                        "proc/net/dev_snmp6/eth0", "mem/1234/7f0000000000-7f0000400000", "bin/77/fd/3",
                        "procsnap/manifest/000001.jsonl", "procsnap/trailer.json", "a"}) {
    for (const std::uint64_t size : {0ULL, 1ULL, 511ULL, 512ULL, 513ULL, 4194304ULL, 64ULL << 20}) {
      expect_same({.path = p, .size = size});
    }
  }
  for (const char* t : {"/", "socket:[123456]", "pipe:[42]", "anon_inode:[eventfd]", "/usr/lib/x86_64-linux-gnu/libc.so.6",
                        "/memfd:payload (deleted)", "mnt:[4026531841]", "net:[4026531840]", "/dev/pts/0", "x"}) {
    expect_same({.path = "proc/1/fd/3", .type = TarType::symlink, .target = t});
  }
}

TEST(TarHeader, EveryPrintableCharacterAndEveryShortLengthMatch) {
  std::string all;
  for (char c = 0x20; c <= 0x7e; ++c) {
    all.push_back(c);
  }
  // Every printable byte at once (in 99-byte slices), in names and in targets.
  for (std::size_t i = 0; i < all.size(); i += 40) {
    const std::string piece = all.substr(i, 99);
    expect_same({.path = "p/" + piece, .size = 7});
    expect_same({.path = "proc/9/cwd", .type = TarType::symlink, .target = piece});
  }
  for (std::size_t n = 1; n < 100; ++n) {
    expect_same({.path = std::string(n, 'a'), .size = n});
    expect_same({.path = std::string(n / 2, 'b') + "/" + std::string(n - 1 - n / 2, 'c')});
    expect_same({.path = "l", .type = TarType::symlink, .target = std::string(n, '/')});
  }
}

TEST(TarHeader, SizesAndTimesAtTheOctalFieldLimits) {
  for (const std::uint64_t size : {0ULL, 7ULL, 8ULL, 077777777777ULL - 1, 077777777777ULL}) {
    expect_same({.path = "proc/1/maps", .size = size});
  }
  for (const std::int64_t t : {0LL, 1LL, 0777777LL, 1765000000LL, 0x7ffffffeLL}) {
    expect_same({.path = "proc/1/maps", .size = 3, .mtime = t});
  }
  // 8 GiB and beyond need a pax 'size'; libarchive gives a time from 2038-01-19 03:14:07 on (2^31 - 1) or before
  // 1970 a pax 'mtime'.
  EXPECT_TRUE(expect_refused({.path = "proc/1/maps", .size = 077777777777ULL + 1}));
  EXPECT_TRUE(expect_refused({.path = "proc/1/maps", .size = 1ULL << 40}));
  EXPECT_TRUE(expect_refused({.path = "proc/1/maps", .mtime = 0x7fffffffLL}));
  EXPECT_TRUE(expect_refused({.path = "proc/1/maps", .mtime = 077777777777LL}));
  EXPECT_TRUE(expect_refused({.path = "proc/1/maps", .mtime = -1}));
}

TEST(TarHeader, LongAndNonAsciiNamesAndTargetsAreLeftToLibarchive) {
  // 100 bytes and more: libarchive's choice (split into prefix/name, or a pax 'path'/'linkpath') is not ours.
  for (const std::size_t n : {100u, 101u, 155u, 156u, 255u, 256u, 4096u}) {
    (void)expect_refused({.path = std::string(n, 'a')});
    (void)expect_refused({.path = std::string(n / 2, 'a') + "/" + std::string(n - 1 - n / 2, 'b')});
    // (A target of exactly 100 bytes still fits ustar's linkname for libarchive; we leave it to libarchive anyway.)
    EXPECT_EQ(expect_refused({.path = "proc/1/cwd", .type = TarType::symlink, .target = std::string(n, 't')}), n > 100);
  }
  // Bytes outside printable ASCII: UTF-8, bytes that are not UTF-8 (hdrcharset=BINARY), controls, DEL.
  for (const std::string& odd : {std::string("caf\xc3\xa9"), std::string("\xff\xfe"), std::string("a\nb"),
                                std::string("tab\there"), std::string("del\x7f"), std::string("esc\x1b[31m")}) {
    (void)expect_refused({.path = "proc/1/" + odd});
    (void)expect_refused({.path = "proc/1/exe", .type = TarType::symlink, .target = "/tmp/" + odd});
  }
  EXPECT_TRUE(expect_refused({.path = "proc/1/exe", .type = TarType::symlink, .target = "/tmp/caf\xc3\xa9"}));
  (void)expect_refused({.path = ""});
}

TEST(TarHeader, PaddingReachesTheNextBlock) {
  EXPECT_EQ(tar_padding(0), 0u);
  EXPECT_EQ(tar_padding(1), 511u);
  EXPECT_EQ(tar_padding(511), 1u);
  EXPECT_EQ(tar_padding(512), 0u);
  EXPECT_EQ(tar_padding(513), 511u);
}

}  // namespace
}  // namespace procsnap::collector
