#pragma once
// Hand-built snapshots for the triage tests: an in-memory database with the real schema
// (importer::schema_files()) and a "clean host" of a few ordinary processes, as SQL the tests extend with one
// planted indicator each.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "importer/schema_sql.hpp"
#include "triage/triage.hpp"

namespace procsnap::triage::testing {

// Snapshot 1: pid 1 systemd (root, full caps), 2 kthreadd, 10 a kworker, 100 sshd listening on 0.0.0.0:22,
// 200 bash (uid 1000) on a terminal, 300 python3 script. Every table a check reads has clean rows.
inline constexpr const char* k_clean_sql = R"SQL(
INSERT INTO snapshots(id, archive_sha256, state, hostname, collector_argv, pid_max, header_json, imported_at)
VALUES (1, 'aa', 'verified', 'host1', '["procsnap-collect","-o","x.tar"]', 4194304, '{}', '2026-11-29T00:00:00Z');
INSERT INTO members(snapshot_id, path, pid, kind) VALUES
 (1, 'proc/1', 1, 'process'), (1, 'proc/2', 2, 'process'), (1, 'proc/10', 10, 'process'),
 (1, 'proc/100', 100, 'process'), (1, 'proc/200', 200, 'process'), (1, 'proc/300', 300, 'process');
INSERT INTO proc_stat(snapshot_id, pid, start_time, stat_pid, comm, ppid, flags, kthread, arg_start, arg_end) VALUES
 (1, 1, 5, 1, 'systemd', 0, 4194560, 0, 1000, 1022),
 (1, 2, 5, 2, 'kthreadd', 0, 2129984, 1, NULL, NULL),
 (1, 10, 6, 10, 'kworker/0:1', 2, 69238880, 1, NULL, NULL),
 (1, 100, 50, 100, 'sshd', 1, 4194560, 0, 1000, 1016),
 (1, 200, 70, 200, 'bash', 100, 4194560, 0, 1000, 1005),
 (1, 300, 80, 300, 'backup.py', 200, 4194560, 0, 1000, 1033);
INSERT INTO proc_status(snapshot_id, pid, start_time, name, tgid, status_pid, ppid, tracer_pid, uid_real,
                        uid_effective, cap_eff, nstgid_outermost) VALUES
 (1, 1, 5, 'systemd', 1, 1, 0, 0, 0, 0, '000001ffffffffff', 1),
 (1, 2, 5, 'kthreadd', 2, 2, 0, 0, 0, 0, '000001ffffffffff', 2),
 (1, 10, 6, 'kworker/0:1', 10, 10, 2, 0, 0, 0, '000001ffffffffff', 10),
 (1, 100, 50, 'sshd', 100, 100, 1, 0, 0, 0, '000001ffffffffff', 100),
 (1, 200, 70, 'bash', 200, 200, 100, 0, 1000, 1000, '0000000000000000', 200),
 (1, 300, 80, 'backup.py', 300, 300, 200, 0, 1000, 1000, '0000000000000000', 300);
INSERT INTO proc_links(snapshot_id, pid, start_time, name, target, type, deleted) VALUES
 (1, 1, 5, 'exe', '/usr/lib/systemd/systemd', 'file', 0),
 (1, 100, 50, 'exe', '/usr/sbin/sshd', 'file', 0),
 (1, 200, 70, 'exe', '/usr/bin/bash', 'file', 0),
 (1, 300, 80, 'exe', '/usr/bin/python3.12', 'file', 0);
INSERT INTO proc_cmdline(snapshot_id, pid, start_time, raw, argc, cmdline) VALUES
 (1, 1, 5, CAST(zeroblob(22) AS BLOB), 2, '/sbin/init splash'),
 (1, 100, 50, CAST(zeroblob(16) AS BLOB), 1, 'sshd: /usr/sbin/sshd'),
 (1, 200, 70, CAST(zeroblob(5) AS BLOB), 1, 'bash'),
 (1, 300, 80, CAST(zeroblob(33) AS BLOB), 2, '/usr/bin/python3 /opt/backup.py');
INSERT INTO proc_cmdline_args(snapshot_id, pid, start_time, idx, arg) VALUES
 (1, 1, 5, 0, '/sbin/init'), (1, 1, 5, 1, 'splash'),
 (1, 100, 50, 0, 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'),
 (1, 200, 70, 0, '-bash'),
 (1, 300, 80, 0, '/usr/bin/python3'), (1, 300, 80, 1, '/opt/backup.py');
INSERT INTO proc_environ_vars(snapshot_id, pid, start_time, idx, key, value) VALUES
 (1, 200, 70, 0, 'PATH', '/usr/bin:/bin'), (1, 200, 70, 1, 'LD_PRELOAD', ''), (1, 300, 80, 0, 'HOME', '/root');
INSERT INTO proc_maps(snapshot_id, pid, start_time, line, start_hex, end_hex, perms, perm_read, perm_write,
                      perm_exec, shared, path, path_kind, deleted) VALUES
 (1, 200, 70, 1, '5600', '5700', 'r-xp', 1, 0, 1, 0, '/usr/bin/bash', 'file', 0),
 (1, 200, 70, 2, '7f00', '7f10', 'r-xp', 1, 0, 1, 0, '/usr/lib/x86_64-linux-gnu/libc.so.6', 'file', 0),
 (1, 200, 70, 3, '7f20', '7f30', 'rw-p', 1, 1, 0, 0, NULL, 'anon', 0),
 (1, 200, 70, 4, '7ffd', '7ffe', 'rw-p', 1, 1, 0, 0, '[stack]', 'stack', 0),
 (1, 200, 70, 5, '7fff', '8000', 'r-xp', 1, 0, 1, 0, '[vdso]', 'vdso', 0),
 (1, 300, 80, 1, '7e00', '7e10', 'r--s', 1, 0, 0, 1, '/dev/shm/cache', 'file', 0),
 (1, 300, 80, 2, '7e20', '7e30', 'rw-p', 1, 1, 0, 0, '/tmp/data.bin (deleted)', 'deleted', 1);
INSERT INTO proc_fds(snapshot_id, pid, start_time, fd, target, type, deleted, inode) VALUES
 (1, 100, 50, 3, 'socket:[5000]', 'socket', 0, 5000),
 (1, 200, 70, 0, '/dev/pts/0', 'file', 0, NULL), (1, 200, 70, 1, '/dev/pts/0', 'file', 0, NULL),
 (1, 200, 70, 2, '/dev/pts/0', 'file', 0, NULL), (1, 200, 70, 3, 'socket:[6000]', 'socket', 0, 6000),
 (1, 300, 80, 0, 'socket:[7000]', 'socket', 0, 7000);
INSERT INTO net_tcp(snapshot_id, netns, line, family, protocol, local_address, local_port, remote_address,
                    remote_port, state, state_name, inode) VALUES
 (1, 4026531840, 1, 4, 6, '0.0.0.0', 22, '0.0.0.0', 0, 10, 'LISTEN', 5000),
 (1, 4026531840, 2, 4, 6, '10.0.0.5', 22, '10.0.0.9', 51000, 1, 'ESTABLISHED', 6000);
INSERT INTO net_unix(snapshot_id, netns, line, type, state, inode, path) VALUES
 (1, 4026531840, 1, 1, 3, 7000, '/run/backup.sock');
INSERT INTO net_netlink(snapshot_id, netns, line, protocol, portid, inode) VALUES
 (1, 4026531840, 1, 0, 100, 8000), (1, 4026531840, 2, 0, -4122, 8001);
INSERT INTO proc_namespaces(snapshot_id, pid, start_time, name, type, inode, target) VALUES
 (1, 1, 5, 'user', 'user', 4026531837, 'user:[4026531837]'), (1, 1, 5, 'pid', 'pid', 4026531836, 'pid:[4026531836]'),
 (1, 200, 70, 'user', 'user', 4026531837, 'user:[4026531837]');
INSERT INTO task_children(snapshot_id, pid, tid, start_time, idx, child_pid) VALUES
 (1, 1, 1, 5, 0, 100), (1, 100, 100, 50, 0, 200), (1, 200, 200, 70, 0, 300);
INSERT INTO proc_mountinfo(snapshot_id, pid, start_time, line, mount_id, parent_id, root, mount_point, unbindable,
                           fs_type, source) VALUES
 (1, 1, 5, 1, 20, 1, '/', '/', 0, 'ext4', '/dev/vda1'),
 (1, 1, 5, 2, 21, 20, '/', '/proc', 0, 'proc', 'proc'),
 (1, 1, 5, 3, 22, 21, '/', '/proc/sys/fs/binfmt_misc', 0, 'autofs', 'systemd-1');
INSERT INTO sys_sysctl(snapshot_id, name, path, value) VALUES
 (1, 'kernel.tainted', 'kernel/tainted', '0'), (1, 'kernel.pid_max', 'kernel/pid_max', '4194304');
)SQL";

class TriageDb {
 public:
  TriageDb() : conn_(":memory:", db::Connection::Mode::read_write_create) {
    for (const auto& f : importer::schema_files()) conn_.exec(f.sql);
    conn_.exec(k_clean_sql);
    std::vector<std::string> errors;
    checks_ = load_checks(errors);
    EXPECT_TRUE(errors.empty()) << errors.front();
  }
  db::Connection& conn() { return conn_; }
  const std::vector<Check>& checks() const { return checks_; }
  [[nodiscard]] const Check* check(std::string_view id) const {
    const auto it = std::find_if(checks_.begin(), checks_.end(), [&](const Check& c) { return c.id == id; });
    return it == checks_.end() ? nullptr : &*it;
  }
  /// Runs one check on snapshot 1 (every severity).
  [[nodiscard]] Report run(std::string_view id) {
    const Check* c = check(id);
    EXPECT_NE(c, nullptr) << id;
    if (c == nullptr) return {};
    return run_checks(conn_, 1, std::span<const Check>(c, 1), RunOptions{.min_severity = Severity::low, .max_rows = 0});
  }
  /// Values of column `col` in the rows of the finding (empty when the check found nothing).
  [[nodiscard]] std::vector<std::string> column(std::string_view id, std::string_view col) {
    const Report r = run(id);
    EXPECT_TRUE(r.failures.empty()) << id << ": " << (r.failures.empty() ? "" : r.failures.front().message);
    std::vector<std::string> out;
    for (const auto& f : r.findings) {
      const auto it = std::find(f.columns.begin(), f.columns.end(), col);
      EXPECT_NE(it, f.columns.end()) << id << " has no column " << col;
      if (it == f.columns.end()) continue;
      const auto i = static_cast<std::size_t>(it - f.columns.begin());
      for (const auto& row : f.rows) out.push_back(row[i].bytes);
    }
    return out;
  }

 private:
  db::Connection conn_;
  std::vector<Check> checks_;
};

}  // namespace procsnap::triage::testing
