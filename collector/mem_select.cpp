#include "mem_select.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <utility>
#include <vector>

// The --mem language. Design notes (the user-facing text is mem_help_text() below):
// - Parsing is a small recursive-descent parser over the raw bytes. Its recursion depth is bounded by the nesting
//   limit (each '(' and each 'not' is one level, at most 64), and the whole expression by 4096 bytes, both checked
//   before any recursion happens, so a hostile --mem value can't exhaust the stack or take quadratic time.
// - 'and' and 'or' chains are flattened (they are associative), so the canonical text drops redundant
//   parentheses: "(x and (anon)) or (w)" prints as "x and anon or w". The canonical text re-parses to the same tree.
// - Preset names are recognised only when they are the whole --mem value: inside an expression `heap` and `anon`
//   are the predicates (the presets of the same names expand to "heap or stack" and "anon and p").
// - Globs match raw bytes; '*' also matches '/' (no FNM_PATHNAME) and '[' ']' are literal, because the maps
//   pseudo-paths are written in brackets: path='[anon:*]' means what it says, not a one-character class.

namespace procsnap::collector {

namespace mem_select_detail {

enum class Pred { r, w, x, p, s, anon, heap, stack, deleted, memfd, file, vdso, path, size, vmflag };
enum class Cmp { lt, le, eq, ge, gt };

/// One compiled glob element: a literal byte, '?' (any one byte) or '*' (any run of bytes, also empty).
struct GlobItem {
  enum class Type : std::uint8_t { literal, any, star } type = Type::literal;
  char byte = 0;
};

bool glob_match(const std::vector<GlobItem>& items, std::string_view s) {
  // Classic single-backtrack-point matcher: O(pattern * subject) worst case, no recursion.
  std::size_t p = 0;
  std::size_t i = 0;
  std::size_t star_p = std::string_view::npos;
  std::size_t star_i = 0;
  const std::size_t n = items.size();
  while (i < s.size()) {
    if (p < n &&
        (items[p].type == GlobItem::Type::any || (items[p].type == GlobItem::Type::literal && items[p].byte == s[i]))) {
      ++p;
      ++i;
    } else if (p < n && items[p].type == GlobItem::Type::star) {
      star_p = p++;
      star_i = i;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      i = ++star_i;
    } else {
      return false;
    }
  }
  while (p < n && items[p].type == GlobItem::Type::star) {
    ++p;
  }
  return p == n;
}

/// True when the whitespace-separated VmFlags list contains `flag`.
bool has_vmflag(std::string_view vmflags, std::string_view flag) {
  std::size_t i = 0;
  while (i < vmflags.size()) {
    while (i < vmflags.size() && (vmflags[i] == ' ' || vmflags[i] == '\t' || vmflags[i] == '\n')) {
      ++i;
    }
    const std::size_t b = i;
    while (i < vmflags.size() && vmflags[i] != ' ' && vmflags[i] != '\t' && vmflags[i] != '\n') {
      ++i;
    }
    if (i > b && vmflags.substr(b, i - b) == flag) {
      return true;
    }
  }
  return false;
}

std::string size_text(std::uint64_t n) {
  static constexpr std::array<std::pair<char, unsigned>, 4> k_suffixes{{{'T', 40}, {'G', 30}, {'M', 20}, {'K', 10}}};
  if (n != 0) {
    for (const auto& [c, shift] : k_suffixes) {
      const std::uint64_t unit = std::uint64_t{1} << shift;
      if (n % unit == 0) {
        return std::to_string(n / unit) + c;
      }
    }
  }
  return std::to_string(n);
}

}  // namespace mem_select_detail

struct MemSelector::Node {
  enum class Type { or_, and_, not_, pred } type = Type::pred;
  std::vector<Node> children;  ///< or/and: two or more (flattened); not: exactly one
  mem_select_detail::Pred pred = mem_select_detail::Pred::r;
  mem_select_detail::Cmp cmp = mem_select_detail::Cmp::eq;
  std::uint64_t number = 0;                       ///< size predicates
  std::vector<mem_select_detail::GlobItem> glob;  ///< path=
  std::string flag;                               ///< vmflag=
  std::vector<std::string> alternatives;          ///< root only: canonical text of each top-level `or` child
};

namespace {

using Node = MemSelector::Node;
using mem_select_detail::Cmp;
using mem_select_detail::GlobItem;
using mem_select_detail::Pred;

constexpr std::size_t k_max_expression_bytes = 4096;
constexpr int k_max_depth = 64;
constexpr std::size_t k_max_token_bytes = 80;

constexpr std::string_view k_known =
    "known: r w x p s anon heap stack deleted memfd file vdso path=GLOB size<op>N vmflag=XX; "
    "operators: and or not ( )";

constexpr std::array<std::pair<std::string_view, Pred>, 12> k_simple{{
    {"r", Pred::r},
    {"w", Pred::w},
    {"x", Pred::x},
    {"p", Pred::p},
    {"s", Pred::s},
    {"anon", Pred::anon},
    {"heap", Pred::heap},
    {"stack", Pred::stack},
    {"deleted", Pred::deleted},
    {"memfd", Pred::memfd},
    {"file", Pred::file},
    {"vdso", Pred::vdso},
}};

// Preset expansions: canonical text (what the printer produces for them; a test checks the round trip).
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> k_presets{{
    {"suspicious", "x and anon or x and deleted or x and memfd or r and w and x or anon and not r"},
    {"heap", "heap or stack"},
    {"anon", "anon and p"},
    {"all", "r"},
}};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

/// Bytes that end a word: whitespace, parentheses, comparison characters, quotes, NUL.
bool is_delimiter(char c) {
  return is_space(c) || c == '(' || c == ')' || c == '<' || c == '>' || c == '=' || c == '!' || c == '\'' || c == '"' ||
         c == '\0';
}

std::string clip(std::string_view s) {
  if (s.size() <= k_max_token_bytes) {
    return std::string(s);
  }
  return std::string(s.substr(0, k_max_token_bytes)) + "...";
}

std::string quoted(std::string_view s) { return "'" + clip(s) + "'"; }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

struct Token {
  enum class Type { end, lparen, rparen, word, op, quote, nul } type = Type::end;
  std::size_t offset = 0;
  std::string_view text;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : t_(text) {}

