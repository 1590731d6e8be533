#pragma once
// Builds snapshot archives for the importer tests: conforming ones (header, members, manifest chunk, trailer,
// written with libarchive exactly like the collector), with knobs to break them one way at a time, and a raw
// tar writer for headers libarchive's writer would never produce (NUL in a pax path, a 2^63 size, ...).
#include "procsnap/common/json.hpp"
#include "procsnap/common/sha256.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace procsnap::testing {

inline std::string sha_hex(std::string_view s) { return common::to_hex(common::sha256(s)); }

/// A /proc/<pid>/stat line with the given pid, comm and starttime (52 fields).
inline std::string stat_line(int pid, std::string_view comm, std::uint64_t start_time, int ppid = 1) {
  std::string s = std::to_string(pid) + " (" + std::string(comm) + ") S " + std::to_string(ppid) + " " +
                  std::to_string(pid) + " " + std::to_string(pid) +
                  " 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 " + std::to_string(start_time) +
                  " 10000000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
  return s;
}

struct Entry {
  std::string path;
  std::string data;            ///< data, or link target
  bool symlink = false;
  bool write_member = true;    ///< false: a manifest line with a hash but no member ("dropped member")
  bool list = true;            ///< false: a member without a manifest line ("unlisted")
  std::optional<std::string> stored_data;  ///< what the member really holds when it differs from `data` (tamper)
  std::string status = "ok";
  std::string kind;          ///< manifest kind; empty: "file" or "link" from `symlink`
  std::string extra_fields;  ///< raw JSON fields appended to the line (no leading comma), e.g. "\"why\":\"memfd\""
};

/// An address as the format writes it: lower-case hex, at least 8 digits, no 0x.
inline std::string hex_addr(std::uint64_t a) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(a));
  return buf;
}

/// A 'mem-region' manifest line (FORMAT.md "Memory regions and executable copies"); json() writes it.
struct MemRegionLine {
  int pid = 0;
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::string status = "ok";
  std::optional<std::string> reason;
  std::string select = "x and anon";
  std::string perms = "rwxp";
  std::string offset = "00000000";
  std::string dev = "00:00";
  std::uint64_t inode = 0;
  std::string map_path;
  std::optional<std::string> vmflags = std::string("rd wr ex mr mw me ac");
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> holes;  ///< written with "EIO"
  std::optional<std::uint64_t> captured_bytes;                 ///< default: the sum of `ranges`
  std::optional<std::string> pagemap_json;                     ///< raw value of "pagemap" (absent when nullopt)

  [[nodiscard]] std::string path() const {
    return "mem/" + std::to_string(pid) + "/regions/" + hex_addr(start) + "-" + hex_addr(end);
  }
  [[nodiscard]] std::string json() const {
    common::json::Writer w;
    w.begin_object().field("path", path()).field("kind", "mem-region").field("status", status);
    if (reason) w.field("reason", *reason);
    w.field("select", select).field("start", hex_addr(start)).field("end", hex_addr(end)).field("offset", offset);
    w.field("perms", perms).field("dev", dev).field("inode", inode).field("map_path", map_path);
    w.key("vmflags").value(vmflags);
    std::uint64_t sum = 0;
    w.key("ranges").begin_array();
    for (const auto& [a, b] : ranges) {
      w.begin_array().value(hex_addr(a)).value(hex_addr(b)).end_array();
      sum += b - a;
    }
    w.end_array();
    w.key("holes").begin_array();
    for (const auto& [a, b] : holes) w.begin_array().value(hex_addr(a)).value(hex_addr(b)).value("EIO").end_array();
    w.end_array();
    w.field("captured_bytes", captured_bytes.value_or(sum)).field("t0", 10).field("t1", 20).end_object();
    std::string out = w.take();
    if (pagemap_json) {
      out.insert(out.size() - 1, ",\"pagemap\":" + *pagemap_json);
    }
    return out;
  }
};

enum class Compression { none, gzip, zstd };

