// Fuzz target (see tests/fuzz/CMakeLists.txt): every input goes to each parser of the group below; the
// property is that each call returns (never a crash, hang, leak or sanitizer report) whatever the bytes.
// Group: socket tables other than inet: /proc/net/unix, packet, netlink.
#include "procfs/net_unix.hpp"

#include "fuzz_input.hpp"
#include "procfs/net_packet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pf = procsnap::procfs;
  const auto t = procsnap::fuzz::as_text(data, size);
  procsnap::fuzz::consume(pf::parse_net_unix(t));
  procsnap::fuzz::consume(pf::parse_net_packet(t));
  procsnap::fuzz::consume(pf::parse_net_netlink(t));
  return 0;
}
