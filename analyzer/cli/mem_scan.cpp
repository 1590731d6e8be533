#include "cli/mem_scan.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace procsnap::cli::mem {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The byte written as two hex digits at s[i], s[i + 1], or -1.
int hex_pair(std::string_view s, std::size_t i) {
  const int hi = i < s.size() ? hex_value(s[i]) : -1;
  const int lo = i + 1 < s.size() ? hex_value(s[i + 1]) : -1;
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

bool printable(unsigned char c) { return (c >= 0x20 && c <= 0x7e) || c == '\t'; }

// Bytes that mean something in an ERE (anywhere, or inside a bracket expression): \xHH never stands for them,
// so a translated byte can't change the pattern's structure.
bool ere_special(unsigned char c) { return std::strchr(".[]\\()*+?{}|^$-", c) != nullptr && c != 0; }

}  // namespace

std::optional<std::string> parse_literal(std::string_view text, std::string& error) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= text.size()) {
      error = "the pattern ends with a lone backslash (write \\\\ for a backslash)";
      return std::nullopt;
    }
    const char e = text[++i];
    switch (e) {
      case '\\':
        out += '\\';
        break;
      case '0':
        out += '\0';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'x': {
        const int b = hex_pair(text, i + 1);
        if (b < 0) {
          error = "\\x must be followed by two hex digits (e.g. \\x00, \\xff)";
          return std::nullopt;
        }
        out += static_cast<char>(b);
        i += 2;
        break;
      }
      default:
        error = fmt::format("unknown escape \\{} in the pattern (known: \\xHH \\0 \\n \\r \\t \\\\)",
                            escape_bytes(std::string_view(&text[i], 1)));
        return std::nullopt;
    }
  }
  if (out.empty()) {
    error = "the pattern is empty";
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> parse_hex(std::string_view text, std::string& error) {
  std::string digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == ':' || c == '-' || c == ',') continue;
    if (c == '0' && i + 1 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X') &&
        (i == 0 || std::strchr(" \t:-,", text[i - 1]) != nullptr)) {
      ++i;
      continue;
    }
    if (hex_value(c) < 0) {
      error = fmt::format("--hex: '{}' is not a hex digit (e.g. \"de ad be ef\" or deadbeef)",
                          escape_bytes(std::string_view(&text[i], 1)));
      return std::nullopt;
    }
    digits += c;
  }
  if (digits.empty()) {
    error = "--hex: the pattern is empty";
    return std::nullopt;
  }
  if (digits.size() % 2 != 0) {
    error = "--hex: an odd number of hex digits (each byte is two digits, e.g. 0f not f)";
    return std::nullopt;
  }
  std::string out;
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    out += static_cast<char>(hex_value(digits[i]) * 16 + hex_value(digits[i + 1]));
  }
  return out;
}

std::string widen_utf16le(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) {
    out += c;
    out += '\0';
  }
  return out;
}

std::optional<std::uint64_t> parse_address(std::string_view text) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) text.remove_prefix(2);
  if (text.empty() || text.size() > 16) return std::nullopt;
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  if (text[0] == '+' || text[0] == '-') return std::nullopt;
  return v;
}

std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_range(std::string_view text) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const auto s = parse_address(text.substr(0, dash));
  const auto e = parse_address(text.substr(dash + 1));
  if (!s || !e || *e <= *s) return std::nullopt;
  return std::pair{*s, *e};
}

// ---- matchers -------------------------------------------------------------------------------------------------

namespace {

class LiteralMatcher final : public Matcher {
 public:
  explicit LiteralMatcher(std::string bytes) : pat_(std::move(bytes)) {}
  std::optional<Span> find(std::string_view data, std::size_t from, std::size_t start_limit) const override {
    const std::size_t n = pat_.size();
    if (from >= start_limit || n == 0) return std::nullopt;
    const std::size_t view_end = std::min(data.size(), start_limit - 1 + n);
    if (view_end < from + n) return std::nullopt;
    const void* p = ::memmem(data.data() + from, view_end - from, pat_.data(), n);
    if (p == nullptr) return std::nullopt;
    const auto s = static_cast<std::size_t>(static_cast<const char*>(p) - data.data());
    return Span{s, s + n};
  }
  std::size_t max_len() const override { return pat_.size(); }

