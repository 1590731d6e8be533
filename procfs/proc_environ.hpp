#pragma once
// /proc/<pid>/environ: the initial environment (the envp area, not later setenv() calls), NUL-separated
// "KEY=value" strings; bytes, not necessarily UTF-8. Same padding rules as cmdline (split_nul_list). An entry
// without '=' is kept with no value; the key is everything before the FIRST '=' (values may contain '=').
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct ProcEnvironVar {
  std::string key;                   ///< text before the first '=' (the whole entry when there is none)
  std::optional<std::string> value;  ///< text after the first '='; nullopt when the entry has no '='
};

struct ProcEnviron {
  std::vector<ProcEnvironVar> vars;  ///< in file order (duplicates kept: the process can see both)
  bool trailing_nul = false;
  std::size_t padding_nuls = 0;
};

[[nodiscard]] Parsed<ProcEnviron> parse_proc_environ(std::string_view text);

}  // namespace procsnap::procfs
