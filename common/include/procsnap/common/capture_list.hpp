#pragma once
// Every /proc file the collector captures, in one list that the collector and the importer share (the archive's
// contract, with schema/FORMAT.md). The collector derives what it reads from it (collector/walker.cpp); each
// entry is either parsed into tables by an importer handler (analyzer/importer/tables/<group>.cpp) or marked
// raw-only with the reason. tests/importer/capture_list_test.cpp fails when a captured file has no handler and
// no raw-only reason, when a handler waits for a file that is never captured, or when a raw-only file has one.
//
// Paths are archive path patterns: "proc/meminfo", "proc/sys/kernel/hostname", "proc/net/tcp" (also captured as
// proc/<pid>/net/tcp for other network namespaces), "proc/<pid>/status", "proc/<pid>/task/<tid>/status", and
// the directories the collector lists: "proc/<pid>/fd/<n>", "proc/<pid>/ns/<name>", "proc/net/stat/<name>", ...
#include <span>
#include <string_view>

namespace procsnap::common {

struct CapturedFile {
  std::string_view path;
  std::string_view raw_only = {};  ///< why no table parses it; empty when an importer handler does
  bool link = false;               ///< a symbolic link, stored as a symlink member (its target)
};

/// In member order for the per-process and per-task entries (FORMAT.md "Members, in this order"); system and
/// net entries are sorted by the collector.
[[nodiscard]] std::span<const CapturedFile> captured_files();

}  // namespace procsnap::common
