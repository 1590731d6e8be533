-- schema/50_diff.sql: GENERATED from the table declarations (analyzer/importer/tables/*.cpp, table_decl.hpp) by
-- `procsnap schema --write schema/`. Edit the declarations, not this file.
--
-- Results of `procsnap diff --save`: one diff_runs row per saved comparison and one diff_changes row per
-- difference, so a diff can be joined with the snapshot tables and filtered in SQL. The JSON output of
-- `procsnap diff --format json` carries the same fields (docs/diff-json.md). Text columns hold the snapshot's
-- bytes as captured (escape on display).

-- One saved comparison of snapshot A (before) with snapshot B (after).
CREATE TABLE IF NOT EXISTS diff_runs (
  id INTEGER PRIMARY KEY,                               -- diff id (diff_changes.diff_id)
  snapshot_a INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot A, the "before" side
  snapshot_b INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot B, the "after" side
  mode TEXT NOT NULL,                                   -- 'time' (same boot: processes matched by pid and start_time) or 'hosts' (matched as multisets of exe and cmdline)
  mode_auto INTEGER NOT NULL,                           -- 1 when --mode auto picked the mode, 0 when the user chose it
  mode_reason TEXT NOT NULL,                            -- why that mode, e.g. 'same boot_id ...' or 'different machine_id (...)'
  categories TEXT NOT NULL,                             -- compared categories, comma-separated (processes,sockets,maps,fds,env,mounts,modules,kernel)
  show_counters INTEGER NOT NULL,                       -- 1 when counters that always move (cpu times, faults, io, ctxt switches) were reported
  mem_threshold_bytes INTEGER NOT NULL,                 -- resident-memory growth (bytes) from which a process is reported (attribute 'rss')
  change_count INTEGER NOT NULL,                        -- number of diff_changes rows of this diff
  notes TEXT,                                           -- what could not be compared and why, one note per line; NULL when none
  procsnap_version TEXT,                                -- version of procsnap that computed the diff
  created_at TEXT NOT NULL                              -- when the diff was saved, UTC ISO-8601 (analyst's clock)
) STRICT;

-- One difference between the two snapshots of a diff (docs/diff-json.md describes every kind and attribute).
CREATE TABLE IF NOT EXISTS diff_changes (
  diff_id INTEGER NOT NULL REFERENCES diff_runs(id), -- the diff (diff_runs.id)
  seq INTEGER NOT NULL,                              -- position in the diff's output order (category, pid, start_time, kind, attribute, key)
  category TEXT NOT NULL,                            -- processes, sockets, maps, fds, env, mounts, modules or kernel
  kind TEXT NOT NULL,                                -- change kind: started, exited, changed, counter (processes, time mode); added, removed (hosts-mode multisets, maps, env, mounts, modules, kernel); opened, closed, changed (fds, sockets)
  attribute TEXT NOT NULL,                           -- what changed: comm, cmdline, exe, cwd, root, uids, gids, groups, cap_*, ns:<name>, cgroup, ppid, nice, priority, threads, state, rss, a counter name, process, user, fd, socket, listener, library, anon_exec, rwx, env, mount, module, release, version, cmdline, sysctl
  key TEXT NOT NULL,                                 -- the item within (category, pid, start_time, attribute): fd number, variable name, socket, library path, region, mount point, module or sysctl name, 'exe cmdline' of a hosts-mode process group, or the pid of a started/exited process
  pid INTEGER,                                       -- the process (time mode); NULL for system-wide and hosts-mode changes
  start_time INTEGER,                                -- the process's stat starttime (ticks after boot): B's for 'started', A's otherwise; NULL with pid NULL or unknown
  subject TEXT,                                      -- who, for a reader: the process's comm (time mode), the 'exe cmdline' of a hosts-mode pair; NULL when none
  before TEXT,                                       -- value in snapshot A (hosts-mode multisets: the count in A); NULL when absent in A
  after TEXT,                                        -- value in snapshot B (hosts-mode multisets: the count in B); NULL when absent in B
  PRIMARY KEY (diff_id, seq)
) STRICT;
CREATE INDEX IF NOT EXISTS diff_changes_process ON diff_changes(diff_id, pid, start_time);
