#pragma once
// /proc/<pid>/stack (root only, CONFIG_STACKTRACE): the task's kernel stack, one frame per line:
//   "[<addr>] symbol+0xoffset/0xsize [module]"
// Since 4.19 the address is hidden as "<0>" for everyone; older kernels print the real address.
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct ProcStackFrame {
  std::size_t index = 0;                 ///< 0 = innermost frame
  std::string frame;                     ///< the whole line as written
  std::optional<std::uint64_t> address;  ///< the bracketed address (0 when hidden)
  std::optional<std::string> symbol;     ///< function name
  std::optional<std::uint64_t> offset;   ///< offset into the function
  std::optional<std::uint64_t> size;     ///< function size
  std::optional<std::string> module;     ///< module name for frames in a module
};

struct ProcStack {
  std::vector<ProcStackFrame> frames;
};

[[nodiscard]] Parsed<ProcStack> parse_proc_stack(std::string_view text);

}  // namespace procsnap::procfs
