-- id: proc-pid-mount
-- title: Something mounted on top of /proc/<pid> (process hidden from ps)
-- severity: high
-- mitre: T1564
-- why: Bind-mounting an empty directory (or a tmpfs) over /proc/<pid> makes ps, top and most tools stop
--   seeing that process without any kernel module: a one-command way to hide a miner or a backdoor. The
--   mount shows up in mountinfo, which is where this check looks (in every mount namespace captured).
-- benign: None known on a normal host; container runtimes mask files such as /proc/kcore or /proc/keys,
--   never a numeric /proc/<pid> directory.
SELECT m.mount_point, m.fs_type, m.source, m.root, min(m.pid) AS seen_by_pid, count(DISTINCT m.pid) AS seen_by,
       CAST(substr(m.mount_point, 7, CASE WHEN instr(substr(m.mount_point, 7), '/') > 0
                                          THEN instr(substr(m.mount_point, 7), '/') - 1
                                          ELSE length(m.mount_point) END) AS INTEGER) AS hidden_pid
FROM proc_mountinfo m
WHERE m.snapshot_id = :snapshot_id
  AND (m.mount_point GLOB '/proc/[0-9]*' AND NOT substr(m.mount_point, 7) GLOB '*[^0-9]*'
       OR m.mount_point GLOB '/proc/[0-9]*/*' AND NOT substr(m.mount_point, 7, instr(substr(m.mount_point, 7), '/') - 1) GLOB '*[^0-9]*')
GROUP BY m.mount_point, m.fs_type, m.source, m.root
ORDER BY m.mount_point, m.fs_type, m.source, m.root
-- clickhouse:
SELECT m.snapshot_key AS snapshot_key, m.mount_point AS mount_point, m.fs_type AS fs_type, m.source AS source,
       m.root AS root, min(m.pid) AS seen_by_pid, count(DISTINCT m.pid) AS seen_by,
       toInt64(any(extract(m.mount_point, '^/proc/([0-9]+)'))) AS hidden_pid
FROM proc_mountinfo AS m
-- the GLOBs of the SQLite form: /proc/<digits> alone or followed by '/'
WHERE m.snapshot_key IN :snapshot_keys AND match(m.mount_point, '^/proc/[0-9]+(/|$)')
GROUP BY m.snapshot_key, m.mount_point, m.fs_type, m.source, m.root
ORDER BY snapshot_key, mount_point, fs_type NULLS FIRST, source NULLS FIRST, root NULLS FIRST
