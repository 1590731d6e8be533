#include "manifest.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

#include "procsnap/common/sha256.hpp"
#include "reader.hpp"

namespace procsnap::collector {

namespace {

std::string_view kind_name(ItemKind k) {
  switch (k) {
    case ItemKind::file:
      return "file";
    case ItemKind::link:
      return "link";
    case ItemKind::dir:
      return "dir";
    case ItemKind::process:
      return "process";
    case ItemKind::netns_ref:
      return "netns-ref";
    case ItemKind::hidden_scan:
      return "hidden-scan";
    case ItemKind::mem:
      return "mem";
    case ItemKind::mem_frames:
      return "mem-frames";
  }
  return "file";
}

}  // namespace

bool status_is_expected(std::string_view s) {
  return s == "ok" || s == "skipped" || s == "ENOENT" || s == "ESRCH" || s == "EACCES" || s == "EPERM" || s == "EINVAL";
}

void Manifest::count_status(std::string_view s) {
  ++counts_.items;
  if (s == "ok") {
    ++counts_.ok;
  } else if (s == "truncated") {
    ++counts_.truncated;
  } else if (s == "timeout") {
    ++counts_.timeout;
  } else if (s == "skipped") {
    ++counts_.skipped;
  } else {
    ++counts_.errors;
  }
}

namespace {

// Appends `s` as a JSON string. Manifest strings are almost always plain printable ASCII (paths, status words,
// hex digests): those are copied in one append, which gives exactly the bytes json::append_string would; anything
// else (control bytes, quotes, backslashes, non-ASCII) goes through json::append_string.
void append_json_string(std::string& out, std::string_view s) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
      common::json::append_string(out, s);
      return;
    }
  }
  out.push_back('"');
  out.append(s);
  out.push_back('"');
}

void append_json_u64(std::string& out, std::uint64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace

void Manifest::add(const Item& it) {
  // The line is built straight into the pending chunk (same bytes as json::Writer would produce, key order fixed):
  // this runs once per captured item, so it avoids the per-character writer.
  std::string& o = pending_;
  o += "{\"path\":";
  append_json_string(o, it.path);
  o += ",\"kind\":";
  append_json_string(o, kind_name(it.kind));
  o += ",\"status\":";
  append_json_string(o, it.status);
  if (!it.reason.empty()) {
    o += ",\"reason\":";
    append_json_string(o, it.reason);
  }
  if (it.stored) {
    o += ",\"bytes\":";
    append_json_u64(o, it.bytes);
    o += ",\"sha256\":";
    append_json_string(o, it.sha256);
  }
  if (!it.ref.empty()) {
    o += ",\"ref\":";
    append_json_string(o, it.ref);
  }
  if (it.netns) {
    o += ",\"netns\":";
    append_json_u64(o, *it.netns);
  }
  o += ",\"t0\":";
  append_json_u64(o, it.t0);
  o += ",\"t1\":";
  append_json_u64(o, it.t1);
  o += "}\n";
  // Memory pieces never make the capture partial (FORMAT.md: memory is best effort; shortfalls are in the
  // region lines).
  count_line(it.status, it.stored ? it.bytes : 0,
             it.kind != ItemKind::mem && it.kind != ItemKind::mem_frames && !status_is_expected(it.status));
  if (it.stored && it.kind == ItemKind::mem && mem_) {
    mem_->bytes += it.bytes;
  }
}

void Manifest::count_line(std::string_view status, std::uint64_t stored_bytes, bool partial) {
  ++pending_lines_;
  count_status(status);
  counts_.bytes += stored_bytes;
  if (partial) {
    ++counts_.partial;
  }
}

void Manifest::begin_writer_line(std::string_view path, std::string_view kind, std::string_view status,
                                 std::string_view reason) {
  w_.clear();
  w_.begin_object();
  w_.field("path", path);
  w_.field("kind", kind);
  w_.field("status", status);
  if (!reason.empty()) {
    w_.field("reason", reason);
  }
}

void Manifest::end_writer_line(std::string_view status, std::uint64_t stored_bytes, bool partial) {
  w_.end_object();
  pending_ += w_.str();
  pending_.push_back('\n');
  count_line(status, stored_bytes, partial);
}

namespace {
void hex_addr(char (&buf)[24], std::uint64_t v) {
  // maps' format: lower-case hex, at least 8 digits
  std::snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(v));
}
}  // namespace