  /// Parses the whole text; nullopt with error() set on failure.
  std::optional<Node> parse() {
    const Token first = peek();
    if (first.type == Token::Type::end) {
      fail(first.offset, "", "empty expression");
      return std::nullopt;
    }
    auto root = parse_or(0, "");
    if (!root) {
      return std::nullopt;
    }
    const Token tok = peek();
    if (tok.type == Token::Type::rparen) {
      fail(tok, "unmatched ')'");
      return std::nullopt;
    }
    if (tok.type != Token::Type::end) {
      fail(tok, "expected 'and', 'or' or the end of the expression, found " + describe(tok) + case_hint(tok));
      return std::nullopt;
    }
    return root;
  }

  [[nodiscard]] const MemSelectError& error() const { return error_; }

 private:
  std::string_view t_;
  std::size_t pos_ = 0;
  MemSelectError error_;

  void fail(std::size_t offset, std::string_view token, std::string message) {
    error_.offset = offset;
    error_.token = clip(token);
    error_.message = std::move(message);
  }
  void fail(const Token& tok, std::string message) { fail(tok.offset, tok.text, std::move(message)); }

  static std::string describe(const Token& tok) {
    switch (tok.type) {
      case Token::Type::end:
        return "the end of the expression";
      case Token::Type::nul:
        return "a NUL byte";
      default:
        return quoted(tok.text);
    }
  }

  /// " (keywords are lower-case: 'and')" when `tok` is an upper/mixed-case operator.
  static std::string case_hint(const Token& tok) {
    if (tok.type != Token::Type::word) {
      return {};
    }
    const std::string lower = lower_ascii(tok.text);
    if (lower != tok.text && (lower == "and" || lower == "or" || lower == "not")) {
      return " (keywords are lower-case: '" + lower + "')";
    }
    return {};
  }

  void skip_space() {
    while (pos_ < t_.size() && is_space(t_[pos_])) {
      ++pos_;
    }
  }

