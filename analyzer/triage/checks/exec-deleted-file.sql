-- id: exec-deleted-file
-- title: Executable mapping of a deleted file (library removed after loading)
-- severity: medium
-- mitre: T1070.004
-- why: Code is mapped from a file that has since been unlinked: an injected library deleted after loading
--   leaves only this mapping. The process's own deleted executable is reported by exe-deleted instead.
-- benign: Package upgrades replace libraries under running processes (libc, libssl "(deleted)" until the
--   service restarts: the needrestart / checkrestart case), and so do rebuilt development trees.
SELECT m.pid, s.comm, m.start_hex, m.end_hex, m.perms, m.path
FROM proc_maps m
LEFT JOIN proc_stat s ON s.snapshot_id = m.snapshot_id AND s.pid = m.pid
WHERE m.snapshot_id = :snapshot_id AND m.perm_exec = 1 AND m.path_kind = 'deleted'
  AND m.path IS NOT (SELECT l.target FROM proc_links l
                      WHERE l.snapshot_id = m.snapshot_id AND l.pid = m.pid AND l.name = 'exe')
ORDER BY m.pid, m.line
-- clickhouse:
SELECT x.snapshot_key AS snapshot_key, x.pid AS pid, x.comm AS comm, x.start_hex AS start_hex, x.end_hex AS end_hex,
       x.perms AS perms, x.path AS path
FROM (
  SELECT m.snapshot_key AS snapshot_key, m.pid AS pid, s.comm AS comm, m.start_hex AS start_hex,
         m.end_hex AS end_hex, m.perms AS perms, m.path AS path, m.line AS line
  FROM proc_maps AS m
  LEFT JOIN (SELECT snapshot_key, pid, comm FROM proc_stat WHERE snapshot_key IN :snapshot_keys) AS s
    ON s.snapshot_key = m.snapshot_key AND s.pid = m.pid
  WHERE m.snapshot_key IN :snapshot_keys AND m.perm_exec = 1 AND m.path_kind = 'deleted'
) AS x
LEFT JOIN (SELECT snapshot_key, pid, any(target) AS exe FROM proc_links
           WHERE snapshot_key IN :snapshot_keys AND name = 'exe' GROUP BY snapshot_key, pid) AS e
  ON e.snapshot_key = x.snapshot_key AND e.pid = x.pid
-- SQLite's "path IS NOT exe", NULL-safe (a NULL operand of = is not 0 before ClickHouse 21)
WHERE isNull(x.path) != isNull(e.exe) OR ifNull(x.path != e.exe, 0) = 1
ORDER BY snapshot_key, pid, x.line
