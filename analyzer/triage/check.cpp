// Parsing the metadata header of a triage check file (format in triage.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "triage/triage.hpp"

namespace procsnap::triage {

namespace {

constexpr std::array<std::string_view, 6> k_keys{"id", "title", "severity", "mitre", "why", "benign"};

bool is_id(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

bool is_digits(std::string_view s, std::size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// T1234 or T1234.001
bool is_technique(std::string_view s) {
  if (s.size() < 5 || s[0] != 'T' || !is_digits(s.substr(1, 4), 4)) return false;
  if (s.size() == 5) return true;
  return s.size() == 9 && s[5] == '.' && is_digits(s.substr(6), 3);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Offsets of the placeholder `name` in `sql` as a whole token (not followed by an identifier character).
std::vector<std::size_t> placeholder_offsets(std::string_view sql, std::string_view name) {
  std::vector<std::size_t> out;
  for (std::size_t at = sql.find(name); at != std::string_view::npos; at = sql.find(name, at + 1)) {
    const std::size_t end = at + name.size();
    if (end < sql.size() && is_ident_char(sql[end])) continue;
    out.push_back(at);
  }
  return out;
}

// Whether `s` is one parenthesized whole: "(" ... ")" with the first parenthesis closed by the last character
// (parentheses inside '...' or "..." literals, with backslash or doubled-quote escapes, are not counted).
bool one_parenthesized_whole(std::string_view s) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth == 0) return i + 1 == s.size();
      if (depth < 0) return false;
    }
  }
  return false;
}

// Whether a line is a misspelt ClickHouse marker: "--clickhouse:", "-- ClickHouse", "  -- clickhouse :" (a
// comment that merely starts with the word, "-- clickhouse has no GLOB", is not).
bool near_marker(std::string_view line) {
  line = trim(line);
  if (!line.starts_with("--")) return false;
  line = trim(line.substr(2));
  if (line.ends_with(':')) line = trim(line.substr(0, line.size() - 1));
  if (line.size() != 10) return false;
  std::string word(line);
  std::transform(word.begin(), word.end(), word.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; });
  return word == "clickhouse";
}

}  // namespace

std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "low") return Severity::low;
  if (s == "medium") return Severity::medium;
  if (s == "high") return Severity::high;
  return std::nullopt;
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::low:
      return "low";
    case Severity::medium:
      return "medium";
    case Severity::high:
      return "high";
  }
  return "low";
}

