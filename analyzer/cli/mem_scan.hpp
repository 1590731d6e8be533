#pragma once
// The byte-level engines behind `procsnap mem grep` and `procsnap mem strings`: pattern parsing, matchers, and
// scanners fed with the captured bytes of a region one slice at a time. They know nothing about SQLite: the caller
// (cli/mem_cmd.cpp) streams each captured range in address order and calls end_run() at every hole, so a match or
// a string may straddle two pieces of one captured range but never a hole. Memory stays bounded by one slice plus
// the longest match and the context.
//
// Every byte comes from a possibly hostile process: the renderers here (escape_bytes, hexdump_line) only ever emit
// printable ASCII.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace procsnap::cli::mem {

// ---- patterns -------------------------------------------------------------------------------------------------

/// A literal PATTERN: the bytes as given, except the escapes \xHH, \0, \n, \r, \t and \\ (a backslash must be
/// written \\). Any other escape, a truncated \x or an empty result is an error (message in `error`).
[[nodiscard]] std::optional<std::string> parse_literal(std::string_view text, std::string& error);
/// A --hex PATTERN: pairs of hex digits, optionally separated by spaces, ':', '-' or ',' and each optionally
/// prefixed by 0x ("de ad be ef", "deadbeef", "0xde,0xad"). Empty or an odd digit count is an error.
[[nodiscard]] std::optional<std::string> parse_hex(std::string_view text, std::string& error);
/// `bytes` widened to UTF-16LE (each byte followed by 0x00): an ASCII text as Windows-style wide strings.
[[nodiscard]] std::string widen_utf16le(std::string_view bytes);

/// An address, hex with an optional 0x ("7f3a1c000000", "0x7f3a1c000000").
[[nodiscard]] std::optional<std::uint64_t> parse_address(std::string_view text);
/// "START-END" as in maps (hex, 0x optional on each side); END must be greater than START.
[[nodiscard]] std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_range(std::string_view text);

// ---- matchers -------------------------------------------------------------------------------------------------

struct Span {
  std::size_t begin = 0;  ///< offset of the first byte
  std::size_t end = 0;    ///< offset one past the last byte
};

class Matcher {
 public:
  virtual ~Matcher() = default;
  /// The first match in `data` starting in [from, start_limit) (offsets into data), its bytes at most
  /// start_limit - 1 + max_len(). `data` is all the matcher knows of the captured range: ^ and $ (and \b) match at
  /// data's start and end as at the range's, and look at the bytes around the searched part otherwise. So a caller
  /// whose data[0] is not the range's first byte searches from 1 at least, and one whose data ends before the range
  /// does keeps the byte after start_limit - 1 + max_len() in data (GrepScanner does both).
  [[nodiscard]] virtual std::optional<Span> find(std::string_view data, std::size_t from,
                                                 std::size_t start_limit) const = 0;
  /// Longest match reported (the pattern's length for a literal).
  [[nodiscard]] virtual std::size_t max_len() const = 0;
};

/// Exact bytes (memmem).
[[nodiscard]] std::unique_ptr<Matcher> literal_matcher(std::string bytes);

/// A POSIX extended regular expression (ERE) run by RE2: matching time is linear in the data whatever the pattern
/// (no backtracking, no recursion), the compiled program and its DFA caches are capped at k_regex_max_mem, and
/// bytes are matched as Latin-1 (one byte = one character, any byte value, NUL included). Semantics as glibc's
/// regcomp(REG_EXTENDED | REG_NEWLINE) in the C locale, which this replaced: leftmost-longest matches; ^ and $ also
/// match at line breaks; '.' matches any byte but \n and NUL, [^...] any byte but \n and the listed ones; inside
/// [...] a backslash is itself (POSIX), [:class:] as usual and [=c=]/[.c.] are the character c; a{,n} is a{0,n}.
/// \xHH stands for a byte (not 00, not an ERE metacharacter), outside and inside brackets. Where RE2 differs from
/// an ERE: no backreferences (\1, which ERE lacks anyway) nor \< \>; counts {n,m} at most 1000 (nested counts
/// multiplied); \d \s \w \b (and \D \S \W \B) are Perl's classes, \n \t \r \f \v \a control characters; a
/// '{' that does not start a valid count is a literal '{'; stacked repetitions (a+?, a**) are one repetition of
/// the atom, (a+)? and a*.
/// A match is at most `max_len` bytes: longer ones are cut at that length, and a match that only exists as a
/// longer one may be missed. The search costs at most about k_regex_min_segment + max_len DFA steps per reported
/// match and under two per byte elsewhere (while RE2's DFA states fit its cache; past that RE2 runs its NFA,
/// slower by the pattern's size but still linear). Returns nullptr with `error` set (one line) when the pattern
/// does not compile, exceeds the memory cap or matches the empty string.
[[nodiscard]] std::unique_ptr<Matcher> regex_matcher(std::string_view ere, std::size_t max_len, std::string& error);
/// RE2's budget for one --regex: the forward program may take 2/3 of it, its DFA caches the rest. At RE2's
/// default (8 MiB) an alternation of 20,000 indicator domains (533 KB of pattern) fills the DFA cache over and
/// over and RE2 falls back to its NFA: 3.3 MB/s on this machine, 930 MB/s at 32 MiB; 64 MiB gains nothing
/// measurable. The largest program 32 MiB admits (~1.9 million instructions) compiles in about 1.5 s.
inline constexpr std::int64_t k_regex_max_mem = std::int64_t{32} << 20;
/// Starts examined by the first RE2 call of a search (glibc's segment before, so the same long matches fit in a
/// view); each call without a match doubles it up to k_regex_max_segment, so data without matches costs few calls.
/// A call looks at most max_len bytes past its last start: a reported match costs at most k_regex_min_segment +
/// max_len steps (a|a.*b over a run of 'a' reports a match at every byte and runs at ~0.3 MB/s).
inline constexpr std::size_t k_regex_min_segment = 1024;
inline constexpr std::size_t k_regex_max_segment = std::size_t{64} << 10;

