// The procsnap-collect binary itself: fully static, stripped, within the size budget, a help that teaches, and
// usage errors with exit code 2.
#include <gtest/gtest.h>

#include "collector/test_support.hpp"

namespace {

constexpr const char* k_bin = PROCSNAP_COLLECT_BIN;

std::string shell_output(const std::string& cmd) {
  std::string out;
  FILE* f = ::popen(cmd.c_str(), "r");
  if (f == nullptr) {
    return out;
  }
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    out.append(buf, n);
  }
  ::pclose(f);
  return out;
}

TEST(Binary, IsStaticStrippedAndAtMostThreeMegabytes) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "sanitizer build: the collector is deliberately linked dynamically (ASan cannot be static); "
                  "the release build's test checks static linking and size";
#endif
  const auto ldd = shell_output(std::string("ldd '") + k_bin + "' 2>&1");
  EXPECT_NE(ldd.find("not a dynamic executable"), std::string::npos) << ldd;
  const auto file = shell_output(std::string("file -b '") + k_bin + "' 2>&1");
  if (file.find("not found") == std::string::npos) {
    EXPECT_NE(file.find("statically linked"), std::string::npos) << file;
    EXPECT_NE(file.find("stripped"), std::string::npos) << file;
    EXPECT_EQ(file.find("not stripped"), std::string::npos) << file;
  }
  EXPECT_LE(std::filesystem::file_size(k_bin), 3u * 1024 * 1024);
}

TEST(Binary, NeverLinksSqlite) {
  const auto strings = procsnap::test::slurp(k_bin).value_or("");
  ASSERT_FALSE(strings.empty());
  EXPECT_EQ(strings.find("sqlite3_open"), std::string::npos);
  EXPECT_EQ(strings.find("SQLite format 3"), std::string::npos);
}

TEST(Binary, HelpTeachesExamplesAndExitCodes) {
  procsnap::test::TempDir tmp;
  const auto r = procsnap::test::run_program(k_bin, {"--help"}, {.stdout_path = tmp / "help.txt"});
  EXPECT_EQ(r.exit_code, 0);
  const auto help = procsnap::test::slurp(tmp / "help.txt").value_or("");
  for (const char* s : {"Usage:", "Examples:", "Exit codes:", "--proc-root", "--pids", "--max-file-bytes", "--compress",
                        "--no-threads", "--case", "seccomp", "sha256"}) {
    EXPECT_NE(help.find(s), std::string::npos) << s;
  }
}

TEST(Binary, UsageErrorsExitTwoWithAMessage) {
  procsnap::test::TempDir tmp;
  for (const auto& args : std::vector<std::vector<std::string>>{{},
                                                                {"-o"},
                                                                {"-o", tmp / "x.tar", "--bogus"},
                                                                {"-o", tmp / "x.tar", "--compress", "lz4"},
                                                                {"-o", tmp / "x.tar", "--pids", "1,,2"},
                                                                {"-o", tmp / "x.tar", "--pids", "-3"},
                                                                {"-o", tmp / "x.tar", "--max-file-bytes", "0"},
                                                                {"-o", tmp / "x.tar", "--proc-root", tmp / "nope"},
                                                                {"-o", "/proc/self/clear_refs"}}) {
    const auto r = procsnap::test::run_program(k_bin, args);
    std::string joined;
    for (const auto& a : args) {
      joined += a + " ";
    }
    EXPECT_EQ(r.exit_code, 2) << joined << "\n" << r.err;
    EXPECT_NE(r.err.find("procsnap-collect: "), std::string::npos) << joined;
  }
}

}  // namespace
