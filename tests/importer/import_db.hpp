#pragma once
// A database in a temporary directory that tests import archives into and query: the import_test,
// memory_import_test and zombie_leader_test fixture.
#include "importer/database.hpp"
#include "importer/importer.hpp"
#include "test_archive.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace procsnap::testing {

struct ImportDb {
  TempDir dir;
  std::string path = dir.file("t.db");

  /// Imports `bytes` (written as `name` in the temp dir). PROCSNAP_TEST_ARCHIVE_DIR=<dir> keeps every archive,
  /// named by its SHA-256, e.g. to replay them through the sanitizer-built fuzz_import target or seed its corpus.
  importer::ImportResult import(const std::string& bytes, const std::string& name = "a.tar") {
    if (const char* keep = std::getenv("PROCSNAP_TEST_ARCHIVE_DIR")) {
      write_file(std::string(keep) + "/" + sha_hex(bytes) + ".tar", bytes);
    }
    auto c = importer::open_for_import(path);
    return importer::import_archive(c, write_file(dir.file(name), bytes), {});
  }
  /// First column of the first row as text ("NULL" for NULL, "(no row)" when there is none).
  std::string one(const std::string& sql) {
    auto c = importer::open_read_only(path);
    auto st = c.prepare(sql);
    return st.step() ? st.column_opt_text(0).value_or("NULL") : "(no row)";
  }
  std::int64_t count(const std::string& sql) { return std::stoll(one(sql)); }
};

}  // namespace procsnap::testing
