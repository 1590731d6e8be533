-- id: reverse-shell
-- title: Shell or interpreter with stdin, stdout or stderr on a network socket
-- severity: high
-- mitre: T1059.004
-- why: An interactive shell normally talks to a terminal or a pipe. A shell or script interpreter whose
--   standard descriptors (0, 1, 2) are an IP socket is the shape of a reverse or bind shell
--   (bash -i >& /dev/tcp/..., nc -e /bin/sh, python pty spawns). Unix-domain sockets are not reported.
-- benign: inetd/xinetd or systemd socket-activated (Accept=yes) services implemented as scripts,
--   "sshd -i", remote-execution agents that wire a shell straight to a TCP connection.
WITH procs AS (
  SELECT s.snapshot_id, s.pid, s.comm,
         (SELECT l.target FROM proc_links l
           WHERE l.snapshot_id = s.snapshot_id AND l.pid = s.pid AND l.name = 'exe') AS exe
  FROM proc_stat s WHERE s.snapshot_id = :snapshot_id AND s.kthread IS NOT 1
),
shells AS (
  SELECT *, replace(replace(exe, ' (deleted)', ''), rtrim(replace(exe, ' (deleted)', ''),
                    replace(replace(exe, ' (deleted)', ''), '/', '')), '') AS exe_base
  FROM procs
),
sh AS (
  SELECT * FROM shells
  WHERE comm IN ('sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'csh', 'tcsh', 'fish', 'busybox', 'nc',
                 'ncat', 'netcat', 'nc.openbsd', 'nc.traditional', 'socat', 'telnet', 'tclsh', 'expect', 'node',
                 'awk', 'gawk', 'mawk', 'pwsh')
     OR comm GLOB 'python*' OR comm GLOB 'perl*' OR comm GLOB 'ruby*' OR comm GLOB 'php*' OR comm GLOB 'lua*'
     OR exe_base IN ('sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'csh', 'tcsh', 'fish', 'busybox',
                     'nc', 'ncat', 'netcat', 'nc.openbsd', 'nc.traditional', 'socat', 'telnet', 'node', 'pwsh')
     OR exe_base GLOB 'python*' OR exe_base GLOB 'perl*' OR exe_base GLOB 'ruby*' OR exe_base GLOB 'php*'
),
socks AS (
  SELECT f.snapshot_id, f.pid, f.fd, f.inode FROM proc_fds f
  WHERE f.snapshot_id = :snapshot_id AND f.fd IN (0, 1, 2) AND f.type = 'socket'
    AND NOT EXISTS (SELECT 1 FROM net_unix u WHERE u.snapshot_id = f.snapshot_id AND u.inode = f.inode)
)
SELECT sh.pid, sh.comm, sh.exe, substr(CASE WHEN max(socks.fd = 0) THEN ',0' ELSE '' END
                                    || CASE WHEN max(socks.fd = 1) THEN ',1' ELSE '' END
                                    || CASE WHEN max(socks.fd = 2) THEN ',2' ELSE '' END, 2) AS fds, socks.inode AS socket_inode,
       coalesce(t.family, u.family) AS family, CASE WHEN t.inode IS NOT NULL THEN 'tcp'
                                                   WHEN u.inode IS NOT NULL THEN 'udp' END AS proto,
       coalesce(t.local_address, u.local_address) || ':' || coalesce(t.local_port, u.local_port) AS local,
       coalesce(t.remote_address, u.remote_address) || ':' || coalesce(t.remote_port, u.remote_port) AS remote,
       coalesce(t.state_name, u.state_name) AS state
FROM sh
JOIN socks ON socks.snapshot_id = sh.snapshot_id AND socks.pid = sh.pid
LEFT JOIN net_tcp t ON t.snapshot_id = socks.snapshot_id AND t.inode = socks.inode
LEFT JOIN net_udp u ON u.snapshot_id = socks.snapshot_id AND u.inode = socks.inode
GROUP BY sh.pid, socks.inode
ORDER BY sh.pid, socks.inode
-- clickhouse:
SELECT k.snapshot_key AS snapshot_key, k.pid AS pid, any(k.comm) AS comm, any(k.exe) AS exe,
       substring(concat(if(countIf(k.fd = 0) > 0, ',0', ''), if(countIf(k.fd = 1) > 0, ',1', ''),
                        if(countIf(k.fd = 2) > 0, ',2', '')), 2) AS fds,
       k.inode AS socket_inode, any(coalesce(k.t_family, u.family)) AS family,
       any(multiIf(isNotNull(k.t_matched), 'tcp', isNotNull(u.u_matched), 'udp', NULL)) AS proto,
       any(concat(coalesce(k.t_local_address, u.local_address), ':',
                  toString(coalesce(k.t_local_port, u.local_port)))) AS local,
       any(concat(coalesce(k.t_remote_address, u.remote_address), ':',
                  toString(coalesce(k.t_remote_port, u.remote_port)))) AS remote,
       any(coalesce(k.t_state_name, u.state_name)) AS state
