#pragma once
// The container tests' way to read a database through `procsnap query` (the CLI, as a user would), and the suite
// base that captures a --proc-root fixture tree with the real collector and imports it once.
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

/// A suite over one fixture tree: `Suite::proc_root()` captured with `procsnap-collect --proc-root` and imported
/// once for the suite; every test skips (with the reason) when a binary is unusable and fails when the capture or
/// import did. Each Suite (CRTP) has its own database.
template <class Suite>
class ProcRootImport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (const char* bin : {PROCSNAP_COLLECT_BIN, PROCSNAP_BIN}) {
      if (auto why = e2e::unusable_binary(bin)) skip_ = *why;
    }
    if (!skip_.empty()) return;
    dir_ = new e2e::TempDir();
    db_ = dir_->file("c.db");
    error_ = e2e::capture_and_import(PROCSNAP_COLLECT_BIN, PROCSNAP_BIN, {"--proc-root", Suite::proc_root()},
                                     dir_->file("c.tar"), db_)
                 .value_or("");
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
    ASSERT_EQ(error_, "");
  }
  static std::vector<e2e::Value> query(const std::string& sql) { return rows_of(db_, sql); }

  static inline std::string skip_;
  static inline std::string error_;
  static inline e2e::TempDir* dir_ = nullptr;
  static inline std::string db_;
};

}  // namespace procsnap::containers_test
