#include "walker.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "procfs/proc_fd.hpp"
#include "procfs/proc_stat.hpp"
#include "procsnap/common/capture_list.hpp"
#include "procsnap/common/sha256.hpp"

namespace procsnap::collector {

namespace {

// linux_dirent64 as the kernel fills it (getdents64(2)): u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, then
// the NUL-terminated name. Read by offset so no struct with a flexible array member is needed.
constexpr std::size_t k_reclen_offset = 16;
constexpr std::size_t k_name_offset = 19;

bool numeric_less(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

}  // namespace

bool list_dir(int dirfd, std::vector<std::string>& names) {
  names.clear();
  alignas(8) char buf[32 * 1024];
  for (;;) {
    const long n = ::syscall(SYS_getdents64, dirfd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    if (n == 0) {
      return true;
    }
    for (long off = 0; off < n;) {
      unsigned short reclen = 0;
      std::memcpy(&reclen, buf + off + k_reclen_offset, sizeof reclen);
      if (reclen <= k_name_offset || off + reclen > n) {
        errno = EIO;  // a malformed record would loop forever or read past the buffer
        return false;
      }
      const char* name_p = buf + off + k_name_offset;
      const std::string_view name(name_p, ::strnlen(name_p, reclen - k_name_offset));
      if (name != "." && name != "..") {
        names.emplace_back(name);
      }
      off += reclen;
    }
  }
}

std::optional<std::uint64_t> parse_decimal_name(std::string_view name) {
  if (name.empty() || name.size() > 19 || (name.size() > 1 && name[0] == '0')) {
    return std::nullopt;
  }
  std::uint64_t v = 0;
  for (const char c : name) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

bool stat_exiting(const procfs::ProcStatFields& stat) {
  // PF_EXITING (0x4) in field 9 (flags): set at the very start of do_exit, before the fd table and mm go away.
  constexpr std::uint64_t k_pf_exiting = 0x4;
  const auto state = stat.state();
  const auto flags = stat.flags();
  return state == 'Z' || state == 'X' || (flags && (*flags & k_pf_exiting) != 0);
}

bool stat_exiting(std::string_view stat) { return stat_exiting(procfs::ProcStatFields(stat)); }

std::optional<std::uint64_t> stat_start_time(std::string_view stat) {
  return procfs::ProcStatFields(stat).start_time();
}

char stat_state(std::string_view stat) { return procfs::ProcStatFields(stat).state().value_or('\0'); }

std::optional<std::uint64_t> ns_link_inode(std::string_view target) {
  // Only the inode is wanted here (the importer reports a malformed link): the link name given is the target's own
  // type, so a well-formed target of any namespace type parses without a diagnostic.
  const std::string_view type = target.substr(0, target.find(":["));
  return procfs::parse_ns_link(type, target).value.inode;
}

namespace {
// The plain names under `prefix` in the shared capture list (procsnap/common/capture_list.hpp): entries with a
// single path component after the prefix, no placeholder, not links; in list order.
std::vector<std::string_view> captured_under(std::string_view prefix, bool recursive) {
  std::vector<std::string_view> out;
  for (const auto& f : common::captured_files()) {
    if (f.link || !f.path.starts_with(prefix)) continue;
    const std::string_view rest = f.path.substr(prefix.size());
    if (rest.empty() || rest.find('<') != std::string_view::npos ||
        (!recursive && rest.find('/') != std::string_view::npos)) {
      continue;
    }
    out.push_back(rest);
  }
  return out;
}
}  // namespace

const std::vector<std::string_view>& system_files() {
  // Sorted at first use (member order is by path). Each is a plain file procfs(5) documents; nothing in the list
  // blocks, has read side effects, or exposes memory (no kcore, kmsg, kallsyms, kpage*, sysrq-trigger).
  static const std::vector<std::string_view> files = [] {
    std::vector<std::string_view> v;
    for (const auto name : captured_under("proc/", true)) {
      if (!name.starts_with("net/") && !name.starts_with("<pid>/")) v.push_back(name);
    }
    std::sort(v.begin(), v.end());
    return v;
  }();
  return files;
}

const std::vector<std::string_view>& process_files() {
  static const std::vector<std::string_view> files = [] {
    std::vector<std::string_view> v = captured_under("proc/<pid>/", false);
    std::erase(v, std::string_view("stat"));  // read first, on its own
    return v;
  }();
  return files;
}

const std::vector<std::string_view>& thread_files() {
  static const std::vector<std::string_view> files = [] {
    std::vector<std::string_view> v = captured_under("proc/<pid>/task/<tid>/", false);
    std::erase(v, std::string_view("stat"));
    return v;
  }();
  return files;
}

const std::vector<std::string_view>& leader_exited_files() {
  static const std::vector<std::string_view> files = {"cmdline", "environ",      "auxv",     "maps",
                                                      "smaps",   "smaps_rollup", "numa_maps"};
  return files;
}

const std::vector<std::string_view>& net_files() {
  static const std::vector<std::string_view> files = [] {
    std::vector<std::string_view> v = captured_under("proc/net/", false);
    std::sort(v.begin(), v.end());
    return v;
  }();
  return files;
}

// Files whose read takes the target's mmap lock (killable waits: no signal but SIGKILL ends them), i.e. can block
// on a stuck process. A live capture reads every process file on the deadline worker anyway (read_ahead); this
// list is for one reader (--gentle), which reads the others inline.
namespace {
bool may_block(std::string_view name) {
  // mountinfo/mounts/mountstats wait on the mount namespace lock, which only a hung mount holds for long; they
  // stay inline under one reader to keep the per-read hand-off cost off the common path.
  static constexpr std::string_view k_blocking[] = {"cmdline", "environ", "maps", "smaps", "smaps_rollup", "numa_maps"};
  return std::find(std::begin(k_blocking), std::end(k_blocking), name) != std::end(k_blocking);
}
}  // namespace

std::vector<int> enumerate_pids(int root_fd, int& err) {
  err = 0;
  std::vector<int> pids;
  // A fresh fd: getdents64 advances the file offset, and root_fd is used for openat elsewhere.
  const Fd dir(open_dir(root_fd, "."));
  std::vector<std::string> names;
  if (!dir.valid() || !list_dir(dir.get(), names)) {
    err = errno;
    return pids;
  }
  for (const auto& n : names) {
    if (const auto v = parse_decimal_name(n); v && *v > 0 && *v <= 0x3fffffff) {
      pids.push_back(static_cast<int>(*v));
    }
  }
  std::sort(pids.begin(), pids.end());
  return pids;
}

void sha256_hex(std::string_view data, char (&out)[64]) { digest_hex(common::sha256(data), out); }

void digest_hex(const common::Digest& d, char (&out)[64]) {
  // Hex into the caller's stack buffer (no temporary string per item).
  static constexpr char k_hex[] = "0123456789abcdef";
  static_assert(sizeof out == 2 * std::tuple_size_v<common::Digest>);
  for (std::size_t i = 0; i < d.size(); ++i) {
    out[2 * i] = k_hex[d[i] >> 4];
    out[2 * i + 1] = k_hex[d[i] & 0xf];
  }
}

Walker::Walker(WalkerConfig config, ArchiveWriter& writer, Manifest& manifest, Reader& reader)
    : cfg_(std::move(config)),
      writer_(writer),
      manifest_(manifest),
      reader_(reader),
      queue_([&writer] { return writer.failed(); }) {
  if (cfg_.mem && !cfg_.mem->selector.is_none()) {
    manifest_.enable_mem();  // the trailer's "mem" object (null without --mem)
  }
  if (const long page = ::sysconf(_SC_PAGESIZE); page > 0) {
    page_size_ = static_cast<std::size_t>(page);
  }
  if (cfg_.live && !cfg_.one_reader) {
    for (auto& r : ahead_readers_) {
      r = reader_.sibling();
    }
  }
}

bool Walker::store_member(std::string_view path, std::string_view data, bool symlink, char (&sha)[64]) {
  if (symlink) {
    if (!writer_.add_symlink(path, data)) {
      return false;
    }
    sha256_hex(data, sha);
  } else {
    // Hashed while libarchive takes the bytes (one pass over them; see ArchiveWriter::add_file).
    common::Sha256 h;
    if (!writer_.add_file(path, data, &h)) {
      return false;
    }
    digest_hex(h.finish(), sha);
  }
  manifest_.count_member();
  return true;
}

void Walker::after_line() {
  if (manifest_.chunk_due()) {
    flush_manifest(false);
  }
}

void Walker::flush_manifest(bool final) {
  if (final) {
    drain();  // every queued item is recorded before the last chunk
  }
  if (!manifest_.has_pending() && !(final && manifest_.chunks().empty())) {
    return;
  }
  std::string path;
  std::string chunk = manifest_.take_chunk(path);
  if (writer_.add_file(path, chunk)) {
    manifest_.count_member();
  }
  manifest_.reuse_chunk_buffer(std::move(chunk));  // libarchive has copied it
}

void Walker::record(std::string path, ItemKind kind, const ReadResult& r) {
  // The bytes are copied out of the reader's buffer; hashing, tar and the manifest happen on the recorder thread.
  record_owned(std::move(path), kind, r, r.has_data() ? std::string(r.data) : std::string());
}

void Walker::record_owned(std::string path, ItemKind kind, const ReadResult& r, std::string&& data) {
  if (!r.has_data()) {
    data.clear();
  }
  const std::size_t bytes = data.size() + path.size();
  ReadResult meta = r;
  meta.data = {};
  enqueue(bytes, [this, path = std::move(path), kind, meta, data = std::move(data)] {
    record_now(path, kind, meta, data);
  });
}

void Walker::record_now(const std::string& path, ItemKind kind, const ReadResult& r, const std::string& data) {
  Item it{.path = path, .kind = kind, .t0 = r.t0, .t1 = r.t1};
  std::string status;
  switch (r.status) {
    case ReadStatus::ok:
      it.status = "ok";
      break;
    case ReadStatus::error:
      status = errno_name(r.err);
      it.status = status;
      break;
    case ReadStatus::truncated:
      it.status = "truncated";
      it.reason = "max-file-bytes";
      break;
    case ReadStatus::timeout:
      it.status = "timeout";
      it.reason = "read-deadline";
      break;
    case ReadStatus::not_regular:
      it.status = "skipped";
      it.reason = "not-a-regular-file";
      break;
    case ReadStatus::gave_up:
      it.status = "skipped";
      it.reason = "too-many-stuck-reads";
      break;
  }
  const bool has_data = r.status == ReadStatus::ok || r.status == ReadStatus::truncated || !data.empty();
  store_and_add(it, path, data, has_data, kind == ItemKind::link, [this](const Item& l) { manifest_.add(l); });
}

void Walker::add_line(std::string path, ItemKind kind, std::string status, std::string reason, std::string ref,
                      std::optional<std::uint64_t> netns) {
  const auto now = boottime_ns();
  enqueue(path.size(), [this, path = std::move(path), kind, status = std::move(status), reason = std::move(reason),
                        ref = std::move(ref), netns, now] {
    manifest_.add(Item{.path = path,
                       .kind = kind,
                       .status = status,
                       .reason = reason,
                       .t0 = now,
                       .t1 = now,
                       .ref = ref,
                       .netns = netns});
    after_line();
  });
}

void Walker::process_line(const ProcessLine& l) {
  std::string path(l.path);
  std::string status(l.status);
  ProcessLine copy = l;
  enqueue(path.size(), [this, path = std::move(path), status = std::move(status), copy]() mutable {
    copy.path = path;
    copy.status = status;
    manifest_.add_process(copy);
    after_line();
  });
}

void Walker::drain() { queue_.close(); }

Walker::~Walker() { drain(); }

void Walker::record_dir_error(const std::string& path, int err) { add_line(path, ItemKind::dir, errno_name(err)); }

ReadResult Walker::file(int dirfd, const char* name, std::string path, bool blocking) {
  ReadResult r = blocking ? reader_.read_file_deadline(dirfd, name) : reader_.read_file(dirfd, name);
  record(std::move(path), ItemKind::file, r);
  return r;
}

bool Walker::file_prefetched(Reader& from, const char* name, std::string path, KeptText* keep, std::string* text) {
  std::string owned;
  const ReadResult r = from.take_prefetched(name, owned);
  if (keep != nullptr) {
    keep->keep(r, owned);  // a copy: the archive's copy moves to the recorder thread
  }
  const bool copied = text != nullptr && (r.status == ReadStatus::ok || r.status == ReadStatus::truncated);
  if (copied) {
    text->assign(owned);
  }
  record_owned(std::move(path), ItemKind::file, r, std::move(owned));
  return copied;
}

ReadResult Walker::link(int dirfd, const char* name, std::string path) {
  ReadResult r = reader_.read_link(dirfd, name);
  record(std::move(path), ItemKind::link, r);
  return r;
}

std::optional<std::string> Walker::via_self(const std::string& name) {
  // /proc/mounts and /proc/net are symlinks to self/...: follow exactly that form, through the "self" directory
  // resolved at start-up, and nothing else (a relocated tree's links are never followed).
  if (!cfg_.self_dir) {
    return std::nullopt;
  }
  const ReadResult l = reader_.read_link(cfg_.root_fd, name.c_str());
  if (l.status != ReadStatus::ok || l.data != "self/" + name) {
    return std::nullopt;
  }
  return *cfg_.self_dir + "/" + name;
}

void Walker::list_pids() {
  PidListing& l = listed_.emplace();
  if (cfg_.pids) {
    l.pids = *cfg_.pids;
  } else {
    l.pids = enumerate_pids(cfg_.root_fd, l.err);
  }
  l.listed_at = boottime_ns();
  for (const int hide : cfg_.test_hide_pids) {
    std::erase(l.pids, hide);
  }
}

void Walker::start_read_ahead() {
  if (!ahead_readers_[0] || system_ahead_) {
    return;
  }
  system_ahead_ = true;
  // File i goes to reader i % k_system_readers (as capture_system takes them): one slow file, e.g. slabinfo (2 ms
  // here, more with many caches), holds up only the files of its own reader after it.
  for (std::size_t r = 0; r < k_system_readers; ++r) {
    std::vector<std::string> names;
    for (std::size_t i = r; i < system_files().size(); i += k_system_readers) {
      names.emplace_back(system_files()[i]);
    }
    ahead_readers_[r]->prefetch(cfg_.root_fd, std::move(names));
  }
  open_system_net();
  if (system_net_.valid()) {
    // On this thread's own reader's worker: nothing else uses it before capture_system takes them.
    system_net_files_ = list_net(system_net_.get(), "proc/net/", system_net_dir_errors_);
    reader_.prefetch(system_net_.get(), system_net_files_);
  }
  list_pids();
  if (!listed_->pids.empty()) {
    // The third reader; the rotation then hands the next pids to the first two, whose system batches are taken
    // (capture_system) before the first pid is captured.
    static_assert(k_system_readers < k_read_ahead_readers);
    next_ahead_reader_ = k_system_readers;
    read_ahead(listed_->pids.front());
  }
}

void Walker::capture_system() {
  std::string owned;
  for (std::size_t i = 0; i < system_files().size(); ++i) {
    const std::string n(system_files()[i]);
    Reader* ahead = system_ahead_ ? ahead_readers_[i % k_system_readers].get() : nullptr;
    ReadResult r = ahead != nullptr ? ahead->take_prefetched(n.c_str(), owned)
                   : cfg_.live      ? reader_.read_file(cfg_.root_fd, n.c_str())
                                    : reader_.read_file_deadline(cfg_.root_fd, n.c_str());
    if (r.status == ReadStatus::error && r.err == ELOOP) {
      if (const auto via = via_self(n)) {
        r = reader_.read_file(cfg_.root_fd, via->c_str());
      } else {
        r.err = ELOOP;  // via_self's readlink reused the buffer; the original error stands
        r.data = {};
      }
    }
    if (ahead != nullptr && r.data.data() == owned.data()) {
      record_owned("proc/" + n, ItemKind::file, r, std::move(owned));  // the worker's bytes, moved
    } else {
      record("proc/" + n, ItemKind::file, r);
    }
    if (failed()) {
      return;
    }
  }
  if (!system_ahead_) {
    open_system_net();
  }
  if (!system_net_.valid()) {
    record_dir_error("proc/net", system_net_err_);
    return;
  }
  if (!system_ahead_) {
    capture_net(system_net_.get(), "proc/net/");
    return;
  }
  for (const auto& [path, err] : system_net_dir_errors_) {
    record_dir_error(path, err);
  }
  for (const auto& f : system_net_files_) {
    file_prefetched(reader_, f.c_str(), "proc/net/" + f);
    if (failed()) {
      return;
    }
  }
}

void Walker::open_system_net() {
  system_net_.reset(open_dir(cfg_.root_fd, "net"));
  system_net_err_ = errno;
  if (!system_net_.valid() && (system_net_err_ == ELOOP || system_net_err_ == ENOTDIR)) {
    if (const auto via = via_self("net")) {
      system_net_.reset(open_dir(cfg_.root_fd, via->c_str()));
      system_net_err_ = errno;
    }
  }
}

std::vector<std::string> Walker::list_net(int net_fd, const std::string& prefix,
                                          std::vector<std::pair<std::string, int>>& dir_errors) {
  std::vector<std::string> rel;
  for (const auto n : net_files()) {
    rel.emplace_back(n);
  }
  // Per-interface IPv6 counters: one file per interface name, listed from the directory.
  for (const char* sub : {"dev_snmp6", "stat"}) {
    const Fd d(open_dir(net_fd, sub));
    if (!d.valid()) {
      if (errno != ENOENT) {
        dir_errors.emplace_back(prefix + sub, errno);
      }
      continue;
    }
    if (!list_dir(d.get(), names_)) {
      dir_errors.emplace_back(prefix + sub, errno);
      continue;
    }
    for (const auto& n : names_) {
      rel.push_back(std::string(sub) + "/" + n);
    }
  }
  std::sort(rel.begin(), rel.end());
  return rel;
}

void Walker::capture_net(int net_fd, const std::string& prefix) {
  std::vector<std::pair<std::string, int>> dir_errors;
  const std::vector<std::string> rel = list_net(net_fd, prefix, dir_errors);
  for (const auto& [path, err] : dir_errors) {
    record_dir_error(path, err);
  }
  for (const auto& r : rel) {
    file(net_fd, r.c_str(), prefix + r, !cfg_.live);
    if (failed()) {
      return;
    }
  }
}

void Walker::capture_link_dir(int pid_fd, const std::string& prefix, const char* dir, bool numeric,
                              std::optional<std::uint64_t>* net_inode,
                              std::vector<std::pair<std::string, std::string>>* fd_copies) {
  const Fd d(open_dir(pid_fd, dir));
  if (!d.valid() || !list_dir(d.get(), names_)) {
    record_dir_error(prefix + dir, errno);
    return;
  }
  std::vector<std::string> names = names_;
  if (numeric) {
    std::sort(names.begin(), names.end(), numeric_less);
  } else {
    std::sort(names.begin(), names.end());
  }
  for (const auto& n : names) {
    const ReadResult r = link(d.get(), n.c_str(), prefix + dir + "/" + n);
    if (net_inode != nullptr && n == "net" && r.status == ReadStatus::ok) {
      *net_inode = ns_link_inode(r.data);
    }
    if (fd_copies != nullptr && r.status == ReadStatus::ok && fd_copy_why(r.data, cfg_.copy_fd)) {
      fd_copies->emplace_back(n, std::string(r.data));
    }
    if (failed()) {
      return;
    }
  }
}

void Walker::capture_fdinfo(int pid_fd, const std::string& prefix) {
  const Fd d(open_dir(pid_fd, "fdinfo"));
  if (!d.valid() || !list_dir(d.get(), names_)) {
    record_dir_error(prefix + "fdinfo", errno);
    return;
  }
  std::vector<std::string> names = names_;
  std::sort(names.begin(), names.end(), numeric_less);
  for (const auto& n : names) {
    file(d.get(), n.c_str(), prefix + "fdinfo/" + n, !cfg_.live);
    if (failed()) {
      return;
    }
  }
}

void Walker::capture_map_files(int pid_fd, const std::string& prefix) {
  const Fd d(open_dir(pid_fd, "map_files"));
  if (!d.valid() || !list_dir(d.get(), names_)) {
    if (errno != ENOENT) {
      record_dir_error(prefix + "map_files", errno);
    }
    return;
  }
  // Names are "<start>-<end>" in lower-case hex; order by start address.
  std::vector<std::pair<std::uint64_t, std::string>> ranges;
  for (const auto& n : names_) {
    const auto dash = n.find('-');
    std::uint64_t start = 0;
    if (dash != std::string::npos && dash <= 16) {
      for (std::size_t i = 0; i < dash; ++i) {
        const char c = n[i];
        start = start * 16 + static_cast<std::uint64_t>(c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
      }
    }
    ranges.emplace_back(start, n);
  }
  std::sort(ranges.begin(), ranges.end());
  for (const auto& [start, n] : ranges) {
    // readlink of a map_files entry takes the mmap lock: a stuck process can block it, but the deadline applies
    // only to reads; map_files readlink needs CAP_SYS_ADMIN, so it runs only when privileged.
    link(d.get(), n.c_str(), prefix + "map_files/" + n);
    if (failed()) {
      return;
    }
  }
}

void Walker::capture_attr(int pid_fd, const std::string& prefix) {
  static constexpr const char* k_attr[] = {"current", "exec", "fscreate", "keycreate", "prev", "sockcreate"};
  const Fd d(open_dir(pid_fd, "attr"));
  if (!d.valid()) {
    if (errno != ENOENT) {
      record_dir_error(prefix + "attr", errno);
    }
    return;
  }
  for (const char* a : k_attr) {
    file(d.get(), a, prefix + "attr/" + a);
    if (failed()) {
      return;
    }
  }
}

// One pid's capture in progress: what capture_pid's steps learn and hand to the next.
struct Walker::PidCapture {
  PidCapture(int pid_, bool requested_) : pid(pid_), requested(requested_) { line.path = proc_path; }
  PidCapture(const PidCapture&) = delete;
  PidCapture& operator=(const PidCapture&) = delete;

  const int pid;
  const bool requested;                      ///< named by --pids: missing is partial
  const std::string pid_s = std::to_string(pid);
  const std::string proc_path = "proc/" + pid_s;  ///< the process line's path
  const std::string prefix = proc_path + "/";     ///< its members' prefix
  ProcessLine line;                               ///< path views proc_path
  Fd dir;                                         ///< the pid directory (pins the process)
  bool first_exiting = false;                     ///< the first stat said exiting or dead
  bool leader_zombie = false;  ///< the leader exited while other threads still run
  bool want_mem = false;       ///< --mem selects from this pid
  bool want_fuse_devs = false;  ///< memory or files may be read: FUSE devices must be known first
  bool have_mountinfo = false;  ///< mountinfo_ holds this pid's mountinfo
  int reader = -1;              ///< the ahead_readers_ index its process files were handed to (-1: reader_)
  KeptText maps;                ///< --mem: the maps bytes just archived (and their read status)
  KeptText smaps;               ///< --mem: the smaps bytes just archived
  std::string exe_link;         ///< the exe link target, for --copy-exe
  std::optional<std::uint64_t> net_inode;                      ///< ns/net link's inode
  std::vector<std::pair<std::string, std::string>> fd_copies;  ///< --copy-fd: (fd, link target) to copy
};

Walker::KeptText::KeptText() {
  meta.status = ReadStatus::error;
  meta.err = ENOENT;
}

void Walker::KeptText::keep(const ReadResult& r, std::string_view data) {
  text.assign(data);
  meta = r;
  meta.data = {};
}

std::string Walker::capture_root_links(int dir_fd, const std::string& prefix) {
  std::string exe_link;
  for (const char* l : {"exe", "cwd", "root"}) {
    const ReadResult r = link(dir_fd, l, prefix + l);
    if (l[0] == 'e' && r.status == ReadStatus::ok) {
      exe_link.assign(r.data);
    }
  }
  return exe_link;
}

bool Walker::capture_task(int pid, int task_dir_fd, const std::string& tid, bool with_process_view) {
  const std::string prefix = "proc/" + std::to_string(pid) + "/task/" + tid + "/";
  const Fd t(open_dir(task_dir_fd, tid.c_str()));
  if (!t.valid()) {
    const int err = errno;
    record_dir_error(prefix.substr(0, prefix.size() - 1), err);
    return false;
  }
  enqueue(0, [this] { manifest_.count_thread(); });
  file(t.get(), "stat", prefix + "stat");
  for (const auto name : thread_files()) {
    const std::string n(name);
    file(t.get(), n.c_str(), prefix + n, !cfg_.live);
    if (failed()) {
      return true;
    }
  }
  if (with_process_view) {
    capture_thread_view(t.get(), prefix);
  }
  return true;
}

void Walker::capture_thread_view(int task_fd, const std::string& prefix) {
  // The leader is a zombie, so /proc/<pid>/{cmdline,maps,exe,fd/...} are empty or gone; this live thread still
  // has the process's memory map and files.
  for (const auto name : leader_exited_files()) {
    const std::string n(name);
    const ReadResult r = file(task_fd, n.c_str(), prefix + n, true);
    if (view_.want_mem && (name == "maps" || name == "smaps")) {
      (name == "maps" ? view_.maps : view_.smaps).keep(r, r.data);
    }
  }
  view_.exe_link = capture_root_links(task_fd, prefix);
  view_.dir.reset(::fcntl(task_fd, F_DUPFD_CLOEXEC, 0));
  view_.taken = view_.dir.valid();
  capture_link_dir(task_fd, prefix, "fd", true, nullptr, cfg_.copy_fd != CopyFd::none ? &view_.fd_copies : nullptr);
}

void Walker::capture_pid(int pid, bool requested, std::span<const int> upcoming) {
  PidCapture p(pid, requested);
  p.line.t0 = boottime_ns();
  // The directory fd pins this process: if it exits and the pid is reused, reads through this fd fail with
  // ESRCH/ENOENT instead of returning the new process's files. Opened already when it was read ahead.
  int open_err = 0;
  if (!ahead_.empty() && ahead_.front().pid == pid) {
    p.dir = std::move(ahead_.front().dir);
    p.reader = ahead_.front().reader;
    ahead_.pop_front();
  } else {
    ahead_.clear();  // not the pids read ahead (a caller's order changed): their batches are dropped when reused
  }
  if (!p.dir.valid()) {
    p.reader = -1;
    p.dir = Fd(open_dir(cfg_.root_fd, p.pid_s.c_str()));
    open_err = errno;
  }
  // The next pids go to the other read-ahead readers at once, whatever becomes of this one.
  if (ahead_readers_[0]) {
    const std::size_t want = std::min<std::size_t>(upcoming.size(), k_read_ahead_readers - 1);
    for (std::size_t i = ahead_.size(); i < want; ++i) {
      read_ahead(upcoming[i]);
    }
  }
  if (!p.dir.valid()) {
    record_unopened_pid(p, open_err);
    return;
  }
  if (!capture_first_stat(p)) {
    return;
  }
  capture_process_files(p);
  if (failed()) {
    return;
  }
  capture_process_links(p);
  if (failed()) {
    return;
  }
  capture_pid_net(p);
  capture_tasks(p);
  if (failed()) {
    return;
  }
  capture_copies_and_mem(p);
  if (failed()) {
    return;
  }
  record_identity_check(p);
}

void Walker::record_unopened_pid(PidCapture& p, int err) {
  if (err == ENOENT || err == ESRCH) {
    p.line.status = "ESRCH";
  } else {
    status_ = errno_name(err);
    p.line.status = status_;
  }
  p.line.partial = p.requested || !status_is_expected(p.line.status);
  p.line.t1 = boottime_ns();
  process_line(p.line);
}

bool Walker::capture_first_stat(PidCapture& p) {
  const ReadResult st = file(p.dir.get(), "stat", p.prefix + "stat");
  if (st.status == ReadStatus::ok) {
    const procfs::ProcStatFields f(st.data);
    p.line.start_time = f.start_time();
    p.first_exiting = stat_exiting(f);
    p.leader_zombie = f.state() == 'Z';
  } else if (cfg_.live && st.status == ReadStatus::error && (st.err == ESRCH || st.err == ENOENT)) {
    // Gone before its first read: nothing of it is in the archive, so nothing is torn. (A relocated tree may
    // simply lack stat; its other files are still captured.)
    p.line.status = "ESRCH";
    p.line.partial = p.requested;
    p.line.t1 = boottime_ns();
    process_line(p.line);
    return false;
  }
  return true;
}

void Walker::capture_process_files(PidCapture& p) {
  // A live capture reads them on the deadline worker, handed over at once (usually already while the previous pid
  // was captured: read_ahead) and read while this thread reads the rest; they are recorded at their place in the
  // member order all the same. One reader (--gentle) reads them here, the blocking ones under the deadline.
  const bool worker = cfg_.live && !cfg_.one_reader;
  Reader& from = p.reader >= 0 ? *ahead_readers_[p.reader] : reader_;
  if (worker && p.reader < 0) {
    reader_.prefetch(p.dir.get(), prefetched_process_files());
  }
  // --mem keeps this pid's maps and smaps (the bytes just archived) to select regions from.
  p.want_mem = mem_wanted(p.pid, p.pid_s);
  // Unless --mem-read-fuse, memory and the executable are never read from a FUSE file system: this pid's mountinfo
  // (the bytes just archived) says which devices are FUSE mounts.
  p.want_fuse_devs = cfg_.live && !cfg_.mem_read_fuse &&
                     (p.want_mem || cfg_.copy_exe != CopyExe::none || cfg_.copy_fd != CopyFd::none);
  for (const auto name : process_files()) {
    const std::string n(name);
    KeptText* keep = p.want_mem && (name == "maps" || name == "smaps") ? (name == "maps" ? &p.maps : &p.smaps) : nullptr;
    std::string* mountinfo = p.want_fuse_devs && name == "mountinfo" ? &mountinfo_ : nullptr;
    if (worker) {
      p.have_mountinfo = file_prefetched(from, n.c_str(), p.prefix + n, keep, mountinfo) || p.have_mountinfo;
    } else {
      const ReadResult r = file(p.dir.get(), n.c_str(), p.prefix + n, !cfg_.live || may_block(name));
      if (keep != nullptr) {
        keep->keep(r, r.data);
      }
      if (mountinfo != nullptr && (r.status == ReadStatus::ok || r.status == ReadStatus::truncated)) {
        mountinfo->assign(r.data);  // a member: its capacity is reused from pid to pid
        p.have_mountinfo = true;
      }
    }
    if (failed()) {
      from.cancel_prefetch();
      return;
    }
  }
}

const std::vector<std::string>& Walker::prefetched_process_files() {
  static const std::vector<std::string> names(process_files().begin(), process_files().end());
  return names;
}

void Walker::read_ahead(int next) {
  ReadAhead& a = ahead_.emplace_back();
  a.pid = next;
  a.dir = Fd(open_dir(cfg_.root_fd, std::to_string(next).c_str()));
  a.reader = next_ahead_reader_;
  next_ahead_reader_ = (next_ahead_reader_ + 1) % k_read_ahead_readers;
  if (a.dir.valid()) {
    // The rotation gives this reader a new batch only after the pid of its previous one was captured (taken), or
    // passed over (then dropped here).
    ahead_readers_[a.reader]->prefetch(a.dir.get(), prefetched_process_files());
  }
}

int Walker::stuck_jobs() const {
  // The read-ahead readers' stuck reads are in reader_.abandoned() (one shared budget).
  return runner_ ? runner_->abandoned() : 0;
}

void Walker::capture_process_links(PidCapture& p) {
  const int dir = p.dir.get();
  p.exe_link = capture_root_links(dir, p.prefix);
  capture_link_dir(dir, p.prefix, "fd", true, nullptr,
                   cfg_.live && cfg_.copy_fd != CopyFd::none ? &p.fd_copies : nullptr);
  capture_fdinfo(dir, p.prefix);
  capture_link_dir(dir, p.prefix, "ns", false, &p.net_inode);
  capture_map_files(dir, p.prefix);
  capture_attr(dir, p.prefix);
}

void Walker::capture_pid_net(PidCapture& p) {
  // Network tables once per namespace. Without the ns/net inode (denied to an unprivileged user) a live capture
  // can't tell namespaces apart, so it skips rather than duplicating the host's tables for every process; a
  // relocated tree has no namespace identity to lose, so its per-pid net/ is captured.
  const std::string net_path = p.prefix + "net";
  const auto& net_inode = p.net_inode;
  std::string ref;
  if (net_inode && cfg_.own_netns && *net_inode == *cfg_.own_netns) {
    ref = "proc/net";
  } else if (net_inode) {
    if (const auto it = netns_seen_.find(*net_inode); it != netns_seen_.end()) {
      ref = it->second;
    }
  }
  if (!ref.empty()) {
    add_line(net_path, ItemKind::netns_ref, "skipped", "same-netns", ref, net_inode);
    return;
  }
  if (!net_inode && cfg_.live) {
    add_line(net_path, ItemKind::dir, "skipped", "netns-unknown");
    return;
  }
  const Fd net(open_dir(p.dir.get(), "net"));
  if (!net.valid()) {
    if (errno != ENOENT || cfg_.live) {
      record_dir_error(net_path, errno);
    }
    return;
  }
  if (net_inode) {
    netns_seen_.emplace(*net_inode, net_path);
    add_line(net_path, ItemKind::dir, "ok", {}, {}, net_inode);
  }
  capture_net(net.get(), net_path + "/");
}

void Walker::capture_tasks(PidCapture& p) {
  if (!cfg_.threads) {
    return;
  }
  const Fd tasks(open_dir(p.dir.get(), "task"));
  if (!tasks.valid() || !list_dir(tasks.get(), names_)) {
    if (errno != ENOENT || cfg_.live) {
      record_dir_error(p.prefix + "task", errno);
    }
    return;
  }
  std::vector<std::string> tids = names_;
  std::sort(tids.begin(), tids.end(), numeric_less);
  bool need_view = p.leader_zombie;
  view_ = ThreadView{};
  view_.want_mem = p.want_mem;
  for (const auto& tid : tids) {
    if (!parse_decimal_name(tid)) {
      continue;
    }
    const bool view = need_view && tid != p.pid_s;
    if (capture_task(p.pid, tasks.get(), tid, view)) {
      ++p.line.threads;
      need_view = need_view && !view;
    }
    if (failed()) {
      return;
    }
  }
}

void Walker::capture_copies_and_mem(PidCapture& p) {
  // bin/<pid>/exe, then the memory pieces: after task/, still before the identity check so that the check covers
  // them too (a process that exited or was replaced meanwhile shows in its process line).
  // A zombie leader's own view is empty: take the live thread's (see ThreadView).
  const bool use_view = p.leader_zombie && view_.taken;
  const int view_fd = use_view ? view_.dir.get() : p.dir.get();
  const std::string& exe_target = use_view && p.exe_link.empty() ? view_.exe_link : p.exe_link;
  const auto& fd_targets = use_view && p.fd_copies.empty() ? view_.fd_copies : p.fd_copies;
  const FuseDevs* fuse = nullptr;
  if (p.want_fuse_devs && (p.want_mem || exe_copy_why(exe_target, cfg_.copy_exe) || !fd_targets.empty())) {
    load_fuse_devs(p.have_mountinfo ? std::optional<std::string_view>(mountinfo_) : std::nullopt);
    fuse = &fuse_;
  }
  capture_exe(p.pid, view_fd, exe_target, fuse);
  capture_fd_copies(p.pid, view_fd, fd_targets, fuse);
  if (failed()) {
    return;
  }
  if (p.want_mem) {
    const KeptText& maps = use_view ? view_.maps : p.maps;
    const KeptText& smaps = use_view ? view_.smaps : p.smaps;
    const bool smaps_ok = smaps.meta.status == ReadStatus::ok || smaps.meta.status == ReadStatus::truncated;
    capture_mem(p.pid, view_fd, maps.meta, maps.text,
                smaps_ok ? std::optional<std::string_view>(smaps.text) : std::nullopt, fuse);
    if (failed()) {
      return;
    }
  }
  view_ = ThreadView{};
}

void Walker::record_identity_check(PidCapture& p) {
  // The identity check: stat again through the same directory fd. Without a first stat (only possible in a
  // relocated tree) there is nothing to compare.
  ProcessLine& line = p.line;
  const ReadResult end = reader_.read_file(p.dir.get(), "stat");
  if (!line.start_time) {
    // keep status "ok", start_time and start_time_end null
  } else if (end.status == ReadStatus::ok) {
    const procfs::ProcStatFields f(end.data);
    line.start_time_end = f.start_time();
    if (line.start_time_end != line.start_time) {
      line.status = "reused";
      line.partial = true;
    } else if (stat_exiting(f) && !p.first_exiting) {
      // Exited (or began exiting) during the capture: only its remains were left for the later reads.
      line.status = "ESRCH";
      line.partial = true;
    }
  } else {
    line.status = "ESRCH";  // vanished while being captured: its members stop somewhere in the middle
    line.partial = true;
  }
  line.t1 = boottime_ns();
  process_line(line);
}

namespace {

// The Tgid of a status file's text, nullopt when absent or malformed.
std::optional<std::uint64_t> status_tgid(std::string_view status) {
  const auto at = status.find("\nTgid:");
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t b = at + 6;
  while (b < status.size() && (status[b] == '\t' || status[b] == ' ')) {
    ++b;
  }
  std::size_t e = b;
  while (e < status.size() && status[e] >= '0' && status[e] <= '9') {
    ++e;
  }
  return parse_decimal_name(status.substr(b, e - b));
}

// A boot-time instant in clock ticks since boot (the unit of stat's starttime); 0 when CLK_TCK is unknown.
std::uint64_t ns_to_ticks(std::uint64_t ns, long hz) {
  if (hz <= 0) {
    return 0;
  }
  const auto h = static_cast<std::uint64_t>(hz);
  return ns / 1'000'000'000ull * h + ns % 1'000'000'000ull * h / 1'000'000'000ull;
}

}  // namespace

std::optional<std::uint64_t> Walker::read_pid_max() {
  std::string text;
  if (!read_small(cfg_.root_fd, "sys/kernel/pid_max", text, 64)) {
    add_line("proc/sys/kernel/pid_max", ItemKind::hidden_scan, errno_name(errno), "pid-max-unreadable");
    return std::nullopt;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  // PID_MAX_LIMIT is 4M (2^22) on 64-bit kernels; anything else is a damaged tree, not a number to loop to.
  constexpr std::uint64_t k_pid_max_limit = 4u * 1024 * 1024;
  const auto pid_max = parse_decimal_name(text);
  if (!pid_max || *pid_max == 0 || *pid_max > k_pid_max_limit) {
    add_line("proc/sys/kernel/pid_max", ItemKind::hidden_scan, "EINVAL", "pid-max-invalid");
    return std::nullopt;
  }
  return pid_max;
}

std::vector<int> Walker::scan_hidden(const std::vector<int>& listed, std::uint64_t listed_at_ns) {
  std::vector<int> hidden;
  HiddenScanSummary sum;
  const std::uint64_t t0 = boottime_ns();
  const auto pid_max = read_pid_max();
  if (!pid_max) {
    return hidden;
  }
  sum.pid_max = *pid_max;
  std::vector<bool> in_listing(*pid_max + 1, false);
  for (const int p : listed) {
    if (p > 0 && static_cast<std::uint64_t>(p) <= *pid_max) {
      in_listing[static_cast<std::size_t>(p)] = true;
    }
  }
  // Start times are in clock ticks since boot; a process that started after the listing is new, not hidden.
  const long hz = ::sysconf(_SC_CLK_TCK);
  const std::uint64_t listed_at_ticks = ns_to_ticks(listed_at_ns, hz);
  char name[24];
  std::string status;
  std::string stat;
  // One fstatat per number (a dentry lookup in the proc root; ~1 us); only the few hits read status.
  for (std::uint64_t n = 1; n <= *pid_max; ++n) {
    if (in_listing[n]) {
      continue;
    }
    ++sum.probed;
    const auto len = std::snprintf(name, sizeof name, "%llu", static_cast<unsigned long long>(n));
    struct stat st {};
    if (::fstatat(cfg_.root_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode)) {
      continue;
    }
    // /proc/<tid> of a non-leader thread resolves but is never listed (normal kernel behaviour): Tgid != tid.
    std::snprintf(name + len, sizeof name - static_cast<std::size_t>(len), "/status");
    if (read_small(cfg_.root_fd, name, status, 64 * 1024)) {
      if (const auto tgid = status_tgid(status); tgid && *tgid != n) {
        ++sum.threads;
        continue;
      }
    }
    if (cfg_.live && hz > 0) {
      std::snprintf(name + len, sizeof name - static_cast<std::size_t>(len), "/stat");
      if (read_small(cfg_.root_fd, name, stat, 64 * 1024)) {
        if (const auto start = stat_start_time(stat); start && *start >= listed_at_ticks) {
          ++sum.started_after_listing;
          continue;
        }
      }
    }
    ++sum.hidden;
    hidden.push_back(static_cast<int>(n));
    // Not "proc/<n>": that path is the process line's (the importer keys manifest lines by path).
    add_line("proc/" + std::to_string(n) + "/hidden-scan", ItemKind::hidden_scan, "ok", "not-in-listing");
  }
  sum.elapsed_ns = boottime_ns() - t0;
  enqueue(0, [this, sum] { manifest_.set_hidden_scan(sum); });
  return hidden;
}

void Walker::show_progress(bool force) {
  if (!cfg_.progress) {
    return;
  }
  const auto now = boottime_ns();
  if (!force && now - last_progress_ns_ < 200'000'000ull) {
    return;
  }
  last_progress_ns_ = now;
  if (cfg_.mem && !cfg_.mem->selector.is_none()) {
    std::fprintf(stderr, "\rprocsnap-collect: %zu/%zu processes, %.1f MiB memory, %.1f MiB written%s", pids_done_,
                 pids_total_, static_cast<double>(mem_bytes_) / (1024.0 * 1024.0),
                 static_cast<double>(writer_.bytes_out()) / (1024.0 * 1024.0), force ? "\n" : "");
    return;
  }
  std::fprintf(stderr, "\rprocsnap-collect: %zu/%zu processes, %.1f MiB written%s", pids_done_, pids_total_,
               static_cast<double>(writer_.bytes_out()) / (1024.0 * 1024.0), force ? "\n" : "");
}

}  // namespace procsnap::collector
