// Rows bound by column name (importer/table_row.hpp): names checked against the declaration, NOT NULL columns
// required, unset columns NULL, any order.
#include "importer/table_row.hpp"

#include <gtest/gtest.h>

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

#include "db/db.hpp"
#include "importer/table_decl.hpp"

namespace {

using procsnap::db::Connection;
using procsnap::db::Value;
using procsnap::importer::ColumnDecl;
using procsnap::importer::NamedRow;
using procsnap::importer::RowStatement;
using procsnap::importer::Scope;
using procsnap::importer::TableDecl;
using procsnap::importer::Type;

constexpr ColumnDecl k_cols[] = {
    {"id", Type::integer, false, "row id", "PRIMARY KEY"},
    {"name", Type::text, true, "a name"},
    {"size", Type::u64, false, "a size"},
    {"note", Type::text, false, "a note"},
};
constexpr TableDecl k_t{.name = "t", .scope = Scope::none, .comment = "test table", .columns = k_cols};

constexpr ColumnDecl k_kv_cols[] = {
    {"key", Type::text, false, "key", "PRIMARY KEY"},
    {"value", Type::text, true, "value"},
};
constexpr TableDecl k_kv{.name = "kv", .scope = Scope::none, .comment = "test table", .columns = k_kv_cols};

Connection make_db() {
  Connection c(":memory:", Connection::Mode::read_write_create);
  c.exec(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, size ANY, note TEXT) STRICT;"
      "CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;");
  return c;
}

std::string dump(Connection& c, std::string_view sql) {
  auto st = c.prepare(sql);
  std::string out;
  while (st.step()) {
    for (int i = 0; i < st.column_count(); ++i) {
      out += i ? "|" : "";
      out += st.column_type(i) == SQLITE_NULL ? "NULL" : std::string(st.column_text(i));
    }
    out += ';';
  }
  return out;
}

TEST(TableRow, BindsByNameInAnyOrderAndLeavesUnsetColumnsNull) {
  auto c = make_db();
  auto ins = RowStatement::insert(c, k_t);
  const std::string name = "a";
  ins.set("size", std::uint64_t{18446744073709551615ULL}).set("name", name);
  ins.run();
  ins.set("name", std::string_view("b")).set("note", Value{}).set("size", std::int64_t{7});
  ins.run();
  EXPECT_EQ(dump(c, "SELECT id, name, size, note FROM t ORDER BY id"), "1|a|18446744073709551615|NULL;2|b|7|NULL;");
}

TEST(TableRow, UnknownColumnIsALogicError) {
  auto c = make_db();
  auto ins = RowStatement::insert(c, k_t);
  EXPECT_THROW(ins.set("nmae", std::string_view("x")), std::logic_error);
  NamedRow row(k_t);
  EXPECT_THROW(row.set("Name", Value{}), std::logic_error);
}

TEST(TableRow, NotNullColumnNeverSetIsALogicErrorAndNothingIsWritten) {
  auto c = make_db();
  auto ins = RowStatement::insert(c, k_t);
  ins.set("note", std::string_view("x"));
  EXPECT_THROW(ins.run(), std::logic_error);
  EXPECT_EQ(dump(c, "SELECT count(*) FROM t"), "0;");
  // The failed row was cleared: the next one starts empty.
  ins.set("name", std::string_view("ok"));
  ins.run();
  EXPECT_EQ(dump(c, "SELECT name, note FROM t"), "ok|NULL;");
  // A STRICT table's non-INTEGER PRIMARY KEY may not be NULL either.
  auto kv = RowStatement::insert(c, k_kv);
  kv.set("value", std::string_view("v"));
  EXPECT_THROW(kv.run(), std::logic_error);
}

TEST(TableRow, InsertTailAndVerb) {
  auto c = make_db();
  auto ins = RowStatement::insert(c, k_kv, "ON CONFLICT(key) DO UPDATE SET value = value || excluded.value");
  ins.set("key", std::string_view("k")).set("value", std::string_view("1"));
  ins.run();
  ins.set("key", std::string_view("k")).set("value", std::string_view("2"));
  ins.run();
  auto ignore = RowStatement::insert(c, k_kv, {}, "INSERT OR IGNORE");
  ignore.set("key", std::string_view("k")).set("value", std::string_view("3"));
  ignore.run();
  EXPECT_EQ(dump(c, "SELECT key, value FROM kv"), "k|12;");
}

TEST(TableRow, UpdateRequiresEveryListedColumn) {
  auto c = make_db();
  c.exec("INSERT INTO t (id, name) VALUES (5, 'a')");
  constexpr std::array<std::string_view, 2> set{"name", "note"};
  constexpr std::array<std::string_view, 1> where{"id"};
  auto upd = RowStatement::update(c, k_t, set, where);
  upd.set("id", std::int64_t{5}).set("name", std::string_view("b"));
  EXPECT_THROW(upd.run(), std::logic_error);  // note not set
  upd.set("note", Value{}).set("name", std::string_view("b")).set("id", std::int64_t{5});
  upd.run();
  EXPECT_EQ(dump(c, "SELECT id, name, note FROM t"), "5|b|NULL;");
  EXPECT_THROW(upd.set("size", std::int64_t{1}), std::logic_error);  // declared, but not in this UPDATE
  constexpr std::array<std::string_view, 1> bad{"colour"};
  EXPECT_THROW((void)RowStatement::update(c, k_t, bad, where), std::logic_error);
}

}  // namespace
