#pragma once
// /proc/<pid>/cmdline: the argv area of the process, arguments separated (and normally terminated) by NUL.
// It is whatever the process left in that memory: setproctitle() rewrites it as one space-separated string,
// often without a terminating NUL or padded with NULs up to the old length; kernel threads and zombies give an
// empty file. Arguments are bytes (not necessarily UTF-8). Rules (the same as prometheus/procfs):
//  - trailing NULs are padding: they end the last argument and never produce empty arguments;
//  - NULs inside split arguments (empty arguments in the middle are kept);
//  - a single argument holding spaces is flagged `setproctitle` (a hint: a path may hold a space too) and kept
//    whole (splitting on spaces would invent arguments). The raw bytes are always kept by the importer.
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

struct ProcCmdline {
  std::vector<std::string> args;  ///< argv[0..], bytes as stored
  bool trailing_nul = false;      ///< the content ended with a NUL (the normal kernel-made case)
  std::size_t padding_nuls = 0;   ///< NULs after the first terminating one (setproctitle padding)
  bool setproctitle = false;      ///< looks rewritten: one argument containing spaces
};

/// Splits NUL-separated strings (cmdline, environ) with the padding rules above.
[[nodiscard]] std::vector<std::string> split_nul_list(std::string_view text, bool& trailing_nul,
                                                      std::size_t& padding_nuls);

[[nodiscard]] Parsed<ProcCmdline> parse_proc_cmdline(std::string_view text);

}  // namespace procsnap::procfs