 private:
  std::string pat_;
};

class RegexMatcher final : public Matcher {
 public:
  RegexMatcher(std::unique_ptr<re2::RE2> re, std::size_t max_len) : re_(std::move(re)), max_len_(max_len) {}
  // RE2 is given all of `data` as context and [pos, view_end) as the text: ^, $ and \b look at the bytes around
  // the view, so a captured range's start and end are the only text boundaries (see Matcher::find).
  std::optional<Span> find(std::string_view data, std::size_t from, std::size_t start_limit) const override {
    const re2::StringPiece text(data.data(), data.size());
    std::size_t segment = k_regex_min_segment;
    std::size_t pos = from;
    while (pos < start_limit) {
      const std::size_t seg_lim = std::min(start_limit, pos + segment);
      const std::size_t view_end = std::min(data.size(), seg_lim - 1 + max_len_);
      re2::StringPiece m;
      const bool found = re_->Match(text, pos, view_end, re2::RE2::UNANCHORED, &m, 1);
      const auto s = found ? static_cast<std::size_t>(m.data() - data.data()) : seg_lim;
      if (s >= seg_lim) {  // none here, or one starting in a later segment: found again, with its full view, there
        pos = seg_lim;
        segment = std::min(segment * 2, k_regex_max_segment);
        continue;
      }
      if (m.empty()) {  // an empty match inside the data (e.g. \b alone): not a result
        pos = s + 1;
        segment = k_regex_min_segment;
        continue;
      }
      return Span{s, s + std::min(m.size(), max_len_)};
    }
    return std::nullopt;
  }
  std::size_t max_len() const override { return max_len_; }

 private:
  std::unique_ptr<re2::RE2> re_;
  std::size_t max_len_ = 0;
};

// A byte as an RE2 escape: never a metacharacter, inside or outside brackets, whatever its value.
void append_byte(std::string& out, unsigned char b) { out += fmt::format("\\x{{{:02x}}}", b); }

// The \xHH at p[i] ('\\', 'x'): the byte, or nullopt with `error` set (NUL and ERE metacharacters refused).
std::optional<unsigned char> hex_escape(std::string_view p, std::size_t i, std::string& error) {
  const int v = hex_pair(p, i + 2);
  if (v < 0) {
    error = "--regex: \\x must be followed by two hex digits";
    return std::nullopt;
  }
  const auto b = static_cast<unsigned char>(v);
  if (b == 0) {
    error = "--regex: \\x00 can't be used in a regular expression (use --hex or a literal pattern with \\0)";
    return std::nullopt;
  }
  if (ere_special(b)) {
    error = fmt::format("--regex: \\x{:02x} is the metacharacter '{}': write it escaped (\\{}) or in brackets", b,
                        static_cast<char>(b), static_cast<char>(b));
    return std::nullopt;
  }
  return b;
}

// One member of a bracket expression at p[i]: a byte (c, \xHH, [=c=], [.c.]) or a class name ([:name:]).
struct BracketMember {
  std::optional<unsigned char> byte;
  std::string_view class_name;
};

std::optional<BracketMember> bracket_member(std::string_view p, std::size_t& i, std::string& error) {
  if (p[i] == '[' && i + 1 < p.size() && std::strchr(":=.", p[i + 1]) != nullptr && p[i + 1] != 0) {
    const char kind = p[i + 1];
    const std::size_t close = p.find(std::string{kind, ']'}, i + 2);
    if (close == std::string_view::npos) {
      error = fmt::format("--regex: [{} without its closing {}]", kind, kind);
      return std::nullopt;
    }
    const std::string_view name = p.substr(i + 2, close - i - 2);
    i = close + 2;
    if (kind == ':') {
      if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        error = fmt::format("--regex: unknown character class [:{}:]", escape_bytes(name));
        return std::nullopt;
      }
      return BracketMember{std::nullopt, name};
    }
    if (name.size() != 1) {  // the C locale has no multi-character collating elements
      error = fmt::format("--regex: [{}{}{}] must hold exactly one character", kind, escape_bytes(name), kind);
      return std::nullopt;
    }
    return BracketMember{static_cast<unsigned char>(name[0]), {}};
  }
  if (p[i] == '\\' && i + 1 < p.size() && p[i + 1] == 'x') {
    const auto b = hex_escape(p, i, error);
    if (!b) return std::nullopt;
    i += 4;
    return BracketMember{*b, {}};
  }
  return BracketMember{static_cast<unsigned char>(p[i++]), {}};
}

