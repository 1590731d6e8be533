#pragma once
// procsnap timeline: every point in time the snapshots know, as events for Timesketch (JSONL), CSV or JSON.
//
// Per snapshot: the host's boot (btime), the capture's start (captured_at_epoch_ns) and end (the trailer's
// finished.realtime_ns), and each process's start: btime + starttime / CLK_TCK.
//
// Time namespaces: /proc/<pid>/stat's starttime and /proc/stat's btime are both shown in the READER's time
// namespace (the kernel adds the reader's boottime offset to starttime and subtracts it from btime), so their sum
// is the true wall-clock start whatever namespace the collector or the process lived in. Adding the process's own
// timens_offsets on top would shift a containerised process by its offset (verified: a `unshare --time --boottime
// 100000 sleep` reads the same starttime from outside as its siblings, 10^7 ticks more from inside, with btime
// 100000 s less). The process's boottime offset is reported (timens_boottime_offset_ns) so the process's own view,
// starttime + offset, can be reconstructed.
//
// Identity across snapshots: (host, boot_id, pid, starttime). A process seen in several snapshots is one event,
// with first_seen / last_seen (capture start times) and seen_in_snapshots; its attributes come from the first
// snapshot that holds it. A boot seen in several snapshots is one event too.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace procsnap::report {

struct TimelineEvent {
  std::int64_t timestamp_us = 0;  ///< microseconds since 1970-01-01 UTC
  std::string timestamp_desc;     ///< "Process Start Time", "Capture Time", "Boot Time" (plaso vocabulary)
  std::string data_type;          ///< procsnap:process:start, procsnap:capture:start, procsnap:capture:end, procsnap:boot
  std::string message;            ///< one line for a reader (raw bytes: renderers escape)
  std::string hostname;
  std::optional<std::string> boot_id;
  std::optional<std::int64_t> pid, ppid, start_ticks, timens_boottime_offset_ns;
  std::optional<std::string> comm, exe, cmdline, uid, container;
  std::size_t cmdline_bytes = 0;  ///< full cmdline length (cmdline holds at most TimelineOptions::max_text)
  std::string snapshot_sha256;    ///< archive SHA-256 of the snapshot the values come from
  std::optional<std::int64_t> first_seen_us, last_seen_us;  ///< capture starts of the first / last snapshot holding it
  std::size_t seen_in_snapshots = 1;
};

struct TimelineOptions {
  std::size_t max_text = 4096;  ///< bytes kept of a cmdline (0 = all); cmdline_bytes tells the full length
};

struct Timeline {
  std::vector<TimelineEvent> events;  ///< by time, then data_type, hostname, pid
  std::vector<std::string> warnings;  ///< e.g. processes whose start time is unknown or out of range
};

/// Builds the events of the given snapshots (ids). Throws db::Error on database failures and std::invalid_argument
/// for an unknown id.
[[nodiscard]] Timeline build_timeline(const db::Connection& conn, std::span<const std::int64_t> snapshot_ids,
                                      const TimelineOptions& options = {});

/// ISO 8601 with microseconds and an explicit offset, as Timesketch's examples: 2026-11-29T08:53:40.930000+00:00.
[[nodiscard]] std::string iso8601_us(std::int64_t timestamp_us);

/// Timesketch JSONL: one object per line with message, datetime, timestamp, timestamp_desc and the fields above.
[[nodiscard]] std::string render_timesketch(const Timeline& t);
/// The same objects as one JSON array.
[[nodiscard]] std::string render_timeline_json(const Timeline& t);
/// CSV with a header line (Timesketch accepts it too); `tty`: escape cells for a terminal.
[[nodiscard]] std::string render_timeline_csv(const Timeline& t, bool tty);

}  // namespace procsnap::report
