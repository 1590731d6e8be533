#include "procfs/system_sysctl.hpp"

#include <gtest/gtest.h>

#include "system_fixture.hpp"

namespace procsnap::procfs {
namespace {
using testing::has_diag;
using testing::system_fixture;

TEST(SystemSysctl, HostCaptures) {
  const auto h = parse_system_sysctl("kernel/hostname", system_fixture("host/sys/kernel/hostname"));
  EXPECT_TRUE(h.clean());
  EXPECT_EQ(h.value.name, "kernel.hostname");
  EXPECT_EQ(h.value.path, "kernel/hostname");
  EXPECT_EQ(h.value.value, "vm");
  const auto b = parse_system_sysctl("kernel/random/boot_id", system_fixture("host/sys/kernel/random/boot_id"));
  EXPECT_EQ(b.value.name, "kernel.random.boot_id");
  EXPECT_EQ(b.value.value, "3a1585e8-a790-48a6-8fdb-538dc466642d");
}

TEST(SystemSysctl, PrometheusFixtures) {
  const auto e =
      parse_system_sysctl("kernel/random/entropy_avail", system_fixture("prometheus/sys/kernel/random/entropy_avail"));
  EXPECT_EQ(e.value.value, "3943");
  const auto lr =
      parse_system_sysctl("vm/lowmem_reserve_ratio", system_fixture("prometheus/sys/vm/lowmem_reserve_ratio"));
  EXPECT_EQ(lr.value.name, "vm.lowmem_reserve_ratio");
  EXPECT_NE(lr.value.value.find('\t'), std::string::npos);  // multi-value entries keep their tabs
}

TEST(SystemSysctl, DotInComponentAndHostileValues) {
  const auto r = parse_system_sysctl("net/ipv4/conf/eth0.100/forwarding", "1\n");
  EXPECT_EQ(r.value.name, "net.ipv4.conf.eth0/100.forwarding");  // as sysctl(8) prints it
  EXPECT_EQ(r.value.path, "net/ipv4/conf/eth0.100/forwarding");
  const auto n = parse_system_sysctl("kernel/x", std::string("a\0b\xff\n\n", 6));
  EXPECT_EQ(n.value.value, std::string("a\0b\xff\n", 5));  // exactly one trailing newline removed
  EXPECT_TRUE(has_diag(n, "NUL"));
  EXPECT_TRUE(has_diag(n, "invalid UTF-8"));
  EXPECT_EQ(parse_system_sysctl("kernel/empty", "").value.value, "");
}

}  // namespace
}  // namespace procsnap::procfs
