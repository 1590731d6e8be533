#include "cli/mem_scan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <vector>

namespace procsnap::cli::mem {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
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
        const int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
        const int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
          error = "\\x must be followed by two hex digits (e.g. \\x00, \\xff)";
          return std::nullopt;
        }
        out += static_cast<char>(hi * 16 + lo);
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
  std::optional<Span> find(std::string_view data, std::size_t from, std::size_t start_limit, bool,
                           bool) const override {
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
  RegexMatcher() = default;
  RegexMatcher(const RegexMatcher&) = delete;
  RegexMatcher& operator=(const RegexMatcher&) = delete;
  ~RegexMatcher() override {
    if (compiled_) ::regfree(&re_);
  }
  bool compile(const std::string& ere, std::size_t max_len, std::string& error) {
    max_len_ = max_len;
    const int rc = ::regcomp(&re_, ere.c_str(), REG_EXTENDED | REG_NEWLINE);
    if (rc != 0) {
      char buf[256];
      ::regerror(rc, &re_, buf, sizeof buf);
      error = fmt::format("--regex: {}", buf);
      return false;
    }
    compiled_ = true;
    regmatch_t m[1] = {{0, 0}};
    if (::regexec(&re_, "", 1, m, REG_STARTEND) == 0) {
      error = "--regex: the expression matches the empty string (e.g. x* or x?); require at least one byte";
      return false;
    }
    return true;
  }
  std::optional<Span> find(std::string_view data, std::size_t from, std::size_t start_limit, bool run_start,
                           bool run_end) const override {
    // Searched in segments of 1 KiB of starts, each looking at most max_len_ bytes past its last start. glibc's
    // matcher runs its DFA from every candidate start until the DFA dies or the view ends, so for a pattern
    // like a.*b over a long run of 'a' the work is (view length) per start: bounding the view to
    // k_segment + max_len_ keeps it linear in the data (measured ~5 ns per DFA step on this box: worst case
    // ~4 us/byte with max_len 256; ordinary patterns, which the fastmap and a dying DFA cut short, ~0.2 ns/byte).
    constexpr std::size_t k_segment = 1024;
    std::size_t pos = from;
    while (pos < start_limit) {
      const std::size_t seg_lim = std::min(start_limit, pos + k_segment);
      const std::size_t view_end = std::min(data.size(), seg_lim - 1 + max_len_);
      regmatch_t m[1];
      m[0].rm_so = static_cast<regoff_t>(pos);
      m[0].rm_eo = static_cast<regoff_t>(view_end);
      int flags = REG_STARTEND;
      if (!run_start) flags |= REG_NOTBOL;
      if (!run_end || view_end != data.size()) flags |= REG_NOTEOL;
      if (::regexec(&re_, data.data(), 1, m, flags) == 0) {
        const auto s = static_cast<std::size_t>(m[0].rm_so);
        auto e = static_cast<std::size_t>(m[0].rm_eo);
        if (s >= seg_lim) {  // starts in a later segment: found again, with its full view, from there
          pos = seg_lim;
          continue;
        }
        if (e == s) {  // an empty match inside the data (e.g. ^ alone): not a result
          pos = s + 1;
          continue;
        }
        e = std::min(e, s + max_len_);
        return Span{s, e};
      }
      pos = seg_lim;
    }
    return std::nullopt;
  }
  std::size_t max_len() const override { return max_len_; }

 private:
  regex_t re_{};
  bool compiled_ = false;
  std::size_t max_len_ = 0;
};

/// regcomp refuses nothing below this; a bound keeps a typo'd --regex from taking gigabytes (see ere_expansion).
constexpr double k_max_ere_expansion = 10000;

