#pragma once
// A database for the `procsnap mem` tests: a small synthetic archive imported by the real binary, then memory
// rows inserted by hand with the real schema (schema/70_memory.sql): memory_regions, memory_chunks and the
// members holding the bytes, exactly as the importer lays them out (pieces 'mem/<pid>/<s>-<e>').
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "importer/e2e_support.hpp"
#include "importer/test_archive.hpp"

namespace procsnap::memtest {

inline const std::string k_bin = PROCSNAP_BIN;

struct RegionSpec {
  int pid = 4242;
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::string perms = "rw-p";
  std::optional<std::string> path;                            ///< NULL = anonymous
  std::vector<std::pair<std::uint64_t, std::string>> pieces;  ///< (address, bytes), each one member
  std::string status = "ok";
  std::optional<std::string> reason;
  std::optional<std::string> holes;   ///< JSON as the importer writes it
  std::optional<std::string> sha256;  ///< default: hash of the pieces in order
  std::string piece_verify = "ok";
};

inline std::string hex8(std::uint64_t v) { return fmt::format("{:08x}", v); }

/// Runs `procsnap mem <args...> --db <db_path>`.
inline e2e::RunResult run_mem(const std::string& db_path, std::vector<std::string> args) {
  std::vector<std::string> argv{k_bin, "mem"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--db");
  argv.push_back(db_path);
  return e2e::run(argv);
}

class MemDb {
 public:
  MemDb() {
    db_path = dir.file("t.db");
    const std::string arch = testing::write_file(dir.file("a.tar"), testing::SnapshotBuilder::sample().build());
    const auto r = e2e::run({k_bin, "import", "--db", db_path, arch});
    if (r.exit_code != 0) throw std::runtime_error("import failed: " + r.err);
  }

  void add(const RegionSpec& s) {
    db::Connection c(db_path, db::Connection::Mode::read_write_create);
    std::string all;
    std::uint64_t captured = 0;
    std::string ranges = "[";
    for (const auto& [addr, bytes] : s.pieces) {
      const std::string path = fmt::format("mem/{}/{}-{}", s.pid, hex8(addr), hex8(addr + bytes.size()));
      const std::string sha = testing::sha_hex(bytes);
      c.prepare(
           "INSERT INTO members (snapshot_id, path, pid, kind, status, size, sha256, verify, data) "
           "VALUES (1, ?, ?, 'file', 'ok', ?, ?, ?, ?)")
          .run({db::Text{path}, static_cast<std::int64_t>(s.pid), static_cast<std::int64_t>(bytes.size()),
                db::Text{sha}, db::Text{s.piece_verify},
                db::Blob{std::as_bytes(std::span(bytes.data(), bytes.size()))}});
      c.prepare(
           "INSERT INTO memory_chunks (snapshot_id, pid, region_start, start_addr, end_addr, member_path, "
           "verify) VALUES (1, ?, ?, ?, ?, ?, ?)")
          .run({static_cast<std::int64_t>(s.pid), db::U64{s.start}, db::U64{addr}, db::U64{addr + bytes.size()},
                db::Text{path}, db::Text{s.piece_verify}});
      all += bytes;
      captured += bytes.size();
      if (ranges.size() > 1) ranges += ",";
      ranges += fmt::format("[\"{:x}\",\"{:x}\"]", addr, addr + bytes.size());
    }
    ranges += "]";
    const std::string sha = s.sha256.value_or(all.empty() ? std::string() : testing::sha_hex(all));
    const std::string sh = hex8(s.start);
    const std::string eh = hex8(s.end);
    c.prepare(
         "INSERT INTO memory_regions (snapshot_id, pid, start_time, start_addr, end_addr, start_hex, end_hex, "
         "size, perms, path, status, reason, captured_bytes, ranges, hole_count, holes, sha256, verified, "
         "elf_in_anon_exec) VALUES (1, ?, 123456, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 1, 0)")
        .run({static_cast<std::int64_t>(s.pid), db::U64{s.start}, db::U64{s.end}, db::Text{sh}, db::Text{eh},
              db::U64{s.end - s.start}, db::Text{s.perms}, db::v(s.path), db::Text{s.status}, db::v(s.reason),
              static_cast<std::int64_t>(captured), db::Text{ranges}, db::v(s.holes),
              sha.empty() ? db::Value{} : db::Value{db::Text{sha}}});
  }

  /// Runs `procsnap mem <args...> --db <db>`.
  e2e::RunResult mem(std::vector<std::string> args) const { return run_mem(db_path, std::move(args)); }

  testing::TempDir dir;
  std::string db_path;
};

/// A database made only by the real importer from a synthetic archive (pieces + mem-region lines as the
/// collector writes them): process 4242, region A = 3 abutting one-page pieces at k_imported_a holding
/// "XMARKER!" across the first piece boundary; region B = 3 pages at k_imported_b whose middle page is an EIO
/// hole, with "SPLIT" cut by the hole.
inline constexpr std::uint64_t k_imported_a = 0x7f1200000000;
inline constexpr std::uint64_t k_imported_b = 0x7f1200010000;
inline constexpr std::uint64_t k_page = 4096;

struct ImportedDb {
  testing::TempDir dir;
  std::string db_path;
  std::string a_bytes;  ///< region A's bytes
  std::string b_first, b_last;

  ImportedDb();
  e2e::RunResult mem(std::vector<std::string> args) const { return run_mem(db_path, std::move(args)); }
};

/// `n` bytes of deterministic filler that never contains the test markers (lower-case letters and NULs).
inline std::string filler(std::size_t n, unsigned seed = 1) {
  std::string s(n, '\0');
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& c : s) {
    x = x * 1103515245u + 12345u;
    const unsigned v = (x >> 16) % 40;
    c = v < 26 ? static_cast<char>('a' + v) : '\0';
  }
  return s;
}

inline ImportedDb::ImportedDb() {
  auto b = testing::SnapshotBuilder::sample();
  a_bytes = filler(3 * k_page, 31);
  a_bytes.replace(k_page - 4, 8, "XMARKER!");
  for (std::uint64_t i = 0; i < 3; ++i)
    b.mem_piece(4242, k_imported_a + i * k_page, a_bytes.substr(i * k_page, k_page));
  testing::MemRegionLine ra;
  ra.pid = 4242;
  ra.start = k_imported_a;
  ra.end = k_imported_a + 3 * k_page;
  ra.ranges = {{ra.start, ra.end}};
  b.mem_region(ra);
  b_first = filler(k_page, 32);
  b_first.replace(k_page - 3, 3, "SPL");
  b_last = filler(k_page, 33);
  b_last.replace(0, 2, "IT");
  b.mem_piece(4242, k_imported_b, b_first);
  b.mem_piece(4242, k_imported_b + 2 * k_page, b_last);
  testing::MemRegionLine rb;
  rb.pid = 4242;
  rb.start = k_imported_b;
  rb.end = k_imported_b + 3 * k_page;
  rb.status = "EIO";
  rb.reason = "holes";
  rb.ranges = {{rb.start, rb.start + k_page}, {rb.start + 2 * k_page, rb.end}};
  rb.holes = {{rb.start + k_page, rb.start + 2 * k_page}};
  b.mem_region(rb);
  db_path = dir.file("imported.db");
  const std::string arch = testing::write_file(dir.file("m.tar"), b.build());
  const auto r = e2e::run({k_bin, "import", "--db", db_path, arch});
  if (r.exit_code != 0) throw std::runtime_error("import failed: " + r.out + r.err);
}

/// Output for a terminal must hold only printable ASCII, \n (and no ESC, no C1, no bidi controls, no raw bytes).
inline bool terminal_safe(std::string_view s) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c != '\n' && (c < 0x20 || c > 0x7e)) return false;
  }
  return true;
}

}  // namespace procsnap::memtest