class SnapshotBuilder {
 public:
  SnapshotBuilder& file(std::string path, std::string data) {
    Entry e;
    e.path = std::move(path);
    e.data = std::move(data);
    entries.push_back(std::move(e));
    return *this;
  }
  SnapshotBuilder& link(std::string path, std::string target) {
    Entry e;
    e.path = std::move(path);
    e.data = std::move(target);
    e.symlink = true;
    entries.push_back(std::move(e));
    return *this;
  }
  /// A typical small process: stat first, then status/cmdline, links.
  SnapshotBuilder& process(int pid, std::string_view comm, std::uint64_t start_time, int ppid = 1) {
    const std::string p = "proc/" + std::to_string(pid);
    file(p + "/stat", stat_line(pid, comm, start_time, ppid));
    file(p + "/cmdline", std::string(comm) + std::string("\0--flag\0", 8));
    link(p + "/exe", "/usr/bin/" + std::string(comm));
    link(p + "/ns/net", "net:[4026531840]");
    process_lines.push_back("{\"path\":\"" + p + "\",\"kind\":\"process\",\"status\":\"ok\",\"start_time\":" +
                            std::to_string(start_time) + ",\"start_time_end\":" + std::to_string(start_time) +
                            ",\"threads\":1,\"t0\":1,\"t1\":2}");
    return *this;
  }

  /// One stored piece of a memory region: member mem/<pid>/<start>-<start+size> with a kind "mem" line.
  SnapshotBuilder& mem_piece(int pid, std::uint64_t start, std::string bytes) {
    const std::uint64_t end = start + bytes.size();
    file("mem/" + std::to_string(pid) + "/" + hex_addr(start) + "-" + hex_addr(end), std::move(bytes));
    entries.back().kind = "mem";
    return *this;
  }
  /// The region line (manifest only; written after every member line, as the collector puts it after its pieces).
  SnapshotBuilder& mem_region(const MemRegionLine& r) {
    extra_lines.push_back(r.json());
    return *this;
  }
  /// An executable copy: member bin/<pid>/exe with a kind "exe-copy" line (why, link, size).
  SnapshotBuilder& exe_copy(int pid, std::string bytes, std::string_view why, std::string_view link) {
    return file_copy("bin/" + std::to_string(pid) + "/exe", "exe-copy", std::move(bytes), why, link);
  }
  /// A --copy-fd copy: member bin/<pid>/fd/<fd> with a kind "fd-copy" line (why, link, size).
  SnapshotBuilder& fd_copy(int pid, int fd, std::string bytes, std::string_view why, std::string_view link) {
    return file_copy("bin/" + std::to_string(pid) + "/fd/" + std::to_string(fd), "fd-copy", std::move(bytes), why,
                     link);
  }
  SnapshotBuilder& file_copy(std::string path, std::string kind, std::string bytes, std::string_view why,
                             std::string_view link) {
    const std::uint64_t size = bytes.size();
    file(std::move(path), std::move(bytes));
    Entry& e = entries.back();
    e.kind = std::move(kind);
    std::string extra;
    common::json::append_string(extra, "why");
    extra += ":";
    common::json::append_string(extra, why);
    extra += ",";
    common::json::append_string(extra, "link");
    extra += ":";
    common::json::append_string(extra, link);
    e.extra_fields = extra + ",\"size\":" + std::to_string(size);
    return *this;
  }

  std::vector<Entry> entries;
  std::vector<std::string> process_lines;
  std::vector<std::string> extra_lines;  ///< manifest lines without a member (e.g. ENOENT)
  std::string hostname = "testhost";
  std::string started_iso = "2026-11-29T04:00:00.000000000Z";
  std::int64_t started_ns = 1'795'000'000'000'000'000;
  bool with_trailer = true;
  bool with_header = true;
  int format_version = 1;
  std::optional<std::int64_t> clk_tck = 100;  ///< header host.clk_tck; nullopt writes null (as a --proc-root capture)
  std::optional<std::string> forged_chunk;  ///< written instead of the real chunk (the trailer hashes the real one)
  std::vector<std::string> after_trailer;   ///< members appended after the trailer

