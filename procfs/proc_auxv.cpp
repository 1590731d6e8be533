#include "procfs/proc_auxv.hpp"

#include <string>
#include <utility>

namespace procsnap::procfs {

namespace {

// include/uapi/linux/auxvec.h, arch/*/include/uapi/asm/auxvec.h (values are shared across architectures
// except the arch-specific cache/vdso ones, named after their x86/powerpc/arm64 meaning).
constexpr std::pair<std::uint64_t, std::string_view> k_names[] = {
    {0, "AT_NULL"},
    {1, "AT_IGNORE"},
    {2, "AT_EXECFD"},
    {3, "AT_PHDR"},
    {4, "AT_PHENT"},
    {5, "AT_PHNUM"},
    {6, "AT_PAGESZ"},
    {7, "AT_BASE"},
    {8, "AT_FLAGS"},
    {9, "AT_ENTRY"},
    {10, "AT_NOTELF"},
    {11, "AT_UID"},
    {12, "AT_EUID"},
    {13, "AT_GID"},
    {14, "AT_EGID"},
    {15, "AT_PLATFORM"},
    {16, "AT_HWCAP"},
    {17, "AT_CLKTCK"},
    {18, "AT_FPUCW"},
    {19, "AT_DCACHEBSIZE"},
    {20, "AT_ICACHEBSIZE"},
    {21, "AT_UCACHEBSIZE"},
    {22, "AT_IGNOREPPC"},
    {23, "AT_SECURE"},
    {24, "AT_BASE_PLATFORM"},
    {25, "AT_RANDOM"},
    {26, "AT_HWCAP2"},
    {27, "AT_RSEQ_FEATURE_SIZE"},
    {28, "AT_RSEQ_ALIGN"},
    {29, "AT_HWCAP3"},
    {30, "AT_HWCAP4"},
    {31, "AT_EXECFN"},
    {32, "AT_SYSINFO"},
    {33, "AT_SYSINFO_EHDR"},
    {34, "AT_L1I_CACHESHAPE"},
    {35, "AT_L1D_CACHESHAPE"},
    {36, "AT_L2_CACHESHAPE"},
    {37, "AT_L3_CACHESHAPE"},
    {40, "AT_L1I_CACHESIZE"},
    {41, "AT_L1I_CACHEGEOMETRY"},
    {42, "AT_L1D_CACHESIZE"},
    {43, "AT_L1D_CACHEGEOMETRY"},
    {44, "AT_L2_CACHESIZE"},
    {45, "AT_L2_CACHEGEOMETRY"},
    {46, "AT_L3_CACHESIZE"},
    {47, "AT_L3_CACHEGEOMETRY"},
    {51, "AT_MINSIGSTKSZ"},
};

std::uint64_t load_le64(std::string_view b, std::size_t off) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(b[off + i])) << (8 * i);
  }
  return v;
}

}  // namespace

std::string_view auxv_type_name(std::uint64_t type) {
  for (const auto& [t, n] : k_names) {
    if (t == type) {
      return n;
    }
  }
  return {};
}

Parsed<ProcAuxv> parse_proc_auxv(std::string_view bytes) {
  Parsed<ProcAuxv> r;
  const std::size_t pairs = bytes.size() / 16;
  bool ended = false;
  std::size_t i = 0;
  for (; i < pairs; ++i) {
    ProcAuxvEntry e;
    e.index = i;
    e.type = load_le64(bytes, i * 16);
    e.value = load_le64(bytes, i * 16 + 8);
    if (const auto n = auxv_type_name(e.type); !n.empty()) {
      e.name = std::string(n);
    }
    r.value.entries.push_back(std::move(e));
    if (r.value.entries.back().type == 0) {
      ended = true;
      ++i;
      break;
    }
  }
  if (ended && i < pairs) {
    // The kernel stops at AT_NULL; bytes after it are not part of an auxv it wrote.
    bool nonzero = false;
    for (std::size_t off = i * 16; off < bytes.size(); ++off) {
      nonzero = nonzero || bytes[off] != '\0';
    }
    if (nonzero) {
      r.warn(0, bytes.substr(i * 16, 32), "data after AT_NULL (ignored)");
    }
  } else if (!ended && !bytes.empty()) {
    r.warn(0, {}, "no AT_NULL terminator (truncated auxv, or not 64-bit little-endian)");
  }
  if (bytes.size() % 16 != 0 && !ended) {
    r.warn(0, bytes.substr(pairs * 16), "truncated: " + std::to_string(bytes.size() % 16) +
                                            " trailing byte(s) do not form a (type, value) pair");
  }
  return r;
}

}  // namespace procsnap::procfs
