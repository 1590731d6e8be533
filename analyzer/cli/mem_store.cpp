// The captured memory of a snapshot read out of the database, and what the `procsnap mem` subcommands share
// (mem_store.hpp).
#include "cli/mem_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <memory>
#include <set>
#include <tuple>

#include "db/snapshot_selector.hpp"

namespace procsnap::cli::mem {

void warn(std::string_view cmd, std::string_view msg) {
  fmt::print(stderr, "procsnap mem {}: warning: {}\n", cmd, msg);
}
void fail(std::string_view cmd, std::string_view msg) { fmt::print(stderr, "procsnap mem {}: {}\n", cmd, msg); }

// u64 columns (declared ANY): INTEGER, or exact decimal TEXT above 2^63-1 (db::U64's convention).
std::optional<std::uint64_t> column_u64(const db::Statement& st, int i) {
  if (st.column_type(i) == SQLITE_INTEGER) {
    const std::int64_t v = st.column_int64(i);
    if (v < 0) return std::nullopt;
    return static_cast<std::uint64_t>(v);
  }
  if (st.column_type(i) == SQLITE_TEXT) {
    const std::string_view t = st.column_text(i);
    std::uint64_t v = 0;
    const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v, 10);
    if (ec != std::errc() || p != t.data() + t.size() || t.empty()) return std::nullopt;
    return v;
  }
  return std::nullopt;
}

int run_grep_style(std::string_view cmd, const std::function<int()>& fn) {
  try {
    return fn();
  } catch (const std::exception& e) {
    fail(cmd, escape_terminal(e.what()));
    return k_grep_trouble;
  }
}

std::vector<Run> runs(const Plan& p, std::uint64_t lo, std::uint64_t hi) {
  std::vector<Run> out;
  for (const auto& piece : p.pieces) {
    const std::uint64_t s = std::max(piece.start, lo);
    const std::uint64_t e = std::min(piece.start + piece.stored, hi);
    if (s >= e) continue;
    if (!out.empty() && out.back().end == s) {
      out.back().end = e;
    } else {
      out.push_back(Run{s, e});
    }
  }
  return out;
}

std::string range_text(std::uint64_t s, std::uint64_t e) { return fmt::format("{:08x}-{:08x}", s, e); }

std::string region_label(const Region& r) {
  return fmt::format("{} {} {}", range_text(r.start, r.end), r.perms,
                     r.path && !r.path->empty() ? escape_terminal(*r.path) : std::string("(anonymous)"));
}


namespace {
struct BlobCloser {
  void operator()(sqlite3_blob* b) const { sqlite3_blob_close(b); }
};
}  // namespace

std::vector<Region> MemoryStore::regions() {
  auto st = conn_.prepare(
      "SELECT pid, start_addr, end_addr, perms, path, status, reason, sha256, holes, captured_bytes, "
      "start_time FROM memory_regions WHERE snapshot_id = ?");
  const std::array<db::Value, 1> args{snapshot_};
  st.bind_all(args);
  std::vector<Region> out;
  while (st.step()) {
    Region r;
    r.pid = st.column_int64(0);
    const auto s = column_u64(st, 1);
    const auto e = column_u64(st, 2);
    if (!s || !e || *e <= *s) {
      warn(cmd_, fmt::format("pid {}: ignoring a memory_regions row with an invalid address range", r.pid));
      continue;
    }
    r.start = *s;
    r.end = *e;
    r.perms = st.column_opt_text(3).value_or("");
    r.path = st.column_opt_text(4);
    r.status = st.column_opt_text(5).value_or("");
    r.reason = st.column_opt_text(6);
    r.sha256 = st.column_opt_text(7);
    r.holes = st.column_opt_text(8);
    r.captured_bytes = st.column_opt_int64(9).value_or(0);
    r.start_time = st.column_opt_int64(10);
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(),
            [](const Region& a, const Region& b) { return std::tie(a.pid, a.start) < std::tie(b.pid, b.start); });
  return out;
}

std::optional<std::string> MemoryStore::comm(std::int64_t pid) {
  if (const auto it = comm_.find(pid); it != comm_.end()) return it->second;
  auto st = conn_.prepare("SELECT comm FROM proc_stat WHERE snapshot_id = ? AND pid = ? LIMIT 1");
  const std::array<db::Value, 2> args{snapshot_, pid};
  st.bind_all(args);
  std::optional<std::string> c;
  if (st.step()) c = st.column_opt_text(0);
  comm_[pid] = c;
  return c;
}

