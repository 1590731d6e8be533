// Text and JSON renderings of a diff Result. Text escapes every snapshot-provided string (common::text::escape_terminal);
// JSON is lossless (common::json: invalid UTF-8 bytes as \udcXX). The JSON shape is documented in docs/diff-json.md.
#include <fmt/format.h>

#include <map>

#include "procsnap/common/text.hpp"
#include "diff/diff.hpp"
#include "procsnap/common/json.hpp"

namespace procsnap::diff {

namespace {

std::string esc(std::string_view s) { return common::text::escape_terminal(s); }

std::string snapshot_line(const SnapshotInfo& s, std::size_t procs) {
  return fmt::format("snapshot {} (host {}, captured {}, {} processes)", s.id, esc(s.hostname.value_or("?")),
                     esc(s.captured_at.value_or("?")), procs);
}

/// Kinds present in `c`, in output order, with their counts.
std::vector<std::pair<std::string, std::size_t>> kind_counts(const Result& r, Category c) {
  std::vector<std::pair<std::string, std::size_t>> out;
  for (const auto& ch : r.changes) {
    if (ch.category != c) continue;
    if (out.empty() || out.back().first != ch.kind) {
      bool found = false;
      for (auto& [k, n] : out) {
        if (k == ch.kind) {
          ++n;
          found = true;
        }
      }
      if (!found) out.emplace_back(ch.kind, 1);
    } else {
      ++out.back().second;
    }
  }
  return out;
}

bool is_multiset(const Result& r, const Change& c) {
  return r.mode == Mode::hosts && (c.attribute == "process" || c.attribute == "listener" || c.attribute == "user");
}

std::string change_line(const Result& r, const Change& c) {
  std::string who;
  if (c.pid) {
    who = fmt::format("pid {}", *c.pid);
    if (c.start_time) who += fmt::format(" start {}", *c.start_time);
    if (!c.subject.empty()) who += fmt::format(" ({})", esc(c.subject));
    who += ' ';
  } else if (!c.subject.empty()) {
    who = fmt::format("[{}] ", esc(c.subject));
  }
  if (is_multiset(r, c)) {
    return fmt::format("{:<8} {}{}: {} (A {}, B {})", c.kind, who, c.attribute, esc(c.key), c.before.value_or("0"),
                       c.after.value_or("0"));
  }
  std::string label = c.attribute;
  const bool key_is_value = (c.before && *c.before == c.key) || (c.after && *c.after == c.key);
  if (c.key != c.attribute && !key_is_value && c.attribute != "process") label += " " + esc(c.key);
  std::string value;
  if (c.before && c.after) {
    value = fmt::format("{} -> {}", esc(*c.before), esc(*c.after));
  } else if (c.before || c.after) {
    value = esc(c.before ? *c.before : *c.after);
  }
  return fmt::format("{:<8} {}{}{}{}", c.kind, who, label, value.empty() ? "" : ": ", value);
}

}  // namespace

std::string render_text(const Result& r) {
  std::string out;
  out += fmt::format("procsnap diff\n  A: {}\n  B: {}\n", snapshot_line(r.a, r.processes_a),
                     snapshot_line(r.b, r.processes_b));
  out += fmt::format("mode: {} ({}{})\n", to_string(r.mode), esc(r.mode_reason),
                     r.mode_was_auto ? "; picked by --mode auto" : "");
  out += fmt::format("differences: {}", r.changes.size());
  std::string sep = " — ";
  for (const Category c : k_categories) {
    if (!r.options.wants(c)) continue;
    out += fmt::format("{}{} {}", sep, to_string(c), r.count(c));
    sep = ", ";
  }
  out += '\n';
  for (const auto& n : r.notes) out += fmt::format("note: {}\n", esc(n));
  for (const Category c : k_categories) {
    const std::size_t n = r.count(c);
    if (n == 0) continue;
    std::string kinds;
    for (const auto& [k, cnt] : kind_counts(r, c)) kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", k, cnt);
    out += fmt::format("\n{} ({}: {})\n", to_string(c), n, kinds);
    for (const auto& ch : r.changes) {
      if (ch.category == c) out += "  " + change_line(r, ch) + "\n";
    }
  }
  return out;
}

std::string render_json(const Result& r) {
  common::json::Writer w;
  auto snapshot = [&](const SnapshotInfo& s, std::size_t procs) {
    w.begin_object();
    w.field("id", s.id);
    w.field("hostname", s.hostname);
    w.field("captured_at", s.captured_at);
    w.field("boot_id", s.boot_id);
    w.field("machine_id", s.machine_id);
    w.field("kernel_release", s.kernel_release);
    w.field("archive_sha256", s.archive_sha256);
    w.field("processes", static_cast<std::uint64_t>(procs));
    w.end_object();
  };
  w.begin_object();
  w.field("procsnap_diff", 1);
  w.field("mode", to_string(r.mode));
  w.field("mode_auto", r.mode_was_auto);
  w.field("mode_reason", r.mode_reason);
  w.key("a");
  snapshot(r.a, r.processes_a);
  w.key("b");
  snapshot(r.b, r.processes_b);
  w.key("options").begin_object();
  w.key("only").begin_array();
  for (const Category c : k_categories) {
    if (r.options.wants(c)) w.value(to_string(c));
  }
  w.end_array();
  w.field("show_counters", r.options.show_counters);
  w.field("mem_threshold_bytes", r.options.mem_threshold_bytes);
  w.end_object();
  w.key("counts").begin_object();
  w.field("total", static_cast<std::uint64_t>(r.changes.size()));
  for (const Category c : k_categories) {
    if (!r.options.wants(c)) continue;
    w.key(to_string(c)).begin_object();
    w.field("total", static_cast<std::uint64_t>(r.count(c)));
    for (const auto& [k, n] : kind_counts(r, c)) w.field(k, static_cast<std::uint64_t>(n));
    w.end_object();
  }
  w.end_object();
  w.key("changes").begin_array();
  for (const auto& c : r.changes) {
    w.begin_object();
    w.field("category", to_string(c.category));
    w.field("kind", c.kind);
    w.field("attribute", c.attribute);
    w.field("key", c.key);
    w.field("pid", c.pid);
    w.field("start_time", c.start_time);
    w.field("subject", c.subject);
    w.field("before", c.before);
    w.field("after", c.after);
    w.end_object();
  }
  w.end_array();
  w.key("notes").begin_array();
  for (const auto& n : r.notes) w.value(n);
  w.end_array();
  w.end_object();
  std::string out = w.take();
  out += '\n';
  return out;
}

}  // namespace procsnap::diff
