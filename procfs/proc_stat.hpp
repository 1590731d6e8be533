#pragma once
// /proc/<pid>/stat and /proc/<pid>/task/<tid>/stat: one line, 52 space-separated fields (proc(5)).
// Field 2 (comm) is "(" + the task name + ")" and the name may itself hold spaces, parentheses and newlines
// (prctl(PR_SET_NAME) accepts any bytes but NUL), so comm is what lies between the FIRST '(' and the LAST ')'.
// Every field is optional: fields 38..52 appeared in kernels 2.1.22 .. 3.5, and a truncated or damaged file keeps
// the fields that could be read. Unsigned kernel fields are std::uint64_t, signed ones std::int64_t (even where
// proc(5) says %d: the prometheus corpus holds out-of-range values and we keep what the file says).
#include "procfs/parse_result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace procsnap::procfs {

struct ProcStat {
  std::optional<std::int64_t> pid;                     ///< (1) process (or thread) id, as written in the file
  std::optional<std::string> comm;                     ///< (2) task name between the first '(' and the last ')'
  std::optional<char> state;                           ///< (3) R S D Z T t W X x K P I
  std::optional<std::int64_t> ppid;                    ///< (4) parent pid
  std::optional<std::int64_t> pgrp;                    ///< (5) process group id
  std::optional<std::int64_t> session;                 ///< (6) session id
  std::optional<std::int64_t> tty_nr;                  ///< (7) controlling terminal (minor in bits 31..20 and 7..0)
  std::optional<std::int64_t> tpgid;                   ///< (8) foreground process group of the terminal
  std::optional<std::uint64_t> flags;                  ///< (9) PF_* kernel flags
  std::optional<std::uint64_t> minflt;                 ///< (10) minor faults
  std::optional<std::uint64_t> cminflt;                ///< (11) minor faults of waited-for children
  std::optional<std::uint64_t> majflt;                 ///< (12) major faults
  std::optional<std::uint64_t> cmajflt;                ///< (13) major faults of waited-for children
  std::optional<std::uint64_t> utime;                  ///< (14) user time, clock ticks
  std::optional<std::uint64_t> stime;                  ///< (15) system time, clock ticks
  std::optional<std::int64_t> cutime;                  ///< (16) children's user time, clock ticks
  std::optional<std::int64_t> cstime;                  ///< (17) children's system time, clock ticks
  std::optional<std::int64_t> priority;                ///< (18) scheduling priority as the kernel shows it
  std::optional<std::int64_t> nice;                    ///< (19) nice value -20..19
  std::optional<std::int64_t> num_threads;             ///< (20) threads in the process
  std::optional<std::int64_t> itrealvalue;             ///< (21) always 0 since 2.6.17
  std::optional<std::uint64_t> start_time;             ///< (22) starttime: clock ticks after boot
  std::optional<std::uint64_t> vsize;                  ///< (23) virtual memory size, bytes
  std::optional<std::int64_t> rss;                     ///< (24) resident set size, pages
  std::optional<std::uint64_t> rsslim;                 ///< (25) soft RSS limit, bytes (2^64-1 = unlimited)
  std::optional<std::uint64_t> startcode;              ///< (26) start of text
  std::optional<std::uint64_t> endcode;                ///< (27) end of text
  std::optional<std::uint64_t> startstack;             ///< (28) start (bottom) of stack
  std::optional<std::uint64_t> kstkesp;                ///< (29) stack pointer (0 unless the task is being dumped)
  std::optional<std::uint64_t> kstkeip;                ///< (30) instruction pointer (idem)
  std::optional<std::uint64_t> signal;                 ///< (31) pending signals bitmap (obsolete)
  std::optional<std::uint64_t> blocked;                ///< (32) blocked signals bitmap (obsolete)
  std::optional<std::uint64_t> sigignore;              ///< (33) ignored signals bitmap (obsolete)
  std::optional<std::uint64_t> sigcatch;               ///< (34) caught signals bitmap (obsolete)
  std::optional<std::uint64_t> wchan;                  ///< (35) 0, or 1 when blocked (address hidden since 4.x)
  std::optional<std::uint64_t> nswap;                  ///< (36) not maintained
  std::optional<std::uint64_t> cnswap;                 ///< (37) not maintained
  std::optional<std::int64_t> exit_signal;             ///< (38) signal sent to the parent on death (2.1.22)
  std::optional<std::int64_t> processor;               ///< (39) CPU last run on (2.2.8)
  std::optional<std::uint64_t> rt_priority;            ///< (40) real-time priority 1..99, 0 otherwise (2.5.19)
  std::optional<std::uint64_t> policy;                 ///< (41) SCHED_* policy (2.5.19)
  std::optional<std::uint64_t> delayacct_blkio_ticks;  ///< (42) aggregated block I/O delay, ticks (2.6.18)
  std::optional<std::uint64_t> guest_time;             ///< (43) guest time, ticks (2.6.24)
  std::optional<std::int64_t> cguest_time;             ///< (44) children's guest time, ticks (2.6.24)
  std::optional<std::uint64_t> start_data;             ///< (45) start of data+bss (3.3)
  std::optional<std::uint64_t> end_data;               ///< (46) end of data+bss (3.3)
  std::optional<std::uint64_t> start_brk;              ///< (47) heap start (3.3)
  std::optional<std::uint64_t> arg_start;              ///< (48) argv start (3.5)
  std::optional<std::uint64_t> arg_end;                ///< (49) argv end (3.5)
  std::optional<std::uint64_t> env_start;              ///< (50) environment start (3.5)
  std::optional<std::uint64_t> env_end;                ///< (51) environment end (3.5)
  std::optional<std::int64_t> exit_code;               ///< (52) waitpid()-style exit status (3.5)
  std::size_t extra_fields = 0;                        ///< fields after the 52nd (a newer kernel): ignored, counted
};

