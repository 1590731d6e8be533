#include "importer/importer.hpp"

#include "importer/containers.hpp"
#include "importer/database.hpp"
#include "importer/memory_import.hpp"
#include "importer/own_tables.hpp"
#include "importer/registry.hpp"
#include "importer/table_row.hpp"
#include "procfs/proc_fd.hpp"
#include "procfs/proc_stat.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace procsnap::importer {

namespace json = common::json;

namespace {

using Clock = std::chrono::steady_clock;

std::string_view as_text(std::span<const std::byte> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// ---- header.json --------------------------------------------------------------------------------------------

struct Header {
  json::Value v;
  std::optional<std::uint64_t> netns;  ///< collector_namespaces.net
};

std::optional<Header> parse_header(std::string_view text, std::string& why) {
  auto parsed = json::parse(text);
  if (const auto* err = std::get_if<json::ParseError>(&parsed)) {
    why = fmt::format("procsnap/header.json is not valid JSON ({} at offset {})", err->message, err->offset);
    return std::nullopt;
  }
  Header h{std::get<json::Value>(parsed), std::nullopt};
  if (!h.v.is_object() || h.v.string_at("format") != "procsnap-archive") {
    why = "procsnap/header.json is not a procsnap header (format != \"procsnap-archive\")";
    return std::nullopt;
  }
  const auto version = h.v.i64_at("format_version");
  if (version != 1) {
    why = fmt::format("unsupported archive format_version {} (this procsnap reads version 1)",
                      version ? std::to_string(*version) : std::string("(missing)"));
    return std::nullopt;
  }
  h.netns = h.v.value_at("collector_namespaces").u64_at("net");
  return h;
}

/// The archive's first member as its header: refused (`why`) unless it is procsnap/header.json and parses.
std::optional<Header> header_of_first_member(const RawMember& m, std::string& why) {
  if (m.cls != MemberClass::header) {
    why = fmt::format("first member is '{}', not procsnap/header.json: not a procsnap archive", m.path.substr(0, 200));
    return std::nullopt;
  }
  return parse_header(as_text(m.bytes), why);
}

std::optional<std::string> string_array_json(const json::Value& v) {
  if (!v.as_array()) return std::nullopt;
  json::Writer w;
  w.begin_array();
  for (const auto& e : *v.as_array()) {
    if (e.as_string()) w.value(*e.as_string()); else w.null();
  }
  w.end_array();
  return w.take();
}

// ---- per-member bookkeeping ---------------------------------------------------------------------------------

std::optional<std::int64_t> id_after(std::string_view path, std::string_view prefix) {
  if (path.substr(0, prefix.size()) != prefix) return std::nullopt;
  path.remove_prefix(prefix.size());
  const std::string_view seg = path.substr(0, path.find('/'));
  if (!is_format_id(seg)) return std::nullopt;
  std::int64_t v = 0;
  for (char c : seg) v = v * 10 + (c - '0');
  return v;
}

struct PathIds {
  std::optional<std::int64_t> pid;
  std::optional<std::int64_t> tid;
};
PathIds ids_of(std::string_view path) {
  PathIds ids;
  for (std::string_view top : {"proc/", "mem/", "bin/"}) {
    if ((ids.pid = id_after(path, top))) {
      const std::string_view rest = path.substr(top.size());
      const std::size_t slash = rest.find('/');
      if (slash != std::string_view::npos) {
        ids.tid = id_after(rest.substr(slash + 1), "task/");
      }
      break;
    }
  }
  return ids;
}

// ---- zombie leaders (FORMAT.md "Members, in this order" 3.4, "Reader rules") ----------------------------------
//
// When a process's thread-group leader is a zombie (state 'Z' in proc/<pid>/stat, which comes first per pid) while
// other threads live, the process-wide files under proc/<pid>/ are empty or absent, and the collector stores them
// under the first live non-leader task instead: proc/<pid>/task/<tid>/{cmdline, environ, auxv, maps, smaps,
// smaps_rollup, numa_maps} and the links exe, cwd, root, fd/<n>. The importer runs the process-level handlers on
// those copies as if they were proc/<pid>/<file> (tid unset), so proc_maps, proc_fds, proc_cmdline, proc_links, ...
// and the views describe the process. The member row keeps its real path. Rules, per file name (fd/<n> counts per
// n), so that a process never gets two sets of rows for one file:
//   - only for a zombie leader, only those names, only the first task that has any of them (tasks come in tid
//     order, so the lowest tid); a copy under another task, or under the leader's own task/<pid>/, is kept in
//     `members` but not used (an import_issues row says so);
//   - the leader's own proc/<pid>/<file> wins when it has content (a copy of it is then not used, with an issue);
//     when it is empty (0 bytes) its rows wait until the pid's members end and are written only if no task copy of
//     that file came; when it is absent the task copy is used;
//   - a leader's file arriving after the task copy was used (out of the format's order) is not used (issue).

/// The leader-exited file names (collector/walker.cpp leader_exited_files() plus the links): true for "maps",
/// "exe", "fd/3", ...
bool is_process_view_name(std::string_view rest) {
  static constexpr std::array<std::string_view, 10> k_names = {
      "cmdline", "environ", "auxv", "maps", "smaps", "smaps_rollup", "numa_maps", "exe", "cwd", "root"};
  if (rest.starts_with("fd/")) return is_format_id(rest.substr(3));
  return std::find(k_names.begin(), k_names.end(), rest) != k_names.end();
}

/// What happened to one process-wide file of a zombie-leader pid.
enum class ViewFile : std::uint8_t {
  leader_used,     ///< the leader's own proc/<pid>/<file> had content and went to the handlers
  leader_waiting,  ///< the leader's own file is empty: held back until the pid's members end
  task_used,       ///< the chosen task's copy went to the handlers as proc/<pid>/<file>
};

struct PidState {
  std::optional<std::int64_t> start_time;
  std::optional<std::uint64_t> netns;
  bool leader_zombie = false;             ///< proc/<pid>/stat says state 'Z'
  std::optional<std::int64_t> view_tid;   ///< the task whose copies stand for the leader's files
  std::unordered_map<std::string, ViewFile> view_files;  ///< zombie leaders only: by file name ("maps", "fd/3")
};

// ---- the sink handlers write into ----------------------------------------------------------------------------

std::string quote_ident(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

bool is_environment_error(int code) {
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG:
    case SQLITE_ERROR:  // e.g. no such table/column: a handler/schema mismatch, not the environment
      return false;
    default:
      return true;
  }
}

class DbSink final : public TableSink {
 public:
  DbSink(db::Connection& c, std::int64_t sid)
      : c_(c), sid_(sid), issue_(RowStatement::insert(c, tables::import_issues)) {}

  void insert(std::string_view table, std::span<const std::string_view> columns,
              std::span<const db::Value> values) override {
    if (columns.size() != values.size() || columns.empty()) {
      throw std::invalid_argument(fmt::format("insert into {}: {} columns but {} values", table, columns.size(),
                                              values.size()));
    }
    db::Statement& st = statement(table, columns);
    st.run(values);
    ++rows_;
  }

  void issue(std::string_view member_path, std::size_t line, std::string_view excerpt,
             std::string_view message) override {
    const std::string_view ex = excerpt.substr(0, 200);
    issue_.set("snapshot_id", sid_)
        .set("path", member_path)
        .set("line", line ? db::Value(static_cast<std::int64_t>(line)) : db::Value{})
        .set("excerpt",
             excerpt.empty() ? db::Value{} : db::Value(db::Blob{std::as_bytes(std::span(ex.data(), ex.size()))}))
        .set("message", message);
    issue_.run();
    ++issues_;
  }

  [[nodiscard]] std::uint64_t rows() const { return rows_; }
  [[nodiscard]] std::uint64_t issues() const { return issues_; }

 private:
  struct Cached {
    std::string table;
    std::vector<std::string> columns;
    std::vector<std::string_view> seen;  ///< the views first passed (pointer fast path)
    db::Statement st;
  };
  // Handlers pass long-lived column arrays, so the array's address is a fast key; table and column names are
  // still compared so a reused address can never pick the wrong statement.
  db::Statement& statement(std::string_view table, std::span<const std::string_view> columns) {
    auto& bucket = cache_[{columns.data(), columns.size()}];
    for (auto& c : bucket) {
      if (c.table != table) continue;
      // Column names are literals: the same pointers mean the same names (cheap); otherwise compare the text.
      bool same = true;
      for (std::size_t i = 0; i < columns.size() && same; ++i) {
        same = (columns[i].data() == c.seen[i].data() && columns[i].size() == c.seen[i].size()) ||
               columns[i] == c.columns[i];
      }
      if (same) return c.st;
    }
    std::string sql = "INSERT INTO " + quote_ident(table) + " (";
    std::string params;
    std::vector<std::string> cols;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      sql += (i ? "," : "") + quote_ident(columns[i]);
      params += i ? ",?" : "?";
      cols.emplace_back(columns[i]);
    }
    sql += ") VALUES (" + params + ")";
    bucket.push_back(Cached{std::string(table), std::move(cols), {columns.begin(), columns.end()}, c_.prepare(sql)});
    return bucket.back().st;
  }

  struct KeyHash {
    std::size_t operator()(const std::pair<const std::string_view*, std::size_t>& k) const {
      return std::hash<const void*>()(k.first) ^ k.second;
    }
  };
  db::Connection& c_;
  std::int64_t sid_;
  RowStatement issue_;
  std::unordered_map<std::pair<const std::string_view*, std::size_t>, std::vector<Cached>, KeyHash> cache_;
  std::uint64_t rows_ = 0;
  std::uint64_t issues_ = 0;
};

// Forwards rows to the import's sink; issues about `from` (the path the handlers were run as) are recorded under
// `to` (the member's real path), so an issue always names a member that exists.
class RenamingSink final : public TableSink {
 public:
  RenamingSink(TableSink& inner, std::string_view from, std::string_view to) : inner_(inner), from_(from), to_(to) {}
  void insert(std::string_view table, std::span<const std::string_view> columns,
              std::span<const db::Value> values) override {
    inner_.insert(table, columns, values);
  }
  void issue(std::string_view member_path, std::size_t line, std::string_view excerpt,
             std::string_view message) override {
    inner_.issue(member_path == from_ ? to_ : member_path, line, excerpt, message);
  }

