// Every table, view and column of the schema carries a SQL comment (the schema is the data dictionary).
//
// The check reads schema/*.sql and schema/views/*.sql from the source tree and lexes them (strings, quoted
// identifiers, -- and /* */ comments, parentheses). Ownership rules, chosen to match how the files are written:
//   - a CREATE TABLE / CREATE VIEW statement is documented when a comment ends on the line directly above it;
//   - a table column (or a view's select-list item) is documented by a comment inside the item, by a comment on
//     the rest of the line where the item's terminating comma sits, or by comment lines placed directly before
//     the item (and not already claimed by the previous item).
#include "importer/schema_sql.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

enum class Kind { word, punct, string, comment };

struct Token {
  Kind kind;
  std::string text;
  int line = 0;      ///< 1-based line where the token starts
  int end_line = 0;  ///< line where it ends (block comments, multi-line strings)
};

std::vector<Token> lex(std::string_view sql) {
  std::vector<Token> out;
  int line = 1;
  std::size_t i = 0;
  auto count_lines = [](std::string_view s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); };
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const std::size_t end = std::min(sql.find('\n', i), sql.size());
      out.push_back({Kind::comment, std::string(sql.substr(i + 2, end - i - 2)), line, line});
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      std::size_t end = sql.find("*/", i + 2);
      end = end == std::string_view::npos ? sql.size() : end + 2;
      const auto body = sql.substr(i, end - i);
      out.push_back({Kind::comment, std::string(body), line, line + count_lines(body)});
      line += count_lines(body);
      i = end;
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : c;
      std::size_t j = i + 1;
      while (j < sql.size()) {
        if (sql[j] == close) {
          if (close != ']' && j + 1 < sql.size() && sql[j + 1] == close) {
            j += 2;  // doubled quote inside the literal
            continue;
          }
          break;
        }
        ++j;
      }
      const std::size_t end = std::min(j + 1, sql.size());
      const auto body = sql.substr(i, end - i);
      // Quoted identifiers are words (a column may be named "end"); string literals are strings.
      const Kind k = c == '\'' ? Kind::string : Kind::word;
      std::string text = k == Kind::word ? std::string(body.substr(1, body.size() >= 2 ? body.size() - 2 : 0))
                                         : std::string(body);
      out.push_back({k, std::move(text), line, line + count_lines(body)});
      line += count_lines(body);
      i = end;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$') {
      std::size_t j = i;
      while (j < sql.size() &&
             (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_' || sql[j] == '$' || sql[j] == '.')) {
        ++j;
      }
      out.push_back({Kind::word, std::string(sql.substr(i, j - i)), line, line});
      i = j;
    } else {
      out.push_back({Kind::punct, std::string(1, c), line, line});
      ++i;
    }
  }
  return out;
}