bool MemoryStore::process_captured(std::int64_t pid) {
  auto st = conn_.prepare("SELECT 1 FROM members WHERE snapshot_id = ? AND pid = ? LIMIT 1");
  const std::array<db::Value, 2> args{snapshot_, pid};
  st.bind_all(args);
  return st.step();
}

Plan MemoryStore::plan(const Region& r) {
  auto st = conn_.prepare(
      "SELECT c.start_addr, c.end_addr, c.member_path, c.verify, m.rowid, typeof(m.data), length(m.data) "
      "FROM memory_chunks c LEFT JOIN members m ON m.snapshot_id = c.snapshot_id AND m.path = c.member_path "
      "WHERE c.snapshot_id = ? AND c.pid = ? AND c.region_start = ?");
  const std::array<db::Value, 3> args{snapshot_, r.pid, db::U64{r.start}};
  st.bind_all(args);
  struct Row {
    std::uint64_t start, end;
    std::string member;
    std::optional<std::string> verify;
    std::optional<std::int64_t> rowid;
    std::string type;
    std::int64_t length;
  };
  std::vector<Row> rows;
  while (st.step()) {
    const auto s = column_u64(st, 0);
    const auto e = column_u64(st, 1);
    const std::string member(st.column_text(2));
    if (!s || !e || *e <= *s) {
      warn(cmd_, fmt::format("ignoring piece {}: invalid address range", escape_terminal(member)));
      continue;
    }
    rows.push_back(Row{*s, *e, member, st.column_opt_text(3), st.column_opt_int64(4),
                       st.column_opt_text(5).value_or("null"), st.column_opt_int64(6).value_or(0)});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.start < b.start; });
  Plan p;
  std::uint64_t cursor = r.start;
  for (const auto& row : rows) {
    const std::string name = escape_terminal(row.member);
    if (row.start < r.start || row.end > r.end) {
      warn(cmd_, fmt::format("ignoring piece {}: {} lies outside its region {}", name, range_text(row.start, row.end),
                             range_text(r.start, r.end)));
      continue;
    }
    if (row.start < cursor) {
      warn(cmd_, fmt::format("ignoring piece {}: it overlaps the previous piece", name));
      continue;
    }
    if (!row.rowid || row.type != "blob") {
      warn(cmd_, fmt::format("piece {} has no stored bytes in members (treated as not captured)", name));
      continue;
    }
    if (row.verify && *row.verify != "ok") {
      warn(cmd_, fmt::format("piece {} failed verification at import ({}): its bytes may not be what the "
                             "collector read",
                             name, escape_terminal(*row.verify)));
    }
    const std::uint64_t size = row.end - row.start;
    auto stored = static_cast<std::uint64_t>(std::max<std::int64_t>(row.length, 0));
    if (stored != size) {
      warn(cmd_, fmt::format("piece {} holds {} bytes for a {}-byte range; using {}", name, stored, size,
                             std::min(stored, size)));
      stored = std::min(stored, size);
    }
    if (stored == 0) continue;
    if (row.start > cursor) p.gaps.push_back(Gap{cursor, row.start});
    p.pieces.push_back(Piece{row.start, stored, row.member, *row.rowid});
    p.bytes += stored;
    cursor = row.start + stored;
  }
  if (cursor < r.end) p.gaps.push_back(Gap{cursor, r.end});
  return p;
}

void MemoryStore::read_piece(const Piece& piece, std::uint64_t from, std::uint64_t to,
                             const std::function<bool(std::uint64_t, std::size_t, sqlite3_blob*)>& on_part) {
  sqlite3_blob* raw = nullptr;
  if (sqlite3_blob_open(conn_.handle(), "main", "members", "data", piece.rowid, 0, &raw) != SQLITE_OK) {
    const std::string msg = sqlite3_errmsg(conn_.handle());
    sqlite3_blob_close(raw);
    throw db::Error(fmt::format("cannot read piece {}: {}", escape_terminal(piece.member), msg), 0);
  }
  std::unique_ptr<sqlite3_blob, BlobCloser> blob(raw);
  for (std::uint64_t a = from; a < to;) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(k_slice, to - a));
    if (!on_part(a, n, blob.get())) return;
    a += n;
  }
}

