// The pieces of the fleet path that need no server: URL and credential parsing, quoting, the TSV result parser,
// RowBinary both ways, the generated ClickHouse schema, globs and time arguments.
#include "db/db.hpp"
#include "fleet/clickhouse_client.hpp"
#include "fleet/clickhouse_schema.hpp"
#include "fleet/fleet_queries.hpp"
#include "fleet/row_binary.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <set>

namespace {

using namespace procsnap;

TEST(FleetEndpoint, ParsesUserPasswordHostPort) {
  const auto p = fleet::parse_endpoint("http://alice:s%3Acret%40x@127.0.0.1:8123/");
  ASSERT_TRUE(p.endpoint) << p.error;
  EXPECT_EQ(p.endpoint->base_url, "http://127.0.0.1:8123/");
  EXPECT_EQ(p.endpoint->user, "alice");
  EXPECT_EQ(p.endpoint->password, "s:cret@x");
  EXPECT_EQ(p.endpoint->display(), "http://alice@127.0.0.1:8123/");  // never the password
  const auto q = fleet::parse_endpoint("https://ch.example");
  ASSERT_TRUE(q.endpoint);
  EXPECT_EQ(q.endpoint->base_url, "https://ch.example/");
  EXPECT_TRUE(q.endpoint->user.empty());
}

TEST(FleetEndpoint, RefusesWhatItCannotUseWithoutEchoingIt) {
  for (const char* bad : {"ftp://h/", "localhost:8123", "http://h/db?x=1", "http://", "http://u:p%zz@h/",
                          "http://h/\r\nX: y"}) {
    const auto p = fleet::parse_endpoint(bad);
    EXPECT_FALSE(p.endpoint) << bad;
    EXPECT_FALSE(p.error.empty());
    EXPECT_EQ(p.error.find("p%zz"), std::string::npos);
  }
}

TEST(FleetQuote, StringLiteralsAreBinarySafe) {
  EXPECT_EQ(fleet::quote("a'b\\c"), "'a\\'b\\\\c'");
  EXPECT_EQ(fleet::quote(std::string("x\0y\n\x1b", 4 + 1)), "'x\\0y\\n\\x1b'");
  EXPECT_EQ(fleet::quote_ident("we`ird"), "`we\\`ird`");
}

TEST(FleetTsv, ParsesNamesTypesNullsAndEscapes) {
  std::string err;
  const auto rs = fleet::parse_tsv_with_names_and_types("a\tb\nString\tNullable(Int64)\nx\\ty\\\\\t\\N\n\\0z\t5\n", err);
  ASSERT_TRUE(rs) << err;
  ASSERT_EQ(rs->rows.size(), 2u);
  EXPECT_EQ(rs->rows[0][0], std::optional<std::string>("x\ty\\"));
  EXPECT_FALSE(rs->rows[0][1].has_value());
  EXPECT_EQ(rs->rows[1][0], std::optional<std::string>(std::string("\0z", 2)));
  EXPECT_EQ(rs->types[1], "Nullable(Int64)");
}

TEST(FleetTsv, HostileBodiesAreErrorsNotCrashes) {
  for (const char* bad : {"", "a\n", "a\tb\nString\n", "a\nString\nx\ty\n", "a\nString\nunterminated"}) {
    std::string err;
    EXPECT_FALSE(fleet::parse_tsv_with_names_and_types(bad, err)) << bad;
    EXPECT_FALSE(err.empty());
  }
}

/// One SQLite row of hostile values encoded and decoded again equals itself.
TEST(FleetRowBinary, RoundTripsHostileValuesExactly) {
  db::Connection c(":memory:", db::Connection::Mode::read_write_create);
  c.exec("CREATE TABLE t (i INTEGER, u ANY, r REAL, s TEXT, b BLOB, a ANY) STRICT");
  std::string big(1 << 20, 'A');
  big[5] = '\0';
  big[7] = '\xff';
  big[9] = '\xc3';
  const std::string blob("\x00\x01\xfe\xff", 4);
  auto ins = c.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)");
  ins.run({std::int64_t{-42}, db::U64{18446744073709551615ull}, 0.1, db::Text{big},
           db::Blob{std::as_bytes(std::span(blob.data(), blob.size()))}, db::Text{"not a number"}});
  ins.run({std::monostate{}, db::U64{7}, std::monostate{}, std::monostate{}, std::monostate{}, std::int64_t{-9}});
  using importer::Type;
  const std::vector<fleet::FleetColumn> cols = {
      {"i", Type::integer, false, "Nullable(Int64)", {}}, {"u", Type::u64, false, "Nullable(UInt64)", {}},
      {"r", Type::real, false, "Nullable(Float64)", {}},  {"s", Type::text, false, "Nullable(String)", {}},
      {"b", Type::blob, false, "Nullable(String)", {}},   {"a", Type::any, false, "Nullable(String)", {}}};
  std::string bytes;
  auto sel = c.prepare("SELECT i, u, r, s, b, a FROM t ORDER BY rowid");
  while (sel.step()) {
    for (int i = 0; i < 6; ++i) ASSERT_EQ(fleet::encode_sqlite_value(bytes, sel, i, cols[i]), "");
  }
  // Decode in two pieces: a value split across chunks is "not yet", never wrong.
  std::size_t pos = 0;
  fleet::Decoded d;
  EXPECT_FALSE(fleet::decode_value(std::string_view(bytes).substr(0, 5), pos, cols[0], d) &&
               fleet::decode_value(std::string_view(bytes).substr(0, 5), pos, cols[1], d));
  pos = 0;
  db::Connection out(":memory:", db::Connection::Mode::read_write_create);
  out.exec("CREATE TABLE t (i INTEGER, u ANY, r REAL, s TEXT, b BLOB, a ANY) STRICT");
  auto put = out.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)");
  for (int row = 0; row < 2; ++row) {
    std::vector<fleet::Decoded> v(6);
    for (int i = 0; i < 6; ++i) ASSERT_TRUE(fleet::decode_value(bytes, pos, cols[i], v[i]));
    std::vector<db::Value> vals;
    for (const auto& x : v) vals.push_back(x.value());
    put.run(vals);
  }
  EXPECT_EQ(pos, bytes.size());
  out.exec("CREATE TABLE src (i INTEGER, u ANY, r REAL, s TEXT, b BLOB, a ANY) STRICT");
  auto copy = out.prepare("INSERT INTO src VALUES (?, ?, ?, ?, ?, ?)");
  copy.run({std::int64_t{-42}, db::U64{18446744073709551615ull}, 0.1, db::Text{big},
            db::Blob{std::as_bytes(std::span(blob.data(), blob.size()))}, db::Text{"not a number"}});
  copy.run({std::monostate{}, db::U64{7}, std::monostate{}, std::monostate{}, std::monostate{}, std::int64_t{-9}});
  auto cmp = out.prepare(
      "SELECT count(*) FROM (SELECT i, u, typeof(u), r, s, b, typeof(b), a, typeof(a) FROM t EXCEPT "
      "SELECT i, u, typeof(u), r, s, b, typeof(b), a, typeof(a) FROM src)");
  ASSERT_TRUE(cmp.step());
  EXPECT_EQ(cmp.column_int64(0), 0);
}

