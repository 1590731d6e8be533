// The committed samples (samples/baseline, samples/compromised) still import and triage as their READMEs say:
// every indicator in samples/compromised/planted.tsv is found, the baseline has no finding, and the container
// look-alikes planted.tsv names are containers of the compromised sample. No root needed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "importer/database.hpp"
#include "planted_tsv.hpp"
#include "triage/triage.hpp"

namespace procsnap::triage {
namespace {

namespace fs = std::filesystem;

const fs::path k_samples = fs::path(PROCSNAP_SOURCE_DIR) / "samples";

std::vector<testing::PlantedLine> read_planted() {
  return testing::read_planted_tsv(k_samples / "compromised/planted.tsv");
}

// Both samples imported once (baseline = snapshot 1, compromised = snapshot 2) into a temporary database.
class TriageSamples : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string tmpl = (fs::temp_directory_path() / "procsnap-triage-samples.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    const std::string cmd = std::string("'") + PROCSNAP_BIN + "' import --db '" + db_path() + "' '" +
                            (k_samples / "baseline/baseline.tar.zst").string() + "' '" +
                            (k_samples / "compromised/compromised.tar.zst").string() + "' >/dev/null 2>&1";
    const int st = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << cmd;
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  static std::string db_path() { return (dir_ / "s.db").string(); }

  // The single integer `sql` gives on the samples' database, its ? bound to `args` in order.
  static std::int64_t count(const std::string& sql, const std::vector<std::string>& args = {}) {
    db::Connection conn = importer::open_read_only(db_path());
    auto st = conn.prepare(sql);
    std::vector<db::Value> values;
    for (const auto& a : args) values.emplace_back(db::Text{a});
    st.bind_all(values);
    return st.step() ? st.column_int64(0) : -1;
  }

 private:
  static inline fs::path dir_;
};

TEST_F(TriageSamples, CommittedArchivesTriageAsDocumented) {
  db::Connection conn = importer::open_read_only(db_path());
  std::vector<std::string> errors;
  const auto checks = load_checks(errors);
  ASSERT_TRUE(errors.empty());
  const RunOptions all{.min_severity = Severity::low, .max_rows = 0};

  const Report base = run_checks(conn, 1, checks, all);
  EXPECT_TRUE(base.failures.empty());
  for (const auto& f : base.findings) ADD_FAILURE() << "baseline sample: " << f.check->id;

  const Report bad = run_checks(conn, 2, checks, all);
  EXPECT_TRUE(bad.failures.empty());
  const auto planted = read_planted();
  std::set<std::string> ids;
  for (const auto& p : planted) {
    ids.insert(p.id);
    bool found = false;
    for (const auto& f : bad.findings) {
      if (f.check->id != p.id) continue;
      for (std::size_t i = 0; i < f.columns.size(); ++i) {
        if (f.columns[i] != p.column) continue;
        for (const auto& row : f.rows) found = found || row[i].bytes == p.value;
      }
    }
    EXPECT_TRUE(found) << p.id << " " << p.column << "=" << p.value;
  }
  // samples/compromised/README.md: 33 lines, 25 checks (21 lines and 17 checks before the dirty-exec and
  // container look-alikes were planted).
  EXPECT_EQ(planted.size(), 33u);
  EXPECT_EQ(ids.size(), 25u);
  EXPECT_EQ(bad.findings.size(), 25u) << "a check fired that planted.tsv does not name";
}

// The container look-alikes named in planted.tsv (container_id and runtime lines) are what the import made of the
// compromised sample: its containers, their processes (container_processes) and the osquery-named view; the
// baseline has no container at all. A regeneration that loses them fails here.
TEST_F(TriageSamples, CompromisedSampleHoldsThePlantedContainers) {
  std::set<std::string> container_ids;
  std::set<std::string> runtimes;
  for (const auto& p : read_planted()) {
    if (p.column == "container_id") container_ids.insert(p.value);
    if (p.column == "runtime") runtimes.insert(p.value);
  }
  ASSERT_EQ(container_ids.size(), 2u) << "planted.tsv names the two docker-<id>.scope look-alikes";
  ASSERT_EQ(runtimes, std::set<std::string>{"docker"});
  const std::string runtime = *runtimes.begin();
  EXPECT_EQ(count("SELECT count(*) FROM containers WHERE snapshot_id = 1"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM container_processes WHERE snapshot_id = 1"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM containers WHERE snapshot_id = 2 AND runtime = ?", {runtime}),
            static_cast<std::int64_t>(container_ids.size()));
  for (const auto& id : container_ids) {
    EXPECT_EQ(count("SELECT count(*) FROM containers WHERE snapshot_id = 2 AND container_id = ? AND runtime = ? "
                    "AND recognised_by = 'docker-<id>.scope' AND cgroup_version = 2 AND cgroup_path = "
                    "'/system.slice/docker-' || container_id || '.scope'",
                    {id, runtime}),
              1)
        << id;
    EXPECT_EQ(count("SELECT count(*) FROM container_processes WHERE snapshot_id = 2 AND container_id = ? AND "
                    "is_init = 1 AND pid_in_container = 1",
                    {id}),
              1)
        << id;
    EXPECT_EQ(count("SELECT count(*) FROM docker_containers WHERE snapshot_id = 2 AND id = ? AND state = 'running' "
                    "AND privileged = 1",
                    {id}),
              1)
        << id;
  }
  // The privileged one also holds the process that nsenter'd into it (matched by its namespaces, not its cgroup).
  std::string entered;
  for (const auto& p : read_planted()) {
    if (p.id == "container-namespace-entry" && p.column == "container_id") entered = p.value;
  }
  ASSERT_FALSE(entered.empty());
  EXPECT_EQ(count("SELECT count(*) FROM container_processes WHERE snapshot_id = 2 AND container_id = ? AND "
                  "matched_by = 'namespaces' AND is_init = 0",
                  {entered}),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM container_processes WHERE snapshot_id = 2"), 3);
}

}  // namespace
}  // namespace procsnap::triage