void MemoryStore::blob_read(const Piece& piece, sqlite3_blob* blob, std::uint64_t at, std::size_t n, char* dst) {
  if (sqlite3_blob_read(blob, dst, static_cast<int>(n), static_cast<int>(at - piece.start)) != SQLITE_OK) {
    throw db::Error(
        fmt::format("cannot read piece {}: {}", escape_terminal(piece.member), sqlite3_errmsg(conn_.handle())), 0);
  }
}

void MemoryStore::stream(const Plan& p, std::uint64_t lo, std::uint64_t hi,
                         const std::function<bool(std::uint64_t, std::string_view)>& on_bytes) {
  std::string buf;
  bool go = true;
  for (const auto& piece : p.pieces) {
    const std::uint64_t pe = piece.start + piece.stored;
    if (pe <= lo || piece.start >= hi) continue;
    read_piece(piece, std::max(piece.start, lo), std::min(pe, hi), [&](std::uint64_t a, std::size_t n, sqlite3_blob* b) {
      buf.resize(n);
      blob_read(piece, b, a, n, buf.data());
      go = on_bytes(a, buf);
      return go;
    });
    if (!go) return;
  }
}

std::uint64_t MemoryStore::read(const Plan& p, std::uint64_t lo, std::span<char> out) {
  const std::uint64_t hi = lo + out.size();
  std::uint64_t done = 0;
  for (const auto& piece : p.pieces) {
    const std::uint64_t pe = piece.start + piece.stored;
    if (pe <= lo || piece.start >= hi) continue;
    read_piece(piece, std::max(piece.start, lo), std::min(pe, hi), [&](std::uint64_t a, std::size_t n, sqlite3_blob* b) {
      blob_read(piece, b, a, n, out.data() + (a - lo));
      done += n;
      return true;
    });
  }
  return done;
}

// ---- shared arguments -----------------------------------------------------------------------------------------

void add_out_format(CLI::App& cmd, OutFormat& f) {
  cmd.add_option_function<std::string>(
         "--format",
         [&f](const std::string& v) {
           f = v == "csv"      ? OutFormat::csv
               : v == "json"   ? OutFormat::json
               : v == "ndjson" ? OutFormat::ndjson
                               : OutFormat::text;
         },
         "text (default; escaped for terminals), csv, json or ndjson")
      ->check(CLI::IsMember({"text", "table", "csv", "json", "ndjson"}))
      ->option_text("FORMAT");
}

Format printer_format(OutFormat f) {
  switch (f) {
    case OutFormat::csv:
      return Format::csv;
    case OutFormat::json:
      return Format::json;
    case OutFormat::ndjson:
      return Format::ndjson;
    case OutFormat::text:
      break;
  }
  return Format::table;
}

Cell text_cell(std::string s) { return Cell{SQLITE_TEXT, std::move(s)}; }
Cell int_cell(std::int64_t v) { return Cell{SQLITE_INTEGER, std::to_string(v)}; }
Cell opt_cell(const std::optional<std::string>& s) { return s ? text_cell(*s) : Cell{}; }

std::optional<std::int64_t> resolve(db::Connection& conn, const std::string& selector, std::string_view cmd) {
  const auto r = db::resolve_snapshot(conn, selector);
  if (!r.id) {
    fail(cmd, escape_terminal(db::describe_failure(r)));
    return std::nullopt;
  }
  return r.id;
}

// The snapshot's regions for `pids` (all when empty); prints why and returns nullopt when there is nothing to
// look at (no memory captured, or a pid without regions).
std::optional<std::vector<Region>> pick_regions(MemoryStore& store, std::int64_t snapshot,
                                                const std::vector<std::int64_t>& pids, std::string_view cmd) {
  auto all = store.regions();
  if (all.empty()) {
    fail(cmd, fmt::format("snapshot {} has no memory regions: it was captured without --mem (procsnap-collect "
                          "--mem suspicious|heap|anon|all|EXPR)",
                          snapshot));
    return std::nullopt;
  }
  if (pids.empty()) return all;
  std::vector<Region> out;
  for (const auto pid : std::set<std::int64_t>(pids.begin(), pids.end())) {
    bool any = false;
    for (const auto& r : all) {
      if (r.pid == pid) {
        out.push_back(r);
        any = true;
      }
    }
    if (!any) {
      fail(cmd, store.process_captured(pid)
                    ? fmt::format("pid {} has no memory regions in snapshot {} (its memory was not selected: "
                                  "--mem, --mem-pids)",
                                  pid, snapshot)
                    : fmt::format("pid {} was not captured in snapshot {}", pid, snapshot));
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace procsnap::cli::mem