// An upper estimate of how many nodes glibc's regcomp builds for an ERE: it copies the tree of a repeated atom
// once per repetition (a{n} = n copies, a+ = aa*), and every ?, * or + adds epsilon edges whose closures it
// computes recursively, so stacked or nested repetitions multiply. Without a bound an
// expression like "a++++..." or "((a{100}){100}){100}" makes regcomp allocate gigabytes (found by the mem_scan
// fuzz target). Saturates instead of overflowing. -1 for stacked quantifiers (a+?), which regcomp nests.
double ere_expansion(std::string_view p) {
  struct Frame {
    double total = 0;  // completed atoms and alternatives of this group
    double last = 0;   // the latest atom: a following quantifier multiplies it
  };
  constexpr double k_cap = 1e15;
  std::vector<Frame> stack(1);
  auto atom = [&](double size) {
    Frame& f = stack.back();
    f.total = std::min(k_cap, f.total + f.last);
    f.last = size;
  };
  bool after_quantifier = false;  // the previous token was ?, *, + or {m,n}
  auto repeat = [&](double factor) {
    if (after_quantifier) {
      return false;
    }
    stack.back().last = std::min(k_cap, stack.back().last * factor);
    after_quantifier = true;
    return true;
  };
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    const bool was_quantifier = after_quantifier;
    after_quantifier = false;
    if (c == '+' || c == '*' || c == '?' || c == '{') {
      after_quantifier = was_quantifier;
    }
    if (c == '\\') {
      ++i;
      atom(1);
    } else if (c == '[') {
      std::size_t j = i + 1;
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;
      while (j < p.size() && p[j] != ']') {
        if (p[j] == '[' && j + 1 < p.size() && (p[j + 1] == ':' || p[j + 1] == '.' || p[j + 1] == '=')) {
          const std::size_t close = p.find(std::string{p[j + 1], ']'}, j + 2);
          j = close == std::string_view::npos ? p.size() : close + 2;
        } else {
          ++j;
        }
      }
      i = j;
      atom(1);
    } else if (c == '(') {
      atom(0);
      stack.emplace_back();
    } else if (c == ')' && stack.size() > 1) {
      const double group = std::min(k_cap, stack.back().total + stack.back().last);
      stack.pop_back();
      stack.back().last = std::max(group, 1.0);
    } else if (c == '|') {
      atom(0);
    } else if (c == '+' || c == '*' || c == '?') {
      // a+ is copied (aa*); a? and a* add an epsilon branch whose closure regcomp computes recursively, so
      // nested optional parts cost like copies too (a??????... took minutes before this bound).
      if (!repeat(2)) {
        return -1;  // stacked quantifiers (a+?, a**): undefined in POSIX EREs, and regcomp nests them
      }
    } else if (c == '{') {
      std::size_t j = i + 1;
      double lo = 0;
      double hi = -1;
      bool comma = false;
      bool digits = false;
      for (; j < p.size() && p[j] != '}'; ++j) {
        if (p[j] >= '0' && p[j] <= '9') {
          double& v = comma ? hi : lo;
          v = std::min(k_cap, (v < 0 ? 0 : v) * 10 + (p[j] - '0'));
          digits = true;
        } else if (p[j] == ',' && !comma) {
          comma = true;
        } else {
          break;
        }
      }
      if (j < p.size() && p[j] == '}' && digits) {
        if (!repeat(std::max(1.0, comma ? (hi < 0 ? lo + 1 : hi) : lo))) {
          return -1;
        }
        i = j;
      } else {
        after_quantifier = false;
        atom(1);  // not an interval: regcomp reports it, or takes '{' literally
      }
    } else {
      atom(1);
    }
  }
  double size = 0;
  for (const Frame& f : stack) size = std::min(k_cap, size + f.total + f.last);
  return size;
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
  // \xHH -> the byte; everything else (including other escapes) is passed to regcomp unchanged.
  std::string pat;
  for (std::size_t i = 0; i < ere.size(); ++i) {
    if (ere[i] == '\\' && i + 1 < ere.size()) {
      if (ere[i + 1] == 'x') {
        const int hi = i + 2 < ere.size() ? hex_value(ere[i + 2]) : -1;
        const int lo = i + 3 < ere.size() ? hex_value(ere[i + 3]) : -1;
        if (hi < 0 || lo < 0) {
          error = "--regex: \\x must be followed by two hex digits";
          return nullptr;
        }
        const auto b = static_cast<unsigned char>(hi * 16 + lo);
        if (b == 0) {
          error = "--regex: \\x00 can't be used in a regular expression (use --hex or a literal pattern with \\0)";
          return nullptr;
        }
        if (ere_special(b)) {
          error = fmt::format("--regex: \\x{:02x} is the metacharacter '{}': write it escaped (\\{}) or in brackets", b,
                              static_cast<char>(b), static_cast<char>(b));
          return nullptr;
        }
        pat += static_cast<char>(b);
        i += 3;
        continue;
      }
      pat += ere[i];
      pat += ere[i + 1];
      ++i;
      continue;
    }
    if (ere[i] == '\0') {
      error = "--regex: the expression contains a NUL byte";
      return nullptr;
    }
    pat += ere[i];
  }
  const double expansion = ere_expansion(pat);
  if (expansion < 0) {
    error = "--regex: stacked repetition operators (a+?, a**, a{2}+) are undefined in POSIX extended regular "
            "expressions; group them, e.g. (a+)?";
    return nullptr;
  }
  if (expansion > k_max_ere_expansion) {
    error = fmt::format(
        "--regex: the expression expands to too many states (stacked or nested repetitions such as a++?? or "
        "((a{{100}}){{100}}){{100}}: regcomp copies the repeated part once per repetition); at most {} allowed",
        k_max_ere_expansion);
    return nullptr;
  }
  auto m = std::make_unique<RegexMatcher>();
  if (!m->compile(pat, max_len, error)) return nullptr;
  return m;
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
    wbase_ = run_start_ = searched_ = addr;
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
    const auto m = matcher_.find(win_, searched_ - wbase_, lim - wbase_, run_start_ == wbase_, final);
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
