#pragma once
// Member path pattern -> handler. Adding a /proc file = its parser (procfs/), its schema (schema/*.sql) and one
// line in a group's handler list (importer/tables/<group>.cpp).
//
// Pattern syntax (matched against the whole archive path):
//   "proc/<pid>/stat"             per-process file            (Member::pid set)
//   "proc/<pid>/task/<tid>/stat"  per-thread file             (Member::pid and ::tid set)
//   "proc/<pid>/fd/<n>"           numbered entry              (Member::name = "<n>" text)
//   "proc/<pid>/ns/<name>"        named entry                 (Member::name = the file name)
//   "proc/<pid>/net/tcp"          net table of a namespace    (Member::netns set)
//   "proc/net/tcp"                the collector's namespace   (Member::netns set)
//   "proc/meminfo", "proc/sys/<path>"  system-wide files ("<path>" matches the rest, may contain '/')
#include "importer/table_sink.hpp"

#include <span>
#include <string_view>
#include <vector>

namespace procsnap::importer {

using HandlerFn = void (*)(const Member& member, TableSink& sink);

struct Handler {
  std::string_view pattern;
  HandlerFn fn;
};

/// Each table group exports its handlers; registry.cpp concatenates them. Groups:
std::span<const Handler> proc_basic_handlers();   ///< tables/proc_basic.cpp: stat, status, cmdline, environ, ...
std::span<const Handler> proc_memory_handlers();  ///< tables/proc_memory.cpp: maps, smaps, mountinfo, fds, ...
std::span<const Handler> net_handlers();          ///< tables/net.cpp: tcp, udp, unix, packet, netlink, arp, ...
std::span<const Handler> system_handlers();       ///< tables/system.cpp: meminfo, stat, loadavg, modules, ...

/// Each group's tables (and its schema/ file's header), in schema file order: tables/<group>.cpp.
TableGroup core_group();  ///< tables/core.cpp: snapshots, members, import_issues, procsnap_meta
TableGroup proc_basic_group();
TableGroup proc_memory_group();
TableGroup net_group();
TableGroup system_group();
TableGroup diff_group();    ///< tables/diff.cpp: diff_runs, diff_changes (written by diff/save.cpp)
TableGroup memory_group();  ///< tables/memory.cpp: memory_regions, memory_chunks, captured_executables
TableGroup yara_group();    ///< tables/yara.cpp: yara_matches (written by cli/mem_yara.cpp)
TableGroup containers_group();  ///< tables/containers.cpp: containers, process_containers, net_namespaces

/// All handlers of all groups.
[[nodiscard]] std::vector<Handler> all_handlers();

/// Matches `path` against `pattern`; on success fills pid/tid/name of `out` (others untouched).
[[nodiscard]] bool match_pattern(std::string_view pattern, std::string_view path, Member& out);

}  // namespace procsnap::importer
