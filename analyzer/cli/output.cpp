#include "cli/output.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace procsnap::cli {

namespace {

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++w;  // count code points
  }
  return w;
}

std::string truncate_display(const std::string& s, std::size_t max) {
  if (max == 0 || display_width(s) <= max) return s;
  std::size_t w = 0;
  std::size_t i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (w == max - 1) break;
      ++w;
    }
  }
  return s.substr(0, i) + "\u2026";
}

bool is_printable_text(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::uint32_t cp = 0;
    const std::size_t n = common::text::decode_utf8(s, i, cp);
    if (n == 0 || (cp < 0x20 && cp != '\n' && cp != '\t' && cp != '\r')) return false;
    i += n;
  }
  return true;
}

}  // namespace

std::string ResultPrinter::render_table_cell(const Cell& c) const {
  switch (c.type) {
    case SQLITE_NULL: return "NULL";
    case SQLITE_INTEGER:
    case SQLITE_FLOAT: return c.bytes;
    case SQLITE_BLOB:
      if (!is_printable_text(c.bytes)) {
        // Binary: hex of the first 32 bytes and the length.
        std::string hex;
        for (std::size_t i = 0; i < c.bytes.size() && i < 32; ++i) {
          hex += fmt::format("{:02x}", static_cast<unsigned char>(c.bytes[i]));
        }
        return fmt::format("x'{}{}' ({} bytes)", hex, c.bytes.size() > 32 ? "…" : "", c.bytes.size());
      }
      return truncate_display(escape_terminal(c.bytes), opt_.max_width);
    default: return truncate_display(escape_terminal(c.bytes), opt_.max_width);
  }
}

void ResultPrinter::begin(std::vector<std::string> columns) {
  cols_ = std::move(columns);
  table_rows_.clear();
  rows_in_set_ = 0;
  switch (opt_.format) {
    case Format::table: break;
    case Format::csv: {
      if (sets_ > 0) std::fputc('\n', out_);
      std::string line;
      for (std::size_t i = 0; i < cols_.size(); ++i) {
        if (i) line += ',';
        line += csv_cell(opt_.tty ? escape_terminal(cols_[i]) : cols_[i], true);
      }
      line += "\r\n";
      std::fwrite(line.data(), 1, line.size(), out_);
      break;
    }
    case Format::json:
      std::fputs(sets_ > 0 ? "\n[" : "[", out_);
      json_open_ = true;
      break;
    case Format::ndjson: break;
  }
  ++sets_;
}

void ResultPrinter::row(std::vector<Cell> cells) {
  switch (opt_.format) {
    case Format::table: {
      std::vector<std::string> r;
      r.reserve(cells.size());
      for (const auto& c : cells) r.push_back(render_table_cell(c));
      table_rows_.push_back(std::move(r));
      break;
    }
    case Format::csv: {
      std::string line;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) line += ',';
        const Cell& c = cells[i];
        if (c.type == SQLITE_NULL) continue;
        const bool text = c.type == SQLITE_TEXT || c.type == SQLITE_BLOB;
        line += csv_cell(opt_.tty && text ? escape_terminal(c.bytes) : c.bytes, text);
      }
      line += "\r\n";
      std::fwrite(line.data(), 1, line.size(), out_);
      break;
    }
    case Format::json:
    case Format::ndjson: {
      std::string obj = "{";
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) obj += ',';
        obj += json_string(i < cols_.size() ? cols_[i] : std::string());
        obj += ':';
        const Cell& c = cells[i];
        if (c.type == SQLITE_NULL) {
          obj += "null";
        } else if (c.type == SQLITE_INTEGER) {
          obj += c.bytes;
        } else if (c.type == SQLITE_FLOAT) {
          // JSON has no NaN/Infinity: those become strings.
          const bool finite = c.bytes.find_first_of("nN") == std::string::npos &&
                              c.bytes.find("inf") == std::string::npos;
          obj += finite ? c.bytes : json_string(c.bytes);
        } else {
          obj += json_string(c.bytes);
        }
      }
      obj += '}';
      if (opt_.format == Format::json) {
        std::fputs(rows_in_set_ ? ",\n " : "\n ", out_);
      }
      std::fwrite(obj.data(), 1, obj.size(), out_);
      if (opt_.format == Format::ndjson) std::fputc('\n', out_);
      break;
    }
  }
  ++rows_in_set_;
}

void ResultPrinter::end() {
  if (opt_.format == Format::json) {
    std::fputs(rows_in_set_ ? "\n]\n" : "]\n", out_);
    json_open_ = false;
    return;
  }
  if (opt_.format != Format::table) return;
  std::vector<std::string> heads;
  for (const auto& c : cols_) heads.push_back(truncate_display(escape_terminal(c), opt_.max_width));
  std::vector<std::size_t> w(heads.size(), 0);
  for (std::size_t i = 0; i < heads.size(); ++i) w[i] = display_width(heads[i]);
  for (const auto& r : table_rows_) {
    for (std::size_t i = 0; i < r.size() && i < w.size(); ++i) w[i] = std::max(w[i], display_width(r[i]));
  }
  auto print_row = [&](const std::vector<std::string>& r) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (i) line += "  ";
      line += r[i];
      if (i + 1 < r.size()) line.append(w[i] - std::min(w[i], display_width(r[i])), ' ');
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out_);
  };
  if (sets_ > 1) std::fputc('\n', out_);
  print_row(heads);
  std::vector<std::string> rule;
  for (const auto x : w) rule.emplace_back(x, '-');
  print_row(rule);
  for (const auto& r : table_rows_) print_row(r);
  std::fprintf(out_, "(%llu row%s)\n", static_cast<unsigned long long>(rows_in_set_), rows_in_set_ == 1 ? "" : "s");
  table_rows_.clear();
}

int ResultPrinter::print_statement(sqlite3_stmt* stmt) {
  const int n = sqlite3_column_count(stmt);
  std::vector<std::string> cols;
  for (int i = 0; i < n; ++i) {
    const char* name = sqlite3_column_name(stmt, i);
    cols.emplace_back(name ? name : "");
  }
  bool begun = false;
  int rc = SQLITE_DONE;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (!begun) {
      begin(cols);
      begun = true;
    }
    std::vector<Cell> cells(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      Cell& c = cells[static_cast<std::size_t>(i)];
      c.type = sqlite3_column_type(stmt, i);
      switch (c.type) {
        case SQLITE_INTEGER: c.bytes = std::to_string(sqlite3_column_int64(stmt, i)); break;
        case SQLITE_FLOAT: c.bytes = fmt::format("{}", sqlite3_column_double(stmt, i)); break;
        case SQLITE_TEXT:
        case SQLITE_BLOB: {
          const void* p = sqlite3_column_blob(stmt, i);
          const int len = sqlite3_column_bytes(stmt, i);
          if (p) c.bytes.assign(static_cast<const char*>(p), static_cast<std::size_t>(len));
          break;
        }
        default: break;
      }
    }
    row(std::move(cells));
  }
  if (rc == SQLITE_DONE && !begun && n > 0) {
    begin(cols);
    begun = true;
  }
  if (begun) end();
  return rc;
}

void ResultPrinter::finish() { std::fflush(out_); }

}  // namespace procsnap::cli
