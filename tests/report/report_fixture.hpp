#pragma once
// Shared by the report tests: a temporary directory, running procsnap / procsnap-collect, and the committed samples
// (samples/baseline = snapshot 1, samples/compromised = snapshot 2) imported once per test binary.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace procsnap::report::testing {

namespace fs = std::filesystem;

/// A directory under the system temp dir, removed with its content at the end (kept when PROCSNAP_KEEP_TEST_DIRS
/// is set, to look at a failing test's files).
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    std::string tmpl = (fs::temp_directory_path() / ("procsnap-" + tag + ".XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    if (path_.empty() || std::getenv("PROCSNAP_KEEP_TEST_DIRS") != nullptr) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

inline std::string quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Runs a shell command; returns its exit status (-1 when it did not exit normally).
inline int run_shell(const std::string& cmd) {
  const int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Occurrences of `what` in `s`.
inline std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + what.size())) ++n;
  return n;
}

/// The values of every attribute `name` (written ` name="value"`, as a serialized DOM always quotes them).
/// (No std::regex in these tests: GCC 12's <regex> trips -Wmaybe-uninitialized in the asan preset.)
inline std::vector<std::string> attribute_values(const std::string& html, const std::string& name) {
  std::vector<std::string> out;
  const std::string key = name + "=\"";
  for (auto pos = html.find(key); pos != std::string::npos; pos = html.find(key, pos + 1)) {
    if (pos == 0 || (html[pos - 1] != ' ' && html[pos - 1] != '\n' && html[pos - 1] != '\t')) continue;
    const auto start = pos + key.size();
    const auto end = html.find('"', start);
    if (end == std::string::npos) break;
    out.push_back(html.substr(start, end - start));
  }
  return out;
}

/// samples/baseline and samples/compromised imported into one database (ids 1 and 2), made once per binary.
inline const std::string& samples_db() {
  static TempDir dir("report-samples");
  static const std::string db = [] {
    const fs::path samples = fs::path(PROCSNAP_SOURCE_DIR) / "samples";
    const std::string path = dir.file("samples.db");
    const std::string cmd = quote(PROCSNAP_BIN) + " import --db " + quote(path) + " " +
                            quote((samples / "baseline/baseline.tar.zst").string()) + " " +
                            quote((samples / "compromised/compromised.tar.zst").string()) + " >/dev/null 2>&1";
    EXPECT_EQ(run_shell(cmd), 0) << cmd;
    return path;
  }();
  return db;
}

}  // namespace procsnap::report::testing
