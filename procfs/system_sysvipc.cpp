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

namespace {
// The kernel prints 10 (sem) to 16 (shm) columns; room for new ones before the rest of a header is ignored.
constexpr std::size_t k_sysvipc_max_columns = 64;
}  // namespace

Parsed<SysvipcTable> parse_system_sysvipc(std::string_view text) {
  Parsed<SysvipcTable> r;
  LineCursor lines(text);
  std::string_view line;
  std::size_t ln = 0;
  if (!lines.next(line, ln)) {
    warn_capped(r, 0, {}, "empty file (the kernel always prints the header)");
    return r;
  }
  std::size_t header_total = 0;
  for (const auto t : split_ws_first(line, k_sysvipc_max_columns, header_total)) {
    r.value.columns.push_back(bounded_name(r, ln, line, t, "column name"));
  }
  if (r.value.columns.empty() || r.value.columns[0] != "key") {
    warn_capped(r, 1, line, "header does not start with 'key'");
  }
  if (header_total > k_sysvipc_max_columns) {
    warn_capped(r, 1, line, "more than " + std::to_string(k_sysvipc_max_columns) + " columns: the rest ignored");
  }
  while (lines.next(line, ln)) {
    std::size_t total = 0;
    // Values past the header's columns have no name to be read by, so they are not kept.
    const auto tok = split_ws_first(line, r.value.columns.size(), total);
    if (total == 0) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    if (tok.empty() || !parse_i64(tok[0])) {
      skip_line(r, ln, line, "the first column (key) is not a number");
      continue;
    }
    if (total != r.value.columns.size()) {
      warn_capped(
          r, ln, line,
          "expected " + std::to_string(r.value.columns.size()) + " columns, found " + std::to_string(total));
    }
    SysvipcRow row;
    row.line = ln;
    bool bad = false;
    for (std::size_t k = 0; k < tok.size(); ++k) {
      SysvipcValue v;
      v.text = bounded_name(r, ln, line, tok[k], "value");
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
