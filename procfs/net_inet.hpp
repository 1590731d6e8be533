#pragma once
// /proc/net/{tcp,tcp6,udp,udp6,udplite,udplite6,raw,raw6}: one socket per line after a header line. All eight
// share the kernel's layout (net/ipv4/tcp_ipv4.c get_tcp4_sock, net/ipv4/udp.c udp4_format_sock,
// net/ipv4/raw.c raw_sock_seq_show and their ipv6 twins):
//
//   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ...
//    0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 12345 1 <ptr> ...
//
// followed, for a full TCP socket, by "rto ato (quick<<1|pingpong) snd_cwnd ssthresh" and, for udp/raw, by
// "drops". TCP TIME_WAIT and NEW_SYN_RECV entries stop after the pointer. Addresses: see net_addr.hpp.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/net_addr.hpp"
#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

enum class InetProto { tcp, udp, raw };  ///< udplite files use the udp layout
enum class InetFamily { v4 = 4, v6 = 6 };

struct InetSocket {
  std::size_t line = 0;                        ///< 1-based line in the file
  std::optional<std::uint64_t> sl;             ///< "sl": tcp: entry counter; udp/raw: hash bucket (not unique)
  std::optional<std::string> local_address;    ///< inet_ntop text
  std::optional<std::uint32_t> local_port;     ///< host-order port; raw sockets: the IP protocol number
  std::optional<std::string> remote_address;   ///< inet_ntop text
  std::optional<std::uint32_t> remote_port;    ///< host-order port
  std::optional<std::uint64_t> state;          ///< "st": sk_state (TCP_* numbering, udp/raw included)
  std::optional<std::uint64_t> tx_queue;       ///< tcp: unacked bytes (write_seq - snd_una); udp/raw: wmem alloc
  std::optional<std::uint64_t> rx_queue;       ///< tcp: unread bytes, LISTEN: accept queue length; udp/raw: rmem
  std::optional<std::uint64_t> timer_active;   ///< "tr": see tcp_timer_name()
  std::optional<std::uint64_t> timer_expires;  ///< "tm->when": clock ticks until the timer fires
  std::optional<std::uint64_t> retransmits;    ///< "retrnsmt": tcp icsk_retransmits; 0 for udp/raw
  std::optional<std::uint64_t> uid;            ///< socket owner uid (in the reader's user namespace)
  std::optional<std::int64_t> timeout;         ///< "timeout": tcp icsk_probes_out (unanswered probes); else 0
  std::optional<std::uint64_t> inode;          ///< socket inode: joins with fd links "socket:[inode]"
  std::optional<std::int64_t> refcount;        ///< sk_refcnt
  std::optional<std::string> pointer;          ///< kernel address of the sock (%pK: hashed or zero), hex text
  std::optional<std::uint64_t> rto;            ///< tcp: retransmission timeout, clock ticks
  std::optional<std::uint64_t> ato;            ///< tcp: delayed-ack timeout, clock ticks
  std::optional<std::uint64_t> quick_ack;      ///< tcp: (icsk_ack.quick << 1) | pingpong
  std::optional<std::uint64_t> snd_cwnd;       ///< tcp: congestion window, segments
  std::optional<std::int64_t> ssthresh;        ///< tcp: slow-start threshold; -1 while in initial slow start
  std::optional<std::uint64_t> drops;          ///< udp/raw: sk_drops
  std::string extra;                           ///< columns beyond the known ones, verbatim ("" when none)
};

/// Parses one of the eight files. `order` is the captured host's byte order (see net_addr.hpp).
[[nodiscard]] Parsed<std::vector<InetSocket>> parse_net_inet(std::string_view text, InetProto proto, InetFamily family,
                                                             ByteOrder order = ByteOrder::little);

}  // namespace procsnap::procfs
