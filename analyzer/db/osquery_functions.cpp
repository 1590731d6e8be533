#include "db/osquery_functions.hpp"

#include "db/db.hpp"
#include "db/sql_regex.hpp"
#include "db/version_compare.hpp"

#include <arpa/inet.h>
#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <strings.h>

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <numbers>

namespace procsnap::db {

namespace osquery {

namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

constexpr std::string_view k_b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
}  // namespace

std::optional<std::string_view> split(std::string_view input, std::string_view tokens, std::int64_t index) {
  if (index < 0) return std::nullopt;
  std::int64_t n = 0;
  std::size_t start = 0;
  while (start <= input.size()) {
    std::size_t end = input.find_first_of(tokens, start);
    if (end == std::string_view::npos) end = input.size();
    if (end > start) {  // empty tokens are dropped before trimming (a token of spaces stays, as "")
      if (n == index) return trim(input.substr(start, end - start));
      ++n;
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> inet_aton(std::string_view address) {
  if (address.size() > 15 || address.find('\0') != std::string_view::npos) return std::nullopt;
  const std::string s(address);
  in_addr a{};
  if (inet_pton(AF_INET, s.c_str(), &a) != 1) return std::nullopt;
  return ntohl(a.s_addr);
}

std::optional<IpAddress> parse_ip(std::string_view text) {
  // INET6_ADDRSTRLEN bounds every valid form; longer text is refused before any copy.
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN || text.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  const std::string s(text);
  IpAddress ip;
  if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1) return ip;
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) {
    ip.v6 = true;
    return ip;
  }
  return std::nullopt;
}

CidrResult in_cidr_block(std::string_view cidr, std::string_view ip_text) {
  const auto ip = parse_ip(ip_text);
  if (!ip) return {false, "IP address cannot be parsed"};
  const char* cidr_error = ip->v6 ? "CIDR for IP address v6 cannot be parsed" : "CIDR for IP address v4 cannot be parsed";
  const auto slash = cidr.find('/');
  if (slash == std::string_view::npos || slash + 1 == cidr.size()) return {false, cidr_error};
  unsigned prefix = 0;
  for (char c : cidr.substr(slash + 1)) {
    if (c < '0' || c > '9') return {false, cidr_error};
    prefix = std::min(prefix * 10 + static_cast<unsigned>(c - '0'), 1000u);
  }
  const auto net = parse_ip(cidr.substr(0, slash));
  const unsigned bits = ip->v6 ? 128 : 32;
  if (!net || net->v6 != ip->v6 || prefix > bits) return {false, cidr_error};
  for (unsigned i = 0; i < bits / 8; ++i) {
    const unsigned covered = prefix > i * 8 ? std::min(prefix - i * 8, 8u) : 0;
    const auto mask = static_cast<std::uint8_t>(0xff00u >> covered);
    if (((ip->bytes[i] ^ net->bytes[i]) & mask) != 0) return {false, nullptr};
  }
  return {true, nullptr};
}

namespace {
// ICMP type -> the type answering it (Zeek's counterpart tables, as the Community ID spec); absent: one-way.
std::optional<std::uint16_t> icmp4_counterpart(std::int64_t type) {
  switch (type) {
    case 8: return 0;    // echo request / reply
    case 0: return 8;
    case 13: return 14;  // timestamp
    case 14: return 13;
    case 15: return 16;  // information
    case 16: return 15;
    case 10: return 9;   // router solicitation / advertisement
    case 9: return 10;
    case 17: return 18;  // address mask
    case 18: return 17;
    default: return std::nullopt;
  }
}
std::optional<std::uint16_t> icmp6_counterpart(std::int64_t type) {
  switch (type) {
    case 128: return 129;  // echo request / reply
    case 129: return 128;
    case 133: return 134;  // router solicitation / advertisement
    case 134: return 133;
    case 135: return 136;  // neighbor solicitation / advertisement
    case 136: return 135;
    case 130: return 131;  // multicast listener query / report
    case 131: return 130;
    case 139: return 140;  // node information query / response
    case 140: return 139;
    case 144: return 145;  // home agent address discovery request / reply
    case 145: return 144;
    default: return std::nullopt;
  }
}

// Address order: IPv4 before IPv6, then the bytes (as osquery's boost::asio::ip::address comparison).
int compare_ip(const IpAddress& a, const IpAddress& b) {
  if (a.v6 != b.v6) return a.v6 ? 1 : -1;
  return std::memcmp(a.bytes.data(), b.bytes.data(), a.v6 ? 16 : 4);
}
}  // namespace

CommunityIdResult community_id_v1(std::string_view saddr_text, std::string_view daddr_text,
                                  std::optional<std::int64_t> sport, std::optional<std::int64_t> dport,
                                  std::int64_t proto, std::int64_t seed) {
  if (seed < std::numeric_limits<std::int16_t>::min() || seed > std::numeric_limits<std::uint16_t>::max()) {
    return {{}, "Community ID seed must fit in 2 bytes"};
  }
  auto saddr = parse_ip(saddr_text);
  if (!saddr) return {{}, "Community ID saddr cannot be parsed as IP"};
  auto daddr = parse_ip(daddr_text);
  if (!daddr) return {{}, "Community ID daddr cannot be parsed as IP"};
  if (proto < 0 || proto > 255) return {{}, "Community ID protocol must fit in 1 byte"};
  const bool icmp = proto == 1 || proto == 58;
  const bool has_ports = icmp || proto == 6 || proto == 17 || proto == 132;
  std::uint16_t sp = 0;
  std::uint16_t dp = 0;
  bool one_way = false;
  if (has_ports) {
    if (!sport || !dport) return {{}, "Community ID ports must be integers"};
    if (*sport < 0 || *sport > 0xffff || *dport < 0 || *dport > 0xffff) {
      return {{}, "Community ID ports must fit in 2 bytes"};
    }
    sp = static_cast<std::uint16_t>(*sport);
    dp = static_cast<std::uint16_t>(*dport);
    if (icmp) {  // sport = type, dport = code; a type with a counterpart is a two-way "flow"
      const auto counter = proto == 1 ? icmp4_counterpart(sp) : icmp6_counterpart(sp);
      if (counter) {
        dp = *counter;
      } else {
        one_way = true;
      }
    }
  }
  const int order = compare_ip(*saddr, *daddr);
  if (!one_way && !(order < 0 || (order == 0 && sp < dp))) {
    std::swap(saddr, daddr);
    std::swap(sp, dp);
  }
  std::array<std::uint8_t, 2 + 16 + 16 + 2 + 4> buf{};
  std::size_t n = 0;
  const auto put16 = [&](std::uint16_t v) {
    buf[n++] = static_cast<std::uint8_t>(v >> 8);
    buf[n++] = static_cast<std::uint8_t>(v & 0xff);
  };
  put16(static_cast<std::uint16_t>(seed));
  for (const IpAddress* a : {&*saddr, &*daddr}) {
    const std::size_t len = a->v6 ? 16 : 4;
    std::memcpy(buf.data() + n, a->bytes.data(), len);
    n += len;
  }
  buf[n++] = static_cast<std::uint8_t>(proto);
  buf[n++] = 0;
  if (has_ports) {
    put16(sp);
    put16(dp);
  }
  sha1_ctx ctx{};
  sha1_init(&ctx);
  sha1_update(&ctx, n, buf.data());
  std::array<std::uint8_t, SHA1_DIGEST_SIZE> digest{};
  sha1_digest(&ctx, digest.size(), digest.data());
  return {"1:" + to_base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())), nullptr};
}

