#include "importer/verifier.hpp"

#include <fmt/format.h>

#include "procfs/numbers.hpp"

namespace procsnap::importer {

namespace json = common::json;

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::ok:
      return "ok";
    case Verdict::hash_mismatch:
      return "hash-mismatch";
    case Verdict::missing:
      return "missing";
    case Verdict::unlisted:
      return "unlisted";
    case Verdict::not_stored:
      return "not-stored";
    case Verdict::unverified:
      return "unverified";
    case Verdict::meta:
      return "meta";
  }
  return "?";
}

std::string_view Verifier::state() const {
  if (counts_.mismatched + counts_.missing + counts_.unlisted + counts_.bad_lines > 0) {
    return "hash-mismatch";
  }
  return trailer_seen_ ? "verified" : "incomplete";
}

void Verifier::count(Verdict v) {
  switch (v) {
    case Verdict::ok:
      ++counts_.ok;
      break;
    case Verdict::hash_mismatch:
      ++counts_.mismatched;
      break;
    case Verdict::missing:
      ++counts_.missing;
      break;
    case Verdict::unlisted:
      ++counts_.unlisted;
      break;
    case Verdict::unverified:
      ++counts_.unverified;
      break;
    case Verdict::not_stored:
    case Verdict::meta:
      break;
  }
}

void Verifier::member(const std::string& path, const common::Digest& sha, std::uint64_t size, std::uint64_t tag) {
  ++counts_.members;
  if (trailer_seen_) {
    cb_.on_issue(path, "member after trailer.json (the trailer must be last)");
    count(Verdict::unlisted);
    resolved_tag_ = tag;
    cb_.on_member(path, Verdict::unlisted);
    resolved_tag_ = 0;
    return;
  }
  // One lookup per member on the normal path (the path is new: its line comes in a later chunk).
  PathState& ps = state_of(path);
  if (ps.listed) {
    // Normally the line comes later (in the next chunk); a line that came first is resolved now.
    if (auto it = awaiting_.find(path); it != awaiting_.end()) {
      ManifestLine line = std::move(it->second);
      awaiting_.erase(it);
      cb_.on_issue(path, "member stored after the manifest chunk that lists it");
      if (!ps.pending) {
        ps.pending = true;
        ++pending_count_;
        ps.stored = Stored{sha, size, tag};
      }
      resolve_line(std::move(line), ps);
      return;
    }
    // Its line was already resolved as "not stored": the member contradicts the manifest.
    cb_.on_issue(path, "member stored after a manifest line that says it was not stored");
  }
  if (!ps.pending) {
    ps.pending = true;
    ++pending_count_;
    ps.stored = Stored{sha, size, tag};
  }
}

namespace {

// Lower-case hex of a digest compared with a manifest's hex text, without building a string.
bool digest_equals_hex(const common::Digest& d, std::string_view hex) {
  static constexpr char k_digits[] = "0123456789abcdef";
  if (hex.size() != d.size() * 2) return false;
  for (std::size_t i = 0; i < d.size(); ++i) {
    const auto b = static_cast<unsigned>(d[i]);
    if (hex[2 * i] != k_digits[b >> 4] || hex[2 * i + 1] != k_digits[b & 15]) return false;
  }
  return true;
}

// Fast path for the common manifest line: a flat JSON object of plain ASCII strings (no escapes), integers, null
// and booleans, as the collector writes it. Anything else (escapes, non-ASCII, nesting, odd numbers) returns
// false and the line goes through the full JSON reader, which gives the same result.

/// One value of a flat line: a string (without escapes), an integer's text, or null/true/false (both empty).
struct FlatValue {
  std::string_view str;
  std::string_view num;
  bool is_str = false;

  [[nodiscard]] std::optional<std::uint64_t> u64() const { return procfs::parse_u64(num); }
  [[nodiscard]] std::optional<std::int64_t> i64() const { return procfs::parse_i64(num); }
  [[nodiscard]] std::optional<std::string> opt_str() const {
    return is_str ? std::optional<std::string>(std::string(str)) : std::nullopt;
  }
};

/// Reads the text between a flat object's braces, left to right; each step is false where the line is not flat.
class FlatScanner {
 public:
  explicit FlatScanner(std::string_view t) : t_(t), end_(t.size() - 1) {}

