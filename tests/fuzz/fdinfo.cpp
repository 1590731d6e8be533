// Fuzz target (see tests/fuzz/CMakeLists.txt): every input goes to each parser of the group below; the
// property is that each call returns (never a crash, hang, leak or sanitizer report) whatever the bytes.
// Group: fdinfo/<fd>, and the link parsers of fd/, ns/, map_files/ (the input up to its first newline is the
// member name, the rest the raw link target; links can hold any byte but NUL, so NULs are fuzzed too).
#include "fuzz_input.hpp"
#include "procfs/proc_fd.hpp"
#include "procfs/proc_fdinfo.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pf = procsnap::procfs;
  using procsnap::fuzz::consume;
  const auto t = procsnap::fuzz::as_text(data, size);
  consume(pf::parse_fdinfo(t));
  const auto nl = t.find('\n');
  const auto name = nl == std::string_view::npos ? std::string_view{} : t.substr(0, nl);
  const auto target = nl == std::string_view::npos ? t : t.substr(nl + 1);
  consume(pf::classify_link_target(target));
  consume(pf::parse_fd_link(name, target));
  consume(pf::parse_ns_link(name, target));
  consume(pf::parse_map_files_link(name, target));
  return 0;
}