  /// The next token, without consuming it (pos_ is left after any whitespace).
  Token peek() {
    skip_space();
    Token tok;
    tok.offset = pos_;
    if (pos_ >= t_.size()) {
      return tok;
    }
    const char c = t_[pos_];
    std::size_t e = pos_ + 1;
    if (c == '(') {
      tok.type = Token::Type::lparen;
    } else if (c == ')') {
      tok.type = Token::Type::rparen;
    } else if (c == '\0') {
      tok.type = Token::Type::nul;
    } else if (c == '\'' || c == '"') {
      tok.type = Token::Type::quote;
    } else if (c == '<' || c == '>' || c == '=' || c == '!') {
      tok.type = Token::Type::op;
      while (e < t_.size() && (t_[e] == '<' || t_[e] == '>' || t_[e] == '=' || t_[e] == '!')) {
        ++e;
      }
    } else {
      tok.type = Token::Type::word;
      while (e < t_.size() && !is_delimiter(t_[e])) {
        ++e;
      }
    }
    tok.text = t_.substr(pos_, e - pos_);
    return tok;
  }

  void consume(const Token& tok) { pos_ = tok.offset + tok.text.size(); }

  static bool is_word(const Token& tok, std::string_view w) { return tok.type == Token::Type::word && tok.text == w; }

  static void append_flat(Node& parent, Node&& child) {
    if (child.type == parent.type) {
      for (auto& grandchild : child.children) {
        parent.children.push_back(std::move(grandchild));
      }
    } else {
      parent.children.push_back(std::move(child));
    }
  }

  std::optional<Node> parse_or(int depth, std::string_view context) {
    auto lhs = parse_and(depth, context);
    if (!lhs) {
      return std::nullopt;
    }
    if (!is_word(peek(), "or")) {
      return lhs;
    }
    Node node;
    node.type = Node::Type::or_;
    append_flat(node, std::move(*lhs));
    for (Token tok = peek(); is_word(tok, "or"); tok = peek()) {
      consume(tok);
      auto rhs = parse_and(depth, " after 'or'");
      if (!rhs) {
        return std::nullopt;
      }
      append_flat(node, std::move(*rhs));
    }
    return node;
  }

  std::optional<Node> parse_and(int depth, std::string_view context) {
    auto lhs = parse_unary(depth, context);
    if (!lhs) {
      return std::nullopt;
    }
    if (!is_word(peek(), "and")) {
      return lhs;
    }
    Node node;
    node.type = Node::Type::and_;
    append_flat(node, std::move(*lhs));
    for (Token tok = peek(); is_word(tok, "and"); tok = peek()) {
      consume(tok);
      auto rhs = parse_unary(depth, " after 'and'");
      if (!rhs) {
        return std::nullopt;
      }
      append_flat(node, std::move(*rhs));
    }
    return node;
  }

  std::optional<Node> parse_unary(int depth, std::string_view context) {
    const Token tok = peek();
    if (is_word(tok, "not") || tok.type == Token::Type::lparen) {
      if (depth + 1 > k_max_depth) {
        fail(tok, "nesting deeper than " + std::to_string(k_max_depth) + " levels ('(' and 'not')");
        return std::nullopt;
      }
      consume(tok);
      if (tok.type == Token::Type::lparen) {
        auto inner = parse_or(depth + 1, " after '('");
        if (!inner) {
          return std::nullopt;
        }
        const Token close = peek();
        if (close.type == Token::Type::end) {
          fail(close, "missing ')' to close the '(' at offset " + std::to_string(tok.offset));
          return std::nullopt;
        }
        if (close.type != Token::Type::rparen) {
          fail(close, "expected 'and', 'or' or ')', found " + describe(close) + case_hint(close));
          return std::nullopt;
        }
        consume(close);
        return inner;
      }
      auto child = parse_unary(depth + 1, " after 'not'");
      if (!child) {
        return std::nullopt;
      }
      Node node;
      node.type = Node::Type::not_;
      node.children.push_back(std::move(*child));
      return node;
    }
    if (tok.type != Token::Type::word || tok.text == "and" || tok.text == "or") {
      fail(tok, "expected a predicate" + std::string(context) + ", found " + describe(tok));
      return std::nullopt;
    }
    return parse_predicate(tok);
  }

