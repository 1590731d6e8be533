// procsnap ps [--db FILE] [SNAPSHOT]   and   procsnap tree [--db FILE] [SNAPSHOT]
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "db/snapshot_selector.hpp"
#include "importer/database.hpp"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <memory>
#include <set>

namespace procsnap::cli {

namespace {

struct PsArgs {
  std::string db = k_default_db;
  std::string snapshot = "latest";
  Format format = Format::table;
  std::size_t max_width = 120;
};

bool has_table(db::Connection& c, std::string_view name) {
  auto st = c.prepare("SELECT 1 FROM sqlite_schema WHERE type IN ('table','view') AND name = ?");
  const std::array<db::Value, 1> args{db::Text{name}};
  st.bind_all(args);
  return st.step();
}

// The BLOB column of proc_cmdline holding the raw bytes (the basic table group names it).
std::optional<std::string> cmdline_column(db::Connection& c) {
  auto st = c.prepare("SELECT name FROM pragma_table_info('proc_cmdline')");
  std::set<std::string> cols;
  while (st.step()) cols.emplace(st.column_text(0));
  for (const char* n : {"raw", "data", "cmdline", "bytes"}) {
    if (cols.contains(n)) return std::string(n);
  }
  return std::nullopt;
}

std::string ps_sql(db::Connection& c) {
  const auto col = has_table(c, "proc_cmdline") ? cmdline_column(c) : std::nullopt;
  const std::string cmdline =
      col ? fmt::format("rtrim(replace(CAST(c.\"{}\" AS TEXT), char(0), ' '))", *col) : std::string("NULL");
  const std::string join =
      col ? "LEFT JOIN proc_cmdline c ON c.snapshot_id = s.snapshot_id AND c.pid = s.pid AND c.start_time IS "
            "s.start_time "
          : "";
  return fmt::format(
      "SELECT s.pid, s.ppid, s.state, "
      "CASE WHEN s.start_time IS NOT NULL AND sn.clk_tck > 0 AND sn.btime IS NOT NULL THEN "
      "strftime('%Y-%m-%dT%H:%M:%SZ', sn.btime + s.start_time / sn.clk_tck, 'unixepoch') END AS started, "
      "s.num_threads AS threads, s.comm, {} AS cmdline "
      "FROM proc_stat s JOIN snapshots sn ON sn.id = s.snapshot_id {}"
      "WHERE s.snapshot_id = ? ORDER BY s.pid",
      cmdline, join);
}

// Opens the db, resolves the snapshot; on failure prints and returns nullopt with rc set.
std::optional<std::int64_t> resolve(db::Connection& conn, const std::string& sel, int& rc) {
  const auto r = db::resolve_snapshot(conn, sel);
  if (!r.id) {
    fmt::print(stderr, "procsnap: {}\n", escape_terminal(db::describe_failure(r)));
    rc = to_int(ExitCode::error);
    return std::nullopt;
  }
  if (!has_table(conn, "proc_stat")) {
    fmt::print(stderr, "procsnap: this database has no proc_stat table (schema without the process tables)\n");
    rc = to_int(ExitCode::error);
    return std::nullopt;
  }
  return r.id;
}

constexpr const char* k_selector_help =
    "SNAPSHOT: an id, 'latest' (default: the most recent capture), HOST@TIME (hostname and a prefix of the\n"
    "capture's UTC ISO-8601 start, e.g. web1@2026-11-29T04; HOST@latest), or a prefix (>= 6 hex digits) of the\n"
    "archive's SHA-256. An ambiguous selector is an error listing the candidates.\n";

}  // namespace

void add_ps_commands(CLI::App& app, int& rc) {
  auto args = std::make_shared<PsArgs>();
  CLI::App* ps = app.add_subcommand("ps", "list the processes of a snapshot");
  ps->add_option("--db", args->db, "database file")->capture_default_str();
  ps->add_option("snapshot", args->snapshot, "snapshot selector (see below)")->capture_default_str();
  add_format_option(*ps, args->format);
  ps->add_option("--max-width", args->max_width, "table: widest cell shown (0 = unlimited)")->capture_default_str();
  ps->footer(std::string(k_selector_help) +
             "\nColumns: pid, ppid, state, started (UTC, from the snapshot's btime and CLK_TCK), threads, comm, cmdline\n"
             "(argv joined by spaces). Text is escaped as in `procsnap query`.\n\n"
             "Examples:\n"
             "  procsnap ps\n"
             "  procsnap ps web1@2026-11-29 --format csv\n");
  ps->callback([args, &rc] {
    db::Connection conn = importer::open_read_only(args->db);
    db::QueryGuard guard(conn, db::QueryLimits{});
    const auto id = resolve(conn, args->snapshot, rc);
    if (!id) return;
    OutputOptions o = stdout_options(args->format);
    o.max_width = args->max_width;
    ResultPrinter printer(stdout, o);
    const std::array<db::Value, 1> params{*id};
    rc = run_sql(conn, &guard, ps_sql(conn), params, printer);
  });

  auto targs = std::make_shared<PsArgs>();
  CLI::App* tree = app.add_subcommand("tree", "show the parent/child process tree of a snapshot");
  tree->add_option("--db", targs->db, "database file")->capture_default_str();
  tree->add_option("snapshot", targs->snapshot, "snapshot selector (see below)")->capture_default_str();
  tree->add_option("--max-width", targs->max_width, "widest command line shown (0 = unlimited)")
      ->capture_default_str();
  tree->footer(std::string(k_selector_help) +
               "\nEach line: pid, comm and command line, indented under its parent (ppid). Processes whose parent\n"
               "was not captured are roots. Text is escaped as in `procsnap query`.\n\n"
               "Examples:\n"
               "  procsnap tree\n"
               "  procsnap tree 3\n");
  tree->callback([targs, &rc] {
    db::Connection conn = importer::open_read_only(targs->db);
    db::QueryGuard guard(conn, db::QueryLimits{});
    const auto id = resolve(conn, targs->snapshot, rc);
    if (!id) return;
    struct Proc {
      std::int64_t pid;
      std::optional<std::int64_t> ppid;
      std::string comm;
      std::string cmdline;
    };
    std::map<std::int64_t, Proc> procs;
    auto st = conn.prepare(ps_sql(conn));
    const std::array<db::Value, 1> params{*id};
    st.bind_all(params);
    while (st.step()) {
      const std::int64_t pid = st.column_int64(0);
      procs[pid] = Proc{pid, st.column_opt_int64(1), st.column_opt_text(5).value_or(""),
                        st.column_opt_text(6).value_or("")};
    }
    std::map<std::int64_t, std::vector<std::int64_t>> children;
    std::vector<std::int64_t> roots;
    for (const auto& [pid, p] : procs) {
      if (p.ppid && *p.ppid != pid && procs.contains(*p.ppid)) {
        children[*p.ppid].push_back(pid);
      } else {
        roots.push_back(pid);
      }
    }
    std::set<std::int64_t> printed;
    std::string out;
    const std::size_t w = targs->max_width;
    std::function<void(std::int64_t, const std::string&, bool, bool)> walk =
        [&](std::int64_t pid, const std::string& prefix, bool last, bool root) {
          if (!printed.insert(pid).second) return;  // a ppid cycle in hostile data
          const Proc& p = procs[pid];
          std::string line = prefix + (root ? "" : (last ? "└─ " : "├─ ")) + fmt::format("{} {}", pid, escape_terminal(p.comm));
          if (!p.cmdline.empty()) {
            std::string cmd = escape_terminal(p.cmdline);
            if (w && cmd.size() > w) cmd = cmd.substr(0, w) + "…";
            line += "  " + cmd;
          }
          out += line + "\n";
          const auto& kids = children[pid];
          for (std::size_t i = 0; i < kids.size(); ++i) {
            walk(kids[i], root ? prefix : prefix + (last ? "   " : "│  "), i + 1 == kids.size(), false);
          }
        };
    for (const auto r : roots) walk(r, "", true, true);
    // Processes only reachable through a cycle were never printed: show them as roots.
    for (const auto& [pid, p] : procs) {
      if (!printed.contains(pid)) walk(pid, "", true, true);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    rc = to_int(ExitCode::ok);
  });
}

}  // namespace procsnap::cli
