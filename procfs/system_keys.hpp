#pragma once
// /proc/keys (security/keys/proc.c proc_keys_show): keys the reading process may view, one per line:
//   "%08x %c%c%c%c%c%c%c %5d %4s %08x %5d %5d %-9.9s <description>"
//   serial, flags (I instantiated, R revoked, D dead, Q quota, U under construction, N negative, i invalidated),
//   usage count, timeout ("perm", "expd" or e.g. "59m"), permission mask (hex), uid, gid, type (at most 9
//   characters), then the type's description (e.g. "_ses: 1", ".builtin_trusted_keys: empty").
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procfs/parse_result.hpp"

namespace procsnap::procfs {

struct Key {
  std::size_t line = 0;
  std::optional<std::uint64_t> serial;  ///< key serial number (printed as 8 hex digits)
  std::optional<std::string> flags;     ///< 7 flag characters, '-' where unset
  std::optional<std::int64_t> usage;    ///< reference count
  std::optional<std::string> timeout;   ///< "perm", "expd", or time left such as "59m", "2d"
  std::optional<std::string> perm;      ///< permission mask as printed (8 hex digits)
  std::optional<std::int64_t> uid;
  std::optional<std::int64_t> gid;
  std::optional<std::string> type;         ///< "keyring", "user", "logon", "asymmetric", ...
  std::optional<std::string> description;  ///< type-specific text after the type (raw bytes)
};

struct Keys {
  std::vector<Key> keys;
};

[[nodiscard]] Parsed<Keys> parse_system_keys(std::string_view text);

}  // namespace procsnap::procfs
