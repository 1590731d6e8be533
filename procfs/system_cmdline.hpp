#pragma once
// /proc/cmdline: the kernel command line, one line. Split into parameters the way the kernel does
// (kernel/params.c next_arg): whitespace separates parameters except inside double quotes; "key=value" splits
// at the first '='; quotes around the value (or the whole parameter) are removed. Everything after a lone "--"
// is passed to init, not interpreted by the kernel.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct CmdlineParam {
  std::size_t position = 0;          ///< 0-based position among the parameters (the "--" itself is not one)
  std::string raw;                   ///< the parameter as written, quotes included
  std::string key;                   ///< "root", "console", "rd.luks.uuid"
  std::optional<std::string> value;  ///< text after the first '=', quotes removed; nullopt for bare flags
  bool init_arg = false;             ///< after "--": an argument for init, not a kernel parameter
};

/// Parameters kept as records: more than any kernel can hand on (a command line is at most a few KiB per
/// architecture plus a bootconfig of at most 32 KiB, so some 18,000 one-character parameters), so a longer list is
/// a forged file; the rest stay in `text` and in the raw member, and a diagnostic counts them.
inline constexpr std::size_t k_cmdline_max_params = 65536;

struct KernelCmdline {
  std::string text;  ///< the whole line without the trailing newline (raw bytes)
  std::vector<CmdlineParam> params;
};

[[nodiscard]] Parsed<KernelCmdline> parse_system_cmdline(std::string_view text);

}  // namespace procsnap::procfs
