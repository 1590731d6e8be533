// Fuzz target (see tests/fuzz/CMakeLists.txt): every input goes to each parser of the group below; the
// property is that each call returns (never a crash, hang, leak or sanitizer report) whatever the bytes.
// Group: "Key: value" and small per-process text files (status, io, sched, timers, stack, uid_map/gid_map,
// cgroup, the single-value files of proc_values in every ValueKind, attr/*, autogroup, timens_offsets).
#include "procfs/proc_status.hpp"

#include "fuzz_input.hpp"
#include "procfs/proc_cgroup.hpp"
#include "procfs/proc_id_map.hpp"
#include "procfs/proc_io.hpp"
#include "procfs/proc_sched.hpp"
#include "procfs/proc_stack.hpp"
#include "procfs/proc_timers.hpp"
#include "procfs/proc_values.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pf = procsnap::procfs;
  using procsnap::fuzz::consume;
  const auto t = procsnap::fuzz::as_text(data, size);
  consume(pf::parse_proc_status(t));
  consume(pf::parse_proc_io(t));
  consume(pf::parse_proc_sched(t));
  consume(pf::parse_proc_timers(t));
  consume(pf::parse_proc_stack(t));
  consume(pf::parse_proc_id_map(t));
  consume(pf::parse_proc_cgroup(t));
  consume(pf::parse_proc_key_values(t));
  consume(pf::parse_proc_attr(t));
  consume(pf::parse_proc_autogroup(t));
  consume(pf::parse_proc_timens_offsets(t));
  for (auto k : {pf::ValueKind::text, pf::ValueKind::decimal, pf::ValueKind::hex, pf::ValueKind::audit_id}) {
    consume(pf::parse_proc_value(t, k));
  }
  return 0;
}
