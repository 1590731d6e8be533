#pragma once
// Naming a snapshot, the same way in every command (ps, tree, diff, triage, ...):
//   <id>          the snapshot id (decimal), e.g. 3
//   latest        the most recent capture (captured_at, then highest id)
//   HOST@TIME     hostname (exact, case-insensitive; empty = any host) and a prefix of the capture's UTC
//                 ISO-8601 start time, e.g. web1@2026-11-29T04, @2026-11-29; HOST@latest = that host's latest
//   HEXPREFIX     a prefix (at least 6 hex digits) of the archive's SHA-256
// More than one match is an error that lists the candidates; nothing is ever guessed.
#include "db/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace procsnap::db {

struct SnapshotCandidate {
  std::int64_t id = 0;
  std::string hostname;
  std::string captured_at;
  std::string archive_sha256;
};

struct SnapshotResolution {
  std::optional<std::int64_t> id;            ///< set on success
  std::string error;                         ///< why not (no match, ambiguous, bad syntax)
  std::vector<SnapshotCandidate> candidates; ///< the matches when ambiguous
};

/// Resolves `selector` (see above) in `conn`. Never throws for a bad selector (db::Error only for SQL failures).
[[nodiscard]] SnapshotResolution resolve_snapshot(const Connection& conn, std::string_view selector);

/// The error of an unresolved selection as one message (with the candidate list when ambiguous).
[[nodiscard]] std::string describe_failure(const SnapshotResolution& r);

}  // namespace procsnap::db
