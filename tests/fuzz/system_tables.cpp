// Fuzz target (see tests/fuzz/CMakeLists.txt): every input goes to each parser of the group below; the
// property is that each call returns (never a crash, hang, leak or sanitizer report) whatever the bytes.
// Group: system-wide tables: /proc/cpuinfo, devices, diskstats, filesystems, keys, locks, misc, modules,
// partitions, swaps, sysvipc/*, cgroups, and sys/** values (the sysctl parser also takes the member path: the
// input's first line is used as the path).
#include "fuzz_input.hpp"
#include "procfs/system_cgroups.hpp"
#include "procfs/system_cpuinfo.hpp"
#include "procfs/system_devices.hpp"
#include "procfs/system_diskstats.hpp"
#include "procfs/system_filesystems.hpp"
#include "procfs/system_keys.hpp"
#include "procfs/system_locks.hpp"
#include "procfs/system_misc.hpp"
#include "procfs/system_modules.hpp"
#include "procfs/system_partitions.hpp"
#include "procfs/system_swaps.hpp"
#include "procfs/system_sysctl.hpp"
#include "procfs/system_sysvipc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pf = procsnap::procfs;
  using procsnap::fuzz::consume;
  const auto t = procsnap::fuzz::as_text(data, size);
  consume(pf::parse_system_cpuinfo(t));
  consume(pf::parse_system_devices(t));
  consume(pf::parse_system_diskstats(t));
  consume(pf::parse_system_filesystems(t));
  consume(pf::parse_system_keys(t));
  consume(pf::parse_system_locks(t));
  consume(pf::parse_system_misc(t));
  consume(pf::parse_system_modules(t));
  consume(pf::parse_system_partitions(t));
  consume(pf::parse_system_swaps(t));
  consume(pf::parse_system_sysvipc(t));
  consume(pf::parse_system_cgroups(t));
  const auto nl = t.find('\n');
  consume(pf::parse_system_sysctl(nl == std::string_view::npos ? std::string_view{} : t.substr(0, nl),
                                  nl == std::string_view::npos ? t : t.substr(nl + 1)));
  consume(pf::parse_system_sysctl("proc/sys/kernel/hostname", t));
  return 0;
}
