// procsnap: the analyzer CLI. Subcommands live in cli/<name>_cmd.cpp; this is the only place exceptions become
// exit codes.
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

#include <fmt/format.h>

#include <exception>

int main(int argc, char** argv) {
  using namespace procsnap::cli;
  CLI::App app("procsnap: import /proc snapshot archives into SQLite and analyse them");
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("procsnap ") + PROCSNAP_VERSION);
  app.footer(std::string(
                 "\nTypical use:\n"
                 "  procsnap verify host1.tar.zst                   # check an archive, no database needed\n"
                 "  procsnap import host1.tar.zst host2.tar.zst     # into ./procsnap.db (--db FILE)\n"
                 "  procsnap ls                                     # snapshots and their verification state\n"
                 "  procsnap ps latest; procsnap tree 2             # processes of a snapshot\n"
                 "  procsnap query \"SELECT name, cmdline FROM processes WHERE snapshot_id = 1\"\n"
                 "  procsnap diff 1 latest                          # what changed (time or host-vs-host mode)\n"
                 "  procsnap triage latest --min-severity medium    # forensic checks with evidence\n"
                 "  procsnap mem grep latest 'MARKER'               # search memory captured with --mem\n"
                 "  procsnap report latest -o host1.html            # one self-contained HTML report\n"
                 "  procsnap timeline -o case.jsonl                 # events for Timesketch\n"
                 "Run `procsnap <command> --help` for each command's options and examples.\n\n") +
             std::string(exit_codes_help()));
  int rc = to_int(ExitCode::ok);
  add_import_command(app, rc);
  add_verify_command(app, rc);
  add_ls_command(app, rc);
  add_query_command(app, rc);
  add_ps_commands(app, rc);
  add_diff_command(app, rc);
  add_triage_command(app, rc);
  add_mem_command(app, rc);
  add_schema_command(app, rc);
  add_push_command(app, rc);
  add_pull_command(app, rc);
  add_fleet_command(app, rc);
  add_report_command(app, rc);
  add_timeline_command(app, rc);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : to_int(ExitCode::usage);
  } catch (const std::exception& e) {
    fmt::print(stderr, "procsnap: {}\n", e.what());
    return to_int(ExitCode::error);
  }
  return rc;
}
