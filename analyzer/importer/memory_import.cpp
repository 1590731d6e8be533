#include "importer/memory_import.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "importer/layout.hpp"
#include "importer/own_tables.hpp"
#include "importer/table_row.hpp"
#include "procfs/proc_maps.hpp"
#include "procsnap/common/json.hpp"
#include "procsnap/common/sha256.hpp"

namespace procsnap::importer {

namespace json = common::json;

std::optional<std::uint64_t> parse_format_hex(std::string_view s) {
  if (s.empty() || s.size() > 16) return std::nullopt;
  std::uint64_t v = 0;
  for (const char c : s) {
    unsigned d = 0;
    if (c >= '0' && c <= '9') {
      d = static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      d = static_cast<unsigned>(c - 'a' + 10);
    } else {
      return std::nullopt;
    }
    v = (v << 4) | d;
  }
  return v;
}

bool is_elf_ident(const unsigned char* p) {
  return p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F' && (p[4] == 1 || p[4] == 2) &&
         (p[5] == 1 || p[5] == 2) && p[6] == 1;
}

void ElfScanner::feed(std::uint64_t addr, std::span<const std::byte> bytes) {
  if (found_ || bytes.empty()) return;
  constexpr std::size_t k_keep = k_elf_ident_bytes - 1;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  const bool joined = tail_len_ > 0 && tail_end_ == addr;
  std::array<unsigned char, 2 * k_keep> buf{};
  if (joined) {
    // Headers that start in the previous slice and end in this one.
    std::memcpy(buf.data(), tail_.data(), tail_len_);
    const std::size_t more = std::min(n, k_keep);
    std::memcpy(buf.data() + tail_len_, p, more);
    const std::size_t m = tail_len_ + more;
    for (std::size_t i = 0; i < tail_len_ && i + k_elf_ident_bytes <= m; ++i) {
      if (is_elf_ident(buf.data() + i)) {
        found_ = tail_end_ - tail_len_ + i;
        return;
      }
    }
  }
  if (n >= k_elf_ident_bytes) {
    const unsigned char* const last = p + (n - k_elf_ident_bytes);  // last start with 7 bytes after it
    const unsigned char* q = p;
    while (q <= last) {
      q = static_cast<const unsigned char*>(std::memchr(q, 0x7f, static_cast<std::size_t>(last - q) + 1));
      if (q == nullptr) break;
      if (is_elf_ident(q)) {
        found_ = addr + static_cast<std::uint64_t>(q - p);
        return;
      }
      ++q;
    }
  }
  // Keep the last bytes: a header starting there is completed by the next abutting slice.
  if (n >= k_keep) {
    std::memcpy(tail_.data(), p + n - k_keep, k_keep);
    tail_len_ = k_keep;
  } else {
    std::size_t m = 0;
    if (joined) {
      std::memcpy(buf.data(), tail_.data(), tail_len_);
      m = tail_len_;
    }
    std::memcpy(buf.data() + m, p, n);
    m += n;
    const std::size_t k = std::min(m, k_keep);
    std::memcpy(tail_.data(), buf.data() + m - k, k);
    tail_len_ = k;
  }
  tail_end_ = addr + n;
}

namespace {

constexpr std::size_t k_slice_bytes = 1u << 20;  ///< bytes read from one blob at a time

/// import_issues through the sink, at most k_max_memory_issues per archive.
class Issues {
 public:
  explicit Issues(TableSink& s) : sink_(s) {}
  void add(std::string_view path, std::string_view message, std::string_view excerpt = {}) {
    if (count_++ < k_max_memory_issues) sink_.issue(path, 0, excerpt, message);
  }
  void finish() {
    if (count_ > k_max_memory_issues) {
      sink_.issue("", 0, {},
                  fmt::format("{} further memory import issues not recorded (at most {} per archive)",
                              count_ - k_max_memory_issues, k_max_memory_issues));
    }
  }

