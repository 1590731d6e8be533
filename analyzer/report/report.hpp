#pragma once
// procsnap report: one self-contained HTML file about one snapshot, for people who will not run SQL (the incident
// lead, the host owner, the next shift).
//
// The file loads nothing: no external script, style, font or image. A Content-Security-Policy meta element
// (default-src 'none'; the one inline <style> and the one inline <script> allowed by their SHA-256) makes any
// fetch a browser could be tricked into fail. Every byte from the snapshot (comm, argv, paths, addresses, evidence
// cells) is escaped twice: first as for a terminal (cli::escape_terminal: control, bidi and invalid UTF-8 bytes
// become visible \xHH / \u{XXXX}), then for HTML (& < > " '), so a cmdline holding `<script>` is text. The page
// works without its script (the tree is <details> elements); the script adds the search box and opens every
// <details> before printing.
//
// Memory and size are bounded by the limits in Limits; the report states them and says where it truncated.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"
#include "diff/diff.hpp"
#include "triage/triage.hpp"

namespace procsnap::report {

/// What the report shows at most; every cut is stated in the report.
struct Limits {
  std::size_t evidence_rows = 50;       ///< evidence rows per triage finding (0 = all)
  std::size_t text_bytes = 4096;        ///< bytes of one text value (cmdline, path, cell) before "… N more bytes"
  std::size_t sockets_per_process = 64;  ///< sockets listed in one process's detail
  std::size_t libraries_per_process = 64;  ///< non-standard libraries listed in one process's detail
  std::size_t regions_per_process = 64;  ///< captured memory regions listed in one process's detail
  std::size_t network_rows = 2000;      ///< rows of each network table (listeners, connections)
  std::size_t diff_rows = 500;          ///< changes shown per diff category
};

/// The snapshot's identity and provenance (the snapshots row).
struct Header {
  std::int64_t id = 0;
  std::string archive_sha256;
  std::optional<std::string> archive_name, state, hostname, machine_id, boot_id, kernel_release, captured_at,
      finished_at, collector_name, collector_version, collector_sha256, collector_argv, case_id, examiner, note,
      imported_at, damage;
  std::optional<std::int64_t> btime, clk_tck, process_count, members_mismatched, members_missing, members_unlisted,
      members_unverified, collector_uid;
};

/// One socket a process holds (a row of the process_open_sockets view).
struct Socket {
  std::optional<std::int64_t> pid, fd, family, protocol, local_port, remote_port;
  std::optional<std::string> local_address, remote_address, path, state;
  std::optional<std::string> comm;  ///< the holder's comm (network tables)
};

/// A region of memory the collector selected with --mem (memory_regions).
struct Region {
  std::string start_hex, end_hex;
  std::optional<std::string> perms, path, selection, status, reason, sha256;
  std::optional<std::int64_t> captured_bytes, elf_offset;
};

struct Process {
  std::int64_t pid = 0;
  std::optional<std::int64_t> ppid, start_time, threads;
  std::optional<std::string> comm, state, cmdline, exe, cwd, started_at;
  /// Full lengths of cmdline, exe and cwd: the loader keeps at most Limits::text_bytes of each (a hostile archive
  /// may hold megabytes there for every process).
  std::size_t cmdline_bytes = 0, exe_bytes = 0, cwd_bytes = 0;
  std::optional<std::string> uid, euid, gid, cap_eff, cap_prm, cap_bnd, cgroup, seccomp;
  std::optional<std::string> container;  ///< "runtime:id" from the importer's process_containers; nullopt on the host
  std::vector<Socket> sockets;
  std::size_t sockets_total = 0;
  std::vector<std::string> libraries;  ///< executable .so mappings outside the library directories
  std::size_t libraries_total = 0;
  std::vector<Region> regions;
  std::size_t regions_total = 0;
  std::vector<std::string> findings;  ///< ids of the triage checks whose evidence names this pid
};

struct Data {
  Header header;
  std::vector<Process> processes;  ///< by pid
  std::vector<Socket> listeners;    ///< inet sockets waiting for peers (TCP LISTEN, unconnected UDP, raw)
  std::size_t listeners_total = 0;
  std::vector<Socket> connections;  ///< inet sockets with a peer
  std::size_t connections_total = 0;
};

/// Reads what the report shows about snapshot `id`. Throws db::Error on database failures and
/// std::invalid_argument when the snapshot does not exist.
[[nodiscard]] Data load(const db::Connection& conn, std::int64_t id, const Limits& limits);

/// Marks each process with the findings whose evidence names it (a column named pid or hidden_pid).
void attach_findings(Data& data, const triage::Report& findings);

/// An executable mapping named like a shared object (*.so, *.so.N) outside /lib*, /usr/lib*, /usr/local/lib*
/// (the same rule as `procsnap fleet stack libs`).
[[nodiscard]] bool is_nonstandard_library(std::string_view path);

/// Untrusted bytes as HTML text: escaped as for a terminal, then &<>"' as entities; at most `max_bytes` of the
/// input are shown (0 = all), the rest replaced by "… (N more bytes)".
[[nodiscard]] std::string html_text(std::string_view bytes, std::size_t max_bytes = 0);

struct Options {
  Limits limits;
  triage::Severity min_severity = triage::Severity::low;
  std::string procsnap_version;
  std::string generated_at;  ///< UTC ISO-8601 (the analyst's clock; stated as such)
};

/// The whole HTML document. `changes` (procsnap report --diff) is shown when set.
[[nodiscard]] std::string render_html(const Data& data, const triage::Report& findings,
                                      const std::optional<diff::Result>& changes, const Options& options);

/// The Content-Security-Policy the document carries (exposed for tests).
[[nodiscard]] std::string content_security_policy();

}  // namespace procsnap::report
