// import_bench: `procsnap import` throughput against a baseline measured in the same run.
//
//   import_bench --collector PATH [--procs 1000] [--repeat 3] [--archive FILE]
//
// 1. Spawns --procs idle processes (/bin/sleep) and captures them with procsnap-collect --pids (or uses
//    --archive FILE as is).
// 2. Import: importer::import_archive into a fresh database (stream, decompress, hash, verify, parse, insert):
//    rows = every row the import wrote (all tables, members and import_issues included).
// 3. Baseline: the same rows, read back into memory beforehand, inserted into a fresh database with the same
//    schema and PRAGMAs using one prepared INSERT per table in one transaction: no archive, no parsing.
// Reports rows/s of both and the ratio; target: import >= 0.5x baseline rows/s (exit 1 when missed).
// Each phase runs --repeat times, interleaved; the fastest run counts (least disturbed by other load). Both wall
// time and CPU time (this thread, user+system) are reported: on a shared, loaded machine the CPU figure is the
// stable one, and the verdict uses it (the wall figure is printed next to it).
#include "db/db.hpp"
#include "importer/database.hpp"
#include "importer/importer.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using namespace procsnap;
using Clock = std::chrono::steady_clock;

double cpu_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Times {
  double wall = 1e9;
  double cpu = 1e9;
  void keep_best(double w, double c) {
    wall = std::min(wall, w);
    cpu = std::min(cpu, c);
  }
};

std::vector<pid_t> spawn_sleepers(int n) {
  std::vector<pid_t> pids;
  for (int i = 0; i < n; ++i) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      const int devnull = ::open("/dev/null", O_RDWR);
      ::dup2(devnull, 0);
      ::dup2(devnull, 1);
      ::execl("/bin/sleep", "sleep", "3600", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    if (pid > 0) pids.push_back(pid);
  }
  ::usleep(300'000);  // let every exec finish
  return pids;
}

void reap(const std::vector<pid_t>& pids) {
  for (const pid_t p : pids) ::kill(p, SIGKILL);
  for (const pid_t p : pids) ::waitpid(p, nullptr, 0);
}

int run(const std::vector<std::string>& argv) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

struct OwnedValue {
  int type = SQLITE_NULL;
  std::int64_t i = 0;
  double d = 0;
  std::string bytes;
};
struct TableRows {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<OwnedValue>> rows;
};

std::vector<TableRows> read_all(db::Connection& c) {
  std::vector<TableRows> out;
  auto tables = c.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND "
                          "name != 'procsnap_meta' ORDER BY name = 'snapshots' DESC, name");  // parents first (foreign keys)
  while (tables.step()) {
    TableRows t;
    t.name = std::string(tables.column_text(0));
    auto st = c.prepare("SELECT * FROM \"" + t.name + "\"");
    for (int i = 0; i < st.column_count(); ++i) t.columns.push_back(st.column_name(i));
    while (st.step()) {
      std::vector<OwnedValue> row(static_cast<std::size_t>(st.column_count()));
      for (int i = 0; i < st.column_count(); ++i) {
        auto& v = row[static_cast<std::size_t>(i)];
        v.type = st.column_type(i);
        if (v.type == SQLITE_INTEGER) v.i = st.column_int64(i);
        if (v.type == SQLITE_FLOAT) v.d = st.column_double(i);
        if (v.type == SQLITE_TEXT || v.type == SQLITE_BLOB) v.bytes = std::string(st.column_text(i));
      }
      t.rows.push_back(std::move(row));
    }
    if (!t.rows.empty()) out.push_back(std::move(t));
  }
  return out;
}

std::uint64_t count_rows(const std::vector<TableRows>& t) {
  std::uint64_t n = 0;
  for (const auto& x : t) n += x.rows.size();
  return n;
}

void baseline_insert(const std::string& path, const std::vector<TableRows>& tables, Times& t) {
  std::filesystem::remove(path);
  db::Connection c = importer::open_for_import(path);
  const auto t0 = Clock::now();
  const double c0 = cpu_now();
  {
    db::Transaction txn(c);
    for (const auto& tab : tables) {
      std::string sql = "INSERT INTO \"" + tab.name + "\" (";
      std::string params;
      for (std::size_t i = 0; i < tab.columns.size(); ++i) {
        sql += (i ? ",\"" : "\"") + tab.columns[i] + "\"";
        params += i ? ",?" : "?";
      }
      sql += ") VALUES (" + params + ")";
      auto st = c.prepare(sql);
      std::vector<db::Value> vals(tab.columns.size());
      for (const auto& row : tab.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
          const auto& v = row[i];
          switch (v.type) {
            case SQLITE_INTEGER: vals[i] = v.i; break;
            case SQLITE_FLOAT: vals[i] = v.d; break;
            case SQLITE_TEXT: vals[i] = db::Text{v.bytes}; break;
            case SQLITE_BLOB: vals[i] = db::Blob{std::as_bytes(std::span(v.bytes.data(), v.bytes.size()))}; break;
            default: vals[i] = std::monostate{};
          }
        }
        st.run(vals);
      }
    }
    txn.commit();
  }
  t.keep_best(std::chrono::duration<double>(Clock::now() - t0).count(), cpu_now() - c0);
}

