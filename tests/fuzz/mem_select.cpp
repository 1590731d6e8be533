// Fuzz target (see tests/fuzz/CMakeLists.txt): the collector's --mem selection. The first line of the input is a
// --mem expression (the responder's text: parse errors must be values, never a crash or a deep recursion); the
// rest is a maps text and, again, an smaps and a mountinfo text (FUSE devices) as a compromised host could serve
// them, planned with the parsed expression (or with the `all` preset when it did not parse). Property: every call
// returns.
#include "mem_capture.hpp"
#include "mem_select.hpp"

#include <variant>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace co = procsnap::collector;
  const std::string_view t = procsnap::fuzz::as_text(data, size);
  const std::size_t nl = t.find('\n');
  const std::string_view expr = t.substr(0, nl);
  const std::string_view rest = nl == std::string_view::npos ? std::string_view{} : t.substr(nl + 1);
  auto parsed = co::MemSelector::parse(expr);
  if (!std::holds_alternative<co::MemSelector>(parsed)) {
    parsed = co::MemSelector::parse("all");
  }
  const auto& selector = std::get<co::MemSelector>(parsed);
  co::FuseDevs fuse;
  fuse.add_mountinfo(rest);  // the same bytes as a hostile mountinfo: FUSE devices for the planner
  const auto plans = co::plan_mem_regions(selector, rest, rest, &fuse);
  volatile std::size_t sink = plans.size() + selector.expanded().size();
  (void)sink;
  return 0;
}