std::string to_base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    for (int s = 18; s >= 0; s -= 6) out.push_back(k_b64[(v >> s) & 63]);
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    const unsigned v = at(i) << 16 | (rest == 2 ? at(i + 1) << 8 : 0);
    out.push_back(k_b64[(v >> 18) & 63]);
    out.push_back(k_b64[(v >> 12) & 63]);
    out.push_back(rest == 2 ? k_b64[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::string from_base64(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);  // after newline removal in osquery; same
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  unsigned acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') continue;
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    const int v = b64_value(c);
    if (v < 0) return {};
    acc = (acc << 6 | static_cast<unsigned>(v)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

bool is_printable(std::string_view bytes) {
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return false;
  }
  return true;
}

std::optional<std::string_view> parent_directory(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  return path.substr(0, slash);
}

}  // namespace osquery

namespace {

constexpr int k_flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

bool is_null(sqlite3_value* v) { return sqlite3_value_type(v) == SQLITE_NULL; }

/// The value as bytes: text as UTF-8 (numbers rendered as SQLite does), a BLOB's bytes, all of them.
std::string_view bytes_of(sqlite3_value* v) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  const int n = sqlite3_value_bytes(v);
  return p ? std::string_view(p, static_cast<std::size_t>(n)) : std::string_view();
}

void result_text(sqlite3_context* ctx, std::string_view s) {
  sqlite3_result_text64(ctx, s.empty() ? "" : s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

/// The connection's value length limit: results are refused before being built past it.
std::size_t length_limit(sqlite3_context* ctx) {
  return static_cast<std::size_t>(sqlite3_limit(sqlite3_context_db_handle(ctx), SQLITE_LIMIT_LENGTH, -1));
}

// ---- strings ----

void split_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (is_null(argv[0]) || is_null(argv[1]) || is_null(argv[2])) return sqlite3_result_null(ctx);
  const std::string_view input = bytes_of(argv[0]);
  const std::string_view tokens = bytes_of(argv[1]);
  if (tokens.empty()) return sqlite3_result_error(ctx, "Invalid input to split function", -1);
  const auto piece = osquery::split(input, tokens, sqlite3_value_int64(argv[2]));
  piece ? result_text(ctx, *piece) : sqlite3_result_null(ctx);
}

/// The compiled pattern of argument 1, cached for the statement when the pattern is a constant.
template <class Use>
void with_regex(sqlite3_context* ctx, sqlite3_value* pattern, Use&& use) {
  if (auto* cached = static_cast<SqlRegex*>(sqlite3_get_auxdata(ctx, 1))) {
    use(*cached);
    return;
  }
  std::string error;
  std::unique_ptr<SqlRegex> re = SqlRegex::compile(bytes_of(pattern), error);
  if (!re) return sqlite3_result_error(ctx, error.c_str(), -1);
  use(*re);
  sqlite3_set_auxdata(ctx, 1, re.release(), [](void* p) { delete static_cast<SqlRegex*>(p); });
}

void regex_split_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (is_null(argv[0]) || is_null(argv[1]) || is_null(argv[2])) return sqlite3_result_null(ctx);
  if (bytes_of(argv[1]).empty()) return sqlite3_result_error(ctx, "Invalid input to split function", -1);
  with_regex(ctx, argv[1], [&](const SqlRegex& re) {
    const auto piece = re.split_piece(bytes_of(argv[0]), sqlite3_value_int64(argv[2]));
    piece ? result_text(ctx, *piece) : sqlite3_result_null(ctx);
  });
}

void regex_match_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (is_null(argv[0]) || is_null(argv[1]) || is_null(argv[2])) return sqlite3_result_null(ctx);
  with_regex(ctx, argv[1], [&](const SqlRegex& re) {
    const auto group = re.match_group(bytes_of(argv[0]), sqlite3_value_int64(argv[2]));
    group ? result_text(ctx, *group) : sqlite3_result_null(ctx);
  });
}

