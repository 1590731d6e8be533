#pragma once
// Single-value and small key/value files of /proc/<pid>/ and /proc/<pid>/task/<tid>/, stored together in the
// proc_values / task_values tables (one row per value) instead of one table each:
//   single value: comm, setgroups, coredump_filter (hex), cpuset, loginuid, sessionid, oom_adj, oom_score,
//                 oom_score_adj, personality (hex), wchan, timerslack_ns, ksm_merging_pages
//   key/value:    arch_status ("key:\tvalue"), ksm_stat ("key value" or "key: value")
// and attr/* (LSM labels) for proc_attr. Also autogroup, timens_offsets and children, which have structure.
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::procfs {

/// How a single-value file's text is read as a number.
enum class ValueKind {
  text,     ///< no number (comm, setgroups, cpuset, wchan)
  decimal,  ///< signed or unsigned decimal (oom_*, timerslack_ns, ksm_merging_pages)
  hex,      ///< hexadecimal without 0x (coredump_filter, personality)
  audit_id  ///< decimal u32 where 4294967295 (AUDIT_UID_UNSET / AUDIT_SID_UNSET) means "not set" (loginuid,
            ///< sessionid): the number is then nullopt and `unset` is true
};

/// The kind of one of the single-value files above (by file name); text for names it does not know.
[[nodiscard]] ValueKind proc_value_kind(std::string_view file);

struct ProcValue {
  std::string text;                        ///< the content without its trailing newline(s)
  std::optional<std::int64_t> number;      ///< the number when it fits int64
  std::optional<std::uint64_t> big;        ///< the number when it is above INT64_MAX (unsigned files)
  bool unset = false;                      ///< audit_id files: the value was 4294967295
};

[[nodiscard]] Parsed<ProcValue> parse_proc_value(std::string_view text, ValueKind kind);

struct ProcKeyValue {
  std::size_t line = 0;
  std::string key;
  std::string value;
  std::optional<std::int64_t> number;  ///< the value when it is a decimal integer
};

/// "key: value" or "key value" lines (arch_status, ksm_stat).
[[nodiscard]] Parsed<std::vector<ProcKeyValue>> parse_proc_key_values(std::string_view text);

/// attr/<name>: an LSM label ("unconfined", "system_u:system_r:init_t:s0"), ending with '\n' or NUL (SELinux).
/// nullopt when the file is empty (no label).
[[nodiscard]] Parsed<std::optional<std::string>> parse_proc_attr(std::string_view text);

/// autogroup (CONFIG_SCHED_AUTOGROUP): "/autogroup-<id> nice <n>".
struct ProcAutogroup {
  std::optional<std::string> name;      ///< "/autogroup-5"
  std::optional<std::int64_t> id;       ///< 5
  std::optional<std::int64_t> nice;     ///< the group's nice value
};
[[nodiscard]] Parsed<ProcAutogroup> parse_proc_autogroup(std::string_view text);

/// timens_offsets (5.6+): "<clock> <seconds> <nanoseconds>" per line (clock name, or id on some kernels).
struct ProcTimensOffset {
  std::size_t line = 0;
  std::string clock;                        ///< "monotonic", "boottime" (or a clock id)
  std::optional<std::int64_t> seconds;
  std::optional<std::int64_t> nanoseconds;
};
[[nodiscard]] Parsed<std::vector<ProcTimensOffset>> parse_proc_timens_offsets(std::string_view text);

/// task/<tid>/children (CONFIG_PROC_CHILDREN): space-separated pids of the thread's children.
[[nodiscard]] Parsed<std::vector<std::int64_t>> parse_proc_children(std::string_view text);

}  // namespace procsnap::procfs
