#include "procfs/proc_schedstat.hpp"

#include "procfs/numbers.hpp"

#include <string>

namespace procsnap::procfs {

Parsed<ProcSchedstat> parse_proc_schedstat(std::string_view text) {
  Parsed<ProcSchedstat> r;
  const auto lines = split_lines(text);
  if (lines.empty()) {
    r.warn(0, "", "empty schedstat file");
    return r;
  }
  const auto toks = split_ws(lines[0]);
  if (toks.size() != 3 || lines.size() != 1) {
    r.warn(1, lines[0], "expected one line of 3 numbers, found " + std::to_string(toks.size()) + " field(s) and " +
                            std::to_string(lines.size()) + " line(s)");
  }
  std::optional<std::uint64_t>* fields[] = {&r.value.run_time_ns, &r.value.wait_time_ns, &r.value.timeslices};
  for (std::size_t i = 0; i < toks.size() && i < 3; ++i) {
    *fields[i] = parse_u64(toks[i]);
    if (!*fields[i]) {
      r.warn(1, toks[i], "field " + std::to_string(i + 1) + ": not an unsigned number");
    }
  }
  return r;
}

}  // namespace procsnap::procfs
