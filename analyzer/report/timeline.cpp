// procsnap timeline: events from the snapshots table and one pass over proc_stat (+ status, cmdline, exe link,
// cgroup, timens_offsets) per snapshot. Arithmetic is overflow-checked: btime and starttime come from a hostile
// archive.
#include "report/timeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <map>
#include <stdexcept>
#include <tuple>

#include "procsnap/common/text.hpp"
#include "report/report.hpp"
#include "report/snapshot_rows.hpp"

namespace procsnap::report {

namespace {

// 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999Z: what ISO 8601 years of four digits can say.
constexpr std::int64_t k_min_us = -62135596800LL * 1000000;
constexpr std::int64_t k_max_us = 253402300799LL * 1000000 + 999999;

std::optional<std::int64_t> in_range(std::int64_t us) {
  if (us < k_min_us || us > k_max_us) return std::nullopt;
  return us;
}

std::optional<std::int64_t> seconds_us(std::int64_t seconds) {
  std::int64_t us = 0;
  if (__builtin_mul_overflow(seconds, 1000000, &us)) return std::nullopt;
  return in_range(us);
}

// btime (s) + ticks / clk_tck, in microseconds; nullopt on overflow or outside years 1..9999. Exact when CLK_TCK
// divides 10^6 (100 everywhere but alpha's 1024, where it rounds toward zero).
std::optional<std::int64_t> start_us(std::int64_t btime, std::int64_t ticks, std::int64_t clk_tck) {
  const auto base = seconds_us(btime);
  std::int64_t whole = 0, part = 0, sum = 0;
  if (!base || __builtin_mul_overflow(ticks / clk_tck, 1000000, &whole) ||
      __builtin_mul_overflow(ticks % clk_tck, 1000000, &part) || __builtin_add_overflow(*base, whole, &sum) ||
      __builtin_add_overflow(sum, part / clk_tck, &sum)) {
    return std::nullopt;
  }
  return in_range(sum);
}

struct SnapshotRow {
  std::int64_t id = 0;
  std::string sha256, hostname;
  std::optional<std::string> boot_id;
  std::optional<std::int64_t> btime, clk_tck, captured_ns, finished_ns, process_count;
};

SnapshotRow snapshot_row(const db::Connection& conn, std::int64_t id) {
  SnapshotRow r;
  snapshot_table_row(
      conn,
      "SELECT id, archive_sha256, hostname, boot_id, btime, clk_tck, captured_at_epoch_ns, "
      "  CASE WHEN json_valid(trailer_json) AND json_type(trailer_json, '$.finished.realtime_ns') = 'integer' "
      "    THEN json_extract(trailer_json, '$.finished.realtime_ns') END, process_count "
      "FROM snapshots WHERE id = ?",
      id, [&](const db::Statement& st) {
        r.id = st.column_int64(0);
        r.sha256 = std::string(st.column_text(1));
        r.hostname = st.column_opt_text(2).value_or("");
        r.boot_id = st.column_opt_text(3);
        r.btime = st.column_opt_int64(4);
        r.clk_tck = st.column_opt_int64(5);
        r.captured_ns = st.column_opt_int64(6);
        r.finished_ns = st.column_opt_int64(7);
        r.process_count = st.column_opt_int64(8);
      });
  return r;
}

std::string short_sha(std::string_view s) { return std::string(s.substr(0, 12)); }

using ProcessKey = std::tuple<std::string, std::string, std::int64_t, std::int64_t>;  // host, boot, pid, starttime

struct Builder {
  const db::Connection& conn;
  const TimelineOptions& opt;
  Timeline t;
  std::map<ProcessKey, std::size_t> processes;  ///< -> index in t.events
  std::map<std::tuple<std::string, std::string, std::int64_t>, std::size_t> boots;
  std::size_t unknown_start = 0, out_of_range = 0;

