// procsnap diff on snapshots captured by the real collector (`procsnap-collect --proc-root`) from /proc trees
// built in a temporary directory out of tests/fixtures/proc (prometheus/procfs copies and live captures of this
// machine), imported by the real `procsnap import`, compared by the real `procsnap diff`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "importer/e2e_support.hpp"

namespace {

namespace e2e = procsnap::e2e;
namespace fs = std::filesystem;
using procsnap::common::json::Value;

const fs::path k_fixtures = fs::path(PROCSNAP_FIXTURES_DIR) / "proc";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const fs::path& p, std::string_view data) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

/// A relocated /proc tree: process directories copied from fixtures (regular files only: no symlink is
/// followed, no subdirectory copied) and the identity files the collector reads.
class Tree {
 public:
  Tree(fs::path root, std::string_view boot_id, std::string_view hostname) : root_(std::move(root)) {
    spit(root_ / "sys/kernel/random/boot_id", std::string(boot_id) + "\n");
    spit(root_ / "sys/kernel/hostname", std::string(hostname) + "\n");
  }
  /// Copies fixture directory `from` (under tests/fixtures/proc) as process `pid`.
  void add(std::string_view from, int pid) {
    const fs::path dst = root_ / std::to_string(pid);
    fs::create_directories(dst);
    for (const auto& e : fs::directory_iterator(k_fixtures / from)) {
      if (e.is_regular_file() && !e.is_symlink()) fs::copy_file(e.path(), dst / e.path().filename());
    }
  }
  /// Rewrites field 22 (starttime) of <pid>/stat: the same pid, now another process.
  void set_starttime(int pid, std::string_view ticks) {
    const fs::path p = root_ / std::to_string(pid) / "stat";
    std::string stat = slurp(p);
    const auto close = stat.rfind(')');
    std::istringstream rest(stat.substr(close + 2));
    std::vector<std::string> fields;
    std::string f;
    while (rest >> f) fields.push_back(f);
    fields.at(22 - 3) = std::string(ticks);  // fields after comm start at field 3
    std::string out = stat.substr(0, close + 2);
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? " " : "") + fields[i];
    spit(p, out + "\n");
  }
  [[nodiscard]] const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

class DiffFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* bin : {PROCSNAP_COLLECT_BIN, PROCSNAP_BIN}) {
      if (auto why = e2e::unusable_binary(bin)) GTEST_SKIP() << *why;
    }
    ASSERT_FALSE(dir_.path().empty());
    db_ = dir_.file("diff.db");
  }
  void capture(const Tree& t, const std::string& name) {
    const auto err = e2e::capture_and_import(PROCSNAP_COLLECT_BIN, PROCSNAP_BIN, {"--proc-root", t.root().string()},
                                             dir_.file(name + ".tar"), db_);
    ASSERT_FALSE(err.has_value()) << *err;
  }
  /// `procsnap diff --format json 1 2 [extra]`: the parsed document; `rc` gets the exit code.
  Value diff(int& rc, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{PROCSNAP_BIN, "diff", "--db", db_, "1", "2", "--format", "json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const auto r = e2e::run(argv);
    rc = r.exit_code;
    auto parsed = procsnap::common::json::parse(r.out);
    EXPECT_TRUE(std::holds_alternative<Value>(parsed)) << r.out << r.err;
    return std::holds_alternative<Value>(parsed) ? std::get<Value>(parsed) : Value{};
  }
  static std::vector<const Value*> changes(const Value& doc, std::string_view category) {
    std::vector<const Value*> out;
    const Value* arr = doc.find("changes");
    if (arr == nullptr || arr->as_array() == nullptr) return out;
    for (const auto& c : *arr->as_array()) {
      if (c.string_at("category") == category) out.push_back(&c);
    }
    return out;
  }

  e2e::TempDir dir_;
  std::string db_;
};

