#pragma once
// osquery's SQL functions (analyzer/db/osquery_functions.*) on the fleet's ClickHouse. ClickHouse 18.16 (Debian 12's)
// cannot register SQL functions (CREATE FUNCTION came in 21.10), so each osquery function either has a ClickHouse
// expression that gives osquery's result, written out here for analysts querying the pushed tables, or is listed
// with why it has none. README.md's table is markdown_table(); tests/fleet checks both against a real server,
// example by example, against the SQLite function.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::fleet {

struct OsqueryOnClickHouse {
  std::string_view call;        ///< osquery's call shape: "sha256(text)"
  std::string_view clickhouse;  ///< the ClickHouse 18.16 expression, $1..$3 for the arguments; empty when none
  std::string_view note;        ///< where the expression departs from osquery, or why there is none
};

/// Every osquery function and collation procsnap registers on SQLite, in README's order.
[[nodiscard]] std::span<const OsqueryOnClickHouse> osquery_on_clickhouse();

/// The function's name: call up to '(' ("sha256"), or the collation's ("COLLATE VERSION").
[[nodiscard]] std::string_view function_name(const OsqueryOnClickHouse& f);

/// `f.clickhouse` with $1..$n replaced by `args` (SQL text, e.g. literals or column names).
[[nodiscard]] std::string clickhouse_call(const OsqueryOnClickHouse& f, const std::vector<std::string>& args);

/// The markdown table README.md holds (between its "osquery functions on ClickHouse" markers).
[[nodiscard]] std::string markdown_table();

}  // namespace procsnap::fleet
