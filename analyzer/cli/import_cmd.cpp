// procsnap import [--db FILE] [--clk-tck N] ARCHIVE...
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "importer/database.hpp"
#include "importer/importer.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <memory>
#include <string>

namespace procsnap::cli {

namespace {
struct ImportArgs {
  std::string db = k_default_db;
  std::vector<std::string> archives;
  bool progress = false;
  bool quiet = false;
  importer::Limits limits;
  std::int64_t clk_tck = 0;  ///< --clk-tck; 0 = not given (the validator accepts 1..k_max_clk_tck only)
};

// --clk-tck: a whole number of clock ticks per second, 1..k_max_clk_tck (checked on the text: no sign, no fraction,
// no overflow).
std::string check_clk_tck(const std::string& text) {
  const std::string why = fmt::format(
      "must be a whole number of clock ticks per second from 1 to {} (Linux USER_HZ is 100; 1024 on alpha), "
      "not '{}'",
      importer::k_max_clk_tck, escape_terminal(text.substr(0, 40)));
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return why;
  const long n = std::stol(text);
  return n >= 1 && n <= importer::k_max_clk_tck ? std::string() : why;
}

std::string human_bytes(std::uint64_t b) {
  if (b >= (1ull << 30)) return fmt::format("{:.1f} GiB", static_cast<double>(b) / (1ull << 30));
  if (b >= (1ull << 20)) return fmt::format("{:.1f} MiB", static_cast<double>(b) / (1ull << 20));
  if (b >= (1ull << 10)) return fmt::format("{:.1f} KiB", static_cast<double>(b) / (1ull << 10));
  return fmt::format("{} B", b);
}
}  // namespace

void add_limit_options(CLI::App& cmd, importer::Limits& l) {
  cmd.add_option("--max-members", l.max_members, "refuse archives with more members than this")
      ->capture_default_str();
  cmd.add_option("--max-member-bytes", l.max_member_bytes, "refuse a member larger than this (bytes)")
      ->capture_default_str();
  cmd.add_option("--max-total-bytes", l.max_total_bytes, "refuse archives larger than this uncompressed (bytes)")
      ->capture_default_str();
  cmd.add_option("--max-ratio", l.max_ratio,
                 "refuse archives whose compression ratio exceeds this (decompression bomb), once 64 MiB were "
                 "decompressed")
      ->capture_default_str();
}

void add_import_command(CLI::App& app, int& rc) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand("import", "import snapshot archives into a database (verify + parse)");
  cmd->add_option("--db", args->db, "database file (created when missing)")->capture_default_str();
  cmd->add_option("archives", args->archives, "archive files (.tar.zst, .tar.gz, .tar; '-' = stdin)")->required();
  cmd->add_flag("--progress", args->progress, "show progress on stderr even when it is not a terminal");
  cmd->add_flag("-q,--quiet", args->quiet, "print only errors");
  add_limit_options(*cmd, args->limits);
  cmd->add_option("--clk-tck", args->clk_tck,
                  fmt::format("clock ticks per second (USER_HZ, 1..{}) of the /proc tick counts, stored for every "
                              "archive of this import instead of the one its header gives (or lacks): start times "
                              "and CPU times in the views are computed with it",
                              importer::k_max_clk_tck))
      ->check(CLI::Validator(check_clk_tck, "N"))
      ->type_name("N");
  cmd->footer(
      "Each archive is imported in one transaction: a refused or failed import leaves the database exactly as it\n"
      "was, and importing the same archive again (same SHA-256) does nothing. Every member is checked against the\n"
      "manifest and the trailer; the snapshot's state is 'verified', 'incomplete' (no trailer / truncated: what was\n"
      "read is kept) or 'hash-mismatch' (see members.verify and import_issues). Archives that break the format's\n"
      "reader rules (bad names, links, devices, duplicates, caps) are refused. Raw member bytes are kept in\n"
      "members.data; parser warnings go to import_issues.\n"
      "The database uses a rollback journal (journal_mode=DELETE, synchronous=FULL): one self-contained file.\n"
      "Clock ticks: /proc counts times (process start, CPU time) in ticks of USER_HZ. A capture of the live /proc\n"
      "records the rate in its header; a capture of a relocated tree (procsnap-collect --proc-root) cannot know\n"
      "it, and 100 is assumed: USER_HZ is 100 on every architecture Linux runs on except alpha (1024). Use\n"
      "--clk-tck N when the tree came from a host with another rate. snapshots.clk_tck_source says which was\n"
      "used: 'header', 'assumed' or 'option'.\n\n"
      "Examples:\n"
      "  procsnap import host1.tar.zst                     # into ./procsnap.db\n"
      "  procsnap import --db case42.db captures/*.tar.zst\n"
      "  ssh host1 procsnap-collect -o - | procsnap import -\n");
  cmd->callback([args, &rc] {
    const bool show_progress = args->progress || ::isatty(STDERR_FILENO) == 1;
    db::Connection conn = importer::open_for_import(args->db);
    int result = to_int(ExitCode::ok);
    for (const auto& path : args->archives) {
      importer::ImportOptions opt;
      opt.limits = args->limits;
      if (args->clk_tck > 0) opt.clk_tck = args->clk_tck;
      bool printed_progress = false;
      if (show_progress && !args->quiet) {
        opt.progress = [&](const importer::ImportProgress& p) {
          std::string pct = p.file_bytes ? fmt::format(" {:3}%", p.compressed_bytes * 100 / p.file_bytes) : "";
          fmt::print(stderr, "\r{}:{} {} members, {} read, {} rows   ", escape_terminal(path), pct, p.members,
                     human_bytes(p.compressed_bytes), p.rows);
          printed_progress = true;
        };
      }
      importer::ImportResult r;
      try {
        r = importer::import_archive(conn, path, opt);
      } catch (const db::Error& e) {
        if (printed_progress) fmt::print(stderr, "\n");
        fmt::print(stderr, "procsnap import: {}: database error, nothing imported: {}\n", escape_terminal(path),
                   e.what());
        result = to_int(ExitCode::error);
        continue;
      }
      if (printed_progress) fmt::print(stderr, "\r\033[K");
      switch (r.outcome) {
        case importer::ImportOutcome::imported:
          if (!args->quiet) {
            fmt::print("{}: imported as snapshot {} - {} ({} members, {} rows, {} issues, {:.2f} s)\n",
                       escape_terminal(path), r.snapshot_id, r.state, r.members, r.rows + r.member_rows, r.issues,
                       r.seconds);
            if (r.state != "verified") {
              fmt::print("  {} mismatched, {} missing, {} unlisted, {} unverified{}\n", r.counts.mismatched,
                         r.counts.missing, r.counts.unlisted, r.counts.unverified,
                         r.message.empty() ? "" : "; " + escape_terminal(r.message));
              fmt::print("  details: procsnap query --db {} \"SELECT path, message FROM import_issues WHERE "
                         "snapshot_id = {}\"\n",
                         escape_terminal(args->db), r.snapshot_id);
            }
          }
          break;
        case importer::ImportOutcome::already_present:
          if (!args->quiet) fmt::print("{}: {}\n", escape_terminal(path), r.message);
          break;
        case importer::ImportOutcome::refused:
          fmt::print(stderr, "procsnap import: {}: refused, nothing imported: {}\n", escape_terminal(path),
                     escape_terminal(r.message));
          result = to_int(ExitCode::error);
          break;
      }
    }
    rc = result;
  });
}

}  // namespace procsnap::cli