ParsedCheck parse_check(std::string_view file, std::string_view text) {
  ParsedCheck out;
  auto err = [&](std::size_t line, std::string_view msg) {
    out.errors.push_back(fmt::format("{}:{}: {}", file, line, msg));
  };
  std::map<std::string, std::string, std::less<>> fields;
  std::string current;  // key a continuation line extends
  std::size_t pos = 0;
  std::size_t line_no = 0;
  std::size_t body_start = text.size();
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    const std::string_view line = text.substr(pos, end - pos);
    ++line_no;
    if (!line.starts_with("--")) {
      body_start = pos;
      break;
    }
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    const std::string_view rest = line.substr(2);
    if (trim(rest).empty()) {  // "--" alone: a paragraph break, ends the current field
      current.clear();
      continue;
    }
    if (rest.starts_with("   ") || rest.starts_with("\t")) {  // continuation: "--" + at least 3 spaces
      if (current.empty()) {
        err(line_no, "continuation line without a field before it");
        continue;
      }
      fields[current] += ' ';
      fields[current] += trim(rest);
      continue;
    }
    if (!rest.starts_with(" ")) {
      err(line_no, "header lines are '-- key: value' or '--   continuation'");
      continue;
    }
    const std::string_view kv = rest.substr(1);
    const std::size_t colon = kv.find(':');
    const std::string_view key = colon == std::string_view::npos ? std::string_view{} : kv.substr(0, colon);
    if (std::find(k_keys.begin(), k_keys.end(), key) == k_keys.end()) {
      err(line_no, fmt::format("unknown or malformed header line (keys: id, title, severity, mitre, why, benign)"));
      current.clear();
      continue;
    }
    if (fields.contains(key)) err(line_no, fmt::format("'{}' given twice", key));
    current = std::string(key);
    fields[current] = std::string(trim(kv.substr(colon + 1)));
  }
  for (auto k : k_keys) {
    const auto it = fields.find(k);
    if (it == fields.end() || it->second.empty()) err(1, fmt::format("missing '{}'", k));
  }
  // The body: the SQLite form, the marker line, the ClickHouse form.
  const std::string_view body = text.substr(body_start);
  std::size_t marker_at = std::string_view::npos;  // offset in body of the marker line
  std::size_t marker_end = body.size();            // offset in body just after the marker line
  std::size_t marker_line = 0;
  {
    std::size_t p = 0;
    std::size_t n = line_no;  // the body's first line
    while (p < body.size()) {
      const std::size_t nl = body.find('\n', p);
      const std::size_t end = nl == std::string_view::npos ? body.size() : nl;
      std::string_view line = body.substr(p, end - p);
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (line == k_clickhouse_marker) {
        if (marker_at != std::string_view::npos) {
          err(n, fmt::format("a second '{}' line (first on line {})", k_clickhouse_marker, marker_line));
        } else {
          marker_at = p;
          marker_end = nl == std::string_view::npos ? body.size() : nl + 1;
          marker_line = n;
        }
      } else if (near_marker(line)) {
        err(n, fmt::format("the ClickHouse form starts after a line that is exactly '{}'", k_clickhouse_marker));
      }
      p = nl == std::string_view::npos ? body.size() : nl + 1;
      ++n;
    }
  }
  const std::string_view sql = trim(body.substr(0, marker_at == std::string_view::npos ? body.size() : marker_at));
  const std::string_view ch =
      marker_at == std::string_view::npos ? std::string_view{} : trim(body.substr(marker_end));
  if (sql.empty()) err(line_no, "no query after the header");
  if (sql.find(":snapshot_id") == std::string_view::npos) err(line_no, "the query never uses :snapshot_id");
  if (!placeholder_offsets(sql, k_snapshot_keys).empty()) {
    err(line_no, fmt::format("the SQLite form uses {} (only the ClickHouse form may)", k_snapshot_keys));
  }
  if (marker_at == std::string_view::npos) {
    err(line_no, fmt::format("no ClickHouse form (a line '{}' after the SQLite query, then the ClickHouse query)",
                             k_clickhouse_marker));
  } else if (ch.empty()) {
    err(marker_line, fmt::format("no query after '{}'", k_clickhouse_marker));
  } else {
    if (placeholder_offsets(ch, k_snapshot_keys).empty()) {
      err(marker_line, fmt::format("the ClickHouse form never uses {}", k_snapshot_keys));
    }
    if (ch.find(":snapshot_id") != std::string_view::npos) {
      err(marker_line, "the ClickHouse form uses :snapshot_id (it selects over :snapshot_keys)");
    }
  }
  std::string_view stem = file;
  if (stem.ends_with(".sql")) stem.remove_suffix(4);
  Check c;
  if (const auto it = fields.find("id"); it != fields.end()) {
    c.id = it->second;
    if (!is_id(c.id)) err(1, "id must be [a-z0-9-]+");
    if (c.id != stem) err(1, fmt::format("id '{}' differs from the file name '{}'", c.id, stem));
  }
  if (const auto it = fields.find("severity"); it != fields.end()) {
    if (const auto s = parse_severity(it->second)) {
      c.severity = *s;
    } else if (!it->second.empty()) {
      err(1, fmt::format("severity '{}' is not low, medium or high", it->second));
    }
  }
  if (const auto it = fields.find("mitre"); it != fields.end()) {
    c.mitre = it->second;
    if (!c.mitre.empty() && !is_technique(c.mitre)) err(1, fmt::format("mitre '{}' is not a technique id", c.mitre));
  }
  if (const auto it = fields.find("title"); it != fields.end()) c.title = it->second;
  if (const auto it = fields.find("why"); it != fields.end()) c.why = it->second;
  if (const auto it = fields.find("benign"); it != fields.end()) c.benign = it->second;
  c.sql = std::string(sql);
  c.clickhouse_sql = std::string(ch);
  if (out.errors.empty()) out.check = std::move(c);
  return out;
}

std::string clickhouse_sql(const Check& check, std::string_view snapshot_keys_subquery) {
  const std::string_view sub = trim(snapshot_keys_subquery);
  const std::string with = one_parenthesized_whole(sub) ? std::string(sub) : fmt::format("({})", sub);
  const std::string_view sql = check.clickhouse_sql;
  std::string out;
  std::size_t from = 0;
  for (const std::size_t at : placeholder_offsets(sql, k_snapshot_keys)) {
    out.append(sql.substr(from, at - from));
    out += with;
    from = at + k_snapshot_keys.size();
  }
  out.append(sql.substr(from));
  return out;
}

std::vector<Check> load_checks(std::vector<std::string>& errors) {
  std::vector<Check> checks;
  for (const auto& src : embedded_checks()) {
    auto p = parse_check(src.file, src.text);
    if (p.check) {
      checks.push_back(std::move(*p.check));
    } else {
      errors.insert(errors.end(), p.errors.begin(), p.errors.end());
    }
  }
  std::sort(checks.begin(), checks.end(), [](const Check& a, const Check& b) { return a.id < b.id; });
  return checks;
}

}  // namespace procsnap::triage
