#pragma once
// Helpers shared by the /proc/net parsers (net_*.cpp): a line cursor and a tokenizer that never materialise a
// vector as large as the input (a hostile 10 MB line must not cost 10x its size), a diagnostic cap, hex checks.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "procfs/numbers.hpp"
#include "procfs/parse_result.hpp"

namespace procsnap::procfs::net_detail {

/// At most this many diagnostics per file, then one "suppressed" line: a hostile member with a million bad
/// lines must not become a million import_issues rows (the raw bytes stay in `members`).
inline constexpr std::size_t k_max_diagnostics = 100;

template <class T>
void warn(Parsed<T>& out, std::size_t line, std::string_view excerpt, std::string message) {
  if (out.diagnostics.size() < k_max_diagnostics) {
    out.warn(line, excerpt, std::move(message));
  } else if (out.diagnostics.size() == k_max_diagnostics) {
    out.warn(0, {}, "more than 100 diagnostics in this file: the rest are suppressed");
  }
}

/// A line without its key (the rule of procfs/system_common.hpp, which the line-per-entry net files follow too):
/// one capped diagnostic and no record. Once the cap is reached a flood of such lines costs no message per line.
template <class T>
void skip_line(Parsed<T>& out, std::size_t line, std::string_view excerpt, std::string_view why) {
  if (out.diagnostics.size() > k_max_diagnostics) {
    return;
  }
  warn(out, line, excerpt, std::string(why) + "; line skipped");
}

/// A line with fewer columns than the layout has: one diagnostic, the parsed values are kept.
template <class T>
void report_short(Parsed<T>& out, std::size_t no, std::string_view line, std::size_t seen, std::size_t want) {
  warn(out, no, line,
       "only " + std::to_string(seen) + " columns, expected " + std::to_string(want) +
           " (truncated line?); parsed values kept");
}

/// The line walker every line-oriented parser shares (procfs/numbers.hpp).
using procfs::LineCursor;

[[nodiscard]] inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

/// Next token of `s` from `pos` (skipping ' '/'\t'); empty at the end. `pos` ends just after the token.
[[nodiscard]] inline std::string_view next_token(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && is_blank(s[pos])) {
    ++pos;
  }
  const std::size_t b = pos;
  while (pos < s.size() && !is_blank(s[pos])) {
    ++pos;
  }
  return s.substr(b, pos - b);
}

/// Up to `max` leading tokens of `line` into `out`; how many there were. For deciding whether a line has its key
/// before its columns are parsed and diagnosed.
[[nodiscard]] inline std::size_t leading_tokens(std::string_view line, std::string_view* out, std::size_t max) {
  std::size_t pos = 0;
  std::size_t n = 0;
  while (n < max) {
    const std::string_view t = next_token(line, pos);
    if (t.empty()) {
      break;
    }
    out[n++] = t;
  }
  return n;
}

/// `s` without leading/trailing ' '/'\t'.
[[nodiscard]] inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_blank(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

/// Text after the known columns: one diagnostic per file (`reported`), the raw member keeps the bytes.
template <class T>
void report_extra(Parsed<T>& out, std::size_t no, std::string_view rest, bool& reported) {
  if (!trim(rest).empty() && !reported) {
    reported = true;
    warn(out, no, trim(rest), "columns beyond the known layout (ignored; the raw member keeps them)");
  }
}

[[nodiscard]] inline bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

[[nodiscard]] inline bool is_hex(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (!is_hex_digit(c)) {
      return false;
    }
  }
  return true;
}

/// Cap for the verbatim "extra columns" text kept in a row (the whole line stays in the raw member).
inline constexpr std::size_t k_extra_max = 4096;

/// Column name + what is wrong, e.g. "column 4 (st): not a hex number: ..." — the excerpt carries the text.
[[nodiscard]] inline std::string column_message(std::size_t index, std::string_view name, std::string_view what) {
  std::string m = "column ";
  m += std::to_string(index);
  m += " (";
  m += name;
  m += "): ";
  m += what;
  return m;
}

