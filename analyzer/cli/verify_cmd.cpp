// procsnap verify ARCHIVE
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "importer/importer.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <memory>

namespace procsnap::cli {

namespace {
struct VerifyArgs {
  std::string archive;
  std::size_t max_findings = 50;
  importer::Limits limits;
};
}  // namespace

void add_verify_command(CLI::App& app, int& rc) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand("verify", "check an archive's header, manifest hashes and trailer (no database)");
  cmd->add_option("archive", args->archive, "archive file ('-' = stdin)")->required();
  cmd->add_option("--max-findings", args->max_findings, "findings to print")->capture_default_str();
  add_limit_options(*cmd, args->limits);
  cmd->footer(
      "Streams the archive once: every member's SHA-256 and size against its manifest line, every manifest chunk\n"
      "against trailer.json, and the format's reader rules (names, member kinds, caps).\n"
      "Exit code: 0 verified, 3 incomplete (no trailer / truncated), 4 hash mismatch (altered, missing or\n"
      "unlisted members or chunks), 5 refused (breaks the reader rules), 1 cannot read the file.\n\n"
      "Examples:\n"
      "  procsnap verify host1.tar.zst && echo intact\n"
      "  procsnap verify --max-findings 1000 suspicious.tar.zst\n");
  cmd->callback([args, &rc] {
    if (args->archive != "-" && ::access(args->archive.c_str(), R_OK) != 0) {
      fmt::print(stderr, "procsnap verify: cannot read {}\n", escape_terminal(args->archive));
      rc = to_int(ExitCode::error);
      return;
    }
    const auto rep = importer::verify_archive(args->archive, args->limits, args->max_findings);
    if (rep.refused) {
      fmt::print("{}: REFUSED: {}\n", escape_terminal(args->archive), escape_terminal(rep.error));
      rc = to_int(ExitCode::refused);
      return;
    }
    const auto& c = rep.counts;
    fmt::print("archive     {}\n", escape_terminal(args->archive));
    fmt::print("sha256      {}\n", rep.archive_sha256);
    fmt::print("container   {}\n", rep.container);
    fmt::print("host        {}\n", escape_terminal(rep.hostname));
    fmt::print("captured    {}\n", escape_terminal(rep.captured_at));
    fmt::print("members     {} ({} manifest lines, {} processes)\n", c.members, c.lines, c.processes);
    fmt::print("checked     {} ok, {} mismatched, {} missing, {} unlisted, {} unverified, {} bad manifest lines\n",
               c.ok, c.mismatched, c.missing, c.unlisted, c.unverified, c.bad_lines);
    if (!rep.error.empty()) fmt::print("damage      {}\n", escape_terminal(rep.error));
    fmt::print("state       {}\n", rep.state);
    if (!rep.findings.empty()) {
      fmt::print("findings ({} total):\n", rep.findings_total);
      for (const auto& [p, m] : rep.findings) {
        fmt::print("  {}: {}\n", p.empty() ? std::string("(archive)") : escape_terminal(p), escape_terminal(m));
      }
      if (rep.findings_total > rep.findings.size()) {
        fmt::print("  ... {} more (--max-findings)\n", rep.findings_total - rep.findings.size());
      }
    }
    rc = rep.state == "verified"     ? to_int(ExitCode::ok)
         : rep.state == "incomplete" ? to_int(ExitCode::incomplete)
                                     : to_int(ExitCode::hash_mismatch);
  });
}

}  // namespace procsnap::cli
