#pragma once
// The container tests' way to read a database through `procsnap query` (the CLI, as a user would).
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "importer/e2e_support.hpp"

namespace procsnap::containers_test {

/// The rows `procsnap query --db DB SQL` prints; a failing query is a test failure (and no rows).
inline std::vector<e2e::Value> rows_of(const std::string& db, const std::string& sql) {
  std::string error;
  auto rows = e2e::query(PROCSNAP_BIN, db, sql, error);
  EXPECT_TRUE(rows.has_value()) << sql << "\n" << error;
  return rows.value_or(std::vector<e2e::Value>{});
}

/// One cell as text: integers in decimal, NULL (or a missing column) as `null_as`.
inline std::string cell(const e2e::Value& row, std::string_view key, std::string_view null_as = "NULL") {
  if (auto i = e2e::int_at(row, key)) return std::to_string(*i);
  return e2e::text_at(row, key).value_or(std::string(null_as));
}

}  // namespace procsnap::containers_test