 private:
  TableSink& inner_;
  std::string_view from_;
  std::string_view to_;
};

// map_files/<range> names ("7f3a2c000000-7f3a2c021000"): one shape for all of them (no handler pattern has a
// literal component of hex digits and '-').
bool is_range(std::string_view s) {
  return s.find('-') != std::string_view::npos &&
         s.find_first_not_of("0123456789abcdef-") == std::string_view::npos;
}

// Which handlers a path may match. Paths of the same shape (ids and map ranges replaced) match the same patterns,
// so the linear scan over all patterns runs once per shape, not once per member (each candidate is still matched
// against the real path).
class Dispatcher {
 public:
  Dispatcher() : handlers_(all_handlers()) {}

  template <class F>
  void for_each_match(std::string_view path, Member& m, F&& f) {
    std::string& key = key_;  // reused buffer: no allocation per member
    key.clear();
    std::size_t start = 0;
    while (start <= path.size()) {
      std::size_t end = path.find('/', start);
      if (end == std::string_view::npos) end = path.size();
      const std::string_view comp = path.substr(start, end - start);
      key += is_format_id(comp) ? std::string_view("#") : is_range(comp) ? std::string_view("%") : comp;
      if (end == path.size()) break;
      key += '/';
      start = end + 1;
    }
    auto it = shapes_.find(key);
    if (it == shapes_.end()) {
      std::vector<std::size_t> idx;
      for (std::size_t i = 0; i < handlers_.size(); ++i) {
        Member probe;
        if (match_pattern(handlers_[i].pattern, path, probe)) idx.push_back(i);
      }
      it = shapes_.emplace(key, std::move(idx)).first;
    }
    for (const std::size_t i : it->second) {
      if (match_pattern(handlers_[i].pattern, path, m)) {
        f(handlers_[i]);
      }
    }
  }

