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
SELECT sh.pid, sh.comm, sh.exe, group_concat(socks.fd, ',') AS fds, socks.inode AS socket_inode,
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
ORDER BY sh.pid
