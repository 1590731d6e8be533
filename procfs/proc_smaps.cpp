#include "procfs/proc_smaps.hpp"

#include <array>

#include "procfs/numbers.hpp"

namespace procsnap::procfs {

using memory_detail::finish_limited;
using memory_detail::warn_limited;

namespace {

using C = SmapsCounters;

// Order and names from fs/proc/task_mmu.c (__show_smap, show_smap, show_smaps_rollup).
constexpr std::array<SmapsField, 27> k_fields{{
    {"Size", "size_kb", &C::size, true},
    {"KernelPageSize", "kernel_page_size_kb", &C::kernel_page_size, true},
    {"MMUPageSize", "mmu_page_size_kb", &C::mmu_page_size, true},
    {"Rss", "rss_kb", &C::rss, true},
    {"Pss", "pss_kb", &C::pss, true},
    {"Pss_Dirty", "pss_dirty_kb", &C::pss_dirty, true},
    {"Pss_Anon", "pss_anon_kb", &C::pss_anon, true},
    {"Pss_File", "pss_file_kb", &C::pss_file, true},
    {"Pss_Shmem", "pss_shmem_kb", &C::pss_shmem, true},
    {"Shared_Clean", "shared_clean_kb", &C::shared_clean, true},
    {"Shared_Dirty", "shared_dirty_kb", &C::shared_dirty, true},
    {"Private_Clean", "private_clean_kb", &C::private_clean, true},
    {"Private_Dirty", "private_dirty_kb", &C::private_dirty, true},
    {"Referenced", "referenced_kb", &C::referenced, true},
    {"Anonymous", "anonymous_kb", &C::anonymous, true},
    {"KSM", "ksm_kb", &C::ksm, true},
    {"LazyFree", "lazy_free_kb", &C::lazy_free, true},
    {"AnonHugePages", "anon_huge_pages_kb", &C::anon_huge_pages, true},
    {"ShmemPmdMapped", "shmem_pmd_mapped_kb", &C::shmem_pmd_mapped, true},
    {"FilePmdMapped", "file_pmd_mapped_kb", &C::file_pmd_mapped, true},
    {"Shared_Hugetlb", "shared_hugetlb_kb", &C::shared_hugetlb, true},
    {"Private_Hugetlb", "private_hugetlb_kb", &C::private_hugetlb, true},
    {"Swap", "swap_kb", &C::swap, true},
    {"SwapPss", "swap_pss_kb", &C::swap_pss, true},
    {"Locked", "locked_kb", &C::locked, true},
    {"THPeligible", "thp_eligible", &C::thp_eligible, false},
    {"ProtectionKey", "protection_key", &C::protection_key, false},
}};

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

/// A region header: the first token (up to the first space) is no "Key:", starts with a hex digit and holds '-'.
bool is_region_header(std::string_view first) {
  return !first.empty() && first.back() != ':' && is_hex_digit(first.front()) &&
         first.find('-') != std::string_view::npos;
}

std::string_view first_token(std::string_view line) { return line.substr(0, std::min(line.find(' '), line.size())); }

/// How many region headers `text` holds, by the parser's own test: the regions vector is reserved once (a region is
/// some 800 bytes; growing by doubling moved each one about twice, a tenth of an import's time).
std::size_t count_region_headers(std::string_view text) {
  std::size_t n = 0;
  memory_detail::for_each_line(text, [&](std::string_view line, std::size_t) {
    if (is_region_header(first_token(line))) {
      ++n;
    }
  });
  return n;
}

}  // namespace

std::span<const SmapsField> smaps_fields() { return k_fields; }

bool SmapsRegion::has_vm_flag(std::string_view flag) const {
  if (!vm_flags || flag.empty()) {
    return false;
  }
  // Flags are separated by single spaces; scan without building a token vector (VmFlags may be hostile).
  const std::string_view all = *vm_flags;
  std::size_t i = 0;
  while (i < all.size()) {
    const std::size_t e = std::min(all.find(' ', i), all.size());
    if (all.substr(i, e - i) == flag) {
      return true;
    }
    i = e + 1;
  }
  return false;
}

Parsed<std::vector<SmapsRegion>> parse_proc_smaps(std::string_view text) {
  Parsed<std::vector<SmapsRegion>> r;
  r.value.reserve(count_region_headers(text));
  std::size_t suppressed = 0;
  std::size_t lineno = 0;
  std::uint32_t seen = 0;  // bit i: k_fields[i] already appeared in the current region (even if unparsable)
  static_assert(k_fields.size() <= 32);
  memory_detail::for_each_line(text, [&](std::string_view line, std::size_t number) {
    lineno = number;
    const std::string_view first = first_token(line);
    const std::size_t first_end = first.size();
    if (first.empty()) {
      warn_limited(r, suppressed, lineno, line, line.empty() ? "empty line" : "line starts with a space");
      return;
    }
    if (first.back() == ':') {
      const std::string_view key = first.substr(0, first.size() - 1);
      const std::string_view value = trim(line.substr(first_end));
      if (r.value.empty()) {
        warn_limited(r, suppressed, lineno, line, "counter before any region header: dropped");
        return;
      }
      SmapsRegion& reg = r.value.back();
      if (key == "VmFlags") {
        if (reg.vm_flags) {
          warn_limited(r, suppressed, lineno, line, "duplicate VmFlags: first kept");
        } else {
          reg.vm_flags = std::string(value);
        }
        return;
      }
      const SmapsField* field = nullptr;
      for (const auto& f : k_fields) {
        if (f.key == key) {
          field = &f;
          break;
        }
      }
      if (field == nullptr) {
        reg.extra.emplace_back(std::string(key), std::string(value));
        return;
      }
      auto& slot = reg.counters.*(field->member);
      const std::uint32_t bit = 1U << static_cast<unsigned>(field - k_fields.data());
      if ((seen & bit) != 0) {
        warn_limited(r, suppressed, lineno, line, "duplicate " + std::string(key) + ": first kept");
        return;
      }
      seen |= bit;
      bool extra_fields = false;
      const auto toks = memory_detail::split_ws_max(value, 2, extra_fields);
      const bool shape_ok = !extra_fields && (field->kb ? (toks.size() == 2 && toks[1] == "kB") : toks.size() == 1);
      if (!shape_ok) {
        warn_limited(r, suppressed, lineno, line,
                     std::string(key) + (field->kb ? ": expected '<number> kB'" : ": expected a number"));
      }
      if (!toks.empty()) {
        slot = parse_u64(toks[0]);
        if (!slot) {
          warn_limited(r, suppressed, lineno, line, std::string(key) + ": not a number that fits 64 bits");
        }
      }
      return;
    }
    if (is_region_header(first)) {
      SmapsRegion& reg = r.value.emplace_back();
      reg.header.line = lineno;
      for (const auto& m : parse_maps_line(line, reg.header)) {
        warn_limited(r, suppressed, lineno, line, m);
      }
      seen = 0;
      return;
    }
    warn_limited(r, suppressed, lineno, line, "neither a region header nor a 'Key:' line");
  });
  finish_limited(r, suppressed);
  return r;
}

Parsed<std::optional<SmapsRegion>> parse_proc_smaps_rollup(std::string_view text) {
  auto all = parse_proc_smaps(text);
  Parsed<std::optional<SmapsRegion>> r;
  r.diagnostics = std::move(all.diagnostics);
  if (all.value.empty()) {
    r.warn(0, text.substr(0, 80), "no [rollup] header line");
    return r;
  }
  if (all.value.size() > 1) {
    r.warn(all.value[1].header.line, all.value[1].header.start_hex, "more than one header line: first kept");
  }
  r.value = std::move(all.value.front());
  return r;
}

}  // namespace procsnap::procfs
