// Fuzz target (see tests/fuzz/CMakeLists.txt): every input goes to each parser of the group below; the
// property is that each call returns (never a crash, hang, leak or sanitizer report) whatever the bytes.
// Target: /proc/<pid>/auxv (binary (type, value) pairs of native words; odd lengths and missing AT_NULL).
#include "fuzz_input.hpp"
#include "procfs/proc_auxv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  procsnap::fuzz::consume(procsnap::procfs::parse_proc_auxv(procsnap::fuzz::as_text(data, size)));
  return 0;
}
