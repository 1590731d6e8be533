-- schema/00_snapshots.sql: GENERATED from the table declarations (analyzer/importer/tables/*.cpp, table_decl.hpp) by
-- `procsnap schema --write schema/`. Edit the declarations, not this file.
--
-- Core tables: one row per imported snapshot, the raw members, and everything the importer had to say.
-- Conventions for every table in schema/: STRICT tables; absent values are NULL (never 0, -1 or '');
-- columns holding kernel unsigned 64-bit values are declared ANY and hold an INTEGER when <= 2^63-1, else the
-- exact decimal TEXT; per-process rows are keyed by (snapshot_id, pid, start_time) where start_time is stat
-- field 22 (clock ticks after boot) and NULL when the pid's stat could not be read.

-- One imported archive (a capture of one host at one time).
CREATE TABLE IF NOT EXISTS snapshots (
  id INTEGER PRIMARY KEY,              -- snapshot id used by every other table
  archive_sha256 TEXT NOT NULL UNIQUE, -- SHA-256 of the archive file as imported (re-import is a no-op)
  archive_name TEXT,                   -- file name the archive was imported from (informational)
  state TEXT NOT NULL,                 -- verification: 'verified' (all checks pass, trailer present), 'incomplete' (no trailer, or the stream ended early) or 'hash-mismatch' (any mismatch, missing or unlisted member or chunk; wins over incomplete)
  members_total INTEGER,               -- members read from the archive (including procsnap/ members)
  members_mismatched INTEGER,          -- members and manifest chunks whose SHA-256 or size differs from the manifest / trailer
  members_missing INTEGER,             -- manifest lines (and trailer chunk entries) with a hash whose member never came
  members_unlisted INTEGER,            -- members without a manifest line (or chunks the trailer does not list)
  members_unverified INTEGER,          -- members whose manifest chunk never came (incomplete archive)
  manifest_lines INTEGER,              -- manifest lines read
  process_count INTEGER,               -- processes captured (manifest process lines, else distinct pids)
  container TEXT,                      -- 'tar.zst', 'tar.gz' or 'tar'
  archive_bytes INTEGER,               -- size of the archive file as imported
  damage TEXT,                         -- why the stream ended early (truncated/corrupt archive), NULL when it ended cleanly
  format_version INTEGER,              -- header format_version
  collector_name TEXT,                 -- header collector.name
  collector_version TEXT,              -- header collector.version
  collector_sha256 TEXT,               -- SHA-256 of the collector binary that made the archive
  collector_argv TEXT,                 -- the collector's argv as a JSON array
  collector_uid INTEGER,               -- uid the collector ran as
  collector_cap_eff TEXT,              -- CapEff (hex) the collector ran with
  proc_root TEXT,                      -- /proc root that was read ('/proc' unless --proc-root)
  hostname TEXT,                       -- /proc/sys/kernel/hostname at capture
  machine_id TEXT,                     -- /etc/machine-id of the host
  boot_id TEXT,                        -- /proc/sys/kernel/random/boot_id (one per boot)
  kernel_release TEXT,                 -- uname release
  kernel_version TEXT,                 -- uname version
  arch TEXT,                           -- uname machine
  proc_version TEXT,                   -- /proc/version
  btime INTEGER,                       -- boot time, epoch seconds (from /proc/stat btime)
  clk_tck INTEGER,                     -- clock ticks per second (USER_HZ, sysconf _SC_CLK_TCK) of the tick counts in /proc (stat starttime, utime, ...); where it came from is clk_tck_source
  clk_tck_source TEXT,                 -- 'header' (the header's host.clk_tck: the collector's sysconf on a live /proc), 'assumed' (the header has none, e.g. a --proc-root capture of a relocated tree, or an unusable one: 100, USER_HZ on every Linux architecture but alpha's 1024), 'option' (procsnap import --clk-tck, for every archive of that import)
  page_size INTEGER,                   -- page size in bytes
  pid_max INTEGER,                     -- /proc/sys/kernel/pid_max
  captured_at TEXT,                    -- capture start, UTC ISO-8601
  captured_at_epoch_ns INTEGER,        -- capture start, CLOCK_REALTIME ns
  captured_boottime_ns INTEGER,        -- capture start, CLOCK_BOOTTIME ns
  finished_at TEXT,                    -- capture end from the trailer (NULL when incomplete)
  case_id TEXT,                        -- --case
  examiner TEXT,                       -- --examiner
  note TEXT,                           -- --note
  header_json TEXT NOT NULL,           -- the whole header.json as captured
  trailer_json TEXT,                   -- the whole trailer.json (NULL when incomplete)
  imported_at TEXT NOT NULL            -- when this database imported it, UTC ISO-8601 (analyst's clock)
) STRICT;

-- Every archive member and every manifest line, with the raw bytes: nothing is lost when a parser improves.
CREATE TABLE IF NOT EXISTS members (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  path TEXT NOT NULL,                                    -- archive path, e.g. 'proc/1/stat'
  pid INTEGER,                                           -- pid from the path (NULL for system-wide members)
  tid INTEGER,                                           -- tid from the path (task/<tid>/...), else NULL
  start_time INTEGER,                                    -- the pid's starttime (ticks) if known
  kind TEXT NOT NULL,                                    -- 'file' or 'link' (as stored), or the manifest kind if not stored ('process', 'dir', 'netns-ref', ...)
  status TEXT,                                           -- manifest status (ok, ENOENT, EACCES, truncated, reused, ...); NULL if no manifest line
  reason TEXT,                                           -- manifest reason for skipped/truncated/timeout
  size INTEGER,                                          -- stored bytes (NULL when not stored)
  sha256 TEXT,                                           -- SHA-256 computed at import (NULL when not stored)
  verify TEXT,                                           -- 'ok' (matches the manifest), 'hash-mismatch', 'missing' (listed with a hash, never stored), 'unlisted' (stored, no line), 'not-stored' (line without bytes), 'unverified' (its chunk never came), 'meta' (header/trailer)
  t0_ns INTEGER,                                         -- manifest t0: CLOCK_BOOTTIME ns when reading began (NULL without a line)
  t1_ns INTEGER,                                         -- manifest t1: CLOCK_BOOTTIME ns when reading ended
  manifest TEXT,                                         -- the manifest line as written (JSON; NULL when unlisted)
  data BLOB,                                             -- raw bytes (regular) or raw link target (symlink); NULL when not stored
  PRIMARY KEY (snapshot_id, path)
) STRICT;

-- Parser warnings and verification findings: what could not be read as expected, with an excerpt.
CREATE TABLE IF NOT EXISTS import_issues (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id), -- snapshot
  path TEXT NOT NULL,                                    -- member path ('' for archive-level issues)
  line INTEGER,                                          -- 1-based line in the member, NULL if not line-specific
  excerpt BLOB,                                          -- offending bytes (raw, at most 200; escaped on display)
  message TEXT NOT NULL                                  -- what was wrong
) STRICT;
CREATE INDEX IF NOT EXISTS import_issues_path ON import_issues(snapshot_id, path);

-- Facts about this database file itself (not about any snapshot).
CREATE TABLE IF NOT EXISTS procsnap_meta (
  key TEXT NOT NULL PRIMARY KEY,    -- 'schema_sha256' (SHA-256 of the embedded schema SQL that created it), 'schema_version', 'created_at' (UTC ISO-8601)
  value TEXT NOT NULL               -- the value
) STRICT;
