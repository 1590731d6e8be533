#include "fleet/row_binary.hpp"

#include "fleet/clickhouse_client.hpp"

#include <charconv>
#include <cstring>

namespace procsnap::fleet {
namespace {

template <class T>
void put_le(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));  // x86-64 and aarch64 are little-endian, as RowBinary is
  out.append(b, sizeof(T));
}

template <class T>
bool get_le(std::string_view buf, std::size_t& pos, T& v) {
  if (buf.size() - pos < sizeof(T)) return false;
  std::memcpy(&v, buf.data() + pos, sizeof(T));
  pos += sizeof(T);
  return true;
}

bool parse_u64(std::string_view s, std::uint64_t& out) {
  if (s.empty() || s.size() > 20) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

/// The canonical decimal form of an int64 (no sign for >= 0, no leading zeros): what SQLite would store as INTEGER.
bool canonical_i64(std::string_view s, std::int64_t& out) {
  if (s.empty() || s.size() > 20) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || p != s.data() + s.size()) return false;
  return std::to_string(out) == s;
}

}  // namespace

void put_u8(std::string& out, std::uint8_t v) { out += static_cast<char>(v); }
void put_u32(std::string& out, std::uint32_t v) { put_le(out, v); }
void put_u64(std::string& out, std::uint64_t v) { put_le(out, v); }
void put_i64(std::string& out, std::int64_t v) { put_le(out, v); }
void put_f64(std::string& out, double v) { put_le(out, v); }
void put_string(std::string& out, std::string_view s) {
  std::uint64_t n = s.size();
  do {
    std::uint8_t b = n & 0x7f;
    n >>= 7;
    if (n != 0) b |= 0x80;
    out += static_cast<char>(b);
  } while (n != 0);
  out.append(s);
}

std::string encode_sqlite_value(std::string& out, const db::Statement& st, int i, const FleetColumn& c) {
  using importer::Type;
  const int t = st.column_type(i);
  if (t == SQLITE_NULL) {
    if (c.not_null) return "NULL in NOT NULL column " + std::string(c.name);
    put_u8(out, 1);
    return {};
  }
  if (!c.not_null) put_u8(out, 0);
  switch (c.type) {
    case Type::integer:
      if (t != SQLITE_INTEGER) return "column " + std::string(c.name) + " holds a non-INTEGER value";
      put_i64(out, st.column_int64(i));
      return {};
    case Type::u64: {
      if (t == SQLITE_INTEGER) {
        const std::int64_t x = st.column_int64(i);
        if (x < 0) return "column " + std::string(c.name) + " holds " + std::to_string(x) + ", not an unsigned value";
        put_u64(out, static_cast<std::uint64_t>(x));
        return {};
      }
      std::uint64_t u = 0;
      if (t == SQLITE_TEXT && parse_u64(st.column_text(i), u)) {
        put_u64(out, u);
        return {};
      }
      return "column " + std::string(c.name) + " holds a value that is not an unsigned 64-bit number";
    }
    case Type::real:
      if (t != SQLITE_FLOAT && t != SQLITE_INTEGER) return "column " + std::string(c.name) + " holds a non-REAL value";
      put_f64(out, st.column_double(i));
      return {};
    case Type::text:
    case Type::blob:
      put_string(out, st.column_text(i));
      return {};
    case Type::any:
      if (t == SQLITE_INTEGER) {
        put_string(out, std::to_string(st.column_int64(i)));
      } else if (t == SQLITE_FLOAT) {
        return "column " + std::string(c.name) + " holds a REAL; ANY columns carry integers and text";
      } else {
        put_string(out, st.column_text(i));
      }
      return {};
  }
  return "unknown type";
}

db::Value Decoded::value() const {
  switch (kind) {
    case Kind::null: return std::monostate{};
    case Kind::integer: return i;
    case Kind::u64: return db::U64{u};
    case Kind::real: return d;
    case Kind::text: return db::Text{s};
    case Kind::blob: return db::Blob{std::as_bytes(std::span(s.data(), s.size()))};
  }
  return std::monostate{};
}

bool decode_value(std::string_view buf, std::size_t& pos, const FleetColumn& c, Decoded& out) {
  using importer::Type;
  std::size_t p = pos;
  if (!c.not_null) {
    std::uint8_t is_null = 0;
    if (!get_le(buf, p, is_null)) return false;
    if (is_null > 1) throw Error("RowBinary: bad Nullable marker in column " + std::string(c.name));
    if (is_null == 1) {
      out.kind = Decoded::Kind::null;
      pos = p;
      return true;
    }
  }
  switch (c.type) {
    case Type::integer:
      if (!get_le(buf, p, out.i)) return false;
      out.kind = Decoded::Kind::integer;
      break;
    case Type::u64:
      if (!get_le(buf, p, out.u)) return false;
      out.kind = Decoded::Kind::u64;
      break;
    case Type::real:
      if (!get_le(buf, p, out.d)) return false;
      out.kind = Decoded::Kind::real;
      break;
    case Type::text:
    case Type::blob:
    case Type::any: {
      std::uint64_t n = 0;
      int shift = 0;
      for (;;) {
        if (p >= buf.size()) return false;
        const auto b = static_cast<std::uint8_t>(buf[p++]);
        if (shift > 63) throw Error("RowBinary: bad string length in column " + std::string(c.name));
        n |= static_cast<std::uint64_t>(b & 0x7f) << shift;
        shift += 7;
        if ((b & 0x80) == 0) break;
      }
      // No value procsnap stores is near 1 GiB (members are capped far below): a bigger length is a broken or
      // hostile stream, refused before it makes the reader buffer that much.
      if (n > (std::uint64_t{1} << 30)) {
        throw Error("RowBinary: a value of " + std::to_string(n) + " bytes in column " + std::string(c.name));
      }
      if (buf.size() - p < n) return false;
      out.s.assign(buf.data() + p, n);
      p += n;
      if (c.type == Type::blob) {
        out.kind = Decoded::Kind::blob;
      } else if (c.type == Type::any && canonical_i64(out.s, out.i)) {
        out.kind = Decoded::Kind::integer;
      } else {
        out.kind = Decoded::Kind::text;
      }
      break;
    }
  }
  pos = p;
  return true;
}

}  // namespace procsnap::fleet
