// Fuzz target (see tests/fuzz/CMakeLists.txt): every input goes to each parser of the group below; the
// property is that each call returns (never a crash, hang, leak or sanitizer report) whatever the bytes.
// Group: /proc/<pid>/stat and the other one-line numeric files (statm, schedstat, syscall, task/<tid>/children).
#include "procfs/proc_stat.hpp"

#include "fuzz_input.hpp"
#include "procfs/proc_schedstat.hpp"
#include "procfs/proc_statm.hpp"
#include "procfs/proc_syscall.hpp"
#include "procfs/proc_values.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pf = procsnap::procfs;
  const auto t = procsnap::fuzz::as_text(data, size);
  procsnap::fuzz::consume(pf::parse_proc_stat(t));
  procsnap::fuzz::consume(pf::parse_proc_statm(t));
  procsnap::fuzz::consume(pf::parse_proc_schedstat(t));
  procsnap::fuzz::consume(pf::parse_proc_syscall(t));
  procsnap::fuzz::consume(pf::parse_proc_children(t));
  return 0;
}
