// procsnap-collect: captures /proc into one verifiable archive. See --help and schema/FORMAT.md.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <optional>
#include <string>

#include "archive_writer.hpp"
#include "gentle.hpp"
#include "header.hpp"
#include "manifest.hpp"
#include "options.hpp"
#include "reader.hpp"
#include "seccomp.hpp"
#include "walker.hpp"

namespace procsnap::collector {
namespace {

constexpr long k_proc_super_magic = 0x9fa0;
constexpr long k_sysfs_magic = 0x62656572;

void say(const char* fmt, const std::string& a = {}, const std::string& b = {}) {
  std::fprintf(stderr, fmt, a.c_str(), b.c_str());
}

// SIGINT/SIGTERM/SIGHUP are blocked and polled between processes (sigpending), so an interrupt stops the capture
// cleanly at a pid boundary without any global flag or async handler.
bool interrupt_pending() {
  sigset_t pending;
  sigemptyset(&pending);
  if (sigpending(&pending) != 0) {
    return false;
  }
  return sigismember(&pending, SIGINT) == 1 || sigismember(&pending, SIGTERM) == 1 ||
         sigismember(&pending, SIGHUP) == 1;
}

// SIGPIPE ignored (a closed pipe must be a write error, EPIPE, we report, not a silent death); SIGINT, SIGTERM and
// SIGHUP blocked, to be polled by interrupt_pending().
void set_up_signals() {
  ::signal(SIGPIPE, SIG_IGN);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  ::sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
}

// The exit status when the command line says not to capture (help, version, a usage error); nullopt to run.
std::optional<int> answer_without_capture(const ParseOutcome& parsed) {
  switch (parsed.kind) {
    case ParseOutcome::Kind::help:
      std::fputs(help_text().c_str(), stdout);
      return k_exit_complete;
    case ParseOutcome::Kind::version:
      std::printf("procsnap-collect %s (archive format 1)\n", PROCSNAP_VERSION);
      return k_exit_complete;
    case ParseOutcome::Kind::error:
      say("procsnap-collect: %s\nTry 'procsnap-collect --help'.\n", parsed.message);
      return k_exit_usage;
    case ParseOutcome::Kind::run:
      break;
  }
  return std::nullopt;
}

// Where the archive goes: -o FILE (created) or stdout (never a terminal), never into procfs or sysfs.
struct Output {
  Fd owned;  ///< the -o file (invalid for stdout)
  int fd = STDOUT_FILENO;
  std::string name;  ///< for messages: the path or "<stdout>"
};

// Opens the output; on failure says why and returns the exit status.
std::optional<int> open_output(const Options& opts, Output& out) {
  out.name = opts.output == "-" ? std::string("<stdout>") : opts.output;
  if (opts.output == "-") {
    if (::isatty(STDOUT_FILENO) == 1) {
      say("procsnap-collect: refusing to write a binary archive to a terminal; use -o FILE or a pipe%s%s\n");
      return k_exit_usage;
    }
  } else {
    out.owned.reset(::open(opts.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0640));
    if (!out.owned.valid()) {
      say("procsnap-collect: cannot create %s: %s\n", opts.output, std::strerror(errno));
      return k_exit_output;
    }
    out.fd = out.owned.get();
  }
  // Never write into /proc or /sys, whatever -o says (e.g. -o /proc/self/clear_refs).
  struct statfs sfs {};
  if (::fstatfs(out.fd, &sfs) == 0 &&
      (static_cast<long>(sfs.f_type) == k_proc_super_magic || static_cast<long>(sfs.f_type) == k_sysfs_magic)) {
    say("procsnap-collect: refusing to write the archive into procfs/sysfs (%s)%s\n", out.name);
    return k_exit_usage;
  }
  return std::nullopt;
}

WalkerConfig walker_config(const Options& opts, int root_fd, const RootInfo& root_info) {
  return WalkerConfig{.root_fd = root_fd,
                      .live = root_info.live,
                      .pids = opts.pids,
                      .threads = opts.threads,
                      .progress = opts.progress || (!opts.quiet && ::isatty(STDERR_FILENO) == 1),
                      .self_dir = root_info.self_dir,
                      .own_netns = root_info.own_netns,
                      .hidden_scan = opts.hidden_scan,
                      .test_hide_pids = opts.test_hide_pids,
                      .timeout_ms = opts.timeout_ms,
                      .mem = MemConfig{.selector = opts.mem_selector,
                                       .pids = opts.mem_pids,
                                       .max_region = opts.mem_max_region,
                                       .max_total = opts.mem_max_total,
                                       .resident_only = opts.mem_resident_only},
                      .copy_exe = opts.copy_exe,
                      .copy_fd = opts.copy_fd,
                      .copy_fd_max_total = opts.copy_fd_max_total,
                      .mem_read_fuse = opts.mem_read_fuse,
                      .one_reader = opts.gentle};
}

// The archive's end: the trailer when the capture ran to its end, else why there is none. Returns the exit status.
int finish_archive(ArchiveWriter& writer, Manifest& manifest, const Walker& walker, const std::string& out_name) {
  if (writer.failed()) {
    say("procsnap-collect: output failed writing %s: %s; the archive is incomplete (no trailer)\n", out_name,
        writer.error());
    return k_exit_output;
  }
  if (walker.interrupted()) {
    writer.finish();
    say("procsnap-collect: interrupted; %s is incomplete (no trailer)%s\n", out_name);
    return k_exit_interrupted;
  }
  const int exit_status = manifest.partial() ? k_exit_partial : k_exit_complete;
  manifest.count_member();  // the trailer itself
  const std::string trailer = manifest.trailer_json(exit_status, realtime_ns(), boottime_ns());
  if (!writer.add_file("procsnap/trailer.json", trailer) || !writer.finish()) {
    say("procsnap-collect: output failed writing %s: %s; the archive is incomplete (no trailer)\n", out_name,
        writer.error());
    return k_exit_output;
  }
  return exit_status;
}

// The counts on stderr (unless --quiet).
void print_summary(const Manifest& manifest, const ArchiveWriter& writer, const std::string& out_name,
                   int exit_status) {
  const Counts& c = manifest.counts();
  std::fprintf(stderr,
               "procsnap-collect: %llu processes, %llu threads, %llu members, %llu items (%llu ok, %llu errors, "
               "%llu truncated, %llu timeout, %llu skipped), %llu bytes written to %s\n",
               static_cast<unsigned long long>(c.processes), static_cast<unsigned long long>(c.threads),
               static_cast<unsigned long long>(c.members), static_cast<unsigned long long>(c.items),
               static_cast<unsigned long long>(c.ok), static_cast<unsigned long long>(c.errors),
               static_cast<unsigned long long>(c.truncated), static_cast<unsigned long long>(c.timeout),
               static_cast<unsigned long long>(c.skipped), static_cast<unsigned long long>(writer.bytes_out()),
               out_name.c_str());
  if (const auto& mem = manifest.mem()) {
    std::fprintf(stderr,
                 "procsnap-collect: memory: %llu regions (%llu captured, %llu skipped, %llu errors), %llu bytes in "
                 "pieces%s\n",
                 static_cast<unsigned long long>(mem->regions), static_cast<unsigned long long>(mem->captured),
                 static_cast<unsigned long long>(mem->skipped), static_cast<unsigned long long>(mem->errors),
                 static_cast<unsigned long long>(mem->bytes),
                 mem->total_budget_reached ? " (--mem-max-total reached)" : "");
  }
  if (exit_status == k_exit_partial) {
    std::fprintf(stderr,
                 "procsnap-collect: partial capture (exit 3): %llu manifest lines record torn or missing data\n",
                 static_cast<unsigned long long>(c.partial));
  }
}

int run(int argc, char** argv) {
  set_up_signals();
  Options opts;
  if (const auto status = answer_without_capture(parse_options(argc, argv, opts))) {
    return *status;
  }
  const Fd root(::open(opts.proc_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) {
    say("procsnap-collect: cannot open --proc-root %s: %s\n", opts.proc_root, std::strerror(errno));
    return k_exit_usage;
  }
  Output out;
  if (const auto status = open_output(opts, out)) {
    return *status;
  }
  // Before any thread is started (the archive writer's, the recorder's, the deadline worker's): they inherit it.
  if (opts.gentle) {
    if (const auto err = make_gentle()) {
      say("procsnap-collect: warning: --gentle: %s; continuing at normal priority for what failed%s\n", *err);
    }
  }
  if (opts.seccomp) {
    std::string err;
    if (!install_seccomp(err)) {
      say("procsnap-collect: warning: seccomp filter not installed (%s); continuing%s\n", err);
    }
  }

  const StartTimes started{.realtime_ns = realtime_ns(), .boottime_ns = boottime_ns()};
  const RootInfo root_info = inspect_root(root.get());
  ArchiveWriter writer(out.fd, static_cast<std::int64_t>(started.realtime_ns / 1'000'000'000ull));
  std::string err;
  if (!writer.start(opts.effective_compression(), err)) {
    say("procsnap-collect: %s%s\n", err);
    return k_exit_internal;
  }
  Manifest manifest;
  Reader reader(opts.max_file_bytes, opts.timeout_ms);
  reader.set_check_type(!root_info.live);
  if (const std::uint64_t rate = opts.effective_read_rate(); rate != 0) {
    reader.set_read_rate(std::make_shared<ReadRate>(rate, read_rate_burst(rate)));
  }
  Walker walker(walker_config(opts, root.get(), root_info), writer, manifest, reader);
  // The read-ahead workers already read the system files, proc/net and the first pid while the header is built.
  walker.start_read_ahead();
  if (writer.add_file("procsnap/header.json", build_header(opts, root.get(), root_info, started))) {
    manifest.count_member();
  }
  if (!writer.failed()) {
    walker.capture_system();
  }
  if (!writer.failed()) {
    walker.capture_processes([] { return interrupt_pending(); });
  }
  walker.drain();  // the recorder thread has written everything queued; only this thread touches writer now
  if (!writer.failed()) {
    walker.flush_manifest(true);
  }
  const int exit_status = finish_archive(writer, manifest, walker, out.name);
  if (exit_status == k_exit_output || exit_status == k_exit_interrupted) {
    return exit_status;
  }
  if (!opts.quiet) {
    print_summary(manifest, writer, out.name, exit_status);
  }
  std::fprintf(stderr, "sha256 %s  %s\n", writer.sha256_hex().c_str(), out.name.c_str());
  // A read abandoned past its deadline may never return: a FUSE request already sent waits uninterruptibly, even
  // through exit, until its server answers. Its thread shares our fd table, so close the output and stderr now:
  // whoever reads them (a pipe to ssh) sees EOF even if the process itself lingers until the kernel lets go.
  if (reader.abandoned() > 0 || walker.stuck_jobs() > 0) {
    std::fflush(stderr);
    out.owned.reset();
    ::close(STDOUT_FILENO);
    ::close(STDERR_FILENO);
  }
  return exit_status;
}

}  // namespace
}  // namespace procsnap::collector

#if defined(__SANITIZE_ADDRESS__)
// Sanitizer builds only: LeakSanitizer's exit-time check stops the world with ptrace, which the collector's own
// seccomp filter forbids (by design), so LSan would abort every run. Leak checking stays on for every other
// binary and test; the release collector is never built with sanitizers.
extern "C" int __lsan_is_turned_off() { return 1; }
#endif

int main(int argc, char** argv) {
  try {
    return procsnap::collector::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "procsnap-collect: internal error: %s\n", e.what());
    return procsnap::collector::k_exit_internal;
  }
}
