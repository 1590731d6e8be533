// The diff table group (schema/50_diff.sql, generated from these declarations by `procsnap schema --write schema/`):
// the results of `procsnap diff --save`, written by analyzer/diff/save.cpp with rows bound by column name
// (table_row.hpp). No /proc parser behind them: Scope::none, every column declared here.
#include "importer/own_tables.hpp"
#include "importer/registry.hpp"

namespace procsnap::importer {

namespace tables {

// clang-format off
constexpr ColumnDecl k_diff_runs_columns[] = {
    {"id", Type::integer, false, "diff id (diff_changes.diff_id)", "PRIMARY KEY"},
    {"snapshot_a", Type::integer, true, "snapshot A, the \"before\" side", "REFERENCES snapshots(id)"},
    {"snapshot_b", Type::integer, true, "snapshot B, the \"after\" side", "REFERENCES snapshots(id)"},
    {"mode", Type::text, true, "'time' (same boot: processes matched by pid and start_time) or 'hosts' (matched as multisets of exe and cmdline)"},
    {"mode_auto", Type::integer, true, "1 when --mode auto picked the mode, 0 when the user chose it"},
    {"mode_reason", Type::text, true, "why that mode, e.g. 'same boot_id ...' or 'different machine_id (...)'"},
    {"categories", Type::text, true, "compared categories, comma-separated (processes,sockets,maps,fds,env,mounts,modules,kernel)"},
    {"show_counters", Type::integer, true, "1 when counters that always move (cpu times, faults, io, ctxt switches) were reported"},
    {"mem_threshold_bytes", Type::integer, true, "resident-memory growth (bytes) from which a process is reported (attribute 'rss')"},
    {"change_count", Type::integer, true, "number of diff_changes rows of this diff"},
    {"notes", Type::text, false, "what could not be compared and why, one note per line; NULL when none"},
    {"procsnap_version", Type::text, false, "version of procsnap that computed the diff"},
    {"created_at", Type::text, true, "when the diff was saved, UTC ISO-8601 (analyst's clock)"},
};

constexpr TableDecl diff_runs{  // NOLINT(readability-identifier-naming): named after its table
    .name = "diff_runs",
    .scope = Scope::none,
    .comment = "One saved comparison of snapshot A (before) with snapshot B (after).",
    .columns = k_diff_runs_columns,
};

constexpr ColumnDecl k_diff_changes_columns[] = {
    {"diff_id", Type::integer, true, "the diff (diff_runs.id)", "REFERENCES diff_runs(id)"},
    {"seq", Type::integer, true, "position in the diff's output order (category, pid, start_time, kind, attribute, key)"},
    {"category", Type::text, true, "processes, sockets, maps, fds, env, mounts, modules or kernel"},
    {"kind", Type::text, true, "change kind: started, exited, changed, counter (processes, time mode); added, removed (hosts-mode multisets, maps, env, mounts, modules, kernel); opened, closed, changed (fds, sockets)"},
    {"attribute", Type::text, true, "what changed: comm, cmdline, exe, cwd, root, uids, gids, groups, cap_*, ns:<name>, cgroup, ppid, nice, priority, threads, state, rss, a counter name, process, user, fd, socket, listener, library, anon_exec, rwx, env, mount, module, release, version, cmdline, sysctl"},
    {"key", Type::text, true, "the item within (category, pid, start_time, attribute): fd number, variable name, socket, library path, region, mount point, module or sysctl name, 'exe cmdline' of a hosts-mode process group, or the pid of a started/exited process"},
    {"pid", Type::integer, false, "the process (time mode); NULL for system-wide and hosts-mode changes"},
    {"start_time", Type::integer, false, "the process's stat starttime (ticks after boot): B's for 'started', A's otherwise; NULL with pid NULL or unknown"},
    {"subject", Type::text, false, "who, for a reader: the process's comm (time mode), the 'exe cmdline' of a hosts-mode pair; NULL when none"},
    {"before", Type::text, false, "value in snapshot A (hosts-mode multisets: the count in A); NULL when absent in A"},
    {"after", Type::text, false, "value in snapshot B (hosts-mode multisets: the count in B); NULL when absent in B"},
};
constexpr IndexDecl k_diff_changes_indexes[] = {
    {"diff_changes_process", "diff_id, pid, start_time"},
};

constexpr TableDecl diff_changes{  // NOLINT(readability-identifier-naming): named after its table
    .name = "diff_changes",
    .scope = Scope::none,
    .comment = "One difference between the two snapshots of a diff (docs/diff-json.md describes every kind and attribute).",
    .columns = k_diff_changes_columns,
    .indexes = k_diff_changes_indexes,
    .table_constraint = "PRIMARY KEY (diff_id, seq)",
};
// clang-format on

}  // namespace tables

namespace {

constexpr std::string_view k_header =
    "Results of `procsnap diff --save`: one diff_runs row per saved comparison and one diff_changes row per\n"
    "difference, so a diff can be joined with the snapshot tables and filtered in SQL. The JSON output of\n"
    "`procsnap diff --format json` carries the same fields (docs/diff-json.md). Text columns hold the snapshot's\n"
    "bytes as captured (escape on display).";

}  // namespace

TableGroup diff_group() {
  return TableGroup{
      .file = "50_diff.sql",
      .header = k_header,
      .tables = {tables::diff_runs, tables::diff_changes},
  };
}

}  // namespace procsnap::importer
