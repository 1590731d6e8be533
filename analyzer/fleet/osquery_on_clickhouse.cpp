#include "fleet/osquery_on_clickhouse.hpp"

#include <array>

namespace procsnap::fleet {

namespace {

constexpr auto k_table = std::to_array<OsqueryOnClickHouse>({
    {"split(text, tokens, index)",
     "replaceRegexpAll(arrayFilter(x -> x != '', splitByChar($2, $1))[$3 + 1], '^\\\\s+|\\\\s+$', '')",
     "tokens must be one constant character (splitByChar); an index past the end gives '' (osquery: NULL)"},
    {"regex_match(text, pattern, index)", "extract($1, $2)",
     "index 0 with a pattern without groups only (extract returns the first group); no match gives '' (osquery: "
     "NULL); ClickHouse's re2 like procsnap's"},
    {"regex_split(text, pattern, index)", "", "none on 18.16 (newer ClickHouse: splitByRegexp)"},
    {"concat(a, b)", "concat(ifNull(toString($1), ''), ifNull(toString($2), ''))",
     "two arguments shown; add one ifNull(toString(x), '') per value"},
    {"concat_ws(sep, a, b)",
     "arrayStringConcat(arrayMap(x -> assumeNotNull(x), arrayFilter(x -> NOT isNull(x), [toNullable($2), "
     "toNullable($3)])), $1)",
     "text values; two shown, list every value in the array"},
    {"md5(text)", "lower(hex(MD5($1)))", ""},
    {"sha1(text)", "lower(hex(SHA1($1)))", ""},
    {"sha256(text)", "lower(hex(SHA256($1)))", ""},
    {"to_base64(text)", "", "none on 18.16 (newer ClickHouse: base64Encode)"},
    {"from_base64(text)", "", "none on 18.16 (newer ClickHouse: base64Decode)"},
    {"conditional_to_base64(text)", "", "none: needs base64Encode"},
    {"inet_aton(address)", "IPv4StringToNum($1)", "an invalid address gives 0 (osquery: NULL)"},
    {"in_cidr_block(cidr, address)",
     "bitShiftRight(toUInt64(IPv4StringToNum($2)), 32 - toUInt8(splitByChar('/', $1)[2])) = "
     "bitShiftRight(toUInt64(IPv4StringToNum(splitByChar('/', $1)[1])), 32 - toUInt8(splitByChar('/', $1)[2]))",
     "IPv4 only (IPv6: none on 18.16; newer ClickHouse: isIPAddressInRange); bad input gives a wrong answer, not an error"},
    {"community_id_v1(saddr, daddr, sport, dport, proto[, seed])", "",
     "none: needs base64Encode and byte packing of the addresses"},
    {"community_id_v1_strict(saddr, daddr, sport, dport, proto[, seed])", "", "none: as community_id_v1"},
    {"parent_directory(path)", "if(position($1, '/') > 0, replaceRegexpOne($1, '/[^/]*$', ''), NULL)", ""},
    {"version_compare(a, b[, flavour])", "", "none: 18.16 has no user-defined functions"},
    {"COLLATE VERSION, VERSION_ARCH, VERSION_DPKG, VERSION_RHEL", "",
     "none: ClickHouse collations are locale names; sort by splitByChar('.', v) cast to numbers for plain x.y.z"},
    {"sqrt(x)", "sqrt($1)", ""},
    {"log(x)", "log($1)", "natural logarithm, as osquery"},
    {"log10(x)", "log10($1)", ""},
    {"exp(x)", "exp($1)", ""},
    {"power(x, y)", "pow($1, $2)", ""},
    {"ceil(x)", "toInt64(ceil($1))", "ClickHouse's ceil is Float64: cast, as osquery returns INTEGER"},
    {"floor(x)", "toInt64(floor($1))", "as ceil"},
    {"pi()", "pi()", ""},
    {"sin(x)", "sin($1)", ""},
    {"cos(x)", "cos($1)", ""},
    {"tan(x)", "tan($1)", ""},
    {"cot(x)", "1 / tan($1)", "no cot on 18.16"},
    {"asin(x)", "asin($1)", ""},
    {"acos(x)", "acos($1)", ""},
    {"atan(x)", "atan($1)", ""},
    {"degrees(x)", "$1 * 180 / pi()", "no degrees on 18.16"},
    {"radians(x)", "$1 * pi() / 180", "no radians on 18.16"},
});

}  // namespace

std::span<const OsqueryOnClickHouse> osquery_on_clickhouse() { return k_table; }

std::string_view function_name(const OsqueryOnClickHouse& f) {
  const auto p = f.call.find('(');
  if (p != std::string_view::npos) return f.call.substr(0, p);
  const auto comma = f.call.find(',');
  return f.call.substr(0, comma);
}

std::string clickhouse_call(const OsqueryOnClickHouse& f, const std::vector<std::string>& args) {
  std::string out;
  for (std::size_t i = 0; i < f.clickhouse.size(); ++i) {
    const char c = f.clickhouse[i];
    if (c == '$' && i + 1 < f.clickhouse.size() && f.clickhouse[i + 1] >= '1' && f.clickhouse[i + 1] <= '9') {
      const auto n = static_cast<std::size_t>(f.clickhouse[i + 1] - '1');
      out += n < args.size() ? args[n] : std::string("NULL");
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

std::string markdown_table() {
  std::string out = "| osquery | ClickHouse 18.16 | note |\n|---|---|---|\n";
  auto cell = [](std::string_view s) {
    std::string c;
    for (const char ch : s) {
      if (ch == '|') {
        c += "\\|";
      } else {
        c += ch;
      }
    }
    return c;
  };
  for (const auto& f : k_table) {
    out += "| `" + cell(f.call) + "` | " + (f.clickhouse.empty() ? std::string("—") : "`" + cell(f.clickhouse) + "`") +
           " | " + cell(f.note) + " |\n";
  }
  return out;
}

}  // namespace procsnap::fleet