 private:
  std::vector<Handler> handlers_;
  std::unordered_map<std::string, std::vector<std::size_t>> shapes_;
  std::string key_;
};

// ---- the import of one archive --------------------------------------------------------------------------------

// A stored member waiting for its manifest line (its verdict). Kept in a slot; the verifier hands the slot back
// (its tag) when the member resolves, so no map keyed by path is needed here.
struct PendingRow {
  std::string path;
  std::optional<std::int64_t> pid;
  std::optional<std::int64_t> tid;
  std::optional<std::int64_t> start_time;
  bool is_symlink = false;
  bool live = false;     ///< the slot holds a member not yet written with its verdict
  bool flushed = false;  ///< already inserted without a verdict (pending budget exceeded)
  common::Digest sha{};
  std::vector<std::byte> data;
};

// Lower-case hex of a digest, in a buffer (no allocation).
struct HexDigest {
  std::array<char, 64> s{};
  explicit HexDigest(const common::Digest& d) {
    static constexpr char k_digits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < d.size(); ++i) {
      const auto b = static_cast<unsigned>(d[i]);
      s[2 * i] = k_digits[b >> 4];
      s[2 * i + 1] = k_digits[b & 15];
    }
  }
  [[nodiscard]] std::string_view view() const { return {s.data(), s.size()}; }
};

class Import {
 public:
  Import(db::Connection& c, const ImportOptions& o) : c_(c), opt_(o) {}

  /// The import's steps, in order: hash the file (a re-import is a no-op), read every member in one
  /// transaction, derive the memory and container tables, write the snapshot's totals, commit.
  ImportResult run(const std::string& path);

 private:
  /// The snapshot already imported from an archive with this SHA-256, as an `already_present` result.
  std::optional<ImportResult> already_imported(const std::string& sha) const;
  /// Before the transaction: the archive file's SHA-256 (empty for stdin, "-") and its size for the progress, or
  /// a result to return at once (the file cannot be read, or it is imported already).
  std::optional<ImportResult> hash_before_import(const std::string& path, std::string& pre_sha);
  /// Reads every member into the database: the header first, then manifest chunks, proc/mem/bin members and
  /// the trailer. A refusal's reason, or nullopt (damage_ holds why the stream ended early, if it did).
  std::optional<std::string> read_members(ArchiveReader& reader, const std::string& pre_sha);
  /// The first member: parses the header, writes the snapshot row and starts the verifier. A refusal's reason.
  std::optional<std::string> start_with_header(const RawMember& m, const std::string& pre_sha);
  /// A member after the header: held for its manifest line (chunks, proc/mem/bin members) or written (trailer).
  void take_member(RawMember& m);
  /// After the last member: held-back leader files, the verifier's last verdicts, members never listed.
  void finish_members();
  /// Rows derived from the rows written so far, inside the import's transaction: memory regions, their pieces
  /// and executable copies (--mem, --copy-exe); containers, their processes and the network namespaces' holders.
  void derive_tables();
  /// The snapshot row's fields known only at the end (counts, state, trailer); returns the state.
  std::string write_snapshot_totals(const ArchiveReader& reader, const std::string& sha);
  ImportResult refused(std::string why, Clock::time_point t_start) const;

  void on_header(const RawMember& m, const std::string& sha_for_row);
  /// The members statements and the handlers' sink, once the snapshot row exists.
  void prepare_member_writes();
  void dispatch(const RawMember& m, const PathIds& ids);
  /// Zombie leaders: decides whether the member goes to the handlers, and as which path (see "zombie leaders").
  enum class Route { as_is, as_process, held_back, unused };
  Route route_process_view(const RawMember& m, const PathIds& ids, PidState& ps, std::string& process_path);
  /// Runs the handlers of `match_path` on a member (its real path is `path`).
  void run_handlers(std::string_view path, std::string_view match_path, std::span<const std::byte> bytes,
                    bool is_symlink, const PathIds& ids, const PidState* ps);
  /// Sends the held-back empty leader files for which no task copy came to the handlers.
  void release_held_back();
  std::uint64_t hold(RawMember& m, const PathIds& ids);
  void release(std::uint64_t tag);
  void maybe_flush();
  void write_member(std::string_view path, PendingRow& row, const ManifestLine* line, Verdict v);
  void write_line_only(const ManifestLine& line, Verdict v);
  void add_issue(const std::string& path, const std::string& msg);
  void flush_pending();
  void maybe_progress(const ArchiveReader& r, bool force);

  db::Connection& c_;
  const ImportOptions& opt_;
  std::int64_t sid_ = 0;
  std::optional<RowStatement> ins_member_;  ///< a member's row (an upsert: see on_header)
  std::optional<RowStatement> ins_line_;    ///< a manifest line without a stored member
  std::optional<RowStatement> upd_member_;  ///< a flushed member's manifest fields
  std::optional<DbSink> sink_;
  Dispatcher dispatcher_;
  std::optional<Header> header_;
  std::optional<Verifier> verifier_;            ///< from the header on
  std::unordered_set<std::int64_t> pids_seen_;  ///< the process count when the manifest has no process lines
  std::string damage_;                          ///< why the archive stream ended early (empty: it did not)
  std::unordered_map<std::int64_t, PidState> pids_;
  /// Empty proc/<pid>/<file> members of a zombie leader, held back until the pid's members end.
  struct HeldBack {
    std::string path;
    std::string name;
    bool is_symlink = false;
  };
  std::vector<HeldBack> held_back_;
  std::int64_t held_back_pid_ = 0;
  std::vector<PendingRow> slots_;         ///< tag = index + 1
  std::vector<std::uint64_t> free_tags_;  ///< slots to reuse
  std::uint64_t pending_bytes_ = 0;
  std::uint64_t member_rows_ = 0;
  std::uint64_t verifier_issues_ = 0;
  std::uint64_t file_bytes_ = 0;
  Clock::time_point last_progress_ = Clock::now();
};

