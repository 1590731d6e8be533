// The committed samples (samples/baseline, samples/compromised) still import and triage as their READMEs say:
// every indicator in samples/compromised/planted.tsv is found, the baseline has no finding. No root needed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "importer/database.hpp"
#include "triage/triage.hpp"

namespace procsnap::triage {
namespace {

namespace fs = std::filesystem;

TEST(TriageSamples, CommittedArchivesTriageAsDocumented) {
  const fs::path samples = fs::path(PROCSNAP_SOURCE_DIR) / "samples";
  std::string tmpl = (fs::temp_directory_path() / "procsnap-triage-samples.XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  const fs::path dir = tmpl;
  const std::string db_path = (dir / "s.db").string();
  const std::string cmd = std::string("'") + PROCSNAP_BIN + "' import --db '" + db_path + "' '" +
                          (samples / "baseline/baseline.tar.zst").string() + "' '" +
                          (samples / "compromised/compromised.tar.zst").string() + "' >/dev/null 2>&1";
  const int st = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << cmd;
  {
    db::Connection conn = importer::open_read_only(db_path);
    std::vector<std::string> errors;
    const auto checks = load_checks(errors);
    ASSERT_TRUE(errors.empty());
    const RunOptions all{.min_severity = Severity::low, .max_rows = 0};

    const Report base = run_checks(conn, 1, checks, all);
    EXPECT_TRUE(base.failures.empty());
    for (const auto& f : base.findings) ADD_FAILURE() << "baseline sample: " << f.check->id;

    const Report bad = run_checks(conn, 2, checks, all);
    EXPECT_TRUE(bad.failures.empty());
    std::ifstream planted(samples / "compromised/planted.tsv");
    std::string line;
    std::size_t n = 0;
    while (std::getline(planted, line)) {
      std::istringstream in(line);
      std::string id, column, value;
      std::getline(in, id, '\t');
      std::getline(in, column, '\t');
      std::getline(in, value, '\t');
      ++n;
      bool found = false;
      for (const auto& f : bad.findings) {
        if (f.check->id != id) continue;
        for (std::size_t i = 0; i < f.columns.size(); ++i) {
          if (f.columns[i] != column) continue;
          for (const auto& row : f.rows) found = found || row[i].bytes == value;
        }
      }
      EXPECT_TRUE(found) << id << " " << column << "=" << value;
    }
    EXPECT_EQ(n, 21u);  // samples/compromised/README.md: 21 indicators (elf-in-anon-memory since --mem)
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace procsnap::triage