 private:
  TableSink& sink_;
  std::uint64_t count_ = 0;
};

struct BlobCloser {
  void operator()(sqlite3_blob* b) const { sqlite3_blob_close(b); }
};

/// Calls f(offset, slice) for the first `limit` bytes of members.data of row `rowid`, 1 MiB at a time.
template <class F>
void stream_member(db::Connection& c, std::int64_t rowid, std::uint64_t limit, std::vector<std::byte>& buf, F&& f) {
  sqlite3_blob* raw = nullptr;
  const int rc = sqlite3_blob_open(c.handle(), "main", "members", "data", rowid, 0, &raw);
  const std::unique_ptr<sqlite3_blob, BlobCloser> blob(raw);
  if (rc != SQLITE_OK) {
    throw db::Error(fmt::format("cannot read member bytes (members rowid {}): {}", rowid, c.errmsg()), rc);
  }
  const auto total = static_cast<std::uint64_t>(sqlite3_blob_bytes(raw));
  const std::uint64_t want = std::min(total, limit);
  for (std::uint64_t off = 0; off < want;) {
    const std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(k_slice_bytes, want - off));
    buf.resize(k);
    const int rrc = sqlite3_blob_read(raw, buf.data(), static_cast<int>(k), static_cast<int>(off));
    if (rrc != SQLITE_OK) {
      throw db::Error(fmt::format("cannot read member bytes (members rowid {}): {}", rowid, c.errmsg()), rrc);
    }
    f(off, std::span<const std::byte>(buf.data(), k));
    off += k;
  }
}

std::vector<std::string_view> split_path(std::string_view p) {
  std::vector<std::string_view> out;
  std::size_t b = 0;
  for (;;) {
    const std::size_t e = p.find('/', b);
    out.push_back(p.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return out;
}

/// "<start>-<end>" with both parts in the format's hex.
std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_range_name(std::string_view s) {
  const std::size_t dash = s.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const auto a = parse_format_hex(s.substr(0, dash));
  const auto b = parse_format_hex(s.substr(dash + 1));
  if (!a || !b) return std::nullopt;
  return std::make_pair(*a, *b);
}

bool valid_perms(std::string_view p) {
  return p.size() == 4 && (p[0] == 'r' || p[0] == '-') && (p[1] == 'w' || p[1] == '-') &&
         (p[2] == 'x' || p[2] == '-') && (p[3] == 'p' || p[3] == 's');
}

/// Backing kinds that are not a regular file existing on disk: an ELF image in executable memory of these kinds
/// was put there at run time (injected, reflectively loaded, or loaded from a deleted file or memfd). [vdso] and
/// other kernel pseudo-mappings are excluded (the vDSO is an ELF image by design), as are regular files (a mapped
/// library starts with its ELF header) and 'other' (a relative path the kernel never writes).
bool not_a_regular_file(procfs::MapPathKind k) {
  using K = procfs::MapPathKind;
  switch (k) {
    case K::anon:
    case K::anon_named:
    case K::anon_shmem:
    case K::anon_inode:
    case K::heap:
    case K::stack:
    case K::stack_tid:
    case K::memfd:
    case K::deleted:
    case K::sysv_shm:
    case K::dev_zero:
      return true;
    default:
      return false;
  }
}

void write_json(json::Writer& w, const json::Value& v) {
  if (const auto* a = v.as_array()) {
    w.begin_array();
    for (const auto& e : *a) write_json(w, e);
    w.end_array();
  } else if (const auto* o = v.as_object()) {
    w.begin_object();
    for (const auto& [k, x] : *o) {
      w.key(k);
      write_json(w, x);
    }
    w.end_object();
  } else if (const auto* s = v.as_string()) {
    w.value(*s);
  } else if (const auto b = v.as_bool()) {
    w.value(*b);
  } else if (const auto i = v.as_i64()) {
    w.value(*i);
  } else if (const auto u = v.as_u64()) {
    w.value(*u);
  } else if (const auto d = v.as_double()) {
    w.value(*d);
  } else {
    w.null();
  }
}

std::string excerpt_of(const json::Value& v) {
  json::Writer w;
  write_json(w, v);
  std::string s = w.take();
  if (s.size() > 200) s.resize(200);
  return s;
}

using Range = std::pair<std::uint64_t, std::uint64_t>;

/// Abutting ranges joined: [a,b) [b,c) -> [a,c). Input sorted and non-overlapping.
std::vector<Range> coalesce(const std::vector<Range>& in) {
  std::vector<Range> out;
  for (const auto& r : in) {
    if (!out.empty() && out.back().second == r.first) {
      out.back().second = r.second;
    } else {
      out.push_back(r);
    }
  }
  return out;
}

struct Piece {
  std::int64_t rowid = 0;
  std::string path;
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::optional<std::uint64_t> stored;  ///< bytes stored (nullopt: a manifest line whose member never came)
  std::string verify;
  bool excluded = false;  ///< left out of memory_chunks (overlap)
  std::optional<std::uint64_t> region_start;
};

struct RegionRef {
  std::int64_t rowid = 0;
  std::string path;
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::string start_hex;
  std::string end_hex;
};

/// A mem/<pid>/frames/<start>-<end> member.
struct FramesRef {
  std::int64_t rowid = 0;
  std::string path;
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::optional<std::uint64_t> stored;  ///< member size; nullopt when only the line came
};

struct PidData {
  std::vector<Piece> pieces;
  std::vector<RegionRef> regions;
  std::vector<FramesRef> frames;
};

/// What a list of [["<s>","<e>",...], ...] entries says, checked against the region.
struct RangeList {
  bool present = false;  ///< the key exists and is not null
  bool ok = true;        ///< every checked entry is valid, sorted and inside the region
  std::vector<Range> ranges;
  std::uint64_t bytes = 0;
  std::optional<std::string> json;  ///< the array as given (re-serialized)
};

RangeList check_ranges(const json::Value* v, std::string_view key, const RegionRef& r, Issues& issues) {
  RangeList out;
  if (v == nullptr || v->is_null()) return out;
  out.present = true;
  {
    json::Writer w;
    write_json(w, *v);
    out.json = w.take();
  }
  const json::Array* arr = v->as_array();
  if (arr == nullptr) {
    out.ok = false;
    issues.add(r.path, fmt::format("region line: '{}' is not an array", key), excerpt_of(*v));
    return out;
  }
  if (arr->size() > k_max_region_ranges) {
    out.ok = false;
    issues.add(r.path, fmt::format("region line: '{}' has {} entries; only the first {} are checked", key, arr->size(),
                                   k_max_region_ranges));
  }
  const std::size_t n = std::min(arr->size(), k_max_region_ranges);
  out.ranges.reserve(n);
  std::uint64_t prev_end = r.start;
  for (std::size_t i = 0; i < n; ++i) {
    const json::Value& e = (*arr)[i];
    const json::Array* pair = e.as_array();
    std::optional<std::uint64_t> s;
    std::optional<std::uint64_t> t;
    if (pair != nullptr && pair->size() >= 2 && (*pair)[0].as_string() && (*pair)[1].as_string()) {
      s = parse_format_hex(*(*pair)[0].as_string());
      t = parse_format_hex(*(*pair)[1].as_string());
    }
    const char* what = nullptr;
    if (!s || !t) {
      what = "is not a pair of hex addresses (1-16 lower-case digits)";
    } else if (*t <= *s) {
      what = "ends at or before its start";
    } else if (*s < r.start || *t > r.end) {
      what = "lies outside the region";
    } else if (*s < prev_end) {
      what = "overlaps or precedes the entry before it (entries must be sorted and disjoint)";
    }
    if (what != nullptr) {
      out.ok = false;
      issues.add(r.path, fmt::format("region line: {}[{}] {}", key, i, what), excerpt_of(e));
      break;  // one finding per list: the rest is not trusted either
    }
    out.ranges.emplace_back(*s, *t);
    out.bytes += *t - *s;
    prev_end = *t;
  }
  return out;
}

class MemoryPass {
 public:
  MemoryPass(db::Connection& c, std::int64_t sid, TableSink& sink) : c_(c), sid_(sid), sink_(sink), issues_(sink) {}

  MemoryImportCounts run() {
    load_mem_rows();
    for (auto& [pid, d] : pids_) {
      check_pieces(d);
      check_regions(d);
      for (const auto& r : d.regions) import_region(pid, r, d.pieces);
      write_chunks(pid, d.pieces);
      for (const auto& f : d.frames) import_frames(pid, f, d.regions);
    }
    import_executables();
    issues_.finish();
    return counts_;
  }

 private:
  std::optional<std::int64_t> start_time_of(std::int64_t pid) {
    auto it = start_times_.find(pid);
    if (it != start_times_.end()) return it->second;
    // The stat member's starttime keys the pid's other rows (proc_maps, ...); the process line is the fallback.
    if (!start_time_q_) {
      start_time_q_.emplace(
          c_.prepare("SELECT coalesce((SELECT start_time FROM members WHERE snapshot_id = ?1 AND path = ?2), "
                     "(SELECT start_time FROM members WHERE snapshot_id = ?1 AND path = ?3))"));
    }
    db::Statement& q = *start_time_q_;
    const std::string stat = fmt::format("proc/{}/stat", pid);
    const std::string line = fmt::format("proc/{}", pid);
    q.bind_all(std::array<db::Value, 3>{db::v(sid_), db::v(stat), db::v(line)});
    std::optional<std::int64_t> st;
    if (q.step()) st = q.column_opt_int64(0);
    q.reset();
    start_times_.emplace(pid, st);
    return st;
  }

  /// A members row under mem/.
  struct MemRow {
    std::int64_t rowid = 0;
    std::string path;
    std::optional<std::int64_t> pid;
    std::string kind;
    std::string verify;
    std::optional<std::int64_t> size;
    std::optional<std::string> manifest;
  };

  void load_mem_rows() {
    // Range on the primary key (snapshot_id, path): every row under mem/ ('0' follows '/').
    auto q = c_.prepare(
        "SELECT rowid, path, pid, kind, verify, size, manifest FROM members "
        "WHERE snapshot_id = ? AND path >= 'mem/' AND path < 'mem0'");
    q.bind_all(std::array<db::Value, 1>{db::v(sid_)});
    while (q.step()) {
      add_mem_row(MemRow{q.column_int64(0), std::string(q.column_text(1)), q.column_opt_int64(2),
                         std::string(q.column_text(3)), std::string(q.column_text(4)), q.column_opt_int64(5),
                         q.column_opt_text(6)});
    }
  }

  /// One row under mem/, by its place in the layout: a region line, a frames member or a memory piece.
  void add_mem_row(const MemRow& row) {
    const auto comps = split_path(row.path);
    const bool in_layout = row.pid && comps.size() >= 3 && is_format_id(comps[1]);
    if (in_layout && comps.size() == 3 && comps[2] == "regions") {
      return;  // the pid's maps could not be read: the line (in members) says why; no region to list
    }
    if (in_layout && comps.size() == 4 && comps[2] == "regions") {
      add_region_line(row.rowid, row.path, *row.pid, row.kind, comps[3]);
    } else if (in_layout && comps.size() == 4 && comps[2] == "frames") {
      add_frames_member(row, comps[3]);
    } else if (in_layout && comps.size() == 3) {
      add_piece(row, comps[2]);
    } else {
      issues_.add(row.path,
                  "manifest line under mem/ outside the layout (mem/<pid>/<start>-<end> or "
                  "mem/<pid>/regions/<start>-<end>)");
    }
  }

  /// mem/<pid>/frames/<range>.
  void add_frames_member(const MemRow& row, std::string_view name) {
    const auto range = parse_range_name(name);
    if (!range || range->second <= range->first || row.kind == "link") {
      issues_.add(row.path, "frames member is not a regular member named <start>-<end> in lower-case hex: ignored");
      return;
    }
    pids_[*row.pid].frames.push_back(FramesRef{.rowid = row.rowid,
                                               .path = row.path,
                                               .start = range->first,
                                               .end = range->second,
                                               .stored = row.size ? std::optional<std::uint64_t>(*row.size)
                                                                  : std::nullopt});
  }

  /// mem/<pid>/<range>: a stored piece of a region (or the line of one that never came).
  void add_piece(const MemRow& row, std::string_view name) {
    const auto range = parse_range_name(name);
    if (!range) {
      issues_.add(row.path, "memory piece name is not <start>-<end> in lower-case hex (1-16 digits)");
      return;
    }
    if (range->second <= range->first) {
      issues_.add(row.path, "memory piece name ends at or before its start: not listed in memory_chunks");
      return;
    }
    if (row.kind == "link") {
      issues_.add(row.path, "memory piece stored as a symlink: not listed in memory_chunks");
      return;
    }
    if (row.manifest) {
      auto parsed = json::parse(*row.manifest, json::Limits{8, 1000});
      if (const auto* v = std::get_if<json::Value>(&parsed)) {
        const auto k = v->string_at("kind");
        if (k && *k != "mem") {
          issues_.add(row.path, fmt::format("memory piece listed with kind '{}' (expected 'mem')", k->substr(0, 100)));
        }
      }
    }
    Piece p;
    p.rowid = row.rowid;
    p.path = row.path;
    p.start = range->first;
    p.end = range->second;
    if (row.size) p.stored = static_cast<std::uint64_t>(*row.size);
    p.verify = row.verify;
    pids_[*row.pid].pieces.push_back(std::move(p));
  }

  void add_region_line(std::int64_t rowid, const std::string& path, std::int64_t pid, const std::string& kind,
                       std::string_view name) {
    if (kind != "mem-region") {
      issues_.add(path, fmt::format("line under mem/<pid>/regions/ has kind '{}' (expected 'mem-region'): ignored",
                                    kind.substr(0, 100)));
      return;
    }
    const auto range = parse_range_name(name);
    if (!range) {
      issues_.add(path,
                  "region line path is not mem/<pid>/regions/<start>-<end> in lower-case hex (1-16 digits): "
                  "ignored",
                  name);
      return;
    }
    if (range->second <= range->first) {
      issues_.add(path, "region line ends at or before its start: ignored", name);
      return;
    }
    const std::size_t dash = name.find('-');
    RegionRef r;
    r.rowid = rowid;
    r.path = path;
    r.start = range->first;
    r.end = range->second;
    r.start_hex = std::string(name.substr(0, dash));
    r.end_hex = std::string(name.substr(dash + 1));
    pids_[pid].regions.push_back(std::move(r));
  }

  void check_pieces(PidData& d) {
    std::sort(d.pieces.begin(), d.pieces.end(), [](const Piece& a, const Piece& b) {
      return a.start != b.start ? a.start < b.start : a.end != b.end ? a.end < b.end : a.path < b.path;
    });
    std::optional<std::uint64_t> prev_end;
    const Piece* prev = nullptr;
    for (auto& p : d.pieces) {
      if (prev_end && p.start < *prev_end) {
        p.excluded = true;
        issues_.add(p.path,
                    fmt::format("memory piece overlaps {} (same pid): not listed in memory_chunks", prev->path));
        continue;
      }
      prev_end = p.end;
      prev = &p;
    }
  }

  void check_regions(PidData& d) {
    std::sort(d.regions.begin(), d.regions.end(), [](const RegionRef& a, const RegionRef& b) {
      return a.start != b.start ? a.start < b.start : a.end != b.end ? a.end < b.end : a.path < b.path;
    });
    std::vector<RegionRef> kept;
    kept.reserve(d.regions.size());
    for (auto& r : d.regions) {
      if (!kept.empty() && r.start < kept.back().end) {
        issues_.add(r.path, fmt::format("region line {} {}: ignored (regions of a process never overlap)",
                                        r.start == kept.back().start ? "duplicates the region of" : "overlaps",
                                        kept.back().path));
        continue;
      }
      kept.push_back(std::move(r));
    }
    d.regions = std::move(kept);
  }

  /// A region line's "pagemap" counts (pagemap_cols).
  struct PagemapCols {
    std::optional<std::string> status;
    std::optional<std::uint64_t> pages, present, swapped, soft_dirty, exclusive, file_shared, unknown;
  };

  /// A region line's fields, as checked for the memory_regions row (bad values are issues and NULL).
  struct RegionLine {
    std::string status;
    std::optional<std::string> reason;
    std::optional<std::int64_t> t0, t1;
    std::optional<std::string> perms;
    std::optional<std::uint64_t> offset;
    std::optional<std::string> dev;
    std::optional<std::string> map_path;  ///< NULL for anonymous, as in proc_maps
    std::optional<std::string> path_kind;
    procfs::MapsEntry classified;         ///< map_path's kind
    std::optional<std::uint64_t> inode;
    std::optional<std::string> vmflags;
    std::optional<std::string> selection;
    std::optional<std::uint64_t> captured;  ///< the line's captured_bytes
    PagemapCols pagemap;
    RangeList ranges;
    RangeList holes;
  };

  /// What the region's stored pieces hold against what its line says.
  struct StoredPieces {
    bool verified = true;  ///< every piece verified, whole, and as the line lists them
    std::uint64_t bytes = 0;
  };

  /// SHA-256 and the first ELF header of the region's stored bytes.
  struct RegionContent {
    std::optional<std::string> sha256;
    std::optional<std::uint64_t> elf_offset;  ///< from the region's start
  };

  /// One memory_regions row: the region's line, its pieces checked against it, their bytes hashed and scanned.
  void import_region(std::int64_t pid, const RegionRef& r, std::vector<Piece>& pieces) {
    const std::optional<RegionLine> line = read_region_line(r);
    if (!line) return;
    const std::vector<Piece*> mine = pieces_of_region(r, pieces);
    const StoredPieces stored = check_stored_pieces(r, *line, mine);
    const RegionContent content = scan_region(r, mine);
    write_region_row(pid, r, *line, stored, content);
  }

  /// The region's manifest line (from its members row), parsed and checked; nullopt (with an issue) when it can't
  /// describe the region.
  std::optional<RegionLine> read_region_line(const RegionRef& r) {
    if (!line_q_)
      line_q_.emplace(c_.prepare("SELECT manifest, status, reason, t0_ns, t1_ns FROM members WHERE rowid = ?"));
    db::Statement& q = *line_q_;
    q.bind_all(std::array<db::Value, 1>{db::v(r.rowid)});
    if (!q.step()) {
      q.reset();
      return std::nullopt;
    }
    RegionLine out;
    const std::optional<std::string> manifest = q.column_opt_text(0);
    out.status = std::string(q.column_text(1));
    out.reason = q.column_opt_text(2);
    out.t0 = q.column_opt_int64(3);
    out.t1 = q.column_opt_int64(4);
    q.reset();
    if (!manifest) return std::nullopt;  // cannot happen: a line-only row always keeps its line
    // The verifier accepted this line with the same limits (verifier.cpp).
    auto parsed = json::parse(*manifest, json::Limits{8, 1u << 20});
    const auto* line = std::get_if<json::Value>(&parsed);
    if (line == nullptr || !line->is_object()) {
      issues_.add(r.path, "region line is not a JSON object: ignored");
      return std::nullopt;
    }
    for (const std::string_view key : {"start", "end"}) {
      const json::Value* f = line->find(key);
      if (f == nullptr) continue;
      const std::uint64_t want = key == "start" ? r.start : r.end;
      const auto got = f->as_string() ? parse_format_hex(*f->as_string()) : std::nullopt;
      if (!got || *got != want) {
        issues_.add(r.path, fmt::format("region line: '{}' disagrees with its path: ignored", key), excerpt_of(*f));
        return std::nullopt;
      }
    }
    if (out.status.empty()) {
      issues_.add(r.path, "region line without status (stored as 'unknown')");
      out.status = "unknown";
    }
    read_mapping_fields(*line, r, out);
    out.captured = line->u64_at("captured_bytes");
    out.pagemap = pagemap_cols(line->find("pagemap"), r);
    out.ranges = check_ranges(line->find("ranges"), "ranges", r, issues_);
    out.holes = check_ranges(line->find("holes"), "holes", r, issues_);
    if (out.ranges.ok && out.captured && *out.captured != out.ranges.bytes) {
      issues_.add(r.path, fmt::format("region line: captured_bytes {} differs from the sum of its ranges ({})",
                                      *out.captured, out.ranges.bytes));
    }
    return out;
  }

  /// The line's copy of the region's maps fields: perms, offset, dev, map_path (and its kind), inode, vmflags, and
  /// the selection that chose it.
  void read_mapping_fields(const json::Value& line, const RegionRef& r, RegionLine& out) {
    out.perms = line.string_at("perms");
    if (out.perms && !valid_perms(*out.perms)) {
      issues_.add(r.path, "region line: perms is not [r-][w-][x-][ps] (stored as NULL)", *out.perms);
      out.perms.reset();
    }
    if (const auto o = line.string_at("offset")) {
      out.offset = parse_format_hex(*o);
      if (!out.offset) issues_.add(r.path, "region line: offset is not lower-case hex (stored as NULL)", *o);
    }
    out.dev = line.string_at("dev");
    if (out.dev && out.dev->size() > 64) {
      issues_.add(r.path, "region line: dev longer than 64 bytes (stored as NULL)", *out.dev);
      out.dev.reset();
    }
    out.map_path = line.string_at("map_path");
    if (out.map_path) {
      procfs::classify_map_path(*out.map_path, out.classified);
      out.path_kind = std::string(procfs::map_path_kind_name(out.classified.kind));
      if (out.map_path->empty()) out.map_path.reset();  // anonymous: NULL as in proc_maps
    }
    out.inode = line.u64_at("inode");
    out.vmflags = line.string_at("vmflags");
    out.selection = line.string_at("select");
  }

  /// The region's pieces: those lying whole inside [start, end) (a straddling piece stays unattached).
  static std::vector<Piece*> pieces_of_region(const RegionRef& r, std::vector<Piece>& pieces) {
    std::vector<Piece*> mine;
    auto it = std::lower_bound(pieces.begin(), pieces.end(), r.start,
                               [](const Piece& p, std::uint64_t a) { return p.start < a; });
    for (; it != pieces.end() && it->start < r.end; ++it) {
      if (it->excluded || it->end > r.end) continue;
      it->region_start = r.start;
      mine.push_back(&*it);
    }
    return mine;
  }

  StoredPieces check_stored_pieces(const RegionRef& r, const RegionLine& line, const std::vector<Piece*>& mine) {
    StoredPieces out;
    std::vector<Range> stored_ranges;
    for (const Piece* p : mine) {
      if (p->verify != "ok") out.verified = false;
      if (!p->stored) continue;
      stored_ranges.emplace_back(p->start, p->end);
      out.bytes += *p->stored;
      if (*p->stored != p->end - p->start) {
        out.verified = false;
        issues_.add(p->path,
                    fmt::format("memory piece holds {} bytes but its name spans {}", *p->stored, p->end - p->start));
      }
    }
    if (line.captured && *line.captured != out.bytes) {
      out.verified = false;
      issues_.add(r.path, fmt::format("region line says {} bytes were captured, the archive stores {} for it",
                                      *line.captured, out.bytes));
    }
    if (line.ranges.ok && coalesce(line.ranges.ranges) != coalesce(stored_ranges)) {
      out.verified = false;
      issues_.add(r.path, fmt::format("region line's ranges ({} listed, {} bytes) disagree with the stored pieces "
                                      "({} pieces, {} bytes)",
                                      line.ranges.ranges.size(), line.ranges.bytes, stored_ranges.size(), out.bytes));
    }
    if (!line.ranges.ok) out.verified = false;
    return out;
  }

  /// The stored bytes in address order, one slice at a time.
  RegionContent scan_region(const RegionRef& r, const std::vector<Piece*>& mine) {
    common::Sha256 sha;
    ElfScanner elf;
    bool any = false;
    for (const Piece* p : mine) {
      if (!p->stored || *p->stored == 0) continue;
      any = true;
      stream_member(c_, p->rowid, *p->stored, buf_, [&](std::uint64_t off, std::span<const std::byte> slice) {
        sha.update(slice);
        elf.feed(p->start + off, slice);
      });
    }
    RegionContent out;
    if (any) out.sha256 = common::to_hex(sha.finish());
    if (elf.found()) out.elf_offset = *elf.found() - r.start;
    return out;
  }

  void write_region_row(std::int64_t pid, const RegionRef& r, const RegionLine& line, const StoredPieces& stored,
                        const RegionContent& content) {
    const bool exec = line.perms && (*line.perms)[2] == 'x';
    const bool elf_anon_exec =
        exec && line.path_kind && not_a_regular_file(line.classified.kind) && content.elf_offset.has_value();
    const PagemapCols& pm = line.pagemap;
    NamedRow& row = region_row_;
    row.set("snapshot_id", sid_)
        .set("pid", pid)
        .set("start_time", start_time_of(pid))
        .set("start_addr", r.start)
        .set("end_addr", r.end)
        .set("start_hex", r.start_hex)
        .set("end_hex", r.end_hex)
        .set("size", r.end - r.start)
        .set("perms", line.perms)
        .set("file_offset", line.offset)
        .set("dev", line.dev)
        .set("inode", line.inode)
        .set("path", line.map_path)
        .set("path_kind", line.path_kind)
        .set("vmflags", line.vmflags)
        .set("selection", line.selection)
        .set("status", line.status)
        .set("reason", line.reason)
        .set("captured_bytes", static_cast<std::int64_t>(stored.bytes))
        .set("ranges", line.ranges.json)
        .set("hole_count", static_cast<std::int64_t>(line.holes.ranges.size()))
        .set("hole_bytes", line.holes.present ? db::v(line.holes.bytes) : db::Value{})
        .set("holes", line.holes.json)
        .set("sha256", content.sha256)
        .set("verified", stored.verified)
        .set("elf_offset", content.elf_offset)
        .set("elf_in_anon_exec", elf_anon_exec)
        .set("t0_ns", line.t0)
        .set("t1_ns", line.t1)
        .set("pagemap_status", pm.status)
        .set("pages", pm.pages)
        .set("pages_present", pm.present)
        .set("pages_swapped", pm.swapped)
        .set("pages_soft_dirty", pm.soft_dirty)
        .set("pages_exclusive", pm.exclusive)
        .set("pages_file_shared", pm.file_shared)
        .set("pages_unknown", pm.unknown);
    write(row);
    ++counts_.regions;
    if (elf_anon_exec) ++counts_.elf_in_anon_exec;
  }

  /// memory_frames rows from one frames member: 16-byte records (address, frame id; little-endian), in address order,
  /// inside the region of the same name. Reading stops at the first record that breaks a rule (an issue says which).
  void import_frames(std::int64_t pid, const FramesRef& f, const std::vector<RegionRef>& regions) {
    if (!f.stored) return;  // the line only (its member never came): the verifier reported it
    const bool has_region = std::any_of(regions.begin(), regions.end(),
                                        [&](const RegionRef& r) { return r.start == f.start && r.end == f.end; });
    if (!has_region) {
      issues_.add(f.path, "frames member without a region line of the same range: not listed in memory_frames");
      return;
    }
    if (*f.stored % 16 != 0) {
      issues_.add(f.path, fmt::format("frames member of {} bytes is not whole 16-byte records: the last {} bytes are "
                                      "ignored",
                                      *f.stored, *f.stored % 16));
    }
    std::array<unsigned char, 16> rec{};
    std::size_t have = 0;
    std::optional<std::uint64_t> prev;
    bool stop = false;
    auto le = [](const unsigned char* p) {
      std::uint64_t v = 0;
      for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
      return v;
    };
    stream_member(c_, f.rowid, *f.stored - *f.stored % 16, buf_, [&](std::uint64_t, std::span<const std::byte> s) {
      for (const std::byte b : s) {
        if (stop) return;
        rec[have++] = static_cast<unsigned char>(b);
        if (have < rec.size()) continue;
        have = 0;
        const std::uint64_t addr = le(rec.data());
        const std::uint64_t id = le(rec.data() + 8);
        const char* what = nullptr;
        if (addr < f.start || addr >= f.end) {
          what = "lies outside its region";
        } else if (prev && addr <= *prev) {
          what = "is not after the record before it";
        } else if (id >> 63 != 0) {
          what = "has a frame id with the top bit set";
        }
        if (what != nullptr) {
          issues_.add(f.path, fmt::format("frames record at 0x{:x} {}: the rest of the member is ignored", addr, what));
          stop = true;
          return;
        }
        prev = addr;
        frame_row_.set("snapshot_id", sid_)
            .set("pid", pid)
            .set("region_start", f.start)
            .set("addr", addr)
            .set("frame_id", static_cast<std::int64_t>(id));
        write(frame_row_);
        ++counts_.frames;
      }
    });
  }

  /// The region line's "pagemap" object (null or absent: every column NULL). A count larger than the region's
  /// pages, or counts that contradict each other (more present, swapped, ... than entries read), are the
  /// collector's word against arithmetic: an issue, and the counts are stored as NULL.
  PagemapCols pagemap_cols(const json::Value* v, const RegionRef& r) {
    PagemapCols c;
    if (v == nullptr || v->is_null()) return c;
    if (!v->is_object()) {
      issues_.add(r.path, "region line: pagemap is not an object (stored as NULL)", excerpt_of(*v));
      return c;
    }
    c.status = v->string_at("status");
    if (c.status && c.status->size() > 64) {
      issues_.add(r.path, "region line: pagemap status longer than 64 bytes (stored as NULL)", *c.status);
      c.status.reset();
    }
    c.pages = v->u64_at("pages");
    c.present = v->u64_at("present");
    c.swapped = v->u64_at("swapped");
    c.soft_dirty = v->u64_at("soft_dirty");
    c.exclusive = v->u64_at("exclusive");
    c.file_shared = v->u64_at("file_shared");
    c.unknown = v->u64_at("unknown");
    const std::uint64_t region_pages = (r.end - r.start + 4095) / 4096;  // upper bound: pages are >= 4 KiB
    const std::uint64_t entries = c.pages.value_or(0);
    bool ok = entries <= region_pages && c.unknown.value_or(0) <= region_pages - entries;
    for (const auto& n : {c.present, c.swapped, c.soft_dirty, c.exclusive, c.file_shared}) {
      ok = ok && n.value_or(0) <= entries;
    }
    // A page is present or swapped, never both (pagemap.rst); exclusive is only ever set on present pages.
    ok = ok && c.present.value_or(0) + c.swapped.value_or(0) <= entries && c.exclusive.value_or(0) <= c.present.value_or(0);
    if (!ok) {
      issues_.add(r.path, "region line: pagemap counts exceed the region's pages or contradict each other (stored as NULL)",
                  excerpt_of(*v));
      const auto status = std::move(c.status);
      c = PagemapCols{};
      c.status = status;
    }
    return c;
  }

  void write_chunks(std::int64_t pid, const std::vector<Piece>& pieces) {
    // One issue per pid for its unattached pieces: an archive cut before its last manifest chunk loses the
    // region lines of every piece it still holds, which is one finding, not thousands.
    std::uint64_t orphans = 0;
    const Piece* first_orphan = nullptr;
    for (const auto& p : pieces) {
      if (p.excluded || !p.stored) continue;
      if (!p.region_start) {
        if (orphans++ == 0) first_orphan = &p;
      }
      chunk_row_.set("snapshot_id", sid_)
          .set("pid", pid)
          .set("region_start", p.region_start)
          .set("start_addr", p.start)
          .set("end_addr", p.end)
          .set("member_path", p.path)
          .set("verify", p.verify);
      write(chunk_row_);
      ++counts_.chunks;
    }
    if (first_orphan != nullptr) {
      issues_.add(first_orphan->path,
                  orphans == 1 ? std::string("memory piece lies inside no region line (listed in memory_chunks with "
                                             "region_start NULL)")
                               : fmt::format("this and {} more memory pieces of pid {} lie inside no region line "
                                             "(listed in memory_chunks with region_start NULL)",
                                             orphans - 1, pid));
    }
  }

  /// A members row under bin/.
  struct BinRow {
    std::int64_t rowid = 0;
    std::string path;
    std::optional<std::int64_t> pid;
    std::string kind;
    std::optional<std::string> status;
    std::optional<std::string> reason;
    std::string verify;
    std::optional<std::int64_t> size;
    std::optional<std::string> sha256;
    std::optional<std::string> manifest;
  };

  /// What an exe-copy / fd-copy manifest line says about the copy.
  struct CopyLine {
    std::optional<std::string> why;
    std::optional<std::string> link;
    std::optional<std::string> same_as;
    std::optional<std::uint64_t> file_size;
    std::optional<std::uint64_t> padded;
    bool padded_invalid = false;  ///< the line has a "padded" that is not a byte count
  };

  /// captured_executables (bin/<pid>/exe) and captured_fds (bin/<pid>/fd/<n>) from the rows under bin/.
  void import_executables() {
    for (const auto& row : bin_rows()) {
      const auto comps = split_path(row.path);
      const bool exe = comps.size() == 3 && comps[2] == "exe";
      const bool fd = comps.size() == 4 && comps[2] == "fd" && is_format_id(comps[3]);
      if (!row.pid || (!exe && !fd) || !is_format_id(comps[1])) {
        issues_.add(row.path, "manifest line under bin/ outside the layout (bin/<pid>/exe or bin/<pid>/fd/<n>)");
        continue;
      }
      const CopyLine line = read_copy_line(row, exe ? "exe-copy" : "fd-copy");
      const std::optional<bool> is_elf = elf_ident_of(row);
      // No manifest line: the member is unlisted (the verifier said so); the row still shows the bytes.
      const std::string status = row.status.value_or(row.manifest ? "unknown" : "unlisted");
      const bool stored = row.size.has_value();
      NamedRow& out = exe ? exe_row_ : fd_row_;
      out.set("snapshot_id", sid_)
          .set("pid", row.pid)
          .set("start_time", start_time_of(*row.pid))
          .set("member_path", row.path)
          .set(exe ? "exe_link" : "fd_link", line.link)
          .set("why", line.why)
          .set("status", status)
          .set("reason", row.reason)
          .set("file_size", line.file_size)
          .set("bytes", row.size)
          .set("padded", stored ? db::v(padded_of(row, line)) : db::Value{})
          .set("sha256", stored ? db::v(row.sha256) : db::Value{})
          .set("is_elf", is_elf)
          .set("verify", row.verify);
      if (fd) {
        out.set("fd", static_cast<std::int64_t>(std::stoll(std::string(comps[3])))).set("same_as", line.same_as);
      }
      write(out);
      ++(exe ? counts_.executables : counts_.fd_copies);
    }
  }

  std::vector<BinRow> bin_rows() {
    std::vector<BinRow> rows;
    auto q = c_.prepare(
        "SELECT rowid, path, pid, kind, status, reason, verify, size, sha256, manifest FROM members "
        "WHERE snapshot_id = ? AND path >= 'bin/' AND path < 'bin0'");
    q.bind_all(std::array<db::Value, 1>{db::v(sid_)});
    while (q.step()) {
      rows.push_back(BinRow{q.column_int64(0), std::string(q.column_text(1)), q.column_opt_int64(2),
                            std::string(q.column_text(3)), q.column_opt_text(4), q.column_opt_text(5),
                            std::string(q.column_text(6)), q.column_opt_int64(7), q.column_opt_text(8),
                            q.column_opt_text(9)});
    }
    return rows;
  }

  /// The copy's manifest line (absent fields: NULL); a kind other than `want_kind`, or a same_as that is not a
  /// member path, is an issue.
  CopyLine read_copy_line(const BinRow& row, std::string_view want_kind) {
    CopyLine out;
    if (row.manifest) {
      std::optional<std::string> line_kind;
      auto parsed = json::parse(*row.manifest, json::Limits{8, 1000});
      if (const auto* v = std::get_if<json::Value>(&parsed)) {
        line_kind = v->string_at("kind");
        out.why = v->string_at("why");
        out.link = v->string_at("link");
        out.same_as = v->string_at("same_as");
        out.file_size = v->u64_at("size");
        out.padded = v->u64_at("padded");
        if (!out.padded && v->find("padded") != nullptr) {
          issues_.add(row.path, "copy line: padded is not a byte count (taken as unknown: NULL)");
          out.padded_invalid = true;
        }
      }
      if (line_kind && *line_kind != want_kind) {
        issues_.add(row.path, fmt::format("{} listed with kind '{}' (expected '{}')", row.path,
                                          line_kind->substr(0, 100), want_kind));
      }
    }
    if (out.same_as && !check_member_path(*out.same_as).ok) {
      issues_.add(row.path, "fd-copy line: same_as is not a member path (stored as NULL)", *out.same_as);
      out.same_as.reset();
    }
    return out;
  }

  /// The zeros the collector appended to a stored copy (its line's `padded`; 0 when absent: only copies read in
  /// pieces are ever padded). A count above the member's size, or one that is not a count, is an issue and NULL.
  std::optional<std::int64_t> padded_of(const BinRow& row, const CopyLine& line) {
    if (line.padded_invalid) {
      return std::nullopt;
    }
    const std::uint64_t padded = line.padded.value_or(0);
    if (padded > static_cast<std::uint64_t>(*row.size)) {
      issues_.add(row.path, fmt::format("copy line: padded {} exceeds the {} bytes stored (stored as NULL)", padded,
                                        *row.size));
      return std::nullopt;
    }
    return static_cast<std::int64_t>(padded);
  }

  /// Whether the stored copy starts with an ELF identification (NULL when not stored; a copy stored as a symlink
  /// is an issue).
  std::optional<bool> elf_ident_of(const BinRow& row) {
    if (!row.size) return std::nullopt;
    if (row.kind == "link") {
      issues_.add(row.path, "file copy stored as a symlink (its bytes are a link target)");
      return std::nullopt;
    }
    std::array<unsigned char, k_elf_ident_bytes> head{};
    std::size_t got = 0;
    if (*row.size >= static_cast<std::int64_t>(k_elf_ident_bytes)) {
      stream_member(c_, row.rowid, k_elf_ident_bytes, buf_, [&](std::uint64_t, std::span<const std::byte> s) {
        const std::size_t k = std::min(s.size(), head.size() - got);
        std::memcpy(head.data() + got, s.data(), k);
        got += k;
      });
    }
    return got == k_elf_ident_bytes && is_elf_ident(head.data());
  }

  /// One row of a memory table through the sink (the row's column list is its declaration's), then cleared.
  void write(NamedRow& row) {
    sink_.insert(row.table(), row.names(), row.values());
    row.clear();
  }

  db::Connection& c_;
  std::int64_t sid_;
  TableSink& sink_;
  Issues issues_;
  // Reused for every row (and long-lived: the sink caches its statement by the column list's address).
  NamedRow region_row_{tables::memory_regions};
  NamedRow chunk_row_{tables::memory_chunks};
  NamedRow exe_row_{tables::captured_executables};
  NamedRow fd_row_{tables::captured_fds};
  NamedRow frame_row_{tables::memory_frames};
  std::map<std::int64_t, PidData> pids_;
  std::unordered_map<std::int64_t, std::optional<std::int64_t>> start_times_;
  std::vector<std::byte> buf_;
  std::optional<db::Statement> line_q_;
  std::optional<db::Statement> start_time_q_;
  MemoryImportCounts counts_;
};

}  // namespace

MemoryImportCounts import_memory(db::Connection& conn, std::int64_t snapshot_id, TableSink& sink) {
  MemoryPass pass(conn, snapshot_id, sink);
  return pass.run();
}

}  // namespace procsnap::importer
