// Fuzz target (see tests/fuzz/CMakeLists.txt): every input goes to each parser of the group below; the
// property is that each call returns (never a crash, hang, leak or sanitizer report) whatever the bytes.
// Target: /proc/<pid>/limits (fixed-width columns, "unlimited", units).
#include "fuzz_input.hpp"
#include "procfs/proc_limits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  procsnap::fuzz::consume(procsnap::procfs::parse_proc_limits(procsnap::fuzz::as_text(data, size)));
  return 0;
}