// The bracket expression at p[i] == '[' read by POSIX's rules (a leading ']' is a member, a backslash is itself,
// '-' is literal first or last) and written for RE2 with every byte escaped, so RE2's own rules for brackets
// never apply; a negated one also excludes \n, as under REG_NEWLINE. Returns the index past its closing ']'.
std::optional<std::size_t> append_bracket(std::string_view p, std::size_t i, std::string& out, std::string& error) {
  ++i;
  const bool negated = i < p.size() && p[i] == '^';
  if (negated) ++i;
  out += negated ? "[^\\x{0a}" : "[";
  for (bool first = true;; first = false) {
    if (i >= p.size()) {
      error = "--regex: [ without its closing ] (a ] right after [ or [^ is a member)";
      return std::nullopt;
    }
    if (p[i] == ']' && !first) break;
    const auto lo = bracket_member(p, i, error);
    if (!lo) return std::nullopt;
    if (i + 1 < p.size() && p[i] == '-' && p[i + 1] != ']') {
      ++i;
      const auto hi = bracket_member(p, i, error);
      if (!hi) return std::nullopt;
      if (!lo->byte || !hi->byte) {
        error = "--regex: a range in [...] can't start or end with a [:class:]";
        return std::nullopt;
      }
      if (*hi->byte < *lo->byte) {
        error = fmt::format("--regex: the range \\x{:02x}-\\x{:02x} in [...] is reversed", *lo->byte, *hi->byte);
        return std::nullopt;
      }
      append_byte(out, *lo->byte);
      out += '-';
      append_byte(out, *hi->byte);
    } else if (lo->byte) {
      append_byte(out, *lo->byte);
    } else {
      out += fmt::format("[:{}:]", lo->class_name);
    }
  }
  out += ']';
  return i + 1;
}

// An ERE (glibc's, REG_EXTENDED | REG_NEWLINE, C locale) rewritten in RE2's POSIX syntax where the two differ:
// '.' excludes \n and NUL, brackets as above, a{,n} is a{0,n}, \xHH is a byte; refuses NUL and backreferences.
// Everything else, other escapes included, goes to RE2 as written (RE2 reports what it does not know).
std::optional<std::string> re2_pattern(std::string_view p, std::string& error) {
  if (p.find('\0') != std::string_view::npos) {
    error = "--regex: the expression contains a NUL byte";
    return std::nullopt;
  }
  std::string out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\') {
      if (i + 1 >= p.size()) {
        error = "--regex: the expression ends with a lone backslash (write \\\\ for a backslash)";
        return std::nullopt;
      }
      const char e = p[i + 1];
      if (e == 'x') {
        const auto b = hex_escape(p, i, error);
        if (!b) return std::nullopt;
        append_byte(out, *b);
        i += 3;
      } else if (e == '<' || e == '>' || e == '`' || e == '\'') {
        error = fmt::format(
            "--regex: \\{} (a GNU word or buffer anchor) is not supported: RE2 would read it as the "
            "character {}; \\b matches at word boundaries",
            e, e);
        return std::nullopt;
      } else if (e >= '0' && e <= '9') {
        error = fmt::format(
            "--regex: \\{} (a backreference or octal escape) is not supported: RE2 has no "
            "backreferences; write a byte as \\xHH",
            e);
        return std::nullopt;
      } else {
        out += c;
        out += e;
        ++i;
      }
    } else if (c == '.') {
      out += "[^\\x{0a}\\x{00}]";
    } else if (c == '[') {
      const auto next = append_bracket(p, i, out, error);
      if (!next) return std::nullopt;
      i = *next - 1;
    } else if (c == '{' && i + 2 < p.size() && p[i + 1] == ',' && p[i + 2] >= '0' && p[i + 2] <= '9') {
      out += "{0";  // RE2 reads {,n} as literal text; an ERE as {0,n}
    } else {
      out += c;
    }
  }
  return out;
}

