// yara_bench: `procsnap mem yara` over a region of captured memory stored in a database (pieces of 4 MiB in
// members.data, read back with sqlite3_blob_read) against a baseline measured in the same run: the `yara` command
// (the same libyara) scanning the same bytes as one file. The ratio says what reading the capture out of SQLite and
// the per-process block scan add to libyara's own scan.
//
//   yara_bench --procsnap build/analyzer/procsnap [--yara yara] [--mb 256] [--repeat 3]
//
// The region is --mb MiB of pseudo-random bytes with markers planted every 1 MiB; the rule set has plain, hex
// (with a jump) and regex strings and a counting condition. The bench checks both find the same string matches.
// Target: procsnap >= 0.5x yara's MB/s (wall time, best of --repeat, interleaved). Skipped when `yara` is absent.
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "importer/database.hpp"

namespace {

namespace db = procsnap::db;
namespace fs = std::filesystem;

constexpr std::uint64_t k_base = 0x7f0000000000;
constexpr std::size_t k_piece = std::size_t{4} << 20;
constexpr int k_pid = 4242;

constexpr const char* k_rules = R"(
rule plain_marker { strings: $a = "PSNAP-BENCH-MARKER" condition: $a }
rule hex_with_jump { strings: $h = { 50 53 4E 41 50 [2-4] 45 4E } condition: $h }
rule regex_url { strings: $r = /https?:\/\/[a-z]{3,12}\.example\/[a-z0-9]{4}/ condition: $r }
rule counted { strings: $a = "PSNAP-BENCH-MARKER" condition: #a > 10 }
rule absent { strings: $z = "THIS-IS-NOT-IN-MEMORY" wide ascii condition: $z }
)";

std::string memory_bytes(std::size_t n) {
  std::string s(n, '\0');
  std::uint64_t x = 0x9e3779b97f4a7c15ULL;
  for (std::size_t i = 0; i < n; i += 8) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    std::memcpy(s.data() + i, &x, std::min<std::size_t>(8, n - i));
  }
  for (std::size_t off = 4096; off + 64 < n; off += std::size_t{1} << 20) {
    s.replace(off, 18, "PSNAP-BENCH-MARKER");
    s.replace(off + 100, 27, "https://abcdef.example/x9z1");
  }
  return s;
}

void build_db(const std::string& path, const std::string& bytes) {
  db::Connection c = procsnap::importer::open_for_import(path);
  c.exec("INSERT INTO snapshots(id, archive_sha256, state, hostname, header_json, imported_at) VALUES (1, '" +
         std::string(64, 'c') + "', 'verified', 'bench', '{}', '2026-01-01T00:00:00Z')");
  db::Transaction tx(c);
  auto member = c.prepare(
      "INSERT INTO members(snapshot_id, path, pid, kind, status, size, verify, data) VALUES (1, ?, ?, 'file', 'ok', ?, "
      "'ok', ?)");
  auto chunk = c.prepare(
      "INSERT INTO memory_chunks(snapshot_id, pid, region_start, start_addr, end_addr, member_path, verify) "
      "VALUES (1, ?, ?, ?, ?, ?, 'ok')");
  for (std::size_t off = 0; off < bytes.size(); off += k_piece) {
    const std::size_t n = std::min(k_piece, bytes.size() - off);
    const std::string name = fmt::format("mem/{}/{:x}-{:x}", k_pid, k_base + off, k_base + off + n);
    member.run({db::v(name), std::int64_t{k_pid}, static_cast<std::int64_t>(n),
                db::Blob{std::as_bytes(std::span(bytes.data() + off, n))}});
    chunk.run({std::int64_t{k_pid}, db::U64{k_base}, db::U64{k_base + off}, db::U64{k_base + off + n}, db::v(name)});
  }
  c.prepare(
       "INSERT INTO memory_regions(snapshot_id, pid, start_addr, end_addr, start_hex, end_hex, size, perms, status, "
       "captured_bytes, hole_count, verified, elf_in_anon_exec) VALUES (1, ?, ?, ?, ?, ?, ?, 'rw-p', 'ok', ?, 0, 1, 0)")
      .run({std::int64_t{k_pid}, db::U64{k_base}, db::U64{k_base + bytes.size()}, db::v(fmt::format("{:x}", k_base)),
            db::v(fmt::format("{:x}", k_base + bytes.size())), db::U64{bytes.size()},
            static_cast<std::int64_t>(bytes.size())});
  tx.commit();
}