importer::ImportResult import_once(const std::string& dbpath, const std::string& archive, Times& t) {
  std::filesystem::remove(dbpath);
  db::Connection c = importer::open_for_import(dbpath);
  const auto t0 = Clock::now();
  const double c0 = cpu_now();
  auto res = importer::import_archive(c, archive, {});
  t.keep_best(std::chrono::duration<double>(Clock::now() - t0).count(), cpu_now() - c0);
  return res;
}

}  // namespace

int main(int argc, char** argv) {
  std::string collector;
  std::string archive;
  int procs = 1000;
  int repeat = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--collector") collector = next();
    else if (a == "--archive") archive = next();
    else if (a == "--procs") procs = std::atoi(next().c_str());
    else if (a == "--repeat") repeat = std::max(1, std::atoi(next().c_str()));
    else {
      fmt::print(stderr, "usage: import_bench --collector PATH [--procs N] [--repeat N] [--archive FILE]\n");
      return 2;
    }
  }
  char tmpl[] = "/tmp/procsnap-import-bench-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) return 1;
  const std::filesystem::path dir = tmpl;
  try {
    if (archive.empty()) {
      if (collector.empty()) {
        fmt::print(stderr, "import_bench: --collector or --archive is required\n");
        return 2;
      }
      const auto pids = spawn_sleepers(procs);
      std::string list;
      for (const pid_t p : pids) list += (list.empty() ? "" : ",") + std::to_string(p);
      archive = (dir / "capture.tar.zst").string();
      const int rc = run({collector, "--quiet", "--pids", list, "-o", archive});
      reap(pids);
      if (rc != 0 && rc != 3) {
        fmt::print(stderr, "import_bench: collector failed with exit code {}\n", rc);
        return 1;
      }
    }
    const std::string dbpath = (dir / "import.db").string();
    Times imp;
    Times base;
    importer::ImportResult res = import_once(dbpath, archive, imp);
    if (res.outcome != importer::ImportOutcome::imported) {
      fmt::print(stderr, "import_bench: import failed: {}\n", res.message);
      return 1;
    }
    std::vector<TableRows> tables;
    {
      db::Connection c(dbpath, db::Connection::Mode::read_only);
      tables = read_all(c);
    }
    const std::uint64_t rows = count_rows(tables);
    baseline_insert((dir / "baseline.db").string(), tables, base);
    for (int r = 1; r < repeat; ++r) {
      (void)import_once(dbpath, archive, imp);
      baseline_insert((dir / "baseline.db").string(), tables, base);
    }
    const auto rps = [&](double s) { return static_cast<double>(rows) / s; };
    const double ratio_cpu = rps(imp.cpu) / rps(base.cpu);
    const double ratio_wall = rps(imp.wall) / rps(base.wall);
    const double ratio = ratio_cpu;
    fmt::print("archive: {} bytes, {} members, {} processes, {} MiB uncompressed (state {})\n",
               std::filesystem::file_size(archive), res.members, res.counts.processes,
               res.uncompressed_bytes >> 20, res.state);
    fmt::print("rows: {} in {} tables (handler rows {}, members {}, issues {})\n", rows, tables.size(), res.rows,
               res.member_rows, res.issues);
    fmt::print("                                        wall s     rows/s (wall)    cpu s     rows/s (cpu)\n");
    fmt::print("import   (stream+verify+parse+insert): {:7.3f} {:14.0f}    {:7.3f} {:14.0f}\n", imp.wall,
               rps(imp.wall), imp.cpu, rps(imp.cpu));
    fmt::print("baseline (prepared INSERTs, 1 txn)   : {:7.3f} {:14.0f}    {:7.3f} {:14.0f}\n", base.wall,
               rps(base.wall), base.cpu, rps(base.cpu));
    fmt::print("ratio: {:.2f}x baseline rows/s by CPU time ({:.2f}x by wall time); target >= 0.50 -> {}\n",
               ratio_cpu, ratio_wall, ratio >= 0.5 ? "PASS" : "MISS");
    std::filesystem::remove_all(dir);
    return ratio >= 0.5 ? 0 : 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "import_bench: {}\n", e.what());
    std::filesystem::remove_all(dir);
    return 1;
  }
}