void Import::add_issue(const std::string& path, const std::string& msg) {
  sink_->issue(path, 0, {}, msg);
  ++verifier_issues_;
}

void Import::write_member(std::string_view path, PendingRow& row, const ManifestLine* line, Verdict v) {
  const std::string_view verdict = verdict_name(v);
  const HexDigest hex(row.sha);
  if (row.flushed) {
    upd_member_->set("status", line ? db::v(line->status) : db::Value{})
        .set("reason", line ? db::v(line->reason) : db::Value{})
        .set("verify", verdict)
        .set("t0_ns", line ? db::v(line->t0) : db::Value{})
        .set("t1_ns", line ? db::v(line->t1) : db::Value{})
        .set("manifest", line ? db::v(line->raw) : db::Value{})
        .set("snapshot_id", sid_)
        .set("path", path);
    upd_member_->run();
    return;
  }
  ins_member_->set("snapshot_id", sid_)
      .set("path", path)
      .set("pid", row.pid)
      .set("tid", row.tid)
      .set("start_time", row.start_time)
      .set("kind", row.is_symlink ? "link" : "file")
      .set("status", line ? db::v(line->status) : db::Value{})
      .set("reason", line ? db::v(line->reason) : db::Value{})
      .set("size", static_cast<std::int64_t>(row.data.size()))
      .set("sha256", hex.view())
      .set("verify", verdict)
      .set("t0_ns", line ? db::v(line->t0) : db::Value{})
      .set("t1_ns", line ? db::v(line->t1) : db::Value{})
      .set("manifest", line ? db::v(line->raw) : db::Value{})
      .set("data", std::span<const std::byte>(row.data));
  ins_member_->run();
  ++member_rows_;
}

void Import::write_line_only(const ManifestLine& line, Verdict v) {
  const PathIds ids = ids_of(line.path);
  std::optional<std::int64_t> st = line.start_time;
  if (!st && ids.pid) {
    if (auto it = pids_.find(*ids.pid); it != pids_.end()) st = it->second.start_time;
  }
  ins_line_->set("snapshot_id", sid_)
      .set("path", line.path)
      .set("pid", ids.pid)
      .set("tid", ids.tid)
      .set("start_time", st)
      .set("kind", line.kind)
      .set("status", line.status)
      .set("reason", line.reason)
      .set("verify", verdict_name(v))
      .set("t0_ns", line.t0)
      .set("t1_ns", line.t1)
      .set("manifest", line.raw);
  ins_line_->run();
  if (sqlite3_changes(c_.handle()) == 0) {
    add_issue(line.path, "manifest line for a path already recorded (e.g. a procsnap/ member): ignored");
  } else {
    ++member_rows_;
  }
}

void Import::flush_pending() {
  for (auto& row : slots_) {
    if (!row.live || row.flushed) continue;
    const HexDigest hex(row.sha);
    // No verdict or manifest fields yet: the line (or the end of the import) fills them in later (upd_member_).
    ins_member_->set("snapshot_id", sid_)
        .set("path", row.path)
        .set("pid", row.pid)
        .set("tid", row.tid)
        .set("start_time", row.start_time)
        .set("kind", row.is_symlink ? "link" : "file")
        .set("size", static_cast<std::int64_t>(row.data.size()))
        .set("sha256", hex.view())
        .set("data", std::span<const std::byte>(row.data));
    ins_member_->run();
    ++member_rows_;
    row.flushed = true;
    row.data.clear();
    row.data.shrink_to_fit();
  }
  pending_bytes_ = 0;
}

void Import::dispatch(const RawMember& m, const PathIds& ids) {
  // A pid's members are contiguous (FORMAT.md): a member of another pid, or of none, ends the held-back pid.
  if (!held_back_.empty() && ids.pid != held_back_pid_) release_held_back();
  PidState* ps = nullptr;
  std::string process_path;
  Route route = Route::as_is;
  if (ids.pid) {
    ps = &pids_[*ids.pid];
    const std::string_view p = m.path;
    const bool own_stat = !ids.tid && p.ends_with("/stat") && p.size() == p.find('/', 5) + 5;
    const bool leader_task_stat = ids.tid && *ids.tid == *ids.pid && p.ends_with("/stat") && !ps->start_time;
    if (m.cls == MemberClass::proc_pid && (own_stat || leader_task_stat) && !m.is_symlink) {
      const auto parsed = procfs::parse_proc_stat(as_text(m.bytes)).value;
      const auto st = parsed.start_time;
      if (st && *st <= static_cast<std::uint64_t>(INT64_MAX)) ps->start_time = static_cast<std::int64_t>(*st);
      if (own_stat) ps->leader_zombie = parsed.state == 'Z';
    }
    if (m.is_symlink && !ids.tid && p.ends_with("/ns/net")) {
      // Its diagnostics are the proc_namespaces handler's to report; here only the inode matters.
      ps->netns = procfs::parse_ns_link("net", as_text(m.bytes)).value.inode;
    }
    if (ps->leader_zombie && m.cls == MemberClass::proc_pid) {
      route = route_process_view(m, ids, *ps, process_path);
    }
  }
  switch (route) {
    case Route::as_is:
      run_handlers(m.path, m.path, m.bytes, m.is_symlink, ids, ps);
      break;
    case Route::as_process:
      run_handlers(m.path, process_path, m.bytes, m.is_symlink, PathIds{ids.pid, std::nullopt}, ps);
      break;
    case Route::held_back:
    case Route::unused:
      break;
  }
}