struct Run {
  double seconds = 0;
  std::string out;
  int status = -1;
};

Run run(const std::string& cmd) {
  Run r;
  const auto t0 = std::chrono::steady_clock::now();
  std::FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 65536> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int st = ::pclose(p);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

int main(int argc, char** argv) {
  std::string procsnap, yara = "yara";
  std::size_t mb = 256;
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--procsnap") procsnap = v;
    else if (k == "--yara") yara = v;
    else if (k == "--mb") mb = static_cast<std::size_t>(std::stoul(v));
    else if (k == "--repeat") repeat = std::max(1, std::stoi(v));
  }
  if (procsnap.empty()) {
    std::fprintf(stderr, "usage: yara_bench --procsnap PATH [--yara yara] [--mb 256] [--repeat 3]\n");
    return 2;
  }
  if (run(fmt::format("command -v '{}' >/dev/null 2>&1", yara)).status != 0) {
    fmt::print("skipped: no `{}` command (Debian: apt-get install yara)\n", yara);
    return 0;
  }
  const fs::path dir = fs::temp_directory_path() / fmt::format("procsnap-yara-bench-{}", ::getpid());
  fs::create_directories(dir);
  const std::string bytes = memory_bytes(mb << 20);
  const std::string db_path = (dir / "bench.db").string();
  const std::string file = (dir / "region.bin").string();
  const std::string rules = (dir / "bench.yar").string();
  build_db(db_path, bytes);
  std::ofstream(file, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::ofstream(rules) << k_rules;

  // Matches as rows: procsnap's csv has a header line and one row per string match or condition-only rule;
  // `yara -s` prints a rule line and one line per string match.
  const std::string ps_cmd = fmt::format("'{}' mem yara --db '{}' '{}' latest --format csv --max-matches 0 --quiet",
                                         procsnap, db_path, rules);
  const std::string ya_cmd = fmt::format("'{}' -s '{}' '{}'", yara, rules, file);
  double best_ps = 1e30, best_ya = 1e30;
  std::size_t ps_rows = 0, ya_strings = 0;
  for (int i = 0; i < repeat; ++i) {
    const Run y = run(ya_cmd);
    const Run p = run(ps_cmd);
    if (y.status != 0 || p.status != 0) {
      fmt::print("FAILED: yara exit {}, procsnap exit {}\n", y.status, p.status);
      return 1;
    }
    best_ya = std::min(best_ya, y.seconds);
    best_ps = std::min(best_ps, p.seconds);
    ps_rows = lines(p.out) - 1;
    ya_strings = 0;
    for (std::size_t pos = 0; (pos = y.out.find("\n0x", pos)) != std::string::npos; ++pos) ++ya_strings;
    if (y.out.rfind("0x", 0) == 0) ++ya_strings;
  }
  if (std::getenv("YARA_BENCH_KEEP") == nullptr) fs::remove_all(dir); else fmt::print("kept {}\n", dir.string());
  const double mbs_ps = static_cast<double>(mb) / best_ps, mbs_ya = static_cast<double>(mb) / best_ya;
  const double ratio = mbs_ps / mbs_ya;
  fmt::print("region: {} MiB in {} pieces of 4 MiB; 5 rules (plain, hex with a jump, regex, #a > 10, absent wide)\n",
             mb, (bytes.size() + k_piece - 1) / k_piece);
  fmt::print("yara -s FILE (baseline):   {:8.3f} s  {:8.1f} MB/s  {} string matches\n", best_ya, mbs_ya, ya_strings);
  fmt::print("procsnap mem yara --db:    {:8.3f} s  {:8.1f} MB/s  {} rows\n", best_ps, mbs_ps, ps_rows);
  // procsnap prints one row per string match; the one condition-only rule (counted) reports its string matches
  // as rows too, as yara -s does.
  const bool same = ps_rows == ya_strings;
  fmt::print("matches: {}\n", same ? "same count" : "DIFFERENT COUNTS");
  const bool ok = same && ratio >= 0.5;
  fmt::print("ratio procsnap/yara MB/s: {:.2f}x (target >= 0.50x): {}\n", ratio, ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