// RE2's message for a pattern it refused, with a hint for the limits this command sets.
std::string re2_error(const re2::RE2& re) {
  std::string msg = "--regex: " + escape_bytes(re.error());
  if (re.error_code() == re2::RE2::ErrorPatternTooLarge) {
    msg += fmt::format(
        " (its compiled program exceeds the {} MiB this command gives RE2: simplify it, or split an "
        "alternation into several searches)",
        k_regex_max_mem >> 20);
  } else if (re.error_code() == re2::RE2::ErrorRepeatSize) {
    msg += " (RE2 allows counts up to 1000, nested counts multiplied)";
  }
  return msg;
}

}  // namespace

std::unique_ptr<Matcher> literal_matcher(std::string bytes) {
  return std::make_unique<LiteralMatcher>(std::move(bytes));
}

std::unique_ptr<Matcher> regex_matcher(std::string_view ere, std::size_t max_len, std::string& error) {
  if (max_len == 0) {
    error = "--max-match-len must be at least 1";
    return nullptr;
  }
  const auto pattern = re2_pattern(ere, error);
  if (!pattern) return nullptr;
  re2::RE2::Options opt;
  opt.set_encoding(re2::RE2::Options::EncodingLatin1);
  opt.set_posix_syntax(true);
  opt.set_longest_match(true);  // leftmost-longest, as POSIX
  opt.set_perl_classes(true);   // \d \s \w: glibc knows \s \w as GNU extensions
  opt.set_word_boundary(true);  // \b \B, also GNU extensions
  opt.set_log_errors(false);
  opt.set_max_mem(k_regex_max_mem);
  auto re = std::make_unique<re2::RE2>(re2::StringPiece(pattern->data(), pattern->size()), opt);
  if (!re->ok()) {
    error = re2_error(*re);
    return nullptr;
  }
  if (re->Match(re2::StringPiece(), 0, 0, re2::RE2::UNANCHORED, nullptr, 0)) {
    error = "--regex: the expression matches the empty string (e.g. x* or x?); require at least one byte";
    return nullptr;
  }
  return std::make_unique<RegexMatcher>(std::move(re), max_len);
}

// ---- grep -----------------------------------------------------------------------------------------------------

GrepScanner::GrepScanner(const Matcher& matcher, std::size_t context, std::function<bool(const Match&)> on_match)
    : matcher_(matcher), context_(context), on_match_(std::move(on_match)) {}

void GrepScanner::feed(std::uint64_t addr, std::string_view bytes) {
  if (stopped_ || bytes.empty()) return;
  if (active_ && addr != wbase_ + win_.size()) end_run();
  if (stopped_) return;
  if (!active_) {
    active_ = true;
    wbase_ = searched_ = addr;
    win_.clear();
  }
  win_.append(bytes);
  scan(false);
}

void GrepScanner::end_run() {
  if (active_ && !stopped_) scan(true);
  active_ = false;
  win_.clear();
}

void GrepScanner::scan(bool final) {
  const std::uint64_t wend = wbase_ + win_.size();
  // Until the range ends, only starts early enough that the longest match and its after-context are already in
  // the window are examined; the rest waits for the next slice.
  const std::uint64_t need = matcher_.max_len() + context_;
  std::uint64_t lim = wend;
  if (!final) {
    if (wend - searched_ <= need) return;
    lim = wend - need;
  }
  while (searched_ < lim) {
    const auto m = matcher_.find(win_, searched_ - wbase_, lim - wbase_);
    if (!m) break;
    Match out;
    out.addr = wbase_ + m->begin;
    out.bytes = win_.substr(m->begin, m->end - m->begin);
    const std::size_t cb = m->begin >= context_ ? m->begin - context_ : 0;
    const std::size_t ce = std::min(win_.size(), m->end + context_);
    out.ctx_addr = wbase_ + cb;
    out.ctx = win_.substr(cb, ce - cb);
    searched_ = wbase_ + m->end;
    if (!on_match_(out)) {
      stopped_ = true;
      return;
    }
  }
  searched_ = std::max(searched_, lim);
  // Keep the before-context of the next start (and at least one byte, so ^ after a \n still works).
  const std::uint64_t keep = std::max<std::uint64_t>(context_, 1);
  const std::uint64_t keep_from = searched_ - wbase_ > keep ? searched_ - keep : wbase_;
  if (keep_from > wbase_) {
    win_.erase(0, keep_from - wbase_);
    wbase_ = keep_from;
  }
}

