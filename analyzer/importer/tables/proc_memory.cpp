// Handlers for the proc_memory table group (schema/20_proc_memory.sql): maps, smaps, smaps_rollup, numa_maps, mountinfo,
// mounts (per process and system-wide), mountstats, fdinfo, and the symlink members fd/<n>, ns/<name>, exe, cwd,
// root, map_files/<range>. Every row starts (snapshot_id, pid, start_time); every parser diagnostic becomes an
// import_issues row. A handler never throws for bad content (only the sink may throw, for database failures).
#include "importer/registry.hpp"
#include "procfs/proc_fd.hpp"
#include "procfs/proc_fdinfo.hpp"
#include "procfs/proc_maps.hpp"
#include "procfs/proc_mountinfo.hpp"
#include "procfs/proc_mounts.hpp"
#include "procfs/proc_mountstats.hpp"
#include "procfs/proc_numa_maps.hpp"
#include "procfs/proc_smaps.hpp"
#include "procfs/numbers.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::importer {

namespace {

using db::v;
using db::Value;

template <class T>
void report(const Member& m, TableSink& sink, const procfs::Parsed<T>& parsed) {
  for (const auto& d : parsed.diagnostics) {
    sink.issue(m.path, d.line, d.excerpt, d.message);
  }
}

Value line_value(std::size_t line) { return static_cast<std::int64_t>(line); }

// Optional text that is NULL when absent (an empty string that was present stays '').
Value opt_text(const std::optional<std::string>& s) { return s ? Value{db::Text{*s}} : Value{std::monostate{}}; }

Value perm_bit(const procfs::MapsEntry& e, bool bit) { return e.perms ? v(bit) : Value{std::monostate{}}; }

// Symlink handlers also accept a regular member (its bytes read as the target) but say so: the format stores
// these as symlinks, so a regular one means a nonconforming or relocated capture.
void check_symlink(const Member& m, TableSink& sink) {
  if (!m.is_symlink) {
    sink.issue(m.path, 0, {}, "regular member where a symlink was expected: its bytes are read as the link target");
  }
}

// The last path component ("exe" of "proc/12/exe").
std::string_view last_component(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// ---- maps ----

constexpr std::array<std::string_view, 22> k_maps_cols = {
    "snapshot_id", "pid",       "start_time", "line",      "start_addr", "end_addr",  "start_hex", "end_hex",
    "size",        "perms",     "perm_read",  "perm_write", "perm_exec", "shared",    "file_offset", "dev_major",
    "dev_minor",   "inode",     "path",       "path_kind", "deleted",    "name"};

void maps(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_proc_maps(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    const std::array<Value, 22> row = {
        v(m.snapshot_id), v(m.pid), v(m.start_time), line_value(e.line), v(e.start), v(e.end),
        v(e.start_hex), v(e.end_hex), v(e.size()), opt_text(e.perms), perm_bit(e, e.readable()),
        perm_bit(e, e.writable()), perm_bit(e, e.executable()), perm_bit(e, e.shared()), v(e.offset),
        v(e.dev_major), v(e.dev_minor), v(e.inode), opt_text(e.path), v(procfs::map_path_kind_name(e.kind)),
        v(e.deleted), opt_text(e.name)};
    sink.insert("proc_maps", k_maps_cols, row);
  }
}

// ---- smaps, smaps_rollup ----

// Column list = fixed prefix + one column per procfs::smaps_fields() entry (+ vm_flags for smaps), built once
// from the parser's own field table so the two can't drift apart.
const std::vector<std::string_view>& smaps_cols() {
  static const std::vector<std::string_view> cols = [] {
    std::vector<std::string_view> c = {"snapshot_id", "pid",         "start_time", "line",      "start_addr",
                                       "end_addr",    "start_hex",   "end_hex",    "perms",     "file_offset",
                                       "dev_major",   "dev_minor",   "inode",      "path",      "path_kind",
                                       "deleted"};
    for (const auto& f : procfs::smaps_fields()) {
      c.push_back(f.column);
    }
    c.push_back("vm_flags");
    return c;
  }();
  return cols;
}

const std::vector<std::string_view>& smaps_rollup_cols() {
  static const std::vector<std::string_view> cols = [] {
    std::vector<std::string_view> c = {"snapshot_id", "pid", "start_time", "start_addr", "end_addr", "start_hex",
                                       "end_hex"};
    for (const auto& f : procfs::smaps_fields()) {
      c.push_back(f.column);
    }
    return c;
  }();
  return cols;
}

constexpr std::array<std::string_view, 8> k_smaps_extra_cols = {
    "snapshot_id", "pid", "start_time", "file", "region_line", "start_addr", "key", "value"};

void smaps_extra(const Member& m, TableSink& sink, std::string_view file, const procfs::SmapsRegion& reg) {
  for (const auto& [key, value] : reg.extra) {
    sink.insert("proc_smaps_extra", k_smaps_extra_cols,
                {v(m.snapshot_id), v(m.pid), v(m.start_time), v(file), line_value(reg.header.line),
                 v(reg.header.start), v(key), v(value)});
  }
}

void smaps(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_proc_smaps(m.text());
  report(m, sink, parsed);
  const auto& cols = smaps_cols();
  std::vector<Value> row;
  row.reserve(cols.size());
  for (const auto& reg : parsed.value) {
    const auto& h = reg.header;
    row.assign({v(m.snapshot_id), v(m.pid), v(m.start_time), line_value(h.line), v(h.start), v(h.end),
                v(h.start_hex), v(h.end_hex), opt_text(h.perms), v(h.offset), v(h.dev_major), v(h.dev_minor),
                v(h.inode), opt_text(h.path), v(procfs::map_path_kind_name(h.kind)), v(h.deleted)});
    for (const auto& f : procfs::smaps_fields()) {
      row.push_back(v(reg.counters.*(f.member)));
    }
    row.push_back(opt_text(reg.vm_flags));
    sink.insert("proc_smaps", cols, row);
    smaps_extra(m, sink, "smaps", reg);
  }
}

void smaps_rollup(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_proc_smaps_rollup(m.text());
  report(m, sink, parsed);
  if (!parsed.value) {
    return;
  }
  const auto& reg = *parsed.value;
  const auto& cols = smaps_rollup_cols();
  std::vector<Value> row = {v(m.snapshot_id), v(m.pid),           v(m.start_time),    v(reg.header.start),
                            v(reg.header.end), v(reg.header.start_hex), v(reg.header.end_hex)};
  for (const auto& f : procfs::smaps_fields()) {
    row.push_back(v(reg.counters.*(f.member)));
  }
  sink.insert("proc_smaps_rollup", cols, row);
  smaps_extra(m, sink, "smaps_rollup", reg);
}

// ---- numa_maps ----

constexpr std::array<std::string_view, 21> k_numa_cols = {
    "snapshot_id",    "pid",          "start_time",  "line",          "start_addr", "start_hex",
    "policy",         "file",         "heap",        "stack",         "huge",       "anon_pages",
    "dirty_pages",    "mapped_pages", "mapmax",      "swapcache_pages", "active_pages", "writeback_pages",
    "kernel_page_size_kb", "nodes",   "extra"};

Value text_or_null(const std::string& s) { return s.empty() ? Value{std::monostate{}} : Value{db::Text{s}}; }

void numa_maps(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_proc_numa_maps(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    const std::array<Value, 21> row = {
        v(m.snapshot_id), v(m.pid),       v(m.start_time),  line_value(e.line), v(e.start),     v(e.start_hex),
        opt_text(e.policy), opt_text(e.file), v(e.heap),    v(e.stack),         v(e.huge),      v(e.anon),
        v(e.dirty),       v(e.mapped),    v(e.mapmax),      v(e.swapcache),     v(e.active),    v(e.writeback),
        v(e.kernelpagesize_kb), text_or_null(e.nodes), text_or_null(e.extra)};
    sink.insert("proc_numa_maps", k_numa_cols, row);
  }
}

// ---- mountinfo, mounts, mountstats ----

constexpr std::array<std::string_view, 19> k_mountinfo_cols = {
    "snapshot_id", "pid",           "start_time",  "line",      "mount_id",       "parent_id",  "dev_major",
    "dev_minor",   "root",          "mount_point", "mount_options", "optional_fields", "shared_peer", "master_peer",
    "propagate_from", "unbindable", "fs_type",     "source",    "super_options"};

void mountinfo(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_proc_mountinfo(m.text());
  report(m, sink, parsed);
  std::string optional;
  for (const auto& e : parsed.value) {
    optional.clear();
    for (const auto& f : e.optional_fields) {
      if (!optional.empty()) optional.push_back(' ');
      optional.append(f);
    }
    sink.insert("proc_mountinfo", k_mountinfo_cols,
                {v(m.snapshot_id), v(m.pid), v(m.start_time), line_value(e.line), v(e.mount_id), v(e.parent_id),
                 v(e.dev_major), v(e.dev_minor), opt_text(e.root), opt_text(e.mount_point), opt_text(e.mount_options),
                 e.optional_fields.empty() ? Value{std::monostate{}} : v(optional), v(e.shared), v(e.master),
                 v(e.propagate_from), v(e.unbindable), opt_text(e.fs_type), opt_text(e.source),
                 opt_text(e.super_options)});
  }
}

constexpr std::array<std::string_view, 10> k_mounts_cols = {
    "snapshot_id", "pid", "start_time", "line", "source", "mount_point", "fs_type", "options", "dump", "pass"};

// proc/<pid>/mounts and the system-wide proc/mounts (Member::pid and start_time are nullopt there: NULL).
void mounts(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_proc_mounts(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    sink.insert("proc_mounts", k_mounts_cols,
                {v(m.snapshot_id), v(m.pid), v(m.start_time), line_value(e.line), opt_text(e.source),
                 opt_text(e.mount_point), opt_text(e.fs_type), opt_text(e.options), v(e.dump), v(e.pass)});
  }
}

constexpr std::array<std::string_view, 9> k_mountstats_cols = {
    "snapshot_id", "pid", "start_time", "line", "device", "mount_point", "fs_type", "statvers", "stats"};

void mountstats(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_proc_mountstats(m.text());
  report(m, sink, parsed);
  for (const auto& e : parsed.value) {
    sink.insert("proc_mountstats", k_mountstats_cols,
                {v(m.snapshot_id), v(m.pid), v(m.start_time), line_value(e.line), opt_text(e.device),
                 opt_text(e.mount_point), opt_text(e.fs_type), opt_text(e.statvers), opt_text(e.stats)});
  }
}

// ---- fd/<n>, fdinfo/<n> ----

constexpr std::array<std::string_view, 9> k_fds_cols = {"snapshot_id", "pid",     "start_time", "fd",     "target",
                                                        "type",        "deleted", "inode",      "subtype"};

void fd(const Member& m, TableSink& sink) {
  check_symlink(m, sink);
  const auto parsed = procfs::parse_fd_link(m.name, m.text());
  report(m, sink, parsed);
  const auto& t = parsed.value.target;
  sink.insert("proc_fds", k_fds_cols,
              {v(m.snapshot_id), v(m.pid), v(m.start_time), v(parsed.value.fd), v(m.text()),
               v(procfs::link_kind_name(t.kind)), v(t.deleted), v(t.inode), opt_text(t.subtype)});
}

constexpr std::array<std::string_view, 11> k_fdinfo_cols = {
    "snapshot_id", "pid", "start_time", "fd", "pos", "flags_raw", "flags", "access_mode", "flag_names", "mnt_id",
    "ino"};
constexpr std::array<std::string_view, 7> k_fdinfo_kv_cols = {"snapshot_id", "pid", "start_time", "fd",
                                                              "line",        "key", "value"};

void fdinfo(const Member& m, TableSink& sink) {
  const auto parsed = procfs::parse_fdinfo(m.text());
  report(m, sink, parsed);
  const auto fd_number = procfs::parse_i64(m.name);
  const auto& f = parsed.value;
  const std::string names = f.flags ? procfs::open_flag_names(*f.flags) : std::string();
  sink.insert("proc_fdinfo", k_fdinfo_cols,
              {v(m.snapshot_id), v(m.pid), v(m.start_time), v(fd_number), v(f.pos), opt_text(f.flags_raw),
               v(f.flags), f.flags ? v(procfs::open_access_mode_name(*f.flags)) : Value{std::monostate{}},
               f.flags ? v(names) : Value{std::monostate{}}, v(f.mnt_id), v(f.ino)});
  for (const auto& kv : f.extra) {
    sink.insert("proc_fdinfo_kv", k_fdinfo_kv_cols,
                {v(m.snapshot_id), v(m.pid), v(m.start_time), v(fd_number), line_value(kv.line), v(kv.key),
                 v(kv.value)});
  }
}

// ---- ns/<name>, exe/cwd/root, map_files/<range> ----

constexpr std::array<std::string_view, 7> k_ns_cols = {"snapshot_id", "pid",   "start_time", "name",
                                                       "type",        "inode", "target"};

void ns(const Member& m, TableSink& sink) {
  check_symlink(m, sink);
  const auto parsed = procfs::parse_ns_link(m.name, m.text());
  report(m, sink, parsed);
  sink.insert("proc_namespaces", k_ns_cols,
              {v(m.snapshot_id), v(m.pid), v(m.start_time), v(m.name), opt_text(parsed.value.type),
               v(parsed.value.inode), v(m.text())});
}

constexpr std::array<std::string_view, 7> k_links_cols = {"snapshot_id", "pid",  "start_time", "name",
                                                          "target",      "type", "deleted"};

void process_link(const Member& m, TableSink& sink) {
  check_symlink(m, sink);
  const auto parsed = procfs::classify_link_target(m.text());
  report(m, sink, parsed);
  sink.insert("proc_links", k_links_cols,
              {v(m.snapshot_id), v(m.pid), v(m.start_time), v(last_component(m.path)), v(m.text()),
               v(procfs::link_kind_name(parsed.value.kind)), v(parsed.value.deleted)});
}

constexpr std::array<std::string_view, 9> k_map_files_cols = {"snapshot_id", "pid",      "start_time",
                                                              "name",        "start_addr", "end_addr",
                                                              "target",      "type",     "deleted"};

void map_files(const Member& m, TableSink& sink) {
  check_symlink(m, sink);
  const auto parsed = procfs::parse_map_files_link(m.name, m.text());
  report(m, sink, parsed);
  const auto& r = parsed.value;
  sink.insert("proc_map_files", k_map_files_cols,
              {v(m.snapshot_id), v(m.pid), v(m.start_time), v(m.name), v(r.range.start), v(r.range.end), v(m.text()),
               v(procfs::link_kind_name(r.target.kind)), v(r.target.deleted)});
}

constexpr std::array<Handler, 15> k_handlers{{
    {"proc/<pid>/maps", maps},
    {"proc/<pid>/smaps", smaps},
    {"proc/<pid>/smaps_rollup", smaps_rollup},
    {"proc/<pid>/numa_maps", numa_maps},
    {"proc/<pid>/mountinfo", mountinfo},
    {"proc/<pid>/mounts", mounts},
    {"proc/mounts", mounts},
    {"proc/<pid>/mountstats", mountstats},
    {"proc/<pid>/fd/<n>", fd},
    {"proc/<pid>/fdinfo/<n>", fdinfo},
    {"proc/<pid>/ns/<name>", ns},
    {"proc/<pid>/exe", process_link},
    {"proc/<pid>/cwd", process_link},
    {"proc/<pid>/root", process_link},
    {"proc/<pid>/map_files/<name>", map_files},
}};

}  // namespace

std::span<const Handler> proc_memory_handlers() { return k_handlers; }

}  // namespace procsnap::importer