// ---- grep -----------------------------------------------------------------------------------------------------

struct Match {
  std::uint64_t addr = 0;      ///< address of the first matching byte
  std::string bytes;           ///< the matching bytes
  std::uint64_t ctx_addr = 0;  ///< address of ctx[0]
  std::string ctx;             ///< up to `context` bytes before, the match, up to `context` bytes after (same range)
};

/// Finds every non-overlapping match in a stream of captured bytes. feed() slices in address order;
/// a slice not starting where the previous one ended begins a new range (as does end_run()).
class GrepScanner {
 public:
  /// `on_match` returns false to stop the scan (e.g. --max-matches reached).
  GrepScanner(const Matcher& matcher, std::size_t context, std::function<bool(const Match&)> on_match);
  void feed(std::uint64_t addr, std::string_view bytes);
  /// The current captured range ends here (a hole, or the end of the region): reports what is pending.
  void end_run();
  [[nodiscard]] bool stopped() const { return stopped_; }

 private:
  void scan(bool final);
  const Matcher& matcher_;
  std::size_t context_;
  std::function<bool(const Match&)> on_match_;
  std::string win_;  // bytes [wbase_, wbase_ + win_.size()) of the current range
  std::uint64_t wbase_ = 0;
  std::uint64_t searched_ = 0;  // match starts below this address have been examined
  bool active_ = false;
  bool stopped_ = false;
};

// ---- strings --------------------------------------------------------------------------------------------------

enum class Encoding { ascii, utf16le };
[[nodiscard]] std::string_view encoding_name(Encoding e);

struct FoundString {
  std::uint64_t addr = 0;  ///< address of the first byte
  Encoding encoding = Encoding::ascii;
  std::uint64_t length = 0;  ///< characters in the whole string
  std::string text;          ///< its characters (printable ASCII or TAB), at most max_keep of them
  bool cut = false;          ///< text holds only the first max_keep characters
};

/// Printable runs like strings(1): characters 0x20..0x7e and TAB, at least `min_len` of them; UTF-16LE strings
/// are such characters each followed by 0x00, starting at an even address. Runs end at a hole.
class StringsScanner {
 public:
  StringsScanner(std::size_t min_len, bool ascii, bool utf16le, std::size_t max_keep,
                 std::function<bool(const FoundString&)> on_string);
  void feed(std::uint64_t addr, std::string_view bytes);
  void end_run();
  [[nodiscard]] bool stopped() const { return stopped_; }

 private:
  struct Run {
    bool open = false;
    std::uint64_t addr = 0;
    std::uint64_t length = 0;
    std::string text;
  };
  void add(Run& r, Encoding e, std::uint64_t addr, char c);
  void close(Run& r, Encoding e);
  std::size_t min_len_;
  bool ascii_, utf16_;
  std::size_t max_keep_;
  std::function<bool(const FoundString&)> on_string_;
  Run a_, w_;
  std::optional<std::uint64_t> next_;  // address the next byte must have to continue the range
  std::optional<unsigned char> lo_;    // UTF-16: the even byte waiting for its partner
  bool stopped_ = false;
};

// ---- rendering (ASCII only) -----------------------------------------------------------------------------------

/// Printable ASCII as is except backslash (\\) and double quote (\"); every other byte as \xHH.
[[nodiscard]] std::string escape_bytes(std::string_view bytes);
/// Lower-case hex of every byte, no separators.
[[nodiscard]] std::string hex_bytes(std::string_view bytes);
/// hexdump -C style lines for `bytes` at `addr`, 16 bytes per line: "ADDR  hh hh ...  |ascii|".
[[nodiscard]] std::string hexdump(std::uint64_t addr, std::string_view bytes, std::string_view indent);
/// "0x" + lower-case hex.
[[nodiscard]] std::string hex_addr(std::uint64_t a);

}  // namespace procsnap::cli::mem
