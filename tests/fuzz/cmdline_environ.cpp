// Fuzz target (see tests/fuzz/CMakeLists.txt): every input goes to each parser of the group below; the
// property is that each call returns (never a crash, hang, leak or sanitizer report) whatever the bytes.
// Group: NUL-separated per-process cmdline and environ, and the kernel command line (/proc/cmdline).
#include "fuzz_input.hpp"
#include "procfs/proc_cmdline.hpp"
#include "procfs/proc_environ.hpp"
#include "procfs/system_cmdline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pf = procsnap::procfs;
  const auto t = procsnap::fuzz::as_text(data, size);
  procsnap::fuzz::consume(pf::parse_proc_cmdline(t));
  procsnap::fuzz::consume(pf::parse_proc_environ(t));
  procsnap::fuzz::consume(pf::parse_system_cmdline(t));
  return 0;
}