  void ws() {
    while (i_ < end_ && (t_[i_] == ' ' || t_[i_] == '\t')) ++i_;
  }
  [[nodiscard]] bool at_end() const { return i_ == end_; }
  bool expect(char c) {
    if (i_ >= end_ || t_[i_] != c) return false;
    ++i_;
    return true;
  }
  bool string(std::string_view& out) {
    if (i_ >= end_ || t_[i_] != '"') return false;
    const std::size_t close = t_.find('"', i_ + 1);
    if (close == std::string_view::npos || close >= end_) return false;
    out = t_.substr(i_ + 1, close - i_ - 1);
    i_ = close + 1;
    return true;
  }
  bool value(FlatValue& v) {
    if (i_ < end_ && t_[i_] == '"') {
      v.is_str = true;
      return string(v.str);
    }
    if (i_ < end_ && (t_[i_] == '-' || (t_[i_] >= '0' && t_[i_] <= '9'))) return integer(v.num);
    if (t_.substr(i_, 4) == "null" || t_.substr(i_, 4) == "true") {
      i_ += 4;
      return true;
    }
    if (t_.substr(i_, 5) == "false") {
      i_ += 5;
      return true;
    }
    return false;  // nested object/array or garbage
  }

 private:
  bool integer(std::string_view& num) {
    const std::size_t b = i_;
    ++i_;
    while (i_ < end_ && t_[i_] >= '0' && t_[i_] <= '9') ++i_;
    num = t_.substr(b, i_ - b);
    if (i_ < end_ && (t_[i_] == '.' || t_[i_] == 'e' || t_[i_] == 'E')) return false;  // not an integer: full reader
    return !(num == "-" || (num.size() > 1 && num[0] == '0') || num.starts_with("-0"));
  }

  std::string_view t_;
  std::size_t i_ = 1;
  std::size_t end_;
};

/// Stores one field of a manifest line; other keys are ignored. The last duplicate wins, as in json::Value::find().
void set_line_field(std::string_view key, const FlatValue& v, ManifestLine& l, bool& have_path, bool& have_kind,
                    bool& saw_sha) {
  if (key == "path") {
    have_path = v.is_str;
    l.path.assign(v.str);
  } else if (key == "kind") {
    have_kind = v.is_str;
    l.kind.assign(v.str);
  } else if (key == "status") {
    l.status.assign(v.str);
  } else if (key == "reason") {
    l.reason = v.opt_str();
  } else if (key == "sha256") {
    saw_sha = v.is_str;
    if (v.is_str && l.sha256) {
      l.sha256->assign(v.str);  // reuse the buffer
    } else {
      l.sha256 = v.opt_str();
    }
  } else if (key == "bytes") {
    l.bytes = v.u64();
  } else if (key == "t0") {
    l.t0 = v.i64();
  } else if (key == "t1") {
    l.t1 = v.i64();
  } else if (key == "netns") {
    l.netns = v.u64();
  } else if (key == "start_time") {
    l.start_time = v.i64();
  }
}

bool parse_flat_line(std::string_view t, ManifestLine& l, bool& have_path, bool& have_kind, bool& saw_sha) {
  if (t.size() < 2 || t.front() != '{' || t.back() != '}') return false;
  for (const char c : t) {
    const auto b = static_cast<unsigned char>(c);
    if (b == '\\' || b >= 0x80 || b < 0x20) return false;
  }
  FlatScanner s(t);
  s.ws();
  if (s.at_end()) return true;
  for (;;) {
    std::string_view key;
    FlatValue value;
    s.ws();
    if (!s.string(key)) return false;
    s.ws();
    if (!s.expect(':')) return false;
    s.ws();
    if (!s.value(value)) return false;
    set_line_field(key, value, l, have_path, have_kind, saw_sha);
    s.ws();
    if (s.at_end()) return true;
    if (!s.expect(',')) return false;
  }
}

}  // namespace

Verifier::PathState& Verifier::state_of(std::string_view path) {
  return *paths_.find_or_insert(path, [this](std::string_view p) { return arena_.store(p); }).first;
}

std::optional<ManifestLine> Verifier::parse_line(std::string_view text, std::string& why) {
  ManifestLine l;
  if (!parse_line_into(text, l, why)) return std::nullopt;
  return l;
}

