#pragma once
// The tables procsnap's own code writes, with no /proc parser behind them: declared once as data (table_decl.hpp,
// Scope::none: every column explicit), written with rows bound by column name (table_row.hpp).
//   tables/core.cpp    schema/00_snapshots.sql  snapshots, members, import_issues, procsnap_meta (importer.cpp,
//                                               database.cpp)
//   tables/diff.cpp    schema/50_diff.sql       diff_runs, diff_changes (diff/save.cpp: procsnap diff --save)
//   tables/memory.cpp  schema/70_memory.sql     memory_regions, memory_chunks, memory_frames,
//                                               captured_executables, captured_fds (memory_import.cpp)
//   tables/yara.cpp    schema/75_yara.sql       yara_matches (cli/mem_yara.cpp: procsnap mem yara --save)
#include "importer/table_decl.hpp"

namespace procsnap::importer::tables {

extern const TableDecl snapshots;
extern const TableDecl members;
extern const TableDecl import_issues;
extern const TableDecl procsnap_meta;

extern const TableDecl diff_runs;
extern const TableDecl diff_changes;

extern const TableDecl memory_regions;
extern const TableDecl memory_chunks;
extern const TableDecl captured_executables;
extern const TableDecl captured_fds;
extern const TableDecl memory_frames;

extern const TableDecl yara_matches;

}  // namespace procsnap::importer::tables
