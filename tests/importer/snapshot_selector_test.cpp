// One snapshot-selector rule for every command: id, latest, HOST@TIME prefix, SHA-256 prefix; ambiguity lists.
#include "db/snapshot_selector.hpp"
#include "importer/database.hpp"
#include "importer/importer.hpp"
#include "test_archive.hpp"

#include <gtest/gtest.h>

namespace {

using namespace procsnap;
using namespace procsnap::testing;

struct ThreeSnapshots {
  TempDir dir;
  std::string path = dir.file("t.db");
  std::vector<importer::ImportResult> r;
  ThreeSnapshots() {
    auto c = importer::open_for_import(path);
    auto add = [&](const std::string& host, const std::string& iso, std::int64_t ns) {
      auto b = SnapshotBuilder::sample();
      b.hostname = host;
      b.started_iso = iso;
      b.started_ns = ns;
      r.push_back(importer::import_archive(c, write_file(dir.file(host + iso + ".tar"), b.build()), {}));
    };
    add("web1", "2026-11-29T04:00:00Z", 3000);
    add("web1", "2026-11-29T05:00:00Z", 4000);
    add("db1", "2026-11-28T23:00:00Z", 1000);
  }
};

TEST(SnapshotSelector, ResolvesEachForm) {
  ThreeSnapshots s;
  auto c = importer::open_read_only(s.path);
  EXPECT_EQ(db::resolve_snapshot(c, "1").id, s.r[0].snapshot_id);
  EXPECT_EQ(db::resolve_snapshot(c, "latest").id, s.r[1].snapshot_id);  // latest capture, not latest import
  EXPECT_EQ(db::resolve_snapshot(c, "").id, s.r[1].snapshot_id);
  EXPECT_EQ(db::resolve_snapshot(c, "web1@2026-11-29T04").id, s.r[0].snapshot_id);
  EXPECT_EQ(db::resolve_snapshot(c, "WEB1@2026-11-29T05:00").id, s.r[1].snapshot_id);
  EXPECT_EQ(db::resolve_snapshot(c, "db1@").id, s.r[2].snapshot_id);
  EXPECT_EQ(db::resolve_snapshot(c, "@2026-11-28").id, s.r[2].snapshot_id);
  EXPECT_EQ(db::resolve_snapshot(c, "web1@latest").id, s.r[1].snapshot_id);
  EXPECT_EQ(db::resolve_snapshot(c, s.r[2].archive_sha256.substr(0, 10)).id, s.r[2].snapshot_id);
  EXPECT_EQ(db::resolve_snapshot(c, s.r[2].archive_sha256).id, s.r[2].snapshot_id);
}

TEST(SnapshotSelector, AmbiguousListsCandidates) {
  ThreeSnapshots s;
  auto c = importer::open_read_only(s.path);
  const auto r = db::resolve_snapshot(c, "web1@2026-11-29");
  EXPECT_FALSE(r.id);
  EXPECT_EQ(r.candidates.size(), 2u);
  const std::string msg = db::describe_failure(r);
  EXPECT_NE(msg.find("ambiguous"), std::string::npos);
  EXPECT_NE(msg.find("web1@2026-11-29T04:00:00Z"), std::string::npos) << msg;
  EXPECT_NE(msg.find("web1@2026-11-29T05:00:00Z"), std::string::npos) << msg;
}

TEST(SnapshotSelector, ClearErrors) {
  ThreeSnapshots s;
  auto c = importer::open_read_only(s.path);
  EXPECT_NE(db::resolve_snapshot(c, "99").error.find("no snapshot matches"), std::string::npos);
  EXPECT_NE(db::resolve_snapshot(c, "nohost@2026").error.find("no snapshot matches"), std::string::npos);
  EXPECT_NE(db::resolve_snapshot(c, "abc").error.find("at least 6 hex"), std::string::npos);
  EXPECT_NE(db::resolve_snapshot(c, "what?").error.find("not a snapshot selector"), std::string::npos);
  // LIKE wildcards in the time part are literal.
  EXPECT_FALSE(db::resolve_snapshot(c, "web1@%").id);
  EXPECT_FALSE(db::resolve_snapshot(c, "web1@____").id);
}

TEST(SnapshotSelector, EmptyDatabase) {
  TempDir dir;
  const auto path = dir.file("e.db");
  { (void)importer::open_for_import(path); }
  auto c = importer::open_read_only(path);
  EXPECT_NE(db::resolve_snapshot(c, "latest").error.find("no snapshots"), std::string::npos);
}

}  // namespace
