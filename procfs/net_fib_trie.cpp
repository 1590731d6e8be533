#include "procfs/net_fib_trie.hpp"

#include <array>

#include "procfs/net_addr.hpp"
#include "procfs/net_common.hpp"
#include "procfs/numbers.hpp"

namespace procsnap::procfs {

namespace {

using net_detail::trim;
using net_detail::warn;

/// "a.b.c.d" -> its number; nullopt unless four decimal parts of at most 3 digits, each <= 255.
std::optional<std::uint32_t> parse_dotted_quad(std::string_view s) {
  std::uint32_t value = 0;
  for (int part = 0; part < 4; ++part) {
    const std::size_t dot = part < 3 ? s.find('.') : s.size();
    if (dot == std::string_view::npos || dot == 0 || dot > 3) return std::nullopt;
    const auto n = parse_u64(s.substr(0, dot));
    if (!n || *n > 255) return std::nullopt;
    value = value << 8 | static_cast<std::uint32_t>(*n);
    s.remove_prefix(part < 3 ? dot + 1 : dot);
  }
  return s.empty() ? std::optional<std::uint32_t>(value) : std::nullopt;
}

}  // namespace

Parsed<std::vector<FibTrieEntry>> parse_net_fib_trie(std::string_view text) {
  Parsed<std::vector<FibTrieEntry>> out;
  net_detail::LineCursor lines(text);
  std::string_view line;
  std::size_t no = 0;
  std::optional<std::string> table;
  std::optional<std::string> leaf;  // the current leaf's address text (nullopt before the first leaf)
  std::optional<std::uint32_t> leaf_number;
  bool in_leaf = false;
  while (lines.next(line, no)) {
    const std::string_view t = trim(line);
    if (t.empty()) {
      warn(out, no, line, "empty line");
      continue;
    }
    if (!net_detail::is_blank(line.front())) {
      if (t.back() != ':') {
        warn(out, no, line, "unindented line that is not a table header (\"Main:\", \"Local:\", \"Id <n>:\")");
        table.reset();
      } else {
        table = std::string(t.substr(0, t.size() - 1));
      }
      in_leaf = false;
      continue;
    }
    if (t.starts_with("+-- ")) {  // internal trie node: structure only
      in_leaf = false;
      continue;
    }
    if (t.starts_with("|-- ")) {
      const std::string_view a = trim(t.substr(4));
      leaf_number = parse_dotted_quad(a);
      if (!leaf_number) {
        warn(out, no, a, "leaf key is not a dotted-quad IPv4 address");
        leaf.reset();
      } else {
        leaf = std::string(a);
      }
      in_leaf = true;
      continue;
    }
    if (!t.starts_with('/')) {
      warn(out, no, line, "not a table header, trie node, leaf or route alias line");
      continue;
    }
    if (!in_leaf) {
      warn(out, no, line, "route alias outside a leaf");
      continue;
    }
    if (!table) {
      warn(out, no, line, "route alias before any table header");
    }
    FibTrieEntry e;
    e.line = no;
    e.table = table;
    e.address = leaf;
    e.address_number = leaf ? leaf_number : std::nullopt;
    std::size_t pos = 0;
    const std::string_view len = net_detail::next_token(t, pos);
    e.prefix = parse_u64(len.substr(1));
    if (!e.prefix || *e.prefix > 32) {
      warn(out, no, len, "prefix length is not a number from 0 to 32");
      e.prefix.reset();
    }
    const std::string_view scope = net_detail::next_token(t, pos);
    if (!scope.empty()) e.scope = std::string(scope);
    std::string_view type = net_detail::next_token(t, pos);
    if (type == "type") {  // an unknown type prints as "type <n>"
      const std::string_view n = net_detail::next_token(t, pos);
      e.type = "type " + std::string(n);
    } else if (!type.empty()) {
      e.type = std::string(type);
    }
    if (!e.scope || !e.type) {
      warn(out, no, line, "route alias without scope or type (truncated line?); parsed values kept");
    }
    const std::string_view tos = net_detail::next_token(t, pos);
    if (!tos.empty()) {
      e.tos = tos.starts_with("tos=") ? parse_u64(tos.substr(4)) : std::nullopt;
      if (!e.tos) warn(out, no, tos, "expected tos=<n> after the type");
    }
    if (!trim(t.substr(pos)).empty()) {
      warn(out, no, trim(t.substr(pos)), "columns beyond the known layout (ignored; the raw member keeps them)");
    }
    out.value.push_back(std::move(e));
  }
  return out;
}

}  // namespace procsnap::procfs
