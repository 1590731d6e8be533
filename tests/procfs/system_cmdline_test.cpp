#include "procfs/system_cmdline.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemCmdline, PrometheusFixture) {
  const auto r = parse_system_cmdline(system_fixture("prometheus/cmdline"));
  EXPECT_TRUE(r.clean());
  EXPECT_EQ(r.value.text,
            "BOOT_IMAGE=/vmlinuz-5.11.0-22-generic root=UUID=456a0345-450d-4f7b-b7c9-43e3241d99ad ro quiet splash "
            "vt.handoff=7");
  ASSERT_EQ(r.value.params.size(), 6u);
  EXPECT_EQ(r.value.params[0].key, "BOOT_IMAGE");
  EXPECT_EQ(r.value.params[0].value, "/vmlinuz-5.11.0-22-generic");
  EXPECT_EQ(r.value.params[1].key, "root");
  EXPECT_EQ(r.value.params[1].value, "UUID=456a0345-450d-4f7b-b7c9-43e3241d99ad");  // split at the first '='
  EXPECT_EQ(r.value.params[2].key, "ro");
  EXPECT_FALSE(r.value.params[2].value.has_value());  // a bare flag has no value, not ""
  EXPECT_EQ(r.value.params[5].key, "vt.handoff");
  EXPECT_EQ(r.value.params[5].value, "7");
  EXPECT_EQ(r.value.params[5].position, 5u);
}

TEST(SystemCmdline, HostCaptureInitArgsAfterDoubleDash) {
  const auto r = parse_system_cmdline(system_fixture("host/cmdline"));
  EXPECT_TRUE(r.clean());
  ASSERT_FALSE(r.value.params.empty());
  EXPECT_EQ(r.value.params[0].key, "mitigations");
  EXPECT_EQ(r.value.params[0].value, "auto,no_guest_host,no_guest_guest");
  bool saw_init = false;
  for (const auto& p : r.value.params) {
    if (p.key == "rdinit") {
      EXPECT_EQ(p.value, "/process_api");
      EXPECT_FALSE(p.init_arg);
    }
    if (p.key == "--firecracker-init") {
      EXPECT_TRUE(p.init_arg);
      saw_init = true;
    }
    EXPECT_NE(p.raw, "--");
  }
  EXPECT_TRUE(saw_init);
  EXPECT_EQ(r.value.params.back().key, "--auth-required");
}

TEST(SystemCmdline, QuotesAsTheKernelReadsThem) {
  const auto r = parse_system_cmdline("a=\"x y\" \"b=c d\" \"e f\" =g h=\n");
  ASSERT_EQ(r.value.params.size(), 5u);
  EXPECT_EQ(r.value.params[0].key, "a");
  EXPECT_EQ(r.value.params[0].value, "x y");
  EXPECT_EQ(r.value.params[0].raw, "a=\"x y\"");
  EXPECT_EQ(r.value.params[1].key, "b");
  EXPECT_EQ(r.value.params[1].value, "c d");
  EXPECT_EQ(r.value.params[2].key, "e f");
  EXPECT_FALSE(r.value.params[2].value.has_value());
  EXPECT_EQ(r.value.params[3].key, "=g");  // the kernel ignores a '=' in first position
  EXPECT_FALSE(r.value.params[3].value.has_value());
  EXPECT_EQ(r.value.params[4].value, "");  // "h=" has an empty value, which is not absent
}

TEST(SystemCmdline, HostileInput) {
  constexpr char k_text[] = "init=/tmp/x\0y a=\"unterminated \xff\x1b[2J";
  const std::string text(k_text, sizeof k_text - 1);
  const auto r = parse_system_cmdline(text);
  EXPECT_TRUE(has_diag(r, "NUL"));
  EXPECT_TRUE(has_diag(r, "invalid UTF-8"));
  EXPECT_TRUE(has_diag(r, "unbalanced"));
  ASSERT_EQ(r.value.params.size(), 2u);
  EXPECT_EQ(r.value.params[0].value, std::string("/tmp/x\0y", 8));
  EXPECT_EQ(r.value.text, text);
  const auto big = parse_system_cmdline("a " + testing::ten_mb_line() + " b");
  ASSERT_EQ(big.value.params.size(), 3u);
  EXPECT_EQ(big.value.params[2].key, "b");
  // A flood of one-character parameters: the first k_cmdline_max_params are records, the rest counted, all in text.
  std::string flood;
  for (std::size_t n = 0; n < k_cmdline_max_params + 10; ++n) flood += "? ";
  flood += "-- last";
  const auto many = parse_system_cmdline(flood);
  ASSERT_EQ(many.value.params.size(), k_cmdline_max_params);
  EXPECT_EQ(many.value.params.back().key, "?");
  EXPECT_TRUE(has_diag(many, "11 more not kept as records"));
  EXPECT_EQ(many.value.text, flood);
  EXPECT_TRUE(parse_system_cmdline("").value.params.empty());
  EXPECT_EQ(parse_system_cmdline("\"").value.params.size(), 1u);
}

}  // namespace
}  // namespace procsnap::procfs