void concat_values(sqlite3_context* ctx, std::string_view sep, int first, int argc, sqlite3_value** argv) {
  if (argc - first == 0) return sqlite3_result_null(ctx);
  const std::size_t limit = length_limit(ctx);
  std::size_t total = 0;
  bool any = false;
  for (int i = first; i < argc; ++i) {
    if (is_null(argv[i])) continue;
    total += bytes_of(argv[i]).size() + (any ? sep.size() : 0);
    any = true;
    if (total > limit) return sqlite3_result_error_toobig(ctx);
  }
  std::string out;
  out.reserve(total);
  any = false;
  for (int i = first; i < argc; ++i) {
    if (is_null(argv[i])) continue;
    if (any) out.append(sep);
    out.append(bytes_of(argv[i]));
    any = true;
  }
  result_text(ctx, out);
}

void concat_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) { concat_values(ctx, {}, 0, argc, argv); }

void concat_ws_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc == 0) return sqlite3_result_error(ctx, "Missing separator to concat_ws", -1);
  const std::string sep(is_null(argv[0]) ? std::string_view() : bytes_of(argv[0]));
  concat_values(ctx, sep, 1, argc, argv);
}

void inet_aton_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  const auto v = osquery::inet_aton(bytes_of(argv[0]));
  v ? sqlite3_result_int64(ctx, *v) : sqlite3_result_null(ctx);
}

// ---- hashes (nettle) ----

