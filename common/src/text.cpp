#include "procsnap/common/text.hpp"

namespace procsnap::common::text {

namespace {

constexpr char k_hex_digits[] = "0123456789abcdef";

// "\xHH" for a byte.
void append_x_escape(std::string& out, unsigned byte) {
  out += "\\x";
  out.push_back(k_hex_digits[(byte >> 4) & 0xF]);
  out.push_back(k_hex_digits[byte & 0xF]);
}

// At least four lower-case hex digits of `v`, as printf's "%04x" writes them.
void append_hex4(std::string& out, std::uint32_t v) {
  int shift = 28;
  while (shift > 12 && ((v >> shift) & 0xF) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) out.push_back(k_hex_digits[(v >> shift) & 0xF]);
}

// "\uXXXX" (JSON).
void append_u_escape(std::string& out, std::uint32_t cp) {
  out += "\\u";
  append_hex4(out, cp);
}

}  // namespace

std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  const auto cont = [&](std::size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  const auto b = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F);
  };
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) {
    cp = ((b0 & 0x1Fu) << 6) | b(1);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF && cont(1) && cont(2)) {
    cp = ((b0 & 0x0Fu) << 12) | (b(1) << 6) | b(2);
    return cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) ? 0 : 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    cp = ((b0 & 0x07u) << 18) | (b(1) << 12) | (b(2) << 6) | b(3);
    return cp < 0x10000 || cp > 0x10FFFF ? 0 : 4;
  }
  return 0;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {  // the common case, without the decoder's call
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t n = decode_utf8(s, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::size_t cut_at_code_point(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s.size();
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_terminal_unsafe(std::uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x180E ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) ||
         cp == 0xFEFF;
}

std::string escape_terminal(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::uint32_t cp = 0;
    const std::size_t n = decode_utf8(s, i, cp);
    if (n == 0) {
      append_x_escape(out, static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    if (cp == '\\') {
      out += "\\\\";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp < 0x80 && is_terminal_unsafe(cp)) {
      append_x_escape(out, cp);
    } else if (is_terminal_unsafe(cp)) {
      out += "\\u{";
      append_hex4(out, cp);
      out += '}';
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

void append_json_string(std::string& out, std::string_view s, JsonEscape mode) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    std::uint32_t cp = 0;
    const std::size_t n = decode_utf8(s, i, cp);
    if (n == 0) {
      append_u_escape(out, 0xDC00u + static_cast<unsigned char>(s[i]));  // lossless escape of an invalid byte
      ++i;
      continue;
    }
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b':
        if (mode == JsonEscape::metadata) {
          out += "\\b";
        } else {
          append_u_escape(out, cp);
        }
        break;
      case '\f':
        if (mode == JsonEscape::metadata) {
          out += "\\f";
        } else {
          append_u_escape(out, cp);
        }
        break;
      default: {
        const bool escape = mode == JsonEscape::display ? is_terminal_unsafe(cp)
                                                        : cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029;
        if (escape) {
          append_u_escape(out, cp);
        } else {
          out.append(s.substr(i, n));
        }
      }
    }
    i += n;
  }
  out.push_back('"');
}

std::string json_string(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + 2);
  append_json_string(out, bytes, JsonEscape::display);
  return out;
}

std::string csv_cell(std::string_view bytes, bool is_text) {
  std::string v(bytes);
  bool quote = false;
  if (is_text && !v.empty() && std::string_view("=+-@\t\r").find(v[0]) != std::string_view::npos) {
    v.insert(v.begin(), '\'');  // OWASP: a leading quote makes spreadsheets treat the cell as text
    quote = true;
  }
  if (v.find_first_of(",\"\r\n") != std::string::npos || (!v.empty() && (v.front() == ' ' || v.back() == ' '))) {
    quote = true;
  }
  if (!quote) return v;
  std::string out = "\"";
  for (const char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace procsnap::common::text