Import::Route Import::route_process_view(const RawMember& m, const PathIds& ids, PidState& ps,
                                         std::string& process_path) {
  const std::string_view p = m.path;
  const std::string pid_prefix = fmt::format("proc/{}/", *ids.pid);
  std::string_view rest = p.substr(pid_prefix.size());
  if (ids.tid) {
    const std::string task_prefix = fmt::format("task/{}/", *ids.tid);
    if (!rest.starts_with(task_prefix)) return Route::as_is;
    rest.remove_prefix(task_prefix.size());
  }
  if (!is_process_view_name(rest)) return Route::as_is;
  const std::string name(rest);
  const auto it = ps.view_files.find(name);
  if (!ids.tid) {
    // The leader's own file.
    if (it != ps.view_files.end() && it->second == ViewFile::task_used) {
      add_issue(m.path, fmt::format("not used: comes after task {}'s copy of {}, which stands for it (the format "
                                    "puts the leader's files first)", ps.view_tid.value_or(0), name));
      return Route::unused;
    }
    if (m.bytes.empty()) {
      ps.view_files[name] = ViewFile::leader_waiting;
      held_back_pid_ = *ids.pid;
      held_back_.push_back(HeldBack{m.path, name, m.is_symlink});
      return Route::held_back;
    }
    ps.view_files[name] = ViewFile::leader_used;
    return Route::as_is;
  }
  // A task's copy.
  if (*ids.tid == *ids.pid) {
    add_issue(m.path, "not used as the process's file: the leader's own task directory (the format stores a zombie "
                      "leader's process-wide files under the first live non-leader thread)");
    return Route::unused;
  }
  if (!ps.view_tid) ps.view_tid = *ids.tid;
  if (*ps.view_tid != *ids.tid) {
    add_issue(m.path, fmt::format("not used as the process's file: task {} already stands for the zombie leader "
                                  "(the format stores these files for one task only)", *ps.view_tid));
    return Route::unused;
  }
  if (it != ps.view_files.end() && it->second != ViewFile::leader_waiting) {
    add_issue(m.path, fmt::format("not used as the process's file: {}{} has content and is used", pid_prefix, name));
    return Route::unused;
  }
  ps.view_files[name] = ViewFile::task_used;
  process_path = pid_prefix + name;
  return Route::as_process;
}

void Import::release_held_back() {
  std::vector<HeldBack> held;
  held.swap(held_back_);
  const auto pit = pids_.find(held_back_pid_);
  for (const auto& h : held) {
    if (pit == pids_.end()) break;
    ViewFile& state = pit->second.view_files[h.name];
    if (state != ViewFile::leader_waiting) continue;  // a task copy came: it stands for this file
    state = ViewFile::leader_used;
    run_handlers(h.path, h.path, {}, h.is_symlink, PathIds{held_back_pid_, std::nullopt}, &pit->second);
  }
}

void Import::run_handlers(std::string_view path, std::string_view match_path, std::span<const std::byte> bytes,
                          bool is_symlink, const PathIds& ids, const PidState* ps) {
  Member member;
  member.path = match_path;
  member.bytes = bytes;
  member.is_symlink = is_symlink;
  member.snapshot_id = sid_;
  if (ps) member.start_time = ps->start_time;
  if (match_path.starts_with("proc/net/")) {
    member.netns = header_->netns;
  } else if (ps && !ids.tid && match_path.find("/net/") != std::string_view::npos) {
    member.netns = ps->netns;
  }
  RenamingSink renamed(*sink_, match_path, path);
  TableSink& sink = match_path == path ? static_cast<TableSink&>(*sink_) : renamed;
  dispatcher_.for_each_match(match_path, member, [&](const Handler& h) {
    try {
      h.fn(member, sink);
    } catch (const db::Error& e) {
      if (is_environment_error(e.code())) throw;
      add_issue(std::string(path), fmt::format("handler for {} failed (a procsnap bug): {}", h.pattern, e.what()));
    } catch (const std::exception& e) {
      add_issue(std::string(path), fmt::format("handler for {} failed (a procsnap bug): {}", h.pattern, e.what()));
    }
  });
}

std::uint64_t Import::hold(RawMember& m, const PathIds& ids) {
  std::uint64_t tag = 0;
  if (!free_tags_.empty()) {
    tag = free_tags_.back();
    free_tags_.pop_back();
  } else {
    slots_.emplace_back();
    tag = slots_.size();
  }
  PendingRow& row = slots_[tag - 1];
  row.path.assign(m.path);
  row.pid = ids.pid;
  row.tid = ids.tid;
  row.start_time.reset();
  if (ids.pid) {
    if (auto it = pids_.find(*ids.pid); it != pids_.end()) row.start_time = it->second.start_time;
  }
  row.is_symlink = m.is_symlink;
  row.live = true;
  row.flushed = false;
  row.sha = m.sha256;
  pending_bytes_ += m.bytes.size();
  // Swap buffers: the row takes the member's bytes, the reader refills the row's old (empty) buffer.
  row.data.clear();
  std::swap(row.data, m.bytes);
  return tag;
}

void Import::maybe_flush() {
  if (pending_bytes_ > opt_.pending_budget_bytes) {
    flush_pending();
  }
}

void Import::release(std::uint64_t tag) {
  PendingRow& row = slots_[tag - 1];
  pending_bytes_ -= std::min<std::uint64_t>(pending_bytes_, row.data.size());
  row.live = false;
  row.data.clear();
  if (row.data.capacity() > (1u << 20)) {
    std::vector<std::byte>().swap(row.data);  // do not keep big buffers around in idle slots
  }
  free_tags_.push_back(tag);
}

