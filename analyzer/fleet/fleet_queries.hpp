#pragma once
// The fleet questions as ClickHouse SQL over committed snapshots: stacking (frequency analysis across hosts,
// rarest first) and the snapshot filter every fleet query shares. Written for 18.16 and current releases alike:
// one JOIN per SELECT (nested subqueries), explicit ALL strictness, no correlated subqueries, no GLOB, no
// parameterised aggregates (groupUniqArray(N) is absent in 18.16: arraySlice over the sorted array instead).
// Queries run with join_use_nulls=1 (set by the caller), so an unmatched LEFT JOIN gives NULL as in SQLite.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace procsnap::fleet {

/// The settings every fleet query runs with: join_use_nulls=1 (an unmatched LEFT JOIN gives NULL, as in SQLite)
/// and distributed_product_mode=local (on a cluster, a subquery or JOIN over a Distributed table reads the shard's
/// local table: every row of a snapshot lives on the shard its snapshot_key hashes to, so the join is shard-local
/// and exact; on one server it changes nothing).
[[nodiscard]] std::vector<std::pair<std::string, std::string>> fleet_query_settings();

/// Which committed snapshots a fleet query covers.
struct SnapshotFilter {
  std::string hosts;                       ///< glob over host (* ? [..]); empty: every host
  std::optional<std::int64_t> since;      ///< capture_time >= this (epoch seconds)
  std::optional<std::int64_t> until;      ///< capture_time < this
};

/// "(SELECT snapshot_key FROM snapshots WHERE ...)": the committed snapshots the filter selects.
[[nodiscard]] std::string snapshot_keys_subquery(const SnapshotFilter& f);

/// A shell glob (* ? [abc] [!abc]) as an anchored RE2 pattern for match(); everything else is literal.
[[nodiscard]] std::string glob_to_regex(std::string_view glob);

/// Parses --since/--until: an ISO-8601 UTC date or date-time prefix (2026-12-01, 2026-12-01T10:30[:00][Z]) or a
/// relative age (90m, 36h, 7d) before `now`. nullopt when it is neither.
[[nodiscard]] std::optional<std::int64_t> parse_time_arg(std::string_view s, std::int64_t now);

struct StackKind {
  std::string_view name;         ///< exe, listen, parent-child, modules, ld-preload, libs
  std::string_view description;  ///< one line for --help
};
[[nodiscard]] std::span<const StackKind> stack_kinds();

/// The stacking query for one kind: value columns, then hosts, snapshots, processes (where counted) and examples,
/// ordered rarest first (fewest hosts, then fewest snapshots). nullopt for an unknown kind.
[[nodiscard]] std::optional<std::string> stack_sql(std::string_view kind, const SnapshotFilter& f, std::size_t limit);

}  // namespace procsnap::fleet
