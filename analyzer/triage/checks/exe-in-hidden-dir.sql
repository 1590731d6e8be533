-- id: exe-in-hidden-dir
-- title: Executable running from a hidden directory or hidden file
-- severity: medium
-- mitre: T1564.001
-- why: Some component of the executable's path starts with a dot (/tmp/.x/miner, /var/lib/.cache/kworker,
--   ~/.local/.../bin): a classic way to keep a dropped tool out of a casual ls.
-- benign: Per-user tool installs under ~/.local/bin, ~/.cargo/bin, ~/.rustup, ~/.nvm, ~/.vscode-server,
--   ~/.cache (browsers' helpers, IDE servers), AppImage mounts (/tmp/.mount_*). Check the owner and the
--   parent before concluding.
SELECT l.pid, s.comm, l.target AS exe, s.ppid, st.uid_real AS uid
FROM proc_links l
LEFT JOIN proc_stat s ON s.snapshot_id = l.snapshot_id AND s.pid = l.pid
LEFT JOIN proc_status st ON st.snapshot_id = l.snapshot_id AND st.pid = l.pid
WHERE l.snapshot_id = :snapshot_id AND l.name = 'exe' AND l.type <> 'memfd'
  AND l.target LIKE '%/.%' AND l.target NOT LIKE '%/./%' AND l.target NOT LIKE '%/../%'
ORDER BY l.pid
-- clickhouse:
SELECT x.snapshot_key AS snapshot_key, x.pid AS pid, x.comm AS comm, x.exe AS exe, x.ppid AS ppid,
       st.uid_real AS uid
FROM (
  SELECT l.snapshot_key AS snapshot_key, l.pid AS pid, s.comm AS comm, l.target AS exe, s.ppid AS ppid
  FROM proc_links AS l
  LEFT JOIN (SELECT snapshot_key, pid, comm, ppid FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
    ON s.snapshot_key = l.snapshot_key AND s.pid = l.pid
  WHERE l.snapshot_key IN :snapshot_keys AND l.name = 'exe' AND l.type != 'memfd'
    AND l.target LIKE '%/.%' AND l.target NOT LIKE '%/./%' AND l.target NOT LIKE '%/../%'
) AS x
LEFT JOIN (SELECT snapshot_key, pid, uid_real FROM proc_status WHERE snapshot_key IN :snapshot_keys) AS st
  ON st.snapshot_key = x.snapshot_key AND st.pid = x.pid
ORDER BY snapshot_key, pid
