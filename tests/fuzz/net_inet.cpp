// Fuzz target (see tests/fuzz/CMakeLists.txt): every input goes to each parser of the group below; the
// property is that each call returns (never a crash, hang, leak or sanitizer report) whatever the bytes.
// Target: /proc/net/{tcp,tcp6,udp,udp6,udplite*,raw,raw6} in every protocol/family/byte-order combination.
#include "procfs/net_inet.hpp"

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pf = procsnap::procfs;
  const auto t = procsnap::fuzz::as_text(data, size);
  for (auto proto : {pf::InetProto::tcp, pf::InetProto::udp, pf::InetProto::raw}) {
    for (auto fam : {pf::InetFamily::v4, pf::InetFamily::v6}) {
      for (auto order : {pf::ByteOrder::little, pf::ByteOrder::big}) {
        procsnap::fuzz::consume(pf::parse_net_inet(t, proto, fam, order));
      }
    }
  }
  return 0;
}
