#include "options.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace procsnap::collector {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<std::uint64_t> parse_u64(std::string_view s) {
  if (s.empty()) {
    return std::nullopt;
  }
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::optional<std::uint64_t> parse_size(std::string_view s) {
  std::uint64_t mult = 1;
  if (!s.empty()) {
    switch (s.back()) {
      case 'k':
      case 'K':
        mult = 1ull << 10;
        break;
      case 'm':
      case 'M':
        mult = 1ull << 20;
        break;
      case 'g':
      case 'G':
        mult = 1ull << 30;
        break;
      default:
        break;
    }
    if (mult != 1) {
      s.remove_suffix(1);
    }
  }
  const auto v = parse_u64(s);
  if (!v || *v > UINT64_MAX / mult) {
    return std::nullopt;
  }
  return *v * mult;
}

namespace {

// "1,4242" -> sorted unique pids; an error message naming `opt` otherwise.
std::optional<std::string> parse_pid_list(std::string_view opt, std::string_view list, std::vector<int>& pids) {
  pids.clear();
  std::string_view rest = list;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view tok = rest.substr(0, comma);
    const auto n = parse_u64(tok);
    if (!n || *n == 0 || *n > 0x3fffffff) {
      return std::string(opt) + ": '" + std::string(tok) + "' is not a pid";
    }
    pids.push_back(static_cast<int>(*n));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (comma != std::string_view::npos && rest.empty()) {
      return std::string(opt) + ": trailing comma";
    }
  }
  std::sort(pids.begin(), pids.end());
  pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  return std::nullopt;
}

}  // namespace

std::string mem_error_message(std::string_view expr, const MemSelectError& e) {
  // The expression on its own line, then a caret under the offending token (at its end when the input ended
  // early). Control characters would shift the caret: shown as '?', so the columns stay aligned.
  std::string shown(expr);
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      c = '?';
    }
  }
  const std::size_t at = std::min(e.offset, shown.size());
  std::string out = "--mem: " + e.message;
  if (!e.token.empty()) {
    out += " (at '" + e.token + "')";
  }
  out += "\n  " + shown + "\n  " + std::string(at, ' ') + "^";
  return out;
}

Compression Options::effective_compression() const {
  if (compress) {
    return *compress;
  }
  const std::string_view o = output;
  if (ends_with(o, ".tar")) {
    return Compression::none;
  }
  if (ends_with(o, ".gz") || ends_with(o, ".tgz")) {
    return Compression::gzip;
  }
  return Compression::zstd;
}

std::uint64_t Options::effective_read_rate() const {
  return max_read_rate.value_or(gentle ? k_gentle_read_rate : 0);
}

