#pragma once
// procsnap mem yara: YARA rules (libyara) over the memory captured with procsnap-collect --mem (cli/mem_yara.cpp).
#include <CLI/CLI.hpp>

namespace procsnap::cli {

/// Registers `yara` under the `mem` subcommand; its callback stores the exit code (0 match, 1 none, 2 trouble) in
/// `rc`.
void add_mem_yara_command(CLI::App& mem, int& rc);

}  // namespace procsnap::cli
