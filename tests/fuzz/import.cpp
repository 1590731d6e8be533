// Fuzz target (see tests/fuzz/CMakeLists.txt): whole-archive import and verify of attacker bytes.
//
// The input is an archive file (tar, tar.gz or tar.zst). It is written to a memfd (no file on disk) and opened
// by path as /proc/self/fd/N, exactly as `procsnap import` / `procsnap verify` open a file, then:
//   - verify_archive() on it, and
//   - import_archive() into a fresh in-memory database carrying the embedded schema.
// The database is created once and copied per input (sqlite3_serialize / sqlite3_deserialize), so every input
// starts from the same empty database and a crash reproduces from its input alone. The caps are lowered so the
// fuzzer reaches them (and stays within libFuzzer's memory limit); the pending budget alternates with the input
// length so both the held-back and the write-early-then-UPDATE paths run.
// The property: no crash, no sanitizer report, and no exception (import_archive throws only on database
// failures; on an in-memory database content must never cause one).
#include <sqlite3.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "fuzz_input.hpp"
#include "importer/database.hpp"
#include "importer/importer.hpp"

namespace {

namespace im = procsnap::importer;
namespace db = procsnap::db;

/// The serialized bytes of an empty database with the schema (built on first use).
const std::vector<unsigned char>& empty_database() {
  static const std::vector<unsigned char> bytes = [] {
    db::Connection c = im::open_for_import(":memory:");
    sqlite3_int64 n = 0;
    unsigned char* p = sqlite3_serialize(c.handle(), "main", &n, 0);
    if (p == nullptr) std::abort();
    std::vector<unsigned char> out(p, p + n);
    sqlite3_free(p);
    return out;
  }();
  return bytes;
}

db::Connection fresh_database() {
  const auto& tmpl = empty_database();
  db::Connection c(":memory:", db::Connection::Mode::read_write_create);
  auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(tmpl.size()));
  if (copy == nullptr) std::abort();
  std::memcpy(copy, tmpl.data(), tmpl.size());
  const auto n = static_cast<sqlite3_int64>(tmpl.size());
  if (sqlite3_deserialize(c.handle(), "main", copy, n, n,
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK) {
    std::abort();
  }
  c.exec("PRAGMA temp_store=MEMORY");
  return c;
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Fd f;
  f.fd = ::memfd_create("procsnap-fuzz-archive", MFD_CLOEXEC);
  if (f.fd < 0) std::abort();
  for (std::size_t off = 0; off < size;) {
    const ssize_t w = ::write(f.fd, data + off, size - off);
    if (w <= 0) std::abort();
    off += static_cast<std::size_t>(w);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(f.fd);

  im::ImportOptions opt;
  opt.limits.max_members = 20'000;
  opt.limits.max_member_bytes = 1ull << 20;
  opt.limits.max_total_bytes = 32ull << 20;
  opt.limits.ratio_grace_bytes = 1ull << 20;
  opt.limits.max_meta_bytes = 1ull << 20;
  opt.pending_budget_bytes = (size % 2 == 0) ? (16ull << 20) : 256;

  const im::VerifyReport rep = im::verify_archive(path, opt.limits, 100);
  volatile std::size_t sink = rep.findings.size() + rep.error.size();

  db::Connection c = fresh_database();
  const im::ImportResult res = im::import_archive(c, path, opt);
  sink = res.rows + res.issues + res.message.size();
  (void)sink;
  return 0;
}