void Manifest::add_mem_region(const MemRegionLine& l) {
  begin_writer_line(l.path, "mem-region", l.status, l.reason);
  char a[24];
  char b[24];
  if (l.has_region) {
    w_.field("select", l.select);
    hex_addr(a, l.start);
    w_.field("start", std::string_view(a));
    hex_addr(a, l.end);
    w_.field("end", std::string_view(a));
    hex_addr(a, l.offset);
    w_.field("offset", std::string_view(a));
    w_.field("perms", l.perms);
    w_.field("dev", l.dev);
    w_.field("inode", l.inode);
    w_.field("map_path", l.map_path);
    w_.field("vmflags", l.vmflags);
    w_.key("ranges").begin_array();
    for (const auto& [s, e] : l.ranges) {
      hex_addr(a, s);
      hex_addr(b, e);
      w_.begin_array().value(std::string_view(a)).value(std::string_view(b)).end_array();
    }
    w_.end_array();
    w_.key("holes").begin_array();
    for (const auto& h : l.holes) {
      hex_addr(a, h.start);
      hex_addr(b, h.end);
      w_.begin_array().value(std::string_view(a)).value(std::string_view(b));
      switch (h.kind) {
        case HoleKind::read_error:
          w_.value(errno_name(h.err));
          break;
        case HoleKind::not_resident:
          w_.value(std::string_view("not-resident"));
          break;
        case HoleKind::residency_unknown:
          w_.value(std::string_view("residency-unknown"));
          break;
      }
      w_.end_array();
    }
    w_.end_array();
    w_.field("captured_bytes", l.captured_bytes);
    w_.key("pagemap");
    if (l.pagemap) {
      const PagemapCounts& pm = *l.pagemap;
      w_.begin_object();
      w_.field("status", pm.err != 0 ? errno_name(pm.err) : pm.short_read ? std::string("short") : std::string("ok"));
      w_.field("pages", pm.pages);
      w_.field("present", pm.present);
      w_.field("swapped", pm.swapped);
      w_.field("soft_dirty", pm.soft_dirty);
      w_.field("exclusive", pm.exclusive);
      w_.field("file_shared", pm.file_shared);
      w_.field("unknown", pm.unknown);
      w_.end_object();
    } else {
      w_.null();
    }
  }
  w_.field("t0", l.t0);
  w_.field("t1", l.t1);
  end_writer_line(l.status, 0, false);
  if (mem_) {
    ++mem_->regions;
    if (l.status == "ok" || l.status == "truncated") {
      ++mem_->captured;
    } else if (l.status == "skipped") {
      ++mem_->skipped;
    } else {
      ++mem_->errors;
    }
  }
}

void Manifest::add_exe_copy(const ExeCopyLine& l) {
  begin_writer_line(l.path, l.kind, l.status, l.reason);
  w_.field("why", l.why);
  w_.field("link", l.link);
  w_.field("size", l.size);
  if (l.same_as) {
    w_.field("same_as", *l.same_as);
  }
  if (l.stored) {
    w_.field("bytes", l.bytes);
    w_.field("sha256", l.sha256);
    if (l.padded > 0) {
      w_.field("padded", l.padded);
    }
  }
  w_.field("t0", l.t0);
  w_.field("t1", l.t1);
  end_writer_line(l.status, l.stored ? l.bytes : 0, l.kind == "exe-copy" && !status_is_expected(l.status));
}

void Manifest::add_process(const ProcessLine& p) {
  begin_writer_line(p.path, "process", p.status, {});
  w_.field("start_time", p.start_time);
  w_.field("start_time_end", p.start_time_end);
  w_.field("threads", p.threads);
  w_.field("t0", p.t0);
  w_.field("t1", p.t1);
  end_writer_line(p.status, 0, p.partial);
  ++counts_.processes;
}

std::string Manifest::take_chunk(std::string& path) {
  char name[64];
  std::snprintf(name, sizeof name, "procsnap/manifest/%06zu.jsonl", chunks_.size() + 1);
  path = name;
  std::string out;
  out.swap(pending_);
  pending_.swap(spare_);
  pending_.clear();
  pending_.reserve(k_chunk_bytes + 64 * 1024);  // nothing when the spare buffer was given back
  chunks_.push_back(ChunkInfo{.path = path, .sha256 = common::to_hex(common::sha256(out)), .lines = pending_lines_});
  pending_lines_ = 0;
  return out;
}

void Manifest::reuse_chunk_buffer(std::string&& written) {
  written.clear();
  spare_ = std::move(written);
}

std::string iso8601(std::uint64_t realtime_ns) {
  const auto secs = static_cast<std::time_t>(realtime_ns / 1'000'000'000ull);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09lluZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<unsigned long long>(realtime_ns % 1'000'000'000ull));
  return buf;
}

std::string Manifest::trailer_json(int exit_status, std::uint64_t realtime_ns, std::uint64_t boottime_ns) const {
  common::json::Writer w;
  w.begin_object();
  w.field("format_version", 1);
  w.key("finished").begin_object();
  w.field("realtime_ns", realtime_ns);
  w.field("boottime_ns", boottime_ns);
  w.field("iso8601", iso8601(realtime_ns));
  w.end_object();
  w.key("counts").begin_object();
  w.field("members", counts_.members);
  w.field("items", counts_.items);
  w.field("ok", counts_.ok);
  w.field("errors", counts_.errors);
  w.field("truncated", counts_.truncated);
  w.field("timeout", counts_.timeout);
  w.field("skipped", counts_.skipped);
  w.field("processes", counts_.processes);
  w.field("threads", counts_.threads);
  w.field("bytes", counts_.bytes);
  w.field("partial", counts_.partial);
  w.end_object();
  w.key("hidden_scan");
  if (hidden_scan_) {
    const auto& h = *hidden_scan_;
    w.begin_object();
    w.field("pid_max", h.pid_max);
    w.field("probed", h.probed);
    w.field("hidden", h.hidden);
    w.field("threads", h.threads);
    w.field("started_after_listing", h.started_after_listing);
    w.field("elapsed_ns", h.elapsed_ns);
    w.end_object();
  } else {
    w.null();
  }
  w.key("mem");
  if (mem_) {
    w.begin_object();
    w.field("regions", mem_->regions);
    w.field("captured", mem_->captured);
    w.field("skipped", mem_->skipped);
    w.field("errors", mem_->errors);
    w.field("bytes", mem_->bytes);
    w.field("total_budget_reached", mem_->total_budget_reached);
    w.end_object();
  } else {
    w.null();
  }
  w.key("manifest_chunks").begin_array();
  for (const auto& c : chunks_) {
    w.begin_object();
    w.field("path", c.path);
    w.field("sha256", c.sha256);
    w.field("lines", c.lines);
    w.end_object();
  }
  w.end_array();
  w.field("exit_status", exit_status);
  w.end_object();
  std::string s = w.take();
  s.push_back('\n');
  return s;
}

}  // namespace procsnap::collector