void Import::maybe_progress(const ArchiveReader& r, bool force) {
  if (!opt_.progress) return;
  const auto now = Clock::now();
  if (!force && now - last_progress_ < std::chrono::milliseconds(100)) return;
  last_progress_ = now;
  opt_.progress(ImportProgress{r.members_read(), r.compressed_bytes(), file_bytes_, sink_ ? sink_->rows() : 0});
}

std::optional<ImportResult> Import::already_imported(const std::string& sha) const {
  auto q = c_.prepare("SELECT id FROM snapshots WHERE archive_sha256 = ?");
  q.bind_all(std::array<db::Value, 1>{db::v(sha)});
  if (!q.step()) return std::nullopt;
  ImportResult res;
  res.outcome = ImportOutcome::already_present;
  res.snapshot_id = q.column_int64(0);
  res.archive_sha256 = sha;
  res.message = fmt::format("already imported as snapshot {} (same archive SHA-256): nothing to do", res.snapshot_id);
  return res;
}

std::optional<ImportResult> Import::hash_before_import(const std::string& path, std::string& pre_sha) {
  if (path == "-") return std::nullopt;  // stdin: read once, hashed by the streaming pass
  // Hash first so a re-import is a cheap no-op; the streaming pass hashes again and must agree.
  struct stat sb{};
  if (::stat(path.c_str(), &sb) == 0) file_bytes_ = static_cast<std::uint64_t>(sb.st_size);
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    ImportResult res;
    res.message = fmt::format("cannot open {}: {}", path, std::strerror(errno));
    return res;
  }
  common::Sha256 h;
  std::vector<char> buf(1 << 20);
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) h.update(std::string_view(buf.data(), n));
  std::fclose(f);
  pre_sha = common::to_hex(h.finish());
  return already_imported(pre_sha);
}

ImportResult Import::refused(std::string why, Clock::time_point t_start) const {
  ImportResult res;
  res.outcome = ImportOutcome::refused;
  res.message = std::move(why);
  res.seconds = std::chrono::duration<double>(Clock::now() - t_start).count();
  return res;
}

std::optional<std::string> Import::read_members(ArchiveReader& reader, const std::string& pre_sha) {
  RawMember m;
  for (;;) {
    const ReadStatus s = reader.next(m);
    if (s == ReadStatus::refused) return reader.error();
    if (s == ReadStatus::damaged) {
      damage_ = reader.error();
      break;
    }
    if (s == ReadStatus::end) break;
    if (!header_) {
      if (auto why = start_with_header(m, pre_sha)) return why;
      continue;
    }
    // Unreachable: the reader refuses a duplicate header itself.
    if (m.cls == MemberClass::header) return std::string("second procsnap/header.json");
    take_member(m);
    maybe_progress(reader, false);
  }
  if (!header_) return damage_.empty() ? "archive has no procsnap/header.json" : damage_;
  return std::nullopt;
}

std::optional<std::string> Import::start_with_header(const RawMember& m, const std::string& pre_sha) {
  std::string why;
  header_ = header_of_first_member(m, why);
  if (!header_) return why;
  on_header(m, pre_sha.empty() ? "pending:" + common::to_hex(m.sha256) : pre_sha);
  verifier_.emplace(Verifier::Callbacks{
      [this](const ManifestLine& line, Verdict v, bool stored) {
        const std::uint64_t tag = stored ? verifier_->resolved_tag() : 0;
        if (tag != 0 && slots_[tag - 1].live) {
          write_member(line.path, slots_[tag - 1], &line, v);
          release(tag);
          return;
        }
        write_line_only(line, v);
      },
      [this](const std::string& p, Verdict v) {
        const std::uint64_t tag = verifier_->resolved_tag();
        if (tag == 0 || !slots_[tag - 1].live) return;
        write_member(p, slots_[tag - 1], nullptr, v);
        release(tag);
      },
      [this](const std::string& p, std::string msg) { add_issue(p, msg); }});
  verifier_->header();
  return std::nullopt;
}

void Import::take_member(RawMember& m) {
  switch (m.cls) {
    case MemberClass::manifest_chunk: {
      const std::uint64_t tag = hold(m, PathIds{});
      const PendingRow& row = slots_[tag - 1];
      verifier_->chunk(m.path, as_text(row.data), row.sha, tag);
      maybe_flush();
      break;
    }
    case MemberClass::trailer: {
      const std::string text(as_text(m.bytes));
      PendingRow row;
      row.sha = m.sha256;
      row.data = std::move(m.bytes);
      m.bytes = {};
      write_member(m.path, row, nullptr, Verdict::meta);
      verifier_->trailer(text);
      break;
    }
    default: {
      const PathIds ids = ids_of(m.path);
      dispatch(m, ids);
      if (ids.pid) pids_seen_.insert(*ids.pid);
      const std::uint64_t size = m.bytes.size();
      const std::uint64_t tag = hold(m, ids);
      verifier_->member(m.path, slots_[tag - 1].sha, size, tag);
      maybe_flush();
      break;
    }
  }
}

void Import::finish_members() {
  release_held_back();  // the last pid's members ended with the archive
  verifier_->finish();
  // Anything still held (cannot happen with a consistent verifier) is stored as unlisted.
  for (auto& row : slots_) {
    if (row.live) write_member(row.path, row, nullptr, Verdict::unlisted);
    row.live = false;
  }
  slots_.clear();
  if (!damage_.empty()) {
    add_issue("", "archive stream ended early: " + damage_);
  }
}

void Import::derive_tables() {
  (void)import_memory(c_, sid_, *sink_);
  (void)import_containers(c_, sid_, *sink_);
}

