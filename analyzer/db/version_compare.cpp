#include "db/version_compare.hpp"

#include <algorithm>
#include <cstddef>

namespace procsnap::db {

namespace {

struct Options {
  bool epoch = false;            // "N:" prefixes order first
  bool delim_precedence = false;  // ~ < - < ^ < . < : when both sides hit a delimiter
  bool comp_remaining = false;    // the longer version's next character decides (~ below, ^ above, - equal)
  bool remainder_precedence = false;  // ... unless the last shared character was a digit (then length decides)
};

Options options_for(VersionFlavor f) {
  switch (f) {
    case VersionFlavor::arch:
      return {true, false, true, true};
    case VersionFlavor::dpkg:
      return {true, true, false, false};
    case VersionFlavor::rhel:
      return {true, true, true, false};
    case VersionFlavor::generic:
      break;
  }
  return {};
}

int delimiter_rank(char c) {
  switch (c) {
    case '~': return 1;
    case '-': return 2;
    case '^': return 3;
    case '.': return 4;
    case ':': return 5;
    default: return 0;
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Both carry an epoch: the one whose ':' comes later (a longer epoch number) sorts above. Only one: it sorts above.
int epoch_order(std::string_view l, std::string_view r) {
  const auto le = l.find(':');
  const auto re = r.find(':');
  if (le != std::string_view::npos && re != std::string_view::npos) {
    return le == re ? 0 : (le < re ? -1 : 1);
  }
  if (le != std::string_view::npos) return 1;
  if (re != std::string_view::npos) return -1;
  return 0;
}

int length_order(std::string_view l, std::string_view r) { return l.size() < r.size() ? -1 : (l.size() > r.size() ? 1 : 0); }

// One version is a prefix-length longer than the other (pos = the shorter one's length, > 0).
int remainder_order(std::string_view l, std::string_view r, std::size_t pos, int diff, const Options& o) {
  const bool l_done = l.size() == pos;
  const std::string_view longer = l_done ? r : l;
  const std::string_view shorter = l_done ? l : r;
  const int sign = l_done ? 1 : -1;  // orders below are from the shorter side's point of view, flipped for r
  const char next = longer[pos];
  if (o.comp_remaining) {
    switch (next) {
      case '~': return sign;    // "1.0" > "1.0~rc1"
      case '-': return 0;       // "4:2" == "4:2-1"
      case '^': return -sign;   // "1.0" < "1.0^post"
      default:
        if (diff != 0 && (!o.remainder_precedence || !is_digit(shorter[pos - 1]))) return diff;
    }
  } else if (diff != 0 && delimiter_rank(next) > 0) {
    return diff;
  }
  return length_order(l, r);
}

}  // namespace

int version_compare(std::string_view l, std::string_view r, VersionFlavor flavor) {
  if (l.empty() || r.empty()) {
    return l.empty() && r.empty() ? 0 : (l.empty() ? -1 : 1);
  }
  if (l == r) return 0;
  const Options o = options_for(flavor);
  if (o.epoch) {
    if (const int e = epoch_order(l, r); e != 0) return e;
  }
  int diff = 0;  // the first differing character of the current segment (signed char arithmetic, as osquery)
  const std::size_t shared = std::min(l.size(), r.size());
  for (std::size_t i = 0; i < shared; ++i) {
    const int ld = delimiter_rank(l[i]);
    const int rd = delimiter_rank(r[i]);
    if (ld == 0 && rd == 0) {
      if (diff == 0) diff = static_cast<int>(static_cast<signed char>(l[i])) - static_cast<signed char>(r[i]);
      continue;
    }
    if (ld == 0) return 1;
    if (rd == 0) return -1;
    if (diff != 0) return diff;
    if (o.delim_precedence && ld != rd) return ld - rd;
  }
  if (l.size() == r.size()) return diff;
  return remainder_order(l, r, shared, diff, o);
}

}  // namespace procsnap::db
