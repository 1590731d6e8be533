// Import of conforming and tampered archives: snapshot row, members with verdicts, import_issues, one
// transaction, re-import no-op.
#include "importer/database.hpp"
#include "importer/importer.hpp"
#include "import_db.hpp"
#include "test_archive.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using namespace procsnap;
using namespace procsnap::testing;
using importer::ImportOutcome;

using Db = ImportDb;

TEST(Import, ConformingArchiveIsVerified) {
  for (auto comp : {Compression::none, Compression::gzip, Compression::zstd}) {
    Db db;
    const auto r = db.import(SnapshotBuilder::sample().build(comp));
    ASSERT_EQ(r.outcome, ImportOutcome::imported) << r.message;
    EXPECT_EQ(r.state, "verified");
    EXPECT_EQ(r.counts.mismatched + r.counts.missing + r.counts.unlisted, 0u);
    EXPECT_EQ(db.one("SELECT state FROM snapshots"), "verified");
    EXPECT_EQ(db.one("SELECT hostname FROM snapshots"), "testhost");
    EXPECT_EQ(db.one("SELECT container FROM snapshots"),
              comp == Compression::zstd ? "tar.zst" : comp == Compression::gzip ? "tar.gz" : "tar");
    EXPECT_EQ(db.count("SELECT process_count FROM snapshots"), 2);
    EXPECT_EQ(db.one("SELECT archive_sha256 FROM snapshots"), r.archive_sha256);
    // Every member and every manifest line has a row; raw bytes kept.
    EXPECT_EQ(db.one("SELECT verify FROM members WHERE path = 'proc/4242/stat'"), "ok");
    EXPECT_EQ(db.one("SELECT CAST(data AS TEXT) FROM members WHERE path = 'proc/4242/exe'"), "/usr/bin/sleep");
    EXPECT_EQ(db.one("SELECT kind FROM members WHERE path = 'proc/4242/exe'"), "link");
    EXPECT_EQ(db.one("SELECT status || '/' || verify FROM members WHERE path = 'proc/4242/environ'"),
              "EACCES/not-stored");
    EXPECT_EQ(db.one("SELECT kind || '/' || start_time FROM members WHERE path = 'proc/4242'"), "process/123456");
    EXPECT_EQ(db.one("SELECT verify FROM members WHERE path = 'procsnap/manifest/000001.jsonl'"), "ok");
    EXPECT_EQ(db.one("SELECT verify FROM members WHERE path = 'procsnap/header.json'"), "meta");
    // The pid's starttime (from its stat member, which comes first) keys all its rows.
    EXPECT_EQ(db.count("SELECT count(*) FROM members WHERE pid = 4242 AND start_time = 123456"), 6);  // stat, cmdline, exe, ns/net, environ line, process line
    EXPECT_EQ(db.count("SELECT count(*) FROM members WHERE pid = 4242 AND start_time IS NOT 123456"), 0);
    EXPECT_EQ(db.count("SELECT count(*) FROM import_issues"), 0);
  }
}

TEST(Import, SameArchiveTwiceIsANoOp) {
  Db db;
  const std::string bytes = SnapshotBuilder::sample().build();
  const auto first = db.import(bytes, "a.tar");
  ASSERT_EQ(first.outcome, ImportOutcome::imported);
  const std::string before = sha_hex(read_file(db.path));
  const auto second = db.import(bytes, "copy-of-a.tar");
  EXPECT_EQ(second.outcome, ImportOutcome::already_present);
  EXPECT_EQ(second.snapshot_id, first.snapshot_id);
  EXPECT_NE(second.message.find("already imported"), std::string::npos);
  EXPECT_EQ(sha_hex(read_file(db.path)), before);
  // Another archive (different host) lives next to it.
  auto other = SnapshotBuilder::sample();
  other.hostname = "otherhost";
  EXPECT_EQ(db.import(other.build(), "b.tar").outcome, ImportOutcome::imported);
  EXPECT_EQ(db.count("SELECT count(*) FROM snapshots"), 2);
}