std::string Import::write_snapshot_totals(const ArchiveReader& reader, const std::string& sha) {
  const VerifyCounts& vc = verifier_->counts();
  std::string state(verifier_->state());
  if (state == "verified" && !damage_.empty()) state = "incomplete";
  const auto& tj = verifier_->trailer_json();
  std::optional<std::string> trailer_text;
  std::optional<std::string> finished_at;
  if (tj) {
    finished_at = tj->value_at("finished").string_at("iso8601");
    auto q = c_.prepare("SELECT CAST(data AS TEXT) FROM members WHERE snapshot_id = ? AND path = 'procsnap/trailer.json'");
    q.bind_all(std::array<db::Value, 1>{db::v(sid_)});
    if (q.step()) trailer_text = std::string(q.column_text(0));
  }
  const std::int64_t processes =
      vc.processes > 0 ? static_cast<std::int64_t>(vc.processes) : static_cast<std::int64_t>(pids_seen_.size());
  static constexpr std::array<std::string_view, 14> k_final_columns{
      "archive_sha256",     "state",           "members_total",
      "members_mismatched", "members_missing", "members_unlisted",
      "members_unverified", "manifest_lines",  "process_count",
      "container",          "archive_bytes",   "damage",
      "finished_at",        "trailer_json"};
  static constexpr std::array<std::string_view, 1> k_by_id{"id"};
  auto upd = RowStatement::update(c_, tables::snapshots, k_final_columns, k_by_id);
  upd.set("archive_sha256", sha)
      .set("state", state)
      .set("members_total", static_cast<std::int64_t>(reader.members_read()))
      .set("members_mismatched", static_cast<std::int64_t>(vc.mismatched))
      .set("members_missing", static_cast<std::int64_t>(vc.missing))
      .set("members_unlisted", static_cast<std::int64_t>(vc.unlisted))
      .set("members_unverified", static_cast<std::int64_t>(vc.unverified))
      .set("manifest_lines", static_cast<std::int64_t>(vc.lines))
      .set("process_count", processes)
      .set("container", reader.container())
      .set("archive_bytes", static_cast<std::int64_t>(reader.compressed_bytes()))
      .set("damage", damage_.empty() ? db::Value{} : db::v(damage_))
      .set("finished_at", finished_at)
      .set("trailer_json", trailer_text)
      .set("id", sid_);
  upd.run();
  return state;
}

ImportResult Import::run(const std::string& path) {
  const auto t_start = Clock::now();
  std::string pre_sha;
  if (auto done = hash_before_import(path, pre_sha)) return *done;

  db::Transaction txn(c_);  // every return before commit() rolls back
  ArchiveReader reader(path, opt_.limits);
  if (auto why = read_members(reader, pre_sha)) return refused(std::move(*why), t_start);
  finish_members();
  maybe_progress(reader, true);

  const std::string sha = reader.file_sha256();
  if (!pre_sha.empty() && sha != pre_sha) {
    throw db::Error(fmt::format("{} changed while it was being imported (SHA-256 differs between passes)", path),
                    SQLITE_ERROR);
  }
  if (pre_sha.empty()) {
    if (auto done = already_imported(sha)) return *done;  // stdin: known only now; rolls back this pass
  }
  derive_tables();
  std::string state = write_snapshot_totals(reader, sha);
  txn.commit();

  ImportResult res;
  res.outcome = ImportOutcome::imported;
  res.snapshot_id = sid_;
  res.archive_sha256 = sha;
  res.state = std::move(state);
  res.counts = verifier_->counts();
  res.members = reader.members_read();
  res.rows = sink_->rows();
  res.member_rows = member_rows_;
  res.issues = sink_->issues();
  res.uncompressed_bytes = reader.uncompressed_bytes();
  res.message = damage_;
  res.seconds = std::chrono::duration<double>(Clock::now() - t_start).count();
  return res;
}

/// snapshots.clk_tck: --clk-tck wins; else the header's when it is a whole number in 1..k_max_clk_tck; else
/// USER_HZ 100 (a relocated tree's header has none). A header value outside that range is not used (`issue` says so).
struct ClkTck {
  std::int64_t value = k_assumed_clk_tck;
  std::string_view source = "assumed";
  std::optional<std::string> issue;
};

ClkTck choose_clk_tck(const json::Value& header, std::optional<std::int64_t> option) {
  ClkTck out;
  const json::Value& header_tck = header.value_at("host").value_at("clk_tck");
  if (!header_tck.is_null()) {
    const auto n = header_tck.as_i64();
    if (n && *n >= 1 && *n <= k_max_clk_tck) {
      out.value = *n;
      out.source = "header";
    } else {
      out.issue = fmt::format("header host.clk_tck is not a whole number in 1..{}: not used{}", k_max_clk_tck,
                              option ? std::string() : fmt::format(", {} assumed", k_assumed_clk_tck));
    }
  }
  if (option) {
    out.value = *option;
    out.source = "option";
  }
  return out;
}

