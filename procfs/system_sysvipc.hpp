#pragma once
// /proc/sysvipc/{shm,msg,sem} (ipc/util.c sysvipc_proc_show + ipc/{shm,msg,sem}.c): a header line naming the
// columns, then one line per System V IPC object. Parsed by header name, so a kernel that adds or reorders
// columns still parses:
//   shm: key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap
//   msg: key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime
//   sem: key semid perms nsems uid gid cuid cgid otime ctime
// key is signed (%10d), perms is octal (%4o), every other column an unsigned decimal.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct SysvipcValue {
  std::string text;                ///< the token as printed
  std::optional<std::int64_t> i;   ///< for "key": the signed value
  std::optional<std::uint64_t> u;  ///< for every other numeric column (perms: the octal digits' value)
};

struct SysvipcRow {
  std::size_t line = 0;
  std::vector<SysvipcValue> values;  ///< same order as SysvipcTable::columns (shorter when the line was short)
};

struct SysvipcTable {
  std::vector<std::string> columns;  ///< from the header line
  std::vector<SysvipcRow> rows;
  /// The value of `column` in `row`, or nullptr when the header has no such column or the row is short.
  [[nodiscard]] const SysvipcValue* get(const SysvipcRow& row, std::string_view column) const;
};

[[nodiscard]] Parsed<SysvipcTable> parse_system_sysvipc(std::string_view text);

}  // namespace procsnap::procfs
