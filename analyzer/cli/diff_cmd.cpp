// procsnap diff [--db FILE] A B [--format text|json] [--only ...] [--mode auto|time|hosts] [--save]
//               [--show-counters] [--mem-threshold SIZE] [--clickhouse URL ...]
// Exit status as diff(1): 0 no differences, 1 differences, 2 trouble (bad usage, unknown snapshot, database error).
#include <fmt/format.h>

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/fleet_options.hpp"
#include "db/snapshot_selector.hpp"
#include "diff/diff.hpp"
#include "importer/database.hpp"

namespace procsnap::cli {

namespace {

struct DiffArgs {
  std::string db = k_default_db;
  std::string a, b;
  std::string format = "text";
  std::vector<std::string> only;
  std::string mode = "auto";
  bool save = false;
  bool show_counters = false;
  std::string mem_threshold = "64M";
  ClickHouseArgs ch;  ///< --clickhouse: A and B are snapshots on that server, pulled into a temporary database
};

/// A directory under $TMPDIR removed (with its content) when it goes.
struct ScratchDir {
  std::string path;
  ScratchDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/procsnap-diff-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("cannot create a temporary directory");
    path = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
};

// diff(1) convention. 0 and 2 are ExitCode::ok and ExitCode::usage; 1 ("differences found") is diff-specific and
// deliberately shares its number with ExitCode::error, which `diff` never returns (its errors are 2).
constexpr int k_no_differences = to_int(ExitCode::ok);
constexpr int k_differences = 1;
constexpr int k_trouble = to_int(ExitCode::usage);

constexpr const char* k_footer =
    "A and B: snapshot selectors as in `procsnap ps`: an id, 'latest', HOST@TIME (hostname and a prefix of the\n"
    "capture's UTC ISO-8601 start; HOST@latest) or a prefix (>= 6 hex digits) of the archive's SHA-256.\n"
    "\n"
    "Modes:\n"
    "  time   same host and boot: a process is the same when (pid, start_time) match; a reused pid is an exit\n"
    "         plus a start. Reports started/exited processes, changed comm, cmdline, exe (incl. \"(deleted)\"),\n"
    "         cwd, root, uids/gids/groups, capabilities, namespaces, cgroup, ppid, nice/priority, threads, state,\n"
    "         resident memory growth >= --mem-threshold; fds opened/closed (targets); sockets and listeners\n"
    "         opened/closed; mapped files (libraries) and anonymous-executable / rwx regions added/removed;\n"
    "         environment variables added/removed/changed.\n"
    "  hosts  different machine_id or boot_id: processes as multisets of (exe, cmdline), users (real uids)\n"
    "         running processes, listeners by (protocol, address class, port, owner exe); processes unique on\n"
    "         both sides are also compared for environment and mapped files.\n"
    "  auto   (default) time when both snapshots have the same boot_id (and machine_id), else hosts; the\n"
    "         output says which mode was picked and why.\n"
    "  Both modes compare mounts, kernel modules, kernel release/version/cmdline and captured sysctls.\n"
    "  Counters that always move (cpu times, page faults, context switches, io, last CPU, sysctls such as\n"
    "  fs.file-nr, kworker renames) are shown only with --show-counters. An attribute one snapshot did not\n"
    "  capture is not compared.\n"
    "\n"
    "Output: text (escaped for terminals; counts first, then one section per category) or json (version 1,\n"
    "documented in docs/diff-json.md: {procsnap_diff, mode, mode_auto, mode_reason, a, b, options, counts,\n"
    "changes[{category, kind, attribute, key, pid, start_time, subject, before, after}], notes}).\n"
    "--save also stores the result in diff_runs / diff_changes (schema/50_diff.sql) and prints the diff id on stderr.\n"
    "\n"
    "Exit status (as diff(1)): 0 no differences, 1 differences found, 2 trouble (usage, unknown snapshot,\n"
    "database error).\n"
    "\n"
    "Examples:\n"
    "  procsnap diff 1 2\n"
    "  procsnap diff web1@2026-11-29T04 web1@latest --only processes,sockets\n"
    "  procsnap diff web1@latest web2@latest --mode hosts --format json\n"
    "  procsnap diff 3 4 --save; procsnap query \"SELECT * FROM diff_changes WHERE category = 'sockets'\"\n"
    "  procsnap diff --clickhouse http://localhost:8123 web1@latest web2@latest   # snapshots on ClickHouse:\n"
    "        pulled into a temporary database first (A and B as `procsnap pull` selects them; one each)\n";

int run(const DiffArgs& args) {
  diff::Options opt;
  if (args.mode == "auto") {
    opt.mode = diff::Mode::automatic;
  } else if (args.mode == "time") {
    opt.mode = diff::Mode::time;
  } else {
    opt.mode = diff::Mode::hosts;
  }
  if (!args.only.empty()) {
    opt.only.fill(false);
    for (const auto& name : args.only) {
      const auto c = diff::category_from_string(name);
      if (!c) {
        fmt::print(stderr,
                   "procsnap diff: --only: unknown category '{}' (processes, sockets, maps, fds, env, "
                   "mounts, modules, kernel)\n",
                   escape_terminal(name));
        return k_trouble;
      }
      opt.only[static_cast<std::size_t>(*c)] = true;
    }
  }
  opt.show_counters = args.show_counters;
  const auto threshold = diff::parse_size(args.mem_threshold);
  if (!threshold) {
    fmt::print(stderr, "procsnap diff: --mem-threshold: '{}' is not a size (e.g. 65536, 512K, 64M, 1G)\n",
               escape_terminal(args.mem_threshold));
    return k_trouble;
  }
  opt.mem_threshold_bytes = *threshold;

  diff::Result result;
  if (!args.ch.url.empty()) {
    if (args.save) {
      fmt::print(stderr, "procsnap diff: --save needs the snapshots in --db: pull them first (procsnap pull)\n");
      return k_trouble;
    }
    ScratchDir scratch;
    const std::string db = scratch.path + "/pulled.db";
    const auto pulled = pull_for_local_use(args.ch, {args.a, args.b}, db, "diff");
    if (!pulled.error.empty()) {
      std::string_view rest = pulled.error;  // one line per candidate, each escaped
      for (bool first = true; !rest.empty(); first = false) {
        const auto nl = rest.find('\n');
        fmt::print(stderr, "{}{}\n", first ? "procsnap diff: " : "", escape_terminal(rest.substr(0, nl)));
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      }
      return k_trouble;
    }
    db::Connection conn = importer::open_read_only(db);
    result = diff::run_diff(conn, pulled.ids[0], pulled.ids[1], opt);
  } else {
    db::Connection conn = importer::open_read_only(args.db);
    std::int64_t ids[2] = {0, 0};
    const std::string* sels[2] = {&args.a, &args.b};
    for (int i = 0; i < 2; ++i) {
      const auto r = db::resolve_snapshot(conn, *sels[i]);
      if (!r.id) {
        fmt::print(stderr, "procsnap diff: {}: {}\n", i == 0 ? "A" : "B", escape_terminal(db::describe_failure(r)));
        return k_trouble;
      }
      ids[i] = *r.id;
    }
    result = diff::run_diff(conn, ids[0], ids[1], opt);
  }
  const std::string out = args.format == "json" ? diff::render_json(result) : diff::render_text(result);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (args.save) {
    db::Connection rw = importer::open_for_import(args.db);
    const auto id = diff::save(rw, result, PROCSNAP_VERSION);
    fmt::print(stderr, "procsnap diff: saved as diff {} ({} rows in diff_changes)\n", id, result.changes.size());
  }
  return result.changes.empty() ? k_no_differences : k_differences;
}

}  // namespace

void add_diff_command(CLI::App& app, int& rc) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* cmd =
      app.add_subcommand("diff", "what changed between two snapshots (same host over time, or host vs host)");
  cmd->add_option("--db", args->db, "database file")->capture_default_str();
  cmd->add_option("A", args->a, "the 'before' snapshot (selector)")->required();
  cmd->add_option("B", args->b, "the 'after' snapshot (selector)")->required();
  cmd->add_option("--format", args->format, "text or json")
      ->transform(CLI::IsMember({"text", "json"}, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("--only", args->only,
                  "compare only these categories (comma-separated): processes, sockets, maps, "
                  "fds, env, mounts, modules, kernel")
      ->delimiter(',');
  cmd->add_option("--mode", args->mode, "auto, time or hosts")
      ->check(CLI::IsMember({"auto", "time", "hosts"}))
      ->capture_default_str();
  cmd->add_flag("--save", args->save, "store the result in diff_runs / diff_changes");
  cmd->add_flag("--show-counters", args->show_counters, "also report counters that always move");
  cmd->add_option("--mem-threshold", args->mem_threshold,
                  "report resident memory growth from this size (bytes, or with K/M/G suffix)")
      ->capture_default_str();
  add_clickhouse_options(*cmd, args->ch, /*required=*/false);
  cmd->footer(k_footer);
  cmd->callback([args, &rc] {
    try {
      rc = run(*args);
    } catch (const std::exception& e) {
      // diff(1) semantics: any trouble is 2, never 1 (which means "differences").
      fmt::print(stderr, "procsnap diff: {}\n", escape_terminal(e.what()));
      rc = k_trouble;
    }
  });
}

}  // namespace procsnap::cli
