#pragma once
// /proc/<pid>/auxv: the ELF auxiliary vector the kernel gave the program at exec, as binary (type, value) pairs
// of native words. procsnap decodes 64-bit little-endian words (x86-64, arm64, riscv64 ...); the vector ends at
// AT_NULL. A length that is not a multiple of 16 is truncated input: whole pairs are kept, plus a diagnostic.
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct ProcAuxvEntry {
  std::size_t index = 0;               ///< position in the vector (0-based)
  std::uint64_t type = 0;              ///< a_type
  std::optional<std::string> name;     ///< "AT_PAGESZ", ...; nullopt for types procsnap does not know
  std::uint64_t value = 0;             ///< a_un.a_val
};

struct ProcAuxv {
  std::vector<ProcAuxvEntry> entries;  ///< up to and including AT_NULL
};

/// Name of an AT_* type, empty when unknown.
[[nodiscard]] std::string_view auxv_type_name(std::uint64_t type);

[[nodiscard]] Parsed<ProcAuxv> parse_proc_auxv(std::string_view bytes);

}  // namespace procsnap::procfs
