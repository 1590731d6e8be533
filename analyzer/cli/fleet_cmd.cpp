// procsnap push | pull | fleet: snapshots on a ClickHouse server (analyzer/fleet/). push copies imported snapshots
// from the local SQLite database to ClickHouse, pull copies them back, fleet runs stacking and triage over many
// snapshots there.
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/fleet_options.hpp"
#include "db/snapshot_selector.hpp"
#include "fleet/fleet_queries.hpp"
#include "fleet/push.hpp"
#include "importer/database.hpp"
#include "triage/triage.hpp"

namespace procsnap::cli {

// ---- connection options shared by push, pull and fleet ------------------------------------------------------------

void add_clickhouse_options(CLI::App& cmd, ClickHouseArgs& a, bool required) {
  auto* url = cmd.add_option("--clickhouse", a.url,
                             "ClickHouse HTTP URL: http[s]://[user[:password]@]host[:port]/ (port 8123 by default)");
  if (required) url->required();
  cmd.add_option("--database", a.database, "ClickHouse database (created when absent)")->capture_default_str();
  cmd.add_option("--password-file", a.password_file,
                 "Read the password from this file (first line); else $PROCSNAP_CLICKHOUSE_PASSWORD");
  cmd.add_option("--cluster", a.cluster,
                 "Cluster name (remote_servers): local tables on every shard plus Distributed tables over them");
  cmd.add_option("--shard", a.shards, "With --cluster: the HTTP URL of every shard (DDL and deletes go to each)");
  cmd.add_option("--ca-file", a.ca_file, "https: CA certificate bundle to verify the server with");
  cmd.add_option("--ca-path", a.ca_path, "https: directory of CA certificates");
  cmd.add_flag("--insecure", a.insecure, "https: do not verify the server's certificate (not recommended)");
  cmd.add_flag("-v,--verbose", a.verbose, "Say what is sent where (passwords are never printed)");
}

namespace {

fleet::Endpoint endpoint_from(const ClickHouseArgs& a, const std::string& url) {
  auto parsed = fleet::parse_endpoint(url);
  if (!parsed.endpoint) throw CLI::ValidationError("--clickhouse", parsed.error);
  fleet::Endpoint ep = std::move(*parsed.endpoint);
  ep.database = a.database;
  ep.ca_file = a.ca_file;
  ep.ca_path = a.ca_path;
  ep.insecure = a.insecure;
  if (ep.password.empty()) {
    if (!a.password_file.empty()) {
      std::ifstream in(a.password_file, std::ios::binary);
      if (!in) throw fleet::Error("cannot read --password-file " + escape_terminal(a.password_file));
      std::getline(in, ep.password);
      if (!ep.password.empty() && ep.password.back() == '\r') ep.password.pop_back();
    } else if (const char* env = std::getenv("PROCSNAP_CLICKHOUSE_PASSWORD"); env != nullptr) {
      ep.password = env;
    }
  }
  return ep;
}

}  // namespace

FleetConnection::FleetConnection(const ClickHouseArgs& a, std::string_view command) {
  if (a.database.empty() || a.database.find_first_of("`\\\n\r\t\0") != std::string::npos) {
    throw CLI::ValidationError("--database", "must be a plain name");
  }
  if (!a.shards.empty() && a.cluster.empty()) throw CLI::ValidationError("--shard", "needs --cluster");
  if (!a.cluster.empty() && a.shards.empty()) {
    throw CLI::ValidationError("--cluster", "give every shard's HTTP URL with --shard (one per shard)");
  }
  entry = std::make_unique<fleet::Client>(endpoint_from(a, a.url));
  for (const auto& s : a.shards) shards.push_back(std::make_unique<fleet::Client>(endpoint_from(a, s)));
  fleet.entry = entry.get();
  for (auto& s : shards) fleet.shards.push_back(s.get());
  fleet.layout.database = a.database;
  fleet.layout.cluster = a.cluster;
  const std::string prefix = "procsnap " + std::string(command) + ": ";
  const bool verbose = a.verbose;
  fleet.log = [prefix, verbose](const std::string& line) {
    if (verbose) fmt::print(stderr, "{}{}\n", prefix, line);
  };
  if (::isatty(2) != 0 && !verbose) {  // one line rewritten in place; cleared when the command prints
    fleet.progress = [prefix, shown = progress_shown](const std::string& line) {
      fmt::print(stderr, "\r\033[K{}{}", prefix, line.substr(0, 100));
      std::fflush(stderr);
      *shown = true;
    };
  }
  fleet.log("ClickHouse " + entry->endpoint().display() + ", database " + escape_terminal(a.database) +
            (a.cluster.empty() ? std::string() : ", cluster " + escape_terminal(a.cluster)));
  for (fleet::Client* c : fleet.servers()) c->ping();
}

FleetConnection::~FleetConnection() {
  if (*progress_shown) fmt::print(stderr, "\r\033[K");
}

namespace {

struct PushArgs {
  std::string db = k_default_db;
  ClickHouseArgs ch;
  std::vector<std::string> selectors;
  std::size_t batch = 50;
};

/// Local snapshot ids for selectors ("all" = every snapshot), in order, without repeats.
std::vector<std::int64_t> resolve_local(db::Connection& conn, const std::vector<std::string>& selectors,
                                        std::string& error) {
  std::vector<std::int64_t> ids;
  std::set<std::int64_t> seen;
  for (const auto& sel : selectors) {
    if (sel == "all") {
      auto st = conn.prepare("SELECT id FROM snapshots ORDER BY id");
      while (st.step()) {
        if (seen.insert(st.column_int64(0)).second) ids.push_back(st.column_int64(0));
      }
      continue;
    }
    const auto r = db::resolve_snapshot(conn, sel);
    if (!r.id) {
      error = db::describe_failure(r);
      return {};
    }
    if (seen.insert(*r.id).second) ids.push_back(*r.id);
  }
  return ids;
}

int run_push(const PushArgs& a) {
  db::Connection conn = importer::open_read_only(a.db);
  std::string error;
  const auto ids = resolve_local(conn, a.selectors, error);
  if (!error.empty()) {
    fmt::print(stderr, "procsnap push: {}\n", escape_terminal(error));
    return to_int(ExitCode::error);
  }
  FleetConnection fc(a.ch, "push");
  fleet::ensure_schema(fc.fleet);
  const auto outcomes = fleet::push_snapshots(fc.fleet, conn, ids, std::max<std::size_t>(1, a.batch));
  if (*fc.progress_shown) fmt::print(stderr, "\r\033[K");
  *fc.progress_shown = false;
  int rc = to_int(ExitCode::ok);
  for (const auto& o : outcomes) {
    switch (o.status) {
      case fleet::PushOutcome::Status::pushed:
        fmt::print("pushed   {}  {}  {} rows\n", o.snapshot_key.substr(0, 16), escape_terminal(o.host), o.rows);
        break;
      case fleet::PushOutcome::Status::already_present:
        fmt::print("present  {}  {}  (already on the server, same content)\n", o.snapshot_key.substr(0, 16),
                   escape_terminal(o.host));
        break;
      case fleet::PushOutcome::Status::conflict:
        fmt::print("REFUSED  {}  {}\n", o.snapshot_key.substr(0, 16), escape_terminal(o.host));
        fmt::print(stderr, "procsnap push: {}\n", escape_terminal(o.message));
        rc = to_int(ExitCode::conflict);
        break;
    }
  }
  return rc;
}

struct PullArgs {
  std::string db = k_default_db;
  ClickHouseArgs ch;
  std::vector<std::string> selectors;
};

int run_pull(const PullArgs& a) {
  FleetConnection fc(a.ch, "pull");
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (const auto& sel : a.selectors) {
    const auto found = fleet::find_remote(*fc.entry, sel);
    if (found.empty()) {
      fmt::print(stderr, "procsnap pull: no committed snapshot on the server matches '{}'\n", escape_terminal(sel));
      return to_int(ExitCode::error);
    }
    for (const auto& r : found) {
      if (seen.insert(r.key).second) keys.push_back(r.key);
    }
  }
  db::Connection conn = importer::open_for_import(a.db);
  for (const auto& k : keys) {
    const auto o = fleet::pull_snapshot(fc.fleet, conn, k);
    if (o.already_local) {
      fmt::print("present  {}  (already snapshot {} of {})\n", k.substr(0, 16), o.snapshot_id, escape_terminal(a.db));
    } else {
      fmt::print("pulled   {}  as snapshot {}  {} rows\n", k.substr(0, 16), o.snapshot_id, o.rows);
    }
  }
  return to_int(ExitCode::ok);
}

}  // namespace

PulledPair pull_for_local_use(const ClickHouseArgs& a, const std::vector<std::string>& selectors,
                              const std::string& db_path, std::string_view command) {
  PulledPair out;
  FleetConnection fc(a, command);
  std::vector<std::string> keys;
  for (const auto& sel : selectors) {
    const auto found = fleet::find_remote(*fc.entry, sel);
    if (found.size() != 1) {
      out.error = found.empty() ? "no committed snapshot on the server matches '" + sel + "'"
                                : "'" + sel + "' matches " + std::to_string(found.size()) + " snapshots on the server:";
      for (std::size_t i = 0; i < found.size() && i < 20; ++i) {
        out.error += "\n  " + found[i].key.substr(0, 16) + "  " + found[i].host + "  " + found[i].captured_at;
      }
      return out;
    }
    keys.push_back(found.front().key);
  }
  db::Connection conn = importer::open_for_import(db_path);
  for (const auto& k : keys) out.ids.push_back(fleet::pull_snapshot(fc.fleet, conn, k).snapshot_id);
  return out;
}

namespace {

constexpr const char* k_push_footer =
    "\nSNAPSHOT: 'all', an id, 'latest', HOST@TIME, or a prefix (>= 6 hex digits) of the archive's SHA-256.\n\n"
    "Creates the procsnap tables on the server when absent (generated from the same declarations as the SQLite\n"
    "schema: `procsnap schema --clickhouse` prints them). A snapshot's identity there is its archive's SHA-256.\n"
    "Rows are streamed (RowBinary, gzip) table by table; the snapshots row is written last, after the server's\n"
    "row counts were checked, so an interrupted push is never visible as a snapshot, and pushing again replaces\n"
    "its partial rows. A snapshot already there with the same content is skipped; with different content it is\n"
    "refused (exit 6).\n\n"
    "Credentials: in the URL, or --password-file FILE, or $PROCSNAP_CLICKHOUSE_PASSWORD. Never printed.\n\n"
    "Exit codes: 0 pushed (or already there), 1 error (server down or refusing; nothing half-visible),\n"
    "2 usage, 6 a snapshot on the server has the same SHA-256 but other content (refused).\n\n"
    "Examples:\n"
    "  procsnap push --clickhouse http://localhost:8123 all\n"
    "  PROCSNAP_CLICKHOUSE_PASSWORD=... procsnap push --clickhouse https://ir@ch.example:8443 --database ir2026 latest\n"
    "  procsnap push --clickhouse http://ch1:8123 --cluster ir --shard http://ch1:8123 --shard http://ch2:8123 all\n";

constexpr const char* k_pull_footer =
    "\nSNAPSHOT (on the server): 'all', a host name, HOST@TIME (prefix of the UTC capture time, or HOST@latest),\n"
    "or a prefix (>= 6 hex digits) of the snapshot key (archive SHA-256).\n\n"
    "Copies committed snapshots into the local database (created when absent), each in one transaction, row for\n"
    "row as they were imported; then diff, triage, mem and every other command work on them locally.\n\n"
    "Examples:\n"
    "  procsnap pull --clickhouse http://localhost:8123 --db web1.db web1@latest\n"
    "  procsnap pull --clickhouse http://localhost:8123 --db two.db 3f2a91 77c0de && procsnap diff --db two.db 1 2\n";

}  // namespace

void add_push_command(CLI::App& app, int& rc) {
  auto a = std::make_shared<PushArgs>();
  auto* cmd = app.add_subcommand("push", "Copy imported snapshots to a ClickHouse server (fleet scale)");
  cmd->footer(k_push_footer);
  cmd->add_option("--db", a->db, "Local procsnap database")->capture_default_str();
  add_clickhouse_options(*cmd, a->ch);
  cmd->add_option("--batch", a->batch, "Snapshots per INSERT round")->capture_default_str();
  cmd->add_option("SNAPSHOT", a->selectors, "Snapshots to push ('all' for every one)")->required();
  cmd->callback([a, &rc] { rc = run_push(*a); });
}

void add_pull_command(CLI::App& app, int& rc) {
  auto a = std::make_shared<PullArgs>();
  auto* cmd = app.add_subcommand("pull", "Copy snapshots from a ClickHouse server into a local database");
  cmd->footer(k_pull_footer);
  cmd->add_option("--db", a->db, "Local procsnap database (created when absent)")->capture_default_str();
  add_clickhouse_options(*cmd, a->ch);
  cmd->add_option("SNAPSHOT", a->selectors, "Snapshots to pull")->required();
  cmd->callback([a, &rc] { rc = run_pull(*a); });
}

// ---- fleet: stack | triage ------------------------------------------------------------------------------------------

namespace {

struct FleetArgs {
  ClickHouseArgs ch;
  std::string hosts;
  std::string since;
  std::string until;
  std::size_t limit = 100;
  std::string format = "text";
  std::string what;
  std::string min_severity = "low";
  std::size_t max_rows = 50;
};

/// The SQLite storage class a ClickHouse column type prints as (numbers unquoted in csv/json, text escaped).
int sqlite_type_of(std::string_view ch_type) {
  if (ch_type.starts_with("Nullable(")) ch_type = ch_type.substr(9);
  if (ch_type.starts_with("Int") || ch_type.starts_with("UInt")) return SQLITE_INTEGER;
  if (ch_type.starts_with("Float")) return SQLITE_FLOAT;
  return SQLITE_TEXT;
}

/// Prints a ClickHouse result set through the same printer as `procsnap query` (escaping, csv, json).
void print_result(const fleet::ResultSet& rs, ResultPrinter& printer) {
  printer.begin(rs.names);
  for (const auto& row : rs.rows) {
    std::vector<Cell> cells;
    cells.reserve(row.size());
    for (std::size_t i = 0; i < row.size(); ++i) {
      Cell c;
      if (!row[i]) {
        c.type = SQLITE_NULL;
      } else {
        c.type = sqlite_type_of(i < rs.types.size() ? std::string_view(rs.types[i]) : std::string_view());
        c.bytes = *row[i];
      }
      cells.push_back(std::move(c));
    }
    printer.row(std::move(cells));
  }
  printer.end();
}

std::optional<Format> format_of(const std::string& f) {
  if (f == "text" || f == "table") return Format::table;
  if (f == "csv") return Format::csv;
  if (f == "json") return Format::json;
  return std::nullopt;
}

fleet::SnapshotFilter filter_of(const FleetArgs& a) {
  fleet::SnapshotFilter f;
  f.hosts = a.hosts;
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  if (!a.since.empty()) {
    f.since = fleet::parse_time_arg(a.since, now);
    if (!f.since) throw CLI::ValidationError("--since", "expected 2026-12-01, 2026-12-01T10:30 or an age (90m, 36h, 7d)");
  }
  if (!a.until.empty()) {
    f.until = fleet::parse_time_arg(a.until, now);
    if (!f.until) throw CLI::ValidationError("--until", "expected 2026-12-01, 2026-12-01T10:30 or an age (90m, 36h, 7d)");
  }
  return f;
}

int run_stack(const FleetArgs& a) {
  const auto format = format_of(a.format);
  if (!format) {
    fmt::print(stderr, "procsnap fleet stack: --format must be text, csv or json\n");
    return to_int(ExitCode::usage);
  }
  const auto sql = fleet::stack_sql(a.what, filter_of(a), a.limit);
  if (!sql) {
    fmt::print(stderr, "procsnap fleet stack: unknown WHAT '{}' (one of:", escape_terminal(a.what));
    for (const auto& k : fleet::stack_kinds()) fmt::print(stderr, " {}", k.name);
    fmt::print(stderr, ")\n");
    return to_int(ExitCode::usage);
  }
  FleetConnection fc(a.ch, "fleet stack");
  fc.fleet.log("query:\n" + *sql);
  const auto rs = fc.entry->select(*sql, fleet::fleet_query_settings());
  OutputOptions opt = stdout_options(*format);
  ResultPrinter printer(stdout, opt);
  print_result(rs, printer);
  printer.finish();
  return to_int(ExitCode::ok);
}

/// A ClickHouse value as a triage evidence cell (SQLite type codes, as the local triage prints them).
triage::Cell triage_cell(const std::optional<std::string>& v, std::string_view type) {
  triage::Cell c;
  if (!v) return c;  // NULL
  c.type = sqlite_type_of(type);
  c.bytes = *v;
  return c;
}

/// Findings at or above --min-severity exist (as procsnap triage).
constexpr int k_findings = 10;

int run_fleet_triage(const FleetArgs& a) {
  const auto min = triage::parse_severity(a.min_severity);
  const auto format = a.format == "text" ? std::optional<bool>(false)
                      : a.format == "json" ? std::optional<bool>(true)
                                           : std::nullopt;
  if (!min || !format) {
    fmt::print(stderr, "procsnap fleet triage: --min-severity low|medium|high, --format text|json\n");
    return to_int(ExitCode::usage);
  }
  std::vector<std::string> load_errors;
  const auto checks = triage::load_checks(load_errors);
  for (const auto& e : load_errors) fmt::print(stderr, "procsnap fleet triage: bad check file {}\n", e);
  const std::string keys = fleet::snapshot_keys_subquery(filter_of(a));
  FleetConnection fc(a.ch, "fleet triage");
  const auto settings = fleet::fleet_query_settings();

  // The snapshots covered, by host then time: one report each.
  const auto snaps = fc.entry->select(
      "SELECT snapshot_key, host, ifNull(captured_at, ''), ifNull(state, ''), ifNull(kernel_release, '') FROM "
      "snapshots WHERE snapshot_key IN " + keys + " ORDER BY host, capture_time, snapshot_key",
      settings);
  std::map<std::string, triage::Report> reports;
  std::vector<triage::SnapshotInfo> infos;
  for (const auto& row : snaps.rows) {
    triage::SnapshotInfo info;
    info.archive_sha256 = row[0].value_or("");
    info.hostname = row[1].value_or("");
    info.captured_at = row[2].value_or("");
    info.state = row[3].value_or("");
    info.kernel_release = row[4].value_or("");
    reports[info.archive_sha256];
    infos.push_back(std::move(info));
  }
  // Where the checks run: the server, or (cluster) every shard's own tables, since each snapshot lives whole on
  // one shard and 18.16 cannot send the checks' aliased JOINs through Distributed tables.
  std::vector<std::unique_ptr<fleet::Client>> shard_clients;
  std::vector<fleet::Client*> targets;
  if (fc.fleet.layout.cluster.empty()) {
    const auto engine = fc.entry->select("SELECT engine FROM system.tables WHERE database = " +
                                         fleet::quote(a.ch.database) + " AND name = 'snapshots'");
    if (!engine.rows.empty() && engine.rows[0][0] == std::optional<std::string>("Distributed")) {
      fmt::print(stderr,
                 "procsnap fleet triage: the tables of {} are Distributed over a cluster: give --cluster NAME and "
                 "--shard URL for every shard (the checks run on each shard's own tables)\n",
                 escape_terminal(a.ch.database));
      return to_int(ExitCode::usage);
    }
    targets.push_back(fc.entry.get());
  } else {
    for (fleet::Client* s : fc.fleet.shards) {
      fleet::Endpoint ep = s->endpoint();
      ep.database = fc.fleet.layout.data_database();
      shard_clients.push_back(std::make_unique<fleet::Client>(ep));
      targets.push_back(shard_clients.back().get());
    }
  }
  // One query per check (per shard) over every snapshot.
  std::vector<triage::CheckFailure> failures;
  std::size_t run = 0;
  for (const auto& check : checks) {
    if (check.severity < *min) continue;
    ++run;
    const std::string sql = triage::clickhouse_sql(check, keys);
    fc.fleet.log("check " + check.id);
    std::vector<fleet::ResultSet> results;
    try {
      for (fleet::Client* t : targets) results.push_back(t->select(sql, settings));
    } catch (const fleet::Error& e) {
      failures.push_back(triage::CheckFailure{check.id, e.what()});
      continue;
    }
    if (results.front().names.empty() || results.front().names[0] != "snapshot_key") {
      failures.push_back(triage::CheckFailure{check.id, "its ClickHouse form does not return snapshot_key first"});
      continue;
    }
    std::map<std::string, triage::Finding> per;
    for (const auto& rs : results) {
    for (const auto& row : rs.rows) {
      if (!row[0]) continue;
      auto it = per.find(*row[0]);
      if (it == per.end()) {
        triage::Finding f;
        f.check = &check;
        f.columns.assign(rs.names.begin() + 1, rs.names.end());
        it = per.emplace(*row[0], std::move(f)).first;
      }
      auto& f = it->second;
      ++f.total_rows;
      if (a.max_rows != 0 && f.rows.size() >= a.max_rows) continue;
      std::vector<triage::Cell> cells;
      for (std::size_t i = 1; i < row.size(); ++i) cells.push_back(triage_cell(row[i], rs.types[i]));
      f.rows.push_back(std::move(cells));
    }
    }
    for (auto& [key, f] : per) {
      if (auto r = reports.find(key); r != reports.end()) r->second.findings.push_back(std::move(f));
    }
  }
  triage::RunOptions opt;
  opt.min_severity = *min;
  opt.max_rows = a.max_rows;
  bool any = false;
  std::string out = *format ? "{\"hosts\":[" : "";
  std::string current_host;
  bool first_host = true;
  bool first_in_host = true;
  for (const auto& info : infos) {
    auto& r = reports[info.archive_sha256];
    r.checks_run = run;
    r.failures = failures;
    std::stable_sort(r.findings.begin(), r.findings.end(), [](const triage::Finding& x, const triage::Finding& y) {
      if (x.check->severity != y.check->severity) return x.check->severity > y.check->severity;
      return x.check->id < y.check->id;
    });
    any = any || !r.findings.empty();
    const bool new_host = first_host || info.hostname != current_host;
    if (*format) {
      if (new_host) {
        if (!first_host) out += "]},";
        out += "{\"host\":" + json_string(info.hostname) + ",\"snapshots\":[";
        first_in_host = true;
      }
      if (!first_in_host) out += ',';
      out += triage::render_json(r, info, opt);
    } else {
      if (new_host) out += fmt::format("==== host {} ====\n", escape_terminal(info.hostname.empty() ? "?" : info.hostname));
      out += triage::render_text(r, info, opt);
      out += '\n';
    }
    first_in_host = false;
    first_host = false;
    current_host = info.hostname;
  }
  if (*format) {
    if (!first_host) out += "]}";
    out += "],\"failures\":[";
    for (std::size_t i = 0; i < failures.size(); ++i) {
      out += (i ? "," : "") + std::string("{\"id\":") + json_string(failures[i].id) +
             ",\"message\":" + json_string(failures[i].message) + "}";
    }
    out += "]}\n";
  } else if (infos.empty()) {
    out += "procsnap fleet triage: no committed snapshot matches\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  for (const auto& f : failures) {
    fmt::print(stderr, "procsnap fleet triage: check {} failed: {}\n", f.id, escape_terminal(f.message));
  }
  if (any) return k_findings;
  return failures.empty() || run > failures.size() ? to_int(ExitCode::ok) : to_int(ExitCode::error);
}

void add_filter_options(CLI::App& cmd, FleetArgs& a) {
  cmd.add_option("--hosts", a.hosts, "Only hosts matching this glob (web*, db[12])");
  cmd.add_option("--since", a.since, "Only snapshots captured at or after: 2026-12-01[T10:30] (UTC) or an age: 36h, 7d");
  cmd.add_option("--until", a.until, "Only snapshots captured before this time (same forms)");
}

std::string stack_footer() {
  std::string s = "\nWHAT:\n";
  for (const auto& k : fleet::stack_kinds()) s += fmt::format("  {:<13} {}\n", k.name, k.description);
  s += "\nStacking is frequency analysis over every committed snapshot on the server (or those --hosts/--since\n"
       "select): each row is one value with the number of hosts and snapshots it was seen on and up to three\n"
       "examples (host or host:pid), rarest first: what one host of two thousand runs is where to look first.\n\n"
       "Examples:\n"
       "  procsnap fleet --clickhouse http://localhost:8123 stack exe --limit 20\n"
       "  procsnap fleet --clickhouse http://localhost:8123 stack listen --hosts 'web*' --since 7d --format csv\n";
  return s;
}

}  // namespace

void add_fleet_command(CLI::App& app, int& rc) {
  auto a = std::make_shared<FleetArgs>();
  auto* cmd = app.add_subcommand("fleet", "Questions across many hosts' snapshots on ClickHouse (stack, triage)");
  cmd->footer("\nSnapshots get there with `procsnap push`. See `procsnap fleet stack --help` and `procsnap fleet triage --help`.\n");
  add_clickhouse_options(*cmd, a->ch);
  cmd->require_subcommand(1);
  auto* stack = cmd->add_subcommand("stack", "Frequency of executables, listeners, ... across hosts, rarest first");
  stack->fallthrough();  // --clickhouse etc. may also follow the subcommand
  stack->footer(stack_footer());
  stack->add_option("WHAT", a->what, "exe | listen | parent-child | modules | ld-preload | libs")->required();
  add_filter_options(*stack, *a);
  stack->add_option("--limit", a->limit, "At most this many rows")->capture_default_str();
  stack->add_option("--format", a->format, "text | csv | json")->capture_default_str();
  stack->callback([a, &rc] { rc = run_stack(*a); });
  auto* tri = cmd->add_subcommand("triage", "The triage checks over many snapshots, one query each, by host");
  tri->fallthrough();
  tri->footer(
      "\nEach check of `procsnap triage` carries a ClickHouse form (analyzer/triage/checks/<id>.sql, after the line\n"
      "'-- clickhouse:') that returns the same evidence for many snapshots at once; a test requires both forms to\n"
      "give identical findings. Output: per host, per snapshot, as `procsnap triage` prints one snapshot;\n"
      "--format json prints {hosts:[{host, snapshots:[<procsnap triage json>]}], failures:[{id,message}]}.\n\n"
      "Exit codes: 0 no finding at or above --min-severity, 10 findings exist, 1 error, 2 usage.\n\n"
      "Examples:\n"
      "  procsnap fleet --clickhouse http://localhost:8123 triage --since 24h --min-severity high\n"
      "  procsnap fleet --clickhouse http://localhost:8123 triage --hosts 'web*' --format json\n");
  add_filter_options(*tri, *a);
  tri->add_option("--min-severity", a->min_severity, "low | medium | high")->capture_default_str();
  tri->add_option("--max-rows", a->max_rows, "Evidence rows shown per finding (0 = all)")->capture_default_str();
  tri->add_option("--format", a->format, "text | json")->capture_default_str();
  tri->callback([a, &rc] { rc = run_fleet_triage(*a); });
}

}  // namespace procsnap::cli
