// procsnap push / pull / fleet against real ClickHouse servers (Debian's clickhouse-server, started by the tests on
// loopback): the samples and a live capture pushed and pulled back equal table for table, pushing twice, a server
// killed mid-push, forged content, credentials, a schema of another version, and a two-shard cluster giving the
// same stacking answers as one server.
#include "clickhouse_server.hpp"
#include "fleet/clickhouse_client.hpp"
#include "fleet/clickhouse_schema.hpp"
#include "fleet/clickhouse_views.hpp"
#include "fleet/fleet_queries.hpp"
#include "fleet/osquery_on_clickhouse.hpp"
#include "importer/database.hpp"
#include "importer/schema_sql.hpp"
#include "importer/e2e_support.hpp"
#include "importer/test_archive.hpp"
#include "triage/triage.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <thread>

namespace {

using namespace procsnap;
using procsnap::e2e::run;
using procsnap::testing::ClickHouseServer;
using procsnap::testing::TempDir;

const std::string k_baseline = std::string(PROCSNAP_SOURCE_DIR) + "/samples/baseline/baseline.tar.zst";
const std::string k_compromised = std::string(PROCSNAP_SOURCE_DIR) + "/samples/compromised/compromised.tar.zst";

/// Every pushed table of one snapshot, each row as text with its SQLite storage class, sorted: what "equal row for
/// row" compares (the local snapshot id, which differs between databases, is left out).
std::map<std::string, std::vector<std::string>> dump_snapshot(const std::string& path, const std::string& key) {
  db::Connection c = importer::open_read_only(path);
  auto idq = c.prepare("SELECT id FROM snapshots WHERE archive_sha256 = ?");
  idq.bind(1, db::Text{key});
  if (!idq.step()) return {};
  const std::int64_t id = idq.column_int64(0);
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& t : fleet::fleet_tables()) {
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      sql += (i ? ", " : "") + std::string("\"") + std::string(t.columns[i].name) + "\"";
    }
    sql += " FROM \"" + t.name + "\" WHERE \"" + t.sqlite_key + "\" = ?";
    auto st = c.prepare(sql);
    st.bind(1, id);
    auto& rows = out[t.name];
    while (st.step()) {
      std::string row;
      for (int i = 0; i < st.column_count(); ++i) {
        row += std::to_string(st.column_type(i)) + ":";
        row += st.column_type(i) == SQLITE_FLOAT ? std::to_string(st.column_double(i)) : std::string(st.column_text(i));
        row += '\x1f';
      }
      rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end());
  }
  return out;
}

std::vector<std::string> keys_of(const std::string& path) {
  db::Connection c = importer::open_read_only(path);
  auto st = c.prepare("SELECT archive_sha256 FROM snapshots ORDER BY id");
  std::vector<std::string> keys;
  while (st.step()) keys.emplace_back(st.column_text(0));
  return keys;
}

/// Rows per table on the server for one key (committed or not), and the local counts, as "table=n" lines.
std::string server_counts(const std::string& url, const std::string& key) {
  fleet::Endpoint ep = *fleet::parse_endpoint(url).endpoint;
  fleet::Client c(ep);
  std::string q;
  for (const auto& t : fleet::fleet_tables()) {
    q += (q.empty() ? "" : " UNION ALL ") + std::string("SELECT '") + t.name + "' AS t, count() AS n FROM " + t.name +
         " WHERE snapshot_key = '" + key + "'";
  }
  const auto rs = c.select("SELECT t, n FROM (" + q + ") WHERE n > 0 ORDER BY t");
  std::string out;
  for (const auto& r : rs.rows) out += *r[0] + "=" + *r[1] + "\n";
  return out;
}
std::string local_counts(const std::string& path, const std::string& key) {
  std::string out;
  for (const auto& [t, rows] : dump_snapshot(path, key)) {
    if (!rows.empty()) out += t + "=" + std::to_string(rows.size()) + "\n";
  }
  return out;
}

class FleetServer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (procsnap::testing::clickhouse_unavailable()) return;
    dir_ = new TempDir();
    samples_db_ = new std::string(dir_->file("samples.db"));
    const auto imp = run({PROCSNAP_BIN, "import", "--db", *samples_db_, k_baseline, k_compromised});
    ASSERT_EQ(imp.exit_code, 0) << imp.err;
  }
  static void TearDownTestSuite() {
    delete samples_db_;
    delete dir_;
    samples_db_ = nullptr;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (auto why = procsnap::testing::clickhouse_unavailable()) GTEST_SKIP() << *why;
  }
  static std::vector<std::string> push(const std::string& url, std::vector<std::string> extra,
                                       e2e::RunResult* result = nullptr) {
    std::vector<std::string> argv = {PROCSNAP_BIN, "push", "--db", *samples_db_, "--clickhouse", url};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto r = run(argv);
    if (result != nullptr) *result = r;
    return {std::to_string(r.exit_code), r.out, r.err};
  }

  static TempDir* dir_;
  static std::string* samples_db_;
};
TempDir* FleetServer::dir_ = nullptr;
std::string* FleetServer::samples_db_ = nullptr;

