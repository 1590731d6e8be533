#include "importer/database.hpp"

#include "importer/own_tables.hpp"
#include "importer/schema_sql.hpp"
#include "importer/table_row.hpp"
#include "procsnap/common/sha256.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <ctime>
#include <map>
#include <tuple>

namespace procsnap::importer {

namespace {

std::string all_schema_sql() {
  std::string sql;
  for (const auto& f : schema_files()) {
    sql += "-- ";
    sql += f.name;
    sql += '\n';
    sql += f.sql;
    sql += '\n';
  }
  return sql;
}

// (type, name) -> (tbl_name, sql) for every object of the database.
using Objects = std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>>;

Objects read_objects(db::Connection& c) {
  Objects out;
  auto st = c.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema");
  while (st.step()) {
    out[{std::string(st.column_text(0)), std::string(st.column_text(1))}] = {std::string(st.column_text(2)),
                                                                              st.column_opt_text(3).value_or("")};
  }
  return out;
}

const Objects& reference_objects() {
  // Built once per process from the embedded schema (immutable afterwards).
  static const Objects k_ref = [] {
    db::Connection mem(":memory:", db::Connection::Mode::read_write_create);
    mem.exec(all_schema_sql());
    return read_objects(mem);
  }();
  return k_ref;
}

}  // namespace

std::string schema_fingerprint() { return common::to_hex(common::sha256(all_schema_sql())); }

std::vector<std::string> schema_differences(db::Connection& conn) {
  const Objects have = read_objects(conn);
  if (have.empty()) {
    return {"empty"};
  }
  const Objects& want = reference_objects();
  std::vector<std::string> diffs;
  for (const auto& [key, val] : have) {
    auto it = want.find(key);
    if (it == want.end()) {
      diffs.push_back(fmt::format("unexpected {} '{}' (not in procsnap's schema)", key.first, key.second));
    } else if (it->second != val) {
      diffs.push_back(fmt::format("{} '{}' differs from procsnap's schema", key.first, key.second));
    }
  }
  for (const auto& [key, val] : want) {
    if (!have.contains(key)) {
      diffs.push_back(fmt::format("{} '{}' missing", key.first, key.second));
    }
  }
  if (diffs.empty()) {
    // Same objects; the stored fingerprint must be ours too (guards against a schema edited in place).
    auto st = conn.prepare("SELECT value FROM procsnap_meta WHERE key = 'schema_sha256'");
    const std::string fp = st.step() ? std::string(st.column_text(0)) : std::string();
    if (fp != schema_fingerprint()) {
      diffs.push_back("schema fingerprint differs (database made by another procsnap version)");
    }
  }
  return diffs;
}

namespace {
[[noreturn]] void refuse_schema(const std::string& path, const std::vector<std::string>& diffs) {
  std::string msg = fmt::format("refusing database {}: its schema is not procsnap's", path);
  for (std::size_t i = 0; i < diffs.size() && i < 10; ++i) {
    msg += "\n  - " + diffs[i];
  }
  if (diffs.size() > 10) {
    msg += fmt::format("\n  ... and {} more", diffs.size() - 10);
  }
  msg += "\n  (a database from another procsnap version, or altered by hand: import into a new --db file)";
  throw db::Error(msg, SQLITE_ERROR);
}
}  // namespace

db::Connection open_for_import(const std::string& path) {
  db::Connection c(path, db::Connection::Mode::read_write_create);
  // Rollback journal, not WAL: the database stays one self-contained file that read-only analysts (and
  // read-only media) can open without a -shm file. One transaction per archive means one journal sync per
  // archive, so synchronous=FULL costs little and keeps a committed import durable. A large page cache keeps
  // the whole transaction's index pages in memory (the bulk of an import's cost).
  c.exec("PRAGMA journal_mode=DELETE");
  c.exec("PRAGMA synchronous=FULL");
  c.exec("PRAGMA cache_size=-262144");  // 256 MiB
  c.exec("PRAGMA temp_store=MEMORY");
  const auto diffs = schema_differences(c);
  if (diffs.size() == 1 && diffs[0] == "empty") {
    db::Transaction t(c);
    c.exec(all_schema_sql());
    auto ins = RowStatement::insert(c, tables::procsnap_meta);
    const std::string fp = schema_fingerprint();
    const std::string now = db::now_iso8601();
    ins.set("key", "schema_sha256").set("value", fp);
    ins.run();
    ins.set("key", "schema_version").set("value", "1");
    ins.run();
    ins.set("key", "created_at").set("value", now);
    ins.run();
    t.commit();
  } else if (!diffs.empty()) {
    refuse_schema(path, diffs);
  }
  return c;
}

db::Connection open_read_only(const std::string& path) {
  struct stat sb{};
  if (::stat(path.c_str(), &sb) != 0) {
    throw db::Error(fmt::format("no database at {} (create one with: procsnap import --db {} ARCHIVE)", path, path),
                    SQLITE_CANTOPEN);
  }
  db::Connection c(path, db::Connection::Mode::read_only);
  const auto diffs = schema_differences(c);
  if (!diffs.empty()) {
    if (diffs.size() == 1 && diffs[0] == "empty") {
      throw db::Error(fmt::format("{} is not a procsnap database (no tables)", path), SQLITE_ERROR);
    }
    refuse_schema(path, diffs);
  }
  return c;
}

}  // namespace procsnap::importer
