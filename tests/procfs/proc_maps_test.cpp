// Tests for procfs::parse_proc_maps (procfs/proc_maps.cpp).
#include "procfs/proc_maps.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace procfs = procsnap::procfs;
using procfs::MapPathKind;

namespace {

std::string read_fixture(const std::string& rel) {
  std::ifstream in(std::string(PROCSNAP_FIXTURES_DIR) + "/proc/memory/" + rel, std::ios::binary);
  EXPECT_TRUE(in.good()) << rel;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const procfs::MapsEntry* find_path(const std::vector<procfs::MapsEntry>& v, std::string_view path) {
  for (const auto& e : v) {
    if (e.path && *e.path == path) {
      return &e;
    }
  }
  return nullptr;
}

bool has_message(const std::vector<procfs::Diagnostic>& d, std::size_t line, std::string_view needle) {
  for (const auto& x : d) {
    if (x.line == line && x.message.find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST(ProcMaps, Parses64BitPrometheusFixture) {
  const auto r = procfs::parse_proc_maps(read_fixture("prometheus/26232/maps"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.size(), 9u);
  const auto& cat = r.value[0];
  EXPECT_EQ(cat.line, 1u);
  EXPECT_EQ(cat.start, 0x55680ae1e000ULL);
  EXPECT_EQ(cat.end, 0x55680ae20000ULL);
  EXPECT_EQ(cat.start_hex, "55680ae1e000");
  EXPECT_EQ(cat.size(), 0x2000ULL);
  EXPECT_EQ(cat.perms, "r--p");
  EXPECT_TRUE(cat.readable());
  EXPECT_FALSE(cat.writable());
  EXPECT_FALSE(cat.shared());
  EXPECT_EQ(cat.offset, 0u);
  EXPECT_EQ(cat.dev_major, 0xfdu);  // "fd:01" is hex
  EXPECT_EQ(cat.dev_minor, 1u);
  EXPECT_EQ(cat.inode, 47316994u);
  EXPECT_EQ(cat.path, "/bin/cat");
  EXPECT_EQ(cat.kind, MapPathKind::file);
  EXPECT_FALSE(cat.deleted);

  const auto& rwxs = r.value[1];
  EXPECT_EQ(rwxs.perms, "rwxs");
  EXPECT_TRUE(rwxs.executable());
  EXPECT_TRUE(rwxs.shared());
  EXPECT_EQ(rwxs.offset, 0xa000u);

  EXPECT_EQ(r.value[2].kind, MapPathKind::heap);
  EXPECT_EQ(r.value[2].inode, 0u);
  EXPECT_EQ(r.value[5].kind, MapPathKind::stack);
  EXPECT_EQ(r.value[6].kind, MapPathKind::vvar);
  EXPECT_EQ(r.value[7].kind, MapPathKind::vdso);
  // [vsyscall] sits above INT64_MAX: the value must be exact as an unsigned 64-bit number.
  const auto& vsys = r.value[8];
  EXPECT_EQ(vsys.kind, MapPathKind::vsyscall);
  EXPECT_EQ(vsys.start, 0xffffffffff600000ULL);
  EXPECT_EQ(vsys.end, 0xffffffffff601000ULL);
  EXPECT_EQ(vsys.perms, "--xp");
}

TEST(ProcMaps, Parses32BitPrometheusFixture) {
  const auto r = procfs::parse_proc_maps(read_fixture("prometheus/26234/maps"));
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.size(), 4u);
  EXPECT_EQ(r.value[0].start, 0x08048000u);
  EXPECT_EQ(r.value[0].end, 0x08089000u);
  EXPECT_EQ(r.value[0].dev_major, 3u);
  EXPECT_EQ(r.value[0].dev_minor, 1u);
  EXPECT_EQ(r.value[0].inode, 104219u);
  EXPECT_EQ(r.value[0].path, "/bin/tcsh");
  EXPECT_EQ(r.value[1].offset, 0x41000u);
  // No path column at all: anonymous, path absent (not "").
  EXPECT_FALSE(r.value[2].path.has_value());
  EXPECT_EQ(r.value[2].kind, MapPathKind::anon);
  EXPECT_EQ(r.value[2].perms, "rwxp");
  EXPECT_EQ(r.value[3].path, "/lib/ld-2.3.2.so");
}

TEST(ProcMaps, ParsesLiveCaptureKinds) {
  const auto text = read_fixture("capture/self/maps");
  const auto r = procfs::parse_proc_maps(text);
  EXPECT_TRUE(r.clean()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].message);
  EXPECT_EQ(r.value.size(), 152u);  // grep -c '' capture/self/maps

  const auto* spaced = find_path(r.value, "/tmp/procsnap-memory-capture/file with space");
  ASSERT_NE(spaced, nullptr);
  EXPECT_EQ(spaced->kind, MapPathKind::file);
  EXPECT_EQ(spaced->perms, "r--s");

  const auto* gone = find_path(r.value, "/tmp/procsnap-memory-capture/unlinked (deleted)");
  ASSERT_NE(gone, nullptr);
  EXPECT_EQ(gone->kind, MapPathKind::deleted);
  EXPECT_TRUE(gone->deleted);

  const auto* memfd = find_path(r.value, "/memfd:procsnap-test (deleted)");
  ASSERT_NE(memfd, nullptr);
  EXPECT_EQ(memfd->kind, MapPathKind::memfd);
  EXPECT_EQ(memfd->name, "procsnap-test");
  EXPECT_TRUE(memfd->executable());
  EXPECT_EQ(memfd->dev_major, 0u);

  const auto* zero = find_path(r.value, "/dev/zero (deleted)");
  ASSERT_NE(zero, nullptr);
  EXPECT_EQ(zero->kind, MapPathKind::dev_zero);
  EXPECT_TRUE(zero->shared());

  ASSERT_NE(find_path(r.value, "[vvar_vclock]"), nullptr);
  EXPECT_EQ(find_path(r.value, "[vvar_vclock]")->kind, MapPathKind::vvar_vclock);
  EXPECT_EQ(find_path(r.value, "[vsyscall]")->start, 0xffffffffff600000ULL);

  std::size_t anon = 0;
  for (const auto& e : r.value) {
    anon += e.kind == MapPathKind::anon ? 1 : 0;
    EXPECT_TRUE(e.size().has_value());
  }
  EXPECT_GT(anon, 0u);  // the kernel writes "... 0 " with a trailing space and no path for these
}

TEST(ProcMaps, KeepsLeadingSpacesOfANameOn64BitLayout) {
  // The kernel pads to column 72 then writes one space: a name starting with spaces begins at byte 73.
  std::string line = "7f0000000000-7f0000001000 r--p 00000000 fd:01 42";
  line.append(73 - line.size(), ' ');
  line += "  evil";
  const auto r = procfs::parse_proc_maps(line + "\n");
  ASSERT_EQ(r.value.size(), 1u);
  EXPECT_EQ(r.value[0].path, "  evil");
  EXPECT_EQ(r.value[0].kind, MapPathKind::other);  // not absolute: flagged
  EXPECT_FALSE(r.clean());

  std::string normal = "7f0000000000-7f0000001000 r--p 00000000 fd:01 42";
  normal.append(73 - normal.size(), ' ');
  normal += "/x y";
  const auto n = procfs::parse_proc_maps(normal);
  EXPECT_TRUE(n.clean());
  EXPECT_EQ(n.value[0].path, "/x y");
}

TEST(ProcMaps, ClassifiesPseudoPaths) {
  const auto r = procfs::parse_proc_maps(
      "7f0000000000-7f0000001000 rw-p 00000000 00:00 0                          [anon:jit cache]\n"
      "7f0000001000-7f0000002000 rw-s 00000000 00:01 7                          [anon_shmem:ring]\n"
      "7f0000002000-7f0000003000 rw-p 00000000 00:00 0                          [stack:1234]\n"
      "7f0000003000-7f0000004000 rw-s 00000000 00:0f 9                          anon_inode:[perf_event]\n"
      "7f0000004000-7f0000005000 rw-s 00000000 00:01 8                          /SYSV0000beef (deleted)\n"
      "7f0000005000-7f0000006000 r-xp 00000000 00:00 0                          [uprobes]\n");
  EXPECT_TRUE(r.clean());
  ASSERT_EQ(r.value.size(), 6u);
  EXPECT_EQ(r.value[0].kind, MapPathKind::anon_named);
  EXPECT_EQ(r.value[0].name, "jit cache");
  EXPECT_EQ(r.value[1].kind, MapPathKind::anon_shmem);
  EXPECT_EQ(r.value[1].name, "ring");
  EXPECT_EQ(r.value[2].kind, MapPathKind::stack_tid);
  EXPECT_EQ(r.value[2].name, "1234");
  EXPECT_EQ(r.value[3].kind, MapPathKind::anon_inode);
  EXPECT_EQ(r.value[3].name, "[perf_event]");
  EXPECT_EQ(r.value[4].kind, MapPathKind::sysv_shm);
  EXPECT_EQ(r.value[4].name, "0000beef");
  EXPECT_EQ(r.value[5].kind, MapPathKind::pseudo);
  EXPECT_EQ(procfs::map_path_kind_name(MapPathKind::anon_named), "anon_named");
}

TEST(ProcMaps, BrokenLinesGiveDiagnosticsAndKeepPartialValues) {
  const auto r = procfs::parse_proc_maps(read_fixture("malformed/maps-mixed"));
  ASSERT_EQ(r.value.size(), 6u);
  EXPECT_EQ(r.value[0].path, "/usr/bin/dbus-daemon");  // good line untouched
  EXPECT_FALSE(has_message(r.diagnostics, 1, ""));
  // Truncated line: start kept, the rest absent.
  EXPECT_EQ(r.value[1].start, 0x00651000u);
  EXPECT_EQ(r.value[1].end, 0x65u);
  EXPECT_FALSE(r.value[1].perms.has_value());
  EXPECT_TRUE(has_message(r.diagnostics, 2, "missing fields"));
  // 17 hex digits: does not fit 64 bits, raw text kept.
  EXPECT_FALSE(r.value[2].start.has_value());
  EXPECT_EQ(r.value[2].start_hex, "10000000000000000");
  EXPECT_TRUE(has_message(r.diagnostics, 3, "does not fit 64 bits"));
  EXPECT_EQ(r.value[2].perms, "rw-p");
  // end < start: both values kept, no size, diagnostic.
  EXPECT_EQ(r.value[3].start, 0x400000u);
  EXPECT_EQ(r.value[3].end, 0x300000u);
  EXPECT_FALSE(r.value[3].size().has_value());
  EXPECT_TRUE(has_message(r.diagnostics, 4, "end before start"));
  // Garbage in every column.
  EXPECT_TRUE(has_message(r.diagnostics, 5, "perms"));
  EXPECT_TRUE(has_message(r.diagnostics, 5, "offset: not a hex number"));
  EXPECT_TRUE(has_message(r.diagnostics, 5, "dev minor"));
  EXPECT_TRUE(has_message(r.diagnostics, 5, "inode"));
  EXPECT_EQ(r.value[4].dev_major, 8u);
  EXPECT_TRUE(has_message(r.diagnostics, 6, "missing fields: offset"));
}

TEST(ProcMaps, SeventeenDigitsThatFitStillWarn) {
  const auto r = procfs::parse_proc_maps("00000000000400000-00000000000401000 r--p 00000000 00:00 0 \n");
  ASSERT_EQ(r.value.size(), 1u);
  EXPECT_EQ(r.value[0].start, 0x400000u);
  EXPECT_TRUE(has_message(r.diagnostics, 1, "more than 16 hex digits"));
}

TEST(ProcMaps, SurvivesHostileInput) {
  // NULs, invalid UTF-8 and control bytes in the path are kept byte for byte.
  const std::string evil("7f0000000000-7f0000001000 r-xp 00000000 00:00 0 /tmp/\xff\xfe\x1b[31m\0x\xe2\x80\xae", 65);
  const auto r = procfs::parse_proc_maps(evil);
  ASSERT_EQ(r.value.size(), 1u);
  ASSERT_TRUE(r.value[0].path.has_value());
  EXPECT_EQ(*r.value[0].path, std::string("/tmp/\xff\xfe\x1b[31m\0x\xe2\x80\xae", 17));

  // A 10 MB line, a 10 MB run of newlines, and NUL garbage: no crash, bounded diagnostics.
  const std::string huge_line = "7f0000000000-7f0000001000 r--p 00000000 00:00 0 /" + std::string(10 << 20, 'A');
  const auto h = procfs::parse_proc_maps(huge_line);
  ASSERT_EQ(h.value.size(), 1u);
  EXPECT_EQ(h.value[0].path->size(), (10u << 20) + 1);
  EXPECT_TRUE(h.clean());
  const auto bad = procfs::parse_proc_maps(std::string(10 << 20, 'z'));
  ASSERT_FALSE(bad.diagnostics.empty());
  EXPECT_LE(bad.diagnostics[0].excerpt.size(), procfs::k_excerpt_max);

  const auto nl = procfs::parse_proc_maps(std::string(10 << 20, '\n'));
  EXPECT_TRUE(nl.value.empty());
  EXPECT_LE(nl.diagnostics.size(), procfs::memory_detail::k_max_diagnostics + 1);
  EXPECT_NE(nl.diagnostics.back().message.find("suppressed"), std::string::npos);

  const auto nul = procfs::parse_proc_maps(std::string(4096, '\0'));
  EXPECT_FALSE(nul.clean());
  EXPECT_EQ(procfs::parse_proc_maps("").value.size(), 0u);
  EXPECT_FALSE(procfs::parse_proc_maps("-").clean());
  EXPECT_FALSE(procfs::parse_proc_maps("ffffffffffffffff-").clean());
}

TEST(ProcMaps, ParsesAddressRangesOfMapFilesNames) {
  std::vector<std::string> problems;
  const auto r = procfs::parse_address_range("7f6ee37c0000-7f6ee37c2000", problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(r.start, 0x7f6ee37c0000ULL);
  EXPECT_EQ(r.end, 0x7f6ee37c2000ULL);
  procfs::parse_address_range("zz", problems);
  EXPECT_FALSE(problems.empty());
}