TEST_F(DiffFixture, PidReuseIsReportedAsExitPlusStart) {
  Tree a(dir_.path() / "a", "3a0b5c2e-8f37-4d2a-9a57-0c1d2e3f4a5b", "fixture-host");
  Tree b(dir_.path() / "b", "3a0b5c2e-8f37-4d2a-9a57-0c1d2e3f4a5b", "fixture-host");
  for (Tree* t : {&a, &b}) {
    t->add("26231", 26231);
    t->add("live-12216", 12216);
  }
  b.set_starttime(26231, "99999");  // pid 26231 exited; a new process got the same pid
  capture(a, "a");
  capture(b, "b");
  int rc = -1;
  const Value doc = diff(rc);
  EXPECT_EQ(rc, 1);
  EXPECT_EQ(doc.string_at("mode"), "time");
  EXPECT_EQ(doc.find("mode_auto")->as_bool(), true);
  const auto procs = changes(doc, "processes");
  ASSERT_EQ(procs.size(), 2u) << doc.find("changes")->as_array()->size();
  EXPECT_EQ(procs[0]->string_at("kind"), "exited");
  EXPECT_EQ(procs[0]->i64_at("pid"), 26231);
  EXPECT_EQ(procs[0]->i64_at("start_time"), 82375);
  EXPECT_EQ(procs[1]->string_at("kind"), "started");
  EXPECT_EQ(procs[1]->i64_at("pid"), 26231);
  EXPECT_EQ(procs[1]->i64_at("start_time"), 99999);
  // Nothing else: the reused pid's attributes are never "changed", the untouched process has no change.
  for (const auto& c : *doc.find("changes")->as_array()) {
    EXPECT_NE(c.string_at("kind"), "changed") << c.string_at("attribute").value_or("");
    EXPECT_NE(c.i64_at("pid"), 12216) << c.string_at("attribute").value_or("");
  }
}

TEST_F(DiffFixture, SameTreeTwiceHasNoDifferencesAndExitsZero) {
  Tree a(dir_.path() / "a", "3a0b5c2e-8f37-4d2a-9a57-0c1d2e3f4a5b", "fixture-host");
  a.add("26231", 26231);
  a.add("live-12217", 12217);
  capture(a, "a");
  spit(a.root() / "sys/kernel/hostname", "fixture-host\n");  // rewritten, same content: a second capture
  capture(a, "b");
  int rc = -1;
  const Value doc = diff(rc);
  EXPECT_EQ(rc, 0) << doc.find("changes")->as_array()->size();
  EXPECT_EQ(doc.find("counts")->i64_at("total"), 0);
}

TEST_F(DiffFixture, HostAgainstHost) {
  Tree a(dir_.path() / "a", "11111111-1111-4111-8111-111111111111", "alpha");
  Tree b(dir_.path() / "b", "22222222-2222-4222-8222-222222222222", "beta");
  a.add("26231", 26231);       // vim, uid 1000: only on alpha
  a.add("live-12217", 12217);  // the perl worker: on both, under different pids
  b.add("live-12217", 3000);
  b.add("live-12216", 12216);  // python, uid 0: only on beta
  b.add("live-1", 1);
  capture(a, "a");
  capture(b, "b");
  int rc = -1;
  const Value doc = diff(rc);
  EXPECT_EQ(rc, 1);
  EXPECT_EQ(doc.string_at("mode"), "hosts");
  EXPECT_NE(doc.string_at("mode_reason").value_or("").find("different boot_id"), std::string::npos);
  std::vector<std::string> added, removed;
  for (const Value* c : changes(doc, "processes")) {
    EXPECT_TRUE(c->find("pid")->is_null());
    const std::string kind = c->string_at("kind").value_or("");
    ASSERT_TRUE(kind == "added" || kind == "removed") << kind;
    (kind == "added" ? added : removed).push_back(c->string_at("key").value_or(""));
  }
  EXPECT_EQ(removed, (std::vector<std::string>{"? vim test.go +10", "uid 1000"}));
  ASSERT_EQ(added.size(), 2u) << ::testing::PrintToString(added);
  // Sorted by key: "? /process_api ..." before "? /usr/bin/python3 ..." (no exe link in the copied trees).
  EXPECT_TRUE(added[0].starts_with("? /process_api --firecracker-init")) << added[0];
  EXPECT_EQ(added[1], "? /usr/bin/python3 /tmp/basic_child.py arg with spaces  last");
  for (const auto& k : added) EXPECT_EQ(k.find("perl-worker"), std::string::npos);
}

}  // namespace
