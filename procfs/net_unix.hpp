#pragma once
// /proc/net/unix (net/unix/af_unix.c unix_seq_show):
//
//   Num       RefCount Protocol Flags    Type St Inode Path
//   0000000083a1c2af: 00000002 00000000 00010000 0001 01 14030 /tmp/x.sock
//
// "%pK: %08X %08X %08X %04X %02X %5lu" then, for a bound socket, ' ' and the address: a filesystem path as given
// to bind() (may be relative, may contain spaces or even newlines), or '@' + the abstract name with every NUL
// byte shown as '@'. So a path starting with '@' is normally abstract, but a relative filesystem path starting
// with '@' prints the same (documented ambiguity). Kernels before 2.6 had no Inode column (detected from the
// header). A line that is not an entry right after a socket with a path is taken as the rest of that path (a
// path containing '\n'), with a diagnostic: the kernel does not escape it, so the split is a best guess.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

/// __SO_ACCEPTCON: set in Flags for a listening socket.
inline constexpr std::uint64_t k_unix_flag_listening = 0x10000;

struct UnixSocket {
  std::size_t line = 0;                   ///< 1-based line in the file
  std::optional<std::string> pointer;     ///< "Num": kernel address (%pK: hashed or zero), hex text
  std::optional<std::uint64_t> refcount;  ///< "RefCount": sk_refcnt
  std::optional<std::uint64_t> protocol;  ///< "Protocol": always 0
  std::optional<std::uint64_t> flags;     ///< "Flags": 0x10000 (__SO_ACCEPTCON) when listening
  std::optional<std::uint64_t> type;      ///< "Type": SOCK_* (1 STREAM, 2 DGRAM, 5 SEQPACKET)
  std::optional<std::uint64_t> state;     ///< "St": SS_* (1 UNCONNECTED, 2 CONNECTING, 3 CONNECTED, 4 DISCONNECTING)
  std::optional<std::uint64_t> inode;     ///< "Inode": socket inode; absent in the pre-2.6 layout
  std::optional<std::string> path;        ///< bound address as printed (raw bytes); nullopt when unbound
};

/// SS_* names for the St column.
[[nodiscard]] std::optional<std::string_view> unix_state_name(std::uint64_t state);

[[nodiscard]] Parsed<std::vector<UnixSocket>> parse_net_unix(std::string_view text);

}  // namespace procsnap::procfs