bool Verifier::parse_line_into(std::string_view text, ManifestLine& l, std::string& why) {
  {
    bool have_path = false;
    bool have_kind = false;
    bool saw_sha = false;
    // Fields the line may omit start absent (the object is reused from line to line).
    l.status.clear();
    l.reason.reset();
    l.bytes.reset();
    l.t0.reset();
    l.t1.reset();
    l.netns.reset();
    l.start_time.reset();
    if (parse_flat_line(text, l, have_path, have_kind, saw_sha)) {
      if (!saw_sha) l.sha256.reset();
      if (!have_path || !have_kind) {
        why = "manifest line without path or kind";
        return false;
      }
      if (l.sha256 &&
          (l.sha256->size() != 64 || l.sha256->find_first_not_of("0123456789abcdef") != std::string::npos)) {
        why = "manifest line with a malformed sha256";
        return false;
      }
      l.raw.assign(text);
      return true;
    }
  }
  // Region lines (kind mem-region) carry arrays of ranges and holes: a region read page by page around EIO can
  // list thousands. The cap still bounds one line's parse (about 40 bytes per value).
  auto parsed = json::parse(text, json::Limits{8, 1u << 20});
  if (const auto* err = std::get_if<json::ParseError>(&parsed)) {
    why = fmt::format("manifest line is not JSON: {} at offset {}", err->message, err->offset);
    return false;
  }
  const auto& v = std::get<json::Value>(parsed);
  auto path = v.string_at("path");
  auto kind = v.string_at("kind");
  if (!v.is_object() || !path || !kind) {
    why = "manifest line without path or kind";
    return false;
  }
  l.path = std::move(*path);
  l.kind = std::move(*kind);
  l.status = v.string_at("status").value_or("");
  l.reason = v.string_at("reason");
  l.bytes = v.u64_at("bytes");
  l.sha256 = v.string_at("sha256");
  l.t0 = v.i64_at("t0");
  l.t1 = v.i64_at("t1");
  l.netns = v.u64_at("netns");
  l.start_time = v.i64_at("start_time");
  l.raw = std::string(text);
  if (l.sha256 && (l.sha256->size() != 64 || l.sha256->find_first_not_of("0123456789abcdef") != std::string::npos)) {
    why = "manifest line with a malformed sha256";
    return false;
  }
  return true;
}

void Verifier::resolve_line(ManifestLine&& line, PathState& ps) {
  const bool stored = ps.pending;
  const Stored& st = ps.stored;
  Verdict v = Verdict::not_stored;
  if (line.sha256) {
    if (!stored) {
      awaiting_.emplace(line.path, std::move(line));  // resolved by a late member, or missing at finish()
      return;
    }
    const bool hash_ok = digest_equals_hex(st.sha, *line.sha256);
    const bool size_ok = !line.bytes || *line.bytes == st.size;
    v = hash_ok && size_ok ? Verdict::ok : Verdict::hash_mismatch;
    if (v == Verdict::hash_mismatch) {
      cb_.on_issue(line.path,
                   hash_ok ? fmt::format("size {} differs from the manifest's {}", st.size, line.bytes.value_or(0))
                           : "SHA-256 differs from the manifest (member altered or manifest forged)");
    }
  } else if (stored) {
    v = Verdict::unlisted;
    cb_.on_issue(line.path, "member stored but its manifest line has no sha256");
  }
  std::uint64_t tag = 0;
  if (stored) {
    tag = ps.stored.tag;
    ps.pending = false;
    --pending_count_;
  }
  count(v);
  resolved_tag_ = tag;
  cb_.on_line(line, v, stored);
  resolved_tag_ = 0;
}

void Verifier::chunk(const std::string& path, std::string_view bytes, const common::Digest& sha, std::uint64_t tag) {
  ++counts_.members;
  std::uint64_t n = 0;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    const std::string_view text = bytes.substr(pos, nl - pos);
    pos = nl + 1;
    if (text.empty()) continue;
    ++n;
    ++counts_.lines;
    std::string why;
    ManifestLine* line = &scratch_;
    if (!parse_line_into(text, scratch_, why)) {
      ++counts_.bad_lines;
      cb_.on_issue(path, fmt::format("line {}: {}", n, why));
      continue;
    }
    PathState& ps = state_of(line->path);
    if (ps.listed) {
      ++counts_.bad_lines;
      cb_.on_issue(line->path, "listed twice in the manifest (duplicate line ignored)");
      continue;
    }
    ps.listed = true;
    if (line->kind == "process") {
      ++counts_.processes;
      if (line->status == "reused") {
        cb_.on_issue(line->path, "pid reused during capture: this pid's members mix two processes");
      } else if (line->status == "ESRCH" && line->start_time) {
        cb_.on_issue(line->path,
                     "process exited while it was captured: later items may be missing or show the "
                     "exiting process");
      }
    }
    resolve_line(std::move(*line), ps);
  }
  if (trailer_seen_) {
    cb_.on_issue(path, "manifest chunk after trailer.json (the trailer must be last)");
    count(Verdict::unlisted);
    resolved_tag_ = tag;
    cb_.on_member(path, Verdict::unlisted);
    resolved_tag_ = 0;
    return;
  }
  chunks_.emplace_back(path, ChunkSeen{sha, n, tag});
}