TEST(FleetRowBinary, RefusesValuesTheDeclaredTypeCannotCarry) {
  db::Connection c(":memory:", db::Connection::Mode::read_write_create);
  auto st = c.prepare("SELECT -1, NULL, 'x1'");
  ASSERT_TRUE(st.step());
  std::string out;
  using importer::Type;
  EXPECT_NE(fleet::encode_sqlite_value(out, st, 0, {"u", Type::u64, true, "UInt64", {}}), "");
  EXPECT_NE(fleet::encode_sqlite_value(out, st, 1, {"n", Type::integer, true, "Int64", {}}), "");
  EXPECT_NE(fleet::encode_sqlite_value(out, st, 2, {"u", Type::u64, false, "Nullable(UInt64)", {}}), "");
  // A string length claiming more than 2^64 is an error, not a huge allocation.
  const std::string evil("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11);
  std::size_t pos = 0;
  fleet::Decoded d;
  EXPECT_THROW(fleet::decode_value(evil, pos, {"s", Type::text, true, "String", {}}, d), fleet::Error);
  const std::string huge("\x80\x80\x80\x80\x10", 5);  // 4 GiB announced, 0 bytes sent
  pos = 0;
  EXPECT_THROW(fleet::decode_value(huge, pos, {"s", Type::text, true, "String", {}}, d), fleet::Error);
  const std::string bad_null("\x02", 1);
  pos = 0;
  EXPECT_THROW(fleet::decode_value(bad_null, pos, {"s", Type::text, false, "Nullable(String)", {}}, d), fleet::Error);
}

TEST(FleetSchema, EveryPushedTableIsKeyedBySnapshotAndTyped) {
  const auto tables = fleet::fleet_tables();
  ASSERT_GT(tables.size(), 90u);
  EXPECT_TRUE(tables.back().is_snapshots);  // the commit marker is written last
  std::set<std::string> names;
  for (const auto& t : tables) {
    names.insert(t.name);
    for (const auto& c : t.columns) {
      EXPECT_NE(c.name, "snapshot_id") << t.name;
      EXPECT_EQ(c.ch_type.starts_with("Nullable("), !c.not_null) << t.name << "." << c.name;
    }
    const auto sql = fleet::create_table_sql(t, fleet::Layout{});
    ASSERT_EQ(sql.size(), 1u);
    EXPECT_NE(sql[0].find("PARTITION BY toYYYYMM(capture_time) ORDER BY (snapshot_key"), std::string::npos);
  }
  for (const char* expected : {"proc_stat", "task_stat", "members", "net_tcp", "sys_modules", "memory_regions",
                               "captured_executables", "snapshots", "import_issues"}) {
    EXPECT_TRUE(names.count(expected)) << expected;
  }
  EXPECT_FALSE(names.count("diff_runs"));
  EXPECT_FALSE(names.count("procsnap_meta"));
  // u64 counters stay exact: proc_stat.utime is UInt64, not a String or a signed Int64.
  for (const auto& t : tables) {
    if (t.name != "proc_stat") continue;
    for (const auto& c : t.columns) {
      if (c.name == "utime") {
        EXPECT_EQ(c.ch_type, "Nullable(UInt64)");
      }
      if (c.name == "pid") {
        EXPECT_EQ(c.ch_type, "Int64");
      }
    }
    EXPECT_EQ(t.order_by, (std::vector<std::string>{"pid"}));
  }
  const auto cluster = fleet::create_table_sql(tables.front(), fleet::Layout{"procsnap", "ir"});
  ASSERT_EQ(cluster.size(), 2u);
  EXPECT_NE(cluster[0].find("`procsnap_shard`.`" + tables.front().name + "`"), std::string::npos);
  EXPECT_NE(cluster[1].find("ENGINE = Distributed('ir', 'procsnap_shard', '" + tables.front().name +
                            "', sipHash64(snapshot_key))"),
            std::string::npos);
}

TEST(FleetSchema, CommittedClickHouseSchemaIsGenerated) {
  std::ifstream in(std::string(PROCSNAP_SOURCE_DIR) + "/schema/clickhouse/schema.sql", std::ios::binary);
  const std::string committed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(committed, fleet::schema_script(fleet::Layout{}))
      << "schema/clickhouse/schema.sql is stale: run `procsnap schema --write schema/`";
  EXPECT_TRUE(fleet::schema_version().starts_with("2:"));
}

TEST(FleetQueries, GlobsBecomeAnchoredRegexes) {
  EXPECT_EQ(fleet::glob_to_regex("web*"), "^web.*$");
  EXPECT_EQ(fleet::glob_to_regex("db[12].x?"), "^db[12]\\.x.$");
  EXPECT_EQ(fleet::glob_to_regex("a[!b]"), "^a[^b]$");
  EXPECT_EQ(fleet::glob_to_regex("(x)|y"), "^\\(x\\)\\|y$");
  for (const char* g : {"web*", "db[12].x?", "a[!b]", "[", "a]b", "x$^"}) {
    EXPECT_NO_THROW(std::regex(fleet::glob_to_regex(g))) << g;
  }
  EXPECT_TRUE(std::regex_match("web01", std::regex(fleet::glob_to_regex("web*"))));
  EXPECT_FALSE(std::regex_match("aweb01", std::regex(fleet::glob_to_regex("web*"))));
}

TEST(FleetQueries, TimeArguments) {
  EXPECT_EQ(fleet::parse_time_arg("2026-12-01", 0), 1796083200);
  EXPECT_EQ(fleet::parse_time_arg("2026-12-01T10:30", 0), 1796083200 + 37800);
  EXPECT_EQ(fleet::parse_time_arg("2026-12-01T10:30:05Z", 0), 1796083200 + 37805);
  EXPECT_EQ(fleet::parse_time_arg("36h", 1000000), 1000000 - 36 * 3600);
  EXPECT_EQ(fleet::parse_time_arg("7d", 1000000), 1000000 - 7 * 86400);
  for (const char* bad : {"", "yesterday", "2026-13-01", "2026-12-01T25:00", "7w", "-3d", "2026-12-1"}) {
    EXPECT_FALSE(fleet::parse_time_arg(bad, 0)) << bad;
  }
}

TEST(FleetQueries, EveryStackKindHasAQueryOverCommittedSnapshots) {
  fleet::SnapshotFilter f;
  f.hosts = "web'*";
  f.since = 100;
  for (const auto& k : fleet::stack_kinds()) {
    const auto sql = fleet::stack_sql(k.name, f, 10);
    ASSERT_TRUE(sql) << k.name;
    EXPECT_NE(sql->find("snapshot_key IN (SELECT snapshot_key FROM snapshots WHERE match(host, '^web\\'.*$')"),
              std::string::npos)
        << *sql;
    EXPECT_NE(sql->find("ORDER BY hosts, snapshots"), std::string::npos);
  }
  EXPECT_FALSE(fleet::stack_sql("nope", f, 10));
}

}  // namespace
