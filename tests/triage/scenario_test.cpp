// The samples/scenario/run.sh scenario, live (root only): every planted indicator is found by its check in the
// compromised capture, and the baseline capture has no high-severity finding among the scenario's processes.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "importer/database.hpp"
#include "planted_tsv.hpp"
#include "triage/triage.hpp"

namespace procsnap::triage {
namespace {

namespace fs = std::filesystem;

int run_shell(const std::string& cmd) {
  const int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::int64_t snapshot_id(const db::Connection& conn, std::string_view name_part) {
  auto st = conn.prepare("SELECT id FROM snapshots WHERE note LIKE ?");
  const std::string pat = "%" + std::string(name_part) + "%";
  const std::array<db::Value, 1> args{db::Text{pat}};
  st.bind_all(args);
  return st.step() ? st.column_int64(0) : -1;
}

// Values of `column` across the finding of check `id` (empty when it did not fire).
std::set<std::string> evidence(const Report& r, std::string_view id, std::string_view column) {
  std::set<std::string> out;
  for (const auto& f : r.findings) {
    if (f.check->id != id) continue;
    for (std::size_t i = 0; i < f.columns.size(); ++i) {
      if (f.columns[i] != column) continue;
      for (const auto& row : f.rows) out.insert(row[i].bytes);
    }
  }
  return out;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "procsnap-triage-scenario.XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(TriageScenario, PlantedIndicatorsFoundAndBaselineClean) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "the scenario needs root (unshare -n/-m, CAP_NET_RAW, kept capabilities); CI runs it as root";
  }
  if (run_shell("command -v cc >/dev/null 2>&1") != 0) GTEST_SKIP() << "no C compiler (cc) to build the implants";
  TempDir tmp;
  ASSERT_FALSE(tmp.path().empty());
  const fs::path out = tmp.path();
  const std::string script = std::string(PROCSNAP_SOURCE_DIR) + "/samples/scenario/run.sh";
  ASSERT_EQ(run_shell("'" + script + "' '" + out.string() + "' '" + PROCSNAP_COLLECT_BIN + "' >'" +
                      (out / "run.log").string() + "' 2>&1"),
            0)
      << "run.sh failed; see its log";
  const std::string db_path = (out / "s.db").string();
  ASSERT_EQ(run_shell(std::string("'") + PROCSNAP_BIN + "' import --db '" + db_path + "' '" +
                      (out / "baseline.tar.zst").string() + "' '" + (out / "compromised.tar.zst").string() +
                      "' >/dev/null 2>&1"),
            0);
  for (const char* name : {"baseline.tar.zst", "compromised.tar.zst"}) {
    EXPECT_LT(fs::file_size(out / name), 2u * 1024 * 1024) << name << " should stay small (--pids)";
  }

  db::Connection conn = importer::open_read_only(db_path);
  std::vector<std::string> errors;
  const auto checks = load_checks(errors);
  ASSERT_TRUE(errors.empty());
  const RunOptions all{.min_severity = Severity::low, .max_rows = 0};

  const std::int64_t compromised = snapshot_id(conn, "planted indicators");
  ASSERT_GT(compromised, 0);
  const Report bad = run_checks(conn, compromised, checks, all);
  for (const auto& f : bad.failures) ADD_FAILURE() << f.id << ": " << f.message;
  const auto planted = testing::read_planted_tsv(out / "planted.tsv");
  std::set<std::string> planted_ids;
  for (const auto& p : planted) {
    planted_ids.insert(p.id);
    EXPECT_TRUE(evidence(bad, p.id, p.column).contains(p.value))
        << p.id << " did not report " << p.column << " = " << p.value;
  }
  EXPECT_GE(planted.size(), 20u) << "planted.tsv lists every indicator run.sh planted as root";
  // Every check is either planted (planted.tsv) or said not to be, with the reason (skipped.txt: "<id>: why").
  std::string line;
  std::set<std::string> skipped_ids;
  {
    std::ifstream skipped(out / "skipped.txt");
    while (std::getline(skipped, line)) {
      const auto colon = line.find(": ");
      if (colon != std::string::npos && colon + 2 < line.size()) skipped_ids.insert(line.substr(0, colon));
    }
  }
  for (const auto& check : checks) {
    EXPECT_TRUE(planted_ids.contains(check.id) || skipped_ids.contains(check.id))
        << check.id << ": neither planted nor in skipped.txt with a reason";
    EXPECT_FALSE(planted_ids.contains(check.id) && skipped_ids.contains(check.id)) << check.id;
  }

  const std::int64_t baseline = snapshot_id(conn, "clean baseline");
  ASSERT_GT(baseline, 0);
  std::set<std::string> own;
  std::ifstream pids(out / "baseline-pids.txt");
  while (std::getline(pids, line)) {
    if (!line.empty()) own.insert(line);
  }
  ASSERT_FALSE(own.empty());
  const Report clean = run_checks(conn, baseline, checks, RunOptions{.min_severity = Severity::high, .max_rows = 0});
  for (const auto& f : clean.findings) {
    for (const auto& pid : evidence(clean, f.check->id, "pid")) {
      EXPECT_FALSE(own.contains(pid)) << "baseline: " << f.check->id << " fired on the scenario's pid " << pid;
    }
  }

  // run.sh stopped everything it started: none of its pids is still a live (non-zombie) process.
  std::ifstream started(out / "planted-pids.txt");
  while (std::getline(started, line)) own.insert(line);
  for (const auto& pid : own) {
    std::ifstream stat("/proc/" + pid + "/stat");
    std::string text;
    std::getline(stat, text);
    const auto close = text.rfind(')');
    const bool alive = close != std::string::npos && close + 2 < text.size() && text[close + 2] != 'Z';
    EXPECT_FALSE(alive) << "run.sh left pid " << pid << " running: " << text;
  }

  // The CLI's exit code says findings exist at or above --min-severity.
  EXPECT_EQ(run_shell(std::string("'") + PROCSNAP_BIN + "' triage --db '" + db_path + "' " +
                      std::to_string(compromised) + " --min-severity high >/dev/null"),
            10);
  EXPECT_EQ(run_shell(std::string("'") + PROCSNAP_BIN + "' triage --db '" + db_path + "' " +
                      std::to_string(compromised) + " --format json | grep -q '\"id\":\"reverse-shell\"'"),
            0);
}

}  // namespace
}  // namespace procsnap::triage
