#pragma once
// The regular expressions of osquery's regex_match() and regex_split() SQL functions, on RE2: matching time is
// linear in the input whatever the pattern (no backtracking), the pattern is capped at k_max_pattern_bytes and
// the compiled program at k_max_program_memory, so a hostile query can neither hang a statement nor grow memory.
// Syntax: RE2's (Perl/ECMAScript-like; osquery uses std::regex's ECMAScript): backreferences and lookaround are
// refused as invalid patterns. Bytes are matched as Latin-1, like std::regex over char: any input is accepted,
// non-UTF-8 included, and a UTF-8 literal in a pattern matches the same bytes in the text.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace procsnap::db {

class SqlRegex {
 public:
  static constexpr std::size_t k_max_pattern_bytes = 4096;
  static constexpr std::int64_t k_max_program_memory = 8 << 20;

  /// nullptr and `error` set (osquery-like message: "Invalid regex: ...") when the pattern is too long, invalid,
  /// or compiles to a program over the memory cap.
  [[nodiscard]] static std::unique_ptr<SqlRegex> compile(std::string_view pattern, std::string& error);
  ~SqlRegex();
  SqlRegex(const SqlRegex&) = delete;
  SqlRegex& operator=(const SqlRegex&) = delete;

  /// regex_match: the first match anywhere in `input`; index 0 is the whole match, 1.. the groups. nullopt when
  /// nothing matches or index is not a group; a group that took no part in the match is "" (as std::regex).
  [[nodiscard]] std::optional<std::string_view> match_group(std::string_view input, std::int64_t index) const;
  /// regex_split: the index-th piece of `input` between matches (std::regex_token_iterator with -1: a leading
  /// empty piece is kept, a trailing one is not; an empty match advances by one byte). nullopt past the end.
  [[nodiscard]] std::optional<std::string_view> split_piece(std::string_view input, std::int64_t index) const;

 private:
  explicit SqlRegex(std::unique_ptr<re2::RE2> re);
  std::unique_ptr<re2::RE2> re_;
};

}  // namespace procsnap::db