/// Parses the whole content of a stat file. Never throws; what cannot be read is nullopt plus a diagnostic.
[[nodiscard]] Parsed<ProcStat> parse_proc_stat(std::string_view text);

/// The fields after comm (3..52) of a stat file, read in place without allocating: for callers that need one or
/// two fields of thousands of stat files (the collector reads state, flags and starttime twice per process) and
/// would pay parse_proc_stat's strings and diagnostics for nothing. The same rules as parse_proc_stat: the fields
/// start after the LAST ')' (comm may hold ')' and spaces) and end at the first newline after it; separators are
/// runs of spaces and tabs; numbers are strict (parse_u64). No diagnostics: a missing or malformed field is
/// nullopt. Views into `text`, which must outlive this object.
class ProcStatFields {
 public:
  explicit ProcStatFields(std::string_view text);

  /// False when the text has no ')' (no field after comm can be located; every field is then nullopt).
  [[nodiscard]] bool found() const { return found_; }
  /// The text after comm's ')' up to (not including) the first newline.
  [[nodiscard]] std::string_view after_comm() const { return rest_; }
  /// Field `n` as proc(5) numbers them (n >= 3; 1 and 2 are pid and comm), nullopt when the line has fewer.
  [[nodiscard]] std::optional<std::string_view> field(std::size_t n) const;
  /// (3) state, when that field is a single character.
  [[nodiscard]] std::optional<char> state() const;
  /// (9) flags (PF_* bits).
  [[nodiscard]] std::optional<std::uint64_t> flags() const;
  /// (22) starttime, clock ticks after boot.
  [[nodiscard]] std::optional<std::uint64_t> start_time() const;

 private:
  std::string_view rest_;
  bool found_ = false;
};

/// Human name of a stat/status state letter ("running", "sleeping", ...), empty when unknown.
[[nodiscard]] std::string_view proc_state_name(char state);

}  // namespace procsnap::procfs
