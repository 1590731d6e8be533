#pragma once
// osquery's SQL functions and collations, registered on every db::Connection (so `procsnap query`, the views and
// the triage checks all have them). Semantics follow osquery's documentation (docs/wiki/introduction/sql.md)
// and its osquery/sql/sqlite_*.cpp: argument errors are SQL errors with osquery's messages, results have
// osquery's types. Deliberate differences, all listed in README.md:
//  - NULL in, NULL out where osquery raises an error on a NULL argument (in_cidr_block, version_compare,
//    parent_directory): procsnap stores an absent value as NULL where osquery's tables hold '', so a query that
//    works in osquery gives the same result here, and one over NULL columns does not fail.
//  - Where osquery's code departs from its own documentation in an edge case, the documentation wins:
//    in_cidr_block counts a block's network and broadcast addresses as inside it; concat_ws puts the separator
//    only between non-NULL values; community_id_v1 follows the Community ID spec for ICMP/ICMPv6 (type/code
//    mapping) and port-less protocols (NULL ports).
//  - Text is taken with its full length (osquery stops at the first NUL byte): sha256(members.data) hashes a BLOB.
//  - regex_* use RE2 (see sql_regex.hpp), not std::regex.
// The pure pieces below are what the SQL functions call; tests and the fuzz target use them directly.
#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace procsnap::db {

/// Registers every function and collation on `db`. Throws db::Error if SQLite refuses one.
void register_osquery_functions(sqlite3* db);

namespace osquery {

/// split(): the index-th token of `input` split at any byte of `tokens`, empty tokens dropped, then each
/// trimmed of ASCII white space (boost::split + trim, as osquery). `tokens` must not be empty.
[[nodiscard]] std::optional<std::string_view> split(std::string_view input, std::string_view tokens,
                                                    std::int64_t index);
/// inet_aton(): a dotted-quad IPv4 address as its 32-bit value; nullopt for anything else (IPv6 included).
[[nodiscard]] std::optional<std::uint32_t> inet_aton(std::string_view address);

/// An IPv4 (4 bytes used) or IPv6 address, as parsed by inet_pton (no scope id).
struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
};
[[nodiscard]] std::optional<IpAddress> parse_ip(std::string_view text);

/// in_cidr_block(): `inside` or an error message (osquery's): the IP decides the family, the CIDR is
/// "address/prefix" of that family (host bits may be set: 198.51.100.14/24 is 198.51.100.0/24).
struct CidrResult {
  bool inside = false;
  const char* error = nullptr;
};
[[nodiscard]] CidrResult in_cidr_block(std::string_view cidr, std::string_view ip);

/// community_id_v1(): "1:" + base64(SHA-1(seed . saddr . daddr . proto . 0 . sport . dport)) per the Community
/// ID spec v1. Ports are required for TCP, UDP, SCTP (the ports), ICMP and ICMPv6 (type and code); ignored
/// for other protocols. `error` (osquery's messages) when an input is invalid.
struct CommunityIdResult {
  std::string id;
  const char* error = nullptr;
};
[[nodiscard]] CommunityIdResult community_id_v1(std::string_view saddr, std::string_view daddr,
                                                std::optional<std::int64_t> sport, std::optional<std::int64_t> dport,
                                                std::int64_t proto, std::int64_t seed);

[[nodiscard]] std::string to_base64(std::string_view bytes);
/// osquery's decoder: newlines removed, trailing '=' ignored, "" when a byte is not base64.
[[nodiscard]] std::string from_base64(std::string_view text);
/// 0x20..0x7e only.
[[nodiscard]] bool is_printable(std::string_view bytes);

/// parent_directory(): everything before the last '/', nullopt without one.
[[nodiscard]] std::optional<std::string_view> parent_directory(std::string_view path);

}  // namespace osquery
}  // namespace procsnap::db
