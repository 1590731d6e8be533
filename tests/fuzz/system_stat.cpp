// Fuzz target (see tests/fuzz/CMakeLists.txt): every input goes to each parser of the group below; the
// property is that each call returns (never a crash, hang, leak or sanitizer report) whatever the bytes.
// Group: system-wide counters: /proc/meminfo, stat, vmstat, zoneinfo, buddyinfo, pressure/*, loadavg, uptime,
// version, softirqs, interrupts.
#include "procfs/system_stat.hpp"

#include "fuzz_input.hpp"
#include "procfs/system_buddyinfo.hpp"
#include "procfs/system_interrupts.hpp"
#include "procfs/system_loadavg.hpp"
#include "procfs/system_meminfo.hpp"
#include "procfs/system_pressure.hpp"
#include "procfs/system_softirqs.hpp"
#include "procfs/system_uptime.hpp"
#include "procfs/system_version.hpp"
#include "procfs/system_vmstat.hpp"
#include "procfs/system_zoneinfo.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pf = procsnap::procfs;
  using procsnap::fuzz::consume;
  const auto t = procsnap::fuzz::as_text(data, size);
  consume(pf::parse_system_meminfo(t));
  consume(pf::parse_system_stat(t));
  consume(pf::parse_system_vmstat(t));
  consume(pf::parse_system_zoneinfo(t));
  consume(pf::parse_system_buddyinfo(t));
  consume(pf::parse_system_pressure(t));
  consume(pf::parse_system_loadavg(t));
  consume(pf::parse_system_uptime(t));
  consume(pf::parse_system_version(t));
  consume(pf::parse_system_softirqs(t));
  consume(pf::parse_system_interrupts(t));
  return 0;
}
