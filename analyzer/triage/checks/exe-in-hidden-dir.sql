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