TEST_F(FleetServer, SamplesPushedAndPulledBackAreEqualTableByTable) {
  ClickHouseServer ch;
  e2e::RunResult r;
  push(ch.url(), {"all"}, &r);
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2) << r.out;
  EXPECT_NE(r.out.find("pushed"), std::string::npos);

  TempDir d;
  const std::string pulled = d.file("pulled.db");
  const auto p = run({PROCSNAP_BIN, "pull", "--db", pulled, "--clickhouse", ch.url(), "all"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  for (const auto& key : keys_of(*samples_db_)) {
    const auto a = dump_snapshot(*samples_db_, key);
    const auto b = dump_snapshot(pulled, key);
    ASSERT_EQ(a.size(), b.size());
    std::size_t rows = 0;
    for (const auto& [table, arows] : a) {
      EXPECT_EQ(arows, b.at(table)) << "table " << table << " of " << key;
      rows += arows.size();
    }
    EXPECT_GT(rows, 1000u);
  }
  // The pulled database works like an imported one: diff runs on it unchanged.
  const auto diff = run({PROCSNAP_BIN, "diff", "--db", pulled, "1", "2"});
  EXPECT_TRUE(diff.exit_code == 0 || diff.exit_code == 1) << diff.err;
  // diff --clickhouse pulls the two into a temporary database: the same answer as on the local copies.
  const auto keys = keys_of(*samples_db_);
  const auto local_diff = run({PROCSNAP_BIN, "diff", "--db", *samples_db_, keys[0].substr(0, 12), keys[1].substr(0, 12)});
  const auto remote_diff = run({PROCSNAP_BIN, "diff", "--clickhouse", ch.url(), keys[0].substr(0, 12), keys[1].substr(0, 12)});
  EXPECT_EQ(remote_diff.exit_code, local_diff.exit_code) << remote_diff.err;
  EXPECT_EQ(remote_diff.out, local_diff.out);
  EXPECT_GT(local_diff.out.size(), 100u);
  const auto ambiguous = run({PROCSNAP_BIN, "diff", "--clickhouse", ch.url(), "all", keys[1].substr(0, 12)});
  EXPECT_EQ(ambiguous.exit_code, 2);
  EXPECT_NE(ambiguous.err.find("matches 2 snapshots"), std::string::npos) << ambiguous.err;
  // Pulling again is a no-op.
  const auto again = run({PROCSNAP_BIN, "pull", "--db", pulled, "--clickhouse", ch.url(), "all"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("present"), std::string::npos) << again.out;
}

TEST_F(FleetServer, PushingTwiceLeavesOneCopy) {
  ClickHouseServer ch;
  e2e::RunResult r;
  push(ch.url(), {"all"}, &r);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto key = keys_of(*samples_db_).front();
  const std::string before = server_counts(ch.url(), key);
  push(ch.url(), {"all"}, &r);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("present"), std::string::npos) << r.out;
  EXPECT_EQ(server_counts(ch.url(), key), before);
  EXPECT_EQ(before, local_counts(*samples_db_, key));
}

TEST_F(FleetServer, KilledMidPushThenPushedAgainGivesExactCounts) {
  // A live capture, pushed one table at a time, so that the push is still running when the server dies.
  if (auto why = e2e::unusable_binary(PROCSNAP_COLLECT_BIN)) GTEST_SKIP() << *why;
  TempDir d;
  // Among them, a process whose command line is 1 MiB of hostile bytes: NULs between 8 arguments of 128 KiB
  // holding invalid UTF-8, an escape sequence, quotes, tabs and newlines (what RowBinary must carry exactly).
  std::vector<std::string> hostile;
  for (int i = 0; i < 8; ++i) {
    std::string a(131071, static_cast<char>('a' + i));
    const std::string bad = std::string("\xff\xfe\xc3\x28\x1b[31m'\"\t\n\\N\r", 16);
    a.replace(0, bad.size(), bad);
    hostile.push_back(std::move(a));
  }
  const pid_t child = ::fork();
  if (child == 0) {
    // Its own process group, killed whole below: the shell's sleep must not outlive the test (it would hold the
    // test's output pipe open, and ctest would wait for it).
    ::setpgid(0, 0);
    const int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, 0);
    ::dup2(devnull, 1);
    ::dup2(devnull, 2);
    std::vector<char*> argv = {const_cast<char*>("/bin/sh"), const_cast<char*>("-c"),
                               const_cast<char*>("sleep 300; :"), const_cast<char*>("procsnap-hostile")};
    for (auto& h : hostile) argv.push_back(h.data());
    argv.push_back(nullptr);
    ::execv("/bin/sh", argv.data());
    ::_exit(127);
  }
  ASSERT_GT(child, 0);
  ::usleep(300'000);
  const std::string db = d.file("live.db");
  // This host, live: init, this test process (threads, sockets to nothing yet, mapped libraries) and the child.
  const auto t0 = std::chrono::steady_clock::now();
  const auto err = e2e::capture_and_import(
      PROCSNAP_COLLECT_BIN, PROCSNAP_BIN,
      {"--quiet", "--pids", "1," + std::to_string(::getpid()) + "," + std::to_string(child)}, d.file("live.tar.zst"),
      db);
  std::cerr << "capture + import: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count()
            << " ms\n";
  ::kill(-child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ASSERT_FALSE(err) << *err;
  const std::string key = keys_of(db).front();
  {
    db::Connection c = importer::open_read_only(db);
    auto st = c.prepare("SELECT length(raw) FROM proc_cmdline WHERE pid = ?");
    st.bind(1, std::int64_t{child});
    ASSERT_TRUE(st.step());
    EXPECT_GT(st.column_int64(0), 1'000'000);
  }

  ClickHouseServer ch;
  // Kill the server as soon as the first rows of this snapshot are stored.
  const pid_t pusher = ::fork();
  if (pusher == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 1);
    ::dup2(devnull, 2);
    ::execl(PROCSNAP_BIN, PROCSNAP_BIN, "push", "--db", db.c_str(), "--clickhouse", ch.url().c_str(), "--batch", "1",
            "all", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool killed = false;
  for (int i = 0; i < 2000 && !killed; ++i) {
    try {
      fleet::Client c(*fleet::parse_endpoint(ch.url()).endpoint);
      const auto rs = c.select("SELECT count() FROM proc_stat WHERE snapshot_key = '" + key + "'");
      if (!rs.rows.empty() && *rs.rows[0][0] != "0") {
        ch.kill_hard();
        killed = true;
      }
    } catch (const fleet::Error&) {
      // database or table not created yet
    }
    if (!killed) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // The push must notice the dead server and give up (exit 1) promptly, not hang.
  int status = 0;
  bool ended = false;
  for (int i = 0; i < 1200 && !ended; ++i) {
    ended = ::waitpid(pusher, &status, WNOHANG) == pusher;
    if (!ended) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!ended) {
    ::kill(pusher, SIGKILL);
    ::waitpid(pusher, &status, 0);
  }
  ASSERT_TRUE(ended) << "procsnap push still running 60 s after the server died";
  ASSERT_TRUE(killed) << "the push ended before the server could be killed";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << status;

  ch.start();
  // The interrupted snapshot is not visible as a snapshot.
  {
    fleet::Client c(*fleet::parse_endpoint(ch.url()).endpoint);
    const auto rs = c.select("SELECT count() FROM snapshots WHERE snapshot_key = '" + key + "'");
    EXPECT_EQ(rs.rows.at(0).at(0), std::optional<std::string>("0"));
  }
  const auto again = run({PROCSNAP_BIN, "push", "--db", db, "--clickhouse", ch.url(), "all"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(server_counts(ch.url(), key), local_counts(db, key));

  // And this live capture pulls back equal too.
  const std::string pulled = d.file("pulled.db");
  ASSERT_EQ(run({PROCSNAP_BIN, "pull", "--db", pulled, "--clickhouse", ch.url(), key.substr(0, 12)}).exit_code, 0);
  const auto a = dump_snapshot(db, key);
  const auto b = dump_snapshot(pulled, key);
  for (const auto& [table, rows] : a) EXPECT_EQ(rows, b.at(table)) << table;
}

TEST_F(FleetServer, SameKeyOtherContentIsRefused) {
  ClickHouseServer ch;
  e2e::RunResult r;
  push(ch.url(), {"1"}, &r);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The local copy is altered (as a forged archive with the same name and SHA-256 claim would be).
  TempDir d;
  const std::string forged = d.file("forged.db");
  std::filesystem::copy_file(*samples_db_, forged);
  {
    db::Connection c(forged, db::Connection::Mode::read_write_create);
    c.exec("UPDATE members SET sha256 = 'ff' || substr(sha256, 3) WHERE snapshot_id = 1 AND path = "
           "(SELECT min(path) FROM members WHERE snapshot_id = 1 AND sha256 IS NOT NULL)");
  }
  const auto f = run({PROCSNAP_BIN, "push", "--db", forged, "--clickhouse", ch.url(), "1"});
  EXPECT_EQ(f.exit_code, 6) << f.out << f.err;
  EXPECT_NE(f.out.find("REFUSED"), std::string::npos) << f.out;
  EXPECT_NE(f.err.find("different content"), std::string::npos) << f.err;
  const auto key = keys_of(*samples_db_).front();
  EXPECT_EQ(server_counts(ch.url(), key), local_counts(*samples_db_, key));  // untouched
}

TEST_F(FleetServer, CredentialsFromUrlEnvOrFileAndNeverPrinted) {
  ClickHouseServer ch;
  TempDir d;
  const std::string pw_file = d.file("pw");
  procsnap::testing::write_file(pw_file, "s3cret\n");
  e2e::RunResult r;
  push(ch.url_with("alice:s3cret"), {"-v", "1"}, &r);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ((r.out + r.err).find("s3cret"), std::string::npos);
  EXPECT_NE(r.err.find("alice@"), std::string::npos) << r.err;  // --verbose says who, not the password
  push(ch.url_with("alice"), {"--password-file", pw_file, "1"}, &r);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ::setenv("PROCSNAP_CLICKHOUSE_PASSWORD", "s3cret", 1);
  push(ch.url_with("alice"), {"1"}, &r);
  ::unsetenv("PROCSNAP_CLICKHOUSE_PASSWORD");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  push(ch.url_with("alice:wrong-pass-xyz"), {"1"}, &r);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ((r.out + r.err).find("wrong-pass-xyz"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("refused the credentials"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;  // one line
}

TEST_F(FleetServer, HttpsVerifiesTheServerWithTheGivenCa) {
  ClickHouseServer ch({}, {}, ClickHouseServer::Ports{}, /*tls=*/true);
  e2e::RunResult r;
  push(ch.https_url(), {"1"}, &r);  // self-signed, no CA given: refused by certificate verification
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("certificate"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  push(ch.https_url(), {"--ca-file", ch.cert_file(), "1"}, &r);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  push(ch.https_url(), {"--insecure", "1"}, &r);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("present"), std::string::npos) << r.out;
}

TEST_F(FleetServer, ServerDownIsOneLineAndNonZero) {
  const int port = procsnap::testing::free_port();
  e2e::RunResult r;
  push("http://127.0.0.1:" + std::to_string(port) + "/", {"all"}, &r);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << r.err;
}

TEST_F(FleetServer, AnotherSchemaVersionIsRefusedWithWhatToDo) {
  ClickHouseServer ch;
  fleet::Client c(*fleet::parse_endpoint(ch.url()).endpoint);
  c.execute("CREATE DATABASE procsnap", {}, false);
  c.execute(fleet::create_meta_sql());
  c.execute("INSERT INTO procsnap_meta VALUES ('schema_version', '1:0000')");
  e2e::RunResult r;
  push(ch.url(), {"1"}, &r);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("schema version 1:0000"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--database"), std::string::npos) << r.err;
  push(ch.url(), {"--database", "ir2", "1"}, &r);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

/// Adds snapshot 3 to the samples database at `path`: a copy of snapshot 2 (the compromised sample, same pids, so
/// joins must keep snapshots apart) on host 'vm3', with indicators planted for the checks the samples leave silent
/// (hidden-pid, kernel-tainted, ld-so-preload-mapped, pid-mismatch), cases of others the samples do not hold
/// (dirty-exec-file-mapping with a swapped copy, a cri-o container, two runtime sockets) and rows that tie on
/// checks' first sort key.
void plant_indicators(const std::string& path) {
  db::Connection c(path, db::Connection::Mode::read_write_create);
  db::Transaction tx(c);
  std::string cols;
  std::string sel;
  for (const auto& t : fleet::fleet_tables()) {
    if (!t.is_snapshots) continue;
    for (const auto& col : t.columns) {
      const std::string n(col.name);
      cols += (cols.empty() ? "" : ", ") + n;
      sel += (sel.empty() ? "" : ", ") +
             (n == "archive_sha256" ? "'" + std::string(64, '3') + "'" : n == "hostname" ? std::string("'vm3'") : n);
    }
  }
  c.exec("INSERT INTO snapshots(id, " + cols + ") SELECT 3, " + sel + " FROM snapshots WHERE id = 2");
  for (const auto& t : fleet::fleet_tables()) {
    if (t.is_snapshots) continue;
    std::string names = "snapshot_id";
    for (const auto& col : t.columns) names += ", \"" + std::string(col.name) + "\"";
    c.exec("INSERT INTO \"" + t.name + "\"(" + names + ") SELECT 3" + names.substr(11) + " FROM \"" + t.name +
           "\" WHERE snapshot_id = 2");
  }
  std::vector<std::int64_t> pids;
  auto st = c.prepare("SELECT pid FROM proc_stat WHERE snapshot_id = 3 ORDER BY pid");
  while (st.step()) pids.push_back(st.column_int64(0));
  ASSERT_GE(pids.size(), 8u);
  const std::string a = std::to_string(pids[3]), b = std::to_string(pids[5]), cc = std::to_string(pids[7]);
  c.exec(
      // kernel-tainted: P, O, E and bit 18
      "UPDATE sys_sysctl SET value = '274433' WHERE snapshot_id = 3 AND name = 'kernel.tainted';"
      // pid-mismatch: b has a's stat pid and start time, and c's status Tgid differs from its pid
      "UPDATE proc_stat SET stat_pid = (SELECT stat_pid FROM proc_stat WHERE snapshot_id = 3 AND pid = " + a + "), "
      "start_time = (SELECT start_time FROM proc_stat WHERE snapshot_id = 3 AND pid = " + a + ") "
      "WHERE snapshot_id = 3 AND pid = " + b + ";"
      "UPDATE proc_status SET tgid = 7 WHERE snapshot_id = 3 AND pid = " + cc + ";"
      // ld-so-preload-mapped: two map lines and two fds of one process
      "INSERT INTO proc_maps(snapshot_id, pid, start_time, line, perms, perm_read, perm_write, perm_exec, path, "
      "path_kind, deleted) VALUES (3, " + a + ", 1, 900, 'r--p', 1, 0, 0, '/etc/ld.so.preload', 'file', 0), "
      "(3, " + a + ", 1, 901, 'r--s', 1, 0, 0, '/etc/ld.so.preload (deleted)', 'deleted', 1);"
      "INSERT INTO proc_fds(snapshot_id, pid, start_time, fd, target, type, deleted) VALUES "
      "(3, " + a + ", 1, 11, '/etc/ld.so.preload', 'file', 0), (3, " + a + ", 1, 7, '/etc/ld.so.preload', 'file', 0);"
      // hidden-pid: a ppid, a status PPid and a task child pointing at absent pids, and a hidden-scan member, in
      // a full capture (no --pids)
      "UPDATE proc_stat SET ppid = 66666 WHERE snapshot_id = 3 AND pid = " + cc + ";"
      "UPDATE proc_status SET ppid = 66666 WHERE snapshot_id = 3 AND pid = " + b + ";"
      "INSERT INTO task_children(snapshot_id, pid, tid, start_time, idx, child_pid) VALUES (3, " + a + ", " + a +
      ", 1, 9, 66667);"
      "UPDATE snapshots SET collector_argv = replace(collector_argv, '\"--pids', '\"--no-such') WHERE id = 3;"
      "INSERT INTO members(snapshot_id, path, pid, kind, status, reason) VALUES "
      "(3, 'proc/77777/hidden-scan', 77777, 'hidden-scan', 'ok', 'not-in-listing');"
      // raw-packet-socket: a raw socket no process holds and a second packet socket of a pid
      "INSERT INTO net_raw(snapshot_id, netns, line, family, protocol, state_name, inode) VALUES "
      "(3, 1, 1, 2, 255, 'CLOSE', 123456);"
      "INSERT INTO net_packet(snapshot_id, netns, line, type, type_name, proto, proto_name, ifindex, inode) "
      "SELECT 3, netns, line + 1, type, type_name, proto, proto_name, 2, 6832999 FROM net_packet WHERE snapshot_id = 3;"
      "INSERT INTO proc_fds(snapshot_id, pid, start_time, fd, target, type, deleted, inode) "
      "SELECT 3, pid, start_time, 99, 'socket:[6832999]', 'socket', 0, 6832999 FROM proc_fds "
      "WHERE snapshot_id = 3 AND type = 'socket' AND inode IN (SELECT inode FROM net_packet WHERE snapshot_id = 2);"
      // proc-pid-mount: the same mount point twice with other fs types
      "INSERT INTO proc_mountinfo(snapshot_id, pid, start_time, line, mount_id, parent_id, root, mount_point, "
      "unbindable, fs_type, source) VALUES (3, " + a + ", 1, 999, 91, 21, '/', '/proc/" + b + "', 0, 'proc', 'none'), "
      "(3, " + b + ", 1, 999, 92, 21, '/', '/proc/" + b + "', 0, 'overlay', 'none'), "
      "(3, " + b + ", 1, 998, 93, 21, '/x', '/proc/" + b + "/fd', 0, 'tmpfs', NULL);"
      // dirty-exec-file-mapping: the sample's freshly written libharmless.so (Private_Dirty only) gets an
      // anonymous copy; a swapped-out copy with Private_Dirty and Anonymous unknown (NULL) in another pid
      "UPDATE proc_smaps SET anonymous_kb = 4 WHERE snapshot_id = 3 AND perms = 'r-xp' "
      "AND path LIKE '%/libharmless.so';"
      "INSERT INTO proc_smaps(snapshot_id, pid, start_time, line, start_hex, end_hex, perms, path, path_kind, "
      "deleted, private_dirty_kb, anonymous_kb, swap_kb) VALUES (3, " + a + ", 1, 950, '7f0000001000', "
      "'7f0000002000', 'r-xp', '/usr/lib/libpatched.so', 'file', 0, NULL, NULL, 8);");
  // Containers: a docker container whose init a shares the host's network and mount namespaces, holds
  // every capability and has two runtime sockets mounted; b entered its namespaces from a host cgroup; a cri-o
  // container (init c) with a process in its cgroup but not its namespaces.
  const std::string id1(64, 'a'), id2(64, 'b'), d = std::to_string(pids[6]);
  c.exec(
      "INSERT INTO containers(snapshot_id, container_id, runtime, recognised_by, cgroup_driver, cgroup_version, "
      "cgroup_path, init_pid, init_start_time, init_is_pid_1, mnt_ns, host_pid_ns, host_net_ns, host_mnt_ns, "
      "process_count) VALUES (3, '" + id1 + "', 'docker', 'docker-<id>.scope', 'systemd', 2, "
      "'/system.slice/docker-" + id1 + ".scope', " + a + ", 1, 1, 4026531841, 0, 1, 1, 2), "
      "(3, '" + id2 + "', 'cri-o', 'crio-<id>.scope', 'systemd', 1, NULL, " + cc + ", 1, 1, NULL, 0, 0, 0, 2);"
      "INSERT INTO process_containers(snapshot_id, pid, start_time, container_id, pid_in_container, matched_by, "
      "same_pid_ns, same_mnt_ns, same_net_ns, cgroup_path) VALUES "
      "(3, " + a + ", 1, '" + id1 + "', 1, 'cgroup', 1, 1, 1, '/system.slice/docker-" + id1 + ".scope'), "
      "(3, " + b + ", 1, '" + id1 + "', 5, 'namespaces', 1, 1, NULL, NULL), "
      "(3, " + cc + ", 1, '" + id2 + "', 1, 'cgroup', 1, 1, 1, NULL), "
      "(3, " + d + ", 1, '" + id2 + "', " + d + ", 'cgroup', 0, 0, 0, NULL);"
      "UPDATE proc_status SET cap_eff = COALESCE((SELECT p.cap_bnd FROM proc_status p WHERE p.snapshot_id = 3 AND "
      "p.pid = proc_status.ppid), (SELECT h.cap_bnd FROM proc_status h WHERE h.snapshot_id = 3 AND h.pid IN (1, 2) "
      "AND h.cap_bnd IS NOT NULL ORDER BY h.pid LIMIT 1)) WHERE snapshot_id = 3 AND pid = " + a + ";"
      "INSERT INTO proc_mountinfo(snapshot_id, pid, start_time, line, mount_id, parent_id, root, mount_point, "
      "unbindable, fs_type, source) VALUES (3, " + a + ", 1, 997, 94, 21, '/run/docker.sock', "
      "'/var/run/docker.sock', 0, 'tmpfs', 'tmpfs'), (3, " + a + ", 1, 996, 95, 21, NULL, "
      "'/run/containerd/containerd.sock', 0, 'tmpfs', 'tmpfs');");
  tx.commit();
}

TEST_F(FleetServer, EveryTriageCheckGivesTheSameFindingsInBothForms) {
  ClickHouseServer ch;
  TempDir d;
  const std::string plus = d.file("plus.db");
  std::filesystem::copy_file(*samples_db_, plus);
  plant_indicators(plus);
  const auto pushed = run({PROCSNAP_BIN, "push", "--db", plus, "--clickhouse", ch.url(), "all"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.err;
  std::vector<std::string> errors;
  const auto checks = triage::load_checks(errors);
  ASSERT_TRUE(errors.empty());
  ASSERT_EQ(checks.size(), 29u);
  db::Connection local = importer::open_read_only(plus);
  fleet::Client c(*fleet::parse_endpoint(ch.url()).endpoint);
  triage::RunOptions all;
  all.max_rows = 0;
  std::size_t findings = 0;
  std::set<std::string> checks_with_findings;
  for (const auto& key : keys_of(plus)) {
    auto idq = local.prepare("SELECT id FROM snapshots WHERE archive_sha256 = ?");
    idq.bind(1, db::Text{key});
    ASSERT_TRUE(idq.step());
    const auto report = triage::run_checks(local, idq.column_int64(0), checks, all);
    ASSERT_TRUE(report.failures.empty()) << report.failures.front().message;
    for (const auto& check : checks) {
      std::vector<std::string> sqlite_rows;
      for (const auto& f : report.findings) {
        if (f.check->id != check.id) continue;
        for (const auto& row : f.rows) {
          std::string line;
          for (const auto& cell : row) line += (cell.type == SQLITE_NULL ? "NULL" : "'" + cell.bytes + "'") + "|";
          sqlite_rows.push_back(line);
        }
      }
      const auto rs = c.select(triage::clickhouse_sql(check, "SELECT '" + key + "'"), fleet::fleet_query_settings());
      ASSERT_FALSE(rs.names.empty());
      EXPECT_EQ(rs.names[0], "snapshot_key") << check.id;
      std::vector<std::string> ch_rows;
      for (const auto& row : rs.rows) {
        std::string line;
        for (std::size_t i = 1; i < row.size(); ++i) line += (row[i] ? "'" + *row[i] + "'" : std::string("NULL")) + "|";
        ch_rows.push_back(line);
      }
      EXPECT_EQ(sqlite_rows, ch_rows) << check.id << " on " << key.substr(0, 12);
      findings += sqlite_rows.size();
      if (!sqlite_rows.empty()) checks_with_findings.insert(check.id);
    }
  }
  EXPECT_GT(findings, 30u);  // the planted indicators are found, by both forms
  EXPECT_EQ(checks_with_findings.size(), checks.size()) << "a check has findings in no snapshot: not compared";
}

std::string stack(const std::string& url, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {PROCSNAP_BIN, "fleet", "--clickhouse", url, "stack"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

TEST_F(FleetServer, StackingOnOneServerAndOnATwoShardClusterAgree) {
  ClickHouseServer single;
  ASSERT_EQ(push(single.url(), {"all"})[0], "0");
  // Two shards: each server lists both in remote_servers as cluster "two".
  ClickHouseServer::Ports p1, p2;
  ClickHouseServer s1("two", {p1.tcp, p2.tcp}, p1);
  ClickHouseServer s2("two", {p1.tcp, p2.tcp}, p2);
  e2e::RunResult r;
  push(s1.url(), {"--cluster", "two", "--shard", s1.url(), "--shard", s2.url(), "all"}, &r);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Both shards hold data (the two snapshots are spread by sipHash64 of their key) or at least the sum is right.
  for (const char* what : {"exe", "listen", "parent-child", "modules", "ld-preload", "libs"}) {
    const auto a = stack(single.url(), {what, "--format", "csv", "--limit", "1000"});
    const auto b = stack(s1.url(), {what, "--format", "csv", "--limit", "1000"});
    EXPECT_EQ(a, b) << what;
    if (std::string_view(what) != "modules") {  // the samples captured no /proc/modules
      EXPECT_GT(std::count(a.begin(), a.end(), '\n'), 1) << what << ": " << a;  // header + at least one row
    }
  }
  // Fleet triage: the same findings from one server and from the cluster.
  const auto t1 = run({PROCSNAP_BIN, "fleet", "--clickhouse", single.url(), "triage", "--format", "json"});
  const auto t2 = run({PROCSNAP_BIN, "fleet", "--clickhouse", s1.url(), "--cluster", "two", "--shard", s1.url(),
                       "--shard", s2.url(), "triage", "--format", "json"});
  const auto t3 = run({PROCSNAP_BIN, "fleet", "--clickhouse", s1.url(), "triage"});
  EXPECT_EQ(t3.exit_code, 2);  // Distributed tables without the shards: says what to give
  EXPECT_NE(t3.err.find("--shard"), std::string::npos) << t3.err;
  EXPECT_EQ(t1.exit_code, 10) << t1.err;
  EXPECT_EQ(t1.out, t2.out);
  EXPECT_NE(t1.out.find("\"id\":\"exe-memfd\""), std::string::npos);
  // The planted implant of the compromised sample is seen on one host only, so it stacks first (rarest).
  const auto exe = stack(single.url(), {"exe", "--format", "csv"});
  EXPECT_NE(exe.find(",1,1,"), std::string::npos) << exe;
  // Pull from the cluster works the same way.
  TempDir d;
  const auto pl = run({PROCSNAP_BIN, "pull", "--db", d.file("p.db"), "--clickhouse", s1.url(), "all"});
  ASSERT_EQ(pl.exit_code, 0) << pl.err;
  for (const auto& key : keys_of(*samples_db_)) {
    EXPECT_EQ(dump_snapshot(d.file("p.db"), key), dump_snapshot(*samples_db_, key));
  }
}

namespace {

/// osquery's documented examples and edge cases, as SQL literals, per function with a ClickHouse expression.
const std::map<std::string, std::vector<std::vector<std::string>>>& function_examples() {
  static const std::map<std::string, std::vector<std::vector<std::string>>> k = {
      {"split", {{"'a,b,,c'", "','", "2"}, {"' x , y '", "','", "1"}, {"'a,b'", "','", "0"}}},
      {"regex_match", {{"'abc123def'", "'[0-9]+'", "0"}, {"'a.b.c'", "'b'", "0"}}},
      {"concat", {{"'a'", "'b'"}, {"'a'", "12"}, {"NULL", "'b'"}}},
      {"concat_ws", {{"','", "'a'", "'b'"}, {"','", "NULL", "'b'"}, {"'-'", "'x'", "NULL"}}},
      {"md5", {{"'abc'"}, {"''"}}},
      {"sha1", {{"'abc'"}, {"''"}}},
      {"sha256", {{"'abc'"}, {"'procsnap'"}}},
      {"inet_aton", {{"'1.2.3.4'"}, {"'255.255.255.255'"}, {"'0.0.0.0'"}}},
      {"in_cidr_block",
       {{"'10.0.0.0/8'", "'10.1.2.3'"}, {"'10.0.0.0/8'", "'11.0.0.1'"}, {"'198.51.100.14/24'", "'198.51.100.255'"},
        {"'0.0.0.0/0'", "'1.2.3.4'"}, {"'192.168.1.1/32'", "'192.168.1.1'"}, {"'192.168.1.1/32'", "'192.168.1.2'"}}},
      {"parent_directory", {{"'/a/b/c'"}, {"'/a'"}, {"'abc'"}}},
      {"sqrt", {{"2"}, {"0"}}},
      {"log", {{"10"}}},
      {"log10", {{"1000"}, {"2"}}},
      {"exp", {{"1"}}},
      {"power", {{"2", "10"}, {"2.5", "0.5"}}},
      {"ceil", {{"1.2"}, {"-1.5"}, {"3"}}},
      {"floor", {{"1.2"}, {"-1.5"}, {"3"}}},
      {"pi", {{}}},
      {"sin", {{"1"}}},
      {"cos", {{"1"}}},
      {"tan", {{"1"}}},
      {"cot", {{"1"}, {"0.5"}}},
      {"asin", {{"0.5"}}},
      {"acos", {{"0.5"}}},
      {"atan", {{"1"}}},
      {"degrees", {{"1"}, {"3.141592653589793"}}},
      {"radians", {{"180"}, {"1"}}},
  };
  return k;
}

std::optional<double> as_double(const std::optional<std::string>& s) {
  if (!s || s->empty()) return std::nullopt;
  char* end = nullptr;
  const double d = std::strtod(s->c_str(), &end);
  return end == s->c_str() + s->size() ? std::optional<double>(d) : std::nullopt;
}

}  // namespace

// Each osquery function with a ClickHouse expression (fleet/osquery_on_clickhouse.*) gives, on a real 18.16 server,
// what procsnap's SQLite function gives for osquery's examples; the README table is generated from the same list.
TEST_F(FleetServer, OsqueryFunctionsHaveTheirClickHouseEquivalents) {
  ClickHouseServer ch;
  fleet::Endpoint ep = *fleet::parse_endpoint(ch.url()).endpoint;
  ep.database = "default";  // no tables needed: every expression is over literals
  fleet::Client client(ep);
  db::Connection sqlite(":memory:", db::Connection::Mode::read_write_create);
  std::set<std::string> sqlite_functions;
  {
    auto st = sqlite.prepare("SELECT name FROM pragma_function_list");
    while (st.step()) sqlite_functions.insert(std::string(st.column_text(0)));
  }
  std::size_t compared = 0;
  for (const auto& f : fleet::osquery_on_clickhouse()) {
    const std::string name(fleet::function_name(f));
    SCOPED_TRACE(name);
    if (!name.starts_with("COLLATE")) {
      EXPECT_TRUE(sqlite_functions.count(name)) << name << " is not a function procsnap registers";
    }
    const auto ex = function_examples().find(name);
    if (f.clickhouse.empty()) {
      EXPECT_EQ(ex, function_examples().end()) << "examples for a function without a ClickHouse expression";
      EXPECT_FALSE(f.note.empty()) << "say why there is no ClickHouse expression";
      continue;
    }
    ASSERT_NE(ex, function_examples().end()) << "no examples for " << name;
    for (const auto& args : ex->second) {
      std::string call = name + "(";
      for (std::size_t i = 0; i < args.size(); ++i) call += (i ? ", " : "") + args[i];
      call += ")";
      SCOPED_TRACE(call);
      auto st = sqlite.prepare("SELECT " + call);
      ASSERT_TRUE(st.step());
      const std::optional<std::string> want =
          st.column_type(0) == SQLITE_NULL ? std::nullopt : std::optional<std::string>(std::string(st.column_text(0)));
      const std::string expr = fleet::clickhouse_call(f, args);
      fleet::ResultSet rs;
      try {
        rs = client.select("SELECT " + expr);
      } catch (const std::exception& e) {
        ADD_FAILURE() << expr << ": " << e.what();
        continue;
      }
      ASSERT_EQ(rs.rows.size(), 1u);
      const auto& got = rs.rows[0][0];
      const auto wd = as_double(want);
      const auto gd = as_double(got);
      if (wd && gd && (want->find('.') != std::string::npos || got->find('.') != std::string::npos)) {
        EXPECT_NEAR(*gd, *wd, 1e-12 * std::max(1.0, std::abs(*wd))) << expr;
      } else {
        EXPECT_EQ(got, want) << expr;
      }
      ++compared;
    }
  }
  EXPECT_GT(compared, 50u);
  // README's table is this list.
  const std::string readme = procsnap::testing::read_file(std::string(PROCSNAP_SOURCE_DIR) + "/README.md");
  EXPECT_NE(readme.find(fleet::markdown_table()), std::string::npos)
      << "README.md's osquery-on-ClickHouse table is not fleet::markdown_table(); paste:\n" << fleet::markdown_table();
}

// osquery's views on ClickHouse (schema/clickhouse/views/) give, snapshot by snapshot, the rows the SQLite views give
// on the same samples (columns and values; snapshot_key and host in place of snapshot_id); every SQLite view is
// either there or listed with why not.
TEST_F(FleetServer, OsqueryViewsOnClickHouseMatchTheSqliteViews) {
  ClickHouseServer ch;
  e2e::RunResult r;
  push(ch.url(), {"all"}, &r);
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  fleet::Client client(*fleet::parse_endpoint(ch.url()).endpoint);
  db::Connection local = importer::open_read_only(*samples_db_);
  std::set<std::string> sqlite_views;  // the osquery views: one schema/views/<view>.sql each
  for (const auto& f : importer::schema_files()) {
    const std::string_view n = f.name;
    if (n.starts_with("views/")) sqlite_views.insert(std::string(n.substr(6, n.size() - 10)));
  }
  std::set<std::string> on_clickhouse;
  for (const auto& f : fleet::clickhouse_view_files()) on_clickhouse.insert(std::string(fleet::clickhouse_view_name(f)));
  for (const auto& m : fleet::views_not_on_clickhouse()) {
    EXPECT_TRUE(sqlite_views.count(std::string(m.view))) << m.view;
    EXPECT_FALSE(on_clickhouse.count(std::string(m.view))) << m.view << " is listed as missing but exists";
    EXPECT_FALSE(m.why.empty());
    on_clickhouse.insert(std::string(m.view));
  }
  EXPECT_EQ(on_clickhouse, sqlite_views) << "every SQLite view: on ClickHouse, or listed in views_not_on_clickhouse()";
  std::vector<std::pair<std::int64_t, std::string>> snaps;
  {
    auto st = local.prepare("SELECT id, archive_sha256 FROM snapshots ORDER BY id");
    while (st.step()) snaps.emplace_back(st.column_int64(0), std::string(st.column_text(1)));
  }
  ASSERT_EQ(snaps.size(), 2u);
  std::size_t nonempty = 0;
  for (const auto& f : fleet::clickhouse_view_files()) {
    const std::string view(fleet::clickhouse_view_name(f));
    SCOPED_TRACE(view);
    for (const auto& [id, key] : snaps) {
      auto st = local.prepare("SELECT * FROM \"" + view + "\" WHERE snapshot_id = " + std::to_string(id));
      std::vector<std::string> want_cols;
      for (int i = 0; i + 1 < st.column_count(); ++i) want_cols.emplace_back(st.column_name(i));
      std::vector<std::string> want;
      while (st.step()) {
        std::string row;
        for (int i = 0; i + 1 < st.column_count(); ++i) {
          row += (st.column_type(i) == SQLITE_NULL ? std::string("<NULL>") : std::string(st.column_text(i))) + "|";
        }
        want.push_back(row);
      }
      fleet::ResultSet rs;
      try {
        rs = client.select("SELECT * FROM " + view + " WHERE snapshot_key = '" + key + "'");
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        continue;
      }
      ASSERT_GE(rs.names.size(), 2u);
      EXPECT_EQ(rs.names[rs.names.size() - 2], "snapshot_key");
      EXPECT_EQ(rs.names.back(), "host");
      EXPECT_EQ(std::vector<std::string>(rs.names.begin(), rs.names.end() - 2), want_cols);
      std::vector<std::string> got;
      for (const auto& row : rs.rows) {
        std::string t;
        for (std::size_t i = 0; i + 2 < row.size(); ++i) t += row[i].value_or("<NULL>") + "|";
        got.push_back(t);
      }
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      EXPECT_EQ(got, want) << "snapshot " << id;
      nonempty += want.empty() ? 0 : 1;
    }
  }
  EXPECT_GE(nonempty, 16u);  // most views have rows in both samples: the comparison is not of empty sets
}

}  // namespace
