// procsnap triage [--db FILE] SNAPSHOT [--format text|json] [--min-severity low|medium|high] [--max-rows N]
// [--list]: runs the embedded checks (analyzer/triage/checks/*.sql) against one snapshot.
#include <fmt/format.h>

#include <map>
#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "db/snapshot_selector.hpp"
#include "importer/database.hpp"
#include "triage/triage.hpp"

namespace procsnap::cli {

namespace {

// Findings at or above --min-severity exist. Distinct from every ExitCode so a pipeline can tell "something to
// look at" (10) from "could not look" (1).
constexpr int k_findings = 10;

struct TriageArgs {
  std::string db = k_default_db;
  std::string snapshot = "latest";
  std::string format = "text";
  std::string min_severity = "low";
  std::size_t max_rows = 50;
  bool list = false;
};

constexpr const char* k_footer =
    "\nSNAPSHOT: an id, 'latest' (default), HOST@TIME, or a prefix (>= 6 hex digits) of the archive's SHA-256.\n\n"
    "Each check is one SQL file compiled into procsnap (analyzer/triage/checks/<id>.sql): a header with id, title,\n"
    "severity, MITRE ATT&CK technique, why it matters and benign look-alikes, then the query returning the\n"
    "evidence rows. A finding is evidence with an explanation, not a verdict. --list prints the checks.\n\n"
    "Output: text grouped by severity (high first), evidence values escaped for the terminal; --format json\n"
    "prints one object: {snapshot:{id,hostname,captured_at,state,kernel_release}, min_severity, checks_run,\n"
    "findings:[{id,title,severity,mitre,why,benign,total_rows,columns:[..],rows:[{column:value}]}],\n"
    "failures:[{id,message}]} (text values exact and lossless as in `procsnap query --format json`).\n\n"
    "Exit codes:\n"
    "  0   no finding at or above --min-severity\n"
    "  10  findings at or above --min-severity exist\n"
    "  1   error (database, unknown snapshot, or a check could not run and nothing was found)\n"
    "  2   usage error\n\n"
    "Examples:\n"
    "  procsnap triage latest\n"
    "  procsnap triage 2 --min-severity high --format json | jq '.findings[].id'\n"
    "  procsnap triage --list\n";

int list_checks(std::span<const triage::Check> checks) {
  for (const auto& c : checks) {
    fmt::print("{:<28} {:<6} {:<10} {}\n", c.id, triage::severity_name(c.severity), c.mitre, c.title);
  }
  return to_int(ExitCode::ok);
}

int run(const TriageArgs& a) {
  const auto min = triage::parse_severity(a.min_severity);
  if (!min) {
    fmt::print(stderr, "procsnap triage: --min-severity must be low, medium or high\n");
    return to_int(ExitCode::usage);
  }
  std::vector<std::string> load_errors;
  const auto checks = triage::load_checks(load_errors);
  for (const auto& e : load_errors) fmt::print(stderr, "procsnap triage: bad check file {}\n", e);
  if (a.list) return list_checks(checks);
  db::Connection conn = importer::open_read_only(a.db);
  const auto r = db::resolve_snapshot(conn, a.snapshot);
  if (!r.id) {
    fmt::print(stderr, "procsnap triage: {}\n", escape_terminal(db::describe_failure(r)));
    return to_int(ExitCode::error);
  }
  triage::RunOptions opt;
  opt.min_severity = *min;
  opt.max_rows = a.max_rows;
  const auto report = triage::run_checks(conn, *r.id, checks, opt);
  const auto info = triage::snapshot_info(conn, *r.id);
  const std::string text =
      a.format == "json" ? triage::render_json(report, info, opt) : triage::render_text(report, info, opt);
  std::fwrite(text.data(), 1, text.size(), stdout);
  for (const auto& f : report.failures) {
    fmt::print(stderr, "procsnap triage: check {} could not run: {}\n", f.id, escape_terminal(f.message));
  }
  if (!report.findings.empty()) return k_findings;
  return report.failures.empty() && load_errors.empty() ? to_int(ExitCode::ok) : to_int(ExitCode::error);
}

}  // namespace

void add_triage_command(CLI::App& app, int& rc) {
  auto args = std::make_shared<TriageArgs>();
  CLI::App* cmd = app.add_subcommand("triage", "run the built-in triage checks on a snapshot (evidence + why)");
  cmd->add_option("--db", args->db, "database file")->capture_default_str();
  cmd->add_option("snapshot", args->snapshot, "snapshot selector (see below)")->capture_default_str();
  cmd->add_option("--format", args->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--min-severity", args->min_severity, "run only checks of this severity or higher")
      ->check(CLI::IsMember({"low", "medium", "high"}))
      ->capture_default_str();
  cmd->add_option("--max-rows", args->max_rows, "evidence rows shown per finding (0 = all)")->capture_default_str();
  cmd->add_flag("--list", args->list, "list the checks (id, severity, ATT&CK technique, title) and exit");
  cmd->footer(k_footer);
  cmd->callback([args, &rc] { rc = run(*args); });
}

}  // namespace procsnap::cli
