// Rows bound by column name against a table declaration (table_row.hpp).
#include "importer/table_row.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <utility>

namespace procsnap::importer {

namespace {

// A column that an INSERT naming every column must give a value: NOT NULL, or the PRIMARY KEY of a STRICT table
// (implicitly NOT NULL there) unless it is the INTEGER PRIMARY KEY, which NULL makes SQLite assign.
bool must_be_set(const TableDecl& t, const ColumnDecl& c) {
  if (c.not_null) return true;
  return t.strict && c.constraint.starts_with("PRIMARY KEY") && c.type != Type::integer;
}

std::string quote_ident(std::string_view s) {
  std::string out = "\"";
  for (const char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

}  // namespace

NamedRow::NamedRow(const TableDecl& t) : table_(t.name) {
  const auto keys = key_columns(t.scope, false);
  for (const auto cols : {keys, t.columns}) {
    for (const ColumnDecl& c : cols) {
      if (must_be_set(t, c)) required_.push_back(names_.size());
      names_.push_back(c.name);
    }
  }
  values_.resize(names_.size());
  set_.assign(names_.size(), 0);
}

NamedRow::NamedRow(const TableDecl& t, std::span<const std::string_view> columns) : table_(t.name) {
  const NamedRow all(t);
  for (const std::string_view name : columns) {
    bool declared = false;
    for (const std::string_view n : all.names_) declared = declared || n == name;
    if (!declared) throw std::logic_error(fmt::format("table {} declares no column {}", t.name, name));
    for (const std::string_view n : names_) {
      if (n == name) throw std::logic_error(fmt::format("column {}.{} listed twice", t.name, name));
    }
    required_.push_back(names_.size());
    names_.push_back(name);
  }
  values_.resize(names_.size());
  set_.assign(names_.size(), 0);
}

std::size_t NamedRow::find(std::string_view column) {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == column) {
      next_ = i + 1;
      return i;
    }
  }
  throw std::logic_error(fmt::format("{}: no column named {}", table_, column));
}

std::span<const db::Value> NamedRow::values() const {
  for (const std::size_t i : required_) {
    if (!set_[i])
      throw std::logic_error(fmt::format("{}: column {} was not set (it may not be NULL)", table_, names_[i]));
  }
  return values_;
}

void NamedRow::clear() {
  for (std::size_t i = 0; i < values_.size(); ++i) {
    values_[i] = db::Value{};
    set_[i] = 0;
  }
  next_ = 0;
}

RowStatement RowStatement::insert(const db::Connection& c, const TableDecl& t, std::string_view tail,
                                  std::string_view verb) {
  NamedRow row(t);
  std::string sql = fmt::format("{} INTO {} (", verb, quote_ident(t.name));
  std::string params;
  for (std::size_t i = 0; i < row.names().size(); ++i) {
    sql += (i ? ", " : "") + quote_ident(row.names()[i]);
    params += i ? ", ?" : "?";
  }
  sql += ") VALUES (" + params + ")";
  if (!tail.empty()) {
    sql += ' ';
    sql += tail;
  }
  db::Statement st = c.prepare(sql);
  return RowStatement(std::move(row), std::move(st));
}

RowStatement RowStatement::update(const db::Connection& c, const TableDecl& t,
                                  std::span<const std::string_view> set_columns,
                                  std::span<const std::string_view> where_columns) {
  if (set_columns.empty() || where_columns.empty()) {
    throw std::logic_error(fmt::format("UPDATE {}: no column to set or no WHERE column", t.name));
  }
  std::vector<std::string_view> all(set_columns.begin(), set_columns.end());
  all.insert(all.end(), where_columns.begin(), where_columns.end());
  NamedRow row(t, all);
  std::string sql = fmt::format("UPDATE {} SET ", quote_ident(t.name));
  for (std::size_t i = 0; i < set_columns.size(); ++i) {
    sql += (i ? ", " : "") + quote_ident(set_columns[i]) + " = ?";
  }
  sql += " WHERE ";
  for (std::size_t i = 0; i < where_columns.size(); ++i) {
    sql += (i ? " AND " : "") + quote_ident(where_columns[i]) + " = ?";
  }
  db::Statement st = c.prepare(sql);
  return RowStatement(std::move(row), std::move(st));
}

void RowStatement::run() {
  try {
    st_.run(row_.values());
  } catch (...) {
    row_.clear();
    throw;
  }
  row_.clear();
}

}  // namespace procsnap::importer
