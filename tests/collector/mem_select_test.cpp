// The --mem selection language (collector/mem_select.hpp): predicates on real maps lines from this machine and
// crafted ones (memfd, deleted, rwx anonymous, ---p guards, [anon:NAME], [vvar]), presets, the reason text of
// match(), precedence, the canonical printer, every error kind with its offset, and hostile expressions.
#include "mem_select.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "procfs/proc_maps.hpp"

namespace {

using procsnap::collector::mem_exclusion;
using procsnap::collector::mem_help_text;
using procsnap::collector::MemSelectError;
using procsnap::collector::MemSelector;
using procsnap::procfs::MapPathKind;
using procsnap::procfs::MapsEntry;

// --- maps lines -------------------------------------------------------------------------------------------------
// Copied verbatim from this machine's /proc/<pid>/maps (kernel 6.x, x86_64).
constexpr std::string_view k_cat_text =
    "55c65acf4000-55c65acf9000 r-xp 00002000 fe:00 247134                     /usr/bin/cat";
constexpr std::string_view k_heap = "55c698f55000-55c698f76000 rw-p 00000000 00:00 0                          [heap]";
constexpr std::string_view k_anon_rw = "7f0209dcd000-7f0209def000 rw-p 00000000 00:00 0 ";
constexpr std::string_view k_libc_text =
    "7f0209e76000-7f0209fcc000 r-xp 00026000 fe:00 332835                     /usr/lib/x86_64-linux-gnu/libc.so.6";
constexpr std::string_view k_gconv_shared =
    "7f020a035000-7f020a03c000 r--s 00000000 fe:00 332280                     "
    "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache";
constexpr std::string_view k_vvar = "7f020a03f000-7f020a043000 r--p 00000000 00:00 0                          [vvar]";
constexpr std::string_view k_vvar_vclock =
    "7f020a043000-7f020a045000 r--p 00000000 00:00 0                          [vvar_vclock]";
constexpr std::string_view k_vdso = "7f020a045000-7f020a047000 r-xp 00000000 00:00 0                          [vdso]";
constexpr std::string_view k_stack = "7ffd854aa000-7ffd854cb000 rw-p 00000000 00:00 0                          [stack]";
constexpr std::string_view k_vsyscall =
    "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]";
constexpr std::string_view k_heap_guard =  // a ---p [heap] seen on this host
    "55558e7b8000-55558e7b9000 ---p 00000000 00:00 0                          [heap]";
constexpr std::string_view k_memfd_text =  // a sealed memfd executed in place, seen on this host
    "7eff6e51e000-7eff6e5f1000 r-xp 0000a000 00:01 1024                       /memfd:sealed-91173221a7ea (deleted)";
constexpr std::string_view k_memfd_data =
    "7eff6e62b000-7eff6e633000 rw-p 00117000 00:01 1024                       /memfd:sealed-91173221a7ea (deleted)";
constexpr std::string_view k_lib_guard =
    "7f0209fcc000-7f0209fcd000 ---p 001d4000 fe:00 412345                     /usr/lib/x86_64-linux-gnu/librtmp.so.1";

// Crafted in the kernel's layout (path at column 74).
std::string kernel_line(std::string_view prefix, std::string_view path) {
  std::string s(prefix);
  s += ' ';
  if (!path.empty()) {
    while (s.size() < 73) {
      s += ' ';
    }
    s += path;
  }
  return s;
}
const std::string k_rwx_anon = kernel_line("7f2000000000-7f2000010000 rwxp 00000000 00:00 0", "");
const std::string k_rx_anon = kernel_line("7f5000000000-7f5000001000 r-xp 00000000 00:00 0", "");
const std::string k_guard_anon = kernel_line("7f3000000000-7f3000001000 ---p 00000000 00:00 0", "");
const std::string k_anon_named = kernel_line("7f4000000000-7f4000100000 rw-p 00000000 00:00 0", "[anon:libc_malloc]");
const std::string k_anon_named_x = kernel_line("7f4100000000-7f4100001000 r-xp 00000000 00:00 0", "[anon:jit]");
const std::string k_deleted_x =
    kernel_line("7f1000000000-7f1000001000 r-xp 00000000 fe:00 1234", "/tmp/evil.so (deleted)");
const std::string k_dev_zero = kernel_line("7f6000000000-7f6000001000 rw-s 00000000 00:01 5", "/dev/zero (deleted)");
const std::string k_stack_tid = kernel_line("7f7000000000-7f7000021000 rw-p 00000000 00:00 0", "[stack:1234]");
const std::string k_anon_512m = kernel_line("7f8000000000-7f8020000000 rw-p 00000000 00:00 0", "");
const std::string k_page_4k = kernel_line("7f9000000000-7f9000001000 rw-p 00000000 00:00 0", "");
const std::string k_sysv =
    kernel_line("7fa000000000-7fa000100000 rw-s 00000000 00:01 32769", "/SYSV0000162e (deleted)");
const std::string k_space_path =
    kernel_line("7fb000000000-7fb000001000 r--p 00000000 fe:00 99", "/tmp/a b (c)/it's *odd*.so");
const std::string k_rwx_file = kernel_line("7fc000000000-7fc000001000 rwxp 00000000 fe:00 77", "/opt/jit.bin");

MapsEntry entry(std::string_view line) {
  MapsEntry e;
  const auto problems = procsnap::procfs::parse_maps_line(line, e);
  EXPECT_TRUE(problems.empty()) << line << ": " << (problems.empty() ? "" : problems.front());
  return e;
}

MemSelector sel(std::string_view text) {
  auto r = MemSelector::parse(text);
  if (auto* err = std::get_if<MemSelectError>(&r)) {
    ADD_FAILURE() << "parse(" << text << ") failed at " << err->offset << " '" << err->token << "': " << err->message;
    return std::get<MemSelector>(MemSelector::parse("r"));
  }
  return std::get<MemSelector>(std::move(r));
}

MemSelectError err(std::string_view text) {
  auto r = MemSelector::parse(text);
  if (auto* e = std::get_if<MemSelectError>(&r)) {
    return *e;
  }
  ADD_FAILURE() << "parse(" << text << ") unexpectedly succeeded: " << std::get<MemSelector>(r).expanded();
  return {};
}

bool selects(std::string_view expr, std::string_view line, std::optional<std::string_view> vmflags = std::nullopt) {
  return sel(expr).match(entry(line), vmflags).has_value();
}

std::string reason(std::string_view expr, std::string_view line) {
  return sel(expr).match(entry(line), std::nullopt).value_or("<not selected>");
}

// --- predicates ---------------------------------------------------------------------------------------------------

TEST(MemSelect, PermissionPredicates) {
  EXPECT_TRUE(selects("r", k_libc_text));
  EXPECT_FALSE(selects("w", k_libc_text));
  EXPECT_TRUE(selects("x", k_libc_text));
  EXPECT_TRUE(selects("p", k_libc_text));
  EXPECT_FALSE(selects("s", k_libc_text));
  EXPECT_TRUE(selects("s", k_gconv_shared));
  EXPECT_FALSE(selects("p", k_gconv_shared));
  EXPECT_TRUE(selects("w", k_heap));
  EXPECT_FALSE(selects("r", k_heap_guard));
  EXPECT_FALSE(selects("w", k_heap_guard));
  EXPECT_FALSE(selects("x", k_heap_guard));
  EXPECT_TRUE(selects("p", k_heap_guard));
  EXPECT_TRUE(selects("x", k_vsyscall));
  EXPECT_FALSE(selects("r", k_vsyscall));
  EXPECT_TRUE(selects("r and w and x", k_rwx_anon));
  // Unknown perms (a hostile line): every permission predicate is false.
  MapsEntry e;
  e.perms.reset();
  for (const char* p : {"r", "w", "x", "p", "s"}) {
    EXPECT_FALSE(sel(p).match(e, std::nullopt)) << p;
  }
  EXPECT_TRUE(sel("not r").match(e, std::nullopt));
}

TEST(MemSelect, AnonIsMemoryWithoutAFileIncludingHeapStackNamedAndSharedAnonymous) {
  for (const auto& line : {std::string(k_anon_rw), k_rwx_anon, k_guard_anon, k_anon_named, std::string(k_heap),
                           std::string(k_stack), k_stack_tid, k_dev_zero, std::string(k_heap_guard)}) {
    EXPECT_TRUE(selects("(anon)", line)) << line;  // "(anon)": the predicate; "anon" alone is the preset
  }
  for (const auto& line : {std::string(k_libc_text), std::string(k_memfd_text), k_deleted_x, k_sysv,
                           std::string(k_vdso), std::string(k_vvar), std::string(k_vsyscall)}) {
    EXPECT_FALSE(selects("(anon)", line)) << line;
  }
}

TEST(MemSelect, BackingPredicates) {
  EXPECT_TRUE(selects("(heap)", k_heap));  // "(heap)": the predicate; "heap" alone is the preset (heap or stack)
  EXPECT_FALSE(selects("(heap)", k_stack));
  EXPECT_FALSE(selects("(heap)", k_anon_rw));
  EXPECT_TRUE(selects("stack", k_stack));
  EXPECT_TRUE(selects("stack", k_stack_tid));
  EXPECT_FALSE(selects("stack", k_heap));
  EXPECT_TRUE(selects("deleted", k_deleted_x));
  EXPECT_TRUE(selects("deleted", k_memfd_text));  // memfd names end in " (deleted)" too
  EXPECT_TRUE(selects("deleted", k_dev_zero));
  EXPECT_FALSE(selects("deleted", k_libc_text));
  EXPECT_FALSE(selects("deleted", k_anon_rw));
  EXPECT_TRUE(selects("memfd", k_memfd_text));
  EXPECT_TRUE(selects("memfd", k_memfd_data));
  EXPECT_FALSE(selects("memfd", k_deleted_x));
  EXPECT_TRUE(selects("file", k_libc_text));
  EXPECT_TRUE(selects("file", k_cat_text));
  EXPECT_TRUE(selects("file", k_gconv_shared));
  EXPECT_FALSE(selects("file", k_deleted_x));  // file = a file that was not deleted
  EXPECT_FALSE(selects("file", k_memfd_text));
  EXPECT_FALSE(selects("file", k_anon_rw));
  EXPECT_FALSE(selects("file", k_heap));
  EXPECT_TRUE(selects("vdso", k_vdso));
  EXPECT_FALSE(selects("vdso", k_vvar));
}

TEST(MemSelect, PathGlob) {
  EXPECT_TRUE(selects("path='[anon:*]'", k_anon_named));  // brackets are literal: maps pseudo-paths
  EXPECT_FALSE(selects("path='[anon:*]'", k_heap));
  EXPECT_FALSE(selects("path='[anon:*]'", "7f4000000000-7f4000100000 rw-p 00000000 00:00 0 "));
  EXPECT_TRUE(selects("path=[heap]", k_heap));
  EXPECT_TRUE(selects("path=/usr/lib/*libc*", k_libc_text));  // '*' crosses '/'
  EXPECT_TRUE(selects("path=*libc.so.?", k_libc_text));
  EXPECT_FALSE(selects("path=*libc.so.??", k_libc_text));
  EXPECT_FALSE(selects("path=/usr/bin/*", k_libc_text));
  EXPECT_TRUE(selects("path=''", k_anon_rw));  // anonymous: the path column is empty
  EXPECT_FALSE(selects("path=''", k_heap));
  EXPECT_TRUE(selects("path=*", k_anon_rw));
  EXPECT_TRUE(selects("path='* (deleted)'", k_deleted_x));
  EXPECT_TRUE(selects("path='/memfd:*'", k_memfd_text));
  // Quotes, spaces, parentheses and escaped metacharacters.
  EXPECT_TRUE(selects("path='/tmp/a b (c)/*'", k_space_path));
  EXPECT_TRUE(selects("path=\"/tmp/a b (c)/it's *\"", k_space_path));
  EXPECT_TRUE(selects("path='/tmp/a b (c)/it\\'s \\*odd\\*.so'", k_space_path));
  EXPECT_FALSE(selects("path='/tmp/a b (c)/it\\'s \\*odd\\*.so'",
                       kernel_line("7fb000000000-7fb000001000 r--p 00000000 fe:00 99", "/tmp/a b (c)/it's XoddX.so")));
  EXPECT_TRUE(selects("path=/tmp/a\\ b*", k_space_path));  // backslash-space in an unquoted glob
  EXPECT_TRUE(selects("(path=*.so)", k_space_path));       // unquoted glob stops at ')'
  EXPECT_TRUE(selects("path = '*.so'", k_space_path));     // blanks around '='
  // Pathological glob stays fast (no exponential backtracking).
  std::string pat = "path='";
  for (int i = 0; i < 50; ++i) {
    pat += "*a";
  }
  pat += "b'";
  EXPECT_FALSE(
      selects(pat, kernel_line("7fb000000000-7fb000001000 r--p 00000000 fe:00 99", "/" + std::string(3000, 'a'))));
}

TEST(MemSelect, SizeComparisonsWithBinarySuffixes) {
  EXPECT_TRUE(selects("size>=256M", k_anon_512m));
  EXPECT_TRUE(selects("size=512M", k_anon_512m));
  EXPECT_TRUE(selects("size = 536870912", k_anon_512m));
  EXPECT_TRUE(selects("size>511M", k_anon_512m));
  EXPECT_FALSE(selects("size>512M", k_anon_512m));
  EXPECT_TRUE(selects("size<=512M", k_anon_512m));
  EXPECT_FALSE(selects("size<512M", k_anon_512m));
  EXPECT_TRUE(selects("size<1G", k_anon_512m));
  EXPECT_TRUE(selects("size=4K", k_page_4k));
  EXPECT_TRUE(selects("size=4096", k_page_4k));
  EXPECT_TRUE(selects("size=4k", k_page_4k));
  EXPECT_FALSE(selects("size>=1T", k_anon_512m));
  EXPECT_TRUE(selects("anon and size>=256M", k_anon_512m));
  EXPECT_FALSE(selects("anon and size>=256M", k_heap));
  // Unknown size (a hostile line with end < start): every comparison is false.
  MapsEntry e = entry(k_page_4k);
  e.end.reset();
  EXPECT_FALSE(sel("size>=0").match(e, std::nullopt));
  EXPECT_FALSE(sel("size<1").match(e, std::nullopt));
  // Canonical text uses the largest exact suffix.
  EXPECT_EQ(sel("size>=268435456").expanded(), "size>=256M");
  EXPECT_EQ(sel("size<1536K").expanded(), "size<1536K");
  EXPECT_EQ(sel("size<1000").expanded(), "size<1000");
  EXPECT_EQ(sel("size=0").expanded(), "size=0");
  EXPECT_EQ(sel("size>2048G").expanded(), "size>2T");
}

TEST(MemSelect, VmFlagNeedsKnownVmFlags) {
  constexpr std::string_view flags = "rd wr mr mw me ac sd";
  EXPECT_TRUE(selects("vmflag=ac", k_anon_rw, flags));
  EXPECT_TRUE(selects("vmflag=rd", k_anon_rw, flags));
  EXPECT_TRUE(selects("vmflag=sd", k_anon_rw, flags));
  EXPECT_FALSE(selects("vmflag=ex", k_anon_rw, flags));
  EXPECT_FALSE(selects("vmflag=ac", k_anon_rw, std::nullopt));  // unknown VmFlags: false
  EXPECT_TRUE(selects("not vmflag=ac", k_anon_rw, std::nullopt));
}

// --- presets ------------------------------------------------------------------------------------------------------

TEST(MemSelect, PresetExpansionsAreCanonical) {
  EXPECT_EQ(sel("suspicious").expanded(),
            "x and anon or x and deleted or x and memfd or r and w and x or anon and not r");
  EXPECT_EQ(sel("heap").expanded(), "heap or stack");
  EXPECT_EQ(sel("anon").expanded(), "anon and p");
  EXPECT_EQ(sel("all").expanded(), "r");
  EXPECT_EQ(sel(" suspicious\n").expanded(), sel("suspicious").expanded());
  for (const char* p : {"suspicious", "heap", "anon", "all"}) {
    const MemSelector s = sel(p);
    EXPECT_FALSE(s.is_none()) << p;
    EXPECT_EQ(sel(s.expanded()).expanded(), s.expanded()) << p;  // the expansion re-parses to itself
  }
}

TEST(MemSelect, NoneSelectsNothing) {
  const MemSelector s = sel("none");
  EXPECT_TRUE(s.is_none());
  EXPECT_EQ(s.expanded(), "none");
  EXPECT_FALSE(s.match(entry(k_rwx_anon), std::nullopt));
  EXPECT_FALSE(sel("r").is_none());
  EXPECT_FALSE(sel("not r and r").is_none());  // an expression that can't match is still an expression
}

TEST(MemSelect, SuspiciousSelectsHiddenCodeAndGuardsNotOrdinaryMemory) {
  constexpr std::string_view s = "suspicious";
  EXPECT_EQ(reason(s, k_rx_anon), "x and anon");
  EXPECT_EQ(reason(s, k_rwx_anon), "x and anon");
  EXPECT_EQ(reason(s, k_anon_named_x), "x and anon");
  EXPECT_EQ(reason(s, k_deleted_x), "x and deleted");
  EXPECT_EQ(reason(s, k_memfd_text), "x and deleted");  // memfd is deleted too; the first alternative wins
  EXPECT_EQ(reason(s, k_rwx_file), "r and w and x");
  EXPECT_EQ(reason(s, k_guard_anon), "anon and not r");  // PROT_NONE anonymous: listed (then skipped no-access)
  EXPECT_EQ(reason(s, k_heap_guard), "anon and not r");
  EXPECT_EQ(mem_exclusion(entry(k_guard_anon), std::nullopt), "no-access");
  for (const auto& line :
       {std::string(k_heap), std::string(k_stack), std::string(k_anon_rw), k_anon_named, std::string(k_libc_text),
        std::string(k_cat_text), std::string(k_memfd_data), std::string(k_vdso), std::string(k_vvar),
        std::string(k_vsyscall), std::string(k_lib_guard), k_dev_zero, std::string(k_gconv_shared)}) {
    EXPECT_EQ(reason(s, line), "<not selected>") << line;
  }
}

TEST(MemSelect, HeapAnonAllPresets) {
  EXPECT_EQ(reason("heap", k_heap), "heap");
  EXPECT_EQ(reason("heap", k_stack), "stack");
  EXPECT_EQ(reason("heap", k_stack_tid), "stack");
  EXPECT_FALSE(selects("heap", k_anon_rw));
  EXPECT_FALSE(selects("heap", k_anon_named));

  for (const auto& line :
       {std::string(k_anon_rw), std::string(k_heap), std::string(k_stack), k_anon_named, k_rwx_anon, k_guard_anon}) {
    EXPECT_EQ(reason("anon", line), "anon and p") << line;
  }
  EXPECT_FALSE(selects("anon", k_dev_zero));  // shared anonymous: "anon and s"
  EXPECT_FALSE(selects("anon", k_libc_text));
  EXPECT_FALSE(selects("anon", k_memfd_data));

  EXPECT_EQ(reason("all", k_libc_text), "r");
  EXPECT_EQ(reason("all", k_vvar), "r");  // selected, but mem_exclusion says special-mapping
  EXPECT_FALSE(selects("all", k_heap_guard));
  EXPECT_FALSE(selects("all", k_vsyscall));
}

// --- match reason, precedence, parentheses ----------------------------------------------------------------------

TEST(MemSelect, MatchReturnsTheFirstTopLevelAlternative) {
  EXPECT_EQ(reason("w or x", k_rwx_anon), "w");
  EXPECT_EQ(reason("x or w", k_rwx_anon), "x");
  EXPECT_EQ(reason("heap or x and anon", k_rwx_anon), "x and anon");
  EXPECT_EQ(reason("(x and (anon)) or w", k_rwx_anon), "x and anon");
  EXPECT_EQ(reason("(heap or stack) or (x or w)", k_rwx_anon), "x");   // nested ors are one list
  EXPECT_EQ(reason("r and (w or x)", k_libc_text), "r and (w or x)");  // a single alternative: the whole text
  EXPECT_EQ(reason("r", k_libc_text), "r");
  EXPECT_EQ(reason("path='[anon:*]' or heap", k_anon_named), "path='[anon:*]'");
  EXPECT_EQ(reason("path=\"[anon:*]\" or heap", k_heap), "heap");
}

TEST(MemSelect, NotBindsTighterThanAndTighterThanOr) {
  // x or w and r  ==  x or (w and r): the vsyscall --xp region matches through x.
  EXPECT_TRUE(selects("x or w and r", k_vsyscall));
  EXPECT_FALSE(selects("(x or w) and r", k_vsyscall));
  // not x and r  ==  (not x) and r: false on ---p, while not (x and r) is true.
  EXPECT_FALSE(selects("not x and r", k_heap_guard));
  EXPECT_TRUE(selects("not (x and r)", k_heap_guard));
  EXPECT_TRUE(selects("not x and r", k_heap));
  // Canonical text keeps exactly the parentheses the tree needs.
  EXPECT_EQ(sel("not r and w or x").expanded(), "not r and w or x");
  EXPECT_EQ(sel("((not r) and w) or x").expanded(), "not r and w or x");
  EXPECT_EQ(sel("not (r and w) or x").expanded(), "not (r and w) or x");
  EXPECT_EQ(sel("not (r or w)").expanded(), "not (r or w)");
  EXPECT_EQ(sel("r and (w or x)").expanded(), "r and (w or x)");
  EXPECT_EQ(sel("(r and w) or x").expanded(), "r and w or x");
  EXPECT_EQ(sel("((((r))))").expanded(), "r");
  EXPECT_EQ(sel("r and (w and (x and p))").expanded(), "r and w and x and p");
  EXPECT_EQ(sel("not not r").expanded(), "not not r");
  EXPECT_EQ(sel("  r\tand\nw  ").expanded(), "r and w");
  EXPECT_EQ(sel("x and(anon)or(w)").expanded(), "x and anon or w");
}

TEST(MemSelect, CanonicalTextReparsesToItself) {
  for (const char* text :
       {"x and not file", "path='[anon:*]' or heap", "anon and size<=64M", "path=\"it's\" and vmflag=ex",
        "path='a\\*b\\?c\\\\d' or s", "not (path=/x* or size>4K) and (r or w)", "path=**a***", "path=''"}) {
    const std::string once = sel(text).expanded();
    EXPECT_EQ(sel(once).expanded(), once) << text;
  }
  EXPECT_EQ(sel("path=\"it's\"").expanded(), "path='it\\'s'");
  EXPECT_EQ(sel("path=**a***").expanded(), "path='*a*'");
  EXPECT_EQ(sel("path=\\a").expanded(), "path='a'");
  // A lone predicate named like a preset keeps its parentheses, so the recorded text is not read back as the preset.
  EXPECT_EQ(sel("(heap)").expanded(), "(heap)");
  EXPECT_EQ(sel(sel("(heap)").expanded()).expanded(), "(heap)");
  EXPECT_FALSE(sel("(heap)").match(entry(k_stack), std::nullopt));
  EXPECT_EQ(sel("(anon)").expanded(), "(anon)");
  EXPECT_EQ(sel("((heap) or heap)").expanded(), "heap or heap");
}

TEST(MemSelect, SelectorIsCheapToCopy) {
  MemSelector a = sel("x and anon");
  const MemSelector b = a;  // NOLINT: the copy is the point
  a = sel("heap");
  EXPECT_EQ(b.expanded(), "x and anon");
  EXPECT_TRUE(b.match(entry(k_rx_anon), std::nullopt));
  EXPECT_FALSE(a.match(entry(k_rx_anon), std::nullopt));
}

// --- exclusions ---------------------------------------------------------------------------------------------------

TEST(MemSelect, ExclusionsSpecialNoAccessVmFlagsInThatOrder) {
  EXPECT_EQ(mem_exclusion(entry(k_vvar), std::nullopt), "special-mapping");
  EXPECT_EQ(mem_exclusion(entry(k_vvar_vclock), std::nullopt), "special-mapping");
  EXPECT_EQ(mem_exclusion(entry(k_vsyscall), std::nullopt), "special-mapping");  // --xp: special first
  EXPECT_EQ(mem_exclusion(entry(k_heap_guard), std::nullopt), "no-access");
  EXPECT_EQ(mem_exclusion(entry(k_lib_guard), std::nullopt), "no-access");
  EXPECT_EQ(mem_exclusion(entry(k_guard_anon), "mr mw me io"), "no-access");  // no-access before vmflags
  EXPECT_EQ(mem_exclusion(entry(k_anon_rw), "rd wr mr mw me ac io pf"), "vmflags-io");
  EXPECT_EQ(mem_exclusion(entry(k_anon_rw), "rd wr pf mr"), "vmflags-pf");
  EXPECT_EQ(mem_exclusion(entry(k_anon_rw), "rd wr dd"), "vmflags-dd");
  EXPECT_EQ(mem_exclusion(entry(k_anon_rw), "rd wr mr mw me ac sd"), std::nullopt);
  EXPECT_EQ(mem_exclusion(entry(k_anon_rw), "rd wr mr mw me ac sd ddd iox"), std::nullopt);  // whole flags only
  EXPECT_EQ(mem_exclusion(entry(k_anon_rw), std::nullopt), std::nullopt);
  EXPECT_EQ(mem_exclusion(entry(k_vdso), std::nullopt), std::nullopt);
  EXPECT_EQ(mem_exclusion(entry(k_libc_text), std::nullopt), std::nullopt);
  MapsEntry unknown = entry(k_anon_rw);
  unknown.perms.reset();
  EXPECT_EQ(mem_exclusion(unknown, std::nullopt), "no-access");
}

// --- errors -------------------------------------------------------------------------------------------------------

void expect_error(std::string_view text, std::size_t offset, std::string_view token, std::string_view message_part) {
  const MemSelectError e = err(text);
  EXPECT_EQ(e.offset, offset) << text << ": " << e.message;
  EXPECT_EQ(e.token, token) << text << ": " << e.message;
  EXPECT_NE(e.message.find(message_part), std::string::npos) << text << ": " << e.message;
}

TEST(MemSelect, ErrorsPointAtTheOffendingToken) {
  expect_error("", 0, "", "empty expression");
  expect_error("   ", 3, "", "empty expression");
  expect_error("foo", 0, "foo", "unknown predicate 'foo' (known: r w x p s anon heap stack deleted memfd file");
  expect_error("r and foo", 6, "foo", "unknown predicate 'foo'");
  expect_error("X", 0, "X", "keywords are lower-case: 'x'");
  expect_error("x and [anon:jit]", 6, "[anon:jit]", "a path? match it with path='[anon:jit]'");
  expect_error("/tmp/x", 0, "/tmp/x", "a path? match it with path='/tmp/x'");
  expect_error("r AND w", 2, "AND", "keywords are lower-case: 'and'");
  expect_error("suspicious or heap", 0, "suspicious", "is a preset");
  expect_error("x and all", 6, "all", "is a preset");
  expect_error("none or x", 0, "none", "is a preset");
  expect_error("(r and w", 8, "", "missing ')' to close the '(' at offset 0");
  expect_error("x and (r or (w)", 15, "", "missing ')' to close the '(' at offset 6");
  expect_error("(r w)", 3, "w", "expected 'and', 'or' or ')'");
  expect_error("r w", 2, "w", "expected 'and', 'or' or the end of the expression, found 'w'");
  expect_error("r )", 2, ")", "unmatched ')'");
  expect_error("r and", 5, "", "expected a predicate after 'and', found the end of the expression");
  expect_error("r or or w", 5, "or", "expected a predicate after 'or', found 'or'");
  expect_error("not", 3, "", "expected a predicate after 'not'");
  expect_error("()", 1, ")", "expected a predicate after '('");
  expect_error("and", 0, "and", "expected a predicate");
  expect_error("r = w", 2, "=", "expected 'and', 'or'");
  expect_error("size>=12Q", 6, "12Q", "bad size number '12Q'");
  expect_error("size>=256MB", 6, "256MB", "bad size number");
  expect_error("size>=M", 6, "M", "bad size number");
  expect_error("size>=99999999999999999999", 6, "99999999999999999999", "bad size number");
  expect_error("size>=18446744073709551616", 6, "18446744073709551616", "bad size number");  // 2^64
  expect_error("size>=17179869184G", 6, "17179869184G", "bad size number");                  // 2^64 after shift
  expect_error("size>=-1", 6, "-1", "bad size number");
  expect_error("size>=", 6, "", "expected a number after 'size>='");
  expect_error("size 5", 5, "5", "expected one of < <= = >= > after 'size'");
  expect_error("size=>5", 4, "=>", "expected one of");
  expect_error("size!=5", 4, "!=", "expected one of");
  expect_error("path='abc", 5, "'abc", "bad glob quoting: unterminated quote");
  expect_error("path=\"abc' or x", 5, "\"abc' or x", "bad glob quoting: unterminated quote");
  expect_error("path='abc\\'", 5, "'abc\\'", "bad glob quoting: unterminated quote");
  expect_error("path=abc\\", 8, "\\", "bad glob quoting: the glob ends with a lone backslash");
  expect_error("path", 4, "", "expected '=' after 'path'");
  expect_error("path=", 5, "", "expected a glob after 'path='");
  expect_error("(path=)", 6, ")", "expected a glob after 'path='");
  expect_error("vmflag=abc", 7, "abc", "two-letter");
  expect_error("vmflag=EX", 7, "EX", "two-letter");
  expect_error("vmflag=", 7, "", "two-letter");
  expect_error("vmflag ex", 7, "ex", "expected '=' after 'vmflag'");
}

TEST(MemSelect, LimitsAreErrorsNotCrashes) {
  expect_error(std::string(4097, 'r'), 4096, "", "longer than 4096 bytes");
  // 64 levels are fine, 65 are not; the error points at the 65th opener.
  EXPECT_EQ(sel(std::string(64, '(') + "r" + std::string(64, ')')).expanded(), "r");
  expect_error(std::string(65, '(') + "r" + std::string(65, ')'), 64, "(", "nesting deeper than 64");
  std::string nots;
  for (int i = 0; i < 65; ++i) {
    nots += "not ";
  }
  expect_error(nots + "r", 256, "not", "nesting deeper than 64");
  // Mixed: 40 parens + 25 nots = 65.
  std::string mixed = std::string(40, '(');
  for (int i = 0; i < 25; ++i) {
    mixed += "not ";
  }
  expect_error(mixed + "r" + std::string(40, ')'), 40 + 24 * 4, "not", "nesting deeper than 64");
  // Long flat chains are not nesting: fine up to the byte limit.
  std::string chain = "r";
  while (chain.size() + 5 <= 4096) {
    chain += " or r";
  }
  EXPECT_TRUE(selects(chain, k_libc_text));
}

TEST(MemSelect, HostileExpressionsNeverCrash) {
  // 10k nested parentheses and a 1 MB expression: refused by the byte limit before any recursion.
  expect_error(std::string(10000, '(') + "r" + std::string(10000, ')'), 4096, "", "longer than 4096");
  expect_error(std::string(1 << 20, 'x'), 4096, "", "longer than 4096");
  // Within the byte limit, ~4000 nested parentheses: the depth limit.
  expect_error(std::string(2000, '(') + "r" + std::string(2000, ')'), 64, "(", "nesting deeper");
  // NUL bytes.
  using namespace std::string_literals;
  expect_error("r\0 and w"s, 1, "\0"s, "found a NUL byte");
  expect_error("\0"s, 0, "\0"s, "expected a predicate, found a NUL byte");
  expect_error("path='a\0b'"s, 7, "\0"s, "a NUL byte in the glob");
  expect_error("path=a\\\0"s, 7, "\0"s, "a NUL byte in the glob");
  // Every single byte, and pseudo-random byte strings: parse never crashes; whatever parses round-trips.
  for (int c = 0; c < 256; ++c) {
    const std::string one(1, static_cast<char>(c));
    (void)MemSelector::parse(one);
    (void)MemSelector::parse("path=" + one);
    (void)MemSelector::parse("size>" + one);
  }
  static constexpr std::string_view alphabet[] = {
      "r", "w", "x", "anon",   "and", "or",      "not", "(", ")", " ",    "path=", "'",    "\"",         "\\",
      "*", "?", "[", "size>=", "4K",  "vmflag=", "ex",  "=", "<", "heap", "\0",    "\xff", "suspicious", "\n"};
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  const MapsEntry sample = entry(k_rwx_anon);
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const int n = static_cast<int>((state >> 33) % 24);
    for (int k = 0; k < n; ++k) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const auto& piece = alphabet[(state >> 33) % std::size(alphabet)];
      text += piece.empty() ? std::string(1, '\0') : std::string(piece);
    }
    auto r = MemSelector::parse(text);
    if (auto* s = std::get_if<MemSelector>(&r)) {
      ++parsed;
      (void)s->match(sample, "rd wr ex");
      const std::string canon = s->expanded();
      auto again = MemSelector::parse(canon);
      ASSERT_TRUE(std::holds_alternative<MemSelector>(again)) << "canonical text does not parse: " << canon;
      EXPECT_EQ(std::get<MemSelector>(again).expanded(), canon);
      EXPECT_EQ(std::get<MemSelector>(again).match(sample, "rd wr ex").has_value(),
                s->match(sample, "rd wr ex").has_value())
          << canon;
    } else {
      const auto& e = std::get<MemSelectError>(r);
      EXPECT_LE(e.offset, text.size());
      EXPECT_FALSE(e.message.empty());
    }
  }
  EXPECT_GT(parsed, 100);  // the generator does produce valid expressions, so the round-trip check runs
}

