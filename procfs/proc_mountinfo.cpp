#include "procfs/proc_mountinfo.hpp"

#include "procfs/numbers.hpp"
#include "procfs/proc_maps.hpp"

namespace procsnap::procfs {

using memory_detail::finish_limited;
using memory_detail::warn_limited;

namespace {

bool is_octal(char c) { return c >= '0' && c <= '7'; }

// Fields of a kernel line joined by single spaces. Returns false when separators were not exactly one space
// (a double space, a tab, a leading/trailing space): the tokens are still split on runs of ' ' and '\t'.
bool tokenize(std::string_view line, std::vector<std::string_view>& out, bool& truncated) {
  out = memory_detail::split_ws_max(line, memory_detail::k_max_fields, truncated);
  bool strict = true;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\t' || (line[i] == ' ' && (i == 0 || i + 1 == line.size() || line[i + 1] == ' '))) {
      strict = false;
      break;
    }
  }
  return strict;
}

}  // namespace

std::string decode_octal_escapes(std::string_view s, bool& bad) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' && is_octal(s[i + 2]) &&
        is_octal(s[i + 3])) {
      out.push_back(static_cast<char>(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0')));
      i += 3;
      continue;
    }
    if (s[i] == '\\') {
      bad = true;
    }
    out.push_back(s[i]);
  }
  return out;
}

Parsed<std::vector<MountinfoEntry>> parse_proc_mountinfo(std::string_view text) {
  Parsed<std::vector<MountinfoEntry>> r;
  std::size_t suppressed = 0;
  std::size_t lineno = 0;
  std::vector<std::string_view> t;
  memory_detail::for_each_line(text, [&](std::string_view line, std::size_t number) {
    lineno = number;
    bool truncated = false;
    if (!tokenize(line, t, truncated)) {
      warn_limited(r, suppressed, lineno, line, "fields not separated by single spaces (split on runs of blanks)");
    }
    if (truncated) {
      warn_limited(r, suppressed, lineno, line, "more than 1024 fields: the rest is ignored");
    }
    if (t.empty()) {
      return;
    }
    MountinfoEntry e;
    e.line = lineno;
    bool bad_escape = false;
    auto num = [&](std::size_t i, std::string_view what) -> std::optional<std::int64_t> {
      if (i >= t.size()) {
        return std::nullopt;
      }
      auto v = parse_i64(t[i]);
      if (!v) {
        warn_limited(r, suppressed, lineno, line, std::string(what) + ": not a number that fits 64 bits");
      }
      return v;
    };
    e.mount_id = num(0, "mount id");
    e.parent_id = num(1, "parent id");
    if (t.size() > 2) {
      const std::size_t colon = t[2].find(':');
      if (colon == std::string_view::npos) {
        warn_limited(r, suppressed, lineno, line, "major:minor: no ':'");
      } else {
        e.dev_major = parse_u64(t[2].substr(0, colon));
        e.dev_minor = parse_u64(t[2].substr(colon + 1));
        if (!e.dev_major || !e.dev_minor) {
          warn_limited(r, suppressed, lineno, line, "major:minor: not decimal numbers");
        }
      }
    }
    if (t.size() > 3) e.root = decode_octal_escapes(t[3], bad_escape);
    if (t.size() > 4) e.mount_point = decode_octal_escapes(t[4], bad_escape);
    if (t.size() > 5) e.mount_options = decode_octal_escapes(t[5], bad_escape);
    // The separator "-" is the first token from field 7 on that is exactly "-" (optional fields never are).
    std::size_t sep = t.size();
    for (std::size_t i = 6; i < t.size(); ++i) {
      if (t[i] == "-") {
        sep = i;
        break;
      }
    }
    for (std::size_t i = 6; i < sep; ++i) {
      const std::string_view f = t[i];
      e.optional_fields.emplace_back(f);
      const std::size_t colon = f.find(':');
      const std::string_view tag = f.substr(0, colon);
      const std::string_view val = colon == std::string_view::npos ? std::string_view{} : f.substr(colon + 1);
      std::optional<std::int64_t>* slot = nullptr;
      if (tag == "shared") slot = &e.shared;
      else if (tag == "master") slot = &e.master;
      else if (tag == "propagate_from") slot = &e.propagate_from;
      else if (tag == "unbindable" && colon == std::string_view::npos) e.unbindable = true;
      if (slot != nullptr) {
        *slot = parse_i64(val);
        if (!*slot) {
          warn_limited(r, suppressed, lineno, line, "optional field " + std::string(tag) + ": not a number");
        }
      }
    }
    if (t.size() < 6 || sep == t.size()) {
      warn_limited(r, suppressed, lineno, line,
                   t.size() < 6 ? "truncated: fewer than 6 fields before the optional fields"
                                : "no '-' separator: fs type, source and super options missing");
    } else {
      if (sep + 1 < t.size()) e.fs_type = decode_octal_escapes(t[sep + 1], bad_escape);
      if (sep + 2 < t.size()) e.source = decode_octal_escapes(t[sep + 2], bad_escape);
      if (sep + 3 < t.size()) e.super_options = decode_octal_escapes(t[sep + 3], bad_escape);
      if (sep + 4 > t.size()) {
        warn_limited(r, suppressed, lineno, line, "truncated: fs type, source or super options missing");
      } else if (sep + 4 < t.size()) {
        warn_limited(r, suppressed, lineno, line, "extra fields after the super options: ignored");
      }
    }
    if (bad_escape) {
      warn_limited(r, suppressed, lineno, line, "backslash not followed by an octal escape: kept literally");
    }
    r.value.push_back(std::move(e));
  });
  finish_limited(r, suppressed);
  return r;
}

}  // namespace procsnap::procfs