  std::string header_json() const {
    common::json::Writer w;
    w.begin_object();
    w.field("format", "procsnap-archive").field("format_version", format_version);
    w.key("collector").begin_object().field("name", "procsnap-collect").field("version", "test").field(
        "sha256", std::string(64, '0')).end_object();
    w.key("argv").begin_array().value("procsnap-collect").value("-o").value("x").end_array();
    w.field("uid", 0).field("euid", 0).field("gid", 0).field("egid", 0).field("cap_eff", "000001ffffffffff");
    w.field("proc_root", "/proc").field("live", true);
    w.key("host").begin_object().field("hostname", hostname).field("machine_id", "m1").field(
        "boot_id", "b0000000-0000-0000-0000-000000000001");
    w.key("uname").begin_object().field("sysname", "Linux").field("nodename", hostname).field("release", "6.1.0").field(
        "version", "#1 SMP").field("machine", "x86_64").end_object();
    w.field("proc_version", "Linux version 6.1.0").field("btime", 1'795'000'000).field("clk_tck", clk_tck).field(
        "page_size", 4096).field("pid_max", 4194304).end_object();
    w.key("collector_namespaces").begin_object().field("net", static_cast<std::uint64_t>(4026531840)).end_object();
    w.key("started").begin_object().field("realtime_ns", started_ns).field("boottime_ns", 1000).field(
        "iso8601", started_iso).end_object();
    w.key("case").begin_object().field("id", "case-1").key("examiner").null().key("note").null().end_object();
    w.key("options").begin_object().end_object();
    w.end_object();
    return w.take();
  }

  std::string manifest_chunk() const {
    std::string chunk;
    for (const auto& e : entries) {
      if (!e.list) continue;
      common::json::Writer w;
      w.begin_object().field("path", e.path).field("kind", !e.kind.empty() ? e.kind : e.symlink ? "link" : "file");
      w.field("status", e.status);
      w.field("bytes", static_cast<std::uint64_t>(e.data.size())).field("sha256", sha_hex(e.data));
      w.field("t0", 1).field("t1", 2).end_object();
      std::string line = w.take();
      if (!e.extra_fields.empty()) {
        line.pop_back();
        line += "," + e.extra_fields + "}";
      }
      chunk += line + "\n";
    }
    for (const auto& l : extra_lines) chunk += l + "\n";
    for (const auto& l : process_lines) chunk += l + "\n";
    return chunk;
  }

  /// The archive bytes.
  std::string build(Compression c = Compression::none) const {
    std::string out;
    archive* a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    if (c == Compression::gzip) archive_write_add_filter_gzip(a);
    if (c == Compression::zstd) archive_write_add_filter_zstd(a);
    archive_write_set_bytes_in_last_block(a, 1);
    archive_write_open(a, &out, nullptr, write_cb, nullptr);
    const std::string chunk = manifest_chunk();
    std::uint64_t members = 0;
    auto add = [&](const std::string& path, const std::string& data, bool symlink) {
      archive_entry* e = archive_entry_new();
      archive_entry_set_pathname(e, path.c_str());
      archive_entry_set_mtime(e, 1'795'000'000, 0);
      if (symlink) {
        archive_entry_set_filetype(e, AE_IFLNK);
        archive_entry_set_perm(e, 0777);
        archive_entry_set_symlink(e, data.c_str());
        archive_entry_set_size(e, 0);
      } else {
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0444);
        archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
      }
      if (archive_write_header(a, e) != ARCHIVE_OK) throw std::runtime_error(archive_error_string(a));
      if (!symlink && !data.empty()) archive_write_data(a, data.data(), data.size());
      archive_entry_free(e);
      ++members;
    };
    if (with_header) add("procsnap/header.json", header_json(), false);
    for (const auto& e : entries) {
      if (e.write_member) add(e.path, e.stored_data.value_or(e.data), e.symlink);
    }
    add("procsnap/manifest/000001.jsonl", forged_chunk.value_or(chunk), false);
    if (with_trailer) {
      common::json::Writer w;
      w.begin_object().field("format_version", 1);
      w.key("finished").begin_object().field("realtime_ns", started_ns + 1).field("boottime_ns", 2000).field(
          "iso8601", "2026-11-29T04:00:01Z").end_object();
      w.key("counts").begin_object().field("members", members + 1).end_object();
      w.key("manifest_chunks").begin_array().begin_object().field("path", "procsnap/manifest/000001.jsonl").field(
          "sha256", sha_hex(chunk)).field("lines", static_cast<std::uint64_t>(std::count(chunk.begin(), chunk.end(), '\n')));
      w.end_object().end_array().field("exit_status", 0).end_object();
      add("procsnap/trailer.json", w.str(), false);
    }
    for (const auto& p : after_trailer) add(p, "late", false);
    archive_write_close(a);
    archive_write_free(a);
    return out;
  }