TEST(Import, FlippedByteIsHashMismatch) {
  Db db;
  auto b = SnapshotBuilder::sample();
  for (auto& e : b.entries) {
    if (e.path == "proc/4242/cmdline") {
      e.stored_data = e.data;
      (*e.stored_data)[0] ^= 0x01;
    }
  }
  const auto r = db.import(b.build());
  ASSERT_EQ(r.outcome, ImportOutcome::imported);
  EXPECT_EQ(r.state, "hash-mismatch");
  EXPECT_EQ(r.counts.mismatched, 1u);
  EXPECT_EQ(db.one("SELECT verify FROM members WHERE path = 'proc/4242/cmdline'"), "hash-mismatch");
  EXPECT_EQ(db.count("SELECT count(*) FROM members WHERE verify = 'hash-mismatch'"), 1);
  EXPECT_EQ(db.count("SELECT members_mismatched FROM snapshots"), 1);
  EXPECT_EQ(db.count("SELECT count(*) FROM import_issues WHERE path = 'proc/4242/cmdline' AND message LIKE "
                     "'%SHA-256 differs%'"),
            1);
}

TEST(Import, DroppedMemberIsMissing) {
  Db db;
  auto b = SnapshotBuilder::sample();
  for (auto& e : b.entries) {
    if (e.path == "proc/1/exe") e.write_member = false;
  }
  const auto r = db.import(b.build());
  ASSERT_EQ(r.outcome, ImportOutcome::imported);
  EXPECT_EQ(r.state, "hash-mismatch");
  EXPECT_EQ(r.counts.missing, 1u);
  EXPECT_EQ(db.one("SELECT verify || '/' || (data IS NULL) FROM members WHERE path = 'proc/1/exe'"), "missing/1");
  EXPECT_EQ(db.count("SELECT members_missing FROM snapshots"), 1);
  EXPECT_EQ(db.count("SELECT count(*) FROM import_issues WHERE path = 'proc/1/exe'"), 1);
}

TEST(Import, UnlistedMemberIsFlagged) {
  Db db;
  auto b = SnapshotBuilder::sample();
  Entry extra;
  extra.path = "proc/4242/status";
  extra.data = "Name:\tsleep\n";
  extra.list = false;
  b.entries.push_back(extra);
  const auto r = db.import(b.build());
  ASSERT_EQ(r.outcome, ImportOutcome::imported);
  EXPECT_EQ(r.state, "hash-mismatch");
  EXPECT_EQ(r.counts.unlisted, 1u);
  EXPECT_EQ(db.one("SELECT verify FROM members WHERE path = 'proc/4242/status'"), "unlisted");
  EXPECT_EQ(db.count("SELECT members_unlisted FROM snapshots"), 1);
}

TEST(Import, ForgedManifestIsCaughtByTrailer) {
  // The attacker alters a member and rewrites its manifest line to match: the chunk no longer matches the
  // trailer's hash.
  Db db;
  auto b = SnapshotBuilder::sample();
  const std::string real_chunk = b.manifest_chunk();
  auto forged = b;
  for (auto& e : forged.entries) {
    if (e.path == "proc/4242/cmdline") e.data = std::string("sleep\0--innocent\0", 17);
  }
  b.forged_chunk = forged.manifest_chunk();
  for (auto& e : b.entries) {
    if (e.path == "proc/4242/cmdline") e.stored_data = std::string("sleep\0--innocent\0", 17);
  }
  // The member matches the forged line...
  const auto r = db.import(b.build());
  ASSERT_EQ(r.outcome, ImportOutcome::imported);
  EXPECT_EQ(db.one("SELECT verify FROM members WHERE path = 'proc/4242/cmdline'"), "ok");
  // ...but the chunk does not match the trailer.
  EXPECT_EQ(r.state, "hash-mismatch");
  EXPECT_EQ(db.one("SELECT verify FROM members WHERE path = 'procsnap/manifest/000001.jsonl'"), "hash-mismatch");
  EXPECT_EQ(db.count("SELECT count(*) FROM import_issues WHERE message LIKE '%chunk SHA-256 differs%'"), 1);
}

