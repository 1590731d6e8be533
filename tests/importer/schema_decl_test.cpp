// The table declarations (importer/table_decl.hpp) are the data model: schema/NN_<group>.sql must be exactly
// what they generate, and the database the importer creates must have every declared column, in order, with
// its declared type and nullability.
#include "e2e_support.hpp"
#include "importer/database.hpp"
#include "importer/table_decl.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using procsnap::importer::ColumnDecl;
using procsnap::importer::key_columns;
using procsnap::importer::Scope;
using procsnap::importer::table_groups;
using procsnap::importer::TableDecl;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SchemaDecl, CommittedSchemaFilesAreGeneratedFromTheDeclarations) {
  const fs::path dir = fs::path(PROCSNAP_SOURCE_DIR) / "schema";
  for (const auto& g : table_groups()) {
    const std::string want = procsnap::importer::sqlite_group_sql(g);
    const std::string have = read_file(dir / g.file);
    EXPECT_EQ(have, want) << "schema/" << g.file << " is stale: regenerate it with "
                          << "`build/analyzer/procsnap schema --write schema/` and commit it";
  }
}

TEST(SchemaDecl, EveryColumnIsDocumentedAndNamedOnce) {
  std::set<std::string_view> tables;
  for (const auto& g : table_groups()) {
    for (const auto& t : g.tables) {
      EXPECT_TRUE(tables.insert(t.name).second) << "table declared twice: " << t.name;
      if (t.scope == Scope::process_and_task) {
        EXPECT_TRUE(tables.insert(t.task_name).second) << "table declared twice: " << t.task_name;
      }
      EXPECT_FALSE(t.comment.empty()) << t.name << " has no comment";
      std::set<std::string_view> cols;
      for (const auto& c : key_columns(t, false)) cols.insert(c.name);
      for (const auto& c : t.columns) {
        EXPECT_TRUE(cols.insert(c.name).second) << t.name << "." << c.name << " declared twice (or a key name)";
        EXPECT_FALSE(c.comment.empty()) << t.name << "." << c.name << " has no comment";
      }
    }
  }
}

void expect_table_matches(procsnap::db::Connection& c, std::string_view name, const TableDecl& t, bool task) {
  std::vector<ColumnDecl> want;
  for (const auto& k : key_columns(t, task)) want.push_back(k);
  want.insert(want.end(), t.columns.begin(), t.columns.end());
  auto st = c.prepare("SELECT name, type, \"notnull\" FROM pragma_table_info(?) ORDER BY cid");
  st.bind(1, procsnap::db::v(name));
  std::size_t i = 0;
  while (st.step()) {
    ASSERT_LT(i, want.size()) << name << " has more columns than declared";
    EXPECT_EQ(st.column_text(0), want[i].name) << name << " column " << i;
    EXPECT_EQ(st.column_text(1), procsnap::importer::sqlite_type(want[i].type)) << name << "." << want[i].name;
    EXPECT_EQ(st.column_int64(2) != 0, want[i].not_null) << name << "." << want[i].name;
    ++i;
  }
  EXPECT_EQ(i, want.size()) << name << " lacks declared columns (or does not exist)";
}

TEST(SchemaDecl, TheImportDatabaseHasEveryDeclaredColumn) {
  const fs::path dir = fs::temp_directory_path() / ("procsnap_decl_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    auto c = procsnap::importer::open_for_import((dir / "t.db").string());
    for (const auto& g : table_groups()) {
      for (const auto& t : g.tables) {
        expect_table_matches(c, t.name, t, t.scope == Scope::task);
        if (t.scope == Scope::process_and_task) expect_table_matches(c, t.task_name, t, true);
      }
    }
  }
  fs::remove_all(dir);
}

}  // namespace

namespace {

// `procsnap schema`: the DDL a user or another engine's loader reads, and the regeneration of schema/.
TEST(SchemaCommand, PrintsOneTableWritesTheGroupFilesAndRefusesUnknownNames) {
  using procsnap::e2e::run;
  const std::string bin = PROCSNAP_BIN;
  const auto one = run({bin, "schema", "--table", "proc_stat"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_NE(one.out.find("CREATE TABLE IF NOT EXISTS proc_stat ("), std::string::npos);
  EXPECT_NE(one.out.find("CREATE TABLE IF NOT EXISTS task_stat ("), std::string::npos);  // the twin comes along
  EXPECT_EQ(one.out.find("CREATE TABLE IF NOT EXISTS proc_status ("), std::string::npos);
  const auto bad = run({bin, "schema", "--table", "no_such_table"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("no table named no_such_table"), std::string::npos) << bad.err;

  const fs::path dir = fs::temp_directory_path() / ("procsnap_schema_cmd_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto w = run({bin, "schema", "--write", dir.string()});
  ASSERT_EQ(w.exit_code, 0) << w.err;
  for (const auto& g : table_groups()) {
    EXPECT_EQ(read_file(dir / g.file), procsnap::importer::sqlite_group_sql(g)) << g.file;
  }
  fs::remove_all(dir);
  EXPECT_EQ(run({bin, "schema", "--write", "/nonexistent-dir/x"}).exit_code, 1);
}

}  // namespace

namespace {

// The second-engine hook: ClickHouse types come from the declared types (u64 stays exact as UInt64; nullable
// unless NOT NULL), never from the SQLite text.
TEST(SchemaDecl, ClickHouseTypesComeFromTheDeclaration) {
  using procsnap::importer::clickhouse_type;
  using procsnap::importer::Type;
  EXPECT_EQ(clickhouse_type(Type::u64, false), "Nullable(UInt64)");
  EXPECT_EQ(clickhouse_type(Type::integer, true), "Int64");
  EXPECT_EQ(clickhouse_type(Type::real, false), "Nullable(Float64)");
  EXPECT_EQ(clickhouse_type(Type::blob, true), "String");
  EXPECT_EQ(clickhouse_type(Type::any, false), "Nullable(String)");
  bool saw_stat = false;
  for (const auto& g : table_groups()) {
    for (const auto& t : g.tables) {
      const auto cols = procsnap::importer::engine_columns(t, false, &clickhouse_type);
      ASSERT_EQ(cols.size(), key_columns(t, t.scope == Scope::task).size() + t.columns.size()) << t.name;
      if (t.name != "proc_stat") continue;
      saw_stat = true;
      EXPECT_EQ(cols[0].name, "snapshot_id");
      EXPECT_EQ(cols[0].type, "Int64");
      for (const auto& c : cols) {
        if (c.name == "rsslim") {
          EXPECT_EQ(c.type, "Nullable(UInt64)");  // 2^64-1 when unlimited: exact
        }
        if (c.name == "comm") {
          EXPECT_EQ(c.type, "Nullable(String)");
        }
      }
      const auto task = procsnap::importer::engine_columns(t, true, &clickhouse_type);
      EXPECT_EQ(task[2].name, "tid");
    }
  }
  EXPECT_TRUE(saw_stat);
}

}  // namespace
