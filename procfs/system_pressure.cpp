#include "procfs/system_pressure.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

namespace {
// The kernel prints the kind and 4 fields; room for a few new ones before the rest of a line is ignored.
constexpr std::size_t k_pressure_max_fields = 16;
}  // namespace

Parsed<Pressure> parse_system_pressure(std::string_view text) {
  Parsed<Pressure> r;
  ColumnCursor lines(text, k_pressure_max_fields);
  for (ColumnLine in; lines.next(in);) {
    const auto& [ln, line, tok, total] = in;
    if (tok.empty()) {
      warn_capped(r, ln, line, "empty line");
      continue;
    }
    if (tok[0] != "some" && tok[0] != "full") {
      skip_line(r, ln, line, "line kind is neither 'some' nor 'full'");
      continue;
    }
    PressureLine p;
    p.line = ln;
    p.kind = std::string(tok[0]);
    if (total > k_pressure_max_fields) {
      warn_capped(r, ln, line, "more than " + std::to_string(k_pressure_max_fields) + " fields: the rest ignored");
    }
    for (std::size_t k = 1; k < tok.size(); ++k) {
      const std::string_view t = tok[k];
      const std::size_t eq = t.find('=');
      if (eq == std::string_view::npos) {
        warn_capped(r, ln, line, "field without '='");
        continue;
      }
      const std::string_view name = t.substr(0, eq);
      const std::string_view val = t.substr(eq + 1);
      std::optional<double>* avg = name == "avg10"    ? &p.avg10
                                   : name == "avg60"  ? &p.avg60
                                   : name == "avg300" ? &p.avg300
                                                      : nullptr;
      if (avg != nullptr) {
        *avg = parse_decimal(val);
        if (!*avg) {
          warn_capped(r, ln, line, std::string(name) + " is not a decimal number");
        }
      } else if (name == "total") {
        p.total_us = parse_u64(val);
        if (!p.total_us) {
          warn_capped(r, ln, line, "total is not an unsigned 64-bit number");
        }
      } else {
        warn_capped(r, ln, line, "unknown field ignored");
      }
    }
    if (!p.avg10 || !p.avg60 || !p.avg300 || !p.total_us) {
      warn_capped(r, ln, line, "missing or invalid avg10/avg60/avg300/total");
    }
    r.value.lines.push_back(std::move(p));
  }
  return r;
}

}  // namespace procsnap::procfs
