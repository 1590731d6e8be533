#include "procfs/system_sysvipc.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

const SysvipcValue* SysvipcTable::get(const SysvipcRow& row, std::string_view column) const {
  for (std::size_t k = 0; k < columns.size() && k < row.values.size(); ++k) {
    if (columns[k] == column) {
      return &row.values[k];
    }
  }
  return nullptr;
}

Parsed<SysvipcTable> parse_system_sysvipc(std::string_view text) {
  Parsed<SysvipcTable> r;
  const auto lines = split_lines(text);
  if (lines.empty()) {
    warn_capped(r, 0, {}, "empty file (the kernel always prints the header)");
    return r;
  }
  for (const auto t : split_ws(lines[0])) {
    r.value.columns.emplace_back(t);
  }
  if (r.value.columns.empty() || r.value.columns[0] != "key") {
    warn_capped(r, 1, lines[0], "header does not start with 'key'");
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t ln = i + 1;
    const std::string_view line = lines[i];
    const auto tok = split_ws(line);
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    if (tok.size() != r.value.columns.size()) {
      warn_capped(
          r, ln, line,
          "expected " + std::to_string(r.value.columns.size()) + " columns, found " + std::to_string(tok.size()));
    }
    SysvipcRow row;
    row.line = ln;
    bool bad = false;
    for (std::size_t k = 0; k < tok.size(); ++k) {
      SysvipcValue v;
      v.text = std::string(tok[k]);
      const std::string_view col = k < r.value.columns.size() ? std::string_view(r.value.columns[k]) : "";
      bool ok = true;
      if (col == "key") {
        v.i = parse_i64(tok[k]);
        ok = v.i.has_value();
      } else if (col == "perms") {
        v.u = parse_u64(tok[k], 8);
        ok = v.u.has_value();
      } else if (!col.empty()) {
        v.u = parse_u64(tok[k]);
        ok = v.u.has_value();
      }
      if (!ok && !bad) {
        bad = true;
        warn_capped(r, ln, line, "column '" + std::string(col) + "' is not a number");
      }
      row.values.push_back(std::move(v));
    }
    r.value.rows.push_back(std::move(row));
  }
  return r;
}

}  // namespace procsnap::procfs