// --- help text ----------------------------------------------------------------------------------------------------

TEST(MemSelect, HelpTextListsGrammarPredicatesPresetsAndWorkingExamples) {
  const std::string_view help = mem_help_text();
  for (const char* word : {"r w x",      "p s",        "anon",       "heap",       "stack",           "deleted",
                           "memfd",      "file",       "vdso",       "path=GLOB",  "size<N",          "size>=N",
                           "vmflag=XX",  "not",        "and",        "or",         "special-mapping", "no-access",
                           "vmflags-io", "vmflags-pf", "vmflags-dd", "4096 bytes", "64 levels"}) {
    EXPECT_NE(help.find(word), std::string_view::npos) << word;
  }
  for (const char* preset : {"none", "suspicious", "heap", "anon", "all"}) {
    EXPECT_NE(help.find(std::string("  ") + preset + " "), std::string_view::npos) << preset;
    if (std::string_view(preset) != "none") {
      EXPECT_NE(help.find(sel(preset).expanded()), std::string_view::npos) << preset;
    }
  }
  // Every example line "  --mem ARG ..." parses (ARG unquoted the way a shell would).
  std::istringstream lines{std::string(help)};
  std::string line;
  int examples = 0;
  while (std::getline(lines, line)) {
    const auto at = line.find("  --mem ");
    if (at != 0) {
      continue;
    }
    std::string arg = line.substr(8);
    if (!arg.empty() && (arg[0] == '\'' || arg[0] == '"')) {
      const auto close = arg.find(arg[0], 1);
      ASSERT_NE(close, std::string::npos) << line;
      arg = arg.substr(1, close - 1);
    } else {
      arg = arg.substr(0, arg.find(' '));
    }
    ++examples;
    EXPECT_TRUE(std::holds_alternative<MemSelector>(MemSelector::parse(arg))) << arg;
  }
  EXPECT_GE(examples, 4);
}

