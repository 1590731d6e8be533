#pragma once
// --gentle: the collector yields to everything else on the host. The calling thread is put in the SCHED_IDLE CPU
// class (it runs only when a CPU would otherwise idle) and the idle I/O class (its disk I/O is served only when no
// other process uses the disk); threads created afterwards inherit both, so this is called before the collector
// starts any thread, and then covers all of them. The rest of --gentle (one reader, the read-rate bound) is the
// walker's and the reader's (WalkerConfig::one_reader, Reader::set_read_rate).
#include <optional>
#include <string>

namespace procsnap::collector {

/// Linux's scheduling policy number for SCHED_IDLE and the I/O priority class number of "idle" (ioprio_set(2)), as
/// /proc/<pid>/stat field 41 and ioprio_get report them.
inline constexpr int k_sched_idle = 5;
inline constexpr int k_sched_batch = 3;  ///< SCHED_BATCH, as stat field 41 reports it
inline constexpr int k_ioprio_class_idle = 3;

/// Applies SCHED_IDLE and the idle I/O class to the calling thread (and so to the threads it starts later).
/// nullopt on success, else what failed and why (the collector goes on, less gentle, and says so).
[[nodiscard]] std::optional<std::string> make_gentle();

/// The calling thread (the recorder's, the archive output's: user-space work that is throughput, not latency) stops
/// preempting the threads that read /proc when it wakes up: SCHED_BATCH, when it runs under SCHED_OTHER (under
/// --gentle's SCHED_IDLE it stays there). Best effort: a failure changes nothing but speed.
void prefer_batch_scheduling();

/// The I/O priority class of thread `tid` (0: the calling thread): 0 none, 1 realtime, 2 best-effort, 3 idle;
/// -1 when ioprio_get fails.
[[nodiscard]] int ioprio_class_of(int tid);

}  // namespace procsnap::collector
