// Fuzz target (see tests/fuzz/CMakeLists.txt): every input goes to each parser of the group below; the
// property is that each call returns (never a crash, hang, leak or sanitizer report) whatever the bytes.
// Group: mountinfo, mounts (also /proc/self/mounts-style system files) and mountstats.
#include "procfs/proc_mountinfo.hpp"

#include "fuzz_input.hpp"
#include "procfs/proc_mounts.hpp"
#include "procfs/proc_mountstats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pf = procsnap::procfs;
  const auto t = procsnap::fuzz::as_text(data, size);
  procsnap::fuzz::consume(pf::parse_proc_mountinfo(t));
  procsnap::fuzz::consume(pf::parse_proc_mounts(t));
  procsnap::fuzz::consume(pf::parse_proc_mountstats(t));
  return 0;
}