bool Verifier::trailer(std::string_view bytes) {
  ++counts_.members;
  trailer_seen_ = true;
  auto parsed = json::parse(bytes);
  const auto* tv = std::get_if<json::Value>(&parsed);
  const json::Array* listed = nullptr;
  if (tv != nullptr && tv->is_object()) {
    trailer_ = *tv;
    if (const auto* mc = trailer_->find("manifest_chunks")) listed = mc->as_array();
  }
  if (listed == nullptr) {
    cb_.on_issue("procsnap/trailer.json", "trailer.json is not a valid trailer (no manifest_chunks)");
    ++counts_.mismatched;
    for (const auto& [p, c] : chunks_) {
      resolved_tag_ = c.tag;
      cb_.on_member(p, Verdict::unlisted);
    }
    resolved_tag_ = 0;
    return false;
  }
  check_trailer_counts();
  resolve_chunks(listed_chunks(*listed));
  return true;
}

void Verifier::check_trailer_counts() {
  // counts.members covers every member before the trailer plus the trailer itself (FORMAT.md).
  const auto* counts = trailer_->find("counts");
  if (counts == nullptr) return;
  if (const auto m = counts->u64_at("members"); m && *m != counts_.members) {
    ++counts_.mismatched;
    cb_.on_issue("procsnap/trailer.json", fmt::format("trailer.json counts {} members, the archive has {} up to "
                                                      "the trailer (members added or removed)",
                                                      *m, counts_.members));
  }
}

Verifier::ListedChunks Verifier::listed_chunks(const common::json::Array& listed) {
  ListedChunks want;
  for (const auto& e : listed) {
    auto p = e.string_at("path");
    auto s = e.string_at("sha256");
    if (!p || !s) {
      cb_.on_issue("procsnap/trailer.json", "manifest_chunks entry without path or sha256");
      ++counts_.mismatched;
      continue;
    }
    want.emplace(*p, std::make_pair(*s, e.u64_at("lines")));
  }
  return want;
}

void Verifier::resolve_chunks(ListedChunks want) {
  for (const auto& [p, c] : chunks_) {
    auto it = want.find(p);
    Verdict v = Verdict::ok;
    if (it == want.end()) {
      v = Verdict::unlisted;
      cb_.on_issue(p, "manifest chunk not listed in trailer.json");
    } else {
      if (!digest_equals_hex(c.sha, it->second.first)) {
        v = Verdict::hash_mismatch;
        cb_.on_issue(p, "manifest chunk SHA-256 differs from trailer.json (manifest altered or forged)");
      } else if (it->second.second && *it->second.second != c.lines) {
        v = Verdict::hash_mismatch;
        cb_.on_issue(p, fmt::format("manifest chunk has {} lines, trailer.json says {}", c.lines, *it->second.second));
      }
      want.erase(it);
    }
    count(v);
    resolved_tag_ = c.tag;
    cb_.on_member(p, v);
  }
  resolved_tag_ = 0;
  for (const auto& [p, w] : want) {
    ++counts_.missing;
    cb_.on_issue(p, "manifest chunk listed in trailer.json but not in the archive");
  }
}

void Verifier::finish() {
  // Lines with a hash whose member never came.
  for (auto& [path, line] : awaiting_) {
    count(Verdict::missing);
    cb_.on_issue(path, "listed in the manifest with a hash but not stored in the archive (dropped member)");
    cb_.on_line(line, Verdict::missing, false);
  }
  awaiting_.clear();
  // Members no line listed: with a trailer every chunk came, so they are unlisted; without one the chunk that
  // would list them may simply be lost with the rest of the capture.
  if (pending_count_ > 0) {
    paths_.for_each([this](std::string_view key, PathState& ps) {
      if (!ps.pending) return;
      ps.pending = false;
      --pending_count_;
      const std::string path(key);
      const Verdict v = trailer_seen_ ? Verdict::unlisted : Verdict::unverified;
      if (v == Verdict::unlisted) {
        cb_.on_issue(path, "member not listed in the manifest");
      }
      count(v);
      resolved_tag_ = ps.stored.tag;
      cb_.on_member(path, v);
    });
  }
  resolved_tag_ = 0;
  if (!trailer_seen_) {
    // Chunks cannot be checked without the trailer.
    for (const auto& [p, c] : chunks_) {
      count(Verdict::unverified);
      resolved_tag_ = c.tag;
      cb_.on_member(p, Verdict::unverified);
    }
    resolved_tag_ = 0;
    cb_.on_issue("", "no trailer.json: the capture did not finish (incomplete archive)");
  }
}

}  // namespace procsnap::importer
