// What procsnap report shows, read from the database: one query per table for the whole snapshot (never one per
// process), bucketed by pid. Text that can be long (cmdline) is cut in SQL, so a snapshot of 1 MiB command lines
// does not make the report hold them.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "report/report.hpp"
#include "report/snapshot_rows.hpp"

namespace procsnap::report {

namespace {

std::optional<std::string> opt_text(const db::Statement& st, int i) {
  if (st.column_type(i) == SQLITE_NULL) return std::nullopt;
  return std::string(st.column_text(i));
}

// A number or text cell as text (ANY columns hold a u64 above 2^63-1 as decimal text).
std::optional<std::string> any_text(const db::Statement& st, int i) { return opt_text(st, i); }

Header load_header(const db::Connection& conn, std::int64_t id) {
  Header h;
  snapshot_table_row(
      conn,
      "SELECT id, archive_sha256, archive_name, state, hostname, machine_id, boot_id, kernel_release, captured_at, "
      "finished_at, collector_name, collector_version, collector_sha256, collector_argv, case_id, examiner, note, "
      "imported_at, damage, btime, clk_tck, process_count, members_mismatched, members_missing, members_unlisted, "
      "members_unverified, collector_uid FROM snapshots WHERE id = ?",
      id, [&](const db::Statement& st) {
        h.id = st.column_int64(0);
        h.archive_sha256 = std::string(st.column_text(1));
        int i = 2;
        for (auto* f : {&h.archive_name, &h.state, &h.hostname, &h.machine_id, &h.boot_id, &h.kernel_release,
                        &h.captured_at, &h.finished_at, &h.collector_name, &h.collector_version, &h.collector_sha256,
                        &h.collector_argv, &h.case_id, &h.examiner, &h.note, &h.imported_at, &h.damage}) {
          *f = opt_text(st, i++);
        }
        for (auto* f : {&h.btime, &h.clk_tck, &h.process_count, &h.members_mismatched, &h.members_missing,
                        &h.members_unlisted, &h.members_unverified, &h.collector_uid}) {
          *f = st.column_opt_int64(i++);
        }
      });
  return h;
}

Process read_process(const db::Statement& st) {
  Process pr;
  pr.pid = st.column_int64(0);
  pr.ppid = st.column_opt_int64(1);
  pr.start_time = st.column_opt_int64(2);
  pr.threads = st.column_opt_int64(3);
  pr.comm = opt_text(st, 4);
  pr.state = opt_text(st, 5);
  pr.cmdline = opt_text(st, 6);
  pr.cmdline_bytes = static_cast<std::size_t>(st.column_opt_int64(7).value_or(0));
  pr.exe = opt_text(st, 8);
  pr.cwd = opt_text(st, 9);
  pr.started_at = opt_text(st, 10);
  pr.uid = any_text(st, 11);
  pr.euid = any_text(st, 12);
  pr.gid = any_text(st, 13);
  pr.cap_eff = opt_text(st, 14);
  pr.cap_prm = opt_text(st, 15);
  pr.cap_bnd = opt_text(st, 16);
  pr.seccomp = any_text(st, 17);
  pr.exe_bytes = static_cast<std::size_t>(st.column_opt_int64(18).value_or(0));
  pr.cwd_bytes = static_cast<std::size_t>(st.column_opt_int64(19).value_or(0));
  return pr;
}

void load_processes(const db::Connection& conn, std::int64_t id, const Limits& lim, Data& d) {
  const std::array<db::Value, 2> p{id, static_cast<std::int64_t>(lim.text_bytes ? lim.text_bytes : 1u << 30)};
  // Bytes, not characters: the cut must not depend on what SQLite thinks is UTF-8.
  db::each_row(
      conn,
      "SELECT s.pid, s.ppid, s.start_time, s.num_threads, s.comm, s.state, "
      "  substr(CAST(cl.cmdline AS BLOB), 1, ?2), length(CAST(cl.cmdline AS BLOB)), "
      "  substr(CAST(exe.target AS BLOB), 1, ?2), substr(CAST(cwd.target AS BLOB), 1, ?2), "
      "  CASE WHEN s.start_time IS NOT NULL AND sn.clk_tck > 0 AND sn.btime IS NOT NULL THEN "
      "    strftime('%Y-%m-%dT%H:%M:%fZ', sn.btime + CAST(s.start_time AS REAL) / sn.clk_tck, 'unixepoch') END, "
      "  ss.uid_real, ss.uid_effective, ss.gid_real, ss.cap_eff, ss.cap_prm, ss.cap_bnd, ss.seccomp, "
      "  length(CAST(exe.target AS BLOB)), length(CAST(cwd.target AS BLOB)) "
      "FROM proc_stat s JOIN snapshots sn ON sn.id = s.snapshot_id "
      "LEFT JOIN proc_status ss ON ss.snapshot_id = s.snapshot_id AND ss.pid = s.pid AND ss.start_time IS s.start_time "
      "LEFT JOIN proc_cmdline cl ON cl.snapshot_id = s.snapshot_id AND cl.pid = s.pid AND cl.start_time IS "
      "s.start_time "
      "LEFT JOIN proc_links exe ON exe.snapshot_id = s.snapshot_id AND exe.pid = s.pid "
      "  AND exe.start_time IS s.start_time AND exe.name = 'exe' "
      "LEFT JOIN proc_links cwd ON cwd.snapshot_id = s.snapshot_id AND cwd.pid = s.pid "
      "  AND cwd.start_time IS s.start_time AND cwd.name = 'cwd' "
      "WHERE s.snapshot_id = ?1 ORDER BY s.pid",
      p, [&](const db::Statement& st) {
        // A pid appears once per snapshot; a damaged archive holding two stat rows for one pid keeps the first.
        const std::int64_t pid = st.column_int64(0);
        if (!d.processes.empty() && d.processes.back().pid == pid) return;
        d.processes.push_back(read_process(st));
      });
}

Socket read_socket(const db::Statement& st) {
  Socket s;
  s.pid = st.column_opt_int64(0);
  s.fd = st.column_opt_int64(1);
  s.family = st.column_opt_int64(2);
  s.protocol = st.column_opt_int64(3);
  s.local_address = opt_text(st, 4);
  s.local_port = st.column_opt_int64(5);
  s.remote_address = opt_text(st, 6);
  s.remote_port = st.column_opt_int64(7);
  s.path = opt_text(st, 8);
  s.state = opt_text(st, 9);
  s.comm = opt_text(st, 10);
  return s;
}

bool is_listener(const Socket& s) {
  if (s.state) return *s.state == "LISTEN";
  return s.remote_port.value_or(0) == 0;  // UDP, UDP-Lite, raw: bound and unconnected
}

void load_sockets(const db::Connection& conn, std::int64_t id, const Limits& lim, Data& d,
                  const std::unordered_map<std::int64_t, std::size_t>& by_pid) {
  db::each_row(
      conn,
      "SELECT o.pid, o.fd, o.family, o.protocol, o.local_address, o.local_port, o.remote_address, o.remote_port, "
      "  o.path, o.state, s.comm "
      "FROM process_open_sockets o LEFT JOIN proc_stat s ON s.snapshot_id = o.snapshot_id AND s.pid = o.pid "
      "WHERE o.snapshot_id = ? "
      "ORDER BY o.family = 1, o.local_port, o.local_address, o.remote_address, o.remote_port, o.pid, o.fd",
      id, [&](const db::Statement& st) {
        Socket s = read_socket(st);
        if (s.pid) {
          if (const auto it = by_pid.find(*s.pid); it != by_pid.end()) {
            Process& pr = d.processes[it->second];
            if (++pr.sockets_total <= lim.sockets_per_process) pr.sockets.push_back(s);
          }
        }
        if (s.family != 2 && s.family != 10) return;  // the network tables: IPv4 and IPv6 only
        auto& table = is_listener(s) ? d.listeners : d.connections;
        auto& total = is_listener(s) ? d.listeners_total : d.connections_total;
        if (++total <= lim.network_rows) table.push_back(std::move(s));
      });
  for (auto& pr : d.processes) {
    std::sort(pr.sockets.begin(), pr.sockets.end(), [](const Socket& a, const Socket& b) { return a.fd < b.fd; });
  }
}

void load_libraries(const db::Connection& conn, std::int64_t id, const Limits& lim, Data& d,
                    const std::unordered_map<std::int64_t, std::size_t>& by_pid) {
  db::each_row(conn,
               "SELECT DISTINCT pid, path FROM proc_maps WHERE snapshot_id = ? AND perm_exec = 1 "
               "AND path_kind IN ('file', 'deleted') AND path IS NOT NULL ORDER BY pid, path",
               id, [&](const db::Statement& st) {
                 const auto it = by_pid.find(st.column_int64(0));
                 const std::string_view path = st.column_text(1);
                 if (it == by_pid.end() || !is_nonstandard_library(path)) return;
                 Process& pr = d.processes[it->second];
                 if (++pr.libraries_total <= lim.libraries_per_process) pr.libraries.emplace_back(path);
               });
}

void load_regions(const db::Connection& conn, std::int64_t id, const Limits& lim, Data& d,
                  const std::unordered_map<std::int64_t, std::size_t>& by_pid) {
  db::each_row(
      conn,
      "SELECT pid, start_hex, end_hex, perms, path, selection, status, reason, sha256, captured_bytes, elf_offset "
      "FROM memory_regions WHERE snapshot_id = ? ORDER BY pid, length(start_hex), start_hex",
      id, [&](const db::Statement& st) {
        const auto it = by_pid.find(st.column_int64(0));
        if (it == by_pid.end()) return;
        Process& pr = d.processes[it->second];
        if (++pr.regions_total > lim.regions_per_process) return;
        Region r;
        r.start_hex = std::string(st.column_text(1));
        r.end_hex = std::string(st.column_text(2));
        r.perms = opt_text(st, 3);
        r.path = opt_text(st, 4);
        r.selection = opt_text(st, 5);
        r.status = opt_text(st, 6);
        r.reason = opt_text(st, 7);
        r.sha256 = opt_text(st, 8);
        r.captured_bytes = st.column_opt_int64(9);
        r.elf_offset = st.column_type(10) == SQLITE_INTEGER ? st.column_opt_int64(10) : std::nullopt;
        pr.regions.push_back(std::move(r));
      });
}

void load_cgroups(const db::Connection& conn, std::int64_t id, Data& d,
                  const std::unordered_map<std::int64_t, std::size_t>& by_pid) {
  for (auto& [pid, path] : first_cgroup_paths(conn, id)) {
    if (const auto it = by_pid.find(pid); it != by_pid.end()) d.processes[it->second].cgroup = std::move(path);
  }
  for (auto& [pid, label] : container_labels(conn, id)) {
    if (const auto it = by_pid.find(pid); it != by_pid.end()) d.processes[it->second].container = std::move(label);
  }
}

}  // namespace

bool is_nonstandard_library(std::string_view path) {
  const auto so = path.rfind(".so");
  if (so == std::string_view::npos) return false;
  const auto after = path.substr(so + 3);
  if (!after.empty() && after.front() != '.' && after != " (deleted)") return false;
  for (std::string_view dir :
       {"/lib/", "/lib32/", "/lib64/", "/libx32/", "/usr/lib/", "/usr/lib32/", "/usr/lib64/", "/usr/libx32/",
        "/usr/local/lib/", "/usr/local/lib32/", "/usr/local/lib64/", "/usr/local/libx32/"}) {
    if (path.starts_with(dir)) return false;
  }
  return true;
}

Data load(const db::Connection& conn, std::int64_t id, const Limits& limits) {
  Data d;
  d.header = load_header(conn, id);
  load_processes(conn, id, limits, d);
  std::unordered_map<std::int64_t, std::size_t> by_pid;
  for (std::size_t i = 0; i < d.processes.size(); ++i) by_pid.emplace(d.processes[i].pid, i);
  load_cgroups(conn, id, d, by_pid);
  load_sockets(conn, id, limits, d, by_pid);
  load_libraries(conn, id, limits, d, by_pid);
  load_regions(conn, id, limits, d, by_pid);
  return d;
}

void attach_findings(Data& data, const triage::Report& findings) {
  std::map<std::int64_t, std::size_t> by_pid;
  for (std::size_t i = 0; i < data.processes.size(); ++i) by_pid.emplace(data.processes[i].pid, i);
  for (const auto& f : findings.findings) {
    for (std::size_t c = 0; c < f.columns.size(); ++c) {
      if (f.columns[c] != "pid" && f.columns[c] != "hidden_pid") continue;
      for (const auto& row : f.rows) {
        if (row[c].type != SQLITE_INTEGER) continue;
        const auto it = by_pid.find(std::stoll(row[c].bytes));
        if (it == by_pid.end()) continue;
        auto& ids = data.processes[it->second].findings;
        if (std::find(ids.begin(), ids.end(), f.check->id) == ids.end()) ids.push_back(f.check->id);
      }
    }
  }
}

}  // namespace procsnap::report
