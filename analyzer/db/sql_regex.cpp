#include "db/sql_regex.hpp"

#include <re2/re2.h>

#include <fmt/format.h>

#include <vector>

namespace procsnap::db {

SqlRegex::SqlRegex(std::unique_ptr<re2::RE2> re) : re_(std::move(re)) {}
SqlRegex::~SqlRegex() = default;

std::unique_ptr<SqlRegex> SqlRegex::compile(std::string_view pattern, std::string& error) {
  if (pattern.size() > k_max_pattern_bytes) {
    error = fmt::format("Invalid regex: too big, max size is {} bytes", k_max_pattern_bytes);
    return nullptr;
  }
  re2::RE2::Options opt;
  opt.set_encoding(re2::RE2::Options::EncodingLatin1);
  opt.set_log_errors(false);
  opt.set_max_mem(k_max_program_memory);
  auto re = std::make_unique<re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), opt);
  if (!re->ok()) {
    error = fmt::format("Invalid regex: {}", re->error());
    return nullptr;
  }
  return std::unique_ptr<SqlRegex>(new SqlRegex(std::move(re)));
}

std::optional<std::string_view> SqlRegex::match_group(std::string_view input, std::int64_t index) const {
  if (index < 0 || index > re_->NumberOfCapturingGroups()) {
    // Still a search, as osquery: no match is NULL, and so is an index past the groups.
    return std::nullopt;
  }
  const auto n = static_cast<std::size_t>(index) + 1;
  std::vector<re2::StringPiece> groups(n);
  if (!re_->Match(re2::StringPiece(input.data(), input.size()), 0, input.size(), re2::RE2::UNANCHORED,
                  groups.data(), static_cast<int>(n))) {
    return std::nullopt;
  }
  const re2::StringPiece& g = groups[n - 1];
  return g.data() ? std::string_view(g.data(), g.size()) : std::string_view();
}

std::optional<std::string_view> SqlRegex::split_piece(std::string_view input, std::int64_t index) const {
  if (index < 0) return std::nullopt;
  const re2::StringPiece text(input.data(), input.size());
  std::size_t piece_start = 0;
  std::size_t pos = 0;
  std::int64_t piece = 0;
  re2::StringPiece m;
  // Only the pieces up to `index` are visited: memory stays constant, time linear in the input consumed.
  while (pos <= input.size() && re_->Match(text, pos, input.size(), re2::RE2::UNANCHORED, &m, 1)) {
    const auto m_start = static_cast<std::size_t>(m.data() - input.data());
    const auto m_end = m_start + m.size();
    if (piece == index) return input.substr(piece_start, m_start - piece_start);
    ++piece;
    piece_start = m_end;
    pos = m.empty() ? m_end + 1 : m_end;
  }
  if (piece == index && piece_start < input.size()) return input.substr(piece_start);
  return std::nullopt;
}

}  // namespace procsnap::db
