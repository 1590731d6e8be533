#pragma once
// osquery's version ordering (its version_compare() SQL function and the VERSION, VERSION_ARCH, VERSION_DPKG and
// VERSION_RHEL collations), reimplemented from osquery's documented behaviour and its sqlite_version.cpp:
// segments are compared character by character until a delimiter (~ - ^ . :); a non-delimiter sorts above a
// delimiter; the package flavours add an epoch rule ("N:" sorts above no epoch), delimiter precedence
// (~ < - < ^ < . < :) and how a longer version's remainder sorts (a trailing "~rc" sorts below, "^post" above).
// Pure: no allocation, bounded by the shorter input; any bytes are accepted.
#include <string_view>

namespace procsnap::db {

enum class VersionFlavor { generic, arch, dpkg, rhel };

/// Negative when l sorts before r, 0 when equal, positive after (the magnitude carries no meaning).
[[nodiscard]] int version_compare(std::string_view l, std::string_view r, VersionFlavor flavor);

}  // namespace procsnap::db