  std::optional<Node> parse_predicate(const Token& word) {
    consume(word);
    Node node;
    node.type = Node::Type::pred;
    for (const auto& [name, pred] : k_simple) {
      if (word.text == name) {
        node.pred = pred;
        return node;
      }
    }
    if (word.text == "path" || word.text == "vmflag") {
      const Token eq = peek();
      if (eq.type != Token::Type::op || eq.text != "=") {
        fail(eq, "expected '=' after '" + std::string(word.text) + "', found " + describe(eq));
        return std::nullopt;
      }
      consume(eq);
      if (word.text == "path") {
        node.pred = Pred::path;
        if (!parse_glob(node)) {
          return std::nullopt;
        }
        return node;
      }
      node.pred = Pred::vmflag;
      const Token v = peek();
      const bool ok = v.type == Token::Type::word && v.text.size() == 2 &&
                      std::all_of(v.text.begin(), v.text.end(),
                                  [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
      if (!ok) {
        fail(v, "vmflag needs a two-letter lower-case VmFlags mnemonic (e.g. ex, io, sd), found " + describe(v));
        return std::nullopt;
      }
      consume(v);
      node.flag = std::string(v.text);
      return node;
    }
    if (word.text == "size") {
      return parse_size(node);
    }
    for (const auto& [name, expansion] : k_presets) {
      if (word.text == name) {
        // heap and anon are predicates and matched above; suspicious and all only exist as presets.
        fail(word, "'" + std::string(name) + "' is a preset: give it alone as the whole --mem value (" +
                       std::string(name) + " = " + std::string(expansion) + ")");
        return std::nullopt;
      }
    }
    if (word.text == "none") {
      fail(word, "'none' is a preset: give it alone as the whole --mem value");
      return std::nullopt;
    }
    const std::string lower = lower_ascii(word.text);
    if (lower != word.text) {
      for (const auto& [name, pred] : k_simple) {
        if (lower == name) {
          fail(word, "unknown predicate " + quoted(word.text) + " (keywords are lower-case: '" + lower + "')");
          return std::nullopt;
        }
      }
      if (lower == "and" || lower == "or" || lower == "not" || lower == "path" || lower == "size" ||
          lower == "vmflag") {
        fail(word, "unknown predicate " + quoted(word.text) + " (keywords are lower-case: '" + lower + "')");
        return std::nullopt;
      }
    }
    if (word.text.front() == '[' || word.text.front() == '/') {
      fail(word, "unknown predicate " + quoted(word.text) + " (a path? match it with path='" + clip(word.text) + "')");
      return std::nullopt;
    }
    fail(word, "unknown predicate " + quoted(word.text) + " (" + std::string(k_known) + ")");
    return std::nullopt;
  }

  std::optional<Node> parse_size(Node& node) {
    node.pred = Pred::size;
    const Token op = peek();
    static constexpr std::array<std::pair<std::string_view, Cmp>, 5> k_ops{
        {{"<", Cmp::lt}, {"<=", Cmp::le}, {"=", Cmp::eq}, {">=", Cmp::ge}, {">", Cmp::gt}}};
    bool found = false;
    if (op.type == Token::Type::op) {
      for (const auto& [text, cmp] : k_ops) {
        if (op.text == text) {
          node.cmp = cmp;
          found = true;
        }
      }
    }
    if (!found) {
      fail(op, "expected one of < <= = >= > after 'size', found " + describe(op));
      return std::nullopt;
    }
    consume(op);
    const Token num = peek();
    if (num.type != Token::Type::word) {
      fail(num, "expected a number after 'size" + std::string(op.text) + "', found " + describe(num));
      return std::nullopt;
    }
    consume(num);
    std::string_view digits = num.text;
    unsigned shift = 0;
    if (!digits.empty()) {
      switch (digits.back()) {
        case 'K':
        case 'k':
          shift = 10;
          break;
        case 'M':
        case 'm':
          shift = 20;
          break;
        case 'G':
        case 'g':
          shift = 30;
          break;
        case 'T':
        case 't':
          shift = 40;
          break;
        default:
          break;
      }
      if (shift != 0) {
        digits.remove_suffix(1);
      }
    }
    const auto bad = [&] {
      fail(num, "bad size number " + quoted(num.text) +
                    " (decimal digits with an optional K, M, G or T suffix, binary: 1K = 1024)");
    };
    if (digits.empty() || digits.size() > 20) {
      bad();
      return std::nullopt;
    }
    std::uint64_t v = 0;
    for (const char c : digits) {
      if (c < '0' || c > '9') {
        bad();
        return std::nullopt;
      }
      const auto d = static_cast<std::uint64_t>(c - '0');
      if (v > (std::numeric_limits<std::uint64_t>::max() - d) / 10) {
        bad();
        return std::nullopt;
      }
      v = v * 10 + d;
    }
    if (shift != 0 && v > (std::numeric_limits<std::uint64_t>::max() >> shift)) {
      bad();
      return std::nullopt;
    }
    node.number = v << shift;
    return node;
  }

  /// path=GLOB: quoted ('...' or "...", a backslash escapes any byte including the quote) or unquoted (up to
  /// whitespace or a parenthesis; a backslash escapes any byte).
  bool parse_glob(Node& node) {
    skip_space();
    const std::size_t start = pos_;
    if (pos_ >= t_.size() || t_[pos_] == '(' || t_[pos_] == ')') {
      Token tok = peek();
      fail(tok, "expected a glob after 'path=', found " + describe(tok));
      return false;
    }
    const char q = t_[pos_];
    const bool is_quoted = q == '\'' || q == '"';
    std::size_t i = is_quoted ? pos_ + 1 : pos_;
    const auto add = [&](GlobItem::Type type, char byte) {
      if (type == GlobItem::Type::star && !node.glob.empty() && node.glob.back().type == GlobItem::Type::star) {
        return;  // "**" is "*"
      }
      node.glob.push_back(GlobItem{type, byte});
    };
    for (;;) {
      if (i >= t_.size()) {
        if (is_quoted) {
          fail(start, t_.substr(start), "bad glob quoting: unterminated quote");
          return false;
        }
        break;
      }
      const char c = t_[i];
      if (c == '\0') {
        fail(i, std::string_view("\0", 1), "a NUL byte in the glob");
        return false;
      }
      if (is_quoted ? c == q : (is_space(c) || c == '(' || c == ')')) {
        break;
      }
      if (c == '\\') {
        if (i + 1 >= t_.size()) {
          fail(i, t_.substr(i),
               is_quoted ? "bad glob quoting: unterminated quote"
                         : "bad glob quoting: the glob ends with a lone backslash");
          return false;
        }
        if (t_[i + 1] == '\0') {
          fail(i + 1, std::string_view("\0", 1), "a NUL byte in the glob");
          return false;
        }
        add(GlobItem::Type::literal, t_[i + 1]);
        i += 2;
        continue;
      }
      if (c == '*') {
        add(GlobItem::Type::star, 0);
      } else if (c == '?') {
        add(GlobItem::Type::any, 0);
      } else {
        add(GlobItem::Type::literal, c);
      }
      ++i;
    }
    pos_ = is_quoted ? i + 1 : i;
    return true;
  }
};

std::string glob_text(const std::vector<GlobItem>& glob) {
  std::string out = "'";
  for (const auto& g : glob) {
    switch (g.type) {
      case GlobItem::Type::star:
        out += '*';
        break;
      case GlobItem::Type::any:
        out += '?';
        break;
      case GlobItem::Type::literal:
        if (g.byte == '*' || g.byte == '?' || g.byte == '\\' || g.byte == '\'') {
          out += '\\';
        }
        out += g.byte;
        break;
    }
  }
  out += '\'';
  return out;
}

std::string print(const Node& n) {
  switch (n.type) {
    case Node::Type::pred:
      break;
    case Node::Type::not_: {
      const Node& c = n.children.front();
      const bool paren = c.type == Node::Type::and_ || c.type == Node::Type::or_;
      return paren ? "not (" + print(c) + ")" : "not " + print(c);
    }
    case Node::Type::and_:
    case Node::Type::or_: {
      const bool is_and = n.type == Node::Type::and_;
      std::string out;
      for (const auto& c : n.children) {
        if (!out.empty()) {
          out += is_and ? " and " : " or ";
        }
        if (is_and && c.type == Node::Type::or_) {
          out += "(" + print(c) + ")";
        } else {
          out += print(c);
        }
      }
      return out;
    }
  }
  for (const auto& [name, pred] : k_simple) {
    if (pred == n.pred) {
      return std::string(name);
    }
  }
  switch (n.pred) {
    case Pred::path:
      return "path=" + glob_text(n.glob);
    case Pred::vmflag:
      return "vmflag=" + n.flag;
    case Pred::size: {
      static constexpr std::array<std::string_view, 5> k_ops{"<", "<=", "=", ">=", ">"};
      return "size" + std::string(k_ops[static_cast<std::size_t>(n.cmp)]) + mem_select_detail::size_text(n.number);
    }
    default:
      return "?";
  }
}

bool is_anon(procfs::MapPathKind k) {
  using K = procfs::MapPathKind;
  return k == K::anon || k == K::anon_named || k == K::anon_shmem || k == K::dev_zero || k == K::heap ||
         k == K::stack || k == K::stack_tid;
}

bool eval(const Node& n, const procfs::MapsEntry& e, std::optional<std::string_view> vmflags) {
  switch (n.type) {
    case Node::Type::or_:
      return std::any_of(n.children.begin(), n.children.end(), [&](const Node& c) { return eval(c, e, vmflags); });
    case Node::Type::and_:
      return std::all_of(n.children.begin(), n.children.end(), [&](const Node& c) { return eval(c, e, vmflags); });
    case Node::Type::not_:
      return !eval(n.children.front(), e, vmflags);
    case Node::Type::pred:
      break;
  }
  using K = procfs::MapPathKind;
  switch (n.pred) {
    case Pred::r:
      return e.readable();
    case Pred::w:
      return e.writable();
    case Pred::x:
      return e.executable();
    case Pred::p:
      return e.perms && e.perms->size() > 3 && (*e.perms)[3] == 'p';
    case Pred::s:
      return e.shared();
    case Pred::anon:
      return is_anon(e.kind);
    case Pred::heap:
      return e.kind == K::heap;
    case Pred::stack:
      return e.kind == K::stack || e.kind == K::stack_tid;
    case Pred::deleted:
      return e.deleted;
    case Pred::memfd:
      return e.kind == K::memfd;
    case Pred::file:
      return e.kind == K::file;
    case Pred::vdso:
      return e.kind == K::vdso;
    case Pred::path:
      return mem_select_detail::glob_match(n.glob, e.path ? std::string_view(*e.path) : std::string_view{});
    case Pred::size: {
      const auto sz = e.size();
      if (!sz) {
        return false;
      }
      switch (n.cmp) {
        case Cmp::lt:
          return *sz < n.number;
        case Cmp::le:
          return *sz <= n.number;
        case Cmp::eq:
          return *sz == n.number;
        case Cmp::ge:
          return *sz >= n.number;
        case Cmp::gt:
          return *sz > n.number;
      }
      return false;
    }
    case Pred::vmflag:
      return vmflags.has_value() && mem_select_detail::has_vmflag(*vmflags, n.flag);
  }
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

std::variant<MemSelector, MemSelectError> MemSelector::parse(std::string_view text) {
  if (text.size() > k_max_expression_bytes) {
    return MemSelectError{k_max_expression_bytes, "",
                          "expression longer than " + std::to_string(k_max_expression_bytes) + " bytes (" +
                              std::to_string(text.size()) + ")"};
  }
  std::string_view source = text;
  const std::string_view name = trim(text);
  MemSelector sel;
  if (name == "none") {
    sel.none_ = true;
    sel.expanded_ = "none";
    return sel;
  }
  for (const auto& [preset, expansion] : k_presets) {
    if (name == preset) {
      source = expansion;
    }
  }
  Parser parser(source);
  auto root = parser.parse();
  if (!root) {
    return parser.error();
  }
  auto node = std::make_shared<Node>(std::move(*root));
  if (node->type == Node::Type::or_) {
    for (const auto& c : node->children) {
      node->alternatives.push_back(print(c));
    }
  } else {
    node->alternatives.push_back(print(*node));
  }
  sel.expanded_ = print(*node);
  // The expanded text is recorded and may be re-parsed: a lone predicate that shares its name with a preset
  // ("heap", "anon") keeps parentheses so it is not read back as the preset.
  for (const auto& [preset, expansion] : k_presets) {
    if (sel.expanded_ == preset) {
      sel.expanded_ = "(" + sel.expanded_ + ")";
    }
  }
  sel.root_ = std::move(node);
  sel.none_ = false;
  return sel;
}

bool MemSelector::is_none() const { return none_; }

const std::string& MemSelector::expanded() const { return expanded_; }

std::optional<std::string> MemSelector::match(const procfs::MapsEntry& region,
                                              std::optional<std::string_view> vmflags) const {
  if (none_ || !root_) {
    return std::nullopt;
  }
  if (root_->type == Node::Type::or_) {
    for (std::size_t i = 0; i < root_->children.size(); ++i) {
      if (eval(root_->children[i], region, vmflags)) {
        return root_->alternatives[i];
      }
    }
    return std::nullopt;
  }
  if (eval(*root_, region, vmflags)) {
    return root_->alternatives.front();
  }
  return std::nullopt;
}

std::optional<std::string_view> mem_exclusion(const procfs::MapsEntry& region,
                                              std::optional<std::string_view> vmflags) {
  using K = procfs::MapPathKind;
  if (region.kind == K::vvar || region.kind == K::vvar_vclock || region.kind == K::vsyscall) {
    return "special-mapping";
  }
  if (!region.readable()) {
    return "no-access";
  }
  if (vmflags) {
    if (mem_select_detail::has_vmflag(*vmflags, "io")) {
      return "vmflags-io";
    }
    if (mem_select_detail::has_vmflag(*vmflags, "pf")) {
      return "vmflags-pf";
    }
    if (mem_select_detail::has_vmflag(*vmflags, "dd")) {
      return "vmflags-dd";
    }
  }
  return std::nullopt;
}

std::string_view mem_help_text() {
  return R"HELP(--mem EXPR|PRESET  select memory regions (lines of /proc/<pid>/maps) to capture from /proc/<pid>/mem

Presets (only as the whole --mem value; the expansion is recorded in the header as options.mem_expanded):
  none        nothing (default): /proc/<pid>/mem is never opened
  suspicious  x and anon or x and deleted or x and memfd or r and w and x or anon and not r
              (executable anonymous / deleted-file / memfd code, any rwx region, and private anonymous
              regions without read permission: those are listed as skipped "no-access", never read)
  heap        heap or stack
  anon        anon and p          (all private anonymous memory, heap and stacks included)
  all         r                   (everything readable)
A preset name is a preset only as the whole value: inside an expression heap and anon are the predicates
below, and '(heap)' alone selects [heap] only.

Grammar (keywords are lower-case; 'not' binds tighter than 'and', 'and' tighter than 'or'):
  expr  := term { "or" term }      term := unary { "and" unary }
  unary := "not" unary | "(" expr ")" | predicate
Predicates:
  r w x       the region is readable / writable / executable (maps perms column)
  p s         private (copy-on-write) / shared mapping
  anon        anonymous memory: no path, [anon:NAME], [anon_shmem:NAME], /dev/zero (deleted) (shared
              anonymous), [heap], [stack], [stack:TID]  (not memfd, SysV shm or anon_inode: files)
  heap        [heap]                     stack    [stack] and [stack:TID]
  deleted     the path ends in " (deleted)" (unlinked file; also memfd, SysV shm, /dev/zero)
  memfd       /memfd:NAME (deleted)      vdso     [vdso]
  file        backed by a file that was not deleted (an absolute path without " (deleted)")
  path=GLOB   the maps path column (raw bytes, "" when anonymous) matches GLOB: * any run of bytes (also
              '/'), ? any one byte, \ makes the next byte literal; every other byte, '[' and ']' included,
              matches itself (no character classes), so path='[anon:*]' matches named anonymous regions.
              Quote with '...' or "..." for spaces or parentheses (\' inside quotes is a quote).
  size<N size<=N size=N size>=N size>N
              region size in bytes; N is decimal with an optional binary suffix K, M, G, T (1K = 1024)
  vmflag=XX   smaps VmFlags has the two-letter flag XX (e.g. ex, sd, io); false when VmFlags is unknown
Never read, whatever the expression says (listed as skipped with the reason): [vvar], [vvar_vclock],
[vsyscall] (special-mapping); regions without read permission, e.g. ---p (no-access); VmFlags io, pf, dd
(vmflags-io, vmflags-pf, vmflags-dd); files on a FUSE file system (fuse-backed: a hung FUSE server would keep
the collector from exiting), unless --mem-read-fuse.
Each captured region records the first top-level 'or' alternative that selected it (e.g. "x and anon").
Expressions are limited to 4096 bytes and 64 levels of '(' / 'not'.

Examples:
  --mem suspicious
  --mem 'x and not file'                 executable memory not backed by an existing file (also [vdso])
  --mem "path='[anon:*]' or heap"        named anonymous regions and the heap
  --mem 'anon and size<=64M'             anonymous regions up to 64 MiB each
  --mem 'path=/usr/lib/*libc* and x'     code of the C library
)HELP";
}

}  // namespace procsnap::collector