void Import::on_header(const RawMember& m, const std::string& sha_for_row) {
  const json::Value& h = header_->v;
  const json::Value& host = h.value_at("host");
  const json::Value& uname = host.value_at("uname");
  const json::Value& collector = h.value_at("collector");
  const json::Value& started = h.value_at("started");
  const json::Value& case_fields = h.value_at("case");
  const ClkTck clk_tck = choose_clk_tck(h, opt_.clk_tck);
  const std::string_view header_text = as_text(m.bytes);
  const std::string imported_at = db::now_iso8601();
  std::deque<std::optional<std::string>> texts;  // the header's strings, alive until the row is written
  const auto text = [&](std::optional<std::string> t) { return db::v(texts.emplace_back(std::move(t))); };
  auto ins = RowStatement::insert(c_, tables::snapshots);
  ins.set("archive_sha256", sha_for_row)
      .set("state", "incomplete")
      .set("format_version", h.i64_at("format_version"))
      .set("collector_name", text(collector.string_at("name")))
      .set("collector_version", text(collector.string_at("version")))
      .set("collector_sha256", text(collector.string_at("sha256")))
      .set("collector_argv", text(string_array_json(h.value_at("argv"))))
      .set("collector_uid", h.i64_at("uid"))
      .set("collector_cap_eff", text(h.string_at("cap_eff")))
      .set("proc_root", text(h.string_at("proc_root")))
      .set("hostname", text(host.string_at("hostname")))
      .set("machine_id", text(host.string_at("machine_id")))
      .set("boot_id", text(host.string_at("boot_id")))
      .set("kernel_release", text(uname.string_at("release")))
      .set("kernel_version", text(uname.string_at("version")))
      .set("arch", text(uname.string_at("machine")))
      .set("proc_version", text(host.string_at("proc_version")))
      .set("btime", host.i64_at("btime"))
      .set("clk_tck", clk_tck.value)
      .set("clk_tck_source", clk_tck.source)
      .set("page_size", host.i64_at("page_size"))
      .set("pid_max", host.i64_at("pid_max"))
      .set("captured_at", text(started.string_at("iso8601")))
      .set("captured_at_epoch_ns", started.i64_at("realtime_ns"))
      .set("captured_boottime_ns", started.i64_at("boottime_ns"))
      .set("case_id", text(case_fields.string_at("id")))
      .set("examiner", text(case_fields.string_at("examiner")))
      .set("note", text(case_fields.string_at("note")))
      .set("header_json", header_text)
      .set("imported_at", imported_at);
  ins.run();  // id unset: SQLite assigns it; archive_name, the counts and the trailer's fields come at the end
  sid_ = c_.last_insert_rowid();
  prepare_member_writes();
  if (clk_tck.issue) add_issue(m.path, *clk_tck.issue);
  PendingRow row;
  row.sha = m.sha256;
  row.data.assign(m.bytes.begin(), m.bytes.end());
  write_member(m.path, row, nullptr, Verdict::meta);
}

void Import::prepare_member_writes() {
  // An upsert: a hostile archive may store a member after a manifest line that said it was not stored (that
  // line's row exists already); the member's bytes and verdict then join the line's row instead of failing.
  ins_member_.emplace(
      RowStatement::insert(c_, tables::members,
                           "ON CONFLICT(snapshot_id, path) DO UPDATE SET kind = excluded.kind, size = excluded.size, "
                           "sha256 = excluded.sha256, verify = excluded.verify, data = excluded.data, "
                           "status = coalesce(excluded.status, status), reason = coalesce(excluded.reason, reason), "
                           "t0_ns = coalesce(excluded.t0_ns, t0_ns), t1_ns = coalesce(excluded.t1_ns, t1_ns), "
                           "manifest = coalesce(excluded.manifest, manifest)"));
  ins_line_.emplace(RowStatement::insert(c_, tables::members, {}, "INSERT OR IGNORE"));
  static constexpr std::array<std::string_view, 6> k_line_columns{"status", "reason", "verify",
                                                                  "t0_ns",  "t1_ns",  "manifest"};
  static constexpr std::array<std::string_view, 2> k_member_key{"snapshot_id", "path"};
  upd_member_.emplace(RowStatement::update(c_, tables::members, k_line_columns, k_member_key));
  sink_.emplace(c_, sid_);
}

}  // namespace

ImportResult import_archive(db::Connection& conn, const std::string& archive_path, const ImportOptions& options) {
  Import imp(conn, options);
  return imp.run(archive_path);
}

VerifyReport verify_archive(const std::string& archive_path, const Limits& limits, std::size_t max_findings) {
  VerifyReport rep;
  ArchiveReader reader(archive_path, limits);
  RawMember m;
  std::optional<Verifier> verifier;
  auto finding = [&](const std::string& p, std::string msg) {
    ++rep.findings_total;
    if (rep.findings.size() < max_findings) rep.findings.emplace_back(p, std::move(msg));
  };
  bool have_header = false;
  for (;;) {
    const ReadStatus s = reader.next(m);
    if (s == ReadStatus::refused) {
      rep.refused = true;
      rep.error = reader.error();
      return rep;
    }
    if (s == ReadStatus::damaged) {
      rep.error = reader.error();
      break;
    }
    if (s == ReadStatus::end) break;
    if (!have_header) {
      std::string why;
      const std::optional<Header> h = header_of_first_member(m, why);
      if (!h) {
        rep.refused = true;
        rep.error = why;
        return rep;
      }
      have_header = true;
      rep.hostname = h->v.value_at("host").string_at("hostname").value_or("");
      rep.captured_at = h->v.value_at("started").string_at("iso8601").value_or("");
      verifier.emplace(Verifier::Callbacks{[](const ManifestLine&, Verdict, bool) {},
                                           [](const std::string&, Verdict) {}, finding});
      verifier->header();
      continue;
    }
    switch (m.cls) {
      case MemberClass::manifest_chunk: verifier->chunk(m.path, as_text(m.bytes), m.sha256); break;
      case MemberClass::trailer: verifier->trailer(as_text(m.bytes)); break;
      default: verifier->member(m.path, m.sha256, m.bytes.size()); break;
    }
  }
  if (!have_header) {
    rep.refused = true;
    rep.error = rep.error.empty() ? "archive has no procsnap/header.json" : rep.error;
    return rep;
  }
  verifier->finish();
  if (!rep.error.empty()) finding("", "archive stream ended early: " + rep.error);
  rep.counts = verifier->counts();
  rep.state = verifier->state();
  if (rep.state == "verified" && !rep.error.empty()) rep.state = "incomplete";
  rep.container = reader.container();
  rep.archive_sha256 = reader.file_sha256();
  return rep;
}

}  // namespace procsnap::importer
