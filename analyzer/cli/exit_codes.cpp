#include "cli/exit_codes.hpp"

namespace procsnap::cli {

std::string_view exit_codes_help() {
  return "Exit codes:\n"
         "  0  success (verify: archive verified)\n"
         "  1  error (database, I/O, refused or failed import, failed query)\n"
         "  2  usage error\n"
         "  3  verify: incomplete archive (no trailer, or the stream ended early)\n"
         "  4  verify: hash mismatch (altered, missing or unlisted members or manifest chunks)\n"
         "  5  verify: refused (breaks the format's reader rules, or not a procsnap archive)\n"
         "  6  push: a snapshot on the server has the same SHA-256 but other content (refused)\n"
         "  diff follows diff(1): 0 no differences, 1 differences found, 2 error or usage\n"
         "  mem grep follows grep(1): 0 a match, 1 no match, 2 error or usage\n"
         "  10 triage: findings at or above --min-severity exist\n";
}

}  // namespace procsnap::cli