std::string help_text() {
  std::string text = R"HELP(procsnap-collect - capture /proc into one verifiable archive (read-only, static)

Usage:
  procsnap-collect -o OUT [options]

Output:
  -o, --output OUT        archive path, or - for stdout (refused when stdout is a terminal)
  --compress KIND         zstd | gzip | none; default from OUT's extension (.tar.zst, .tar.gz/.tgz, .tar),
                          otherwise zstd
Selection:
  --pids LIST             only these pids, e.g. --pids 1,4242 (default: every process)
  --no-threads            skip task/<tid>/ (per-thread files)
  --hidden-scan           after the walk, probe every pid number 1..pid_max (stat of <root>/<n>); a process
                          that exists but getdents64 did not list is recorded (manifest kind "hidden-scan")
                          and captured after the others (ignored with --pids)
  --proc-root DIR         read a relocated /proc tree (an extracted snapshot, a mounted disk image) instead of
                          /proc; the archive still says proc/..., and the header says "live": false
  --max-file-bytes N      cap per file (suffix K, M, G; default 64M); a file reaching it is stored up to the
                          cap and recorded "truncated"
  --timeout-ms N          deadline for reads that can block on a stuck process (maps, smaps, cmdline,
                          environ, mem, ...; every read under --proc-root); a read that misses it is abandoned
                          and recorded "timeout" (default 5000; 0 = no deadline)
Memory (live /proc only; see "Memory selection" below):
  --mem EXPR|PRESET       capture the memory regions EXPR selects from each process's maps, read with pread
                          from /proc/<pid>/mem (default none: mem is never opened). Presets: none, suspicious,
                          heap, anon, all. Every selected region gets a manifest line (captured ranges, holes,
                          or skipped + reason); stored as mem/<pid>/<start>-<end> pieces of at most 4 MiB
  --mem-pids LIST         only these pids' memory, e.g. --mem-pids 4242 (default: every captured process;
                          never the collector itself)
  --mem-max-region SIZE   bytes stored per region (default 256M); the rest is recorded "truncated"
  --mem-max-total SIZE    bytes stored per run (default 1G); later regions are recorded "skipped" (max-total)
  --mem-resident-only     (default) read only the pages /proc/<pid>/pagemap says are present in RAM, so the
                          capture never swaps a page in or populates an untouched one; the others are listed as
                          holes "not-resident". Every region line counts its pages: present, swapped,
                          soft-dirty, exclusively mapped, file/shared
  --mem-nonresident       read every page of the selected regions (swapped-out pages are swapped back in, pages
                          never touched get populated: the target's memory state changes)
  --copy-exe WHICH        deleted (default): copy the executable of processes whose exe link is
                          "... (deleted)" or /memfd:..., as bin/<pid>/exe (regular files only, capped at
                          --max-file-bytes); all: every process; none: never
  --copy-fd WHICH         deleted (default): copy the file behind each open file descriptor whose link reads
                          "... (deleted)" or /memfd:... (a log or payload unlinked while held open), as
                          bin/<pid>/fd/<n>: regular files only (checked before the open), each file once per run
                          (later fds to it: "same-file"), capped at --max-file-bytes each; none: never
  --copy-fd-max-total SIZE  bytes stored in fd copies per run (default 256M); later ones "skipped" (max-total)
                          A copy above 4 MiB is read and archived in 4 MiB pieces (memory does not grow with the
                          file), each read under --timeout-ms; a file that shrinks or fails while read is completed
                          with zeros to the size it had at the open, and its line says how many ("padded")
  --mem-read-fuse         read FUSE-backed regions, executables and fd copies too: a hung FUSE server can then
                          keep the collector from exiting (default: they are skipped, reason "fuse-backed")
Impact on the host:
  --gentle                slow and unobtrusive, for a production host under load: the whole collector runs in
                          the SCHED_IDLE CPU class (it gets a CPU only when nothing else wants it) and the idle
                          I/O class, reads one file at a time (no read-ahead threads), and at most
                          --max-read-rate (default under --gentle: 8M per second). The archive holds the same
                          members. The cost is time: the rate alone makes 1,000 idle processes (about 50 MB of
                          /proc text) take about 6.5 s instead of about 1.3 s, and on a busy host SCHED_IDLE can
                          stretch that much further (the collector waits for idle CPU; a file's bytes are still
                          read in one go, so a longer capture only widens the time between files, see the
                          manifest's t0/t1)
  --max-read-rate RATE    at most RATE bytes per second read from /proc, process memory and copied files, counted
                          per read
                          (suffix K, M, G: --max-read-rate 4M); 0 = unbounded (the default without --gentle)
Case notes (stored in the header):
  --case ID  --examiner NAME  --note TEXT
Display:
  --progress              progress on stderr even when it is not a terminal (default: only on a terminal)
  --quiet                 no progress and no summary; errors and the final "sha256" line only
  --no-seccomp            do not install the seccomp filter (see below; for debugging only)
  -h, --help  --version

What it does:
  Writes a pax tar (optionally zstd/gzip compressed): procsnap/header.json, allow-listed system files, then for
  each pid proc/<pid>/stat first and every file procfs(5) documents (maps, smaps, status, environ, fd/, ns/,
  task/<tid>/, ...), links stored as symlink members (never followed), net/* once per network namespace, and a
  manifest line for every attempted item (status ok / ENOENT / EACCES / ... / truncated / timeout / skipped).
  The trailer (procsnap/trailer.json) is the last member; an archive without it is incomplete. The archive's
  SHA-256 (of the bytes written, after compression) is printed on stderr at the end:  sha256 <hex>  <OUT>
  Every file is opened O_RDONLY|O_NOFOLLOW relative to its pid directory; nothing under /proc is ever opened
  for writing; clear_refs, kmsg, kcore are never read, and mem and pagemap only with --mem (read-only). The
  only links ever followed are <pid>/exe for --copy-exe and <pid>/fd/<n> for --copy-fd (copies of the running
  executable and of deleted/memfd open files). After start-up a seccomp filter makes any open for writing,
  ptrace, process_vm_readv/writev, kill and mount fail with EPERM.
  Works unprivileged: what the kernel denies is recorded (EACCES/EPERM), never fatal.

Exit codes:
  0  complete: trailer written and nothing torn (denied or absent files - EACCES, EPERM, ENOENT, EINVAL - and
     processes that exited before their first read are normal and recorded, not failures)
  2  usage error; nothing written
  3  partial: trailer written, but a process vanished or its pid was reused while it was being captured, a
     file hit --max-file-bytes, a read timed out, a read failed with another error (EIO, ...), or a pid given
     with --pids could not be captured. trailer.json counts.partial says how many manifest lines caused it.
     Memory (--mem) and open-file copies (--copy-fd) are best effort: their lines (holes, timeouts, budgets,
     truncated copies) never make a capture partial.
  4  output failure (write error, no space, closed pipe, file size limit): message on stderr, no trailer
  5  interrupted (SIGINT/SIGTERM/SIGHUP): stopped early, no trailer
  1  internal error

Examples:
  procsnap-collect -o host.tar.zst                         # everything, zstd
  procsnap-collect -o - | ssh analyst@ws 'cat > host.tar.zst'  # stream off the host
  procsnap-collect -o p.tar --pids 1,4242 --case IR-7 --examiner kim --note "after alert 17"
  procsnap-collect -o img.tar.zst --proc-root /mnt/image/proc  # a relocated /proc tree
  procsnap-collect -o m.tar.zst --mem suspicious          # code in anonymous/deleted/memfd/rwx memory
  procsnap-collect -o m.tar --pids 4242 --mem 'heap or (anon and w)' --mem-max-total 512M
  tar -tvf host.tar.zst                                    # list it (GNU tar or bsdtar)

Memory selection (--mem):
)HELP";
  text += mem_help_text();
  if (!text.empty() && text.back() != '\n') {
    text.push_back('\n');
  }
  return text;
}

namespace {

// One argument being parsed: its name ("--x" of "--x=v") and its value, inline or the next argument.
struct Arg {
  int argc;
  char** argv;
  int& i;  ///< the index of this argument; value() advances it past a separate value
  std::string_view name;
  std::optional<std::string_view> inline_value;

  Arg(int argc_, char** argv_, int& i_) : argc(argc_), argv(argv_), i(i_), name(argv_[i_]) {
    if (name.starts_with("--")) {
      if (const auto eq = name.find('='); eq != std::string_view::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
    }
  }
  std::optional<std::string_view> value() {
    if (inline_value) {
      return inline_value;
    }
    if (i + 1 >= argc) {
      return std::nullopt;
    }
    return std::string_view(argv[++i]);
  }
  /// `n`, given as a flag (without "=value").
  [[nodiscard]] bool is_flag(std::string_view n) const { return name == n && !inline_value; }
};

// What an option group did with an argument: not one of its options, applied, or a usage error.
struct Applied {
  bool matched = false;
  std::optional<std::string> error;
};
Applied not_mine() { return {}; }
Applied applied() { return {.matched = true, .error = std::nullopt}; }
Applied usage_error(std::string message) { return {.matched = true, .error = std::move(message)}; }

// A positive size option's value into `out` ("e.g. `example`" in its error).
Applied positive_size(Arg& a, std::uint64_t& out, std::string_view example) {
  const auto v = a.value();
  const auto n = v ? parse_size(*v) : std::nullopt;
  if (!n || *n == 0) {
    return usage_error(std::string(a.name) + " needs a positive size, e.g. " + std::string(example));
  }
  out = *n;
  return applied();
}

// Where and how the archive is written and what is read: -o, --compress, --proc-root, --max-file-bytes,
// --timeout-ms.
Applied output_option(Arg& a, Options& opts) {
  if (a.name == "-o" || a.name == "--output") {
    const auto v = a.value();
    if (!v || v->empty()) {
      return usage_error("-o needs a path (or - for stdout)");
    }
    opts.output = std::string(*v);
  } else if (a.name == "--compress") {
    const auto v = a.value();
    if (!v) {
      return usage_error("--compress needs zstd, gzip or none");
    }
    if (*v == "zstd") {
      opts.compress = Compression::zstd;
    } else if (*v == "gzip") {
      opts.compress = Compression::gzip;
    } else if (*v == "none") {
      opts.compress = Compression::none;
    } else {
      return usage_error("--compress: unknown kind '" + std::string(*v) + "' (zstd, gzip or none)");
    }
  } else if (a.name == "--proc-root") {
    const auto v = a.value();
    if (!v || v->empty()) {
      return usage_error("--proc-root needs a directory");
    }
    opts.proc_root = std::string(*v);
  } else if (a.name == "--max-file-bytes") {
    return positive_size(a, opts.max_file_bytes, "64M");
  } else if (a.name == "--timeout-ms") {
    const auto v = a.value();
    const auto n = v ? parse_u64(*v) : std::nullopt;
    if (!n || *n > 3'600'000) {
      return usage_error("--timeout-ms needs a number of milliseconds (0..3600000; 0 = no deadline)");
    }
    opts.timeout_ms = *n;
  } else {
    return not_mine();
  }
  return applied();
}

// Which processes: --pids, --mem-pids, --hidden-scan, --test-hide-pid, --no-threads.
Applied selection_option(Arg& a, Options& opts) {
  if (a.name == "--pids" || a.name == "--mem-pids") {
    const auto v = a.value();
    if (!v || v->empty()) {
      return usage_error(std::string(a.name) + " needs a list, e.g. " + std::string(a.name) + " 1,4242");
    }
    std::vector<int> pids;
    if (auto msg = parse_pid_list(a.name, *v, pids)) {
      return usage_error(std::move(*msg));
    }
    (a.name == "--pids" ? opts.pids : opts.mem_pids) = std::move(pids);
  } else if (a.is_flag("--hidden-scan")) {
    opts.hidden_scan = true;
  } else if (a.name == "--test-hide-pid") {
    // Test-only (kept out of --help): see Options::test_hide_pids.
    const auto v = a.value();
    const auto n = v ? parse_u64(*v) : std::nullopt;
    if (!n || *n == 0 || *n > 0x3fffffff) {
      return usage_error("--test-hide-pid needs a pid");
    }
    opts.test_hide_pids.push_back(static_cast<int>(*n));
  } else if (a.is_flag("--no-threads")) {
    opts.threads = false;
  } else {
    return not_mine();
  }
  return applied();
}

// Memory: --mem, --mem-max-region, --mem-max-total, --mem-read-fuse, --mem-resident-only, --mem-nonresident.
Applied mem_option(Arg& a, Options& opts) {
  if (a.name == "--mem") {
    const auto v = a.value();
    if (!v || v->empty()) {
      return usage_error("--mem needs an expression or a preset (none, suspicious, heap, anon, all)");
    }
    auto parsed = MemSelector::parse(*v);
    if (const auto* e = std::get_if<MemSelectError>(&parsed)) {
      return usage_error(mem_error_message(*v, *e));
    }
    opts.mem = std::string(*v);
    opts.mem_selector = std::get<MemSelector>(std::move(parsed));
  } else if (a.name == "--mem-max-region") {
    return positive_size(a, opts.mem_max_region, "256M");
  } else if (a.name == "--mem-max-total") {
    return positive_size(a, opts.mem_max_total, "256M");
  } else if (a.is_flag("--mem-read-fuse")) {
    opts.mem_read_fuse = true;
  } else if (a.is_flag("--mem-resident-only") || a.is_flag("--mem-nonresident")) {
    opts.mem_resident_only = a.name == "--mem-resident-only";
  } else {
    return not_mine();
  }
  return applied();
}

// Executable and deleted-file copies: --copy-exe, --copy-fd, --copy-fd-max-total.
Applied copy_option(Arg& a, Options& opts) {
  if (a.name == "--copy-exe") {
    const auto v = a.value();
    if (v && *v == "deleted") {
      opts.copy_exe = CopyExe::deleted;
    } else if (v && *v == "all") {
      opts.copy_exe = CopyExe::all;
    } else if (v && *v == "none") {
      opts.copy_exe = CopyExe::none;
    } else {
      return usage_error("--copy-exe needs deleted, all or none");
    }
  } else if (a.name == "--copy-fd") {
    const auto v = a.value();
    if (v && *v == "deleted") {
      opts.copy_fd = CopyFd::deleted;
    } else if (v && *v == "none") {
      opts.copy_fd = CopyFd::none;
    } else {
      return usage_error("--copy-fd needs deleted or none");
    }
  } else if (a.name == "--copy-fd-max-total") {
    return positive_size(a, opts.copy_fd_max_total, "256M");
  } else {
    return not_mine();
  }
  return applied();
}

// The case notes and how the run behaves: --case, --examiner, --note, --progress, --quiet, --no-seccomp, --gentle,
// --max-read-rate.
Applied run_option(Arg& a, Options& opts) {
  if (a.name == "--case" || a.name == "--examiner" || a.name == "--note") {
    const auto v = a.value();
    if (!v) {
      return usage_error(std::string(a.name) + " needs a value");
    }
    (a.name == "--case" ? opts.case_id : a.name == "--examiner" ? opts.examiner : opts.note) = std::string(*v);
  } else if (a.is_flag("--progress")) {
    opts.progress = true;
  } else if (a.is_flag("--quiet")) {
    opts.quiet = true;
  } else if (a.is_flag("--no-seccomp")) {
    opts.seccomp = false;
  } else if (a.is_flag("--gentle")) {
    opts.gentle = true;
  } else if (a.name == "--max-read-rate") {
    const auto v = a.value();
    const auto n = v ? parse_size(*v) : std::nullopt;
    if (!n || *n > ReadRate::k_max_rate) {
      return usage_error("--max-read-rate needs bytes per second, e.g. 4M (0 = unbounded; at most 16G)");
    }
    opts.max_read_rate = *n;
  } else {
    return not_mine();
  }
  return applied();
}

}  // namespace

ParseOutcome parse_options(int argc, char** argv, Options& opts) {
  opts.argv.assign(argv, argv + argc);
  if (auto none = MemSelector::parse(opts.mem); std::holds_alternative<MemSelector>(none)) {
    opts.mem_selector = std::get<MemSelector>(std::move(none));  // so mem_expanded says "none" by default
  }
  auto error = [](std::string msg) { return ParseOutcome{ParseOutcome::Kind::error, std::move(msg)}; };
  bool have_output = false;
  for (int i = 1; i < argc; ++i) {
    Arg a(argc, argv, i);
    if (a.name == "-h" || a.name == "--help") {
      return {ParseOutcome::Kind::help, {}};
    }
    if (a.name == "--version") {
      return {ParseOutcome::Kind::version, {}};
    }
    have_output = have_output || a.name == "-o" || a.name == "--output";
    Applied r;
    for (const auto group : {output_option, selection_option, mem_option, copy_option, run_option}) {
      r = group(a, opts);
      if (r.matched) {
        break;
      }
    }
    if (!r.matched) {
      return error("unknown argument '" + std::string(argv[i]) + "'");
    }
    if (r.error) {
      return error(std::move(*r.error));
    }
  }
  if (!have_output) {
    return error("missing -o OUT (a path, or - for stdout)");
  }
  if (opts.progress && opts.quiet) {
    return error("--progress and --quiet exclude each other");
  }
  return {};
}

}  // namespace procsnap::collector