FROM (
  SELECT j.snapshot_key AS snapshot_key, j.pid AS pid, j.comm AS comm, j.exe AS exe, j.fd AS fd, j.inode AS inode,
         t.family AS t_family, t.t_matched AS t_matched, t.local_address AS t_local_address, t.local_port AS t_local_port,
         t.remote_address AS t_remote_address, t.remote_port AS t_remote_port, t.state_name AS t_state_name
  FROM (
    SELECT sh.snapshot_key AS snapshot_key, sh.pid AS pid, sh.comm AS comm, sh.exe AS exe, socks.fd AS fd,
           socks.inode AS inode
    FROM (
      -- shells and the like, by comm or by the executable's basename
      SELECT p.snapshot_key AS snapshot_key, p.pid AS pid, p.comm AS comm, e.exe AS exe,
             if(position(replaceAll(e.exe, ' (deleted)', ''), '/') = 0, replaceAll(e.exe, ' (deleted)', ''),
                substring(replaceAll(e.exe, ' (deleted)', ''),
                          length(replaceAll(e.exe, ' (deleted)', ''))
                          - position(reverse(replaceAll(e.exe, ' (deleted)', '')), '/') + 2)) AS exe_base
      FROM (SELECT snapshot_key, pid, comm FROM proc_stat
            WHERE snapshot_key IN :snapshot_keys AND ifNull(kthread != 1, 1) = 1) AS p
      LEFT JOIN (SELECT snapshot_key, pid, any(target) AS exe FROM proc_links
                 WHERE snapshot_key IN :snapshot_keys AND name = 'exe' GROUP BY snapshot_key, pid) AS e
        ON e.snapshot_key = p.snapshot_key AND e.pid = p.pid
      WHERE ifNull(p.comm IN ('sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'csh', 'tcsh', 'fish', 'busybox', 'nc',
                              'ncat', 'netcat', 'nc.openbsd', 'nc.traditional', 'socat', 'telnet', 'tclsh', 'expect',
                              'node', 'awk', 'gawk', 'mawk', 'pwsh'), 0) = 1
         OR ifNull(match(p.comm, '^(python|perl|ruby|php|lua)'), 0) = 1
         OR ifNull(exe_base IN ('sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'csh', 'tcsh', 'fish', 'busybox',
                                'nc', 'ncat', 'netcat', 'nc.openbsd', 'nc.traditional', 'socat', 'telnet', 'node',
                                'pwsh'), 0) = 1
         OR ifNull(match(exe_base, '^(python|perl|ruby|php)'), 0) = 1
    ) AS sh
    INNER JOIN (
      -- sockets on stdin/stdout/stderr that are not unix sockets
      SELECT snapshot_key, pid, fd, inode FROM proc_fds
      WHERE snapshot_key IN :snapshot_keys AND fd IN (0, 1, 2) AND type = 'socket'
        AND (snapshot_key, inode) NOT IN (SELECT snapshot_key, inode FROM net_unix
                                          WHERE snapshot_key IN :snapshot_keys AND isNotNull(inode))
    ) AS socks
      ON socks.snapshot_key = sh.snapshot_key AND socks.pid = sh.pid
  ) AS j
  -- t_matched / u_matched: 1, NULL when no row matched (join_use_nulls; a right-side join key is not usable on 18.16)
  LEFT JOIN (SELECT snapshot_key, inode, family, local_address, local_port, remote_address, remote_port, state_name,
                    1 AS t_matched
             FROM net_tcp WHERE snapshot_key IN :snapshot_keys) AS t
    ON t.snapshot_key = j.snapshot_key AND t.inode = j.inode
) AS k
LEFT JOIN (SELECT snapshot_key, inode, family, local_address, local_port, remote_address, remote_port, state_name,
                  1 AS u_matched
           FROM net_udp WHERE snapshot_key IN :snapshot_keys) AS u
  ON u.snapshot_key = k.snapshot_key AND u.inode = k.inode
GROUP BY k.snapshot_key, k.pid, k.inode
ORDER BY snapshot_key, pid, socket_inode NULLS FIRST
