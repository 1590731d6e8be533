#pragma once
// ClickHouse's RowBinary format for procsnap's column types, both ways: SQLite column value -> bytes (push) and
// bytes -> value (pull). Little-endian fixed-width numbers, strings as LEB128 length + raw bytes (binary-safe:
// NUL, invalid UTF-8), Nullable(T) as one byte (1 = NULL) before T. DateTime is a UInt32 of epoch seconds.
#include "db/db.hpp"
#include "fleet/clickhouse_schema.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace procsnap::fleet {

void put_u8(std::string& out, std::uint8_t v);
void put_u32(std::string& out, std::uint32_t v);
void put_u64(std::string& out, std::uint64_t v);
void put_i64(std::string& out, std::int64_t v);
void put_f64(std::string& out, double v);
void put_string(std::string& out, std::string_view s);

/// Appends column `i` of the current row of `st` (a SQLite value) as column `c` in RowBinary. Returns an error
/// message instead when the value cannot be carried exactly (NULL in a NOT NULL column, a negative or non-numeric
/// u64, a type SQLite's STRICT table would not hold); empty on success.
[[nodiscard]] std::string encode_sqlite_value(std::string& out, const db::Statement& st, int i, const FleetColumn& c);

/// A decoded value, owning its bytes.
struct Decoded {
  enum class Kind : std::uint8_t { null, integer, u64, real, text, blob } kind = Kind::null;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double d = 0;
  std::string s;
  /// The value as SQLite stores it for the declared type (what the importer binds): u64 as db::U64, `any` as
  /// INTEGER when its text is a canonical int64, else TEXT. Refers to `s`.
  [[nodiscard]] db::Value value() const;
};

/// Decodes one value of column `c` at `pos` of `buf`. Returns false when `buf` ends before the value does (pos
/// unchanged: call again with more bytes). Throws fleet::Error on bytes no value can have, including a string
/// longer than 1 GiB (so a hostile server cannot make the reader buffer without bound).
bool decode_value(std::string_view buf, std::size_t& pos, const FleetColumn& c, Decoded& out);

}  // namespace procsnap::fleet