  static void seen(TimelineEvent& e, const SnapshotRow& s) {
    if (!s.captured_ns) return;
    const std::int64_t us = *s.captured_ns / 1000;
    e.first_seen_us = e.first_seen_us ? std::min(*e.first_seen_us, us) : us;
    e.last_seen_us = e.last_seen_us ? std::max(*e.last_seen_us, us) : us;
  }

  TimelineEvent base(const SnapshotRow& s, std::int64_t us, std::string desc, std::string type) const {
    TimelineEvent e;
    e.timestamp_us = us;
    e.timestamp_desc = std::move(desc);
    e.data_type = std::move(type);
    e.hostname = s.hostname;
    e.boot_id = s.boot_id;
    e.snapshot_sha256 = s.sha256;
    return e;
  }

  /// The same boot or process in a later snapshot: one more sighting of the event at `index`.
  void seen_again(std::size_t index, const SnapshotRow& s) {
    ++t.events[index].seen_in_snapshots;
    seen(t.events[index], s);
  }

  /// Adds `e`, first seen in `s`; returns its index.
  std::size_t add_seen(TimelineEvent e, const SnapshotRow& s) {
    seen(e, s);
    t.events.push_back(std::move(e));
    return t.events.size() - 1;
  }

  void snapshot_events(const SnapshotRow& s) {
    if (s.btime) {
      const auto key = std::make_tuple(s.hostname, s.boot_id.value_or(""), *s.btime);
      if (const auto it = boots.find(key); it != boots.end()) {
        seen_again(it->second, s);
      } else if (const auto us = seconds_us(*s.btime)) {
        TimelineEvent e = base(s, *us, "Boot Time", "procsnap:boot");
        e.message = fmt::format("{} booted (boot_id {})", s.hostname, s.boot_id.value_or("unknown"));
        boots.emplace(key, add_seen(std::move(e), s));
      }
    }
    if (s.captured_ns) {
      TimelineEvent e = base(s, *s.captured_ns / 1000, "Capture Time", "procsnap:capture:start");
      e.message = fmt::format("procsnap capture started on {} (snapshot {}, {} processes)", s.hostname,
                              short_sha(s.sha256), s.process_count ? std::to_string(*s.process_count) : "?");
      t.events.push_back(std::move(e));
    }
    if (s.finished_ns) {
      TimelineEvent e = base(s, *s.finished_ns / 1000, "Capture Time", "procsnap:capture:end");
      e.message = fmt::format("procsnap capture finished on {} (snapshot {})", s.hostname, short_sha(s.sha256));
      t.events.push_back(std::move(e));
    }
  }

  std::map<std::int64_t, std::int64_t> timens_offsets(std::int64_t id) const {
    std::map<std::int64_t, std::int64_t> out;
    db::each_row(conn,
                 "SELECT pid, seconds, nanoseconds FROM proc_timens_offsets WHERE snapshot_id = ? "
                 "AND clock = 'boottime'",
                 id, [&](const db::Statement& st) {
                   std::int64_t ns = 0;
                   if (!__builtin_mul_overflow(st.column_int64(1), 1000000000, &ns) &&
                       !__builtin_add_overflow(ns, st.column_int64(2), &ns)) {
                     out.emplace(st.column_int64(0), ns);
                   }
                 });
    return out;
  }