  /// A conforming archive with two processes and a system file.
  static SnapshotBuilder sample() {
    SnapshotBuilder b;
    b.file("proc/loadavg", "0.10 0.20 0.30 1/100 4242\n");
    b.file("proc/net/tcp", "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
    b.process(1, "init", 5);
    b.process(4242, "sleep", 123456, 1);
    b.extra_lines.push_back("{\"path\":\"proc/4242/environ\",\"kind\":\"file\",\"status\":\"EACCES\",\"t0\":1,\"t1\":2}");
    return b;
  }

 private:
  static la_ssize_t write_cb(archive*, void* client, const void* buf, size_t n) {
    static_cast<std::string*>(client)->append(static_cast<const char*>(buf), n);
    return static_cast<la_ssize_t>(n);
  }
};

// ---- raw tar, for headers no sane writer produces --------------------------------------------------------------

inline std::string ustar_block(std::string_view name, char type, std::uint64_t size, std::string_view linkname = {},
                               unsigned mode = 0444) {
  std::string h(512, '\0');
  std::memcpy(h.data(), name.data(), std::min<std::size_t>(name.size(), 100));
  std::snprintf(h.data() + 100, 8, "%07o", mode);
  std::snprintf(h.data() + 108, 8, "%07o", 0);
  std::snprintf(h.data() + 116, 8, "%07o", 0);
  std::snprintf(h.data() + 124, 12, "%011llo", static_cast<unsigned long long>(size & 077777777777ull));
  std::snprintf(h.data() + 136, 12, "%011o", 1'700'000'000);
  std::memset(h.data() + 148, ' ', 8);
  h[156] = type;
  if (!linkname.empty()) {
    std::memcpy(h.data() + 157, linkname.data(), std::min<std::size_t>(linkname.size(), 100));
  }
  std::memcpy(h.data() + 257, "ustar\0" "00", 8);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::snprintf(h.data() + 148, 8, "%06o", sum);
  h[155] = ' ';
  return h;
}

inline std::string pad512(std::string data) {
  data.append((512 - data.size() % 512) % 512, '\0');
  return data;
}

/// One pax record "LEN key=value\n" (LEN counts itself).
inline std::string pax_record(std::string_view key, std::string_view value) {
  const std::size_t base = key.size() + value.size() + 3;
  std::size_t len = base + 1;
  while (std::to_string(len).size() + base != len) ++len;
  return std::to_string(len) + " " + std::string(key) + "=" + std::string(value) + "\n";
}

/// Appends one member in raw tar form; `pax` records (if any) go in an 'x' header before it.
inline void raw_member(std::string& tar, std::string_view name, std::string_view data, char type = '0',
                       std::string_view linkname = {}, const std::string& pax = {}) {
  if (!pax.empty()) {
    tar += ustar_block("PaxHeader/x", 'x', pax.size());
    tar += pad512(pax);
  }
  tar += ustar_block(name, type, data.size(), linkname);
  tar += pad512(std::string(data));
}

inline void raw_end(std::string& tar) { tar += std::string(1024, '\0'); }

/// A raw tar whose first member is a valid header.json, followed by whatever the test appends.
inline std::string raw_with_header() {
  std::string tar;
  const std::string h = SnapshotBuilder{}.header_json();
  raw_member(tar, "procsnap/header.json", h);
  return tar;
}

// ---- files --------------------------------------------------------------------------------------------------

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/procsnap-importer-test-XXXXXX";
    const char* p = ::mkdtemp(tmpl);
    if (p == nullptr) throw std::runtime_error("mkdtemp failed");
    path = p;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  [[nodiscard]] std::string file(const std::string& name) const { return (path / name).string(); }
};

inline std::string write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace procsnap::testing
