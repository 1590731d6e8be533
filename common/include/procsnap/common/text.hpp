#pragma once
// Untrusted bytes as text: UTF-8 decoding and validation, and the three ways procsnap shows such bytes without
// letting them act — on a terminal, in JSON, in a CSV cell. Everything a snapshot holds may have been written by an
// attacker (comm, cmdline, environ, paths, socket names), so these are safety primitives: every layer that prints or
// serializes snapshot text (collector manifest, analyzer output, diff, triage, report, fleet errors) goes through
// them. No I/O, no allocation beyond the returned string, no exceptions; linked by the static collector.
//
//   escape_terminal  control characters (C0, DEL), C1 controls (U+0080..U+009F), bidi and other invisible format
//                    characters (U+061C, U+180E, U+200B..U+200F, U+2028..U+202E, U+2060..U+2069, U+FEFF) and
//                    invalid UTF-8 bytes are shown as \n \t \r, \xHH (bytes) or \u{XXXX} (code points); a backslash
//                    is shown as \\ — always, not only on a terminal.
//   JSON strings     lossless: a byte that is not part of a valid UTF-8 sequence becomes \udcXX (XX = the byte, a
//                    lone low surrogate as in Python's "surrogateescape"; common/json.hpp's reader turns it back).
//                    JsonEscape::metadata (the archive's own members) escapes '"', '\\', control characters and
//                    U+2028/U+2029; JsonEscape::display (analyzer output) also escapes the characters
//                    escape_terminal hides, so the output is safe on a terminal and still exact.
//   csv_cell         RFC 4180 quoting; a text cell starting with = + - @ TAB or CR gets a leading ' (OWASP CSV
//                    injection); otherwise the exact bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace procsnap::common::text {

/// Decodes the well-formed UTF-8 sequence at s[i] (i < s.size()) into `cp` and returns its length (1-4), or 0
/// when the bytes there are not one: overlong forms, surrogates, code points above U+10FFFF and sequences cut
/// short are invalid.
[[nodiscard]] std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& cp);

/// True when all of `s` is well-formed UTF-8 (as decode_utf8 defines it).
[[nodiscard]] bool is_valid_utf8(std::string_view s);

/// The longest prefix length <= max_bytes that does not end inside a UTF-8 sequence (s.size() when it fits): a
/// cut that splits a sequence would show as \x escapes that were never in the data.
[[nodiscard]] std::size_t cut_at_code_point(std::string_view s, std::size_t max_bytes);

/// Appends code point `cp` (<= U+10FFFF, not a surrogate) encoded as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

/// True for the code points that must never reach a terminal raw: they move the cursor, change colours, reorder
/// text (Trojan Source) or are invisible.
[[nodiscard]] bool is_terminal_unsafe(std::uint32_t cp);

/// Escapes untrusted bytes for display (see above).
[[nodiscard]] std::string escape_terminal(std::string_view bytes);

enum class JsonEscape {
  metadata,  ///< the archive's header/manifest/trailer: '"', '\\', C0 controls (\b \f \n \r \t short), DEL, U+2028/9
  display,   ///< analyzer output: also C1 controls, bidi and invisible characters, as \uXXXX
};

/// Appends `bytes` as a JSON string literal (with quotes), losslessly (see above).
void append_json_string(std::string& out, std::string_view bytes, JsonEscape mode);

/// A JSON string literal (with quotes) holding `bytes` losslessly, escaped for display.
[[nodiscard]] std::string json_string(std::string_view bytes);

/// One CSV cell (without the separator). `is_text` = the value is text or a blob (numbers are never
/// formula-escaped).
[[nodiscard]] std::string csv_cell(std::string_view bytes, bool is_text);

}  // namespace procsnap::common::text
