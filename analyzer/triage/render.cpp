// Text and JSON rendering of a triage report. Evidence values come from the snapshot and may have been written by
// an attacker (comm, argv, paths): text output escapes them with common::text::escape_terminal, JSON with common::text::json_string.
#include <fmt/format.h>

#include <array>

#include "procsnap/common/text.hpp"
#include "triage/triage.hpp"

namespace procsnap::triage {

namespace {

constexpr std::size_t k_max_cell_display = 160;

std::string display(const Cell& c) {
  if (c.type == SQLITE_NULL) return "NULL";
  std::string s = common::text::escape_terminal(c.bytes);
  if (s.size() > k_max_cell_display) {
    s = s.substr(0, common::text::cut_at_code_point(s, k_max_cell_display)) + "…";
  }
  return s;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
  return out;
}

// Explanations are ours (trusted text from the check files): wrapped at word boundaries for the terminal.
std::string wrap(std::string_view label, std::string_view text, std::size_t width = 110) {
  const std::string indent(label.size(), ' ');
  std::string out(label);
  std::size_t col = label.size();
  bool first = true;
  while (!text.empty()) {
    const auto sp = text.find(' ');
    const std::string_view word = text.substr(0, sp);
    text = sp == std::string_view::npos ? std::string_view{} : text.substr(sp + 1);
    if (word.empty()) continue;
    if (!first && col + 1 + word.size() > width) {
      out += "\n" + indent;
      col = indent.size();
    } else if (!first) {
      out += ' ';
      ++col;
    }
    out += word;
    col += word.size();
    first = false;
  }
  return out + "\n";
}

std::string json_cell(const Cell& c) {
  switch (c.type) {
    case SQLITE_INTEGER:
      return c.bytes;
    case SQLITE_FLOAT: {
      // fmt prints inf/nan for non-finite values, which JSON cannot hold.
      const bool finite = c.bytes.find_first_of("ni") == std::string::npos;
      return finite ? c.bytes : common::text::json_string(c.bytes);
    }
    case SQLITE_NULL:
      return "null";
    default:
      return common::text::json_string(c.bytes);
  }
}

}  // namespace

std::string render_text(const Report& r, const SnapshotInfo& info, const RunOptions& opt) {
  std::string out;
  const std::string which = info.id == 0 && !info.archive_sha256.empty() ? info.archive_sha256.substr(0, 16)
                                                                        : std::to_string(info.id);
  out += fmt::format("procsnap triage: snapshot {} (host {}, captured {}, {})\n", which,
                     common::text::escape_terminal(info.hostname.empty() ? "?" : info.hostname),
                     common::text::escape_terminal(info.captured_at.empty() ? "?" : info.captured_at),
                     common::text::escape_terminal(info.state.empty() ? "?" : info.state));
  std::array<std::size_t, 3> per{};
  for (const auto& f : r.findings) ++per[static_cast<std::size_t>(f.check->severity)];
  out += fmt::format("{} checks at or above {}; {} findings ({} high, {} medium, {} low)\n", r.checks_run,
                     severity_name(opt.min_severity), r.findings.size(), per[2], per[1], per[0]);
  out += "Each finding is evidence to look at, with why it matters and what benign software looks like it.\n";
  for (int sev = 2; sev >= 0; --sev) {
    const auto s = static_cast<Severity>(sev);
    if (per[static_cast<std::size_t>(sev)] == 0) continue;
    out += fmt::format("\n== {} ==\n", upper(severity_name(s)));
    for (const auto& f : r.findings) {
      if (f.check->severity != s) continue;
      const auto& c = *f.check;
      out += fmt::format("\n[{}] {}: {} (ATT&CK {})\n", severity_name(s), c.id, c.title, c.mitre);
      out += wrap("  why:    ", c.why);
      out += wrap("  benign: ", c.benign);
      out += fmt::format("  evidence ({} row{}):\n", f.total_rows, f.total_rows == 1 ? "" : "s");
      for (const auto& row : f.rows) {
        std::string line = "    -";
        for (std::size_t i = 0; i < row.size() && i < f.columns.size(); ++i) {
          line += fmt::format(" {}={}", common::text::escape_terminal(f.columns[i]), display(row[i]));
        }
        out += line + "\n";
      }
      if (f.total_rows > f.rows.size()) {
        out += fmt::format("    ... {} more (--max-rows 0 shows all)\n", f.total_rows - f.rows.size());
      }
    }
  }
  if (r.findings.empty()) out += "\nNo findings.\n";
  for (const auto& fl : r.failures) {
    out += fmt::format("\ncheck {} could not run: {}\n", fl.id, common::text::escape_terminal(fl.message));
  }
  return out;
}

std::string render_json(const Report& r, const SnapshotInfo& info, const RunOptions& opt) {
  std::string out = "{";
  out +=
      fmt::format("\"snapshot\":{{\"id\":{},\"key\":{},\"hostname\":{},\"captured_at\":{},\"state\":{},"
                  "\"kernel_release\":{}}},",
                  info.id, common::text::json_string(info.archive_sha256), common::text::json_string(info.hostname),
                  common::text::json_string(info.captured_at), common::text::json_string(info.state),
                  common::text::json_string(info.kernel_release));
  out += fmt::format("\"min_severity\":\"{}\",\"checks_run\":{},\"findings\":[", severity_name(opt.min_severity),
                     r.checks_run);
  bool first = true;
  for (const auto& f : r.findings) {
    const auto& c = *f.check;
    if (!first) out += ',';
    first = false;
    out += fmt::format(
        "{{\"id\":{},\"title\":{},\"severity\":\"{}\",\"mitre\":{},\"why\":{},\"benign\":{},\"total_rows\":{},"
        "\"columns\":[",
        common::text::json_string(c.id), common::text::json_string(c.title), severity_name(c.severity), common::text::json_string(c.mitre),
        common::text::json_string(c.why), common::text::json_string(c.benign), f.total_rows);
    for (std::size_t i = 0; i < f.columns.size(); ++i) {
      if (i) out += ',';
      out += common::text::json_string(f.columns[i]);
    }
    out += "],\"rows\":[";
    for (std::size_t ri = 0; ri < f.rows.size(); ++ri) {
      if (ri) out += ',';
      out += '{';
      const auto& row = f.rows[ri];
      for (std::size_t i = 0; i < row.size() && i < f.columns.size(); ++i) {
        if (i) out += ',';
        out += common::text::json_string(f.columns[i]) + ":" + json_cell(row[i]);
      }
      out += '}';
    }
    out += "]}";
  }
  out += "],\"failures\":[";
  for (std::size_t i = 0; i < r.failures.size(); ++i) {
    if (i) out += ',';
    out += fmt::format("{{\"id\":{},\"message\":{}}}", common::text::json_string(r.failures[i].id),
                       common::text::json_string(r.failures[i].message));
  }
  out += "]}\n";
  return out;
}

}  // namespace procsnap::triage
