-- id: name-mismatch
-- title: Process names disagree (comm, status Name, exe basename, argv[0])
-- severity: low
-- mitre: T1036.005
-- why: comm (prctl PR_SET_NAME) and argv[0] can be set to anything; the exe link cannot. A process whose
--   comm agrees with none of its exe basename, argv[0] or argv[1] (scripts), or whose exe outside the
--   system directories (symlinked alternatives live there) agrees with none of comm, argv[0], argv[1],
--   has been renamed: malware names itself sshd, cron or kworker. comm is compared to at most its 15 bytes, prefixes count as agreement (python3 / python3.12,
--   "sshd: root@pts/0"), and an allow-list covers known renamers.
-- benign: Daemons that rename their workers (sshd, postgres, nginx, php-fpm, postfix, systemd's (sd-pam)),
--   alternatives and multi-call binaries (sh -> dash, vi -> vim.basic, busybox), language runtimes whose
--   threads or launchers set a name (java, node, chrome), wrappers (sudo, env). Compare with the parent.
WITH p AS (
  SELECT s.snapshot_id, s.pid, s.comm, st.name AS status_name,
         (SELECT a.arg FROM proc_cmdline_args a
           WHERE a.snapshot_id = s.snapshot_id AND a.pid = s.pid AND a.idx = 0) AS argv0,
         (SELECT a.arg FROM proc_cmdline_args a
           WHERE a.snapshot_id = s.snapshot_id AND a.pid = s.pid AND a.idx = 1) AS argv1,
         (SELECT replace(l.target, ' (deleted)', '') FROM proc_links l
           WHERE l.snapshot_id = s.snapshot_id AND l.pid = s.pid AND l.name = 'exe') AS exe
  FROM proc_stat s
  LEFT JOIN proc_status st ON st.snapshot_id = s.snapshot_id AND st.pid = s.pid
  WHERE s.snapshot_id = :snapshot_id AND s.kthread IS NOT 1
),
b AS (
  SELECT *,
         replace(exe, rtrim(exe, replace(exe, '/', '')), '') AS exe_base,
         replace(argv0, rtrim(argv0, replace(argv0, '/', '')), '') AS argv0_base,
         replace(argv1, rtrim(argv1, replace(argv1, '/', '')), '') AS argv1_base
  FROM p WHERE exe IS NOT NULL AND comm IS NOT NULL
),
m AS (
  SELECT *,
    -- agree(x, y): one is a prefix of the other (comm is cut at 15 bytes), neither empty
    (exe_base <> '' AND (substr(exe_base, 1, length(comm)) = comm OR substr(comm, 1, length(exe_base)) = exe_base
                         OR instr(exe_base, comm) > 0))
      AS comm_exe,
    (argv0_base <> '' AND (substr(argv0_base, 1, length(comm)) = comm OR substr(comm, 1, length(argv0_base)) = argv0_base))
      AS comm_argv0,
    (argv1_base <> '' AND (substr(argv1_base, 1, length(comm)) = comm OR substr(comm, 1, length(argv1_base)) = argv1_base))
      AS comm_argv1,
    (argv0_base <> '' AND (substr(argv0_base, 1, length(exe_base)) = exe_base OR substr(exe_base, 1, length(argv0_base)) = argv0_base))
      AS exe_argv0,
    (argv1_base <> '' AND (substr(argv1_base, 1, length(exe_base)) = exe_base OR substr(exe_base, 1, length(argv1_base)) = argv1_base))
      AS exe_argv1
  FROM b
)
SELECT pid, comm, status_name, exe, argv0,
       CASE WHEN status_name IS NOT NULL AND status_name <> comm AND instr(status_name, '\') = 0
            THEN 'comm <> status Name'
            WHEN NOT (coalesce(comm_exe, 0) OR coalesce(comm_argv0, 0) OR coalesce(comm_argv1, 0))
            THEN 'comm matches neither exe nor argv'
            ELSE 'exe basename matches neither comm nor argv' END AS disagreement
FROM m
WHERE (status_name IS NOT NULL AND status_name <> comm AND instr(status_name, '\') = 0)
   OR ((NOT (coalesce(comm_exe, 0) OR coalesce(comm_argv0, 0) OR coalesce(comm_argv1, 0))
        OR (NOT (coalesce(comm_exe, 0) OR coalesce(exe_argv0, 0) OR coalesce(exe_argv1, 0))
            AND NOT (exe GLOB '/usr/*' OR exe GLOB '/bin/*' OR exe GLOB '/sbin/*' OR exe GLOB '/lib*'
                     OR exe GLOB '/opt/*' OR exe GLOB '/snap/*' OR exe GLOB '/nix/store/*')))
       AND exe_base NOT IN ('busybox', 'toybox', 'dash', 'bash', 'sshd', 'sshd-session', 'postgres', 'nginx',
                            'php-fpm', 'master', 'systemd', 'systemd-executor', 'sudo', 'env', 'java',
                            'node', 'chrome', 'chromium', 'firefox', 'firefox-bin', 'electron', 'code',
                            'vim.basic', 'vim.tiny', 'mawk', 'gawk', 'snapd', 'containerd-shim-runc-v2',
                            'runc', 'flatpak-bwrap', 'bwrap', 'Xorg', 'Xwayland', 'gnome-shell')
       AND comm NOT IN ('(sd-pam)', 'sd-pam', '(sd-executor)', 'sh', 'bash', 'login', 'systemd-userwor'))
ORDER BY pid
-- clickhouse:
SELECT snapshot_key, pid, comm, status_name, exe, argv0,
       multiIf(status_differs = 1, 'comm <> status Name',
               NOT (comm_exe OR comm_argv0 OR comm_argv1), 'comm matches neither exe nor argv',
               'exe basename matches neither comm nor argv') AS disagreement
FROM (
  SELECT snapshot_key, pid, comm, status_name, exe, argv0, exe_base,
         ifNull(isNotNull(status_name) AND status_name != comm AND position(status_name, '\\') = 0, 0)
           AS status_differs,
         -- agree(x, y): one is a prefix of the other (comm is cut at 15 bytes), neither empty; NULL counts as 0
         ifNull(exe_base != '' AND (substring(exe_base, 1, length(comm)) = comm
                                    OR substring(comm, 1, length(exe_base)) = exe_base
                                    OR position(exe_base, comm) > 0), 0) AS comm_exe,
         ifNull(argv0_base != '' AND (substring(argv0_base, 1, length(comm)) = comm
                                      OR substring(comm, 1, length(argv0_base)) = argv0_base), 0) AS comm_argv0,
         ifNull(argv1_base != '' AND (substring(argv1_base, 1, length(comm)) = comm
                                      OR substring(comm, 1, length(argv1_base)) = argv1_base), 0) AS comm_argv1,
         ifNull(argv0_base != '' AND (substring(argv0_base, 1, length(exe_base)) = exe_base
                                      OR substring(exe_base, 1, length(argv0_base)) = argv0_base), 0) AS exe_argv0,
         ifNull(argv1_base != '' AND (substring(argv1_base, 1, length(exe_base)) = exe_base
                                      OR substring(exe_base, 1, length(argv1_base)) = argv1_base), 0) AS exe_argv1
  FROM (
    -- basename: what follows the last '/' (all of it without one)
    SELECT y.snapshot_key AS snapshot_key, y.pid AS pid, y.comm AS comm, y.status_name AS status_name,
           y.exe AS exe, a.argv0 AS argv0,
           if(position(y.exe, '/') = 0, y.exe,
              substring(y.exe, length(y.exe) - position(reverse(y.exe), '/') + 2)) AS exe_base,
           if(position(a.argv0, '/') = 0, a.argv0,
              substring(a.argv0, length(a.argv0) - position(reverse(a.argv0), '/') + 2)) AS argv0_base,
           if(position(a.argv1, '/') = 0, a.argv1,
              substring(a.argv1, length(a.argv1) - position(reverse(a.argv1), '/') + 2)) AS argv1_base
    FROM (
      SELECT x.snapshot_key AS snapshot_key, x.pid AS pid, x.comm AS comm, x.status_name AS status_name,
             replaceAll(e.target, ' (deleted)', '') AS exe
      FROM (
        SELECT s.snapshot_key AS snapshot_key, s.pid AS pid, s.comm AS comm, st.name AS status_name
        FROM proc_stat AS s
        LEFT JOIN (SELECT snapshot_key, pid, name FROM proc_status WHERE snapshot_key IN :snapshot_keys) AS st
          ON st.snapshot_key = s.snapshot_key AND st.pid = s.pid
        WHERE s.snapshot_key IN :snapshot_keys AND ifNull(s.kthread != 1, 1) = 1 AND isNotNull(s.comm)
      ) AS x
      INNER JOIN (SELECT snapshot_key, pid, any(target) AS target FROM proc_links
                  WHERE snapshot_key IN :snapshot_keys AND name = 'exe' GROUP BY snapshot_key, pid) AS e
        ON e.snapshot_key = x.snapshot_key AND e.pid = x.pid
    ) AS y
    LEFT JOIN (SELECT snapshot_key, pid, anyIf(arg, idx = 0) AS argv0, anyIf(arg, idx = 1) AS argv1
               FROM proc_cmdline_args
               WHERE snapshot_key IN :snapshot_keys AND idx IN (0, 1) GROUP BY snapshot_key, pid) AS a
      ON a.snapshot_key = y.snapshot_key AND a.pid = y.pid
  )
)
-- GLOB 'p*' is a case-sensitive prefix match, as ClickHouse's LIKE 'p%' (no _ in these prefixes)
WHERE status_differs = 1
   OR ((NOT (comm_exe OR comm_argv0 OR comm_argv1)
        OR (NOT (comm_exe OR exe_argv0 OR exe_argv1)
            AND NOT (exe LIKE '/usr/%' OR exe LIKE '/bin/%' OR exe LIKE '/sbin/%' OR exe LIKE '/lib%'
                     OR exe LIKE '/opt/%' OR exe LIKE '/snap/%' OR exe LIKE '/nix/store/%')))
       AND exe_base NOT IN ('busybox', 'toybox', 'dash', 'bash', 'sshd', 'sshd-session', 'postgres', 'nginx',
                            'php-fpm', 'master', 'systemd', 'systemd-executor', 'sudo', 'env', 'java',
                            'node', 'chrome', 'chromium', 'firefox', 'firefox-bin', 'electron', 'code',
                            'vim.basic', 'vim.tiny', 'mawk', 'gawk', 'snapd', 'containerd-shim-runc-v2',
                            'runc', 'flatpak-bwrap', 'bwrap', 'Xorg', 'Xwayland', 'gnome-shell')
       AND comm NOT IN ('(sd-pam)', 'sd-pam', '(sd-executor)', 'sh', 'bash', 'login', 'systemd-userwor'))
ORDER BY snapshot_key, pid