TEST(Import, NoTrailerIsIncomplete) {
  Db db;
  auto b = SnapshotBuilder::sample();
  b.with_trailer = false;
  const auto r = db.import(b.build());
  ASSERT_EQ(r.outcome, ImportOutcome::imported);
  EXPECT_EQ(r.state, "incomplete");
  EXPECT_EQ(db.one("SELECT state FROM snapshots"), "incomplete");
  EXPECT_EQ(db.one("SELECT trailer_json IS NULL FROM snapshots"), "1");
  EXPECT_EQ(db.one("SELECT verify FROM members WHERE path = 'procsnap/manifest/000001.jsonl'"), "unverified");
  // Members whose chunk came are still checked.
  EXPECT_EQ(db.one("SELECT verify FROM members WHERE path = 'proc/4242/stat'"), "ok");
}

TEST(Import, MemberAfterTrailerIsUnlisted) {
  Db db;
  auto b = SnapshotBuilder::sample();
  b.after_trailer.push_back("proc/4242/environ2");
  const auto r = db.import(b.build());
  ASSERT_EQ(r.outcome, ImportOutcome::imported);
  EXPECT_EQ(r.state, "hash-mismatch");
  EXPECT_EQ(db.one("SELECT verify FROM members WHERE path = 'proc/4242/environ2'"), "unlisted");
}

TEST(Import, MemberContradictingItsNotStoredLineIsKeptAndFlagged) {
  // The manifest says proc/4242/late was not stored (ENOENT), yet a member of that name comes after the chunk.
  Db db;
  auto b = SnapshotBuilder::sample();
  b.extra_lines.push_back("{\"path\":\"proc/4242/late\",\"kind\":\"file\",\"status\":\"ENOENT\",\"t0\":1,\"t1\":2}");
  b.after_trailer.push_back("proc/4242/late");
  const auto r = db.import(b.build());
  ASSERT_EQ(r.outcome, ImportOutcome::imported) << r.message;
  EXPECT_EQ(r.state, "hash-mismatch");
  EXPECT_EQ(db.one("SELECT verify || '/' || status || '/' || CAST(data AS TEXT) FROM members WHERE path = "
                   "'proc/4242/late'"),
            "unlisted/ENOENT/late");
  EXPECT_GE(db.count("SELECT count(*) FROM import_issues WHERE path = 'proc/4242/late'"), 1);
}

TEST(Import, HostileTextIsStoredExactly) {
  Db db;
  auto b = SnapshotBuilder::sample();
  const std::string evil("\x1b]0;pwned\x07\xe2\x80\xae" "gnp.exe\xff\xfe') ; DROP TABLE snapshots; --\0=cmd|calc", 52);
  b.file("proc/4242/comm", evil);
  const auto r = db.import(b.build());
  ASSERT_EQ(r.outcome, ImportOutcome::imported);
  EXPECT_EQ(r.state, "verified");
  auto c = importer::open_read_only(db.path);
  auto st = c.prepare("SELECT data FROM members WHERE path = 'proc/4242/comm'");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_text(0), evil);
  EXPECT_EQ(db.count("SELECT count(*) FROM snapshots"), 1);
}

TEST(Import, ForeignDatabaseIsRefused) {
  TempDir dir;
  const std::string path = dir.file("evil.db");
  {
    db::Connection c(path, db::Connection::Mode::read_write_create);
    c.exec("CREATE TABLE snapshots(id INTEGER PRIMARY KEY, x); CREATE VIEW v AS SELECT 1;");
  }
  EXPECT_THROW((void)importer::open_for_import(path), db::Error);
  EXPECT_THROW((void)importer::open_read_only(path), db::Error);
}

