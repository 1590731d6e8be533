#include "procfs/system_zoneinfo.hpp"

#include "procfs/numbers.hpp"
#include "procfs/system_common.hpp"

namespace procsnap::procfs {

Parsed<Zoneinfo> parse_system_zoneinfo(std::string_view text) {
  Parsed<Zoneinfo> r;
  LineCursor lines(text);
  std::string_view raw;
  std::size_t ln = 0;
  std::optional<std::int64_t> node;
  std::string zone;
  bool in_zone = false;
  std::string section = "zone";
  std::optional<std::int64_t> cpu;
  while (lines.next(raw, ln)) {
    const std::string_view line = trim_ws(raw);
    if (line.empty()) {
      warn_capped(r, ln, raw, "empty line");
      continue;
    }
    if (line.substr(0, 5) == "Node ") {
      // "Node 0, zone      DMA"
      std::size_t total = 0;
      const auto tok = split_ws_first(line, 4, total);
      if (total != 4 || tok[1].empty() || tok[1].back() != ',' || tok[2] != "zone") {
        skip_line(r, ln, raw, "not of the form 'Node N, zone NAME'");
        in_zone = false;
        continue;
      }
      node = parse_i64(tok[1].substr(0, tok[1].size() - 1));
      if (!node) {
        warn_capped(r, ln, raw, "node is not a number");
      }
      zone = bounded_name(r, ln, raw, tok[3], "zone name");
      in_zone = true;
      section = "zone";
      cpu.reset();
      continue;
    }
    if (!in_zone) {
      skip_line(r, ln, raw, "line outside a 'Node N, zone NAME' block");
      continue;
    }
    if (line == "per-node stats") {
      section = "node";
      cpu.reset();
      continue;
    }
    if (line == "pagesets") {
      section = "pagesets";
      cpu.reset();
      continue;
    }
    std::string_view key;
    std::string_view value;
    if (line.substr(0, 11) == "pages free ") {
      section = "zone";
      cpu.reset();
      key = "pages free";
      value = trim_ws(line.substr(11));
    } else if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
      key = trim_ws(line.substr(0, colon));
      value = trim_ws(line.substr(colon + 1));
    } else {
      // "name value" lines print vmstat-style counter names: identifiers (a "key: value" key may have spaces).
      const std::size_t sp = line.find_first_of(" \t");
      if (!is_identifier(line.substr(0, sp))) {
        skip_line(r, ln, raw, "counter name is not an identifier");
        continue;
      }
      if (sp == std::string_view::npos) {
        warn_capped(r, ln, raw, "key without value");
        key = line;
      } else {
        key = line.substr(0, sp);
        value = trim_ws(line.substr(sp));
      }
    }
    if (section == "pagesets" && key == "cpu") {
      cpu = parse_i64(value);
      if (!cpu) {
        warn_capped(r, ln, raw, "pageset cpu is not a number");
      }
      continue;
    }
    if (key == "node_unreclaimable" || key == "start_pfn") {
      section = "zone";  // printed after the pagesets, once per zone
      cpu.reset();
    }
    ZoneinfoEntry e;
    e.line = ln;
    e.node = node;
    e.zone = zone;
    e.section = section;
    e.cpu = cpu;
    e.key = bounded_name(r, ln, raw, key, "key");
    e.value_text = bounded_text(r, ln, raw, value, "value");
    if (!value.empty() && value.front() != '(') {
      e.value = parse_u64(value);
      if (!e.value) {
        warn_capped(r, ln, raw, "value is not an unsigned 64-bit number");
      }
    }
    r.value.entries.push_back(std::move(e));
  }
  return r;
}

}  // namespace procsnap::procfs