template <class Ctx, std::size_t N, auto Init, auto Update, auto Digest>
void hash_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  const std::string_view in = bytes_of(argv[0]);
  Ctx c{};
  Init(&c);
  Update(&c, in.size(), reinterpret_cast<const std::uint8_t*>(in.data()));
  std::array<std::uint8_t, N> d{};
  Digest(&c, d.size(), d.data());
  std::array<char, 2 * N> hex{};
  for (std::size_t i = 0; i < N; ++i) {
    hex[2 * i] = "0123456789abcdef"[d[i] >> 4];
    hex[2 * i + 1] = "0123456789abcdef"[d[i] & 15];
  }
  result_text(ctx, std::string_view(hex.data(), hex.size()));
}

void md5_init_fn(md5_ctx* c) { md5_init(c); }
void md5_update_fn(md5_ctx* c, std::size_t n, const std::uint8_t* p) { md5_update(c, n, p); }
void md5_digest_fn(md5_ctx* c, std::size_t n, std::uint8_t* p) { md5_digest(c, n, p); }
void sha1_init_fn(sha1_ctx* c) { sha1_init(c); }
void sha1_update_fn(sha1_ctx* c, std::size_t n, const std::uint8_t* p) { sha1_update(c, n, p); }
void sha1_digest_fn(sha1_ctx* c, std::size_t n, std::uint8_t* p) { sha1_digest(c, n, p); }
void sha256_init_fn(sha256_ctx* c) { sha256_init(c); }
void sha256_update_fn(sha256_ctx* c, std::size_t n, const std::uint8_t* p) { sha256_update(c, n, p); }
void sha256_digest_fn(sha256_ctx* c, std::size_t n, std::uint8_t* p) { sha256_digest(c, n, p); }

// ---- network ----

void in_cidr_block_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (is_null(argv[0]) || is_null(argv[1])) return sqlite3_result_null(ctx);
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) return sqlite3_result_error(ctx, "CIDR must be a string", -1);
  if (sqlite3_value_type(argv[1]) != SQLITE_TEXT) {
    return sqlite3_result_error(ctx, "IP address must be a string", -1);
  }
  const auto r = osquery::in_cidr_block(bytes_of(argv[0]), bytes_of(argv[1]));
  r.error ? sqlite3_result_error(ctx, r.error, -1) : sqlite3_result_int(ctx, r.inside ? 1 : 0);
}

template <bool Strict>
void community_id_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  const auto fail = [ctx](const char* msg) { Strict ? sqlite3_result_error(ctx, msg, -1) : sqlite3_result_null(ctx); };
  std::int64_t seed = 0;
  if (argc == 6) {
    if (sqlite3_value_type(argv[5]) != SQLITE_INTEGER) return fail("Community ID seed must be an integer");
    seed = sqlite3_value_int64(argv[5]);
  }
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT || sqlite3_value_type(argv[1]) != SQLITE_TEXT) {
    return fail("Community ID IPs must be strings");
  }
  const auto port = [&](int i) -> std::optional<std::int64_t> {
    return sqlite3_value_type(argv[i]) == SQLITE_INTEGER ? std::optional(sqlite3_value_int64(argv[i])) : std::nullopt;
  };
  for (int i : {2, 3}) {
    if (!is_null(argv[i]) && sqlite3_value_type(argv[i]) != SQLITE_INTEGER) {
      return fail("Community ID ports must be integers");
    }
  }
  if (sqlite3_value_type(argv[4]) != SQLITE_INTEGER) return fail("Community ID protocol must be an integer");
  const auto r = osquery::community_id_v1(bytes_of(argv[0]), bytes_of(argv[1]), port(2), port(3),
                                          sqlite3_value_int64(argv[4]), seed);
  r.error ? fail(r.error) : result_text(ctx, r.id);
}

// ---- encoding ----

void to_base64_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  const std::string_view in = bytes_of(argv[0]);
  if ((in.size() + 2) / 3 * 4 > length_limit(ctx)) return sqlite3_result_error_toobig(ctx);
  result_text(ctx, osquery::to_base64(in));
}

void conditional_to_base64_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  if (osquery::is_printable(bytes_of(argv[0]))) return result_text(ctx, bytes_of(argv[0]));
  to_base64_fn(ctx, argc, argv);
}

void from_base64_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  result_text(ctx, osquery::from_base64(bytes_of(argv[0])));
}

// ---- filesystem (the string one; find_file_path_in_cmd / is_path_deterministic stat the analyst's disk) ----

