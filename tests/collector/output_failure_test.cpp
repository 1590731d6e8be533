// Output failures: a full device, a closed pipe, a file size limit. Each gives exit code 4, a clear message on
// stderr, and never a trailer (the partial archive reads as incomplete).
#include <gtest/gtest.h>

#include "collector/test_support.hpp"

namespace {

constexpr const char* k_bin = PROCSNAP_COLLECT_BIN;

TEST(OutputFailure, DevFullIsExitFourWithNoSpaceMessage) {
  const auto r = procsnap::test::run_program(k_bin, {"-o", "/dev/full", "--compress", "none"});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no trailer"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("sha256 "), std::string::npos) << r.err;
}

TEST(OutputFailure, ClosedPipeIsExitFourNotADeathBySigpipe) {
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  ::close(p[0]);  // nobody will ever read
  const auto r = procsnap::test::run_program(k_bin, {"-o", "-"}, {.stdout_fd = p[1]});
  ::close(p[1]);
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("Broken pipe"), std::string::npos) << r.err;
}

TEST(OutputFailure, PipeClosedAfterSomeBytesLeavesNoTrailer) {
  // Like `procsnap-collect -o - | head -c 1000`.
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  std::string got;
  std::thread reader([&] {
    char buf[1000];
    std::size_t total = 0;
    while (total < sizeof buf) {
      const ssize_t n = ::read(p[0], buf + total, sizeof buf - total);
      if (n <= 0) {
        break;
      }
      total += static_cast<std::size_t>(n);
    }
    got.assign(buf, total);
    ::close(p[0]);
  });
  const auto r = procsnap::test::run_program(k_bin, {"-o", "-", "--compress", "none"}, {.stdout_fd = p[1]});
  ::close(p[1]);
  reader.join();
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("Broken pipe"), std::string::npos) << r.err;
  EXPECT_EQ(got.find("procsnap/trailer.json"), std::string::npos);
}

TEST(OutputFailure, FileSizeLimitGivesAnIncompleteArchiveWithoutTrailer) {
  procsnap::test::TempDir tmp;
  const std::string out = tmp / "limited.tar";
  const auto r = procsnap::test::run_program(k_bin, {"-o", out, "--compress", "none"}, {.fsize_limit = 200 * 1024});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_LE(std::filesystem::file_size(out), 200u * 1024);
  const auto ar = procsnap::test::read_archive(out);
  ASSERT_FALSE(ar.members.empty());
  EXPECT_EQ(ar.members.front().path, "procsnap/header.json");
  EXPECT_FALSE(ar.has("procsnap/trailer.json"));
}

}  // namespace
