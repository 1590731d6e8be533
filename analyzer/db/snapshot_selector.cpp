#include "db/snapshot_selector.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace procsnap::db {

namespace {

constexpr std::string_view k_cols =
    "SELECT id, coalesce(hostname,''), coalesce(captured_at,''), archive_sha256 FROM snapshots ";
constexpr std::string_view k_order = " ORDER BY coalesce(captured_at_epoch_ns, 0) DESC, id DESC";

std::vector<SnapshotCandidate> fetch(const Connection& c, const std::string& where, std::span<const Value> args,
                                     const std::string& tail = std::string(k_order)) {
  auto st = c.prepare(std::string(k_cols) + where + tail);
  st.bind_all(args);
  std::vector<SnapshotCandidate> out;
  while (st.step()) {
    out.push_back({st.column_int64(0), std::string(st.column_text(1)), std::string(st.column_text(2)),
                   std::string(st.column_text(3))});
  }
  return out;
}

SnapshotResolution one_of(std::vector<SnapshotCandidate> found, std::string_view selector, std::string_view what) {
  SnapshotResolution r;
  if (found.empty()) {
    r.error = fmt::format("no snapshot matches '{}' ({}); see `procsnap ls`", selector, what);
  } else if (found.size() > 1) {
    r.error = fmt::format("'{}' is ambiguous: {} snapshots match ({})", selector, found.size(), what);
    r.candidates = std::move(found);
  } else {
    r.id = found.front().id;
  }
  return r;
}

bool all_of_class(std::string_view s, std::string_view chars) {
  return !s.empty() && s.find_first_not_of(chars) == std::string_view::npos;
}

}  // namespace

SnapshotResolution resolve_snapshot(const Connection& conn, std::string_view selector) {
  std::string sel(selector);
  if (sel.empty() || sel == "latest") {
    auto found = fetch(conn, "", {}, std::string(k_order) + " LIMIT 1");
    if (found.empty()) {
      return SnapshotResolution{std::nullopt, "the database holds no snapshots yet (procsnap import ARCHIVE)", {}};
    }
    return SnapshotResolution{found.front().id, {}, {}};
  }
  if (const auto at = sel.find('@'); at != std::string::npos) {
    const std::string host = sel.substr(0, at);
    const std::string time = sel.substr(at + 1);
    std::string where = "WHERE 1";
    std::vector<Value> args;
    if (!host.empty()) {
      where += " AND lower(hostname) = lower(?)";
      args.push_back(Text{host});
    }
    if (time == "latest") {
      auto found = fetch(conn, where, args, std::string(k_order) + " LIMIT 1");
      return one_of(std::move(found), selector, "host's latest capture");
    }
    if (!time.empty()) {
      // Prefix match on the ISO-8601 text; substr keeps LIKE wildcards in `time` literal.
      where += " AND substr(captured_at, 1, ?) = ?";
      args.push_back(static_cast<std::int64_t>(time.size()));
      args.push_back(Text{time});
    }
    return one_of(fetch(conn, where, args), selector, "hostname and capture time prefix");
  }
  if (all_of_class(sel, "0123456789") && sel.size() <= 18) {
    const std::array<Value, 1> args{static_cast<std::int64_t>(std::stoll(sel))};
    auto found = fetch(conn, "WHERE id = ?", args);
    if (!found.empty() || sel.size() < 6) {
      return one_of(std::move(found), selector, "snapshot id");
    }
    // A long all-digit string that is no id may still be a SHA-256 prefix.
  }
  std::string lower = sel;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (all_of_class(lower, "0123456789abcdef")) {
    if (lower.size() < 6) {
      return SnapshotResolution{std::nullopt,
                                fmt::format("'{}': a SHA-256 prefix needs at least 6 hex digits", selector), {}};
    }
    const std::array<Value, 2> args{static_cast<std::int64_t>(lower.size()), Text{lower}};
    return one_of(fetch(conn, "WHERE substr(archive_sha256, 1, ?) = ?", args), selector, "archive SHA-256 prefix");
  }
  return SnapshotResolution{
      std::nullopt,
      fmt::format("'{}' is not a snapshot selector (use an id, 'latest', HOST@TIME or a SHA-256 prefix)", selector),
      {}};
}

std::string describe_failure(const SnapshotResolution& r) {
  std::string msg = r.error;
  for (const auto& c : r.candidates) {
    msg += fmt::format("\n  {:>5}  {}@{}  sha256 {}", c.id, c.hostname, c.captured_at, c.archive_sha256.substr(0, 16));
  }
  return msg;
}

}  // namespace procsnap::db
