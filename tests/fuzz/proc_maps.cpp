// Fuzz target (see tests/fuzz/CMakeLists.txt): every input goes to each parser of the group below; the
// property is that each call returns (never a crash, hang, leak or sanitizer report) whatever the bytes.
// Group: /proc/<pid>/maps and numa_maps.
#include "procfs/proc_maps.hpp"

#include "fuzz_input.hpp"
#include "procfs/proc_numa_maps.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pf = procsnap::procfs;
  const auto t = procsnap::fuzz::as_text(data, size);
  procsnap::fuzz::consume(pf::parse_proc_maps(t));
  procsnap::fuzz::consume(pf::parse_proc_numa_maps(t));
  return 0;
}
