#pragma once
// /proc/modules (kernel/module/procfs.c m_show): one line per loaded module:
//   name size refcount used_by state address [taints]
// refcount is "-" and used_by "-" without CONFIG_MODULE_UNLOAD; used_by is "a,b," (trailing comma, may include
// "[permanent]") or "-" when unused; state is Live, Loading or Unloading; address is "0x%px" of the text
// section (all zeros when kptr_restrict hides it); taints, when any, is "(OE)" style (module_flags()).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct Module {
  std::size_t line = 0;
  std::string name;
  std::optional<std::uint64_t> size;       ///< bytes of module memory
  std::optional<std::int64_t> refcount;    ///< nullopt when printed as "-" (no CONFIG_MODULE_UNLOAD) or unparsable
  std::optional<std::string> used_by_raw;  ///< the field as printed ("-", "nf_nat,xt_MASQUERADE,")
  std::vector<std::string> used_by;        ///< module names using this one ("[permanent]" kept as an entry)
  std::optional<std::string> state;        ///< "Live", "Loading", "Unloading"
  std::optional<std::uint64_t> address;    ///< load address (0 when hidden by kptr_restrict)
  std::optional<std::string> taints;       ///< taint letters without parentheses, e.g. "OE"; nullopt when none
};

struct Modules {
  std::vector<Module> modules;
};

[[nodiscard]] Parsed<Modules> parse_system_modules(std::string_view text);

}  // namespace procsnap::procfs
