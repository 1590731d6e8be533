// procsnap ps [--db FILE] [SNAPSHOT]   and   procsnap tree [--db FILE] [SNAPSHOT]
#include <fmt/format.h>

#include <functional>
#include <map>
#include <memory>
#include <set>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "db/snapshot_selector.hpp"
#include "importer/database.hpp"

namespace procsnap::cli {

namespace {

struct PsArgs {
  std::string db = k_default_db;
  std::string snapshot = "latest";
  Format format = Format::table;
  std::size_t max_width = 120;
  std::string container;  ///< --container ID|NAME: only that container's processes
};

/// `with_container`: only the processes of the container bound as ?2, with their pid inside it (cpid) after pid.
std::string ps_sql(bool with_container = false) {
  // proc_cmdline.cmdline: argv joined with single spaces, as processes.cmdline (the raw member's NULs can't be
  // replaced in SQL: SQLite's replace() ignores a pattern that starts with a NUL byte). Every table named here
  // exists: open_read_only refuses a database whose schema is not this procsnap's.
  const std::string container_join =
      with_container ? "JOIN process_containers pc ON pc.snapshot_id = s.snapshot_id AND pc.pid = s.pid "
                       "AND pc.container_id = ?2 "
                     : "";
  return fmt::format(
      "SELECT s.pid, {}s.ppid, s.state, "
      "CASE WHEN s.start_time IS NOT NULL AND sn.clk_tck > 0 AND sn.btime IS NOT NULL THEN "
      "strftime('%Y-%m-%dT%H:%M:%SZ', sn.btime + s.start_time / sn.clk_tck, 'unixepoch') END AS started, "
      "s.num_threads AS threads, s.comm, c.cmdline AS cmdline "
      "FROM proc_stat s JOIN snapshots sn ON sn.id = s.snapshot_id "
      "LEFT JOIN proc_cmdline c ON c.snapshot_id = s.snapshot_id AND c.pid = s.pid AND c.start_time IS s.start_time "
      "{}WHERE s.snapshot_id = ?1 ORDER BY s.pid",
      with_container ? "pc.pid_in_container AS cpid, " : "", container_join);
}

/// The container `sel` names in snapshot `id`: its full id, a unique prefix of it, or its name (lxc, nspawn, scope).
/// nullopt with a message on stderr and rc set when none or several match.
std::optional<std::string> resolve_container(db::Connection& conn, std::int64_t id, const std::string& sel, int& rc) {
  auto st = conn.prepare(
      "SELECT container_id, runtime, name FROM containers WHERE snapshot_id = ?1 AND (container_id = ?2 OR name = ?2 "
      "OR (length(?2) > 0 AND substr(container_id, 1, length(?2)) = ?2)) ORDER BY container_id = ?2 DESC, "
      "name IS ?2 DESC, container_id");
  const std::array<db::Value, 2> args{id, db::Text{sel}};
  st.bind_all(args);
  // Rows come exact id first, then exact names: an exact id wins over ids it prefixes, a single exact name over
  // ids it happens to prefix.
  std::vector<std::string> found;
  std::vector<std::string> named;
  std::string listing;
  while (st.step()) {
    found.emplace_back(st.column_text(0));
    if (found.back() == sel) return found.back();
    if (st.column_opt_text(2) == sel) named.push_back(found.back());
    listing += fmt::format("\n  {} ({}{})", escape_terminal(found.back()), st.column_text(1),
                           st.column_opt_text(2) ? ", " + escape_terminal(*st.column_opt_text(2)) : "");
  }
  if (named.size() == 1) return named.front();
  if (found.size() == 1) return found.front();
  fmt::print(stderr, "procsnap: {} container in snapshot {} is {}{}\n", found.empty() ? "no" : "more than one", id,
             escape_terminal(sel),
             found.empty() ? " (procsnap query \"SELECT container_id, runtime, name FROM containers\" lists them)"
                           : ":" + listing);
  rc = to_int(ExitCode::error);
  return std::nullopt;
}

/// Each captured process's container, for the tree's labels: pid -> "docker ae836c95b4c3" (runtime, then the name
/// or the first 12 characters of the id, as docker ps shows them).
std::map<std::int64_t, std::pair<std::string, std::string>> container_labels(db::Connection& conn, std::int64_t id) {
  std::map<std::int64_t, std::pair<std::string, std::string>> out;
  auto st = conn.prepare(
      "SELECT pc.pid, pc.container_id, c.runtime || ' ' || COALESCE(c.name, substr(c.container_id, 1, 12)) || "
      "CASE WHEN pc.pid_in_container IS NOT NULL THEN ' pid ' || pc.pid_in_container ELSE '' END "
      "FROM process_containers pc JOIN containers c ON c.snapshot_id = pc.snapshot_id AND "
      "c.container_id = pc.container_id WHERE pc.snapshot_id = ?");
  const std::array<db::Value, 1> args{id};
  st.bind_all(args);
  while (st.step()) out[st.column_int64(0)] = {std::string(st.column_text(1)), std::string(st.column_text(2))};
  return out;
}

// Opens the db, resolves the snapshot; on failure prints and returns nullopt with rc set.
std::optional<std::int64_t> resolve(db::Connection& conn, const std::string& sel, int& rc) {
  const auto r = db::resolve_snapshot(conn, sel);
  if (!r.id) {
    fmt::print(stderr, "procsnap: {}\n", escape_terminal(db::describe_failure(r)));
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
  ps->add_option("--container", args->container,
                 "only the processes of this container: its id, a unique prefix of it, or its name");
  ps->footer(
      std::string(k_selector_help) +
      "\nColumns: pid, ppid, state, started (UTC, from the snapshot's btime and CLK_TCK), threads, comm, cmdline\n"
      "(argv joined by spaces); with --container, cpid (the pid inside the container) after pid. Text is\n"
      "escaped as in `procsnap query`.\n\n"
      "Examples:\n"
      "  procsnap ps\n"
      "  procsnap ps web1@2026-11-29 --format csv\n"
      "  procsnap ps --container ae836c95b4c3\n");
  ps->callback([args, &rc] {
    db::Connection conn = importer::open_read_only(args->db);
    db::QueryGuard guard(conn, db::QueryLimits{});
    const auto id = resolve(conn, args->snapshot, rc);
    if (!id) return;
    OutputOptions o = stdout_options(args->format);
    o.max_width = args->max_width;
    ResultPrinter printer(stdout, o);
    if (args->container.empty()) {
      const std::array<db::Value, 1> params{*id};
      rc = run_sql(conn, &guard, ps_sql(), params, printer);
      return;
    }
    const auto container = resolve_container(conn, *id, args->container, rc);
    if (!container) return;
    const std::array<db::Value, 2> params{*id, db::Text{*container}};
    rc = run_sql(conn, &guard, ps_sql(true), params, printer);
  });

  auto targs = std::make_shared<PsArgs>();
  CLI::App* tree = app.add_subcommand("tree", "show the parent/child process tree of a snapshot");
  tree->add_option("--db", targs->db, "database file")->capture_default_str();
  tree->add_option("snapshot", targs->snapshot, "snapshot selector (see below)")->capture_default_str();
  tree->add_option("--max-width", targs->max_width, "widest command line shown (0 = unlimited)")->capture_default_str();
  tree->add_option("--container", targs->container,
                   "only the processes of this container: its id, a unique prefix of it, or its name");
  tree->footer(std::string(k_selector_help) +
               "\nEach line: pid, comm and command line, indented under its parent (ppid). Processes whose parent\n"
               "was not captured are roots. Where a process is in another container than its parent (a container's\n"
               "init under its runtime's shim), the line ends with [RUNTIME NAME-OR-ID pid N]: the container, and\n"
               "the process's pid inside it. Text is escaped as in `procsnap query`.\n\n"
               "Examples:\n"
               "  procsnap tree\n"
               "  procsnap tree 3\n"
               "  procsnap tree --container web01\n");
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
    std::optional<std::string> only;
    if (!targs->container.empty() && !(only = resolve_container(conn, *id, targs->container, rc))) return;
    const auto labels = container_labels(conn, *id);
    std::map<std::int64_t, Proc> procs;
    auto st = conn.prepare(ps_sql());
    const std::array<db::Value, 1> params{*id};
    st.bind_all(params);
    while (st.step()) {
      const std::int64_t pid = st.column_int64(0);
      if (only) {
        const auto it = labels.find(pid);
        if (it == labels.end() || it->second.first != *only) continue;
      }
      procs[pid] =
          Proc{pid, st.column_opt_int64(1), st.column_opt_text(5).value_or(""), st.column_opt_text(6).value_or("")};
    }
    // The container a pid is in ("" for none), to label where a subtree enters one.
    const auto container_of = [&](std::optional<std::int64_t> pid) -> std::string {
      if (!pid) return {};
      const auto it = labels.find(*pid);
      return it == labels.end() ? std::string() : it->second.first;
    };
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
          std::string line =
              prefix + (root ? "" : (last ? "└─ " : "├─ ")) + fmt::format("{} {}", pid, escape_terminal(p.comm));
          if (!p.cmdline.empty()) {
            std::string cmd = escape_terminal(p.cmdline);
            if (w && cmd.size() > w) cmd = cmd.substr(0, w) + "…";
            line += "  " + cmd;
          }
          if (const std::string mine = container_of(pid); !mine.empty() && (root || mine != container_of(p.ppid))) {
            line += "  [" + escape_terminal(labels.at(pid).second) + "]";
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
