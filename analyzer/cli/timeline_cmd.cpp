// procsnap timeline [--db FILE] [SNAPSHOT...] [--format timesketch|csv|json] [-o FILE] [--force]:
// the snapshots' points in time as events (analyzer/report/timeline.hpp).
#include <fmt/format.h>
#include <unistd.h>

#include <memory>
#include <set>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "db/snapshot_selector.hpp"
#include "importer/database.hpp"
#include "report/timeline.hpp"

namespace procsnap::cli {

namespace {

struct TimelineArgs {
  std::string db = k_default_db;
  std::vector<std::string> snapshots;
  std::string format = "timesketch";
  std::string output = "-";
  std::size_t max_text = 4096;
  bool force = false;
};

constexpr const char* k_timeline_footer =
    "\nSNAPSHOT: selectors as in `procsnap ps` (an id, 'latest', HOST@TIME, a SHA-256 prefix); none = every snapshot\n"
    "of the database.\n\n"
    "Events (timestamp_desc, data_type):\n"
    "  Boot Time           procsnap:boot            btime of the host (one event per host and boot)\n"
    "  Capture Time        procsnap:capture:start   the collector's start; procsnap:capture:end its end (trailer)\n"
    "  Process Start Time  procsnap:process:start   btime + starttime / CLK_TCK of each process\n"
    "A process seen in several snapshots (same host, boot_id, pid and starttime) is one event with first_seen,\n"
    "last_seen and seen_in_snapshots; its values come from the earliest snapshot holding it.\n"
    "Start times are those of the collector's time namespace, which is the host's wall clock whatever time namespace\n"
    "the process is in (the kernel shifts starttime and btime by the reader's offset in opposite directions); the\n"
    "process's own boottime offset is the field timens_boottime_offset_ns.\n\n"
    "Fields: message, datetime (ISO 8601, microseconds, +00:00), timestamp (microseconds since the epoch),\n"
    "timestamp_desc, data_type, hostname, boot_id, pid, ppid, comm, exe, cmdline (first --max-text bytes),\n"
    "cmdline_bytes, uid, container (runtime:id, from the import's process_containers), start_ticks, timens_boottime_offset_ns, first_seen,\n"
    "last_seen, seen_in_snapshots, snapshot_sha256. Absent values are left out (JSON) or empty (CSV).\n\n"
    "Formats: timesketch = JSON Lines for Timesketch's importer (name the file *.jsonl); json = one array of the\n"
    "same objects; csv = a header line and one row per event (Timesketch reads it too). Text is exact: JSON keeps\n"
    "invalid UTF-8 bytes as \\udcXX and escapes control characters; CSV cells starting with = + - @ are prefixed\n"
    "with ' and escaped as for `procsnap query` when written to a terminal.\n\n"
    "Examples:\n"
    "  procsnap timeline -o case42.jsonl\n"
    "  procsnap timeline 1 2 --format csv -o t.csv\n";

int run_timeline(const TimelineArgs& a) {
  db::Connection conn = importer::open_read_only(a.db);
  std::vector<std::int64_t> ids;
  if (a.snapshots.empty()) {
    auto st = conn.prepare("SELECT id FROM snapshots ORDER BY id");
    while (st.step()) ids.push_back(st.column_int64(0));
  }
  std::set<std::int64_t> seen;
  for (const auto& sel : a.snapshots) {
    const auto r = db::resolve_snapshot(conn, sel);
    if (!r.id) {
      fmt::print(stderr, "procsnap timeline: {}\n", escape_terminal(db::describe_failure(r)));
      return to_int(ExitCode::error);
    }
    if (seen.insert(*r.id).second) ids.push_back(*r.id);
  }
  const auto t = report::build_timeline(conn, ids, report::TimelineOptions{.max_text = a.max_text});
  for (const auto& w : t.warnings) fmt::print(stderr, "procsnap timeline: {}\n", w);
  const bool tty = a.output == "-" && ::isatty(STDOUT_FILENO) == 1;
  const std::string text = a.format == "csv"    ? report::render_timeline_csv(t, tty)
                           : a.format == "json" ? report::render_timeline_json(t)
                                                : report::render_timesketch(t);
  return write_output_file(a.output, text, a.force, "timeline") ? to_int(ExitCode::ok) : to_int(ExitCode::error);
}

}  // namespace

void add_timeline_command(CLI::App& app, int& rc) {
  auto args = std::make_shared<TimelineArgs>();
  CLI::App* cmd = app.add_subcommand("timeline", "process starts, captures and boots as a timeline (Timesketch, CSV, JSON)");
  cmd->add_option("--db", args->db, "database file")->capture_default_str();
  cmd->add_option("snapshots", args->snapshots, "snapshot selectors (default: all)");
  cmd->add_option("--format", args->format, "timesketch (JSONL), csv or json")
      ->check(CLI::IsMember({"timesketch", "csv", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "file to write (- = stdout)")->capture_default_str();
  cmd->add_option("--max-text", args->max_text, "bytes of a cmdline kept (0 = all)")->capture_default_str();
  cmd->add_flag("--force", args->force, "replace the output file if it exists");
  cmd->footer(k_timeline_footer);
  cmd->callback([args, &rc] { rc = run_timeline(*args); });
}

}  // namespace procsnap::cli
