#pragma once
// Verification of a snapshot archive while it streams (schema/FORMAT.md "Reader rules"): every stored member is
// checked against its manifest line (SHA-256 and size) once the chunk listing it arrives, every chunk against the
// trailer's manifest_chunks. The verifier only sees hashes and sizes, never member bytes, so `verify` (no
// database) and `import` share it; results arrive through callbacks as soon as they are known.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "importer/path_table.hpp"
#include "importer/string_arena.hpp"
#include "procsnap/common/json.hpp"
#include "procsnap/common/sha256.hpp"

namespace procsnap::importer {

/// One manifest line (procsnap/manifest/<seq>.jsonl), the fields the reader uses plus the raw JSON.
struct ManifestLine {
  std::string path;
  std::string kind;    ///< file, link, dir, process, netns-ref
  std::string status;  ///< ok, ENOENT, ..., truncated, timeout, skipped, reused (process lines)
  std::optional<std::string> reason;
  std::optional<std::uint64_t> bytes;
  std::optional<std::string> sha256;
  std::optional<std::int64_t> t0;
  std::optional<std::int64_t> t1;
  std::optional<std::uint64_t> netns;
  std::optional<std::int64_t> start_time;  ///< process lines
  std::string raw;                         ///< the line as written
};

/// Verdict for a member or manifest line, stored in members.verify.
enum class Verdict {
  ok,             ///< stored, hash and size match the manifest (or the trailer for chunks)
  hash_mismatch,  ///< stored, but SHA-256 or size differs
  missing,        ///< listed with a hash but never stored
  unlisted,       ///< stored but no manifest line (or chunk not in the trailer, or after the trailer)
  not_stored,     ///< a manifest line without stored bytes (ENOENT, skipped, process, ...)
  unverified,     ///< stored, but the chunk that would list it never came (incomplete archive)
  meta,           ///< header.json / trailer.json: nothing to check them against
};
[[nodiscard]] std::string_view verdict_name(Verdict v);

struct VerifyCounts {
  std::uint64_t members = 0;  ///< members seen (all, including procsnap/ ones)
  std::uint64_t lines = 0;    ///< manifest lines read
  std::uint64_t ok = 0;
  std::uint64_t mismatched = 0;  ///< members and chunks with a wrong hash or size
  std::uint64_t missing = 0;     ///< listed members / chunks that never came
  std::uint64_t unlisted = 0;    ///< members / chunks nobody lists
  std::uint64_t unverified = 0;  ///< members whose chunk never came
  std::uint64_t processes = 0;   ///< process lines
  std::uint64_t bad_lines = 0;   ///< manifest lines that are not valid JSON objects
};

class Verifier {
 public:
  struct Callbacks {
    /// A manifest line was resolved. `member_stored` says whether a member with that path was stored.
    std::function<void(const ManifestLine& line, Verdict v, bool member_stored)> on_line;
    /// A stored member resolved without a (usable) manifest line: unlisted, unverified, or a procsnap/ member.
    std::function<void(const std::string& path, Verdict v)> on_member;
    /// A finding for import_issues / verify's report (path may be empty for archive-level findings).
    std::function<void(const std::string& path, std::string message)> on_issue;
  };
  explicit Verifier(Callbacks cb) : cb_(std::move(cb)) {}

  /// procsnap/header.json arrived (counted for the trailer's counts.members check).
  void header() { ++counts_.members; }
  /// A stored non-procsnap member arrived. `tag` is the caller's handle for it (e.g. where the caller keeps the
  /// member's bytes), handed back through resolved_tag() when the member resolves: the caller needs no map of its
  /// own keyed by path.
  void member(const std::string& path, const common::Digest& sha, std::uint64_t size, std::uint64_t tag = 0);
  /// A manifest chunk arrived (its bytes are parsed here); `tag` as for member().
  void chunk(const std::string& path, std::string_view bytes, const common::Digest& sha, std::uint64_t tag = 0);
  /// The trailer arrived; false when it is not a valid trailer (reported as an issue).
  bool trailer(std::string_view bytes);
  /// No more members: resolves everything still pending. `complete` = the stream ended cleanly.
  void finish();

  [[nodiscard]] const VerifyCounts& counts() const { return counts_; }
  [[nodiscard]] bool has_trailer() const { return trailer_seen_; }
  [[nodiscard]] const std::optional<common::json::Value>& trailer_json() const { return trailer_; }
  /// "verified", "incomplete" or "hash-mismatch" (mismatch wins over incomplete: it is the graver finding).
  [[nodiscard]] std::string_view state() const;
  /// Inside an on_line callback with member_stored == true, or an on_member callback: the tag given to member()
  /// or chunk() for that member (0 otherwise).
  [[nodiscard]] std::uint64_t resolved_tag() const { return resolved_tag_; }

 private:
  struct Stored {
    common::Digest sha{};
    std::uint64_t size = 0;
    std::uint64_t tag = 0;
  };
  struct ChunkSeen {
    common::Digest sha{};
    std::uint64_t lines = 0;
    std::uint64_t tag = 0;
  };
  /// What the verifier knows about one path: listed by a manifest line, and/or stored and waiting for its line.
  struct PathState {
    bool listed = false;   ///< a manifest line named it (a second line is a duplicate)
    bool pending = false;  ///< stored, its line not resolved yet
    Stored stored;
  };
  void resolve_line(ManifestLine&& line, PathState& ps);
  void count(Verdict v);
  static std::optional<ManifestLine> parse_line(std::string_view text, std::string& why);
  /// parse_line into an existing object (its strings' buffers are reused from line to line).
  static bool parse_line_into(std::string_view text, ManifestLine& l, std::string& why);
  /// The state of `path`, added when new. Valid until the next call that adds a path (the table may grow).
  PathState& state_of(std::string_view path);
  /// What trailer.json lists per manifest chunk: path -> (sha256 hex, line count if given).
  using ListedChunks = std::unordered_map<std::string, std::pair<std::string, std::optional<std::uint64_t>>>;
  /// The trailer's counts.members against the members seen (an issue when they differ).
  void check_trailer_counts();
  [[nodiscard]] ListedChunks listed_chunks(const common::json::Array& listed);
  /// Each manifest chunk seen against the trailer's list (resolved), then the listed chunks never seen (missing).
  void resolve_chunks(ListedChunks want);

  Callbacks cb_;
  VerifyCounts counts_;
  /// One entry per path seen (member or line): one hash lookup per member and per line.
  PathTable<PathState> paths_{1 << 16};  ///< keys point into arena_ (~100 members per process: few growths)
  StringArena arena_;
  std::uint64_t pending_count_ = 0;                         ///< paths with pending == true
  ManifestLine scratch_;                                    ///< the line being parsed
  std::unordered_map<std::string, ManifestLine> awaiting_;  ///< lines with a hash whose member has not come
  std::vector<std::pair<std::string, ChunkSeen>> chunks_;
  bool trailer_seen_ = false;
  std::uint64_t resolved_tag_ = 0;
  std::optional<common::json::Value> trailer_;
};

}  // namespace procsnap::importer