// --- this machine -------------------------------------------------------------------------------------------------

TEST(MemSelect, PresetsOverThisProcessMaps) {
  std::ifstream in("/proc/self/maps");
  std::stringstream ss;
  ss << in.rdbuf();
  const auto maps = procsnap::procfs::parse_proc_maps(ss.str());
  ASSERT_FALSE(maps.value.empty());
  const MemSelector all = sel("all");
  const MemSelector heap = sel("heap");
  const MemSelector susp = sel("suspicious");
  int readable = 0;
  bool saw_stack = false;
  for (const auto& e : maps.value) {
    const bool selected = all.match(e, std::nullopt).has_value();
    EXPECT_EQ(selected, e.readable()) << e.start_hex;
    readable += selected ? 1 : 0;
    if (e.kind == MapPathKind::stack) {
      saw_stack = true;
      EXPECT_EQ(heap.match(e, std::nullopt), "stack");
    }
    if (e.kind == MapPathKind::vvar || e.kind == MapPathKind::vsyscall) {
      EXPECT_EQ(mem_exclusion(e, std::nullopt), "special-mapping");
    }
    if (e.kind == MapPathKind::file && !e.writable()) {
      EXPECT_FALSE(susp.match(e, std::nullopt)) << e.start_hex;  // ordinary library code is not suspicious
    }
  }
  EXPECT_GT(readable, 5);
  EXPECT_TRUE(saw_stack);
}

}  // namespace