std::string upper(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

bool is_kw(const Token& t, std::string_view kw) { return t.kind == Kind::word && upper(t.text) == kw; }

/// One statement: its tokens (comments included), in order.
std::vector<std::vector<Token>> statements(const std::vector<Token>& toks) {
  std::vector<std::vector<Token>> out(1);
  for (const auto& t : toks) {
    out.back().push_back(t);
    if (t.kind == Kind::punct && t.text == ";") out.emplace_back();
  }
  return out;
}

struct Item {
  std::string name;  ///< column name (tables) or output column name (views)
  bool commented = false;
  int line = 0;
};

/// Splits tokens [begin, end) (all at the same nesting level, parentheses balanced) into comma-separated items
/// and decides comment ownership. `name_of` extracts the item's name from its non-comment tokens.
template <class NameFn>
std::vector<Item> split_items(const std::vector<Token>& t, std::size_t begin, std::size_t end, NameFn name_of) {
  std::vector<Item> items;
  std::vector<const Token*> code;
  bool commented = false;
  int first_line = 0;
  int depth = 0;
  int claim_line = -1;  // comments starting on this line belong to the previous item (after its comma)
  auto finish = [&]() {
    if (!code.empty()) {
      items.push_back({name_of(code), commented, first_line});
    }
    code.clear();
    commented = false;
  };
  for (std::size_t i = begin; i < end; ++i) {
    const Token& tok = t[i];
    if (tok.kind == Kind::comment) {
      if (code.empty() && tok.line == claim_line && !items.empty()) {
        items.back().commented = true;  // "col TYPE, -- comment"
      } else {
        commented = true;  // leading comment or comment inside the item
      }
      continue;
    }
    if (tok.kind == Kind::punct && tok.text == "(") ++depth;
    if (tok.kind == Kind::punct && tok.text == ")") --depth;
    if (depth == 0 && tok.kind == Kind::punct && tok.text == ",") {
      finish();
      claim_line = tok.line;
      continue;
    }
    if (code.empty()) first_line = tok.line;
    code.push_back(&tok);
  }
  finish();
  return items;
}

std::string table_column_name(const std::vector<const Token*>& code) {
  const std::string kw = upper(code.front()->text);
  if (kw == "CONSTRAINT" || kw == "PRIMARY" || kw == "UNIQUE" || kw == "CHECK" || kw == "FOREIGN") return {};
  return code.front()->text;
}

std::string view_column_name(const std::vector<const Token*>& code) {
  // "expr AS alias" -> alias; "t.col" -> col; otherwise the last word.
  const Token* last = code.back();
  std::string name = last->text;
  if (const auto dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
  return name;
}

struct Finding {
  std::string file;
  std::string object;
  std::vector<Item> items;
  bool object_commented = false;
  int line = 0;
};

/// Parses one schema file into its tables and views.
std::vector<Finding> parse_file(const std::string& file, std::string_view sql) {
  std::vector<Finding> out;
  for (const auto& st : statements(lex(sql))) {
    // First code token.
    std::size_t i = 0;
    while (i < st.size() && st[i].kind == Kind::comment) ++i;
    if (i >= st.size() || !is_kw(st[i], "CREATE")) continue;
    const Token& create = st[i];
    bool documented = false;
    for (std::size_t k = 0; k < i; ++k) {
      if (st[k].end_line == create.line - 1 || st[k].end_line == create.line) documented = true;
    }
    std::size_t j = i + 1;
    while (j < st.size() && (is_kw(st[j], "TEMP") || is_kw(st[j], "TEMPORARY"))) ++j;
    if (j >= st.size()) continue;
    const bool is_table = is_kw(st[j], "TABLE");
    const bool is_view = is_kw(st[j], "VIEW");
    if (!is_table && !is_view) continue;  // indexes, triggers: no comment required
    ++j;
    if (j + 2 < st.size() && is_kw(st[j], "IF") && is_kw(st[j + 1], "NOT") && is_kw(st[j + 2], "EXISTS")) j += 3;
    if (j >= st.size()) continue;
    Finding f{file, st[j].text, {}, documented, create.line};
    ++j;
    if (is_table) {
      while (j < st.size() && !(st[j].kind == Kind::punct && st[j].text == "(")) ++j;
      // Find the matching ')'.
      int depth = 0;
      std::size_t k = j;
      for (; k < st.size(); ++k) {
        if (st[k].kind != Kind::punct) continue;
        if (st[k].text == "(") ++depth;
        if (st[k].text == ")" && --depth == 0) break;
      }
      auto items = split_items(st, j + 1, k, table_column_name);
      std::erase_if(items, [](const Item& it) { return it.name.empty(); });
      f.items = std::move(items);
    } else {
      // CREATE VIEW name [(cols)] AS [WITH ...] SELECT [DISTINCT|ALL] items FROM ...
      while (j < st.size() && !is_kw(st[j], "AS")) ++j;
      ++j;
      int depth = 0;
      std::size_t sel = j;
      for (; sel < st.size(); ++sel) {
        if (st[sel].kind == Kind::punct && st[sel].text == "(") ++depth;
        if (st[sel].kind == Kind::punct && st[sel].text == ")") --depth;
        if (depth == 0 && is_kw(st[sel], "SELECT")) break;
      }
      std::size_t b = sel + 1;
      if (b < st.size() && (is_kw(st[b], "DISTINCT") || is_kw(st[b], "ALL"))) ++b;
      // Comments between SELECT and the first item belong to the first item; so start right after SELECT.
      std::size_t e = b;
      depth = 0;
      for (; e < st.size(); ++e) {
        if (st[e].kind == Kind::punct && st[e].text == "(") ++depth;
        if (st[e].kind == Kind::punct && st[e].text == ")") --depth;
        if (depth == 0 && (is_kw(st[e], "FROM") || is_kw(st[e], "UNION") || is_kw(st[e], "WHERE") ||
                           is_kw(st[e], "EXCEPT") || is_kw(st[e], "INTERSECT") ||
                           (st[e].kind == Kind::punct && st[e].text == ";"))) {
          break;
        }
      }
      // A trailing comment on the last item's line sits before FROM: it stays inside the item. Comments on the
      // FROM line itself are not the last item's.
      f.items = split_items(st, b, e, view_column_name);
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> schema_paths() {
  std::vector<fs::path> out;
  const fs::path root = fs::path(PROCSNAP_SOURCE_DIR) / "schema";
  for (const auto& dir : {root, root / "views"}) {
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() == ".sql") out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string rel_name(const fs::path& p) {
  return p.parent_path().filename() == "views" ? "views/" + p.filename().string() : p.filename().string();
}

}  // namespace

TEST(SchemaDoc, LexerSeesCommentsStringsAndQuotedIdentifiers) {
  const auto toks = lex("SELECT 'a -- not a comment', \"end\" -- real\n/* block\n */ x");
  ASSERT_EQ(toks.size(), 7u);
  EXPECT_EQ(toks[1].kind, Kind::string);
  EXPECT_EQ(toks[3].kind, Kind::word);
  EXPECT_EQ(toks[3].text, "end");
  EXPECT_EQ(toks[4].kind, Kind::comment);
  EXPECT_EQ(toks[5].kind, Kind::comment);
  EXPECT_EQ(toks[6].line, 3);
}

// The checker must be able to fail: an undocumented table, column and view column are all reported.
TEST(SchemaDoc, DetectsMissingComments) {
  const auto found = parse_file("x.sql",
                                "-- documented\n"
                                "CREATE TABLE IF NOT EXISTS a (\n"
                                "  x INTEGER,  -- documented\n"
                                "  y INTEGER,\n"
                                "  -- documented by the line above\n"
                                "  z TEXT,\n"
                                "  w TEXT      -- documented\n"
                                ") STRICT;\n"
                                "\n"
                                "CREATE TABLE b (q INTEGER -- documented\n"
                                ");\n"
                                "-- documented view\n"
                                "CREATE VIEW v AS WITH c AS (SELECT 1 AS k)\n"
                                "SELECT\n"
                                "  k AS one,        -- documented\n"
                                "  CASE WHEN k = 1 THEN 'a'\n"
                                "       ELSE 'b' END AS two,\n"
                                "  c.k              -- documented\n"
                                "FROM c;\n");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_TRUE(found[0].object_commented);
  ASSERT_EQ(found[0].items.size(), 4u);
  EXPECT_TRUE(found[0].items[0].commented);
  EXPECT_EQ(found[0].items[1].name, "y");
  EXPECT_FALSE(found[0].items[1].commented);
  EXPECT_TRUE(found[0].items[2].commented);
  EXPECT_TRUE(found[0].items[3].commented);
  EXPECT_FALSE(found[1].object_commented);
  ASSERT_EQ(found[1].items.size(), 1u);
  EXPECT_TRUE(found[1].items[0].commented);
  EXPECT_TRUE(found[2].object_commented);
  ASSERT_EQ(found[2].items.size(), 3u);
  EXPECT_EQ(found[2].items[0].name, "one");
  EXPECT_TRUE(found[2].items[0].commented);
  EXPECT_EQ(found[2].items[1].name, "two");
  EXPECT_FALSE(found[2].items[1].commented);
  EXPECT_EQ(found[2].items[2].name, "k");
  EXPECT_TRUE(found[2].items[2].commented);
}

TEST(SchemaDoc, EveryTableViewAndColumnIsCommented) {
  const auto paths = schema_paths();
  ASSERT_FALSE(paths.empty()) << "no schema/*.sql under " << PROCSNAP_SOURCE_DIR;
  int objects = 0;
  for (const auto& p : paths) {
    const std::string name = rel_name(p);
    for (const auto& f : parse_file(name, read_all(p))) {
      ++objects;
      EXPECT_TRUE(f.object_commented) << name << ":" << f.line << ": " << f.object
                                      << " has no comment on the line directly above its CREATE";
      EXPECT_FALSE(f.items.empty()) << name << ":" << f.line << ": " << f.object << ": no columns found";
      for (const auto& it : f.items) {
        EXPECT_TRUE(it.commented) << name << ":" << it.line << ": column " << f.object << "." << it.name
                                  << " has no comment";
      }
    }
  }
  EXPECT_GT(objects, 0);
}

// The files on disk are the files embedded in the binary (a stale build would document one thing and run
// another).
TEST(SchemaDoc, EmbeddedSchemaMatchesSourceTree) {
  std::set<std::string> on_disk;
  for (const auto& p : schema_paths()) on_disk.insert(rel_name(p));
  std::set<std::string> embedded;
  for (const auto& f : procsnap::importer::schema_files()) embedded.insert(std::string(f.name));
  EXPECT_EQ(on_disk, embedded) << "re-run cmake configure so the new schema files are embedded";
  for (const auto& f : procsnap::importer::schema_files()) {
    const fs::path p = fs::path(PROCSNAP_SOURCE_DIR) / "schema" / std::string(f.name);
    if (fs::exists(p)) {
      EXPECT_TRUE(read_all(p) == f.sql) << f.name << " differs from the embedded copy (rebuild)";
    }
  }
}
