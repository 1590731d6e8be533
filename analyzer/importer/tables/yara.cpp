// The YARA table group (schema/75_yara.sql, generated from this declaration by `procsnap schema --write schema/`):
// the matches of `procsnap mem yara --save`, written by cli/mem_yara.cpp with rows bound by column name
// (table_row.hpp). No /proc parser behind it: Scope::none, every column declared here.
#include "importer/own_tables.hpp"
#include "importer/registry.hpp"

namespace procsnap::importer {

namespace tables {

// clang-format off
constexpr ColumnDecl k_yara_matches_columns[] = {
    {"snapshot_id", Type::integer, true, "snapshot whose captured memory was scanned", "REFERENCES snapshots(id)"},
    {"pid", Type::integer, true, "process id (one scan per process: its selected regions are the scan's blocks)"},
    {"start_time", Type::integer, false, "stat starttime of the pid (ticks after boot), as in memory_regions; NULL if unknown"},
    {"region_start", Type::u64, false, "start_addr of the memory_regions row holding the match (u64: INTEGER, or decimal TEXT above 2^63-1); NULL for a rule that matched without a string match"},
    {"address", Type::u64, false, "address of the first matched byte in the process (block base + offset: each captured range is scanned at its real address); NULL as region_start"},
    {"rule", Type::text, true, "rule identifier"},
    {"namespace", Type::text, true, "rule namespace: the rule file's path relative to the RULES directory, its name for a single file"},
    {"tags", Type::text, false, "the rule's tags, space-separated in declaration order; NULL when none"},
    {"meta", Type::text, false, "the rule's metadata as a JSON object (strings, integers, booleans; a repeated key keeps the last value); NULL when none"},
    {"string_id", Type::text, false, "identifier of the matching string ('$a'); NULL for a rule that matched by its condition alone (no string match to show)"},
    {"match_length", Type::integer, false, "length of the match in bytes (may exceed the stored data)"},
    {"data", Type::blob, false, "the first bytes of the match (at most 64, libyara's copy; raw, may be any bytes)"},
    {"hexdump", Type::text, false, "data as hexdump -C lines (address, hex, printable ASCII only): safe to print"},
    {"rules_sha256", Type::text, true, "SHA-256 over the rule files in compile order (for each: its namespace, a NUL, its bytes, a NUL): which rule set found it"},
    {"scanned_at", Type::text, true, "when the scan ran, UTC ISO-8601 (analyst's clock)"},
};
constexpr IndexDecl k_yara_matches_indexes[] = {
    {"yara_matches_process", "snapshot_id, pid"},
    {"yara_matches_rule", "snapshot_id, rule"},
};

constexpr TableDecl yara_matches{  // NOLINT(readability-identifier-naming): named after its table
    .name = "yara_matches",
    .scope = Scope::none,
    .comment = "One row per string match of a YARA rule in a process's captured memory (procsnap mem yara --save), or one\n"
               "row per rule that matched without any string match. A new --save of the same snapshot with the same rule set\n"
               "(rules_sha256) replaces that scan's rows for the pids it scanned. At most --max-matches rows per run.",
    .columns = k_yara_matches_columns,
    .indexes = k_yara_matches_indexes,
};
// clang-format on

}  // namespace tables

namespace {

constexpr std::string_view k_header =
    "Results of `procsnap mem yara --save`: YARA rules run over the memory captured with procsnap-collect --mem\n"
    "(memory_regions, memory_chunks). Each contiguous captured range of a region is one scan block at its real\n"
    "address, so a match never spans a hole and its address is the process's. Text columns hold the rules' and the\n"
    "memory's bytes as found (escape on display).";

}  // namespace

TableGroup yara_group() {
  return TableGroup{
      .file = "75_yara.sql",
      .header = k_header,
      .tables = {tables::yara_matches},
  };
}

}  // namespace procsnap::importer
