// contrib/velociraptor and contrib/uac: their YAML parses and names only options procsnap-collect has; the
// collector accepts the options as each passes them (tests/report/contrib_check.py does the YAML side).
#include <gtest/gtest.h>
#include <unistd.h>

#include "report/report_fixture.hpp"

namespace procsnap::report {
namespace {

TEST(Contrib, ArtifactsParseAndNameTheCollectorsOptions) {
  if (testing::run_shell("python3 -c 'import yaml' 2>/dev/null") != 0) {
    if (std::getenv("CI") != nullptr) FAIL() << "CI is set and python3-yaml is not installed";
    GTEST_SKIP() << "python3-yaml is not installed (scripts/setup-deps.sh installs it)";
  }
  testing::TempDir dir("contrib");
  const std::string script = std::string(PROCSNAP_SOURCE_DIR) + "/tests/report/contrib_check.py";
  const std::string cmd = "python3 " + testing::quote(script) + " " + testing::quote(PROCSNAP_SOURCE_DIR) + " " +
                          testing::quote(PROCSNAP_COLLECT_BIN) + " " + testing::quote(dir.path().string()) + " " +
                          std::to_string(::getpid());
  EXPECT_EQ(testing::run_shell(cmd), 0) << cmd;
}

}  // namespace
}  // namespace procsnap::report