void parent_directory_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
    return sqlite3_result_error(ctx, "Invalid inputs to parent_directory, TEXT was expected", -1);
  }
  const auto dir = osquery::parent_directory(bytes_of(argv[0]));
  dir ? result_text(ctx, *dir) : sqlite3_result_null(ctx);
}

// ---- version ----

void version_compare_fn(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc < 2) return sqlite3_result_error(ctx, "Must provide two version strings to compare.", -1);
  if (is_null(argv[0]) || is_null(argv[1])) return sqlite3_result_null(ctx);
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT || sqlite3_value_type(argv[1]) != SQLITE_TEXT) {
    return sqlite3_result_error(ctx, "Must provide two version strings to compare.", -1);
  }
  VersionFlavor flavor = VersionFlavor::generic;
  if (argc > 2) {
    if (sqlite3_value_type(argv[2]) != SQLITE_TEXT) {
      return sqlite3_result_error(ctx, "The optional third parameter is not a string.", -1);
    }
    const std::string_view f = bytes_of(argv[2]);
    const auto is = [&](std::string_view name) {
      return f.size() == name.size() && strncasecmp(f.data(), name.data(), f.size()) == 0;
    };
    if (is("ARCH")) {
      flavor = VersionFlavor::arch;
    } else if (is("DPKG")) {
      flavor = VersionFlavor::dpkg;
    } else if (is("RHEL")) {
      flavor = VersionFlavor::rhel;
    } else {
      return sqlite3_result_error(ctx, "The optional third parameter does not match one of: (ARCH, DPKG, RHEL).", -1);
    }
  }
  const int c = version_compare(bytes_of(argv[0]), bytes_of(argv[1]), flavor);
  sqlite3_result_int(ctx, c < 0 ? -1 : (c > 0 ? 1 : 0));
}

template <VersionFlavor F>
int version_collation(void* /*unused*/, int n1, const void* p1, int n2, const void* p2) {
  return version_compare(std::string_view(static_cast<const char*>(p1), static_cast<std::size_t>(n1)),
                         std::string_view(static_cast<const char*>(p2), static_cast<std::size_t>(n2)), F);
}

// ---- math (osquery's list; registered over SQLite's built-ins of the same name and arity, which differ:
// SQLite's log(x) is log10, its ceil/floor return REAL, its domain errors are NULL, its text arguments NULL) ----

void math_error(sqlite3_context* ctx, int err) {
  char buf[128];
  const char* msg = strerror_r(err, buf, sizeof buf);
  sqlite3_result_error(ctx, msg, -1);
}

template <double (*F)(double)>
void double_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  const double x = sqlite3_value_double(argv[0]);
  errno = 0;
  const double r = F(x);
  if (errno != 0) return math_error(ctx, errno);
  sqlite3_result_double(ctx, r);
}

double f_sqrt(double x) { return std::sqrt(x); }
double f_acos(double x) { return std::acos(x); }
double f_asin(double x) { return std::asin(x); }
double f_atan(double x) { return std::atan(x); }
double f_cos(double x) { return std::cos(x); }
double f_sin(double x) { return std::sin(x); }
double f_tan(double x) { return static_cast<double>(std::tan(static_cast<long double>(x))); }
double f_cot(double x) { return 1.0 / std::tan(x); }
double f_exp(double x) { return static_cast<double>(std::exp(static_cast<long double>(x))); }
double f_log(double x) { return std::log(x); }
double f_log10(double x) { return std::log10(x); }
double f_degrees(double x) { return 180.0 * x / std::numbers::pi; }
double f_radians(double x) { return x * std::numbers::pi / 180.0; }

void power_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (is_null(argv[0]) || is_null(argv[1])) return sqlite3_result_null(ctx);
  errno = 0;
  const double r = std::pow(sqlite3_value_double(argv[0]), sqlite3_value_double(argv[1]));
  if (errno != 0) return math_error(ctx, errno);
  sqlite3_result_double(ctx, r);
}

