// The diff engine on hand-built snapshots (real schema, rows inserted with SQL): each test changes one thing
// between A and B and checks that exactly that is reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "diff/diff.hpp"
#include "diff_db.hpp"

namespace {

using namespace std::string_literals;
using procsnap::diff::Category;
using procsnap::diff::Change;
using procsnap::diff::Mode;
using procsnap::diff::Options;
using procsnap::diff::Result;
using procsnap::difftest::Db;
using procsnap::difftest::P;

/// "category kind attribute key" of every change, for compact expectations.
std::vector<std::string> summary(const Result& r) {
  std::vector<std::string> out;
  for (const auto& c : r.changes) {
    out.push_back(std::string(procsnap::diff::to_string(c.category)) + " " + c.kind + " " + c.attribute + " " + c.key);
  }
  return out;
}

const Change* find(const Result& r, std::string_view attribute) {
  for (const auto& c : r.changes) {
    if (c.attribute == attribute) return &c;
  }
  return nullptr;
}

/// Two snapshots of the same boot with the same process in both, then `change` applied to B's copy.
template <class Fn>
Result time_diff(Fn&& change, Options o = {}) {
  Db d;
  d.snapshot(1, "boot-1");
  d.snapshot(2, "boot-1");
  P a;
  a.pid = 42;
  P b = a;
  change(b);
  d.proc(1, a);
  d.proc(2, b);
  return procsnap::diff::run_diff(d.conn(), 1, 2, o);
}

TEST(DiffEngine, IdenticalSnapshotsHaveNoDifferences) {
  const auto r = time_diff([](P&) {});
  EXPECT_EQ(r.mode, Mode::time);
  EXPECT_TRUE(r.mode_was_auto);
  EXPECT_NE(r.mode_reason.find("same boot_id boot-1"), std::string::npos) << r.mode_reason;
  EXPECT_TRUE(r.changes.empty()) << ::testing::PrintToString(summary(r));
  EXPECT_EQ(r.processes_a, 1u);
}

TEST(DiffEngine, PidReuseIsExitPlusStartNeverAChange) {
  Db d;
  d.snapshot(1, "boot-1");
  d.snapshot(2, "boot-1");
  P a;
  a.pid = 7;
  a.start = 100;
  a.comm = "old";
  P b = a;
  b.start = 900;  // same pid, another process
  b.comm = "new";
  b.cwd = "/tmp";
  d.proc(1, a);
  d.proc(2, b);
  const auto r = procsnap::diff::run_diff(d.conn(), 1, 2, {});
  ASSERT_EQ(summary(r), (std::vector<std::string>{"processes exited process 7", "processes started process 7"}));
  EXPECT_EQ(r.changes[0].start_time, 100);
  EXPECT_EQ(r.changes[0].subject, "old");
  EXPECT_EQ(r.changes[1].start_time, 900);
  EXPECT_EQ(r.changes[1].after, "/bin/proc | /bin/proc");
}

TEST(DiffEngine, StartedAndExitedProcesses) {
  Db d;
  d.snapshot(1, "boot-1");
  d.snapshot(2, "boot-1");
  P stays, gone, fresh;
  stays.pid = 1;
  gone.pid = 2;
  fresh.pid = 3;
  fresh.argv = {"sleep", "100"};
  d.proc(1, stays);
  d.proc(1, gone);
  d.proc(2, stays);
  d.proc(2, fresh);
  const auto r = procsnap::diff::run_diff(d.conn(), 1, 2, {});
  EXPECT_EQ(summary(r), (std::vector<std::string>{"processes exited process 2", "processes started process 3"}));
  EXPECT_EQ(r.changes[1].after, "/bin/proc | sleep 100");
  EXPECT_EQ(r.count(Category::processes, "started"), 1u);
}

TEST(DiffEngine, ProcessAttributesChanged) {
  const auto r = time_diff([](P& b) {
    b.comm = "renamed";
    b.argv = {"/bin/proc", "--evil"};
    b.exe = "/bin/proc (deleted)";
    b.cwd = "/tmp/.x";
    b.root = "/newroot";
    b.uid = 0;
    b.cap_eff = "000001ffffffffff";
    b.net_ns = "net:[4026532000]";
    b.cgroup = "0::/system.slice/evil.service\n";
    b.nice = 5;
    b.threads = 3;
    b.state = 'T';
  });
  for (const char* a : {"comm", "cmdline", "exe", "cwd", "root", "uids", "gids", "cap_eff", "cap_prm", "ns:net",
                        "cgroup", "nice", "threads", "state"}) {
    EXPECT_NE(find(r, a), nullptr) << a << " not reported: " << ::testing::PrintToString(summary(r));
  }
  EXPECT_EQ(find(r, "exe")->before, "/bin/proc");
  EXPECT_EQ(find(r, "exe")->after, "/bin/proc (deleted)");
  EXPECT_EQ(find(r, "cmdline")->after, "/bin/proc --evil");
  EXPECT_EQ(find(r, "uids")->before, "1000 1000 1000 1000");
  EXPECT_EQ(find(r, "uids")->after, "0 0 0 0");
  EXPECT_EQ(find(r, "cwd")->pid, 42);
  EXPECT_EQ(find(r, "cwd")->start_time, 100);
  EXPECT_EQ(find(r, "cwd")->subject, "proc");
  for (const auto& c : r.changes) EXPECT_EQ(c.kind, "changed") << c.attribute;
}

TEST(DiffEngine, MovingCountersOnlyWithTheFlag) {
  auto bump = [](P& b) { b.utime = 999; };
  EXPECT_TRUE(time_diff(bump).changes.empty());
  Options o;
  o.show_counters = true;
  const auto r = time_diff(bump, o);
  ASSERT_NE(find(r, "utime"), nullptr);
  EXPECT_EQ(find(r, "utime")->kind, "counter");
  EXPECT_EQ(find(r, "utime")->before, "10");
  EXPECT_NE(find(r, "rchar"), nullptr);
  EXPECT_NE(find(r, "voluntary_ctxt_switches"), nullptr);
}

TEST(DiffEngine, MemoryGrowthAboveThreshold) {
  EXPECT_TRUE(time_diff([](P& b) { b.rss_kb = 1000 + 1024; }).changes.empty());  // +1 MiB < 64 MiB
  const auto r = time_diff([](P& b) { b.rss_kb = 1000 + 70 * 1024; });
  ASSERT_EQ(summary(r), std::vector<std::string>{"processes changed rss rss"});
  EXPECT_EQ(r.changes[0].after, "72680 kB");
  Options o;
  o.mem_threshold_bytes = 512 * 1024;
  EXPECT_EQ(time_diff([](P& b) { b.rss_kb = 1000 + 1024; }, o).changes.size(), 1u);
}

TEST(DiffEngine, FdsOpenedClosedAndRetargeted) {
  const auto r = time_diff([](P& b) { b.fds = {{0, "/dev/null"}, {1, "/var/log/x"}, {5, "/etc/shadow"}}; });
  EXPECT_EQ(summary(r), (std::vector<std::string>{"fds opened fd 5", "fds changed fd 1"}));
  EXPECT_EQ(r.changes[0].after, "/etc/shadow");
  EXPECT_EQ(r.changes[1].before, "/dev/null");
  EXPECT_EQ(r.changes[1].after, "/var/log/x");
}

TEST(DiffEngine, ListenerOpenedIsASocketAndAnFd) {
  Db d;
  d.snapshot(1, "boot-1");
  d.snapshot(2, "boot-1");
  P a;
  a.pid = 42;
  P b = a;
  b.fds.emplace_back(3, "socket:[5555]");
  d.proc(1, a);
  d.proc(2, b);
  d.tcp(2, 5555, "0.0.0.0", 4444, "LISTEN");
  const auto r = procsnap::diff::run_diff(d.conn(), 1, 2, {});
  EXPECT_EQ(summary(r),
            (std::vector<std::string>{"sockets opened listener tcp4 LISTEN 0.0.0.0:4444", "fds opened fd 3"}));
}

TEST(DiffEngine, SocketClosedAndStateChange) {
  Db d;
  d.snapshot(1, "boot-1");
  d.snapshot(2, "boot-1");
  P a;
  a.fds.emplace_back(3, "socket:[10]");
  a.fds.emplace_back(4, "socket:[11]");
  P b = a;
  b.fds.pop_back();
  d.proc(1, a);
  d.proc(2, b);
  d.tcp(1, 10, "::1", 80, "ESTABLISHED", 6);
  d.tcp(1, 11, "127.0.0.1", 81, "LISTEN");
  d.tcp(2, 10, "::1", 80, "CLOSE_WAIT", 6);
  const auto r = procsnap::diff::run_diff(d.conn(), 1, 2, {});
  ASSERT_EQ(summary(r),
            (std::vector<std::string>{"sockets closed listener tcp4 LISTEN 127.0.0.1:81",
                                      "sockets changed socket tcp6 ESTABLISHED [::1]:80", "fds closed fd 4"}));
  EXPECT_EQ(r.changes[1].after, "tcp6 CLOSE_WAIT [::1]:80");
}

TEST(DiffEngine, NewLibraryAndSuspiciousRegions) {
  Db d;
  d.snapshot(1, "boot-1");
  d.snapshot(2, "boot-1");
  P a;
  P b = a;
  b.maps.push_back("/tmp/.hidden/libevil.so");
  d.proc(1, a);
  d.proc(2, b);
  d.map(2, b, 10, "rwxp", std::nullopt, "anon");
  d.map(2, b, 11, "r-xp", std::nullopt, "anon");
  d.map(2, b, 12, "r-xp", "[vdso]", "vdso");  // the kernel's own: never reported
  d.map(1, a, 12, "r-xp", "[vdso]", "vdso");
  const auto r = procsnap::diff::run_diff(d.conn(), 1, 2, {});
  EXPECT_EQ(summary(r), (std::vector<std::string>{"maps added anon_exec 40b000-40c000 r-xp",
                                                  "maps added library /tmp/.hidden/libevil.so",
                                                  "maps added rwx 40a000-40b000 rwxp"}));
}

TEST(DiffEngine, EnvironmentChanges) {
  const auto r = time_diff([](P& b) { b.environ = "PATH=/tmp\0LD_PRELOAD=/tmp/x.so\0"s; });
  EXPECT_EQ(summary(r),
            (std::vector<std::string>{"env removed env HOME", "env added env LD_PRELOAD", "env changed env PATH"}));
  EXPECT_EQ(find(r, "env")->before, "/root");
}

TEST(DiffEngine, UncapturedAttributesAreNotChanges) {
  const auto r = time_diff([](P& b) {
    b.environ.reset();  // environ unreadable in B (EACCES): unknown, not emptied
    b.exe.reset();
    b.fds.clear();
  });
  EXPECT_TRUE(r.changes.empty()) << ::testing::PrintToString(summary(r));
}

TEST(DiffEngine, OnlySelectsCategories) {
  Options o;
  o.only.fill(false);
  o.only[static_cast<std::size_t>(Category::env)] = true;
  const auto r = time_diff(
      [](P& b) {
        b.cwd = "/tmp";
        b.environ = "A=1\0"s;
      },
      o);
  for (const auto& c : r.changes) EXPECT_EQ(c.category, Category::env);
  EXPECT_FALSE(r.changes.empty());
}

TEST(DiffEngine, SystemWideCategoriesInTimeMode) {
  Db d;
  d.snapshot(1, "boot-1");
  d.snapshot(2, "boot-1");
  d.module(1, "ext4");
  d.module(2, "ext4", "OE");
  d.module(2, "rootkit", "OE");
  d.sysctl(1, "kernel.kptr_restrict", "1");
  d.sysctl(2, "kernel.kptr_restrict", "0");
  d.sysctl(1, "fs.file-nr", "1 0 100");  // moves by itself: not a change
  d.sysctl(2, "fs.file-nr", "9 0 100");
  d.mount(1, "/", "ext4");
  d.mount(2, "/", "ext4");
  d.mount(2, "/dev/shm/x", "tmpfs");
  const auto r = procsnap::diff::run_diff(d.conn(), 1, 2, {});
  EXPECT_EQ(summary(r),
            (std::vector<std::string>{"mounts added mount /dev/shm/x", "modules added module rootkit",
                                      "modules changed module ext4", "kernel changed sysctl kernel.kptr_restrict"}));
}

TEST(DiffEngine, AutoPicksHostsForAnotherMachineOrBoot) {
  Db d;
  d.snapshot(1, "boot-1", "m1");
  d.snapshot(2, "boot-2", "m1");
  d.snapshot(3, "boot-3", "m2", "host2", "6.8.0");
  const auto reboot = procsnap::diff::run_diff(d.conn(), 1, 2, {});
  EXPECT_EQ(reboot.mode, Mode::hosts);
  EXPECT_NE(reboot.mode_reason.find("different boot_id"), std::string::npos) << reboot.mode_reason;
  const auto other = procsnap::diff::run_diff(d.conn(), 1, 3, {});
  EXPECT_EQ(other.mode, Mode::hosts);
  EXPECT_NE(other.mode_reason.find("different machine_id"), std::string::npos) << other.mode_reason;
  EXPECT_EQ(summary(other), std::vector<std::string>{"kernel changed release release"});
  Options forced;
  forced.mode = Mode::time;
  const auto f = procsnap::diff::run_diff(d.conn(), 1, 3, forced);
  EXPECT_EQ(f.mode, Mode::time);
  EXPECT_FALSE(f.mode_was_auto);
  EXPECT_FALSE(f.notes.empty());
}

TEST(DiffEngine, HostsModeComparesMultisetsUsersAndListeners) {
  Db d;
  d.snapshot(1, "boot-a", "m1", "web1");
  d.snapshot(2, "boot-b", "m2", "web2");
  P nginx;
  nginx.comm = "nginx";
  nginx.exe = "/usr/sbin/nginx";
  nginx.argv = {"nginx: worker process"};
  for (std::int64_t pid : {10, 11}) {
    P p = nginx;
    p.pid = pid;
    d.proc(1, p);
  }
  for (std::int64_t pid : {500, 501, 502}) {  // other pids, one more worker
    P p = nginx;
    p.pid = pid;
    d.proc(2, p);
  }
  P sshd;
  sshd.pid = 20;
  sshd.exe = "/usr/sbin/sshd";
  sshd.argv = {"sshd: /usr/sbin/sshd -D"};
  sshd.uid = 0;
  sshd.fds.emplace_back(3, "socket:[100]");
  d.proc(1, sshd);
  d.tcp(1, 100, "0.0.0.0", 22, "LISTEN");
  P miner;  // only on B, as another user, listening on a public address
  miner.pid = 600;
  miner.exe = "/tmp/.x/xmrig";
  miner.argv = {"xmrig"};
  miner.uid = 33;
  miner.fds.emplace_back(3, "socket:[200]");
  d.proc(2, miner);
  d.tcp(2, 200, "203.0.113.5", 3333, "LISTEN");
  const auto r = procsnap::diff::run_diff(d.conn(), 1, 2, {});
  EXPECT_EQ(r.mode, Mode::hosts);
  EXPECT_EQ(summary(r), (std::vector<std::string>{
                            "processes removed process /usr/sbin/sshd sshd: /usr/sbin/sshd -D",
                            "processes removed user uid 0", "processes added process /tmp/.x/xmrig xmrig",
                            "processes added process /usr/sbin/nginx nginx: worker process",
                            "processes added user uid 33", "sockets removed listener tcp4 any 22 /usr/sbin/sshd",
                            "sockets added listener tcp4 public 3333 /tmp/.x/xmrig"}));
  const Change* workers = nullptr;
  for (const auto& c : r.changes) {
    if (c.key == "/usr/sbin/nginx nginx: worker process") workers = &c;
  }
  ASSERT_NE(workers, nullptr);
  EXPECT_EQ(workers->before, "2");
  EXPECT_EQ(workers->after, "3");
  EXPECT_FALSE(workers->pid.has_value());
}

TEST(DiffEngine, HostsModeComparesUniquePairsForEnvAndLibraries) {
  Db d;
  d.snapshot(1, "boot-a", "m1");
  d.snapshot(2, "boot-b", "m2");
  P a;
  a.pid = 1;
  P b = a;
  b.pid = 77;
  b.environ = "PATH=/usr/bin\0HOME=/root\0LD_PRELOAD=/lib/x.so\0"s;
  b.maps.push_back("/lib/x.so");
  d.proc(1, a);
  d.proc(2, b);
  const auto r = procsnap::diff::run_diff(d.conn(), 1, 2, {});
  EXPECT_EQ(summary(r), (std::vector<std::string>{"maps added library /lib/x.so", "env added env LD_PRELOAD"}));
  EXPECT_EQ(r.changes[0].subject, "/bin/proc /bin/proc");
  EXPECT_FALSE(r.changes[0].pid.has_value());
}

TEST(DiffEngine, KworkerRenamesAreNotChanges) {
  auto kworker = [](const char* comm) {
    return [comm](P& p) {
      p.comm = comm;
      p.argv.clear();
      p.exe.reset();
      p.environ.reset();
    };
  };
  Db d;
  d.snapshot(1, "boot-1");
  d.snapshot(2, "boot-1");
  P a, b, c, e;
  kworker("kworker/u8:0-ext4-rsv-conversion")(a);
  kworker("kworker/u8:0-writeback")(b);
  c.pid = 2;  // a real rename of a user process still counts
  e = c;
  e.comm = "other";
  d.proc(1, a);
  d.proc(2, b);
  d.proc(1, c);
  d.proc(2, e);
  EXPECT_EQ(summary(procsnap::diff::run_diff(d.conn(), 1, 2, {})),
            std::vector<std::string>{"processes changed comm comm"});
  Options o;
  o.show_counters = true;
  EXPECT_EQ(procsnap::diff::run_diff(d.conn(), 1, 2, o).count(Category::processes), 2u);
}

TEST(DiffEngine, HostsModeNormalizesKernelThreadNames) {
  Db d;
  d.snapshot(1, "boot-a", "m1");
  d.snapshot(2, "boot-b", "m2");
  std::int64_t pid = 1;
  auto kthread = [&](std::int64_t sid, const char* comm) {
    P p;
    p.pid = pid++;
    p.comm = comm;
    p.argv.clear();
    p.exe.reset();
    d.proc(sid, p);
  };
  for (const char* c : {"ksoftirqd/0", "ksoftirqd/1", "kworker/0:1-events", "kworker/u8:3-flush-8:0"}) kthread(1, c);
  for (const char* c : {"ksoftirqd/0", "ksoftirqd/1", "ksoftirqd/2", "kworker/1:0H-kblockd", "kworker/u8:7"}) {
    kthread(2, c);
  }
  const auto r = procsnap::diff::run_diff(d.conn(), 1, 2, {});
  std::map<std::string, std::pair<std::string, std::string>> counts;
  for (const auto& c : r.changes) counts[c.key] = {c.before.value_or(""), c.after.value_or("")};
  ASSERT_EQ(counts.size(), 3u) << ::testing::PrintToString(summary(r));
  EXPECT_EQ(counts["[ksoftirqd/#]"], std::make_pair(std::string("2"), std::string("3")));
  EXPECT_EQ(counts["[kworker/#:#]"], std::make_pair(std::string("1"), std::string("0")));
  EXPECT_EQ(counts["[kworker/#:#H]"], std::make_pair(std::string("0"), std::string("1")));
  EXPECT_FALSE(counts.contains("[kworker/u#:#]"))
      << ::testing::PrintToString(summary(r));  // same count on both sides whatever the workqueue
}

TEST(DiffEngine, MissingSnapshotThrows) {
  Db d;
  d.snapshot(1, "b");
  EXPECT_THROW((void)procsnap::diff::run_diff(d.conn(), 1, 9, {}), std::invalid_argument);
}

TEST(DiffEngine, OutputIsSortedAndDeterministic) {
  auto change = [](P& b) {
    b.cwd = "/tmp";
    b.fds.emplace_back(9, "/x");
    b.environ = "Z=1\0A=2\0"s;
  };
  const auto r1 = time_diff(change);
  const auto r2 = time_diff(change);
  EXPECT_EQ(procsnap::diff::render_json(r1), procsnap::diff::render_json(r2));
  EXPECT_TRUE(std::is_sorted(r1.changes.begin(), r1.changes.end(),
                             [](const Change& x, const Change& y) { return x.category < y.category; }));
}

TEST(DiffText, CountsFirstAndUntrustedTextEscaped) {
  const auto r = time_diff([](P& b) {
    b.cwd = "/tmp/\x1b[31mred\xe2\x80\xae";  // ESC and U+202E (right-to-left override)
  });
  const std::string t = procsnap::diff::render_text(r);
  EXPECT_EQ(t.find('\x1b'), std::string::npos) << t;
  EXPECT_EQ(t.find("\xe2\x80\xae"), std::string::npos) << t;
  EXPECT_NE(t.find("cwd: / -> /tmp/\\x1b[31mred\\u{202e}"), std::string::npos) << t;
  EXPECT_NE(t.find("mode: time (same boot_id boot-1; picked by --mode auto)"), std::string::npos) << t;
  const auto counts = t.find("differences: 1 — processes 1, sockets 0");
  const auto section = t.find("\nprocesses (1: changed 1)\n");
  EXPECT_NE(counts, std::string::npos) << t;
  EXPECT_NE(section, std::string::npos) << t;
  EXPECT_LT(counts, section);
}

TEST(DiffSave, StoresOneRowPerChange) {
  Db d;
  d.snapshot(1, "boot-1");
  d.snapshot(2, "boot-1");
  P a;
  P b = a;
  b.cwd = "/tmp";
  b.fds.emplace_back(7, "/etc/passwd");
  d.proc(1, a);
  d.proc(2, b);
  const auto r = procsnap::diff::run_diff(d.conn(), 1, 2, {});
  const auto id = procsnap::diff::save(d.conn(), r, "test");
  auto st = d.conn().prepare(
      "SELECT r.mode, r.change_count, c.seq, c.category, c.kind, c.attribute, c.key, c.pid, c.before, c.after "
      "FROM diff_runs r JOIN diff_changes c ON c.diff_id = r.id WHERE r.id = ? ORDER BY c.seq");
  st.bind(1, id);
  std::vector<std::string> rows;
  while (st.step()) {
    rows.push_back(std::string(st.column_text(0)) + " " + std::to_string(st.column_int64(1)) + " " +
                   std::to_string(st.column_int64(2)) + " " + std::string(st.column_text(3)) + " " +
                   std::string(st.column_text(4)) + " " + std::string(st.column_text(5)) + " " +
                   std::string(st.column_text(6)) + " " + std::to_string(st.column_int64(7)) + " " +
                   st.column_opt_text(8).value_or("NULL") + " " + st.column_opt_text(9).value_or("NULL"));
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"time 2 1 processes changed cwd cwd 1 / /tmp",
                                            "time 2 2 fds opened fd 7 1 NULL /etc/passwd"}));
  EXPECT_EQ(procsnap::diff::save(d.conn(), r, "test"), id + 1);  // a second save is a second diff
}

TEST(DiffOptions, ParsesSizes) {
  using procsnap::diff::parse_size;
  EXPECT_EQ(parse_size("65536"), 65536u);
  EXPECT_EQ(parse_size("512K"), 512u * 1024);
  EXPECT_EQ(parse_size("64M"), 64u * 1024 * 1024);
  EXPECT_EQ(parse_size("1g"), 1024ull * 1024 * 1024);
  for (const char* bad : {"", "M", "-1", "1.5M", "12X", "99999999999999999999", "18014398509481984K"}) {
    EXPECT_FALSE(parse_size(bad).has_value()) << bad;
  }
  EXPECT_EQ(procsnap::diff::category_from_string("maps"), Category::maps);
  EXPECT_FALSE(procsnap::diff::category_from_string("Maps").has_value());
}

}  // namespace
