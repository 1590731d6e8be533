// procsnap mem grep | strings | extract: search and export the process memory captured with
// `procsnap-collect --mem` (tables memory_regions / memory_chunks, bytes in members.data; schema/70_memory.sql).
//
// The bytes are read piece by piece with sqlite3_blob_read in slices of at most 1 MiB, so memory stays bounded
// whatever the capture size (and whatever size a hostile database claims for a piece). Every captured range is
// streamed in address order; pieces that abut form one range (a match may straddle them), a hole ends it.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/mem_scan.hpp"
#include "cli/mem_store.hpp"
#include "cli/mem_yara.hpp"
#include "db/snapshot_selector.hpp"
#include "importer/database.hpp"
#include "procsnap/common/sha256.hpp"

namespace procsnap::cli {

namespace {

using mem::add_out_format;
using mem::fail;
using mem::Gap;
using mem::int_cell;
using mem::k_grep_found;
using mem::k_grep_none;
using mem::k_grep_trouble;
using mem::k_slice;
using mem::k_snapshot_help;
using mem::MemoryStore;
using mem::opt_cell;
using mem::OutFormat;
using mem::pick_regions;
using mem::Plan;
using mem::printer_format;
using mem::range_text;
using mem::Region;
using mem::region_label;
using mem::resolve;
using mem::text_cell;
using mem::warn;

// ---- grep -----------------------------------------------------------------------------------------------------

struct GrepArgs {
  std::string db = k_default_db;
  std::string snapshot;
  std::string pattern;
  bool hex = false;
  bool regex = false;
  bool utf16 = false;
  std::vector<std::int64_t> pids;
  std::string region;
  std::size_t context = 16;
  std::size_t max_matches = 1000;
  std::size_t max_match_len = 256;
  OutFormat format = OutFormat::text;
  bool quiet = false;
};

constexpr const char* k_grep_footer =
    "\nPATTERN (one of):\n"
    "  literal (default)  the bytes as given; escapes \\xHH \\0 \\n \\r \\t, and \\\\ for a backslash (any other\n"
    "                     escape is an error). With --utf16le each byte is followed by 0x00 (wide strings).\n"
    "  --hex              bytes as hex pairs: \"de ad be ef\", deadbeef, 0xde,0xad (spaces : - , allowed).\n"
    "  --regex            a POSIX extended regular expression, run by RE2: time linear in the data whatever\n"
    "                     the pattern, memory capped (a pattern whose compiled form needs more than 32 MiB is\n"
    "                     refused). Bytes are characters (Latin-1: any byte, NUL included). As an ERE under\n"
    "                     glibc's REG_NEWLINE in the C locale: leftmost-longest; ^ and $ also match at \\n;\n"
    "                     . matches any byte but \\n and NUL, [^...] any but \\n and the listed ones; in\n"
    "                     [...] a backslash is itself; [:alpha:] etc.; [=c=] and [.c.] are c; a{,n} = a{0,n}.\n"
    "                     \\xHH stands for a byte that is not 00 nor a metacharacter. Unlike an ERE (RE2):\n"
    "                     no backreferences (\\1) nor \\< \\> (refused); counts {n,m} up to 1000 (nested\n"
    "                     counts multiplied); \\d \\s \\w \\b \\B are Perl's, \\n \\t \\r control characters;\n"
    "                     a { that starts no count is a literal {; a+? and a** are (a+)? and a*. A match is\n"
    "                     at most --max-match-len bytes: a longer one is cut there, and a match that only\n"
    "                     exists as a longer one may be missed. An expression matching the empty string is\n"
    "                     refused.\n"
    "                     Speed: ordinary patterns run at memory speed; each match is looked for up to\n"
    "                     1 KiB + --max-match-len bytes on, so a pattern matching at nearly every byte\n"
    "                     (a|a.*b over a run of a) costs over 1000 steps per byte (a warning says when the\n"
    "                     search runs below 1 MB/s).\n"
    "A PATTERN starting with '-' goes after `--`: procsnap mem grep 3 -- -foo\n"
    "\n"
    "What is searched: the captured bytes of every region of the snapshot (or of --pid, within --region). Pieces of\n"
    "one captured range are searched as one stream, so a match straddling two pieces is found; a match never spans\n"
    "a hole (bytes the collector could not read) nor two regions. Matches do not overlap.\n"
    "\n"
    "Output (text): per match the pid, comm, region (start-end, perms, path), the match address (+ offset in the\n"
    "region), the match escaped (printable ASCII as is, other bytes \\xHH) and --context bytes around it as a\n"
    "hexdump whose ASCII column shows only printable ASCII: nothing from the captured memory reaches the terminal\n"
    "raw. csv/json/ndjson columns: pid, comm, region_start, region_end, perms, path, address, offset, length,\n"
    "match_hex, match_text, context_address, context_hex, context_text (addresses as 0x hex text). A summary\n"
    "(matches, regions and bytes searched, regions without captured bytes) goes to stderr unless --quiet.\n"
    "\n"
    "Exit status (as grep(1)): 0 a match was found, 1 no match, 2 trouble (usage, unknown snapshot or pid,\n"
    "no memory in the snapshot, database error).\n"
    "\n"
    "Examples:\n"
    "  procsnap mem grep latest 'MZ\\x90\\x00'\n"
    "  procsnap mem grep 3 --hex '7f 45 4c 46 02 01 01' --pid 4242\n"
    "  procsnap mem grep latest --regex 'https?://[a-z0-9.-]+' --context 0 --format csv > urls.csv\n"
    "  procsnap mem grep latest --utf16le 'cmd.exe' --max-matches 0\n";

int run_grep(const GrepArgs& a) {
  constexpr std::string_view k_cmd = "grep";
  if (a.hex + a.regex > 1) {
    fail(k_cmd, "--hex and --regex exclude each other");
    return k_grep_trouble;
  }
  if (a.utf16 && (a.hex || a.regex)) {
    fail(k_cmd, "--utf16le applies to a literal pattern only");
    return k_grep_trouble;
  }
  std::string error;
  std::unique_ptr<mem::Matcher> matcher;
  if (a.regex) {
    matcher = mem::regex_matcher(a.pattern, a.max_match_len, error);
  } else {
    auto bytes = a.hex ? mem::parse_hex(a.pattern, error) : mem::parse_literal(a.pattern, error);
    if (bytes) matcher = mem::literal_matcher(a.utf16 ? mem::widen_utf16le(*bytes) : *bytes);
  }
  if (!matcher) {
    fail(k_cmd, error);
    return k_grep_trouble;
  }
  std::uint64_t lo = 0;
  std::uint64_t hi = UINT64_MAX;
  if (!a.region.empty()) {
    const auto r = mem::parse_range(a.region);
    if (!r) {
      fail(k_cmd, "--region must be START-END in hex as in maps, e.g. 7f3a1c000000-7f3a1c021000");
      return k_grep_trouble;
    }
    std::tie(lo, hi) = *r;
  }
  db::Connection conn = importer::open_read_only(a.db);
  const auto snap = resolve(conn, a.snapshot, k_cmd);
  if (!snap) return k_grep_trouble;
  MemoryStore store(conn, *snap, std::string(k_cmd));
  const auto regions = pick_regions(store, *snap, a.pids, k_cmd);
  if (!regions) return k_grep_trouble;

  const bool text = a.format == OutFormat::text;
  OutputOptions o = stdout_options(printer_format(a.format));
  ResultPrinter printer(stdout, o);
  if (!text) {
    printer.begin({"pid", "comm", "region_start", "region_end", "perms", "path", "address", "offset", "length",
                   "match_hex", "match_text", "context_address", "context_hex", "context_text"});
  }
  std::uint64_t matches = 0;
  std::uint64_t searched_bytes = 0;
  std::uint64_t searched_regions = 0;
  std::uint64_t empty_regions = 0;
  bool limit_hit = false;
  bool slow_warned = false;
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& r : *regions) {
    if (r.end <= lo || r.start >= hi) continue;
    const Plan plan = store.plan(r);
    if (plan.pieces.empty()) {
      ++empty_regions;
      continue;
    }
    ++searched_regions;
    const auto comm = store.comm(r.pid);
    bool header_done = false;
    mem::GrepScanner scanner(*matcher, a.context, [&](const mem::Match& m) {
      ++matches;
      const std::string shown =
          mem::escape_bytes(std::string_view(m.bytes).substr(0, 256)) + (m.bytes.size() > 256 ? "..." : "");
      if (text) {
        std::string out;
        if (!header_done) {
          out += fmt::format("pid {} ({})  region {}\n", r.pid, comm ? escape_terminal(*comm) : "?", region_label(r));
          header_done = true;
        }
        out += fmt::format("  match at {} (+0x{:x}), {} byte{}: \"{}\"\n", mem::hex_addr(m.addr), m.addr - r.start,
                           m.bytes.size(), m.bytes.size() == 1 ? "" : "s", shown);
        out += mem::hexdump(m.ctx_addr, m.ctx, "    ");
        std::fwrite(out.data(), 1, out.size(), stdout);
      } else {
        printer.row({int_cell(r.pid), opt_cell(comm), text_cell(mem::hex_addr(r.start)),
                     text_cell(mem::hex_addr(r.end)), text_cell(r.perms), opt_cell(r.path),
                     text_cell(mem::hex_addr(m.addr)), int_cell(static_cast<std::int64_t>(m.addr - r.start)),
                     int_cell(static_cast<std::int64_t>(m.bytes.size())), text_cell(mem::hex_bytes(m.bytes)),
                     text_cell(mem::escape_bytes(m.bytes)), text_cell(mem::hex_addr(m.ctx_addr)),
                     text_cell(mem::hex_bytes(m.ctx)), text_cell(mem::escape_bytes(m.ctx))});
      }
      if (a.max_matches != 0 && matches >= a.max_matches) {
        limit_hit = true;
        return false;
      }
      return true;
    });
    store.stream(plan, lo, hi, [&](std::uint64_t addr, std::string_view bytes) {
      searched_bytes += bytes.size();
      scanner.feed(addr, bytes);
      if (a.regex && !slow_warned) {
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (secs > 5 && static_cast<double>(searched_bytes) / secs < 1e6) {
          warn(k_cmd,
               "the regular expression searches below 1 MB/s on this data (it matches nearly everywhere, and "
               "each match is looked for up to --max-match-len bytes on): a more specific pattern or a smaller "
               "--max-match-len makes it faster");
          slow_warned = true;
        }
      }
      return !scanner.stopped();
    });
    scanner.end_run();
    if (limit_hit) break;
  }
  if (!text) printer.end();
  printer.finish();
  std::fflush(stdout);
  if (limit_hit) fail(k_cmd, fmt::format("stopped after {} matches (--max-matches; 0 = no limit)", matches));
  if (!a.quiet) {
    fmt::print(stderr, "procsnap mem grep: {} match{} in {} region{} ({} bytes searched){}\n", matches,
               matches == 1 ? "" : "es", searched_regions, searched_regions == 1 ? "" : "s", searched_bytes,
               empty_regions ? fmt::format("; {} selected region{} had no captured bytes (see memory_regions.status)",
                                           empty_regions, empty_regions == 1 ? "" : "s")
                             : std::string());
  }
  return matches > 0 ? k_grep_found : k_grep_none;
}

// ---- strings --------------------------------------------------------------------------------------------------

struct StringsArgs {
  std::string db = k_default_db;
  std::string snapshot;
  std::vector<std::int64_t> pids;
  std::string region;
  std::size_t min_len = 6;
  std::string encoding = "ascii";
  std::size_t max_len = 4096;
  std::size_t max_strings = 0;
  OutFormat format = OutFormat::text;
};

constexpr const char* k_strings_footer =
    "\nA string is a run of at least --min-len printable ASCII characters (0x20-0x7e and TAB), like strings(1);\n"
    "utf16le: the same characters each followed by 0x00, starting at an even address (Windows-style wide\n"
    "strings). A run continues across the pieces of one captured range and ends at a hole or the region's end.\n"
    "Strings longer than --max-len characters are shown cut (followed by '...' in text output); the length column\n"
    "always has the full length. With --encoding all, both kinds are reported (each in address order).\n"
    "\n"
    "Output (text): a '# pid PID (comm) region START-END PERMS PATH' line before each region's strings, then\n"
    "ADDRESS ENCODING LENGTH STRING per string (TAB shown as \\t). csv/json/ndjson columns: pid, comm,\n"
    "region_start, region_end, address, encoding, length, string.\n"
    "\n"
    "Exit status: 0 success (also when no string was found), 1 error (unknown snapshot or pid, no memory in\n"
    "the snapshot, database error), 2 usage error.\n"
    "\n"
    "Examples:\n"
    "  procsnap mem strings latest --pid 4242\n"
    "  procsnap mem strings 3 --pid 4242 --region 7f3a1c000000-7f3a1c021000 --encoding all --min-len 8\n"
    "  procsnap mem strings latest --format csv > strings.csv\n";

int run_strings(const StringsArgs& a) {
  constexpr std::string_view k_cmd = "strings";
  const bool ascii = a.encoding == "ascii" || a.encoding == "all";
  const bool utf16 = a.encoding == "utf16le" || a.encoding == "all";
  std::uint64_t lo = 0;
  std::uint64_t hi = UINT64_MAX;
  if (!a.region.empty()) {
    const auto r = mem::parse_range(a.region);
    if (!r) {
      fail(k_cmd, "--region must be START-END in hex as in maps, e.g. 7f3a1c000000-7f3a1c021000");
      return to_int(ExitCode::usage);
    }
    std::tie(lo, hi) = *r;
  }
  db::Connection conn = importer::open_read_only(a.db);
  const auto snap = resolve(conn, a.snapshot, k_cmd);
  if (!snap) return to_int(ExitCode::error);
  MemoryStore store(conn, *snap, std::string(k_cmd));
  const auto regions = pick_regions(store, *snap, a.pids, k_cmd);
  if (!regions) return to_int(ExitCode::error);

  const bool text = a.format == OutFormat::text;
  ResultPrinter printer(stdout, stdout_options(printer_format(a.format)));
  if (!text) printer.begin({"pid", "comm", "region_start", "region_end", "address", "encoding", "length", "string"});
  std::uint64_t count = 0;
  bool limit_hit = false;
  for (const auto& r : *regions) {
    if (r.end <= lo || r.start >= hi) continue;
    const Plan plan = store.plan(r);
    if (plan.pieces.empty()) continue;
    const auto comm = store.comm(r.pid);
    bool header_done = false;
    mem::StringsScanner scanner(a.min_len, ascii, utf16, a.max_len, [&](const mem::FoundString& s) {
      ++count;
      if (text) {
        std::string out;
        if (!header_done) {
          out += fmt::format("# pid {} ({}) region {}\n", r.pid, comm ? escape_terminal(*comm) : "?", region_label(r));
          header_done = true;
        }
        out += fmt::format("{}  {:<7}  {:>6}  {}{}\n", mem::hex_addr(s.addr), mem::encoding_name(s.encoding), s.length,
                           escape_terminal(s.text), s.cut ? "..." : "");
        std::fwrite(out.data(), 1, out.size(), stdout);
      } else {
        printer.row({int_cell(r.pid), opt_cell(comm), text_cell(mem::hex_addr(r.start)),
                     text_cell(mem::hex_addr(r.end)), text_cell(mem::hex_addr(s.addr)),
                     text_cell(std::string(mem::encoding_name(s.encoding))),
                     int_cell(static_cast<std::int64_t>(s.length)), text_cell(s.text)});
      }
      if (a.max_strings != 0 && count >= a.max_strings) {
        limit_hit = true;
        return false;
      }
      return true;
    });
    store.stream(plan, lo, hi, [&](std::uint64_t addr, std::string_view bytes) {
      scanner.feed(addr, bytes);
      return !scanner.stopped();
    });
    scanner.end_run();
    if (limit_hit) break;
  }
  if (!text) printer.end();
  printer.finish();
  std::fflush(stdout);
  if (limit_hit) fail(k_cmd, fmt::format("stopped after {} strings (--max-strings)", count));
  return to_int(ExitCode::ok);
}

// ---- extract --------------------------------------------------------------------------------------------------

struct ExtractArgs {
  std::string db = k_default_db;
  std::string snapshot;
  std::int64_t pid = 0;
  std::string target;
  std::string output;
  bool force = false;
  bool fill_holes = false;
};

constexpr const char* k_extract_footer =
    "\nADDR|RANGE: an address (hex, 0x optional) inside one of the pid's regions selects that whole region;\n"
    "START-END (hex, as in maps / memory_regions) the region it names, or any sub-range of one region (e.g. one\n"
    "of its captured ranges, or an embedded PE/ELF image). Byte k of the file is the byte at START + k.\n"
    "\n"
    "A region or range not captured completely (holes the collector could not read, a --mem-max-region budget, a\n"
    "missing piece) is refused with the lists of missing and captured ranges (a captured range can be extracted\n"
    "alone by its START-END), unless --fill-holes: the missing ranges are then written as zeros (listed on\n"
    "stderr) so addresses keep their offsets, and the SHA-256 is that of the filled file. Pieces\n"
    "that failed verification at import are written with a warning.\n"
    "\n"
    "-o FILE is created new (O_EXCL, mode 0600: memory can hold secrets) and never replaced unless --force\n"
    "(which truncates it; a symlink is refused either way). '-o -' writes to stdout, only when stdout is not a\n"
    "terminal. The summary (bytes written and their SHA-256; whether it equals memory_regions.sha256, the hash of\n"
    "the captured bytes computed at import) goes to stdout, or to stderr with -o -.\n"
    "\n"
    "Exit status: 0 written, 1 error (unknown snapshot, pid or address, region not captured or with holes and no\n"
    "--fill-holes, FILE exists, I/O error, a whole region whose bytes do not match memory_regions.sha256), 2 usage\n"
    "error.\n"
    "\n"
    "Examples:\n"
    "  procsnap mem extract latest 4242 0x7f3a1c000100 -o rwx.bin\n"
    "  procsnap mem extract 3 4242 7f3a1c000000-7f3a1c021000 -o heap.bin --fill-holes\n"
    "  procsnap mem extract 3 4242 7f3a1c001000-7f3a1c003000 -o part.bin   # a sub-range\n"
    "  procsnap mem extract latest 4242 7f3a1c000000 -o - | xxd | less\n";

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string list_regions(const std::vector<Region>& regions) {
  std::string out;
  std::size_t n = 0;
  for (const auto& r : regions) {
    if (++n > 30) {
      out += fmt::format("  ... and {} more (procsnap query \"SELECT * FROM memory_regions WHERE pid = {}\")\n",
                         regions.size() - 30, r.pid);
      break;
    }
    out += fmt::format("  {}  {}{}\n", region_label(r), r.status,
                       r.reason ? " (" + escape_terminal(*r.reason) + ")" : std::string());
  }
  return out;
}

int run_extract(const ExtractArgs& a) {
  constexpr std::string_view k_cmd = "extract";
  std::optional<std::pair<std::uint64_t, std::uint64_t>> range;
  std::optional<std::uint64_t> addr;
  if (a.target.find('-') != std::string::npos) {
    range = mem::parse_range(a.target);
  } else {
    addr = mem::parse_address(a.target);
  }
  if (!range && !addr) {
    fail(k_cmd, fmt::format("'{}' is neither an address (hex, e.g. 0x7f3a1c000100) nor a region START-END",
                          escape_terminal(a.target)));
    return to_int(ExitCode::usage);
  }
  const bool to_stdout = a.output == "-";
  if (to_stdout && ::isatty(STDOUT_FILENO) == 1) {
    fail(k_cmd, "refusing to write memory bytes to a terminal: redirect stdout, or use -o FILE");
    return to_int(ExitCode::usage);
  }
  db::Connection conn = importer::open_read_only(a.db);
  const auto snap = resolve(conn, a.snapshot, k_cmd);
  if (!snap) return to_int(ExitCode::error);
  MemoryStore store(conn, *snap, std::string(k_cmd));
  const auto regions = pick_regions(store, *snap, {a.pid}, k_cmd);
  if (!regions) return to_int(ExitCode::error);
  const Region* region = nullptr;
  for (const auto& r : *regions) {
    if (range ? (r.start <= range->first && range->second <= r.end) : (r.start <= *addr && *addr < r.end)) {
      region = &r;
      break;
    }
  }
  if (region == nullptr) {
    fail(k_cmd, fmt::format("{} is not inside one region of pid {} in snapshot {}; its regions:\n{}",
                          range ? range_text(range->first, range->second) : mem::hex_addr(*addr), a.pid, *snap,
                          list_regions(*regions)));
    return to_int(ExitCode::error);
  }
  const Region& r = *region;
  // What is written: the whole region (an address, or its exact START-END), or a sub-range of it.
  const std::uint64_t lo = range ? range->first : r.start;
  const std::uint64_t hi = range ? range->second : r.end;
  const bool whole = lo == r.start && hi == r.end;
  const std::string what =
      whole ? "region " + region_label(r) : fmt::format("range {} of region {}", range_text(lo, hi), region_label(r));
  const Plan plan = store.plan(r);
  const std::string why = r.status + (r.reason ? " (" + escape_terminal(*r.reason) + ")" : std::string());
  std::vector<Gap> gaps;  // the plan's gaps clipped to [lo, hi)
  std::uint64_t gap_bytes = 0;
  std::string gap_list;
  for (const auto& g : plan.gaps) {
    const std::uint64_t gs = std::max(g.start, lo);
    const std::uint64_t ge = std::min(g.end, hi);
    if (gs >= ge) continue;
    gaps.push_back(Gap{gs, ge});
    gap_bytes += ge - gs;
    gap_list += fmt::format("  {} ({} bytes)\n", range_text(gs, ge), ge - gs);
  }
  if (gap_bytes == hi - lo) {
    fail(k_cmd, fmt::format("{} of pid {} has no captured bytes: status {}", what, a.pid, why));
    return to_int(ExitCode::error);
  }
  if (!gaps.empty() && !a.fill_holes) {
    // The captured ranges, so the analyst can take one of them alone.
    std::string captured;
    std::uint64_t cursor = lo;
    for (const auto& g : gaps) {
      if (g.start > cursor) captured += fmt::format("  {}\n", range_text(cursor, g.start));
      cursor = g.end;
    }
    if (cursor < hi) captured += fmt::format("  {}\n", range_text(cursor, hi));
    fail(k_cmd, fmt::format("{} of pid {} was not captured completely (status {}): {} range{} ({} bytes) "
                          "missing:\n{}{}Captured:\n{}"
                          "Nothing was written. Extract a captured range alone (START-END), or use --fill-holes to "
                          "write zeros in place of the missing ranges (addresses keep their offsets).",
                          what, a.pid, why, gaps.size(), gaps.size() == 1 ? "" : "s", gap_bytes, gap_list,
                          r.holes && *r.holes != "[]"
                              ? "Unreadable ranges recorded by the collector: " + escape_terminal(*r.holes) + "\n"
                              : std::string(),
                          captured));
    return to_int(ExitCode::error);
  }

  int fd = STDOUT_FILENO;
  bool created = false;
  if (!to_stdout) {
    const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (a.force ? O_TRUNC : O_EXCL);
    fd = ::open(a.output.c_str(), flags, 0600);
    if (fd < 0) {
      const int e = errno;
      fail(k_cmd, e == EEXIST
                    ? fmt::format("{} exists; not overwritten (use --force to replace it)", escape_terminal(a.output))
                : e == ELOOP ? fmt::format("{} is a symlink; refused", escape_terminal(a.output))
                             : fmt::format("cannot create {}: {}", escape_terminal(a.output), std::strerror(e)));
      return to_int(ExitCode::error);
    }
    created = !a.force;
  }
  common::Sha256 hash;
  std::uint64_t written = 0;
  bool ok = true;
  const std::string zeros(k_slice, '\0');
  auto put = [&](std::string_view bytes) {
    if (!ok) return false;
    hash.update(bytes);
    written += bytes.size();
    ok = write_all(fd, bytes);
    return ok;
  };
  auto fill = [&](std::uint64_t n) {
    while (n > 0 && ok) {
      const auto k = static_cast<std::size_t>(std::min<std::uint64_t>(n, zeros.size()));
      put(std::string_view(zeros).substr(0, k));
      n -= k;
    }
  };
  std::uint64_t cursor = lo;
  store.stream(plan, lo, hi, [&](std::uint64_t at, std::string_view bytes) {
    if (at > cursor) fill(at - cursor);
    cursor = at + bytes.size();
    return put(bytes);
  });
  if (ok && cursor < hi) fill(hi - cursor);
  int err = ok ? 0 : errno;
  if (!to_stdout && ::close(fd) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (!ok) {
    fail(k_cmd, fmt::format("writing {} failed: {}", to_stdout ? std::string("stdout") : escape_terminal(a.output),
                          std::strerror(err)));
    if (created) ::unlink(a.output.c_str());
    return to_int(ExitCode::error);
  }
  const std::string digest = common::to_hex(hash.finish());
  std::FILE* summary = to_stdout ? stderr : stdout;
  if (!gaps.empty()) {
    fmt::print(stderr, "procsnap mem extract: {} missing range{} ({} bytes) written as zeros (--fill-holes):\n{}",
               gaps.size(), gaps.size() == 1 ? "" : "s", gap_bytes, gap_list);
  }
  fmt::print(summary, "wrote {} bytes of pid {} {} to {}\nsha256 {}\n", written, a.pid, what,
             to_stdout ? std::string("stdout") : escape_terminal(a.output), digest);
  if (whole && gaps.empty() && r.sha256) {
    if (*r.sha256 == digest) {
      fmt::print(summary, "matches memory_regions.sha256 (the captured bytes as hashed at import)\n");
    } else {
      fail(k_cmd, fmt::format("the bytes written do not match memory_regions.sha256 {}: the database is "
                            "inconsistent (the file was kept)",
                            escape_terminal(*r.sha256)));
      return to_int(ExitCode::error);
    }
  }
  return to_int(ExitCode::ok);
}

}  // namespace

void add_mem_command(CLI::App& app, int& rc) {
  CLI::App* memcmd =
      app.add_subcommand("mem", "search and export captured process memory (grep, strings, extract, yara)");
  memcmd->require_subcommand(1);
  memcmd->footer(
      "\nMemory is captured with `procsnap-collect --mem PRESET|EXPR` and imported into memory_regions (one row per\n"
      "selected region: status, captured ranges, holes, SHA-256) and memory_chunks (the pieces; bytes in\n"
      "members.data). Regions that were selected but not read (no-access guards, budgets, EIO holes) are listed\n"
      "there with their reason: `procsnap query \"SELECT pid, start_hex, end_hex, perms, path, status, reason\n"
      "FROM memory_regions WHERE snapshot_id = 1\"`.\n\n"
      "Examples:\n"
      "  procsnap mem grep latest 'password='\n"
      "  procsnap mem strings latest --pid 4242 --encoding all\n"
      "  procsnap mem extract latest 4242 0x7f3a1c000100 -o region.bin\n"
      "  procsnap mem yara rules/ latest --pid 4242\n");

  auto g = std::make_shared<GrepArgs>();
  CLI::App* grep = memcmd->add_subcommand("grep", "find bytes, hex or a regular expression in captured memory");
  grep->add_option("--db", g->db, "database file")->capture_default_str();
  grep->add_option("snapshot", g->snapshot, "snapshot selector (see below)")->required();
  grep->add_option("pattern", g->pattern, "what to search for (literal by default; see below)")->required();
  grep->add_flag("--hex", g->hex, "PATTERN is hex bytes");
  grep->add_flag("--regex", g->regex, "PATTERN is a POSIX extended regular expression (run by RE2)");
  grep->add_flag("--utf16le", g->utf16, "search a literal PATTERN as UTF-16LE (each byte followed by 0x00)");
  grep->add_option("--pid", g->pids, "only this pid (repeatable, or comma-separated)")->delimiter(',');
  grep->add_option("--region", g->region, "only addresses within START-END (hex)");
  grep->add_option("--context", g->context, "bytes of context shown before and after each match")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str();
  grep->add_option("--max-matches", g->max_matches, "stop after this many matches (0 = no limit)")
      ->capture_default_str();
  grep->add_option("--max-match-len", g->max_match_len, "--regex: longest match, in bytes")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  add_out_format(*grep, g->format);
  grep->add_flag("-q,--quiet", g->quiet, "no summary on stderr");
  grep->footer(std::string("\n") + k_snapshot_help + k_grep_footer);
  grep->callback([g, &rc] { rc = mem::run_grep_style("grep", [&] { return run_grep(*g); }); });

  auto s = std::make_shared<StringsArgs>();
  CLI::App* strings = memcmd->add_subcommand("strings", "list printable strings (ASCII, UTF-16LE) in captured memory");
  strings->add_option("--db", s->db, "database file")->capture_default_str();
  strings->add_option("snapshot", s->snapshot, "snapshot selector (see below)")->required();
  strings->add_option("--pid", s->pids, "only this pid (repeatable, or comma-separated)")->delimiter(',');
  strings->add_option("--region", s->region, "only addresses within START-END (hex)");
  strings->add_option("-n,--min-len", s->min_len, "shortest string reported, in characters")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  strings->add_option("--encoding", s->encoding, "ascii, utf16le or all")
      ->check(CLI::IsMember({"ascii", "utf16le", "all"}))
      ->capture_default_str();
  strings->add_option("--max-len", s->max_len, "characters shown per string (longer ones are cut)")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  strings->add_option("--max-strings", s->max_strings, "stop after this many strings (0 = no limit)")
      ->capture_default_str();
  add_out_format(*strings, s->format);
  strings->footer(std::string("\n") + k_snapshot_help + k_strings_footer);
  strings->callback([s, &rc] { rc = run_strings(*s); });

  auto x = std::make_shared<ExtractArgs>();
  CLI::App* extract = memcmd->add_subcommand("extract", "write the captured bytes of one region to a file");
  extract->add_option("--db", x->db, "database file")->capture_default_str();
  extract->add_option("snapshot", x->snapshot, "snapshot selector (see below)")->required();
  extract->add_option("pid", x->pid, "process id")->required();
  extract->add_option("target", x->target, "ADDR inside the region, or START-END (a region or a range inside one)")
      ->required();
  extract->add_option("-o,--output", x->output, "output file ('-' = stdout when it is not a terminal)")->required();
  extract->add_flag("--force", x->force, "replace FILE if it exists");
  extract->add_flag("--fill-holes", x->fill_holes, "write zeros for ranges that were not captured");
  extract->footer(std::string("\n") + k_snapshot_help + k_extract_footer);
  extract->callback([x, &rc] { rc = run_extract(*x); });

  add_mem_yara_command(*memcmd, rc);
}

}  // namespace procsnap::cli
