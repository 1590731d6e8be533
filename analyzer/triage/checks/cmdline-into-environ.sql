-- id: cmdline-into-environ
-- title: Command line runs on into the environment block (setproctitle-style overwrite)
-- severity: low
-- mitre: T1036
-- why: The kernel's argv area ends at arg_end (stat field 49). A cmdline longer than arg_end - arg_start means
--   the process wrote its argv area and beyond, over its environment (the kernel then shows the rewritten
--   text): how a process replaces the command line ps shows, e.g. to pose as another program.
-- benign: setproctitle() users do exactly this to show status: sshd, postgres, nginx, php-fpm, postfix,
--   pgbouncer, Ruby/Python daemons using setproctitle. Compare the shown cmdline with exe.
SELECT c.pid, s.comm, c.cmdline, length(c.raw) AS cmdline_bytes, s.arg_end - s.arg_start AS argv_area_bytes,
       c.setproctitle,
       (SELECT l.target FROM proc_links l
         WHERE l.snapshot_id = c.snapshot_id AND l.pid = c.pid AND l.name = 'exe') AS exe
FROM proc_cmdline c
JOIN proc_stat s ON s.snapshot_id = c.snapshot_id AND s.pid = c.pid
WHERE c.snapshot_id = :snapshot_id
  AND typeof(s.arg_end) = 'integer' AND typeof(s.arg_start) = 'integer' AND s.arg_end > s.arg_start
  AND length(c.raw) > s.arg_end - s.arg_start
ORDER BY c.pid
-- clickhouse:
SELECT x.snapshot_key AS snapshot_key, x.pid AS pid, x.comm AS comm, x.cmdline AS cmdline,
       x.cmdline_bytes AS cmdline_bytes, x.argv_area_bytes AS argv_area_bytes, x.setproctitle AS setproctitle,
       e.exe AS exe
FROM (
  SELECT c.snapshot_key AS snapshot_key, c.pid AS pid, s.comm AS comm, c.cmdline AS cmdline,
         length(c.raw) AS cmdline_bytes, s.arg_end - s.arg_start AS argv_area_bytes, c.setproctitle AS setproctitle
  FROM proc_cmdline AS c
  INNER JOIN (SELECT snapshot_key, pid, comm, arg_start, arg_end FROM proc_stat
              WHERE snapshot_key IN :snapshot_keys) AS s
    ON s.snapshot_key = c.snapshot_key AND s.pid = c.pid
  -- SQLite's typeof(...) = 'integer': the u64 is at most 2^63-1 (above it SQLite holds decimal TEXT)
  WHERE c.snapshot_key IN :snapshot_keys
    AND s.arg_end <= 9223372036854775807 AND s.arg_start <= 9223372036854775807 AND s.arg_end > s.arg_start
    AND length(c.raw) > s.arg_end - s.arg_start
) AS x
LEFT JOIN (SELECT snapshot_key, pid, any(target) AS exe FROM proc_links
           WHERE snapshot_key IN :snapshot_keys AND name = 'exe' GROUP BY snapshot_key, pid) AS e
  ON e.snapshot_key = x.snapshot_key AND e.pid = x.pid
ORDER BY snapshot_key, pid
