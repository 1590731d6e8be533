#pragma once
// procsnap's exit codes, one enum for every subcommand (documented in `procsnap --help`).
#include <string_view>

namespace procsnap::cli {

enum class ExitCode : int {
  ok = 0,             ///< success (verify: the archive verified completely)
  error = 1,          ///< an error: database, I/O, a refused or failed import, a failed query
  usage = 2,          ///< bad command line
  incomplete = 3,     ///< verify: no trailer / stream ended early (capture did not finish)
  hash_mismatch = 4,  ///< verify: a member or chunk does not match the manifest / trailer, or is missing/unlisted
  refused = 5,        ///< verify: the archive breaks a reader rule (bad name, kind, cap, not a procsnap archive)
  conflict = 6,       ///< push: the server holds a snapshot with the same SHA-256 but other content (refused)
};

[[nodiscard]] constexpr int to_int(ExitCode c) { return static_cast<int>(c); }

/// The table printed in --help.
[[nodiscard]] std::string_view exit_codes_help();

}  // namespace procsnap::cli