TEST(Import, TriggerAddedToOurSchemaIsRefused) {
  TempDir dir;
  const std::string path = dir.file("t.db");
  { (void)importer::open_for_import(path); }
  {
    db::Connection c(path, db::Connection::Mode::read_write_create);
    c.exec("CREATE TRIGGER t AFTER INSERT ON snapshots BEGIN DELETE FROM members; END;");
  }
  try {
    (void)importer::open_read_only(path);
    FAIL() << "a database with an extra trigger was opened";
  } catch (const db::Error& e) {
    EXPECT_NE(std::string(e.what()).find("unexpected trigger 't'"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)importer::open_for_import(path), db::Error);
}

TEST(Import, EmptyDatabaseFileGetsSchemaAndMeta) {
  Db db;
  ASSERT_EQ(db.import(SnapshotBuilder::sample().build()).outcome, ImportOutcome::imported);
  EXPECT_EQ(db.one("SELECT value FROM procsnap_meta WHERE key = 'schema_sha256'"), importer::schema_fingerprint());
}

TEST(Import, SnapshotRowTakesTheHeaderAndTrailerFields) {
  Db db;
  ASSERT_EQ(db.import(SnapshotBuilder::sample().build()).outcome, ImportOutcome::imported);
  const auto col = [&](std::string_view c) { return db.one("SELECT ifnull(" + std::string(c) + ", 'NULL') FROM snapshots"); };
  EXPECT_EQ(col("format_version"), "1");
  EXPECT_EQ(col("collector_name"), "procsnap-collect");
  EXPECT_EQ(col("collector_version"), "test");
  EXPECT_EQ(col("collector_sha256"), std::string(64, '0'));
  EXPECT_EQ(col("collector_argv"), R"(["procsnap-collect","-o","x"])");
  EXPECT_EQ(col("collector_uid"), "0");
  EXPECT_EQ(col("collector_cap_eff"), "000001ffffffffff");
  EXPECT_EQ(col("proc_root"), "/proc");
  EXPECT_EQ(col("hostname"), "testhost");
  EXPECT_EQ(col("machine_id"), "m1");
  EXPECT_EQ(col("boot_id"), "b0000000-0000-0000-0000-000000000001");
  EXPECT_EQ(col("kernel_release"), "6.1.0");
  EXPECT_EQ(col("kernel_version"), "#1 SMP");
  EXPECT_EQ(col("arch"), "x86_64");
  EXPECT_EQ(col("proc_version"), "Linux version 6.1.0");
  EXPECT_EQ(col("btime"), "1795000000");
  EXPECT_EQ(col("clk_tck || ' ' || clk_tck_source"), "100 header");
  EXPECT_EQ(col("page_size"), "4096");
  EXPECT_EQ(col("pid_max"), "4194304");
  EXPECT_EQ(col("captured_at"), "2026-11-29T04:00:00.000000000Z");
  EXPECT_EQ(col("captured_at_epoch_ns"), "1795000000000000000");
  EXPECT_EQ(col("captured_boottime_ns"), "1000");
  EXPECT_EQ(col("case_id"), "case-1");
  EXPECT_EQ(col("examiner"), "NULL");  // JSON null in the header
  EXPECT_EQ(col("note"), "NULL");
  EXPECT_EQ(col("finished_at"), "2026-11-29T04:00:01Z");  // from the trailer
  EXPECT_EQ(col("json_extract(trailer_json, '$.finished.boottime_ns')"), "2000");
  EXPECT_EQ(col("json_extract(header_json, '$.host.hostname')"), "testhost");
  // 10 members of the two processes and the system files, the header, the manifest chunk and the trailer.
  EXPECT_EQ(col("members_total"), "13");
  // No trailer: nothing from it, and the snapshot stays incomplete.
  Db inc;
  auto b = SnapshotBuilder::sample();
  b.with_trailer = false;
  ASSERT_EQ(inc.import(b.build()).outcome, ImportOutcome::imported);
  EXPECT_EQ(inc.one("SELECT state || ' ' || ifnull(finished_at, 'NULL') || ' ' || ifnull(trailer_json, 'NULL') FROM "
                    "snapshots"),
            "incomplete NULL NULL");
}

// A pid's proc/<pid>/net/* rows carry the net namespace of its ns/net link (net_tcp.netns), read as the
// proc_namespaces handler reads it (procfs::parse_ns_link): a hostile link gives the same inode or NULL in both.
TEST(Import, PerProcessNetRowsTakeTheInodeOfTheNsNetLink) {
  const std::string tcp =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      "   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4711 1 "
      "0000000000000000 100 0 0 10 0\n";
  const std::pair<std::string, std::string> cases[] = {
      {"net:[4026532000]", "4026532000"},
      {"net:[007]", "7"},
      {"net:[18446744073709551615]", "18446744073709551615"},  // u64 max: ANY column, exact decimal text
      {"net:[0000000000000000000000042]", "42"},                // zero-padded past 20 digits: still the number
      {"net:[]", "NULL"},
      {"net:[99999999999999999999]", "NULL"},  // 20 digits, above 2^64-1
      {"net:[4026532000", "NULL"},             // no ']'
      {"net:4026532000]", "NULL"},             // no ':['
      {"net:[-1]", "NULL"},
      {"net:[+5]", "NULL"},
      {"net:[ 5]", "NULL"},
      {"net:[5 ]", "NULL"},
      {"net:[0x10]", "NULL"},
      {"net:[1:[2]", "NULL"},
      {"net", "NULL"},
  };
  for (const auto& [target, want] : cases) {
    SCOPED_TRACE(target);
    auto b = SnapshotBuilder::sample();
    auto it = std::find_if(b.entries.begin(), b.entries.end(), [](const Entry& e) { return e.path == "proc/4242/ns/net"; });
    ASSERT_NE(it, b.entries.end());
    it->data = target;
    Entry net;
    net.path = "proc/4242/net/tcp";
    net.data = tcp;
    b.entries.insert(it + 1, net);  // after the link, as the collector writes a pid's members
    Db db;
    ASSERT_EQ(db.import(b.build()).outcome, ImportOutcome::imported);
    EXPECT_EQ(db.one("SELECT ifnull(netns, 'NULL') FROM net_tcp WHERE source_pid = 4242"), want);
    EXPECT_EQ(db.one("SELECT ifnull(inode, 'NULL') FROM proc_namespaces WHERE pid = 4242 AND name = 'net'"), want);
  }
}

TEST(Verify, ReportsStates) {
  TempDir dir;
  const auto ok = importer::verify_archive(write_file(dir.file("ok.tar.zst"), SnapshotBuilder::sample().build(Compression::zstd)), {});
  EXPECT_FALSE(ok.refused);
  EXPECT_EQ(ok.state, "verified");
  EXPECT_EQ(ok.hostname, "testhost");
  EXPECT_EQ(ok.archive_sha256.size(), 64u);
  auto b = SnapshotBuilder::sample();
  b.entries[0].stored_data = "tampered";
  const auto bad = importer::verify_archive(write_file(dir.file("bad.tar"), b.build()), {});
  EXPECT_EQ(bad.state, "hash-mismatch");
  ASSERT_FALSE(bad.findings.empty());
  EXPECT_EQ(bad.findings[0].first, b.entries[0].path);
  auto inc = SnapshotBuilder::sample();
  inc.with_trailer = false;
  EXPECT_EQ(importer::verify_archive(write_file(dir.file("inc.tar"), inc.build()), {}).state, "incomplete");
}

}  // namespace
