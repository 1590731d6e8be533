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