// ---- strings --------------------------------------------------------------------------------------------------

std::string_view encoding_name(Encoding e) { return e == Encoding::ascii ? "ascii" : "utf16le"; }

StringsScanner::StringsScanner(std::size_t min_len, bool ascii, bool utf16le, std::size_t max_keep,
                               std::function<bool(const FoundString&)> on_string)
    : min_len_(std::max<std::size_t>(min_len, 1)),
      ascii_(ascii),
      utf16_(utf16le),
      max_keep_(max_keep),
      on_string_(std::move(on_string)) {}

void StringsScanner::add(Run& r, Encoding, std::uint64_t addr, char c) {
  if (!r.open) {
    r.open = true;
    r.addr = addr;
    r.length = 0;
    r.text.clear();
  }
  ++r.length;
  if (r.text.size() < max_keep_) r.text += c;
}

void StringsScanner::close(Run& r, Encoding e) {
  if (!r.open) return;
  r.open = false;
  if (r.length < min_len_ || stopped_) return;
  FoundString s;
  s.addr = r.addr;
  s.encoding = e;
  s.length = r.length;
  s.text = r.text;
  s.cut = r.length > r.text.size();
  if (!on_string_(s)) stopped_ = true;
}

void StringsScanner::feed(std::uint64_t addr, std::string_view bytes) {
  if (stopped_ || bytes.empty()) return;
  if (next_ && addr != *next_) end_run();
  for (std::size_t i = 0; i < bytes.size() && !stopped_; ++i) {
    const std::uint64_t a = addr + i;
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (ascii_) {
      if (printable(c)) {
        add(a_, Encoding::ascii, a, static_cast<char>(c));
      } else {
        close(a_, Encoding::ascii);
      }
    }
    if (utf16_) {
      if ((a & 1) == 0) {
        lo_ = c;
      } else if (lo_) {
        if (c == 0 && printable(*lo_)) {
          add(w_, Encoding::utf16le, a - 1, static_cast<char>(*lo_));
        } else {
          close(w_, Encoding::utf16le);
        }
        lo_.reset();
      }
    }
  }
  next_ = addr + bytes.size();
}

void StringsScanner::end_run() {
  close(a_, Encoding::ascii);
  close(w_, Encoding::utf16le);
  lo_.reset();
  next_.reset();
}

// ---- rendering ------------------------------------------------------------------------------------------------

std::string escape_bytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c >= 0x20 && c <= 0x7e) {
      out += ch;
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  return out;
}

std::string hex_bytes(std::string_view bytes) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    out += k_digits[c >> 4];
    out += k_digits[c & 15];
  }
  return out;
}

std::string hexdump(std::uint64_t addr, std::string_view bytes, std::string_view indent) {
  std::string out;
  for (std::size_t off = 0; off < bytes.size(); off += 16) {
    const std::size_t n = std::min<std::size_t>(16, bytes.size() - off);
    out += fmt::format("{}{:012x}  ", indent, addr + off);
    std::string ascii;
    for (std::size_t i = 0; i < 16; ++i) {
      if (i < n) {
        const auto c = static_cast<unsigned char>(bytes[off + i]);
        out += fmt::format("{:02x} ", c);
        ascii += (c >= 0x20 && c <= 0x7e) ? static_cast<char>(c) : '.';
      } else {
        out += "   ";
      }
      if (i == 7) out += ' ';
    }
    out += " |" + ascii + "|\n";
  }
  return out;
}

std::string hex_addr(std::uint64_t a) { return fmt::format("0x{:x}", a); }

}  // namespace procsnap::cli::mem
