// Handlers for the proc_memory table group (schema/20_proc_memory.sql): maps, smaps, smaps_rollup, numa_maps,
// mountinfo, mounts (per process and system-wide), mountstats, fdinfo, and the symlink members fd/<n>, ns/<name>, exe,
// cwd, root, map_files/<range>. Each table is declared once below (name, scope, columns with their getters and
// comments); schema/20_proc_memory.sql is generated from these declarations (`procsnap schema --write schema/`). Every
// row starts (snapshot_id, pid, start_time); every parser diagnostic becomes an import_issues row. A handler never
// throws for bad content (only the sink may throw, for database failures).
#include "importer/registry.hpp"
#include "procfs/numbers.hpp"
#include "procfs/proc_fd.hpp"
#include "procfs/proc_fdinfo.hpp"
#include "procfs/proc_maps.hpp"
#include "procfs/proc_mountinfo.hpp"
#include "procfs/proc_mounts.hpp"
#include "procfs/proc_mountstats.hpp"
#include "procfs/proc_numa_maps.hpp"
#include "procfs/proc_smaps.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

namespace procsnap::importer {

namespace {

using db::v;
using db::Value;

// The header of schema/20_proc_memory.sql.
constexpr std::string_view k_header =
    "Per-process memory map, mount and file-descriptor tables: proc/<pid>/{maps,smaps,smaps_rollup,mountinfo,mounts,\n"
    "mountstats}, the symlink members fd/<n>, ns/<name>, exe, cwd, root, map_files/<range>, and fdinfo/<n>.\n"
    "Every row starts with (snapshot_id, pid, start_time): start_time is stat field 22 of the pid (clock ticks after\n"
    "boot), NULL when its stat was missing or unparsable. line is the 1-based line of the member the row came from.\n"
    "\n"
    "Representation choices (see procfs/proc_maps.hpp and proc_fd.hpp):\n"
    "- Addresses (start_addr, end_addr, size) are kernel unsigned 64-bit values: INTEGER when <= 2^63-1, else the\n"
    "  exact decimal TEXT (e.g. [vsyscall] at 0xffffffffff600000 = '18446744073699065856'). start_hex / end_hex keep\n"
    "  the hex exactly as the kernel wrote it, so the text form is always available and a hostile 17-digit address\n"
    "  stays visible; a value that does not fit 64 bits is NULL there (with an import_issues row).\n"
    "- Paths, link targets and mount fields are TEXT holding the bytes exactly as captured (after the documented\n"
    "  escape decoding): they may be invalid UTF-8 or contain control bytes; nothing is normalised. Escape on "
    "display.\n"
    "- Absent values are NULL: a counter an older kernel did not print is NULL, never 0.\n"
    "- Unparsable values are NULL and the raw bytes stay in members.data.";

template <class T>
void report(const Member& m, TableSink& sink, const procfs::Parsed<T>& parsed) {
  for (const auto& d : parsed.diagnostics) {
    sink.issue(m.path, d.line, d.excerpt, d.message);
  }
}

Value n(std::size_t x) { return static_cast<std::int64_t>(x); }

// Text that is NULL when empty (numa_maps nodes / extra: '' means none).
Value text_or_null(const std::string& s) { return s.empty() ? Value{std::monostate{}} : Value{db::Text{s}}; }

Value perm_bit(const procfs::MapsEntry& e, bool bit) { return e.perms ? v(bit) : Value{std::monostate{}}; }

// Symlink handlers also accept a regular member (its bytes read as the target) but say so: the format stores
// these as symlinks, so a regular one means a nonconforming or relocated capture.
void check_symlink(const Member& m, TableSink& sink) {
  if (!m.is_symlink) {
    sink.issue(m.path, 0, {}, "regular member where a symlink was expected: its bytes are read as the link target");
  }
}

// The last path component ("exe" of "proc/12/exe").
std::string_view last_component(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// ---- getters ----
// Rows are written by row(sink, member, table, record) (table_sink.hpp). A table whose values come partly from the
// member (fd number, link target, name) or from the handler (joined optional fields, flag names) is a Table over a
// small row struct: the parsed record as `rec`, plus those values (pointing into storage that outlives the insert).

/// Getter of a std::size_t member (line number) as a signed INTEGER.
template <auto Member>
// NOLINTNEXTLINE(readability-identifier-naming): a getter, named like the function it stands for
inline constexpr auto size_field = [](const auto& r) -> Value { return n(r.*Member); };
/// Getter of a member of a row struct's parsed record (r.rec), converted with db::v.
template <auto Member>
// NOLINTNEXTLINE(readability-identifier-naming): a getter, named like the function it stands for
inline constexpr auto rec_field = [](const auto& r) -> Value { return v(r.rec.*Member); };
/// rec_field for a std::size_t member (line number).
template <auto Member>
// NOLINTNEXTLINE(readability-identifier-naming): a getter, named like the function it stands for
inline constexpr auto rec_size_field = [](const auto& r) -> Value { return n(r.rec.*Member); };
/// Getter of a member of an smaps region's maps-format header line.
template <auto Member>
// NOLINTNEXTLINE(readability-identifier-naming): a getter, named like the function it stands for
inline constexpr auto header_field = [](const procfs::SmapsRegion& r) -> Value { return v(r.header.*Member); };
/// Getter of an smaps counter.
template <auto Member>
// NOLINTNEXTLINE(readability-identifier-naming): a getter, named like the function it stands for
inline constexpr auto counter = [](const procfs::SmapsRegion& r) -> Value { return v(r.counters.*Member); };

// ---- maps ----

using MapsC = ColsOf<procfs::MapsEntry>;
constexpr Table k_maps(
    TableDecl{.name = "proc_maps",
              .scope = Scope::process,
              .comment = "One row per line of proc/<pid>/maps: the process's virtual memory areas."},
    std::to_array<Col<procfs::MapsEntry>>({
        MapsC::col_nn("line", Type::integer, size_field<&procfs::MapsEntry::line>, "1-based line in the maps member"),
        MapsC::col("start_addr", Type::u64, field<&procfs::MapsEntry::start>,
                   "first address of the region (u64: INTEGER, or decimal TEXT above 2^63-1)"),
        MapsC::col("end_addr", Type::u64, field<&procfs::MapsEntry::end>,
                   "address one past the region (u64, same representation)"),
        MapsC::col("start_hex", Type::text, field<&procfs::MapsEntry::start_hex>,
                   "start address exactly as written (lower-case hex, no 0x)"),
        MapsC::col("end_hex", Type::text, field<&procfs::MapsEntry::end_hex>, "end address exactly as written"),
        MapsC::col(
            "size", Type::u64, [](const procfs::MapsEntry& e) -> db::Value { return v(e.size()); },
            "end_addr - start_addr in bytes; NULL when either is unknown or end < start"),
        MapsC::col("perms", Type::text, field<&procfs::MapsEntry::perms>, "permissions as written: [r-][w-][x-][ps]"),
        MapsC::col(
            "perm_read", Type::integer,
            [](const procfs::MapsEntry& e) -> db::Value { return perm_bit(e, e.readable()); },
            "1 when readable (perms[0] = 'r'), else 0; NULL without perms"),
        MapsC::col(
            "perm_write", Type::integer,
            [](const procfs::MapsEntry& e) -> db::Value { return perm_bit(e, e.writable()); },
            "1 when writable (perms[1] = 'w')"),
        MapsC::col(
            "perm_exec", Type::integer,
            [](const procfs::MapsEntry& e) -> db::Value { return perm_bit(e, e.executable()); },
            "1 when executable (perms[2] = 'x')"),
        MapsC::col(
            "shared", Type::integer, [](const procfs::MapsEntry& e) -> db::Value { return perm_bit(e, e.shared()); },
            "1 for MAP_SHARED ('s'), 0 for private copy-on-write ('p')"),
        MapsC::col("file_offset", Type::u64, field<&procfs::MapsEntry::offset>,
                   "offset into the mapped file, bytes (hex in the file)"),
        MapsC::col("dev_major", Type::u64, field<&procfs::MapsEntry::dev_major>,
                   "device major of the mapped file (hex in the file); 0 for anonymous"),
        MapsC::col("dev_minor", Type::u64, field<&procfs::MapsEntry::dev_minor>, "device minor of the mapped file"),
        MapsC::col("inode", Type::u64, field<&procfs::MapsEntry::inode>,
                   "inode of the mapped file on that device; 0 for anonymous memory"),
        MapsC::col("path", Type::text, field<&procfs::MapsEntry::path>,
                   "path column as written (raw; \" (deleted)\" kept, '\\n' shows as \\012); NULL when none"),
        MapsC::col_nn(
            "path_kind", Type::text,
            [](const procfs::MapsEntry& e) -> db::Value { return v(procfs::map_path_kind_name(e.kind)); },
            "anon, file, deleted, memfd, sysv_shm, dev_zero, heap, stack, stack_tid, vdso, vvar, vvar_vclock, "
            "vsyscall, anon_named, anon_shmem, anon_inode, pseudo, other"),
        MapsC::col_nn("deleted", Type::integer, field<&procfs::MapsEntry::deleted>,
                      "1 when the path ends in \" (deleted)\" (unlinked file, memfd, SysV shm, /dev/zero)"),
        MapsC::col("name", Type::text, field<&procfs::MapsEntry::name>,
                   "memfd name, [anon:NAME] / [anon_shmem:NAME] name, anon_inode name, [stack:TID] tid, SysV key"),
    }));

void maps(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_proc_maps(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    row(sink, m, k_maps, e);
  }
}

// ---- smaps, smaps_rollup ----

using SmapsC = ColsOf<procfs::SmapsRegion>;
constexpr Table k_smaps(
    TableDecl{
        .name = "proc_smaps",
        .scope = Scope::process,
        .comment =
            "One row per region of proc/<pid>/smaps: the maps header plus every memory counter (kB unless noted)."},
    std::to_array<Col<procfs::SmapsRegion>>({
        SmapsC::col_nn(
            "line", Type::integer, [](const procfs::SmapsRegion& r) -> db::Value { return n(r.header.line); },
            "1-based line of the region's header line in the smaps member"),
        SmapsC::col("start_addr", Type::u64, header_field<&procfs::MapsEntry::start>,
                    "first address of the region (u64 representation as in proc_maps)"),
        SmapsC::col("end_addr", Type::u64, header_field<&procfs::MapsEntry::end>, "address one past the region"),
        SmapsC::col("start_hex", Type::text, header_field<&procfs::MapsEntry::start_hex>, "start address as written"),
        SmapsC::col("end_hex", Type::text, header_field<&procfs::MapsEntry::end_hex>, "end address as written"),
        SmapsC::col("perms", Type::text, header_field<&procfs::MapsEntry::perms>,
                    "permissions as written ([r-][w-][x-][ps])"),
        SmapsC::col("file_offset", Type::u64, header_field<&procfs::MapsEntry::offset>,
                    "offset into the mapped file, bytes"),
        SmapsC::col("dev_major", Type::u64, header_field<&procfs::MapsEntry::dev_major>,
                    "device major of the mapped file"),
        SmapsC::col("dev_minor", Type::u64, header_field<&procfs::MapsEntry::dev_minor>,
                    "device minor of the mapped file"),
        SmapsC::col("inode", Type::u64, header_field<&procfs::MapsEntry::inode>,
                    "inode of the mapped file (0 for anonymous)"),
        SmapsC::col("path", Type::text, header_field<&procfs::MapsEntry::path>,
                    "path column as written (raw), NULL when none"),
        SmapsC::col_nn(
            "path_kind", Type::text,
            [](const procfs::SmapsRegion& r) -> db::Value { return v(procfs::map_path_kind_name(r.header.kind)); },
            "classification of path, as proc_maps.path_kind"),
        SmapsC::col_nn("deleted", Type::integer, header_field<&procfs::MapsEntry::deleted>,
                       "1 when the path ends in \" (deleted)\""),
        SmapsC::col("size_kb", Type::u64, counter<&procfs::SmapsCounters::size>, "Size: virtual size of the region"),
        SmapsC::col("kernel_page_size_kb", Type::u64, counter<&procfs::SmapsCounters::kernel_page_size>,
                    "KernelPageSize: page size the kernel uses for the region"),
        SmapsC::col("mmu_page_size_kb", Type::u64, counter<&procfs::SmapsCounters::mmu_page_size>,
                    "MMUPageSize: page size the MMU uses"),
        SmapsC::col("rss_kb", Type::u64, counter<&procfs::SmapsCounters::rss>, "Rss: resident in RAM"),
        SmapsC::col("pss_kb", Type::u64, counter<&procfs::SmapsCounters::pss>,
                    "Pss: proportional set size (resident divided among sharers)"),
        SmapsC::col("pss_dirty_kb", Type::u64, counter<&procfs::SmapsCounters::pss_dirty>,
                    "Pss_Dirty: dirty part of Pss (6.0+)"),
        SmapsC::col("pss_anon_kb", Type::u64, counter<&procfs::SmapsCounters::pss_anon>,
                    "Pss_Anon: anonymous part of Pss (smaps_rollup only on most kernels)"),
        SmapsC::col("pss_file_kb", Type::u64, counter<&procfs::SmapsCounters::pss_file>,
                    "Pss_File: file-backed part of Pss"),
        SmapsC::col("pss_shmem_kb", Type::u64, counter<&procfs::SmapsCounters::pss_shmem>,
                    "Pss_Shmem: shmem part of Pss"),
        SmapsC::col("shared_clean_kb", Type::u64, counter<&procfs::SmapsCounters::shared_clean>,
                    "Shared_Clean: clean pages also mapped by other processes"),
        SmapsC::col("shared_dirty_kb", Type::u64, counter<&procfs::SmapsCounters::shared_dirty>,
                    "Shared_Dirty: dirty pages also mapped by other processes"),
        SmapsC::col("private_clean_kb", Type::u64, counter<&procfs::SmapsCounters::private_clean>,
                    "Private_Clean: clean pages only this process maps"),
        SmapsC::col("private_dirty_kb", Type::u64, counter<&procfs::SmapsCounters::private_dirty>,
                    "Private_Dirty: dirty pages only this process maps (written-to memory)"),
        SmapsC::col("referenced_kb", Type::u64, counter<&procfs::SmapsCounters::referenced>,
                    "Referenced: marked accessed"),
        SmapsC::col("anonymous_kb", Type::u64, counter<&procfs::SmapsCounters::anonymous>,
                    "Anonymous: not backed by a file (includes COW copies of file pages)"),
        SmapsC::col("ksm_kb", Type::u64, counter<&procfs::SmapsCounters::ksm>,
                    "KSM: pages merged by kernel samepage merging (6.1+)"),
        SmapsC::col("lazy_free_kb", Type::u64, counter<&procfs::SmapsCounters::lazy_free>,
                    "LazyFree: MADV_FREE pages the kernel may drop"),
        SmapsC::col("anon_huge_pages_kb", Type::u64, counter<&procfs::SmapsCounters::anon_huge_pages>,
                    "AnonHugePages: anonymous transparent huge pages"),
        SmapsC::col("shmem_pmd_mapped_kb", Type::u64, counter<&procfs::SmapsCounters::shmem_pmd_mapped>,
                    "ShmemPmdMapped: shmem mapped with huge pages"),
        SmapsC::col("file_pmd_mapped_kb", Type::u64, counter<&procfs::SmapsCounters::file_pmd_mapped>,
                    "FilePmdMapped: file pages mapped with huge pages (5.4+)"),
        SmapsC::col("shared_hugetlb_kb", Type::u64, counter<&procfs::SmapsCounters::shared_hugetlb>,
                    "Shared_Hugetlb: shared hugetlbfs pages"),
        SmapsC::col("private_hugetlb_kb", Type::u64, counter<&procfs::SmapsCounters::private_hugetlb>,
                    "Private_Hugetlb: private hugetlbfs pages"),
        SmapsC::col("swap_kb", Type::u64, counter<&procfs::SmapsCounters::swap>, "Swap: swapped out"),
        SmapsC::col("swap_pss_kb", Type::u64, counter<&procfs::SmapsCounters::swap_pss>,
                    "SwapPss: proportional share of Swap"),
        SmapsC::col("locked_kb", Type::u64, counter<&procfs::SmapsCounters::locked>, "Locked: mlock()ed"),
        SmapsC::col("thp_eligible", Type::u64, counter<&procfs::SmapsCounters::thp_eligible>,
                    "THPeligible: 1 when the region may use transparent huge pages (no unit)"),
        SmapsC::col("protection_key", Type::u64, counter<&procfs::SmapsCounters::protection_key>,
                    "ProtectionKey: memory protection key (x86 PKU; no unit)"),
        SmapsC::col("vm_flags", Type::text, field<&procfs::SmapsRegion::vm_flags>,
                    "VmFlags as written, trimmed (two-letter flags: rd wr ex sh mr mw me ms gd pf dw lo io sr rr dc de "
                    "ac nr ht sf nl ar wf dd sd mm hg nh mg um uw ss ...)"),
    }));

constexpr Table k_smaps_rollup(
    TableDecl{
        .name = "proc_smaps_rollup",
        .scope = Scope::process,
        .comment = "proc/<pid>/smaps_rollup: the counters of all regions summed by the kernel (one row per process)."},
    std::to_array<Col<procfs::SmapsRegion>>({
        SmapsC::col("start_addr", Type::u64, header_field<&procfs::MapsEntry::start>,
                    "lowest address of any region (from the [rollup] header)"),
        SmapsC::col("end_addr", Type::u64, header_field<&procfs::MapsEntry::end>, "end of the highest region"),
        SmapsC::col("start_hex", Type::text, header_field<&procfs::MapsEntry::start_hex>, "start as written"),
        SmapsC::col("end_hex", Type::text, header_field<&procfs::MapsEntry::end_hex>, "end as written"),
        SmapsC::col("size_kb", Type::u64, counter<&procfs::SmapsCounters::size>,
                    "Size (the kernel does not print it in the rollup: normally NULL)"),
        SmapsC::col("kernel_page_size_kb", Type::u64, counter<&procfs::SmapsCounters::kernel_page_size>,
                    "KernelPageSize (normally NULL in the rollup)"),
        SmapsC::col("mmu_page_size_kb", Type::u64, counter<&procfs::SmapsCounters::mmu_page_size>,
                    "MMUPageSize (normally NULL in the rollup)"),
        SmapsC::col("rss_kb", Type::u64, counter<&procfs::SmapsCounters::rss>, "Rss: resident in RAM, all regions"),
        SmapsC::col("pss_kb", Type::u64, counter<&procfs::SmapsCounters::pss>, "Pss: proportional set size"),
        SmapsC::col("pss_dirty_kb", Type::u64, counter<&procfs::SmapsCounters::pss_dirty>, "Pss_Dirty (6.0+)"),
        SmapsC::col("pss_anon_kb", Type::u64, counter<&procfs::SmapsCounters::pss_anon>,
                    "Pss_Anon: anonymous part of Pss (5.1+)"),
        SmapsC::col("pss_file_kb", Type::u64, counter<&procfs::SmapsCounters::pss_file>,
                    "Pss_File: file-backed part of Pss (5.1+)"),
        SmapsC::col("pss_shmem_kb", Type::u64, counter<&procfs::SmapsCounters::pss_shmem>,
                    "Pss_Shmem: shmem part of Pss (5.1+)"),
        SmapsC::col("shared_clean_kb", Type::u64, counter<&procfs::SmapsCounters::shared_clean>, "Shared_Clean"),
        SmapsC::col("shared_dirty_kb", Type::u64, counter<&procfs::SmapsCounters::shared_dirty>, "Shared_Dirty"),
        SmapsC::col("private_clean_kb", Type::u64, counter<&procfs::SmapsCounters::private_clean>, "Private_Clean"),
        SmapsC::col("private_dirty_kb", Type::u64, counter<&procfs::SmapsCounters::private_dirty>, "Private_Dirty"),
        SmapsC::col("referenced_kb", Type::u64, counter<&procfs::SmapsCounters::referenced>, "Referenced"),
        SmapsC::col("anonymous_kb", Type::u64, counter<&procfs::SmapsCounters::anonymous>, "Anonymous"),
        SmapsC::col("ksm_kb", Type::u64, counter<&procfs::SmapsCounters::ksm>, "KSM (6.1+)"),
        SmapsC::col("lazy_free_kb", Type::u64, counter<&procfs::SmapsCounters::lazy_free>, "LazyFree"),
        SmapsC::col("anon_huge_pages_kb", Type::u64, counter<&procfs::SmapsCounters::anon_huge_pages>, "AnonHugePages"),
        SmapsC::col("shmem_pmd_mapped_kb", Type::u64, counter<&procfs::SmapsCounters::shmem_pmd_mapped>,
                    "ShmemPmdMapped"),
        SmapsC::col("file_pmd_mapped_kb", Type::u64, counter<&procfs::SmapsCounters::file_pmd_mapped>,
                    "FilePmdMapped (5.4+)"),
        SmapsC::col("shared_hugetlb_kb", Type::u64, counter<&procfs::SmapsCounters::shared_hugetlb>, "Shared_Hugetlb"),
        SmapsC::col("private_hugetlb_kb", Type::u64, counter<&procfs::SmapsCounters::private_hugetlb>,
                    "Private_Hugetlb"),
        SmapsC::col("swap_kb", Type::u64, counter<&procfs::SmapsCounters::swap>, "Swap"),
        SmapsC::col("swap_pss_kb", Type::u64, counter<&procfs::SmapsCounters::swap_pss>, "SwapPss"),
        SmapsC::col("locked_kb", Type::u64, counter<&procfs::SmapsCounters::locked>, "Locked"),
        SmapsC::col("thp_eligible", Type::u64, counter<&procfs::SmapsCounters::thp_eligible>,
                    "THPeligible (normally NULL in the rollup)"),
        SmapsC::col("protection_key", Type::u64, counter<&procfs::SmapsCounters::protection_key>,
                    "ProtectionKey (normally NULL in the rollup)"),
    }));

/// True when `table`'s own columns are `first` columns, one per procfs::smaps_fields() entry (the parser's table of
/// known keys: its column name, in its order, reading its member), then `last` columns.
template <class T>
bool counters_follow_fields(const T& table, std::size_t first, std::size_t last) {
  const auto cols = table.declaration().columns;
  const auto& get = table.getters();
  const auto fields = procfs::smaps_fields();
  if (cols.size() != first + fields.size() + last) return false;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    procfs::SmapsRegion probe;
    probe.counters.*(fields[i].member) = i + 1;
    const Value got = get[first + i](probe);
    const auto* u = std::get_if<db::U64>(&got);
    if (cols[first + i].name != fields[i].column || u == nullptr || u->v != i + 1) return false;
  }
  return true;
}

/// Checked once: a counter the parser learns cannot be silently left out of (or misplaced in) the tables.
void check_smaps_columns() {
  static const bool ok = counters_follow_fields(k_smaps, 13, 1) && counters_follow_fields(k_smaps_rollup, 4, 0);
  if (!ok) throw std::logic_error("proc_smaps / proc_smaps_rollup counter columns differ from procfs::smaps_fields()");
}

struct SmapsExtraRow {
  std::string_view file;  ///< "smaps" or "smaps_rollup"
  const procfs::SmapsRegion& region;
  std::string_view key;
  std::string_view value;
};
using SmapsExtraC = ColsOf<SmapsExtraRow>;
constexpr Table k_smaps_extra(
    TableDecl{
        .name = "proc_smaps_extra",
        .scope = Scope::process,
        .comment = "smaps / smaps_rollup lines with a key this version of procsnap does not know: kept, never dropped.",
        .scope_index = false},
    std::to_array<Col<SmapsExtraRow>>({
        SmapsExtraC::col_nn("file", Type::text, field<&SmapsExtraRow::file>, "'smaps' or 'smaps_rollup'"),
        SmapsExtraC::col_nn(
            "region_line", Type::integer, [](const SmapsExtraRow& r) -> db::Value { return n(r.region.header.line); },
            "line of the region's header (joins proc_smaps.line for file 'smaps')"),
        SmapsExtraC::col(
            "start_addr", Type::u64, [](const SmapsExtraRow& r) -> db::Value { return v(r.region.header.start); },
            "start address of the region (u64 representation)"),
        SmapsExtraC::col_nn("key", Type::text, field<&SmapsExtraRow::key>, "key before the ':'"),
        SmapsExtraC::col_nn("value", Type::text, field<&SmapsExtraRow::value>,
                            "value as written, trimmed (e.g. '12 kB')"),
    }));

void smaps_extra(const Member& m, TableSink& sink, std::string_view file, const procfs::SmapsRegion& reg) {
  for (const auto& [key, value] : reg.extra) {
    row(sink, m, k_smaps_extra, SmapsExtraRow{file, reg, key, value});
  }
}

void smaps(const Member& m, TableSink& sink) {
  check_smaps_columns();
  const auto parsed = procfs::parse_proc_smaps(m.text());
  report(m, sink, parsed);
  for (const auto& reg : parsed.value) {
    row(sink, m, k_smaps, reg);
    smaps_extra(m, sink, "smaps", reg);
  }
}

void smaps_rollup(const Member& m, TableSink& sink) {
  check_smaps_columns();
  const auto parsed = procfs::parse_proc_smaps_rollup(m.text());
  report(m, sink, parsed);
  if (!parsed.value) {
    return;
  }
  row(sink, m, k_smaps_rollup, *parsed.value);
  smaps_extra(m, sink, "smaps_rollup", *parsed.value);
}

// ---- numa_maps ----

using NumaMapsC = ColsOf<procfs::NumaMapsEntry>;
constexpr Table k_numa_maps(
    TableDecl{.name = "proc_numa_maps",
              .scope = Scope::process,
              .comment = "proc/<pid>/numa_maps: NUMA memory policy and per-node page counts of each region (counters "
                         "are pages and the\n"
                         "kernel prints them only when non-zero: NULL means none)."},
    std::to_array<Col<procfs::NumaMapsEntry>>({
        NumaMapsC::col_nn("line", Type::integer, size_field<&procfs::NumaMapsEntry::line>,
                          "1-based line in the member"),
        NumaMapsC::col("start_addr", Type::u64, field<&procfs::NumaMapsEntry::start>,
                       "start address of the region (u64 representation as in proc_maps; joins it)"),
        NumaMapsC::col("start_hex", Type::text, field<&procfs::NumaMapsEntry::start_hex>, "start address as written"),
        NumaMapsC::col("policy", Type::text, field<&procfs::NumaMapsEntry::policy>,
                       "memory policy (default, local, prefer:N, bind:LIST, interleave:LIST, ...)"),
        NumaMapsC::col("file", Type::text, field<&procfs::NumaMapsEntry::file>,
                       "file= path of a file-backed region, octal escapes decoded; NULL otherwise"),
        NumaMapsC::col_nn("heap", Type::integer, field<&procfs::NumaMapsEntry::heap>,
                          "1 for the initial heap ('heap')"),
        NumaMapsC::col_nn("stack", Type::integer, field<&procfs::NumaMapsEntry::stack>,
                          "1 for the main stack ('stack')"),
        NumaMapsC::col_nn("huge", Type::integer, field<&procfs::NumaMapsEntry::huge>,
                          "1 for a hugetlb region ('huge')"),
        NumaMapsC::col("anon_pages", Type::u64, field<&procfs::NumaMapsEntry::anon>, "anon=: anonymous pages"),
        NumaMapsC::col("dirty_pages", Type::u64, field<&procfs::NumaMapsEntry::dirty>, "dirty=: dirty pages"),
        NumaMapsC::col("mapped_pages", Type::u64, field<&procfs::NumaMapsEntry::mapped>,
                       "mapped=: mapped pages (printed only when different from anon and dirty)"),
        NumaMapsC::col("mapmax", Type::u64, field<&procfs::NumaMapsEntry::mapmax>,
                       "mapmax=: highest number of processes mapping one page"),
        NumaMapsC::col("swapcache_pages", Type::u64, field<&procfs::NumaMapsEntry::swapcache>,
                       "swapcache=: pages in the swap cache"),
        NumaMapsC::col("active_pages", Type::u64, field<&procfs::NumaMapsEntry::active>,
                       "active=: pages on the active LRU list"),
        NumaMapsC::col("writeback_pages", Type::u64, field<&procfs::NumaMapsEntry::writeback>,
                       "writeback=: pages under writeback"),
        NumaMapsC::col("kernel_page_size_kb", Type::u64, field<&procfs::NumaMapsEntry::kernelpagesize_kb>,
                       "kernelpagesize_kB="),
        NumaMapsC::col(
            "nodes", Type::text, [](const procfs::NumaMapsEntry& e) -> db::Value { return text_or_null(e.nodes); },
            "pages per NUMA node as written ('N0=12 N1=3'); NULL when none"),
        NumaMapsC::col(
            "extra", Type::text, [](const procfs::NumaMapsEntry& e) -> db::Value { return text_or_null(e.extra); },
            "tokens this version does not know, as written; NULL when none"),
    }));

void numa_maps(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_proc_numa_maps(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    row(sink, m, k_numa_maps, e);
  }
}

// ---- mountinfo, mounts, mountstats ----

struct MountinfoRow {
  const procfs::MountinfoEntry& rec;
  std::optional<std::string_view> optional_fields;  ///< the optional fields space-joined; nullopt when none
};
using MountinfoC = ColsOf<MountinfoRow>;
constexpr Table k_mountinfo(
    TableDecl{.name = "proc_mountinfo",
              .scope = Scope::process,
              .comment = "One row per line of proc/<pid>/mountinfo (the mounts of the process's mount namespace, seen "
                         "from its root)."},
    std::to_array<Col<MountinfoRow>>({
        MountinfoC::col_nn("line", Type::integer, rec_size_field<&procfs::MountinfoEntry::line>,
                           "1-based line in the member"),
        MountinfoC::col("mount_id", Type::integer, rec_field<&procfs::MountinfoEntry::mount_id>,
                        "(1) unique mount id (joins proc_fdinfo.mnt_id)"),
        MountinfoC::col("parent_id", Type::integer, rec_field<&procfs::MountinfoEntry::parent_id>,
                        "(2) mount id of the parent mount"),
        MountinfoC::col("dev_major", Type::u64, rec_field<&procfs::MountinfoEntry::dev_major>,
                        "(3) st_dev major of files on this mount"),
        MountinfoC::col("dev_minor", Type::u64, rec_field<&procfs::MountinfoEntry::dev_minor>, "(3) st_dev minor"),
        MountinfoC::col(
            "root", Type::text, rec_field<&procfs::MountinfoEntry::root>,
            "(4) directory of the file system mounted here (bind mounts: a subdirectory); octal escapes decoded"),
        MountinfoC::col("mount_point", Type::text, rec_field<&procfs::MountinfoEntry::mount_point>,
                        "(5) mount point relative to the process's root; escapes decoded"),
        MountinfoC::col("mount_options", Type::text, rec_field<&procfs::MountinfoEntry::mount_options>,
                        "(6) per-mount options (rw, nosuid, relatime, ...); escapes decoded"),
        MountinfoC::col("optional_fields", Type::text, field<&MountinfoRow::optional_fields>,
                        "(7) optional fields as written, space-separated (shared:N master:N propagate_from:N "
                        "unbindable); NULL when none"),
        MountinfoC::col("shared_peer", Type::integer, rec_field<&procfs::MountinfoEntry::shared>,
                        "N of shared:N (peer group this mount propagates to)"),
        MountinfoC::col("master_peer", Type::integer, rec_field<&procfs::MountinfoEntry::master>,
                        "N of master:N (peer group this mount receives from)"),
        MountinfoC::col("propagate_from", Type::integer, rec_field<&procfs::MountinfoEntry::propagate_from>,
                        "N of propagate_from:N"),
        MountinfoC::col_nn("unbindable", Type::integer, rec_field<&procfs::MountinfoEntry::unbindable>,
                           "1 when the optional field 'unbindable' is present"),
        MountinfoC::col("fs_type", Type::text, rec_field<&procfs::MountinfoEntry::fs_type>,
                        "(9) file system type (type or type.subtype); escapes decoded"),
        MountinfoC::col("source", Type::text, rec_field<&procfs::MountinfoEntry::source>,
                        "(10) mount source (device, server:/path, or 'none'); escapes decoded"),
        MountinfoC::col("super_options", Type::text, rec_field<&procfs::MountinfoEntry::super_options>,
                        "(11) super-block options; escapes decoded"),
    }));

void mountinfo(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_proc_mountinfo(m.text());
  report(m, sink, parsed);
  std::string optional;
  for (const auto& e : parsed.value) {
    optional.clear();
    for (const auto& f : e.optional_fields) {
      if (!optional.empty()) optional.push_back(' ');
      optional.append(f);
    }
    row(sink, m, k_mountinfo,
        MountinfoRow{e, e.optional_fields.empty() ? std::nullopt : std::optional<std::string_view>(optional)});
  }
}

// The keys of proc_mounts: the process scope's, but pid (and so start_time) is NULL for the system-wide proc/mounts.
constexpr ColumnDecl k_mounts_keys[] = {
    {"snapshot_id", Type::integer, true, "snapshot", "REFERENCES snapshots(id)"},
    {"pid", Type::integer, false, "process id; NULL for the system-wide proc/mounts"},
    {"start_time", Type::integer, false,
     "stat starttime of the pid (ticks after boot); NULL if unknown or system-wide"},
};
using MountsC = ColsOf<procfs::MountsEntry>;
constexpr Table k_mounts(
    TableDecl{.name = "proc_mounts",
              .scope = Scope::process,
              .comment = "proc/<pid>/mounts (fstab format), and the system-wide proc/mounts with pid NULL (the mount "
                         "namespace of the\n"
                         "process that captured, i.e. the collector's).",
              .keys = k_mounts_keys},
    std::to_array<Col<procfs::MountsEntry>>({
        MountsC::col_nn("line", Type::integer, size_field<&procfs::MountsEntry::line>, "1-based line in the member"),
        MountsC::col("source", Type::text, field<&procfs::MountsEntry::source>,
                     "mounted device or 'none'; octal escapes decoded"),
        MountsC::col("mount_point", Type::text, field<&procfs::MountsEntry::mount_point>,
                     "mount point; escapes decoded"),
        MountsC::col("fs_type", Type::text, field<&procfs::MountsEntry::fs_type>, "file system type; escapes decoded"),
        MountsC::col("options", Type::text, field<&procfs::MountsEntry::options>,
                     "mount and super-block options together; escapes decoded"),
        MountsC::col("dump", Type::integer, field<&procfs::MountsEntry::dump>,
                     "fstab dump field (the kernel always writes 0)"),
        MountsC::col("pass", Type::integer, field<&procfs::MountsEntry::pass>,
                     "fstab pass field (the kernel always writes 0)"),
    }));

// proc/<pid>/mounts and the system-wide proc/mounts (Member::pid and start_time are nullopt there: NULL).
void mounts(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_proc_mounts(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    row(sink, m, k_mounts, e);
  }
}

using MountstatsC = ColsOf<procfs::MountstatsEntry>;
constexpr Table k_mountstats(
    TableDecl{
        .name = "proc_mountstats",
        .scope = Scope::process,
        .comment =
            "proc/<pid>/mountstats: one row per mount, with the file system's statistics text (NFS) when it has one."},
    std::to_array<Col<procfs::MountstatsEntry>>({
        MountstatsC::col_nn("line", Type::integer, size_field<&procfs::MountstatsEntry::line>,
                            "1-based line of the 'device ... mounted on ...' header"),
        MountstatsC::col("device", Type::text, field<&procfs::MountstatsEntry::device>,
                         "mount source ('device X'); escapes decoded"),
        MountstatsC::col("mount_point", Type::text, field<&procfs::MountstatsEntry::mount_point>,
                         "mount point ('mounted on Y'); escapes decoded"),
        MountstatsC::col("fs_type", Type::text, field<&procfs::MountstatsEntry::fs_type>,
                         "file system type ('with fstype Z')"),
        MountstatsC::col("statvers", Type::text, field<&procfs::MountstatsEntry::statvers>,
                         "statistics format version ('statvers=1.1'); NULL when the fs prints none"),
        MountstatsC::col("stats", Type::text, field<&procfs::MountstatsEntry::stats>,
                         "the statistics lines following the header, as written, newline-joined; NULL when none"),
    }));

void mountstats(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_proc_mountstats(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    row(sink, m, k_mountstats, e);
  }
}

// ---- fd/<n>, fdinfo/<n> ----

constexpr IndexDecl k_fds_indexes[] = {{"proc_fds_inode", "snapshot_id, inode"}};
struct FdRow {
  std::optional<std::int64_t> fd;  ///< from the member name
  std::string_view target;         ///< the member's bytes (the link target)
  const procfs::LinkTarget& rec;
};
using FdsC = ColsOf<FdRow>;
constexpr Table k_fds(
    TableDecl{.name = "proc_fds",
              .scope = Scope::process,
              .comment = "proc/<pid>/fd/<n>: the open file descriptors (symlink members holding the readlink target).",
              .indexes = k_fds_indexes},
    std::to_array<Col<FdRow>>({
        FdsC::col("fd", Type::integer, field<&FdRow::fd>, "descriptor number (from the member name)"),
        FdsC::col_nn("target", Type::text, field<&FdRow::target>, "readlink target, raw bytes as captured"),
        FdsC::col_nn(
            "type", Type::text, [](const FdRow& r) -> db::Value { return v(procfs::link_kind_name(r.rec.kind)); },
            "file, deleted, memfd, socket, pipe, anon_inode, ns, other"),
        FdsC::col_nn("deleted", Type::integer, rec_field<&procfs::LinkTarget::deleted>,
                     "1 when the target ends in \" (deleted)\" (unlinked file or memfd)"),
        FdsC::col("inode", Type::u64, rec_field<&procfs::LinkTarget::inode>,
                  "N of socket:[N], pipe:[N], <ns>:[N] and other <prefix>:[N] targets (joins net_*.inode)"),
        FdsC::col(
            "subtype", Type::text, rec_field<&procfs::LinkTarget::subtype>,
            "anon_inode name ('[eventfd]', '[eventpoll]', 'inotify', ...), memfd name, or the prefix of <prefix>:[N]"),
    }));

void fd(const Member& m, TableSink& sink) {
  check_symlink(m, sink);
  const auto parsed = procfs::parse_fd_link(m.name, m.text());
  report(m, sink, parsed);
  row(sink, m, k_fds, FdRow{parsed.value.fd, m.text(), parsed.value.target});
}

struct FdinfoRow {
  std::optional<std::int64_t> fd;  ///< from the member name
  const procfs::Fdinfo& rec;
  std::string_view flag_names;  ///< procfs::open_flag_names(flags) (used only when flags is known)
};
using FdinfoC = ColsOf<FdinfoRow>;
constexpr Table k_fdinfo(
    TableDecl{.name = "proc_fdinfo",
              .scope = Scope::process,
              .comment = "proc/<pid>/fdinfo/<n>: position, flags and mount of each open descriptor."},
    std::to_array<Col<FdinfoRow>>({
        FdinfoC::col("fd", Type::integer, field<&FdinfoRow::fd>, "descriptor number (from the member name)"),
        FdinfoC::col("pos", Type::integer, rec_field<&procfs::Fdinfo::pos>, "pos: file position (signed loff_t)"),
        FdinfoC::col("flags_raw", Type::text, rec_field<&procfs::Fdinfo::flags_raw>,
                     "flags exactly as written (octal text)"),
        FdinfoC::col("flags", Type::u64, rec_field<&procfs::Fdinfo::flags>,
                     "flags value (f_flags, plus O_CLOEXEC when close-on-exec is set)"),
        FdinfoC::col(
            "access_mode", Type::text,
            [](const FdinfoRow& r) -> db::Value {
              return r.rec.flags ? v(procfs::open_access_mode_name(*r.rec.flags)) : Value{std::monostate{}};
            },
            "O_RDONLY, O_WRONLY, O_RDWR or O_ACCMODE (flags & 3)"),
        FdinfoC::col(
            "flag_names", Type::text,
            [](const FdinfoRow& r) -> db::Value { return r.rec.flags ? v(r.flag_names) : Value{std::monostate{}}; },
            "other O_* bits, '|'-joined (asm-generic values: x86, x86_64, arm64); '' when none"),
        FdinfoC::col("mnt_id", Type::integer, rec_field<&procfs::Fdinfo::mnt_id>,
                     "mount id of the file's mount (joins proc_mountinfo.mount_id)"),
        FdinfoC::col("ino", Type::u64, rec_field<&procfs::Fdinfo::ino>, "inode number (5.11+)"),
    }));

struct FdinfoKvRow {
  std::optional<std::int64_t> fd;  ///< from the member name
  const procfs::FdinfoKv& rec;
};
using FdinfoKvC = ColsOf<FdinfoKvRow>;
constexpr Table k_fdinfo_kv(
    TableDecl{.name = "proc_fdinfo_kv",
              .scope = Scope::process,
              .comment = "Type-specific fdinfo lines (eventfd-count, epoll tfd, inotify, fanotify, signalfd sigmask, "
                         "timerfd, locks, ...)."},
    std::to_array<Col<FdinfoKvRow>>({
        FdinfoKvC::col("fd", Type::integer, field<&FdinfoKvRow::fd>, "descriptor number (from the member name)"),
        FdinfoKvC::col_nn("line", Type::integer, rec_size_field<&procfs::FdinfoKv::line>,
                          "1-based line in the fdinfo member"),
        FdinfoKvC::col_nn("key", Type::text, rec_field<&procfs::FdinfoKv::key>,
                          "text before the first ':' (for 'inotify ...' / 'fanotify ...' lines: that word)"),
        FdinfoKvC::col_nn("value", Type::text, rec_field<&procfs::FdinfoKv::value>,
                          "the rest of the line, trimmed, as written"),
    }));

void fdinfo(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_fdinfo(m.text());
  report(m, sink, parsed);
  const auto fd_number = procfs::parse_i64(m.name);
  const auto& f = parsed.value;
  const std::string names = f.flags ? procfs::open_flag_names(*f.flags) : std::string();
  row(sink, m, k_fdinfo, FdinfoRow{fd_number, f, names});
  for (const auto& kv : f.extra) {
    row(sink, m, k_fdinfo_kv, FdinfoKvRow{fd_number, kv});
  }
}

// ---- ns/<name>, exe/cwd/root, map_files/<range> ----

constexpr IndexDecl k_namespaces_indexes[] = {{"proc_namespaces_inode", "snapshot_id, type, inode"}};
struct NamespaceRow {
  std::string_view name;  ///< the member's name under ns/
  const procfs::NamespaceLink& rec;
  std::string_view target;  ///< the member's bytes (the link target)
};
using NamespacesC = ColsOf<NamespaceRow>;
constexpr Table k_namespaces(
    TableDecl{
        .name = "proc_namespaces",
        .scope = Scope::process,
        .comment =
            "proc/<pid>/ns/<name>: the namespaces the process is in (inode identifies a namespace within one boot).",
        .indexes = k_namespaces_indexes},
    std::to_array<Col<NamespaceRow>>({
        NamespacesC::col_nn(
            "name", Type::text, field<&NamespaceRow::name>,
            "link name: cgroup, ipc, mnt, net, pid, pid_for_children, time, time_for_children, user, uts"),
        NamespacesC::col("type", Type::text, rec_field<&procfs::NamespaceLink::type>,
                         "namespace type from the target ('pid' for pid_for_children)"),
        NamespacesC::col("inode", Type::u64, rec_field<&procfs::NamespaceLink::inode>,
                         "namespace inode from 'type:[inode]'"),
        NamespacesC::col_nn("target", Type::text, field<&NamespaceRow::target>,
                            "readlink target, raw bytes as captured"),
    }));

void ns(const Member& m, TableSink& sink) {
  check_symlink(m, sink);
  const auto parsed = procfs::parse_ns_link(m.name, m.text());
  report(m, sink, parsed);
  row(sink, m, k_namespaces, NamespaceRow{m.name, parsed.value, m.text()});
}

struct LinkRow {
  std::string_view name;    ///< exe, cwd or root: the member path's last component
  std::string_view target;  ///< the member's bytes (the link target)
  const procfs::LinkTarget& rec;
};
using LinksC = ColsOf<LinkRow>;
constexpr Table k_links(
    TableDecl{.name = "proc_links", .scope = Scope::process, .comment = "proc/<pid>/exe, cwd and root links."},
    std::to_array<Col<LinkRow>>({
        LinksC::col_nn("name", Type::text, field<&LinkRow::name>, "'exe', 'cwd' or 'root'"),
        LinksC::col_nn("target", Type::text, field<&LinkRow::target>, "readlink target, raw bytes as captured"),
        LinksC::col_nn(
            "type", Type::text, [](const LinkRow& r) -> db::Value { return v(procfs::link_kind_name(r.rec.kind)); },
            "file, deleted, memfd, other (as proc_fds.type)"),
        LinksC::col_nn("deleted", Type::integer, rec_field<&procfs::LinkTarget::deleted>,
                       "1 when the target ends in \" (deleted)\": e.g. a running binary that was replaced or removed"),
    }));

void process_link(const Member& m, TableSink& sink) {
  check_symlink(m, sink);
  const auto parsed = procfs::classify_link_target(m.text());
  report(m, sink, parsed);
  row(sink, m, k_links, LinkRow{last_component(m.path), m.text(), parsed.value});
}

struct MapFileRow {
  std::string_view name;  ///< the member's name under map_files/
  const procfs::MapFilesLink& rec;
  std::string_view target;  ///< the member's bytes (the link target)
};
using MapFilesC = ColsOf<MapFileRow>;
constexpr Table k_map_files(
    TableDecl{
        .name = "proc_map_files",
        .scope = Scope::process,
        .comment = "proc/<pid>/map_files/<start>-<end>: the file behind each file-backed mapping, by address range."},
    std::to_array<Col<MapFileRow>>({
        MapFilesC::col_nn("name", Type::text, field<&MapFileRow::name>,
                          "member name, '<start>-<end>' in lower-case hex"),
        MapFilesC::col(
            "start_addr", Type::u64, [](const MapFileRow& r) -> db::Value { return v(r.rec.range.start); },
            "start address (u64 representation as in proc_maps)"),
        MapFilesC::col(
            "end_addr", Type::u64, [](const MapFileRow& r) -> db::Value { return v(r.rec.range.end); }, "end address"),
        MapFilesC::col_nn("target", Type::text, field<&MapFileRow::target>, "readlink target, raw bytes as captured"),
        MapFilesC::col_nn(
            "type", Type::text,
            [](const MapFileRow& r) -> db::Value { return v(procfs::link_kind_name(r.rec.target.kind)); },
            "file, deleted, memfd, anon_inode, other (as proc_fds.type)"),
        MapFilesC::col_nn(
            "deleted", Type::integer, [](const MapFileRow& r) -> db::Value { return v(r.rec.target.deleted); },
            "1 when the target ends in \" (deleted)\""),
    }));

void map_files(const Member& m, TableSink& sink) {
  check_symlink(m, sink);
  const auto parsed = procfs::parse_map_files_link(m.name, m.text());
  report(m, sink, parsed);
  row(sink, m, k_map_files, MapFileRow{m.name, parsed.value, m.text()});
}

constexpr std::array<Handler, 15> k_handlers{{
    {"proc/<pid>/maps", maps},
    {"proc/<pid>/smaps", smaps},
    {"proc/<pid>/smaps_rollup", smaps_rollup},
    {"proc/<pid>/numa_maps", numa_maps},
    {"proc/<pid>/mountinfo", mountinfo},
    {"proc/<pid>/mounts", mounts},
    {"proc/mounts", mounts},
    {"proc/<pid>/mountstats", mountstats},
    {"proc/<pid>/fd/<n>", fd},
    {"proc/<pid>/fdinfo/<n>", fdinfo},
    {"proc/<pid>/ns/<name>", ns},
    {"proc/<pid>/exe", process_link},
    {"proc/<pid>/cwd", process_link},
    {"proc/<pid>/root", process_link},
    {"proc/<pid>/map_files/<name>", map_files},
}};

}  // namespace

std::span<const Handler> proc_memory_handlers() { return k_handlers; }

TableGroup proc_memory_group() {
  return TableGroup{
      .file = "20_proc_memory.sql",
      .header = k_header,
      .tables = {k_maps.declaration(), k_smaps.declaration(), k_smaps_rollup.declaration(), k_smaps_extra.declaration(),
                 k_mountinfo.declaration(), k_mounts.declaration(), k_mountstats.declaration(), k_fds.declaration(),
                 k_fdinfo.declaration(), k_fdinfo_kv.declaration(), k_namespaces.declaration(), k_links.declaration(),
                 k_map_files.declaration(), k_numa_maps.declaration()},
  };
}

}  // namespace procsnap::importer