  /// A process's start event from its proc_stat row (joined with status, cmdline and the exe link), or one more
  /// sighting of it.
  void process_event(const SnapshotRow& s, const db::Statement& st, const std::map<std::int64_t, std::int64_t>& offsets,
                     const std::map<std::int64_t, std::string>& containers) {
    const std::int64_t pid = st.column_int64(0);
    if (st.column_type(2) != SQLITE_INTEGER || !s.btime || !s.clk_tck || *s.clk_tck <= 0) {
      ++unknown_start;
      return;
    }
    const std::int64_t ticks = st.column_int64(2);
    const ProcessKey key{s.hostname, s.boot_id.value_or(""), pid, ticks};
    if (const auto it = processes.find(key); it != processes.end()) {
      seen_again(it->second, s);
      return;
    }
    const auto us = start_us(*s.btime, ticks, *s.clk_tck);
    if (!us) {
      ++out_of_range;
      return;
    }
    TimelineEvent e = base(s, *us, "Process Start Time", "procsnap:process:start");
    e.pid = pid;
    e.ppid = st.column_opt_int64(1);
    e.start_ticks = ticks;
    e.comm = st.column_opt_text(3);
    e.cmdline = st.column_opt_text(4);
    e.cmdline_bytes = static_cast<std::size_t>(st.column_opt_int64(5).value_or(0));
    e.exe = st.column_opt_text(6);
    e.uid = st.column_opt_text(7);
    if (const auto o = offsets.find(pid); o != offsets.end()) e.timens_boottime_offset_ns = o->second;
    if (const auto c = containers.find(pid); c != containers.end()) e.container = c->second;
    e.message = fmt::format("process started: {} [pid {}]", e.comm.value_or("?"), pid);
    if (e.cmdline) e.message += " " + e.cmdline->substr(0, 512);
    processes.emplace(key, add_seen(std::move(e), s));
  }