/// ceil/floor: INTEGER in, the same INTEGER out; anything else through the double, as an INTEGER.
template <double (*F)(double)>
void integral_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  switch (sqlite3_value_type(argv[0])) {
    case SQLITE_NULL:
      return sqlite3_result_null(ctx);
    case SQLITE_INTEGER:
      return sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]));
    default: {
      const double r = F(sqlite3_value_double(argv[0]));
      if (std::isnan(r)) return sqlite3_result_null(ctx);
      // Saturated: a double outside int64 has no integer to give (osquery's cast is undefined there).
      if (r >= 0x1p63) return sqlite3_result_int64(ctx, std::numeric_limits<std::int64_t>::max());
      if (r < -0x1p63) return sqlite3_result_int64(ctx, std::numeric_limits<std::int64_t>::min());
      return sqlite3_result_int64(ctx, static_cast<std::int64_t>(r));
    }
  }
}
double f_ceil(double x) { return std::ceil(x); }
double f_floor(double x) { return std::floor(x); }

void pi_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** /*argv*/) { sqlite3_result_double(ctx, std::numbers::pi); }

struct FunctionDef {
  const char* name;
  int args;
  void (*fn)(sqlite3_context*, int, sqlite3_value**);
};

constexpr FunctionDef k_functions[] = {
    {"split", 3, split_fn},
    {"regex_split", 3, regex_split_fn},
    {"regex_match", 3, regex_match_fn},
    {"concat", -1, concat_fn},
    {"concat_ws", -1, concat_ws_fn},
    {"inet_aton", 1, inet_aton_fn},
    {"md5", 1, hash_fn<md5_ctx, MD5_DIGEST_SIZE, md5_init_fn, md5_update_fn, md5_digest_fn>},
    {"sha1", 1, hash_fn<sha1_ctx, SHA1_DIGEST_SIZE, sha1_init_fn, sha1_update_fn, sha1_digest_fn>},
    {"sha256", 1, hash_fn<sha256_ctx, SHA256_DIGEST_SIZE, sha256_init_fn, sha256_update_fn, sha256_digest_fn>},
    {"community_id_v1", 5, community_id_fn<false>},
    {"community_id_v1", 6, community_id_fn<false>},
    {"community_id_v1_strict", 5, community_id_fn<true>},
    {"community_id_v1_strict", 6, community_id_fn<true>},
    {"in_cidr_block", 2, in_cidr_block_fn},
    {"to_base64", 1, to_base64_fn},
    {"from_base64", 1, from_base64_fn},
    {"conditional_to_base64", 1, conditional_to_base64_fn},
    {"parent_directory", 1, parent_directory_fn},
    {"version_compare", -1, version_compare_fn},
    {"sqrt", 1, double_fn<f_sqrt>},
    {"acos", 1, double_fn<f_acos>},
    {"asin", 1, double_fn<f_asin>},
    {"atan", 1, double_fn<f_atan>},
    {"cos", 1, double_fn<f_cos>},
    {"sin", 1, double_fn<f_sin>},
    {"tan", 1, double_fn<f_tan>},
    {"cot", 1, double_fn<f_cot>},
    {"exp", 1, double_fn<f_exp>},
    {"log", 1, double_fn<f_log>},
    {"log10", 1, double_fn<f_log10>},
    {"power", 2, power_fn},
    {"ceil", 1, integral_fn<f_ceil>},
    {"floor", 1, integral_fn<f_floor>},
    {"degrees", 1, double_fn<f_degrees>},
    {"radians", 1, double_fn<f_radians>},
    {"pi", 0, pi_fn},
};

struct CollationDef {
  const char* name;
  int (*cmp)(void*, int, const void*, int, const void*);
};

constexpr CollationDef k_collations[] = {
    {"version", version_collation<VersionFlavor::generic>},
    {"version_arch", version_collation<VersionFlavor::arch>},
    {"version_dpkg", version_collation<VersionFlavor::dpkg>},
    {"version_rhel", version_collation<VersionFlavor::rhel>},
};

}  // namespace

void register_osquery_functions(sqlite3* db) {
  for (const auto& f : k_functions) {
    const int rc = sqlite3_create_function_v2(db, f.name, f.args, k_flags, nullptr, f.fn, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) throw Error(fmt::format("cannot register SQL function {}: {}", f.name, sqlite3_errstr(rc)), rc);
  }
  for (const auto& c : k_collations) {
    const int rc = sqlite3_create_collation_v2(db, c.name, SQLITE_UTF8, nullptr, c.cmp, nullptr);
    if (rc != SQLITE_OK) throw Error(fmt::format("cannot register collation {}: {}", c.name, sqlite3_errstr(rc)), rc);
  }
}

}  // namespace procsnap::db