/// One whitespace-separated column of a simple table file (packet, netlink, ...). Exactly one field is set.
template <class Row>
struct Column {
  std::string_view name;
  int base = 10;                                     ///< 10 or 16 for numbers; 16 with `text` = hex text
  std::optional<std::uint64_t> Row::*u64 = nullptr;  ///< unsigned number
  std::optional<std::int64_t> Row::*i64 = nullptr;   ///< signed decimal number
  std::optional<std::string> Row::*text = nullptr;   ///< text (hex-validated when base == 16)
};

/// Parses one column token into `row`; false when it does not parse (with a diagnostic when `report`).
template <class Row, class T>
bool parse_column(Parsed<T>& out, std::size_t no, std::size_t index, const Column<Row>& c, std::string_view tok,
                  Row& row, bool report = true) {
  if (!report) {
    Parsed<T> quiet;
    return parse_column(quiet, no, index, c, tok, row, true);
  }
  if (c.u64 != nullptr) {
    row.*c.u64 = parse_u64(tok, c.base);
    if (!(row.*c.u64)) {
      warn(out, no, tok,
           column_message(
               index, c.name,
               c.base == 16 ? "not a hex number (or above 2^64-1)" : "not a decimal number (or above 2^64-1)"));
      return false;
    }
  } else if (c.i64 != nullptr) {
    row.*c.i64 = parse_i64(tok);
    if (!(row.*c.i64)) {
      warn(out, no, tok, column_message(index, c.name, "not a signed decimal number (or out of 64-bit range)"));
      return false;
    }
  } else if (c.text != nullptr) {
    if (c.base == 16 && !is_hex(tok)) {
      warn(out, no, tok, column_message(index, c.name, "not hex"));
      return false;
    }
    row.*c.text = std::string(tok);
  }
  return true;
}

/// A header line then one row per line, columns separated by blanks: the layout of packet and netlink.
/// A line whose first column does not parse is not an entry and is skipped; missing columns stay nullopt.
template <class Row, std::size_t N>
Parsed<std::vector<Row>> parse_simple_table(std::string_view text, std::string_view header_prefix,
                                            const std::array<Column<Row>, N>& cols) {
  Parsed<std::vector<Row>> out;
  LineCursor lines(text);
  std::string_view line;
  std::size_t no = 0;
  bool first = true;
  bool extra_reported = false;
  while (lines.next(line, no)) {
    if (first) {
      first = false;
      if (trim(line).starts_with(header_prefix)) {
        continue;
      }
      warn(out, no, line, "missing header line; parsing the line as an entry");
    }
    if (trim(line).empty()) {
      warn(out, no, line, "empty line");
      continue;
    }
    Row row{};
    row.line = no;
    std::size_t pos = 0;
    std::size_t seen = 0;
    bool entry = true;
    for (std::size_t i = 0; i < N; ++i) {
      const std::string_view tok = next_token(line, pos);
      if (tok.empty()) {
        break;
      }
      ++seen;
      // Column 1 (the kernel pointer) decides whether the line is an entry at all: one diagnostic, not two.
      if (!parse_column(out, no, i + 1, cols[i], tok, row, i != 0) && i == 0) {
        entry = false;
        break;
      }
    }
    if (!entry) {
      warn(out, no, line, "not a socket entry (column 1 does not parse); line skipped");
      continue;
    }
    if (seen < N) {
      warn(out, no, line,
           "only " + std::to_string(seen) + " columns, expected " + std::to_string(N) +
               " (truncated line?); parsed values kept");
    }
    const std::string_view rest = trim(line.substr(pos));
    if (!rest.empty() && !extra_reported) {
      extra_reported = true;
      warn(out, no, rest, "columns beyond the known layout (ignored; the raw member keeps them)");
    }
    out.value.push_back(std::move(row));
  }
  return out;
}

}  // namespace procsnap::procfs::net_detail