  void process_events(const SnapshotRow& s) {
    const auto offsets = timens_offsets(s.id);
    const auto containers = container_labels(conn, s.id);
    const std::array<db::Value, 2> p{s.id, static_cast<std::int64_t>(opt.max_text ? opt.max_text : (1u << 30))};
    db::each_row(conn,
                 "SELECT s.pid, s.ppid, s.start_time, s.comm, substr(CAST(cl.cmdline AS BLOB), 1, ?2), "
                 "  length(CAST(cl.cmdline AS BLOB)), exe.target, ss.uid_real "
                 "FROM proc_stat s "
                 "LEFT JOIN proc_status ss ON ss.snapshot_id = s.snapshot_id AND ss.pid = s.pid "
                 "  AND ss.start_time IS s.start_time "
                 "LEFT JOIN proc_cmdline cl ON cl.snapshot_id = s.snapshot_id AND cl.pid = s.pid "
                 "  AND cl.start_time IS s.start_time "
                 "LEFT JOIN proc_links exe ON exe.snapshot_id = s.snapshot_id AND exe.pid = s.pid "
                 "  AND exe.start_time IS s.start_time AND exe.name = 'exe' "
                 "WHERE s.snapshot_id = ?1 ORDER BY s.pid",
                 p, [&](const db::Statement& st) { process_event(s, st, offsets, containers); });
  }
};

// The fields of an event in output order: name, JSON value (already encoded), CSV cell (raw bytes, is_text).
struct Field {
  std::string_view name;
  std::optional<std::string> json;  ///< nullopt: absent (JSON: left out; CSV: empty)
  std::optional<std::string> raw;
  bool text = true;
};

std::vector<Field> fields(const TimelineEvent& e) {
  std::vector<Field> f;
  const auto text = [&](std::string_view name, const std::optional<std::string>& v) {
    f.push_back({name, v ? std::optional(common::text::json_string(*v)) : std::nullopt, v, true});
  };
  const auto number = [&](std::string_view name, const std::optional<std::int64_t>& v) {
    const auto s = v ? std::optional(std::to_string(*v)) : std::nullopt;
    f.push_back({name, s, s, false});
  };
  const auto time = [&](std::string_view name, const std::optional<std::int64_t>& us) {
    text(name, us ? std::optional(iso8601_us(*us)) : std::nullopt);
  };
  text("message", e.message);
  text("datetime", iso8601_us(e.timestamp_us));
  number("timestamp", e.timestamp_us);
  text("timestamp_desc", e.timestamp_desc);
  text("data_type", e.data_type);
  text("hostname", e.hostname);
  text("boot_id", e.boot_id);
  number("pid", e.pid);
  number("ppid", e.ppid);
  text("comm", e.comm);
  text("exe", e.exe);
  text("cmdline", e.cmdline);
  number("cmdline_bytes",
         e.pid ? std::optional<std::int64_t>(static_cast<std::int64_t>(e.cmdline_bytes)) : std::nullopt);
  // uid is an ANY column (a u64 above 2^63-1 is decimal text): a JSON number when it has at most 19 digits, else text.
  const bool uid_number = e.uid && !e.uid->empty() && e.uid->size() < 20 &&
                          std::all_of(e.uid->begin(), e.uid->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (uid_number) {
    f.push_back({"uid", e.uid, e.uid, false});
  } else {
    text("uid", e.uid);
  }
  text("container", e.container);
  number("start_ticks", e.start_ticks);
  number("timens_boottime_offset_ns", e.timens_boottime_offset_ns);
  time("first_seen", e.first_seen_us);
  time("last_seen", e.last_seen_us);
  number("seen_in_snapshots", static_cast<std::int64_t>(e.seen_in_snapshots));
  text("snapshot_sha256", e.snapshot_sha256);
  return f;
}

std::string json_object(const TimelineEvent& e) {
  std::string out = "{";
  bool first = true;
  for (const auto& f : fields(e)) {
    if (!f.json) continue;
    if (!first) out += ',';
    first = false;
    out += common::text::json_string(f.name);
    out += ':';
    out += *f.json;
  }
  return out + "}";
}

}  // namespace

std::string iso8601_us(std::int64_t us) {
  std::int64_t secs = us / 1000000;
  std::int64_t frac = us % 1000000;
  if (frac < 0) {
    frac += 1000000;
    --secs;
  }
  const std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}+00:00", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
}

Timeline build_timeline(const db::Connection& conn, std::span<const std::int64_t> ids, const TimelineOptions& options) {
  std::vector<SnapshotRow> rows;
  for (const auto id : ids) rows.push_back(snapshot_row(conn, id));
  // Oldest capture first, so first_seen / the attributes come from the earliest snapshot.
  std::stable_sort(rows.begin(), rows.end(), [](const SnapshotRow& a, const SnapshotRow& b) {
    return a.captured_ns.value_or(INT64_MAX) < b.captured_ns.value_or(INT64_MAX);
  });
  Builder b{conn, options, {}, {}, {}};
  for (const auto& s : rows) {
    b.snapshot_events(s);
    b.process_events(s);
  }
  if (b.unknown_start) {
    b.t.warnings.push_back(
        fmt::format("{} processes have no start time (stat unreadable, or the snapshot lacks btime/CLK_TCK): left out",
                    b.unknown_start));
  }
  if (b.out_of_range) {
    b.t.warnings.push_back(
        fmt::format("{} processes have a start time outside years 1-9999 (damaged or hostile "
                    "btime/starttime): left out",
                    b.out_of_range));
  }
  std::stable_sort(b.t.events.begin(), b.t.events.end(), [](const TimelineEvent& x, const TimelineEvent& y) {
    return std::tie(x.timestamp_us, x.data_type, x.hostname, x.pid) <
           std::tie(y.timestamp_us, y.data_type, y.hostname, y.pid);
  });
  return std::move(b.t);
}

std::string render_timesketch(const Timeline& t) {
  std::string out;
  for (const auto& e : t.events) out += json_object(e) + "\n";
  return out;
}

std::string render_timeline_json(const Timeline& t) {
  std::string out = "[";
  for (std::size_t i = 0; i < t.events.size(); ++i) out += (i ? ",\n" : "\n") + json_object(t.events[i]);
  return out + "\n]\n";
}

std::string render_timeline_csv(const Timeline& t, bool tty) {
  std::string out;
  const TimelineEvent proto;
  bool first = true;
  for (const auto& f : fields(proto)) {
    if (!first) out += ',';
    first = false;
    out += f.name;
  }
  out += '\n';
  for (const auto& e : t.events) {
    first = true;
    for (const auto& f : fields(e)) {
      if (!first) out += ',';
      first = false;
      if (f.raw) out += common::text::csv_cell(tty && f.text ? common::text::escape_terminal(*f.raw) : *f.raw, f.text);
    }
    out += '\n';
  }
  return out;
}

}  // namespace procsnap::report
