// procsnap report [--db FILE] SNAPSHOT [--diff OTHER] [--min-severity S] [--max-rows N] -o FILE [--force]:
// one self-contained HTML file (analyzer/report/report.hpp).
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "db/snapshot_selector.hpp"
#include "diff/diff.hpp"
#include "importer/database.hpp"
#include "report/report.hpp"
#include "triage/triage.hpp"

namespace procsnap::cli {

bool write_output_file(const std::string& path, std::string_view bytes, bool force, std::string_view command) {
  if (path == "-") {
    if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() || std::fflush(stdout) != 0) {
      fmt::print(stderr, "procsnap {}: cannot write to stdout: {}\n", command, std::strerror(errno));
      return false;
    }
    return true;
  }
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (force ? O_TRUNC : O_EXCL);
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) {
    const int err = errno;
    fmt::print(stderr, "procsnap {}: {}\n", command,
               err == EEXIST ? fmt::format("{} exists; not overwritten (use --force to replace it)", escape_terminal(path))
                             : fmt::format("cannot create {}: {}", escape_terminal(path), std::strerror(err)));
    return false;
  }
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      fmt::print(stderr, "procsnap {}: cannot write {}: {}\n", command, escape_terminal(path), std::strerror(errno));
      ::close(fd);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    fmt::print(stderr, "procsnap {}: cannot write {}: {}\n", command, escape_terminal(path), std::strerror(errno));
    return false;
  }
  return true;
}

namespace {

struct ReportArgs {
  std::string db = k_default_db;
  std::string snapshot = "latest";
  std::string diff;
  std::string min_severity = "low";
  std::size_t max_rows = 50;
  std::string output;
  bool force = false;
};

constexpr const char* k_report_footer =
    "\nSNAPSHOT and OTHER: an id, 'latest' (default), HOST@TIME, or a prefix (>= 6 hex digits) of the archive's\n"
    "SHA-256 (as in `procsnap ps`).\n\n"
    "One HTML file that loads nothing (no external script, style or font; a Content-Security-Policy forbids any\n"
    "fetch): open it offline, mail it, print it. It holds the snapshot's provenance (host, boot, capture times,\n"
    "collector, archive SHA-256, verification state, case fields), the triage findings with why / benign look-alikes\n"
    "/ evidence, the process tree (collapsible, searchable; per process: cmdline, exe, user, capabilities, cgroup and\n"
    "container, sockets, executable libraries outside the system library directories, captured memory regions),\n"
    "the network listeners and connections and, with --diff OTHER, what changed from OTHER to SNAPSHOT. Values from\n"
    "the snapshot are shown as escaped text; the report states its size limits and says where it cut a list.\n"
    "Without a browser: `procsnap triage` prints the findings as text.\n\n"
    "-o FILE is created new and never replaced unless --force; -o - writes to stdout.\n\n"
    "Exit codes: 0 written, 1 error (database, unknown snapshot, file), 2 usage.\n\n"
    "Examples:\n"
    "  procsnap report latest -o host1.html\n"
    "  procsnap report 2 --diff 1 --min-severity medium -o incident42.html\n";

int run_report(const ReportArgs& a) {
  const auto min = triage::parse_severity(a.min_severity);
  if (!min) {
    fmt::print(stderr, "procsnap report: --min-severity must be low, medium or high\n");
    return to_int(ExitCode::usage);
  }
  db::Connection conn = importer::open_read_only(a.db);
  const auto resolve = [&](const std::string& sel) -> std::optional<std::int64_t> {
    const auto r = db::resolve_snapshot(conn, sel);
    if (!r.id) fmt::print(stderr, "procsnap report: {}\n", escape_terminal(db::describe_failure(r)));
    return r.id;
  };
  const auto id = resolve(a.snapshot);
  if (!id) return to_int(ExitCode::error);
  std::optional<diff::Result> changes;
  if (!a.diff.empty()) {
    const auto other = resolve(a.diff);
    if (!other) return to_int(ExitCode::error);
    changes = diff::run_diff(conn, *other, *id, diff::Options{});
  }
  std::vector<std::string> load_errors;
  const auto checks = triage::load_checks(load_errors);
  for (const auto& e : load_errors) fmt::print(stderr, "procsnap report: bad check file {}\n", e);
  report::Options opt;
  opt.limits.evidence_rows = a.max_rows;
  opt.min_severity = *min;
  opt.procsnap_version = PROCSNAP_VERSION;
  opt.generated_at = db::now_iso8601();
  const auto findings = triage::run_checks(
      conn, *id, checks, triage::RunOptions{.min_severity = *min, .max_rows = opt.limits.evidence_rows});
  for (const auto& f : findings.failures) {
    fmt::print(stderr, "procsnap report: check {} could not run: {}\n", f.id, escape_terminal(f.message));
  }
  report::Data data = report::load(conn, *id, opt.limits);
  report::attach_findings(data, findings);
  const std::string html = report::render_html(data, findings, changes, opt);
  if (!write_output_file(a.output, html, a.force, "report")) return to_int(ExitCode::error);
  if (a.output != "-") {
    fmt::print(stderr, "procsnap report: wrote {} ({} bytes: {} findings, {} processes{})\n", escape_terminal(a.output),
               html.size(), findings.findings.size(), data.processes.size(),
               changes ? fmt::format(", {} changes", changes->changes.size()) : std::string());
  }
  return to_int(ExitCode::ok);
}

}  // namespace

void add_report_command(CLI::App& app, int& rc) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand("report", "write a self-contained HTML report of a snapshot (findings, tree, network)");
  cmd->add_option("--db", args->db, "database file")->capture_default_str();
  cmd->add_option("snapshot", args->snapshot, "snapshot selector (see below)")->capture_default_str();
  cmd->add_option("--diff", args->diff, "also show what changed from this snapshot (selector) to SNAPSHOT");
  cmd->add_option("--min-severity", args->min_severity, "show findings of this severity or higher")
      ->check(CLI::IsMember({"low", "medium", "high"}))
      ->capture_default_str();
  cmd->add_option("--max-rows", args->max_rows, "evidence rows shown per finding (0 = all)")->capture_default_str();
  cmd->add_option("-o,--output", args->output, "the HTML file to write (- for stdout)")->required();
  cmd->add_flag("--force", args->force, "replace the output file if it exists");
  cmd->footer(k_report_footer);
  cmd->callback([args, &rc] { rc = run_report(*args); });
}

}  // namespace procsnap::cli
